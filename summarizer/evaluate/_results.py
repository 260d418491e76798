"""The eval results file: a pydantic model, exported as schemas/eval_results.schema.json."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PRF(_Model):
    """Precision, recall and F1 with the counts they come from."""

    precision: float
    recall: float
    f1: float
    true_positives: int
    predicted: int
    gold: int

    @classmethod
    def from_counts(cls, tp: int, predicted: int, gold: int) -> PRF:
        """Scores from counts; an empty side scores 1.0 when both are empty, else 0."""
        p = tp / predicted if predicted else (1.0 if not gold else 0.0)
        r = tp / gold if gold else (1.0 if not predicted else 0.0)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(
            precision=round(p, 4),
            recall=round(r, 4),
            f1=round(f, 4),
            true_positives=tp,
            predicted=predicted,
            gold=gold,
        )


class TolerantScores(_Model):
    """Precision, recall and F1 tolerant of granularity: before the one-to-one matching,
    the items of one side that lie inside one item's quote span on the other side (a
    、-list split per element, a sentence split per clause) are joined into one, both ways.
    The counts are those of the joined items."""

    micro: PRF
    goal: PRF
    achievement: PRF
    problem: PRF


class Scores(_Model):
    """Every figure for one report or for the whole set (micro-averaged)."""

    micro: PRF
    goal: PRF
    achievement: PRF
    problem: PRF
    number_agreement: float = Field(description="Matched pairs whose numbers agree, share")
    indicator_agreement: float = Field(
        description="Matched gold indicators with equal value, unit and qualifier, share"
    )
    grounded_share: float = Field(description="Predicted quotes found in the report, share")
    number_fidelity: float = Field(
        description="Predicted items whose every number occurs in the report, share"
    )
    wrong_category: int = Field(
        description="Predictions that match a gold item of another category"
    )
    duplicate_rate: float = Field(description="Predictions duplicating another prediction, share")
    matched_pairs: int = 0
    indicator_pairs: int = 0
    tolerant: TolerantScores | None = Field(
        default=None,
        description="Granularity-tolerant precision, recall and F1 (not gated); absent in "
        "results written before it was scored",
    )


class ItemRef(_Model):
    """A gold or predicted item as listed in the results (for regressions)."""

    category: str
    quote: str
    statement: str
    start: int
    end: int


class ReportResult(_Model):
    """One report's scores and the items behind them."""

    report: str
    chars: int
    scores: Scores
    missed: list[ItemRef] = Field(description="Gold items with no matching prediction")
    spurious: list[ItemRef] = Field(description="Predictions with no matching gold item")
    failed_chunks: int = 0
    wall_s: float = 0.0
    saturated: int = Field(default=0, description="Answers that filled the schema's item cap")
    cut_off: int = Field(default=0, description="Answers cut at the output-token limit")
    splits: int = Field(default=0, description="Chunks split in two because of saturation")


class EvalRun(_Model):
    """What was evaluated, and what it cost."""

    engine: str
    model: str
    mode: str
    prompt_hash: str
    schema_hash: str
    summarizer_version: str
    git_commit: str
    threshold: float
    max_chars: int
    calls: int
    cache_hits: int
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int
    wall_s: float
    started_at: str
    saturated: int = Field(default=0, description="Answers that filled the schema's item cap")
    cut_off: int = Field(default=0, description="Answers cut at the output-token limit")
    splits: int = Field(default=0, description="Chunks split in two because of saturation")


class EvalResults(_Model):
    """The results of ``summarizer eval``."""

    schema_version: int = 1
    run: EvalRun
    overall: Scores
    reports: list[ReportResult]


def eval_results_schema() -> dict[str, object]:
    """The JSON Schema of the results file."""
    return EvalResults.model_json_schema()
