"""The one retry policy for model calls (tenacity).

Retried: 429 (honouring Retry-After), 408/409/5xx, timeouts and dropped connections —
with exponential backoff and jitter. Everything else fails at once: 400/401/403/404 are
not going to change by asking again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

T = TypeVar("T")

# A server asking for more than this is treated as "not now": fail rather than hang.
MAX_RETRY_AFTER_S = 120.0


async def call_with_retries(
    call: Callable[[], Awaitable[T]],
    *,
    max_retries: int,
    backoff_s: float,
    is_transient: Callable[[BaseException], bool],
    retry_after: Callable[[BaseException], float | None],
    on_retry: Callable[[BaseException, float], None] | None = None,
) -> T:
    """Run ``call``; retry transient failures up to ``max_retries`` times."""
    exponential = wait_exponential_jitter(
        multiplier=backoff_s, max=max(backoff_s, 30.0), jitter=backoff_s
    )

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after(exc) if exc is not None else None
        delay = min(asked, MAX_RETRY_AFTER_S) if asked is not None else exponential(state)
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
