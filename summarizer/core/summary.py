"""The output model, ``ReportSummary``: what ``summarize`` returns and the CLI writes.

``schemas/report_summary.schema.json`` is generated from it (``summarizer schema``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from summarizer.core.types import Category, Indicator

SCHEMA_VERSION = "1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Item(_Model):
    """One grounded claim: a goal, an achievement or a problem."""

    category: Category
    statement: str = Field(description="Short self-contained rewrite of the claim")
    quote: str = Field(description="Verbatim span of the report text supporting the claim")
    start: int = Field(
        description=(
            "Character offset of the quote in the report's text: the file's own decoded "
            "text for txt and md, the extracted text (`summarizer text FILE`) for docx, "
            "pdf and html"
        )
    )
    end: int = Field(description="End offset (exclusive) of the quote in the same text")
    heading_path: list[str] = Field(default_factory=list, description="Headings above the item")
    section: str = Field(default="", description="Nearest heading above the item")
    chunk_id: str = ""
    indicator: Indicator | None = None
    grounding: Literal["exact", "normalized", "fuzzy"] = "exact"
    numbers_in_source: bool = Field(
        default=True, description="False when a number in the statement is not in the report"
    )


class IndicatorRow(_Model):
    """One line of the indicator table: a result reached or a target set."""

    kind: Literal["achieved", "targeted"]
    name: str
    value: str = ""
    unit: str = ""
    change: str = ""
    qualifier: str = ""
    quote: str = ""
    start: int = 0
    end: int = 0
    section: str = ""


class DocumentInfo(_Model):
    """What is known about the report itself."""

    title: str = ""
    issuer: str = ""
    date: str = ""
    period: str = ""
    language: str = "zh"
    source: str = ""
    format: str = ""
    encoding: str | None = None
    content_hash: str = ""
    chars: int = 0
    text: str | None = Field(
        default=None,
        description=(
            "The text every start/end indexes, embedded on request (summarize --embed-text), "
            "else null: the file's own decoded text for txt and md, the text extracted "
            "from docx, pdf and html (what `summarizer text FILE` prints)"
        ),
    )


class UsageInfo(_Model):
    """Model usage summed over a report (retries included)."""

    calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    retries: int = 0
    latency_s: float = 0.0
    prompt_chars: int = 0
    saturated: int = Field(default=0, description="answers that filled the schema's item cap")
    cut_off: int = Field(default=0, description="answers cut at the output-token limit")
    splits: int = Field(default=0, description="chunks split in two because of saturation")


class FailedChunk(_Model):
    """A chunk that could not be extracted; the rest of the report is kept."""

    chunk_id: str
    heading_path: list[str] = Field(default_factory=list)
    start: int = 0
    end: int = 0
    error: str


class Timings(_Model):
    load_s: float = 0.0
    segment_s: float = 0.0
    extract_s: float = 0.0
    postprocess_s: float = 0.0
    total_s: float = 0.0


class RunInfo(_Model):
    """How the summary was made: engine, model, prompt/schema hashes, usage, failures."""

    engine: str
    model: str = ""
    base_url_host: str = ""
    mode: str = ""
    prompt_hash: str = ""
    schema_hash: str = ""
    summarizer_version: str = ""
    max_chars: int = 0
    chunks: int = 0
    usage: UsageInfo = Field(default_factory=UsageInfo)
    timings: Timings = Field(default_factory=Timings)
    failed_chunks: list[FailedChunk] = Field(default_factory=list)
    dropped_ungrounded: int = Field(default=0, description="Items dropped: quote not in source")
    flagged_numbers: int = Field(
        default=0, description="Items kept whose numbers are not all in the source"
    )
    merged_duplicates: int = Field(default=0, description="Near-duplicate items collapsed")
    unread_language: str = Field(
        default="",
        description=(
            "The report's language when the engine does not read it (the summary is then "
            "empty); empty otherwise"
        ),
    )
    notes: list[str] = Field(
        default_factory=list, description="What the user should know about this run"
    )


class ReportSummary(_Model):
    """The structured summary of one report."""

    schema_version: str = SCHEMA_VERSION
    document: DocumentInfo
    goals: list[Item] = Field(default_factory=list)
    achievements: list[Item] = Field(default_factory=list)
    problems: list[Item] = Field(default_factory=list)
    indicators: list[IndicatorRow] = Field(default_factory=list)
    run: RunInfo

    @property
    def items(self) -> list[Item]:
        """All items, in document order."""
        return sorted(
            [*self.goals, *self.achievements, *self.problems], key=lambda i: (i.start, i.end)
        )

    @property
    def partial(self) -> bool:
        """True when some chunks failed."""
        return bool(self.run.failed_chunks)
