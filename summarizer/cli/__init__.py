"""The ``summarizer`` command line. Errors become a message and an exit code here, in one place.

Exit codes: 0 done; 1 eval regression (``eval compare``) or an internal error; 2 bad
input or usage; 3 partial (some chunks or files failed); 4 configuration or provider
error (including every chunk of a report failed).

Every message printed here is redacted (``summarizer.settings.redact``): an error may
quote a server, and some servers echo the API key they were sent.
"""

from __future__ import annotations

import logging
import os
import sys

__all__ = ["main"]


class _StderrHandler(logging.Handler):
    """Notices (e.g. retry waits) on stderr, one line each. ``sys.stderr`` is looked up
    per record, so that a live progress line (which wraps stderr) stays below them."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            print(_redacted(self.format(record)), file=sys.stderr, flush=True)
        except Exception:
            self.handleError(record)


def _show_notices() -> None:
    logger = logging.getLogger("summarizer")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def _redacted(message: str) -> str:
    """``message`` without the configured key, the base URL's credentials or anything
    shaped like a key. Read from the environment: the message may come from anywhere."""
    from summarizer.settings import Settings, redact

    try:
        secrets = Settings.from_env().secrets()
    except Exception:
        # A bad setting is what is being reported; the key alone is still known.
        key = os.environ.get("SUMMARIZER_API_KEY") or os.environ.get("OPENAI_API_KEY")
        secrets = (key,) if key else ()
    return redact(message, secrets)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``summarizer`` console script."""
    import typer

    # typer >= 0.29 vendors its own click: its exceptions, not click's, reach us here.
    # ClickException is not re-exported by typer; its base TyperException is.
    from typer.exceptions import TyperException

    from summarizer.cli._app import app
    from summarizer.errors import SummarizerError

    _show_notices()
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
        print(_redacted(f"error: {exc}"), file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        # A bug of ours, not bad input: one line for the user, the traceback on request.
        if os.environ.get("SUMMARIZER_DEBUG"):
            raise
        print(
            _redacted(
                f"internal error: {type(exc).__name__}: {exc} "
                "(a bug in summarizer; rerun with SUMMARIZER_DEBUG=1 for the traceback)"
            ),
            file=sys.stderr,
        )
        sys.exit(1)
    sys.exit(rv if isinstance(rv, int) else 0)
