"""The bundled model on this machine: llama.cpp's server with Gemma 3 270M (Q4_K_M).

    python evals/bench/bench_local_model.py

1. Throughput of one tools-mode request on a full-size chunk (the first chunk of
   luolong-2025 at the default max_chars): prompt processing in tokens per second (a
   request cut at one output token, cold cache), then grammar-constrained generation in
   tokens per second (the same request again, its prompt already in llama.cpp's cache).
2. The pipeline on the first two chunks of luolong-2025 at the default max_chars, with the
   output capped (the 270M model repeats itself until the cap): seconds per chunk, calls
   per chunk, completion tokens per second over the extraction.

Needs the ``local`` extra; without it, says so and exits 0 (run_all lists it as skipped).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.load import document_from_text, load_document  # noqa: E402
from summarizer.pipeline import asummarize_document  # noqa: E402
from summarizer.segment import make_chunks, segment  # noqa: E402
from summarizer.settings import DEFAULT_MAX_CHARS, Settings  # noqa: E402
from tests.llm_server import Received, TestServer  # noqa: E402
from tests.local_llm_support import LlamaServer, LocalModelMissing, model_path  # noqa: E402

N_CTX = 8192
# Both cores (llama-cpp-python's default is half of them).
N_THREADS = os.cpu_count() or 1
CHUNKS = 2
MAX_OUTPUT_TOKENS = 256
MODEL = "gemma-3-270m"


def _post(base_url: str, body: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    request = urllib.request.Request(
        f"{base_url}/chat/completions",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    t0 = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as r:
        answer: dict[str, Any] = json.load(r)
    return time.perf_counter() - t0, answer


def _engine_request(text: str) -> dict[str, Any]:
    """The body the engine sends for one chunk (captured from the test server)."""
    server = TestServer().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(
                engine="llm",
                base_url=server.base_url,
                model=MODEL,
                cache_dir=Path(tmp),
                max_output_tokens=MAX_OUTPUT_TOKENS,
            )
            asyncio.run(asummarize_document(document_from_text(text), settings))
        first: Received = server.received[0]
        return {k: v for k, v in first.body.items() if k != "stream"}
    finally:
        server.stop()


def main() -> None:
    try:
        path = model_path()
    except LocalModelMissing as exc:
        print(f"skipped: {exc}")
        return
    full = load_document(ROOT / "evals/reports/luolong-2025.txt")
    chunks = make_chunks(full, segment(full), max_chars=DEFAULT_MAX_CHARS, split_roles=False)
    opening = document_from_text(full.text[: chunks[CHUNKS - 1].end], "luolong-2025-opening")
    body = _engine_request(chunks[0].text)

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        server = LlamaServer(path, n_ctx=N_CTX, n_threads=N_THREADS).start(Path(tmp))
        startup_s = time.perf_counter() - t0
        try:
            prefill_s, cut = _post(server.base_url, {**body, "max_tokens": 1})
            full_s, answered = _post(server.base_url, body)
            prompt_tokens = cut["usage"]["prompt_tokens"]
            generated = answered["usage"]["completion_tokens"]
            print(f"server start: {startup_s:.1f} s (n_ctx={N_CTX}, chat_format gemma)")
            print(
                f"1. one request on a {len(chunks[0].text)}-char chunk: {prompt_tokens} prompt "
                f"tokens in {prefill_s:.2f} s = {prompt_tokens / prefill_s:.0f} tokens/s "
                f"(prompt processing); {generated} tokens generated in {full_s:.2f} s = "
                f"{generated / full_s:.1f} tokens/s (grammar-constrained, prompt cached)"
            )

            settings = Settings(
                engine="llm",
                base_url=server.base_url,
                model=MODEL,
                max_output_tokens=MAX_OUTPUT_TOKENS,
                concurrency=1,
                timeout_s=600,
                cache=False,
            )
            summary = asyncio.run(asummarize_document(opening, settings))
        finally:
            server.stop()
    run = summary.run
    usage = run.usage
    extract_s = run.timings.extract_s
    print(
        f"2. pipeline on {run.chunks} chunks ({len(opening.text)} chars): "
        f"{extract_s / run.chunks:.1f} s per chunk; recorded usage (failed chunks included) "
        f"{usage.calls} calls, {usage.prompt_tokens} prompt + {usage.completion_tokens} "
        f"completion tokens; "
        f"{len(summary.items)} items kept, {run.dropped_ungrounded} dropped as ungrounded, "
        f"{len(run.failed_chunks)} chunks failed"
    )
    for failed in run.failed_chunks:
        print(f"   failed {failed.chunk_id}: {failed.error}")
    print(
        f"cpu_count={os.cpu_count()} python={sys.version.split()[0]} mode={run.mode} "
        f"max_chars={DEFAULT_MAX_CHARS} max_output_tokens={MAX_OUTPUT_TOKENS} "
        f"max_reasks={settings.max_reasks} n_threads={N_THREADS}"
    )


if __name__ == "__main__":
    main()
