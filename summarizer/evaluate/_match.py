"""Item similarity and optimal one-to-one matching.

Similarity of a predicted and a gold item is the larger of
- the Dice overlap of their quotes' character positions in the report, and
- the Dice coefficient of their statements' character bigrams (after NFKC and
  whitespace normalisation),
so that a prediction matches when it quotes the same place or says the same thing.
Matching is optimal (Hungarian assignment), and a pair counts at ``threshold`` or more.
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


def match(
    preds: list[Comparable], golds: list[Comparable], threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[int, int, float]]:
    """Optimal one-to-one pairs ``(pred index, gold index, similarity)`` at ``threshold``+."""
    if not preds or not golds:
        return []
    scores = np.zeros((len(preds), len(golds)))
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            scores[i, j] = similarity(p, g)
    rows, cols = linear_sum_assignment(scores, maximize=True)
    return [
        (int(r), int(c), float(scores[r, c]))
        for r, c in zip(rows, cols, strict=True)
        if scores[r, c] >= threshold
    ]
