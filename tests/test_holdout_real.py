"""The offline engine on real reports it was not written for (issue 16).

tests/data/holdout_real holds nine real public reports (sources in SOURCES.md) labeled by
evals/GUIDELINES.md by labelers who did not write the rules: a city bureau's 工作要点, a
provincial 行动方案, a county term report (过去五年 / 今后五年), county reports of 2005 and
2019, a city report of 2014, a provincial report of 2025, the national report of 1975
with no headings at all, and a report of the State Council to the NPC Standing Committee
(成效 / 形势 / 下一步工作安排).

Measured before issue 16 (commit b897f3c, the first six): micro-F1 0.671. Round 1 reached
0.807 on those six. The three reports of round 2 (jilin-province-2025, zhoushan-city-2014,
shandong-digital-2019) were scored once before any change, the honest estimate of
generalisation then: micro 0.785 (goal 0.742, achievement 0.882, problem 0.0); all nine
0.797.

Since round 2 the shipped engine lets a clause model trained on every labeled report of
the repository (these nine included) overrule the rules where it is sure
(summarizer/engines/rules/_learned.py). On these nine its scores are therefore partly
in-sample; the honest figure is leave one report out: for each report, a model trained
on every other labeled report. Both are held above floors just under what they reach; the
leave-one-out figure must also beat the rules alone, or the model has no business being
shipped.
"""

from __future__ import annotations

import operator
from functools import reduce
from pathlib import Path

import pytest

from summarizer.engines.rules import _train
from summarizer.engines.rules._learned import shipped_model
from summarizer.evaluate import load_gold, locate_labels, score_report
from summarizer.evaluate._metrics import Counts
from summarizer.load import load_document
from summarizer.pipeline import summarize
from summarizer.settings import Settings
from tests.conftest import ROOT

HOLDOUT = ROOT / "tests" / "data" / "holdout_real"
GOLD = sorted(HOLDOUT.glob("*.json"))
CATEGORIES = ("goal", "achievement", "problem")

# The shipped engine (clause model partly in-sample here): micro 0.954 (P 0.937, R 0.970);
# goal 0.950, achievement 0.957, problem 0.979.
MICRO_FLOOR = 0.94
CATEGORY_FLOOR = {"goal": 0.93, "achievement": 0.94, "problem": 0.95}
# Leave one report out (the clause model never saw the report it is scored on): micro
# 0.819 (rules alone 0.807); goal 0.757, achievement 0.894, problem 0.979.
LOO_MICRO_FLOOR = 0.81
LOO_CATEGORY_FLOOR = {"goal": 0.74, "achievement": 0.88, "problem": 0.95}
# A report whose labels hold at least this many items of a category...
SIZEABLE = 10
# ...scores at least this on that category (leave one report out, and shipped).
SIZEABLE_FLOOR = 0.5


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.name)
def test_real_holdout_gold_is_valid_and_located(path: Path) -> None:
    gold = load_gold(path)
    report = HOLDOUT / gold.report
    assert report.is_file(), f"{path.name}: report {gold.report} missing"
    located = locate_labels(gold, load_document(report), path)
    assert len(located) == len(gold.labels) > 0


def _sizes(path: Path) -> dict[str, int]:
    gold = load_gold(path)
    return {c: sum(1 for x in gold.labels if x.category == c) for c in CATEGORIES}


@pytest.fixture(scope="module")
def shipped_counts() -> dict[str, tuple[Counts, dict[str, int]]]:
    out: dict[str, tuple[Counts, dict[str, int]]] = {}
    for path in GOLD:
        gold = load_gold(path)
        document = load_document(HOLDOUT / gold.report)
        summary = summarize(document, Settings(engine="rules"))
        labels = locate_labels(gold, document, path)
        out[gold.report] = (score_report(document, labels, summary.items).counts, _sizes(path))
    return out


@pytest.fixture(scope="module")
def training() -> tuple[list[_train.Report], dict[str, list[_train.Example]]]:
    reports = _train.labeled_reports(ROOT)
    return reports, {r.name: _train.examples(r) for r in reports}


@pytest.fixture(scope="module")
def loo_counts(
    training: tuple[list[_train.Report], dict[str, list[_train.Example]]],
) -> dict[str, tuple[Counts, Counts]]:
    reports, data = training
    return _train.leave_one_out(reports, data, "tests/data/holdout_real")


def _check(scores: Counts, micro: float, floors: dict[str, float]) -> None:
    s = scores.scores()
    assert s.micro.f1 >= micro, s.micro
    for name, floor in floors.items():
        prf = getattr(s, name)
        assert prf.f1 >= floor, (name, prf)


def test_rules_engine_on_real_reports_scores_above_its_floor(
    shipped_counts: dict[str, tuple[Counts, dict[str, int]]],
) -> None:
    total = reduce(operator.add, (c for c, _ in shipped_counts.values()))
    _check(total, MICRO_FLOOR, CATEGORY_FLOOR)
    scores = total.scores()
    assert scores.grounded_share == 1.0 and scores.number_fidelity == 1.0


def test_reports_the_clause_model_never_saw_score_above_their_floor_and_the_rules(
    loo_counts: dict[str, tuple[Counts, Counts]],
) -> None:
    rules = reduce(operator.add, (r for r, _ in loo_counts.values()))
    model = reduce(operator.add, (m for _, m in loo_counts.values()))
    assert len(loo_counts) == len(GOLD)
    _check(model, LOO_MICRO_FLOOR, LOO_CATEGORY_FLOOR)
    assert model.scores().micro.f1 > rules.scores().micro.f1


def test_no_sizeable_category_of_a_real_report_collapses(
    shipped_counts: dict[str, tuple[Counts, dict[str, int]]],
    loo_counts: dict[str, tuple[Counts, Counts]],
) -> None:
    for path in GOLD:
        report = load_gold(path).report
        counts, sizes = shipped_counts[report]
        _, held_out = loo_counts[f"tests/data/holdout_real/{report}"]
        for name, size in sizes.items():
            if size >= SIZEABLE:
                assert getattr(counts.scores(), name).f1 >= SIZEABLE_FLOOR, (report, name)
                assert getattr(held_out.scores(), name).f1 >= SIZEABLE_FLOOR, (report, name)


def test_the_shipped_clause_model_is_the_one_the_repository_trains(
    training: tuple[list[_train.Report], dict[str, list[_train.Example]]],
) -> None:
    # Retrain with `python -m summarizer.engines.rules._train` after changing a rule.
    reports, data = training
    trained = _train.rounded(_train.fit(ex for exs in data.values() for ex in exs)).weights
    shipped = shipped_model().weights
    zero = (0.0, 0.0, 0.0)
    for feature in trained.keys() | shipped.keys():
        a, b = trained.get(feature, zero), shipped.get(feature, zero)
        # Rounding to 4 decimals, and a weight at the pruning bar, may fall either way
        # with another build of numpy.
        assert max(abs(x - y) for x, y in zip(a, b, strict=True)) <= 2e-3 or (
            max(map(abs, a + b)) < _train.PRUNE + 2e-3
        ), f"{feature!r}: the shipped model is stale: python -m summarizer.engines.rules._train"
    assert [r.name for r in reports] == list(data)
