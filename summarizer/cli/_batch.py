"""``summarizer batch``: many reports → one JSON line each, resumable."""

from __future__ import annotations

import glob
import json
import sys
import time
from dataclasses import dataclass
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

_SUFFIXES = {".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm"}


def batch_inputs(target: str) -> list[Path]:
    from summarizer.errors import InputError

    path = Path(target)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in _SUFFIXES)
    elif path.is_file():
        # A file that exists is taken as named: "report[2025].txt" is a name, not a
        # pattern that matches report2.txt and report0.txt.
        files = [path]
    else:
        files = sorted(Path(p) for p in glob.glob(target) if Path(p).is_file())
    if not files:
        raise InputError(f"{target}: no report files (txt, md, docx, pdf, html) found")
    return files


@dataclass
class PreviousResult:
    """What OUT already holds for one content hash."""

    failed_chunks: list[str]
    chunks: int

    @property
    def complete(self) -> bool:
        return not self.failed_chunks


def previous_results(out: Path) -> dict[str, PreviousResult]:
    """The results already in OUT by content hash; a torn last line (a crash mid-write)
    is cut off. Of several lines for one hash, the best counts."""
    if not out.exists():
        return {}
    data = out.read_bytes()
    if data and not data.endswith(b"\n"):
        cut = data.rfind(b"\n") + 1
        with out.open("r+b") as fh:
            fh.truncate(cut)
        data = data[:cut]
    found: dict[str, PreviousResult] = {}
    for line in data.decode("utf-8", errors="replace").splitlines():
        content_hash, previous = parse_record(line)
        if content_hash is None or previous is None:
            continue
        known = found.get(content_hash)
        if known is None or len(previous.failed_chunks) < len(known.failed_chunks):
            found[content_hash] = previous
    return found


def parse_record(line: str) -> tuple[str | None, PreviousResult | None]:
    try:
        record = json.loads(line)
        content_hash = str(record["document"]["content_hash"])
        run = record.get("run") or {}
        failed = [str(f.get("chunk_id", "?")) for f in run.get("failed_chunks") or []]
        return content_hash, PreviousResult(failed, int(run.get("chunks") or 0))
    except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        return None, None


def replace_record(out: Path, content_hash: str, line: str) -> None:
    """Put ``line`` in place of OUT's lines for ``content_hash`` (where the first of them
    was), in one atomic rewrite: a crash leaves either the old file or the new one."""
    from summarizer.cli._files import write_atomically

    lines: list[str] = []
    placed = False
    for old in out.read_text("utf-8", errors="replace").splitlines():
        if parse_record(old)[0] == content_hash:
            if not placed:
                lines.append(line)
                placed = True
            continue
        lines.append(old)
    if not placed:
        lines.append(line)
    write_atomically(out, "".join(f"{x}\n" for x in lines))


@app.command()
def batch(
    target: Annotated[
        str, typer.Argument(help="A directory of reports, or a glob ('reports/*.pdf')")
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="JSON Lines file to append to")],
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
    """Summarize every report of a directory or glob into OUT.jsonl, one line per file.

    Each line is written as soon as its file is done (a crash or Ctrl-C loses nothing
    finished). Re-running skips files already complete in OUT (same content hash) and
    redoes the rest: files that failed, and files that came back partial (some chunks
    failed), whose line is replaced when the new result is no worse. A bad file, or one
    whose every chunk failed, is reported and gets no line.

    Exit codes: 0 done; 2 bad input or usage (every file bad); 3 partial (some files or
    chunks failed, named on stderr); 4 configuration or provider error (including every
    chunk of every file failed).
    """
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.table import Table
    from rich.text import Text

    from summarizer.cli._files import append_line
    from summarizer.cli._options import announce_engine, build_settings
    from summarizer.cli._summarize import count_chunks, nothing_extracted
    from summarizer.engines.base import make_engine
    from summarizer.errors import InputError, SummarizerError
    from summarizer.load import load_document
    from summarizer.pipeline import asummarize_document, run_blocking

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
    files = batch_inputs(target)
    if output.is_dir():
        raise InputError(f"-o {output}: is a directory; give a .jsonl file")
    output.parent.mkdir(parents=True, exist_ok=True)
    previous = previous_results(output)
    announce_engine(settings)
    console = Console(stderr=True)
    incomplete = sum(1 for p in previous.values() if not p.complete)
    if previous:
        console.print(
            f"resume: {output} holds {len(previous) - incomplete} complete report(s), "
            f"kept as they are, and {incomplete} partial; partial and failed reports are "
            "redone",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    rows: list[tuple[str, str, str]] = []
    failed: list[str] = []
    failed_codes: list[int] = []
    partial: list[str] = []
    redone: list[str] = []
    seen: set[str] = set()  # content hashes handled in this run (copies are done once)
    tokens = 0
    started = time.perf_counter()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[info]}", markup=False),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("files", total=len(files), info="")
        for path in files:
            before: PreviousResult | None = None
            try:
                document = load_document(
                    path,
                    max_bytes=settings.max_bytes,
                    max_inflated_bytes=settings.max_inflated_bytes,
                )
                before = previous.get(document.content_hash)
                if before is not None and before.complete:
                    rows.append((str(path), "skipped", "already in output"))
                    progress.advance(task)
                    continue
                if document.content_hash in seen:
                    rows.append((str(path), "skipped", "same content as a file above"))
                    progress.advance(task)
                    continue
                seen.add(document.content_hash)
                run_engine = make_engine(settings)
                total = count_chunks(document, settings, run_engine)
                chunks_done = 0

                def on_chunk(
                    chunk: object,
                    extraction: object,
                    name: str = path.name,
                    used: int = tokens,
                    total: int = total,
                ) -> None:
                    nonlocal chunks_done
                    chunks_done += 1
                    progress.update(
                        task, info=f"{name}: {chunks_done}/{total} chunks · {used} tokens"
                    )

                summary = run_blocking(
                    asummarize_document(document, settings, engine=run_engine, on_chunk=on_chunk)
                )
            except SummarizerError as exc:
                if exc.exit_code == 4:
                    raise
                failed.append(str(path))
                failed_codes.append(exc.exit_code)
                detail = str(exc).removeprefix(f"{path}: ")
                rows.append((str(path), "failed", detail))
                # Plain text on one line: a path may hold [brackets] that rich would eat.
                console.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
                progress.advance(task)
                continue
            tokens += summary.run.usage.prompt_tokens + summary.run.usage.completion_tokens
            was = (
                f"; was partial (chunks {', '.join(before.failed_chunks)})"
                if before is not None
                else ""
            )
            nothing = nothing_extracted(summary, str(path))
            if nothing is not None:
                # No line for a report with no result: a rerun redoes it, and a partial
                # line written earlier stays until something better replaces it.
                failed.append(str(path))
                failed_codes.append(nothing.exit_code)
                kept = "; the earlier partial line is kept" if before is not None else ""
                rows.append((str(path), "failed", f"{nothing}{kept}".removeprefix(f"{path}: ")))
                console.print(f"error: {nothing}", markup=False, highlight=False, soft_wrap=True)
                progress.advance(task)
                continue
            line = summary.model_dump_json()
            failed_now = [f.chunk_id for f in summary.run.failed_chunks]
            if before is None:
                append_line(output, line)
            elif len(failed_now) <= len(before.failed_chunks):
                replace_record(output, document.content_hash, line)
                redone.append(f"{path} (was partial: chunks {', '.join(before.failed_chunks)})")
            else:
                was += "; the earlier line, with fewer failed chunks, is kept"
            status = "partial" if failed_now else "done"
            if failed_now:
                partial.append(f"{path} (chunks {', '.join(failed_now)})")
            rows.append(
                (
                    str(path),
                    status,
                    f"{len(summary.items)} items, {summary.run.chunks} chunks{was}",
                )
            )
            progress.advance(task)
    # Text, not markup: file names and messages may hold [brackets].
    table = Table(title=Text(f"batch → {output} ({time.perf_counter() - started:.1f} s)"))
    for col in ("file", "status", "detail"):
        table.add_column(col)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    console.print(table)
    if redone:
        print(f"redone: {', '.join(redone)}", file=sys.stderr)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    if partial:
        print(f"partial: {', '.join(partial)}", file=sys.stderr)
    if failed or partial:
        if len(failed) == len(files):
            # Nothing done at all: every chunk failed somewhere is the server's doing (4),
            # else every file was bad input (2).
            raise typer.Exit(max(failed_codes))
        raise typer.Exit(3)
