"""Shared post-processing: grounding every quote in the source, merging near-duplicates.

Grounding and merging are exercised on real documents and chunks; the chunk-boundary case
(the LLM engine's main source of duplicates) runs the whole pipeline over real HTTP against
the local test server.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.core.summary import Item
from summarizer.core.types import Chunk, Document, ExtractedItem, Indicator
from summarizer.load import document_from_text
from summarizer.pipeline import asummarize
from summarizer.postprocess import ground_items, is_duplicate, merge_items
from summarizer.settings import Settings
from tests.llm_server import Step, TestServer, chunk_text_of

REVIEW = "2024年工作回顾"
TEXT = (
    "全年完成投资１２亿元，新建 学校3所。"
    "维修改造了农村安全饮水工程5处，惠及群众1.2万人。"
    "出台《澜溪市河道管理条例》。"
)
OTHER = "开工建设滨江大道，维修改造了城区供水管网8处。"


def _document() -> Document:
    return Document(text=TEXT + "\n" + OTHER, source="test.txt", format="txt")


def _chunks(doc: Document) -> tuple[Chunk, Chunk]:
    first = Chunk("c000", 0, TEXT, 0, len(TEXT), (REVIEW,), "review")
    start = len(TEXT) + 1
    second = Chunk("c001", 1, OTHER, start, len(doc.text), ("2025年工作安排",), "plan")
    return first, second


def _ground(quote: str, statement: str = "", indicator: Indicator | None = None) -> Any:
    doc = _document()
    chunk, _ = _chunks(doc)
    item = ExtractedItem("achievement", statement or quote, quote, indicator)
    return doc, ground_items(doc, chunk, [item])


# --- grounding -----------------------------------------------------------------------


def test_exact_quote_is_grounded_with_its_span() -> None:
    doc, result = _ground("出台《澜溪市河道管理条例》")
    (item,) = result.items
    assert (item.grounding, doc.text[item.start : item.end]) == ("exact", item.quote)
    assert item.heading_path == [REVIEW] and item.section == REVIEW and item.chunk_id == "c000"
    assert result.dropped == 0 and result.flagged == 0


@pytest.mark.parametrize(
    ("quote", "source"),
    [
        ("全年完成投资12亿元", "全年完成投资１２亿元"),  # full-width digits in the report
        ("新建学校3所", "新建 学校3所"),  # whitespace in the report
        ("全年完成投资１２亿元，新建　学校３所", "全年完成投资１２亿元，新建 学校3所"),
    ],
)
def test_normalised_quote_is_grounded_to_the_source_text(quote: str, source: str) -> None:
    doc, result = _ground(quote)
    (item,) = result.items
    assert item.grounding == "normalized"
    assert item.quote == source == doc.text[item.start : item.end]


def test_near_verbatim_quote_is_grounded_fuzzily_within_its_chunk() -> None:
    doc, result = _ground("维修改造农村安全饮水工程5处")  # the model dropped 了
    (item,) = result.items
    assert item.grounding == "fuzzy"
    assert doc.text[item.start : item.end] == item.quote
    assert "农村安全饮水工程5处" in item.quote and item.end <= len(TEXT)


def test_fuzzy_match_is_not_looked_for_outside_the_chunk() -> None:
    # Near-verbatim of a sentence in the other chunk only: not grounded in this one.
    _, result = _ground("开工建设滨江大道工程")
    assert result.items == [] and result.dropped == 1


def test_exact_quote_from_outside_the_chunk_is_grounded_where_it_is() -> None:
    doc, result = _ground("开工建设滨江大道")
    (item,) = result.items
    assert item.grounding == "exact" and item.start == doc.text.index("开工建设滨江大道")


@pytest.mark.parametrize("quote", ["全年投资创历史新高", "", "   "])
def test_ungrounded_items_are_dropped_and_counted(quote: str) -> None:
    _, result = _ground(quote)
    assert result.items == [] and result.dropped == 1


def test_statement_numbers_not_in_the_source_are_flagged() -> None:
    _, result = _ground("惠及群众1.2万人", statement="惠及群众1.5万人")
    (item,) = result.items
    assert item.numbers_in_source is False and result.flagged == 1


def test_indicator_numbers_not_in_the_source_are_flagged() -> None:
    wrong = Indicator(name="投资", value="13", unit="亿元")
    _, result = _ground("全年完成投资12亿元", indicator=wrong)
    assert result.flagged == 1 and result.items[0].numbers_in_source is False


def test_full_width_numbers_count_as_in_the_source() -> None:
    right = Indicator(name="投资", value="12", unit="亿元")
    _, result = _ground("全年完成投资12亿元", statement="全年完成投资12亿元", indicator=right)
    assert result.flagged == 0 and result.items[0].numbers_in_source is True


# --- merging -------------------------------------------------------------------------


def _item(
    quote: str,
    *,
    category: str = "achievement",
    statement: str = "",
    grounding: str = "exact",
    chunk: str = "c000",
    indicator: Indicator | None = None,
    text: str = TEXT,
) -> Item:
    start = text.index(quote)
    return Item.model_validate(
        {
            "category": category,
            "statement": statement or quote,
            "quote": quote,
            "start": start,
            "end": start + len(quote),
            "heading_path": [chunk],
            "section": chunk,
            "chunk_id": chunk,
            "indicator": indicator,
            "grounding": grounding,
        }
    )


def test_overlapping_spans_collapse_into_the_better_grounded_item() -> None:
    fuzzy = _item("维修改造了农村安全饮水工程5处", grounding="fuzzy", chunk="c000")
    exact = _item("维修改造了农村安全饮水工程5处，惠及群众1.2万人", chunk="c001")
    result = merge_items([fuzzy, exact])
    assert result.items == [exact] and result.merged == 1


def test_near_identical_statements_collapse_even_at_different_places() -> None:
    text = "全年新建学校3所。……全年新建学校３所"
    a = _item("全年新建学校3所", text=text)
    b = _item("全年新建学校３所", statement="全年新建学校３所。", grounding="normalized", text=text)
    assert is_duplicate(a, b)
    assert merge_items([b, a]).items == [a]


def test_different_categories_or_claims_are_kept() -> None:
    achievement = _item("新建 学校3所")
    goal = _item("新建 学校3所", category="goal")
    other = _item("出台《澜溪市河道管理条例》")
    result = merge_items([other, goal, achievement])
    assert len(result.items) == 3 and result.merged == 0


def test_one_quote_with_two_indicators_keeps_both() -> None:
    text = "居民消费价格涨幅、城镇调查失业率分别控制在3%和5%以内"
    price = Indicator(name="居民消费价格涨幅", change="3%", qualifier="以内")
    jobless = Indicator(name="城镇调查失业率", value="5", unit="%", qualifier="以内")
    items = [_item(text, category="goal", indicator=i, text=text) for i in (price, jobless)]
    assert len(merge_items(items).items) == 2


def test_merged_items_come_out_in_document_order() -> None:
    later = _item("出台《澜溪市河道管理条例》")
    middle = _item("惠及群众1.2万人")
    first = _item("全年完成投资１２亿元")
    assert [i.quote for i in merge_items([later, first, middle]).items] == [
        "全年完成投资１２亿元",
        "惠及群众1.2万人",
        "出台《澜溪市河道管理条例》",
    ]


# --- chunk-boundary duplicates from the LLM engine, end to end -----------------------

# The investment figure closes the first section and opens the second: a model reading
# either chunk reports it, once with the report's full-width digits normalised away.
BOUNDARY_REPORT = (
    "一、2024年工作回顾\n"
    + "全县上下团结奋斗，经济社会发展稳中有进，各项事业取得新的成绩。" * 3
    + "新建学校3所。全年完成投资１２亿元。\n"
    + "二、项目建设\n"
    + "全年完成投资１２亿元，比上年增长8%。开工建设滨江大道。"
    + "项目建设扎实推进，重点工程进展顺利，发展后劲持续增强。" * 3
    + "\n"
)
CLAIM = "全年完成投资12亿元"


def _achievement(statement: str, quote: str = "") -> dict[str, Any]:
    return {"category": "achievement", "statement": statement, "quote": quote or statement}


def _boundary_answer(body: dict[str, Any]) -> Step:
    text = chunk_text_of(body)
    items: list[dict[str, Any]] = []
    if "新建学校3所" in text:
        items.append(_achievement("新建学校3所"))
    sentence = re.search(r"全年完成投资[^。]*", text)
    if sentence is not None:
        # First chunk: the figure alone, digits normalised; second: the whole clause.
        items.append(_achievement(CLAIM, CLAIM if "开工建设" not in text else sentence.group(0)))
    if "开工建设滨江大道" in text:
        items.append(_achievement("开工建设滨江大道"))
    return Step.answer(items)


@pytest.fixture
def boundary_server() -> Iterator[TestServer]:
    server = TestServer(default=_boundary_answer).start()
    yield server
    server.stop()


def test_chunk_boundary_duplicate_from_the_llm_engine_is_merged(
    boundary_server: TestServer, tmp_path: Path
) -> None:
    settings = Settings(
        engine="llm",
        base_url=boundary_server.base_url,
        model="test-model",
        api_key="sk-test-0123456789",
        cache_dir=tmp_path / "cache",
        max_chars=200,
        backoff_s=0.01,
        timeout_s=5,
    )
    document = document_from_text(BOUNDARY_REPORT)
    summary = asyncio.run(asummarize(document, settings))
    assert summary.run.chunks >= 2 and not summary.run.failed_chunks
    investment = [i for i in summary.achievements if i.statement == CLAIM]
    # One item, not two: the exact occurrence in the second chunk wins over the
    # normalised one in the first.
    assert len(investment) == 1 and summary.run.merged_duplicates == 1
    (kept,) = investment
    assert kept.grounding == "exact"
    assert kept.quote == "全年完成投资１２亿元，比上年增长8%"
    assert document.text[kept.start : kept.end] == kept.quote
    assert kept.heading_path[-1] == "项目建设"
    # Document order with heading paths.
    assert [i.quote for i in summary.achievements] == [
        "新建学校3所",
        "全年完成投资１２亿元，比上年增长8%",
        "开工建设滨江大道",
    ]
    assert summary.achievements[0].heading_path[-1] == "2024年工作回顾"
