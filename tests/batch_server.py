"""A loopback OpenAI-compatible server with the Files and Batches APIs: real HTTP on
127.0.0.1, driven by the real openai client. Test code, not a product feature.

Routes: ``POST /v1/files`` (multipart upload), ``GET /v1/files`` (list),
``GET /v1/files/{id}`` and ``/content``, ``POST /v1/batches``, ``GET /v1/batches``
(list, newest first), ``GET /v1/batches/{id}``, and ``POST /v1/chat/completions`` (live
calls, answered like the batch lines).

A batch moves one status per retrieval: validating → in_progress → finalizing →
completed (``hold`` keeps batches in_progress). Its lines are answered by ``answer``
(default: the chunk's first sentence, as ``tests.llm_server``'s default model), in the
format the request asks for (a tool call, or JSON content). Faults: error lines for
chosen requests, expired, cancelled and failed batches (partial output), 5xx on upload,
and gates that hold a route until the test releases it (to kill the client mid-call).
Every custom id a created batch carries is counted in ``submitted``.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.llm_server import first_sentence_items


@dataclass
class Reply:
    """How the model answers one request: items, or a raw tool-call argument string,
    and the finish reason."""

    items: list[dict[str, Any]] = field(default_factory=list)
    arguments: str | None = None
    finish_reason: str = "stop"
    completion_tokens: int = 20


Answer = Callable[[dict[str, Any]], Reply]


def first_sentence(body: dict[str, Any]) -> Reply:
    """The default model: one achievement quoting the chunk's first sentence."""
    return Reply(first_sentence_items(body))


def completion(body: dict[str, Any], reply: Reply, n: int) -> dict[str, Any]:
    """A chat.completion carrying ``reply`` the way ``body`` asks for it (as
    ``tests.llm_server.TestServer.completion`` does)."""
    arguments = reply.arguments
    if arguments is None:
        arguments = json.dumps({"items": reply.items}, ensure_ascii=False)
    message: dict[str, Any] = {"role": "assistant", "content": None}
    finish = reply.finish_reason
    tools = body.get("tools")
    if tools:
        name = tools[0]["function"]["name"]
        message["tool_calls"] = [
            {
                "id": f"call_{n}",
                "type": "function",
                "function": {"name": name, "arguments": arguments},
            }
        ]
        if finish == "stop":
            finish = "tool_calls"
    else:
        message["content"] = arguments
    return {
        "id": f"chatcmpl-{n}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "test-model"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {
            "prompt_tokens": 100,
            "completion_tokens": reply.completion_tokens,
            "total_tokens": 100 + reply.completion_tokens,
        },
    }


@dataclass
class StoredFile:
    id: str
    filename: str
    purpose: str
    data: bytes
    created_at: int

    def json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "file",
            "bytes": len(self.data),
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "status": "processed",
        }


@dataclass
class StoredBatch:
    id: str
    input_file_id: str
    endpoint: str
    window: str
    metadata: dict[str, Any]
    created_at: int
    status: str = "validating"
    total: int = 0
    completed: int = 0
    failed: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    ending: str = "completed"  # completed | expired | cancelled | failed
    retrievals: int = 0

    def json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "batch",
            "endpoint": self.endpoint,
            "errors": {"object": "list", "data": self.errors} if self.errors else None,
            "input_file_id": self.input_file_id,
            "completion_window": self.window,
            "status": self.status,
            "output_file_id": self.output_file_id,
            "error_file_id": self.error_file_id,
            "created_at": self.created_at,
            "request_counts": {
                "total": self.total,
                "completed": self.completed,
                "failed": self.failed,
            },
            "metadata": self.metadata,
        }


MODEL_NAME = "test-model"
_PROGRESSION = {"validating": "in_progress", "in_progress": "finalizing"}


class BatchServer:
    """The server and its state; ``base_url`` ends in ``/v1``."""

    __test__ = False

    def __init__(self, answer: Answer | None = None) -> None:
        self.answer = answer or first_sentence
        self.files: dict[str, StoredFile] = {}
        self.batches: dict[str, StoredBatch] = {}
        self.submitted: Counter[str] = Counter()  # custom ids over every created batch
        self.answered: Counter[str] = Counter()  # custom ids given an answer line
        self.batch_bodies: list[dict[str, Any]] = []  # every request body of every batch
        self.live: list[dict[str, Any]] = []  # bodies of live chat completions
        self.calls: list[str] = []  # "METHOD /path" of every request
        self.lock = threading.Lock()
        # Faults.
        self.upload_failures = 0  # the next N uploads answer 500 (after storing nothing)
        # Lines answered by an error line (once per custom id; sent again, they succeed).
        self.errs: Callable[[str, dict[str, Any]], bool] = lambda cid, body: False
        self.erred: set[str] = set()
        # How the next batches end: completed (default), expired, cancelled, failed, or
        # token_limit (refused at validation: the enqueued-token limit).
        self.endings: list[str] = []
        self.hold = threading.Event()  # while set, batches stay in_progress
        self.gates: dict[str, threading.Event] = {}  # route → released when set
        self.reached: dict[str, threading.Event] = {}  # route → set when a call arrived
        self._n = 0
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> BatchServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        for gate in self.gates.values():
            gate.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def gate(self, route: str) -> threading.Event:
        """Hold calls to ``route`` (upload, create, retrieve, content) until the
        returned event is set; ``reached[route]`` is set when one arrives."""
        self.gates[route] = threading.Event()
        self.reached[route] = threading.Event()
        return self.gates[route]

    def _wait_gate(self, route: str) -> None:
        if route in self.reached:
            self.reached[route].set()
        if route in self.gates:
            self.gates[route].wait(timeout=120)

    def next_id(self, prefix: str) -> str:
        with self.lock:
            self._n += 1
            return f"{prefix}-{self._n}"

    # -- the batch machinery

    def create_batch(self, payload: dict[str, Any]) -> StoredBatch:
        file = self.files[payload["input_file_id"]]
        batch = StoredBatch(
            id=self.next_id("batch"),
            input_file_id=file.id,
            endpoint=payload["endpoint"],
            window=payload["completion_window"],
            metadata=payload.get("metadata") or {},
            created_at=int(time.time()),
        )
        lines = [json.loads(x) for x in file.data.splitlines() if x.strip()]
        with self.lock:
            batch.ending = self.endings.pop(0) if self.endings else "completed"
            for line in lines:
                self.submitted[line["custom_id"]] += 1
                self.batch_bodies.append(line["body"])
            batch.total = len(lines)
            self.batches[batch.id] = batch
        return batch

    def advance(self, batch: StoredBatch) -> None:
        """One step of the batch's life per retrieval."""
        batch.retrievals += 1
        if batch.status in ("completed", "expired", "cancelled", "failed"):
            return
        if batch.status == "validating" and batch.ending in ("failed", "token_limit"):
            batch.status = "failed"
            error = {"code": "invalid_request", "message": "scripted failure", "line": None}
            if batch.ending == "token_limit":
                message = f"Enqueued token limit reached for {MODEL_NAME}"
                error = {"code": "token_limit_exceeded", "message": message, "line": None}
            batch.errors = [error]
            return
        if batch.status == "in_progress" and self.hold.is_set():
            return
        if batch.status == "in_progress":
            batch.completed = batch.total // 3  # progress shows
        if batch.status in _PROGRESSION:
            batch.status = _PROGRESSION[batch.status]
            return
        self._finish(batch)

    def _finish(self, batch: StoredBatch) -> None:
        lines = [
            json.loads(x) for x in self.files[batch.input_file_id].data.splitlines() if x.strip()
        ]
        # An expired or cancelled batch answers only its first half.
        cut = len(lines) // 2 if batch.ending in ("expired", "cancelled") else len(lines)
        out: list[str] = []
        err: list[str] = []
        for i, line in enumerate(lines):
            cid = line["custom_id"]
            if i >= cut:
                if batch.ending == "expired":
                    err.append(
                        _line(cid, None, {"code": "batch_expired", "message": "not run in time"})
                    )
                continue  # cancelled: no line at all
            with self.lock:
                erring = cid not in self.erred and self.errs(cid, line["body"])
                if erring:
                    self.erred.add(cid)
            if erring:
                body = {"error": {"message": "scripted server error", "type": "server_error"}}
                err.append(_line(cid, {"status_code": 500, "request_id": "r", "body": body}, None))
                continue
            reply = self.answer(line["body"])
            body = completion(line["body"], reply, int(self.next_id("n").split("-")[1]))
            out.append(_line(cid, {"status_code": 200, "request_id": "r", "body": body}, None))
            with self.lock:
                self.answered[cid] += 1
        batch.completed, batch.failed = len(out), len(err)
        if out:
            batch.output_file_id = self._store("batch_output.jsonl", "batch_output", out)
        if err:
            batch.error_file_id = self._store("batch_errors.jsonl", "batch_output", err)
        batch.status = batch.ending

    def _store(self, name: str, purpose: str, lines: list[str]) -> str:
        data = ("\n".join(lines) + "\n").encode("utf-8")
        f = StoredFile(self.next_id("file"), name, purpose, data, int(time.time()))
        with self.lock:
            self.files[f.id] = f
        return f.id


def _line(custom_id: str, response: dict[str, Any] | None, error: dict[str, Any] | None) -> str:
    return json.dumps(
        {
            "id": f"batch_req_{custom_id[:8]}",
            "custom_id": custom_id,
            "response": response,
            "error": error,
        },
        ensure_ascii=False,
    )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64
    owner: BatchServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _read(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    def do_GET(self) -> None:
        owner = self.server.owner
        url = urlsplit(self.path)
        path = url.path.rstrip("/")
        owner.calls.append(f"GET {path}")
        if path == "/v1/files":
            purpose = parse_qs(url.query).get("purpose", [None])[0]
            data = [f.json() for f in owner.files.values() if purpose in (None, f.purpose)]
            self._json(200, {"object": "list", "data": data, "has_more": False})
        elif m := re.fullmatch(r"/v1/files/([\w-]+)/content", path):
            owner._wait_gate("content")
            f = owner.files.get(m.group(1))
            if f is None:
                self._json(404, {"error": {"message": "no such file"}})
            else:
                self._send(200, f.data, "application/octet-stream")
        elif m := re.fullmatch(r"/v1/files/([\w-]+)", path):
            f = owner.files.get(m.group(1))
            self._json(200, f.json()) if f else self._json(
                404, {"error": {"message": "no such file"}}
            )
        elif path == "/v1/batches":
            data = [
                b.json()
                for b in sorted(owner.batches.values(), key=lambda b: -int(b.id.split("-")[1]))
            ]
            self._json(200, {"object": "list", "data": data, "has_more": False})
        elif m := re.fullmatch(r"/v1/batches/([\w-]+)", path):
            owner._wait_gate("retrieve")
            batch = owner.batches.get(m.group(1))
            if batch is None:
                self._json(404, {"error": {"message": "no such batch"}})
                return
            owner.advance(batch)
            self._json(200, batch.json())
        elif path.endswith("/models"):
            self._json(200, {"object": "list", "data": [{"id": "test-model", "object": "model"}]})
        else:
            self._json(404, {"error": {"message": "not found"}})

    def do_POST(self) -> None:
        owner = self.server.owner
        path = urlsplit(self.path).path.rstrip("/")
        owner.calls.append(f"POST {path}")
        raw = self._read()
        if path == "/v1/files":
            self._upload(owner, raw)
        elif path == "/v1/batches":
            batch = owner.create_batch(json.loads(raw))
            owner._wait_gate("create")
            self._json(200, batch.json())
        elif path == "/v1/chat/completions":
            body = json.loads(raw)
            with owner.lock:
                owner.live.append(body)
            reply = owner.answer(body)
            self._json(200, completion(body, reply, int(owner.next_id("n").split("-")[1])))
        else:
            self._json(404, {"error": {"message": "not found"}})

    def _upload(self, owner: BatchServer, raw: bytes) -> None:
        with owner.lock:
            failing = owner.upload_failures > 0
            owner.upload_failures -= int(failing)
        if failing:
            self._json(
                500, {"error": {"message": "scripted upload failure", "type": "server_error"}}
            )
            return
        head = f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
        fields: dict[str, tuple[str | None, bytes]] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            fields[str(name)] = (part.get_filename(), part.get_payload(decode=True) or b"")
        filename, data = fields["file"]
        purpose = fields["purpose"][1].decode()
        f = StoredFile(
            owner.next_id("file"), filename or "upload.jsonl", purpose, data, int(time.time())
        )
        with owner.lock:
            owner.files[f.id] = f
        owner._wait_gate("upload")
        self._json(200, f.json())

    def _json(self, status: int, payload: Any) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode(), "application/json")

    def _send(self, status: int, data: bytes, kind: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
