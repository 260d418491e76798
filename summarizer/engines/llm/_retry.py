"""The one retry policy for model calls (tenacity).

Retried: 429 (honouring Retry-After), 408/409/5xx, timeouts and dropped connections —
with exponential backoff and jitter. Everything else fails at once: 400/401/403/404 are
not going to change by asking again. A server that asks to wait longer than
``max_wait_s`` is not waited for: the call fails at once with
``RetryWaitTooLongError``, which names the wait. Every wait is logged (logger
``summarizer.engines.llm._retry``, level INFO; the CLI shows it on stderr).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from summarizer.errors import RetryWaitTooLongError
from summarizer.settings import DEFAULT_MAX_RETRY_WAIT_S

T = TypeVar("T")

logger = logging.getLogger(__name__)


def failure_reason(exc: BaseException) -> str:
    """A few words on why a call failed, for the wait notice: the HTTP status or the
    kind of transport failure. Never the server's own words (they may hold secrets)."""
    code = _status_in_chain(exc)
    if code is not None:
        return "rate limited (HTTP 429)" if code == 429 else f"HTTP {code}"
    for e in exception_chain(exc):
        name = type(e).__name__.lower()
        if "timeout" in name:
            return "timed out"
        if "connection" in name:
            return "connection failed"
    return type(exc).__name__


async def call_with_retries(
    call: Callable[[], Awaitable[T]],
    *,
    max_retries: int,
    backoff_s: float,
    is_transient: Callable[[BaseException], bool],
    retry_after: Callable[[BaseException], float | None],
    on_retry: Callable[[BaseException, float], None] | None = None,
    max_wait_s: float = DEFAULT_MAX_RETRY_WAIT_S,
) -> T:
    """Run ``call``; retry transient failures up to ``max_retries`` times.

    Raises ``RetryWaitTooLongError`` (chained to the server's answer) when the server asks
    for a wait over ``max_wait_s``.
    """
    exponential = wait_exponential_jitter(
        multiplier=backoff_s, max=max(backoff_s, min(30.0, max_wait_s)), jitter=backoff_s
    )

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after(exc) if exc is not None else None
        if exc is not None and asked is not None and asked > max_wait_s:
            # Waiting would keep the run silent for as long as the server says (an hour is
            # common for a spent quota): give up now and say how long it asked for.
            raise RetryWaitTooLongError(
                status_code=_status_in_chain(exc),
                wait_s=asked,
                limit_s=max_wait_s,
            ) from exc
        delay = asked if asked is not None else exponential(state)
        # tenacity asks for the wait before it checks the stop: after the last attempt
        # there is no wait to announce.
        if exc is not None and state.attempt_number <= max_retries:
            logger.info(
                "waiting %.1f s before retry %d of %d: %s%s",
                delay,
                state.attempt_number,
                max_retries,
                failure_reason(exc),
                " (the server's Retry-After)" if asked is not None else "",
            )
        if on_retry is not None and exc is not None:
            on_retry(exc, delay)
        return delay

    retrying = AsyncRetrying(
        stop=stop_after_attempt(max_retries + 1),
        wait=wait,
        retry=retry_if_exception(is_transient),
        reraise=True,
    )
    result: T = await retrying(call)
    return result


def exception_chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it was raised from or during, innermost last."""
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen:
        seen.append(cur)
        cur = cur.__cause__ or cur.__context__
    return seen


def _status_in_chain(exc: BaseException) -> int | None:
    """The HTTP status behind ``exc`` (any exception with an int ``status_code``)."""
    for e in exception_chain(exc):
        code = getattr(e, "status_code", None)
        if isinstance(code, int):
            return code
    return None
