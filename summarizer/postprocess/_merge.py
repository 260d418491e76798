"""Merging: near-duplicate items of one category collapse into one, in document order.

Duplicates come mostly from chunk boundaries (the same claim extracted from two adjacent
chunks) and from a model restating a claim. Two items of the same category are
duplicates when their spans overlap by half of the shorter one, or when their statements
are near-identical.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from summarizer.core.summary import Item
from summarizer.postprocess.locate import normalize

STATEMENT_SIMILARITY = 92.0
_GROUNDING_RANK = {"exact": 0, "normalized": 1, "fuzzy": 2}


@dataclass(frozen=True)
class MergeResult:
    """Items after merging, in document order, and how many were merged away."""

    items: list[Item]
    merged: int


def _overlap(a: Item, b: Item) -> float:
    inter = min(a.end, b.end) - max(a.start, b.start)
    shorter = min(a.end - a.start, b.end - b.start)
    return inter / shorter if shorter > 0 else 0.0


def is_duplicate(a: Item, b: Item) -> bool:
    """Same category, and overlapping spans or near-identical statements."""
    if a.category != b.category:
        return False
    if a.indicator and b.indicator and a.indicator.name != b.indicator.name:
        # 居民消费价格涨幅、城镇调查失业率分别控制在3%和5%以内: one quote, two targets.
        return False
    if _overlap(a, b) >= 0.5:
        return True
    return fuzz.ratio(_comparable(a.statement), _comparable(b.statement)) >= STATEMENT_SIMILARITY


def _comparable(statement: str) -> str:
    """NFKC without whitespace or end punctuation (全年投资１２亿元。 equals 全年投资12亿元)."""
    return normalize(statement).rstrip("。.，,；;！!？?")


def _better(a: Item, b: Item) -> Item:
    """The better-grounded item; then the one with an indicator; then the longer quote."""
    key_a = (_GROUNDING_RANK[a.grounding], a.indicator is None, -(a.end - a.start))
    key_b = (_GROUNDING_RANK[b.grounding], b.indicator is None, -(b.end - b.start))
    return a if key_a <= key_b else b


def merge_items(items: list[Item]) -> MergeResult:
    """Collapse near-duplicates; return the survivors sorted by position."""
    ordered = sorted(items, key=lambda i: (i.start, i.end))
    kept: list[Item] = []
    merged = 0
    for item in ordered:
        for k in range(len(kept) - 1, -1, -1):
            other = kept[k]
            if is_duplicate(other, item):
                kept[k] = _better(other, item)
                merged += 1
                break
        else:
            kept.append(item)
    kept.sort(key=lambda i: (i.start, i.end))
    return MergeResult(kept, merged)
