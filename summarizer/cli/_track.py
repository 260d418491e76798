"""``summarizer track``: targets one report sets against the outcomes the next one reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli._app import app

_FORMATS = ("md", "json", "html")
_ENGINES = ("auto", "llm", "rules")


@app.command()
def track(
    reports: Annotated[
        list[str],
        typer.Argument(help="Two or more reports of one jurisdiction, e.g. 2024.txt 2025.txt"),
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="md (table), json or html (with chart)")
    ] = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here, not to stdout")
    ] = None,
    names: Annotated[
        Path | None,
        typer.Option(help="JSON or TOML file: canonical indicator name → list of aliases"),
    ] = None,
    engine: Annotated[
        str | None, typer.Option(help="auto (llm with a key, else rules), llm or rules")
    ] = None,
) -> None:
    """Line up the targets a report sets for its year with the outcomes the next report states.

    Verdicts: met, missed, not reported (target without outcome), no target (outcome
    without target), unclear. The later report's review year must be the earlier report's
    plan year.
    """
    # Usage problems are raised as InputError (exit 2, one line) so that they do not depend
    # on how the entry point handles the parser's own exceptions.
    from summarizer.errors import InputError

    if fmt not in _FORMATS:
        raise InputError(f"--format must be one of {', '.join(_FORMATS)}, not {fmt!r}")
    if engine is not None and engine not in _ENGINES:
        raise InputError(f"--engine must be one of {', '.join(_ENGINES)}, not {engine!r}")
    if len(reports) < 2:
        raise InputError("track needs at least two reports (year N and year N+1)")

    from summarizer.settings import Settings
    from summarizer.track import load_name_table
    from summarizer.track import track as run_track
    from summarizer.track._render import render

    settings = Settings.from_env(engine=engine)
    table = load_name_table(names)
    result = run_track(reports, settings, names=table)
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    text = render(result, fmt)
    if output is None:
        typer.echo(text, nl=False)
    else:
        from summarizer.cli._files import write_atomically

        # Like summarize: a failure while writing never leaves half a file.
        write_atomically(output, text)
