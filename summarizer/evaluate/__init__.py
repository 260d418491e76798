"""The eval harness: gold labels, optimal item matching, scores, and the regression gate.

``aevaluate(settings, reports_dir, gold_dir)`` runs every labeled report through the same
pipeline as ``summarizer summarize`` and returns ``EvalResults``; ``compare_results``
puts two results side by side and lists regressions. Every score is given strict
(one-to-one matching) and granularity-tolerant (``tolerant_match``: items inside one item
of the other side joined first); only the strict ones are gated.
"""

from __future__ import annotations

from summarizer.evaluate._gold import GoldFile, GoldLabel, LocatedLabel, load_gold, locate_labels
from summarizer.evaluate._match import (
    DEFAULT_THRESHOLD,
    bigram_dice,
    match,
    merge_within,
    span_dice,
    tolerant_match,
)
from summarizer.evaluate._metrics import score_report
from summarizer.evaluate._report import Comparison, compare_results, render_results
from summarizer.evaluate._results import (
    PRF,
    EvalResults,
    Scores,
    TolerantScores,
    eval_results_schema,
)
from summarizer.evaluate._run import aevaluate, gold_files

__all__ = [
    "DEFAULT_THRESHOLD",
    "PRF",
    "Comparison",
    "EvalResults",
    "GoldFile",
    "GoldLabel",
    "LocatedLabel",
    "Scores",
    "TolerantScores",
    "aevaluate",
    "bigram_dice",
    "compare_results",
    "eval_results_schema",
    "gold_files",
    "load_gold",
    "locate_labels",
    "match",
    "merge_within",
    "render_results",
    "score_report",
    "span_dice",
    "tolerant_match",
]
