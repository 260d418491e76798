"""The ``summarizer`` command line. Errors become a message and an exit code here, in one place.

Exit codes: 0 done; 1 eval regression (``eval compare``) or an internal error; 2 bad
input or usage; 3 partial (some chunks or files failed); 4 configuration or provider
error.
"""

from __future__ import annotations

import sys

__all__ = ["main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``summarizer`` console script."""
    import typer

    # typer >= 0.29 vendors its own click: its exceptions, not click's, reach us here.
    # ClickException is not re-exported by typer; its base TyperException is.
    from typer.exceptions import TyperException

    from summarizer.cli._app import app
    from summarizer.errors import SummarizerError

    try:
        rv = app(args=argv, standalone_mode=False, prog_name="summarizer")
    except typer.Abort:
        print("aborted", file=sys.stderr)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except TyperException as exc:
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            print(f"Error: {exc.format_message()}", file=sys.stderr)
        # Usage errors carry exit code 2; other click errors (e.g. file errors) are bad input too.
        sys.exit(2)
    except SummarizerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        # A bug of ours, not bad input: one line for the user, the traceback on request.
        import os

        if os.environ.get("SUMMARIZER_DEBUG"):
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc} "
            "(a bug in summarizer; rerun with SUMMARIZER_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        sys.exit(1)
    sys.exit(rv if isinstance(rv, int) else 0)
