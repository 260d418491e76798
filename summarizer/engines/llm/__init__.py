"""The LLM engine: schema-constrained extraction over any OpenAI-compatible server.

openai and instructor are imported only in ``_client`` (the provider), and only when a
call is made: the offline path never loads them.
"""

from __future__ import annotations

from summarizer.engines.llm._engine import LLMEngine
from summarizer.engines.llm._prompts import load_prompts
from summarizer.engines.llm._schema import ChunkItems, ModelItem, schema_hash

__all__ = ["ChunkItems", "LLMEngine", "ModelItem", "load_prompts", "schema_hash"]
