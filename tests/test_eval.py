"""The eval harness: gold files, matching, scores, the results file and the gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.core.summary import Item
from summarizer.core.types import Indicator
from summarizer.errors import GoldFileError
from summarizer.evaluate import (
    EvalResults,
    GoldFile,
    LocatedLabel,
    bigram_dice,
    load_gold,
    locate_labels,
    match,
    score_report,
    span_dice,
)
from summarizer.evaluate._match import DEFAULT_THRESHOLD, Comparable, similarity
from summarizer.load import document_from_text, load_document
from summarizer.schemas import schema_text
from tests.conftest import GOLD_DIR, REPORTS_DIR, ROOT, RunCli

GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_every_gold_file_is_valid_and_located_in_order(path: Path) -> None:
    gold = load_gold(path)
    assert (REPORTS_DIR / gold.report).is_file(), f"{path.name}: report {gold.report} missing"
    doc = load_document(REPORTS_DIR / gold.report)
    located = locate_labels(gold, doc, path)
    assert len(located) == len(gold.labels) > 0
    assert [x.start for x in located] == sorted(x.start for x in located)
    for x in located:
        assert x.label.statement.strip() and x.label.quote.strip()


def test_every_report_has_gold() -> None:
    reports = {p.name for p in REPORTS_DIR.glob("*.txt")}
    assert {load_gold(p).report for p in GOLD_FILES} == reports


def _write(tmp_path: Path, labels: list[dict[str, object]]) -> Path:
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"report": "r.txt", "labels": labels}, ensure_ascii=False))
    return path


def test_broken_gold_names_file_and_label(tmp_path: Path) -> None:
    ok = {"category": "goal", "statement": "s", "quote": "q"}
    path = _write(tmp_path, [ok, {"category": "wish", "statement": "s", "quote": "q"}])
    with pytest.raises(GoldFileError) as err:
        load_gold(path)
    assert err.value.label_index == 1 and "broken.json" in str(err.value)


def test_gold_quote_not_in_report_and_out_of_order(tmp_path: Path) -> None:
    doc = document_from_text("全年完成投资12亿元。新开工项目15个。")
    missing = GoldFile.model_validate(
        {
            "report": "r.txt",
            "labels": [{"category": "goal", "statement": "x", "quote": "不存在的话"}],
        }
    )
    with pytest.raises(GoldFileError, match="label 0: quote not found"):
        locate_labels(missing, doc, Path("g.json"))
    reversed_ = GoldFile.model_validate(
        {
            "report": "r.txt",
            "labels": [
                {"category": "achievement", "statement": "x", "quote": "新开工项目15个"},
                {"category": "achievement", "statement": "y", "quote": "全年完成投资12亿元"},
            ],
        }
    )
    with pytest.raises(GoldFileError, match="label 1: out of document order"):
        locate_labels(reversed_, doc, Path("g.json"))


def test_similarity_measures() -> None:
    assert span_dice(0, 10, 0, 10) == 1.0
    assert span_dice(0, 10, 5, 15) == 0.5
    assert span_dice(0, 10, 10, 20) == 0.0
    assert bigram_dice("完成投资12亿元", "完成投资12亿元") == 1.0
    assert bigram_dice("ａｂ　ｃ", "abc") == 1.0  # NFKC and whitespace
    assert bigram_dice("", "abc") == 0.0


def _c(cat: str, statement: str, start: int, end: int) -> Comparable:
    return Comparable(cat, statement, statement, start, end)


def test_matching_is_optimal_not_greedy() -> None:
    # Taking the best pair first (p0-g0, 0.95) leaves p1-g1 at 0.12, one match; the optimal
    # assignment pairs p0-g1 (0.50) and p1-g0 (0.80): two matches.
    preds = [_c("goal", "p0", 0, 100), _c("goal", "p1", 0, 60)]
    golds = [_c("goal", "g0", 0, 90), _c("goal", "g1", 50, 150)]
    pairs = sorted((p, g) for p, g, _ in match(preds, golds, threshold=0.5))
    assert pairs == [(0, 1), (1, 0)]


def _item(cat: str, statement: str, quote: str, start: int, ind: Indicator | None = None) -> Item:
    return Item(
        category=cat,  # type: ignore[arg-type]
        statement=statement,
        quote=quote,
        start=start,
        end=start + len(quote),
        indicator=ind,
    )


TEXT = "全年地区生产总值增长5%。新开工项目15个。存在融资难问题。"


def _gold(doc_text: str, specs: list[tuple[str, str, Indicator | None]]) -> list[LocatedLabel]:
    doc = document_from_text(doc_text)
    gf = GoldFile.model_validate(
        {
            "report": "r.txt",
            "labels": [
                {
                    "category": c,
                    "statement": q,
                    "quote": q,
                    "indicator": i.model_dump() if i else None,
                }
                for c, q, i in specs
            ],
        }
    )
    return locate_labels(gf, doc, Path("g.json"))


def test_scores_perfect_empty_and_number_disagreement() -> None:
    doc = document_from_text(TEXT)
    gdp = Indicator(name="地区生产总值", change="5%")
    gold = _gold(
        TEXT, [("achievement", "全年地区生产总值增长5%", gdp), ("problem", "存在融资难问题", None)]
    )
    perfect = [
        _item("achievement", "全年地区生产总值增长5%", "全年地区生产总值增长5%", 0, gdp),
        _item("problem", "存在融资难问题", "存在融资难问题", TEXT.index("存在")),
    ]
    s = score_report(doc, gold, perfect).counts.scores()
    assert s.micro.f1 == 1.0 and s.number_agreement == 1.0 and s.indicator_agreement == 1.0
    assert s.grounded_share == 1.0 and s.number_fidelity == 1.0

    empty = score_report(doc, gold, []).counts.scores()
    assert empty.micro.recall == 0.0 and empty.micro.f1 == 0.0

    # 增长6% looks like 增长5% to a string metric: it matches, but its numbers disagree, and
    # 6 is not in the report.
    wrong_number = [_item("achievement", "全年地区生产总值增长6%", "全年地区生产总值增长5%", 0)]
    s = score_report(doc, gold, wrong_number).counts.scores()
    assert s.achievement.true_positives == 1
    assert s.number_agreement == 0.0 and s.number_fidelity == 0.0

    # A statement that names the period (2024年…) states the same figures.
    dated = [_item("achievement", "2024年全年地区生产总值增长5%", "全年地区生产总值增长5%", 0)]
    s = score_report(doc, gold, dated).counts.scores()
    assert s.achievement.true_positives == 1 and s.number_agreement == 1.0


def test_wrong_category_and_duplicates_counted() -> None:
    doc = document_from_text(TEXT)
    gold = _gold(TEXT, [("problem", "存在融资难问题", None)])
    start = TEXT.index("存在")
    preds = [
        _item("goal", "存在融资难问题", "存在融资难问题", start),
        _item("goal", "存在融资难问题", "存在融资难问题", start),
    ]
    scored = score_report(doc, gold, preds)
    s = scored.counts.scores()
    assert s.micro.true_positives == 0 and s.wrong_category == 1
    assert s.duplicate_rate == 0.5
    assert [m.quote for m in scored.missed] == ["存在融资难问题"]


def _mini_eval_set(tmp_path: Path) -> tuple[Path, Path]:
    reports, gold = tmp_path / "reports", tmp_path / "gold"
    reports.mkdir()
    gold.mkdir()
    (reports / "mini.txt").write_text(
        "2024年工作回顾\n全县地区生产总值完成21.17亿元，同比增长6.4%。新建学校3所。\n"
        "2025年重点工作\n力争完成招商引资2.5亿元，开工建设洛波公路。\n",
        encoding="utf-8",
    )
    labels = [
        {
            "category": "achievement",
            "statement": "地区生产总值完成21.17亿元，同比增长6.4%",
            "quote": "全县地区生产总值完成21.17亿元，同比增长6.4%",
        },
        {"category": "achievement", "statement": "新建学校3所", "quote": "新建学校3所"},
        {
            "category": "goal",
            "statement": "力争完成招商引资2.5亿元",
            "quote": "力争完成招商引资2.5亿元",
        },
    ]
    (gold / "mini.json").write_text(
        json.dumps({"report": "mini.txt", "labels": labels}, ensure_ascii=False), encoding="utf-8"
    )
    return reports, gold


def test_eval_cli_and_compare(run_cli: RunCli, tmp_path: Path) -> None:
    reports, gold = _mini_eval_set(tmp_path)
    out = tmp_path / "base.json"
    result = run_cli(
        "eval", "--engine", "rules", "--reports", str(reports), "--gold", str(gold), "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "| mini.txt |" in result.stdout and "overall" in result.stdout
    results = EvalResults.model_validate_json(out.read_text(encoding="utf-8"))
    assert results.run.engine == "rules" and results.run.git_commit
    assert results.overall.micro.recall > 0

    same = run_cli("eval", "compare", str(out), str(out))
    assert same.returncode == 0, same.stderr

    # A worse candidate: one gold item now missed.
    worse = results.model_copy(deep=True)
    rep = worse.reports[0]
    rep.scores.micro.f1 = max(0.0, rep.scores.micro.f1 - 0.2)
    worse.overall.micro.f1 = max(0.0, worse.overall.micro.f1 - 0.2)
    rep.missed.append(rep.missed[0] if rep.missed else _ref())
    worse_path = tmp_path / "worse.json"
    worse_path.write_text(worse.model_dump_json(), encoding="utf-8")
    regressed = run_cli("eval", "compare", str(out), str(worse_path))
    assert regressed.returncode == 1
    assert "regression" in regressed.stderr and "micro F1" in regressed.stderr


def _ref():  # type: ignore[no-untyped-def]
    from summarizer.evaluate._results import ItemRef

    return ItemRef(category="goal", quote="新缺失的条目", statement="x", start=0, end=6)


def test_compare_lists_newly_missed_items(tmp_path: Path) -> None:
    from summarizer.evaluate import compare_results
    from summarizer.evaluate._results import ItemRef

    base = EvalResults.model_validate_json(_baseline_text())
    new = base.model_copy(deep=True)
    new.reports[0].missed.append(
        ItemRef(category="goal", quote="某某新缺失条目", statement="x", start=0, end=7)
    )
    text = compare_results(base, new).text
    assert "newly missed gold items (1)" in text and "某某新缺失条目" in text


def _baseline_text() -> str:
    return (ROOT / "evals" / "baselines" / "rules.json").read_text(encoding="utf-8")


def test_compare_bad_file_is_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    result = run_cli("eval", "compare", str(bad), str(bad))
    assert result.returncode == 2 and "not an eval results file" in result.stderr
    assert "Traceback" not in result.stderr


def test_eval_results_schema_is_fresh() -> None:
    path = ROOT / "schemas" / "eval_results.schema.json"
    assert path.read_text(encoding="utf-8") == schema_text("eval"), (
        "stale: run python -m summarizer.schemas"
    )


def test_rules_baseline_meets_its_committed_scores() -> None:
    base = EvalResults.model_validate_json(_baseline_text())
    assert base.run.engine == "rules"
    assert base.overall.grounded_share == 1.0 and base.overall.number_fidelity == 1.0


def test_partial_overlap_below_and_above_the_threshold() -> None:
    text = "全县新建学校3所，改造农村公路120公里，新增就业岗位500个。"
    doc = document_from_text(text)
    gold = _gold(text, [("achievement", "全县新建学校3所，改造农村公路120公里", None)])
    g = gold[0]
    # Two thirds of the gold span: Dice 0.8, above 0.5.
    above = text[g.start : g.start + 14]
    # Three characters of it: Dice below 0.5, and a statement that shares few bigrams.
    below = text[g.start : g.start + 3]
    for quote, expected in ((above, 1), (below, 0)):
        pred = [_item("achievement", quote, quote, g.start)]
        s = score_report(doc, gold, pred).counts.scores()
        assert s.achievement.true_positives == expected, quote
    # The threshold is configurable: at 0.9 the two-thirds overlap no longer counts.
    pred = [_item("achievement", above, above, g.start)]
    strict = score_report(doc, gold, pred, threshold=0.9).counts.scores()
    assert strict.achievement.true_positives == 0


def test_empty_gold_makes_every_prediction_spurious() -> None:
    doc = document_from_text(TEXT)
    preds = [_item("goal", "新开工项目15个", "新开工项目15个", TEXT.index("新开工"))]
    scored = score_report(doc, [], preds)
    s = scored.counts.scores()
    assert s.micro.precision == 0.0 and s.micro.true_positives == 0
    assert [r.quote for r in scored.spurious] == ["新开工项目15个"]
    # Nothing to find and nothing found is vacuously perfect (a report that admits no
    # problems, and a prediction with none, costs the problem category nothing).
    nothing = score_report(doc, [], []).counts.scores()
    assert nothing.micro.f1 == 1.0 and nothing.problem.f1 == 1.0


# Property tests on a real report and its real gold: predictions drawn from gold items.
_LUOLONG = load_document(REPORTS_DIR / "luolong-2025.txt")
_LUOLONG_GOLD = locate_labels(
    load_gold(GOLD_DIR / "luolong-2025.json"), _LUOLONG, GOLD_DIR / "luolong-2025.json"
)


def _as_item(label: LocatedLabel) -> Item:
    return Item(
        category=label.label.category,
        statement=label.label.statement,
        quote=label.label.quote,
        start=label.start,
        end=label.end,
        indicator=label.label.indicator,
    )


def test_gold_scored_against_itself_is_perfect() -> None:
    for path in GOLD_FILES:
        gold_file = load_gold(path)
        doc = load_document(REPORTS_DIR / gold_file.report)
        gold = locate_labels(gold_file, doc, path)
        s = score_report(doc, gold, [_as_item(g) for g in gold]).counts.scores()
        assert s.micro.f1 == 1.0, path.name
        assert s.number_agreement == 1.0 and s.indicator_agreement == 1.0, path.name
        assert s.wrong_category == 0, path.name


# Gold labels that look alike to the matcher (one sentence carrying two indicators, or
# two similar statements) are left out of the picks: there a second copy of a prediction
# rightly matches the second label.
_COMPARABLE = [
    Comparable(g.label.category, g.label.statement, g.label.quote, g.start, g.end)
    for g in _LUOLONG_GOLD
]
_UNIQUE = [
    i
    for i, a in enumerate(_COMPARABLE)
    if all(similarity(a, b) < DEFAULT_THRESHOLD for j, b in enumerate(_COMPARABLE) if j != i)
]
_picks = st.lists(st.sampled_from(_UNIQUE), max_size=25)
_categories = st.sampled_from(["goal", "achievement", "problem"])


@settings(max_examples=40, deadline=None)
@given(picks=_picks, dup=st.integers(0, 24), recat=_categories)
def test_scores_stay_in_range_and_a_duplicate_never_raises_precision(
    picks: list[int], dup: int, recat: str
) -> None:
    preds = [_as_item(_LUOLONG_GOLD[i]) for i in picks]
    if picks:
        # Some predictions in another category, so that not every pick is a hit.
        preds[0] = preds[0].model_copy(update={"category": recat})
    before = score_report(_LUOLONG, _LUOLONG_GOLD, preds).counts.scores()
    for prf in (before.micro, before.goal, before.achievement, before.problem):
        assert 0.0 <= prf.precision <= 1.0 and 0.0 <= prf.recall <= 1.0
        assert 0.0 <= prf.f1 <= 1.0
    for share in (before.number_agreement, before.grounded_share, before.duplicate_rate):
        assert 0.0 <= share <= 1.0
    if not preds:
        return
    duplicated = [*preds, preds[dup % len(preds)]]
    after = score_report(_LUOLONG, _LUOLONG_GOLD, duplicated).counts.scores()
    assert after.micro.precision <= before.micro.precision + 1e-9


def test_compare_exit_codes_improving_equal_regressing(run_cli: RunCli, tmp_path: Path) -> None:
    base = EvalResults.model_validate_json(_baseline_text())
    better = base.model_copy(deep=True)
    better.overall.micro.f1 = min(1.0, better.overall.micro.f1 + 0.05)
    within = base.model_copy(deep=True)
    within.overall.micro.f1 -= 0.005
    worse_faithfulness = base.model_copy(deep=True)
    worse_faithfulness.overall.grounded_share -= 0.05
    paths = {}
    for name, res in (
        ("base", base),
        ("better", better),
        ("within", within),
        ("unfaithful", worse_faithfulness),
    ):
        paths[name] = tmp_path / f"{name}.json"
        paths[name].write_text(res.model_dump_json(), encoding="utf-8")
    assert run_cli("eval", "compare", str(paths["base"]), str(paths["better"])).returncode == 0
    assert run_cli("eval", "compare", str(paths["base"]), str(paths["base"])).returncode == 0
    assert run_cli("eval", "compare", str(paths["base"]), str(paths["within"])).returncode == 0
    tight = run_cli(
        "eval", "compare", str(paths["base"]), str(paths["within"]), "--tolerance", "0.001"
    )
    assert tight.returncode == 1
    regressed = run_cli("eval", "compare", str(paths["base"]), str(paths["unfaithful"]))
    assert regressed.returncode == 1 and "grounded" in regressed.stderr


@pytest.mark.slow
def test_llm_eval_records_then_replays_offline(run_cli: RunCli, tmp_path: Path) -> None:
    from tests.llm_server import Step, TestServer, first_sentence_items

    reports, gold = _mini_eval_set(tmp_path)
    cache = tmp_path / "cassettes"
    server = TestServer().start()
    server.default = lambda body: Step.answer(first_sentence_items(body))
    try:
        recorded = run_cli(
            "eval", "--engine", "llm", "--reports", str(reports), "--gold", str(gold),
            "--cache-dir", str(cache), "-o", str(tmp_path / "recorded.json"),
            env={"SUMMARIZER_BASE_URL": server.base_url, "SUMMARIZER_MODEL": "test-model"},
        )  # fmt: skip
        calls = len(server.received)
    finally:
        server.stop()
    assert recorded.returncode == 0, recorded.stderr
    assert calls >= 1
    # The server is gone: --offline answers every call from the recorded responses.
    replayed = run_cli(
        "eval", "--engine", "llm", "--offline", "--reports", str(reports), "--gold", str(gold),
        "--cache-dir", str(cache), "-o", str(tmp_path / "replayed.json"),
        env={"SUMMARIZER_BASE_URL": server.base_url, "SUMMARIZER_MODEL": "test-model"},
    )  # fmt: skip
    assert replayed.returncode == 0, replayed.stderr
    first = EvalResults.model_validate_json((tmp_path / "recorded.json").read_text("utf-8"))
    again = EvalResults.model_validate_json((tmp_path / "replayed.json").read_text("utf-8"))
    assert again.overall == first.overall
    assert again.run.calls == 0 and again.run.cache_hits == calls
    assert first.run.prompt_hash and first.run.prompt_hash == again.run.prompt_hash
    assert first.run.schema_hash == again.run.schema_hash and first.run.model == "test-model"
    # A prompt or model change is a miss, and --offline says so instead of calling out.
    missed = run_cli(
        "eval", "--engine", "llm", "--offline", "--reports", str(reports), "--gold", str(gold),
        "--cache-dir", str(cache),
        env={"SUMMARIZER_BASE_URL": server.base_url, "SUMMARIZER_MODEL": "other-model"},
    )  # fmt: skip
    assert missed.returncode != 0 and "cache" in missed.stderr
    assert "Traceback" not in missed.stderr
