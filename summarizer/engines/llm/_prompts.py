"""Prompt templates from ``prompts/`` (shipped in the wheel), rendered with jinja2."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from jinja2 import Environment, StrictUndefined, Template

from summarizer.core.resources import resource_dir
from summarizer.core.types import Chunk, DocumentContext
from summarizer.errors import ConfigurationError

SYSTEM_FILE = "extract.system.md"
USER_FILE = "extract.user.md"


@dataclass(frozen=True)
class PromptSet:
    """The system text (static, first: servers with prefix caching reuse it) and the
    user template; ``hash`` identifies this version of both."""

    system: str
    user_template: str
    hash: str

    @cached_property
    def _user(self) -> Template:
        # Compiled once: a template is compiled in about a millisecond, once per call
        # adds up over a batch of thousands of reports.
        env = Environment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
        return env.from_string(self.user_template)

    def render_user(self, chunk: Chunk, context: DocumentContext) -> str:
        """The user message for one chunk."""
        return self._user.render(
            title=context.title or "(untitled)",
            issuer=context.issuer,
            date=context.date,
            heading_path=" > ".join(chunk.heading_path) or "(none)",
            role=chunk.role,
            text=chunk.text,
        )


@lru_cache(maxsize=4)
def load_prompts(folder: Path | None = None) -> PromptSet:
    """Read the prompt templates (the shipped ones, or those in ``folder``: a prompt being
    tried out); a missing file is a configuration error."""
    folder = folder or resource_dir("prompts")
    try:
        system = (folder / SYSTEM_FILE).read_text(encoding="utf-8")
        user = (folder / USER_FILE).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(f"prompt templates missing in {folder}: {exc}") from exc
    digest = hashlib.sha256(f"{system}\0{user}".encode()).hexdigest()[:12]
    return PromptSet(system.strip(), user, digest)
