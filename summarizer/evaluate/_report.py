"""Readable eval output: a Markdown table per report and overall, and the comparison."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.evaluate._results import EvalResults, ReportResult, Scores

# (label, getter) of every figure the regression gate watches; higher is better for all.
GATED: tuple[tuple[str, str], ...] = (
    ("micro F1", "micro.f1"),
    ("goal F1", "goal.f1"),
    ("achievement F1", "achievement.f1"),
    ("problem F1", "problem.f1"),
    ("grounded share", "grounded_share"),
    ("number fidelity", "number_fidelity"),
)


def figure(scores: Scores, path: str) -> float:
    """A figure of ``scores`` by dotted path (``micro.f1``)."""
    value: object = scores
    for part in path.split("."):
        value = getattr(value, part)
    assert isinstance(value, int | float)
    return float(value)


def _row(name: str, s: Scores) -> str:
    return (
        f"| {name} | {s.micro.precision:.3f} | {s.micro.recall:.3f} | {s.micro.f1:.3f} "
        f"| {s.goal.f1:.3f} | {s.achievement.f1:.3f} | {s.problem.f1:.3f} "
        f"| {s.number_agreement:.3f} | {s.indicator_agreement:.3f} "
        f"| {s.grounded_share:.3f} | {s.number_fidelity:.3f} "
        f"| {s.wrong_category} | {s.duplicate_rate:.3f} |"
    )


def render_results(results: EvalResults) -> str:
    """The results as a Markdown table, per report and overall, with the run line."""
    r = results.run
    lines = [
        f"engine {r.engine} · model {r.model or '-'} · prompt {r.prompt_hash or '-'} · "
        f"schema {r.schema_hash or '-'} · commit {r.git_commit} · threshold {r.threshold}",
        f"calls {r.calls} · cache hits {r.cache_hits} · tokens {r.prompt_tokens}+"
        f"{r.completion_tokens} · wall {r.wall_s:.2f} s",
        "",
        "| report | P | R | F1 | goal F1 | achievement F1 | problem F1 | numbers | indicators "
        "| grounded | number fidelity | wrong category | duplicates |",
        "| --- " * 13 + "|",
    ]
    for rep in results.reports:
        lines.append(_row(rep.report, rep.scores))
    lines.append(_row("**overall (micro)**", results.overall))
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
    by more than ``tolerance``."""
    lines = [
        f"base: {base.run.engine} {base.run.model} prompt {base.run.prompt_hash or '-'} "
        f"commit {base.run.git_commit}",
        f"new:  {new.run.engine} {new.run.model} prompt {new.run.prompt_hash or '-'} "
        f"commit {new.run.git_commit}",
        "",
        "| scope | metric | base | new | change |",
        "| --- | --- | --- | --- | --- |",
    ]
    regressions: list[str] = []
    base_reports = {r.report: r for r in base.reports}
    scopes: list[tuple[str, Scores, Scores]] = [("overall", base.overall, new.overall)]
    for rep in new.reports:
        if rep.report in base_reports:
            scopes.append((rep.report, base_reports[rep.report].scores, rep.scores))
    for scope, b, n in scopes:
        for label, path in GATED:
            bv, nv = figure(b, path), figure(n, path)
            delta = nv - bv
            flag = ""
            if delta < -tolerance:
                flag = " **regression**"
                regressions.append(f"{scope}: {label} {bv:.3f} → {nv:.3f}")
            lines.append(f"| {scope} | {label} | {bv:.3f} | {nv:.3f} | {delta:+.3f}{flag} |")
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
