"""Provider batch jobs, the parts that need no provider: the job's files, its state, the
ledger of every request sent, and the engine that answers from them.

A batch job sends every chunk request of many reports as JSONL files (the OpenAI Batch
API's input format, which Azure OpenAI, DashScope and ``vllm run-batch`` read too) and
reads the results back from files of the output format. Nothing here talks to a server:
``_batch_client`` uploads, polls and downloads, and parses answers with instructor.

The job's work folder (beside the output: ``all.jsonl`` → ``all.jsonl.batch/``) holds:

- ``state.json``: the parts (request files) of every round, each with its file and batch
  ids at the provider and how far it got. Small, and written atomically: it is the
  commit point of the job. A part is in it before it is uploaded, its file id before a
  batch is created from it, its batch id as soon as the batch exists.
- ``ledger.sqlite3``: one row per request key that came back (an answer, an error line,
  or nothing): what it was judged, how often it was sent, the answer or the re-ask to
  send next. Rows are written when results are read and when they are judged, both of
  which can be repeated after a crash without changing the outcome.
- ``rNN-pNNN.requests.jsonl`` (a part as uploaded), ``.output.jsonl`` and
  ``.errors.jsonl`` (its results as downloaded or imported).

Requests are planned only when no part is open (every result read), and a part exists
only once ``state.json`` names it: so a request is never in two open parts, and a crash
at any point leaves either an open part to finish or nothing planned.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from summarizer.core.files import fsync_folder, write_atomically
from summarizer.core.types import Chunk, Usage
from summarizer.engines.llm._engine import LLMEngine, PartResult
from summarizer.engines.llm._requests import LLMRequest
from summarizer.engines.llm._schema import ChunkItems
from summarizer.errors import ChunkFailedError, ConfigurationError, InputError
from summarizer.settings import Settings, env_values

# The OpenAI Batch API's limits per input file (Azure and DashScope are of this order or
# larger; see the README's recipes). The byte limit is 200 MB in decimal megabytes.
OPENAI_MAX_REQUESTS = 50_000
OPENAI_MAX_BYTES = 200_000_000
CHAT_COMPLETIONS = "/v1/chat/completions"

FollowUp = Literal["batch", "live"]
_FOLLOW_UPS = ("batch", "live")

STATE_FILE = "state.json"
LEDGER_FILE = "ledger.sqlite3"
REQUESTS_SUFFIX = ".requests.jsonl"
OUTPUT_SUFFIX = ".output.jsonl"
ERRORS_SUFFIX = ".errors.jsonl"


# Variables of a batch job: (variable, setting, type).
_JOB_VARIABLES: tuple[tuple[str, str, Callable[[str], Any]], ...] = (
    ("SUMMARIZER_BATCH_MAX_REQUESTS", "max_requests", int),
    ("SUMMARIZER_BATCH_MAX_BYTES", "max_bytes", int),
    ("SUMMARIZER_BATCH_POLL", "poll_s", float),
    ("SUMMARIZER_BATCH_MAX_TRIES", "max_tries", int),
    ("SUMMARIZER_BATCH_ENDPOINT", "endpoint", str),
    ("SUMMARIZER_BATCH_WINDOW", "window", str),
    ("SUMMARIZER_BATCH_FOLLOW_UP", "follow_up", str),
)


@dataclass(frozen=True)
class JobSettings:
    """How a batch job is cut up, sent and followed up.

    ``max_requests`` and ``max_bytes`` bound each request file (the provider's limits per
    batch); ``endpoint`` is the URL each line names and the batch is created for
    (``/chat/completions`` on Azure); ``follow_up`` is how what a batch could not answer is
    sent again: as another batch (half price, another wait) or as live calls.
    """

    max_requests: int = OPENAI_MAX_REQUESTS
    max_bytes: int = OPENAI_MAX_BYTES
    endpoint: str = CHAT_COMPLETIONS
    window: str = "24h"
    poll_s: float = 30.0
    follow_up: FollowUp = "batch"
    # Times a request may come back as an error line, or not at all, before its chunk is
    # given up as failed.
    max_tries: int = 3

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> JobSettings:
        """Read SUMMARIZER_BATCH_MAX_REQUESTS, _MAX_BYTES, _ENDPOINT, _WINDOW, _POLL,
        _FOLLOW_UP and _MAX_TRIES, then apply the non-None ``overrides``."""
        env = os.environ if env is None else env
        values = env_values(env, _JOB_VARIABLES)
        values.update({k: v for k, v in overrides.items() if v is not None})
        job = cls(**values)
        if job.follow_up not in _FOLLOW_UPS:
            raise ConfigurationError(
                f"the follow-up must be one of {', '.join(_FOLLOW_UPS)}, not {job.follow_up!r}"
            )
        if job.max_requests < 1 or job.max_bytes < 1024 or job.max_tries < 1:
            raise ConfigurationError(
                "batch limits must be positive: at least 1 request and 1 KiB per file, "
                "and at least 1 try"
            )
        return job


def request_line(custom_id: str, body: Mapping[str, Any], url: str = CHAT_COMPLETIONS) -> str:
    """One line of a batch input file (no newline): ``custom_id``, ``method``, ``url``
    and the request ``body`` (what a live call sends over HTTP)."""
    line = {"custom_id": custom_id, "method": "POST", "url": url, "body": body}
    return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------- the state file


PartStatus = Literal[
    "written",  # the request file is complete; nothing sent
    "uploading",  # an upload was started (it may have reached the provider)
    "uploaded",  # the provider holds the file (file_id)
    "creating",  # a batch was being created from it (it may exist)
    "submitted",  # the batch exists (batch_id)
    "finished",  # the batch ended (completed, failed, expired or cancelled)
    "ingested",  # its results are in the ledger
]


@dataclass
class Part:
    """One request file of a round and what became of it at the provider."""

    id: str
    round: int
    file: str
    requests: int
    bytes: int
    sha256: str
    status: PartStatus = "written"
    file_id: str | None = None
    batch_id: str | None = None
    batch_status: str | None = None
    output_file_id: str | None = None
    error_file_id: str | None = None
    completed: int = 0
    failed: int = 0
    # Tokens the results of this part report (read once, when ingested).
    prompt_tokens: int = 0
    completion_tokens: int = 0
    note: str = ""

    @property
    def open(self) -> bool:
        """True until its results are read."""
        return self.status != "ingested"

    @property
    def upload_name(self) -> str:
        """The file name at the provider: unique to the job and the part, so that an
        upload interrupted by a crash can be found again."""
        return self.file


@dataclass
class JobState:
    """``state.json``: the job's rounds of request files and their batches."""

    job_id: str
    target: str
    # What the requests were built with (model, mode, chunk budget, ...): a later
    # ``import`` or resume builds the same requests unless told otherwise.
    settings: dict[str, Any]
    base_url: str = ""
    round: int = 0
    parts: list[Part] = field(default_factory=list)
    version: int = 1

    @classmethod
    def new(cls, target: str, settings: dict[str, Any], base_url: str) -> JobState:
        """A job with no parts yet and a fresh id."""
        return cls(secrets.token_hex(6), target, settings, base_url)

    @classmethod
    def load(cls, path: Path) -> JobState | None:
        """The state in ``path``, or None when there is none yet."""
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text("utf-8"))
            parts = [Part(**p) for p in data.pop("parts", [])]
            return cls(parts=parts, **data)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, TypeError) as exc:
            raise InputError(
                f"not a readable batch job state ({exc}); it names the batches this job "
                "created: restore it, or move the folder away to start a new job",
                path=str(path),
            ) from exc

    def save(self, path: Path) -> None:
        """Write atomically (the job's commit point)."""
        data = asdict(self)
        write_atomically(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")

    @property
    def open_parts(self) -> list[Part]:
        """Parts whose results are not read yet, in order."""
        return [p for p in self.parts if p.open]

    def usage(self) -> tuple[int, int]:
        """Prompt and completion tokens over every part read so far."""
        return (
            sum(p.prompt_tokens for p in self.parts),
            sum(p.completion_tokens for p in self.parts),
        )


# ---------------------------------------------------------------- request files


class PartWriter:
    """Request lines into the request files of one round, a new file whenever the next
    line would pass the request or byte limit. Files are written under a temporary name
    and renamed by ``close``: a part file that exists is complete."""

    def __init__(self, folder: Path, round_: int, job: JobSettings, job_id: str) -> None:
        self.folder = folder
        self.round = round_
        self.job = job
        self.job_id = job_id
        self.parts: list[Part] = []
        self.requests = 0
        self._fh: Any = None
        self._path: Path | None = None
        self._count = 0
        self._bytes = 0
        self._sha = hashlib.sha256()

    def add(self, custom_id: str, body: Mapping[str, Any]) -> None:
        """Append one request."""
        data = (request_line(custom_id, body, self.job.endpoint) + "\n").encode("utf-8")
        if len(data) > self.job.max_bytes:
            raise ConfigurationError(
                f"one request takes {len(data):,} bytes, more than the {self.job.max_bytes:,} "
                "allowed per batch file (SUMMARIZER_BATCH_MAX_BYTES)"
            )
        if self._fh is not None and (
            self._count >= self.job.max_requests or self._bytes + len(data) > self.job.max_bytes
        ):
            self._finish()
        if self._fh is None:
            self._start()
        self._fh.write(data)
        self._sha.update(data)
        self._count += 1
        self._bytes += len(data)
        self.requests += 1

    def _start(self) -> None:
        n = len(self.parts) + 1
        # The job id in the name makes it unique at the provider (see Part.upload_name).
        name = f"r{self.round:02d}-p{n:03d}-{self.job_id}{REQUESTS_SUFFIX}"
        self._path = self.folder / name
        self.folder.mkdir(parents=True, exist_ok=True)
        self._fh = (self.folder / f".{name}.tmp").open("wb")
        self._count = self._bytes = 0
        self._sha = hashlib.sha256()

    def _finish(self) -> None:
        assert self._fh is not None and self._path is not None
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self.folder / f".{self._path.name}.tmp", self._path)
        n = len(self.parts) + 1
        self.parts.append(
            Part(
                id=f"r{self.round:02d}-p{n:03d}",
                round=self.round,
                file=self._path.name,
                requests=self._count,
                bytes=self._bytes,
                sha256=self._sha.hexdigest(),
            )
        )
        self._fh = None
        self._path = None

    def close(self) -> list[Part]:
        """Finish the last file; the parts written (none when nothing was added)."""
        if self._fh is not None:
            self._finish()
        fsync_folder(self.folder)
        return self.parts

    def discard(self) -> None:
        """Close without keeping the file being written."""
        if self._fh is not None and self._path is not None:
            self._fh.close()
            (self.folder / f".{self._path.name}.tmp").unlink(missing_ok=True)
            self._fh = None


def remove_strays(folder: Path, state: JobState) -> int:
    """Delete request files that no part of ``state`` names: the leftovers of a planning
    pass that a crash cut short (they were never sent). Returns how many."""
    known = {p.file for p in state.parts}
    removed = 0
    for path in folder.glob(f"*{REQUESTS_SUFFIX}"):
        if path.name not in known:
            path.unlink(missing_ok=True)
            removed += 1
    for path in folder.glob(f".*{REQUESTS_SUFFIX}.tmp"):
        path.unlink(missing_ok=True)
        removed += 1
    return removed


def request_ids(path: Path) -> Iterator[str]:
    """The ``custom_id`` of every line of a request file, streamed."""
    with path.open("rb") as fh:
        for raw in fh:
            if raw.strip():
                yield str(json.loads(raw)["custom_id"])


# ---------------------------------------------------------------- result files


@dataclass(frozen=True)
class ResultLine:
    """One line of a batch output or error file: the chat completion the request got,
    or why it got none."""

    custom_id: str
    body: dict[str, Any] | None
    error: str = ""

    @property
    def usage(self) -> tuple[int, int]:
        """Prompt and completion tokens the answer reports."""
        usage = (self.body or {}).get("usage") or {}
        if not isinstance(usage, dict):
            return 0, 0
        return int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)


def parse_result_line(text: str | bytes) -> ResultLine | None:
    """A result line of the batch output format (OpenAI's output and error files,
    ``vllm run-batch``'s output): ``{"id", "custom_id", "response": {"status_code",
    "request_id", "body"}, "error"}``. None for a line that is not one."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("custom_id"), str):
        return None
    custom_id = data["custom_id"]
    response = data.get("response")
    response = response if isinstance(response, dict) else {}
    body = response.get("body")
    status = response.get("status_code", 200 if body is not None else None)
    error = data.get("error")
    if error:
        return ResultLine(custom_id, None, _error_text(error, status))
    if status != 200:
        return ResultLine(custom_id, None, _error_text(body, status))
    if not isinstance(body, dict):
        return ResultLine(custom_id, None, "a result without a response body")
    return ResultLine(custom_id, body)


def _error_text(error: Any, status: Any) -> str:
    """A one-line reason from an ``error`` field or an error body, whatever its shape:
    a string (vLLM), ``{"code", "message"}`` (OpenAI), ``{"error": {...}}`` (a body)."""
    where = f"HTTP {status}: " if isinstance(status, int) and status != 200 else ""
    if isinstance(error, dict) and isinstance(error.get("error"), dict | str):
        error = error["error"]
    if isinstance(error, dict):
        code = error.get("code") or error.get("type") or ""
        message = error.get("message") or json.dumps(error, ensure_ascii=False)
        text = f"{code}: {message}" if code and str(code) not in str(message) else str(message)
    elif error:
        text = str(error)
    else:
        text = "no answer"
    lines = text.strip().splitlines() or ["no answer"]
    return (where + lines[0])[:300]


def read_results(path: Path) -> Iterator[ResultLine | None]:
    """Every line of a result file, streamed: a ``ResultLine``, or None for a line that
    is not one (counted by the caller). Blank lines are skipped."""
    with path.open("rb") as fh:
        for raw in fh:
            if raw.strip():
                yield parse_result_line(raw)


# ---------------------------------------------------------------- the ledger


RowStatus = Literal[
    "result",  # an answer came back, not judged yet
    "error",  # an error line: sent again up to max_tries
    "missing",  # no line at all (an expired, cancelled or failed batch): likewise
    "answered",  # judged valid: in the response cache (and here)
    "cut_off",  # cut at the output-token limit: the chunk is split
    "reask",  # invalid: the re-ask (``sent``) is sent next
    "failed",  # no usable answer: the chunk fails as a live call would
]


@dataclass(frozen=True)
class LedgerRow:
    """What the job knows of one request key."""

    key: str
    round: int
    status: RowStatus
    tries: int
    reasks: int
    detail: str
    payload: str | None  # the result body (result) or the answer (answered), as JSON
    sent: str | None  # the body sent in place of the plain request (a re-ask), as JSON


@dataclass
class IngestCounts:
    """What reading result files found."""

    results: int = 0
    errors: int = 0
    unreadable: int = 0
    kept: int = 0  # lines for requests already answered: ignored
    prompt_tokens: int = 0
    completion_tokens: int = 0
    first_error: str = ""

    def __iadd__(self, other: IngestCounts) -> IngestCounts:
        for name in ("results", "errors", "unreadable", "kept"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.first_error = self.first_error or other.first_error
        return self


_LEDGER_SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (
    key TEXT PRIMARY KEY,
    round INTEGER NOT NULL,
    status TEXT NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    reasks INTEGER NOT NULL DEFAULT 0,
    detail TEXT NOT NULL DEFAULT '',
    payload TEXT,
    sent TEXT
);
CREATE TABLE IF NOT EXISTS reports (hash TEXT PRIMARY KEY);
"""

# A result line for a request: the answer replaces whatever the key held, except an
# answer already judged valid (a result file read twice, or imported late, changes
# nothing). An error line counts one more try, once per round.
_UPSERT = """
INSERT INTO requests (key, round, status, tries, detail, payload)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT(key) DO UPDATE SET
    tries = CASE WHEN requests.round = excluded.round THEN requests.tries
                 ELSE requests.tries + excluded.tries END,
    round = excluded.round,
    status = excluded.status,
    detail = excluded.detail,
    payload = excluded.payload
WHERE requests.status != 'answered'
"""

# A request of a round's part with no line in its results: not answered at all.
_MISSING = """
INSERT INTO requests (key, round, status, tries, detail) VALUES (?, ?, 'missing', 1, ?)
ON CONFLICT(key) DO UPDATE SET
    tries = requests.tries + 1, round = excluded.round, status = 'missing',
    detail = excluded.detail
WHERE requests.round != excluded.round AND requests.status != 'answered'
"""


class Ledger:
    """``ledger.sqlite3``: per request key that came back, its outcome. On disk, so that
    memory stays flat however many reports the job holds."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, timeout=30)
        # WAL: a commit survives the process being killed; NORMAL: no fsync per commit
        # (a lost power supply may cost the last few results, read again on resume).
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_LEDGER_SCHEMA)
        # Per planning pass: the keys already written (a chunk shared by two reports is
        # sent once) and the reports that wait on this round. Temporary: a pass cut
        # short leaves nothing behind.
        self._db.executescript(
            "CREATE TEMP TABLE IF NOT EXISTS planned (key TEXT PRIMARY KEY);"
            "CREATE TEMP TABLE IF NOT EXISTS waiting (hash TEXT PRIMARY KEY);"
        )
        self._db.commit()

    def close(self) -> None:
        """Commit and close."""
        self._db.commit()
        self._db.close()

    def commit(self) -> None:
        """Make what was written so far survive a crash."""
        self._db.commit()

    def get(self, key: str) -> LedgerRow | None:
        """The row of ``key``, or None when it never came back."""
        row = self._db.execute(
            "SELECT key, round, status, tries, reasks, detail, payload, sent "
            "FROM requests WHERE key = ?",
            (key,),
        ).fetchone()
        return LedgerRow(*row) if row else None

    def ingest(self, round_: int, lines: Iterable[ResultLine | None]) -> IngestCounts:
        """Record result lines of ``round_`` (streamed; committed every few thousand)."""
        counts = IngestCounts()
        batch: list[tuple[Any, ...]] = []
        for line in lines:
            if line is None:
                counts.unreadable += 1
                continue
            if line.body is not None:
                counts.results += 1
                prompt, completion = line.usage
                counts.prompt_tokens += prompt
                counts.completion_tokens += completion
                payload = json.dumps(line.body, ensure_ascii=False)
                batch.append((line.custom_id, round_, "result", 0, "", payload))
            else:
                counts.errors += 1
                counts.first_error = counts.first_error or line.error
                batch.append((line.custom_id, round_, "error", 1, line.error, None))
            if len(batch) >= 2000:
                counts.kept += self._upsert(batch)
                batch = []
        if batch:
            counts.kept += self._upsert(batch)
        self._db.commit()
        return counts

    def _upsert(self, batch: list[tuple[Any, ...]]) -> int:
        before = self._db.total_changes
        self._db.executemany(_UPSERT, batch)
        self._db.commit()
        return len(batch) - (self._db.total_changes - before)

    def mark_missing(self, round_: int, keys: Iterable[str], detail: str) -> int:
        """Record the keys of a round's part that got no result line. Returns how many."""
        before = self._db.total_changes
        batch: list[tuple[str, int, str]] = []
        for key in keys:
            batch.append((key, round_, detail))
            if len(batch) >= 2000:
                self._db.executemany(_MISSING, batch)
                batch = []
        if batch:
            self._db.executemany(_MISSING, batch)
        self._db.commit()
        return self._db.total_changes - before

    def settle(
        self,
        key: str,
        status: RowStatus,
        *,
        detail: str = "",
        payload: str | None = None,
        sent: str | None = None,
        reasks: int | None = None,
    ) -> LedgerRow:
        """Record a verdict on ``key``'s result; returns the new row."""
        self._db.execute(
            "UPDATE requests SET status = ?, detail = ?, payload = ?, "
            "sent = COALESCE(?, sent), reasks = COALESCE(?, reasks) WHERE key = ?",
            (status, detail, payload, sent, reasks, key),
        )
        row = self.get(key)
        assert row is not None
        return row

    def retry_given_up(self, max_tries: int) -> int:
        """Give the requests an earlier run gave up on one more round (a rerun redoes
        partial reports, as ``summarizer batch`` does). Returns how many."""
        cur = self._db.execute(
            "UPDATE requests SET status = 'missing', tries = ?, reasks = 0, sent = NULL "
            "WHERE status = 'failed' OR (status IN ('error', 'missing') AND tries >= ?)",
            (max_tries - 1, max_tries),
        )
        self._db.commit()
        return cur.rowcount

    # -- one planning pass

    def begin_pass(self) -> None:
        """Forget what an earlier pass planned."""
        self._db.execute("DELETE FROM temp.planned")
        self._db.execute("DELETE FROM temp.waiting")

    def plan(self, key: str) -> bool:
        """True the first time ``key`` is planned in this pass (then it is written)."""
        return (
            self._db.execute("INSERT OR IGNORE INTO temp.planned VALUES (?)", (key,)).rowcount > 0
        )

    def waiting(self, report_hash: str) -> None:
        """``report_hash`` waits on this pass's requests."""
        self._db.execute("INSERT OR IGNORE INTO temp.waiting VALUES (?)", (report_hash,))

    def pass_sent(self) -> None:
        """The pass's requests are now parts of the job: remember their reports, whose
        follow-ups may then go live (``follow_up = "live"``)."""
        self._db.execute("INSERT OR IGNORE INTO reports SELECT hash FROM temp.waiting")
        self._db.commit()

    def report_sent(self, report_hash: str) -> bool:
        """True when a batch of this job carried requests of ``report_hash``."""
        row = self._db.execute("SELECT 1 FROM reports WHERE hash = ?", (report_hash,))
        return row.fetchone() is not None

    def counts(self) -> dict[str, int]:
        """Rows per status."""
        return dict(
            self._db.execute("SELECT status, COUNT(*) FROM requests GROUP BY status").fetchall()
        )


# ---------------------------------------------------------------- the engine


# A result's verdict: what ``_batch_client.judge`` returns.
@dataclass(frozen=True)
class Verdict:
    """How a batch answer is judged, exactly as the live path judges an answer."""

    status: Literal["answered", "cut_off", "reask", "failed"]
    answer: dict[str, Any] | None = None  # answered: the validated items
    detail: str = ""  # why not
    next_body: dict[str, Any] | None = None  # reask: the request to send next


SendRequest = Callable[[LLMRequest, Mapping[str, Any]], None]


class BatchEngine(LLMEngine):
    """The LLM engine with batch results in place of live calls.

    Everything else is the live engine's: the requests and cache keys, the cache, the
    grounding of items, the split of a saturated or cut-off chunk, the fallback of a
    failed half on its parent's items. Where the live engine would call the model, this
    one looks the request up in the ledger:

    - no result yet: the request is handed to ``send`` (written into the next round's
      request file, once per pass however many reports share it) and the chunk yields
      nothing for now; the report is ``pending`` and written in a later pass;
    - a result: judged as a live answer is (``_batch_client.judge``: schema, quotes in
      the chunk, cut off), and the verdict recorded;
    - valid: the answer fills the response cache and is used;
    - cut off: the chunk is split, as a live call cut at the token limit is;
    - invalid: the re-ask instructor would send (the answer and the validation error)
      goes out in the next round, up to ``max_reasks``; then what parses is kept, as live;
    - an error line or no line: sent again, up to ``max_tries``; then the chunk fails.

    With ``live`` true (the report was in an earlier batch and the follow-up is
    ``live``), the chunk that needs sending is asked live instead, through the live
    engine's call (its retries and re-asks included).
    """

    def __init__(
        self,
        settings: Settings,
        ledger: Ledger,
        job: JobSettings,
        *,
        send: SendRequest,
        host: str | None = None,
    ) -> None:
        if not settings.llm_configured:
            # The engine's guard is for live calls; a job that only writes request files
            # and reads result files needs no key. The placeholder is never sent: live
            # follow-ups are refused without a key or a server (see the CLI).
            settings = replace(settings, api_key="batch-job-no-live-calls")
        super().__init__(replace(settings, cache=True, offline=False))
        if host is not None:
            # Where the answers came from, when it is not the configured server (results
            # files of another machine's ``vllm run-batch``: unknown).
            self.info = replace(self.info, base_url_host=host)
        self.ledger = ledger
        self.job = job
        self._send = send
        self._bodies: Any = None
        self.live = False
        self.pending = False
        self._report = ""
        self.judged: dict[str, int] = {}

    def begin_report(self, report_hash: str, *, live: bool) -> None:
        """Start a report: nothing pending yet; ``live`` follow-ups or not."""
        self.pending = False
        self.live = live
        self._report = report_hash

    async def call_model(self, chunk: Chunk, request: LLMRequest) -> PartResult:
        row = self.ledger.get(request.key)
        if row is not None and row.status == "result":
            row = self._judge(row, chunk, request)
        if row is None:
            return await self._ask(chunk, request, None)
        if row.status == "answered":
            assert row.payload is not None
            answer = ChunkItems.model_validate(json.loads(row.payload))
            if self.cache is not None and self.cache.get(request.key) is None:
                # The cache was cleared or moved since: the answer is paid for, keep it.
                self.cache.put(
                    request.key, self.settings.model, {"answer": answer.model_dump(mode="json")}
                )
            return PartResult.of(answer, chunk, Usage(cache_hits=1))
        if row.status == "cut_off":
            return PartResult([], Usage(cut_off=1), 0, cut_off=True)
        sent = json.loads(row.sent) if row.sent else None
        if row.status == "reask":
            return await self._ask(chunk, request, sent)
        if row.status in ("error", "missing") and row.tries < self.job.max_tries:
            return await self._ask(chunk, request, sent)
        tries = f" ({row.tries} tries)" if row.status in ("error", "missing") else ""
        raise ChunkFailedError(f"chunk {chunk.id}: {row.detail}{tries}", chunk_id=chunk.id)

    async def _ask(
        self, chunk: Chunk, request: LLMRequest, body: Mapping[str, Any] | None
    ) -> PartResult:
        if self.live:
            return await super().call_model(chunk, request)
        if self.ledger.plan(request.key):
            self._send(request, body if body is not None else self.body(request))
        self.ledger.waiting(self._report)
        self.pending = True
        return PartResult([], Usage(), 0)

    def body(self, request: LLMRequest) -> dict[str, Any]:
        """The HTTP body a live call sends for ``request`` (built by instructor)."""
        if self._bodies is None:
            from summarizer.engines.llm._batch_client import RequestBodies

            self._bodies = RequestBodies(self.settings, self.mode)
        body: dict[str, Any] = self._bodies.body(request)
        return body

    def _judge(self, row: LedgerRow, chunk: Chunk, request: LLMRequest) -> LedgerRow:
        from summarizer.engines.llm._batch_client import judge

        assert row.payload is not None
        sent = json.loads(row.sent) if row.sent else None
        verdict = judge(
            json.loads(row.payload),
            chunk.text,
            sent_body=sent,
            request_body=lambda: self.body(request),
            reasks=row.reasks,
            settings=self.settings,
            mode=self.mode,
        )
        self.judged[verdict.status] = self.judged.get(verdict.status, 0) + 1
        if verdict.status == "answered":
            assert verdict.answer is not None
            if self.cache is not None:
                self.cache.put(request.key, self.settings.model, {"answer": verdict.answer})
            answer = json.dumps(verdict.answer, ensure_ascii=False)
            return self.ledger.settle(request.key, "answered", payload=answer)
        if verdict.status == "reask":
            assert verdict.next_body is not None
            return self.ledger.settle(
                request.key,
                "reask",
                detail=verdict.detail,
                sent=json.dumps(verdict.next_body, ensure_ascii=False),
                reasks=row.reasks + 1,
            )
        return self.ledger.settle(request.key, verdict.status, detail=verdict.detail)
