"""Segmentation: headings → a section tree with roles → chunks.

``segment(document)`` finds the headings (numbering markers, file structure, standalone
short lines, inline first-sentence headings), nests them by the numbering hierarchy in
order of first appearance, and guesses a role per section and paragraph (review,
problems, targets, plan, preamble, closing, other). ``make_chunks`` cuts the tree into
chunks that keep their heading path, role and character offsets.
"""

from __future__ import annotations

from summarizer.segment._chunking import make_chunks, split_sentences
from summarizer.segment._outline import Outline, segment

__all__ = ["Outline", "make_chunks", "segment", "split_sentences"]
