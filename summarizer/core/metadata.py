"""Document metadata: title, issuer, date, period, language — where detectable."""

from __future__ import annotations

import re

from summarizer.core.summary import DocumentInfo
from summarizer.core.types import Document

_HEAD_CHARS = 800
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISSUER = re.compile(
    r"([\u4e00-\u9fff]{2,12}?(?:自治区|省|市|自治州|州|县|区|旗|镇|乡)人民政府)|"
    r"在([\u4e00-\u9fff]{2,16}?(?:自治区|省|市|自治州|州|县|区|旗))"
    r"(?:第[\u4e00-\u9fff]+届|[\u4e00-\u9fff]{0,4}届)"
)
_PLACE_IN_TITLE = re.compile(r"^([\u4e00-\u9fff]{2,12}?(?:自治区|省|市|自治州|州|县|区|旗))")
_PLAN_YEAR = re.compile(
    r"(\d{4})年(?:[^\n。]{0,6})(?:重点工作|工作安排|工作要点|主要任务|工作计划)"
)
_REVIEW_YEAR = re.compile(r"(\d{4})年(?:[^\n。]{0,6})工作回顾")


def _language(text: str) -> str:
    sample = text[:5000]
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
    return "zh" if cjk >= latin else "en"


def document_info(document: Document) -> DocumentInfo:
    """Describe ``document``: title, issuer, date of delivery and period covered."""
    text = document.text
    head = text[document.content_start : document.content_start + _HEAD_CHARS]
    date = ""
    m = _DATE.search(head)
    if m:
        date = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    issuer = ""
    title_place = _PLACE_IN_TITLE.match(document.title or "")
    m2 = _ISSUER.search(head)
    if title_place and "人民政府" in (document.title or ""):
        issuer = title_place.group(1) + "人民政府"
    elif m2:
        issuer = m2.group(1) or f"{m2.group(2)}人民政府"
        # 我代表市人民政府: a speaker's phrase, not a named government.
        if "代表" in issuer or len(issuer) - len("人民政府") < 2:
            issuer = ""
    period = ""
    plan = _PLAN_YEAR.search(text, document.content_start)
    review = _REVIEW_YEAR.search(text, document.content_start)
    if plan:
        period = plan.group(1)
    elif review:
        period = str(int(review.group(1)) + 1)
    elif date:
        period = date[:4]
    return DocumentInfo(
        title=document.title,
        issuer=issuer,
        date=date,
        period=period,
        language=_language(text),
        source=document.source,
        format=document.format,
        encoding=document.encoding,
        content_hash=document.content_hash,
        chars=len(text),
    )
