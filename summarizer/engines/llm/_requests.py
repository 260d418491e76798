"""Requests as files: what the LLM engine would send, written one file per call, and
the answers to them, read back.

A request folder holds, per report, ``<chunk id>.request.json`` (the exact system and user
messages, the response schema, the sampling parameters and the cache key) and, once
someone has answered it, ``<chunk id>.answer.json`` (``{"key": ..., "items": [...]}``:
the model's answer, as the tool call's arguments). Answers are keyed like the response
cache, so a changed prompt, schema, chunk or model name is a miss, never a wrong answer.

No provider is imported here: answering can happen anywhere (another machine, a batch
job, a person), and replaying needs no network.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer.engines.llm._schema import GROUNDING_TEXT, ChunkItems
from summarizer.errors import InputError

REQUEST_SUFFIX = ".request.json"
ANSWER_SUFFIX = ".answer.json"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class LLMRequest:
    """One call of the LLM engine, exactly as it would be sent (and cached)."""

    key: str
    model: str
    mode: str
    prompt_hash: str
    schema_hash: str
    temperature: float
    max_output_tokens: int
    system: str
    user: str
    # The forced tool: name, description, parameters (the response schema).
    tool: dict[str, Any]
    chunk_id: str
    chunk_text: str
    heading_path: tuple[str, ...]
    role: str
    start: int
    end: int

    def to_json(self, report: str) -> dict[str, Any]:
        """The request file's content."""
        return {
            "key": self.key,
            "report": report,
            "model": self.model,
            "mode": self.mode,
            "prompt_hash": self.prompt_hash,
            "schema_hash": self.schema_hash,
            "temperature": self.temperature,
            "max_tokens": self.max_output_tokens,
            "messages": [
                {"role": "system", "content": self.system},
                {"role": "user", "content": self.user},
            ],
            "schema": self.tool["parameters"],
            "tool": {"name": self.tool["name"], "description": self.tool["description"]},
            "chunk": {
                "id": self.chunk_id,
                "heading_path": list(self.heading_path),
                "role": self.role,
                "start": self.start,
                "end": self.end,
                "text": self.chunk_text,
            },
        }


def safe_name(name: str) -> str:
    """A file-system-safe folder name for a report."""
    stem = re.sub(r"[^\w.-]+", "_", name).strip("._")
    return stem or "report"


def write_request(folder: Path, report: str, request: LLMRequest) -> Path:
    """Write ``request`` under ``folder/<report>/``; returns the file written."""
    directory = folder / safe_name(report)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{request.chunk_id}{REQUEST_SUFFIX}"
    path.write_text(
        json.dumps(request.to_json(report), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return path


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a readable JSON file ({exc})") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object")
    return data


def iter_request_files(folder: Path) -> Iterator[Path]:
    """Every request file under ``folder``, sorted."""
    yield from sorted(folder.rglob(f"*{REQUEST_SUFFIX}"))


def answer_path(request_path: Path) -> Path:
    """The answer file that belongs to a request file."""
    return request_path.with_name(request_path.name[: -len(REQUEST_SUFFIX)] + ANSWER_SUFFIX)


@dataclass(frozen=True)
class AnswerProblem:
    """Why an answer file cannot be used: the words the engine would send back on a re-ask
    (schema violations, quotes not in the text), or a stale or missing file."""

    request: Path
    message: str


def check_answer(request: dict[str, Any], answer: dict[str, Any]) -> str | None:
    """None when ``answer`` is what the engine accepts for ``request``; else the error
    message the engine would send back to the model (the re-ask)."""
    items = {k: v for k, v in answer.items() if k != "key"}
    token = GROUNDING_TEXT.set(str(request.get("chunk", {}).get("text", "")))
    try:
        ChunkItems.model_validate(items)
    except ValidationError as exc:
        return str(exc)
    finally:
        GROUNDING_TEXT.reset(token)
    return None


def load_answers(folder: Path) -> tuple[dict[str, dict[str, Any]], list[AnswerProblem]]:
    """Answers under ``folder`` by cache key, and the answers that cannot be used.

    An answer whose ``key`` differs from its request's is stale (the request changed since
    it was answered); an answer that fails validation is reported with the engine's own
    error. Answer files without a request beside them are used by their own key.
    """
    if not folder.is_dir():
        raise InputError(f"{folder}: not a directory of requests and answers")
    answers: dict[str, dict[str, Any]] = {}
    problems: list[AnswerProblem] = []
    for path in sorted(folder.rglob(f"*{ANSWER_SUFFIX}")):
        answer = _read_json(path)
        request_file = path.with_name(path.name[: -len(ANSWER_SUFFIX)] + REQUEST_SUFFIX)
        request = _read_json(request_file) if request_file.is_file() else None
        key = answer.get("key") or (request or {}).get("key")
        if not isinstance(key, str) or not key:
            problems.append(AnswerProblem(path, "no key: copy the request's key into the answer"))
            continue
        if request is not None:
            if request.get("key") != key:
                problems.append(
                    AnswerProblem(path, "stale: answers an earlier version of this request")
                )
                continue
            message = check_answer(request, answer)
            if message is not None:
                problems.append(AnswerProblem(path, message))
                continue
        answers[key] = {"items": answer.get("items", [])}
    return answers, problems


def unanswered(folder: Path) -> list[Path]:
    """Request files with no usable answer beside them (missing or stale)."""
    missing: list[Path] = []
    for path in iter_request_files(folder):
        answer = answer_path(path)
        if not answer.is_file():
            missing.append(path)
            continue
        request_key = _read_json(path).get("key")
        if _read_json(answer).get("key") not in (None, request_key):
            missing.append(path)
    return missing


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Write ``folder/manifest.json`` (model, hashes, settings of an export)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def read_manifest(folder: Path) -> dict[str, Any]:
    """``folder/manifest.json``, or an empty dict when there is none."""
    path = folder / MANIFEST
    return _read_json(path) if path.is_file() else {}
