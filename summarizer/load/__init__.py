"""Loading: a path (or ``-`` for stdin) in, a cleaned ``Document`` out.

STUB — to be replaced by the loading work (formats, encodings, cleaning, front matter).
"""

from __future__ import annotations

import sys
from pathlib import Path

from summarizer.core.types import Document
from summarizer.errors import InputError
from summarizer.settings import DEFAULT_MAX_BYTES

__all__ = ["document_from_text", "load_document"]


def document_from_text(text: str, *, source: str = "<text>", format: str = "txt") -> Document:
    """Build a ``Document`` from text already in memory (cleaned like a loaded file)."""
    return Document(text=text, source=source, format=format, encoding=None)


def load_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Load and clean a report. Raises ``InputError`` for anything that is not a report."""
    if str(path) == "-":
        data = sys.stdin.buffer.read()
        return document_from_text(data.decode("utf-8"), source="<stdin>")
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", path=str(path))
    return Document(text=p.read_text("utf-8"), source=str(path), format="txt", encoding="utf-8")
