"""``summarizer schema``: print the JSON Schema of an output."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from summarizer.cli._app import app

_KINDS = ("summary", "eval", "track")


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(help="summary (default), eval or track")] = "summary",
) -> None:
    """Print the JSON Schema of the summary output (or of eval / track results)."""
    from summarizer.errors import InputError
    from summarizer.schemas import schema_for

    if kind not in _KINDS:
        raise InputError(f"schema kind must be one of {', '.join(_KINDS)}, not {kind!r}")
    typer.echo(json.dumps(schema_for(kind), ensure_ascii=False, indent=2))
