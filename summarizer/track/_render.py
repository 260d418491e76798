"""Render a ``TrackResult``: Markdown table, JSON, or a self-contained HTML page with an SVG chart.

The HTML has no script and no external resource; every piece of report text is escaped.
"""

from __future__ import annotations

import re
from html import escape

from summarizer.track._model import Cell, TrackPeriod, TrackResult, TrackRow
from summarizer.track._verdict import fmt

_VERDICT_COLOURS = {
    "met": "#2e7d32",
    "missed": "#c62828",
    "unclear": "#b8860b",
    "not reported": "#6b7280",
    "no target": "#6b7280",
}
_TARGET_COLOUR = "#9aa5b1"


def cell_text(cell: Cell | None, derived: str = "") -> str:
    """A cell as a reader writes it: 增长8%以上，力争20% / 21.17亿元 / —."""
    if cell is None:
        return "—"
    prefix = "增长" if cell.measure == "growth" and cell.number >= 0 else ""
    if cell.measure == "growth" and cell.number < 0:
        prefix = "下降"
    value = cell.value.lstrip("-") if prefix == "下降" else cell.value
    qualifier = cell.qualifier
    lead = ""
    for word in ("力争", "控制在"):
        if word in qualifier:
            lead += word
            qualifier = qualifier.replace(word, "")
    text = f"{lead}{prefix}{value}{qualifier}"
    if cell.stretch:
        text += f"，力争{cell.stretch}"
    if derived:
        text += f" (derived growth {derived})"
    return text


# Characters with inline meaning in Markdown (and raw HTML, which many viewers pass
# through): report text must never turn into tags, links, emphasis or table cells. The
# same set as the summary's Markdown escapes.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def _md(text: str) -> str:
    """Report text as literal inline Markdown, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _years_line(result: TrackResult) -> str:
    parts = []
    for r in result.reports:
        review = r.review_year if r.review_year is not None else "—"
        plan = r.plan_year if r.plan_year is not None else "—"
        parts.append(f"{r.source} (reviews {review}, plans {plan})")
    return "; ".join(parts)


def render_markdown(result: TrackResult) -> str:
    """Markdown: one table per tracked year, then the quotes behind every cell."""
    lines = ["# Targets versus outcomes", "", f"Reports: {_md(_years_line(result))}", ""]
    lines += [f"> Warning: {_md(w)}" for w in result.warnings]
    if result.warnings:
        lines.append("")
    for period in result.periods:
        y = period.year
        lines += [
            f"## {y}: targets from {_md(period.target_source)}, "
            f"outcomes from {_md(period.outcome_source)}",
            "",
            f"| indicator | target ({y}) | outcome ({y}) | verdict | note |",
            "| --- | --- | --- | --- | --- |",
        ]
        for row in period.rows:
            lines.append(
                f"| {_md(row.indicator)} | {_md(cell_text(row.target))} | "
                f"{_md(cell_text(row.outcome, row.derived_growth))} | {row.verdict} | "
                f"{_md(row.note)} |"
            )
        lines += ["", "Quotes:", ""]
        for row in period.rows:
            for label, cell in (
                ("target", row.target),
                ("outcome", row.outcome),
                ("previous level", row.previous),
            ):
                if cell is not None:
                    lines.append(
                        f"- {_md(row.indicator)}, {label}: {_md(cell.source)} "
                        f"[{cell.start}:{cell.end}] 「{_md(cell.quote)}」"
                    )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_json(result: TrackResult) -> str:
    """The result as indented JSON (see ``schemas/track_result.schema.json``)."""
    return result.model_dump_json(indent=2) + "\n"


def _chart_values(row: TrackRow) -> tuple[float, float, bool] | None:
    """(target, outcome, is_percent) as plotted, or None when the row has no pair to draw."""
    if row.target is None or row.outcome is None:
        return None
    target = row.target.number
    percent = row.target.measure == "growth" or row.target.unit in ("%", "％")
    if row.derived_growth:
        m = re.match(r"-?\d+(?:\.\d+)?", row.derived_growth)
        if not m:
            return None
        return target, float(m.group(0)), True
    if row.target.measure != row.outcome.measure:
        return None
    return target, row.outcome.number, percent


def render_svg(period: TrackPeriod) -> str:
    """An inline SVG: per indicator, a grey bar for the target and a coloured one for the outcome.

    Percentages share one scale with a zero line; levels are scaled per indicator.
    """
    rows = [(row, v) for row in period.rows if (v := _chart_values(row)) is not None]
    label_w, bar_w, row_h, pad = 200, 420, 46, 16
    width = label_w + bar_w + 300
    height = pad * 2 + row_h * max(1, len(rows)) + 34
    pct = [abs(x) for _, (t, o, p) in rows if p for x in (t, o)]
    pct_max = max(pct, default=1.0) or 1.0
    has_negative = any(min(t, o) < 0 for _, (t, o, p) in rows if p)
    zero = label_w + (bar_w / 2 if has_negative else 0)
    span = bar_w / 2 if has_negative else bar_w
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(f"Targets versus outcomes, {period.year}")}">',
        f"<title>{escape(f'Targets versus outcomes, {period.year}')}</title>",
    ]
    for i, (row, (target, outcome, percent)) in enumerate(rows):
        y = pad + i * row_h
        scale_max = pct_max if percent else (max(abs(target), abs(outcome)) or 1.0)
        origin = zero if percent else label_w
        length = span if percent else bar_w
        unit = "%" if percent else (row.target.unit if row.target else "")
        colour = _VERDICT_COLOURS[row.verdict]
        out.append(
            f'<text x="{label_w - 8}" y="{y + 22}" text-anchor="end" font-size="13">'
            f"{escape(row.indicator)}</text>"
        )
        for j, (value, fill, label) in enumerate(
            ((target, _TARGET_COLOUR, "target"), (outcome, colour, "outcome"))
        ):
            w = abs(value) / scale_max * length
            x = origin - w if value < 0 else origin
            by = y + 4 + j * 18
            text = f"{label} {fmt(value)}{unit}"
            if label == "outcome" and row.derived_growth:
                # Derived from levels (and possibly with/without a one-off): say so on the bar.
                extra = row.derived_growth.partition(" ")[2].strip("()")
                text += f" derived{f', {extra}' if extra else ''}"
            out.append(
                f'<rect x="{x:.1f}" y="{by}" width="{w:.1f}" height="14" fill="{fill}">'
                f"<title>{escape(f'{row.indicator}: {text}')}</title></rect>"
            )
            out.append(
                f'<text x="{max(x + w, origin) + 6:.1f}" y="{by + 12}" font-size="11">'
                f"{escape(text)}</text>"
            )
    if has_negative:
        out.append(f'<line x1="{zero}" y1="{pad}" x2="{zero}" y2="{height - 34}" stroke="#333"/>')
    legend = (
        "grey: target · colour: outcome (green met, red missed, amber unclear)",
        "percentages share one scale; levels are scaled per indicator",
    )
    for k, line in enumerate(legend):
        out.append(
            f'<text x="{label_w}" y="{height - 24 + k * 14}" font-size="11">{escape(line)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def render_html(result: TrackResult) -> str:
    """A self-contained HTML page: a chart and a table per tracked year, quotes in each cell."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh"><head><meta charset="utf-8">',
        "<title>Targets versus outcomes</title>",
        "<style>body{font-family:sans-serif;margin:2em;max-width:1100px}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 8px;"
        "vertical-align:top}blockquote{margin:4px 0;color:#444;font-size:0.85em}"
        ".met{color:#2e7d32}.missed{color:#c62828}.unclear{color:#b8860b}"
        "small{color:#666}</style></head><body>",
        "<h1>Targets versus outcomes</h1>",
        f"<p>{escape(_years_line(result))}</p>",
        *(f'<p class="missed">Warning: {escape(w)}</p>' for w in result.warnings),
    ]
    for period in result.periods:
        y = period.year
        parts.append(
            f"<h2>{y}: targets from {escape(period.target_source)}, "
            f"outcomes from {escape(period.outcome_source)}</h2>"
        )
        parts.append(render_svg(period))
        parts.append(
            f"<table><thead><tr><th>indicator</th><th>target ({y})</th>"
            f"<th>outcome ({y})</th><th>verdict</th><th>note</th></tr></thead><tbody>"
        )
        for row in period.rows:
            css = row.verdict.replace(" ", "-")
            parts.append(
                f"<tr><td>{escape(row.indicator)}</td>"
                f"<td>{_html_cell(row.target)}</td>"
                f"<td>{_html_cell(row.outcome, row.derived_growth)}"
                f"{_html_previous(row.previous)}</td>"
                f'<td class="{css}">{escape(row.verdict)}</td>'
                f"<td>{escape(row.note)}</td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append("<h2>Rules</h2><ul>")
    parts += [f"<li>{escape(rule)}</li>" for rule in result.rules]
    parts.append("</ul></body></html>")
    return "\n".join(parts) + "\n"


def _html_cell(cell: Cell | None, derived: str = "") -> str:
    if cell is None:
        return "—"
    return (
        f"{escape(cell_text(cell, derived))}<blockquote>「{escape(cell.quote)}」</blockquote>"
        f"<small>{escape(cell.source)} [{cell.start}:{cell.end}]</small>"
    )


def _html_previous(cell: Cell | None) -> str:
    if cell is None:
        return ""
    return f"<br><small>previous level:</small>{_html_cell(cell)}"


def render(result: TrackResult, fmt_name: str) -> str:
    """Render ``result`` as ``md``, ``json`` or ``html``."""
    if fmt_name == "json":
        return render_json(result)
    if fmt_name == "html":
        return render_html(result)
    return render_markdown(result)
