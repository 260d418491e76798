"""Clause segmentation that respects Chinese punctuation, quotation marks and brackets.

A ``，`` inside “…”, 《…》 or （…） does not split; enumerations (一是…二是…, 1.…2.…,
；-separated points) split into points; leading markers are stripped.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

_OPEN = {"“": "”", "《": "》", "（": "）", "(": ")", "「": "」", "‘": "’", "【": "】"}
_CLOSE = {v: k for k, v in _OPEN.items()}
SENTENCE_END = "。！？!?"
POINT_END = "；;"
CLAUSE_END = "，,：:"

_CN = "一二三四五六七八九十"
# Markers that open an enumerated point or a numbered paragraph.
_LEAD_MARKER = re.compile(
    rf"(?:[{_CN}]+是|[{_CN}]+、|[（(][{_CN}\d]+[）)]|\d{{1,2}}[.．、](?!\d)|[①-⑳]|"
    rf"第[{_CN}]+(?:是|，|,)|首先，|其次，|最后，|同时，|此外，|另外，|"
    # List bullets of a plan pasted from an editor: - 新建…, • 新建….
    rf"[-*＊]\s+|[•●▪◆■►]|——|—)\s*"
)
_ENUM_SPLIT = re.compile(rf"(?<![{_CN}])(?=[{_CN}]是)")


@dataclass(frozen=True)
class Piece:
    """A span ``[start, end)`` of the chunk text, trimmed, punctuation excluded."""

    start: int
    end: int


def _in_ratio(text: str, i: int, ch: str) -> bool:
    """A colon between digits is a ratio (35.8:35.4:28.8), not a clause break."""
    return ch in ":：" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


@lru_cache(maxsize=16)
def _marks(stops: str) -> re.Pattern[str]:
    """The characters ``_spans`` acts on: brackets, quotes, ``stops`` and line ends."""
    return re.compile("[" + re.escape("".join(_OPEN) + "".join(_CLOSE) + stops) + "\n]")


def _spans(text: str, start: int, end: int, stops: str) -> list[Piece]:
    """Split ``text[start:end]`` at ``stops`` outside brackets and quotes."""
    pieces: list[Piece] = []
    depth: list[str] = []
    seg_start = start
    for m in _marks(stops).finditer(text, start, end):
        i = m.start()
        ch = text[i]
        if ch in _OPEN and not (ch == "“" and depth and depth[-1] == "“"):
            depth.append(ch)
        elif ch in _CLOSE and depth and depth[-1] == _CLOSE[ch]:
            depth.pop()
        elif ch in stops and not depth and not _in_ratio(text, i, ch):
            pieces.append(Piece(seg_start, i))
            seg_start = i + 1
        elif ch == "\n":
            depth.clear()
            pieces.append(Piece(seg_start, i))
            seg_start = i + 1
    pieces.append(Piece(seg_start, end))
    return [p for p in (trim(text, q) for q in pieces) if p.end > p.start]


# A note in brackets at the end of a task naming who carries it out: （省大数据局牵头，
# 各有关部门配合）, （责任单位：县发改局）. It says who, not what: no part of the claim.
_DUTY_NOTE = re.compile(
    r"[（(][^（）()]*(?:牵头|负责|配合|责任(?:部门|单位|人)|主责|承办)[^（）()]*[）)]$"
)


def trim(text: str, piece: Piece) -> Piece:
    """Strip whitespace, dangling punctuation, a trailing note of who is responsible and a
    leading enumeration marker."""
    s, e = piece.start, piece.end
    while s < e and (text[s].isspace() or text[s] in "，,；;：:。、"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in "，,；;：:。、！？!?"):
        e -= 1
    if e > s and text[e - 1] in "）)":
        note = _DUTY_NOTE.search(text, s, e)
        if note is not None and note.start() > s:
            e = note.start()
            while e > s and (text[e - 1].isspace() or text[e - 1] in "，,；;：:。、！？!?"):
                e -= 1
    m = _LEAD_MARKER.match(text, s, e)
    if m and m.end() < e:
        s = m.end()
    return Piece(s, e)


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Piece]:
    """Sentences (。！？ and line ends) outside quotes and brackets."""
    return _spans(text, start, len(text) if end is None else end, SENTENCE_END)


def points(text: str, sentence: Piece) -> list[Piece]:
    """The ；-separated points of a sentence, also split before 一是/二是… markers."""
    out: list[Piece] = []
    for p in _spans(text, sentence.start, sentence.end, POINT_END):
        sub = [m.start() for m in _ENUM_SPLIT.finditer(text, p.start, p.end)]
        bounds = [p.start, *[b for b in sub if b > p.start], p.end]
        for a, b in itertools.pairwise(bounds):
            q = trim(text, Piece(a, b))
            if q.end > q.start:
                out.append(q)
    return out


def clauses(text: str, piece: Piece) -> list[Piece]:
    """The ，/：-separated clauses of a point."""
    return _spans(text, piece.start, piece.end, CLAUSE_END)


def listed(text: str, piece: Piece) -> list[Piece]:
    """The 、-separated members of a clause (outside quotes and brackets)."""
    return _spans(text, piece.start, piece.end, "、")
