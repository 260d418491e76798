"""Speed of ``summarizer track`` on the bundled luolong 2024 → 2025 pair.

    python evals/bench/bench_track.py

Prints the best-of-N time of the alignment alone (years, scan, verdicts: no engine), of the
whole ``track`` with the offline engine (the pipeline runs on both reports), and the wall
time of the CLI command in a fresh process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from _timing import best_ms

ROOT = Path(__file__).resolve().parent.parent.parent
PAIR = [ROOT / "evals" / "reports" / n for n in ("luolong-2024.txt", "luolong-2025.txt")]
REPEATS = 20


def main() -> None:
    from summarizer.load import load_document
    from summarizer.settings import Settings
    from summarizer.track import track, track_documents

    settings = Settings(engine="rules", cache=False)
    documents = [load_document(p) for p in PAIR]
    align_ms = best_ms(lambda: track_documents(documents))
    full_ms = best_ms(lambda: track(PAIR, settings), repeats=5)
    rows = len(track_documents(documents).periods[0].rows)

    env = {k: v for k, v in os.environ.items() if "API_KEY" not in k and "BASE_URL" not in k}
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "summarizer", "track", *map(str, PAIR)],
        check=True,
        capture_output=True,
        env=env,
    )
    cli_ms = (time.perf_counter() - t0) * 1000

    print(f"cpu_count={os.cpu_count()} engine=rules max_chars={settings.max_chars}")
    print(f"track alignment only (2 reports, {rows} rows): {align_ms:.1f} ms best of {REPEATS}")
    print(f"track with the offline engine (pipeline on both reports): {full_ms:.1f} ms best of 5")
    print(f"CLI `summarizer track` wall time, fresh process: {cli_ms:.0f} ms")


if __name__ == "__main__":
    main()
