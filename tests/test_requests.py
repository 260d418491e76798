"""Requests as files (``summarizer requests``) and replaying recorded answers.

The loop a user runs without a key: export the requests, answer them elsewhere, check,
import or replay with ``--answers``. Against the loopback test server: the exported
request is what the engine sends, and a recorded answer replays against any host.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.engines.llm._requests import REQUEST_SUFFIX
from tests.conftest import REPORTS_DIR, ROOT, RunCli
from tests.llm_server import TestServer, chunk_text_of, first_sentence_items

REPORT = REPORTS_DIR / "nedong-2025-workplan.txt"


@pytest.fixture
def server() -> Iterator[TestServer]:
    srv = TestServer().start()
    yield srv
    srv.stop()


def _requests(folder: Path) -> list[Path]:
    return sorted(folder.rglob(f"*{REQUEST_SUFFIX}"))


def _answer_all(folder: Path, answer: object = None) -> None:
    """Answer every request with the first sentence of its chunk (a tiny 'model')."""
    for path in _requests(folder):
        request = json.loads(path.read_text("utf-8"))
        body = {"messages": request["messages"]}
        items = first_sentence_items(body) if answer is None else answer
        path.with_name(path.name.replace(".request.", ".answer.")).write_text(
            json.dumps({"key": request["key"], "items": items}, ensure_ascii=False), "utf-8"
        )


def test_export_writes_what_the_engine_sends(
    run_cli: RunCli, server: TestServer, tmp_path: Path
) -> None:
    out = tmp_path / "req"
    r = run_cli("requests", "export", str(REPORT), "-o", str(out), "--model", "m1")
    assert r.returncode == 0, r.stderr
    files = _requests(out)
    assert files and (out / "manifest.json").is_file()
    exported = [json.loads(p.read_text("utf-8")) for p in files]
    # The same report through a live server: the messages it receives are the exported ones.
    r = run_cli(
        "summarize",
        str(REPORT),
        "--engine",
        "llm",
        "--model",
        "m1",
        "--base-url",
        server.base_url,
        "--no-cache",
    )
    assert r.returncode == 0, r.stderr

    def users(bodies: list[dict[str, object]]) -> list[str]:
        return sorted(
            str(m["content"])  # type: ignore[index]
            for b in bodies
            for m in b["messages"]  # type: ignore[attr-defined]
            if m["role"] == "user"  # type: ignore[index]
        )

    assert users([x.body for x in server.received]) == users(exported)
    tool = server.received[0].body["tools"][0]["function"]["parameters"]
    assert tool == exported[0]["schema"]
    assert all(e["chunk"]["text"] in e["messages"][1]["content"] for e in exported)
    assert all(re.fullmatch(r"[0-9a-f]{64}", e["key"]) for e in exported)


def test_answers_replay_offline_and_stale_answers_say_how_to_rerecord(
    run_cli: RunCli, tmp_path: Path
) -> None:
    reports, gold = tmp_path / "reports", tmp_path / "gold"
    reports.mkdir()
    gold.mkdir()
    shutil.copy(REPORT, reports)
    shutil.copy(ROOT / "evals" / "gold" / "nedong-2025-workplan.json", gold)
    out = tmp_path / "answers"
    assert (
        run_cli("requests", "export", str(REPORT), "-o", str(out), "--model", "m1").returncode == 0
    )
    _answer_all(out)
    common = ("eval", "--reports", str(reports), "--gold", str(gold), "--answers", str(out))
    r = run_cli(*common, "-o", str(tmp_path / "res.json"))
    assert r.returncode == 0, r.stderr
    assert "engine: LLM m1" in r.stderr  # the model named by the answers' manifest
    results = json.loads((tmp_path / "res.json").read_text("utf-8"))
    assert results["run"]["model"] == "m1"
    assert results["run"]["cache_hits"] == len(_requests(out))
    assert results["run"]["calls"] == 0
    # The recorded answers' items reached the scorer (they are no labels: all spurious).
    assert results["reports"][0]["spurious"]
    # Another chunking is another set of requests: an error naming the way out.
    r = run_cli(*common, "--max-chars", "400")
    assert r.returncode == 4
    assert "stale" in r.stderr and "summarizer requests export" in r.stderr


def test_check_reports_the_engines_own_reask_message(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "req"
    run_cli("requests", "export", str(REPORT), "-o", str(out))
    bad = [{"category": "goal", "statement": "x", "quote": "这句话不在文中出现"}]
    _answer_all(out, bad)
    r = run_cli("requests", "check", str(out))
    assert r.returncode == 3
    assert "quote(s) are not verbatim in the text" in r.stderr
    extra = [{"category": "goal", "statement": "x", "quote": "乃东", "note": "extra"}]
    _answer_all(out, extra)
    r = run_cli("requests", "check", str(out))
    assert r.returncode == 3 and "Extra inputs are not permitted" in r.stderr
    _answer_all(out)
    r = run_cli("requests", "check", str(out))
    assert r.returncode == 0, r.stderr


def test_imported_answers_replay_through_summarize_offline(run_cli: RunCli, tmp_path: Path) -> None:
    out, cache = tmp_path / "req", tmp_path / "cache2"
    run_cli("requests", "export", str(REPORT), "-o", str(out), "--model", "m1")
    _answer_all(out)
    r = run_cli("requests", "import", str(out), "--cache-dir", str(cache))
    assert r.returncode == 0, r.stderr
    r = run_cli(
        "summarize",
        str(REPORT),
        "--engine",
        "llm",
        "--offline",
        "--model",
        "m1",
        "--cache-dir",
        str(cache),
        "-f",
        "json",
        # Any host or port: the key does not depend on where the answer came from.
        "--base-url",
        "http://127.0.0.1:9/v1",
    )
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    first = chunk_text_of(
        {"messages": json.loads(_requests(out)[0].read_text("utf-8"))["messages"]}
    )
    assert summary["run"]["usage"]["cache_hits"] == len(_requests(out))
    assert any(first.startswith(i["quote"]) for i in summary["achievements"])


def test_recorded_answers_replay_against_another_port(
    run_cli: RunCli, server: TestServer, tmp_path: Path
) -> None:
    cache = tmp_path / "cassette"
    args = ("summarize", str(REPORT), "--engine", "llm", "--cache-dir", str(cache), "-f", "json")
    r = run_cli(*args, "--base-url", server.base_url)
    assert r.returncode == 0, r.stderr
    recorded = len(server.received)
    server.stop()
    r = run_cli(*args, "--base-url", "http://127.0.0.1:9/v1", "--offline")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["run"]["usage"]["cache_hits"] == recorded


def test_export_again_keeps_answers_and_drops_requests_no_longer_made(
    run_cli: RunCli, tmp_path: Path
) -> None:
    out = tmp_path / "req"
    run_cli("requests", "export", str(REPORT), "-o", str(out), "--max-chars", "400")
    many = _requests(out)
    run_cli("requests", "export", str(REPORT), "-o", str(out))
    few = _requests(out)
    assert len(few) < len(many)
    _answer_all(out)
    r = run_cli("requests", "export", str(REPORT), "-o", str(out))
    assert f"{len(few)} requests, {len(few)} answered" in r.stderr
    assert all(p.with_name(p.name.replace(".request.", ".answer.")).is_file() for p in few)
