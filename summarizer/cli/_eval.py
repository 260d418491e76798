"""``summarizer eval``: score the pipeline on the hand-labeled eval set; ``eval compare``:
the regression gate between two results files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli._app import app
from summarizer.cli._options import (
    BaseUrlOpt,
    CacheDirOpt,
    ConcurrencyOpt,
    EngineOpt,
    MaxCharsOpt,
    ModelOpt,
    ModeOpt,
    NoCacheOpt,
    OfflineOpt,
)

eval_app = typer.Typer(
    help="Score the pipeline on the labeled eval set (evals/); `eval compare` gates regressions.",
    invoke_without_command=True,
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(eval_app, name="eval")


DEFAULT_REPORTS = Path("evals") / "reports"
DEFAULT_GOLD = Path("evals") / "gold"


@eval_app.callback()
def run_eval(
    ctx: typer.Context,
    engine: EngineOpt = "auto",
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    mode: ModeOpt = None,
    concurrency: ConcurrencyOpt = None,
    max_chars: MaxCharsOpt = None,
    no_cache: NoCacheOpt = False,
    offline: OfflineOpt = False,
    cache_dir: CacheDirOpt = None,
    reports: Annotated[
        Path, typer.Option("--reports", help="Directory of report files")
    ] = DEFAULT_REPORTS,
    gold: Annotated[Path, typer.Option("--gold", help="Directory of gold label files")] = (
        DEFAULT_GOLD
    ),
    threshold: Annotated[
        float, typer.Option("--threshold", min=0.0, max=1.0, help="Similarity for a match")
    ] = 0.5,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the results JSON here")
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Replay recorded answers from this folder (`summarizer requests`): the LLM "
            "engine, offline; a request without an answer is an error (stale answers)",
        ),
    ] = None,
) -> None:
    """Run every labeled report through the same pipeline as `summarize` and score it:
    precision/recall/F1 per category and micro-averaged, number and indicator agreement,
    grounded share, number fidelity, wrong-category matches, duplicates."""
    if ctx.invoked_subcommand is not None:
        return
    from summarizer.cli._options import announce_engine, build_settings
    from summarizer.errors import InputError
    from summarizer.evaluate import aevaluate, render_results

    for name, directory in (("--reports", reports), ("--gold", gold)):
        if not directory.is_dir():
            raise InputError(f"{name} {directory}: not a directory")
    if answers is not None:
        from summarizer.engines.llm._requests import read_manifest

        if not answers.is_dir():
            raise InputError(f"--answers {answers}: not a directory")
        engine = "llm"
        offline = True
        model = model or str(read_manifest(answers).get("model") or "") or None
    settings = build_settings(
        engine=engine,
        model=model,
        base_url=base_url,
        mode=mode,
        concurrency=concurrency,
        max_chars=max_chars,
        no_cache=no_cache,
        offline=offline,
        cache_dir=cache_dir,
    ).with_(answers_dir=answers)
    announce_engine(settings)

    def progress(result: object) -> None:
        report = getattr(result, "report", "")
        f1 = getattr(getattr(getattr(result, "scores", None), "micro", None), "f1", 0.0)
        print(f"  {report}: micro F1 {f1:.3f}", file=sys.stderr)

    from summarizer.pipeline import run_blocking

    results = run_blocking(
        aevaluate(settings, reports, gold, threshold=threshold, on_report=progress)
    )
    typer.echo(render_results(results))
    if output is not None:
        from summarizer.cli._files import write_atomically

        write_atomically(output, results.model_dump_json(indent=2) + "\n")
        print(f"results written to {output}", file=sys.stderr)
    if any(r.failed_chunks for r in results.reports):
        failed = ", ".join(
            f"{r.report} ({r.failed_chunks})" for r in results.reports if r.failed_chunks
        )
        print(f"partial: failed chunks in {failed}", file=sys.stderr)
        raise typer.Exit(3)


def _read_results(path: Path) -> object:
    from pydantic import ValidationError

    from summarizer.errors import InputError
    from summarizer.evaluate import EvalResults

    try:
        return EvalResults.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such results file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    except ValidationError as exc:
        raise InputError(f"{path}: not an eval results file ({exc.error_count()} errors)") from exc


@eval_app.command("compare")
def compare(
    base: Annotated[Path, typer.Argument(help="Results JSON of the baseline")],
    new: Annotated[Path, typer.Argument(help="Results JSON of the candidate")],
    tolerance: Annotated[
        float, typer.Option("--tolerance", min=0.0, help="Allowed drop of any gated figure")
    ] = 0.01,
) -> None:
    """Compare two eval results side by side. Exit 1 when any F1 or faithfulness figure
    (grounded share, number fidelity) drops by more than the tolerance."""
    from summarizer.evaluate import EvalResults, compare_results

    b, n = _read_results(base), _read_results(new)
    assert isinstance(b, EvalResults) and isinstance(n, EvalResults)
    comparison = compare_results(b, n, tolerance)
    typer.echo(comparison.text)
    if comparison.regressions:
        print(
            f"regression: {len(comparison.regressions)} figure(s) dropped by more than "
            f"{tolerance}: " + "; ".join(comparison.regressions),
            file=sys.stderr,
        )
        raise typer.Exit(1)
