"""Readable eval output: a Markdown table per report and overall, and the comparison."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.core.types import CATEGORIES
from summarizer.evaluate._results import PRF, EvalResults, EvalRun, ReportResult, Scores

# (label, getter) of every figure the regression gate watches; higher is better for all.
GATED: tuple[tuple[str, str], ...] = (
    ("micro F1", "micro.f1"),
    ("goal F1", "goal.f1"),
    ("achievement F1", "achievement.f1"),
    ("problem F1", "problem.f1"),
    ("grounded share", "grounded_share"),
    ("number fidelity", "number_fidelity"),
)


# Granularity-tolerant figures: shown beside the gated ones in the comparison, not gated.
TOLERANT: tuple[tuple[str, str], ...] = (
    ("tolerant micro F1", "tolerant.micro.f1"),
    ("tolerant goal F1", "tolerant.goal.f1"),
    ("tolerant achievement F1", "tolerant.achievement.f1"),
    ("tolerant problem F1", "tolerant.problem.f1"),
)

# Saturation counts of a report or of the run: answers at the item cap, answers cut at the
# token limit, chunks split because of them.
SATURATION: tuple[tuple[str, str], ...] = (
    ("saturated", "saturated"),
    ("cut off", "cut_off"),
    ("splits", "splits"),
)


def figure(scores: Scores, path: str) -> float:
    """A figure of ``scores`` by dotted path (``micro.f1``)."""
    value = optional_figure(scores, path)
    assert value is not None, path
    return value


def optional_figure(scores: Scores, path: str) -> float | None:
    """A figure of ``scores`` by dotted path, or None where a part is absent (the tolerant
    scores of a results file written before they were scored)."""
    value: object = scores
    for part in path.split("."):
        value = getattr(value, part)
        if value is None:
            return None
    assert isinstance(value, int | float)
    return float(value)


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _prf(prf: PRF | None) -> str:
    if prf is None:
        return "– | – | –"
    return f"{prf.precision:.3f} | {prf.recall:.3f} | {prf.f1:.3f}"


def _saturation(source: ReportResult | EvalRun) -> str:
    return f"{source.saturated} | {source.cut_off} | {source.splits}"


def _header(columns: str) -> list[str]:
    """A Markdown table header from ``"a | b | c"``."""
    return [f"| {columns} |", "| --- " * (columns.count("|") + 1) + "|"]


def render_results(results: EvalResults) -> str:
    """The results as Markdown, with the run line: per report and overall, the micro
    averages (strict and tolerant) with the saturation counts, the per-category scores,
    and the number, faithfulness and duplicate checks."""
    r = results.run
    scopes: list[tuple[str, Scores]] = [(rep.report, rep.scores) for rep in results.reports]
    scopes.append(("**overall**", results.overall))
    lines = [
        f"engine {r.engine} · model {r.model or '-'} · prompt {r.prompt_hash or '-'} · "
        f"schema {r.schema_hash or '-'} · commit {r.git_commit} · threshold {r.threshold}",
        f"calls {r.calls} · cache hits {r.cache_hits} · tokens {r.prompt_tokens}+"
        f"{r.completion_tokens} · saturated {r.saturated} · cut off {r.cut_off} · "
        f"splits {r.splits} · wall {r.wall_s:.2f} s",
        "",
        "Strict: optimal one-to-one matching. Tolerant: the items inside one item of the",
        "other side (a split list or sentence) joined first, both ways. Saturated / cut off:",
        "answers at the schema's item cap / at the token limit; splits: chunks split for them.",
        "",
        *_header(
            "report | P | R | F1 | tolerant P | tolerant R | tolerant F1 "
            "| saturated | cut off | splits"
        ),
    ]
    for rep in results.reports:
        s = rep.scores
        tolerant = s.tolerant.micro if s.tolerant else None
        lines.append(f"| {rep.report} | {_prf(s.micro)} | {_prf(tolerant)} | {_saturation(rep)} |")
    s = results.overall
    tolerant = s.tolerant.micro if s.tolerant else None
    lines.append(f"| **overall (micro)** | {_prf(s.micro)} | {_prf(tolerant)} | {_saturation(r)} |")

    lines += [
        "",
        "Per category.",
        "",
        *_header(
            "report | category | P | R | F1 | tolerant P | tolerant R | tolerant F1 "
            "| gold | predicted"
        ),
    ]
    for name, s in scopes:
        for category in CATEGORIES:
            prf: PRF = getattr(s, category)
            tol: PRF | None = getattr(s.tolerant, category) if s.tolerant else None
            counts = f"{prf.gold} | {prf.predicted}"
            lines.append(f"| {name} | {category} | {_prf(prf)} | {_prf(tol)} | {counts} |")

    lines += [
        "",
        "Numbers, faithfulness, duplicates.",
        "",
        *_header(
            "report | numbers | indicators | grounded | number fidelity | wrong category "
            "| duplicates | failed chunks"
        ),
    ]
    failed = {rep.report: rep.failed_chunks for rep in results.reports}
    failed["**overall**"] = sum(failed.values())
    for name, s in scopes:
        lines.append(
            f"| {name} | {s.number_agreement:.3f} | {s.indicator_agreement:.3f} "
            f"| {s.grounded_share:.3f} | {s.number_fidelity:.3f} "
            f"| {s.wrong_category} | {s.duplicate_rate:.3f} | {failed[name]} |"
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing two results files."""

    text: str
    regressions: list[str]


def _key(item_quote: str, category: str) -> tuple[str, str]:
    return (category, item_quote)


def compare_results(base: EvalResults, new: EvalResults, tolerance: float = 0.01) -> Comparison:
    """Side by side per metric and per report; regressions are gated figures that dropped
    by more than ``tolerance``. The tolerant figures and the saturation counts are shown,
    not gated ("–" where a results file predates them)."""

    def side(name: str, r: EvalRun) -> str:
        return (
            f"{name} {r.engine} {r.model} prompt {r.prompt_hash or '-'} commit {r.git_commit}"
            f" · saturated {r.saturated} · cut off {r.cut_off} · splits {r.splits}"
        )

    lines = [
        side("base:", base.run),
        side("new: ", new.run),
        "",
        "Gated: the strict F1 figures, grounded share and number fidelity; the tolerant "
        "figures and saturation counts are shown, not gated.",
        "",
        "| scope | metric | base | new | change |",
        "| --- | --- | --- | --- | --- |",
    ]
    regressions: list[str] = []
    base_reports = {r.report: r for r in base.reports}
    scopes: list[tuple[str, Scores, Scores, ReportResult | EvalRun, ReportResult | EvalRun]] = [
        ("overall", base.overall, new.overall, base.run, new.run)
    ]
    for rep in new.reports:
        old = base_reports.get(rep.report)
        if old is not None:
            scopes.append((rep.report, old.scores, rep.scores, old, rep))
    for scope, b, n, b_src, n_src in scopes:
        for label, path in GATED:
            bv, nv = figure(b, path), figure(n, path)
            delta = nv - bv
            flag = ""
            if delta < -tolerance:
                flag = " **regression**"
                regressions.append(f"{scope}: {label} {bv:.3f} → {nv:.3f}")
            lines.append(f"| {scope} | {label} | {bv:.3f} | {nv:.3f} | {delta:+.3f}{flag} |")
        for label, path in TOLERANT:
            tb, tn = optional_figure(b, path), optional_figure(n, path)
            change = "–" if tb is None or tn is None else f"{tn - tb:+.3f}"
            lines.append(f"| {scope} | {label} | {_f(tb)} | {_f(tn)} | {change} |")
        for label, attr in SATURATION:
            cb, cn = getattr(b_src, attr), getattr(n_src, attr)
            if cb or cn:
                lines.append(f"| {scope} | {label} | {cb} | {cn} | {cn - cb:+d} |")
    for rep in new.reports:
        old = base_reports.get(rep.report)
        if old is None:
            continue
        lines.extend(_item_changes(old, rep))
    return Comparison("\n".join(lines), regressions)


def _item_changes(old: ReportResult, new: ReportResult) -> list[str]:
    old_missed = {_key(i.quote, i.category) for i in old.missed}
    old_spurious = {_key(i.quote, i.category) for i in old.spurious}
    newly_missed = [i for i in new.missed if _key(i.quote, i.category) not in old_missed]
    newly_spurious = [i for i in new.spurious if _key(i.quote, i.category) not in old_spurious]
    if not newly_missed and not newly_spurious:
        return []
    out = ["", f"### {new.report}"]
    if newly_missed:
        out.append(f"newly missed gold items ({len(newly_missed)}):")
        out.extend(f"- [{i.category}] {i.quote}" for i in newly_missed)
    if newly_spurious:
        out.append(f"newly spurious predictions ({len(newly_spurious)}):")
        out.extend(f"- [{i.category}] {i.quote}" for i in newly_spurious)
    return out
