"""Role guesses for sections and paragraphs, from the general vocabulary of work reports.

A section's role comes first from the words of its heading that name one (工作回顾, 存在的
问题, 主要预期目标, 重点工作). A heading that names none is read for what it says about time
and genre, and its body for its verbs (``content_role``): the year it names against the
report's own year (2025年主要工作 in a 2025 report is the plan, 2021年主要工作情况 in a
summary dated 2022 the review), genre words (情况, 总结, 成效 against 计划, 安排, 打算, 思路),
time words (过去, 以来 against 今后, 下一步), and whether its paragraphs report what was
done (完成, 实现, 建成, 同比增长…%) or say what is to be done (要, 将, 力争, 确保). Paragraphs
refine the section's role: the admitted-problems paragraph usually sits inside the review
(清醒地认识到…), the headline targets inside the plan (主要预期目标…); in a report with no
headings at all, each paragraph gets its role from the same cues.
"""

from __future__ import annotations

import re

from summarizer.core.types import Role

_REVIEW = re.compile(
    r"回顾|一年来|过去[一五]?年|过去的一年|工作总结|主要成[效绩就]|取得的成[绩效]|总结"
)
_PLAN = re.compile(
    r"重点工作|工作安排|工作要点|工作计划|工作打算|工作任务|主要任务|重点任务|工作部署|工作思路|"
    r"总体要求|目标任务|下一步|今后|展望"
)
_TARGETS = re.compile(r"预期目标|主要目标|目标任务")
# A heading that names the tasks beside the targets (总体要求、目标任务和重点工作) opens the
# plan; its targets paragraph is found by its own opening words.
_TASKS = re.compile(r"重点工作|工作安排|主要任务|重点任务|工作部署")
_PROBLEMS_HEADING = re.compile(
    r"(?:存在|面临)的?(?:主要|突出)?(?:问题|困难|不足|短板|差距)|^(?:主要|突出|当前)?(?:问题|不足)$|"
    r"工作中的?(?:不足|问题)|不足之处|(?:问题|困难|短板)[和与]不足|不足和问题|困难和(?:挑战|问题)|困难挑战|短板弱项|差距和不足"
)

# Opening words of the admitted-problems paragraph.
_PROBLEMS_LEAD = re.compile(
    r"(?:清醒|深刻)(?:地)?(?:认识|看到)|也(?:要|必须|应)(?:清醒)?(?:地)?看到|存在(?:的)?(?:一些|不少)?(?:问题|不足|困难|缺点)|"
    r"存在[^，。；]{2,16}等(?:问题|不足|短板)|问题和不足|"
    r"困难和(?:问题|挑战)|矛盾和问题|不足之处|短板弱项|差距和不足|不容忽视|"
    r"(?:面临|还有|仍有)(?:不少|一些|诸多)(?:困难|问题|挑战|矛盾|短板)"
)
_TARGETS_LEAD = re.compile(r"主要预期目标|预期目标是|主要目标是|发展目标是")
# A paragraph that calls what it has just said problems (…，等等。对这些问题，我们会高度
# 重视): the admission, whatever its opening words (当前，…正处于…关键时期).
_PROBLEMS_REFERRED = re.compile(
    r"(?:对|针对|解决|正视)(?:于)?(?:这些|上述|以上|前述)(?:问题|困难|矛盾|不足|短板|挑战)"
)
# Words that admit a shortfall (不足, 滞后, 尚未, 还不强…); two or more make the paragraph
# that refers to them as problems an admission, not a pledge.
_SHORTFALL_WORD = re.compile(
    r"不足|不够|不强|不高|不优|不平衡|不充分|不完善|不健全|薄弱|滞后|短板|弱项|有待|亟待|尚未|"
    r"还需|仍需|承压|压力较?大|困难|矛盾突出|隐患|不容忽视|偏低|偏小|偏弱|缺乏|差距"
)
_CLOSING_LEAD = re.compile(r"^(?:各位代表|同志们)[，,！!]")


# A numbered line under the targets heading that states a target itself (1. 地区生产总值增长
# 6.5%左右。): a list of targets, not sub-sections of another kind.
_TARGET_LINE = re.compile(r"\d.*(?:增长|下降|控制在|达到|稳定在|保持|提高|以上|以内|左右|[%％])")


def child_of_targets_role(title: str) -> Role:
    """The role of a heading nested under the targets section: a stated target stays a
    target; any other heading (a plan's numbered task group) is ``other``."""
    return "targets" if _TARGET_LINE.search(title) else "other"


# The closing part of a plan (保障措施, 组织保障, 工作要求): how the tasks will be driven,
# not tasks.
_MEASURES_HEADING = re.compile(r"^(?:保障措施|组织保障|工作保障|保障机制|工作要求|有关要求)$")


# A glossary or note on terms explains words; it claims nothing.
_GLOSSARY = re.compile(r"名词解释|名词释义|术语解释|用语说明|名词说明|注释$")


# The situation a report faces (当前面临的总体形势, 机遇和挑战): neither a review nor a plan.
_SITUATION = re.compile(r"形势|机遇(?:和|与)挑战")


def heading_role(title: str) -> Role | None:
    """The role a heading announces, or None when it says nothing about one."""
    if _MEASURES_HEADING.match(title.strip()):
        return "measures"
    if _GLOSSARY.search(title):
        return "glossary"
    if _TARGETS.search(title):
        return "plan" if _TASKS.search(title) else "targets"
    if _PROBLEMS_HEADING.search(title):
        return "problems"
    if _REVIEW.search(title) or _ACCOUNT_OF.search(title):
        return "review"
    if _PLAN.search(title):
        return "plan"
    return None


# An account of how a plan went: 重点任务完成情况, 2024年工作计划执行情况.
_ACCOUNT_OF = re.compile(r"(?:完成|执行|落实|推进|进展|开展|实施)情况$")


_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}
# A year as written in a report: 2025年 or 二〇二五年.
YEAR = re.compile(
    r"(?<![\d〇零○一二三四五六七八九])(20\d{2}|二[〇零○][〇零○一二三四五六七八九]{2})年"
)
DATED_WORK_HEADING = re.compile(rf"^{YEAR.pattern}.{{0,12}}工作")


def year_value(year: str) -> int:
    """``2025`` or ``二〇二五`` → 2025."""
    return int("".join(str(_CN_DIGIT.get(c, c)) for c in year))


def dated_heading_role(title: str, report_year: int | None) -> Role | None:
    """``2024年主要工作成效`` / ``2025年的工作``: a heading that names a year of work but no
    role word is the review when its year is before the report's, the plan otherwise."""
    m = DATED_WORK_HEADING.match(title)
    if m is None or report_year is None:
        return None
    return "review" if year_value(m.group(1)) < report_year else "plan"


def document_role(title: str) -> Role:
    """The role of text under no heading, from the document title: a 工作要点 is a plan, a
    工作总结 or a 情况报告 an account; a title that names both (工作总结和工作计划) neither."""
    plan = re.search(r"工作要点|工作计划|工作安排|实施方案|行动方案|规划", title)
    account = re.search(r"总结|情况的?报告|年度报告|成效", title)
    if plan and not account:
        return "plan"
    if account and not plan:
        return "review"
    return "other"


def _refers_to_problems(text: str) -> bool:
    """Whether the paragraph's last sentences call what it said problems, and it said
    shortfalls (see ``_PROBLEMS_REFERRED``)."""
    tail = text.rstrip()[-60:]
    return _PROBLEMS_REFERRED.search(tail) is not None and len(_SHORTFALL_WORD.findall(text)) >= 2


def paragraph_role(text: str, section_role: Role, *, after_last_heading: bool) -> Role:
    """The role of one paragraph, given the role of its section."""
    head = text.strip()[:80]
    if section_role in ("review", "other") and (
        _PROBLEMS_LEAD.search(head) or _refers_to_problems(text)
    ):
        return "problems"
    if section_role in ("plan", "other", "review") and _TARGETS_LEAD.search(head):
        return "targets"
    if after_last_heading and _CLOSING_LEAD.search(head):
        return "closing"
    return section_role


# Genre words of a heading: an account of what was done, or a plan of what is to be done.
# An account outranks a plan word it describes (重点任务完成情况, 计划执行情况).
_ACCOUNT = re.compile(r"情况|总结|回顾|成效|成绩|成就|成果|进展|亮点|完成|做法|经验|工作报告$")
_PLAN_GENRE = re.compile(
    r"计划|安排|打算|思路|任务|要点|部署|举措|设想|展望|目标|重点工作|谋划|方向|措施"
)
_PAST = re.compile(r"过去|以来|[一二两三四五六七八九十几]年来|去年|上年|本年度|上一年")
_FUTURE = re.compile(r"今后|下一步|下步|明年|未来|下一阶段|下阶段|新的一年|下半年|来年")
# Two halves joined: 2024年工作总结和2025年工作计划 speaks of both; its parts decide.
_JOINED = re.compile(r"[和及与暨、]|以及")

# Verbs and marks of what was done (in a report's own review) and of what is to be done.
_DONE = re.compile(
    r"完成了?|实现了?|建成|竣工|达到|突破|累计|同比|比上年|较上年|增长\d|下降\d|取得了?|获得|荣获|"
    r"获评|被评为|已经?|[^\n]了[，。；、]|先后|共计|新增|开通|投用|揭牌|出台了|印发了|办结"
)
_TO_DO = re.compile(
    r"(?<![需主重纲])要(?![求素点害闻])|(?<![即必])将(?![军近])|力争|确保|争取|计划|拟|预计|努力|"
    r"务必|必须|应当|着力|加快|推动|深入推进|进一步|设想|"
    # A deadline ahead: 在一九八〇年以前, 到本世纪末.
    r"在[^，。]{2,10}(?:以前|之前)|本世纪(?:内|末)"
)
_PAST_LEAD = re.compile(
    r"^(?:过去(?:的)?[一二两三四五]?年|[一二两三四五六七八九十几]年来|去年|上年|今年以来|"
    r"[^，。]{0,20}以来)"
)
_FUTURE_LEAD = re.compile(
    r"^(?:今后|下一步|明年|新的一年|未来[一二两三四五]?年|今年(?!以来)|[^，。]{0,12}(?:的)?主要任务|"
    r"[^，。]{0,12}(?:工作|奋斗)目标)"
)


def report_year_from(title: str, front: str, tail: str) -> int | None:
    """The year a report is written in: the latest year named in its title, in the lines
    above its first heading (——2025年1月9日在…会议上), or in a date at its end (a work
    summary is signed and dated below its text: 2022年1月20日)."""
    years = [year_value(y) for y in YEAR.findall(title + "\n" + front)]
    years += [year_value(y) for y in _DATE_LINE.findall(tail)]
    return max(years) if years else None


_DATE_LINE = re.compile(
    r"(?:^|\n)\s*(20\d{2}|二[〇零○][〇零○一二三四五六七八九]{2})年[\d一二三四五六七八九十〇零○]{1,3}月"
    r"[\d一二三四五六七八九十〇零○]{1,3}日\s*(?:\n|$)"
)


_GOVERNED = re.compile(
    r"(?:要|将|力争|争取|确保|计划|努力)[^，。；：\n]{0,8}?(?:完成|实现|建成|达到|突破|取得|获得)"
)


def _verb_role(body: str) -> Role | None:
    """review when the text mostly reports what was done, plan when it mostly says what is
    to be done, None when it does not lean clearly either way."""
    # A completion verb governed by a modal (要建成, 将胜利完成, 力争实现) is planned.
    sample = _GOVERNED.sub("", body[:3000])
    done = len(_DONE.findall(sample))
    to_do = len(_TO_DO.findall(sample))
    if done >= 2 and done >= 2 * to_do:
        return "review"
    if to_do >= 2 and to_do >= 2 * done:
        return "plan"
    return None


def _title_votes(title: str, report_year: int | None) -> tuple[int, int]:
    review = plan = 0
    if _ACCOUNT.search(title):
        review += 3
    if _PLAN_GENRE.search(title):
        plan += 2
    if _PAST.search(title):
        review += 2
    if _FUTURE.search(title):
        plan += 2
    years = [year_value(y) for y in YEAR.findall(title)]
    if years and report_year is not None:
        if max(years) < report_year:
            review += 1
        else:
            plan += 1
    return review, plan


def content_role(title: str, body: str, report_year: int | None) -> Role | None:
    """The role of a section whose heading names none by the usual words: from the time
    and genre its heading states, then from the verbs of its body."""
    if _SITUATION.search(title):
        # 当前面临的形势: opportunities and challenges, read sentence by sentence.
        return "other"
    review, plan = _title_votes(title, report_year)
    if (
        review
        and plan
        and _JOINED.search(title)
        and _ACCOUNT.search(title)
        and (_PLAN_GENRE.search(title) or _FUTURE.search(title))
    ):
        # 2024年工作总结和2025年工作计划: both halves; its parts have their own headings.
        return None
    if review > plan:
        return "review"
    if plan > review:
        return "plan"
    return _verb_role(body)


def paragraph_cue_role(text: str) -> Role | None:
    """The role of a paragraph in a report with no headings: admitted problems by their
    opening words, then the time it opens with (过去一年…, 今后五年…), then its verbs."""
    head = text.strip()[:80]
    if _PROBLEMS_LEAD.search(head) or _refers_to_problems(text):
        return "problems"
    if _TARGETS_LEAD.search(head):
        return "targets"
    if _PAST_LEAD.match(head):
        return "review"
    if _FUTURE_LEAD.match(head):
        return "plan"
    return _verb_role(text)
