"""The hand-labeled eval set: gold files, loaded through pydantic and checked."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summarizer.core.types import Category, Document, Indicator
from summarizer.errors import GoldFileError
from summarizer.postprocess.locate import locate_quote


class GoldLabel(BaseModel):
    """One hand-labeled item (see evals/GUIDELINES.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    category: Category
    statement: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    section: str = ""
    indicator: Indicator | None = None


class GoldFile(BaseModel):
    """A labeled report: ``report`` names a file in the reports directory."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    report: str = Field(min_length=1)
    title: str = ""
    labels: list[GoldLabel]


@dataclass(frozen=True)
class LocatedLabel:
    """A gold label with the span of its quote in the cleaned report text."""

    label: GoldLabel
    start: int
    end: int


def load_gold(path: Path) -> GoldFile:
    """Read and validate a gold file; ``GoldFileError`` names the file and the label."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldFileError(f"{path}: not a readable JSON file ({exc})", path=str(path)) from exc
    try:
        return GoldFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = first.get("loc", ())
        index = loc[1] if len(loc) > 1 and loc[0] == "labels" and isinstance(loc[1], int) else None
        where = f" label {index}" if index is not None else ""
        field = ".".join(str(p) for p in loc)
        raise GoldFileError(
            f"{path}:{where} {field}: {first.get('msg', 'invalid')}",
            path=str(path),
            label_index=index,
        ) from exc


def locate_labels(gold: GoldFile, document: Document, path: Path) -> list[LocatedLabel]:
    """Find every label's quote in the cleaned text, in document order; spans are given
    in ``document.span_text`` coordinates, as the pipeline gives its items'.

    Raises ``GoldFileError`` naming the label when a quote is not in the report or when
    the labels are out of document order.
    """
    text = document.text
    located: list[LocatedLabel] = []
    previous_start = 0
    for index, label in enumerate(gold.labels):
        # Search from the previous label first: a quote that occurs twice belongs to the
        # occurrence that keeps the labels in order.
        hit = locate_quote(text, label.quote, previous_start, len(text))
        if hit is None:
            earlier = locate_quote(text, label.quote, 0, len(text))
            if earlier is None:
                raise GoldFileError(
                    f"{path}: label {index}: quote not found in {gold.report}: "
                    f"{label.quote[:60]!r}",
                    path=str(path),
                    label_index=index,
                )
            raise GoldFileError(
                f"{path}: label {index}: out of document order (quote at char {earlier.start}, "
                f"previous label at char {previous_start}): {label.quote[:60]!r}",
                path=str(path),
                label_index=index,
            )
        located.append(LocatedLabel(label, *document.to_span(hit.start, hit.end)))
        previous_start = hit.start
    return located
