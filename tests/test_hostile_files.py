"""Hostile input: whatever a browser or a word processor opens either loads or is refused
with exit code 2, fast and in bounded memory; nothing is an internal error."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarizer.errors import InputError
from summarizer.load import load_document
from summarizer.settings import Settings
from tests.conftest import ROOT, RunCli
from tests.hostile_support import write_docx_bomb
from tests.load_support import REPORT_SAMPLE, write_docx

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


# --- zip bombs -------------------------------------------------------------------------------


def _run_measured(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, float, int]:
    """Run the CLI; returns its exit code, stderr, wall time (s) and peak memory (MiB)."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "summarizer", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=full_env,
        cwd=ROOT,
    )
    assert proc.stderr is not None
    stderr = proc.stderr.read().decode("utf-8")
    # wait4 gives this child's own peak RSS (getrusage would give the largest of all).
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    return proc.returncode, stderr, elapsed, usage.ru_maxrss // 1024


def test_a_docx_zip_bomb_is_refused_fast_and_in_bounded_memory(tmp_path: Path) -> None:
    bomb = write_docx_bomb(tmp_path / "bomb.docx")  # 4 MB that inflate to 4,095 MiB
    assert bomb.stat().st_size < 5_000_000
    code, stderr, elapsed, peak_mib = _run_measured("chunks", str(bomb))
    assert code == 2, stderr
    assert "unpacks to 4,095 MiB, over the 100 MiB limit" in stderr
    assert "SUMMARIZER_MAX_INFLATED_BYTES" in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert elapsed < 10
    assert peak_mib < 400


def test_a_bomb_that_understates_its_size_is_refused_too(tmp_path: Path) -> None:
    # The zip claims 1,000 bytes; the data inflates to 4,095 MiB.
    bomb = write_docx_bomb(tmp_path / "liar.docx", declared=1000)
    code, stderr, elapsed, peak_mib = _run_measured("summarize", "--engine", "rules", str(bomb))
    assert code == 2, stderr
    assert "word/document.xml unpacks to more than the 1,000 bytes it declares" in stderr
    assert elapsed < 10
    assert peak_mib < 400


def test_the_inflated_limit_is_a_setting(tmp_path: Path) -> None:
    docx = write_docx(tmp_path / "report.docx", [("", line) for line in REPORT_SAMPLE])
    assert load_document(docx).text.startswith(REPORT_SAMPLE[0])
    with pytest.raises(InputError, match="over the 1,000 bytes limit"):
        load_document(docx, max_inflated_bytes=1000)
    assert Settings.from_env({"SUMMARIZER_MAX_INFLATED_BYTES": "1000"}).max_inflated_bytes == 1000
    code, stderr, _, _ = _run_measured(
        "chunks", str(docx), env={"SUMMARIZER_MAX_INFLATED_BYTES": "1000"}
    )
    assert code == 2
    assert "limit for unpacked content" in stderr
    # Under the limit, a package of zeros is only a corrupt .docx.
    with pytest.raises(InputError, match=r"corrupt \.docx file"):
        load_document(write_docx_bomb(tmp_path / "small.docx", mib=3))
