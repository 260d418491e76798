"""The LLM engine: one chunk → one schema-constrained call (cached, retried, re-asked)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from summarizer.core.types import (
    Chunk,
    ChunkExtraction,
    DocumentContext,
    ExtractedItem,
    Indicator,
    PartFailure,
    Usage,
)
from summarizer.engines.base import EngineInfo
from summarizer.engines.llm._cache import ResponseCache, cache_key
from summarizer.engines.llm._prompts import PromptSet, load_prompts
from summarizer.engines.llm._requests import LLMRequest, load_answers
from summarizer.engines.llm._retry import call_with_retries
from summarizer.engines.llm._schema import (
    GROUNDING_TEXT,
    MAX_ITEMS,
    ChunkItems,
    schema_hash,
    schema_json,
    tool_definition,
)
from summarizer.errors import (
    AuthenticationError,
    CacheMissError,
    ChunkFailedError,
    ConfigurationError,
    ProviderError,
    RetryWaitTooLongError,
    StaleAnswersError,
)
from summarizer.postprocess.locate import locate_quote
from summarizer.settings import Settings

# A saturated answer splits its chunk in two, and each half again, at most this deep
# (a chunk of 1,200 characters ends in parts of about 150).
MAX_SPLIT_DEPTH = 3
_SPLIT_AT = "。！？；\n"

# Called with every request a run makes and whether a recorded answer covers it; an
# unanswered request then yields no items instead of a call (``requests export``).
RequestRecorder = Callable[[LLMRequest, bool], None]


class LLMEngine:
    """Extraction by a model behind any OpenAI-compatible server.

    Answers come from, in order: the answers folder (``settings.answers_dir``: recorded
    answers, replayed only), the response cache, the model. With a ``recorder``, every
    request is handed to it, and one that no recorded answer covers yields no items
    instead of a call: that is how ``summarizer requests export`` collects what a run
    would send, splits of saturated recorded answers included.
    """

    def __init__(self, settings: Settings, *, recorder: RequestRecorder | None = None) -> None:
        if not (settings.llm_configured or settings.offline or recorder or settings.answers_dir):
            raise ConfigurationError(
                "the LLM engine needs a key or a server: set OPENAI_API_KEY (or "
                "SUMMARIZER_API_KEY), or SUMMARIZER_BASE_URL for a local server; "
                "or use --engine rules"
            )
        from summarizer.engines.llm._client import base_url_host, default_mode

        self.settings = settings
        self.mode = settings.mode or default_mode(settings.base_url)
        self.prompts: PromptSet = load_prompts(settings.prompts_dir)
        self.info = EngineInfo(
            engine="llm",
            model=settings.model,
            base_url_host=base_url_host(settings.base_url),
            mode=self.mode,
            prompt_hash=self.prompts.hash,
            schema_hash=schema_hash(),
            limits_concurrency=True,
        )
        self._schema_chars = len(schema_json())
        self._tool = tool_definition()
        self._recorder = recorder
        self._answers: dict[str, dict[str, object]] | None = None
        if settings.answers_dir is not None:
            self._answers, _ = load_answers(settings.answers_dir)
        self.cache = (
            ResponseCache(settings.cache_dir) if (settings.cache or settings.offline) else None
        )
        # The one limit on calls in flight, splits included (the pipeline does not hold a
        # slot for a chunk that waits on its halves).
        self._calls = asyncio.Semaphore(max(1, settings.concurrency))
        self._provider: object | None = None
        self._provider_lock = asyncio.Lock()

    async def _get_provider(self) -> object:
        async with self._provider_lock:
            if self._provider is None:
                from summarizer.engines.llm._client import Provider

                self._provider = Provider(replace(self.settings, mode=self.mode))  # type: ignore[arg-type]
            return self._provider

    async def extract(self, chunk: Chunk, context: DocumentContext) -> ChunkExtraction:
        """Items of one chunk; ungrounded items dropped and counted.

        A saturated answer (at the item cap, or cut at the output-token limit) splits the
        chunk at the sentence boundary nearest its middle and extracts the halves at once,
        at most ``MAX_SPLIT_DEPTH`` deep: too much content is never a failed chunk. A half
        that still fails falls back on the items its parent's answer found there, or is
        reported as a failed part while the rest of the chunk is kept.
        """
        r = await self._extract(chunk, context, 0)
        return ChunkExtraction(chunk.id, tuple(r.items), r.usage, r.dropped, tuple(r.failures))

    def request(self, chunk: Chunk, context: DocumentContext) -> LLMRequest:
        """The call this engine makes for ``chunk``: messages, schema and cache key.

        The key covers everything that determines the answer (model name, mode, prompt and
        schema hashes, the rendered messages, sampling parameters) and nothing that does
        not: not the server's URL (a recorded answer replays against any host or port),
        never the API key.
        """
        s = self.settings
        system = self.prompts.system
        user = self.prompts.render_user(chunk, context)
        key = cache_key(
            model=s.model,
            mode=self.mode,
            prompt_hash=self.info.prompt_hash,
            schema_hash=self.info.schema_hash,
            system=system,
            user=user,
            temperature=s.temperature,
            max_output_tokens=s.max_output_tokens,
        )
        return LLMRequest(
            key=key,
            model=s.model,
            mode=self.mode,
            prompt_hash=self.info.prompt_hash,
            schema_hash=self.info.schema_hash,
            temperature=s.temperature,
            max_output_tokens=s.max_output_tokens,
            system=system,
            user=user,
            tool=self._tool,
            chunk_id=chunk.id,
            chunk_text=chunk.text,
            heading_path=chunk.heading_path,
            role=chunk.role,
            start=chunk.start,
            end=chunk.end,
        )

    def _recorded(self, key: str) -> dict[str, object] | None:
        if self._answers is not None and key in self._answers:
            return self._answers[key]
        if self.cache is not None:
            cached = self.cache.get(key)
            if cached is not None:
                answer: dict[str, object] = cached["answer"]
                return answer
        return None

    async def _extract(self, chunk: Chunk, context: DocumentContext, depth: int) -> PartResult:
        s = self.settings
        request = self.request(chunk, context)
        recorded = self._recorded(request.key)
        if self._recorder is not None:
            self._recorder(request, recorded is not None)
        if recorded is not None:
            result = PartResult.of(ChunkItems.model_validate(recorded), chunk, Usage(cache_hits=1))
        elif self._recorder is not None:
            return PartResult([], Usage(), 0)
        elif s.answers_dir is not None:
            raise StaleAnswersError(
                f"chunk {chunk.id} ({' > '.join(chunk.heading_path) or 'no heading'}) has no "
                f"recorded answer in {s.answers_dir} for model {s.model!r}, prompt "
                f"{request.prompt_hash}, schema {request.schema_hash}, chunk budget "
                f"{len(chunk.text)} of max_chars {s.max_chars or 'default'}: the recorded "
                f"answers are stale. Re-record them: `summarizer requests export -o DIR`, "
                f"answer the requests DIR lists, then `summarizer requests import DIR` "
                f"(README: Changing the prompt)",
                chunk_id=chunk.id,
                answers_dir=str(s.answers_dir),
            )
        elif s.offline:
            where = self.cache.path if self.cache else s.cache_dir
            raise CacheMissError(
                f"chunk {chunk.id} is not in the cache ({where}) and --offline forbids "
                "calling the model",
                chunk_id=chunk.id,
            )
        else:
            result = await self.call_model(chunk, request)
        if not (result.saturated or result.cut_off):
            return result
        return await self._split_and_extract(chunk, context, depth, result)

    async def _split_and_extract(
        self, chunk: Chunk, context: DocumentContext, depth: int, parent: PartResult
    ) -> PartResult:
        halves = _split(chunk)
        if halves is None or depth >= MAX_SPLIT_DEPTH:
            if parent.cut_off:
                raise ChunkFailedError(
                    f"chunk {chunk.id}: the answer hit the output-token limit "
                    f"({self.settings.max_output_tokens}) even after splitting",
                    chunk_id=chunk.id,
                    usage=parent.usage,
                )
            return parent  # saturated and indivisible: keep what the answer holds
        outcomes = await asyncio.gather(
            *(self._extract(half, context, depth + 1) for half in halves),
            return_exceptions=True,
        )
        merged = PartResult([], parent.usage + Usage(splits=1), parent.dropped)
        for half, outcome in zip(halves, outcomes, strict=True):
            if isinstance(outcome, ChunkFailedError):
                merged.usage = merged.usage + (outcome.usage or Usage())
                fallback = [i for i in parent.items if locate_quote(half.text, i.quote)]
                if fallback:
                    merged.items.extend(fallback)
                else:
                    merged.failures.append(PartFailure(half.id, half.start, half.end, str(outcome)))
            elif isinstance(outcome, BaseException):
                raise outcome  # fatal (key refused, server gone, stale answers): stop
            else:
                merged.items.extend(outcome.items)
                merged.usage = merged.usage + outcome.usage
                merged.dropped += outcome.dropped
                merged.failures.extend(outcome.failures)
        return merged

    async def call_model(self, chunk: Chunk, request: LLMRequest) -> PartResult:
        """Ask the model for ``request`` (retries, re-asks) and judge the answer. The one
        place a subclass changes where answers come from (the batch engine looks them up
        in a batch job's results instead); everything around it stays the live path's."""
        from summarizer.engines.llm import _client as client
        from summarizer.engines.llm._client import Completion

        s = self.settings
        system, user, key = request.system, request.user, request.key
        provider = await self._get_provider()
        assert isinstance(provider, client.Provider)
        log = client.CallLog()
        transient_failures = 0

        def on_retry(exc: BaseException, delay: float) -> None:
            nonlocal transient_failures
            transient_failures += 1

        log_token = client.CURRENT_LOG.set(log)
        text_token = GROUNDING_TEXT.set(chunk.text)
        t0 = time.perf_counter()
        answer: ChunkItems | None = None

        async def attempt() -> Completion:
            return await provider.complete(system, user, s.max_reasks)

        try:
            async with self._calls:
                completion = await call_with_retries(
                    attempt,
                    max_retries=s.max_retries,
                    backoff_s=s.backoff_s,
                    max_wait_s=s.max_retry_wait_s,
                    is_transient=lambda e: client.classify(e) == "transient",
                    retry_after=client.retry_after,
                    on_retry=on_retry,
                )
            answer = completion.items
        except Exception as exc:
            kind = client.classify(exc)
            usage = self._usage(log, transient_failures, time.perf_counter() - t0, system, user)
            if kind == "length":
                # Split by the caller, outside this handler: a half's own failure must not
                # carry this one in its exception chain.
                return PartResult([], usage + Usage(cut_off=1), 0, cut_off=True)
            if kind == "invalid":
                answer = client.last_answer(exc)
                if answer is None:
                    raise ChunkFailedError(
                        f"chunk {chunk.id}: no valid answer after {s.max_reasks} re-asks: "
                        f"{client.describe(exc, s)}",
                        chunk_id=chunk.id,
                        attempts=log.responses + transient_failures,
                        usage=usage,
                    ) from None
            else:
                code = client.status_code(exc)
                message = client.describe(exc, s)
                if isinstance(exc, RetryWaitTooLongError):
                    # The server's wait applies to every chunk alike: the run stops here
                    # rather than send each remaining chunk to be refused the same way.
                    raise ProviderError(message, status_code=code) from None
                if code == 401:
                    raise AuthenticationError(message, status_code=code) from None
                if code in (403, 404) or (
                    code is None
                    and kind == "transient"
                    and log.responses == 0
                    and _unreachable(exc)
                ):
                    raise ProviderError(message, status_code=code) from None
                raise ChunkFailedError(
                    f"chunk {chunk.id}: {message}",
                    chunk_id=chunk.id,
                    attempts=log.responses + transient_failures,
                    usage=usage,
                ) from None
        finally:
            GROUNDING_TEXT.reset(text_token)
            client.CURRENT_LOG.reset(log_token)
        usage = self._usage(log, transient_failures, time.perf_counter() - t0, system, user)
        if self.cache is not None and s.cache:
            self.cache.put(key, s.model, {"answer": answer.model_dump(mode="json")})
        return PartResult.of(answer, chunk, usage)

    def _usage(self, log: object, transient: int, latency: float, system: str, user: str) -> Usage:
        from summarizer.engines.llm._client import CallLog

        assert isinstance(log, CallLog)
        calls = log.responses + transient
        chars = (len(system) + len(user) + self._schema_chars) * max(1, calls)
        return Usage(
            calls=calls,
            prompt_tokens=log.prompt_tokens,
            completion_tokens=log.completion_tokens,
            cached_tokens=log.cached_tokens,
            retries=max(0, calls - 1),
            latency_s=round(latency, 4),
            prompt_chars=chars,
        )


@dataclass
class PartResult:
    """What one chunk (or part of one) yielded; ``saturated``/``cut_off`` ask for a split.
    Returned by ``LLMEngine.call_model``."""

    items: list[ExtractedItem]
    usage: Usage
    dropped: int
    saturated: bool = False
    cut_off: bool = False
    failures: list[PartFailure] = field(default_factory=list)

    @classmethod
    def of(cls, answer: ChunkItems, chunk: Chunk, usage: Usage) -> PartResult:
        items, dropped = _grounded(answer, chunk.text)
        # At the cap the model stopped, not the text: a grammar-constrained server cuts
        # the list there, another model may go past it. Either way, more may be missing.
        saturated = len(answer.items) >= MAX_ITEMS
        return cls(items, usage + Usage(saturated=int(saturated)), dropped, saturated)


def _unreachable(exc: BaseException) -> bool:
    import openai

    cur: BaseException | None = exc
    while cur is not None:
        if isinstance(cur, openai.APIConnectionError) and not isinstance(
            cur, openai.APITimeoutError
        ):
            return True
        cur = cur.__cause__ or cur.__context__
    return False


def _grounded(answer: ChunkItems, text: str) -> tuple[list[ExtractedItem], int]:
    items: list[ExtractedItem] = []
    dropped = 0
    for i in answer.items:
        if locate_quote(text, i.quote) is None:
            dropped += 1
            continue
        indicator = Indicator(**i.indicator.model_dump()) if i.indicator else None
        # The statement may be left out when the quote reads on its own (fewer tokens).
        items.append(ExtractedItem(i.category, i.statement or i.quote, i.quote, indicator))
    return items, dropped


def _split(chunk: Chunk) -> tuple[Chunk, Chunk] | None:
    """Two halves of a chunk at the sentence boundary nearest its middle."""
    text = chunk.text
    middle = len(text) // 2
    best = -1
    for i, ch in enumerate(text):
        if (
            ch in _SPLIT_AT
            and 0 < i + 1 < len(text)
            and (best < 0 or abs(i + 1 - middle) < abs(best - middle))
        ):
            best = i + 1
    if best <= 0:
        return None
    left_end = best
    right_start = best
    while right_start < len(text) and text[right_start].isspace():
        right_start += 1
    left = replace(chunk, id=f"{chunk.id}a", text=text[:left_end], end=chunk.start + left_end)
    right = replace(
        chunk, id=f"{chunk.id}b", text=text[right_start:], start=chunk.start + right_start
    )
    return left, right
