"""``summarizer text``: print the text every span of a summary indexes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli._app import app


@app.command()
def text(
    file: Annotated[str, typer.Argument(help="Report file (txt, md, docx, pdf, html) or -")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here (UTF-8) instead of stdout")
    ] = None,
) -> None:
    """Print the text the spans of a summary index: for every item, TEXT[start:end] is its
    quote.

    For txt and md that is the file's own text, decoded (line endings as they are, no
    byte-order mark); for docx, pdf and html it is the text extracted from the file. Offsets
    count characters (Unicode code points). Always written as UTF-8.
    """
    from summarizer.cli._files import write_atomically, write_stdout
    from summarizer.load import load_document
    from summarizer.settings import Settings

    settings = Settings.from_env()
    document = load_document(
        file, max_bytes=settings.max_bytes, max_inflated_bytes=settings.max_inflated_bytes
    )
    if output is not None:
        write_atomically(output, document.span_text)
        print(f"wrote {output}", file=sys.stderr)
        return
    # Bytes, not text: a text stream could translate line endings and shift offsets.
    write_stdout(document.span_text.encode("utf-8"))
