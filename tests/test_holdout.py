"""The offline engine on reports that are not in the bundled eval set.

tests/data/holdout holds six reports written for this test in styles the bundled five
do not have (a prefecture-level report with 第一部分 parts, in-paragraph 一是…二是… and a
problems paragraph opened by 同时也要看到; a county 工作要点 with markdown ``#`` headings
and terse ``1.``/``（1）`` task lines; a bureau's 工作总结和工作计划 with numbered problems
under their own heading; a term report with 过去五年 and 今后五年; a county report with
二〇二四年 headings and —— points; a district report with stand-alone （一） headings),
each labeled by evals/GUIDELINES.md before the engine was run on it. The floors sit a
little under the scores measured when the engine's general fixes were made: a rule that
fits the bundled reports only and breaks an unseen style shows here.

The second half pins the general causes the holdout study found, one small document each.
"""

from __future__ import annotations

import operator
from functools import reduce
from pathlib import Path

import pytest

from summarizer.core.summary import ReportSummary
from summarizer.core.types import Chunk, Indicator
from summarizer.engines.rules import extract_items
from summarizer.evaluate import load_gold, locate_labels, score_report
from summarizer.evaluate._metrics import Counts
from summarizer.indicators import parse_indicator
from summarizer.load import document_from_text, load_document
from summarizer.pipeline import summarize
from summarizer.segment import segment
from summarizer.settings import Settings
from tests.conftest import ROOT

HOLDOUT = ROOT / "tests" / "data" / "holdout"
HOLDOUT_GOLD = sorted(HOLDOUT.glob("*.json"))

# Measured: micro 0.969, goal 0.971, achievement 0.962, problem 1.000, the lowest report
# 0.943; the floors leave a margin for harmless rule changes.
MICRO_FLOOR = 0.92
CATEGORY_FLOOR = 0.90


@pytest.mark.parametrize("path", HOLDOUT_GOLD, ids=lambda p: p.name)
def test_holdout_gold_is_valid_and_located_in_order(path: Path) -> None:
    gold = load_gold(path)
    report = HOLDOUT / gold.report
    assert report.is_file(), f"{path.name}: report {gold.report} missing"
    located = locate_labels(gold, load_document(report), path)
    assert len(located) == len(gold.labels) > 0
    assert [x.start for x in located] == sorted(x.start for x in located)


def test_every_holdout_report_has_gold() -> None:
    reports = {p.name for p in HOLDOUT.glob("*.txt")}
    assert reports and {load_gold(p).report for p in HOLDOUT_GOLD} == reports


@pytest.fixture(scope="module")
def holdout_counts() -> dict[str, Counts]:
    counts: dict[str, Counts] = {}
    for path in HOLDOUT_GOLD:
        gold = load_gold(path)
        document = load_document(HOLDOUT / gold.report)
        summary = summarize(HOLDOUT / gold.report, Settings(engine="rules"))
        labels = locate_labels(gold, document, path)
        counts[gold.report] = score_report(document, labels, summary.items).counts
    return counts


def test_rules_engine_on_unseen_reports_scores_above_its_floor(
    holdout_counts: dict[str, Counts],
) -> None:
    scores = reduce(operator.add, holdout_counts.values()).scores()
    assert scores.micro.f1 >= MICRO_FLOOR, scores.micro
    for name in ("goal", "achievement", "problem"):
        prf = getattr(scores, name)
        assert prf.f1 >= CATEGORY_FLOOR, (name, prf)
    assert scores.grounded_share == 1.0 and scores.number_fidelity == 1.0


def test_each_unseen_report_scores_above_the_micro_floor(
    holdout_counts: dict[str, Counts],
) -> None:
    for report, counts in holdout_counts.items():
        assert counts.scores().micro.f1 >= MICRO_FLOOR - 0.03, report


# --- general causes found by the holdout study --------------------------------------


def _chunk(text: str, role: str) -> Chunk:
    return Chunk("c000", 0, text, 0, len(text), ("",), role)  # type: ignore[arg-type]


def _quotes(text: str, role: str) -> list[str]:
    return [item.quote for item in extract_items(_chunk(text, role))]


def _outline(text: str) -> list[tuple[int, str, str]]:
    return [(s.level, s.title, s.role) for s in segment(document_from_text(text)).walk()]


def test_markdown_headings_in_plain_text_nest_by_their_level() -> None:
    outline = _outline(
        "# 青禾县2025年工作要点\n\n现将工作要点印发如下。\n\n## 一、主要目标\n\n"
        "1. 地区生产总值增长6%左右。\n\n## 二、重点任务\n\n### （一）扩大有效投资，稳住增长\n\n"
        "1. 建成青禾县第二水厂。\n\n## 三、保障措施\n\n各部门要高度重视。\n"
    )
    levels = {title: level for level, title, _ in outline}
    assert [title for _, title, _ in outline][:2] == ["青禾县2025年工作要点", "主要目标"]
    assert levels["青禾县2025年工作要点"] < levels["主要目标"] == levels["重点任务"]
    assert levels["重点任务"] < levels["扩大有效投资，稳住增长"] < levels["建成青禾县第二水厂"]
    assert levels["主要目标"] < levels["地区生产总值增长6%左右"]
    roles = {title: role for _, title, role in outline}
    # A numbered target under the targets heading is a target, not a section of no role;
    # the task group keeps the plan; the closing measures are no plan.
    assert roles["地区生产总值增长6%左右"] == "targets"
    assert roles["扩大有效投资，稳住增长"] == "plan"
    assert roles["保障措施"] == "measures"


def test_bracketed_and_dated_headings_have_roles() -> None:
    outline = _outline(
        "青石县政府工作报告\n——2025年1月8日在县人民代表大会上\n各位代表：\n"
        "一、2024年主要工作成效\n全年完成投资42亿元，青石大桥建成通车。\n"
        "二、2025年的工作\n建成青石县城南污水处理厂。\n【三、保障措施】\n各部门要高度重视。\n"
    )
    assert [(title, role) for _, title, role in outline] == [
        ("2024年主要工作成效", "review"),
        ("2025年的工作", "plan"),
        ("保障措施", "measures"),
    ]


def test_headings_dated_in_chinese_numerals() -> None:
    outline = _outline(
        "清水县政府工作报告\n二〇二五年一月十日在县人民代表大会上\n各位代表：\n"
        "一、二〇二四年主要工作成效\n清水至临溪一级公路全线贯通。\n"
        "二、二〇二五年的工作\n建成县医院。\n"
    )
    assert [(title, role) for _, title, role in outline] == [
        ("二〇二四年主要工作成效", "review"),
        ("二〇二五年的工作", "plan"),
    ]


def test_problems_opened_by_other_wordings() -> None:
    for opening in (
        "我们也深刻认识到，发展中还有不少矛盾和问题。",
        "但也要看到，当前仍面临诸多挑战。",
    ):
        doc = document_from_text(
            "一、2024年工作回顾\n全年完成投资42亿元。\n"
            f"{opening}一是经济总量偏小。二是民生短板较多。\n二、2025年工作安排\n建成县医院。\n"
        )
        summary = summarize(doc, Settings(engine="rules"))
        assert [i.quote for i in summary.problems] == ["经济总量偏小", "民生短板较多"], opening


def test_problems_admitted_mid_paragraph_and_run_into_their_introduction() -> None:
    doc = document_from_text(
        "一、2024年工作回顾\n全年完成投资42亿元。\n"
        "当前，我市经济发展仍面临不少困难：一是产业结构不优；二是财政收支矛盾突出。"
        "我们将采取有力措施加以解决。\n"
        "我们也要看到，发展中还有一些不容忽视的问题，主要是创新能力不强，营商环境有待优化。\n"
        "二、2025年工作安排\n建成县医院。\n"
    )
    summary = summarize(doc, Settings(engine="rules"))
    assert [i.quote for i in summary.problems] == [
        "产业结构不优",
        "财政收支矛盾突出",
        "创新能力不强，营商环境有待优化",
    ]


def test_numbered_problems_under_a_problems_heading() -> None:
    doc = document_from_text(
        "松岗区教育局2024年工作总结\n一、2024年工作总结\n（一）主要工作成效\n"
        "1.教育资源持续扩容。新增公办学位5400个。\n（二）存在的问题\n"
        "1.城区学位供给仍然紧张，部分学校班额偏大。\n2.教师结构性缺编问题突出。\n"
        "二、2025年工作计划\n新建公办幼儿园3所。\n"
    )
    summary = summarize(doc, Settings(engine="rules"))
    assert [i.quote for i in summary.problems] == [
        "城区学位供给仍然紧张，部分学校班额偏大",
        "教师结构性缺编问题突出",
    ]


def test_numbered_one_sentence_tasks_are_items_not_titles() -> None:
    text = (
        "1. 加快推进青峰一级公路改建工程，年内完成路基工程。\n"
        "2. 建成白溪古镇游客服务中心。\n"
        "3. 加快推进重大水利项目：\n"
        "（1）推进青峰水库扩容工程前期工作，力争年内获批立项；\n"
        "- 新建幼儿园3所。\n"
        "（五）统筹推进城乡融合发展。实施城市更新项目30个。\n"
    )
    assert _quotes(text, "plan") == [
        # The schedule stays with its task; the list header (：) is no task.
        "加快推进青峰一级公路改建工程，年内完成路基工程",
        "建成白溪古镇游客服务中心",
        "推进青峰水库扩容工程前期工作，力争年内获批立项",
        "新建幼儿园3所",
        "实施城市更新项目30个",
    ]


def test_dash_points_of_a_target_list() -> None:
    text = (
        "今年全市经济社会发展的主要预期目标是：\n——地区生产总值增长5.5%左右；\n"
        "——城镇新增就业5万人以上，城镇调查失业率控制在5.5%左右；\n"
    )
    items = extract_items(_chunk(text, "targets"))
    assert [i.quote for i in items] == [
        "地区生产总值增长5.5%左右",
        "城镇新增就业5万人以上",
        "城镇调查失业率控制在5.5%左右",
    ]
    assert items[0].indicator == Indicator(name="地区生产总值", change="5.5%", qualifier="左右")


def test_a_bare_change_or_amount_completes_the_result_before_it() -> None:
    text = (
        "社会消费品零售总额实现1288亿元，增长5.1%；外贸进出口总额突破600亿元，达到612.7亿元；"
        "实施重点项目412个，完成投资1036亿元；改造老旧小区213个，惠及居民6.2万户；"
        "组建教育集团9个，覆盖中小学47所；地区生产总值达到412.6亿元，总量跃居全市第三位。"
        "一般公共预算收入完成196.3亿元，其中税收收入占比提高到71.2%。"
    )
    assert _quotes(text, "review") == [
        "社会消费品零售总额实现1288亿元，增长5.1%",
        "外贸进出口总额突破600亿元，达到612.7亿元",
        "实施重点项目412个，完成投资1036亿元",
        "改造老旧小区213个，惠及居民6.2万户",
        "组建教育集团9个，覆盖中小学47所",
        "地区生产总值达到412.6亿元，总量跃居全市第三位",
        "一般公共预算收入完成196.3亿元",
        # A breakdown that names a share of its own is an indicator of its own.
        "其中税收收入占比提高到71.2%",
    ]


def test_target_list_introduced_otherwise_keeps_qualitative_targets() -> None:
    text = (
        "今年全市经济社会发展的主要预期目标建议为：地区生产总值增长5.5%左右；"
        "一般公共预算收入达到12.6亿元，同口径增长5%；外贸进出口总额保持稳定增长；"
        "城乡居民人均可支配收入增长与经济增长基本同步；单位地区生产总值能耗下降完成省下达目标任务。"
    )
    assert _quotes(text, "targets") == [
        "地区生产总值增长5.5%左右",
        "一般公共预算收入达到12.6亿元，同口径增长5%",
        "外贸进出口总额保持稳定增长",
        "城乡居民人均可支配收入增长与经济增长基本同步",
        "单位地区生产总值能耗下降完成省下达目标任务",
    ]


def test_concreteness_cues_beyond_the_bundled_wording() -> None:
    review = (
        "云台县经济开发区晋升为省级高新技术产业开发区，先进材料研究院正式揭牌，"
        "清水至临溪一级公路全线贯通，清水县被命名为省级平安县，梅岭区人民医院创成三级医院，"
        "我们积极培育市场主体，"
        "我们深入实施“制造强市”战略，深化“放管服”改革。"
    )
    assert _quotes(review, "review") == [
        "云台县经济开发区晋升为省级高新技术产业开发区",
        "先进材料研究院正式揭牌",
        "清水至临溪一级公路全线贯通",
        "清水县被命名为省级平安县",
        "梅岭区人民医院创成三级医院",
    ]
    plan = (
        "加快浙东大学先进材料研究院实体化运行，推进以县城为重要载体的新型城镇化建设，"
        "深入学习运用“千万工程”经验，推进居家和社区养老服务改革试点，加快地铁2号线梅岭段建设。"
    )
    assert _quotes(plan, "plan") == [
        "加快浙东大学先进材料研究院实体化运行",
        "推进居家和社区养老服务改革试点",
        "加快地铁2号线梅岭段建设",
    ]


def test_trillion_amounts_and_period_results() -> None:
    assert parse_indicator("全省生产总值达到5.6万亿元、增长5.3%") == Indicator(
        name="生产总值", value="5.6", unit="万亿元", change="5.3%"
    )
    assert parse_indicator("五年累计完成固定资产投资8600亿元") == Indicator(
        name="固定资产投资", value="8600", unit="亿元"
    )


def test_a_term_report_keeps_its_review_and_its_goals_apart() -> None:
    doc = document_from_text(
        "禾阳市人民政府工作报告\n一、过去五年工作回顾\n"
        "禾阳经济技术开发区升格为国家级经济技术开发区。\n"
        "五年来的成绩来之不易。在肯定成绩的同时，我们也清醒看到，产业层次总体偏低；县域经济实力偏弱。\n"
        "二、今后五年奋斗目标和主要任务\n"
        "今后五年的主要目标是：生产总值年均增长6.5%左右，到2026年突破3000亿元；"
        "一是建设现代产业强市，培育两个千亿级产业集群。\n"
    )
    summary = summarize(doc, Settings(engine="rules"))
    assert [i.quote for i in summary.achievements] == [
        "禾阳经济技术开发区升格为国家级经济技术开发区"
    ]
    assert [i.quote for i in summary.problems] == ["产业层次总体偏低", "县域经济实力偏弱"]
    assert [i.quote for i in summary.goals] == [
        "生产总值年均增长6.5%左右，到2026年突破3000亿元",
        "培育两个千亿级产业集群",
    ]


def test_holdout_summary_is_grounded_verbatim() -> None:
    report = HOLDOUT / "baixi-2025-workplan.txt"
    summary: ReportSummary = summarize(report, Settings(engine="rules"))
    text = report.read_bytes().decode("utf-8")  # spans index the file itself
    assert summary.goals and not summary.achievements
    for item in summary.items:
        assert text[item.start : item.end] == item.quote
