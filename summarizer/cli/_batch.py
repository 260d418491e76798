"""``summarizer batch``: many reports → one JSON line each, resumable."""

from __future__ import annotations

import asyncio
import glob
import json
import sys
import time
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


def _inputs(target: str) -> list[Path]:
    from summarizer.errors import InputError

    path = Path(target)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in _SUFFIXES)
    else:
        files = sorted(Path(p) for p in glob.glob(target) if Path(p).is_file())
    if not files:
        raise InputError(f"{target}: no report files (txt, md, docx, pdf, html) found")
    return files


def _done_hashes(out: Path) -> set[str]:
    """Content hashes already in OUT; a torn last line (a crash mid-write) is cut off."""
    if not out.exists():
        return set()
    data = out.read_bytes()
    if data and not data.endswith(b"\n"):
        cut = data.rfind(b"\n") + 1
        with out.open("r+b") as fh:
            fh.truncate(cut)
        data = data[:cut]
    done: set[str] = set()
    for line in data.decode("utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
            done.add(record["document"]["content_hash"])
        except (json.JSONDecodeError, KeyError, TypeError):
            continue
    return done


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
    finished); re-running skips files already in OUT with the same content hash; a bad
    file is reported and skipped.

    Exit codes: 0 done; 2 bad input or usage (every file failed); 3 partial (some files
    or chunks failed, named on stderr); 4 configuration or provider error.
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
    from summarizer.errors import InputError, SummarizerError
    from summarizer.load import load_document
    from summarizer.pipeline import asummarize_document

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
    files = _inputs(target)
    if output.is_dir():
        raise InputError(f"-o {output}: is a directory; give a .jsonl file")
    output.parent.mkdir(parents=True, exist_ok=True)
    done = _done_hashes(output)
    announce_engine(settings)
    console = Console(stderr=True)
    rows: list[tuple[str, str, str]] = []
    failed: list[str] = []
    partial: list[str] = []
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
            try:
                document = load_document(
                    path,
                    max_bytes=settings.max_bytes,
                    max_inflated_bytes=settings.max_inflated_bytes,
                )
                if document.content_hash in done:
                    rows.append((str(path), "skipped", "already in output"))
                    progress.advance(task)
                    continue
                chunks_done = 0

                def on_chunk(
                    chunk: object, extraction: object, name: str = path.name, used: int = tokens
                ) -> None:
                    nonlocal chunks_done
                    chunks_done += 1
                    progress.update(task, info=f"{name}: {chunks_done} chunks · {used} tokens")

                summary = asyncio.run(asummarize_document(document, settings, on_chunk=on_chunk))
            except SummarizerError as exc:
                if exc.exit_code == 4:
                    raise
                failed.append(str(path))
                detail = str(exc).removeprefix(f"{path}: ")
                rows.append((str(path), "failed", detail))
                # Plain text on one line: a path may hold [brackets] that rich would eat.
                console.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
                progress.advance(task)
                continue
            append_line(output, summary.model_dump_json())
            done.add(document.content_hash)
            tokens += summary.run.usage.prompt_tokens + summary.run.usage.completion_tokens
            status = "partial" if summary.run.failed_chunks else "done"
            if summary.run.failed_chunks:
                ids = ", ".join(f.chunk_id for f in summary.run.failed_chunks)
                partial.append(f"{path} (chunks {ids})")
            rows.append(
                (str(path), status, f"{len(summary.items)} items, {summary.run.chunks} chunks")
            )
            progress.advance(task)
    # Text, not markup: file names and messages may hold [brackets].
    table = Table(title=Text(f"batch → {output} ({time.perf_counter() - started:.1f} s)"))
    for col in ("file", "status", "detail"):
        table.add_column(col)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    console.print(table)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    if partial:
        print(f"partial: {', '.join(partial)}", file=sys.stderr)
    if failed or partial:
        # Nothing done at all is bad input; some files done is a partial batch.
        raise typer.Exit(2 if len(failed) == len(files) else 3)
