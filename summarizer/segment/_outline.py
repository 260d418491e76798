"""The section tree: headings nested by level, paragraphs with their roles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer.core.types import Document, Paragraph, Role, Section
from summarizer.segment._headings import HeadingLine, assign_levels, find_headings
from summarizer.segment._roles import (
    YEAR,
    child_of_targets_role,
    content_role,
    document_role,
    heading_role,
    paragraph_cue_role,
    paragraph_role,
    report_year_from,
    year_value,
)


@dataclass(frozen=True)
class Outline:
    """The section tree of a document (``root`` is a virtual level-0 section)."""

    root: Section

    def walk(self) -> list[Section]:
        """Every section below the root, in document order (depth first)."""
        out: list[Section] = []

        def visit(section: Section) -> None:
            for child in section.children:
                out.append(child)
                visit(child)

        visit(self.root)
        return out


@dataclass
class _Node:
    heading: HeadingLine | None
    level: int
    role: Role
    start: int
    end: int = 0
    children: list[_Node] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    # Whether the section's own heading (its words, time or genre) or body gave its role.
    announced: bool = False

    def freeze(self) -> Section:
        h = self.heading
        return Section(
            title=h.title if h else "",
            level=self.level,
            start=self.start,
            end=self.end,
            heading_start=h.start if h else self.start,
            heading_end=h.end if h else self.start,
            role=self.role,
            marker=h.marker if h else "",
            children=tuple(c.freeze() for c in self.children),
            paragraphs=tuple(self.paragraphs),
        )


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line of ``text[start:]``, ends without the newline."""
    out: list[tuple[int, int]] = []
    pos = start
    for line in text[start:].split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    return out


def _announces_role(node: _Node) -> bool:
    """True for the root and for a section whose own heading names its role."""
    return node.heading is None or node.announced


def report_year(document: Document, first_heading: int) -> int | None:
    """The year a report is written in (see ``report_year_from``)."""
    text = document.text
    front = text[: min(first_heading, document.content_start + 400)]
    return report_year_from(document.title, front, text[-300:])


def _year_after_review(headings: list[HeadingLine]) -> int | None:
    """With no date anywhere: the year after the one its review heading names
    (2024年工作回顾 → a report of 2025)."""
    for h in headings:
        if heading_role(h.title) == "review":
            years = YEAR.findall(h.title)
            if years:
                return year_value(years[0]) + 1
    return None


def _section_ends(headings: list[HeadingLine], levels: list[int], end: int) -> list[int]:
    """Where each heading's section ends: at the next heading of its level or above."""
    ends = [end] * len(headings)
    open_: list[int] = []
    for i, level in enumerate(levels):
        while open_ and levels[open_[-1]] >= level:
            ends[open_.pop()] = headings[i].start
        open_.append(i)
    return ends


# The opening address of a speech with no headings: 现在，我代表…向大会报告工作，请予审议.
_ADDRESS = re.compile(r"报告(?:政府)?工作|请予审议|提出意见|各位代表|同志们")


def segment(document: Document) -> Outline:
    """Build the section tree of ``document``'s content (text after ``content_start``)."""
    text = document.text
    headings = find_headings(document)
    levels = assign_levels(headings)
    by_line_start = {
        h.start: (h, lvl, end)
        for h, lvl, end in zip(
            headings, levels, _section_ends(headings, levels, len(text)), strict=True
        )
    }
    default_role = document_role(document.title)
    year = report_year(document, headings[0].start if headings else len(text))
    if year is None:
        year = _year_after_review(headings)
    root = _Node(None, 0, default_role, document.content_start, len(text))
    stack: list[_Node] = [root]
    last_heading_start = headings[-1].start if headings else -1
    closing = False
    seen_heading = False
    # A report with no headings: each paragraph's role from its own cues, the last one's
    # where it has none.
    previous: Role | None = None
    closing_from = document.content_start + (len(text) - document.content_start) * 4 // 5

    for line_start, line_end in _lines(text, document.content_start):
        found = by_line_start.get(line_start)
        if found is not None:
            heading, level, section_end = found
            while len(stack) > 1 and stack[-1].level >= level:
                stack.pop().end = line_start
            parent = stack[-1]
            section_role, announced = _section_role(
                heading, text[heading.end : section_end], parent, year, default_role
            )
            node = _Node(heading, level, section_role, line_start, announced=announced)
            parent.children.append(node)
            stack.append(node)
            seen_heading = True
            if not heading.inline:
                continue
            body_start = heading.start
        else:
            body_start = line_start
        section = stack[-1]
        role: Role
        body = text[body_start:line_end]
        if not headings:
            if previous is None and (_ADDRESS.search(body[:60]) or not _is_prose_line(body)):
                role = "preamble"
            else:
                role = paragraph_cue_role(body) or previous or "other"
                if role == "targets":
                    previous = "plan"
                elif role != "problems":
                    previous = role
                if line_start >= closing_from and _closes(body):
                    closing = True
                if closing:
                    role = "closing"
        elif not seen_heading:
            role = "preamble"
        else:
            role = paragraph_role(
                body,
                section.role,
                after_last_heading=line_start > last_heading_start,
            )
            if role == "closing":
                closing = True
            if closing:
                role = "closing"
            if role == "problems" and found is None and section.role != "problems":
                # The admitted problems (我们也清醒地认识到…) follow the last numbered part of
                # the review but speak of the whole review: they end that part.
                while len(stack) > 1 and not _announces_role(stack[-1]):
                    stack.pop().end = line_start
                section = stack[-1]
        section.paragraphs.append(Paragraph(body_start, line_end, role))
    while len(stack) > 1:
        stack.pop().end = len(text)
    return Outline(root.freeze())


def _is_prose_line(line: str) -> bool:
    return len(line) >= 20 and bool(re.search(r"[，。；]", line))


def _closes(paragraph: str) -> bool:
    return paragraph_role(paragraph, "other", after_last_heading=True) == "closing"


def _section_role(
    heading: HeadingLine, body: str, parent: _Node, year: int | None, default_role: Role
) -> tuple[Role, bool]:
    """A section's role and whether its own heading states it.

    A heading that names a role (工作回顾, 存在的问题) states it. Under the root or under a
    section whose role is unknown, a heading that names none is read for its time and
    genre and its body for its verbs (``content_role``). Under a section with a role, a
    heading that names none takes its parent's (a task group of the plan is the plan).
    """
    title = heading.title
    explicit = heading_role(title)
    if explicit is not None:
        return explicit, True
    if parent.heading is None or (parent.role == "other" and not parent.announced):
        inferred = content_role(title, body, year)
        if inferred is not None:
            return inferred, True
        return (default_role if parent.heading is None else "other"), False
    if parent.role == "targets":
        return child_of_targets_role(title), False
    return parent.role, False
