"""``summarizer chunks``: show how a report is cut (outline, roles, chunk boundaries)."""

from __future__ import annotations

import json

import typer

from summarizer.cli._app import app


@app.command()
def chunks(
    file: str = typer.Argument(..., help="Report file (txt, md, docx, pdf, html) or - for stdin"),
    max_chars: int | None = typer.Option(
        None,
        "--max-chars",
        min=200,
        help="Chunk size budget in characters (default: the engine's, see `summarize --help`)",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the outline and chunks as JSON"),
) -> None:
    """Show the outline of a report: headings, levels, roles, sizes and chunk boundaries."""
    from summarizer.core.metadata import document_info
    from summarizer.load import load_document
    from summarizer.segment import make_chunks, segment
    from summarizer.settings import Settings

    settings = Settings.from_env()
    doc = load_document(
        file, max_bytes=settings.max_bytes, max_inflated_bytes=settings.max_inflated_bytes
    )
    # The chunks of the engine that would run (auto: the LLM when configured).
    engine = settings.resolved_engine()
    budget = max_chars or settings.chunk_budget(engine, document_info(doc).language)
    outline = segment(doc)
    cut = make_chunks(doc, outline, max_chars=budget)
    sections = outline.walk()
    if json_out:
        payload = {
            "source": doc.source,
            "format": doc.format,
            "encoding": doc.encoding,
            "title": doc.title,
            "chars": len(doc.text),
            "content_start": doc.content_start,
            "max_chars": budget,
            "sections": [
                {
                    "level": s.level,
                    "marker": s.marker,
                    "title": s.title,
                    "role": s.role,
                    "start": s.start,
                    "end": s.end,
                }
                for s in sections
            ],
            "chunks": [
                {
                    "id": c.id,
                    "start": c.start,
                    "end": c.end,
                    "chars": len(c.text),
                    "role": c.role,
                    "heading_path": list(c.heading_path),
                }
                for c in cut
            ],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{doc.source}  ({doc.format}, {doc.encoding or '-'}, {len(doc.text)} chars)")
    if doc.content_start:
        typer.echo(f"front matter: chars 0–{doc.content_start} (not summarized)")
    typer.echo("\noutline")
    for s in sections:
        indent = "  " * s.level
        typer.echo(f"{indent}{s.marker}{s.title}  [{s.role}, {s.end - s.start} chars]")
    typer.echo(f"\n{len(cut)} chunks (max {budget} chars)")
    for c in cut:
        path = " > ".join(c.heading_path) or "(no heading)"
        typer.echo(f"  {c.id}  {c.start:>6}–{c.end:<6} {len(c.text):>5} chars  {c.role:<9} {path}")
