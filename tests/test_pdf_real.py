"""PDFs as real tools make them: a text layer with Kangxi radicals for ideographs, spaces
around Latin runs, spaced-out titles, and a printer's header and footer on every page.

The browser tests print the bundled reports with headless Chromium (and the Noto CJK
font, as CI installs it) and check that the PDF reads as its text and yields its items.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from summarizer.core.summary import ReportSummary
from summarizer.core.types import Document
from summarizer.load import load_document
from summarizer.pipeline import asummarize_document
from summarizer.postprocess.locate import normalize
from summarizer.segment import segment
from summarizer.settings import Settings
from tests.conftest import REPORT_NAMES, REPORTS_DIR
from tests.load_support import write_pdf
from tests.pdf_support import chromium_or_skip, printed_report

_RADICALS = re.compile("[\u2e80-\u2fdf]")


def _summary(document: Document) -> ReportSummary:
    return asyncio.run(asummarize_document(document, Settings(engine="rules")))


# --- what a text layer does to Chinese, in a PDF written by hand ------------------------------


def test_radicals_and_extraction_spaces_are_undone(tmp_path: Path) -> None:
    pdf = write_pdf(
        tmp_path / "radicals.pdf",
        [
            [
                "政 府 ⼯ 作 报 告",
                "2025 年重点⼯作",
                "（⼀）聚焦建设平安洛隆，千⽅百计维护社会和谐稳定",
                "全⾯推进 “ 平安洛隆 ” 建设，确保完成固定资产投资 12 亿元以上。",
                "⻓期坚持⾼质量发展，⼈均可⽀配收⼊增⻓ ６．４％ 左右。",
                "ﬁle 字样与 ⸺ 破折号",
            ]
        ],
    )
    doc = load_document(pdf)
    assert doc.text.split("\n") == [
        "政府工作报告",
        "2025年重点工作",
        "（一）聚焦建设平安洛隆，千方百计维护社会和谐稳定",
        "全面推进“平安洛隆”建设，确保完成固定资产投资12亿元以上。",
        "长期坚持高质量发展，人均可支配收入增长6．4％左右。",
        "file字样与——破折号",
    ]
    assert doc.title == "政府工作报告"
    assert [s.title for s in segment(doc).walk()][:2] == [
        "2025年重点工作",
        "聚焦建设平安洛隆，千方百计维护社会和谐稳定",
    ]
    goals = [g.quote for g in _summary(doc).goals]
    assert any("固定资产投资12亿元以上" in q for q in goals), goals


def test_a_printed_header_and_footer_on_every_page_are_dropped(tmp_path: Path) -> None:
    body = [
        "一、2024年工作回顾",
        "全县地区生产总值完成21.17亿元，同比增长6.4%；社会消费品零售总额完成4.7亿",
        "元，同比增长8.1%，增速全市第一。",
        "二、2025年重点工作",
        "全力推动重点项目建设，确保完成固定资产投资12亿元以上，新开工项目",
        "30个以上。",
    ]
    pages = [
        [
            *body[i : i + 2],
            "12/5/26, 3:34 PM",
            f"file:///tmp/report.txt {i // 2 + 1}/3",
        ]
        for i in range(0, len(body), 2)
    ]
    pages[0].insert(0, "政府工作报告")
    doc = load_document(write_pdf(tmp_path / "printed.pdf", pages))
    assert "file://" not in doc.text
    assert "PM" not in doc.text
    # (A page break is a blank line: where a paragraph ended on it, it shows.)
    assert [line for line in doc.text.split("\n") if line] == [
        "政府工作报告",
        "一、2024年工作回顾",
        "全县地区生产总值完成21.17亿元，同比增长6.4%；社会消费品零售总额完成4.7亿元，同比增长8.1%，增速全市第一。",
        "二、2025年重点工作",
        "全力推动重点项目建设，确保完成固定资产投资12亿元以上，新开工项目30个以上。",
    ]


@pytest.mark.parametrize(
    "footer",
    ["共9页 第3页", "3 / 9", "Page 3 of 9"],  # (- 3 - and 第3页 were dropped already)
)
def test_page_numbers_in_their_usual_shapes_are_dropped(tmp_path: Path, footer: str) -> None:
    first = "全县地区生产总值完成21.17亿元，同比增长6.4%；社会消费品零售总额完成"
    pages = [[first, footer.replace("3", "2")], ["4.7亿元，同比增长8.1%，增速全市第一。", footer]]
    doc = load_document(write_pdf(tmp_path / "numbers.pdf", pages))
    assert doc.text == first + "4.7亿元，同比增长8.1%，增速全市第一。"


def test_a_metadata_title_that_names_a_file_is_no_title(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    source = write_pdf(tmp_path / "plain.pdf", [["各位代表：", "现在，我代表县人民政府报告工作。"]])
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.add_metadata({"/Title": "nyingchi-2024.txt"})
    named = tmp_path / "named.pdf"
    with named.open("wb") as fh:
        writer.write(fh)
    assert load_document(named).title == ""


# --- the bundled reports printed by Chromium ---------------------------------------------------

# Chromium draws the gazette's Tibetan masthead line with glyphs it maps to no Unicode
# text, and its lone "2025" above the masthead reads as a page number.
_LOST_IN_PRINT = {
    "xizang-2025-gazette.txt": ("2025", "བོད་ཀྱི་རྒྱལ་ཁབ་སྲིད་གཞི་"),
}


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("name", REPORT_NAMES)
def test_a_chromium_pdf_reads_as_its_text(name: str) -> None:
    pdf = load_document(printed_report(chromium_or_skip(), name))
    text = load_document(REPORTS_DIR / name)
    assert not _RADICALS.search(pdf.text)
    assert "file://" not in pdf.text
    expected = normalize(text.text)
    for lost in _LOST_IN_PRINT.get(name, ()):
        line = next(line for line in text.text.split("\n") if line.startswith(lost))
        expected = expected.replace(normalize(line), "", 1)
    assert normalize(pdf.text) == expected
    assert pdf.title == text.title
    assert pdf.text[pdf.content_start :].startswith(text.text[text.content_start :][:6])
    assert [s.title for s in segment(pdf).walk()] == [s.title for s in segment(text).walk()]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("as_page", [False, True], ids=["printed-text", "printed-page"])
@pytest.mark.parametrize("name", REPORT_NAMES)
def test_a_chromium_pdf_gives_the_items_of_its_text(name: str, as_page: bool) -> None:
    printed = printed_report(chromium_or_skip(), name, as_page=as_page)
    pdf = _summary(load_document(printed))
    text = _summary(load_document(REPORTS_DIR / name))
    for category in ("goals", "achievements", "problems"):
        n, m = len(getattr(text, category)), len(getattr(pdf, category))
        assert abs(n - m) <= max(1, round(0.03 * n)), (category, n, m)
    from_text = {normalize(i.quote) for i in text.items}
    from_pdf = {normalize(i.quote) for i in pdf.items}
    assert len(from_text & from_pdf) >= 0.95 * len(from_text)
