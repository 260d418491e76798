"""The eval's granularity-tolerant figure, the saturation counts, and how both are
printed and compared (strict figures and the gate unchanged)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.core.summary import Item
from summarizer.core.types import Chunk, ChunkExtraction, DocumentContext, Usage
from summarizer.engines.base import EngineInfo
from summarizer.engines.rules import RulesEngine
from summarizer.evaluate import (
    EvalResults,
    GoldFile,
    LocatedLabel,
    aevaluate,
    compare_results,
    locate_labels,
    render_results,
    score_report,
)
from summarizer.evaluate._match import Comparable, core_span, merge_within
from summarizer.load import document_from_text
from summarizer.settings import Settings
from tests.conftest import ROOT, RunCli


def _gold(text: str, specs: list[tuple[str, str]]) -> list[LocatedLabel]:
    gf = GoldFile.model_validate(
        {
            "report": "r.txt",
            "labels": [{"category": c, "statement": q, "quote": q} for c, q in specs],
        }
    )
    return locate_labels(gf, document_from_text(text), Path("g.json"))


def _pred(text: str, category: str, quote: str, statement: str | None = None) -> Item:
    start = text.index(quote)
    return Item(
        category=category,  # type: ignore[arg-type]
        statement=statement or quote,
        quote=quote,
        start=start,
        end=start + len(quote),
    )


LIST_TEXT = "2025年，新建学校、医院、养老院。新建公路20公里。"
LIST = "新建学校、医院、养老院"


def test_a_list_split_per_element_is_tolerant_matched() -> None:
    doc = document_from_text(LIST_TEXT)
    gold = _gold(LIST_TEXT, [("goal", LIST)])
    # One gold 、-list, predicted as three items (one per element).
    preds = [
        _pred(LIST_TEXT, "goal", "新建学校", "新建学校"),
        _pred(LIST_TEXT, "goal", "医院", "新建医院"),
        _pred(LIST_TEXT, "goal", "养老院", "新建养老院"),
    ]
    s = score_report(doc, gold, preds).counts.scores()
    assert s.micro.precision < 1.0 and s.goal.precision < 1.0
    assert s.tolerant is not None
    assert s.tolerant.micro.precision == s.tolerant.micro.recall == 1.0
    assert s.tolerant.goal.f1 == 1.0
    assert (s.tolerant.micro.predicted, s.tolerant.micro.gold) == (1, 1)
    # The strict counts are the items as they are.
    assert (s.micro.predicted, s.micro.gold) == (3, 1)


def test_a_missed_gold_item_stays_missed_in_the_tolerant_figure() -> None:
    doc = document_from_text(LIST_TEXT)
    gold = _gold(LIST_TEXT, [("goal", LIST), ("goal", "新建公路20公里")])
    preds = [
        _pred(LIST_TEXT, "goal", "新建学校"),
        _pred(LIST_TEXT, "goal", "医院"),
        _pred(LIST_TEXT, "goal", "养老院"),
    ]
    scored = score_report(doc, gold, preds)
    s = scored.counts.scores()
    assert s.tolerant is not None
    assert s.tolerant.micro.precision == 1.0 and s.tolerant.micro.recall == 0.5
    assert s.tolerant.micro.true_positives == 1 and s.tolerant.micro.gold == 2
    assert "新建公路20公里" in [m.quote for m in scored.missed]
    # Nothing predicted at all: both figures miss everything.
    nothing = score_report(doc, gold, []).counts.scores()
    assert nothing.tolerant is not None
    assert nothing.micro.recall == nothing.tolerant.micro.recall == 0.0


def test_a_merged_prediction_covering_two_gold_clauses_is_tolerant_matched() -> None:
    text = "确保应届高校毕业生就业率95%以上，区外就业率12%以上。"
    doc = document_from_text(text)
    gold = _gold(text, [("goal", "确保应届高校毕业生就业率95%以上"), ("goal", "区外就业率12%以上")])
    preds = [_pred(text, "goal", "确保应届高校毕业生就业率95%以上，区外就业率12%以上。")]
    s = score_report(doc, gold, preds).counts.scores()
    assert s.micro.recall == 0.5  # strictly, one clause matched and one missed
    assert s.tolerant is not None
    assert s.tolerant.micro.precision == s.tolerant.micro.recall == 1.0
    assert (s.tolerant.micro.predicted, s.tolerant.micro.gold) == (1, 1)


def test_pieces_of_another_category_or_outside_the_span_are_not_joined() -> None:
    doc = document_from_text(LIST_TEXT)
    gold = _gold(LIST_TEXT, [("goal", LIST)])
    preds = [
        _pred(LIST_TEXT, "achievement", "新建学校"),
        _pred(LIST_TEXT, "achievement", "医院"),
        _pred(LIST_TEXT, "goal", "新建公路20公里"),
    ]
    s = score_report(doc, gold, preds).counts.scores()
    assert s.tolerant is not None
    assert s.tolerant.micro.true_positives == 0
    assert s.tolerant.micro.predicted == 3 and s.tolerant.achievement.predicted == 2


def test_same_span_on_both_sides_stays_two_items() -> None:
    # One sentence labeled twice (two indicators) and predicted twice: not a granularity
    # difference, so the tolerant counts equal the strict ones.
    text = "城镇调查失业率、居民消费价格涨幅分别控制在5%和3%以内。"
    quote = text[:-1]
    doc = document_from_text(text)
    gold = _gold(text, [("goal", quote), ("goal", quote)])
    preds = [_pred(text, "goal", quote), _pred(text, "goal", quote)]
    s = score_report(doc, gold, preds).counts.scores()
    assert s.tolerant is not None
    assert s.micro.true_positives == s.tolerant.micro.true_positives == 2
    assert s.tolerant.micro.predicted == s.tolerant.micro.gold == 2


def test_containment_ignores_punctuation_at_the_edges() -> None:
    text = "一是新建学校、医院，二是新建公路。"
    assert core_span(text, 2, 10) == (2, 9)  # "新建学校、医院，" without the ，
    gold = [Comparable("goal", "新建学校、医院", "新建学校、医院", 2, 9)]
    pieces = [
        Comparable("goal", "新建学校", "新建学校、", 2, 7),  # takes the 、
        Comparable("goal", "医院", "医院，", 7, 10),  # takes the ，
    ]
    merged = merge_within(pieces, gold, text)
    assert len(merged) == 1
    assert (merged[0].start, merged[0].end) == (2, 10)
    assert merged[0].statement == "新建学校；医院"


def test_gold_scored_against_itself_is_tolerant_perfect_too() -> None:
    from tests.test_eval import GOLD_FILES, REPORTS_DIR, _as_item, load_document, load_gold

    for path in GOLD_FILES:
        gold_file = load_gold(path)
        doc = load_document(REPORTS_DIR / gold_file.report)
        gold = locate_labels(gold_file, doc, path)
        s = score_report(doc, gold, [_as_item(g) for g in gold]).counts.scores()
        assert s.tolerant is not None
        assert s.tolerant.micro.f1 == 1.0, path.name


class _SaturatingEngine:
    """The rules engine, reporting every chunk as saturated, cut off and split."""

    def __init__(self) -> None:
        self._rules = RulesEngine()
        self.info = EngineInfo(engine="rules", model="saturating")

    async def extract(self, chunk: Chunk, context: DocumentContext) -> ChunkExtraction:
        out = await self._rules.extract(chunk, context)
        return dataclasses.replace(out, usage=out.usage + Usage(saturated=1, cut_off=2, splits=3))


async def test_saturation_counts_recorded_per_report_and_in_the_run(tmp_path: Path) -> None:
    from tests.test_eval import _mini_eval_set

    reports, gold = _mini_eval_set(tmp_path)
    (reports / "second.txt").write_text("2025年重点工作\n新建学校3所。\n", encoding="utf-8")
    (gold / "second.json").write_text(
        json.dumps(
            {
                "report": "second.txt",
                "labels": [
                    {"category": "goal", "statement": "新建学校3所", "quote": "新建学校3所"}
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    results = await aevaluate(Settings(engine="rules"), reports, gold, engine=_SaturatingEngine())
    assert len(results.reports) == 2
    for rep in results.reports:
        assert rep.saturated >= 1
        assert (rep.cut_off, rep.splits) == (2 * rep.saturated, 3 * rep.saturated)
    run = results.run
    assert run.saturated == sum(r.saturated for r in results.reports)
    assert run.cut_off == sum(r.cut_off for r in results.reports)
    assert run.splits == sum(r.splits for r in results.reports)
    text = render_results(results)
    assert f"saturated {run.saturated} · cut off {run.cut_off} · splits {run.splits}" in text
    first = results.reports[0]
    assert f"| {first.saturated} | {first.cut_off} | {first.splits} |" in text
    # Written and read back.
    again = EvalResults.model_validate_json(results.model_dump_json())
    assert again.run.saturated == run.saturated and again.reports[0].splits == first.splits


def _baseline() -> EvalResults:
    # A results file written before the tolerant figures and saturation counts existed
    # (the rules engine's baseline of that time): old files must keep loading.
    return EvalResults.model_validate_json(
        (ROOT / "tests" / "data" / "eval-results-old-format.json").read_text(encoding="utf-8")
    )


def _results_from(tmp_path: Path, run_cli: RunCli) -> EvalResults:
    from tests.test_eval import _mini_eval_set

    reports, gold = _mini_eval_set(tmp_path)
    out = tmp_path / "new.json"
    result = run_cli(
        "eval", "--engine", "rules", "--reports", str(reports), "--gold", str(gold), "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "tolerant P" in result.stdout and "| mini.txt | goal |" in result.stdout
    assert "saturated 0 · cut off 0 · splits 0" in result.stdout
    return EvalResults.model_validate_json(out.read_text(encoding="utf-8"))


def test_render_prints_p_r_f1_per_category_strict_and_tolerant() -> None:
    base = _baseline()
    text = render_results(base)
    # An old results file has no tolerant figures: shown as –, never as made-up numbers.
    assert "| **overall (micro)** | 0.912 | 0.916 | 0.914 | – | – | – |" in text
    g = base.overall.goal
    assert f"| **overall** | goal | {g.precision:.3f} | {g.recall:.3f} | {g.f1:.3f} |" in text
    for rep in base.reports:
        assert f"| {rep.report} | problem |" in text


def test_old_results_files_load_and_compare(tmp_path: Path, run_cli: RunCli) -> None:
    base = _baseline()
    assert all(r.scores.tolerant is None and r.saturated == 0 for r in base.reports)
    assert base.overall.tolerant is None and base.run.splits == 0
    new = _results_from(tmp_path, run_cli)
    assert new.overall.tolerant is not None
    text = compare_results(base, new).text  # no report in common: overall only
    assert "| overall | tolerant micro F1 | – |" in text


def test_compare_shows_tolerant_figures_without_gating_them() -> None:
    from summarizer.evaluate._results import PRF, TolerantScores

    def tol(f1: float) -> TolerantScores:
        prf = PRF(precision=f1, recall=f1, f1=f1, true_positives=1, predicted=1, gold=1)
        return TolerantScores(micro=prf, goal=prf, achievement=prf, problem=prf)

    # Both sides with tolerant figures; only the tolerant ones drop.
    old = _baseline()
    base = old.model_copy(
        update={"overall": old.overall.model_copy(update={"tolerant": tol(0.95)})}
    )
    worse = old.model_copy(
        update={"overall": old.overall.model_copy(update={"tolerant": tol(0.50)})}
    )
    worse.run = worse.run.model_copy(update={"saturated": 4, "splits": 2})
    comparison = compare_results(base, worse)
    assert comparison.regressions == []
    assert "| overall | tolerant micro F1 | 0.950 | 0.500 | -0.450 |" in comparison.text
    assert "| overall | saturated | 0 | 4 | +4 |" in comparison.text
    assert "saturated 4 · cut off 0 · splits 2" in comparison.text


@settings(max_examples=30, deadline=None)
@given(picks=st.lists(st.integers(0, 10_000), max_size=30), cut=st.integers(1, 6))
def test_tolerant_counts_stay_in_range_when_gold_items_are_cut_in_pieces(
    picks: list[int], cut: int
) -> None:
    # Predictions: gold items of a real report, some cut in two at a random point.
    from tests.test_eval import _LUOLONG, _LUOLONG_GOLD, _as_item

    preds: list[Item] = []
    for n in picks:
        item = _as_item(_LUOLONG_GOLD[n % len(_LUOLONG_GOLD)])
        mid = item.start + min(cut, len(item.quote) - 1)
        if n % 2 and len(item.quote) > 2:
            text = _LUOLONG.text
            preds.append(item.model_copy(update={"end": mid, "quote": text[item.start : mid]}))
            preds.append(item.model_copy(update={"start": mid, "quote": text[mid : item.end]}))
        else:
            preds.append(item)
    s = score_report(_LUOLONG, _LUOLONG_GOLD, preds).counts.scores()
    assert s.tolerant is not None
    for strict, tol in (
        (s.micro, s.tolerant.micro),
        (s.goal, s.tolerant.goal),
        (s.achievement, s.tolerant.achievement),
        (s.problem, s.tolerant.problem),
    ):
        assert 0.0 <= tol.precision <= 1.0 and 0.0 <= tol.recall <= 1.0
        assert tol.predicted <= strict.predicted and tol.gold <= strict.gold
        assert tol.true_positives <= min(tol.predicted, tol.gold)
