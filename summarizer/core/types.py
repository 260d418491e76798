"""Value types of the pipeline: load → segment → chunk → extract → ground → merge.

Internal values are frozen dataclasses; what crosses a boundary (model output, files we
write) is a pydantic model (see ``summarizer.core.summary``).
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Category = Literal["goal", "achievement", "problem"]
CATEGORIES: tuple[Category, ...] = ("goal", "achievement", "problem")

# Role of a section or paragraph in a work report.
#   review   – 工作回顾 / 一年来 / 过去一年: results reached
#   problems – 清醒地认识到 / 存在的问题 / 不足 / 困难和挑战: admitted difficulties
#   targets  – 主要预期目标: quantified targets for the coming period
#   plan     – 重点工作 / 工作安排 / 工作要点: planned tasks
#   preamble – opening address before the first section
#   closing  – closing appeal
#   measures – 保障措施 / 工作要求: how a plan will be carried out, no tasks of its own
#   glossary – 名词解释: terms explained, no claims
#   other    – anything else (its sentences are read one by one)
Role = Literal[
    "review",
    "problems",
    "targets",
    "plan",
    "preamble",
    "closing",
    "measures",
    "glossary",
    "other",
]
ROLES: tuple[Role, ...] = get_args(Role)


@dataclass(frozen=True)
class HeadingHint:
    """A heading known from the file's structure (markdown ``#``, docx style, html h1–h6).

    ``start``/``end`` are offsets of the heading line in the cleaned text.
    """

    start: int
    end: int
    level: int
    text: str


@dataclass(frozen=True)
class Document:
    """A loaded, cleaned report.

    ``text`` is the cleaned text the pipeline reads: sections, chunks and grounding use
    its offsets. ``content_start`` is where the document proper begins: text before it
    (a gazette's masthead, editorial board, table of contents) is front matter and is
    kept out of the content chunks.

    Spans given to a user index ``span_text``, a text the user has: the file's own
    decoded text for txt and md (``original_text``, when cleaning changed anything), the
    extracted text (``text`` itself, what ``summarizer text`` prints) for docx, pdf and
    html. ``to_span`` turns offsets of ``text`` into offsets of ``span_text``.
    """

    text: str
    source: str
    format: str
    encoding: str | None = None
    title: str = ""
    content_start: int = 0
    heading_hints: tuple[HeadingHint, ...] = ()
    original_text: str | None = field(default=None, repr=False)
    # Where ``text`` comes from in ``original_text``: runs (offset in ``text``, offset in
    # ``original_text``), sorted; each run lasts until the next one starts.
    original_runs: tuple[tuple[int, int], ...] = field(default=(), repr=False)

    @property
    def content_hash(self) -> str:
        """sha256 of the cleaned text, hex."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def span_text(self) -> str:
        """The text output spans index (``summarizer text`` prints it)."""
        return self.text if self.original_text is None else self.original_text

    def to_span(self, start: int, end: int) -> tuple[int, int]:
        """``text[start:end]`` as offsets of ``span_text``: from where its first character
        comes from to just after where its last one does (what cleaning removed in
        between, such as a line break inside a sentence, is inside the span)."""
        if self.original_text is None or not self.original_runs:
            return start, end
        if start >= len(self.text):
            return len(self.original_text), len(self.original_text)
        first = self._original_offset(start)
        if end <= start:
            return first, first
        return first, self._original_offset(min(end, len(self.text)) - 1) + 1

    def from_span(self, start: int, end: int) -> tuple[int, int]:
        """``span_text[start:end]`` as offsets of ``text`` (the inverse of ``to_span``):
        characters that cleaning removed map to the next character it kept."""
        if self.original_text is None or not self.original_runs:
            return start, end
        return self._text_offset(start), max(self._text_offset(start), self._text_offset(end))

    def _text_offset(self, origin_offset: int) -> int:
        runs = self.original_runs
        i = bisect.bisect_right(runs, origin_offset, key=lambda run: run[1]) - 1
        if i < 0:
            return 0
        at, origin = runs[i]
        following = runs[i + 1][0] if i + 1 < len(runs) else len(self.text)
        return min(at + origin_offset - origin, following)

    def _original_offset(self, offset: int) -> int:
        runs = self.original_runs
        at, origin = runs[bisect.bisect_right(runs, offset, key=lambda run: run[0]) - 1]
        return origin + offset - at


@dataclass(frozen=True)
class Span:
    """A half-open character interval ``[start, end)`` into ``Document.text``."""

    start: int
    end: int


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the cleaned text with its role guess."""

    start: int
    end: int
    role: Role


@dataclass(frozen=True)
class Section:
    """A node of the section tree.

    ``start``/``end`` cover the heading and the whole body, children included;
    ``heading_start``/``heading_end`` cover the heading text only (for an inline heading,
    its first sentence). ``level`` 0 is the virtual root.
    """

    title: str
    level: int
    start: int
    end: int
    heading_start: int
    heading_end: int
    role: Role
    marker: str = ""
    children: tuple[Section, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()


@dataclass(frozen=True)
class Chunk:
    """Contiguous text under one heading path, sized for one model call.

    ``text == document.text[start:end]`` always holds. Every chunk has a single ``role``.
    """

    id: str
    index: int
    text: str
    start: int
    end: int
    heading_path: tuple[str, ...]
    role: Role


class Indicator(BaseModel):
    """A measurable indicator reported or targeted by an item.

    ``value`` and ``change`` are strings exactly as written (no unit conversion); either
    may be empty. ``qualifier`` holds words such as 以上, 左右, 力争, 以内.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="Indicator name as written, e.g. 地区生产总值")
    value: str = Field(default="", description="Level as written, e.g. 21.17; empty if none")
    unit: str = Field(default="", description="Unit of value as written, e.g. 亿元, 万元, 元, %")
    change: str = Field(default="", description="Growth/change as written, e.g. 6.4%")
    qualifier: str = Field(default="", description="以上 / 左右 / 力争… / 以内, or empty")


@dataclass(frozen=True)
class ExtractedItem:
    """What an engine returns for one chunk, before grounding."""

    category: Category
    statement: str
    quote: str
    indicator: Indicator | None = None


@dataclass(frozen=True)
class Usage:
    """Model usage, summed over calls (retries included)."""

    calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    retries: int = 0
    latency_s: float = 0.0
    prompt_chars: int = 0
    # Answers that filled the schema's item cap, answers cut at the output-token limit,
    # and the chunk splits they caused: saturation is counted, never silent.
    saturated: int = 0
    cut_off: int = 0
    splits: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            calls=self.calls + other.calls,
            cache_hits=self.cache_hits + other.cache_hits,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cached_tokens=self.cached_tokens + other.cached_tokens,
            retries=self.retries + other.retries,
            latency_s=self.latency_s + other.latency_s,
            prompt_chars=self.prompt_chars + other.prompt_chars,
            saturated=self.saturated + other.saturated,
            cut_off=self.cut_off + other.cut_off,
            splits=self.splits + other.splits,
        )


@dataclass(frozen=True)
class PartFailure:
    """A part of a chunk (a half after a split) that could not be extracted, while the
    rest of the chunk was."""

    chunk_id: str
    start: int
    end: int
    error: str


@dataclass(frozen=True)
class ChunkExtraction:
    """An engine's answer for one chunk.

    ``dropped_ungrounded`` counts items the engine itself discarded because their quote
    could not be found in the chunk after its re-asks (the LLM engine's grounding
    validator); they are never silently kept.
    """

    chunk_id: str
    items: tuple[ExtractedItem, ...]
    usage: Usage = field(default_factory=Usage)
    dropped_ungrounded: int = 0
    failed_parts: tuple[PartFailure, ...] = ()


@dataclass(frozen=True)
class DocumentContext:
    """What an engine may know about the document beyond the chunk itself."""

    title: str
    language: str = "zh"
    issuer: str = ""
    date: str = ""
