"""Writing output files without ever leaving a half-written one behind."""

from __future__ import annotations

import os
from pathlib import Path

from summarizer.core import files
from summarizer.errors import InputError


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (``core.files``); a failure is an
    ``InputError`` naming the path."""
    try:
        files.write_atomically(path, text)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", path=str(path)) from exc


def append_line(path: Path, line: str) -> None:
    """Append one line and fsync it: a crash after this loses nothing written."""
    try:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(line.rstrip("\n") + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", path=str(path)) from exc


def write_stdout(data: str | bytes) -> None:
    """Write to stdout (bytes as they are: a text stream could translate line endings);
    a reader that went away (``| head``) ends the command quietly."""
    import sys

    try:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        # Nothing left to say, and not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(0) from None
    except OSError as exc:
        raise InputError(f"cannot write to stdout: {exc.strerror or exc}") from exc
