"""Indicator parsing: headline results and targets into ``Indicator`` objects.

A table of patterns, tried in order, each for one way reports state an indicator:

| pattern | example |
| --- | --- |
| level and growth | 地区生产总值完成21.17亿元，同比增长6.4% |
| growth target with qualifier / stretch | 全社会固定资产投资增长15%以上，力争达到20% |
| ceiling | 居民消费价格涨幅控制在3%以内 |
| level with qualifier | 粮食产量保持在2.64万吨以上 |
| level | 招商引资到位资金2.31亿元 |
| growth | 城乡居民人均收入分别增长8%和10% |

Values and changes are kept as written (no unit conversion), like the labeling guide asks.
"""

from __future__ import annotations

import re

from summarizer.core.types import Indicator

__all__ = ["PATTERNS", "parse_indicator", "split_paired_names"]

_NUM = r"\d+(?:\.\d+)?"
_PAIR = rf"{_NUM}%?(?:[和、及与]{_NUM}%?)?"
_UNIT = (
    r"(?:万亿元|亿元|万元|元|万吨|吨|万亩|亩|万人次|人次|万人|人|户|个|项|家|公里|千瓦|万千瓦|%)"
)
_QUAL_AFTER = r"(?:以上|左右|以内|以下|之内|上下)"
_LEVEL_VERB = r"(?:完成|达到|达|实现|为|突破|超过|保持在|稳定在|控制在|累计完成|总量达)"
_GROWTH = r"(?:同比|比上年|较上年)?(?:分别)?(?:增长|增加|提高|下降|减少)"

# Words that start a clause but are not part of an indicator's name.
_NAME_LEAD = re.compile(
    r"^(?:全[县市区州省镇乡]|我[县市区州省]|全年|累计|共计|其中|实现|完成|预计|力争|确保)+"
)


def _name(raw: str) -> str:
    name = _NAME_LEAD.sub("", raw.strip(" ，,、：:"))
    return name.removesuffix("分别").strip()


# A clause whose "name" is an action (开展410户…, 投资2.2亿元实施…) states a count of work
# done, not a named indicator.
_ACTION_LEAD = re.compile(
    r"^(?:开展|实施|推出|投资|剩余|组织|建成|新建|改造|举办|培训|引进|争取|落实|发放|安排|"
    r"解决|办理|为|与|对|在|将|把|向)"
)


def _is_indicator_name(name: str) -> bool:
    return (
        2 <= len(name) <= 24
        and re.search(r"[\u4e00-\u9fff]", name) is not None
        and not _ACTION_LEAD.match(name)
    )


PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "level and growth",
        re.compile(
            rf"^(?P<name>[^，,；。\d]{{2,24}}?){_LEVEL_VERB}(?P<value>{_PAIR})(?P<unit>{_UNIT})"
            rf"[^，,；。]{{0,4}}[，,]?{_GROWTH}(?P<change>{_PAIR}%?)"
        ),
    ),
    (
        "growth target",
        re.compile(
            rf"^(?P<name>[^，,；。\d]{{2,24}}?){_GROWTH}(?:在)?(?P<change>{_PAIR}%?)"
            rf"(?P<qualifier>{_QUAL_AFTER}?(?:[，,、]?力争(?:达到)?{_NUM}%?(?:以上)?)?)"
        ),
    ),
    (
        "ceiling",
        re.compile(
            rf"^(?P<name>[^，,；。\d]{{2,30}}?)(?:分别)?控制在(?P<change>{_PAIR}%?)"
            rf"(?P<qualifier>以内|以下|之内)"
        ),
    ),
    (
        "level",
        re.compile(
            rf"^(?P<name>[^，,；。\d]{{2,24}}?){_LEVEL_VERB}?(?P<value>{_PAIR})(?P<unit>{_UNIT})"
            rf"(?P<qualifier>{_QUAL_AFTER}|余)?"
        ),
    ),
)


def parse_indicator(clause: str) -> Indicator | None:
    """The indicator a clause states or targets, or None.

    >>> parse_indicator("地区生产总值完成21.17亿元，同比增长6.4%").change
    '6.4%'
    """
    text = clause.strip()
    qualifier_lead = "力争" if text.startswith("力争") else ""
    for _, pattern in PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        groups = m.groupdict()
        name = _name(groups.get("name") or "")
        if not _is_indicator_name(name):
            continue
        value = groups.get("value") or ""
        unit = groups.get("unit") or ""
        change = groups.get("change") or ""
        if change and not change.endswith("%") and "%" not in change:
            change += "%"
        qualifier = (groups.get("qualifier") or "").strip()
        if qualifier_lead and not qualifier:
            qualifier = qualifier_lead
        return Indicator(name=name, value=value, unit=unit, change=change, qualifier=qualifier)
    return None


def split_paired_names(name: str) -> list[str]:
    """``居民消费价格涨幅、城镇调查失业率`` → both names; a single name → itself."""
    parts = [p for p in re.split(r"[、和及与]", name) if len(p) >= 3]
    return parts if len(parts) > 1 else [name]
