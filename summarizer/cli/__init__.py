"""The ``summarizer`` command line. Errors become a message and an exit code here, in one place.

Exit codes: 0 done; 1 eval regression (``eval compare``); 2 bad input or usage;
3 partial (some chunks or files failed); 4 configuration or provider error.
"""

from __future__ import annotations

import sys

__all__ = ["main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``summarizer`` console script."""
    import click

    from summarizer.cli._app import app
    from summarizer.errors import SummarizerError

    try:
        rv = app(args=argv, standalone_mode=False, prog_name="summarizer")
    except click.exceptions.Abort:
        print("aborted", file=sys.stderr)
        sys.exit(130)
    except click.exceptions.ClickException as exc:
        exc.show()
        sys.exit(2)
    except SummarizerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    sys.exit(rv if isinstance(rv, int) else 0)
