"""``summarizer track`` through the real command line (subprocesses)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPORTS_DIR, RunCli

L2024 = str(REPORTS_DIR / "luolong-2024.txt")
L2025 = str(REPORTS_DIR / "luolong-2025.txt")


def test_markdown_table_on_stdout(run_cli: RunCli) -> None:
    result = run_cli("track", L2024, L2025)
    assert result.returncode == 0, result.stderr
    assert "| 地区生产总值 | 增长8% | 增长6.4% | missed |" in result.stdout
    assert "| 全社会固定资产投资 | 增长11% | 增长1.3% | missed |" in result.stdout
    assert "| 一般公共预算收入 | 增长3% |" in result.stdout


def test_json_and_html_files(run_cli: RunCli, tmp_path: Path) -> None:
    out_json = tmp_path / "track.json"
    out_html = tmp_path / "track.html"
    first = run_cli("track", L2025, L2024, "--format", "json", "-o", str(out_json))
    second = run_cli("track", L2024, L2025, "-f", "html", "-o", str(out_html), "--engine", "rules")
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    data = json.loads(out_json.read_text(encoding="utf-8"))
    verdicts = {row["indicator"]: row["verdict"] for row in data["periods"][0]["rows"]}
    assert verdicts["社会消费品零售总额"] == "missed"
    assert verdicts["农村居民人均可支配收入"] == "missed"
    page = out_html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page


def test_mismatched_years_exit_2_with_one_line(run_cli: RunCli) -> None:
    result = run_cli("track", L2024, str(REPORTS_DIR / "nyingchi-2024.txt"))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: years do not line up: luolong-2024.txt plans 2024")
    assert "nyingchi-2024.txt reviews 2023" in lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("track", L2024), "at least two reports"),
        (("track", L2024, L2025, "--format", "pdf"), "--format"),
        (("track", L2024, "missing-report.txt"), "missing-report.txt"),
    ],
)
def test_bad_usage_exits_2(run_cli: RunCli, args: tuple[str, ...], message: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_names_file_is_used_and_checked(run_cli: RunCli, tmp_path: Path) -> None:
    names = tmp_path / "names.json"
    names.write_text(json.dumps({"GDP": ["地区生产总值"]}), encoding="utf-8")
    result = run_cli("track", L2024, L2025, "--names", str(names))
    assert result.returncode == 0, result.stderr
    assert "| GDP | 增长8% | 增长6.4% | missed |" in result.stdout
    names.write_text("{broken", encoding="utf-8")
    bad = run_cli("track", L2024, L2025, "--names", str(names))
    assert bad.returncode == 2 and "names.json" in bad.stderr and "Traceback" not in bad.stderr
