"""Post-processing shared by every engine: grounding, merging, the indicator table.

- ``ground_items``: each item's quote located in the document (exact, then normalised
  for whitespace and full/half width, then fuzzy within its chunk); the quote becomes the
  source text of that span; ungrounded items are dropped and counted; items with numbers
  absent from the source are flagged.
- ``merge_items``: near-duplicates of a category collapse into the better-grounded one.
- ``build_indicator_rows``: achieved and targeted indicators as a table.
- ``in_span_coordinates``: every span of a summary moved from the cleaned text into the
  text the user has (``Document.span_text``), quotes read from there.
"""

from __future__ import annotations

from summarizer.postprocess._ground import GroundingResult, ground_items, locate_in_chunk
from summarizer.postprocess._indicator_rows import build_indicator_rows
from summarizer.postprocess._merge import MergeResult, is_duplicate, merge_items
from summarizer.postprocess._spans import in_span_coordinates
from summarizer.postprocess.locate import Located, locate_quote

__all__ = [
    "GroundingResult",
    "Located",
    "MergeResult",
    "build_indicator_rows",
    "ground_items",
    "in_span_coordinates",
    "is_duplicate",
    "locate_in_chunk",
    "locate_quote",
    "merge_items",
]
