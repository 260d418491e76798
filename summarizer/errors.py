"""The exception tree. Every error the package raises on purpose derives from one root::

    SummarizerError                 root; .exit_code is what the CLI exits with
    ├── InputError                  unreadable: missing, empty, binary, corrupt, too large (exit 2)
    ├── ConfigurationError          missing key, bad setting, unknown engine or mode (exit 4)
    ├── ProviderError               the model server refused or could not be reached (exit 4)
    │   ├── AuthenticationError     401/403: the key was refused
    │   └── RetryWaitTooLongError   the server asks to wait longer than max_retry_wait_s
    ├── CacheMissError              --offline and a request is not in the cache (exit 4)
    │   └── StaleAnswersError       recorded answers do not cover the current requests
    ├── ChunkFailedError            one chunk could not be extracted (isolated by the pipeline)
    ├── ExtractionFailedError       every chunk of a report failed: nothing to write (exit 4)
    ├── GoldFileError               an eval gold file is malformed (exit 2)
    └── TrackingError               reports cannot be lined up by year (exit 2)

The CLI turns any of them into a one-line message and its exit code, in one place
(``summarizer.cli.main``). Exceptions carry their evidence as attributes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summarizer.core.types import Usage

__all__ = [
    "AuthenticationError",
    "CacheMissError",
    "ChunkFailedError",
    "ConfigurationError",
    "ExtractionFailedError",
    "GoldFileError",
    "InputError",
    "ProviderError",
    "RetryWaitTooLongError",
    "StaleAnswersError",
    "SummarizerError",
    "TrackingError",
]


class SummarizerError(Exception):
    """Root of every error raised on purpose by summarizer."""

    exit_code: int = 1


class InputError(SummarizerError):
    """The input cannot be read as a report. ``path`` names the offending file."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


class ConfigurationError(SummarizerError):
    """A setting is missing or invalid (e.g. no API key for ``--engine llm``)."""

    exit_code = 4


class ProviderError(SummarizerError):
    """The model server answered with a non-retryable error or could not be reached."""

    exit_code = 4

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class AuthenticationError(ProviderError):
    """The server refused the API key (401/403)."""


class RetryWaitTooLongError(ProviderError):
    """The server asked to wait (``Retry-After``) longer than the run may wait: waiting
    would leave the run silent for that long, so it gives up at once."""

    def __init__(self, *, status_code: int | None, wait_s: float, limit_s: float) -> None:
        super().__init__(
            f"the server asks to wait {_duration(wait_s)} before a retry, more than the "
            f"{_duration(limit_s)} allowed (SUMMARIZER_MAX_RETRY_WAIT): try again later, "
            "or raise that limit",
            status_code=status_code,
        )
        self.wait_s = wait_s
        self.limit_s = limit_s


def _duration(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds:g} s ({seconds / 3600:.3g} h)"
    if seconds >= 120:
        return f"{seconds:g} s ({seconds / 60:.3g} min)"
    return f"{seconds:g} s"


class CacheMissError(SummarizerError):
    """``offline`` was requested and a response is not in the cache."""

    exit_code = 4

    def __init__(self, message: str, *, chunk_id: str | None = None) -> None:
        super().__init__(message)
        self.chunk_id = chunk_id


class StaleAnswersError(CacheMissError):
    """A folder of recorded answers (``--answers``) has none for a request the run makes:
    the prompt, schema, chunking or model changed since they were recorded."""

    def __init__(self, message: str, *, chunk_id: str | None = None, answers_dir: str) -> None:
        super().__init__(message, chunk_id=chunk_id)
        self.answers_dir = answers_dir


class ChunkFailedError(SummarizerError):
    """A chunk could not be extracted after retries; the pipeline records it and goes on."""

    exit_code = 3

    def __init__(
        self, message: str, *, chunk_id: str, attempts: int = 0, usage: Usage | None = None
    ) -> None:
        super().__init__(message)
        self.chunk_id = chunk_id
        self.attempts = attempts
        # What the failed attempts cost: the run's usage counts it too.
        self.usage = usage


class ExtractionFailedError(SummarizerError):
    """Chunks of a report failed and the rest gave no item, so there is no summary:
    nothing is written (an earlier output stays as it was). ``errors`` holds each
    distinct reason once."""

    exit_code = 4

    def __init__(self, *, source: str, chunks: int, failed: int, errors: list[str]) -> None:
        more = len(errors) - 3
        reasons = "; ".join(errors[:3]) + (f"; and {more} more" if more > 0 else "")
        if failed >= chunks:
            what = "the only chunk failed" if chunks == 1 else f"all {chunks} chunks failed"
        else:
            what = f"{failed} of {chunks} chunks failed and the others gave no item"
        super().__init__(f"{source}: nothing written: {what}: {reasons}")
        self.source = source
        self.chunks = chunks
        self.failed = failed
        self.errors = errors


class GoldFileError(SummarizerError):
    """An eval gold file does not follow the labeling format."""

    exit_code = 2

    def __init__(self, message: str, *, path: str, label_index: int | None = None) -> None:
        where = path if label_index is None else f"{path} label #{label_index}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.label_index = label_index


class TrackingError(SummarizerError):
    """Reports given to ``track`` cannot be lined up (e.g. mismatched years)."""

    exit_code = 2
