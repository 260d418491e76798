"""Document metadata: title, issuer, date or period, language. STUB."""

from __future__ import annotations

from summarizer.core.summary import DocumentInfo
from summarizer.core.types import Document


def document_info(document: Document) -> DocumentInfo:
    """Describe ``document`` (title, issuer, date/period where detectable)."""
    return DocumentInfo(
        title=document.title,
        source=document.source,
        format=document.format,
        encoding=document.encoding,
        content_hash=document.content_hash,
        chars=len(document.text),
    )
