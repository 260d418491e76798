"""The provider: ``AsyncOpenAI`` wrapped by instructor. The only module that imports
openai or instructor.

One call = one chunk through instructor (which re-asks on validation errors, bounded by
``max_reasks``). Transport failures are classified here for the one retry policy in
``_retry``; the openai client's own retries are off so that every attempt is counted once.
"""

from __future__ import annotations

import json
import logging
import re
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal
from urllib.parse import urlparse

import instructor
import openai
import tenacity
from instructor.core.exceptions import (
    AsyncValidationError,
    IncompleteOutputException,
    InstructorRetryException,
    ResponseParsingError,
)
from pydantic import ConfigDict, ValidationError

from summarizer.engines.llm._retry import exception_chain
from summarizer.engines.llm._schema import GROUNDING_TEXT, ChunkItems
from summarizer.errors import RetryWaitTooLongError
from summarizer.settings import Settings, public_url, redact

ErrorKind = Literal["transient", "fatal", "length", "invalid"]

INSTRUCTOR_MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "md_json": instructor.Mode.MD_JSON,
    "json": instructor.Mode.JSON,
}
# instructor logs every failed attempt at ERROR; our retry policy reports what matters.
logging.getLogger("instructor").addHandler(logging.NullHandler())
logging.getLogger("instructor").propagate = False

# What instructor re-asks on (instructor's own defaults, minus cut-off answers).
PARSE_ERRORS = (ValidationError, json.JSONDecodeError, AsyncValidationError, ResponseParsingError)


class ChunkItemsCall(ChunkItems, instructor.OpenAISchema):
    """Items of the text."""

    # instructor wraps a plain model in a new class on every call (pydantic model creation
    # and schema generation each time, a few ms); a subclass of its schema base is used
    # as is, and its tool schema is generated once. Same title, same schema.
    model_config = ConfigDict(title="ChunkItems")


_TRANSIENT_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}
_LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


# Ollama's default port: its OpenAI-compatible API ignores tool_choice.
_OLLAMA_PORT = 11434


def default_mode(base_url: str | None) -> str:
    """The instructor mode per server (the README's server recipes say why):

    - ``tools`` (a forced tool call) by default: OpenAI, DashScope (Qwen), vLLM (named
      function calling is schema-constrained) and llama.cpp's server (the forced tool's
      schema becomes a grammar; ``json_schema`` is refused there, ``md_json`` runs free).
    - ``md_json`` for DeepSeek: its V4 models think by default, and thinking mode refuses a
      forced ``tool_choice``; ``json_schema`` is refused altogether.
    - ``json_schema`` for Ollama: it ignores ``tool_choice`` (the model may answer in prose)
      but enforces a ``json_schema`` response format with a grammar.
    """
    if not base_url:
        return "tools"
    url = urlparse(base_url)
    host = url.hostname or ""
    if host == "api.deepseek.com":
        return "md_json"
    if url.port == _OLLAMA_PORT or "ollama" in host:
        return "json_schema"
    return "tools"


def base_url_host(base_url: str | None) -> str:
    """The host of the base URL (recorded in outputs; never the full URL with credentials)."""
    if not base_url:
        return "api.openai.com"
    return urlparse(base_url).hostname or ""


def is_loopback(base_url: str | None) -> bool:
    """True for a server on this machine (which needs no API key)."""
    return bool(base_url) and base_url_host(base_url) in _LOOPBACK


@dataclass
class CallLog:
    """Per-chunk usage gathered from every HTTP response (re-asks included)."""

    responses: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    last_completion_tokens: int = 0
    finish_reasons: list[str] = field(default_factory=list)

    def add(self, response: Any) -> None:
        self.responses += 1
        usage = getattr(response, "usage", None)
        self.last_completion_tokens = 0
        if usage is not None:
            self.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
            self.last_completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
            self.completion_tokens += self.last_completion_tokens
            details = getattr(usage, "prompt_tokens_details", None)
            # DeepSeek reports its disk-cache hits in a field of its own.
            cached = getattr(details, "cached_tokens", 0) or getattr(
                usage, "prompt_cache_hit_tokens", 0
            )
            self.cached_tokens += int(cached or 0)
        for choice in getattr(response, "choices", None) or []:
            self.finish_reasons.append(str(getattr(choice, "finish_reason", "")))


# The log of the chunk being extracted: the hook runs in the caller's task.
CURRENT_LOG: ContextVar[CallLog | None] = ContextVar("current_log", default=None)


def _on_response(response: Any) -> None:
    log = CURRENT_LOG.get()
    if log is not None:
        log.add(response)


@dataclass(frozen=True)
class Completion:
    """A parsed answer: the items and, when validation never passed, none."""

    items: ChunkItems
    latency_s: float


class Provider:
    """An OpenAI-compatible server behind instructor."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.mode = settings.mode or default_mode(settings.base_url)
        api_key = settings.api_key or ("not-needed" if settings.base_url else None)
        self._client = openai.AsyncOpenAI(
            api_key=api_key,
            base_url=settings.base_url,
            max_retries=0,
            timeout=settings.timeout_s,
        )
        self._instructor = instructor.from_openai(self._client, mode=INSTRUCTOR_MODES[self.mode])
        self._instructor.on("completion:response", _on_response)

    async def complete(self, system: str, user: str, max_reasks: int) -> Completion:
        """One chunk: system + user message in, validated ``ChunkItems`` out.

        An answer cut off at the output-token limit raises ``IncompleteOutputException``
        (the engine splits the chunk) even when the server does not say
        ``finish_reason=length``: llama.cpp's server reports a forced tool call as
        ``tool_calls`` however it ended. Such an answer is not re-asked — the model would
        run out of tokens again.
        """
        t0 = time.perf_counter()
        reasks = tenacity.AsyncRetrying(
            stop=tenacity.stop_after_attempt(max(max_reasks, 0) + 1),
            retry=tenacity.retry_if_exception(
                lambda e: isinstance(e, PARSE_ERRORS) and not self._cut_off()
            ),
            reraise=True,
        )
        try:
            items, _ = await self._instructor.chat.completions.create_with_completion(
                model=self.settings.model,
                messages=[
                    {"role": "system", "content": system},
                    {"role": "user", "content": user},
                ],
                response_model=ChunkItemsCall,
                max_retries=reasks,
                temperature=self.settings.temperature,
                max_tokens=self.settings.max_output_tokens,
            )
        except InstructorRetryException as exc:
            if self._cut_off():
                raise IncompleteOutputException(last_completion=exc.last_completion) from exc
            raise
        return Completion(items, time.perf_counter() - t0)

    def _cut_off(self) -> bool:
        """True when the last answer used every output token allowed (so it was cut)."""
        log = CURRENT_LOG.get()
        return log is not None and log.last_completion_tokens >= self.settings.max_output_tokens

    async def close(self) -> None:
        """Close the HTTP client."""
        await self._client.close()


def classify(exc: BaseException) -> ErrorKind:
    """What to do about an exception: retry (transient), split the chunk (length), drop
    the ungrounded items (invalid), or fail (fatal)."""
    for e in exception_chain(exc):
        if isinstance(e, RetryWaitTooLongError):
            # Asked to wait longer than allowed: retrying is exactly what not to do.
            return "fatal"
        if isinstance(e, IncompleteOutputException):
            return "length"
        if isinstance(e, openai.APIStatusError):
            return (
                "transient"
                if e.status_code in _TRANSIENT_STATUS or e.status_code >= 500
                else "fatal"
            )
        if isinstance(e, openai.APITimeoutError | openai.APIConnectionError):
            return "transient"
    for e in exception_chain(exc):
        if isinstance(e, ValidationError | json.JSONDecodeError):
            return "invalid"
    if isinstance(exc, InstructorRetryException):
        return "invalid"
    return "fatal"


def status_code(exc: BaseException) -> int | None:
    """The HTTP status behind an exception, if any."""
    for e in exception_chain(exc):
        if isinstance(e, openai.APIStatusError):
            return e.status_code
    return None


def retry_after(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms``, or ``Retry-After`` in
    seconds or as an HTTP date), if any."""
    for e in exception_chain(exc):
        if isinstance(e, openai.APIStatusError):
            headers = e.response.headers
            ms = headers.get("retry-after-ms")
            if ms:
                try:
                    return max(0.0, float(ms) / 1000)
                except ValueError:
                    pass
            value = headers.get("retry-after")
            if value:
                return _retry_after_value(value)
    return None


def _retry_after_value(value: str) -> float | None:
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def last_answer(exc: BaseException) -> ChunkItems | None:
    """The final answer of a failed validation, parsed without the grounding check, so
    that grounded items can be kept and the rest dropped and counted."""
    for e in exception_chain(exc):
        completion = getattr(e, "last_completion", None)
        if completion is not None and raw_arguments(completion) is not None:
            return answer_without_grounding(completion)
    return None


def answer_without_grounding(completion: Any) -> ChunkItems | None:
    """The completion's answer, parsed with the grounding validator off (the caller drops
    what is ungrounded and counts it); None when it does not parse or validate."""
    raw = raw_arguments(completion)
    if raw is None:
        return None
    token = GROUNDING_TEXT.set(None)
    try:
        return ChunkItems.model_validate_json(raw)
    except ValidationError:
        return None
    finally:
        GROUNDING_TEXT.reset(token)


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)


def raw_arguments(completion: Any) -> str | None:
    choices = getattr(completion, "choices", None) or []
    if not choices:
        return None
    message = choices[0].message
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return str(calls[0].function.arguments)
    content = getattr(message, "content", None)
    if not content:
        return None
    fenced = _FENCE.search(content)
    return fenced.group(1) if fenced else str(content)


def describe(exc: BaseException, settings: Settings) -> str:
    """An actionable one-line message for a failed call.

    Never contains the API key, the base URL's credentials or query, or anything shaped
    like a key: the server's own words are redacted (some servers echo the key they
    refused), and the base URL is shown as scheme, host and path only.
    """
    return redact(_describe(exc, settings), settings.secrets())


def _describe(exc: BaseException, settings: Settings) -> str:
    code = status_code(exc)
    host = base_url_host(settings.base_url)
    for e in exception_chain(exc):
        if isinstance(e, RetryWaitTooLongError):
            what = "rate limited" if code == 429 else "unavailable"
            return f"{what} by {host} ({code or 'no status'}): {e}"
    if code == 401:
        return (
            f"authentication refused by {host} (401): check the key in OPENAI_API_KEY "
            "or SUMMARIZER_API_KEY"
        )
    if code == 403:
        return f"access denied by {host} (403): the key lacks access to model {settings.model!r}"
    if code == 404:
        return (
            f"not found at {host} (404): check the model name {settings.model!r} "
            "and the base URL (it usually ends in /v1)"
        )
    if code == 400:
        return f"request rejected by {host} (400): {_server_says(exc)}; try another --mode"
    if code == 429:
        return f"rate limited by {host} (429) after every retry: {_server_says(exc)}"
    for e in exception_chain(exc):
        if isinstance(e, openai.APITimeoutError):
            return f"timed out after {settings.timeout_s:g} s waiting for {host}"
        if isinstance(e, openai.APIConnectionError):
            where = public_url(settings.base_url) if settings.base_url else host
            return f"cannot connect to {host}: is the server running at {where}?"
    if code is not None:
        return f"{host} answered HTTP {code}: {_server_says(exc)}"
    for e in exception_chain(exc):
        if isinstance(e, ValidationError) and e.errors():
            # instructor's own message starts with a <failed_attempts> dump: say what failed.
            first = e.errors()[0]
            where = ".".join(str(part) for part in first.get("loc", ())) or "answer"
            return f"the answer did not validate ({where}: {first.get('msg', '')})"[:300]
    return _short(exc)


def _server_says(exc: BaseException) -> str:
    """The server's error message itself (not the wrapper's: a failure during a re-ask
    comes wrapped in instructor's ``<failed_attempts>`` dump)."""
    for e in exception_chain(exc):
        if isinstance(e, openai.APIStatusError):
            body = e.body
            message = body.get("message") if isinstance(body, dict) else body
            if isinstance(message, str) and message.strip():
                return _first_line(message)
            if e.message:
                return _first_line(e.message)
    return _short(exc)


def _short(exc: BaseException) -> str:
    return _first_line(str(exc)) if str(exc).strip() else type(exc).__name__


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:300] if text.strip() else ""
