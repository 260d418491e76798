"""Grounding: every item's quote located in the document text, or the item dropped."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from summarizer.core.summary import Item
from summarizer.core.types import Chunk, Document, ExtractedItem
from summarizer.postprocess.locate import Located, locate_quote

# Fuzzy grounding accepts a near-verbatim quote (a dropped particle, a changed
# punctuation mark) but not a paraphrase: high score, long enough to be specific.
FUZZY_MIN_SCORE = 90.0
FUZZY_MIN_CHARS = 8

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class GroundingResult:
    """Items kept (each with its span), and how many were dropped or flagged."""

    items: list[Item]
    dropped: int
    flagged: int


def numbers_of(text: str) -> set[str]:
    """Arabic numbers written in ``text`` (after NFKC, so full-width digits count)."""
    return set(_NUMBER.findall(unicodedata.normalize("NFKC", text)))


def fuzzy_locate(text: str, quote: str, start: int, end: int) -> Located | None:
    """The best near-verbatim occurrence of ``quote`` in ``text[start:end]``, if any."""
    if len(quote) < FUZZY_MIN_CHARS or end <= start:
        return None
    window = text[start:end]
    hit = fuzz.partial_ratio_alignment(quote, window, score_cutoff=FUZZY_MIN_SCORE)
    if hit is None or hit.dest_end - hit.dest_start < FUZZY_MIN_CHARS:
        return None
    s, e = _best_bounds(quote, window, hit.dest_start, hit.dest_end)
    return Located(start + s, start + e, "fuzzy")


def _best_bounds(quote: str, window: str, s: int, e: int) -> tuple[int, int]:
    """Widen or narrow the aligned span to the one most like the whole quote.

    ``partial_ratio`` aligns a window as long as the quote, so a source with a particle the
    quote dropped (维修改造了… for 维修改造…) would lose its last character.
    """
    slack = max(2, len(quote) // 10)
    best = (fuzz.ratio(quote, window[s:e]), e - s, s, e)
    for s2 in range(max(0, s - slack), min(len(window), s + slack) + 1):
        for e2 in range(max(s2 + 1, e - slack), min(len(window), e + slack) + 1):
            candidate = (fuzz.ratio(quote, window[s2:e2]), e2 - s2, s2, e2)
            if candidate[:2] > best[:2]:
                best = candidate
    return best[2], best[3]


def locate_in_chunk(document: Document, chunk: Chunk, quote: str) -> Located | None:
    """Exact, then normalised (whitespace, full/half width), then fuzzy — within the chunk.

    A quote that is verbatim elsewhere in the document but not in its chunk is still
    grounded (a model may quote the heading above its chunk), exactly only.
    """
    text = document.text
    found = locate_quote(text, quote, chunk.start, chunk.end)
    if found is None:
        found = fuzzy_locate(text, quote.strip(), chunk.start, chunk.end)
    if found is None:
        found = locate_quote(text, quote, document.content_start, len(text))
        if found is not None and found.method != "exact":
            found = None
    return found


def ground_items(
    document: Document, chunk: Chunk, extracted: Sequence[ExtractedItem]
) -> GroundingResult:
    """Locate every item's quote; keep the located ones with the source text as their quote.

    Items whose statement carries a number absent from the source are kept but flagged
    (``numbers_in_source=False``).
    """
    text = document.text
    chunk_numbers = numbers_of(chunk.text)
    items: list[Item] = []
    dropped = flagged = 0
    for e in extracted:
        if not e.quote.strip():
            dropped += 1
            continue
        found = locate_in_chunk(document, chunk, e.quote)
        if found is None:
            dropped += 1
            continue
        quote = text[found.start : found.end]
        source_numbers = chunk_numbers | numbers_of(quote)
        numbers_ok = numbers_of(e.statement) <= source_numbers
        if e.indicator is not None:
            ind = e.indicator
            numbers_ok = numbers_ok and numbers_of(f"{ind.value} {ind.change}") <= source_numbers
        if not numbers_ok:
            flagged += 1
        items.append(
            Item(
                category=e.category,
                statement=e.statement.strip() or quote,
                quote=quote,
                start=found.start,
                end=found.end,
                heading_path=list(chunk.heading_path),
                section=chunk.heading_path[-1] if chunk.heading_path else "",
                chunk_id=chunk.id,
                indicator=e.indicator,
                grounding=found.method,
                numbers_in_source=numbers_ok,
            )
        )
    return GroundingResult(items, dropped, flagged)
