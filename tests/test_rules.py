"""The offline rules engine: clause segmentation, concreteness, indicators, statements, and
the whole engine on a report written for the test (tests/data/lanxi-2024-report.txt, with
wording and headings unlike the five bundled reports).

These tests pin the rules' own verdicts (``rules_only``). The clause model that has the
last word on a clause in the shipped engine is trained on labeled reports and judged on
them, leave one report out: tests/test_holdout_real.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import Settings, load_document, summarize
from summarizer.core.summary import ReportSummary
from summarizer.core.types import Category, Chunk, ExtractedItem, Indicator
from summarizer.engines.rules import RulesEngine, extract_items
from summarizer.engines.rules._clauses import Piece, clauses, points, sentences
from summarizer.engines.rules._learned import rules_only
from summarizer.indicators import PATTERNS, clean_name, parse_indicator, split_paired

DATA = Path(__file__).resolve().parent / "data"
LANXI = DATA / "lanxi-2024-report.txt"


def _texts(text: str, pieces: list[Piece]) -> list[str]:
    return [text[p.start : p.end] for p in pieces]


def _rules(chunk: Chunk) -> list[ExtractedItem]:
    """The items of ``chunk`` by the rules alone."""
    return extract_items(chunk, rules_only)


def _chunk(text: str, role: str, heading: str = "工作回顾") -> Chunk:
    return Chunk("c000", 0, text, 0, len(text), (heading,), role)  # type: ignore[arg-type]


# --- clause segmentation -------------------------------------------------------------


def test_comma_inside_quotes_and_brackets_does_not_split() -> None:
    text = (
        "开展“千名干部进千村，矛盾风险隐患大排查”活动，"
        "完成投资5000万元（含计划外2000万元，已拨付），新建学校3所"
    )
    sentence = sentences(text)[0]
    assert _texts(text, clauses(text, sentence)) == [
        "开展“千名干部进千村，矛盾风险隐患大排查”活动",
        "完成投资5000万元（含计划外2000万元，已拨付）",
        "新建学校3所",
    ]


def test_sentence_end_inside_quotes_does_not_split() -> None:
    text = "提出“先干起来。再说”的口号。完成投资3亿元。"
    assert _texts(text, sentences(text)) == ["提出“先干起来。再说”的口号", "完成投资3亿元"]


def test_enumerated_points_split_and_markers_are_stripped() -> None:
    text = "存在一些问题：一是经济总量偏小；二是财政收支矛盾突出，债务压力大；三是公共服务有差距。"
    got = _texts(text, points(text, sentences(text)[0]))
    assert got == ["存在一些问题", "经济总量偏小", "财政收支矛盾突出，债务压力大", "公共服务有差距"]


def test_points_without_semicolons_split_before_each_marker() -> None:
    text = "一是项目建设提速，完成投资8亿元二是招商引资落地，签约项目12个。"
    got = _texts(text, points(text, sentences(text)[0]))
    assert got == ["项目建设提速，完成投资8亿元", "招商引资落地，签约项目12个"]


def test_numbered_paragraphs_split_and_numbers_are_stripped() -> None:
    text = "1.新建改建中小学校舍12所。2.发放城乡低保资金3.6亿元。（3）建成澜溪第二水厂。"
    got = [t for s in sentences(text) for t in _texts(text, points(text, s))]
    assert got == ["新建改建中小学校舍12所", "发放城乡低保资金3.6亿元", "建成澜溪第二水厂"]


def test_semicolon_separated_points_split() -> None:
    text = "地区生产总值增长6%左右；城镇新增就业1.2万人；粮食产量稳定在42万吨以上。"
    got = _texts(text, points(text, sentences(text)[0]))
    assert got == ["地区生产总值增长6%左右", "城镇新增就业1.2万人", "粮食产量稳定在42万吨以上"]


def test_a_decimal_number_is_no_enumeration_marker() -> None:
    text = "3.6亿元低保资金全部发放到位。"
    assert _texts(text, points(text, sentences(text)[0])) == ["3.6亿元低保资金全部发放到位"]


# --- indicator pattern table ---------------------------------------------------------

PATTERN_CASES: list[tuple[str, str, Indicator]] = [
    (
        "level and growth",
        "地区生产总值完成21.17亿元，同比增长6.4%",
        Indicator(name="地区生产总值", value="21.17", unit="亿元", change="6.4%"),
    ),
    (
        "level and growth",
        "城乡居民人均可支配收入分别达到46035元和18219元，同比分别增长11.2%和14.7%",
        Indicator(
            name="城乡居民人均可支配收入", value="46035和18219", unit="元", change="11.2%和14.7%"
        ),
    ),
    (
        "from and to",
        "全市生产总值从2016年的1380亿元增加到2021年的2150亿元，年均增长6.9%",
        Indicator(name="生产总值", value="2150", unit="亿元", change="6.9%"),
    ),
    (
        "growth",
        "全社会固定资产投资增长15%以上，力争达到20%",
        Indicator(name="全社会固定资产投资", change="15%", qualifier="以上，力争达到20%"),
    ),
    (
        "growth",
        "地区生产总值增长6%左右",
        Indicator(name="地区生产总值", change="6%", qualifier="左右"),
    ),
    (
        "ceiling",
        "居民消费价格涨幅控制在3%以内",
        Indicator(name="居民消费价格涨幅", change="3%", qualifier="以内"),
    ),
    (
        "ceiling",
        "城镇调查失业率控制在5.5%以内",
        Indicator(name="城镇调查失业率", value="5.5", unit="%", qualifier="以内"),
    ),
    (
        "level",
        "粮食产量保持在2.64万吨以上",
        Indicator(name="粮食产量", value="2.64", unit="万吨", qualifier="以上"),
    ),
    (
        "level",
        "招商引资到位资金突破2.3亿元",
        Indicator(name="招商引资到位资金", value="2.3", unit="亿元", qualifier="突破"),
    ),
    (
        "level",
        "2023年农作物播种面积为9.7万余亩",
        Indicator(name="农作物播种面积", value="9.7", unit="万亩", qualifier="余"),
    ),
    (
        "level",
        "力争新增限额以上经营主体10家以上",
        Indicator(name="新增限额以上经营主体", value="10", unit="家", qualifier="力争…以上"),
    ),
    (
        "count first",
        "完成849户农村户厕改造",
        Indicator(name="农村户厕改造", value="849", unit="户"),
    ),
    (
        "count first",
        "严守10.14万亩耕地保护红线",
        Indicator(name="耕地保护红线", value="10.14", unit="万亩"),
    ),
]


@pytest.mark.parametrize(("kind", "clause", "expected"), PATTERN_CASES)
def test_indicator_pattern(kind: str, clause: str, expected: Indicator) -> None:
    assert parse_indicator(clause) == expected
    patterns = dict(PATTERNS)
    assert patterns[kind].match(clause.removeprefix("2023年")) is not None


def test_every_pattern_of_the_table_has_a_case() -> None:
    assert {name for name, _ in PATTERNS} == {kind for kind, _, _ in PATTERN_CASES}


def test_respectively_pairs_two_names_with_two_values() -> None:
    found = parse_indicator("居民消费价格涨幅、城镇调查失业率分别控制在3%和5%以内")
    assert found is not None
    assert split_paired(found) == [
        Indicator(name="居民消费价格涨幅", change="3%", qualifier="以内"),
        Indicator(name="城镇调查失业率", value="5", unit="%", qualifier="以内"),
    ]


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("稳定粮食播种面积在", "粮食播种面积"),
        ("全县地区生产总值", "地区生产总值"),
        ("积极争取", ""),
        ("顺利", ""),
        ("严守", ""),
        ("统筹规划、实施好", ""),
        ("按规定有序开展好", ""),
        ("先后对", ""),
        ("所有乡镇和", ""),
        ("工布江达县", ""),
    ],
)
def test_indicator_names_are_nouns_or_nothing(raw: str, name: str) -> None:
    assert clean_name(raw) == name


@pytest.mark.parametrize(
    "clause",
    [
        "顺利完成7个乡镇、56个村居的自治区级生态文明示范创建工作",
        "按规定有序开展好4个乡镇、14个村的创建工作",
        "先后对7个单位主要领导离任经济责任进行了审计",
        "贯通G318、G349、G317",
        "增长4.9亿元",
    ],
)
def test_no_indicator_rather_than_a_wrong_name(clause: str) -> None:
    assert parse_indicator(clause) is None


def test_verbs_in_front_of_a_count_leave_the_counted_thing() -> None:
    assert parse_indicator("统筹规划、实施好3个美丽宜居项目建设") == Indicator(
        name="美丽宜居项目建设", value="3", unit="个"
    )
    assert parse_indicator("积极争取5万千瓦光伏项目落地实施") == Indicator(
        name="光伏项目", value="5", unit="万千瓦"
    )


# --- concreteness and statements through the engine ----------------------------------


def _quotes(items: list[ExtractedItem]) -> list[str]:
    return [i.quote for i in items]


def test_rhetoric_and_slogans_are_no_items() -> None:
    text = (
        "我们坚持以人民为中心的发展思想，深化“三个意识”教育，推动“互联网+政务服务”走深走实，"
        "营商环境更加优化。建成澜溪第二水厂，新增学位6800个。"
    )
    assert _quotes(_rules(_chunk(text, "review"))) == ["建成澜溪第二水厂", "新增学位6800个"]


def test_programmes_and_named_places_are_goals_improvements_are_not() -> None:
    text = (
        "启动老旧小区改造提升工程，建立企业诉求快速响应机制，加快建设澜溪至青岭高速公路，"
        "持续优化营商环境，进一步完善工作机制。"
    )
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "启动老旧小区改造提升工程",
        "建立企业诉求快速响应机制",
        "加快建设澜溪至青岭高速公路",
    ]


def test_statement_carries_the_subject_into_clauses_that_omit_it() -> None:
    text = "市第一人民医院成功创建省级胸痛中心，完成手术救治184人。"
    items = _rules(_chunk(text, "review"))
    assert [(i.quote, i.statement) for i in items] == [
        ("市第一人民医院成功创建省级胸痛中心", "市第一人民医院成功创建省级胸痛中心"),
        ("完成手术救治184人", "市第一人民医院完成手术救治184人"),
    ]


def test_statement_drops_leading_connector_quote_keeps_it() -> None:
    items = _rules(_chunk("并形成了《澜溪市河道治理评估报告》。", "review"))
    assert [(i.quote, i.statement) for i in items] == [
        ("并形成了《澜溪市河道治理评估报告》", "形成了《澜溪市河道治理评估报告》")
    ]


def test_closing_remark_bare_amount_and_rate_join_their_count() -> None:
    text = (
        "招商引资到位资金2.31亿元，超额完成目标任务。援建项目7项，援助资金5000万元。"
        "高校毕业生就业418人，就业率99%。空气质量达标率100%，优良率100%。"
    )
    assert _quotes(_rules(_chunk(text, "review"))) == [
        "招商引资到位资金2.31亿元，超额完成目标任务",
        "援建项目7项，援助资金5000万元",
        "高校毕业生就业418人，就业率99%",
        "空气质量达标率100%",
        "优良率100%",
    ]


# --- the engine on a report it has never seen ----------------------------------------


@pytest.fixture(scope="module")
def lanxi() -> ReportSummary:
    return summarize(LANXI, Settings(engine="rules"), engine=RulesEngine(rules_only))


def _by_quote(summary: ReportSummary) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in summary.items:
        out.setdefault(item.category, []).append(item.quote)
    return out


def test_unseen_report_every_quote_is_verbatim(lanxi: ReportSummary) -> None:
    text = load_document(LANXI).span_text
    assert lanxi.items
    for item in lanxi.items:
        assert text[item.start : item.end] == item.quote
        assert item.grounding == "exact"


def test_unseen_report_headline_results_are_achievements_with_indicators(
    lanxi: ReportSummary,
) -> None:
    indicators = {i.quote: i.indicator for i in lanxi.achievements}
    assert indicators["全市地区生产总值实现356.8亿元，比上年增长5.9%"] == Indicator(
        name="地区生产总值", value="356.8", unit="亿元", change="5.9%"
    )
    assert indicators["城乡居民人均可支配收入分别达到41250元和19870元，同比分别增长5.2%和7.4%"] == (
        Indicator(
            name="城乡居民人均可支配收入", value="41250和19870", unit="元", change="5.2%和7.4%"
        )
    )
    assert indicators["全市森林覆盖率达到52.3%"] == Indicator(
        name="森林覆盖率", value="52.3", unit="%"
    )


def test_unseen_report_concrete_results_are_found(lanxi: ReportSummary) -> None:
    achievements = _by_quote(lanxi)["achievement"]
    for quote in (
        "澜溪第二水厂建成投用",
        "滨江大道全线通车",
        "澜溪高新区获批省级高新技术产业开发区",
        "成功举办第五届“山水澜溪”文化旅游节",
        # The schools and the seats they add are one result (the holdout labels join them).
        "新建改建中小学校舍12所，新增学位6800个",
        "出台《澜溪市河道管理条例》",
        "市第一人民医院通过三级甲等医院评审",
    ):
        assert quote in achievements
    # Headings, the opening summary and attitude sentences are not claims.
    joined = "".join(achievements)
    for rhetoric in ("产业发展提质增效", "稳中求进", "牢固树立", "工作总结"):
        assert rhetoric not in joined


def test_unseen_report_problems_are_the_enumerated_points(lanxi: ReportSummary) -> None:
    assert [p.quote for p in lanxi.problems] == [
        "经济总量偏小，产业结构不优，新的增长点支撑不足",
        "财政收支矛盾突出，债务化解压力较大",
        "教育、医疗等公共服务供给与群众期盼还有差距",
    ]


def test_unseen_report_targets_are_goals_one_per_indicator(lanxi: ReportSummary) -> None:
    targets = [(g.quote, g.indicator) for g in lanxi.goals if g.section == "2024年工作安排"]
    assert targets[:5] == [
        ("地区生产总值增长6%左右", Indicator(name="地区生产总值", change="6%", qualifier="左右")),
        (
            "全社会固定资产投资增长8%以上，力争达到10%",
            Indicator(name="全社会固定资产投资", change="8%", qualifier="以上，力争达到10%"),
        ),
        (
            "城镇调查失业率、居民消费价格涨幅分别控制在5.5%和3%以内",
            Indicator(name="城镇调查失业率", value="5.5", unit="%", qualifier="以内"),
        ),
        (
            "城镇调查失业率、居民消费价格涨幅分别控制在5.5%和3%以内",
            Indicator(name="居民消费价格涨幅", change="3%", qualifier="以内"),
        ),
        (
            "粮食产量稳定在42万吨以上",
            Indicator(name="粮食产量", value="42", unit="万吨", qualifier="以上"),
        ),
    ]


def test_unseen_report_planned_tasks_are_goals_rhetoric_is_not(lanxi: ReportSummary) -> None:
    goals = _by_quote(lanxi)["goal"]
    for quote in (
        "加快建设澜溪至青岭高速公路",
        "开工建设澜溪东站综合交通枢纽",
        "启动老旧小区改造提升工程",
        "改造老旧小区45个",
        "建立企业诉求快速响应机制",
        "举办第六届“山水澜溪”文化旅游节",
        "力争城镇新增就业1.2万人以上",
    ):
        assert quote in goals
    joined = "".join(goals)
    for rhetoric in ("三个着力", "着力提升服务水平", "团结一心", "2024年工作安排"):
        assert rhetoric not in joined


# --- goal cues -------------------------------------------------------------------------


def test_five_year_plans_and_term_campaigns_are_named_goals() -> None:
    text = (
        "深入实施“九五”普法，扎实开展燃气安全整治三年行动，科学谋划“十六五”交通布局，"
        "深入开展群众性文化活动。"
    )
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "深入实施“九五”普法",
        "扎实开展燃气安全整治三年行动",
        "科学谋划“十六五”交通布局",
    ]


def test_term_campaign_carried_on_is_no_result() -> None:
    text = "深入开展燃气安全整治三年行动。"
    assert _rules(_chunk(text, "review")) == []


def test_pledge_of_completion_joins_the_task_before_it() -> None:
    text = "加强对省级督察反馈问题的整改工作，确保全部整改完成。做好验收准备工作，确保顺利通过。"
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "加强对省级督察反馈问题的整改工作，确保全部整改完成",
        "做好验收准备工作，确保顺利通过",
    ]


def test_title_a_named_place_bids_for_is_a_goal_whatever_the_verb() -> None:
    text = (
        "深化青岭县、澜溪县旅游名县创建工作，坚持不懈推进双拥模范县创建工作，深化文明单位创建工作。"
    )
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "深化青岭县、澜溪县旅游名县创建工作",
        "坚持不懈推进双拥模范县创建工作",
    ]


def test_carrier_of_a_task_joins_it_or_stands_alone_when_named() -> None:
    text = (
        "以青岭杏花节、澜溪音乐节为载体，推进“引客入澜”行动。以青岭县为试点，新建充电桩120个。"
        "以“九五”普法终期验收为抓手，扎实做好法治宣传教育。以群众满意为重点，持续优化服务。"
    )
    items = _rules(_chunk(text, "plan", "工作安排"))
    assert [(i.quote, i.indicator.value if i.indicator else "") for i in items] == [
        ("以青岭杏花节、澜溪音乐节为载体，推进“引客入澜”行动", ""),
        ("以青岭县为试点，新建充电桩120个", "120"),
        ("以“九五”普法终期验收为抓手", ""),
    ]


def test_reform_under_a_slogan_name_is_a_goal_a_way_of_working_is_not() -> None:
    text = "推动“三变”改革，推进“1+3”财政管理改革，构建“政策+专班”工作模式，深化“放管服”改革。"
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "推动“三变”改革",
        "推进“1+3”财政管理改革",
    ]


def test_tasks_listed_with_enumeration_comma_are_one_item_each() -> None:
    text = (
        "加快完成《青岭镇旅游名镇规划》、实施G318沿线风貌提升工程。实施项目44个、完成投资4.8亿元。"
    )
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "加快完成《青岭镇旅游名镇规划》",
        "实施G318沿线风貌提升工程",
        "实施项目44个、完成投资4.8亿元",
    ]


def test_count_of_a_listed_method_is_no_number() -> None:
    text = (
        "抓好源头治理、排查调处、集体会商三个环节，改造提升金沙湾、老城区两大核心商圈，"
        "推动新能源、装备制造、绿色化工三大产业产值突破3500亿元。"
    )
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "改造提升金沙湾、老城区两大核心商圈",
        "推动新能源、装备制造、绿色化工三大产业产值突破3500亿元",
    ]


def test_holding_an_event_is_a_goal_only_when_the_event_is_named_or_counted() -> None:
    text = (
        "办好首届青岭茶文化大会，继续办好十件民生实事，办好第六届澜溪春茶节，"
        "高质量办好基础教育，扎实办好民生实事。"
    )
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "办好首届青岭茶文化大会",
        "继续办好十件民生实事",
        "办好第六届澜溪春茶节",
    ]


def test_tempo_formula_names_no_deliverable() -> None:
    text = "确保项目早落地、早开工、早见效，推动5个项目早开工、早投产。"
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == ["推动5个项目早开工、早投产"]


def test_generic_provinces_students_and_focus_areas_are_no_places() -> None:
    text = "推动对口支援省市招聘本地籍大学生，重点围绕交通、水利等领域，新建青岭大学图书馆。"
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == ["新建青岭大学图书馆"]


def test_what_is_built_on_a_place_is_a_goal_a_disposal_of_means_is_not() -> None:
    text = (
        "依托青岭高新区打造数字经济集聚区，将澜溪古镇景区打造为省级精品旅游区，"
        "把有限的财力用在改善民生上，依托交通区位优势。"
    )
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "依托青岭高新区打造数字经济集聚区",
        "将澜溪古镇景区打造为省级精品旅游区",
    ]


def test_rate_after_a_plain_task_makes_it_one_item() -> None:
    text = "认真办理人大代表建议和政协委员提案，办结率100%。"
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "认真办理人大代表建议和政协委员提案，办结率100%"
    ]


def test_plan_carried_out_under_its_name_is_a_goal() -> None:
    text = "持续推进全民参保计划，落实中小微企业就业支持计划，推进各项工作。"
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "持续推进全民参保计划",
        "落实中小微企业就业支持计划",
    ]


def test_checking_against_requirements_laying_bases_and_vague_growth_are_rhetoric() -> None:
    text = (
        "全面对照国家生态文明建设示范县指标要求，夯实我县创建基础，"
        "力争经开区工业产值大幅增长，力争经开区工业产值增长15%。"
    )
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == ["力争经开区工业产值增长15%"]


def test_money_and_what_it_pays_for_are_one_item() -> None:
    text = "安排资金148亿元，实施民生实事28项。省级援助资金2727万元，完成投资2727万元。"
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "安排资金148亿元，实施民生实事28项",
        "省级援助资金2727万元",
        "完成投资2727万元",
    ]


def test_investment_of_any_kind_joins_the_count_or_programme_before_it() -> None:
    text = "实施重点项目440个以上，完成政府投资132亿元以上。实施工业技改行动，完成技改投资300亿元。"
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "实施重点项目440个以上，完成政府投资132亿元以上",
        "实施工业技改行动，完成技改投资300亿元",
    ]


def test_drawing_up_a_list_standard_or_law_is_a_goal() -> None:
    text = "制定招商项目清单、责任清单，推动澜溪河保护条例立法，健全政策制定机制。"
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "制定招商项目清单、责任清单",
        "推动澜溪河保护条例立法",
    ]


def test_a_measure_register_or_market_set_up_is_a_goal() -> None:
    text = "探索建立国土空间规划监督实施办法，建立完善非遗保护项目库，建立城乡统一的建设用地市场。"
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "探索建立国土空间规划监督实施办法",
        "建立完善非遗保护项目库",
        "建立城乡统一的建设用地市场",
    ]


def test_machines_and_vehicles_counted_in_words_are_numbers() -> None:
    text = "逐步为各县配备一台综合健康体检车，增配两辆应急救护车，逐步提高服务能力。"
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "逐步为各县配备一台综合健康体检车",
        "增配两辆应急救护车",
    ]


def test_a_first_of_its_kind_is_a_rank() -> None:
    text = "建好用活全省首家少儿图书馆，青岭职业技术大学首批本科专业招生，用好用活各类阵地。"
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "建好用活全省首家少儿图书馆",
        "青岭职业技术大学首批本科专业招生",
    ]


def test_ports_pipes_shopping_streets_and_schools_are_places() -> None:
    text = (
        "加快青岭口岸开放步伐，推进城市地下管网建设，升级改造步行街、商业街，"
        "加快建设澜溪实验中学，加快推进中小学生各项工作。"
    )
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "加快青岭口岸开放步伐",
        "推进城市地下管网建设",
        "升级改造步行街、商业街",
        "加快建设澜溪实验中学",
    ]


def test_quantified_target_inside_a_slogan_is_a_goal() -> None:
    text = "稳步推进规上企业无研发机构和无研发活动“双清零”，深化“三个意识”教育。"
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "稳步推进规上企业无研发机构和无研发活动“双清零”"
    ]


def test_smart_or_digital_system_built_is_a_goal() -> None:
    text = "实施智慧广电建设，加快数字青岭、智慧城市建设，深化数字化校园建设。"
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "实施智慧广电建设",
        "加快数字青岭、智慧城市建设",
    ]


def test_system_named_by_its_type_only_is_no_deliverable() -> None:
    text = "加快构建废旧物资循环利用体系，逐步构建三级数字化诊疗体系，构建澜溪县物流配送体系。"
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "逐步构建三级数字化诊疗体系",
        "构建澜溪县物流配送体系",
    ]


def test_practice_rolled_out_under_a_quoted_name_is_a_goal() -> None:
    text = "全面推行“掌上办”“一次办”，扎实推进“五个针对”，深化“三个意识”教育。"
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == ["全面推行“掌上办”“一次办”"]


def test_school_built_and_the_seats_it_adds_are_one_item() -> None:
    text = "建成澜溪县第三小学，新增学位1350个。青岭中学建成投用，新增公办学位5400个。"
    assert _quotes(_rules(_chunk(text, "plan", "工作安排"))) == [
        "建成澜溪县第三小学，新增学位1350个",
        "青岭中学建成投用",
        "新增公办学位5400个",
    ]


# --- the clause model on top of the rules ----------------------------------------------


def test_a_clause_that_is_no_claim_in_form_is_never_an_item_whoever_judges() -> None:
    # Whatever a model says, a time alone, framing, a bare pledge, a list count or a note
    # in brackets is never asked about.
    text = (
        "截至目前，已与16个国家签署合作备忘录。2025年是“十四五”规划收官之年。"
        "确保如期开工建设。抓好四个重点。（责任部门：市数据局）"
    )
    asked: list[str] = []

    def yes(chunk_text: str, part: Piece, category: Category, rule: bool) -> bool:
        asked.append(chunk_text[part.start : part.end])
        return True

    items = extract_items(_chunk(text, "review"), yes)
    assert _quotes(items) == ["已与16个国家签署合作备忘录"]
    assert asked == ["已与16个国家签署合作备忘录"]


def test_the_clause_model_overrules_the_rules_only_when_sure() -> None:
    from summarizer.engines.rules._learned import OVERRULE, ClauseModel, features

    clause = "推进青岭大桥建设"
    text, part = clause, Piece(0, len(clause))
    assert "=bias" in features(clause, True)
    for rule in (True, False):
        # Only the bias weighs: the model's log-odds are z.
        for z, expected in ((OVERRULE + 0.1, True), (-OVERRULE - 0.1, False), (0.0, rule)):
            model = ClauseModel({"=bias": (z, 0.0, 0.0)})
            assert model.decide(text, part, "goal", rule) is expected, (rule, z)
    # Problems are not the model's to judge.
    assert ClauseModel({"=bias": (-9.0, 0.0, 0.0)}).decide(text, part, "problem", True)


def test_place_test_without_backtracking_agrees_with_the_place_pattern() -> None:
    from summarizer.engines.rules._concrete import PLACE, has_place

    text = LANXI.read_text(encoding="utf-8")
    for i in range(0, len(text) - 12):
        piece = text[i : i + 12]
        assert has_place(piece) == (PLACE.search(piece) is not None), piece
