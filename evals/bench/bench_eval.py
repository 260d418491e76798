"""Eval scoring speed: matching and scoring all five bundled reports, extraction excluded.

    python evals/bench/bench_eval.py

The offline engine's items are computed once; the figure is the best-of-N time of
locating the gold labels and scoring (optimal matching, numbers, faithfulness,
duplicates) over the five reports. Target: under 0.5 s.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
REPEATS = 5


def main() -> None:
    from summarizer.evaluate import gold_files, load_gold, locate_labels, score_report
    from summarizer.load import load_document
    from summarizer.pipeline import summarize
    from summarizer.settings import Settings

    settings = Settings(engine="rules", cache=False)
    cases = []
    for gold_path in gold_files(ROOT / "evals" / "gold"):
        gold = load_gold(gold_path)
        document = load_document(ROOT / "evals" / "reports" / gold.report)
        cases.append((gold_path, gold, document, summarize(document, settings).items))

    def score_all() -> int:
        matched = 0
        for gold_path, gold, document, items in cases:
            labels = locate_labels(gold, document, gold_path)
            matched += score_report(document, labels, items).counts.pairs
        return matched

    pairs = score_all()
    best = float("inf")
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        score_all()
        best = min(best, time.perf_counter() - t0)
    labels = sum(len(gold.labels) for _, gold, _, _ in cases)
    predicted = sum(len(items) for *_, items in cases)
    print(
        f"scoring {len(cases)} reports ({labels} gold labels, {predicted} predictions, "
        f"{pairs} matched pairs): {best * 1000:.1f} ms best of {REPEATS} (target < 500 ms)"
    )
    print(f"cpu_count={os.cpu_count()} python={sys.version.split()[0]} engine=rules")


if __name__ == "__main__":
    main()
