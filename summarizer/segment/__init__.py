"""Segmentation: headings → section tree with roles → chunks.

STUB — to be replaced by the segmentation work.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.core.types import Chunk, Document, Paragraph, Section

__all__ = ["Outline", "make_chunks", "segment"]


@dataclass(frozen=True)
class Outline:
    """The section tree of a document (``root`` is a virtual level-0 section)."""

    root: Section


def segment(document: Document) -> Outline:
    text = document.text
    paragraphs: list[Paragraph] = []
    pos = document.content_start
    for line in text[pos:].split("\n"):
        if line.strip():
            paragraphs.append(Paragraph(pos, pos + len(line), "other"))
        pos += len(line) + 1
    root = Section("", 0, document.content_start, len(text), 0, 0, "other", paragraphs=tuple(paragraphs))
    return Outline(root)


def make_chunks(document: Document, outline: Outline, *, max_chars: int) -> list[Chunk]:
    chunks: list[Chunk] = []
    for p in outline.root.paragraphs:
        chunks.append(Chunk(f"c{len(chunks):03d}", len(chunks), document.text[p.start:p.end], p.start, p.end, (), p.role))
    return chunks
