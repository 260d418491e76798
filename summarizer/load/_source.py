"""Reading the raw bytes of a report, with the checks that make bad input a clear error."""

from __future__ import annotations

import sys
from pathlib import Path

from summarizer.errors import InputError

STDIN_NAME = "<stdin>"


def read_bytes(source: str | Path, max_bytes: int) -> tuple[bytes, str, str]:
    """Return ``(data, name, suffix)`` for a path or ``-`` (stdin).

    ``name`` is what error messages and ``Document.source`` call the input; ``suffix``
    is the lower-cased file suffix ('' for stdin).
    """
    if str(source) == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(
                f"input is over the size limit of {max_bytes:,} bytes", path=STDIN_NAME
            )
        return data, STDIN_NAME, ""
    path = Path(source)
    name = str(source)
    try:
        if path.is_dir():
            raise InputError("is a directory, not a report file", path=name)
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", path=name) from None
    if size > max_bytes:
        raise InputError(
            f"file is {size:,} bytes, over the size limit of {max_bytes:,} bytes", path=name
        )
    try:
        # Read one byte more than allowed: a file can grow between stat and read.
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", path=name) from None
    if len(data) > max_bytes:
        raise InputError(f"file is over the size limit of {max_bytes:,} bytes", path=name)
    return data, name, path.suffix.lower()
