"""Running the eval: every report through the same pipeline as ``summarizer summarize``."""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from summarizer.core.types import Usage
from summarizer.engines.base import Engine, make_engine
from summarizer.errors import GoldFileError
from summarizer.evaluate._gold import load_gold, locate_labels
from summarizer.evaluate._match import DEFAULT_THRESHOLD
from summarizer.evaluate._metrics import Counts, score_report
from summarizer.evaluate._results import EvalResults, EvalRun, ReportResult
from summarizer.settings import Settings

ReportCallback = Callable[[ReportResult], None]


def git_commit(cwd: Path | None = None) -> str:
    """The checked-out commit (short), or 'unknown' outside a git checkout."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
            timeout=5,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() or "unknown"


def gold_files(gold_dir: Path) -> list[Path]:
    """The gold files of an eval set, sorted; ``GoldFileError`` when there are none."""
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise GoldFileError(f"{gold_dir}: no gold files (*.json)", path=str(gold_dir))
    return files


async def aevaluate(
    settings: Settings,
    reports_dir: Path,
    gold_dir: Path,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    engine: Engine | None = None,
    on_report: ReportCallback | None = None,
) -> EvalResults:
    """Summarize every labeled report with ``settings`` and score it against its labels."""
    from summarizer import __version__
    from summarizer.load import load_document
    from summarizer.pipeline import asummarize_document

    started_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    engine = engine or make_engine(settings)
    total: Counts | None = None
    usage = Usage()
    reports: list[ReportResult] = []
    for gold_path in gold_files(gold_dir):
        gold = load_gold(gold_path)
        report_path = reports_dir / gold.report
        if not report_path.is_file():
            raise GoldFileError(
                f"{gold_path}: report {gold.report!r} not found in {reports_dir}",
                path=str(gold_path),
            )
        document = load_document(report_path, max_bytes=settings.max_bytes)
        labels = locate_labels(gold, document, gold_path)
        r0 = time.perf_counter()
        summary = await asummarize_document(document, settings, engine=engine)
        max_chars = summary.run.max_chars
        wall = time.perf_counter() - r0
        scored = score_report(document, labels, summary.items, threshold)
        total = scored.counts if total is None else total + scored.counts
        u = summary.run.usage
        usage = usage + Usage(
            calls=u.calls,
            cache_hits=u.cache_hits,
            prompt_tokens=u.prompt_tokens,
            completion_tokens=u.completion_tokens,
            cached_tokens=u.cached_tokens,
            saturated=u.saturated,
            cut_off=u.cut_off,
            splits=u.splits,
        )
        result = ReportResult(
            report=gold.report,
            chars=len(document.text),
            scores=scored.counts.scores(),
            missed=scored.missed,
            spurious=scored.spurious,
            failed_chunks=len(summary.run.failed_chunks),
            wall_s=round(wall, 4),
            saturated=u.saturated,
            cut_off=u.cut_off,
            splits=u.splits,
        )
        reports.append(result)
        if on_report:
            on_report(result)
    assert total is not None
    info = engine.info
    run = EvalRun(
        engine=info.engine,
        model=info.model,
        mode=info.mode,
        prompt_hash=info.prompt_hash,
        schema_hash=info.schema_hash,
        summarizer_version=__version__,
        git_commit=git_commit(Path(__file__).parent),
        threshold=threshold,
        max_chars=settings.max_chars or max_chars,
        calls=usage.calls,
        cache_hits=usage.cache_hits,
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        cached_tokens=usage.cached_tokens,
        wall_s=round(time.perf_counter() - t0, 4),
        started_at=started_at,
        saturated=usage.saturated,
        cut_off=usage.cut_off,
        splits=usage.splits,
    )
    return EvalResults(run=run, overall=total.scores(), reports=reports)
