"""Spans a user can check: from offsets of the cleaned text to offsets of the text the
user has (``Document.span_text``: the file itself for txt and md)."""

from __future__ import annotations

from summarizer.core.summary import ReportSummary
from summarizer.core.types import Document


def in_span_coordinates(document: Document, summary: ReportSummary) -> ReportSummary:
    """``summary`` (spans into ``document.text``) with every span — items, indicator
    rows, failed chunks — in ``document.span_text`` coordinates, and every quote read
    from there: ``span_text[start:end] == quote`` holds for each item and row."""
    if document.original_text is None:
        return summary
    original = document.original_text

    def moved(start: int, end: int, *, quote: bool = True) -> dict[str, object]:
        s, e = document.to_span(start, end)
        return {"start": s, "end": e, "quote": original[s:e]} if quote else {"start": s, "end": e}

    lists = {
        name: [item.model_copy(update=moved(item.start, item.end)) for item in items]
        for name, items in (
            ("goals", summary.goals),
            ("achievements", summary.achievements),
            ("problems", summary.problems),
        )
    }
    rows = [row.model_copy(update=moved(row.start, row.end)) for row in summary.indicators]
    failed = [
        f.model_copy(update=moved(f.start, f.end, quote=False)) for f in summary.run.failed_chunks
    ]
    run = summary.run.model_copy(update={"failed_chunks": failed})
    return summary.model_copy(update={**lists, "indicators": rows, "run": run})
