"""The typer application. Each command lives in its own module and imports its heavy
dependencies inside the command body, so that start-up stays fast."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(
    name="summarizer",
    help=(
        "Structured, grounded summaries of long reports: goals, achievements, problems, indicators."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        from summarizer import __version__

        typer.echo(f"summarizer {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_print_version, help="Print the version and exit"
        ),
    ] = False,
) -> None:
    # Options before the command; the app's help text stays the one given above.
    pass


# Registration by import: each module adds its commands to ``app``.
from summarizer.cli import (  # noqa: E402,F401
    _batch,
    _batch_jobs,
    _chunks,
    _eval,
    _requests,
    _schema,
    _summarize,
    _text,
    _track,
)
