"""A local OpenAI-compatible test server: real HTTP on 127.0.0.1, scripted answers, faults.

Test code, not a product feature. Each request to ``/v1/chat/completions`` takes the next
``Step`` of the script (or, when the script is empty, the ``default`` step factory):

    server.script(Step.status(429, headers={"Retry-After": "1"}), Step.answer(items))

Steps: an answer (as a tool call, JSON content or fenced JSON, following the request),
an HTTP status with headers, a dropped connection, a slow answer, malformed JSON, a
``finish_reason=length`` truncation. Every request is recorded (body, headers, time).
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Step:
    """One scripted reaction to one request."""

    kind: str  # answer | status | drop | malformed | length | raw
    items: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    body: str = ""
    fence: bool = False

    @classmethod
    def answer(cls, items: list[dict[str, Any]], delay_s: float = 0.0, fence: bool = False) -> Step:
        return cls("answer", items=items, delay_s=delay_s, fence=fence)

    @classmethod
    def http_status(
        cls, status: int, headers: dict[str, str] | None = None, message: str = ""
    ) -> Step:
        """An error answer; ``message`` is the error's text (default ``scripted STATUS``),
        e.g. what a server that echoes the key it refused would say."""
        return cls("status", status=status, headers=headers or {}, body=message)

    @classmethod
    def drop(cls) -> Step:
        return cls("drop")

    @classmethod
    def malformed(cls) -> Step:
        return cls("malformed")

    @classmethod
    def length(cls) -> Step:
        return cls("length")


@dataclass
class Received:
    """A request as the server saw it."""

    body: dict[str, Any]
    headers: dict[str, str]
    at: float

    @property
    def user_text(self) -> str:
        return str(self.body["messages"][-1]["content"]) if self.body.get("messages") else ""

    @property
    def all_text(self) -> str:
        return json.dumps(self.body, ensure_ascii=False)


def chunk_text_of(body: dict[str, Any]) -> str:
    """The chunk text inside the user message (after the ``Text:`` line)."""
    for message in body.get("messages", []):
        if message.get("role") == "user" and isinstance(message.get("content"), str):
            m = re.search(r"\nText:\n(.*)", message["content"], re.S)
            if m:
                return m.group(1).rstrip("\n")
    return ""


def first_sentence_items(body: dict[str, Any]) -> list[dict[str, Any]]:
    """A well-behaved model: one achievement quoting the chunk's first sentence."""
    text = chunk_text_of(body)
    sentence = re.split(r"[。！？\n]", text.strip(), maxsplit=1)[0][:150]
    if len(sentence) < 2:
        return []
    return [
        {"category": "achievement", "statement": sentence, "quote": sentence, "indicator": None}
    ]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/models"):
            self._json(200, {"object": "list", "data": [{"id": "test-model", "object": "model"}]})
        else:
            self._json(404, {"error": {"message": "not found"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except json.JSONDecodeError:
            self._json(400, {"error": {"message": "bad json"}})
            return
        owner = self.server.owner
        owner.received.append(Received(body, dict(self.headers.items()), time.monotonic()))
        with owner.in_flight():
            self._answer(owner, body)

    def _answer(self, owner: TestServer, body: dict[str, Any]) -> None:
        step = owner.next_step(body)
        if step.delay_s:
            time.sleep(step.delay_s)
        if step.kind == "drop":
            self.connection.shutdown(socket.SHUT_RDWR)
            self.connection.close()
            return
        if step.kind == "status":
            message = step.body or f"scripted {step.status}"
            payload = {"error": {"message": message, "type": "test", "code": None}}
            self._json(step.status, payload, step.headers)
            return
        if step.kind == "raw":
            self._send(step.status, step.body.encode(), step.headers)
            return
        self._json(200, owner.completion(body, step))

    def _json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode(), headers)

    def _send(self, status: int, data: bytes, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 drops the SYNs of a burst of connections (the
    # client then waits a second to resend): 16 chunks in flight must all get through.
    request_queue_size = 64
    owner: TestServer


class TestServer:
    """The server and its script; ``base_url`` ends in ``/v1``."""

    __test__ = False  # not a pytest class

    def __init__(self, default: Callable[[dict[str, Any]], Step] | None = None) -> None:
        self.received: list[Received] = []
        self._script: deque[Step] = deque()
        self._lock = threading.Lock()
        self.default = default or (lambda body: Step.answer(first_sentence_items(body)))
        self.prompt_tokens = 100
        self.completion_tokens = 20
        self.usage_extra: dict[str, Any] = {}  # e.g. a provider's cached-token field
        self.max_in_flight = 0  # the most requests being answered at one time
        self._in_flight = 0
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> TestServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @contextmanager
    def in_flight(self) -> Iterator[None]:
        """Count a request as being answered while the block runs."""
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            yield
        finally:
            with self._lock:
                self._in_flight -= 1

    def script(self, *steps: Step) -> None:
        """Queue steps; requests beyond them get the default step."""
        with self._lock:
            self._script.extend(steps)

    def next_step(self, body: dict[str, Any]) -> Step:
        with self._lock:
            if self._script:
                return self._script.popleft()
        return self.default(body)

    def completion(self, body: dict[str, Any], step: Step) -> dict[str, Any]:
        """A chat completion carrying ``step``'s items the way the request asked for them."""
        arguments = json.dumps({"items": step.items}, ensure_ascii=False)
        finish = "stop"
        if step.kind == "malformed":
            arguments = '{"items": [{"category": "goal", "statement": '
        if step.kind == "length":
            arguments = arguments[: max(10, len(arguments) // 2)]
            finish = "length"
        message: dict[str, Any] = {"role": "assistant", "content": None}
        tools = body.get("tools")
        if tools:
            name = tools[0]["function"]["name"]
            message["tool_calls"] = [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": name, "arguments": arguments},
                }
            ]
            if finish == "stop":
                finish = "tool_calls"
        else:
            message["content"] = f"```json\n{arguments}\n```" if step.fence else arguments
        return {
            "id": f"chatcmpl-{len(self.received)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "test-model"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {
                "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens,
                "total_tokens": self.prompt_tokens + self.completion_tokens,
                **self.usage_extra,
            },
        }
