"""Which year a report reviews and which year it plans, read from its own text.

Cues, strongest first: headings (2024年工作回顾 / 2025年重点工作 / 2025年工作安排 /
2025年工作要点), the targets sentence (2025年…主要预期目标), then the date line of the
speech (——2025年3月17日): a report delivered in year Y reviews 去年/一年来 (Y−1) and plans
今年 (Y).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.core.types import Document

_YEAR = r"(?P<year>(?:19|20)\d{2})年"
_REVIEW_HEADING = re.compile(
    rf"^\s*(?:[一二三四五六七八九十]+[、.．]\s*)?{_YEAR}(?:政府)?工作(?:回顾|总结)", re.MULTILINE
)
_REVIEW_PHRASE = re.compile(rf"(?:回首|回顾|过去的?){_YEAR}")
_PLAN_HEADING = re.compile(
    rf"^\s*(?:[一二三四五六七八九十]+[、.．]\s*)?[^\n。，]{{0,16}}?{_YEAR}(?:政府)?(?:重点工作|工作安排|工作任务|工作要点|主要任务)",
    re.MULTILINE,
)
_PLAN_TARGETS = re.compile(rf"{_YEAR}[^。\n]{{0,20}}?(?:主要预期目标|主要目标|预期目标)")
_DATE_LINE = re.compile(rf"^\s*(?:——|--|—)\s*{_YEAR}\d{{1,2}}月\d{{1,2}}日", re.MULTILINE)
_REVIEW_WORDS = re.compile(r"一年来|过去一年|去年")
_PLAN_WORDS = re.compile(r"今年|主要预期目标")
_HEAD_CHARS = 3000


@dataclass(frozen=True)
class ReportYears:
    """The year a report reviews (None for a plan-only document) and the year it plans."""

    review_year: int | None
    plan_year: int | None
    evidence: str


def _first_year(pattern: re.Pattern[str], text: str) -> tuple[int, str] | None:
    m = pattern.search(text)
    return (int(m.group("year")), m.group(0).strip()) if m else None


def read_years(document: Document) -> ReportYears:
    """Read the review and plan years of ``document`` (either may be None when absent)."""
    text = document.text
    evidence: list[str] = []
    review = _first_year(_REVIEW_HEADING, text) or _first_year(_REVIEW_PHRASE, text)
    plan = _first_year(_PLAN_HEADING, text) or _first_year(_PLAN_TARGETS, text)
    dated = _first_year(_DATE_LINE, text[:_HEAD_CHARS])
    review_year = review[0] if review else None
    plan_year = plan[0] if plan else None
    if review:
        evidence.append(review[1])
    if plan:
        evidence.append(plan[1])
    if dated:
        if review_year is None and _REVIEW_WORDS.search(text):
            review_year = dated[0] - 1
            evidence.append(f"{dated[1]} (去年/一年来)")
        if plan_year is None and _PLAN_WORDS.search(text):
            plan_year = dated[0]
            evidence.append(f"{dated[1]} (今年)")
    if plan_year is None and review_year is not None and _PLAN_WORDS.search(text):
        plan_year = review_year + 1
    return ReportYears(review_year, plan_year, "; ".join(evidence))


# A place name starts a line or follows 在 / 《 / a space: "在洛隆县十三届人大".
_JURISDICTION = re.compile(
    r"(?:^|(?<=[在《\s]))(?P<place>(?!在)[\u4e00-\u9fff]{2,8}?(?:自治区|自治州|自治县|省|市|县|区|州|盟|旗))"
    r"(?:第?[一二三四五六七八九十]+届(?:人大|人民代表大会)|人民政府)",
    re.MULTILINE,
)


def read_jurisdiction(document: Document) -> str | None:
    """The government a report speaks for (洛隆县, 西藏自治区 …), from its opening, if named."""
    head = document.text[:_HEAD_CHARS]
    for m in _JURISDICTION.finditer(head):
        place = m.group("place")
        stem = re.sub(r"(?:自治区|自治州|自治县|省|市|县|区|州|盟|旗)$", "", place)
        # "我代表市人民政府" names no place: the stem must be a name, not a pronoun phrase.
        if len(stem) >= 2 and not re.search(r"我|代表|本|各|全", stem):
            return place
    return None
