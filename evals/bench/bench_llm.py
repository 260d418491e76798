"""LLM engine speed and cost, against the local test server (tests/llm_server.py).

    python evals/bench/bench_llm.py

1. Concurrency efficiency: the pipeline on N=16 chunks, every answer delayed 200 ms by the
   server, at concurrency 1, 4, 8, 16: extraction wall time ÷ ideal, where ideal is
   ceil(N/c) × 200 ms (issue 3: concurrency 8 within 1.25×).
2. Client-side overhead per call, at 0 ms latency, one call at a time: the engine's call
   (prompt rendering, openai client, instructor, validation, grounding, usage) minus a raw
   HTTP round trip carrying the same request body (target < 5 ms). The openai client alone
   is shown in between.
3. Prompt overhead: characters sent to the model over all calls of a report ÷ characters
   of the report, for the five bundled reports at the default chunk size and two others,
   and the share of each request that is a static prefix (system prompt + tool schema)
   that a server with prefix caching can reuse (issue 3: ≤ 1.8 at the defaults). With the
   llama.cpp tokenizer of the bundled model (the ``local`` extra), the same in tokens.

Characters sent = message contents + the tool definition as JSON (how a chat template
renders it; the HTTP body itself adds JSON quoting).
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
REPORTS = sorted((ROOT / "evals" / "reports").glob("*.txt"))
sys.path.insert(0, str(ROOT))

from summarizer.core.types import Document  # noqa: E402
from summarizer.load import document_from_text, load_document  # noqa: E402
from summarizer.pipeline import asummarize_document  # noqa: E402
from summarizer.segment import make_chunks, segment  # noqa: E402
from summarizer.settings import DEFAULT_MAX_CHARS, LLM_MAX_CHARS, Settings  # noqa: E402
from tests.llm_server import Received, Step, TestServer, first_sentence_items  # noqa: E402

N_CHUNKS = 16
LATENCY_S = 0.2
CONCURRENCIES = (1, 4, 8, 16)
REPEATS = 3
OVERHEAD_CALLS = 200
CHUNK_SIZES = (LLM_MAX_CHARS["zh"], 2400, DEFAULT_MAX_CHARS)


# The test server in a process of its own for the timings: in real use the server is
# another machine, and its threads must not compete with the client for the GIL.
_SERVE = """
import sys
from tests.llm_server import Step, TestServer, first_sentence_items
delay = float(sys.argv[1])
server = TestServer(lambda body: Step.answer(first_sentence_items(body), delay)).start()
print(server.base_url, flush=True)
sys.stdin.read()
"""


# A perfect model under constrained decoding (tests/test_saturation.py): every labeled
# item in the chunk, at most the schema's maxItems, cut past max_tokens.
_SERVE_PERFECT = """
import sys
from tests.llm_server import TestServer
from tests.test_saturation import _perfect
delay = float(sys.argv[1])
perfect = _perfect(constrained=True)
def answer(body):
    step = perfect(body)
    step.delay_s = delay
    return step
server = TestServer(answer).start()
print(server.base_url, flush=True)
sys.stdin.read()
"""


@contextlib.contextmanager
def server_process(latency_s: float, script: str = _SERVE) -> Iterator[str]:
    """A test server answering every request after ``latency_s``; yields its base URL."""
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(latency_s)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    try:
        yield proc.stdout.readline().strip()
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)


def _settings(base_url: str, **changes: Any) -> Settings:
    return Settings(engine="llm", base_url=base_url, model="test-model", cache=False).with_(
        **changes
    )


def sixteen_chunks() -> Document:
    """The opening of luolong-2025 that makes exactly N_CHUNKS chunks at 800 characters."""
    full = load_document(ROOT / "evals/reports/luolong-2025.txt")
    chunks = make_chunks(full, segment(full), max_chars=800, split_roles=True)
    return document_from_text(full.text[: chunks[N_CHUNKS - 1].end], "luolong-2025-opening")


def concurrency_efficiency() -> None:
    document = sixteen_chunks()
    with server_process(LATENCY_S) as base_url:
        asyncio.run(asummarize_document(document, _settings(base_url, max_chars=800)))  # warm-up
        print(
            f"1. concurrency efficiency: N={N_CHUNKS} chunks, {LATENCY_S * 1000:.0f} ms latency, "
            f"best of {REPEATS}"
        )
        for c in CONCURRENCIES:
            settings = _settings(base_url, max_chars=800, concurrency=c)
            walls = []
            for _ in range(REPEATS):
                summary = asyncio.run(asummarize_document(document, settings))
                assert summary.run.chunks == N_CHUNKS and not summary.run.failed_chunks
                walls.append(summary.run.timings.extract_s)
            ideal = math.ceil(N_CHUNKS / c) * LATENCY_S
            wall = min(walls)
            print(
                f"   concurrency {c:>2}: wall {wall * 1000:7.1f} ms, ideal {ideal * 1000:6.0f} ms, "
                f"ratio {wall / ideal:.3f}  (median {statistics.median(walls) / ideal:.3f})"
            )


def concurrency_with_splits() -> None:
    """Wall ÷ ideal at concurrency 8 when answers saturate and chunks split: the five
    reports at the old 3,600-character budget (chunks of 44–100 labeled items, so most
    answers reach the cap and split) and at the default. Ideal: the calls in full waves
    of 8, but never fewer waves than the longest chain of splits (a half waits for its
    parent's answer)."""
    print(
        f"3. concurrency 8 with splits: a perfect constrained model, {LATENCY_S * 1000:.0f} ms "
        "latency, the five reports one after another, best of 2"
    )
    with server_process(LATENCY_S, _SERVE_PERFECT) as base_url:
        for max_chars in (None, DEFAULT_MAX_CHARS):
            total_wall = total_ideal = 0.0
            calls = splits = 0
            for path in REPORTS:
                document = load_document(path)
                settings = _settings(base_url, max_chars=max_chars, concurrency=8)
                walls = []
                for _ in range(2):
                    summary = asyncio.run(asummarize_document(document, settings))
                    assert not summary.run.failed_chunks
                    walls.append(summary.run.timings.extract_s)
                usage = summary.run.usage
                # A split needs at least two rounds (the parent, then its halves): a lower
                # bound on the chain, so the ratio errs against us.
                waves = max(math.ceil(usage.calls / 8), 2 if usage.splits else 1)
                total_wall += min(walls)
                total_ideal += waves * LATENCY_S
                calls += usage.calls
                splits += usage.splits
            label = f"max_chars {max_chars}" if max_chars else "default budget"
            print(
                f"   {label}: {calls} calls, {splits} splits, wall {total_wall:.2f} s, "
                f"ideal {total_ideal:.2f} s, ratio {total_wall / total_ideal:.3f}"
            )


def _raw_round_trip(base_url: str, body: bytes, calls: int) -> float:
    host, port = base_url.removeprefix("http://").split("/")[0].split(":")
    conn = http.client.HTTPConnection(host, int(port))
    headers = {"Content-Type": "application/json"}
    conn.request("POST", "/v1/chat/completions", body, headers)  # connection set up
    conn.getresponse().read()
    t0 = time.perf_counter()
    for _ in range(calls):
        conn.request("POST", "/v1/chat/completions", body, headers)
        conn.getresponse().read()
    elapsed = time.perf_counter() - t0
    conn.close()
    return elapsed / calls


async def _openai_calls(base_url: str, body: dict[str, Any], calls: int) -> float:
    import openai

    client = openai.AsyncOpenAI(api_key="not-needed", base_url=base_url, max_retries=0)
    await client.chat.completions.create(**body)  # connection set up
    t0 = time.perf_counter()
    for _ in range(calls):
        await client.chat.completions.create(**body)
    elapsed = time.perf_counter() - t0
    await client.close()
    return elapsed / calls


async def _engine_calls(base_url: str, document: Document, calls: int) -> float:
    from summarizer.core.types import DocumentContext
    from summarizer.engines.llm import LLMEngine

    engine = LLMEngine(_settings(base_url))
    chunks = make_chunks(document, segment(document), max_chars=800, split_roles=False)
    context = DocumentContext(title="政府工作报告")
    await engine.extract(chunks[0], context)  # provider and connection set up
    t0 = time.perf_counter()
    for i in range(calls):
        extraction = await engine.extract(chunks[i % len(chunks)], context)
        assert extraction.items and extraction.usage.calls == 1
    return (time.perf_counter() - t0) / max(calls, 1)


def _one_request_body(document: Document) -> dict[str, Any]:
    """The body the engine sends for the document's first chunk, as a server received it."""
    server = TestServer().start()
    try:
        asyncio.run(_engine_calls(server.base_url, document, 0))
        return {k: v for k, v in server.received[-1].body.items() if k != "stream"}
    finally:
        server.stop()


def client_overhead() -> None:
    document = sixteen_chunks()
    body = _one_request_body(document)
    with server_process(0.0) as base_url:
        engine_s = asyncio.run(_engine_calls(base_url, document, OVERHEAD_CALLS))
        openai_s = asyncio.run(_openai_calls(base_url, body, OVERHEAD_CALLS))
        raw_s = _raw_round_trip(base_url, json.dumps(body).encode(), OVERHEAD_CALLS)
    print(f"2. client-side overhead per call, 0 ms latency, {OVERHEAD_CALLS} sequential calls")
    print(f"   raw HTTP round trip (http.client):             {raw_s * 1000:6.2f} ms")
    print(f"   openai client alone:                           {openai_s * 1000:6.2f} ms")
    print(f"   engine call (instructor, validation, grounding): {engine_s * 1000:4.2f} ms")
    print(
        f"   overhead = engine - raw: {(engine_s - raw_s) * 1000:.2f} ms "
        f"(of which openai client {(openai_s - raw_s) * 1000:.2f} ms, "
        f"instructor + validation + grounding + prompt {(engine_s - openai_s) * 1000:.2f} ms); "
        "target < 5 ms"
    )


def _request_parts(received: Received) -> tuple[str, str]:
    """(static prefix, per-chunk rest) of one request as the model reads it."""
    messages = received.body["messages"]
    system = "".join(str(m["content"]) for m in messages if m["role"] == "system")
    # The schema travels as the tool definition (tools), as the response format
    # (json_schema) or inside the system message (md_json).
    schema = received.body.get("tools") or received.body.get("response_format")
    schema_text = json.dumps(schema, ensure_ascii=False) if schema else ""
    rest = "".join(str(m["content"]) for m in messages if m["role"] != "system")
    return system + schema_text, rest


def _tokenizer() -> Any | None:
    try:
        from tests.local_llm_support import LocalModelMissing, model_path
    except ImportError:
        return None
    try:
        path = model_path()
        from llama_cpp import Llama
    except (LocalModelMissing, ImportError):
        return None
    llama = Llama(model_path=str(path), vocab_only=True, verbose=False)
    return lambda text: len(llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))


def prompt_overhead() -> None:
    count_tokens = _tokenizer()
    server = TestServer().start()
    documents = [load_document(p) for p in REPORTS]
    try:
        print(
            "3. prompt overhead: characters sent over all calls ÷ report characters; static "
            "prefix = system prompt + schema (tools mode unless said)"
        )
        if count_tokens is None:
            print("   (tokens: skipped, the 'local' extra is not installed)")
        for max_chars in CHUNK_SIZES:
            default = " (default)" if max_chars == LLM_MAX_CHARS["zh"] else ""
            print(f"   max_chars={max_chars}{default}:")
            ratios: list[float] = []
            token_ratios: list[float] = []
            for document in documents:
                with tempfile.TemporaryDirectory() as tmp:
                    settings = _settings(server.base_url, max_chars=max_chars, cache_dir=Path(tmp))
                    first = len(server.received)
                    summary = asyncio.run(asummarize_document(document, settings))
                requests = server.received[first:]
                parts = [_request_parts(r) for r in requests]
                sent = sum(len(s) + len(r) for s, r in parts)
                static = sum(len(s) for s, _ in parts)
                ratio = sent / len(document.text)
                ratios.append(ratio)
                line = (
                    f"     {document.source.rsplit('/', 1)[-1]:<28} {len(document.text):>6} chars, "
                    f"{summary.run.chunks} calls, sent {sent:>6} chars = {ratio:.2f}×, "
                    f"static prefix {static / sent:.0%} of each request on average"
                )
                if count_tokens is not None:
                    sent_tokens = sum(count_tokens(s) + count_tokens(r) for s, r in parts)
                    token_ratio = sent_tokens / count_tokens(document.text)
                    token_ratios.append(token_ratio)
                    line += f"; tokens {sent_tokens} = {token_ratio:.2f}×"
                print(line)
            summary_line = f"     mean {statistics.mean(ratios):.2f}× characters"
            if token_ratios:
                summary_line += f", {statistics.mean(token_ratios):.2f}× tokens"
            print(summary_line)
        if requests:
            static_part, _ = _request_parts(requests[0])
            system_chars = sum(
                len(str(m["content"]))
                for m in requests[0].body["messages"]
                if m["role"] == "system"
            )
            line = (
                f"   per request: system prompt {system_chars} chars, tool schema "
                f"{len(static_part) - system_chars} chars"
            )
            if count_tokens is not None:
                line += f"; static prefix {count_tokens(static_part)} tokens"
            print(line)
    finally:
        server.stop()


def prompt_overhead_other_modes() -> None:
    """The default of DeepSeek (md_json) and Ollama (json_schema), at the default size."""
    documents = [load_document(p) for p in REPORTS]
    for mode, fence in (("json_schema", False), ("md_json", True)):
        server = TestServer(
            lambda body, fence=fence: Step.answer(first_sentence_items(body), fence=fence)
        ).start()
        ratios: list[float] = []
        static_shares: list[float] = []
        try:
            for document in documents:
                with tempfile.TemporaryDirectory() as tmp:
                    settings = _settings(server.base_url, mode=mode, cache_dir=Path(tmp))
                    first = len(server.received)
                    asyncio.run(asummarize_document(document, settings))
                parts = [_request_parts(r) for r in server.received[first:]]
                sent = sum(len(a) + len(b) for a, b in parts)
                ratios.append(sent / len(document.text))
                static_shares.append(sum(len(a) for a, _ in parts) / sent)
        finally:
            server.stop()
        print(
            f"   mode {mode} at max_chars={LLM_MAX_CHARS['zh']}: "
            f"{' '.join(f'{r:.2f}' for r in ratios)} → mean {statistics.mean(ratios):.2f}× "
            f"characters, static prefix {statistics.mean(static_shares):.0%}"
        )


def main() -> None:
    concurrency_efficiency()
    concurrency_with_splits()
    client_overhead()
    prompt_overhead()
    prompt_overhead_other_modes()
    print(
        f"cpu_count={os.cpu_count()} python={sys.version.split()[0]} mode=tools "
        f"N={N_CHUNKS} latency={LATENCY_S * 1000:.0f}ms repeats={REPEATS}"
    )


if __name__ == "__main__":
    main()
