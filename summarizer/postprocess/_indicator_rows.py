"""The indicator table: results reached (achievements) and targets set (goals)."""

from __future__ import annotations

from summarizer.core.summary import IndicatorRow, Item


def build_indicator_rows(items: list[Item]) -> list[IndicatorRow]:
    """One row per item that carries an indicator, in document order."""
    rows: list[IndicatorRow] = []
    for item in items:
        ind = item.indicator
        if ind is None or item.category == "problem":
            continue
        rows.append(
            IndicatorRow(
                kind="achieved" if item.category == "achievement" else "targeted",
                name=ind.name,
                value=ind.value,
                unit=ind.unit,
                change=ind.change,
                qualifier=ind.qualifier,
                quote=item.quote,
                start=item.start,
                end=item.end,
                section=item.section,
            )
        )
    return rows
