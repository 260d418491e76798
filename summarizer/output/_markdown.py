"""Markdown: per category, grouped by section, indicators as a table, each item with a
short source reference (section and character span)."""

from __future__ import annotations

from itertools import groupby

from summarizer.core.summary import Item, ReportSummary

_TITLES = (("goals", "Goals"), ("achievements", "Achievements"), ("problems", "Problems"))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _item_line(item: Item) -> str:
    ref = f"chars {item.start}–{item.end}"
    flags = "" if item.numbers_in_source else " ⚠ number not in source"
    if item.grounding == "fuzzy":
        flags += " (approximate quote)"
    return f"- {item.statement}  \n  > {item.quote} — *{ref}*{flags}"


def render_markdown(summary: ReportSummary) -> str:
    """The summary as Markdown."""
    doc = summary.document
    title = doc.title or doc.source or "Report"
    facts = [f for f in (doc.issuer, doc.date, f"period {doc.period}" if doc.period else "") if f]
    lines = [f"# {title}", ""]
    if facts:
        lines += [" · ".join(facts), ""]
    counts = ", ".join(f"{len(getattr(summary, k))} {k}" for k, _ in _TITLES)
    lines += [f"{counts}; {len(summary.indicators)} indicators. Source: `{doc.source}`", ""]
    if summary.indicators:
        lines += [
            "## Indicators",
            "",
            "| kind | indicator | value | change | qualifier | source |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for row in summary.indicators:
            value = f"{row.value} {row.unit}".strip()
            lines.append(
                f"| {row.kind} | {_cell(row.name)} | {_cell(value)} | {_cell(row.change)} "
                f"| {_cell(row.qualifier)} | chars {row.start}–{row.end} |"
            )
        lines.append("")
    for key, heading in _TITLES:
        items: list[Item] = getattr(summary, key)
        lines += [f"## {heading} ({len(items)})", ""]
        if not items:
            lines += ["*None found.*", ""]
            continue
        for section, group in groupby(items, key=lambda i: " › ".join(i.heading_path)):
            lines += [f"### {section or '(no heading)'}", ""]
            lines += [_item_line(i) for i in group]
            lines.append("")
    run = summary.run
    lines += [
        "---",
        f"*{run.engine} engine{f' · {run.model}' if run.model else ''} · "
        f"{run.chunks} chunks · {run.usage.calls} calls · prompt {run.prompt_hash or '-'} · "
        f"schema {run.schema_hash or '-'} · dropped {run.dropped_ungrounded} ungrounded*",
    ]
    if run.failed_chunks:
        lines += ["", "**Failed chunks (partial summary):**"]
        lines += [f"- {f.chunk_id} (chars {f.start}–{f.end}): {f.error}" for f in run.failed_chunks]
    return "\n".join(lines) + "\n"
