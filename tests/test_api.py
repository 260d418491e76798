"""The Python API: ``summarize``/``asummarize`` on a path, a text or a ``Document``;
settings explicit or from the environment; ``__all__`` against what the package exports."""

from __future__ import annotations

import asyncio
import gc
import re
import types
import warnings

import pytest

import summarizer
from summarizer import (
    InputError,
    ReportSummary,
    Settings,
    SummarizerError,
    asummarize,
    load_document,
    summarize,
)
from tests.conftest import REPORTS_DIR

REPORT = REPORTS_DIR / "luolong-2025.txt"
RULES = Settings(engine="rules")


def _claims(summary: ReportSummary) -> list[tuple[str, str, int, int]]:
    return [(i.category, i.quote, i.start, i.end) for i in summary.items]


def test_every_name_in_all_is_importable() -> None:
    namespace: dict[str, object] = {}
    exec("from summarizer import *", namespace)
    assert set(summarizer.__all__) <= set(namespace)
    for name in summarizer.__all__:
        assert getattr(summarizer, name) is namespace[name]


def test_every_public_attribute_is_listed_in_all() -> None:
    public = {
        name
        for name, value in vars(summarizer).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(summarizer.__all__) - {"__version__"}
    assert len(summarizer.__all__) == len(set(summarizer.__all__))


def test_path_text_and_document_give_the_same_summary() -> None:
    document = load_document(REPORT)
    by_path = summarize(REPORT, RULES)
    by_str_path = summarize(str(REPORT), RULES)
    by_document = summarize(document, RULES)
    by_text = summarize(REPORT.read_text("utf-8"), RULES)
    assert isinstance(by_path, ReportSummary) and by_path.items
    assert _claims(by_path) == _claims(by_str_path) == _claims(by_document) == _claims(by_text)
    assert by_path.document.content_hash == by_text.document.content_hash
    assert by_path.document.source == str(REPORT) and by_document.document.source == str(REPORT)
    # Spans index the report file itself.
    assert document.span_text == REPORT.read_text("utf-8")
    for item in by_path.items:
        assert document.span_text[item.start : item.end] == item.quote


def test_a_mistyped_path_is_an_error_not_a_one_line_report() -> None:
    with pytest.raises(InputError, match=re.escape("no-such-report.txt")):
        summarize("evals/reports/no-such-report.txt", RULES)
    with pytest.raises(InputError):
        summarize("   ", RULES)
    assert issubclass(InputError, SummarizerError)


async def test_asummarize_inside_a_running_event_loop() -> None:
    asyncio.get_running_loop()
    first, second = await asyncio.gather(
        asummarize(REPORT, RULES), asummarize(REPORTS_DIR / "luolong-2024.txt", RULES)
    )
    assert first.achievements and second.achievements
    assert first.document.content_hash != second.document.content_hash


async def test_summarize_inside_a_running_loop_says_to_await_asummarize() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(RuntimeError, match="await asummarize"):
            summarize(REPORT, RULES)
        gc.collect()
    assert not [w for w in caught if "never awaited" in str(w.message)]


def test_explicit_settings_ignore_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-used")
    summary = summarize(REPORT, Settings())  # explicit: auto with no key is the rules engine
    assert summary.run.engine == "rules"


def test_no_settings_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_MAX_CHARS", "900")
    summary = summarize(REPORT)
    assert summary.run.engine == "rules" and summary.run.max_chars == 900
    monkeypatch.delenv("SUMMARIZER_MAX_CHARS")
    # nothing kept between calls: the rules engine's own budget again
    assert summarize(REPORT).run.max_chars == Settings().chunk_budget("rules", "zh")


def test_progress_callback_sees_every_chunk() -> None:
    seen: list[str] = []
    summary = summarize(REPORT, RULES, on_chunk=lambda chunk, extraction: seen.append(chunk.id))
    assert len(seen) == summary.run.chunks and len(set(seen)) == len(seen)


def test_item_is_placed_under_the_headings_around_its_quote() -> None:
    from summarizer.core.types import Chunk, ChunkExtraction, DocumentContext, ExtractedItem
    from summarizer.engines.base import EngineInfo

    class QuotesTheReview:
        """The plan chunk answers with the review's sentence (a model quoting elsewhere)."""

        info = EngineInfo(engine="test", model="test")

        async def extract(self, chunk: Chunk, context: DocumentContext) -> ChunkExtraction:
            item = ExtractedItem("achievement", "新建学校3所", "新建学校3所")
            planned = chunk.heading_path and "重点" in chunk.heading_path[0]
            return ChunkExtraction(chunk.id, (item,) if planned else ())

    text = (
        "一、过去一年工作回顾\n新建学校3所，改造公路20公里。\n"
        "二、今年重点工作\n开工建设水厂1座，新增就业500人。\n"
    )
    summary = summarize(text, RULES, engine=QuotesTheReview())
    assert summary.run.chunks >= 2
    [item] = summary.items
    assert item.heading_path == ["过去一年工作回顾"] and item.section == "过去一年工作回顾"
