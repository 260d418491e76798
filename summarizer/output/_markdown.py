"""Markdown: per category, grouped by section, indicators as a table, each item with a
short source reference (its character span in the cleaned text)."""

from __future__ import annotations

import re
from itertools import groupby
from pathlib import PurePath

from summarizer.core.summary import IndicatorRow, Item, ReportSummary

_TITLES = (("goals", "Goals"), ("achievements", "Achievements"), ("problems", "Problems"))
_KINDS = (("achieved", "Achieved"), ("targeted", "Targeted"))

# Characters with inline meaning in Markdown (and raw HTML, which many viewers pass
# through): report text must never turn into emphasis, links, tags or table cells.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def _inline(text: str) -> str:
    """Report text as literal inline Markdown, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _ref(start: int, end: int) -> str:
    return f"chars {start}–{end}"


def _same(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def _item_lines(item: Item) -> list[str]:
    flags = "" if item.numbers_in_source else " ⚠ number not in source"
    if item.grounding == "fuzzy":
        flags += " (approximate quote)"
    head = f"- {_inline(item.statement)} — *{_ref(item.start, item.end)}*{flags}"
    if _same(item.statement, item.quote):
        return [head]
    # The quote goes under its rewrite so that the reader can check one against the other.
    return [head, f"  > {_inline(item.quote)}"]


def _indicator_table(rows: list[IndicatorRow]) -> list[str]:
    lines = [
        "| indicator | value | change | qualifier | source |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        value = f"{row.value}{row.unit}"
        cells = (row.name, value, row.change, row.qualifier)
        lines.append(
            "| " + " | ".join(_inline(c) for c in cells) + f" | {_ref(row.start, row.end)} |"
        )
    return lines


def render_markdown(summary: ReportSummary) -> str:
    """The summary as Markdown."""
    doc = summary.document
    title = doc.title or PurePath(doc.source).name or "Report"
    facts = [f for f in (doc.issuer, doc.date, f"period {doc.period}" if doc.period else "") if f]
    lines = [f"# {_inline(title)}", ""]
    if facts:
        lines += [_inline(" · ".join(facts)), ""]
    counts = ", ".join(f"{len(getattr(summary, k))} {k}" for k, _ in _TITLES)
    source = f" Source: {_inline(doc.source)}" if doc.source else ""
    lines += [f"{counts}; {len(summary.indicators)} indicators.{source}", ""]
    if summary.indicators:
        lines += ["## Indicators", ""]
        for kind, label in _KINDS:
            rows = [r for r in summary.indicators if r.kind == kind]
            if rows:
                lines += [f"### {label} ({len(rows)})", "", *_indicator_table(rows), ""]
    for key, heading in _TITLES:
        items = sorted(getattr(summary, key), key=lambda i: (i.start, i.end))
        lines += [f"## {heading} ({len(items)})", ""]
        if not items:
            lines += ["*None found.*", ""]
            continue
        for section, group in groupby(items, key=lambda i: " › ".join(i.heading_path)):
            lines += [f"### {_inline(section) or '(no heading)'}", ""]
            lines += [line for item in group for line in _item_lines(item)]
            lines.append("")
    run = summary.run
    lines += [
        "---",
        "",
        f"*{run.engine} engine{f' · {_inline(run.model)}' if run.model else ''} · "
        f"{run.chunks} chunks · {run.usage.calls} calls · prompt {run.prompt_hash or '-'} · "
        f"schema {run.schema_hash or '-'} · dropped {run.dropped_ungrounded} ungrounded*",
    ]
    if run.failed_chunks:
        lines += ["", "**Failed chunks (partial summary):**", ""]
        lines += [
            f"- {f.chunk_id} ({_ref(f.start, f.end)}): {_inline(f.error)}"
            for f in run.failed_chunks
        ]
    return "\n".join(lines) + "\n"
