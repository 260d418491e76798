"""Nothing lost, nothing hangs (issue 15): a failed run keeps the previous result, batch
redoes what failed, a long Retry-After ends the run at once, progress and waits show on
stderr. Real HTTP on loopback (tests/llm_server.py) and the real CLI in subprocesses."""

from __future__ import annotations

import asyncio
import json
import os
import pty
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.load import load_document
from summarizer.pipeline import asummarize
from summarizer.settings import Settings
from tests.conftest import REPORTS_DIR, ROOT, RunCli
from tests.llm_server import Step, TestServer, chunk_text_of, first_sentence_items

REPORT = REPORTS_DIR / "luolong-2025.txt"
# Retry-After: 0 makes the retry policy go through its attempts without backoff sleeps.
NOW = {"Retry-After": "0"}


@pytest.fixture
def server() -> Iterator[TestServer]:
    srv = TestServer().start()
    yield srv
    srv.stop()


def _env(server: TestServer, **extra: str) -> dict[str, str]:
    return {"SUMMARIZER_BASE_URL": server.base_url, "SUMMARIZER_MODEL": "m", **extra}


def _short_report(tmp_path: Path, chars: int = 1500) -> Path:
    """The start of a real report: a few chunks at --max-chars 600."""
    path = tmp_path / "short.txt"
    path.write_text(REPORT.read_text("utf-8")[:chars], encoding="utf-8")
    return path


def _lines(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


# --- item 2: a run that produced nothing writes nothing ------------------------------


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_every_chunk_failing_leaves_the_previous_output_untouched(
    server: TestServer, run_cli: RunCli, tmp_path: Path, fmt: str
) -> None:
    server.default = lambda body: Step.http_status(503, NOW)
    out = tmp_path / "out" / f"summary.{fmt}"
    out.parent.mkdir()
    out.write_text("the previous, good summary\n", encoding="utf-8")
    report = _short_report(tmp_path)
    result = run_cli(
        "summarize", str(report), "-f", fmt, "--max-chars", "600", "-o", str(out), env=_env(server)
    )
    assert result.returncode == 4, result.stderr
    assert out.read_text("utf-8") == "the previous, good summary\n"
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary left behind
    assert "nothing written" in result.stderr and "HTTP 503" in result.stderr
    assert "wrote" not in result.stderr and "Traceback" not in result.stderr


def test_every_chunk_timing_out_prints_nothing_and_says_why(
    server: TestServer, run_cli: RunCli, tmp_path: Path
) -> None:
    server.default = lambda body: Step.answer([], delay_s=3.0)
    report = tmp_path / "one-chunk.txt"
    report.write_text("全年完成投资12亿元，新建学校3所。开工建设洛波公路。\n", encoding="utf-8")
    result = run_cli(
        "summarize", str(report), "-f", "json", env=_env(server, SUMMARIZER_TIMEOUT="0.2")
    )
    assert result.returncode == 4, result.stderr
    assert result.stdout == ""  # no empty summary on stdout either
    assert "nothing written" in result.stderr and "timed out" in result.stderr


def test_a_partial_run_writes_and_says_so(
    server: TestServer, run_cli: RunCli, tmp_path: Path
) -> None:
    def answers(body: dict[str, Any]) -> Step:
        if "力争" in chunk_text_of(body):
            return Step.http_status(500, NOW)
        return Step.answer(first_sentence_items(body))

    server.default = answers
    out = tmp_path / "summary.json"
    out.write_text("old\n", encoding="utf-8")
    result = run_cli(
        "summarize", str(REPORT), "-f", "json", "--max-chars", "1200", "-o", str(out),
        env=_env(server),
    )  # fmt: skip
    assert result.returncode == 3, result.stderr
    data = json.loads(out.read_text("utf-8"))
    failed = len(data["run"]["failed_chunks"])
    assert failed and data["goals"] + data["achievements"]
    assert f"wrote {out} (partial: {failed} of {data['run']['chunks']} chunks failed)" in (
        result.stderr
    )


# --- item 3: batch redoes failed and partial reports ---------------------------------


def test_batch_resume_redoes_failed_and_partial_reports_and_keeps_good_ones(
    server: TestServer, run_cli: RunCli, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("luolong-2024.txt", "luolong-2025.txt", "nedong-2025-workplan.txt"):
        (folder / name).write_text((REPORTS_DIR / name).read_text("utf-8"), encoding="utf-8")
    good, partly, failing = (load_document(folder / n) for n in sorted(os.listdir(folder)))
    assert "力争" in partly.text

    def first_run(body: dict[str, Any]) -> Step:
        text = chunk_text_of(body)
        if text in failing.text or (text in partly.text and "力争" in text):
            return Step.http_status(503, NOW)
        return Step.answer(first_sentence_items(body))

    server.default = first_run
    out = tmp_path / "all.jsonl"
    args = ("batch", str(folder), "-o", str(out), "--max-chars", "1200")
    first = run_cli(*args, env=_env(server))
    assert first.returncode == 3, first.stderr
    records = _lines(out)
    # The report that gave nothing has no line; the partial one has its line.
    assert [r["document"]["content_hash"] for r in records] == [
        good.content_hash,
        partly.content_hash,
    ]
    assert records[1]["run"]["failed_chunks"]
    good_line = out.read_text("utf-8").splitlines()[0]

    server.default = lambda body: Step.answer(first_sentence_items(body))
    asked_before = len(server.received)
    second = run_cli(*args, env=_env(server))
    assert second.returncode == 0, second.stderr
    records = _lines(out)
    hashes = [r["document"]["content_hash"] for r in records]
    assert sorted(hashes) == sorted([good.content_hash, partly.content_hash, failing.content_hash])
    assert all(not r["run"]["failed_chunks"] for r in records)
    # The partial line is replaced where it stood; the good one is kept byte for byte and
    # its report was not sent again.
    assert hashes[:2] == [good.content_hash, partly.content_hash]
    assert out.read_text("utf-8").splitlines()[0] == good_line
    resent = [chunk_text_of(r.body) for r in server.received[asked_before:]]
    assert resent and not any(t in good.text and t not in partly.text for t in resent)
    assert f"redone: {folder / 'luolong-2025.txt'} (was partial: chunks c" in second.stderr

    third = run_cli(*args, env=_env(server))
    assert third.returncode == 0 and third.stderr.count("already in output") == 3


def test_batch_takes_an_existing_file_name_with_brackets_literally(
    run_cli: RunCli, tmp_path: Path
) -> None:
    text = (REPORTS_DIR / "nedong-2025-workplan.txt").read_text("utf-8")
    for i, name in enumerate(("report[2025].txt", "report2.txt", "report0.txt")):
        (tmp_path / name).write_text(text + f"\n附{i}。\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run_cli("batch", str(tmp_path / "report[2025].txt"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert [Path(r["document"]["source"]).name for r in _lines(out)] == ["report[2025].txt"]


# --- item 4: a long Retry-After ends the run at once ---------------------------------


@pytest.mark.parametrize(
    ("retry_after", "env", "named"),
    [("3600", {}, "3600 s"), ("5", {"SUMMARIZER_MAX_RETRY_WAIT": "1"}, "5 s")],
    ids=["an-hour", "over-the-setting"],
)
def test_a_retry_after_over_the_ceiling_gives_up_at_once(
    server: TestServer,
    run_cli: RunCli,
    tmp_path: Path,
    retry_after: str,
    env: dict[str, str],
    named: str,
) -> None:
    server.default = lambda body: Step.http_status(429, {"Retry-After": retry_after})
    report = _short_report(tmp_path)
    out = tmp_path / "out.json"
    started = time.monotonic()
    result = run_cli(
        "summarize", str(report), "--max-chars", "600", "-f", "json", "-o", str(out),
        "--concurrency", "1", env=_env(server, **env), timeout=60,
    )  # fmt: skip
    assert time.monotonic() - started < 30
    assert result.returncode == 4, result.stderr
    assert not out.exists()
    assert f"asks to wait {named}" in result.stderr
    assert "SUMMARIZER_MAX_RETRY_WAIT" in result.stderr and "rate limited" in result.stderr
    # Nothing was retried, and the run stopped at the first refusal (one call in flight):
    # the other chunks of the report were not sent to be refused the same way.
    assert len(server.received) == 1
    chunks = run_cli("chunks", str(report), "--max-chars", "600", "--json")
    assert len(json.loads(chunks.stdout)["chunks"]) > 1


def test_waits_are_shown_on_stderr(server: TestServer, run_cli: RunCli, tmp_path: Path) -> None:
    server.script(Step.http_status(429, {"Retry-After": "1"}))
    report = tmp_path / "one-chunk.txt"
    report.write_text("全年完成投资12亿元，新建学校3所。开工建设洛波公路。\n", encoding="utf-8")
    result = run_cli("summarize", str(report), "-f", "json", env=_env(server))
    assert result.returncode == 0, result.stderr
    assert "waiting 1.0 s before retry 1 of 4: rate limited (HTTP 429)" in result.stderr


# --- item 10: what a re-ask's failure says, progress, --version ----------------------


def test_a_429_during_a_reask_says_rate_limited(server: TestServer, tmp_path: Path) -> None:
    text = "全年完成投资12亿元，新建学校3所。开工建设洛波公路。"
    bad = [{"category": "achievement", "statement": "投资", "quote": "全年投资创历史新高"}]
    limited = Step.http_status(429, NOW)
    server.script(Step.answer(bad), limited, Step.answer(bad), limited)
    settings = Settings(
        engine="llm",
        base_url=server.base_url,
        model="m",
        cache_dir=tmp_path / "cache",
        max_retries=1,
        backoff_s=0.01,
    )
    summary = asyncio.run(asummarize(text, settings))
    (failed,) = summary.run.failed_chunks
    assert len(server.received) == 4
    assert "rate limited by 127.0.0.1 (429)" in failed.error, failed.error
    assert "failed_attempts" not in failed.error


def test_llm_progress_is_a_line_every_few_chunks_off_a_terminal(
    server: TestServer, run_cli: RunCli
) -> None:
    server.default = lambda body: Step.answer(first_sentence_items(body))
    result = run_cli("summarize", str(REPORT), "--max-chars", "600", env=_env(server))
    assert result.returncode == 0, result.stderr
    lines = [x for x in result.stderr.splitlines() if x.startswith("progress: ")]
    counts = [re.search(r" (\d+)/(\d+) chunks", x) for x in lines]
    assert all(counts)
    total = int(counts[-1].group(2))  # type: ignore[union-attr]
    assert total > 10 and f" {total}/{total} chunks" in lines[-1]
    assert 3 <= len(lines) <= 12  # a line per few chunks, not one per chunk


def test_llm_progress_is_a_live_line_on_a_terminal(server: TestServer, tmp_path: Path) -> None:
    server.default = lambda body: Step.answer(first_sentence_items(body), delay_s=0.05)
    env = {k: v for k, v in os.environ.items() if "API_KEY" not in k and "BASE_URL" not in k}
    env |= _env(server) | {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"), "TERM": "xterm"}
    command = [sys.executable, "-m", "summarizer", "summarize", str(REPORT), "--max-chars", "600"]
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=follower,
        stdin=subprocess.DEVNULL,
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the pty closes when the process ends
            break
        if not data:
            break
        seen += data
    proc.communicate(timeout=60)
    os.close(leader)
    assert proc.returncode == 0, seen.decode("utf-8", "replace")
    terminal = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.decode("utf-8", "replace"))
    assert re.search(r" [1-9]\d*/\d+ chunks", terminal), terminal[-500:]
    assert "\r" in terminal and "progress: " not in terminal  # a live line, not log lines


def test_version(run_cli: RunCli) -> None:
    from summarizer import __version__

    result = run_cli("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"summarizer {__version__}"


def test_track_markdown_escapes_html_from_the_reports(run_cli: RunCli, tmp_path: Path) -> None:
    names = []
    for year in ("2024", "2025"):
        text = (REPORTS_DIR / f"luolong-{year}.txt").read_text("utf-8")
        path = tmp_path / f"luolong-{year}.txt"
        path.write_text(text.replace("（含川藏铁路", "（含<img src=x onerror=alert(1)>川藏铁路"))
        names.append(str(path))
    result = run_cli("track", *names)
    assert result.returncode == 0, result.stderr
    # The quote is there, as text: escaped as the summary's Markdown escapes it.
    assert r"\<img src=x onerror=alert(1)\>" in result.stdout
    assert "<img" not in result.stdout.replace(r"\<img", "")


def test_the_html_page_has_the_documents_language(run_cli: RunCli, tmp_path: Path) -> None:
    # A Chinese report behind a long English abstract: the page is still lang="zh".
    abstract = "This report reviews the county's development and sets next year's targets. "
    report = tmp_path / "abstract-first.txt"
    report.write_text(
        "Abstract. " + abstract * 60 + "\n" + REPORT.read_text("utf-8"), encoding="utf-8"
    )
    result = run_cli("summarize", str(report), "-f", "html", "--engine", "rules")
    assert result.returncode == 0, result.stderr
    assert '<html lang="zh">' in result.stdout
