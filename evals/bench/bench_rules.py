"""Offline engine speed: the rules engine on the five bundled reports in one process.

    python evals/bench/bench_rules.py

Prints, best of N after a warm-up run: the engine alone on every chunk, the whole
pipeline after loading (segment → rules → ground → merge → summary), and load plus
pipeline; each as total milliseconds and throughput in MB/s of UTF-8 report text
(targets: under 200 ms for the five reports, over 1 MB/s), then per report.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from _timing import best_ms

ROOT = Path(__file__).resolve().parent.parent.parent
REPORTS = sorted((ROOT / "evals" / "reports").glob("*.txt"))
REPEATS = 20


def _rate(megabytes: float, ms: float) -> str:
    return f"{ms:7.1f} ms  {megabytes / (ms / 1000):6.2f} MB/s"


def main() -> None:
    t0 = time.perf_counter()
    from summarizer.core.types import Document
    from summarizer.engines.rules import RulesEngine, extract_items
    from summarizer.load import load_document
    from summarizer.pipeline import asummarize_document, run_blocking
    from summarizer.segment import make_chunks, segment
    from summarizer.settings import Settings

    import_ms = (time.perf_counter() - t0) * 1000
    settings = Settings(engine="rules")
    budget = settings.chunk_budget("rules", "zh")
    engine = RulesEngine()
    documents = [load_document(p) for p in REPORTS]
    chunks = [
        c for d in documents for c in make_chunks(d, segment(d), max_chars=budget, split_roles=True)
    ]
    megabytes = sum(len(d.text.encode("utf-8")) for d in documents) / 1e6
    chars = sum(len(d.text) for d in documents)

    def engine_only() -> None:
        for chunk in chunks:
            extract_items(chunk)

    def pipeline() -> None:
        for d in documents:
            run_blocking(asummarize_document(d, settings, engine=engine))

    def load_and_pipeline() -> None:
        for p in REPORTS:
            run_blocking(asummarize_document(load_document(p), settings, engine=engine))

    pipeline()  # warm-up: regex compilation and lazy imports are paid once per process
    items = sum(
        len(run_blocking(asummarize_document(d, settings, engine=engine)).items) for d in documents
    )
    print(f"import summarizer (engine, pipeline, load): {import_ms:.1f} ms")
    print(
        f"{len(REPORTS)} reports, {chars:,} chars, {megabytes:.3f} MB UTF-8, "
        f"{len(chunks)} chunks, {items} items"
    )
    print(f"rules engine only (extract_items) : {_rate(megabytes, best_ms(engine_only))}")
    print(f"pipeline after load               : {_rate(megabytes, best_ms(pipeline))}")
    print(f"load + pipeline                   : {_rate(megabytes, best_ms(load_and_pipeline))}")
    for d, p in zip(documents, REPORTS, strict=True):

        def one(document: Document = d) -> None:
            run_blocking(asummarize_document(document, settings, engine=engine))

        ms = best_ms(one)
        mb = len(d.text.encode("utf-8")) / 1e6
        print(f"  {p.name}: {_rate(mb, ms)}")
    print(
        f"cpu_count={os.cpu_count()} python={sys.version.split()[0]} repeats={REPEATS} "
        f"(best of) max_chars={budget} concurrency={settings.concurrency}"
    )


if __name__ == "__main__":
    main()
