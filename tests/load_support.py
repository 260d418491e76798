"""Builders for loader fixture files (docx, pdf, html, encoded text), written into tmp_path."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

REPORT_SAMPLE = (
    "政府工作报告",
    "一、2024年工作回顾",
    "全县地区生产总值完成21.17亿元，同比增长6.4%；社会消费品零售总额完成4.7亿元。",
    "二、2025年重点工作",
    "全力推动重点项目建设，确保完成固定资产投资12亿元以上。",
)


def write_encoded(path: Path, text: str, encoding: str) -> Path:
    """Write ``text`` in ``encoding`` (``utf-16`` writes a BOM, like Windows Notepad)."""
    path.write_bytes(text.encode(encoding))
    return path


def write_docx(
    path: Path,
    paragraphs: Sequence[tuple[str, str]],
    table: Sequence[Sequence[str]] = (),
) -> Path:
    """A real .docx; items are ``(style, text)``, style '' for body, else e.g. 'Heading 1'.

    ``table`` rows are added after the paragraphs; a row's first cell is merged with the
    second when the row has an empty second cell.
    """
    import docx

    document = docx.Document()
    for style, text in paragraphs:
        if style:
            document.add_paragraph(text, style=style)
        else:
            document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
            if len(row) > 1 and not row[1]:
                grid.cell(r, 0).merge(grid.cell(r, 1))
    document.save(str(path))
    return path


def write_pdf(path: Path, pages: Sequence[Sequence[str]]) -> Path:
    """A PDF whose text layer holds ``pages`` (lines per page), CJK included.

    Glyphs are written as two-byte codes (Identity-H) with a ToUnicode map, which is how
    real Chinese PDFs carry their text layer; the font itself is not embedded.
    """
    chars = sorted({ch for page in pages for line in page for ch in line})
    code = {ch: i + 1 for i, ch in enumerate(chars)}
    cmap_lines = [f"<{code[ch]:04X}> <{ord(ch):04X}>" for ch in chars]
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(cmap_lines)} beginbfchar\n" + "\n".join(cmap_lines) + "\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    objects: list[bytes] = []
    page_ids: list[int] = []
    # 1 catalog, 2 pages, 3 font, 4 descendant font, 5 tounicode, then page/content pairs.
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"")  # pages, filled in below
    objects.append(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>"
    )
    objects.append(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDToGIDMap /Identity "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor << /Type /FontDescriptor /FontName /SimSun /Flags 4 "
        b"/FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 "
        b"/StemV 80 >> /DW 1000 >>"
    )
    objects.append(_stream(cmap.encode("ascii")))
    for page in pages:
        ops = ["BT", "/F1 12 Tf", "14 TL", "50 780 Td"]
        for line in page:
            ops.append("<" + "".join(f"{code[ch]:04X}" for ch in line) + "> Tj T*")
        ops.append("ET")
        content_id = len(objects) + 2
        page_ids.append(len(objects) + 1)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>".encode()
        )
        objects.append(_stream("\n".join(ops).encode("ascii")))
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects[1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()
    path.write_bytes(_pdf_file(objects))
    return path


def write_blank_pdf(path: Path, pages: int = 2) -> Path:
    """A valid PDF with blank pages only: no text layer, like a scan."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _pdf_file(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def html_page(body: str, *, title: str = "", charset: str | None = "utf-8") -> str:
    """A full HTML page with navigation, header, footer, script and style around ``body``."""
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{title}</title>"
        "<style>p { color: red; }</style><script>var 统计 = '脚本内容';</script></head><body>"
        "<header>网站页头 首页</header><nav><a href='/'>首页</a> <a href='/x'>政务公开</a></nav>"
        f"<main>{body}</main>"
        "<footer>版权所有 网站标识码</footer><script>console.log('页脚脚本')</script>"
        "</body></html>"
    )
