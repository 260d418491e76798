"""``summarizer summarize`` and ``summarizer schema`` through real subprocesses: every
format, -o writing, the engine announcement and every exit code."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.load import load_document
from summarizer.schemas import FILES
from tests.conftest import REPORTS_DIR, ROOT, RunCli
from tests.llm_server import Step, TestServer, first_sentence_items
from tests.output_support import validate_summary

REPORT = "evals/reports/luolong-2025.txt"


@pytest.fixture
def server() -> Iterator[TestServer]:
    srv = TestServer(default=lambda body: Step.answer(first_sentence_items(body))).start()
    yield srv
    srv.stop()


def _no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr


def test_default_is_markdown_and_auto_says_it_runs_offline(run_cli: RunCli) -> None:
    result = run_cli("summarize", REPORT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# ")
    for heading in ("## Indicators", "## Goals (", "## Achievements (", "## Problems ("):
        assert heading in result.stdout
    assert "engine: offline rules engine" in result.stderr
    assert "OPENAI_API_KEY" in result.stderr  # tells how to get the LLM instead


def test_engine_rules_is_announced_without_the_hint(run_cli: RunCli) -> None:
    result = run_cli("summarize", REPORT, "--engine", "rules", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert "engine: offline rules engine" in result.stderr
    assert "OPENAI_API_KEY" not in result.stderr
    assert json.loads(result.stdout)["run"]["engine"] == "rules"


def test_engine_auto_with_a_base_url_runs_and_announces_the_llm(
    run_cli: RunCli, server: TestServer
) -> None:
    env = {"SUMMARIZER_BASE_URL": server.base_url, "SUMMARIZER_MODEL": "test-model"}
    result = run_cli("summarize", REPORT, "-f", "json", env=env)
    assert result.returncode == 0, result.stderr
    assert f"engine: LLM test-model at {server.base_url}" in result.stderr
    data = json.loads(result.stdout)
    assert data["run"]["engine"] == "llm" and data["run"]["usage"]["calls"] > 0
    validate_summary(data)


def test_json_validates_against_the_exported_schema_and_quotes_are_the_source(
    run_cli: RunCli,
) -> None:
    result = run_cli("summarize", REPORT, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    validate_summary(data)
    # Spans index the report file itself.
    text = (ROOT / REPORT).read_bytes().decode("utf-8")
    items = data["goals"] + data["achievements"] + data["problems"]
    assert items
    for item in items:
        assert text[item["start"] : item["end"]] == item["quote"]
    assert data["document"]["content_hash"] == load_document(ROOT / REPORT).content_hash
    assert data["document"]["source"] == REPORT


def test_html_to_stdout_is_one_page(run_cli: RunCli) -> None:
    result = run_cli("summarize", REPORT, "--format", "html")
    assert result.returncode == 0, result.stderr
    assert result.stdout.lstrip().lower().startswith("<!doctype html>")
    assert result.stdout.count("<html") == 1 and "<mark " in result.stdout


def test_stdin_is_read_with_dash(run_cli: RunCli) -> None:
    text = (REPORTS_DIR / "luolong-2025.txt").read_text("utf-8")
    result = run_cli("summarize", "-", "-f", "json", input=text)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["achievements"]


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_output_file_equals_stdout_and_has_a_normal_mode(
    run_cli: RunCli, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / "out" / f"summary.{fmt}"
    to_file = run_cli("summarize", REPORT, "-f", fmt, "-o", str(out))
    assert to_file.returncode == 0, to_file.stderr
    assert to_file.stdout == ""
    assert f"wrote {out}" in to_file.stderr
    to_stdout = run_cli("summarize", REPORT, "-f", fmt)
    written = out.read_text("utf-8")
    if fmt == "json":  # timings differ from run to run
        a, b = json.loads(written), json.loads(to_stdout.stdout)
        del a["run"]["timings"], b["run"]["timings"]
        assert a == b
    else:
        assert written.replace("\r\n", "\n") == to_stdout.stdout
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no temporary left


def test_failed_run_leaves_the_previous_output_intact(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    out.write_text("previous summary\n", encoding="utf-8")
    result = run_cli("summarize", str(tmp_path / "missing.txt"), "-o", str(out))
    assert result.returncode == 2
    assert out.read_text("utf-8") == "previous summary\n"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.md"]


def test_unwritable_output_is_one_line_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run_cli("summarize", REPORT, "-o", str(blocker / "sub" / "out.md"))
    assert result.returncode == 2, result.stderr
    _no_traceback(result.stderr)
    assert "cannot write" in result.stderr


def test_several_files_into_a_directory(run_cli: RunCli, tmp_path: Path) -> None:
    reports = [str(REPORTS_DIR / n) for n in ("luolong-2024.txt", "luolong-2025.txt")]
    result = run_cli("summarize", *reports, "-f", "html", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["luolong-2024.summary.html", "luolong-2025.summary.html"]


def test_several_files_as_json_to_stdout_are_json_lines(run_cli: RunCli) -> None:
    reports = [str(REPORTS_DIR / n) for n in ("luolong-2024.txt", "luolong-2025.txt")]
    result = run_cli("summarize", *reports, "-f", "json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    for line, name in zip(lines, reports, strict=True):
        data = json.loads(line)
        validate_summary(data)
        assert data["document"]["source"] == name


def test_one_bad_file_among_several_is_partial_exit_3_naming_it(
    run_cli: RunCli, tmp_path: Path
) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    result = run_cli("summarize", REPORT, str(bad), "-o", str(tmp_path / "out"))
    assert result.returncode == 3, result.stderr
    _no_traceback(result.stderr)
    assert f"failed: {bad}" in result.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["luolong-2025.summary.md"]


@pytest.mark.parametrize(
    "args",
    [
        ["summarize", "evals/reports/no-such-report.txt"],
        ["summarize", REPORT, "--format", "pdf"],
        ["summarize", REPORT, "--engine", "gpt"],
        ["summarize", REPORT, "--mode", "xml"],
        ["summarize", REPORT, "--concurrency", "0"],
        ["summarize", REPORT, "--no-such-flag"],
        ["summarize"],
        ["summarize", REPORT, "evals/reports/luolong-2024.txt", "-f", "html"],
        ["schema", "everything"],
    ],
    ids=[
        "missing-file",
        "bad-format",
        "bad-engine",
        "bad-mode",
        "bad-concurrency",
        "unknown-flag",
        "no-file",
        "html-several-to-stdout",
        "bad-schema-kind",
    ],
)
def test_bad_input_or_usage_is_exit_2(run_cli: RunCli, args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2, (result.returncode, result.stderr)
    _no_traceback(result.stderr)
    assert result.stdout == ""


def test_bad_setting_in_the_environment_is_exit_4(run_cli: RunCli) -> None:
    result = run_cli("summarize", REPORT, env={"SUMMARIZER_CONCURRENCY": "many"})
    assert result.returncode == 4, result.stderr
    assert "SUMMARIZER_CONCURRENCY" in result.stderr
    _no_traceback(result.stderr)


def test_summarize_help_documents_formats_and_exit_codes(run_cli: RunCli) -> None:
    result = run_cli("summarize", "--help")
    assert result.returncode == 0
    for word in ("--format", "--engine", "--output", "Exit codes", "partial", "json", "html"):
        assert word in result.stdout


@pytest.mark.parametrize("kind", sorted(FILES))
def test_schema_command_prints_the_exported_schema(run_cli: RunCli, kind: str) -> None:
    args = ("schema",) if kind == "summary" else ("schema", kind)
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    exported = json.loads((ROOT / "schemas" / FILES[kind]).read_text("utf-8"))
    assert json.loads(result.stdout) == exported
