"""Loading: a path (or ``-`` for stdin) in, a cleaned ``Document`` out.

Formats: .txt, .md, .docx, .pdf (text layer), .html; for any other suffix and for stdin
the format is sniffed from the content. Encodings: UTF-8 with or without BOM, UTF-16/32
with BOM, GB18030/GBK, Big5, then charset-normalizer — an undecodable file is an
``InputError``, never a silently wrong text.

Cleaning keeps the report's wording intact (every verbatim quote can still be found):
it removes conversion artifacts (``[bookmark: _GoBack]``), zero-width characters and
stray controls, turns NBSP into a space and every line ending into ``\\n``, rejoins
sentences broken across page breaks, and marks front matter (masthead, editorial board,
table of contents) through ``Document.content_start``.
"""

from __future__ import annotations

from pathlib import Path

from summarizer.core.types import Document
from summarizer.errors import InputError
from summarizer.load._clean import (
    Block,
    assemble,
    blocks_from_lines,
    origin_runs,
    rejoin_broken_lines,
)
from summarizer.load._encoding import binary_kind, decode_bytes
from summarizer.load._formats import (
    FORMAT_BY_SUFFIX,
    UNSUPPORTED_SUFFIXES,
    docx_blocks,
    html_blocks,
    html_charset,
    looks_like_markdown,
    markdown_blocks,
    pdf_blocks,
    sniff_format,
)
from summarizer.load._front_matter import find_content_start, find_title
from summarizer.load._source import read_bytes
from summarizer.settings import DEFAULT_MAX_BYTES, DEFAULT_MAX_INFLATED_BYTES

__all__ = ["FORMATS", "document_from_text", "load_document"]

FORMATS: tuple[str, ...] = ("txt", "md", "docx", "pdf", "html")


def document_from_text(text: str, source: str = "<text>", *, format: str = "txt") -> Document:
    """Build a ``Document`` from text already in memory, cleaned like a loaded file.

    ``format`` is 'txt', 'md' or 'html' (markup is parsed as it would be from a file).
    """
    if format not in ("txt", "md", "html"):
        raise ValueError(f"document_from_text takes txt, md or html text, not {format!r}")
    return _build(text, source, format, None)


def load_document(
    source: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_inflated_bytes: int = DEFAULT_MAX_INFLATED_BYTES,
) -> Document:
    """Load and clean a report file, or stdin for ``-``.

    Raises ``InputError`` (one line, naming the file) for a missing file, a directory, an
    empty or binary file, undecodable bytes, a corrupt docx/pdf, a PDF without a text
    layer, a file over ``max_bytes``, or a .docx whose content inflates to more than
    ``max_inflated_bytes`` (a zip bomb).
    """
    data, name, suffix = read_bytes(source, max_bytes)
    if not data.strip():
        problem = "the file is empty" if not data else "the file contains only whitespace"
        raise InputError(problem, path=name)
    if suffix in UNSUPPORTED_SUFFIXES:
        raise InputError(UNSUPPORTED_SUFFIXES[suffix], path=name)
    format = FORMAT_BY_SUFFIX.get(suffix) or sniff_format(data)
    if format == "docx":
        blocks, title = docx_blocks(data, name, max_inflated_bytes)
        return _from_blocks(blocks, name, format, None, title, rejoin=False)
    if format == "pdf":
        blocks, title = pdf_blocks(data, name)
        return _from_blocks(blocks, name, format, None, title, rejoin=True)
    if format is None:
        kind = binary_kind(data)
        if kind is not None and not suffix:
            raise InputError(f"looks like {kind}, not a text report", path=name)
    text, encoding = decode_bytes(data, name, html_charset(data) if format == "html" else None)
    # Spans index the decoded text, and a byte-order mark is not part of it (UTF-16's
    # decoder leaves it in).
    text = text.removeprefix("\ufeff")
    if format in (None, "txt"):
        # Reports exported as .txt often keep markdown headings (# 一、…).
        format = "md" if looks_like_markdown(text) else "txt"
    return _build(text, name, format, encoding)


def _build(text: str, name: str, format: str, encoding: str | None) -> Document:
    if format == "html":
        blocks, title = html_blocks(text)
        return _from_blocks(blocks, name, format, encoding, title, rejoin=False)
    # Plain text and markdown are what the user has: spans are given in their offsets.
    if format == "md":
        blocks, title = markdown_blocks(text, track=True)
        return _from_blocks(blocks, name, format, encoding, title, rejoin=True, original=text)
    blocks = blocks_from_lines(text, track=True)
    return _from_blocks(blocks, name, format, encoding, "", rejoin=True, original=text)


def _from_blocks(
    blocks: list[Block],
    name: str,
    format: str,
    encoding: str | None,
    declared_title: str,
    *,
    rejoin: bool,
    original: str | None = None,
) -> Document:
    if rejoin:
        blocks = rejoin_broken_lines(blocks, wrapped=format == "pdf")
    text, hints = assemble(blocks)
    if original == text:
        original = None  # nothing to map: spans index the text itself
    runs = origin_runs(blocks) if original is not None else ()
    if not text.strip():
        if format in ("txt", "md"):
            raise InputError("the file contains only whitespace", path=name)
        raise InputError(f"no text found in the {format} file", path=name)
    content_start = find_content_start(text)
    return Document(
        text=text,
        source=name,
        format=format,
        encoding=encoding,
        title=find_title(text, content_start, hints, declared_title),
        content_start=content_start,
        heading_hints=hints,
        original_text=original,
        original_runs=runs,
    )
