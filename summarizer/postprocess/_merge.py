"""Merging: near-duplicate items of one category collapse into one, in document order.

Duplicates come mostly from chunk boundaries (the same claim extracted from two adjacent
chunks) and from a model restating a claim. Two items of the same category are
duplicates when their spans overlap by half of the shorter one, or when their statements
are near-identical.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

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
    if not _indicators_compatible(a, b):
        return False
    if _overlap(a, b) >= 0.5:
        return True
    sa, sb = _comparable(a.statement), _comparable(b.statement)
    # fuzz.ratio is at most 2·min/(len a + len b): skip pairs whose lengths rule it out.
    if 200 * min(len(sa), len(sb)) < STATEMENT_SIMILARITY * (len(sa) + len(sb)):
        return False
    return fuzz.ratio(sa, sb, score_cutoff=STATEMENT_SIMILARITY) >= STATEMENT_SIMILARITY


@lru_cache(maxsize=4096)
def _comparable(statement: str) -> str:
    """NFKC without whitespace or end punctuation (全年投资１２亿元。 equals 全年投资12亿元)."""
    return normalize(statement).rstrip("。.，,；;！!？?")


def _indicators_compatible(a: Item, b: Item) -> bool:
    # 居民消费价格涨幅、城镇调查失业率分别控制在3%和5%以内: one quote, two targets.
    return not (a.indicator and b.indicator and a.indicator.name != b.indicator.name)


def _better(a: Item, b: Item) -> Item:
    """The better-grounded item; then the one with an indicator; then the longer quote."""
    key_a = (_GROUNDING_RANK[a.grounding], a.indicator is None, -(a.end - a.start))
    key_b = (_GROUNDING_RANK[b.grounding], b.indicator is None, -(b.end - b.start))
    return a if key_a <= key_b else b


def merge_items(items: list[Item]) -> MergeResult:
    """Collapse near-duplicates; return the survivors sorted by position.

    Same decision as ``is_duplicate`` against every survivor so far (the latest duplicate
    absorbs the item), with the statement comparison done by rapidfuzz in one call.
    """
    ordered = sorted(items, key=lambda i: (i.start, i.end))
    groups: dict[str, list[Item]] = {}
    statements: dict[str, list[str]] = {}
    # Survivors whose span reaches the current position: only they can overlap the items
    # still to come, which start no earlier.
    reaching: dict[str, list[int]] = {}
    merged = 0
    for item in ordered:
        same = groups.setdefault(item.category, [])
        texts = statements.setdefault(item.category, [])
        active = [k for k in reaching.get(item.category, []) if same[k].end > item.start]
        mine = _comparable(item.statement)
        hits = {k for k in active if _overlap(same[k], item) >= 0.5}
        if texts:
            found = process.extract(
                mine, texts, scorer=fuzz.ratio, score_cutoff=STATEMENT_SIMILARITY, limit=None
            )
            hits.update(k for _, _, k in found)
        hits = {k for k in hits if _indicators_compatible(same[k], item)}
        if hits:
            k = max(hits)
            same[k] = _better(same[k], item)
            texts[k] = _comparable(same[k].statement)
            merged += 1
        else:
            k = len(same)
            same.append(item)
            texts.append(mine)
        if k not in active:
            active.append(k)
        reaching[item.category] = active
    survivors = sorted((i for g in groups.values() for i in g), key=lambda i: (i.start, i.end))
    return MergeResult(survivors, merged)
