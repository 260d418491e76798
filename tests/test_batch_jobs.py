"""``summarizer jobs``: reports through provider batch jobs, against a loopback server with
the Files and Batches APIs (tests/batch_server.py) driven by the real openai client, and
through result files in ``vllm run-batch``'s format. The CLI runs as real subprocesses.

What is checked: a batch line is the body a live call sends; the summaries equal the live
path's given the same answers; every request is submitted once, kills included; error
lines, expired, cancelled and failed batches, invalid and saturated answers go into a
follow-up (a second batch, or live calls); memory-free streaming is the benchmark's job.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.engines.llm._batch import (
    JobSettings,
    Ledger,
    PartWriter,
    ResultLine,
    parse_result_line,
    request_ids,
)
from summarizer.engines.llm._schema import MAX_ITEMS
from tests.batch_server import Answer, BatchServer, Reply, completion, first_sentence
from tests.conftest import REPORT_NAMES, REPORTS_DIR, ROOT, RunCli
from tests.llm_server import Step, TestServer, chunk_text_of, first_sentence_items

MODEL = "test-model"


@pytest.fixture
def server() -> Iterator[BatchServer]:
    srv = BatchServer().start()
    yield srv
    srv.stop()


def _env(server: BatchServer | TestServer, cache: Path) -> dict[str, str]:
    return {
        "SUMMARIZER_BASE_URL": server.base_url,
        "SUMMARIZER_MODEL": MODEL,
        "SUMMARIZER_CACHE_DIR": str(cache),
    }


def _reports(folder: Path, count: int | None = None, *, distinct: bool = False) -> Path:
    """The bundled reports, or ``count`` copies of them of distinct content. With
    ``distinct``, a number at the end of every line makes every chunk of every
    copy a request of its own; else only the closing line differs."""
    folder.mkdir(parents=True, exist_ok=True)
    if count is None:
        for name in REPORT_NAMES:
            (folder / name).write_text((REPORTS_DIR / name).read_text("utf-8"), "utf-8")
        return folder
    for n in range(count):
        name = REPORT_NAMES[n % len(REPORT_NAMES)]
        lines = (REPORTS_DIR / name).read_text("utf-8").splitlines()
        if distinct:
            lines = [x + (f"（副本{n}）" if x.strip() else "") for x in lines]
        text = "\n".join(lines) + f"\n附：第{n}份。\n"
        (folder / f"{Path(name).stem}-{n:04d}.txt").write_text(text, "utf-8")
    return folder


def _records(out: Path) -> dict[str, dict[str, Any]]:
    """Summaries by content hash, without what differs between two runs of the same
    answers (usage: calls versus cache hits; timings)."""
    found: dict[str, dict[str, Any]] = {}
    for line in out.read_text("utf-8").splitlines():
        record = json.loads(line)
        record["run"].pop("usage")
        record["run"].pop("timings")
        found[record["document"]["content_hash"]] = record
    return found


def _step(reply: Reply) -> Step:
    """The same answer from tests/llm_server.py's live server."""
    if reply.finish_reason == "length":
        return Step.length()
    return Step.answer(reply.items)


def _live(
    run_cli: RunCli, folder: Path, tmp: Path, answer: Answer = first_sentence
) -> dict[str, Any]:
    """The live path's summaries of ``folder`` (``summarizer batch``) given ``answer``."""
    live = TestServer(default=lambda body: _step(answer(body))).start()
    out = tmp / "live.jsonl"
    try:
        r = run_cli(
            "batch",
            str(folder),
            "-o",
            str(out),
            "--engine",
            "llm",
            env=_env(live, tmp / "live-cache"),
            timeout=600,
        )
    finally:
        live.stop()
    assert r.returncode == 0, r.stderr
    return _records(out)


def _jobs(
    run_cli: RunCli, server: BatchServer, tmp: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    return run_cli("jobs", *args, "--poll", "0", env=_env(server, tmp / "cache"), timeout=600)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def _state(out: Path) -> dict[str, Any]:
    return json.loads((out.with_name(out.name + ".batch") / "state.json").read_text("utf-8"))


# ------------------------------------------------------------------ the request lines


@pytest.mark.parametrize("mode", ["tools", "json_schema", "md_json"])
def test_a_request_line_is_what_a_live_call_sends(
    run_cli: RunCli, tmp_path: Path, mode: str
) -> None:
    report = REPORTS_DIR / "nedong-2025-workplan.txt"
    out = tmp_path / "all.jsonl"
    r = run_cli("jobs", "export", str(report), "-o", str(out), "--model", MODEL, "--mode", mode)
    assert r.returncode == 0, r.stderr
    folder = out.with_name("all.jsonl.batch")
    lines = [x for p in sorted(folder.glob("*.requests.jsonl")) for x in _lines(p)]
    assert lines and all(
        x["method"] == "POST" and x["url"] == "/v1/chat/completions" for x in lines
    )
    assert len({x["custom_id"] for x in lines}) == len(lines)
    live = TestServer().start()
    try:
        r = run_cli(
            "summarize",
            str(report),
            "--engine",
            "llm",
            "--mode",
            mode,
            "--no-cache",
            env=_env(live, tmp_path / "c"),
        )
    finally:
        live.stop()
    assert r.returncode == 0, r.stderr

    def canonical(bodies: list[dict[str, Any]]) -> list[str]:
        return sorted(json.dumps(b, sort_keys=True, ensure_ascii=False) for b in bodies)

    # The exact HTTP bodies, instructor's own additions included (the forced tool, the
    # response format, md_json's schema in the messages).
    assert canonical([x["body"] for x in lines]) == canonical([x.body for x in live.received])


# ------------------------------------------------------------------ the job against a provider


def test_a_job_writes_what_the_live_path_writes_and_sends_each_request_once(
    run_cli: RunCli, server: BatchServer, tmp_path: Path
) -> None:
    folder = _reports(tmp_path / "in")
    out = tmp_path / "all.jsonl"
    r = _jobs(run_cli, server, tmp_path, "run", str(folder), "-o", str(out), "--max-requests", "25")
    assert r.returncode == 0, r.stderr
    assert len(server.batches) >= 3, "the limit splits the requests into several batches"
    assert server.submitted and set(server.submitted.values()) == {1}
    state = _state(out)
    assert sorted(p["batch_id"] for p in state["parts"]) == sorted(server.batches)
    assert all(p["status"] == "ingested" for p in state["parts"])
    # Progress on stderr: statuses and counts as the batches go.
    for status in ("in_progress", "finalizing", "completed"):
        assert status in r.stderr
    assert _records(out) == _live(run_cli, folder, tmp_path)

    # Run again: everything is in the output and the cache; nothing is sent.
    before = out.read_bytes()
    again = _jobs(run_cli, server, tmp_path, "run", str(folder), "-o", str(out))
    assert again.returncode == 0, again.stderr
    assert out.read_bytes() == before
    assert set(server.submitted.values()) == {1} and len(server.batches) == len(state["parts"])


def _flawed(body: dict[str, Any]) -> Reply:
    """A model that quotes what is not in the text on the first try of chunks whose text
    holds 旅游 (a re-ask, with instructor's tool message, gets it right)."""
    text = chunk_text_of(body)
    reasked = any(m.get("role") == "tool" for m in body["messages"])
    if "旅游" in text and not reasked:
        return Reply([{"category": "goal", "quote": "这句话不在文中出现"}])
    return first_sentence(body)


def test_error_lines_an_expired_batch_and_invalid_answers_go_into_a_second_batch(
    run_cli: RunCli, server: BatchServer, tmp_path: Path
) -> None:
    folder = _reports(tmp_path / "in")
    out = tmp_path / "all.jsonl"
    server.answer = _flawed
    server.errs = lambda cid, body: "全县" in chunk_text_of(body)
    server.endings = ["expired"]
    r = _jobs(run_cli, server, tmp_path, "run", str(folder), "-o", str(out), "--max-requests", "30")
    assert r.returncode == 0, r.stderr
    # The expired batch: one line saying what was kept and what is sent again.
    ended = [x for x in r.stderr.splitlines() if "answered, kept" in x]
    assert len(ended) == 1 and " expired" in ended[0] and "sent again" in ended[0]
    assert "to re-ask" in r.stderr and "error line(s)" in r.stderr
    # Follow-ups in later rounds: a request that erred in round 2 (it had expired in
    # round 1) may need a re-ask in round 3, and so on; each wait is bounded.
    rounds = {p["round"] for p in _state(out)["parts"]}
    assert {1, 2} <= rounds
    again = {k for k, n in server.submitted.items() if n > 1}
    assert again and max(server.submitted.values()) <= 4
    assert len(again) < len(server.submitted)
    # The re-asks are instructor's: the answer and the validation error, as a tool message.
    reasks = [b for b in server.batch_bodies if any(m["role"] == "tool" for m in b["messages"])]
    assert reasks
    tool = next(m for m in reasks[0]["messages"] if m["role"] == "tool")
    assert (
        "Validation Error found" in tool["content"]
        and "not verbatim in the text" in tool["content"]
    )
    assert reasks[0]["messages"][2]["tool_calls"][0]["function"]["name"] == "ChunkItems"
    assert _records(out) == _live(run_cli, folder, tmp_path)


def test_follow_up_live_sends_the_rest_as_live_calls(
    run_cli: RunCli, server: BatchServer, tmp_path: Path
) -> None:
    folder = _reports(tmp_path / "in")
    out = tmp_path / "all.jsonl"
    server.answer = _flawed
    server.errs = lambda cid, body: "全县" in chunk_text_of(body)
    server.endings = ["cancelled"]  # half its requests get no line at all
    r = _jobs(
        run_cli,
        server,
        tmp_path,
        "run",
        str(folder),
        "-o",
        str(out),
        "--max-requests",
        "30",
        "--follow-up",
        "live",
    )
    assert r.returncode == 0, r.stderr
    assert {p["round"] for p in _state(out)["parts"]} == {1}, "no second batch"
    assert set(server.submitted.values()) == {1}
    assert server.live, "the follow-ups went out as live calls"
    assert " cancelled" in r.stderr
    assert _records(out) == _live(run_cli, folder, tmp_path)


def _saturating(body: dict[str, Any]) -> Reply:
    """At the item cap for long chunks that hold 产业, cut at the token limit for long
    chunks that hold 生态: both split in two, as the live engine does."""
    text = chunk_text_of(body)
    items = first_sentence_items(body)
    if len(text) > 600 and "产业" in text and items:
        return Reply(items * MAX_ITEMS)
    if len(text) > 600 and "生态" in text:
        return Reply(arguments='{"items": [{"categ', finish_reason="length", completion_tokens=4096)
    return Reply(items)


def test_saturated_and_cut_off_answers_are_split_as_live(
    run_cli: RunCli, server: BatchServer, tmp_path: Path
) -> None:
    folder = _reports(tmp_path / "in")
    out = tmp_path / "all.jsonl"
    server.answer = _saturating
    r = _jobs(run_cli, server, tmp_path, "run", str(folder), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "cut off (split)" in r.stderr
    assert len({p["round"] for p in _state(out)["parts"]}) >= 2, "halves go in later rounds"
    assert set(server.submitted.values()) == {1}, "a half is a new request, sent once"
    records = _records(out)
    assert records == _live(run_cli, folder, tmp_path, _saturating)
    assert any(r["run"]["chunks"] for r in records.values())


def test_a_5xx_on_upload_is_retried_and_a_failed_batch_is_sent_again(
    run_cli: RunCli, server: BatchServer, tmp_path: Path
) -> None:
    folder = _reports(tmp_path / "in")
    out = tmp_path / "all.jsonl"
    server.upload_failures = 1
    server.endings = ["failed"]
    r = _jobs(run_cli, server, tmp_path, "run", str(folder), "-o", str(out), "--max-requests", "40")
    assert r.returncode == 0, r.stderr
    failed = [x for x in r.stderr.splitlines() if " failed: scripted failure" in x]
    assert len(failed) == 1 and "sent again" in failed[0]
    assert server.calls.count("POST /v1/files") == len(_state(out)["parts"]) + 1
    assert _records(out) == _live(run_cli, folder, tmp_path)


def test_a_batch_refused_for_the_token_limit_is_created_again_when_others_end(
    run_cli: RunCli, server: BatchServer, tmp_path: Path
) -> None:
    folder = _reports(tmp_path / "in")
    out = tmp_path / "all.jsonl"
    server.endings = ["completed", "token_limit"]
    r = _jobs(run_cli, server, tmp_path, "run", str(folder), "-o", str(out), "--max-requests", "30")
    assert r.returncode == 0, r.stderr
    assert "enqueued-token limit" in r.stderr
    parts = _state(out)["parts"]
    assert {p["round"] for p in parts} == {1}, "not a follow-up: the same file, again"
    assert len(server.batches) == len(parts) + 1
    assert set(server.answered.values()) == {1}
    assert _records(out) == _live(run_cli, folder, tmp_path)


@pytest.mark.parametrize("mode", ["json_schema", "md_json"])
def test_other_modes_judge_as_live(
    run_cli: RunCli, server: BatchServer, tmp_path: Path, mode: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    report = (REPORTS_DIR / "nedong-2025-workplan.txt").read_text("utf-8")
    (folder / "a.txt").write_text(report, "utf-8")
    out = tmp_path / "all.jsonl"
    server.answer = _flawed
    r = _jobs(run_cli, server, tmp_path, "run", str(folder), "-o", str(out), "--mode", mode)
    assert r.returncode == 0, r.stderr
    assert server.batch_bodies and all("tools" not in b for b in server.batch_bodies)
    live = TestServer(default=lambda body: _step(_flawed(body))).start()
    live_out = tmp_path / "live.jsonl"
    try:
        args = ("batch", str(folder), "-o", str(live_out), "--engine", "llm", "--mode", mode)
        r = run_cli(*args, env=_env(live, tmp_path / "live-cache"))
    finally:
        live.stop()
    assert r.returncode == 0, r.stderr
    assert _records(out) == _records(live_out)


def test_a_torn_last_line_of_the_output_is_cut_and_its_report_written_again(
    run_cli: RunCli, server: BatchServer, tmp_path: Path
) -> None:
    folder = _reports(tmp_path / "in")
    out = tmp_path / "all.jsonl"
    assert _jobs(run_cli, server, tmp_path, "run", str(folder), "-o", str(out)).returncode == 0
    whole = out.read_bytes()
    before = _records(out)
    last = whole.rindex(b"\n", 0, len(whole) - 1) + 1
    out.write_bytes(whole[: last + 200])  # killed while appending the last line
    r = _jobs(run_cli, server, tmp_path, "run", str(folder), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:last] == whole[:last], "the lines before it are untouched"
    assert len(_lines(out)) == len(REPORT_NAMES) and _records(out) == before
    assert set(server.submitted.values()) == {1}, "written again from the cache"


def _killed_at(route: str, server: BatchServer, tmp: Path, args: list[str]) -> None:
    """Run ``summarizer jobs`` until it calls ``route``, and kill -9 it there."""
    gate = server.gate(route)
    env = {k: v for k, v in os.environ.items() if "API_KEY" not in k and "BASE_URL" not in k}
    env.update(_env(server, tmp / "cache"))
    log = tmp / f"killed-at-{route}.log"
    with log.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "summarizer", "jobs", *args, "--poll", "0"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 120
            while not server.reached[route].wait(timeout=0.05):
                assert proc.poll() is None, f"ended before {route}: {log.read_text()}"
                assert time.monotonic() < deadline, f"never reached {route}: {log.read_text()}"
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
    gate.set()
    del server.gates[route]


@pytest.mark.parametrize("route", ["upload", "create", "content"])
def test_killed_mid_call_the_rerun_finds_what_it_created(
    run_cli: RunCli, server: BatchServer, tmp_path: Path, route: str
) -> None:
    folder = _reports(tmp_path / "in")
    out = tmp_path / "all.jsonl"
    args = ["run", str(folder), "-o", str(out), "--max-requests", "40"]
    _killed_at(route, server, tmp_path, args)
    uploads = server.calls.count("POST /v1/files")
    r = _jobs(run_cli, server, tmp_path, *args)
    assert r.returncode == 0, r.stderr
    assert set(server.submitted.values()) == {1}, "no request submitted twice"
    per_file = [b.input_file_id for b in server.batches.values()]
    assert len(per_file) == len(set(per_file)) == len(_state(out)["parts"])
    if route == "upload":
        # The interrupted upload had arrived whole: found again, not uploaded twice.
        assert server.calls.count("POST /v1/files") - uploads == len(_state(out)["parts"]) - 1
    if route == "create":
        assert "found again" in r.stderr
    assert _records(out) == _live(run_cli, folder, tmp_path)


def test_without_a_key_run_says_how_and_live_follow_ups_need_a_server(
    run_cli: RunCli, tmp_path: Path
) -> None:
    out = tmp_path / "all.jsonl"
    r = run_cli("jobs", "run", str(REPORTS_DIR), "-o", str(out))
    assert r.returncode == 4 and "OPENAI_API_KEY" in r.stderr and "jobs export" in r.stderr
    env = {"SUMMARIZER_BATCH_FOLLOW_UP": "live"}
    r = run_cli("jobs", "export", str(REPORTS_DIR), "-o", str(out), env=env)
    assert r.returncode == 4 and "live follow-ups need a server" in r.stderr
    assert "Traceback" not in r.stderr and not out.exists()


# ------------------------------------------------------------------ vllm run-batch


def _vllm_results(requests: list[Path], dest: Path, *, skip: int = -1, error: int = -1) -> None:
    """Answer request files as ``vllm run-batch -o`` writes results: one line per request,
    ``{"id", "custom_id", "response": {"status_code", "request_id", "body"}, "error"}``;
    line ``error`` is vLLM's error line, line ``skip`` is left out."""
    with dest.open("w", encoding="utf-8") as fh:
        n = 0
        for path in requests:
            for line in _lines(path):
                n += 1
                if n - 1 == skip:
                    continue
                result: dict[str, Any] = {"id": f"vllm-{n}", "custom_id": line["custom_id"]}
                if n - 1 == error:
                    result["response"] = {
                        "status_code": 400,
                        "request_id": f"vllm-batch-{n}",
                        "body": None,
                    }
                    result["error"] = "The model does not support Chat Completions API"
                else:
                    body = completion(line["body"], first_sentence(line["body"]), n)
                    result["response"] = {
                        "status_code": 200,
                        "request_id": f"vllm-batch-{n}",
                        "body": body,
                    }
                    result["error"] = None
                fh.write(json.dumps(result, ensure_ascii=False) + "\n")


def test_import_of_vllm_run_batch_results(run_cli: RunCli, tmp_path: Path) -> None:
    folder = _reports(tmp_path / "in")
    out = tmp_path / "all.jsonl"
    r = run_cli("jobs", "export", str(folder), "-o", str(out), "--model", MODEL)
    assert r.returncode == 0, r.stderr
    assert "vllm run-batch -i" in r.stderr and "summarizer jobs import" in r.stderr
    work = out.with_name("all.jsonl.batch")
    round1 = sorted(work.glob("r01-*.requests.jsonl"))
    assert not out.exists() or not out.read_text("utf-8")
    # Exporting again while the files wait for results names them again, writes nothing.
    again = run_cli("jobs", "export", str(folder), "-o", str(out), "--model", MODEL)
    assert again.returncode == 0 and sorted(work.glob("*.requests.jsonl")) == round1

    results = tmp_path / "results.jsonl"
    _vllm_results(round1, results, skip=3, error=5)
    # The model comes from the job (an import builds the requests the export did).
    r = run_cli("jobs", "import", str(results), "-o", str(out))
    assert r.returncode == 0, r.stderr
    round2 = sorted(work.glob("r02-*.requests.jsonl"))
    assert sum(len(_lines(p)) for p in round2) == 2, "the missing and the failed request"
    written = len(_lines(out))
    assert 0 < written < len(REPORT_NAMES)

    results2 = tmp_path / "results2.jsonl"
    _vllm_results(round2, results2)
    r = run_cli("jobs", "import", str(results2), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert not sorted(work.glob("r03-*.requests.jsonl"))
    records, live = _records(out), _live(run_cli, folder, tmp_path)
    # Where the answers came from is not known (another machine's results file).
    assert {r["run"].pop("base_url_host") for r in records.values()} == {""}
    assert {r["run"].pop("base_url_host") for r in live.values()} == {"127.0.0.1"}
    assert records == live

    r = run_cli("jobs", "status", "-o", str(out))
    assert r.returncode == 0 and "r02-p001" in r.stdout and "answered" in r.stdout


# ------------------------------------------------------------------ the parts alone


def test_result_lines_of_openai_and_vllm() -> None:
    body = completion({"messages": []}, Reply([]), 1)
    ok = parse_result_line(
        json.dumps(
            {
                "id": "x",
                "custom_id": "k",
                "response": {"status_code": 200, "request_id": "r", "body": body},
                "error": None,
            }
        )
    )
    assert ok == ResultLine("k", body) and ok.usage == (100, 20)
    http = parse_result_line(
        json.dumps(
            {
                "id": "x",
                "custom_id": "k",
                "response": {
                    "status_code": 500,
                    "request_id": "r",
                    "body": {"error": {"message": "boom", "type": "server_error"}},
                },
                "error": None,
            }
        )
    )
    assert (
        http is not None
        and http.body is None
        and http.error.startswith("HTTP 500")
        and "boom" in http.error
    )
    expired = parse_result_line(
        json.dumps(
            {
                "id": "x",
                "custom_id": "k",
                "response": None,
                "error": {"code": "batch_expired", "message": "late"},
            }
        )
    )
    assert expired is not None and expired.error == "batch_expired: late"
    vllm = parse_result_line(
        json.dumps(
            {
                "id": "x",
                "custom_id": "k",
                "response": {"status_code": 400, "request_id": "r", "body": None},
                "error": "no chat",
            }
        )
    )
    assert vllm is not None and vllm.error == "HTTP 400: no chat"
    assert parse_result_line("not json") is None and parse_result_line('{"id": 1}') is None


def test_request_files_stay_within_both_limits(tmp_path: Path) -> None:
    job = JobSettings(max_requests=7, max_bytes=2000)
    writer = PartWriter(tmp_path, 1, job, "abc")
    for n in range(40):
        writer.add(f"key{n:02d}", {"messages": [{"role": "user", "content": "字" * (n * 10)}]})
    parts = writer.close()
    assert len(parts) > 40 // 7
    ids = [i for p in parts for i in request_ids(tmp_path / p.file)]
    assert ids == [f"key{n:02d}" for n in range(40)]
    for p in parts:
        data = (tmp_path / p.file).read_bytes()
        assert p.requests <= 7 and len(data) == p.bytes <= 2000
    assert not list(tmp_path.glob(".*.tmp"))


def test_reading_results_twice_counts_a_failure_once(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    lines = [ResultLine("a", None, "boom"), ResultLine("b", {"choices": []})]
    for _ in range(2):  # a crash between reading and recording it: read again
        ledger.ingest(1, lines)
        ledger.mark_missing(1, ["a", "b", "c"], "no result")
    a, b, c = (ledger.get(k) for k in "abc")
    assert a is not None and (a.status, a.tries) == ("error", 1)
    assert b is not None and (b.status, b.tries) == ("result", 0)
    assert c is not None and (c.status, c.tries) == ("missing", 1)
    ledger.ingest(2, [ResultLine("a", None, "boom")])  # the next round: one more try
    assert (ledger.get("a") or a).tries == 2
    ledger.settle("b", "answered", payload="{}")
    ledger.ingest(3, [ResultLine("b", None, "late error")])  # an answer is final
    assert (ledger.get("b") or b).status == "answered"
    ledger.close()


# ------------------------------------------------------------------ at scale


@pytest.mark.slow
def test_200_reports_killed_while_polling_resume_without_resubmitting(
    run_cli: RunCli, server: BatchServer, tmp_path: Path
) -> None:
    folder = _reports(tmp_path / "in", 200, distinct=True)
    out = tmp_path / "all.jsonl"
    args = ["run", str(folder), "-o", str(out), "--max-requests", "500"]
    server.hold.set()  # batches stay in_progress until released
    env = {k: v for k, v in os.environ.items() if "API_KEY" not in k and "BASE_URL" not in k}
    env.update(_env(server, tmp_path / "cache"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "summarizer", "jobs", *args, "--poll", "0.05"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    try:
        while not (server.batches and all(b.retrievals >= 3 for b in server.batches.values())
                   and len(server.batches) == len(_state(out)["parts"])):  # fmt: skip
            assert proc.poll() is None, "the job ended while its batches were held"
            assert time.monotonic() < deadline, "the batches were never all polled"
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    batches = len(server.batches)
    submitted = sum(server.submitted.values())
    assert batches >= 5 and submitted >= 2000
    assert not out.exists() or not out.read_text("utf-8")

    server.hold.clear()
    r = _jobs(run_cli, server, tmp_path, *args)
    assert r.returncode == 0, r.stderr
    assert len(server.batches) == batches, "no batch created again"
    assert sum(server.submitted.values()) == submitted and set(server.submitted.values()) == {1}
    records = _records(out)
    assert len(records) == 200
    assert records == _live(run_cli, folder, tmp_path)
