"""The engine protocol shared by every engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from summarizer.core.types import Chunk, ChunkExtraction, DocumentContext
from summarizer.settings import Settings


@dataclass(frozen=True)
class EngineInfo:
    """Identifies an engine's output: recorded in every summary and eval result."""

    engine: str
    model: str = ""
    base_url_host: str = ""
    mode: str = ""
    prompt_hash: str = ""
    schema_hash: str = ""
    # True: chunks must not mix section roles (the engine decides categories by role, or
    # the model is told the role of its chunk).
    role_chunks: bool = True
    # True: the engine bounds its own calls in flight (``settings.concurrency``), so the
    # pipeline starts every chunk at once rather than holding a slot for a chunk that
    # waits on the halves it was split into.
    limits_concurrency: bool = False
    # The languages the engine reads (``DocumentInfo.language`` codes); empty: any. A
    # report in another language is not sent to it: its summary is empty and says why.
    languages: tuple[str, ...] = ()


@runtime_checkable
class Engine(Protocol):
    """Extracts items from one chunk. Raise ``ChunkFailedError`` (or any
    ``SummarizerError``) when the chunk cannot be done; the pipeline isolates it."""

    info: EngineInfo

    async def extract(self, chunk: Chunk, context: DocumentContext) -> ChunkExtraction: ...


def make_engine(settings: Settings) -> Engine:
    """Build the engine ``settings`` ask for (``auto``: LLM when configured, else rules)."""
    name = settings.resolved_engine()
    if name == "llm":
        from summarizer.engines.llm import LLMEngine

        return LLMEngine(settings)
    from summarizer.engines.rules import RulesEngine

    return RulesEngine()
