"""``summarizer summarize``: one or more reports → summaries (Markdown, JSON or HTML)."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
from summarizer.settings import redact

if TYPE_CHECKING:
    from summarizer.core.summary import ReportSummary
    from summarizer.core.types import Chunk, ChunkExtraction, Document
    from summarizer.engines.base import Engine
    from summarizer.errors import ExtractionFailedError
    from summarizer.settings import Settings

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="md (default), json or html")]
EmbedTextOpt = Annotated[
    bool,
    typer.Option(
        "--embed-text",
        help=(
            "JSON: carry the text the spans index in document.text (what `summarizer text` "
            "prints), so that every quote can be checked from the JSON alone"
        ),
    ),
]


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
    embed_text: EmbedTextOpt = False,
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
    named on stderr; the rest is written); 4 configuration or provider error, or every
    chunk of a report failed (then nothing is written: an existing -o file stays as it
    was); 5 the summary is empty because the engine does not read the report's language
    (the offline engine reads Chinese only; stderr names --engine llm).
    """
    from summarizer.cli._options import announce_engine, build_settings
    from summarizer.engines.base import make_engine
    from summarizer.errors import InputError
    from summarizer.load import load_document
    from summarizer.output import FORMATS, render, with_span_text
    from summarizer.pipeline import asummarize_document, run_blocking

    if fmt not in FORMATS:
        raise InputError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if embed_text and fmt != "json":
        raise InputError("--embed-text goes with --format json")
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
    show_progress = settings.resolved_engine() == "llm"
    partial: list[str] = []
    failed: list[str] = []
    failed_codes: list[int] = []
    unread: list[str] = []
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
            failed_codes.append(exc.exit_code)
            continue
        run_engine = make_engine(settings)
        progress = (
            ChunkProgress(name, count_chunks(document, settings, run_engine))
            if show_progress
            else None
        )
        try:
            summary = run_blocking(
                asummarize_document(document, settings, engine=run_engine, on_chunk=progress)
            )
        finally:
            if progress is not None:
                progress.close()
        if summary.run.unread_language:
            # The engine does not read the report's language: say why the summary is
            # empty and what to use instead (exit 5 unless something worse happened).
            for note in summary.run.notes:
                print(f"note: {name}: {note}", file=sys.stderr)
            unread.append(name)
        nothing = nothing_extracted(summary, name)
        if nothing is not None:
            # A run that produced nothing writes nothing: the previous result, if any,
            # is worth more than an empty summary.
            if not several:
                raise nothing
            print(f"error: {nothing}", file=sys.stderr)
            failed.append(name)
            failed_codes.append(nothing.exit_code)
            continue
        if embed_text:
            summary = with_span_text(summary, document.span_text)
        if several and output is None and fmt == "json":
            text = summary.model_dump_json() + "\n"
        else:
            # Spans index span_text (the file itself for txt and md), and so must the page.
            text = render(summary, fmt, document.span_text)
        note = ""
        if summary.run.failed_chunks:
            ids = ", ".join(f"{f.chunk_id} ({f.error})" for f in summary.run.failed_chunks)
            print(f"partial: {name}: failed chunks {ids}", file=sys.stderr)
            partial.append(name)
            note = (
                f" (partial: {len(summary.run.failed_chunks)} of {summary.run.chunks} "
                "chunks failed)"
            )
        # The model's words go out as they are, but never the configured key (a model or
        # proxy can echo it into an answer as well as into an error).
        _emit(redact(text, settings.secrets(), tokens=False), fmt, name, output, several, note)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    if failed or partial:
        if len(failed) == len(files):
            raise typer.Exit(max(failed_codes))
        raise typer.Exit(3)
    if unread:
        raise typer.Exit(5)


def count_chunks(document: Document, settings: Settings, engine: Engine) -> int:
    """How many chunks the pipeline will hand ``engine`` for ``document`` (the progress
    total): the pipeline's own plan, run once more (a few milliseconds)."""
    from summarizer.pipeline import plan_chunks

    return len(plan_chunks(document, settings, engine.info))


def nothing_extracted(summary: ReportSummary, source: str) -> ExtractionFailedError | None:
    """The error to report when a run failed and produced nothing: chunks failed and no
    item came from the rest. Else None (a partial run with items is written). Each
    distinct reason is given once, with how many chunks it stopped."""
    from summarizer.errors import ExtractionFailedError

    failed = summary.run.failed_chunks
    if not failed or summary.items:
        return None
    counts: dict[str, int] = {}
    for f in failed:
        reason = _CHUNK_PREFIX.sub("", f.error)
        counts[reason] = counts.get(reason, 0) + 1
    reasons = [f"{r} ({n} chunks)" if n > 1 else r for r, n in counts.items()]
    return ExtractionFailedError(
        source=source, chunks=summary.run.chunks, failed=len(failed), errors=reasons
    )


_CHUNK_PREFIX = re.compile(r"^chunk \S+: ")


class ChunkProgress:
    """Chunks done out of the total on stderr while a report is extracted: a live line on
    a terminal, otherwise a line every few chunks (a log keeps a readable record)."""

    def __init__(self, name: str, total: int, *, live: bool | None = None) -> None:
        self.name = name
        self.total = total
        self.done = 0
        self.failed = 0
        self._started = time.perf_counter()
        # About ten lines for a long report, one per chunk for a short one.
        self._every = max(1, -(-total // 10))
        self._live: Any = None
        if sys.stderr.isatty() if live is None else live:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._live = Progress(
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("chunks {task.fields[info]}", markup=False),
                console=Console(stderr=True),
                transient=True,
            )
            self._task = self._live.add_task(name, total=total, info="")
            self._live.start()

    def __call__(self, chunk: Chunk, extraction: ChunkExtraction | None) -> None:
        """The pipeline's ``on_chunk``: one more chunk finished (``None``: it failed)."""
        self.done += 1
        if extraction is None:
            self.failed += 1
        failed = f", {self.failed} failed" if self.failed else ""
        if self._live is not None:
            self._live.update(self._task, completed=self.done, info=failed.lstrip(", "))
            return
        if self.done % self._every == 0 or self.done == self.total:
            elapsed = time.perf_counter() - self._started
            print(
                f"progress: {self.name}: {self.done}/{self.total} chunks{failed}, {elapsed:.0f} s",
                file=sys.stderr,
                flush=True,
            )

    def close(self) -> None:
        """Take the live line down (the result, or the error, is printed after it)."""
        if self._live is not None:
            self._live.stop()
            self._live = None


def _emit(
    text: str, fmt: str, name: str, output: Path | None, several: bool, note: str = ""
) -> None:
    from summarizer.cli._files import write_atomically, write_stdout

    if output is None:
        if fmt == "md" and sys.stdout.isatty():
            from rich.console import Console
            from rich.markdown import Markdown

            Console().print(Markdown(text))
        else:
            write_stdout(text)
        return
    target = output
    if several or output.is_dir():
        suffix = {"md": ".md", "json": ".json", "html": ".html"}[fmt]
        target = output / (Path(name).stem + ".summary" + suffix)
    write_atomically(target, text)
    print(f"wrote {target}{note}", file=sys.stderr)
