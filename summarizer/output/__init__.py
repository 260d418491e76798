"""Output renderers: JSON (the ``ReportSummary`` model), Markdown, self-contained HTML."""

from __future__ import annotations

from summarizer.core.summary import ReportSummary
from summarizer.output._html import render_html
from summarizer.output._markdown import render_markdown

__all__ = [
    "FORMATS",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "with_span_text",
]

FORMATS = ("md", "json", "html")


def with_span_text(summary: ReportSummary, text: str) -> ReportSummary:
    """``summary`` carrying ``text`` (``Document.span_text``, the text its spans index) in
    ``document.text``, so that the JSON alone is enough to check every quote."""
    return summary.model_copy(
        update={"document": summary.document.model_copy(update={"text": text})}
    )


def render_json(summary: ReportSummary) -> str:
    """The summary as indented JSON (validates against schemas/report_summary.schema.json)."""
    return summary.model_dump_json(indent=2) + "\n"


def render(summary: ReportSummary, fmt: str, document_text: str = "") -> str:
    """Render in ``fmt`` (md, json or html; html needs the text the spans index,
    ``Document.span_text``)."""
    if fmt == "json":
        return render_json(summary)
    if fmt == "html":
        return render_html(summary, document_text)
    return render_markdown(summary)
