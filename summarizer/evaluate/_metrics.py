"""Scoring one report's predictions against its gold labels."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from summarizer.core.summary import Item
from summarizer.core.types import CATEGORIES, Document, Indicator
from summarizer.evaluate._gold import LocatedLabel
from summarizer.evaluate._match import (
    DEFAULT_THRESHOLD,
    Comparable,
    assign,
    claim_numbers,
    match,
    normalize_text,
    numbers_in,
    similarity_matrix,
    span_dice,
    tolerant_match,
)
from summarizer.evaluate._results import PRF, ItemRef, Scores, TolerantScores
from summarizer.postprocess.locate import locate_quote


@dataclass(frozen=True)
class Counts:
    """Raw counts of one report, summed for the micro average."""

    tp: dict[str, int]
    predicted: dict[str, int]
    gold: dict[str, int]
    number_ok: int
    pairs: int
    indicator_ok: int
    indicator_pairs: int
    grounded: int
    faithful_numbers: int
    wrong_category: int
    duplicates: int
    # The granularity-tolerant counts, per category: true positives, and the predicted and
    # gold items after joining the ones inside one item of the other side.
    tolerant_tp: dict[str, int] = field(default_factory=dict)
    tolerant_predicted: dict[str, int] = field(default_factory=dict)
    tolerant_gold: dict[str, int] = field(default_factory=dict)

    def __add__(self, other: Counts) -> Counts:
        def add(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
            return {k: a.get(k, 0) + b.get(k, 0) for k in set(a) | set(b)}

        return Counts(
            add(self.tp, other.tp),
            add(self.predicted, other.predicted),
            add(self.gold, other.gold),
            self.number_ok + other.number_ok,
            self.pairs + other.pairs,
            self.indicator_ok + other.indicator_ok,
            self.indicator_pairs + other.indicator_pairs,
            self.grounded + other.grounded,
            self.faithful_numbers + other.faithful_numbers,
            self.wrong_category + other.wrong_category,
            self.duplicates + other.duplicates,
            add(self.tolerant_tp, other.tolerant_tp),
            add(self.tolerant_predicted, other.tolerant_predicted),
            add(self.tolerant_gold, other.tolerant_gold),
        )

    def tolerant_scores(self) -> TolerantScores:
        """Per-category and micro scores from the granularity-tolerant counts."""
        tp, pred, gold = self.tolerant_tp, self.tolerant_predicted, self.tolerant_gold
        per = {c: PRF.from_counts(tp.get(c, 0), pred.get(c, 0), gold.get(c, 0)) for c in CATEGORIES}
        return TolerantScores(
            micro=PRF.from_counts(sum(tp.values()), sum(pred.values()), sum(gold.values())),
            goal=per["goal"],
            achievement=per["achievement"],
            problem=per["problem"],
        )

    def scores(self) -> Scores:
        """Per-category and micro scores from these counts."""
        per = {
            c: PRF.from_counts(self.tp.get(c, 0), self.predicted.get(c, 0), self.gold.get(c, 0))
            for c in CATEGORIES
        }
        total_pred = sum(self.predicted.values())
        return Scores(
            micro=PRF.from_counts(sum(self.tp.values()), total_pred, sum(self.gold.values())),
            goal=per["goal"],
            achievement=per["achievement"],
            problem=per["problem"],
            number_agreement=_share(self.number_ok, self.pairs),
            indicator_agreement=_share(self.indicator_ok, self.indicator_pairs),
            grounded_share=_share(self.grounded, total_pred),
            number_fidelity=_share(self.faithful_numbers, total_pred),
            wrong_category=self.wrong_category,
            duplicate_rate=round(self.duplicates / total_pred, 4) if total_pred else 0.0,
            matched_pairs=self.pairs,
            indicator_pairs=self.indicator_pairs,
            tolerant=self.tolerant_scores(),
        )


def _share(ok: int, total: int) -> float:
    return round(ok / total, 4) if total else 1.0


def _norm_field(value: str) -> str:
    return normalize_text(value).replace("，", ",")


def indicator_agrees(gold: Indicator, pred: Indicator | None) -> bool:
    """Exact agreement of value, unit and qualifier (after NFKC/whitespace normalisation)."""
    if pred is None:
        return False
    return all(
        _norm_field(getattr(gold, f)) == _norm_field(getattr(pred, f))
        for f in ("value", "unit", "qualifier")
    )


@dataclass(frozen=True)
class ReportScore:
    """Counts of one report plus its unmatched items."""

    counts: Counts
    missed: list[ItemRef]
    spurious: list[ItemRef]


def score_report(
    document: Document,
    gold: Sequence[LocatedLabel],
    predicted: Sequence[Item],
    threshold: float = DEFAULT_THRESHOLD,
) -> ReportScore:
    """Score one report: category-wise optimal matching (strict, and tolerant of split or
    joined claims), numbers, faithfulness, duplicates."""
    # The text item and gold spans index (the report file itself, for a .txt).
    text = document.span_text
    report_numbers = numbers_in(text)
    preds = [Comparable(i.category, i.statement, i.quote, i.start, i.end) for i in predicted]
    golds = [
        Comparable(g.label.category, g.label.statement, g.label.quote, g.start, g.end) for g in gold
    ]
    tp: dict[str, int] = {}
    matched_pred: set[int] = set()
    matched_gold: set[int] = set()
    tolerant_tp: dict[str, int] = {}
    tolerant_pred: dict[str, int] = {}
    tolerant_gold: dict[str, int] = {}
    number_ok = pairs = indicator_ok = indicator_pairs = 0
    for category in CATEGORIES:
        p_idx = [i for i, p in enumerate(preds) if p.category == category]
        g_idx = [j for j, g in enumerate(golds) if g.category == category]
        cat_preds, cat_golds = [preds[i] for i in p_idx], [golds[j] for j in g_idx]
        scores = similarity_matrix(cat_preds, cat_golds)
        found = assign(scores, threshold)
        tp[category] = len(found)
        (
            tolerant_tp[category],
            tolerant_pred[category],
            tolerant_gold[category],
        ) = tolerant_match(cat_preds, cat_golds, text, threshold, scores)
        for pi, gj, _ in found:
            i, j = p_idx[pi], g_idx[gj]
            matched_pred.add(i)
            matched_gold.add(j)
            pairs += 1
            if claim_numbers(predicted[i].statement) == claim_numbers(gold[j].label.statement):
                number_ok += 1
            gold_indicator = gold[j].label.indicator
            if gold_indicator is not None:
                indicator_pairs += 1
                indicator_ok += indicator_agrees(gold_indicator, predicted[i].indicator)

    # Wrong category: what is left unmatched on both sides, matched across categories.
    rest_p = [i for i in range(len(preds)) if i not in matched_pred]
    rest_g = [j for j in range(len(golds)) if j not in matched_gold]
    cross = match([preds[i] for i in rest_p], [golds[j] for j in rest_g], threshold)
    wrong = sum(
        1 for pi, gj, _ in cross if preds[rest_p[pi]].category != golds[rest_g[gj]].category
    )

    grounded = 0
    faithful = 0
    for item in predicted:
        if locate_quote(text, item.quote, 0, len(text)) is not None:
            grounded += 1
        nums = numbers_in(unicodedata.normalize("NFKC", item.statement))
        if nums <= report_numbers:
            faithful += 1

    duplicates = 0
    for a in range(len(preds)):
        for b in range(a):
            if preds[a].category == preds[b].category and (
                span_dice(preds[a].start, preds[a].end, preds[b].start, preds[b].end) >= 0.8
                or normalize_text(preds[a].statement) == normalize_text(preds[b].statement)
            ):
                duplicates += 1
                break

    counts = Counts(
        tp=tp,
        predicted={c: sum(1 for p in preds if p.category == c) for c in CATEGORIES},
        gold={c: sum(1 for g in golds if g.category == c) for c in CATEGORIES},
        number_ok=number_ok,
        pairs=pairs,
        indicator_ok=indicator_ok,
        indicator_pairs=indicator_pairs,
        grounded=grounded,
        faithful_numbers=faithful,
        wrong_category=wrong,
        duplicates=duplicates,
        tolerant_tp=tolerant_tp,
        tolerant_predicted=tolerant_pred,
        tolerant_gold=tolerant_gold,
    )
    missed = [
        ItemRef(category=g.category, quote=g.quote, statement=g.statement, start=g.start, end=g.end)
        for j, g in enumerate(golds)
        if j not in matched_gold
    ]
    spurious = [
        ItemRef(category=p.category, quote=p.quote, statement=p.statement, start=p.start, end=p.end)
        for i, p in enumerate(preds)
        if i not in matched_pred
    ]
    return ReportScore(counts, missed, spurious)
