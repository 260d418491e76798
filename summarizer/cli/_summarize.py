"""``summarizer summarize``, ``batch`` and ``schema``. STUB."""

from __future__ import annotations

import typer

from summarizer.cli._app import app


@app.command()
def summarize(
    files: list[str] = typer.Argument(..., help="Report files"),
) -> None:
    """Summarize reports into goals, achievements and problems."""
    from summarizer.pipeline import summarize as run
    from summarizer.settings import Settings

    settings = Settings.from_env()
    for f in files:
        typer.echo(run(f, settings).model_dump_json(indent=2))
