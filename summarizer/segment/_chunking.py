"""Chunks: contiguous text under one heading path and one role, at most ``max_chars``.

Long sections are split at paragraph, then sentence boundaries (never mid-sentence);
small sibling sections are merged up to the budget. Whitespace between chunks (line
breaks) belongs to no chunk; every other character belongs to exactly one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.core.types import Chunk, Document, Role, Section, Span
from summarizer.segment._outline import Outline

_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|\n|$)")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans (``。！？；`` and line ends) of ``text[start:end]``, whitespace-trimmed."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    for m in _SENTENCE.finditer(text, start, end):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append(Span(s, e))
    return spans


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    path: tuple[str, ...]
    role: Role


def _units(outline: Outline) -> list[_Unit]:
    """Paragraphs in document order, each with its heading path; a standalone heading line
    is folded into the paragraph that follows it."""
    units: list[_Unit] = []

    def visit(section: Section, path: tuple[str, ...]) -> None:
        here = (*path, section.title) if section.level > 0 else path
        pending = section.heading_start if section.level > 0 else None
        items: list[tuple[int, str, Section | None, int, int, Role]] = []
        for p in section.paragraphs:
            items.append((p.start, "p", None, p.start, p.end, p.role))
        for c in section.children:
            items.append((c.start, "c", c, 0, 0, "other"))
        items.sort(key=lambda x: x[0])
        for _, kind, child, s, e, role in items:
            if kind == "c" and child is not None:
                if pending is not None:
                    # A heading with no body of its own: keep its line with the first child.
                    units.append(_Unit(pending, section.heading_end, here, section.role))
                    pending = None
                visit(child, here)
            else:
                start = pending if pending is not None and pending < s else s
                pending = None
                units.append(_Unit(start, e, here, role))
        if pending is not None:
            units.append(_Unit(pending, section.heading_end, here, section.role))

    visit(outline.root, ())
    return units


def _split_long(text: str, unit: _Unit, max_chars: int) -> list[_Unit]:
    if unit.end - unit.start <= max_chars:
        return [unit]
    pieces: list[_Unit] = []
    cur_start: int | None = None
    cur_end = unit.start
    for span in split_sentences(text, unit.start, unit.end):
        if cur_start is not None and span.end - cur_start > max_chars:
            pieces.append(_Unit(cur_start, cur_end, unit.path, unit.role))
            cur_start = None
        if cur_start is None:
            cur_start = span.start
        cur_end = span.end
    if cur_start is not None:
        pieces.append(_Unit(cur_start, cur_end, unit.path, unit.role))
    return pieces


def _common_prefix(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def make_chunks(
    document: Document, outline: Outline, *, max_chars: int, split_roles: bool = True
) -> list[Chunk]:
    """Cut the outline into chunks of at most ``max_chars`` characters (unless one
    sentence is longer), each under one heading path and with one role.

    ``split_roles=False`` packs consecutive sections up to the budget whatever their
    role (the chunk's role is then ``other`` when mixed): fewer, fuller model calls for an
    engine that reads the categories itself.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    text = document.text
    units = [piece for u in _units(outline) for piece in _split_long(text, u, max_chars)]
    groups: list[list[_Unit]] = []
    for unit in units:
        if groups:
            group = groups[-1]
            first = group[0]
            shared = len(_common_prefix(first.path, unit.path))
            # Siblings, or a heading followed by its first child; never across top sections.
            same_parent = shared >= min(len(first.path), len(unit.path)) - 1 and (
                shared > 0 or not (first.path and unit.path)
            )
            fits = unit.end - first.start <= max_chars
            if fits and (not split_roles or (first.role == unit.role and same_parent)):
                group.append(unit)
                continue
        groups.append([unit])
    chunks: list[Chunk] = []
    for group in groups:
        start, end = group[0].start, group[-1].end
        path = group[0].path
        for u in group[1:]:
            path = _common_prefix(path, u.path)
        chunks.append(
            Chunk(
                id=f"c{len(chunks):03d}",
                index=len(chunks),
                text=text[start:end],
                start=start,
                end=end,
                heading_path=path,
                role=group[0].role if all(u.role == group[0].role for u in group) else "other",
            )
        )
    return chunks
