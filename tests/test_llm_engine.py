"""The LLM engine over real HTTP against the local test server (tests/llm_server.py)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.core.types import Chunk, DocumentContext
from summarizer.engines.llm import LLMEngine
from summarizer.errors import AuthenticationError, CacheMissError, ConfigurationError
from summarizer.load import load_document
from summarizer.pipeline import asummarize
from summarizer.settings import Settings
from tests.conftest import RunCli
from tests.llm_server import Step, TestServer

SECRET = "sk-test-SECRET-never-shown-0123456789"
TEXT = "全年完成投资12亿元，新建学校3所。开工建设洛波公路。"
CHUNK = Chunk("c000", 0, TEXT, 0, len(TEXT), ("2024年工作回顾",), "review")
CONTEXT = DocumentContext(title="政府工作报告")
GOOD = [
    {"category": "achievement", "statement": "全年完成投资12亿元", "quote": "全年完成投资12亿元"}
]
BAD_QUOTE = [{"category": "achievement", "statement": "全年投资", "quote": "全年投资创历史新高"}]


@pytest.fixture
def server() -> Iterator[TestServer]:
    srv = TestServer().start()
    yield srv
    srv.stop()


def _settings(server: TestServer, tmp_path: Path, **changes: object) -> Settings:
    base = Settings(
        engine="llm",
        base_url=server.base_url,
        model="test-model",
        api_key=SECRET,
        cache_dir=tmp_path / "cache",
        backoff_s=0.01,
        max_retries=3,
        timeout_s=5,
    )
    return base.with_(**changes)


def _run(engine: LLMEngine):  # type: ignore[no-untyped-def]
    return asyncio.run(engine.extract(CHUNK, CONTEXT))


def test_tool_call_answer(server: TestServer, tmp_path: Path) -> None:
    server.script(Step.answer(GOOD))
    result = _run(LLMEngine(_settings(server, tmp_path)))
    assert [i.quote for i in result.items] == ["全年完成投资12亿元"]
    assert result.usage.calls == 1 and result.usage.prompt_tokens == 100
    body = server.received[0].body
    assert body["tools"] and body["model"] == "test-model"
    # Static text first: the system prompt leads, the chunk text comes last.
    assert body["messages"][0]["role"] == "system" and TEXT in body["messages"][-1]["content"]


@pytest.mark.parametrize(
    ("mode", "fence"), [("json_schema", False), ("md_json", True), ("json", False)]
)
def test_json_content_modes(server: TestServer, tmp_path: Path, mode: str, fence: bool) -> None:
    server.script(Step.answer(GOOD, fence=fence))
    result = _run(LLMEngine(_settings(server, tmp_path, mode=mode)))
    assert [i.quote for i in result.items] == ["全年完成投资12亿元"]
    assert "tools" not in server.received[0].body


def test_retry_after_is_honoured(server: TestServer, tmp_path: Path) -> None:
    server.script(Step.http_status(429, {"Retry-After": "1"}), Step.answer(GOOD))
    result = _run(LLMEngine(_settings(server, tmp_path)))
    first, second = server.received
    assert second.at - first.at >= 0.95
    assert result.usage.calls == 2 and result.usage.retries == 1 and result.items


@pytest.mark.parametrize("fault", [Step.http_status(500), Step.http_status(503), Step.drop()])
def test_transient_faults_are_retried(server: TestServer, tmp_path: Path, fault: Step) -> None:
    server.script(fault, fault, Step.answer(GOOD))
    result = _run(LLMEngine(_settings(server, tmp_path)))
    assert len(server.received) == 3 and result.usage.calls == 3 and result.items


def test_slow_answer_times_out_then_retries(server: TestServer, tmp_path: Path) -> None:
    server.script(Step.answer(GOOD, delay_s=2.0), Step.answer(GOOD))
    result = _run(LLMEngine(_settings(server, tmp_path, timeout_s=0.5)))
    assert len(server.received) == 2 and result.items


@pytest.mark.parametrize(("status", "needle"), [(401, "OPENAI_API_KEY"), (404, "model name")])
def test_fatal_status_fails_fast_with_actionable_message(
    server: TestServer, tmp_path: Path, status: int, needle: str
) -> None:
    server.script(Step.http_status(status))
    with pytest.raises(Exception) as err:
        _run(LLMEngine(_settings(server, tmp_path)))
    assert len(server.received) == 1
    assert needle in str(err.value) and SECRET not in str(err.value)
    assert getattr(err.value, "exit_code", None) == 4
    if status == 401:
        assert isinstance(err.value, AuthenticationError)


def test_reask_carries_the_validation_error(server: TestServer, tmp_path: Path) -> None:
    server.script(Step.answer(BAD_QUOTE), Step.answer(GOOD))
    result = _run(LLMEngine(_settings(server, tmp_path)))
    assert len(server.received) == 2
    reask = server.received[1].all_text
    assert "not verbatim" in reask and "全年投资创历史新高" in reask
    assert result.items and result.dropped_ungrounded == 0
    assert result.usage.calls == 2 and result.usage.prompt_tokens == 200


def test_still_ungrounded_items_are_dropped_and_counted(server: TestServer, tmp_path: Path) -> None:
    mixed = GOOD + BAD_QUOTE
    server.script(Step.answer(mixed), Step.answer(mixed), Step.answer(mixed))
    result = _run(LLMEngine(_settings(server, tmp_path, max_reasks=2)))
    assert len(server.received) == 3
    assert [i.quote for i in result.items] == ["全年完成投资12亿元"]
    assert result.dropped_ungrounded == 1


def test_malformed_json_is_reasked(server: TestServer, tmp_path: Path) -> None:
    server.script(Step.malformed(), Step.answer(GOOD))
    result = _run(LLMEngine(_settings(server, tmp_path)))
    assert len(server.received) == 2 and result.items


def test_schema_invalid_answer_is_reasked(server: TestServer, tmp_path: Path) -> None:
    invalid = [{"category": "wish", "statement": "x", "quote": "全年完成投资12亿元", "extra": 1}]
    server.script(Step.answer(invalid), Step.answer(GOOD))
    result = _run(LLMEngine(_settings(server, tmp_path)))
    assert len(server.received) == 2 and result.items


def test_length_splits_the_chunk(server: TestServer, tmp_path: Path) -> None:
    server.script(Step.length())
    result = _run(LLMEngine(_settings(server, tmp_path)))
    # One truncated call, then one call per half, at once (default answers quote each
    # half's start).
    assert len(server.received) == 3
    halves = sorted(r.user_text for r in server.received[1:])
    assert any("全年完成投资12亿元" in h and "洛波公路" not in h for h in halves)
    assert any("开工建设洛波公路" in h and "12亿元" not in h for h in halves)
    assert result.usage.calls == 3 and result.items
    assert (result.usage.cut_off, result.usage.splits) == (1, 1)


def test_answer_cut_at_the_token_limit_splits_even_without_finish_reason_length(
    server: TestServer, tmp_path: Path
) -> None:
    # llama.cpp's server reports a forced tool call as finish_reason=tool_calls however it
    # ended: an answer that used every output token allowed was cut, and is not re-asked.
    server.completion_tokens = 50
    server.script(Step.malformed())
    result = _run(LLMEngine(_settings(server, tmp_path, max_output_tokens=50)))
    assert len(server.received) == 3
    assert "not verbatim" not in server.received[1].all_text
    assert result.usage.calls == 3 and result.items


def test_cache_hit_avoids_the_call_and_offline_miss_fails(
    server: TestServer, tmp_path: Path
) -> None:
    settings = _settings(server, tmp_path)
    server.script(Step.answer(GOOD))
    _run(LLMEngine(settings))
    again = _run(LLMEngine(settings))
    assert len(server.received) == 1 and again.usage.cache_hits == 1 and again.items
    offline = _run(LLMEngine(settings.with_(offline=True)))
    assert offline.usage.cache_hits == 1
    other = Chunk("c001", 1, "另一段文字。", 0, 6, (), "plan")
    with pytest.raises(CacheMissError, match="c001"):
        asyncio.run(LLMEngine(settings.with_(offline=True)).extract(other, CONTEXT))
    assert len(server.received) == 1
    cache_bytes = (tmp_path / "cache" / "responses.sqlite3").read_bytes()
    assert SECRET.encode() not in cache_bytes


@pytest.mark.parametrize(
    "extra",
    [{"prompt_tokens_details": {"cached_tokens": 64}}, {"prompt_cache_hit_tokens": 64}],
)
def test_cached_tokens_are_recorded(
    server: TestServer, tmp_path: Path, extra: dict[str, object]
) -> None:
    # OpenAI's field, and DeepSeek's own.
    server.usage_extra = extra
    result = _run(LLMEngine(_settings(server, tmp_path)))
    assert result.usage.cached_tokens == 64


@pytest.mark.parametrize(
    ("base_url", "mode"),
    [
        (None, "tools"),
        ("https://dashscope.aliyuncs.com/compatible-mode/v1", "tools"),
        ("http://127.0.0.1:8000/v1", "tools"),
        ("https://api.deepseek.com", "md_json"),
        ("http://localhost:11434/v1", "json_schema"),
    ],
)
def test_default_mode_follows_the_server(base_url: str | None, mode: str) -> None:
    settings = Settings(engine="llm", base_url=base_url, api_key=SECRET, cache=False)
    assert LLMEngine(settings).info.mode == mode
    assert LLMEngine(settings.with_(mode="tools")).info.mode == "tools"


def test_no_key_no_server_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="OPENAI_API_KEY"):
        LLMEngine(Settings(engine="llm"))


def test_failed_chunk_is_isolated_and_order_kept(server: TestServer, tmp_path: Path) -> None:
    from tests.llm_server import first_sentence_items

    def answers(body: dict[str, object]) -> Step:
        text = json.dumps(body, ensure_ascii=False)
        if "2025年重点工作" in text and "力争" in text:
            return Step.http_status(500)
        return Step.answer(first_sentence_items(body), delay_s=0.05)

    server.default = answers
    settings = _settings(server, tmp_path, max_chars=400, concurrency=4, max_retries=1)
    summary = asyncio.run(asummarize("evals/reports/luolong-2025.txt", settings))
    assert summary.run.failed_chunks and summary.items
    starts = [i.start for i in summary.items]
    assert starts == sorted(starts)
    assert all("500" in f.error for f in summary.run.failed_chunks)


def test_cli_partial_exit_3_names_chunks_and_never_shows_key(
    server: TestServer, run_cli: RunCli, tmp_path: Path
) -> None:
    from tests.llm_server import chunk_text_of, first_sentence_items

    def answers(body: dict[str, object]) -> Step:
        # The chunk's text, not the whole request: the system prompt has 力争 too, and
        # every chunk failing is no partial run.
        if "力争" in chunk_text_of(body):
            return Step.http_status(503)
        return Step.answer(first_sentence_items(body))

    server.default = answers
    env = {
        "SUMMARIZER_BASE_URL": server.base_url,
        "OPENAI_API_KEY": SECRET,
        "SUMMARIZER_MODEL": "m",
    }
    result = run_cli(
        "summarize",
        "evals/reports/luolong-2025.txt",
        "--format",
        "json",
        "--max-chars",
        "600",
        env=env | {"SUMMARIZER_TIMEOUT": "5"},
    )
    assert result.returncode == 3, result.stderr
    assert "partial" in result.stderr and "failed chunks" in result.stderr
    assert SECRET not in result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["run"]["failed_chunks"] and data["run"]["engine"] == "llm"
    assert data["run"]["prompt_hash"] and data["run"]["schema_hash"]


def test_cli_401_exit_4(server: TestServer, run_cli: RunCli) -> None:
    server.default = lambda body: Step.http_status(401)
    env = {"SUMMARIZER_BASE_URL": server.base_url, "OPENAI_API_KEY": SECRET}
    result = run_cli("summarize", "evals/reports/luolong-2025.txt", env=env)
    assert result.returncode == 4
    assert "OPENAI_API_KEY" in result.stderr and SECRET not in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_unreachable_server_exit_4(run_cli: RunCli) -> None:
    env = {"SUMMARIZER_BASE_URL": "http://127.0.0.1:9/v1", "SUMMARIZER_TIMEOUT": "2"}
    started = time.monotonic()
    result = run_cli("summarize", "evals/reports/luolong-2025.txt", env=env)
    assert result.returncode == 4, result.stderr
    assert "cannot connect" in result.stderr
    assert time.monotonic() - started < 60


def test_cli_engine_llm_without_key_exit_4(run_cli: RunCli) -> None:
    result = run_cli("summarize", "evals/reports/luolong-2025.txt", "--engine", "llm")
    assert result.returncode == 4 and "OPENAI_API_KEY" in result.stderr


def test_fatal_error_stops_the_requests_in_flight(server: TestServer, tmp_path: Path) -> None:
    server.default = lambda body: Step.http_status(401)
    settings = _settings(server, tmp_path, max_chars=400, concurrency=4)

    async def inside_a_long_lived_loop() -> int:
        with pytest.raises(AuthenticationError):
            await asummarize("evals/reports/luolong-2025.txt", settings)
        # The loop goes on: requests already sent may still land, no new one may start.
        await asyncio.sleep(0.5)
        return len(server.received)

    # 40 chunks at this size; one refusal ends the report within one round of 4.
    assert asyncio.run(inside_a_long_lived_loop()) <= 4


def test_usage_of_a_failed_chunk_is_counted(server: TestServer, tmp_path: Path) -> None:
    # Every answer malformed: the chunk fails after its re-asks, and what they cost shows.
    server.default = lambda body: Step.malformed()
    settings = _settings(server, tmp_path, max_reasks=2)
    summary = asyncio.run(asummarize(TEXT, settings))
    assert [f.chunk_id for f in summary.run.failed_chunks] == ["c000"]
    assert len(server.received) == 3
    usage = summary.run.usage
    assert usage.calls == 3 and usage.prompt_tokens == 300 and usage.completion_tokens > 0


def test_concurrency_is_bounded_and_order_is_the_documents(
    server: TestServer, tmp_path: Path
) -> None:
    from tests.llm_server import chunk_text_of, first_sentence_items

    document = load_document("evals/reports/luolong-2025.txt")

    def answers(body: dict[str, object]) -> Step:
        # Later chunks answer sooner: answers arrive in reverse document order.
        position = document.text.find(chunk_text_of(body)[:40])
        return Step.answer(first_sentence_items(body), delay_s=0.3 - 0.25 * position / 12000)

    server.default = answers
    settings = _settings(server, tmp_path, max_chars=600, concurrency=5)
    summary = asyncio.run(asummarize(document, settings))
    assert summary.run.chunks > 6 and not summary.run.failed_chunks
    assert server.max_in_flight == 5
    starts = [i.start for i in summary.items]
    assert starts == sorted(starts)
    assert len(starts) + summary.run.merged_duplicates == summary.run.chunks
