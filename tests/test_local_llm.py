"""The whole path against a real model: llama.cpp's OpenAI-compatible server with the
bundled Gemma 3 270M (marker ``local_llm``; needs the ``local`` extra).

The server starts once per module. Between the client and the server a recording proxy
keeps every answer as the model gave it, so the tests can check that what the run kept,
dropped and merged adds up to what the model said. The report is a short excerpt of a
bundled report cut into two chunks: one the model answers with invented quotes (dropped
and counted), one it answers with a verbatim quote (kept).

Without the extra these tests skip locally and fail in CI (``CI`` set).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.core.summary import ReportSummary
from summarizer.core.types import Document
from summarizer.load import document_from_text
from summarizer.postprocess.locate import normalize
from summarizer.settings import Settings
from tests.conftest import REPORTS_DIR, RunCli
from tests.llm_server import chunk_text_of
from tests.local_llm_support import (
    Exchange,
    LlamaServer,
    LocalModelMissing,
    RecordingProxy,
    in_ci,
    model_path,
)
from tests.output_support import validate_summary

pytestmark = pytest.mark.local_llm

# Small enough that the two chunks below stay two, and that an answer stuck in a loop is
# cut off (and its chunk split) within seconds on two cores.
MAX_CHARS = 300
MAX_OUTPUT_TOKENS = 200
MODEL = "gemma-3-270m"


def excerpt() -> str:
    """luolong-2025's title, its problems paragraph, the plan heading and the targets."""
    lines = (REPORTS_DIR / "luolong-2025.txt").read_text("utf-8").split("\n")
    picked = [
        lines[0],
        next(line for line in lines if line.startswith("在看到成绩的同时")),
        "2025年重点工作",
        next(line for line in lines if line.startswith("2025年工作的主要预期目标是")),
    ]
    return "\n\n".join(picked) + "\n"


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    try:
        model = model_path()
    except LocalModelMissing as exc:
        if in_ci():
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    server = LlamaServer(model).start(tmp_path_factory.mktemp("llama"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def proxy(llama_server: LlamaServer) -> Iterator[RecordingProxy]:
    recorder = RecordingProxy(llama_server.base_url).start()
    yield recorder
    recorder.stop()


@pytest.fixture(scope="module")
def document() -> Document:
    return document_from_text(excerpt(), source="luolong-2025-excerpt.txt")


@pytest.fixture(scope="module")
def summary(proxy: RecordingProxy, document: Document) -> ReportSummary:
    # No mode given: the default for a loopback llama.cpp server is what is under test.
    settings = Settings(
        engine="llm",
        base_url=proxy.base_url,
        model=MODEL,
        max_chars=MAX_CHARS,
        max_output_tokens=MAX_OUTPUT_TOKENS,
        concurrency=1,
        timeout_s=120,
        cache=False,
    )
    from summarizer.pipeline import asummarize

    return asyncio.run(asummarize(document, settings))


def final_answers(exchanges: list[Exchange]) -> dict[str, Exchange]:
    """The last exchange per chunk text: the answer the engine kept or dropped items of
    (earlier ones were re-asked)."""
    last: dict[str, Exchange] = {}
    for exchange in exchanges:
        last[chunk_text_of(exchange.request)] = exchange
    return last


def is_in(text: str, quote: str) -> bool:
    return bool(quote) and normalize(quote) in normalize(text)


def test_the_run_completes_in_tools_mode(summary: ReportSummary, proxy: RecordingProxy) -> None:
    assert summary.run.engine == "llm" and summary.run.mode == "tools"
    assert summary.run.chunks == 2
    assert summary.run.failed_chunks == [], [f.error for f in summary.run.failed_chunks]
    assert proxy.exchanges and all(e.status == 200 for e in proxy.exchanges)
    # tools mode: the server constrains the answer with the tool's JSON schema.
    assert all(e.request["tools"] for e in proxy.exchanges)
    assert all(e.answer_items is not None for e in final_answers(proxy.exchanges).values())


def test_output_validates_against_the_exported_schema(summary: ReportSummary) -> None:
    validate_summary(json.loads(summary.model_dump_json()))


def test_usage_is_the_servers_token_count(summary: ReportSummary, proxy: RecordingProxy) -> None:
    usage = summary.run.usage
    served: list[dict[str, Any]] = [e.response["usage"] for e in proxy.exchanges]
    assert usage.calls == len(proxy.exchanges)
    assert usage.prompt_tokens == sum(u["prompt_tokens"] for u in served) > 0
    assert usage.completion_tokens == sum(u["completion_tokens"] for u in served) > 0
    assert usage.prompt_chars > 0 and usage.latency_s > 0


def test_kept_items_are_grounded_at_their_span(summary: ReportSummary, document: Document) -> None:
    assert summary.items
    for item in summary.items:
        assert document.span_text[item.start : item.end] == item.quote


def test_every_answer_item_is_kept_dropped_or_merged(
    summary: ReportSummary, proxy: RecordingProxy
) -> None:
    answers = final_answers(proxy.exchanges)
    answered = [(text, e.answer_items or []) for text, e in answers.items()]
    returned = sum(len(items) for _, items in answered)
    invented = sum(1 for text, items in answered for i in items if not is_in(text, i["quote"]))
    run = summary.run
    # The 270M model invents quotes here; the run must drop them and say how many.
    assert invented > 0
    assert run.dropped_ungrounded == invented
    assert returned == len(summary.items) + run.dropped_ungrounded + run.merged_duplicates


def test_cli_with_a_local_base_url(
    llama_server: LlamaServer, run_cli: RunCli, tmp_path: Path
) -> None:
    report = tmp_path / "luolong-2025-excerpt.txt"
    report.write_text(excerpt(), encoding="utf-8")
    out = tmp_path / "summary.json"
    proc = run_cli(
        "summarize",
        str(report),
        "--format",
        "json",
        "-o",
        str(out),
        env={
            "SUMMARIZER_BASE_URL": llama_server.base_url,
            "SUMMARIZER_MODEL": MODEL,
            "SUMMARIZER_MAX_CHARS": str(MAX_CHARS),
            "SUMMARIZER_MAX_OUTPUT_TOKENS": str(MAX_OUTPUT_TOKENS),
            "SUMMARIZER_CONCURRENCY": "1",
        },
        timeout=150,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text("utf-8"))
    validate_summary(data)
    run = data["run"]
    assert run["engine"] == "llm" and run["mode"] == "tools" and run["base_url_host"] == "127.0.0.1"
    assert run["usage"]["prompt_tokens"] > 0 and run["usage"]["completion_tokens"] > 0
    text = document_from_text(excerpt()).text
    quotes = [i["quote"] for key in ("goals", "achievements", "problems") for i in data[key]]
    assert all(is_in(text, q) for q in quotes)
    assert not re.search(r"Traceback", proc.stderr)
