"""Front matter and title: where the document proper begins, and what it is called.

A gazette or bound volume opens with a masthead, an editorial board and a table of
contents before the report itself. When a table of contents is found near the top, the
document proper starts where the first entry's title appears again as a line of its
own after the contents; failing that, at the first prose paragraph after it (with the
short title/byline lines right above that paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.core.types import HeadingHint

_TOC_MARKER = re.compile(r"^(?:目录|目次|contents|tableofcontents)$", re.IGNORECASE)
# A contents entry: its title with page numbers, dot leaders and bullets around it.
_TOC_DECORATION = re.compile(r"^[\s\-–—•·*]*(?:\d{1,4}\s+)?|(?:[\s.…·_\-–—]*\d{1,4})?\s*$")
_HAS_PAGE_NUMBER = re.compile(r"^[\s\-–—•·*]*\d{1,4}\s+\S|\S[\s.…·_]+\d{1,4}\s*$")
_PROSE = re.compile(r"[，。；！？]")
_TITLE_WORDS = re.compile(r"(?:报告|要点|计划|总结|规划|纲要|方案|公报|report)$", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")

# The contents must begin in the opening part of the text to count as front matter.
_TOC_SEARCH_CHARS = 6000
_TITLE_SEARCH_LINES = 12
_MAX_TITLE_CHARS = 40
_PROSE_MIN_CHARS = 30


def _lines_with_offsets(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = start
    stop = len(text) if end is None else end
    while pos < stop:
        nl = text.find("\n", pos)
        nl = len(text) if nl < 0 else nl
        line = text[pos:nl]
        if line.strip():
            out.append((pos, line.strip()))
        pos = nl + 1
    return out


def _compact(line: str) -> str:
    return _WHITESPACE.sub("", line)


def _is_prose(line: str) -> bool:
    return len(line) >= _PROSE_MIN_CHARS and bool(_PROSE.search(line))


def find_content_start(text: str) -> int:
    """Offset where the document proper begins (0 when there is no front matter)."""
    lines = _lines_with_offsets(text)
    toc_index = next(
        (
            i
            for i, (pos, line) in enumerate(lines)
            if pos < _TOC_SEARCH_CHARS and _TOC_MARKER.match(_compact(line))
        ),
        None,
    )
    if toc_index is None:
        return 0
    # The contents run until the first prose paragraph.
    first_prose = next(
        (i for i in range(toc_index + 1, len(lines)) if _is_prose(lines[i][1])),
        None,
    )
    if first_prose is None:
        return 0
    entry = next(
        (
            _compact(_TOC_DECORATION.sub("", line))
            for _, line in lines[toc_index + 1 : first_prose]
            if _HAS_PAGE_NUMBER.search(line)
        ),
        None,
    )
    if entry:
        # The last repetition of the entry's title before the prose is the report's own title.
        for i in range(first_prose - 1, toc_index, -1):
            pos, line = lines[i]
            if _compact(line) == entry and not _HAS_PAGE_NUMBER.search(line):
                return pos
    # No entry title found again: the report starts at its first prose paragraph, with the
    # title, occasion and byline lines right above it.
    start = first_prose
    while (
        start - 1 > toc_index and first_prose - start < 3 and _is_title_block(lines[start - 1][1])
    ):
        start -= 1
    return lines[start][0]


def _is_title_block(line: str) -> bool:
    """A title, an occasion line (——2025年1月19日在…) or a byline (市长 张三)."""
    if _looks_like_title(line) or line.startswith(("——", "—", "(", "（")):
        return True
    return len(line) <= 20 and bool(re.search(r"\S[ \u3000]+\S", line)) and not _PROSE.search(line)


def find_title(
    text: str, content_start: int, hints: Sequence[HeadingHint], declared: str = ""
) -> str:
    """The report's title, '' when none is found.

    In order: a declared title (docx/pdf/html metadata) that names a kind of report; a
    short line near the top of the content naming one (…政府工作报告, …工作要点); any
    declared title; the first top-level heading.
    """
    if _looks_like_title(declared):
        return declared
    for _, line in _lines_with_offsets(text, content_start)[:_TITLE_SEARCH_LINES]:
        candidate = title_text(line)
        if _looks_like_title(candidate):
            return candidate
    if declared:
        return declared
    top = [h for h in hints if h.start >= content_start]
    if top:
        best = min(top, key=lambda h: (h.level, h.start))
        if len(best.text) <= _MAX_TITLE_CHARS * 2:
            return best.text
    return ""


# A label before the title (标题：…, 题目：…), as some web pages and exports carry.
_TITLE_LABEL = re.compile(r"^(?:标题|题目|文件标题|title)\s*[:：]\s*", re.IGNORECASE)
# Chinese characters spaced out for display (政 府 工 作 报 告).
_SPACED_HAN = re.compile(r"^[\u4e00-\u9fff](?:[ \u3000]+[\u4e00-\u9fff])+$")


def title_text(line: str) -> str:
    """A candidate title line as the title reads: without a 标题： label, brackets, or
    the spaces of a spaced-out display title."""
    candidate = _TITLE_LABEL.sub("", line.strip()).strip("《》〈〉<> \u3000")
    if _SPACED_HAN.match(candidate):
        candidate = re.sub(r"[ \u3000]+", "", candidate)
    return candidate


def _looks_like_title(line: str) -> bool:
    short = 0 < len(line) <= _MAX_TITLE_CHARS and not _PROSE.search(line)
    return short and bool(_TITLE_WORDS.search(line))
