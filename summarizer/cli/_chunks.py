"""``summarizer chunks``: show how a report is cut. STUB."""

from __future__ import annotations

from pathlib import Path

import typer

from summarizer.cli._app import app


@app.command()
def chunks(
    file: str = typer.Argument(..., help="Report file (txt, md, docx, pdf, html) or - for stdin"),
    json_out: bool = typer.Option(False, "--json", help="Print the outline and chunks as JSON"),
) -> None:
    """Show the outline of a report: headings, roles, sizes and chunk boundaries."""
    from summarizer.load import load_document
    from summarizer.segment import make_chunks, segment
    from summarizer.settings import Settings

    settings = Settings.from_env()
    doc = load_document(file if file == "-" else Path(file), max_bytes=settings.max_bytes)
    for c in make_chunks(doc, segment(doc), max_chars=settings.max_chars):
        typer.echo(f"{c.id} {c.start}-{c.end} {c.role} {' > '.join(c.heading_path)}")
