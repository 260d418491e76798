"""The pipeline: load → segment → chunk → extract (any engine) → ground → merge → summary.

Pure orchestration; imports no provider (the LLM engine is built lazily by ``make_engine``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from summarizer.core.summary import (
    FailedChunk,
    Item,
    ReportSummary,
    RunInfo,
    Timings,
    UsageInfo,
)
from summarizer.core.types import (
    Chunk,
    ChunkExtraction,
    Document,
    DocumentContext,
    Section,
    Usage,
)
from summarizer.engines.base import Engine, EngineInfo, make_engine
from summarizer.errors import ChunkFailedError, InputError, SummarizerError
from summarizer.settings import Settings

if TYPE_CHECKING:
    from summarizer.segment import Outline

Source = str | Path | Document
ProgressCallback = Callable[[Chunk, ChunkExtraction | None], None]

_PATH_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm")


def resolve_document(source: Source, settings: Settings) -> Document:
    """Turn a path, a text or a ``Document`` into a ``Document``.

    A ``str`` is a path when it is one line and names an existing file or ends in a
    known report suffix (so that a mistyped path is an error, not a one-line summary).
    """
    from summarizer.load import document_from_text, load_document

    if isinstance(source, Document):
        return source
    if isinstance(source, Path):
        return load_document(
            source, max_bytes=settings.max_bytes, max_inflated_bytes=settings.max_inflated_bytes
        )
    if "\n" not in source and (
        source == "-" or Path(source).exists() or source.lower().endswith(_PATH_SUFFIXES)
    ):
        return load_document(
            source, max_bytes=settings.max_bytes, max_inflated_bytes=settings.max_inflated_bytes
        )
    if not source.strip():
        raise InputError("the text is empty")
    return document_from_text(source)


def _heading_path_at(root: Section, offset: int) -> list[str]:
    """Titles of the sections containing ``offset``, outermost first."""
    path: list[str] = []
    section = root
    while True:
        inner = next((c for c in section.children if c.start <= offset < c.end), None)
        if inner is None:
            return path
        path.append(inner.title)
        section = inner


def _placed(item: Item, root: Section) -> Item:
    """The item under the headings above its own quote.

    A chunk packs sibling sections together and carries only their common heading path,
    and a quote may be grounded outside the chunk that produced it: the headings that
    count are those around the quote, as the reader needs them to group by section.
    """
    path = _heading_path_at(root, item.start)
    if path == item.heading_path:
        return item
    return item.model_copy(update={"heading_path": path, "section": path[-1] if path else ""})


_LANGUAGE_NAMES = {
    "zh": "Chinese",
    "en": "English",
    "ja": "Japanese",
    "ko": "Korean",
    "ru": "Russian",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "pt": "Portuguese",
    "ar": "Arabic",
    "th": "Thai",
    "bo": "Tibetan",
    "mn": "Mongolian",
    "und": "no recognisable language",
}


def unread_language_note(engine: str, language: str) -> str:
    """One line: the engine does not read the report's language, and the way out."""
    name = _LANGUAGE_NAMES.get(language, language)
    what = name if language == "und" else f"in {name} ({language})"
    return (
        f"the offline {engine} engine reads Chinese reports only; this one is {what}, so "
        "nothing was extracted: use an LLM engine (--engine llm with OPENAI_API_KEY or "
        "SUMMARIZER_BASE_URL)"
    )


def chunk_outline(
    document: Document, outline: Outline, max_chars: int, engine: EngineInfo
) -> list[Chunk]:
    """The chunks ``engine`` is given for ``document``."""
    from summarizer.segment import make_chunks

    return make_chunks(document, outline, max_chars=max_chars, split_roles=engine.role_chunks)


def plan_chunks(document: Document, settings: Settings, engine: EngineInfo) -> list[Chunk]:
    """The chunks a run with ``settings`` hands ``engine`` (what ``summarizer chunks``
    shows and progress counts): the same segmentation and budget as the pipeline's."""
    from summarizer.core.metadata import document_info
    from summarizer.segment import segment

    budget = settings.chunk_budget(engine.engine, document_info(document).language)
    return chunk_outline(document, segment(document), budget, engine)


@dataclass(frozen=True)
class _ChunkOutcome:
    chunk: Chunk
    extraction: ChunkExtraction | None
    error: str | None
    # Of a failed chunk: what its attempts cost.
    failed_usage: Usage | None = None


async def _extract_all(
    engine: Engine,
    chunks: list[Chunk],
    context: DocumentContext,
    concurrency: int,
    on_chunk: ProgressCallback | None,
) -> list[_ChunkOutcome]:
    semaphore = asyncio.Semaphore(max(1, concurrency))

    async def run(chunk: Chunk) -> _ChunkOutcome:
        async with semaphore:
            try:
                extraction = await engine.extract(chunk, context)
            except SummarizerError as exc:
                # A configuration or authentication problem fails every chunk alike:
                # stop the report rather than record N identical failures.
                if exc.exit_code == 4:
                    raise
                if on_chunk:
                    on_chunk(chunk, None)
                spent = exc.usage if isinstance(exc, ChunkFailedError) else None
                return _ChunkOutcome(chunk, None, str(exc), spent)
        if on_chunk:
            on_chunk(chunk, extraction)
        return _ChunkOutcome(chunk, extraction, None)

    # gather keeps input order, so results are in document order whatever order answers arrive in.
    tasks = [asyncio.ensure_future(run(c)) for c in chunks]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        # A fatal error (or Ctrl-C) stops the report: no request keeps running behind it.
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


async def asummarize_document(
    document: Document,
    settings: Settings,
    *,
    engine: Engine | None = None,
    on_chunk: ProgressCallback | None = None,
) -> ReportSummary:
    """Summarize a loaded ``Document`` (see ``asummarize`` for the public entry point)."""
    from summarizer.core.metadata import document_info
    from summarizer.postprocess import (
        build_indicator_rows,
        ground_items,
        in_span_coordinates,
        merge_items,
    )
    from summarizer.segment import segment

    started = time.perf_counter()
    engine = engine or make_engine(settings)
    info = document_info(document)
    outline = segment(document)
    max_chars = settings.chunk_budget(engine.info.engine, info.language)
    chunks = chunk_outline(document, outline, max_chars, engine.info)
    segmented = time.perf_counter()

    context = DocumentContext(
        title=info.title, language=info.language, issuer=info.issuer, date=info.date
    )
    unread = ""
    notes: list[str] = []
    if engine.info.languages and info.language not in engine.info.languages:
        # An engine that cannot read the report's language is not run on it: an empty
        # summary that says why, never a silent one.
        unread = info.language
        notes.append(unread_language_note(engine.info.engine, info.language))
        outcomes: list[_ChunkOutcome] = []
    else:
        # An engine that bounds its own calls gets every chunk at once.
        concurrency = len(chunks) if engine.info.limits_concurrency else settings.concurrency
        outcomes = await _extract_all(engine, chunks, context, concurrency, on_chunk)
    extracted = time.perf_counter()

    usage = Usage()
    grounded: list[Item] = []
    failed: list[FailedChunk] = []
    dropped = flagged = 0
    for outcome in outcomes:
        if outcome.extraction is None:
            if outcome.failed_usage is not None:
                usage = usage + outcome.failed_usage
            c = outcome.chunk
            failed.append(
                FailedChunk(
                    chunk_id=c.id,
                    heading_path=list(c.heading_path),
                    start=c.start,
                    end=c.end,
                    error=outcome.error or "unknown error",
                )
            )
            continue
        usage = usage + outcome.extraction.usage
        dropped += outcome.extraction.dropped_ungrounded
        failed.extend(
            FailedChunk(
                chunk_id=part.chunk_id,
                heading_path=list(outcome.chunk.heading_path),
                start=part.start,
                end=part.end,
                error=part.error,
            )
            for part in outcome.extraction.failed_parts
        )
        result = ground_items(document, outcome.chunk, outcome.extraction.items)
        grounded.extend(_placed(item, outline.root) for item in result.items)
        dropped += result.dropped
        flagged += result.flagged
    merged = merge_items(grounded)
    finished = time.perf_counter()

    engine_info = engine.info
    from summarizer import __version__

    run = RunInfo(
        engine=engine_info.engine,
        model=engine_info.model,
        base_url_host=engine_info.base_url_host,
        mode=engine_info.mode,
        prompt_hash=engine_info.prompt_hash,
        schema_hash=engine_info.schema_hash,
        summarizer_version=__version__,
        max_chars=max_chars,
        chunks=len(chunks),
        usage=UsageInfo(**usage.__dict__),
        timings=Timings(
            segment_s=round(segmented - started, 6),
            extract_s=round(extracted - segmented, 6),
            postprocess_s=round(finished - extracted, 6),
            total_s=round(finished - started, 6),
        ),
        failed_chunks=failed,
        dropped_ungrounded=dropped,
        flagged_numbers=flagged,
        merged_duplicates=merged.merged,
        unread_language=unread,
        notes=notes,
    )
    items = merged.items
    summary = ReportSummary(
        document=info,
        goals=[i for i in items if i.category == "goal"],
        achievements=[i for i in items if i.category == "achievement"],
        problems=[i for i in items if i.category == "problem"],
        indicators=build_indicator_rows(items),
        run=run,
    )
    # Offsets of the cleaned text mean nothing to a reader: spans go out in those of the
    # text the reader has (the file itself for txt and md).
    return in_span_coordinates(document, summary)


async def asummarize(
    source: Source,
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    on_chunk: ProgressCallback | None = None,
) -> ReportSummary:
    """Summarize a report: a path, a text or a ``Document`` in, a ``ReportSummary`` out.

    ``settings`` default to ``Settings.from_env()``; ``engine`` overrides the engine the
    settings would build (useful for custom engines and tests).
    """
    settings = settings or Settings.from_env()
    t0 = time.perf_counter()
    document = resolve_document(source, settings)
    load_s = time.perf_counter() - t0
    summary = await asummarize_document(document, settings, engine=engine, on_chunk=on_chunk)
    summary.run.timings.load_s = round(load_s, 6)
    summary.run.timings.total_s = round(summary.run.timings.total_s + load_s, 6)
    return summary


def summarize(
    source: Source,
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    on_chunk: ProgressCallback | None = None,
) -> ReportSummary:
    """Synchronous ``asummarize``. Inside a running event loop, ``await asummarize`` instead."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        # Checked before the coroutine exists, so that none is left never awaited.
        raise RuntimeError(
            "summarize() cannot run inside a running event loop; use `await asummarize(...)`"
        )
    return run_blocking(asummarize(source, settings, engine=engine, on_chunk=on_chunk))


T = TypeVar("T")


def run_blocking(awaitable: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(awaitable)``, its result handed back outside the event loop's task.

    On leaving, ``asyncio.run`` formats its signal handler's repr, which holds the main
    task and so the full repr of its result: for a summary of a few hundred items, about
    9 ms of string building per report, for nothing.
    """
    box: list[T] = []

    async def main() -> None:
        box.append(await awaitable)

    asyncio.run(main())
    return box[0]
