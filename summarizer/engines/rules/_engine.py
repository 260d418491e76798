"""The offline engine: section roles decide the category, clause rules decide the items."""

from __future__ import annotations

import re
from dataclasses import replace

from summarizer import __version__
from summarizer.core.types import (
    Category,
    Chunk,
    ChunkExtraction,
    DocumentContext,
    ExtractedItem,
    Indicator,
)
from summarizer.engines.base import EngineInfo
from summarizer.engines.rules._clauses import Piece, clauses, listed, points, sentences, trim
from summarizer.engines.rules._concrete import (
    COMPLETED,
    EVENT,
    FRAMING,
    NUMBER,
    PLANNED,
    RHETORIC_LEAD,
    is_claim_form,
    is_concrete,
    is_concrete_claim,
    mask_slogans,
)
from summarizer.engines.rules._cues import SHORTFALL as _SHORTFALL
from summarizer.engines.rules._cues import sentence_category
from summarizer.engines.rules._learned import Decide, shipped_decide
from summarizer.indicators import parse_indicator, split_paired

_CATEGORY: dict[str, Category] = {
    "review": "achievement",
    "plan": "goal",
    "targets": "goal",
    "problems": "problem",
}

# A clause that continues the previous result: its number or comparison belongs with it.
_CONTINUATION = re.compile(
    r"^(?:同比|比上年|较上年|[比较]\s*\d{4}\s*年|年均|同口径|增速|增幅|占|其中|分别|均|位居|排名|"
    r"居全[国省区市县]|超额|"
    r"总[量数]|累计|创历史|再创|惠及|覆盖)"
)
# When the task before it is due: 推进…工程前期工作，力争年内获批立项 is one task.
_SCHEDULE = re.compile(r"^(?:力争|确保|争取)?(?:年内|年底前|年底|上半年|下半年)")
# A pledge that the task before it gets done, with no target of its own: 加强…整改工作，
# 确保全部整改完成 / 做好…准备，确保顺利通过 is one task.
_PLEDGE_TAIL = re.compile(
    r"^(?:确保|力争|争取)(?:全部|全面|顺利|如期|按期|按时|圆满|高质量)?(?:整改)?"
    r"(?:完成|通过|达标|验收|到位)[^\d，,]{0,6}$"
)
# A school built, then the seats it adds.
_SCHOOL = re.compile(r"(?:学校|小学|中学|幼儿园|学院|\d+所)$")
_SEATS = re.compile(r"^(?:可)?新增[\u4e00-\u9fff]{0,4}学位")
# Money set aside, then what it pays for: 统筹援藏资金500万元，实施提振消费专项行动.
_FUNDING = re.compile(r"(?:资金|经费|投资)[^，,]{0,10}?\d+(?:\.\d+)?[万亿]?元(?:以上|左右)?$")
# (完成了新华街东延 is a use; 完成投资2727万元 is a second amount, a result of its own.)
_FUNDED_USE = re.compile(
    r"^(?:实施|用于|建设|开展|推进|新建|改造|(?:完成了?|建成)(?![^，,]*\d[万亿千百]*元))"
)
# A clause that says what the one before it names or does: …九大基地，即旅游观光农业基地、…;
# 实施沃土工程，对全县耕地进行土壤化验.
_EXPLAINS = re.compile(r"^(?:即|也就是|包括)|^对[^，,]{2,20}(?:进行|实施|开展)")
# A breakdown that names a share of its own is an indicator of its own (其中税收占比…%).
# So does a named indicator with its own verb and amount (其中一般公共预算收入完成7.02亿元).
# So does a cumulative result of its own kind (累计建成开通5G基站达196.8万个).
_OWN_SHARE = re.compile(
    r"^其中.*(?:占比|比重|率)|^其中[^，,]{4,}?(?:完成|达到|达|实现)\d|"
    r"^累计(?:建成|开通|新增|培育|引进|实施|建设|创建|认定|获批|争取|帮助|带动)"
)
# A change with no name of its own: the growth of the amount before it (实现1288亿元，增长5.1%).
_BARE_CHANGE = re.compile(
    r"^(?:同比|比上年|较上年|同口径|年均)?(?:分别)?(?:增长|下降|增加|减少|提高)"
    r"\d+(?:\.\d+)?[%％倍](?:[和、]\d+(?:\.\d+)?[%％倍])*(?:以上|左右|以内)?$"
)
# Opening of the admitted-problems paragraph and of the commitment that closes it.
_PROBLEM_INTRO = re.compile(
    r"同时|清醒|认识到|也(?:要|必须|应)(?:清醒)?(?:地)?看到|道路上|面临(?:不少|诸多|一些)|"
    r"不容忽视|还有(?:一些|不少)(?:困难|问题|矛盾)|存在(?:一些|不少)|不少(?:困难|问题|矛盾)|矛盾和问题|"
    r"主要(?:表现|是)|存在[^，。]*等(?:问题|不足)|表现在[^，。]*方面|^回顾|"
    r"困难和(?:挑战|问题)|问题和不足|突出问题|表现(?:在|为)$|^(?:当前|目前|但是?|然而|不过)$"
)
# An enumeration marker opening a point: 一是, （一）.
_ENUMERATED = re.compile(
    r"(?:^|[。：:；;\s])(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)])"
)


def _marker_end(text: str, sentence: Piece) -> int:
    """Where the last enumeration marker in the sentence ends (the marker may open it, or
    follow its introduction: …突出表现在四个方面：一是…), or -1."""
    start = max(0, sentence.start - 5)
    found = list(_ENUMERATED.finditer(text, start, sentence.end))
    return found[-1].end() if found else -1


def _is_marked(text: str, sentence: Piece) -> bool:
    return _marker_end(text, sentence) >= 0


def _titled_points(text: str, found: list[Piece]) -> bool:
    """Whether the problems are enumerated as short titles, each followed by sentences that
    explain it (一是…不足。在…领域，…。二是…。…)."""
    marked = [i for i, s in enumerate(found) if _is_marked(text, s)]
    if len(marked) < 2:
        return False
    bounds = [*marked, len(found)]
    return all(
        bounds[k + 1] - bounds[k] >= 2 and found[i].end - _marker_end(text, found[i]) <= 20
        for k, i in enumerate(marked)
    )


# The introduction run into the first problem: 主要是创新能力不强 → 创新能力不强.
_LEADING_INTRO = re.compile(r"主要(?:是|表现(?:在|为))(?=[\u4e00-\u9fff]{4})")
_PROBLEM_CLOSE = re.compile(r"^(?:对此|对于这些问题|对这些问题|我们将|我们一定|我们要|针对)")
_TARGET_INTRO = re.compile(
    r"(?:预期)?目标(?:建议为|建议是|确定为|设定为|是|为|如下)?$|^(?:今年|明年|\d{4}年).{0,12}目标"
)
# A clause that opens with an adverb or a verb has no subject of its own (成功创建…,
# 完成投资…); one that opens with a noun phrase before its first verb has one.
_PREDICATE_START = re.compile(
    r"(?:积极|持续|全力|全面|大力|加快|进一步|深入|扎实|有序|稳步|切实|着力|认真|累计|共|已|先后|"
    r"成功|顺利|圆满|率先|首次|新|再|均|并|还|又|同时)?"
    r"(?:完成|实现|建成|实施|开展|推进|推动|建设|打造|创建|成为|获得|获评|荣获|入选|列入|通过|"
    r"举办|召开|成立|组建|设立|出台|印发|制定|编制|启动|开工|新增|新建|改造|引进|培育|落实|"
    r"争取|申报|组织|办理|解决|发放|提供|接待|达到|达|突破|增长|下降|提高|保持|稳定|确保|力争|"
    r"形成|签订|签署|开通|投用|被|获)"
)
_TIME_LEAD = re.compile(r"^(?:\d{4}年(?:以来|度)?|全年|今年|去年|一年来|年内)[，,]?")
_NOT_SUBJECT = re.compile(
    r"\d|[的和、与及]$|^(?:在|对|以|按|通过|围绕|依托|为|把|将|从|经过|截至|向|与|同|由|能够|夯实)"
)
# Connectors that open a clause but belong to no statement: 并形成了… → 形成了….
_LEAD_CONNECTOR = re.compile(r"^(?:并且|并|同时|此外|另外|而且|还)(?=[\u4e00-\u9fff]{2})")


class RulesEngine:
    """Deterministic extraction from section roles and clause rules; no network. The
    verdict on each clause is the shipped clause model's (``_learned``) unless ``decide``
    says otherwise (``rules_only``: the rules' own)."""

    def __init__(self, decide: Decide | None = None) -> None:
        # The rules read the vocabulary of Chinese reports: nothing else.
        self.info = EngineInfo(engine="rules", model=f"rules-{__version__}", languages=("zh",))
        self._decide = decide

    async def extract(self, chunk: Chunk, context: DocumentContext) -> ChunkExtraction:
        """Items of one chunk (the category follows the chunk's role)."""
        return ChunkExtraction(chunk_id=chunk.id, items=tuple(extract_items(chunk, self._decide)))


def extract_items(chunk: Chunk, decide: Decide | None = None) -> list[ExtractedItem]:
    """The items of ``chunk`` by its role: review → achievements, plan and targets →
    goals, problems → problems. A chunk whose role is unknown (``other``) is read sentence
    by sentence, each by its own cues (``sentence_category``); the opening address, the
    closing appeal and a glossary yield nothing. ``decide`` gives the verdict on each
    clause (default: the shipped clause model)."""
    decide = decide or shipped_decide
    if chunk.role == "other":
        return _mixed(chunk.text, decide)
    category = _CATEGORY.get(chunk.role)
    if category is None:
        return []
    if chunk.role == "problems":
        return _problems(chunk.text)
    if chunk.role == "targets":
        return _targets(chunk.text) or _claims(chunk.text, "goal", decide)
    return _claims(chunk.text, category, decide)


def _mixed(text: str, decide: Decide) -> list[ExtractedItem]:
    """Items of text whose section states no role: each sentence is an achievement, a
    goal or a problem by its own cues, or nothing."""
    items: list[ExtractedItem] = []
    for sentence in sentences(text):
        category = sentence_category(text[sentence.start : sentence.end])
        if category == "problem":
            items.extend(_problems(text, [sentence]))
        elif category is not None:
            items.extend(_claims(text, category, decide, [sentence]))
    return items


def _item(
    text: str, category: Category, piece: Piece, subject: str = "", *, indicator: bool = True
) -> ExtractedItem:
    quote = text[piece.start : piece.end]
    statement = _LEAD_CONNECTOR.sub("", quote)
    if subject and _PREDICATE_START.match(statement) and not statement.startswith(subject):
        statement = subject + statement
    found = parse_indicator(quote) if indicator else None
    return ExtractedItem(category=category, statement=statement, quote=quote, indicator=found)


def _claims(
    text: str, category: Category, decide: Decide, only: list[Piece] | None = None
) -> list[ExtractedItem]:
    items: list[ExtractedItem] = []
    for sentence in sentences(text) if only is None else only:
        if _is_heading_line(text, sentence) or _is_list_header(text, sentence):
            continue
        admitted = _admitted_list(text, sentence) if category == "achievement" else None
        if admitted is not None:
            # 这一年，我们仍留有不少遗憾：…；…: problems admitted inside the review.
            items.extend(_problems(text, [admitted]))
            continue
        if _is_marked_title(text, sentence) and not (
            category == "goal" and _is_deliverable_title(text[sentence.start : sentence.end])
        ):
            continue
        for point in points(text, sentence):
            parts = clauses(text, point)
            if len(parts) == 1 and _is_point_title(text, point):
                continue
            if category == "goal":
                parts = [task for part in parts for task in _tasks(text, part)]
            subject = ""
            previous: Piece | None = None
            skipped: Piece | None = None
            lead_in: Piece | None = None
            deadline: Piece | None = None
            for part in parts:
                clause = text[part.start : part.end]
                # The latest named actor is the subject of the clauses that omit theirs.
                subject = _subject_of(text, part) or subject
                if previous is not None and _joins_previous(
                    text[previous.start : previous.end], clause
                ):
                    merged = Piece(previous.start, part.end)
                    items[-1] = _item(text, category, merged, subject)
                    previous = merged
                    continue
                if lead_in is not None:
                    # 以…为载体，推进…行动: the carrier and the task are one item.
                    if is_concrete(clause, category):
                        previous = Piece(lead_in.start, part.end)
                        # The indicator is the task's, not the carrier's.
                        joined = _item(text, category, previous, subject, indicator=False)
                        items.append(replace(joined, indicator=parse_indicator(clause)))
                        lead_in = None
                        continue
                    _flush_lead_in(text, category, lead_in, items)
                    lead_in = None
                if category == "goal" and _LEAD_IN.match(clause):
                    lead_in, previous, skipped = part, None, None
                    continue
                if category == "goal" and _DEADLINE.fullmatch(clause):
                    deadline, previous, skipped = part, None, None
                    continue
                if deadline is not None:
                    # 年底前，基本实现…: a task with a date is a concrete target.
                    dated = Piece(deadline.start, part.end)
                    deadline = None
                    if _is_dated_task(clause):
                        items.append(_item(text, category, dated, subject))
                        previous, skipped = dated, None
                        continue
                if skipped is not None and (
                    _PLEDGE_TAIL.match(clause) or _SHORT_RATE.match(clause)
                ):
                    # The pledge or the rate makes the task before it a deliverable of its
                    # own (认真办理代表建议，办结率100%).
                    previous = Piece(skipped.start, part.end)
                    items.append(_item(text, category, previous, subject))
                    skipped = None
                    continue
                if is_claim_form(clause) and decide(
                    text, part, category, is_concrete_claim(clause, category)
                ):
                    items.append(_item(text, category, part, subject))
                    previous, skipped = part, None
                else:
                    previous, skipped = None, part
            if lead_in is not None:
                _flush_lead_in(text, category, lead_in, items)
    return [one for item in items for one in _expand_paired(item)]


# A deadline alone, leading the task it dates: 年底前, 年内, 6月底前, 到2025年, 力争2026年底前.
_DEADLINE = re.compile(
    r"(?:力争|确保|争取)?(?:(?:到|至)?\d{4}年(?:底|末)?前?|(?:今)?年(?:底|内)前?|上半年|下半年|"
    r"[\d一二三四五六七八九十]{1,2}月(?:底|末)?前)"
)


def _is_dated_task(clause: str) -> bool:
    """A clause after a deadline states a target unless it is rhetoric or framing
    (到2025年，是…之年)."""
    return len(clause) >= 6 and not FRAMING.search(clause) and not RHETORIC_LEAD.match(clause)


# A planned task opens with its verb: 开展…专项行动、实施…工程 lists two tasks.
_TASK_VERB = re.compile(
    r"(?:加快|积极|持续|深入|扎实|全面|大力|有序|稳步)?(?:开展|实施|推进|推动|建设|建成|完成|"
    r"打造|启动|新建|改造|举办|编制|制定|出台|创建|申报|争创)"
)


def _tasks(text: str, clause: Piece) -> list[Piece]:
    """The tasks of a clause that lists several with 、, each opening with its own verb
    (加快完成《…规划》、实施…工程); the clause itself otherwise."""
    members = listed(text, clause)
    if len(members) > 1 and all(
        m.end - m.start >= 6 and _TASK_VERB.match(text, m.start, m.end) for m in members
    ):
        return members
    return [clause]


# A clause naming the carrier or focus of the planned task after it: 以…文化节为载体,
# 以…县为试点.
_LEAD_IN = re.compile(
    r"^以(?P<focus>[^，,]{2,30})为(?:载体|抓手|牵引|重点|试点|突破口|依托|龙头|平台)$"
)


def _flush_lead_in(
    text: str, category: Category, lead_in: Piece, items: list[ExtractedItem]
) -> None:
    """A carrier with no concrete task after it is an item of its own when it names a
    concrete thing (以“八五”普法终期考评验收为抓手)."""
    found = _LEAD_IN.match(text[lead_in.start : lead_in.end])
    if found is not None and is_concrete(found.group("focus"), category):
        items.append(_item(text, category, lead_in))


def _expand_paired(item: ExtractedItem, *, ceilings_only: bool = True) -> list[ExtractedItem]:
    """One item per indicator where 分别 pairs two names with two values, on the same
    quote (居民消费价格涨幅、城镇调查失业率分别控制在3%和5%以内). Outside the targets
    paragraph only ceilings pair indicators: 民航客运、货邮吞吐量分别增长… reports one result."""
    if item.indicator is None or "分别" not in item.quote:
        return [item]
    if ceilings_only and "控制在" not in item.quote:
        return [item]
    paired = split_paired(item.indicator)
    if len(paired) == 1:
        return [item]
    return [
        ExtractedItem(item.category, _paired_statement(item.quote, ind), item.quote, ind)
        for ind in paired
    ]


# A short closing remark on the result before it: 超额完成目标任务, 排名全市前列, 均再创历史新高.
_RESULT_TAIL = re.compile(
    r"^(?:超额|全部|均|已全部|如期|提前|圆满|(?:总量)?(?:跃居|位居|位列|排名|名列)|居全[国省区市县]|"
    r"增速(?:位居|排名)?全)"
)
# An amount that belongs to the count or programme before it: 援助资金5000万元, 总投资6725万元,
# 完成技改投资300亿元, 1112万元.
_BARE_AMOUNT = re.compile(
    r"^(?:共计|合计|共|总计)?(?:年度|全年)?(?:(?:计划|累计)?完成(?:年度)?)?"
    r"(?:[\u4e00-\u9fff]{0,2}?(?:资金|投资额|投资))?(?:达到|达|为)?\d+(?:\.\d+)?"
    r"[^\d，,]{0,4}(?:（[^）]*）)?$"
)


_SHORT_RATE = re.compile(r"^[\u4e00-\u9fff]{1,3}率(?:均|分别)?(?:达到|达|为)?\d+(?:\.\d+)?[%％]$")


def _is_bare_amount(clause: str) -> bool:
    return _BARE_AMOUNT.match(clause) is not None


def _joins_previous(previous: str, clause: str) -> bool:
    """Whether ``clause`` completes the item of ``previous`` (evals/GUIDELINES.md: two
    clauses that describe one result, the action and its number, are one item)."""
    has_digits = re.search(r"\d", mask_slogans(clause)) is not None
    if _SCHEDULE.match(clause) or _PLEDGE_TAIL.match(clause):
        return True
    if _EXPLAINS.match(clause):
        return True
    if _SCHOOL.search(previous) and _SEATS.match(clause):
        # 建成…第三小学，新增学位1350个: the school and the seats it adds.
        return True
    if _FUNDING.search(previous) and _FUNDED_USE.match(clause):
        # 安排资金148亿元，实施民生实事28项: the money and what it pays for.
        return True
    if _OWN_SHARE.match(clause):
        return False
    if (_CONTINUATION.match(clause) or _BARE_CHANGE.match(clause)) and has_digits:
        return True
    if _RESULT_TAIL.match(clause) and len(clause) <= 12:
        return True
    if not has_digits:
        return False
    if _SHORT_RATE.match(clause) and not re.search(r"[%％]$", previous):
        # 应届高校生实现就业418人，就业率99%: the rate of the count before it.
        return True
    if re.match(r"(?:年度|全年|计划)?完成", clause) and re.search(r"\d[万亿千百]*元", previous):
        # 援助资金2727万元，完成投资2727万元: two amounts, two results; after a count
        # (实施项目412个，完成投资1036亿元) the investment is the count's.
        return False
    return _is_bare_amount(clause)


# A subject is a named actor: 全县, 我区, 县人民医院, 市政务服务中心, 投资公司.
_ACTOR = re.compile(
    r"^(?:全[县市区州省]|我[县市区州省])$|"
    r"(?:县|市|区|州|省|镇|乡|村|院|局|委|办|中心|公司|政府|集团|企业|部门|学校|医院|队|社)$"
)
_VERB_OR_ADVERB_LEAD = re.compile(
    r"^(?:不断|持续|深化|巩固|多渠道|严格|科学|加大|加强|全面|准确|狠抓|常态化|接续|大力|积极|"
    r"加快|推动|推进|强化|优化|提升|提高|坚持|围绕|聚焦|紧盯|着力|深入|扎实|全力|统筹|做好|抓好)"
)


def _subject_of(text: str, first: Piece) -> str:
    """The named actor before the first verb of a clause (县人民医院成功创建… →
    县人民医院), or '' when the clause opens with its predicate."""
    clause = _TIME_LEAD.sub("", text[first.start : first.end])
    found = _PREDICATE_START.search(clause)
    if found is None:
        return ""
    subject = clause[: found.start()]
    if (
        2 <= len(subject) <= 12
        and not _NOT_SUBJECT.search(subject)
        and not _VERB_OR_ADVERB_LEAD.match(subject)
        and _ACTOR.search(subject)
        and not PLANNED.search(subject)
        and not COMPLETED.search(subject)
    ):
        return subject
    return ""


def _is_heading_line(text: str, sentence: Piece) -> bool:
    """A line of its own without sentence punctuation: a heading kept in the chunk text."""
    after = text[sentence.end : sentence.end + 1]
    return after in ("", "\n") and sentence.end - sentence.start < 40


_TITLE_MARKER = re.compile(
    r"[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d{1,2}[.．、]"
)


def _is_marked_title(text: str, sentence: Piece) -> bool:
    """（五）统筹推进城乡融合发展。 / 9.持续加快城市建设。: a numbered heading sentence
    with its body after it on the line. A numbered line that is one sentence alone is a
    task of a list (工作要点: 3. 建成白溪古镇游客服务中心。), not a title."""
    line_start = text.rfind("\n", 0, sentence.start) + 1
    lead = text[line_start : sentence.start].strip()
    body = text[sentence.start : sentence.end]
    line_end = text.find("\n", sentence.end)
    rest = text[sentence.end + 1 : len(text) if line_end < 0 else line_end].strip()
    return (
        bool(lead)
        and bool(rest)
        and _TITLE_MARKER.fullmatch(lead) is not None
        and len(body) <= 30
        and not re.search(r"\d", body)
    )


def _is_deliverable_title(title: str) -> bool:
    """10.制定上海量子城市空间智能营造导则。…: a numbered task title that names its
    deliverable (drawn up, built, named) is a goal itself (evals/GUIDELINES.md: a task
    heading is an item when it carries a concrete target)."""
    return EVENT.search(title) is not None and is_concrete(title, "goal")


def _is_list_header(text: str, sentence: Piece) -> bool:
    """8. 加快推进重大交通水利项目：⏎（1）…: the line introduces the tasks listed below it."""
    after = text[sentence.end : sentence.end + 2]
    return after[:1] in ("：", ":") and after[1:] in ("", "\n")


_POINT_MARKER = re.compile(r"[一二三四五六七八九十]+是")


def _is_point_title(text: str, point: Piece) -> bool:
    """一是项目建设再提速。: an enumerated point's title, not a claim."""
    before = text[max(0, point.start - 2) : point.start]
    return (
        bool(_POINT_MARKER.fullmatch(before))
        and point.end - point.start <= 14
        and not re.search(r"\d", text[point.start : point.end])
    )


# Words of the sentence that admits the problems (在肯定成绩的同时，我们也清醒看到…).
_ADMISSION = re.compile(
    r"清醒|认识到|看到|存在(?:一些|不少)|困难和|问题和不足|不足和问题|(?:面临|还有)(?:不少|一些|诸多)"
)


# The lead of a list of shortcomings inside a review: 我们仍留有不少遗憾：…, 工作中还存在
# 一些不足：…, 面临的困难和问题主要是：….
_ADMITTED_LEAD = re.compile(
    r"遗憾|(?:存在|留有|还有|仍有|面临|看到|认识到)[^，,：:]{0,12}(?:不足|问题|困难|差距|短板|弱项|缺点|挑战)"
)
_REMEDY_LEAD = re.compile(r"针对|解决|破解|化解|聚焦|围绕|着力|为")


def _admitted_list(text: str, sentence: Piece) -> Piece | None:
    """The list after the colon of a sentence whose lead admits shortcomings, or None."""
    body = text[sentence.start : sentence.end]
    colon = max(body.find("："), body.find(":"))
    if colon < 0:
        return None
    lead = body[:colon]
    if (
        len(lead) > 40
        or re.search(r"\d", lead)
        or _ADMITTED_LEAD.search(lead) is None
        or _REMEDY_LEAD.match(lead)
    ):
        return None
    return trim(text, Piece(sentence.start + colon + 1, sentence.end))


# A list left open (…，等等) and the lead to its worst points (特别是…, 尤其是…).
_ET_CETERA = re.compile(r"等等?")
_ESPECIALLY = re.compile(r"(?:特别|尤其)是(?=[\u4e00-\u9fff]{4})")


def _admits(sentence: str) -> bool:
    """Whether a sentence admits problems or names a shortfall."""
    return _ADMISSION.search(sentence) is not None or _SHORTFALL.search(sentence) is not None


def _problems(text: str, only: list[Piece] | None = None) -> list[ExtractedItem]:
    items: list[ExtractedItem] = []
    found = sentences(text) if only is None else only
    # A remark before the admission (五年来的成绩来之不易。我们也清醒看到…; 当前，…正处于
    # …的关键时期。) closes the review or sets the scene: the problems start with the first
    # sentence that admits or names a shortfall.
    if (
        len(found) > 1
        and found[0].end - found[0].start <= 30
        and not _admits(text[found[0].start : found[0].end])
        and any(_admits(text[s.start : s.end]) for s in found[1:3])
    ):
        found = found[1:]
    titled = _titled_points(text, found)
    for sentence in found:
        if _is_heading_line(text, sentence):
            continue
        if titled and not _is_marked(text, sentence):
            # 一是关键领域创新能力不足。在操作系统…落后于国际先进水平。: where every point is a
            # short title explained by the sentences after it, the titles are the problems.
            continue
        for point in points(text, sentence):
            parts = clauses(text, point)
            # Drop the introduction (我们也清醒地认识到…主要表现在) in front of the first point.
            while parts and _PROBLEM_INTRO.search(text[parts[0].start : parts[0].end]):
                lead = _LEADING_INTRO.match(text, parts[0].start, parts[0].end)
                if lead is not None:
                    parts = [Piece(lead.end(), parts[0].end), *parts[1:]]
                    break
                parts = parts[1:]
            if not parts:
                continue
            first = text[parts[0].start : parts[0].end]
            if _PROBLEM_CLOSE.match(first):
                continue
            # …，等等: the list goes on; 特别是…: the worst of them. Neither is a claim.
            while len(parts) > 1 and _ET_CETERA.fullmatch(text[parts[-1].start : parts[-1].end]):
                parts = parts[:-1]
            lead = _ESPECIALLY.match(text, parts[0].start, parts[0].end)
            if lead is not None:
                parts = [Piece(lead.end(), parts[0].end), *parts[1:]]
            span = Piece(parts[0].start, parts[-1].end)
            items.append(_item(text, "problem", span, indicator=False))
    return items


def _targets(text: str) -> list[ExtractedItem]:
    """Headline targets: one item per indicator (points split at ；, then clauses at ，);
    力争 stays with its floor, and 分别 with two names gives one item per name on the same
    quote."""
    items: list[ExtractedItem] = []
    for sentence in sentences(text):
        if _is_heading_line(text, sentence):
            continue
        body_start = sentence.start
        listed = False
        colon = max(
            text.rfind("：", sentence.start, sentence.end),
            text.rfind(":", sentence.start, sentence.end),
        )
        if colon >= 0 and _TARGET_INTRO.search(text[sentence.start : colon]):
            body_start = colon + 1
            listed = True
        elif not NUMBER.search(text[sentence.start : sentence.end]):
            continue
        for point in points(text, Piece(body_start, sentence.end)):
            groups: list[Piece] = []
            for p in clauses(text, point):
                clause = text[p.start : p.end]
                if groups and (
                    clause.startswith("力争")
                    or _BARE_CHANGE.match(clause)
                    or _BY_YEAR.match(clause)
                ):
                    groups[-1] = Piece(groups[-1].start, p.end)
                else:
                    groups.append(p)
            for g in groups:
                clause = text[g.start : g.end]
                if NUMBER.search(_YEAR.sub("", clause)) or (
                    listed and _QUALITATIVE_TARGET.search(clause)
                ):
                    target = ExtractedItem("goal", clause, clause, parse_indicator(clause))
                    items.extend(_expand_paired(target, ceilings_only=False))
    return items


_YEAR = re.compile(r"\d{4}年")
# The level a growth target reaches by a year: …年均增长6.5%左右，到2026年突破3000亿元.
_BY_YEAR = re.compile(r"^(?:到|至)\d{4}年(?:底|末)?(?:突破|达到|超过)")
# A target named without a figure in the list of targets: 外贸进出口保持稳定增长, 收入增长与
# 经济增长基本同步, 能耗下降完成上级下达目标任务.
_QUALITATIVE_TARGET = re.compile(
    r"^[\u4e00-\u9fff]{2,}(?:保持|实现)?(?:稳定|平稳)?(?:增长|下降)|同步$|完成.{0,8}(?:目标|任务)$"
)


def _paired_statement(quote: str, indicator: Indicator) -> str:
    amount = indicator.change or f"{indicator.value}{indicator.unit}"
    if "控制在" in quote:
        return f"{indicator.name}控制在{amount}{indicator.qualifier}"
    verb = "下降" if "下降" in quote else "增长"
    return f"{indicator.name}{verb}{amount.removeprefix(verb)}{indicator.qualifier}"
