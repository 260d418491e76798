"""Role guesses for sections and paragraphs, from the general vocabulary of work reports.

Section roles come from heading words; paragraph roles refine them: the admitted-problems
paragraph usually sits inside the review (清醒地认识到…), the headline targets inside the
plan (主要预期目标…).
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
    r"(?:存在|面临)的?(?:主要)?(?:问题|困难)|(?:问题|困难|短板)[和与]不足|不足和问题|困难和(?:挑战|问题)|困难挑战|短板弱项|差距和不足"
)

# Opening words of the admitted-problems paragraph.
_PROBLEMS_LEAD = re.compile(
    r"(?:清醒|深刻)(?:地)?(?:认识|看到)|也(?:要|必须|应)(?:清醒)?(?:地)?看到|存在(?:的)?(?:一些|不少)?(?:问题|不足|困难)|问题和不足|"
    r"困难和(?:问题|挑战)|矛盾和问题|不足之处|短板弱项|差距和不足|不容忽视|"
    r"(?:面临|还有|仍有)(?:不少|一些|诸多)(?:困难|问题|挑战|矛盾|短板)"
)
_TARGETS_LEAD = re.compile(r"主要预期目标|预期目标是|主要目标是|发展目标是")
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


def heading_role(title: str) -> Role | None:
    """The role a heading announces, or None when it says nothing about one."""
    if _MEASURES_HEADING.match(title.strip()):
        return "other"
    if _TARGETS.search(title):
        return "plan" if _TASKS.search(title) else "targets"
    if _PROBLEMS_HEADING.search(title):
        return "problems"
    if _REVIEW.search(title):
        return "review"
    if _PLAN.search(title):
        return "plan"
    return None


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
    """The role of text under no heading, from the document title (a 工作要点 is a plan)."""
    if re.search(r"工作要点|工作计划|工作安排|实施方案|行动方案|规划", title):
        return "plan"
    return "other"


def paragraph_role(text: str, section_role: Role, *, after_last_heading: bool) -> Role:
    """The role of one paragraph, given the role of its section."""
    head = text.strip()[:80]
    if section_role in ("review", "other") and _PROBLEMS_LEAD.search(head):
        return "problems"
    if section_role in ("plan", "other", "review") and _TARGETS_LEAD.search(head):
        return "targets"
    if after_last_heading and _CLOSING_LEAD.search(head):
        return "closing"
    return section_role
