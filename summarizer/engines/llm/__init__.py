"""The LLM engine (the only place that imports openai/instructor). STUB."""

from __future__ import annotations

from summarizer.core.types import Chunk, ChunkExtraction, DocumentContext
from summarizer.engines.base import EngineInfo
from summarizer.errors import ConfigurationError
from summarizer.settings import Settings

__all__ = ["LLMEngine"]


class LLMEngine:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.info = EngineInfo(engine="llm", model=settings.model)

    async def extract(self, chunk: Chunk, context: DocumentContext) -> ChunkExtraction:
        raise ConfigurationError("the LLM engine is not built yet")
