"""Options shared by every command that runs the pipeline, and Settings built from them.

Precedence: command-line flags, then environment variables, then defaults.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from summarizer.settings import DEFAULT_MAX_CHARS, LLM_MAX_CHARS, LLM_MAX_CHARS_OTHER

if TYPE_CHECKING:
    from summarizer.settings import Settings

EngineOpt = Annotated[
    str,
    typer.Option(
        "--engine",
        help="auto (LLM when a key or base URL is configured, else offline rules), llm, rules",
    ),
]
ModelOpt = Annotated[str | None, typer.Option("--model", help="Model name [env SUMMARIZER_MODEL]")]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option("--base-url", help="OpenAI-compatible base URL [env SUMMARIZER_BASE_URL]"),
]
ModeOpt = Annotated[
    str | None,
    typer.Option(
        "--mode", help="Instructor mode: tools, json_schema, md_json [env SUMMARIZER_MODE]"
    ),
]
ConcurrencyOpt = Annotated[
    int | None, typer.Option("--concurrency", min=1, help="Chunks in flight at once (default 4)")
]
MaxCharsOpt = Annotated[
    int | None,
    typer.Option(
        "--max-chars",
        min=200,
        help=f"Chunk size budget in characters (default: LLM {LLM_MAX_CHARS['zh']} for Chinese, "
        f"{LLM_MAX_CHARS_OTHER} otherwise; rules {DEFAULT_MAX_CHARS}) [env SUMMARIZER_MAX_CHARS]",
    ),
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache")]
OfflineOpt = Annotated[
    bool, typer.Option("--offline", help="Answer LLM calls from the cache only; a miss is an error")
]
CacheDirOpt = Annotated[
    Path | None,
    typer.Option("--cache-dir", help="Response cache directory [env SUMMARIZER_CACHE_DIR]"),
]

_ENGINES = ("auto", "llm", "rules")
_MODES = ("tools", "json_schema", "md_json", "json")


def build_settings(
    *,
    engine: str = "auto",
    model: str | None = None,
    base_url: str | None = None,
    mode: str | None = None,
    concurrency: int | None = None,
    max_chars: int | None = None,
    no_cache: bool = False,
    offline: bool = False,
    cache_dir: Path | None = None,
) -> Settings:
    """Settings from the environment overridden by the flags that were given."""
    from summarizer.errors import InputError
    from summarizer.settings import Settings

    if engine not in _ENGINES:
        raise InputError(f"--engine must be one of {', '.join(_ENGINES)}, not {engine!r}")
    if mode is not None and mode not in _MODES:
        raise InputError(f"--mode must be one of {', '.join(_MODES)}, not {mode!r}")
    overrides: dict[str, Any] = {"engine": engine}
    for name, value in (
        ("model", model),
        ("base_url", base_url),
        ("mode", mode),
        ("concurrency", concurrency),
        ("max_chars", max_chars),
        ("cache_dir", cache_dir),
    ):
        if value is not None:
            overrides[name] = value
    if no_cache:
        overrides["cache"] = False
    if offline:
        overrides["offline"] = True
    return Settings.from_env(**overrides)


def announce_engine(settings: Settings) -> None:
    """Say on stderr which engine runs and why: users must know whether text leaves the machine."""
    if settings.resolved_engine() == "llm":
        from summarizer.settings import public_url

        # Scheme, host and path only: a base URL may carry a user:password or a key in its
        # query string.
        where = public_url(settings.base_url) if settings.base_url else "api.openai.com"
        print(f"engine: LLM {settings.model} at {where}", file=sys.stderr)
    elif settings.engine == "auto":
        print(
            "engine: offline rules engine (no API key or base URL configured; set "
            "OPENAI_API_KEY or SUMMARIZER_BASE_URL to use an LLM)",
            file=sys.stderr,
        )
    else:
        print("engine: offline rules engine", file=sys.stderr)
