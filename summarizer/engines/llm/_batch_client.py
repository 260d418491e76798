"""Batch jobs at an OpenAI-compatible provider, and the instructor side of batch answers.
With ``_client``, the only module that imports openai and instructor.

- ``RequestBodies``: the exact HTTP body a live call sends for a request, made by the same
  instructor function the live call goes through (``handle_response_model``), in every
  mode: a batch line carries what the live path would have sent.
- ``judge``: a batch answer parsed and validated by instructor's own response parser
  (``process_response``), with the chunk's text for the grounding check, as a live
  answer is; the re-ask is the one instructor would send (``handle_reask_kwargs``).
- ``BatchClient``: files and batches through the openai client (upload, create, retrieve,
  download), with the lookups that let a job killed mid-call find what it created.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import openai
from instructor.core.exceptions import IncompleteOutputException
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from summarizer.engines.llm._batch import JobSettings, Verdict
from summarizer.engines.llm._client import (
    INSTRUCTOR_MODES,
    PARSE_ERRORS,
    ChunkItemsCall,
    answer_without_grounding,
    describe,
    is_loopback,
)
from summarizer.engines.llm._requests import LLMRequest
from summarizer.engines.llm._schema import GROUNDING_TEXT
from summarizer.errors import AuthenticationError, ConfigurationError, ProviderError
from summarizer.settings import Settings, public_url, redact

try:  # instructor >= 1.7
    from instructor.processing import (
        handle_reask_kwargs,
        handle_response_model,
        process_response,
    )
except ImportError:  # pragma: no cover - older instructor
    from instructor.process_response import (  # type: ignore[no-redef]
        handle_reask_kwargs,
        handle_response_model,
        process_response,
    )

T = TypeVar("T")


class RequestBodies:
    """Request bodies for one model, mode and sampling setting."""

    def __init__(self, settings: Settings, mode: str) -> None:
        self.mode = INSTRUCTOR_MODES[mode]
        self.settings = settings
        # What instructor adds to a call besides the messages (the forced tool, or the
        # response format) is the same for every request; when the mode leaves the
        # messages as they are (tools, json_schema), it is computed once. A mode that
        # rewrites the messages (md_json adds the schema to them) goes through
        # instructor for every request.
        probe = [
            {"role": "system", "content": "\x00system"},
            {"role": "user", "content": "\x00user"},
        ]
        self.response_model, kwargs = self._prepare([dict(m) for m in probe])
        self._static: dict[str, Any] | None = None
        if kwargs.get("messages") == probe:
            self._static = {k: v for k, v in kwargs.items() if k != "messages"}

    def _prepare(self, messages: list[dict[str, Any]]) -> tuple[Any, dict[str, Any]]:
        return handle_response_model(
            ChunkItemsCall,
            mode=self.mode,
            model=self.settings.model,
            messages=messages,
            temperature=self.settings.temperature,
            max_tokens=self.settings.max_output_tokens,
        )

    def body(self, request: LLMRequest) -> dict[str, Any]:
        """The body of the live call for ``request``."""
        messages = [
            {"role": "system", "content": request.system},
            {"role": "user", "content": request.user},
        ]
        if self._static is not None:
            return {"messages": messages, **self._static}
        _, kwargs = self._prepare(messages)
        return json.loads(json.dumps(kwargs, ensure_ascii=False))  # type: ignore[no-any-return]


def completion_of(body: Mapping[str, Any]) -> ChatCompletion:
    """A chat completion object from a result body, as the openai client makes one from
    an HTTP response (leniently: a server's extra or missing fields are no error)."""
    try:
        return ChatCompletion.model_validate(body)
    except ValidationError:
        return ChatCompletion.construct(**body)


def judge(
    body: Mapping[str, Any],
    chunk_text: str,
    *,
    sent_body: Mapping[str, Any] | None,
    request_body: Callable[[], Mapping[str, Any]],
    reasks: int,
    settings: Settings,
    mode: str,
) -> Verdict:
    """The verdict on a batch answer: what the live path would do with it.

    - valid (schema, every quote in the chunk): answered;
    - cut at the output-token limit (``finish_reason=length``, or unparseable at the
      limit): cut off, the chunk is split;
    - invalid, with re-asks left (``reasks`` so far < ``settings.max_reasks``): re-ask,
      with the request instructor would send next (the answer, the validation error);
    - invalid with none left: what parses without the grounding check is kept (its
      ungrounded items are dropped and counted by the engine), else failed.
    """
    instructor_mode = INSTRUCTOR_MODES[mode]
    completion = completion_of(body)
    usage = completion.usage
    completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0) if usage else 0
    response_model = ChunkItemsCall
    token = GROUNDING_TEXT.set(chunk_text)
    try:
        items = process_response(
            completion, response_model=response_model, stream=False, mode=instructor_mode
        )
    except IncompleteOutputException:
        return Verdict("cut_off", detail="the answer hit the output-token limit")
    except PARSE_ERRORS as exc:
        if completion_tokens >= settings.max_output_tokens:
            return Verdict("cut_off", detail="the answer hit the output-token limit")
        message = describe(exc, settings)
        if reasks < settings.max_reasks:
            base = dict(sent_body) if sent_body is not None else dict(request_body())
            next_body = handle_reask_kwargs(base, instructor_mode, completion, exc)
            return Verdict("reask", detail=message, next_body=_plain(next_body))
        lenient = answer_without_grounding(completion)
        if lenient is None:
            return Verdict("failed", detail=f"no valid answer after {reasks} re-asks: {message}")
        return Verdict("answered", answer=lenient.model_dump(mode="json"))
    except Exception as exc:
        # The live path fails such a chunk at once (classify: fatal), e.g. an answer
        # with no tool call in tools mode.
        return Verdict("failed", detail=describe(exc, settings))
    finally:
        GROUNDING_TEXT.reset(token)
    return Verdict("answered", answer=items.model_dump(mode="json"))


def _plain(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """A request body as JSON data (instructor may hand back SDK objects in messages)."""

    def default(value: Any) -> Any:
        dump = getattr(value, "model_dump", None)
        if callable(dump):
            return dump(mode="json", exclude_none=True)
        raise TypeError(f"not JSON: {type(value).__name__}")

    data: dict[str, Any] = json.loads(json.dumps(dict(kwargs), ensure_ascii=False, default=default))
    return data


# ---------------------------------------------------------------- the provider


# Batch states after which nothing more happens.
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})


@dataclass(frozen=True)
class BatchView:
    """What a batch reports of itself."""

    id: str
    status: str
    input_file_id: str
    total: int
    completed: int
    failed: int
    output_file_id: str | None
    error_file_id: str | None
    errors: tuple[str, ...]
    error_codes: tuple[str, ...]

    @property
    def terminal(self) -> bool:
        """True when the batch will not change any more."""
        return self.status in TERMINAL


def _view(batch: Any) -> BatchView:
    counts = getattr(batch, "request_counts", None)
    errors = getattr(getattr(batch, "errors", None), "data", None) or []
    return BatchView(
        id=str(batch.id),
        status=str(batch.status),
        input_file_id=str(getattr(batch, "input_file_id", "") or ""),
        total=int(getattr(counts, "total", 0) or 0),
        completed=int(getattr(counts, "completed", 0) or 0),
        failed=int(getattr(counts, "failed", 0) or 0),
        output_file_id=getattr(batch, "output_file_id", None) or None,
        error_file_id=getattr(batch, "error_file_id", None) or None,
        errors=tuple(str(getattr(e, "message", "") or "") for e in errors),
        error_codes=tuple(str(getattr(e, "code", "") or "") for e in errors),
    )


class BatchClient:
    """Files and batches at the configured server, through the openai client.

    Transient failures (429, 5xx, timeouts, dropped connections) are retried with
    backoff. Creating a batch is never retried blindly: a failed attempt may have created
    it, so the batches are listed first (``find_batch``).
    """

    def __init__(self, settings: Settings, job: JobSettings, *, retries: int = 5) -> None:
        if not (settings.api_key or is_loopback(settings.base_url)):
            raise ConfigurationError(
                "batch jobs need a key: set OPENAI_API_KEY (or SUMMARIZER_API_KEY) for "
                f"{public_url(settings.base_url) if settings.base_url else 'api.openai.com'}; "
                "without one, `summarizer jobs export` writes the request files for "
                "`vllm run-batch`"
            )
        self.settings = settings
        self.job = job
        self.retries = retries
        self._client = openai.OpenAI(
            api_key=settings.api_key or "not-needed",
            base_url=settings.base_url,
            max_retries=0,
            timeout=max(settings.timeout_s, 120.0),
        )
        self.host = public_url(settings.base_url) if settings.base_url else "api.openai.com"

    def close(self) -> None:
        """Close the HTTP client."""
        self._client.close()

    def _retrying(self, what: str, call: Callable[[], T]) -> T:
        from summarizer.engines.llm._client import classify, retry_after

        delay = max(0.2, self.settings.backoff_s)
        for attempt in range(self.retries + 1):
            try:
                return call()
            except Exception as exc:
                if classify(exc) != "transient" or attempt == self.retries:
                    raise self._error(what, exc) from None
                wait = retry_after(exc)
                time.sleep(min(60.0, wait if wait is not None else delay))
                delay *= 2
        raise AssertionError("unreachable")

    def _error(self, what: str, exc: BaseException) -> ProviderError:
        code = getattr(exc, "status_code", None)
        message = redact(
            f"{what} at {self.host} failed: {describe(exc, self.settings)}",
            self.settings.secrets(),
        )
        if code in (401, 403):
            return AuthenticationError(message, status_code=code)
        return ProviderError(message, status_code=code)

    def upload(self, path: Path, name: str) -> str:
        """Upload a request file (``purpose=batch``); its file id."""

        def call() -> str:
            with path.open("rb") as fh:
                created = self._client.files.create(
                    file=(name, fh, "application/jsonl"), purpose="batch"
                )
            return str(created.id)

        return self._retrying(f"uploading {name}", call)

    def find_file(self, name: str, size: int) -> str | None:
        """The id of an uploaded batch file named ``name`` of ``size`` bytes, if any:
        an upload a crash interrupted may have arrived whole."""

        def call() -> str | None:
            for f in self._client.files.list(purpose="batch"):
                if f.filename == name and int(getattr(f, "bytes", -1) or -1) == size:
                    return str(f.id)
            return None

        try:
            return self._retrying(f"listing files for {name}", call)
        except ProviderError as exc:
            if exc.status_code in (404, 405, 501):
                return None  # the server cannot list files: upload again
            raise

    def create(self, file_id: str, metadata: dict[str, str]) -> BatchView:
        """Create a batch from an uploaded file. A failure that may have created it
        anyway is looked up (``find_batch``) before any new attempt."""
        delay = max(0.2, self.settings.backoff_s)
        for attempt in range(self.retries + 1):
            try:
                batch = self._client.batches.create(
                    input_file_id=file_id,
                    endpoint=self.job.endpoint,  # type: ignore[arg-type]
                    completion_window=self.job.window,  # type: ignore[arg-type]
                    metadata=metadata,
                )
                return _view(batch)
            except Exception as exc:
                from summarizer.engines.llm._client import classify

                if classify(exc) != "transient" or attempt == self.retries:
                    raise self._error(f"creating a batch from {file_id}", exc) from None
                found = self.find_batch(file_id)
                if found is not None:
                    return found
                time.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    def find_batch(self, file_id: str) -> BatchView | None:
        """A batch created from ``file_id``, if one exists (newest first)."""

        def call() -> BatchView | None:
            for batch in self._client.batches.list(limit=100):
                if getattr(batch, "input_file_id", None) == file_id:
                    return _view(batch)
            return None

        return self._retrying(f"listing batches for {file_id}", call)

    def retrieve(self, batch_id: str) -> BatchView:
        """The batch's status and counts."""
        return self._retrying(
            f"reading batch {batch_id}", lambda: _view(self._client.batches.retrieve(batch_id))
        )

    def download(self, file_id: str, dest: Path) -> int:
        """A file's content into ``dest`` (streamed; complete or absent). Returns bytes."""

        def call() -> int:
            tmp = dest.with_name(f".{dest.name}.part")
            size = 0
            try:
                with (
                    self._client.files.with_streaming_response.content(file_id) as response,
                    tmp.open("wb") as fh,
                ):
                    for data in response.iter_bytes():
                        fh.write(data)
                        size += len(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                tmp.replace(dest)
            finally:
                tmp.unlink(missing_ok=True)
            return size

        return self._retrying(f"downloading {file_id}", call)
