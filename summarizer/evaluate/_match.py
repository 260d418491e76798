"""Item similarity and optimal one-to-one matching.

Similarity of a predicted and a gold item is the larger of
- the Dice overlap of their quotes' character positions in the report, and
- the Dice coefficient of their statements' character bigrams (after NFKC and
  whitespace normalisation),
so that a prediction matches when it quotes the same place or says the same thing.
Matching is optimal (Hungarian assignment), and a pair counts at ``threshold`` or more.

The granularity-tolerant figure first joins the items of one side that lie inside one
item's quote span on the other side (``merge_within``): a 、-list split per element, or a
sentence split per clause, then counts as one claim, so that splitting a claim is told
apart from missing it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.optimize import linear_sum_assignment

DEFAULT_THRESHOLD = 0.5

_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Comparable:
    """What the scorer needs of an item, gold or predicted."""

    category: str
    statement: str
    quote: str
    start: int
    end: int


@lru_cache(maxsize=8192)
def normalize_text(text: str) -> str:
    """NFKC, whitespace removed: the form statements are compared in."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=8192)
def _bigrams(text: str) -> Counter[str]:
    norm = normalize_text(text)
    if len(norm) < 2:
        return Counter([norm]) if norm else Counter()
    return Counter(norm[i : i + 2] for i in range(len(norm) - 1))


@lru_cache(maxsize=8192)
def _bigram_total(text: str) -> int:
    return sum(_bigrams(text).values())


def bigram_dice(a: str, b: str) -> float:
    """Dice coefficient of the character-bigram multisets of ``a`` and ``b``."""
    total = _bigram_total(a) + _bigram_total(b)
    if not total:
        return 0.0
    ba, bb = _bigrams(a), _bigrams(b)
    if len(bb) < len(ba):
        ba, bb = bb, ba
    # Counter's & builds a new Counter per pair; the scorer compares every pair, so the
    # intersection is summed in place.
    shared = sum(min(n, bb[k]) for k, n in ba.items() if k in bb)
    return 2 * shared / total


def span_dice(a_start: int, a_end: int, b_start: int, b_end: int) -> float:
    """Dice overlap of two character intervals."""
    overlap = max(0, min(a_end, b_end) - max(a_start, b_start))
    total = (a_end - a_start) + (b_end - b_start)
    return 2 * overlap / total if total else 0.0


def similarity(pred: Comparable, gold: Comparable) -> float:
    """The larger of quote-span Dice and statement-bigram Dice."""
    spans = span_dice(pred.start, pred.end, gold.start, gold.end) if pred.end > pred.start else 0.0
    return max(spans, bigram_dice(pred.statement, gold.statement))


def numbers_in(text: str) -> frozenset[str]:
    """The numbers written in ``text`` (NFKC), as strings: 增长5% and 增长6% differ here."""
    return frozenset(
        n.rstrip("0").rstrip(".") if "." in n else n
        for n in _NUMBER.findall(unicodedata.normalize("NFKC", text))
    )


# A year (2025年, 2021—2025年) names the period, not the claim's figure: a statement that
# makes the period explicit (the prompt asks for it where the quote leaves it out) says
# the same numbers as one that does not.
_YEARS = re.compile(r"(?:19|20)\d{2}(?:\s*[-—–~至到]\s*(?:19|20)\d{2})?\s*年")


def claim_numbers(text: str) -> frozenset[str]:
    """``numbers_in`` without the years that name a period: the figures of a claim."""
    return numbers_in(_YEARS.sub("", unicodedata.normalize("NFKC", text)))


def similarity_matrix(preds: list[Comparable], golds: list[Comparable]) -> np.ndarray:
    """``similarity`` of every predicted (row) and gold (column) item."""
    scores = np.zeros((len(preds), len(golds)))
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            scores[i, j] = similarity(p, g)
    return scores


def assign(
    scores: np.ndarray, threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[int, int, float]]:
    """Optimal one-to-one pairs ``(row, column, similarity)`` of ``scores`` at ``threshold``+."""
    if not scores.size:
        return []
    rows, cols = linear_sum_assignment(scores, maximize=True)
    return [
        (int(r), int(c), float(scores[r, c]))
        for r, c in zip(rows, cols, strict=True)
        if scores[r, c] >= threshold
    ]


def match(
    preds: list[Comparable], golds: list[Comparable], threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[int, int, float]]:
    """Optimal one-to-one pairs ``(pred index, gold index, similarity)`` at ``threshold``+."""
    return assign(similarity_matrix(preds, golds), threshold)


def _edge(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def core_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``-``end`` without punctuation and whitespace at either edge: a quote that
    takes the closing 。 or the leading ， still lies within one that does not."""
    start, end = max(0, start), min(len(text), end)
    while start < end and _edge(text[start]):
        start += 1
    while end > start and _edge(text[end - 1]):
        end -= 1
    return start, end


def join_within(
    items: list[Comparable], containers: list[Comparable], text: str
) -> list[list[int]]:
    """``items`` grouped by the container they lie inside (indices, in the order of each
    group's first item); an item inside no container is a group of its own.

    An item lies inside a container when its core span (``core_span``) is within the
    container's and shorter: an item quoting the container's very span is of the same
    granularity (one sentence labeled twice for its two indicators, on both sides, stays
    two items). An item inside several containers goes to the shortest (then the first).
    Empty spans lie inside nothing. Categories are not looked at: pass the items and
    containers of one category.
    """
    cores = [core_span(text, c.start, c.end) for c in containers]
    groups: list[list[int]] = []
    by_container: dict[int, list[int]] = {}
    for i, item in enumerate(items):
        s, e = core_span(text, item.start, item.end)
        best: int | None = None
        if e > s:
            for k, (cs, ce) in enumerate(cores):
                inside = cs <= s and e <= ce and e - s < ce - cs
                if inside and (best is None or ce - cs < cores[best][1] - cores[best][0]):
                    best = k
        if best is None:
            groups.append([i])
        elif best in by_container:
            by_container[best].append(i)
        else:
            by_container[best] = [i]
            groups.append(by_container[best])
    return groups


def joined(items: list[Comparable], group: list[int]) -> Comparable:
    """The items of ``group`` as one: from the first one's start to the last one's end,
    statements and quotes joined with ；."""
    if len(group) == 1:
        return items[group[0]]
    parts = sorted((items[i] for i in group), key=lambda c: (c.start, c.end))
    return Comparable(
        category=parts[0].category,
        statement="；".join(p.statement for p in parts),
        quote="；".join(p.quote for p in parts),
        start=parts[0].start,
        end=max(p.end for p in parts),
    )


def merge_within(
    items: list[Comparable], containers: list[Comparable], text: str
) -> list[Comparable]:
    """``items`` with those lying inside one container's span joined into one item
    (``join_within``, ``joined``)."""
    return [joined(items, g) for g in join_within(items, containers, text)]


def tolerant_match(
    preds: list[Comparable],
    golds: list[Comparable],
    text: str,
    threshold: float = DEFAULT_THRESHOLD,
    scores: np.ndarray | None = None,
) -> tuple[int, int, int]:
    """``(true positives, predicted, gold)`` after joining, both ways, the items that lie
    inside one item of the other side (``join_within``), then the same optimal one-to-one
    matching. Pass the items of one category, and their ``similarity_matrix`` when it is
    at hand: the pairs of items left as they are keep their similarity from it."""
    if scores is None:
        scores = similarity_matrix(preds, golds)
    pred_groups = join_within(preds, golds, text)
    gold_groups = join_within(golds, preds, text)
    joined_preds = [joined(preds, g) for g in pred_groups]
    joined_golds = [joined(golds, g) for g in gold_groups]
    tolerant = np.zeros((len(pred_groups), len(gold_groups)))
    for a, pg in enumerate(pred_groups):
        for b, gg in enumerate(gold_groups):
            if len(pg) == 1 and len(gg) == 1:
                tolerant[a, b] = scores[pg[0], gg[0]]
            else:
                tolerant[a, b] = similarity(joined_preds[a], joined_golds[b])
    return len(assign(tolerant, threshold)), len(pred_groups), len(gold_groups)
