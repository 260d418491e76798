"""``TrackResult``: the output of ``summarizer track`` (pydantic, exported as a JSON Schema)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

TRACK_SCHEMA_VERSION = "1"

Verdict = Literal["met", "missed", "not reported", "no target", "unclear"]
MeasureKind = Literal["growth", "level"]
CellOrigin = Literal["targets", "task target", "review"]
Reader = Literal["scan", "engine"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Cell(_Model):
    """A value as one report states it, with the verbatim quote and where it is."""

    value: str = Field(description="Value as written, e.g. 8% or 21.17亿元")
    number: float = Field(description="The value as a number in its own unit (下降 is negative)")
    unit: str = Field(default="", description="Unit as written: %, 亿元, 万元, 元 …")
    measure: MeasureKind = Field(description="growth (a rate of change) or level")
    qualifier: str = Field(default="", description="以上 / 左右 / 以内 / 控制在 / 力争 …, or empty")
    stretch: str = Field(default="", description="The 力争 (stretch) value as written, if any")
    name_as_written: str = Field(default="", description="Indicator name as the report writes it")
    quote: str = Field(description="Verbatim text of the report supporting the value")
    start: int = Field(
        description="Offset of the quote in the report's text (what `summarizer text` "
        "prints: the file itself for txt and md)"
    )
    end: int = Field(description="End offset (exclusive) of the quote")
    source: str = Field(description="File the quote comes from")
    origin: CellOrigin = Field(
        description="Part of the report: the targets sentence, a task target, or the review"
    )
    read_by: Reader = Field(
        default="scan", description="engine: an item's indicator; scan: the direct text scan"
    )


class TrackRow(_Model):
    """One indicator: the target set for a year against the outcome reported for it."""

    indicator: str = Field(description="Canonical indicator name (see the normalisation table)")
    target: Cell | None = None
    outcome: Cell | None = None
    previous: Cell | None = Field(
        default=None, description="Level of the year before, used to derive growth from levels"
    )
    derived_growth: str = Field(
        default="", description="Growth computed from two stated levels, when the report gives none"
    )
    verdict: Verdict
    note: str = Field(default="", description="How the verdict was reached, in one sentence")


class ReportYearsInfo(_Model):
    """A report given to ``track`` and the years read from it."""

    source: str
    title: str = ""
    jurisdiction: str = Field(default="", description="Government named in the opening, if any")
    review_year: int | None = None
    plan_year: int | None = None
    evidence: str = Field(default="", description="The headings or date line the years come from")


class TrackPeriod(_Model):
    """Targets one report set for ``year`` against what the next report says of that year."""

    year: int
    target_source: str
    outcome_source: str
    rows: list[TrackRow] = Field(default_factory=list)


class TrackResult(_Model):
    """Targets versus outcomes across consecutive reports of one jurisdiction."""

    schema_version: str = TRACK_SCHEMA_VERSION
    reports: list[ReportYearsInfo]
    periods: list[TrackPeriod]
    engine: str = Field(default="", description="Engine whose items contributed indicators")
    rules: list[str] = Field(
        default_factory=list, description="The qualifier rules and tolerances the verdicts apply"
    )
    warnings: list[str] = Field(
        default_factory=list, description="Doubts about the inputs, e.g. different jurisdictions"
    )


def track_result_schema() -> str:
    """The JSON Schema of ``TrackResult`` as shipped in ``schemas/track_result.schema.json``."""
    import json

    return json.dumps(TrackResult.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
