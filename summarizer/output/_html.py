"""HTML: one self-contained page (no network fetches) with the summary beside the report
text; each quote highlighted in the text and linked both ways; categories colour-coded
and filterable. Everything from the report is escaped (jinja2 autoescape)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from summarizer.core.summary import Item, ReportSummary


@dataclass(frozen=True)
class _Piece:
    text: str
    n: int | None = None
    category: str = ""


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("summarizer.output", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


def _pieces(text: str, numbered: list[tuple[int, Item]]) -> list[_Piece]:
    """The report text cut into plain and highlighted pieces (overlaps: first wins)."""
    pieces: list[_Piece] = []
    pos = 0
    for n, item in sorted(numbered, key=lambda p: (p[1].start, p[1].end)):
        if item.start < pos or item.end > len(text):
            continue
        if item.start > pos:
            pieces.append(_Piece(text[pos : item.start]))
        pieces.append(_Piece(text[item.start : item.end], n, item.category))
        pos = item.end
    pieces.append(_Piece(text[pos:]))
    return pieces


def render_html(summary: ReportSummary, document_text: str) -> str:
    """The summary and the report as one HTML page."""
    doc = summary.document
    numbered = list(enumerate(summary.items))
    by_cat = {
        "goal": [(n, i) for n, i in numbered if i.category == "goal"],
        "achievement": [(n, i) for n, i in numbered if i.category == "achievement"],
        "problem": [(n, i) for n, i in numbered if i.category == "problem"],
    }
    labels = {"goal": "Goals", "achievement": "Achievements", "problem": "Problems"}
    run = summary.run
    return (
        _environment()
        .get_template("summary.html.j2")
        .render(
            summary=summary,
            title=doc.title or doc.source or "Report",
            meta=" · ".join(x for x in (doc.issuer, doc.date, doc.source) if x),
            categories=[(c, labels[c], len(v)) for c, v in by_cat.items()],
            groups=[(c, labels[c], v) for c, v in by_cat.items()],
            pieces=_pieces(document_text, numbered),
            run_line=(
                f"{run.engine} engine {run.model} · prompt {run.prompt_hash or '-'} · "
                f"schema {run.schema_hash or '-'} · {run.chunks} chunks"
            ),
        )
    )
