"""Post-processing shared by every engine: grounding, merging, the indicator table.

STUB — to be replaced by the grounding/merging work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.core.summary import IndicatorRow, Item
from summarizer.core.types import Chunk, Document, ExtractedItem

__all__ = ["GroundingResult", "MergeResult", "build_indicator_rows", "ground_items", "merge_items"]


@dataclass(frozen=True)
class GroundingResult:
    items: list[Item]
    dropped: int
    flagged: int


@dataclass(frozen=True)
class MergeResult:
    items: list[Item]
    merged: int


def ground_items(document: Document, chunk: Chunk, extracted: Sequence[ExtractedItem]) -> GroundingResult:
    items: list[Item] = []
    dropped = 0
    for e in extracted:
        pos = document.text.find(e.quote, chunk.start, chunk.end)
        if pos < 0:
            dropped += 1
            continue
        items.append(
            Item(
                category=e.category, statement=e.statement, quote=e.quote, start=pos,
                end=pos + len(e.quote), heading_path=list(chunk.heading_path),
                section=chunk.heading_path[-1] if chunk.heading_path else "",
                chunk_id=chunk.id, indicator=e.indicator,
            )
        )
    return GroundingResult(items, dropped, 0)


def merge_items(items: list[Item]) -> MergeResult:
    return MergeResult(sorted(items, key=lambda i: (i.start, i.end)), 0)


def build_indicator_rows(items: list[Item]) -> list[IndicatorRow]:
    return []
