"""Extraction engines. Each implements ``Engine``: one async method, chunk in, items out.

- ``rules``: the offline, deterministic rule-based engine (no network, no model files)
- ``llm``: schema-constrained extraction over any OpenAI-compatible server

The LLM engine is imported lazily so that the offline path never imports openai/instructor.
"""

from __future__ import annotations

from summarizer.engines.base import Engine, EngineInfo, make_engine

__all__ = ["Engine", "EngineInfo", "make_engine"]
