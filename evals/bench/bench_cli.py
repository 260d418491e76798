"""Wall time of the product commands as a user meets them: a fresh process each run.

    python evals/bench/bench_cli.py

Prints, for the offline engine: ``summarizer summarize`` on one bundled report in each
format (target: under 1 s cold) and once with no compiled bytecode at all (the first run
after install); ``summarizer batch`` over the five bundled reports into a new file
(target: under 2 s) and again over the same file (every report skipped); and whether the
offline path imported the LLM client libraries (it should not).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
REPORTS = ROOT / "evals" / "reports"
REPORT = REPORTS / "luolong-2025.txt"
REPEATS = 5


def _command() -> list[str]:
    """The console script when installed (what users run), else ``python -m summarizer``."""
    script = shutil.which("summarizer")
    return [script] if script else [sys.executable, "-m", "summarizer"]


def _env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "API_KEY" not in k and "BASE_URL" not in k}
    env["SUMMARIZER_CACHE_DIR"] = str(cache)
    return env


def _wall_s(args: list[str], env: dict[str, str], before: object = None) -> float:
    if callable(before):
        before()
    t0 = time.perf_counter()
    subprocess.run(
        [*_command(), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - t0


def _figures(times: list[float]) -> str:
    median = statistics.median(times)
    return f"first {times[0]:.2f} s · best {min(times):.2f} s · median {median:.2f} s"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        env = _env(tmp_dir / "cache")
        for fmt in ("md", "json", "html"):
            args = ["summarize", str(REPORT), "--engine", "rules", "-f", fmt]
            times = [_wall_s(args, env) for _ in range(REPEATS)]
            print(f"summarize {REPORT.name} --format {fmt}: {_figures(times)}")

        # Worst case: no compiled bytecode at all, as on the very first run after install.
        no_pyc = env | {"PYTHONPYCACHEPREFIX": str(tmp_dir / "pycache")}
        args = ["summarize", str(REPORT), "--engine", "rules"]
        print(f"summarize {REPORT.name}, no bytecode cache: {_wall_s(args, no_pyc):.2f} s")

        out = tmp_dir / "batch.jsonl"
        batch = ["batch", str(REPORTS), "-o", str(out), "--engine", "rules"]
        fresh = [
            _wall_s(batch, env, before=lambda: out.unlink(missing_ok=True)) for _ in range(REPEATS)
        ]
        print(f"batch of {len(list(REPORTS.glob('*.txt')))} reports, new output: {_figures(fresh)}")
        resumed = [_wall_s(batch, env) for _ in range(REPEATS)]
        print(f"batch again, all skipped: {_figures(resumed)}")

        traced = subprocess.run(
            [
                sys.executable,
                "-X",
                "importtime",
                "-m",
                "summarizer",
                "summarize",
                str(REPORT),
                "--engine",
                "rules",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        modules = [
            line.rsplit("|", 1)[-1].strip()
            for line in traced.stderr.splitlines()
            if line.startswith("import time:") and "|" in line
        ]
        heavy = sorted({m.split(".")[0] for m in modules} & {"openai", "instructor", "httpx"})
        print(
            f"offline summarize imports {len(modules)} modules; LLM client libraries: "
            f"{', '.join(heavy) or 'none'}"
        )
    print(
        f"cpu_count={os.cpu_count()} python={sys.version.split()[0]} repeats={REPEATS} "
        f"command={' '.join(Path(c).name for c in _command())}"
    )


if __name__ == "__main__":
    main()
