"""Loading: formats, encodings, cleaning and front matter, on the bundled reports."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from summarizer.core.types import Document
from summarizer.errors import InputError
from summarizer.load import document_from_text, load_document
from summarizer.postprocess.locate import locate_quote, normalize
from tests.conftest import GOLD_DIR, REPORT_NAMES, REPORTS_DIR, RunCli
from tests.load_support import (
    REPORT_SAMPLE,
    html_page,
    write_docx,
    write_encoded,
    write_pdf,
)

GAZETTE = REPORTS_DIR / "xizang-2025-gazette.txt"
NUMBERED_LINE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、])"
)


def _lines(doc: Document) -> list[str]:
    return doc.text.split("\n")


def _raw(name: str) -> str:
    return (REPORTS_DIR / name).read_text("utf-8")


# --- the bundled reports -----------------------------------------------------------------


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_every_gold_quote_is_found_in_the_cleaned_content(name: str) -> None:
    doc = load_document(REPORTS_DIR / name)
    gold = json.loads((GOLD_DIR / name.replace(".txt", ".json")).read_text("utf-8"))
    assert gold["labels"]
    for label in gold["labels"]:
        found = locate_quote(doc.text, label["quote"])
        assert found is not None, label["quote"]
        assert found.start >= doc.content_start, f"quote in front matter: {label['quote']}"


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_cleaning_keeps_every_visible_character_but_artifacts(name: str) -> None:
    raw = _raw(name).replace("[bookmark: _GoBack]", "")
    assert normalize(load_document(REPORTS_DIR / name).text) == normalize(raw)


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_numbered_lines_still_start_a_line_after_rejoining(name: str) -> None:
    starts = {line[:12] for line in _lines(load_document(REPORTS_DIR / name))}
    raw = _raw(name).replace("[bookmark: _GoBack]", "")
    numbered = [line.strip()[:12] for line in raw.split("\n") if NUMBERED_LINE.match(line)]
    assert numbered
    assert [n for n in numbered if n not in starts] == []


def test_bundled_reports_are_utf8_text() -> None:
    doc = load_document(REPORTS_DIR / "luolong-2025.txt")
    assert (doc.format, doc.encoding, doc.source) == (
        "txt",
        "utf-8",
        str(REPORTS_DIR / "luolong-2025.txt"),
    )


def test_bookmark_artifact_is_removed_from_real_text() -> None:
    assert "[bookmark: _GoBack]" in _raw("luolong-2024.txt")
    doc = load_document(REPORTS_DIR / "luolong-2024.txt")
    assert "bookmark" not in doc.text
    assert "（6） 强交流、同发力，推动援藏工作取得实效" in _lines(doc)


def test_page_broken_sentences_are_rejoined_in_the_gazette() -> None:
    raw = GAZETTE.read_text("utf-8")
    assert "牢固树立总体国家\n\n\n\n安全观" in raw
    doc = load_document(GAZETTE)
    assert "一是稳定态势持续向好。牢固树立总体国家安全观，始终保持反分裂反渗透高压态势" in doc.text
    # A break after a single character and a break with only one blank line are rejoined too.
    assert "文化产业产值增长22%，全年旅游接待人次" in doc.text
    assert "60年来，西藏经济总量" in doc.text


def test_rejoining_does_not_glue_headings_or_labels() -> None:
    gazette = _lines(load_document(GAZETTE))
    for heading in (
        "2024年工作回顾",
        "2025年工作安排",
        "政府工作报告",
        "(自治区代理主席 嘎玛泽登)",
    ):
        assert heading in gazette
    luolong = _lines(load_document(REPORTS_DIR / "luolong-2025.txt"))
    assert "洛隆县委副书记、县长  巴桑次仁" in luolong
    assert "各位代表：" in luolong


@pytest.mark.parametrize(
    "text",
    [
        "坚持稳中求进，推动高质量发展\n全年地区生产总值增长6%，经济运行总体平稳。",
        "2025年工作安排\n\n今年是“十四五”规划收官之年，做好政府工作意义重大。",
        "洛隆县委副书记、县长  巴桑次仁\n各位代表：",
        "（一）坚决维护社会和谐稳定，推进民族团结进步\n扎实推进中华民族共同体建设，取得新成效。",
        "一是稳定态势持续向好。牢固树立总体国家\n\n（二）全力以赴稳预期促增长。",
    ],
)
def test_headings_and_labels_are_never_glued_to_the_next_line(text: str) -> None:
    assert document_from_text(text).text == text


def test_gazette_front_matter_is_kept_out_of_the_content() -> None:
    doc = load_document(GAZETTE)
    front, content = doc.text[: doc.content_start], doc.text[doc.content_start :]
    for masthead in ("西藏自治区人民政府公报", "编辑委员会", "责任编辑", "目 录"):
        assert masthead in front
        assert masthead not in content
    assert content.startswith("政府工作报告\n\n(自治区代理主席 嘎玛泽登)")
    assert doc.title == "政府工作报告"


def test_front_matter_with_a_dotted_table_of_contents() -> None:
    text = (
        "某市人民政府公报\n2025年第2期\n主办：某市人民政府办公室\n\n目　录\n"
        "政府工作报告……………………1\n关于2024年预算执行情况的报告……………15\n\n"
        "政府工作报告\n——2025年1月10日在某市人民代表大会上\n市长　张三\n"
        "各位代表：现在，我代表市人民政府，向大会报告政府工作，请予审议。\n"
    )
    doc = document_from_text(text)
    assert doc.text[doc.content_start :].startswith("政府工作报告\n——2025年1月10日")
    assert doc.title == "政府工作报告"


def test_contents_without_a_repeated_title_start_above_the_first_paragraph() -> None:
    text = (
        "内部资料\n目录\n一、工作回顾\n二、工作安排\n"
        "区长　李四\n各位代表：现在，我代表区人民政府，向大会报告工作，请予审议。\n"
    )
    doc = document_from_text(text)
    assert doc.text[doc.content_start :].startswith("区长　李四\n各位代表")


@pytest.mark.parametrize("name", [n for n in REPORT_NAMES if "gazette" not in n])
def test_reports_without_front_matter_start_at_zero(name: str) -> None:
    assert load_document(REPORTS_DIR / name).content_start == 0


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("luolong-2025.txt", "政府工作报告"),
        ("nedong-2025-workplan.txt", "乃东区人民政府2025年工作要点"),
        ("nyingchi-2024.txt", ""),  # it opens with 各位代表：, no title line
    ],
)
def test_title_is_the_line_naming_the_report(name: str, title: str) -> None:
    assert load_document(REPORTS_DIR / name).title == title


# --- cleaning ------------------------------------------------------------------------------


def test_invisible_characters_nbsp_and_crlf_are_cleaned_in_real_text() -> None:
    paragraph = _raw("nyingchi-2024.txt").split("\n")[6]
    assert len(paragraph) > 100
    dirty = "\ufeff" + paragraph[:20] + "\u200b" + paragraph[20:40] + "\u00a0" + paragraph[40:]
    doc = document_from_text(dirty.replace("。", "。\u200d") + "\r\n\r\n2023年工作回顾\r\n")
    expected = paragraph[:40] + " " + paragraph[40:]
    assert _lines(doc) == [expected, "", "2023年工作回顾"]


_ALPHABET = [
    *"政府工作报告一二三、（）1.。，；：“”年增长%",
    "\n",
    "\r",
    " ",
    "\u00a0",
    "\u200b",
    "\t",
]


@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=200))
@settings(max_examples=150, deadline=None)
def test_cleaning_only_removes_whitespace_and_invisible_characters(text: str) -> None:
    assume(normalize(text))
    doc = document_from_text(text)
    assert normalize(doc.text) == normalize(text)
    assert "\r" not in doc.text and "\u200b" not in doc.text and "\u00a0" not in doc.text
    for hint in doc.heading_hints:
        assert doc.text[hint.start : hint.end] == hint.text


# --- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "recorded"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16-le"),  # Python writes a little-endian BOM
        ("utf-16-be-bom", "utf-16-be"),
    ],
)
def test_encodings_are_detected_exactly(tmp_path: Path, encoding: str, recorded: str) -> None:
    text = _raw("luolong-2025.txt")
    path = tmp_path / "report.txt"
    if encoding == "utf-16-be-bom":
        path.write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    else:
        write_encoded(path, text, encoding)
    doc = load_document(path)
    assert doc.encoding == recorded
    assert doc.text == load_document(REPORTS_DIR / "luolong-2025.txt").text


def test_bomless_utf16_is_read_but_nul_patterned_binary_is_not(tmp_path: Path) -> None:
    text = "Annual report 2024: GDP grew 6.4%, 新建学校3所.\n" * 20
    readable = tmp_path / "utf16.txt"
    readable.write_bytes(text.encode("utf-16-le"))
    assert load_document(readable).encoding == "utf-16-le"
    # NULs in every other byte, as in UTF-16, but no text beside them.
    binary = tmp_path / "data.txt"
    binary.write_bytes(b"\x00\xff" * 100)
    with pytest.raises(InputError, match="binary"):
        load_document(binary)


def test_big5_is_not_misread_as_gbk(tmp_path: Path) -> None:
    text = "政府工作報告\n各位代表：現在，我代表縣人民政府，向大會報告政府工作，請予審議。\n" * 5
    doc = load_document(write_encoded(tmp_path / "tw.txt", text, "big5"))
    assert doc.encoding == "big5"
    assert "我代表縣人民政府" in doc.text


def test_korean_euc_kr_is_not_misread_as_gbk(tmp_path: Path) -> None:
    # EUC-KR bytes are valid GB18030 too; only detection can tell them apart.
    text = "정부 업무 보고서입니다. 한국어 텍스트를 올바르게 읽을 수 있는지 확인합니다.\n" * 10
    doc = load_document(write_encoded(tmp_path / "ko.txt", text, "euc-kr"))
    assert doc.encoding == "cp949"
    assert "한국어 텍스트를" in doc.text


def test_an_ambiguous_legacy_encoding_is_an_error_not_a_guess(tmp_path: Path) -> None:
    # Short Latin text in cp1252 reads as cp1250 or cp1257 just as well (è or č?).
    text = "Le café est très bon, l'élève est naïve.\n" * 10
    with pytest.raises(InputError, match=r"fr\.txt: ambiguous text encoding .*convert the file"):
        load_document(write_encoded(tmp_path / "fr.txt", text, "cp1252"))


def test_one_bad_byte_in_a_utf8_file_is_an_error_not_a_guess(tmp_path: Path) -> None:
    text = _raw("luolong-2025.txt")
    at = len(text[:1000].encode("utf-8"))
    data = text.encode("utf-8")
    path = tmp_path / "damaged.txt"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    with pytest.raises(
        InputError, match=rf"damaged\.txt: undecodable bytes: invalid UTF-8 at byte {at}"
    ):
        load_document(path)


# --- formats -------------------------------------------------------------------------------


def test_markdown_headings_become_hints_without_their_markers(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text(
        "# 某县政府工作报告\n\n## 一、2024年工作回顾\n\n地区生产总值增长6.4%。\n\n"
        "```\n# not a heading\n```\n\n### （一）经济发展 ###\n\n项目建设提速。\n",
        "utf-8",
    )
    doc = load_document(path)
    assert doc.format == "md"
    assert [(h.level, h.text) for h in doc.heading_hints] == [
        (1, "某县政府工作报告"),
        (2, "一、2024年工作回顾"),
        (3, "（一）经济发展"),
    ]
    for hint in doc.heading_hints:
        assert doc.text[hint.start : hint.end] == hint.text
    assert "#" not in doc.text.replace("# not a heading", "")
    assert doc.title == "某县政府工作报告"


def test_docx_heading_styles_become_hints(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "report.docx",
        [
            ("Title", "某县2025年政府工作报告"),
            ("Heading 1", "一、2024年工作回顾"),
            ("", "全县地区生产总值完成21.17亿元，同比增长6.4%。[bookmark: _GoBack]"),
            ("Heading 2", "（一）经济发展"),
            ("", "项目建设\u00a0提速。"),
        ],
    )
    doc = load_document(path)
    assert (doc.format, doc.encoding, doc.title) == ("docx", None, "某县2025年政府工作报告")
    assert [(h.level, h.text) for h in doc.heading_hints] == [
        (1, "某县2025年政府工作报告"),
        (1, "一、2024年工作回顾"),
        (2, "（一）经济发展"),
    ]
    for hint in doc.heading_hints:
        assert doc.text[hint.start : hint.end] == hint.text
    assert "同比增长6.4%。\n（一）经济发展\n项目建设 提速。" in doc.text


def test_docx_table_rows_become_lines_with_merged_cells_once(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "table.docx",
        [("", "主要指标如下：")],
        table=[["指标", "增速", "增速"], ["地区生产总值", "", "6.4%"]],
    )
    assert _lines(load_document(path)) == [
        "主要指标如下：",
        "指标\t增速\t增速",
        "地区生产总值\t6.4%",
    ]


def test_pdf_text_layer_is_read_and_page_breaks_rejoined(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "report.pdf",
        [
            [*REPORT_SAMPLE[:3], "一是稳定态势持续向好。牢固树立总体国家"],
            ["- 2 -", "安全观，始终保持高压态势。", *REPORT_SAMPLE[3:]],
        ],
    )
    doc = load_document(path)
    assert doc.format == "pdf"
    assert doc.title == "政府工作报告"
    assert "牢固树立总体国家安全观，始终保持高压态势。" in doc.text
    assert "- 2 -" not in doc.text
    assert "\n二、2025年重点工作\n" in doc.text


def test_pdf_lines_wrapped_at_a_narrow_width_are_rejoined(tmp_path: Path) -> None:
    paragraph = _raw("nyingchi-2024.txt").split("\n")[6]
    width = 22
    wrapped = [paragraph[i : i + width] for i in range(0, len(paragraph), width)]
    assert len(wrapped) > 10
    path = write_pdf(tmp_path / "narrow.pdf", [["2023年工作回顾", *wrapped[:12]], wrapped[12:]])
    doc = load_document(path)
    assert _lines(doc)[0] == "2023年工作回顾"
    # Lines ending a sentence may stay apart; no sentence is left broken.
    lines = _lines(doc)
    for sentence in filter(None, paragraph.split("。")):
        assert any(sentence in line for line in lines), sentence
    assert normalize(doc.text) == normalize("2023年工作回顾" + paragraph)
    assert all(line.endswith(("。", "！", "？", "；", "：")) for line in _lines(doc)[1:])


def test_html_keeps_headings_and_drops_scripts_styles_and_navigation(tmp_path: Path) -> None:
    body = (
        "<h1>某县政府工作报告</h1><p>各位代表：<br>现在，我代表县人民政府\n向大会报告政府工作。</p>"
        "<h2>一、2024年工作回顾</h2><p>地区生产总值&nbsp;增长<b>6.4%</b>。</p>"
        "<h3>（一）经济发展</h3><ul><li>项目建设提速。</li><li>消费回暖。</li></ul>"
    )
    path = tmp_path / "report.html"
    path.write_text(html_page(body, title="某县人民政府门户网站"), "utf-8")
    doc = load_document(path)
    assert doc.format == "html"
    assert [(h.level, h.text) for h in doc.heading_hints] == [
        (1, "某县政府工作报告"),
        (2, "一、2024年工作回顾"),
        (3, "（一）经济发展"),
    ]
    assert _lines(doc) == [
        "某县政府工作报告",
        "各位代表：",
        "现在，我代表县人民政府向大会报告政府工作。",
        "一、2024年工作回顾",
        "地区生产总值 增长6.4%。",
        "（一）经济发展",
        "项目建设提速。",
        "消费回暖。",
    ]
    assert doc.title == "某县政府工作报告"


def test_html_in_gbk_is_decoded_by_its_declared_charset(tmp_path: Path) -> None:
    page = html_page("<h1>政府工作报告</h1><p>地区生产总值增长6.4%。</p>", charset="gbk")
    doc = load_document(write_encoded(tmp_path / "gbk.htm", page, "gbk"))
    assert doc.encoding == "gbk"
    assert "地区生产总值增长6.4%。" in doc.text


@pytest.mark.parametrize(
    ("filename", "maker", "expected"),
    [
        ("report.bin", "pdf", "pdf"),
        ("report", "docx", "docx"),
        ("page.aspx", "html", "html"),
        ("notes.data", "md", "md"),
        ("report.log", "txt", "txt"),
    ],
)
def test_format_is_sniffed_when_the_suffix_says_nothing(
    tmp_path: Path, filename: str, maker: str, expected: str
) -> None:
    path = tmp_path / filename
    if maker == "pdf":
        write_pdf(path, [list(REPORT_SAMPLE)])
    elif maker == "docx":
        write_docx(path, [("Heading 1", REPORT_SAMPLE[0]), ("", REPORT_SAMPLE[2])])
    elif maker == "html":
        path.write_text(html_page(f"<h1>{REPORT_SAMPLE[0]}</h1><p>{REPORT_SAMPLE[2]}</p>"), "utf-8")
    else:
        prefix = "# " if maker == "md" else ""
        path.write_text(prefix + "\n".join(REPORT_SAMPLE), "utf-8")
    doc = load_document(path)
    assert doc.format == expected
    assert REPORT_SAMPLE[2] in doc.text


def test_stdin_is_read_with_dash(run_cli: RunCli) -> None:
    result = run_cli("chunks", "-", input=_raw("luolong-2025.txt"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


@pytest.mark.parametrize("kind", ["gbk", "docx"])
def test_stdin_bytes_are_decoded_and_sniffed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, kind: str
) -> None:
    if kind == "gbk":
        data = "\n".join(REPORT_SAMPLE).encode("gbk")
    else:
        data = write_docx(tmp_path / "r.docx", [("Heading 1", REPORT_SAMPLE[1])]).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    doc = load_document("-")
    assert doc.source == "<stdin>"
    assert (doc.format, doc.encoding) == (("txt", "gb18030") if kind == "gbk" else ("docx", None))
    assert REPORT_SAMPLE[1] in doc.text


def test_document_from_text_cleans_like_a_file() -> None:
    doc = document_from_text(
        "政府工作报告\r\n\r\n一是稳定。牢固树立总体国家\r\n\r\n安全观，保持稳定。", "memo"
    )
    assert doc.text == "政府工作报告\n\n一是稳定。牢固树立总体国家安全观，保持稳定。"
    assert (doc.source, doc.format, doc.title) == ("memo", "txt", "政府工作报告")


def test_txt_with_markdown_headings_is_read_as_markdown(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(
        "# 某县人民政府2025年工作要点\n\n## 一、扩大有效投资\n\n1.开工建设水厂1座。\n", "utf-8"
    )
    doc = load_document(path)
    assert doc.format == "md" and doc.title == "某县人民政府2025年工作要点"
    assert "#" not in doc.text
