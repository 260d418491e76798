"""``summarizer requests``: the LLM engine's calls as files. ``export`` writes what a run
would send, ``check`` says which requests still lack a usable answer (with the engine's own
re-ask message), ``import`` loads the answers into the response cache."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli._app import app
from summarizer.cli._options import CacheDirOpt, MaxCharsOpt, ModelOpt, ModeOpt

requests_app = typer.Typer(
    help="The LLM engine's requests as files: export, answer anywhere, import the answers.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(requests_app, name="requests")

DEFAULT_REPORTS = Path("evals") / "reports"
DEFAULT_GOLD = Path("evals") / "gold"


def _eval_set_reports() -> list[Path]:
    from summarizer.errors import InputError
    from summarizer.evaluate import load_gold
    from summarizer.evaluate._run import gold_files

    if not DEFAULT_GOLD.is_dir():
        raise InputError(
            f"no report given and no eval set here ({DEFAULT_GOLD}): name the reports to export"
        )
    return [DEFAULT_REPORTS / load_gold(p).report for p in gold_files(DEFAULT_GOLD)]


@requests_app.command("export")
def export(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Reports (default: every report of the eval set, evals/)"),
    ] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder of request files")] = (
        Path("requests")
    ),
    model: ModelOpt = None,
    mode: ModeOpt = None,
    max_chars: MaxCharsOpt = None,
) -> None:
    """Write every request the LLM engine would send for FILES, one JSON file per call,
    under OUTPUT/<report>/. Answers already in OUTPUT count as recorded, so after answering
    and exporting again, only the new requests appear (the halves of a chunk whose answer
    was saturated). Files of requests the run no longer makes are removed."""
    from summarizer.cli._options import build_settings
    from summarizer.engines.llm import LLMEngine
    from summarizer.engines.llm._requests import (
        ANSWER_SUFFIX,
        REQUEST_SUFFIX,
        LLMRequest,
        safe_name,
        write_manifest,
        write_request,
    )
    from summarizer.load import load_document
    from summarizer.pipeline import asummarize_document

    paths = files or _eval_set_reports()
    settings = build_settings(engine="llm", model=model, mode=mode, max_chars=max_chars).with_(
        cache=False, answers_dir=output if output.is_dir() else None
    )
    totals = {"requests": 0, "answered": 0}
    reports: dict[str, dict[str, int]] = {}
    for path in paths:
        document = load_document(path, max_bytes=settings.max_bytes)
        name = path.name
        kept: set[Path] = set()
        counts = {"requests": 0, "answered": 0}

        def record(
            request: LLMRequest,
            answered: bool,
            name: str = name,
            kept: set[Path] = kept,
            counts: dict[str, int] = counts,
        ) -> None:
            written = write_request(output, name, request)
            kept.add(written)
            counts["requests"] += 1
            counts["answered"] += int(answered)

        # Answers are re-read per report: this export's own folder is the recorded store.
        engine = LLMEngine(settings, recorder=record)
        asyncio.run(asummarize_document(document, settings, engine=engine))
        folder = output / safe_name(name)
        for old in folder.glob(f"*{REQUEST_SUFFIX}"):
            if old not in kept:
                old.unlink()
                old.with_name(old.name[: -len(REQUEST_SUFFIX)] + ANSWER_SUFFIX).unlink(
                    missing_ok=True
                )
        reports[name] = counts
        for k in totals:
            totals[k] += counts[k]
        print(
            f"  {name}: {counts['requests']} requests, {counts['answered']} answered",
            file=sys.stderr,
        )
    info = engine.info
    write_manifest(
        output,
        {
            "model": info.model,
            "mode": info.mode,
            "prompt_hash": info.prompt_hash,
            "schema_hash": info.schema_hash,
            "max_chars": settings.max_chars,
            "max_output_tokens": settings.max_output_tokens,
            "temperature": settings.temperature,
            "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "reports": reports,
        },
    )
    missing = totals["requests"] - totals["answered"]
    print(
        f"{totals['requests']} requests in {output} ({missing} without an answer); answer each "
        f"as <chunk>{ANSWER_SUFFIX} beside it, then `summarizer requests check {output}`",
        file=sys.stderr,
    )


@requests_app.command("check")
def check(
    folder: Annotated[Path, typer.Argument(help="Folder written by `requests export`")],
) -> None:
    """List the requests without a usable answer: missing, stale, or rejected with the
    message the engine would send back to the model (schema violations, quotes not found).
    Exit 3 while any remain."""
    from summarizer.engines.llm._requests import load_answers, unanswered

    _, problems = load_answers(folder)
    missing = unanswered(folder)
    for path in missing:
        print(f"{path}: no answer", file=sys.stderr)
    for problem in problems:
        print(f"{problem.request}: {problem.message}", file=sys.stderr)
    total = sum(1 for _ in folder.rglob("*.request.json"))
    bad = len(missing) + len({p.request for p in problems} - set(missing))
    print(f"{total - bad} of {total} requests answered and valid", file=sys.stderr)
    if bad:
        raise typer.Exit(3)


@requests_app.command("import")
def import_answers(
    folder: Annotated[Path, typer.Argument(help="Folder of requests and answers")],
    cache_dir: CacheDirOpt = None,
) -> None:
    """Load every valid answer under FOLDER into the response cache, so that `summarize`
    and `eval` with `--engine llm --offline` replay them (same model name and settings).
    Invalid or stale answers are listed and skipped (exit 3)."""
    from summarizer.engines.llm._cache import ResponseCache
    from summarizer.engines.llm._requests import load_answers, read_manifest
    from summarizer.settings import Settings

    settings = Settings.from_env(cache_dir=cache_dir)
    answers, problems = load_answers(folder)
    model = str(read_manifest(folder).get("model", ""))
    cache = ResponseCache(settings.cache_dir)
    try:
        for key, answer in answers.items():
            cache.put(key, model, {"answer": answer})
    finally:
        cache.close()
    for problem in problems:
        print(f"{problem.request}: {problem.message}", file=sys.stderr)
    print(
        f"{len(answers)} answers imported into {settings.cache_dir}"
        + (f" (model {model}: replay with --model {model} --offline)" if model else ""),
        file=sys.stderr,
    )
    if problems:
        raise typer.Exit(3)
