"""``summarizer summarize``: one or more reports → summaries (Markdown, JSON or HTML)."""

from __future__ import annotations

import asyncio
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

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="md (default), json or html")]


@app.command()
def summarize(
    files: Annotated[
        list[str], typer.Argument(help="Report files (txt, md, docx, pdf, html) or -")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help=(
                "Write here instead of stdout, atomically (a directory when several files "
                "are given: one NAME.summary.EXT per file)"
            ),
        ),
    ] = None,
    fmt: FormatOpt = "md",
    engine: EngineOpt = "auto",
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    mode: ModeOpt = None,
    concurrency: ConcurrencyOpt = None,
    max_chars: MaxCharsOpt = None,
    no_cache: NoCacheOpt = False,
    offline: OfflineOpt = False,
    cache_dir: CacheDirOpt = None,
) -> None:
    """Summarize reports into goals, achievements, problems and indicators, each item with
    its verbatim quote and character span.

    Markdown goes to the terminal by default; --format json gives the ReportSummary
    (`summarizer schema`), --format html a self-contained page with the summary beside the
    highlighted report. Several files to stdout: Markdown one after the other, JSON one
    line per file (JSON Lines); HTML needs -o DIR.

    Exit codes: 0 done; 2 bad input or usage; 3 partial (some chunks or files failed,
    named on stderr); 4 configuration or provider error.
    """
    from summarizer.cli._options import announce_engine, build_settings
    from summarizer.errors import InputError
    from summarizer.load import load_document
    from summarizer.output import FORMATS, render
    from summarizer.pipeline import asummarize_document

    if fmt not in FORMATS:
        raise InputError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
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
    )
    announce_engine(settings)
    several = len(files) > 1
    if several and output is not None and output.exists() and not output.is_dir():
        raise InputError(f"-o {output}: several files need a directory")
    if several and output is None and fmt == "html":
        raise InputError("several files in HTML need -o DIR (one page per file)")
    partial: list[str] = []
    failed: list[str] = []
    for name in files:
        try:
            document = load_document(
                name, max_bytes=settings.max_bytes, max_inflated_bytes=settings.max_inflated_bytes
            )
        except InputError as exc:
            if not several:
                raise
            print(f"error: {exc}", file=sys.stderr)
            failed.append(name)
            continue
        summary = asyncio.run(asummarize_document(document, settings))
        if several and output is None and fmt == "json":
            text = summary.model_dump_json() + "\n"
        else:
            text = render(summary, fmt, document.text)
        if summary.run.failed_chunks:
            ids = ", ".join(f"{f.chunk_id} ({f.error})" for f in summary.run.failed_chunks)
            print(f"partial: {name}: failed chunks {ids}", file=sys.stderr)
            partial.append(name)
        _emit(text, fmt, name, output, several)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    if failed or partial:
        raise typer.Exit(3 if (partial or len(failed) < len(files)) else 2)


def _emit(text: str, fmt: str, name: str, output: Path | None, several: bool) -> None:
    from summarizer.cli._files import write_atomically
    from summarizer.errors import InputError

    if output is None:
        try:
            if fmt == "md" and sys.stdout.isatty():
                from rich.console import Console
                from rich.markdown import Markdown

                Console().print(Markdown(text))
            else:
                sys.stdout.write(text)
                sys.stdout.flush()
        except BrokenPipeError:
            # The reader went away (`| head`): nothing left to say, and not an error of ours.
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(0) from None
        except OSError as exc:
            raise InputError(f"cannot write to stdout: {exc.strerror or exc}") from exc
        return
    target = output
    if several or output.is_dir():
        suffix = {"md": ".md", "json": ".json", "html": ".html"}[fmt]
        target = output / (Path(name).stem + ".summary" + suffix)
    write_atomically(target, text)
    print(f"wrote {target}", file=sys.stderr)
