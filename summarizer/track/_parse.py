"""A small parser for indicator phrases in Chinese report prose.

It reads clauses such as 地区生产总值增长8%以上，力争达到10% / 全县地区生产总值完成21.17亿元，
同比增长6.4% / 城乡居民人均可支配收入分别增长8%、11% / 居民消费价格涨幅、城镇调查失业率分别控制在
3%和5%以内, and returns one ``Finding`` per indicator and measure (growth or level), with the
offsets of the clauses it came from so that every value keeps a verbatim quote.

``summarizer.indicators`` (the offline engine's parser) was not available when this was
written; this module is deliberately minimal and local to ``track``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

Measure = Literal["growth", "level"]

_NUM = r"-?\d+(?:\.\d+)?"
_UNIT = (
    r"(?:%|％|个百分点|万亿元|亿元|万元|元|万人次|人次|万人|人|万吨|吨|万亩|亩|万户|户|个|项|"
    r"公里|千米|万千瓦|千瓦|万辆|辆|家|所|座|张|套|间)"
)
_QUALIFIER = r"(?:以上|以内|左右|以下)"
_VALUE = re.compile(rf"(?P<num>{_NUM})\s*(?P<unit>{_UNIT})?(?P<qual>{_QUALIFIER})?")
_GROWTH_VERB = re.compile(r"(?:同比|比上年|较上年)?(?:分别)?(?:增长|下降|增加|减少)$")
_TRAILING_VERBS = re.compile(
    r"(?:同比|比上年|较上年)?(?:分别)?(?:增长|下降|增加|减少|达到|达|完成|实现|控制在|突破|超过|"
    r"保持在|保持|稳定在|为|是|约|共计|累计|计划完成)+$"
)
_PAIRED = re.compile(
    r"分别(?P<verb>增长|下降|达到|完成|控制在|实现|为|保持在)?"
    rf"(?P<vals>{_NUM}\s*{_UNIT}?(?:\s*[、和及与]\s*{_NUM}\s*{_UNIT}?)+)"
    rf"\s*(?P<qual>{_QUALIFIER})?"
)
_STRETCH = re.compile(rf"力争(?:达到|增长|实现|完成|突破)?(?P<num>{_NUM})\s*(?P<unit>{_UNIT})?")
_ONE_OFF = re.compile(rf"一次性[^（）()\d]*(?P<num>{_NUM})\s*(?P<unit>{_UNIT})")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MAX_NAME = 24


@dataclass(frozen=True)
class Finding:
    """One measure of one indicator found in the text.

    ``text`` is the value as written (``8%``, ``21.17亿元``); ``qualifier`` the word that
    bounds it (以上 / 以内 / 左右 / 以下 / 力争 / 控制在, or empty); ``stretch`` the 力争 value
    when the target has a floor and a stretch. ``one_off`` is an amount the same sentence
    says is included once only (含…一次性…), in the unit of the value.
    """

    name: str
    measure: Measure
    number: float
    text: str
    unit: str
    qualifier: str
    start: int
    end: int
    stretch: float | None = None
    stretch_text: str = ""
    one_off: float | None = None
    one_off_text: str = ""
    verb: str = ""


@dataclass(frozen=True)
class _Clause:
    start: int
    end: int
    text: str


def split_clauses(text: str, offset: int = 0) -> list[_Clause]:
    """Split at ，；。 (and their ASCII forms) outside brackets; drop an intro ending in ：."""
    clauses: list[_Clause] = []
    depth = 0
    begin = 0
    for i, ch in enumerate(text + "。"):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "，,；;。！!？?\n":
            piece = text[begin:i]
            colon = max(piece.rfind("："), piece.rfind(":"))
            lead = colon + 1 if colon >= 0 else 0
            stripped = piece[lead:]
            left = len(stripped) - len(stripped.lstrip())
            body = stripped.strip()
            if body:
                s = offset + begin + lead + left
                clauses.append(_Clause(s, s + len(body), body))
            begin = i + 1
    return clauses


def _strip_brackets(text: str) -> str:
    # Keep the length so offsets still line up; bracketed asides never hold the main value.
    return re.sub(r"[（(][^）)]*[）)]", lambda m: " " * len(m.group(0)), text)


def _name_before(text: str) -> tuple[str, str]:
    """(name, verb) from the text before a value."""
    head = text.strip()
    verb_match = _TRAILING_VERBS.search(head)
    verb = verb_match.group(0) if verb_match else ""
    name = head[: len(head) - len(verb)] if verb else head
    return name.strip(" 　：:，,、"), verb


def _plausible_name(name: str) -> bool:
    return (
        1 < len(name) <= _MAX_NAME and len(_CJK.findall(name)) >= 2 and not re.search(r"\d", name)
    )


def _measure(verb: str, unit: str) -> Measure:
    return "growth" if unit in ("%", "％") and re.search("增长|下降|增加|减少", verb) else "level"


def _signed(num: str, verb: str) -> float:
    value = float(num)
    return -value if re.search("下降|减少", verb) else value


def _qualifier(found: str | None, verb: str) -> str:
    if found:
        return found
    return "控制在" if "控制在" in verb else ""


def _one_off(clause: str) -> tuple[float | None, str]:
    for aside in re.findall(r"[（(]([^）)]*)[）)]", clause):
        if "含" in aside:
            m = _ONE_OFF.search(aside)
            if m:
                return float(m.group("num")), m.group("num") + (m.group("unit") or "")
    return None, ""


def _split_paired_names(names: str, count: int) -> list[str]:
    parts = [p for p in re.split(r"[、和及与]", names) if p]
    if len(parts) == 1 and count == 2 and parts[0].startswith("城乡"):
        rest = parts[0][2:]
        return ["城镇" + rest, "农村" + rest]
    return parts


def parse_findings(text: str, offset: int = 0) -> list[Finding]:
    """Every indicator measure in ``text``; offsets are ``offset``-based.

    A clause without a name of its own (同比增长6.4% / 力争达到20%) belongs to the
    indicator of the clause before it, within the same sentence.
    """
    findings: list[Finding] = []
    subject: list[Finding] = []  # the findings the next nameless clause attaches to
    for clause in split_clauses(text, offset):
        plain = _strip_brackets(clause.text)
        new = _parse_clause(clause, plain, subject)
        if new is None:
            subject = []
            continue
        added, updated = new
        if updated:
            # Replace the subject's findings in place with their extended versions.
            for old, fresh in zip(subject, updated, strict=True):
                findings[findings.index(old)] = fresh
            subject = updated
        if added:
            findings.extend(added)
            subject = added
        if clause_ends_sentence(text, clause, offset):
            subject = []
    return findings


def clause_ends_sentence(text: str, clause: _Clause, offset: int) -> bool:
    """True when the clause is followed by a full stop (the subject does not carry over)."""
    after = clause.end - offset
    return after < len(text) and text[after] in "。！!？?；;\n"


def _parse_clause(
    clause: _Clause, plain: str, subject: list[Finding]
) -> tuple[list[Finding], list[Finding]] | None:
    """(new findings, updated subject findings), or None when the clause holds no indicator."""
    one_off, one_off_text = _one_off(clause.text)
    stretch = _STRETCH.search(plain)
    main = plain[: stretch.start()] if stretch else plain
    paired = _PAIRED.search(main)
    if paired:
        head, verb = _name_before(main[: paired.start()])
        head = re.sub(r"(?:同比|比上年|较上年)$", "", head)
        verb = (verb + (paired.group("verb") or "")).strip()
        values = list(_VALUE.finditer(paired.group("vals")))
        qual = _qualifier(paired.group("qual"), verb)
        names = _split_paired_names(head, len(values)) if head else []
        if not names and len(subject) == 1:
            names = _split_paired_names(subject[0].name, len(values))
        elif not names and len(subject) == len(values):
            names = [f.name for f in subject]
        if names and all(_plausible_name(n) for n in names) and len(names) == len(values):
            units = [v.group("unit") or "" for v in values]
            last_unit = next((u for u in reversed(units) if u), "")
            out = []
            for name, value, unit in zip(names, values, units, strict=True):
                unit = unit or last_unit
                out.append(
                    Finding(
                        name=name,
                        measure=_measure(verb, unit),
                        number=_signed(value.group("num"), verb),
                        text=value.group("num") + unit,
                        unit=unit,
                        qualifier=qual,
                        start=clause.start,
                        end=clause.end,
                        verb=verb,
                    )
                )
            if not head and subject:
                # 同比分别增长6.4%和8.3% continues the previous clause: same quote span.
                out = [replace(f, start=min(f.start, subject[0].start)) for f in out]
            return out, []
        return None
    values = list(_VALUE.finditer(main))
    if not values:
        if stretch and subject:
            return [], [_with_stretch(f, stretch, clause.end) for f in subject]
        return None
    first = values[0]
    head, verb = _name_before(main[: first.start()])
    head_name = head
    if not head_name:
        # A nameless clause: a change of the indicator before it (同比增长6.4%).
        if not subject or not _GROWTH_VERB.search(verb):
            return [], []
        base = subject[-1]
        unit = first.group("unit") or ""
        finding = Finding(
            name=base.name,
            measure=_measure(verb, unit),
            number=_signed(first.group("num"), verb),
            text=first.group("num") + unit,
            unit=unit,
            qualifier=_qualifier(first.group("qual"), verb),
            start=base.start,
            end=clause.end,
            verb=verb,
        )
        if stretch:
            finding = _with_stretch(finding, stretch, clause.end)
        return [finding], [replace(f, end=clause.end) for f in subject]
    if not _plausible_name(head_name):
        return None
    if head_name.startswith("力争") or verb.startswith("力争"):
        head_name = head_name.removeprefix("力争")
    out = []
    for i, value in enumerate(values):
        before = main[values[i - 1].end() : value.start()] if i else ""
        this_verb = verb if i == 0 else before.strip()
        if i and not _GROWTH_VERB.search(this_verb):
            continue
        unit = value.group("unit") or ""
        if not unit:
            continue
        qualifier = _qualifier(value.group("qual"), this_verb)
        if "力争" in clause.text[: value.start()] and not stretch and i == 0:
            qualifier = "力争" + qualifier
        finding = Finding(
            name=head_name,
            measure=_measure(this_verb, unit),
            number=_signed(value.group("num"), this_verb),
            text=value.group("num") + unit,
            unit=unit,
            qualifier=qualifier,
            start=clause.start,
            end=clause.end,
            one_off=one_off,
            one_off_text=one_off_text,
            verb=this_verb,
        )
        out.append(finding)
    if not out:
        return None
    if stretch:
        out[0] = _with_stretch(out[0], stretch, clause.end)
    return out, []


def _with_stretch(finding: Finding, stretch: re.Match[str], end: int) -> Finding:
    unit = stretch.group("unit") or finding.unit
    if unit != finding.unit:
        return finding
    return replace(
        finding,
        stretch=float(stretch.group("num")),
        stretch_text=stretch.group("num") + unit,
        end=max(finding.end, end),
    )
