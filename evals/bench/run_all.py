"""Run every benchmark under evals/bench/ and collect their output.

    python evals/bench/run_all.py                 # print each benchmark's figures
    python evals/bench/run_all.py --write-results # also rewrite evals/bench/RESULTS.md

Each ``bench_<topic>.py`` runs in its own process (so that cold-start and import costs
are measured as a user meets them) and prints its figures, the machine and the settings.
A benchmark that needs something absent (the ``local`` extra for the real model) says so
and is listed as skipped, not failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--write-results", action="store_true", help="rewrite evals/bench/RESULTS.md"
    )
    parser.add_argument("names", nargs="*", help="run only these benchmarks (e.g. offline llm)")
    args = parser.parse_args()

    scripts = sorted(HERE.glob("bench_*.py"))
    if args.names:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in args.names]
    sections: list[str] = []
    failed = 0
    for script in scripts:
        print(f"== {script.stem} ==", flush=True)
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True
        )
        elapsed = time.perf_counter() - t0
        output = proc.stdout.strip()
        if proc.returncode != 0:
            failed += 1
            output += f"\n[exit {proc.returncode}]\n{proc.stderr.strip()[-2000:]}"
        print(output, flush=True)
        print(f"({elapsed:.1f} s)\n", flush=True)
        sections.append(f"## {script.stem}\n\n```\n{output}\n```\n")

    if args.write_results:
        header = (
            "# Benchmark results\n\n"
            f"Date: {dt.date.today().isoformat()} · commit {_git_commit()} · "
            f"{os.cpu_count()} cores · Python {platform.python_version()} · "
            f"{platform.machine()}\n\n"
            "Regenerate with `python evals/bench/run_all.py --write-results`.\n\n"
        )
        (HERE / "RESULTS.md").write_text(header + "\n".join(sections), encoding="utf-8")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
