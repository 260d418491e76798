"""Hostile input: whatever a browser or a word processor opens either loads or is refused
with exit code 2, fast and in bounded memory; nothing is an internal error."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from summarizer.load import load_document
from tests.conftest import RunCli

_DEEP_TEXT = "全年地区生产总值增长6%，社会消费品零售总额增长8%。"


def _nested_page(depth: int, tag: str) -> str:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>深层嵌套</title></head><body>"
        "<h1>政府工作报告</h1>"
        + f"<{tag}>" * depth
        + f"<p>{_DEEP_TEXT}</p>"
        + f"</{tag}>" * depth
        + "<p>最后一段。</p></body></html>"
    )


# --- deeply nested HTML ----------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1_000, 100_000])
@pytest.mark.parametrize("tag", ["div", "span"])
def test_deeply_nested_html_loads_with_its_text(tmp_path: Path, depth: int, tag: str) -> None:
    path = tmp_path / "deep.html"
    path.write_text(_nested_page(depth, tag), "utf-8")
    doc = load_document(path)
    assert doc.text.split("\n") == ["政府工作报告", _DEEP_TEXT, "最后一段。"]


def test_unclosed_nesting_loads_too(tmp_path: Path) -> None:
    path = tmp_path / "unclosed.html"
    path.write_text("<html><body>" + "<div><b>" * 50_000 + _DEEP_TEXT, "utf-8")
    assert load_document(path).text == _DEEP_TEXT


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_html_is_summarized_by_the_cli(
    tmp_path: Path, run_cli: RunCli, depth: int
) -> None:
    path = tmp_path / "deep.html"
    path.write_text(_nested_page(depth, "div"), "utf-8")
    result = run_cli("summarize", "--engine", "rules", "-f", "json", str(path))
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr
    assert "地区生产总值" in result.stdout


def test_deeply_nested_html_stays_fast(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(_nested_page(100_000, "div"), "utf-8")
    started = time.perf_counter()
    load_document(path)
    # About 20 µs per element for the HTML parser, depth or not.
    assert time.perf_counter() - started < 20
