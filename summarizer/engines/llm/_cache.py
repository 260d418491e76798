"""The response cache: SQLite, safe under concurrent writers, keyed by everything that
determines an answer. It doubles as recorded responses for offline evals (``--offline``).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from summarizer.errors import ConfigurationError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    created REAL NOT NULL,
    payload TEXT NOT NULL
)
"""


def cache_key(**parts: Any) -> str:
    """sha256 of the canonical JSON of ``parts`` (model, base URL, mode, prompt hash,
    schema hash, chunk text, sampling parameters). Never include the API key."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResponseCache:
    """A key → JSON payload store in ``cache_dir/responses.sqlite3``."""

    def __init__(self, cache_dir: Path) -> None:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigurationError(f"cannot create cache directory {cache_dir}: {exc}") from exc
        self.path = cache_dir / "responses.sqlite3"
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        # WAL lets readers proceed while another process writes; busy_timeout waits out locks.
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA busy_timeout=30000")
        self._conn.execute(_SCHEMA)
        self._conn.commit()

    def get(self, key: str) -> dict[str, Any] | None:
        """The payload stored under ``key``, or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT payload FROM responses WHERE key = ?", (key,)
            ).fetchone()
        if row is None:
            return None
        payload: dict[str, Any] = json.loads(row[0])
        return payload

    def put(self, key: str, model: str, payload: dict[str, Any]) -> None:
        """Store ``payload`` under ``key`` (last writer wins)."""
        blob = json.dumps(payload, ensure_ascii=False)
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO responses (key, model, created, payload) "
                "VALUES (?, ?, ?, ?)",
                (key, model, time.time(), blob),
            )
            self._conn.commit()

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._conn.close()
