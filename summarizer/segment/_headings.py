"""Heading detection: which lines open a section, with which numbering style.

A heading is recognised by its numbering marker (一、 （一） 1. （1） ① 第一部分 …), by the
file's own structure (markdown ``#``, docx heading styles, html h1–h6: ``HeadingHint``),
or as a standalone short line without closing punctuation (``2024年工作回顾``). An inline
heading shares its line with body text; the heading is then the first sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.core.types import Document, HeadingHint
from summarizer.segment._roles import DATED_WORK_HEADING, heading_role

_CN_NUM = "一二三四五六七八九十百零〇"

# (style, pattern). The style names a numbering hierarchy; levels are assigned to styles
# in order of first appearance, the way a reader infers them.
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"第[{_CN_NUM}\d]+[部分章篇节]\s*")),
    ("cn", re.compile(rf"[{_CN_NUM}]+、\s*")),
    ("paren_cn", re.compile(rf"[（(][{_CN_NUM}]+[）)]\s*")),
    ("arabic", re.compile(r"[0-9０-９]{1,2}(?:[.．、](?![0-9０-９])|\s)\s*")),
    ("paren_arabic", re.compile(r"[（(][0-9０-９]{1,2}[）)]\s*")),
    ("circled", re.compile(r"[①-⑳]\s*")),
)

# A markdown ATX heading in a plain-text file (a 工作要点 pasted from a wiki or an editor):
# its ``#`` count is its level, like a file's own heading structure.
_ATX = re.compile(r"(#{1,6})[ \t]+(?=\S)")
# A heading set off in lenticular brackets on a line of its own: 【三、保障措施】.
_BRACKETED = re.compile(r"\s*【([^【】\n]{1,40})】\s*")

_CLOSING = "。！？；：:;!?…，,"
_SENTENCE_END = "。！？"
# A standalone heading line is short; longer unpunctuated lines are body text that lost
# its punctuation.
_MAX_STANDALONE = 40
# An inline heading's first sentence longer than this is body text, not a heading.
_MAX_INLINE = 90


@dataclass(frozen=True)
class HeadingLine:
    """A heading found in the text: ``[start, end)`` is the heading text (marker included)."""

    start: int
    end: int
    line_end: int
    style: str
    marker: str
    title: str
    inline: bool


def _first_sentence_end(line: str, offset: int) -> int:
    for i in range(offset, len(line)):
        if line[i] in _SENTENCE_END:
            return i + 1
    return -1


def _marker_heading(line: str, start: int) -> HeadingLine | None:
    stripped = line.lstrip()
    lead = len(line) - len(stripped)
    for style, pattern in _MARKERS:
        m = pattern.match(stripped)
        if not m:
            continue
        body = stripped[m.end() :]
        if not body or body[0] in _CLOSING:
            return None
        marker = stripped[: m.end()].strip()
        end_in_line = _first_sentence_end(stripped, m.end())
        if end_in_line < 0 or end_in_line == len(stripped.rstrip()):
            # The whole line is the heading (possibly ending with a full stop).
            if len(stripped) > _MAX_INLINE + 20 and end_in_line < 0:
                return None
            title = stripped[m.end() :].strip().rstrip("。")
            h_end = start + len(line.rstrip())
            return HeadingLine(start + lead, h_end, h_end, style, marker, title, False)
        if end_in_line - m.end() > _MAX_INLINE:
            return None
        title = stripped[m.end() : end_in_line].strip().rstrip("。！？")
        return HeadingLine(
            start + lead, start + lead + end_in_line, start + len(line), style, marker, title, True
        )
    return None


def _plain_heading(line: str, start: int) -> HeadingLine | None:
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_STANDALONE:
        return None
    if stripped[-1] in _CLOSING or stripped.startswith(("——", "—", "(", "（", "《")):
        return None
    if re.search(r"[，,。；]", stripped):
        return None
    lead = len(line) - len(line.lstrip())
    return HeadingLine(
        start + lead, start + lead + len(stripped), start + len(line), "plain", "", stripped, False
    )


def _atx_heading(line: str, start: int, atx: re.Match[str]) -> HeadingLine:
    """``## 一、主要目标`` → a level-2 heading titled 主要目标 with its marker 一、."""
    rest = line[atx.end() :].rstrip().rstrip("#").rstrip()
    inner = _marker_heading(rest, 0)
    marker = inner.marker if inner is not None and not inner.inline else ""
    title = inner.title if inner is not None and not inner.inline else rest
    h_end = start + len(line.rstrip())
    style = f"hint{len(atx.group(1))}"
    return HeadingLine(start + atx.start(), h_end, h_end, style, marker, title, False)


def _bracketed_heading(line: str, start: int, m: re.Match[str]) -> HeadingLine:
    """``【三、保障措施】`` → the heading 保障措施 with its marker 三、 and numbering style."""
    inner = m.group(1).strip()
    found = _marker_heading(inner, 0)
    style, marker, title = (
        (found.style, found.marker, found.title)
        if found is not None and not found.inline
        else ("plain", "", inner)
    )
    lead = len(line) - len(line.lstrip())
    h_end = start + len(line.rstrip())
    return HeadingLine(start + lead, h_end, h_end, style, marker, title, False)


def _is_prose(line: str) -> bool:
    s = line.strip()
    return len(s) >= 20 and s[-1] in "。！？；：" and "，" in s


# The salutation that opens a speech (各位代表：): what follows it is the report's body.
_SALUTATION = re.compile(r"^(?:各位(?:代表|委员|同志)|同志们|代表们)[，,：:！!]?$")
# A title names the kind of document (…政府工作报告, …工作总结和2025年工作计划, 关于印发
# 《…》的通知).
_TITLE_END = re.compile(
    r"(?:报告|要点|计划|总结|规划|纲要|方案|公报|通知|通报|决定|意见|函)$|^关于|《"
)


def _opens_body(title: str, document_title: str) -> bool:
    """A short line above the first prose paragraph that is a section heading, not the
    title or a byline: it names a role (一年来的工作回顾, 2024年工作回顾) and is not the
    document's title."""
    if title == document_title.strip() or _TITLE_END.search(title):
        return False
    return heading_role(title) is not None or DATED_WORK_HEADING.match(title) is not None


def find_headings(document: Document) -> list[HeadingLine]:
    """Every heading line of the document's content, in order."""
    text = document.text
    hints: dict[int, HeadingHint] = {h.start: h for h in document.heading_hints}
    headings: list[HeadingLine] = []
    seen_prose = False
    pos = document.content_start
    for line in text[document.content_start :].split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        lead = len(line) - len(line.lstrip())
        hint = hints.get(start) or hints.get(start + lead)
        if hint is not None:
            marker_h = _marker_heading(line, start)
            headings.append(
                HeadingLine(
                    start + lead,
                    start + len(line.rstrip()),
                    start + len(line),
                    f"hint{hint.level}",
                    marker_h.marker if marker_h else "",
                    marker_h.title if marker_h else line.strip(),
                    False,
                )
            )
            continue
        atx = _ATX.match(line, lead)
        if atx is not None:
            headings.append(_atx_heading(line, start, atx))
            continue
        bracketed = _BRACKETED.fullmatch(line)
        if bracketed is not None:
            headings.append(_bracketed_heading(line, start, bracketed))
            continue
        heading = _marker_heading(line, start)
        if heading is None:
            # Title and byline lines above the first prose paragraph are not sections;
            # after the salutation (各位代表：) the body has begun, and a line that names
            # a role of its own (2024年工作回顾) is a heading wherever it stands.
            plain = _plain_heading(line, start)
            if plain is not None and (seen_prose or _opens_body(plain.title, document.title)):
                heading = plain
        if heading is not None:
            headings.append(heading)
        elif _is_prose(line) or _SALUTATION.match(line.strip()):
            seen_prose = True
    return headings


def assign_levels(headings: list[HeadingLine]) -> list[int]:
    """Levels from the numbering styles in order of first appearance (file hints first)."""
    order: list[str] = sorted(
        {h.style for h in headings if h.style.startswith("hint")}, key=lambda s: int(s[4:])
    )
    for h in headings:
        if h.style not in order:
            order.append(h.style)
    return [order.index(h.style) + 1 for h in headings]
