"""Find a quote in a text: exact, then normalised (whitespace and full/half width).

Normalised matching maps every character of the text through NFKC and drops whitespace,
keeping a table from normalised positions back to original offsets, so a match always
yields a span of the original text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

MatchMethod = Literal["exact", "normalized", "fuzzy"]


@dataclass(frozen=True)
class Located:
    """Where a quote was found: ``text[start:end]`` is the source span."""

    start: int
    end: int
    method: MatchMethod


def normalize_char(ch: str) -> str:
    """NFKC of one character with whitespace removed ('' for whitespace)."""
    if ch.isspace() or ch in "\u200b\u200c\u200d\ufeff":
        return ""
    return unicodedata.normalize("NFKC", ch)


def normalize(text: str) -> str:
    """NFKC with all whitespace removed: the form quotes are compared in."""
    return "".join(normalize_char(ch) for ch in text)


@dataclass(frozen=True)
class NormalizedText:
    """A text in normalised form with a map back to original offsets."""

    text: str
    starts: tuple[int, ...]  # original offset where normalised char i comes from
    ends: tuple[int, ...]  # original end offset (exclusive) of normalised char i


@lru_cache(maxsize=32)
def normalized_view(text: str) -> NormalizedText:
    """Normalise ``text`` once; cached because the same document is searched many times."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        norm = normalize_char(ch)
        for n in norm:
            out.append(n)
            starts.append(i)
            ends.append(i + 1)
    return NormalizedText("".join(out), tuple(starts), tuple(ends))


def locate_quote(text: str, quote: str, start: int = 0, end: int | None = None) -> Located | None:
    """Find ``quote`` in ``text[start:end]``: exact first, then whitespace/width-normalised.

    Returns the span in ``text`` coordinates, or ``None`` when the quote is not there.
    """
    if not quote or not quote.strip():
        return None
    end = len(text) if end is None else end
    pos = text.find(quote, start, end)
    if pos >= 0:
        return Located(pos, pos + len(quote), "exact")
    needle = normalize(quote)
    if not needle:
        return None
    view = normalized_view(text)
    # Restrict the normalised search to the window [start, end).
    import bisect

    lo = bisect.bisect_left(view.starts, start)
    hi = bisect.bisect_left(view.starts, end)
    npos = view.text.find(needle, lo, hi)
    if npos < 0:
        return None
    return Located(view.starts[npos], view.ends[npos + len(needle) - 1], "normalized")
