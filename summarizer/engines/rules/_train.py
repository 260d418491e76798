"""Train the clause model (``_learned``) from the labeled reports of a checkout.

    python -m summarizer.engines.rules._train          # writes clause_model.json
    python -m summarizer.engines.rules._train --loo    # leave-one-report-out: model vs rules

Every labeled report of the repository (evals/gold, tests/data/holdout,
tests/data/holdout_real) is cut into chunks and clauses exactly as the engine does, with
the rules alone deciding (so that the clauses and their context do not depend on an
earlier model). Each clause the rules judge is a training example: positive when a label
of its category covers at least half of it (or matches it by span Dice ≥ 0.5). A
logistic regression (L2, L-BFGS from zeros, inputs in a fixed order) is fitted on them:
the same data gives the same weights, which are written rounded to 4 decimals.

Changing a rule changes the clauses and the rules' verdicts the model was trained on:
retrain, and update the eval baseline with it (tests/test_holdout_real.py checks that the
shipped model is the one this script trains).
"""

from __future__ import annotations

import argparse
import math
import operator
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

from summarizer.core.types import Category
from summarizer.engines.rules._clauses import Piece
from summarizer.engines.rules._engine import RulesEngine, extract_items
from summarizer.engines.rules._learned import MODEL_FILE, ClauseModel, features, rules_only
from summarizer.evaluate._metrics import Counts

ROOT = Path(__file__).resolve().parents[3]
# (reports, labels) folders of the labeled reports, relative to the checkout.
LABELED = (
    ("evals/reports", "evals/gold"),
    ("tests/data/holdout", "tests/data/holdout"),
    ("tests/data/holdout_real", "tests/data/holdout_real"),
)
HOLDOUT_REAL = "tests/data/holdout_real"
# L2 strength (1/C) and the fewest examples a feature must occur in to get a weight.
C = 1.0
MIN_COUNT = 2
_COLUMNS: dict[str, int] = {"goal": 1, "achievement": 2}


@dataclass(frozen=True)
class Example:
    """One clause judged by the rules, with what the labels say of it."""

    report: str
    clause: str
    category: Category
    rule: bool
    label: bool


@dataclass(frozen=True)
class Report:
    name: str
    text_path: Path
    gold_path: Path


def labeled_reports(root: Path = ROOT) -> list[Report]:
    """Every labeled report of the checkout at ``root``."""
    from summarizer.evaluate import load_gold

    out: list[Report] = []
    for reports, golds in LABELED:
        for gold_path in sorted((root / golds).glob("*.json")):
            gold = load_gold(gold_path)
            out.append(Report(f"{golds}/{gold.report}", root / reports / gold.report, gold_path))
    if not out:
        raise SystemExit(f"no labeled reports under {root}: run from a checkout")
    return out


def examples(report: Report) -> list[Example]:
    """The clauses the rules judge in ``report``, each labeled by the gold."""
    from summarizer.evaluate import load_gold
    from summarizer.load import load_document
    from summarizer.postprocess.locate import locate_quote
    from summarizer.segment import make_chunks, segment
    from summarizer.settings import DEFAULT_MAX_CHARS

    document = load_document(report.text_path)
    text = document.text
    gold: list[tuple[str, int, int]] = []
    previous = 0
    for label in load_gold(report.gold_path).labels:
        hit = locate_quote(text, label.quote, previous, len(text)) or locate_quote(
            text, label.quote, 0, len(text)
        )
        if hit is not None:
            gold.append((label.category, hit.start, hit.end))
            previous = hit.start
    # The engine's own budget, whatever SUMMARIZER_MAX_CHARS says: the same data anywhere.
    budget = DEFAULT_MAX_CHARS
    seen: list[tuple[int, int, str, Category, bool]] = []
    for chunk in make_chunks(document, segment(document), max_chars=budget, split_roles=True):

        def record(
            chunk_text: str, part: Piece, category: Category, rule: bool, at: int = chunk.start
        ) -> bool:
            seen.append(
                (at + part.start, at + part.end, chunk_text[part.start : part.end], category, rule)
            )
            return rule

        extract_items(chunk, record)
    return [
        Example(report.name, clause, category, rule, _covered(start, end, category, gold))
        for start, end, clause, category, rule in seen
    ]


def _covered(start: int, end: int, category: str, gold: list[tuple[str, int, int]]) -> bool:
    size = end - start
    for kind, s, e in gold:
        if kind != category:
            continue
        overlap = max(0, min(e, end) - max(s, start))
        if overlap * 2 >= size or 2 * overlap >= 0.5 * (size + e - s):
            return True
    return False


def fit(data: Iterable[Example], c: float = C, min_count: int = MIN_COUNT) -> ClauseModel:
    """A logistic regression on ``data`` (see the module docstring)."""
    rows: list[list[tuple[str, int]]] = []
    labels: list[float] = []
    for ex in data:
        column = _COLUMNS[ex.category]
        base = sorted(features(ex.clause, ex.rule))
        rows.append([(f, 0) for f in base] + [(f, column) for f in base])
        labels.append(1.0 if ex.label else 0.0)
    # A feature counts once per example it occurs in towards ``min_count``; its value in
    # the example is how often it occurs there.
    seen = Counter(key for row in rows for key in set(row))
    vocabulary = {
        key: i for i, key in enumerate(sorted(k for k, n in seen.items() if n >= min_count))
    }
    indptr = [0]
    indices: list[int] = []
    values: list[float] = []
    for row in rows:
        counted = Counter(vocabulary[key] for key in row if key in vocabulary)
        for index in sorted(counted):
            indices.append(index)
            values.append(float(counted[index]))
        indptr.append(len(indices))
    x = sparse.csr_matrix(
        (np.asarray(values), np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
        shape=(len(rows), len(vocabulary)),
    )
    y = np.asarray(labels)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        # log(1 + e^z) - y z, computed stably.
        value = float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 / c * (w @ w))
        p = 0.5 * (1.0 + np.tanh(0.5 * z))
        return value, x.T @ (p - y) + w / c

    found = minimize(
        loss, np.zeros(len(vocabulary)), jac=True, method="L-BFGS-B", options={"maxiter": 1000}
    )
    weights: dict[str, list[float]] = {}
    for (feature, column), i in vocabulary.items():
        weights.setdefault(feature, [0.0, 0.0, 0.0])[column] = float(found.x[i])
    return ClauseModel({k: (v[0], v[1], v[2]) for k, v in weights.items()})


def train(root: Path = ROOT) -> tuple[ClauseModel, dict[str, object]]:
    """The model trained on every labeled report of the checkout, and its ``about``."""
    reports = labeled_reports(root)
    data = [ex for report in reports for ex in examples(report)]
    about: dict[str, object] = {
        "what": "logistic regression: is a clause the rules judge a goal/achievement item",
        "trained_by": "python -m summarizer.engines.rules._train",
        "reports": [r.name for r in reports],
        "examples": len(data),
        "positives": sum(ex.label for ex in data),
        "l2_c": C,
        "min_count": MIN_COUNT,
    }
    return rounded(fit(data)), about


# Features whose weights are all smaller than this are left out of the written model.
PRUNE = 0.05


def rounded(model: ClauseModel) -> ClauseModel:
    """The model as it is written: weights rounded to 4 decimals, features whose weights
    are all below ``PRUNE`` left out."""
    return ClauseModel(
        {
            k: (round(a, 4), round(b, 4), round(c, 4))
            for k, (a, b, c) in model.weights.items()
            if max(abs(a), abs(b), abs(c)) >= PRUNE
        }
    )


def leave_one_out(
    reports: list[Report], data: dict[str, list[Example]], folder: str = HOLDOUT_REAL
) -> dict[str, tuple[Counts, Counts]]:
    """For each labeled report in ``folder``: its counts with the rules alone and with a
    model trained on every other labeled report (``data``: examples by report name)."""
    from summarizer.evaluate import load_gold, locate_labels, score_report
    from summarizer.load import load_document
    from summarizer.pipeline import summarize
    from summarizer.settings import Settings

    out: dict[str, tuple[Counts, Counts]] = {}
    for report in reports:
        if not report.name.startswith(folder + "/"):
            continue
        model = rounded(fit(ex for name, exs in data.items() if name != report.name for ex in exs))
        document = load_document(report.text_path)
        labels = locate_labels(load_gold(report.gold_path), document, report.gold_path)
        counts = []
        for decide in (rules_only, model.decide):
            summary = summarize(document, Settings(engine="rules"), engine=RulesEngine(decide))
            counts.append(score_report(document, labels, summary.items).counts)
        out[report.name] = (counts[0], counts[1])
    return out


def _print_scores(results: dict[str, tuple[Counts, Counts]]) -> None:
    def line(counts: Counts) -> str:
        s = counts.scores()
        return (
            f"{s.micro.f1:.3f} (goal {s.goal.f1:.3f} ach {s.achievement.f1:.3f} "
            f"problem {s.problem.f1:.3f})"
        )

    for name, (rules, model) in results.items():
        print(f"{Path(name).name:48s} rules {line(rules)}  model {line(model)}")
    rules_total = reduce(operator.add, (r for r, _ in results.values()))
    model_total = reduce(operator.add, (m for _, m in results.values()))
    print(f"{'all':48s} rules {line(rules_total)}  model {line(model_total)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m summarizer.engines.rules._train")
    parser.add_argument("--loo", action="store_true", help="leave-one-report-out scores")
    parser.add_argument("--folder", default=HOLDOUT_REAL, help="reports scored by --loo")
    parser.add_argument("-o", "--output", type=Path, default=Path(__file__).with_name(MODEL_FILE))
    args = parser.parse_args(argv)
    if args.loo:
        reports = labeled_reports(ROOT)
        _print_scores(leave_one_out(reports, {r.name: examples(r) for r in reports}, args.folder))
        return 0
    model, about = train(ROOT)
    args.output.write_text(model.to_json(about), encoding="utf-8")
    size = args.output.stat().st_size
    print(f"wrote {args.output} ({len(model.weights)} features, {math.ceil(size / 1024)} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
