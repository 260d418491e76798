"""Page furniture of a PDF text layer: running headers, footers and page numbers.

A printed page carries lines that belong to the print, not to the report: a browser's
date, title, file URL and ``3/12``; a gazette's name and issue on every page; ``- 3 -``.
Left in, each becomes a short standalone line (a heading, to the segmenter) in the
middle of a sentence broken across the page. They are recognised by repetition: the
same line (digits aside) among the first or last few lines of many pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from summarizer.load._clean import Block

# Lines at each end of a page where headers and footers sit (browsers print two each).
_EDGE_LINES = 3
# A line counts as running when it sits at a page edge on this share of the pages, and
# on three pages at least (so a short document keeps its lines). Odd and even pages may
# carry different headers, hence less than a half.
_RUNNING_SHARE = 0.4
_MIN_PAGES = 3

PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?$"  # 12, - 12 -, —12—
    r"|^第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?$"  # 第3页 共20页
    r"|^共\s*\d+\s*页\s*[，,/]?\s*第\s*\d+\s*页$"  # 共20页 第3页
    r"|^\d{1,4}\s*/\s*\d{1,4}$"  # 3/20
    r"|^page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$",  # Page 3 of 20
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
# A running header may repeat the report's title, which page 1 also carries as a line of
# its own near the top: that line stays.
_TITLE = re.compile(r"^\S.{0,38}(?:报告|要点|计划|总结|规划|纲要|方案|公报)$")
# Metadata titles that name a file, not a report: Chromium's (the file name or URL of
# what it printed), Word's ("Microsoft Word - 报告.docx").
_FILE_TITLE = re.compile(r"\.[A-Za-z0-9]{1,5}$|://|^Microsoft (?:Word|PowerPoint) - ")


def _key(line: str) -> str:
    """A line with its numbers (page, date) blanked and its spacing ignored."""
    return _DIGITS.sub("#", _SPACE.sub("", line))


def drop_running_lines(pages: Sequence[Sequence[Block]]) -> list[list[Block]]:
    """The pages without their running headers and footers and without page numbers."""
    counts: Counter[str] = Counter()
    for page in pages:
        edges = [*page[:_EDGE_LINES], *page[-_EDGE_LINES:]]
        counts.update({_key(b.text) for b in edges})
    needed = max(_MIN_PAGES, round(len(pages) * _RUNNING_SHARE))
    running = {key for key, n in counts.items() if n >= needed}
    return [
        [b for i, b in enumerate(page) if not _furniture(b.text, i, len(page), n, running)]
        for n, page in enumerate(pages)
    ]


def _furniture(line: str, i: int, lines: int, page: int, running: set[str]) -> bool:
    """Line ``i`` of ``lines`` on page ``page`` (from 0) is a page number or running line."""
    if PAGE_NUMBER.match(line):
        return True
    top = i < _EDGE_LINES
    if not (top or i >= lines - _EDGE_LINES) or _key(line) not in running:
        return False
    return not (page == 0 and top and _TITLE.match(line))


def document_title(title: str) -> str:
    """A PDF's metadata title, or '' when it only names a file."""
    title = title.strip()
    return "" if _FILE_TITLE.search(title) else title
