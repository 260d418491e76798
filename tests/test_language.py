"""Issue 16: a report the offline engine cannot read says so, instead of an empty silence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.core.metadata import detect_language
from summarizer.load import document_from_text
from summarizer.pipeline import summarize
from summarizer.settings import Settings
from tests.conftest import REPORTS_DIR, RunCli

ENGLISH = """\
Report on the Work of the Government
Fellow Deputies,
On behalf of the State Council, I will now report to you on the work of the government.
I. A Review of Our Work in 2024
Last year, gross domestic product grew by 5 percent to 134.9 trillion yuan, and 12.56
million urban jobs were added. We completed the construction of 2,000 kilometers of rail.
II. Major Targets for 2025
Growth of gross domestic product of around 5 percent; over 12 million new urban jobs.
"""


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (ENGLISH, "en"),
        ("全县地区生产总值完成21.17亿元，同比增长6.4%，GDP增速和5G基站数量均居全市第一。", "zh"),
        ("これは日本語の報告書です。地域の経済は順調に成長しました。", "ja"),
        ("Le rapport sur les travaux du gouvernement et la croissance de l'économie.", "fr"),
        ("Доклад о работе правительства за 2024 год.", "ru"),
        ("2024 12 31", "und"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_an_english_abstract_ahead_of_a_chinese_report_does_not_decide() -> None:
    report = (REPORTS_DIR / "luolong-2025.txt").read_text("utf-8")
    assert detect_language(ENGLISH * 3 + report) == "zh"


def test_the_offline_engine_says_it_reads_chinese_only() -> None:
    summary = summarize(document_from_text(ENGLISH), Settings(engine="rules"))
    assert summary.document.language == "en"
    assert not summary.items
    assert summary.run.unread_language == "en"
    (note,) = summary.run.notes
    assert "Chinese" in note and "English" in note and "--engine llm" in note


def test_a_chinese_report_has_no_such_note() -> None:
    summary = summarize(REPORTS_DIR / "luolong-2025.txt", Settings(engine="rules"))
    assert summary.items and summary.run.unread_language == "" and summary.run.notes == []


def test_cli_says_so_on_stderr_and_exits_5(run_cli: RunCli, tmp_path: Path) -> None:
    report = tmp_path / "english.txt"
    report.write_text(ENGLISH, encoding="utf-8")
    result = run_cli("summarize", "--engine", "rules", "-f", "json", str(report))
    assert result.returncode == 5, result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "Chinese" in notes[0] and "--engine llm" in notes[0]
    summary = json.loads(result.stdout)
    assert summary["run"]["unread_language"] == "en" and not summary["achievements"]
