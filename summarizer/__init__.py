"""summarizer: structured, grounded summaries of long reports.

    >>> from summarizer import summarize, Settings
    >>> summary = summarize("evals/reports/luolong-2025.txt", Settings(engine="rules"))
    >>> summary.goals[0].quote

Public API: ``summarize``/``asummarize`` (a path, text or ``Document`` in, a
``ReportSummary`` out), ``load_document``, ``Settings``, the output models and the
exception tree rooted at ``SummarizerError``.
"""

# No ``from __future__ import annotations`` here: it would export a name ``annotations``.

__version__ = "0.1.0"

from summarizer.core.summary import DocumentInfo, IndicatorRow, Item, ReportSummary, RunInfo
from summarizer.core.types import Chunk, Document, Indicator
from summarizer.errors import (
    AuthenticationError,
    CacheMissError,
    ChunkFailedError,
    ConfigurationError,
    GoldFileError,
    InputError,
    ProviderError,
    StaleAnswersError,
    SummarizerError,
    TrackingError,
)
from summarizer.load import load_document
from summarizer.pipeline import asummarize, summarize
from summarizer.settings import Settings

__all__ = [
    "AuthenticationError",
    "CacheMissError",
    "Chunk",
    "ChunkFailedError",
    "ConfigurationError",
    "Document",
    "DocumentInfo",
    "GoldFileError",
    "Indicator",
    "IndicatorRow",
    "InputError",
    "Item",
    "ProviderError",
    "ReportSummary",
    "RunInfo",
    "Settings",
    "StaleAnswersError",
    "SummarizerError",
    "TrackingError",
    "__version__",
    "asummarize",
    "load_document",
    "summarize",
]
