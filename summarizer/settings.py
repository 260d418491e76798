"""Run settings: passed explicitly, or read from the environment once by ``Settings.from_env``."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, quote, unquote, urlsplit

EngineName = Literal["auto", "llm", "rules"]
Mode = Literal["tools", "json_schema", "md_json"]

# Chunk budgets in characters, per engine. The offline engine reads any size alike (it
# scores the same at 1,200, 3,600 and 8,000); 3,600 keeps its sections whole. The LLM's
# budget follows from what the model must write back (README, "The chunk budget"):
# Chinese work reports hold about 18 claims per 1,000 characters (up to 45 in a dense
# stretch), so 1,200 characters make answers of about 21 items, well under the cap of
# 60 and under half the output-token limit; English carries about a third as much per
# character.
DEFAULT_MAX_CHARS = 3600
LLM_MAX_CHARS = {"zh": 1200, "ja": 1200, "ko": 1200}
LLM_MAX_CHARS_OTHER = 4000
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Unpacked content of a zip container (.docx): deflate inflates up to 1,000-fold, and
# python-docx holds every part in memory, parsed.
DEFAULT_MAX_INFLATED_BYTES = 100 * 1024 * 1024
DEFAULT_MODEL = "gpt-4o-mini"
# A server asking to wait longer than this before a retry is not waited for: the run
# gives up at once and says how long the server asked for.
DEFAULT_MAX_RETRY_WAIT_S = 60.0


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summarizer"


# Variables read as numbers: (variable, setting, type).
_TYPED_VARIABLES: tuple[tuple[str, str, Callable[[str], Any]], ...] = (
    ("SUMMARIZER_CONCURRENCY", "concurrency", int),
    ("SUMMARIZER_MAX_CHARS", "max_chars", int),
    ("SUMMARIZER_TIMEOUT", "timeout_s", float),
    ("SUMMARIZER_MAX_BYTES", "max_bytes", int),
    ("SUMMARIZER_MAX_INFLATED_BYTES", "max_inflated_bytes", int),
    ("SUMMARIZER_TEMPERATURE", "temperature", float),
    ("SUMMARIZER_MAX_OUTPUT_TOKENS", "max_output_tokens", int),
    ("SUMMARIZER_MAX_RETRY_WAIT", "max_retry_wait_s", float),
)


def env_values(
    env: Mapping[str, str], table: Iterable[tuple[str, str, Callable[[str], Any]]]
) -> dict[str, Any]:
    """The settings that ``env`` sets, by (variable, setting name, type) in ``table``; a
    value that does not convert is a ``ConfigurationError`` naming the variable."""
    values: dict[str, Any] = {}
    for var, name, typ in table:
        if env.get(var):
            try:
                values[name] = typ(env[var])
            except ValueError:
                from summarizer.errors import ConfigurationError

                raise ConfigurationError(f"{var}={env[var]!r} is not a number") from None
    return values


@dataclass(frozen=True)
class Settings:
    """Everything a run can be configured with.

    ``api_key`` is never printed: it is excluded from ``repr`` and from every output.
    """

    engine: EngineName = "auto"
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    mode: Mode | None = None  # None: chosen from the base URL (see engines.llm)
    temperature: float = 0.0
    max_output_tokens: int = 4096
    timeout_s: float = 60.0
    concurrency: int = 4
    max_retries: int = 4
    backoff_s: float = 0.5
    max_retry_wait_s: float = DEFAULT_MAX_RETRY_WAIT_S
    max_reasks: int = 2
    max_chars: int | None = None  # None: the engine's budget for the report's language
    max_bytes: int = DEFAULT_MAX_BYTES
    max_inflated_bytes: int = DEFAULT_MAX_INFLATED_BYTES
    cache: bool = True
    cache_dir: Path = field(default_factory=default_cache_dir)
    offline: bool = False
    # A folder of recorded answers (``summarizer requests``): replayed, never called.
    answers_dir: Path | None = None
    # Prompt templates to use instead of the shipped ones (trying out a prompt change).
    prompts_dir: Path | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read settings from the environment (once), then apply non-None ``overrides``.

        Variables: OPENAI_API_KEY (or SUMMARIZER_API_KEY), SUMMARIZER_BASE_URL or
        OPENAI_BASE_URL, SUMMARIZER_MODEL, SUMMARIZER_MODE, SUMMARIZER_CACHE_DIR,
        SUMMARIZER_CONCURRENCY, SUMMARIZER_MAX_CHARS, SUMMARIZER_TIMEOUT, SUMMARIZER_MAX_BYTES,
        SUMMARIZER_MAX_INFLATED_BYTES,
        SUMMARIZER_TEMPERATURE, SUMMARIZER_MAX_OUTPUT_TOKENS, SUMMARIZER_MAX_RETRY_WAIT.
        """
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        key = env.get("SUMMARIZER_API_KEY") or env.get("OPENAI_API_KEY")
        if key:
            values["api_key"] = key
        base_url = env.get("SUMMARIZER_BASE_URL") or env.get("OPENAI_BASE_URL")
        if base_url:
            values["base_url"] = base_url
        if env.get("SUMMARIZER_MODEL"):
            values["model"] = env["SUMMARIZER_MODEL"]
        if env.get("SUMMARIZER_MODE"):
            values["mode"] = env["SUMMARIZER_MODE"]
        if env.get("SUMMARIZER_PROMPTS_DIR"):
            values["prompts_dir"] = Path(env["SUMMARIZER_PROMPTS_DIR"])
        if env.get("SUMMARIZER_CACHE_DIR"):
            values["cache_dir"] = Path(env["SUMMARIZER_CACHE_DIR"])
        values.update(env_values(env, _TYPED_VARIABLES))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def chunk_budget(self, engine: str, language: str) -> int:
        """Characters per chunk: ``max_chars`` when set, else the engine's default for
        the report's language."""
        if self.max_chars is not None:
            return self.max_chars
        if engine == "llm":
            return LLM_MAX_CHARS.get(language, LLM_MAX_CHARS_OTHER)
        return DEFAULT_MAX_CHARS

    def with_(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied (``None`` values ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @property
    def llm_configured(self) -> bool:
        """True when a key or a base URL is configured, so ``auto`` picks the LLM engine."""
        return bool(self.api_key or self.base_url)

    def secrets(self) -> tuple[str, ...]:
        """What must never be shown: the API key, and the password and query values of
        the base URL (some proxies take their key there)."""
        found: list[str] = []
        if self.api_key:
            found.append(self.api_key)
        if self.base_url:
            url = urlsplit(self.base_url)
            try:
                password = url.password
            except ValueError:
                password = None
            if password:
                found.append(unquote(password))
                found.append(password)
            for _, value in parse_qsl(url.query, keep_blank_values=False):
                found.append(value)
                found.append(quote(value, safe=""))
        return tuple(s for s in dict.fromkeys(found) if len(s) >= _MIN_SECRET_CHARS)

    def resolved_engine(self) -> Literal["llm", "rules"]:
        """The engine that runs: ``auto`` is the LLM when configured, else the rules."""
        if self.engine == "auto":
            return "llm" if self.llm_configured else "rules"
        return self.engine


# Shorter strings are not replaced: a short "key" (a placeholder such as "x") would
# otherwise blank out ordinary words in messages and outputs.
_MIN_SECRET_CHARS = 6
# Tokens with the shape of an API key or a bearer credential, whoever's they are.
_TOKENS = re.compile(r"\b(sk-)[A-Za-z0-9_-]{6,}|\b(Bearer\s+)[A-Za-z0-9._~+/=-]{6,}", re.IGNORECASE)
REDACTED = "***"


def redact(text: str, secrets: tuple[str, ...] = (), *, tokens: bool = True) -> str:
    """``text`` with every secret (see ``Settings.secrets``) replaced by ``***`` and, unless
    ``tokens`` is false, anything shaped like a key (``sk-…``) or a bearer token too.

    For what a server or a model says: some OpenAI-compatible servers and proxies echo
    the key they refused, unmasked, in their error messages.
    """
    for secret in sorted(secrets, key=len, reverse=True):
        if len(secret) >= _MIN_SECRET_CHARS:
            text = text.replace(secret, REDACTED)
    if tokens:
        text = _TOKENS.sub(lambda m: (m.group(1) or m.group(2)) + REDACTED, text)
    return text


def public_url(url: str) -> str:
    """A base URL as it may be shown: scheme, host, port and path; never the user name,
    password, query string or fragment."""
    schemeless = "://" not in url
    parts = urlsplit(f"//{url}" if schemeless else url)
    try:
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "(invalid URL)"
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{port}" if port is not None else host
    return f"{netloc}{parts.path}" if schemeless else f"{parts.scheme}://{netloc}{parts.path}"
