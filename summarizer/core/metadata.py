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


# Scripts by Unicode range, and the language each stands for when it dominates.
_SCRIPTS: tuple[tuple[str, str, str], ...] = (
    ("\u3040", "\u30ff", "ja"),  # hiragana, katakana
    ("\uac00", "\ud7af", "ko"),  # hangul syllables
    ("\u0400", "\u04ff", "ru"),  # cyrillic
    ("\u0600", "\u06ff", "ar"),  # arabic
    ("\u0e00", "\u0e7f", "th"),  # thai
    ("\u0f00", "\u0fff", "bo"),  # tibetan
    ("\u1800", "\u18af", "mn"),  # mongolian
)
# Frequent short words of the Latin-script languages a report may come in.
_LATIN_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split(" "))
    for lang, words in (
        ("en", "the and of to in is for on that with by are was be as"),
        ("fr", "le la les des et du une est pour dans que sur au par"),
        ("de", "der die das und den ist von mit für zu auf im nicht ein eine"),
        ("es", "el la los las y del que en por con una para es se"),
        ("pt", "o os as e do da dos das que em para com uma não"),
    )
}
_WORD = re.compile(r"[a-zà-ÿ]+")
_HAN = re.compile("[\u4e00-\u9fff]")
_SCRIPT_PATTERNS = tuple((lang, re.compile(f"[{lo}-{hi}]")) for lo, hi, lang in _SCRIPTS)


def detect_language(text: str) -> str:
    """The main language of ``text``: ``zh`` when Chinese characters outweigh the other
    scripts, else the script's language (``ja`` for kana, ``ko``, ``ru``, …), and for Latin
    script the language whose frequent words it uses most (``en`` by default); ``und``
    when there are no letters at all.

    Read from a sample spread over the whole text, so that an English abstract ahead of
    a Chinese report (or the reverse) does not decide. A word counts as much as a
    character: English names and acronyms in a Chinese report (GDP, 5G) do not tip it.
    """
    step = max(1, len(text) // 4)
    sample = "".join(text[i : i + 3000] for i in range(0, len(text), step))[:12000]
    # Counted by regular expressions (in C): a loop over the characters cost 8 ms a report.
    han = len(_HAN.findall(sample))
    counts = {lang: len(pattern.findall(sample)) for lang, pattern in _SCRIPT_PATTERNS}
    words = _WORD.findall(sample.lower())
    other, other_count = max(counts.items(), key=lambda kv: kv[1])
    if counts["ja"] and counts["ja"] * 4 >= han:
        # Japanese writes kanji among its kana: kana in good measure make it Japanese.
        return "ja"
    if han >= max(other_count, len(words)) and han:
        return "zh"
    if other_count >= len(words) and other_count:
        return other
    if not words:
        return "und"
    scores = {lang: sum(1 for w in words if w in vocab) for lang, vocab in _LATIN_WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] else "en"


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
        language=detect_language(text),
        source=document.source,
        format=document.format,
        encoding=document.encoding,
        content_hash=document.content_hash,
        chars=len(text),
    )
