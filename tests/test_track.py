"""``summarizer.track``: targets of one report against outcomes of the next."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.core.summary import DocumentInfo, Item, ReportSummary, RunInfo
from summarizer.core.types import Document, Indicator
from summarizer.errors import InputError, TrackingError
from summarizer.load import document_from_text, load_document
from summarizer.settings import Settings
from summarizer.track import (
    NameTable,
    TrackResult,
    TrackRow,
    load_name_table,
    track,
    track_documents,
    track_result_schema,
)
from summarizer.track._model import Cell, TrackPeriod
from summarizer.track._parse import parse_findings
from summarizer.track._render import render_html, render_json, render_markdown
from summarizer.track._verdict import judge
from summarizer.track._years import read_years
from tests.conftest import REPORTS_DIR

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "schemas" / "track_result.schema.json"


@pytest.fixture(scope="module")
def luolong() -> TrackResult:
    return track(
        [REPORTS_DIR / "luolong-2024.txt", REPORTS_DIR / "luolong-2025.txt"],
        Settings(engine="rules", cache=False),
    )


def _rows(result: TrackResult) -> dict[str, TrackRow]:
    assert len(result.periods) == 1
    return {row.indicator: row for row in result.periods[0].rows}


# --- acceptance: luolong-2024 targets for 2024 against luolong-2025 results for 2024 -------


def test_years_are_read_from_the_reports(luolong: TrackResult) -> None:
    assert [(r.source, r.review_year, r.plan_year) for r in luolong.reports] == [
        ("luolong-2024.txt", 2023, 2024),
        ("luolong-2025.txt", 2024, 2025),
    ]
    period = luolong.periods[0]
    assert (period.year, period.target_source, period.outcome_source) == (
        2024,
        "luolong-2024.txt",
        "luolong-2025.txt",
    )


@pytest.mark.parametrize(
    ("indicator", "target", "outcome"),
    [
        ("地区生产总值", 8.0, 6.4),
        ("全社会固定资产投资", 11.0, 1.3),
        ("社会消费品零售总额", 10.0, 8.1),
        ("城镇居民人均可支配收入", 8.0, 6.4),
        ("农村居民人均可支配收入", 11.0, 8.3),
    ],
)
def test_growth_targets_against_growth_outcomes_are_missed(
    luolong: TrackResult, indicator: str, target: float, outcome: float
) -> None:
    row = _rows(luolong)[indicator]
    assert row.target is not None and row.outcome is not None
    assert (row.target.measure, row.target.number, row.target.source) == (
        "growth",
        target,
        "luolong-2024.txt",
    )
    assert (row.outcome.measure, row.outcome.number, row.outcome.source) == (
        "growth",
        outcome,
        "luolong-2025.txt",
    )
    assert row.verdict == "missed"
    assert row.target.origin == "targets"


def test_every_cell_quotes_its_report_verbatim(luolong: TrackResult) -> None:
    # Offsets of the text the user has (the file itself for txt), as in summaries.
    texts = {
        name: load_document(REPORTS_DIR / name).span_text
        for name in ("luolong-2024.txt", "luolong-2025.txt")
    }
    cells = [
        cell
        for row in luolong.periods[0].rows
        for cell in (row.target, row.outcome, row.previous)
        if cell is not None
    ]
    assert cells
    for cell in cells:
        assert texts[cell.source][cell.start : cell.end] == cell.quote
        assert cell.value.rstrip("%").lstrip("-") in cell.quote or cell.value in cell.quote


def test_fiscal_revenue_one_off_item_makes_the_verdict_unclear(luolong: TrackResult) -> None:
    # 地方一般公共预算 (target, no 收入) and 一般公共预算收入 (outcome) are one indicator; the
    # outcome is a level that includes a one-off amount, the previous level is in the 2024
    # report: growth is derived both ways and the two verdicts disagree.
    row = _rows(luolong)["一般公共预算收入"]
    assert row.target is not None and row.outcome is not None and row.previous is not None
    assert row.target.name_as_written == "地方一般公共预算"
    assert (row.target.measure, row.target.number) == ("growth", 3.0)
    assert (row.outcome.measure, row.outcome.value) == ("level", "7734万元")
    assert row.previous.value == "6629万元" and row.previous.source == "luolong-2024.txt"
    assert row.verdict == "unclear"
    assert row.derived_growth.startswith("16.67%")
    assert "-19.31%" in row.derived_growth
    assert "one-off 2385万元" in row.note and "derived" in row.note


def test_ceiling_targets_without_outcome_are_not_reported(luolong: TrackResult) -> None:
    rows = _rows(luolong)
    for name, value in (("居民消费价格涨幅", 3.0), ("城镇调查失业率", 5.0)):
        row = rows[name]
        assert row.target is not None and row.target.number == value
        assert row.target.qualifier == "以内"
        assert row.outcome is None and row.verdict == "not reported"


def test_quantified_task_target_is_tracked_when_the_next_report_states_it(
    luolong: TrackResult,
) -> None:
    row = _rows(luolong)["招商引资到位资金"]
    assert row.target is not None and row.outcome is not None
    assert row.target.origin == "task target"
    assert (row.target.value, row.target.qualifier) == ("2亿元", "以上")
    assert row.outcome.value == "2.31亿元"
    assert row.verdict == "met"


def test_table_has_exactly_the_indicators_both_reports_speak_of(luolong: TrackResult) -> None:
    assert list(_rows(luolong)) == [
        "地区生产总值",
        "全社会固定资产投资",
        "社会消费品零售总额",
        "一般公共预算收入",
        "城镇居民人均可支配收入",
        "农村居民人均可支配收入",
        "居民消费价格涨幅",
        "城镇调查失业率",
        "招商引资到位资金",
    ]


def test_report_order_does_not_matter() -> None:
    docs = [load_document(REPORTS_DIR / n) for n in ("luolong-2025.txt", "luolong-2024.txt")]
    result = track_documents(docs)
    assert result.periods[0].target_source == "luolong-2024.txt"


# --- years ----------------------------------------------------------------------------------


def test_mismatched_years_raise_tracking_error() -> None:
    docs = [load_document(REPORTS_DIR / n) for n in ("luolong-2024.txt", "nyingchi-2024.txt")]
    with pytest.raises(TrackingError, match=r"plans 2024 but nyingchi-2024\.txt reviews 2023"):
        track_documents(docs)


def test_a_single_report_is_refused() -> None:
    with pytest.raises(TrackingError, match="at least two reports"):
        track_documents([load_document(REPORTS_DIR / "luolong-2024.txt")])


def test_a_report_without_years_is_refused() -> None:
    undated = document_from_text("各位代表：\n地区生产总值增长5%。\n", "undated.txt")
    with pytest.raises(TrackingError, match=r"undated\.txt: cannot tell"):
        track_documents([undated, load_document(REPORTS_DIR / "luolong-2024.txt")])


def test_years_from_the_date_line_when_headings_carry_none() -> None:
    doc = document_from_text(
        "政府工作报告\n——2031年2月1日在某县人大会议上\n一年来，地区生产总值增长6%。\n"
        "今年经济社会发展的主要预期目标是：地区生产总值增长7%。\n",
        "x.txt",
    )
    years = read_years(doc)
    assert (years.review_year, years.plan_year) == (2030, 2031)


# --- qualifier rules --------------------------------------------------------------------------


def _cell(
    number: float,
    qualifier: str = "",
    *,
    measure: str = "growth",
    unit: str = "%",
    stretch: str = "",
) -> Cell:
    value = f"{number:g}{unit}"
    return Cell(
        value=value,
        number=number,
        unit=unit,
        measure=measure,  # type: ignore[arg-type]
        qualifier=qualifier,
        stretch=stretch,
        quote=value,
        start=0,
        end=len(value),
        source="a.txt",
        origin="targets",
    )


@pytest.mark.parametrize(
    ("qualifier", "outcome", "verdict"),
    [
        ("以上", 8.0, "met"),
        ("以上", 7.9, "missed"),
        ("", 8.2, "met"),
        ("", 7.99, "missed"),
    ],
)
def test_floor_at_least(qualifier: str, outcome: float, verdict: str) -> None:
    assert judge(_cell(8.0, qualifier), _cell(outcome)).verdict == verdict


@pytest.mark.parametrize(
    ("qualifier", "outcome", "verdict"),
    [
        ("以内", 2.1, "met"),
        ("以内", 3.0, "met"),
        ("以内", 3.2, "missed"),
        ("控制在", 3.1, "missed"),
    ],
)
def test_ceiling_at_most(qualifier: str, outcome: float, verdict: str) -> None:
    target = _cell(3.0, qualifier, measure="level")
    assert judge(target, _cell(outcome, measure="level")).verdict == verdict


def test_bare_target_of_a_ceiling_indicator_is_a_ceiling() -> None:
    target = _cell(5.0, measure="level")
    assert judge(target, _cell(4.0, measure="level"), direction="lower").verdict == "met"
    assert judge(target, _cell(5.5, measure="level"), direction="lower").verdict == "missed"


@pytest.mark.parametrize(
    ("outcome", "verdict"), [(9.6, "met"), (9.5, "met"), (9.4, "missed"), (12.0, "met")]
)
def test_about_has_half_a_point_tolerance(outcome: float, verdict: str) -> None:
    judgement = judge(_cell(10.0, "左右"), _cell(outcome))
    assert judgement.verdict == verdict
    assert "±0.5 pp" in judgement.note


def test_about_on_a_level_uses_a_relative_tolerance() -> None:
    target = _cell(100.0, "左右", measure="level", unit="亿元")
    assert judge(target, _cell(98.5, measure="level", unit="亿元")).verdict == "met"
    assert judge(target, _cell(97.0, measure="level", unit="亿元")).verdict == "missed"


def test_about_on_a_ceiling_indicator_misses_above_the_band() -> None:
    target = _cell(3.0, "左右", measure="level")
    assert judge(target, _cell(3.6, measure="level"), direction="lower").verdict == "missed"
    assert judge(target, _cell(2.0, measure="level"), direction="lower").verdict == "met"


@pytest.mark.parametrize(
    ("outcome", "verdict", "stretch_note"),
    [
        (21.0, "met", "stretch 20% reached"),
        (16.0, "met", "stretch 20% not reached"),
        (14.0, "missed", "stretch 20% not reached"),
    ],
)
def test_stretch_reports_floor_and_stretch(outcome: float, verdict: str, stretch_note: str) -> None:
    judgement = judge(_cell(15.0, "以上", stretch="20%"), _cell(outcome))
    assert judgement.verdict == verdict
    assert "at least 15%" in judgement.note and stretch_note in judgement.note


def test_stretch_only_target_is_judged_against_its_value() -> None:
    judgement = judge(_cell(10.0, "力争"), _cell(9.0))
    assert judgement.verdict == "missed" and "stretch-only" in judgement.note


def test_growth_is_derived_from_levels_only_with_a_previous_level() -> None:
    target = _cell(5.0)
    outcome = _cell(105.0, measure="level", unit="亿元")
    without = judge(target, outcome)
    assert without.verdict == "unclear" and "cannot be derived" in without.note
    previous = _cell(980000.0, measure="level", unit="万元")  # 98亿元
    derived = judge(target, outcome, previous=previous)
    assert derived.verdict == "met"
    assert derived.derived_growth.startswith("7.14")
    assert "derived from levels" in derived.note


def test_level_targets_compare_across_units() -> None:
    target = _cell(2.0, "以上", measure="level", unit="亿元")
    assert judge(target, _cell(23100.0, measure="level", unit="万元")).verdict == "met"
    assert judge(target, _cell(19000.0, measure="level", unit="万元")).verdict == "missed"


def test_level_target_against_growth_outcome_is_unclear() -> None:
    target = _cell(2.0, "以上", measure="level", unit="亿元")
    assert judge(target, _cell(5.0)).verdict == "unclear"


def test_missing_sides() -> None:
    assert judge(None, _cell(5.0)).verdict == "no target"
    assert judge(_cell(5.0), None).verdict == "not reported"


# --- name normalisation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("地方一般公共预算", "一般公共预算收入"),
        ("地方一般公共预算收入", "一般公共预算收入"),
        ("一般公共预算收入", "一般公共预算收入"),
        ("固定资产投资", "全社会固定资产投资"),
        ("全社会固定资产投资", "全社会固定资产投资"),
        ("全县地区生产总值", "地区生产总值"),
        ("全年计划完成招商引资", "招商引资到位资金"),
        ("城镇居民人均收入", "城镇居民人均可支配收入"),
        ("农村居民人均收入", "农村居民人均可支配收入"),
        ("城乡居民人均收入", "城乡居民人均可支配收入"),
        ("旅游总收入", "旅游总收入"),
    ],
)
def test_name_normalisation(written: str, canonical: str) -> None:
    assert NameTable.builtin().canonical(written) == canonical


def test_urban_and_rural_parts_are_kept_apart() -> None:
    table = NameTable.builtin()
    findings = parse_findings("城乡居民人均收入分别增长8%和10%。")
    assert [(table.canonical(f.name), f.number) for f in findings] == [
        ("城镇居民人均可支配收入", 8.0),
        ("农村居民人均可支配收入", 10.0),
    ]


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("names.json", json.dumps({"旅游总收入": ["旅游综合收入", "实现综合收入"]})),
        ("names.toml", '"旅游总收入" = ["旅游综合收入", "实现综合收入"]\n'),
    ],
)
def test_user_names_file_extends_the_table(tmp_path: Path, filename: str, content: str) -> None:
    path = tmp_path / filename
    path.write_text(content, encoding="utf-8")
    table = load_name_table(path)
    assert table.canonical("旅游综合收入") == "旅游总收入"
    assert table.canonical("固定资产投资") == "全社会固定资产投资"  # built-ins stay


@pytest.mark.parametrize("content", ["{not json", json.dumps({"a": "not a list"}), "[1, 2]"])
def test_malformed_names_file_is_an_input_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "names.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=r"names\.json"):
        load_name_table(path)


# --- parsing indicator phrases ----------------------------------------------------------------


def test_parse_floor_and_stretch() -> None:
    (f,) = parse_findings("规上工业增加值增长7%以上、力争达到9%。")
    assert (f.name, f.measure, f.number, f.qualifier, f.stretch) == (
        "规上工业增加值",
        "growth",
        7.0,
        "以上",
        9.0,
    )


def test_parse_paired_ceilings() -> None:
    found = parse_findings("城镇调查失业率、居民消费价格涨幅分别控制在5.5%和2%以内。")
    assert [(f.name, f.number, f.qualifier) for f in found] == [
        ("城镇调查失业率", 5.5, "以内"),
        ("居民消费价格涨幅", 2.0, "以内"),
    ]


def test_parse_level_with_one_off_and_decline() -> None:
    text = "一般公共预算收入完成5000万元（含一次性土地收入800万元），同比下降2.5%。"
    level, growth = parse_findings(text)
    assert (level.measure, level.number, level.unit, level.one_off) == (
        "level",
        5000.0,
        "万元",
        800.0,
    )
    assert (growth.name, growth.measure, growth.number) == ("一般公共预算收入", "growth", -2.5)
    assert text[growth.start : growth.end] == text.rstrip("。")


# --- engine items ---------------------------------------------------------------------------


def _summary(document: Document, items: list[Item]) -> ReportSummary:
    return ReportSummary(
        document=DocumentInfo(source=document.source),
        achievements=[i for i in items if i.category == "achievement"],
        goals=[i for i in items if i.category == "goal"],
        run=RunInfo(engine="fake"),
    )


def test_engine_item_indicators_are_used() -> None:
    earlier = document_from_text(
        "一、2030年工作回顾\n地区生产总值增长6%。\n二、2031年重点工作\n"
        "2031年主要预期目标是：地区生产总值增长7%以上。\n",
        "a.txt",
    )
    later_text = (
        "一、2031年工作回顾\n经济运行稳中有进，增速7.2%，好于预期。\n二、2032年重点工作\n"
        "2032年主要预期目标是：地区生产总值增长7%。\n"
    )
    later = document_from_text(later_text, "b.txt")
    quote = "增速7.2%"
    start = later.text.index(quote)
    item = Item(
        category="achievement",
        statement="GDP grew 7.2%",
        quote=quote,
        start=start,
        end=start + len(quote),
        indicator=Indicator(name="地区生产总值", change="7.2%"),
    )
    result = track_documents([earlier, later], [_summary(earlier, []), _summary(later, [item])])
    row = _rows(result)["地区生产总值"]
    assert row.outcome is not None
    assert (row.outcome.origin, row.outcome.read_by) == ("review", "engine")
    assert (row.outcome.number, row.verdict) == (7.2, "met")
    assert result.engine == "fake"


def test_engine_value_not_in_its_quote_is_ignored() -> None:
    earlier = document_from_text(
        "一、2030年工作回顾\n略。\n二、2031年重点工作\n2031年主要预期目标是：地区生产总值增长7%。\n",
        "a.txt",
    )
    later = document_from_text("一、2031年工作回顾\n经济运行稳中有进。\n", "b.txt")
    quote = "经济运行稳中有进"
    item = Item(
        category="achievement",
        statement="GDP grew 9%",
        quote=quote,
        start=later.text.index(quote),
        end=later.text.index(quote) + len(quote),
        indicator=Indicator(name="地区生产总值", change="9%"),
    )
    result = track_documents([earlier, later], [_summary(earlier, []), _summary(later, [item])])
    assert _rows(result)["地区生产总值"].verdict == "not reported"


# --- outputs ----------------------------------------------------------------------------------


def test_json_output_validates_against_the_shipped_schema(luolong: TrackResult) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(render_json(luolong)), schema)


def test_schema_file_is_not_stale() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == track_result_schema(), (
        "regenerate: python -c 'from summarizer.track import track_result_schema as s; "
        'open("schemas/track_result.schema.json", "w").write(s())\''
    )


def test_markdown_table_rows(luolong: TrackResult) -> None:
    md = render_markdown(luolong)
    assert "| indicator | target (2024) | outcome (2024) | verdict | note |" in md
    assert "| 地区生产总值 | 增长8% | 增长6.4% | missed |" in md
    assert "| 城镇居民人均可支配收入 | 增长8% | 增长6.4% | missed |" in md
    assert "「全县地区生产总值完成21.17亿元，同比增长6.4%」" in md


def test_html_is_self_contained_with_a_chart(luolong: TrackResult) -> None:
    page = render_html(luolong)
    assert page.count("<svg") == 1 and "<rect" in page
    lowered = page.lower()
    for forbidden in ("<script", "src=", "href=", "@import", "url("):
        assert forbidden not in lowered
    assert "地区生产总值" in page and "target 8%" in page and "outcome 6.4%" in page


def test_html_escapes_report_text() -> None:
    hostile = "<script>alert(1)</script>"
    cell = Cell(
        value="5%",
        number=5.0,
        unit="%",
        measure="growth",
        quote=hostile,
        start=0,
        end=1,
        source="<b>x.txt</b>",
        origin="targets",
    )
    result = TrackResult(
        reports=[],
        periods=[
            TrackPeriod(
                year=2030,
                target_source="<i>a</i>",
                outcome_source="b",
                rows=[TrackRow(indicator=hostile, target=cell, outcome=cell, verdict="met")],
            )
        ],
    )
    page = render_html(result)
    assert "<script" not in page and "<b>x.txt" not in page and "<i>a</i>" not in page
    assert "&lt;script&gt;" in page


def test_reports_of_different_governments_are_flagged(luolong: TrackResult) -> None:
    assert [r.jurisdiction for r in luolong.reports] == ["洛隆县", "洛隆县"]
    assert luolong.warnings == []
    docs = [load_document(REPORTS_DIR / n) for n in ("luolong-2024.txt", "xizang-2025-gazette.txt")]
    result = track_documents(docs)
    assert len(result.warnings) == 1
    assert "洛隆县" in result.warnings[0] and "西藏自治区" in result.warnings[0]


_PIECES = st.sampled_from(
    [
        "地区生产总值",
        "城乡居民人均收入",
        "固定资产投资",
        "分别",
        "增长",
        "下降",
        "达到",
        "完成",
        "控制在",
        "力争",
        "同比",
        "以上",
        "以内",
        "左右",
        "和",
        "、",
        "，",
        "。",
        "：",
        "（含",
        "一次性",
        "）",
        "8",
        "6.4",
        "11",
        "%",
        "亿元",
        "万元",
        "元",
        "\n",
        " ",
    ]
)


@given(st.lists(_PIECES, max_size=40))
def test_parser_quotes_always_lie_in_the_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    for finding in parse_findings(text, 7):
        assert 7 <= finding.start < finding.end <= 7 + len(text)
        number = finding.text.removesuffix(finding.unit)
        assert number.lstrip("-") in text[finding.start - 7 : finding.end - 7]


def _item_at(document: Document, quote: str, category: str, indicator: Indicator) -> Item:
    start = document.text.index(quote)
    return Item(
        category=category,  # type: ignore[arg-type]
        statement=quote,
        quote=quote,
        start=start,
        end=start + len(quote),
        indicator=indicator,
    )


def test_engine_items_do_not_displace_the_targets_sentence_or_merge_the_income_pair() -> None:
    earlier, later = (
        load_document(REPORTS_DIR / n) for n in ("luolong-2024.txt", "luolong-2025.txt")
    )
    paired = _item_at(
        earlier,
        "城乡居民人均可支配收入分别增长8%、11%",
        "goal",
        Indicator(name="城乡居民人均可支配收入", change="8%"),
    )
    elsewhere = _item_at(
        earlier,
        "全年计划完成招商引资2亿元以上",
        "goal",
        Indicator(name="地区生产总值", change="2%"),
    )
    same_reading = _item_at(
        later,
        "全县地区生产总值完成21.17亿元，同比增长6.4%",
        "achievement",
        Indicator(name="地区生产总值", value="21.17", unit="亿元", change="6.4%"),
    )
    result = track_documents(
        [earlier, later],
        [_summary(earlier, [paired, elsewhere]), _summary(later, [same_reading])],
    )
    rows = _rows(result)
    assert "城乡居民人均可支配收入" not in rows
    assert rows["城镇居民人均可支配收入"].verdict == "missed"
    gdp = rows["地区生产总值"]
    assert gdp.target is not None and gdp.target.number == 8.0
    assert gdp.outcome is not None and gdp.outcome.number == 6.4
    assert gdp.verdict == "missed"


def _report(year: int, review: str, targets: str) -> Document:
    return document_from_text(
        f"政府工作报告\n一、{year - 1}年工作回顾\n{review}\n二、{year}年工作安排\n"
        f"{year}年经济社会发展的主要预期目标是：{targets}\n",
        f"r{year}.txt",
    )


def test_a_chain_of_three_reports_gives_one_period_per_year() -> None:
    docs = [
        _report(
            2031, "地区生产总值增长5%。", "地区生产总值增长6%左右，城镇调查失业率控制在5.5%以内。"
        ),
        _report(
            2032, "地区生产总值同比增长5.6%，一般公共预算收入增长9%。", "地区生产总值增长6%以上。"
        ),
        _report(2033, "地区生产总值下降1.2%。", "地区生产总值增长5%。"),
    ]
    result = track_documents(list(reversed(docs)))
    assert [p.year for p in result.periods] == [2031, 2032]
    first = {r.indicator: r for r in result.periods[0].rows}
    assert first["地区生产总值"].verdict == "met"  # 5.6 within 6 ± 0.5
    assert first["城镇调查失业率"].verdict == "not reported"
    assert first["一般公共预算收入"].verdict == "no target"
    second = {r.indicator: r for r in result.periods[1].rows}
    assert second["地区生产总值"].outcome is not None
    assert second["地区生产总值"].outcome.number == -1.2
    assert second["地区生产总值"].verdict == "missed"


def _yearless_report(year: int, growth: str, target: str) -> Document:
    return document_from_text(
        "政府工作报告\n"
        f"——{year}年1月20日在某市第一届人民代表大会第三次会议上\n"
        "一、过去一年工作回顾\n"
        f"一年来，全面完成年初确定的主要预期目标任务，全市地区生产总值增长{growth}。\n"
        "二、今年工作安排\n"
        f"今年经济社会发展的主要预期目标是：地区生产总值增长{target}。\n",
        f"city-{year}.txt",
    )


def test_reports_whose_headings_name_no_year_are_read_from_the_date_line() -> None:
    result = track_documents(
        [_yearless_report(2041, "4%", "6%左右"), _yearless_report(2042, "5.6%", "5%")]
    )
    assert [(r.review_year, r.plan_year) for r in result.reports] == [(2040, 2041), (2041, 2042)]
    row = _rows(result)["地区生产总值"]
    assert row.target is not None and (row.target.number, row.target.qualifier) == (6.0, "左右")
    assert row.outcome is not None and row.outcome.number == 5.6
    assert row.verdict == "met"
