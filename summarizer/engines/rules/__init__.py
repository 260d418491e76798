"""The offline rule-based engine. STUB — to be replaced by the offline-engine work."""

from __future__ import annotations

import re

from summarizer.core.types import Chunk, ChunkExtraction, DocumentContext, ExtractedItem
from summarizer.engines.base import EngineInfo

__all__ = ["RulesEngine"]


class RulesEngine:
    """Deterministic extraction from section and paragraph roles; no network, no model."""

    info = EngineInfo(engine="rules")

    async def extract(self, chunk: Chunk, context: DocumentContext) -> ChunkExtraction:
        items = [
            ExtractedItem("achievement", s, s)
            for s in re.split(r"[。；]", chunk.text)
            if re.search(r"\d", s)
        ]
        return ChunkExtraction(chunk_id=chunk.id, items=tuple(items))
