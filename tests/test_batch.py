"""``summarizer batch`` through real subprocesses: one line per file as each finishes,
resume after a killed run, bad files skipped, re-runs skipping known content."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarizer.load import load_document
from tests.conftest import REPORT_NAMES, REPORTS_DIR, ROOT, RunCli
from tests.llm_server import Step, TestServer, first_sentence_items
from tests.output_support import validate_summary


def _lines(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


def _hashes(out: Path) -> list[str]:
    return [str(r["document"]["content_hash"]) for r in _lines(out)]  # type: ignore[index]


def _copies(folder: Path, count: int, source: str = "nedong-2025-workplan.txt") -> list[Path]:
    """``count`` reports of distinct content (a numbered closing line each)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (REPORTS_DIR / source).read_text("utf-8")
    paths = []
    for n in range(count):
        path = folder / f"report-{n:04d}.txt"
        path.write_text(f"{text}\n附：第{n}份。\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_one_valid_line_per_report_and_a_summary_table(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "out" / "all.jsonl"
    result = run_cli("batch", str(REPORTS_DIR), "-o", str(out))
    assert result.returncode == 0, result.stderr
    records = _lines(out)
    assert sorted(Path(str(r["document"]["source"])).name for r in records) == REPORT_NAMES  # type: ignore[index]
    for record in records:
        validate_summary(record)
    expected = {load_document(REPORTS_DIR / n).content_hash for n in REPORT_NAMES}
    assert set(_hashes(out)) == expected
    assert "engine: offline rules engine" in result.stderr
    assert "status" in result.stderr and result.stderr.count("done") >= len(REPORT_NAMES)


def test_rerun_skips_files_with_the_same_content(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    assert run_cli("batch", str(REPORTS_DIR), "-o", str(out)).returncode == 0
    before = out.read_bytes()
    again = run_cli("batch", str(REPORTS_DIR), "-o", str(out))
    assert again.returncode == 0, again.stderr
    assert out.read_bytes() == before
    assert again.stderr.count("skipped") == len(REPORT_NAMES)

    # Same content under another name: still skipped. Changed content: a new line.
    folder = tmp_path / "more"
    folder.mkdir()
    shutil.copy(REPORTS_DIR / "luolong-2025.txt", folder / "renamed.txt")
    changed = (REPORTS_DIR / "luolong-2024.txt").read_text("utf-8") + "\n附：修订版。\n"
    (folder / "luolong-2024-revised.txt").write_text(changed, encoding="utf-8")
    third = run_cli("batch", str(folder), "-o", str(out))
    assert third.returncode == 0, third.stderr
    records = _lines(out)
    assert len(records) == len(REPORT_NAMES) + 1
    assert str(records[-1]["document"]["source"]).endswith("luolong-2024-revised.txt")  # type: ignore[index]


def test_a_bad_file_is_reported_and_skipped_the_batch_goes_on(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    _copies(folder, 2)
    bad = folder / "report-0000b.txt"  # sorts between the two good ones
    bad.write_bytes(b"\x00\x01\x02binary\xff\xfe" * 50)
    out = tmp_path / "out.jsonl"
    result = run_cli("batch", str(folder), "-o", str(out))
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert "report-0000b.txt" in result.stderr and "failed" in result.stderr
    sources = [Path(str(r["document"]["source"])).name for r in _lines(out)]  # type: ignore[index]
    assert sources == ["report-0000.txt", "report-0001.txt"]
    assert f"failed: {bad}" in result.stderr


def test_names_with_brackets_are_shown_as_written(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _copies(folder, 1)
    (folder / "[draft] notes.txt").write_text("", encoding="utf-8")
    result = run_cli("batch", str(folder), "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 3, result.stderr
    assert result.stderr.count("[draft] notes.txt") >= 2  # the error line and the summary


def test_every_file_bad_is_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe" * 50)
    result = run_cli("batch", str(folder), "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr


def test_llm_batch_over_the_test_server(run_cli: RunCli, tmp_path: Path) -> None:
    server = TestServer(default=lambda body: Step.answer(first_sentence_items(body))).start()
    try:
        env = {"SUMMARIZER_BASE_URL": server.base_url, "SUMMARIZER_MODEL": "test-model"}
        out = tmp_path / "out.jsonl"
        result = run_cli("batch", str(REPORTS_DIR / "luolong-*.txt"), "-o", str(out), env=env)
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr
    assert f"engine: LLM test-model at {server.base_url}" in result.stderr
    records = _lines(out)
    assert len(records) == 2
    for record in records:
        validate_summary(record)
        assert record["run"]["engine"] == "llm"  # type: ignore[index]
        assert record["run"]["usage"]["calls"] > 0  # type: ignore[index]


def test_a_glob_selects_files(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run_cli("batch", str(REPORTS_DIR / "luolong-*.txt"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    sources = sorted(Path(str(r["document"]["source"])).name for r in _lines(out))  # type: ignore[index]
    assert sources == ["luolong-2024.txt", "luolong-2025.txt"]


def test_a_torn_last_line_is_cut_and_its_file_redone(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert run_cli("batch", str(REPORTS_DIR / "luolong-*.txt"), "-o", str(out)).returncode == 0
    whole = out.read_bytes()
    first_end = whole.index(b"\n") + 1
    out.write_bytes(whole[: first_end + 100])  # the second line half written, as after a crash
    result = run_cli("batch", str(REPORTS_DIR / "luolong-*.txt"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    records = _lines(out)
    assert len(records) == 2 and len(set(_hashes(out))) == 2


@pytest.mark.parametrize(
    ("target", "make_output_a_dir"),
    [("no-such-dir-or-glob-*.txt", False), (str(REPORTS_DIR), True)],
    ids=["nothing-matches", "output-is-a-directory"],
)
def test_bad_target_or_output_is_exit_2(
    run_cli: RunCli, tmp_path: Path, target: str, make_output_a_dir: bool
) -> None:
    out = tmp_path / "out.jsonl"
    if make_output_a_dir:
        out.mkdir()
    result = run_cli("batch", target, "-o", str(out))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr


def test_engine_llm_without_key_is_exit_4(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run_cli("batch", str(REPORTS_DIR), "-o", str(out), "--engine", "llm")
    assert result.returncode == 4, result.stderr
    assert "OPENAI_API_KEY" in result.stderr
    assert not out.exists() or out.read_text("utf-8") == ""


def test_batch_help_explains_resume_and_exit_codes(run_cli: RunCli) -> None:
    result = run_cli("batch", "--help")
    assert result.returncode == 0
    assert "content hash" in result.stdout and "Exit" in result.stdout


@pytest.mark.slow
def test_resume_after_a_killed_run_has_no_duplicate_and_no_missing_line(tmp_path: Path) -> None:
    count = 150
    paths = _copies(tmp_path / "in", count)
    expected = {load_document(p).content_hash for p in paths}
    assert len(expected) == count
    out = tmp_path / "out.jsonl"
    env = {k: v for k, v in os.environ.items() if "API_KEY" not in k and "BASE_URL" not in k}
    env["SUMMARIZER_CACHE_DIR"] = str(tmp_path / "cache")
    command = [sys.executable, "-m", "summarizer", "batch", str(tmp_path / "in"), "-o", str(out)]
    with (tmp_path / "stderr-1.txt").open("w") as err:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + 60
        while not (out.exists() and out.read_bytes().count(b"\n") >= 1):
            assert proc.poll() is None, "batch ended before writing a line"
            assert time.monotonic() < deadline, "no line after 60 s"
            time.sleep(0.005)
        # The first line is there while the batch still runs: lines are appended as each
        # file finishes, not at the end.
        assert proc.poll() is None, "batch finished before it could be killed: raise count"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    done_before = out.read_bytes().count(b"\n")
    assert 1 <= done_before < count
    print(f"killed after {done_before} of {count} lines")

    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    hashes = _hashes(out)
    assert len(hashes) == len(set(hashes)), "duplicate lines after resume"
    assert set(hashes) == expected, "missing lines after resume"
    assert rerun.stderr.count("skipped") >= done_before
