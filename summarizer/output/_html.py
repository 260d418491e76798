"""HTML: one self-contained page (no network fetches) with the summary beside the report
text; each quote highlighted in the text and linked both ways; categories colour-coded
and filterable. Everything from the report is escaped (jinja2 autoescape), and the page's
Content-Security-Policy lets only its own script run, by hash: should escaping ever fail,
an injected script or event handler still would not execute."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from summarizer.core.summary import Item, ReportSummary

_LABELS = {"goal": "Goals", "achievement": "Achievements", "problem": "Problems"}


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


@lru_cache(maxsize=1)
def _script() -> tuple[str, str]:
    """The page's script and its CSP source expression ('sha256-…')."""
    env = _environment()
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, "summary.js")
    digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
    return source, f"'sha256-{digest}'"


def _pieces(text: str, numbered: list[tuple[int, Item]]) -> tuple[list[_Piece], dict[int, int]]:
    """The report text cut into plain and highlighted pieces, and for every item the
    number of the highlight that shows its quote (an overlapping quote shares the
    highlight of the earlier one)."""
    pieces: list[_Piece] = []
    anchor: dict[int, int] = {}
    pos = 0
    last: tuple[int, int, int] | None = None  # (n, start, end) of the latest highlight
    for n, item in sorted(numbered, key=lambda p: (p[1].start, p[1].end)):
        if item.end > len(text) or item.start >= item.end:
            continue
        if item.start < pos:
            if last is not None:
                anchor[n] = last[0]
            continue
        if item.start > pos:
            pieces.append(_Piece(text[pos : item.start]))
        pieces.append(_Piece(text[item.start : item.end], n, item.category))
        anchor[n] = n
        last = (n, item.start, item.end)
        pos = item.end
    pieces.append(_Piece(text[pos:]))
    return pieces, anchor


def _by_section(numbered: list[tuple[int, Item]]) -> list[tuple[str, list[tuple[int, Item]]]]:
    """Consecutive items of one heading path together, as the Markdown groups them."""
    sections: list[tuple[str, list[tuple[int, Item]]]] = []
    for n, item in numbered:
        path = " › ".join(item.heading_path)
        if not sections or sections[-1][0] != path:
            sections.append((path, []))
        sections[-1][1].append((n, item))
    return sections


def render_html(summary: ReportSummary, document_text: str) -> str:
    """The summary and the report as one HTML page; ``document_text`` is the text the
    summary's spans index (``Document.span_text``)."""
    doc = summary.document
    numbered = list(enumerate(summary.items))
    pieces, anchor = _pieces(document_text, numbered)
    groups = [
        (c, label, _by_section([(n, i) for n, i in numbered if i.category == c]))
        for c, label in _LABELS.items()
    ]
    by_span = {(i.start, i.end): n for n, i in numbered}
    indicators = [
        (row, anchor.get(by_span.get((row.start, row.end), -1))) for row in summary.indicators
    ]
    script, script_hash = _script()
    run = summary.run
    return (
        _environment()
        .get_template("summary.html.j2")
        .render(
            summary=summary,
            title=doc.title or PurePath(doc.source).name or "Report",
            meta=" · ".join(x for x in (doc.issuer, doc.date, doc.source) if x),
            groups=groups,
            counts={c: sum(len(items) for _, items in sections) for c, _, sections in groups},
            anchor=anchor,
            indicators=indicators,
            pieces=pieces,
            script=Markup(script),
            script_hash=script_hash,
            run_line=(
                f"{run.engine} engine · {run.model} · prompt {run.prompt_hash or '-'} · "
                f"schema {run.schema_hash or '-'} · {run.chunks} chunks"
            ),
        )
    )
