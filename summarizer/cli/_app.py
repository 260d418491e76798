"""The typer application. Each command lives in its own module and imports its heavy
dependencies inside the command body, so that start-up stays fast."""

from __future__ import annotations

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

# Registration by import: each module adds its commands to ``app``.
from summarizer.cli import (  # noqa: E402,F401
    _batch,
    _chunks,
    _eval,
    _requests,
    _schema,
    _summarize,
    _track,
)
