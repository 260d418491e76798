"""Cleaning: conversion artifacts, invisible characters, page-broken lines, final assembly.

Formats hand over a list of ``Block`` (a line or paragraph, possibly a heading); cleaning
works block by block so heading offsets stay exact in the assembled text.

For text the user has as a file (txt, md), every block also records where its
characters come from in that file (``Block.origin``), through cleaning, rejoining and
assembly: spans of the cleaned text can then be given in the file's own offsets.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

from summarizer.core.types import HeadingHint
from summarizer.load._cjk import IDEOGRAPH_FORMS

# Word-to-text converters leave bookmarks and anchors behind:
# ``[bookmark: _GoBack]`` (python/Word export), ``[]{#_Toc123 .anchor}`` (pandoc).
_ARTIFACTS = re.compile(r"\[bookmark:[^\]\n]*\]|\[\]\{#[^}\n]*\}")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad]")
_SPACES = re.compile("[\u00a0\u2007\u202f\t]")
# C0 controls that survive decoding of text exports; tabs and newlines are handled apart.
_STRAY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Where one line ends and the next begins: the breaks above, and \n itself.
_LINE_END = re.compile(r"\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")
# What clean_line deletes; a line without any of it only loses its outer spaces.
_DELETED = re.compile(f"{_ARTIFACTS.pattern}|{_INVISIBLE.pattern}|{_STRAY_CONTROLS.pattern}")
_STRIPPED = " \u3000\u00a0\u2007\u202f\t"

# A line that begins a new unit rather than continuing a sentence: numbering markers
# (一、 （一） (一) 1. 1、 １． （1） ① 第一部分), list bullets, markdown, dashes, quotes of
# a new speaker.
_NEW_UNIT = re.compile(
    r"^(?:"
    r"[一二三四五六七八九十百]+[、．.]"
    r"|[（(][一二三四五六七八九十百\d０-９]+[）)]"
    r"|[\d０-９]+(?:[、．.](?!\d)|\s)"
    r"|[①-⑳⑴-⒇㈠-㈩]"
    r"|第[一二三四五六七八九十百\d]+[部分章节条篇]"
    r"|[#>*•·▪■□◆●○\-–—]"
    r")"
)
_CLOSING_BRACKETS = "”’」』）)》〉】]\"'"
_SENTENCE_END = "。！？；：….!?;:"
# Punctuation inside running prose. The enumeration comma and colon are left out: bylines
# (县委副书记、县长 …) and labels (主任：…) have them without being prose.
_CLAUSE_PUNCT = re.compile(r"[，。；！？,;]")
_SENTENCE_STOP = re.compile(r"[。！？；!?;]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_LATIN = re.compile(r"[A-Za-z]")

# Lines shorter than this with no clause punctuation are treated as headings or
# standalone labels (titles, bylines), never glued to what follows.
_SHORT_LINE = 30


# Where a cleaned text comes from in the original: runs ``(offset in the cleaned text,
# offset in the original)``, sorted; each run lasts until the next one starts.
Runs = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Block:
    """A line or paragraph of extracted text. ``level`` > 0 marks a heading (1–6).

    ``gap`` says a blank line preceded it in the source (kept as paragraph spacing).
    ``origin`` maps ``text`` into the decoded file, when that is tracked (txt, md).
    """

    text: str
    level: int = 0
    gap: bool = False
    origin: Runs = ()


def normalize_newlines(text: str) -> str:
    """\\r\\n, \\r, vertical tab, form feed and Unicode separators → \\n."""
    return _LINE_BREAKS.sub("\n", text)


def clean_line(line: str) -> str:
    """Remove conversion artifacts and invisible characters; NBSP/tab → space; radicals
    and compatibility ideographs → unified ideographs; strip."""
    line = _ARTIFACTS.sub("", line)
    line = _INVISIBLE.sub("", line)
    line = _STRAY_CONTROLS.sub("", line)
    line = _SPACES.sub(" ", line)
    # Text copied out of a PDF spells 工 as the radical ⼯: one code point for one.
    line = line.translate(IDEOGRAPH_FORMS)
    return line.strip(" \u3000")


def clean_line_mapped(line: str, base: int) -> tuple[str, Runs]:
    """``clean_line`` of a line found at offset ``base`` of the original, and the runs
    that map the cleaned line back into the original."""
    if not _DELETED.search(line):
        # Only the outer spaces go (the other changes are one character for one).
        cleaned = clean_line(line)
        lead = len(line) - len(line.lstrip(_STRIPPED))
        return cleaned, ((0, base + lead),) if cleaned else ()
    kept = list(range(len(line)))
    text = line
    for pattern in (_ARTIFACTS, _INVISIBLE, _STRAY_CONTROLS):
        gone: set[int] = set()
        for m in pattern.finditer(text):
            gone.update(range(m.start(), m.end()))
        text = "".join(ch for i, ch in enumerate(text) if i not in gone)
        kept = [k for i, k in enumerate(kept) if i not in gone]
    text = _SPACES.sub(" ", text).translate(IDEOGRAPH_FORMS)
    lead = len(text) - len(text.lstrip(" \u3000"))
    text = text.strip(" \u3000")
    kept = kept[lead : lead + len(text)]
    runs = [(i, base + k) for i, k in enumerate(kept) if i == 0 or k != kept[i - 1] + 1]
    return text, tuple(runs)


def split_lines(text: str) -> Iterator[tuple[int, str]]:
    """The lines of ``text`` with their offsets (line ends as ``normalize_newlines``)."""
    pos = 0
    for m in _LINE_END.finditer(text):
        yield pos, text[pos : m.start()]
        pos = m.end()
    yield pos, text[pos:]


def blocks_from_lines(text: str, *, track: bool = False) -> list[Block]:
    """One ``Block`` per non-blank line of plain text, cleaned, blank lines noted in ``gap``.

    ``track`` records each block's ``origin`` in ``text``.
    """
    blocks: list[Block] = []
    gap = False
    for pos, raw in split_lines(text):
        line, origin = clean_line_mapped(raw, pos) if track else (clean_line(raw), ())
        if not line:
            gap = bool(blocks)
            continue
        blocks.append(Block(line, 0, gap, origin))
        gap = False
    return blocks


def original_offset(runs: Runs, offset: int) -> int:
    """Where the character at ``offset`` of a cleaned text comes from in its original."""
    run = runs[bisect.bisect_right(runs, offset, key=lambda r: r[0]) - 1]
    return run[1] + offset - run[0]


def _joined_origin(prev: Block, joiner: str, block: Block) -> Runs:
    """The origin of ``prev.text + joiner + block.text``; the joiner (a space between
    Latin words) stands for the line break after ``prev``."""
    if not (prev.origin and block.origin):
        return ()
    n = len(prev.text)
    after = original_offset(prev.origin, n - 1) + 1
    runs = [*prev.origin, *([(n, after)] if joiner else [])]
    runs.extend((i + n + len(joiner), k) for i, k in block.origin)
    return tuple(runs)


def origin_runs(blocks: list[Block]) -> Runs:
    """Runs mapping the text ``assemble`` makes of ``blocks`` into their original (none when
    a block has no origin). A separator between blocks stands for the line breaks after
    the first of them."""
    if not blocks or not all(b.origin for b in blocks):
        return ()
    runs: list[tuple[int, int]] = []
    pos = 0
    for i, block in enumerate(blocks):
        if i:
            prev = blocks[i - 1]
            runs.append((pos, original_offset(prev.origin, len(prev.text) - 1) + 1))
            pos += 2 if block.gap else 1
        runs.extend((pos + j, k) for j, k in block.origin)
        pos += len(block.text)
    # Runs that carry straight on from the one before add nothing.
    merged = [runs[0]]
    for j, k in runs[1:]:
        pj, pk = merged[-1]
        if k - pk != j - pj:
            merged.append((j, k))
    return tuple(merged)


def _is_open_ended(line: str) -> bool:
    """The line stops without closing its sentence."""
    stripped = line.rstrip(_CLOSING_BRACKETS)
    if not stripped:
        return False
    if stripped != line and stripped[-1] in _SENTENCE_END:
        return False
    return line[-1] not in _SENTENCE_END


def _is_body_text(line: str, full_line: int) -> bool:
    """Running prose, not a heading, title or label line.

    ``full_line`` is the length from which a line counts as a full line of prose.
    """
    if _NEW_UNIT.match(line) and "。" not in line:
        return False  # a numbered heading, even a long one with commas
    # Commas alone do not make prose: unnumbered headings often have one (坚持…，推动…).
    return len(line) >= full_line or bool(_SENTENCE_STOP.search(line))


def _is_continuation(line: str, full_line: int) -> bool:
    """The line can carry on a sentence left open on the previous line."""
    if _NEW_UNIT.match(line):
        return False
    # A short line without prose punctuation is a heading or a label (各位代表：) of its own.
    if len(line) >= full_line or _CLAUSE_PUNCT.search(line):
        return True
    return line[-1] in "。！？；….!?;"


def _joiner(left: str, right: str) -> str:
    return " " if _LATIN.match(left[-1]) and _LATIN.match(right[0]) else ""


def _full_line_length(blocks: list[Block]) -> int:
    """Length from which a line is a full line of prose.

    Text wrapped at a fixed width (a PDF's text layer) has most lines near that width,
    often under ``_SHORT_LINE`` characters in narrow columns: three quarters of the
    typical long line counts as full. Paragraph-per-line text keeps ``_SHORT_LINE``.
    """
    lengths = sorted(len(b.text) for b in blocks if not b.level)
    if len(lengths) < 10:
        return _SHORT_LINE
    typical = lengths[(len(lengths) * 9) // 10]
    return max(12, min(_SHORT_LINE, (typical * 3) // 4))


def _width(line: str) -> float:
    """Printed width of a line in ideographs: Latin letters and digits are half as wide."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in line)


# How much narrower than the typical full line a line may be and still be full: a
# justified line's characters are not all of the widths ``_width`` assumes (punctuation
# is compressed, Latin runs vary), and a paragraph's first line may be indented.
_FULL_SLACK = 2.5


def _full_width(blocks: list[Block]) -> float | None:
    """Printed width from which a line is full, when the lines are wrapped at a fixed
    width (many of them about as wide as the widest typical one); else None."""
    widths = sorted(_width(b.text) for b in blocks if not b.level)
    if len(widths) < 10:
        return None
    full = widths[(len(widths) * 9) // 10] - _FULL_SLACK
    return full if sum(1 for w in widths if w >= full) >= 0.4 * len(widths) else None


def rejoin_broken_lines(blocks: list[Block], *, wrapped: bool = False) -> list[Block]:
    """Glue body lines split by a page or line break back into one sentence.

    A pair is joined when the first line is prose left open (no closing punctuation) and
    the second continues it (no numbering marker, not a heading-like short line).
    Headings (``level`` > 0) are never joined.

    ``wrapped`` says the lines were wrapped at a fixed width (a PDF's text layer). A full
    line left open always goes on, even into a short line (a text layer breaks a line
    where the font or baseline changes); and a line that ends a sentence right at the
    margin (…增长12.5%以上。) is mid-paragraph too, as a paragraph's last line is seldom
    exactly full.
    """
    full_line = _full_line_length(blocks)
    full_width = _full_width(blocks) if wrapped else None
    out: list[Block] = []
    last_width = 0.0  # of the last physical line of out[-1]
    for block in blocks:
        width = _width(block.text) if full_width is not None else 0.0
        if out and _joins(out[-1], block, full_line, full_width, last_width):
            prev = out[-1]
            joiner = _joiner(prev.text, block.text)
            joined = prev.text + joiner + block.text
            out[-1] = replace(prev, text=joined, origin=_joined_origin(prev, joiner, block))
        else:
            out.append(block)
        last_width = width
    return out


def _joins(
    prev: Block, block: Block, full_line: int, full_width: float | None, last_width: float
) -> bool:
    """``block`` carries on the paragraph ``prev`` (whose last line is ``last_width`` wide)."""
    if prev.level or block.level or not _is_body_text(prev.text, full_line):
        return False
    open_ended = _is_open_ended(prev.text)
    if full_width is None:
        return open_ended and _is_continuation(block.text, full_line)
    if open_ended and last_width >= full_width:
        return not _NEW_UNIT.match(block.text)
    if open_ended or last_width >= full_width + _FULL_SLACK - 1:
        return _is_continuation(block.text, full_line)
    return False


def assemble(blocks: list[Block]) -> tuple[str, tuple[HeadingHint, ...]]:
    """Join blocks into the cleaned text (blank line where the source had one).

    Returns the text and a ``HeadingHint`` for every heading block, offsets into that text.
    """
    parts: list[str] = []
    hints: list[HeadingHint] = []
    pos = 0
    for i, block in enumerate(blocks):
        if i:
            sep = "\n\n" if block.gap else "\n"
            parts.append(sep)
            pos += len(sep)
        if block.level:
            hints.append(HeadingHint(pos, pos + len(block.text), block.level, block.text))
        parts.append(block.text)
        pos += len(block.text)
    return "".join(parts), tuple(hints)
