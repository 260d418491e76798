"""What PDF text layers (and text copied out of PDFs) do to Chinese, undone.

A CJK font draws 工 and the Kangxi radical ⼯ (U+2F2F) with one glyph, so a PDF's
ToUnicode map may name either: text printed by Chromium with Noto CJK comes back with
⼯作 for 工作, ⼀ for 一, ⻓ for 长. Radicals never occur in a report's prose, so they
are mapped to the unified ideograph they stand for (Unicode's
EquivalentUnifiedIdeograph.txt; NFKC covers the Kangxi block but only two of the
supplement's). CJK compatibility ideographs are canonically equal to their unified
ideograph (NFC). Every mapping is one code point to one, so offsets are unchanged.

Only for PDF text layers: Latin ligatures (ﬁ), the dash glyphs (⸺ and ―― for ——),
halfwidth CJK punctuation, vertical
presentation forms and full-width letters and digits become their ordinary forms;
the spaces a text layer puts around Latin runs inside Chinese (``2025 年 3 ⽉``,
``“ 十四五 ”``) go; a title spaced out letter by letter (``政 府 工 作 报 告``) is
closed up. Full-width punctuation (，（一）：) is what Chinese is written with and stays.
"""

from __future__ import annotations

import re
import unicodedata

# CJK Radicals Supplement (U+2E80–U+2EFF) → unified ideograph, from Unicode 14's
# EquivalentUnifiedIdeograph.txt: pairs of (radical, ideograph). U+2E80 and U+2E9A have
# no equivalent.
_RADICALS_SUPPLEMENT = (
    "⺁厂⺂乛⺃乚⺄乙⺅亻⺆冂⺇𠘨⺈刀⺉刂⺊卜⺋㔾⺌小⺍小⺎兀⺏尣⺐尢⺑𡯂⺒巳⺓幺⺔彑⺕彐⺖忄⺗心"
    "⺘扌⺙攵⺛旡⺜日⺝月⺞歺⺟母⺠民⺡氵⺢氺⺣灬⺤爫⺥爫⺦丬⺧牛⺨犭⺩王⺪𤴔⺫目⺬示⺭礻"
    "⺮𥫗⺯糹⺰纟⺱罓⺲罒⺳㓁⺴冗⺵𦉫⺶羊⺷𦍌⺸𦍋⺹耂⺺肀⺻聿⺼肉⺽𦥑⺾艹⺿艹⻀艹⻁虎⻂衤"
    "⻃覀⻄西⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶⻍辶⻎辶⻏邑⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝"
    "⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉"
    "⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟"
)


def _ideograph_forms() -> dict[int, str]:
    table = {
        ord(_RADICALS_SUPPLEMENT[i]): _RADICALS_SUPPLEMENT[i + 1]
        for i in range(0, len(_RADICALS_SUPPLEMENT), 2)
    }
    # Kangxi radicals: NFKC maps all 214 to their unified ideograph.
    for cp in range(0x2F00, 0x2FD6):
        table[cp] = unicodedata.normalize("NFKC", chr(cp))
    # CJK compatibility ideographs (and their supplement): NFC, where it changes anything
    # (twelve of them, 﨎 and friends, are unified ideographs in their own right).
    for cp in (*range(0xF900, 0xFB00), *range(0x2F800, 0x2FA20)):
        nfc = unicodedata.normalize("NFC", chr(cp))
        if nfc != chr(cp) and len(nfc) == 1:
            table[cp] = nfc
    return table


def _pdf_forms() -> dict[int, str]:
    # A font that draws —— as one two-em dash glyph names it U+2E3A (⸺); the author
    # typed two em dashes (the same for the three-em dash). Its em dash glyph may come
    # back as the horizontal bar ―, which GBK-era text also uses for it.
    table: dict[int, str] = {0x2E3A: "——", 0x2E3B: "———", 0x2015: "—"}
    ranges = (
        range(0xFB00, 0xFB07),  # Latin ligatures ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ
        range(0xFF61, 0xFF65),  # halfwidth ｡ ｢ ｣ ､
        range(0xFE10, 0xFE1A),  # vertical forms ︐ ︑ ︒ …
        range(0xFE30, 0xFE50),  # CJK compatibility forms (vertical brackets, dashes)
        range(0xFF10, 0xFF1A),  # full-width digits
        range(0xFF21, 0xFF3B),  # full-width capital letters
        range(0xFF41, 0xFF5B),  # full-width small letters
    )
    for cp in (c for r in ranges for c in r):
        nfkc = unicodedata.normalize("NFKC", chr(cp))
        if nfkc != chr(cp) and not nfkc.isspace():
            table[cp] = nfkc
    return table


IDEOGRAPH_FORMS: dict[int, str] = _ideograph_forms()
_PDF_FORMS: dict[int, str] = {**IDEOGRAPH_FORMS, **_pdf_forms()}

_IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# CJK punctuation: full-width forms and the CJK symbols block. (Quotation marks “” are
# shared with English, where their spaces are the author's; next to an ideograph the
# rule below removes them anyway.)
_CJK_PUNCT = "\u3000-\u303f\ufe30-\ufe4f\uff00-\uffef"
# A single space between a Chinese character or punctuation mark and anything that is
# not a Chinese character is extraction's, not the author's. Two ideographs apart stay
# apart (a byline's 县长 张三), and so do wider gaps (table columns).
_EXTRACTION_SPACE = re.compile(
    f"(?<=[{_CJK_PUNCT}]) (?=\\S)"
    f"|(?<=\\S) (?=[{_CJK_PUNCT}])"
    f"|(?<=[{_IDEOGRAPH}]) (?=[^\\s{_IDEOGRAPH}])"
    f"|(?<=[^\\s{_IDEOGRAPH}]) (?=[{_IDEOGRAPH}])"
)
_SPACED_OUT = re.compile(f"^[{_IDEOGRAPH}](?:[ \u3000]+[{_IDEOGRAPH}])+$")


def ideographs(text: str) -> str:
    """Radicals and compatibility ideographs as the unified ideographs they stand for."""
    return text.translate(IDEOGRAPH_FORMS)


def normalize_pdf_line(line: str) -> str:
    """A line of a PDF text layer as the author typed it (see the module docstring)."""
    line = line.translate(_PDF_FORMS).strip()
    if _SPACED_OUT.match(line):
        return re.sub("[ \u3000]+", "", line)
    return _EXTRACTION_SPACE.sub("", line)
