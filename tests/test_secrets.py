"""The key is never shown, even when a server echoes it (issue 15 item 9).

Some OpenAI-compatible servers and proxies answer a refused or failed request with the
key they were sent, unmasked (``Incorrect API key provided: sk-…``). The test server
here does that in every error body (401, 400, 429, 500, and a failure during a re-ask),
and the base URL carries a user:password and a key in its query string. Then stderr,
stdout, every output format, batch's JSON Lines and the cache are searched for them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPORTS_DIR, RunCli
from tests.llm_server import Step, TestServer, chunk_text_of, first_sentence_items

KEY = "sk-proj-PLANTED0123456789abcdefKEY"
FOREIGN = "sk-foreign-9876543210zyxwvu"  # some other key a proxy might echo
BEARER = "eyJhbGciOiJIUzI1NiJ9.PLANTEDBEARER"
PASSWORD = "pa55w0rd-PLANTED"
QUERY_SECRET = "QUERYKEY-PLANTED-4242"
NEEDLES = (KEY, FOREIGN, BEARER, PASSWORD, QUERY_SECRET)
ECHO = f"Incorrect API key provided: {KEY}. Authorization: Bearer {BEARER}; upstream {FOREIGN}"
REPORT = REPORTS_DIR / "luolong-2025.txt"
NOW = {"Retry-After": "0"}


class EchoingServer:
    """Each chunk gets one behaviour, in turn: a good answer, or an error that echoes
    the key (400, 429, 500), or an answer that fails validation followed, on the re-ask,
    by such an error."""

    KINDS = ("ok", "400", "429", "500", "reask")

    def __init__(self, server: TestServer) -> None:
        self.kind_of: dict[str, str] = {}
        self._lock = threading.Lock()
        server.default = self.answer

    def answer(self, body: dict[str, Any]) -> Step:
        text = chunk_text_of(body)
        with self._lock:
            kind = self.kind_of.setdefault(text, self.KINDS[len(self.kind_of) % len(self.KINDS)])
        if kind == "ok":
            return Step.answer(first_sentence_items(body))
        if kind == "reask":
            if len(body["messages"]) <= 2:
                # Not in the text, so sent back with the validation error (which quotes it).
                bad = {"category": "goal", "statement": ECHO, "quote": ECHO, "indicator": None}
                return Step.answer([bad])
            return Step.http_status(500, NOW, message=ECHO)
        return Step.http_status(int(kind), NOW, message=ECHO)


@pytest.fixture
def server() -> Iterator[TestServer]:
    srv = TestServer().start()
    yield srv
    srv.stop()


def _url(base_url: str) -> str:
    return base_url.replace("http://", f"http://alice:{PASSWORD}@") + f"?api-key={QUERY_SECRET}"


def _env(base_url: str, cache: Path) -> dict[str, str]:
    return {
        "SUMMARIZER_BASE_URL": _url(base_url),
        "OPENAI_API_KEY": KEY,
        "SUMMARIZER_MODEL": "m",
        "SUMMARIZER_CACHE_DIR": str(cache),
    }


def _leaks(text: str | bytes) -> list[str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return [n for n in NEEDLES if n.encode("utf-8") in data]


def test_no_secret_in_any_output_when_the_server_echoes_the_key(
    server: TestServer, run_cli: RunCli, tmp_path: Path
) -> None:
    echoing = EchoingServer(server)
    cache = tmp_path / "cache"
    env = _env(server.base_url, cache)
    outputs = []
    for fmt in ("json", "md", "html"):
        out = tmp_path / f"summary.{fmt}"
        result = run_cli(
            "summarize", str(REPORT), "-f", fmt, "--max-chars", "1200", "-o", str(out), env=env
        )
        assert result.returncode == 3, result.stderr  # partial: the good chunks are written
        assert "Traceback" not in result.stderr
        assert _leaks(result.stdout + result.stderr) == [], result.stderr
        assert "engine: LLM m at http://127.0.0.1:" in result.stderr
        outputs.append(out)
    # Every kind of failure happened, and shows in the outputs in its redacted form.
    assert set(echoing.kind_of.values()) == set(EchoingServer.KINDS)
    summary = outputs[0].read_text("utf-8")
    for status in ("400", "429", "500"):
        assert f"({status})" in summary or f"HTTP {status}" in summary
    assert "Incorrect API key provided: ***" in summary

    batch_out = tmp_path / "all.jsonl"
    batch = run_cli(
        "batch", str(REPORT), "-o", str(batch_out), "--max-chars", "1200", "--no-cache", env=env
    )
    assert batch.returncode == 3, batch.stderr
    assert _leaks(batch.stdout + batch.stderr) == []
    outputs.append(batch_out)

    for path in [*outputs, *sorted(p for p in cache.rglob("*") if p.is_file())]:
        assert _leaks(path.read_bytes()) == [], path
    assert any(cache.rglob("*"))  # the good answers were cached: the search saw a cache


def test_no_secret_when_the_key_is_refused(
    server: TestServer, run_cli: RunCli, tmp_path: Path
) -> None:
    server.default = lambda body: Step.http_status(401, message=ECHO)
    out = tmp_path / "summary.json"
    env = _env(server.base_url, tmp_path / "cache")
    result = run_cli("summarize", str(REPORT), "-f", "json", "-o", str(out), env=env)
    assert result.returncode == 4, result.stderr
    assert "authentication refused" in result.stderr
    assert _leaks(result.stdout + result.stderr) == [], result.stderr
    assert not out.exists()


def test_no_credential_of_the_base_url_when_the_server_is_unreachable(
    run_cli: RunCli, tmp_path: Path
) -> None:
    env = _env("http://127.0.0.1:9/v1", tmp_path / "cache") | {"SUMMARIZER_TIMEOUT": "2"}
    result = run_cli("summarize", str(REPORT), env=env)
    assert result.returncode == 4, result.stderr
    assert "cannot connect" in result.stderr and "http://127.0.0.1:9/v1" in result.stderr
    assert _leaks(result.stdout + result.stderr) == [], result.stderr
