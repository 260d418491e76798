"""Per-format text extraction into ``Block`` lists.

python-docx, pypdf and BeautifulSoup are imported inside the function for their format,
so loading a plain-text report never pays for them.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from summarizer.errors import InputError
from summarizer.load._cjk import normalize_pdf_line
from summarizer.load._clean import (
    Block,
    blocks_from_lines,
    clean_line,
    clean_line_mapped,
    normalize_newlines,
    split_lines,
)
from summarizer.load._pdf import document_title, drop_running_lines
from summarizer.load._zip import check_zip
from summarizer.settings import DEFAULT_MAX_INFLATED_BYTES

if TYPE_CHECKING:
    from bs4.element import PageElement

FORMAT_BY_SUFFIX: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
UNSUPPORTED_SUFFIXES: dict[str, str] = {
    ".doc": "legacy Word .doc files are not supported; save it as .docx",
    ".wps": "WPS files are not supported; save it as .docx",
    ".rtf": "RTF files are not supported; save it as .docx or .txt",
    ".odt": "OpenDocument files are not supported; save it as .docx",
}

_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<!--)", re.IGNORECASE)
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_MD_FENCE = re.compile(r"^\s*(```|~~~)")
_DOCX_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")
_CJK_CHAR = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_LINE_BREAK = re.compile(f"(?<=[{_CJK_CHAR}])[ \\t\\r\\f]*\\n[ \\t\\r\\n\\f]*(?=[{_CJK_CHAR}])")


def sniff_format(data: bytes) -> str | None:
    """Format of content whose name says nothing: 'pdf', 'docx', 'html', or None (text)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
        return "docx"
    if _HTML_START.match(data[:1024]) or re.search(rb"<html[\s>]", data[:4096], re.IGNORECASE):
        return "html"
    return None


def looks_like_markdown(text: str) -> bool:
    """A text with at least one ATX heading line is treated as markdown."""
    return any(_MD_HEADING.match(line) for line in text[:20000].split("\n"))


def markdown_blocks(text: str, *, track: bool = False) -> tuple[list[Block], str]:
    """Lines of a markdown text; ``#`` headings become heading blocks without their markers.

    ``track`` records each block's ``origin`` in ``text``.
    """
    blocks: list[Block] = []
    gap = False
    in_fence = False
    for pos, raw in split_lines(text):
        if _MD_FENCE.match(raw):
            in_fence = not in_fence
            continue
        stripped = raw.strip()
        match = None if in_fence else _MD_HEADING.match(stripped)
        if match:
            content = match.group(2)
            at = pos + len(raw) - len(raw.lstrip()) + match.start(2)
        else:
            content, at = raw, pos
        line, origin = clean_line_mapped(content, at) if track else (clean_line(content), ())
        if not line:
            gap = bool(blocks)
            continue
        blocks.append(Block(line, len(match.group(1)) if match else 0, gap, origin))
        gap = False
    return blocks, ""


def docx_blocks(
    data: bytes, name: str, max_inflated_bytes: int = DEFAULT_MAX_INFLATED_BYTES
) -> tuple[list[Block], str]:
    """Paragraphs and table rows of a .docx; Heading/标题 styles and outline levels → headings.

    Returns the blocks and the title (the ``Title`` style paragraph or core property).
    A package that inflates to more than ``max_inflated_bytes`` is refused unread.
    """
    import zipfile

    import docx
    from docx.table import Table

    check_zip(data, name, max_inflated_bytes)
    try:
        document = docx.Document(io.BytesIO(data))
        content = list(document.iter_inner_content())
        # Paragraph.style resolves the style afresh on every call (slow); map ids once.
        style_names = {style.style_id: style.name or "" for style in document.styles}
        title = document.core_properties.title or ""
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"corrupt .docx file ({_short(exc)})", path=name) from None
    except Exception as exc:  # python-docx raises many types on bad XML
        raise InputError(
            f"corrupt .docx file ({type(exc).__name__}: {_short(exc)})", path=name
        ) from None

    blocks: list[Block] = []
    for item in content:
        if isinstance(item, Table):
            for row in item.rows:
                # A merged cell appears once per grid column it spans; keep it once.
                seen: set[int] = set()
                cells: list[str] = []
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    text = clean_line(" ".join(normalize_newlines(cell.text).split("\n")))
                    if text:
                        cells.append(text)
                if cells:
                    blocks.append(Block("\t".join(cells)))
            continue
        style_id = item._p.style
        style_name = style_names.get(style_id, "") if style_id else ""
        level = _docx_level(style_name or "", item._p.xpath("./w:pPr/w:outlineLvl/@w:val"))
        if style_name == "Title":
            level = 1
        lines = [clean_line(line) for line in normalize_newlines(item.text).split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if level:
            text = " ".join(lines)
            blocks.append(Block(text, level))
            if style_name == "Title" and not title:
                title = text
        else:
            blocks.extend(Block(line) for line in lines)
    return blocks, clean_line(title)


def _docx_level(style_name: str, outline: list[str]) -> int:
    match = _DOCX_HEADING_STYLE.match(style_name.strip())
    if match:
        return min(int(match.group(1)), 6)
    if outline and outline[0].isdigit() and int(outline[0]) < 9:
        return min(int(outline[0]) + 1, 6)
    return 0


def pdf_blocks(data: bytes, name: str) -> tuple[list[Block], str]:
    """Text layer of a PDF, page by page: CJK normalised (``_cjk``), running headers,
    footers and page numbers dropped (``_pdf``)."""
    import logging

    from pypdf import PdfReader

    # pypdf logs recoverable damage as warnings; the load either works or raises.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("the PDF is password-protected", path=name)
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or ""
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        raise InputError(
            f"corrupt PDF file ({type(exc).__name__}: {_short(exc)})", path=name
        ) from None
    if not pages:
        raise InputError("the PDF has no pages", path=name)
    if not any(page.strip() for page in pages):
        raise InputError(
            f"the PDF has no text layer ({len(pages)} page(s) of images?); run OCR on it first",
            path=name,
        )
    # Text layers of Chinese PDFs carry radicals for ideographs and extraction spaces;
    # each page is normalised, then the print's running lines are dropped.
    pages_blocks = [
        [
            Block(line, b.level, b.gap)
            for b in blocks_from_lines(page)
            if (line := normalize_pdf_line(b.text))
        ]
        for page in pages
    ]
    blocks: list[Block] = []
    for page_blocks in drop_running_lines(pages_blocks):
        if page_blocks and blocks:
            # A page boundary is a line break like any other; rejoining decides later.
            page_blocks[0] = Block(page_blocks[0].text, 0, True)
        blocks.extend(page_blocks)
    return blocks, clean_line(document_title(str(title)))


def html_charset(data: bytes) -> str | None:
    """The charset an HTML file declares in a ``<meta>`` tag, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


_DROPPED_TAGS = (
    *("script", "style", "nav", "header", "footer"),
    *("noscript", "template", "iframe", "svg", "head"),
)
_BLOCK_TAGS = frozenset(
    (
        *("p", "div", "section", "article", "main", "aside", "ul", "ol", "li", "dl", "dt", "dd"),
        *("table", "thead", "tbody", "tfoot", "tr", "caption", "blockquote", "pre", "figure"),
        *("figcaption", "address", "form", "fieldset", "hr", "br", "h1", "h2", "h3", "h4", "h5"),
        "h6",
    )
)
# Marks a <br> in the text buffer; source newlines are only whitespace in HTML.
_BR = "\x00"
_HEADING_TAGS = {f"h{i}": i for i in range(1, 7)}


def html_blocks(text: str) -> tuple[list[Block], str]:
    """Visible text of an HTML page, one block per block element; h1–h6 → headings.

    Scripts, styles, navigation, headers and footers are dropped.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    title_tag = soup.find("title")
    title = clean_line(_html_inline(title_tag.get_text())) if title_tag else ""
    for tag in soup.find_all(list(_DROPPED_TAGS)):
        tag.decompose()
    root = soup.body or soup
    blocks: list[Block] = []
    buffer: list[str] = []

    def flush(level: int = 0) -> None:
        joined = "".join(buffer)
        buffer.clear()
        for line in joined.split(_BR):
            cleaned = clean_line(_html_inline(line))
            if cleaned:
                blocks.append(Block(cleaned, level))

    # An explicit stack, not recursion: a page may nest elements 100,000 deep (browsers
    # open it; Python's recursion limit is about 1,000). Entries are nodes to visit, or
    # None for "flush here" after a block element's content.
    from bs4.element import Comment, Doctype, NavigableString, ProcessingInstruction
    from bs4.element import Tag as _Tag

    pending: list[PageElement | None] = [root]
    while pending:
        node = pending.pop()
        if node is None:
            flush()
            continue
        if isinstance(node, (Comment, Doctype, ProcessingInstruction)):
            continue
        if isinstance(node, NavigableString):
            buffer.append(str(node))
            continue
        if not isinstance(node, _Tag):
            continue
        tag_name = node.name.lower()
        if node is not root:
            if tag_name in _HEADING_TAGS:
                flush()
                buffer.append(node.get_text())
                flush(_HEADING_TAGS[tag_name])
                continue
            if tag_name == "br":
                buffer.append(_BR)
                continue
            if tag_name in ("td", "th"):
                buffer.append("\t")
            elif tag_name in _BLOCK_TAGS:
                flush()
                pending.append(None)
        pending.extend(reversed(node.contents))
    flush()
    headings = [b for b in blocks if b.level]
    if not title and headings:
        title = headings[0].text
    return blocks, title


def _html_inline(text: str) -> str:
    """HTML whitespace: a source line break between CJK characters vanishes (CSS Text 3),
    any other run of whitespace is one space."""
    return _HTML_SPACE.sub(" ", _CJK_LINE_BREAK.sub("", text))


def _short(exc: BaseException) -> str:
    message = str(exc).strip().split("\n")[0]
    return message[:120] or type(exc).__name__
