"""Targets and outcomes of one report.

Targets come from the report's plan part: the 主要预期目标 sentence first, then quantified
task targets (计划完成 / 力争 / 确保 … with a number). Outcomes come from its review part.
Both are read two ways: the indicators of the engine's items (any engine) when they are
grounded in their quote, and a direct scan of the text with ``summarizer.track._parse``,
which fills what the items lack (stretch values, the split of 城乡 pairs, one-off amounts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from summarizer.core.summary import Item, ReportSummary
from summarizer.core.types import Document
from summarizer.track._model import Cell, CellOrigin, Reader
from summarizer.track._names import PAIRED_INCOME, NameTable
from summarizer.track._parse import Finding, parse_findings
from summarizer.track._years import _PLAN_HEADING, _PLAN_TARGETS, _REVIEW_HEADING, ReportYears

_TARGETS_SENTENCE = re.compile(r"主要预期目标|主要目标是|预期目标是|预期目标为")
# Stricter: where the targets are set out (…主要预期目标是：), not where a review says
# they were met.
_TARGETS_SET_OUT = re.compile(r"(?:主要预期目标|主要目标|预期目标)(?:是|为)")
_TASK_TARGET = re.compile(r"计划|力争|确保|目标|以上|不低于")
_ENGINE_VALUE = re.compile(r"^\s*(?P<num>-?\d+(?:\.\d+)?)\s*(?P<unit>[^\d\s]*)\s*$")


@dataclass(frozen=True)
class Located:
    """A value found in one report, normalised, ready to become a ``Cell``."""

    canonical: str
    finding: Finding
    origin: CellOrigin
    read_by: Reader = "scan"

    def cell(self, document: Document, source: str) -> Cell:
        """The ``Cell`` of this value, quoting the report verbatim."""
        f = self.finding
        start, end = document.to_span(f.start, f.end)
        return Cell(
            value=f.text,
            number=f.number,
            unit=f.unit,
            measure=f.measure,
            qualifier=f.qualifier,
            stretch=f.stretch_text,
            name_as_written=f.name,
            # Spans a user can check: offsets of the text the user has, as in summaries.
            quote=document.span_text[start:end],
            start=start,
            end=end,
            source=source,
            origin=self.origin,
            read_by=self.read_by,
        )


@dataclass(frozen=True)
class ReportFacts:
    """What ``track`` needs from one report."""

    source: str
    document: Document
    years: ReportYears
    targets: tuple[Located, ...]
    outcomes: tuple[Located, ...]


# A plan heading that names no year (二、今年工作安排 / 三、2025年政府工作总体要求和重点任务 is
# caught by _PLAN_HEADING): only a short line counts, so that prose is not taken for one.
_YEARLESS_PLAN_HEADING = re.compile(
    r"^[^\n]{0,12}(?:今年|明年|新的一年)[^\n]{0,10}(?:重点工作|工作安排|工作任务|主要任务)[^\n]{0,10}$",
    re.MULTILINE,
)


def _regions(document: Document) -> tuple[tuple[int, int], tuple[int, int]]:
    """(review span, plan span) of the cleaned text."""
    text = document.text
    review = _REVIEW_HEADING.search(text)
    after = review.end() if review else 0
    candidates = (
        _PLAN_HEADING.search(text, after),
        _PLAN_TARGETS.search(text, after),
        _YEARLESS_PLAN_HEADING.search(text, after),
        _TARGETS_SET_OUT.search(text, after),
    )
    plan_start = min([m.start() for m in candidates if m is not None], default=len(text))
    # A match inside a line starts the plan part at that line.
    plan_start = text.rfind("\n", 0, plan_start) + 1 if plan_start < len(text) else plan_start
    review_start = review.start() if review else document.content_start
    return (review_start, plan_start), (plan_start, len(text))


def _lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    out = []
    pos = start
    for line in text[start:end].split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


def _locate(findings: list[Finding], names: NameTable, origin: CellOrigin) -> list[Located]:
    # The 城乡 pair is two indicators; unsplit (an engine reading "分别…" as one) it is no row.
    located = [Located(names.canonical(f.name), f, origin) for f in findings]
    return [loc for loc in located if loc.canonical != PAIRED_INCOME]


def _engine_findings(
    document: Document, items: list[Item], span: tuple[int, int], category: str
) -> list[Finding]:
    """Grounded indicators of the engine's items inside ``span``, as findings (items give
    offsets of the user's text; findings, of the cleaned text)."""
    out: list[Finding] = []
    for item in items:
        ind = item.indicator
        start, end = document.from_span(item.start, item.end)
        if ind is None or item.category != category or not (span[0] <= start < span[1]):
            continue
        for raw, measure in ((ind.change, "growth"), (ind.value, "level")):
            m = _ENGINE_VALUE.match(raw)
            if not m:
                continue
            unit = m.group("unit") or (ind.unit if measure == "level" else "%")
            if m.group("num") not in item.quote:
                continue  # a value the quote does not show is not evidence
            out.append(
                Finding(
                    name=ind.name,
                    measure="growth" if measure == "growth" else "level",
                    number=float(m.group("num")),
                    text=m.group("num") + unit,
                    unit=unit,
                    qualifier=ind.qualifier,
                    start=start,
                    end=end,
                )
            )
    return out


def _overlaps(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


def _prefer_engine(engine: list[Located], scanned: list[Located]) -> list[Located]:
    """Merge the engine's values with the scan's, one value per (indicator, measure).

    For the same evidence (overlapping quotes) the engine's value is preferred when it
    differs; when it agrees, the scan's reading is kept for the detail items lack (stretch,
    one-off). Otherwise a value from the targets sentence wins, then the earlier one in the
    report (the headline figures open the review). Engine values for indicators the scan
    did not find are added.
    """
    first_engine: dict[tuple[str, str], Located] = {}
    for loc in sorted(engine, key=lambda found: found.finding.start):
        first_engine.setdefault((loc.canonical, loc.finding.measure), loc)
    merged: list[Located] = []
    seen: set[tuple[str, str]] = set()
    for s in scanned:
        key = (s.canonical, s.finding.measure)
        if key in seen:
            continue
        seen.add(key)
        e = first_engine.get(key)
        if e is None:
            merged.append(s)
        elif _overlaps(e.finding, s.finding):
            same = abs(e.finding.number - s.finding.number) < 1e-9
            merged.append(s if same else e)
        elif s.origin == "targets" or s.finding.start <= e.finding.start:
            merged.append(s)
        else:
            merged.append(e)
    merged += [e for key, e in first_engine.items() if key not in seen]
    return merged


def _engine_located(
    findings: list[Finding],
    names: NameTable,
    default: CellOrigin,
    targets_spans: list[tuple[int, int]],
) -> list[Located]:
    out = []
    for loc in _locate(findings, names, default):
        inside = any(a <= loc.finding.start < b for a, b in targets_spans)
        out.append(Located(loc.canonical, loc.finding, "targets" if inside else default, "engine"))
    return out


def read_facts(
    document: Document,
    years: ReportYears,
    names: NameTable,
    summary: ReportSummary | None = None,
) -> ReportFacts:
    """Targets (plan part) and outcomes (review part) of one report."""
    text = document.text
    review_span, plan_span = _regions(document)
    main_targets: list[Finding] = []
    task_targets: list[Finding] = []
    targets_spans: list[tuple[int, int]] = []
    for pos, line in _lines(text, *plan_span):
        found = parse_findings(line, pos)
        if _TARGETS_SENTENCE.search(line):
            main_targets.extend(found)
            targets_spans.append((pos, pos + len(line)))
        else:
            task_targets.extend(
                f for f in found if _TASK_TARGET.search(text[f.start : f.end]) and f.unit
            )
    outcomes: list[Finding] = []
    if years.review_year is not None:
        for pos, line in _lines(text, *review_span):
            outcomes.extend(parse_findings(line, pos))

    targets = _locate(main_targets, names, "targets") + _locate(task_targets, names, "task target")
    located_outcomes = _locate(outcomes, names, "review")
    if summary is not None:
        engine_targets = _engine_located(
            _engine_findings(document, summary.items, plan_span, "goal"),
            names,
            "task target",
            targets_spans,
        )
        engine_outcomes = _engine_located(
            _engine_findings(document, summary.items, review_span, "achievement"),
            names,
            "review",
            [],
        )
        targets = _prefer_engine(engine_targets, targets)
        located_outcomes = _prefer_engine(engine_outcomes, located_outcomes)
    return ReportFacts(
        source=Path(document.source).name or document.source,
        document=document,
        years=years,
        targets=tuple(targets),
        outcomes=tuple(located_outcomes),
    )
