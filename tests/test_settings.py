"""Settings: flags over environment over defaults; the key never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.errors import ConfigurationError
from summarizer.settings import DEFAULT_MAX_CHARS, Settings


def test_environment_is_read_and_flags_win() -> None:
    env = {
        "OPENAI_API_KEY": "sk-openai",
        "OPENAI_BASE_URL": "http://openai-compatible.example/v1",
        "SUMMARIZER_MODEL": "qwen-plus",
        "SUMMARIZER_MODE": "md_json",
        "SUMMARIZER_CONCURRENCY": "8",
        "SUMMARIZER_MAX_CHARS": "2000",
        "SUMMARIZER_TIMEOUT": "12.5",
        "SUMMARIZER_TEMPERATURE": "0.2",
        "SUMMARIZER_MAX_OUTPUT_TOKENS": "1024",
        "SUMMARIZER_CACHE_DIR": "/tmp/some-cache",
    }
    s = Settings.from_env(env)
    assert (s.api_key, s.base_url, s.model, s.mode) == (
        "sk-openai",
        "http://openai-compatible.example/v1",
        "qwen-plus",
        "md_json",
    )
    assert (s.concurrency, s.max_chars, s.timeout_s) == (8, 2000, 12.5)
    assert (s.temperature, s.max_output_tokens, s.cache_dir) == (0.2, 1024, Path("/tmp/some-cache"))
    # The summarizer-specific variables win over OpenAI's; flags win over both.
    env |= {"SUMMARIZER_API_KEY": "sk-own", "SUMMARIZER_BASE_URL": "http://127.0.0.1:8080/v1"}
    s = Settings.from_env(env, model="deepseek-chat", concurrency=None)
    assert s.api_key == "sk-own" and s.base_url == "http://127.0.0.1:8080/v1"
    assert s.model == "deepseek-chat" and s.concurrency == 8


def test_defaults_and_auto_engine() -> None:
    s = Settings.from_env({})
    assert s.max_chars is None and s.temperature == 0.0
    # No budget given: each engine's own, the LLM's by the report's language.
    assert s.chunk_budget("rules", "zh") == DEFAULT_MAX_CHARS
    assert s.chunk_budget("llm", "zh") == 1200 and s.chunk_budget("llm", "en") == 4000
    assert s.with_(max_chars=900).chunk_budget("llm", "zh") == 900
    assert s.resolved_engine() == "rules"
    assert Settings.from_env(
        {"SUMMARIZER_BASE_URL": "http://127.0.0.1:1/v1"}
    ).resolved_engine() == ("llm")
    assert Settings.from_env({"OPENAI_API_KEY": "k"}, engine="rules").resolved_engine() == "rules"


def test_bad_number_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="SUMMARIZER_CONCURRENCY='many'"):
        Settings.from_env({"SUMMARIZER_CONCURRENCY": "many"})


def test_key_not_in_repr() -> None:
    s = Settings(api_key="sk-very-secret")
    assert "sk-very-secret" not in repr(s) and "sk-very-secret" not in str(s)
