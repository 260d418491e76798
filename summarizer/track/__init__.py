"""Targets versus outcomes across consecutive reports of one jurisdiction (``summarizer track``).

``track`` reads the targets one report sets for its coming year (主要预期目标 and quantified
task targets) and the results the next report states for that year, matches indicator names
through a normalisation table and gives each pair a verdict: met, missed, not reported
(a target with no outcome), no target (an outcome with no target) or unclear.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

from summarizer.core.summary import ReportSummary
from summarizer.core.types import Document
from summarizer.errors import TrackingError
from summarizer.settings import Settings
from summarizer.track._extract import Located, ReportFacts, read_facts
from summarizer.track._model import (
    Cell,
    ReportYearsInfo,
    TrackPeriod,
    TrackResult,
    TrackRow,
    track_result_schema,
)
from summarizer.track._names import NameTable, load_name_table
from summarizer.track._verdict import RULES, judge
from summarizer.track._years import read_jurisdiction, read_years

__all__ = [
    "Cell",
    "NameTable",
    "TrackPeriod",
    "TrackResult",
    "TrackRow",
    "load_name_table",
    "track",
    "track_documents",
    "track_result_schema",
]


def track(
    sources: Sequence[str | Path | Document],
    settings: Settings | None = None,
    *,
    names: NameTable | None = None,
    use_engine: bool = True,
) -> TrackResult:
    """Line up targets and outcomes across two or more reports (paths or ``Document``s).

    The reports are ordered by the year they plan; each later report's review year must
    be the earlier report's plan year, else ``TrackingError``. With ``use_engine`` the
    pipeline runs on each report (engine from ``settings``) and the items' indicators are
    used alongside the direct scan of the text.
    """
    from summarizer.pipeline import resolve_document, summarize

    settings = settings or Settings.from_env()
    documents = [resolve_document(s, settings) for s in sources]
    summaries = [summarize(d, settings) for d in documents] if use_engine else None
    return track_documents(documents, summaries, names=names)


def track_documents(
    documents: Sequence[Document],
    summaries: Sequence[ReportSummary] | None = None,
    *,
    names: NameTable | None = None,
) -> TrackResult:
    """``track`` on loaded documents, with their summaries when an engine was run."""
    if len(documents) < 2:
        raise TrackingError("track needs at least two reports (year N and year N+1)")
    names = names or NameTable.builtin()
    facts: list[ReportFacts] = []
    for i, document in enumerate(documents):
        years = read_years(document)
        label = Path(document.source).name or document.source
        if years.plan_year is None and years.review_year is None:
            raise TrackingError(
                f"{label}: cannot tell which years the report reviews and plans "
                "(no heading such as 2024年工作回顾 / 2025年重点工作, no dated speech line)"
            )
        facts.append(read_facts(document, years, names, summaries[i] if summaries else None))
    facts.sort(key=lambda f: _order_year(f))
    periods = [_period(a, b, names) for a, b in itertools.pairwise(facts)]
    places = {f.source: read_jurisdiction(f.document) for f in facts}
    named = sorted({p for p in places.values() if p})
    warnings = []
    if len(named) > 1:
        listed = ", ".join(f"{src}: {p}" for src, p in places.items() if p)
        warnings.append(
            f"the reports name different governments ({listed}); "
            "targets and outcomes are only comparable within one jurisdiction"
        )
    engine = summaries[0].run.engine if summaries else ""
    return TrackResult(
        reports=[
            ReportYearsInfo(
                source=f.source,
                title=f.document.title,
                jurisdiction=places[f.source] or "",
                review_year=f.years.review_year,
                plan_year=f.years.plan_year,
                evidence=f.years.evidence,
            )
            for f in facts
        ],
        periods=periods,
        engine=engine,
        rules=list(RULES),
        warnings=warnings,
    )


def _order_year(facts: ReportFacts) -> int:
    years = facts.years
    if years.plan_year is not None:
        return years.plan_year
    assert years.review_year is not None
    return years.review_year + 1


def _first_by_key(located: Sequence[Located]) -> dict[tuple[str, str], Located]:
    out: dict[tuple[str, str], Located] = {}
    for loc in located:
        out.setdefault((loc.canonical, loc.finding.measure), loc)
    return out


def _period(earlier: ReportFacts, later: ReportFacts, names: NameTable) -> TrackPeriod:
    plan_year = earlier.years.plan_year
    review_year = later.years.review_year
    if plan_year is None or review_year is None or plan_year != review_year:
        raise TrackingError(
            f"years do not line up: {earlier.source} plans "
            f"{plan_year if plan_year is not None else 'no year'} but {later.source} reviews "
            f"{review_year if review_year is not None else 'no year'}; give reports of "
            "consecutive years (the later report must review the year the earlier one plans)"
        )
    outcomes = _first_by_key(later.outcomes)
    previous_levels = _first_by_key(earlier.outcomes)
    rows: list[TrackRow] = []
    targeted: set[str] = set()
    for target in earlier.targets:
        if target.canonical in targeted:
            continue
        measure = target.finding.measure
        outcome = outcomes.get((target.canonical, measure)) or outcomes.get(
            (target.canonical, "level" if measure == "growth" else "growth")
        )
        if outcome is None and target.origin != "targets":
            continue  # a task target becomes a row only when the next report speaks of it
        targeted.add(target.canonical)
        previous = previous_levels.get((target.canonical, "level"))
        rows.append(_row(target, outcome, previous, earlier, later, names))
    for key, outcome in outcomes.items():
        canonical, kind = key
        if canonical in targeted or not names.is_known(canonical):
            continue
        if kind == "level" and (canonical, "growth") in outcomes:
            continue  # one row per indicator: its growth when stated
        targeted.add(canonical)
        rows.append(_row(None, outcome, None, earlier, later, names))
    return TrackPeriod(
        year=plan_year, target_source=earlier.source, outcome_source=later.source, rows=rows
    )


def _row(
    target: Located | None,
    outcome: Located | None,
    previous: Located | None,
    earlier: ReportFacts,
    later: ReportFacts,
    names: NameTable,
) -> TrackRow:
    either = target or outcome
    indicator = either.canonical if either else ""
    target_cell = target.cell(earlier.document, earlier.source) if target else None
    outcome_cell = outcome.cell(later.document, later.source) if outcome else None
    needs_previous = (
        target_cell is not None
        and outcome_cell is not None
        and target_cell.measure == "growth"
        and outcome_cell.measure == "level"
    )
    previous_cell = (
        previous.cell(earlier.document, earlier.source) if previous and needs_previous else None
    )
    judgement = judge(
        target_cell,
        outcome_cell,
        direction=names.direction(indicator),
        previous=previous_cell,
        one_off=outcome.finding.one_off if outcome else None,
    )
    return TrackRow(
        indicator=indicator,
        target=target_cell,
        outcome=outcome_cell,
        previous=previous_cell,
        derived_growth=judgement.derived_growth,
        verdict=judgement.verdict,
        note=judgement.note,
    )
