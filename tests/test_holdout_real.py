"""The offline engine on real reports it was not written for (issue 16).

tests/data/holdout_real holds six real public reports (sources in SOURCES.md) labeled by
evals/GUIDELINES.md by labelers who did not write the rules: a county work plan of a city
bureau (工作要点), a county term report (过去五年 / 今后五年), two county reports (2005 and
2019), a national report of 1975 with no headings at all, and a report of the State
Council to the NPC Standing Committee (成效 / 形势 / 下一步工作安排).

Measured before issue 16 (commit b897f3c): micro-F1 0.671 (P 0.716, R 0.631); goal 0.644,
achievement 0.693, problem 0.824; per report: shanghai work plan 0.630, rongcheng term
0.721, yixian 2019 0.806, qingyuan 2005 0.757, national 1975 0.000, state council 0.225.
The floors sit just under what the engine reaches now (see the constants); a change that
loses generality shows here.
"""

from __future__ import annotations

import operator
from functools import reduce
from pathlib import Path

import pytest

from summarizer.evaluate import load_gold, locate_labels, score_report
from summarizer.evaluate._metrics import Counts
from summarizer.load import load_document
from summarizer.pipeline import summarize
from summarizer.settings import Settings
from tests.conftest import ROOT

HOLDOUT = ROOT / "tests" / "data" / "holdout_real"
GOLD = sorted(HOLDOUT.glob("*.json"))

# Measured now: micro 0.807 (P 0.806, R 0.808); goal 0.725, achievement 0.875, problem
# 0.973; per report 0.71-0.86.
MICRO_FLOOR = 0.79
CATEGORY_FLOOR = {"goal": 0.70, "achievement": 0.86, "problem": 0.94}
# A report whose labels hold at least this many items of a category...
SIZEABLE = 10
# ...scores at least this on that category.
SIZEABLE_FLOOR = 0.5


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.name)
def test_real_holdout_gold_is_valid_and_located(path: Path) -> None:
    gold = load_gold(path)
    report = HOLDOUT / gold.report
    assert report.is_file(), f"{path.name}: report {gold.report} missing"
    located = locate_labels(gold, load_document(report), path)
    assert len(located) == len(gold.labels) > 0


@pytest.fixture(scope="module")
def real_counts() -> dict[str, tuple[Counts, dict[str, int]]]:
    out: dict[str, tuple[Counts, dict[str, int]]] = {}
    for path in GOLD:
        gold = load_gold(path)
        document = load_document(HOLDOUT / gold.report)
        summary = summarize(document, Settings(engine="rules"))
        labels = locate_labels(gold, document, path)
        sizes = {c: sum(1 for x in gold.labels if x.category == c) for c in CATEGORY_FLOOR}
        out[gold.report] = (score_report(document, labels, summary.items).counts, sizes)
    return out


def test_rules_engine_on_real_reports_scores_above_its_floor(
    real_counts: dict[str, tuple[Counts, dict[str, int]]],
) -> None:
    scores = reduce(operator.add, (c for c, _ in real_counts.values())).scores()
    assert scores.micro.f1 >= MICRO_FLOOR, scores.micro
    for name, floor in CATEGORY_FLOOR.items():
        prf = getattr(scores, name)
        assert prf.f1 >= floor, (name, prf)
    assert scores.grounded_share == 1.0 and scores.number_fidelity == 1.0


def test_no_sizeable_category_of_a_real_report_collapses(
    real_counts: dict[str, tuple[Counts, dict[str, int]]],
) -> None:
    for report, (counts, sizes) in real_counts.items():
        scores = counts.scores()
        for name, size in sizes.items():
            if size >= SIZEABLE:
                assert getattr(scores, name).f1 >= SIZEABLE_FLOOR, (report, name)
