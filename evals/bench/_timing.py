"""Timing shared by the benchmarks (each runs as a script, so this folder is on sys.path)."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_ms(run: Callable[[], object], repeats: int = 20) -> float:
    """The fastest of ``repeats`` runs of ``run``, in milliseconds."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t0)
    return best * 1000
