"""The section tree: headings nested by level, paragraphs with their roles."""

from __future__ import annotations

from dataclasses import dataclass, field

from summarizer.core.types import Document, Paragraph, Role, Section
from summarizer.segment._headings import HeadingLine, assign_levels, find_headings
from summarizer.segment._roles import (
    YEAR,
    child_of_targets_role,
    dated_heading_role,
    document_role,
    heading_role,
    paragraph_role,
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
    return node.heading is None or heading_role(node.heading.title) is not None


def report_year(document: Document, first_heading: int) -> int | None:
    """The year a report is written in: the latest year named in its title or in the lines
    above its first heading (——2025年1月9日在…会议上)."""
    front = (
        document.title + "\n" + document.text[: min(first_heading, document.content_start + 400)]
    )
    years = [year_value(y) for y in YEAR.findall(front)]
    return max(years) if years else None


def segment(document: Document) -> Outline:
    """Build the section tree of ``document``'s content (text after ``content_start``)."""
    text = document.text
    headings = find_headings(document)
    levels = assign_levels(headings)
    by_line_start = {h.start: (h, lvl) for h, lvl in zip(headings, levels, strict=True)}
    default_role = document_role(document.title)
    year = report_year(document, headings[0].start if headings else len(text))
    root = _Node(None, 0, default_role, document.content_start, len(text))
    stack: list[_Node] = [root]
    last_heading_start = headings[-1].start if headings else -1
    closing = False
    seen_heading = False

    for line_start, line_end in _lines(text, document.content_start):
        found = by_line_start.get(line_start)
        if found is not None:
            heading, level = found
            while len(stack) > 1 and stack[-1].level >= level:
                stack.pop().end = line_start
            parent = stack[-1]
            section_role = (
                heading_role(heading.title)
                or (dated_heading_role(heading.title, year) if level == 1 else None)
                or (
                    child_of_targets_role(heading.title)
                    if parent.role == "targets"
                    else parent.role
                )
            )
            if (
                parent.heading is None
                and section_role == "other"
                and heading_role(heading.title) is None
            ):
                section_role = default_role
            node = _Node(heading, level, section_role, line_start)
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
        if not seen_heading:
            role = "preamble"
        else:
            role = paragraph_role(
                text[body_start:line_end],
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
