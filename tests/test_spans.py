"""Spans a user can check: for every item, ``source[start:end] == quote``, where the
source is what the user has — the report file itself for txt and md (decoded), the text
``summarizer text FILE`` prints (and ``--embed-text`` puts in the JSON) for docx, pdf
and html — through the real CLI, on every bundled report in every format."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.core.summary import ReportSummary
from summarizer.core.types import Document
from summarizer.errors import InputError
from summarizer.load import document_from_text, load_document
from summarizer.pipeline import asummarize_document
from summarizer.settings import Settings
from tests.conftest import REPORT_NAMES, REPORTS_DIR, ROOT, RunCli
from tests.pdf_support import chromium_or_skip, printed_report, report_html, write_report_docx

RULES = Settings(engine="rules")


def _summary(document: Document) -> ReportSummary:
    return asyncio.run(asummarize_document(document, RULES))


def _spans(data: dict[str, Any]) -> list[tuple[int, int, str]]:
    """Every (start, end, quote) of a summary's JSON: items and indicator rows."""
    rows = [*data["goals"], *data["achievements"], *data["problems"], *data["indicators"]]
    return [(r["start"], r["end"], r["quote"]) for r in rows]


def _check_cli(run_cli: RunCli, files: list[Path]) -> list[dict[str, Any]]:
    """Summarize ``files`` through the CLI with --embed-text; check every span against
    the embedded text and against what `summarizer text FILE` prints; return the JSONs."""
    result = run_cli(
        "summarize", "--engine", "rules", "-f", "json", "--embed-text", *map(str, files)
    )
    assert result.returncode == 0, result.stderr
    summaries = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(summaries) == len(files)
    for path, data in zip(files, summaries, strict=True):
        printed = run_cli("text", str(path))
        assert printed.returncode == 0, printed.stderr
        source = data["document"]["text"]
        # (run_cli reads stdout as text, with \r\n as \n; these files have no \r.)
        assert printed.stdout == source
        spans = _spans(data)
        assert len(spans) > 30, path
        wrong = [(s, e, q) for s, e, q in spans if source[s:e] != q]
        assert wrong == [], f"{path}: {len(wrong)} of {len(spans)} spans miss their quote"
    return summaries


def test_every_span_of_every_bundled_report_is_its_quote_in_the_file(run_cli: RunCli) -> None:
    files = [REPORTS_DIR / name for name in REPORT_NAMES]
    for path, data in zip(files, _check_cli(run_cli, files), strict=True):
        # The text spans index is the report file itself.
        assert data["document"]["text"] == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_every_span_is_its_quote_in_the_extracted_text(
    run_cli: RunCli, tmp_path: Path, fmt: str
) -> None:
    files = []
    for name in REPORT_NAMES:
        text = (REPORTS_DIR / name).read_text("utf-8")
        path = tmp_path / name.replace(".txt", f".{fmt}")
        if fmt == "docx":
            write_report_docx(text, path)
        else:
            path.write_text(report_html(text, name), "utf-8")
        files.append(path)
    _check_cli(run_cli, files)


@pytest.mark.browser
@pytest.mark.slow
def test_every_span_is_its_quote_in_the_text_of_a_printed_pdf(run_cli: RunCli) -> None:
    chromium = chromium_or_skip()
    _check_cli(run_cli, [printed_report(chromium, name) for name in REPORT_NAMES])


# --- what cleaning changes, mapped back ---------------------------------------------------------


def _messy(text: str) -> str:
    """A report as real .txt files come: Windows line endings, paragraphs indented with
    ideographic spaces, a zero-width space and an NBSP here and there, a Word bookmark,
    sentences broken over two lines with blank lines between."""
    out = []
    for i, line in enumerate(text.split("\n")):
        if i % 7 == 3 and len(line) > 40:
            line = line[:20] + "\u200b" + line[20:30] + "\n\n" + line[30:]
        if i % 11 == 5:
            line = "[bookmark: _GoBack]" + line.replace("，", "，\u00a0", 1)
        out.append(("\u3000\u3000" + line) if line else line)
    return "\r\n".join(out)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "gb18030"])
def test_spans_of_a_messy_file_index_the_file_as_decoded(tmp_path: Path, encoding: str) -> None:
    clean = load_document(REPORTS_DIR / "luolong-2025.txt")
    text = _messy((REPORTS_DIR / "luolong-2025.txt").read_text("utf-8"))
    path = tmp_path / "messy.txt"
    path.write_bytes(text.encode(encoding))
    doc = load_document(path)
    assert doc.span_text == text  # no byte-order mark, \r\n kept
    summary = _summary(doc)
    assert len(summary.items) >= 0.9 * len(_summary(clean).items)
    wrong = [i for i in summary.items if text[i.start : i.end] != i.quote]
    assert wrong == []
    assert any("\r\n" in i.quote or "\u200b" in i.quote for i in summary.items)


def test_summarizer_text_prints_the_decoded_file_as_it_is(tmp_path: Path) -> None:
    text = _messy((REPORTS_DIR / "luolong-2025.txt").read_text("utf-8"))
    path = tmp_path / "messy.txt"
    path.write_bytes(text.encode("gb18030"))
    printed = subprocess.run(
        [sys.executable, "-m", "summarizer", "text", str(path)],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
    )
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == text.encode("utf-8")  # \r\n and all, in UTF-8


def test_spans_of_markdown_index_the_markdown(tmp_path: Path) -> None:
    body = (REPORTS_DIR / "nedong-2025-workplan.txt").read_text("utf-8")
    lines = [
        f"## {line}" if re.match(r"^[一二三四五六七八九十]+、", line) else line
        for line in body.split("\n")
    ]
    text = "# 乃东区人民政府2025年工作要点\n\n" + "\n".join(lines)
    path = tmp_path / "plan.md"
    path.write_text(text, "utf-8")
    doc = load_document(path)
    assert doc.format == "md" and doc.span_text == text
    items = _summary(doc).items
    assert len(items) > 50
    assert [i for i in items if text[i.start : i.end] != i.quote] == []


def test_a_text_given_to_the_api_is_what_spans_index() -> None:
    text = "  各位代表：\r\n\r\n  全年地区生产总值增长6%，\u200b社会消费品零售总额增长8%。\r\n"
    doc = document_from_text(text)
    assert doc.text == "各位代表：\n\n全年地区生产总值增长6%，社会消费品零售总额增长8%。"
    start, end = doc.to_span(doc.text.index("全年"), doc.text.index("。"))
    assert text[start:end] == "全年地区生产总值增长6%，\u200b社会消费品零售总额增长8%"


class _ReportText(HTMLParser):
    """The text inside the page's ``#report`` element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth:
            self._depth += 1
        elif dict(attrs).get("id") == "report":
            self._depth = 1

    def handle_endtag(self, tag: str) -> None:
        self._depth = max(0, self._depth - 1)

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.parts.append(data)


def test_html_output_shows_the_file_and_highlights_its_quotes(
    run_cli: RunCli, tmp_path: Path
) -> None:
    text = _messy((REPORTS_DIR / "luolong-2024.txt").read_text("utf-8"))
    path = tmp_path / "messy.txt"
    path.write_bytes(text.encode())
    out = tmp_path / "page.html"
    assert run_cli("summarize", "--engine", "rules", "-f", "html", str(path), "-o", str(out))
    page = out.read_bytes().decode("utf-8")  # (a text-mode read would turn \r\n into \n)
    parser = _ReportText()
    parser.feed(page)
    assert "".join(parser.parts) == text
    data = json.loads(run_cli("summarize", "--engine", "rules", "-f", "json", str(path)).stdout)
    quotes = {q for _, _, q in _spans(data)}
    marks = re.findall(
        r'<mark class="\w+" id="quote-\d+"[^>]*><a [^>]*>(.*?)</a></mark>', page, re.S
    )
    assert len(marks) > 50
    escaped = {q.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for q in quotes}
    assert [m for m in marks if m not in escaped] == []


# --- the offset map, on any text -----------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "各位代表",
        "全年增长6%",
        "，",
        "。",
        "：",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        " ",
        "\u3000",
        "\u00a0",
        "\t",
        "\u200b",
        "\ufeff",
        "[bookmark: _GoBack]",
        "Belt",
        "Road",
        "⼯作",
        "（一）",
        "一、",
        "# ",
        "1. ",
        "推进重点项目建设，确保完成投资12亿元以上",
    ]
)
# What a cleaned character may stand for in the original, besides itself (whitespace
# stands for what lies between two lines or words, and is only checked for its order).
_SAME = {("工", "⼯")}


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=40), st.sampled_from(["txt", "md"]))
def test_every_cleaned_character_maps_to_where_it_comes_from(pieces: list[str], fmt: str) -> None:
    text = "".join(pieces)
    try:
        doc = document_from_text(text, format=fmt)
    except InputError:  # nothing but whitespace and artifacts
        return
    source = doc.span_text
    assert source == text  # the text given, as given
    previous = -1
    for i, ch in enumerate(doc.text):
        start, end = doc.to_span(i, i + 1)
        assert end == start + 1 and start > previous
        if not ch.isspace():
            assert source[start] == ch or (ch, source[start]) in _SAME, (i, ch, source[start])
        previous = start
    # A whole span maps to the source from its first character to its last.
    if doc.text:
        start, end = doc.to_span(0, len(doc.text))
        assert source[start] == doc.text[0] or (doc.text[0], source[start]) in _SAME
        assert source[start:end].rstrip("\r\n") == source[start:end]
