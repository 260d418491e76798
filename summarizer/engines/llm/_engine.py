"""The LLM engine: one chunk → one schema-constrained call (cached, retried, re-asked)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import replace

from summarizer.core.types import (
    Chunk,
    ChunkExtraction,
    DocumentContext,
    ExtractedItem,
    Indicator,
    Usage,
)
from summarizer.engines.base import EngineInfo
from summarizer.engines.llm._cache import ResponseCache, cache_key
from summarizer.engines.llm._prompts import PromptSet, load_prompts
from summarizer.engines.llm._requests import LLMRequest, load_answers
from summarizer.engines.llm._retry import call_with_retries
from summarizer.engines.llm._schema import (
    GROUNDING_TEXT,
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
    StaleAnswersError,
)
from summarizer.postprocess.locate import locate_quote
from summarizer.settings import Settings

# finish_reason=length: split the chunk in two and retry each half, at most this deep.
MAX_SPLIT_DEPTH = 2
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
            role_chunks=False,
        )
        self._schema_chars = len(schema_json())
        self._tool = tool_definition()
        self._recorder = recorder
        self._answers: dict[str, dict[str, object]] | None = None
        if settings.answers_dir is not None:
            self._answers, _ = load_answers(settings.answers_dir)
        self._cache = (
            ResponseCache(settings.cache_dir) if (settings.cache or settings.offline) else None
        )
        self._provider: object | None = None
        self._provider_lock = asyncio.Lock()

    async def _get_provider(self) -> object:
        async with self._provider_lock:
            if self._provider is None:
                from summarizer.engines.llm._client import Provider

                self._provider = Provider(replace(self.settings, mode=self.mode))  # type: ignore[arg-type]
            return self._provider

    async def extract(self, chunk: Chunk, context: DocumentContext) -> ChunkExtraction:
        """Items of one chunk; ungrounded items dropped and counted."""
        items, usage, dropped = await self._extract(chunk, context, 0)
        return ChunkExtraction(chunk.id, tuple(items), usage, dropped)

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
        if self._cache is not None:
            cached = self._cache.get(key)
            if cached is not None:
                answer: dict[str, object] = cached["answer"]
                return answer
        return None

    async def _extract(
        self, chunk: Chunk, context: DocumentContext, depth: int
    ) -> tuple[list[ExtractedItem], Usage, int]:
        s = self.settings
        request = self.request(chunk, context)
        recorded = self._recorded(request.key)
        if self._recorder is not None:
            self._recorder(request, recorded is not None)
        if recorded is not None:
            answer = ChunkItems.model_validate(recorded)
            items, dropped = _grounded(answer, chunk.text)
            return items, Usage(cache_hits=1), dropped
        if self._recorder is not None:
            return [], Usage(), 0
        if s.answers_dir is not None:
            raise StaleAnswersError(
                f"chunk {chunk.id} ({' > '.join(chunk.heading_path) or 'no heading'}) has no "
                f"recorded answer in {s.answers_dir} for model {s.model!r}, prompt "
                f"{request.prompt_hash}, schema {request.schema_hash}, max_chars "
                f"{s.max_chars}: the recorded answers are stale. Re-record them: "
                f"`summarizer requests export -o DIR`, answer the requests DIR lists, then "
                f"`summarizer requests import DIR` (README: Changing the prompt)",
                chunk_id=chunk.id,
                answers_dir=str(s.answers_dir),
            )
        if s.offline:
            where = self._cache.path if self._cache else s.cache_dir
            raise CacheMissError(
                f"chunk {chunk.id} is not in the cache ({where}) and --offline forbids "
                "calling the model",
                chunk_id=chunk.id,
            )
        return await self._call(chunk, context, depth, request.system, request.user, request.key)

    async def _call(
        self,
        chunk: Chunk,
        context: DocumentContext,
        depth: int,
        system: str,
        user: str,
        key: str,
    ) -> tuple[list[ExtractedItem], Usage, int]:
        from summarizer.engines.llm import _client as client
        from summarizer.engines.llm._client import Completion

        s = self.settings
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
                halves = _split(chunk)
                if halves is None or depth >= MAX_SPLIT_DEPTH:
                    raise ChunkFailedError(
                        f"chunk {chunk.id}: the answer hit the output-token limit "
                        f"({s.max_output_tokens}) even after splitting",
                        chunk_id=chunk.id,
                        attempts=log.responses + transient_failures,
                        usage=usage,
                    ) from None
                results = []
                total = usage
                for half in halves:
                    try:
                        result = await self._extract(half, context, depth + 1)
                    except ChunkFailedError as failed:
                        failed.usage = total + (failed.usage or Usage())
                        raise
                    results.append(result)
                    total = total + result[1]
                items = [i for r in results for i in r[0]]
                return items, total, sum(r[2] for r in results)
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
        items, dropped = _grounded(answer, chunk.text)
        if self._cache is not None and s.cache:
            self._cache.put(key, s.model, {"answer": answer.model_dump(mode="json")})
        return items, usage, dropped

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
        items.append(ExtractedItem(i.category, i.statement, i.quote, indicator))
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
