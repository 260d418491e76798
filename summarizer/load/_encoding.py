"""Text encoding detection: decode exactly, or fail with a clear error — never guess silently.

Order: byte-order marks; strict UTF-8; UTF-16 without BOM when the NUL pattern is
unmistakable; strict GB18030 (a superset of GBK and GB2312) checked for plausibility;
charset-normalizer as the last resort. Anything left is an ``InputError``.
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING

from summarizer.errors import InputError

if TYPE_CHECKING:
    from charset_normalizer import CharsetMatch

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office file (.doc/.xls); save it as .docx"),
    (b"%PDF-", "a PDF file"),
)

# Control characters other than tab, newline, carriage return, form feed, vertical tab
# and escape never occur in a text report; a few of them mean the bytes are not text.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")

# Scripts a GB18030 document plausibly contains. Random or mis-identified bytes decode
# to private-use, rare-extension and unrelated-script characters instead.
_PLAUSIBLE_NON_ASCII = re.compile(
    "["
    "\u00a0-\u024f"  # Latin-1 supplement, Latin extended
    "\u0370-\u04ff"  # Greek, Cyrillic (both in GB2312)
    "\u0600-\u06ff"  # Arabic script (Uyghur)
    "\u0f00-\u0fff"  # Tibetan
    "\u1800-\u18af"  # Mongolian
    "\u2000-\u22ff"  # punctuation, letterlike, number forms, arrows, maths
    "\u2460-\u24ff\u2500-\u257f\u25a0-\u26ff"  # enclosed numbers, box drawing, shapes
    "\u3000-\u303f\u3200-\u33ff"  # CJK punctuation, enclosed CJK, compatibility
    "\u3040-\u30ff\u3100-\u312f"  # kana, bopomofo (in GBK)
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\ufe30-\ufe4f\uff00-\uffef"  # CJK compatibility forms, full/half width
    "]"
)


def binary_kind(data: bytes) -> str | None:
    """What a binary file looks like ('a PNG image'), or None if nothing is recognised."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def decode_bytes(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` into ``(text, encoding)``; ``InputError`` naming ``name`` if impossible.

    ``declared`` is an encoding the file itself names (an HTML ``<meta charset>``); it is
    used when the bytes decode under it strictly.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, name), encoding
    if declared:
        try:
            return data.decode(declared), codecs.lookup(declared).name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall back to detection
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error: UnicodeDecodeError | None = exc
    else:
        return _reject_binary(text, data, name), "utf-8"

    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise InputError(_binary_message(data), path=name)
        return _reject_binary(_strict(data, utf16, name), data, name), utf16

    if utf8_error is not None and _mostly_utf8(data):
        raise InputError(
            f"undecodable bytes: invalid UTF-8 at byte {utf8_error.start} "
            "of an otherwise UTF-8 file",
            path=name,
        )

    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    legacy = _chinese_legacy(data)
    if legacy is not None and not _detection_disagrees(legacy, matches):
        return _reject_binary(legacy[0], data, name), legacy[1]
    guessed = _detected(matches, name)
    if guessed is not None:
        return _reject_binary(guessed[0], data, name), guessed[1]
    kind = binary_kind(data)
    if kind is not None:
        raise InputError(f"looks like {kind}, not a text report", path=name)
    raise InputError(
        "undecodable bytes: not UTF-8, UTF-16 or GB18030/GBK, and no other encoding fits; "
        "convert the file to UTF-8",
        path=name,
    )


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"undecodable bytes: invalid {encoding} at byte {exc.start}", path=name
        ) from None


def _binary_message(data: bytes) -> str:
    kind = binary_kind(data)
    if kind is None:
        return "is a binary file, not a text report"
    return f"looks like {kind}, not a text report"


def _reject_binary(text: str, data: bytes, name: str) -> str:
    controls = len(_CONTROL.findall(text))
    if controls and controls > max(2, len(text) // 1000):
        raise InputError(_binary_message(data), path=name)
    return text


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit in every other byte as ASCII in UTF-16 does."""
    if len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    even_nuls = even.count(0)
    odd_nuls = odd.count(0)
    half = len(data) // 2
    if odd_nuls > 0.3 * half and even_nuls == 0 and _ascii_beside_nuls(even, odd):
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls == 0 and _ascii_beside_nuls(odd, even):
        return "utf-16-be"
    return None


def _ascii_beside_nuls(low: bytes, high: bytes) -> bool:
    """True when the code units whose high byte is NUL are printable ASCII, as in text
    (binary data such as ``00 ff 00 ff`` has NULs in every other byte too)."""
    printable = [b for b, h in zip(low, high, strict=True) if h == 0]
    text_like = sum(1 for b in printable if 0x20 <= b < 0x7F or b in (0x09, 0x0A, 0x0D))
    return text_like >= 0.9 * len(printable)


def _mostly_utf8(data: bytes) -> bool:
    """True when the bytes are UTF-8 with a few damaged sequences, not a legacy encoding."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return good >= 20 and bad <= good // 20


def _chinese_legacy(data: bytes) -> tuple[str, str] | None:
    """Decode as GB18030 (or Big5, which GB18030 also accepts byte for byte) when plausible."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    non_ascii = sum(1 for ch in text if ord(ch) > 0x7F)
    implausible = non_ascii - len(_PLAUSIBLE_NON_ASCII.findall(text))
    if non_ascii == 0 or implausible > non_ascii // 50:
        return None
    # Simplified Chinese prose is almost all GB2312; Big5 bytes read as GBK are not.
    outside_gb2312 = data.decode("gb2312", errors="replace").count("\ufffd")
    if outside_gb2312 > non_ascii * 0.3:
        try:
            return data.decode("big5"), "big5"
        except UnicodeDecodeError:
            # Traditional Chinese in GBK, or another double-byte encoding (Shift_JIS):
            # let detection decide.
            return None
    return text, "gb18030"


def _detection_disagrees(legacy: tuple[str, str], matches: list[CharsetMatch]) -> bool:
    """charset-normalizer clearly prefers a non-Chinese reading (EUC-KR and Shift_JIS bytes
    are valid GB18030 too, so strict decoding alone cannot tell them apart)."""
    if not matches or str(matches[0]) == legacy[0]:
        return False
    same = [m.chaos for m in matches if str(m) == legacy[0]]
    return matches[0].chaos < (same[0] if same else 1.0)


def _detected(matches: list[CharsetMatch], name: str) -> tuple[str, str] | None:
    """charset-normalizer's answer, only when it is clean and unambiguous."""
    if not matches or matches[0].chaos > 0.1:
        return None
    best = matches[0]
    rivals = [
        m.encoding
        for m in matches[1:]
        if m.chaos <= best.chaos + 0.01
        and m.coherence >= best.coherence - 0.01
        and str(m) != str(best)
    ]
    if rivals:
        candidates = ", ".join([best.encoding, *rivals[:3]])
        raise InputError(
            f"ambiguous text encoding (could be {candidates}); convert the file to UTF-8", path=name
        )
    return str(best), best.encoding
