"""``summarizer jobs``: thousands of reports through provider batch jobs (the OpenAI Batch
API and the compatible ones of Azure OpenAI and DashScope) or ``vllm run-batch``.

``run`` builds every chunk request of every report (the live path's requests, cache keys
and bodies; what the response cache answers is not sent), writes them as batch request
files within the provider's limits, uploads them, creates the batches, polls them,
downloads and judges the answers as live answers are judged, sends what failed or needs
splitting in a follow-up round (another batch, or live calls), and writes one JSON line
per report as ``summarizer batch`` does. ``export`` and ``import`` do the same through
files, for servers without the Batches API (``vllm run-batch``).

Everything the job has done is in its work folder (``OUT.batch/``, see
``summarizer.engines.llm._batch``): killed at any point, the same command carries on
from there, and no request is sent twice.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from summarizer.cli._app import app
from summarizer.cli._options import (
    BaseUrlOpt,
    CacheDirOpt,
    ConcurrencyOpt,
    MaxCharsOpt,
    ModelOpt,
    ModeOpt,
)

if TYPE_CHECKING:
    from summarizer.cli._batch import PreviousResult
    from summarizer.core.summary import ReportSummary
    from summarizer.engines.llm._batch import JobSettings, JobState, Ledger, Part
    from summarizer.engines.llm._batch_client import BatchClient, BatchView
    from summarizer.settings import Settings

jobs_app = typer.Typer(
    help=(
        "Many reports through provider batch jobs (OpenAI Batch API, Azure OpenAI, "
        "DashScope) or vllm run-batch: half the price, no rate limit, resumable."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(jobs_app, name="jobs")

OutputOpt = Annotated[
    Path, typer.Option("-o", "--output", help="JSON Lines file of summaries (as `batch`)")
]
WorkDirOpt = Annotated[
    Path | None,
    typer.Option("--work-dir", help="The job's folder (default: OUTPUT.batch beside the output)"),
]
FollowUpOpt = Annotated[
    str | None,
    typer.Option(
        "--follow-up",
        help="What a batch could not answer is sent again as: batch (half price, another "
        "wait) or live (full price, now) [env SUMMARIZER_BATCH_FOLLOW_UP; default batch]",
    ),
]
PollOpt = Annotated[
    float | None,
    typer.Option("--poll", min=0.0, help="Seconds between status checks (default 30)"),
]
MaxRequestsOpt = Annotated[
    int | None,
    typer.Option(
        "--max-requests",
        min=1,
        help="Requests per batch file (default 50,000) [env SUMMARIZER_BATCH_MAX_REQUESTS]",
    ),
]
MaxBytesOpt = Annotated[
    int | None,
    typer.Option(
        "--max-bytes",
        min=1024,
        help="Bytes per batch file (default 200,000,000) [env SUMMARIZER_BATCH_MAX_BYTES]",
    ),
]
EndpointOpt = Annotated[
    str | None,
    typer.Option(
        "--endpoint",
        help="URL of each request line and of the batch (default /v1/chat/completions; "
        "Azure: /chat/completions) [env SUMMARIZER_BATCH_ENDPOINT]",
    ),
]

# Seconds between progress lines while nothing changes.
_HEARTBEAT_S = 60.0
_PLAN_PROGRESS_S = 5.0


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class PassResult:
    """What one planning pass over the reports did."""

    written: list[str] = field(default_factory=list)
    redone: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    failed: list[tuple[str, str, int]] = field(default_factory=list)
    skipped: int = 0
    waiting: int = 0
    requests: int = 0
    parts: list[Part] = field(default_factory=list)
    judged: dict[str, int] = field(default_factory=dict)


class Job:
    """One batch job: its work folder, state, ledger and the reports it summarizes."""

    def __init__(
        self,
        output: Path,
        work_dir: Path | None,
        *,
        flags: dict[str, Any],
        job_flags: dict[str, Any],
        target: str | None,
        base_url: str | None,
        provider: bool = True,
    ) -> None:
        from summarizer.cli._options import build_settings
        from summarizer.engines.llm._batch import (
            LEDGER_FILE,
            STATE_FILE,
            JobSettings,
            JobState,
            Ledger,
            remove_strays,
        )
        from summarizer.errors import InputError

        if output.is_dir():
            raise InputError(f"-o {output}: is a directory; give a .jsonl file")
        self.output = output
        self.folder = work_dir or output.with_name(output.name + ".batch")
        self.state_path = self.folder / STATE_FILE
        state = JobState.load(self.state_path)
        known = state.settings if state is not None else {}
        # Flags first, then what the job was started with (a resume or an import builds
        # the same requests as the export did), then the environment.
        chosen: dict[str, Any] = {
            k: (v if v is not None else known.get(k)) for k, v in flags.items()
        }
        settings = build_settings(engine="llm", base_url=base_url, **chosen)
        for name in ("temperature", "max_output_tokens"):
            if name in known:
                settings = settings.with_(**{name: known[name]})
        self.job: JobSettings = JobSettings.from_env(**job_flags)
        if self.job.follow_up == "live" and not settings.llm_configured:
            from summarizer.errors import ConfigurationError

            raise ConfigurationError(
                "live follow-ups need a server: set OPENAI_API_KEY or SUMMARIZER_BASE_URL, "
                "or follow up with another batch (--follow-up batch)"
            )
        from summarizer.engines.llm._client import default_mode
        from summarizer.settings import public_url

        mode = settings.mode or default_mode(settings.base_url)
        self.settings: Settings = settings.with_(mode=mode, engine="llm")
        where = public_url(settings.base_url) if settings.base_url else ""
        described = {
            "model": self.settings.model,
            "mode": mode,
            "max_chars": self.settings.max_chars,
            "temperature": self.settings.temperature,
            "max_output_tokens": self.settings.max_output_tokens,
        }
        if target is not None:
            target = os.path.abspath(target)
        if state is None:
            if target is None:
                raise InputError(
                    f"no batch job in {self.folder}: start one with "
                    "`summarizer jobs run` or `summarizer jobs export`"
                )
            state = JobState.new(target or "", described, where)
        elif target is not None and target != state.target:
            _say(f"the job's reports are now {target} (were {state.target})")
            state.target = target
        changed = [
            f"{k} {known[k]} → {v}" for k, v in described.items() if k in known and known[k] != v
        ]
        if changed:
            # New keys: what was answered under the old settings is not reused.
            _say(f"settings differ from the job's ({', '.join(changed)}): new requests")
        state.settings = described
        self.state: JobState = state
        self.folder.mkdir(parents=True, exist_ok=True)
        removed = remove_strays(self.folder, state)
        if removed:
            _say(f"removed {removed} request file(s) of an interrupted planning pass (never sent)")
        self.ledger: Ledger = Ledger(self.folder / LEDGER_FILE)
        # Without a provider (export, import) and no server configured, where the answers
        # come from is not known: the summaries say so (an empty host), not api.openai.com.
        self.host = None if provider or settings.base_url else ""
        self.done: set[str] = set()  # reports written by this run: not redone in later passes
        # A run that starts with nothing open is a rerun, not a resume (see ``plan``).
        self._fresh = not state.open_parts

    def close(self) -> None:
        """Close the ledger."""
        self.ledger.close()

    def save(self) -> None:
        """Write the state (atomically)."""
        self.state.save(self.state_path)

    def describe(self) -> str:
        """One line: the job, its model and where its batches go."""
        s = self.settings
        where = self.state.base_url or "api.openai.com"
        return (
            f"batch job {self.state.job_id} in {self.folder}: model {s.model}, mode {s.mode}, "
            f"at {where}, follow-up {self.job.follow_up}"
        )

    # ------------------------------------------------------------ planning

    def plan(self) -> PassResult:
        """One pass over the reports: judge the answers that came back, write every report
        whose requests are all answered, and the requests still needed into the next
        round's files (not yet part of the job: see ``register``)."""
        if not self.state.target:
            from summarizer.errors import InputError

            raise InputError("the job has no reports: give the reports to `summarizer jobs run`")
        if self._fresh:
            # A rerun of a finished job redoes its partial reports, as `summarizer batch`
            # does: what an earlier run gave up on gets one more round (once per run).
            self._fresh = False
            again = self.ledger.retry_given_up(self.job.max_tries)
            if again:
                _say(f"{again:,} request(s) given up by an earlier run are tried once more")
        return asyncio.run(self._plan())

    async def _plan(self) -> PassResult:
        from summarizer.cli._batch import batch_inputs
        from summarizer.engines.llm._batch import BatchEngine, PartWriter
        from summarizer.engines.llm._requests import LLMRequest
        from summarizer.errors import SummarizerError
        from summarizer.load import load_document
        from summarizer.pipeline import asummarize_document

        files = batch_inputs(self.state.target)
        previous = _previous_streamed(self.output)
        round_ = self.state.round + 1
        writer = PartWriter(self.folder, round_, self.job, self.state.job_id)

        def send(request: LLMRequest, body: Any) -> None:
            writer.add(request.key, body)

        self.ledger.begin_pass()
        engine = BatchEngine(self.settings, self.ledger, self.job, send=send, host=self.host)
        result = PassResult()
        seen: set[str] = set()
        last = time.monotonic()
        try:
            for n, path in enumerate(files, 1):
                if time.monotonic() - last >= _PLAN_PROGRESS_S:
                    last = time.monotonic()
                    _say(
                        f"planning round {round_}: {n - 1:,}/{len(files):,} reports · "
                        f"{len(result.written):,} written · {result.waiting:,} waiting · "
                        f"{writer.requests:,} requests"
                    )
                try:
                    document = load_document(
                        path,
                        max_bytes=self.settings.max_bytes,
                        max_inflated_bytes=self.settings.max_inflated_bytes,
                    )
                except SummarizerError as exc:
                    if exc.exit_code == 4:
                        raise
                    result.failed.append((str(path), str(exc), exc.exit_code))
                    continue
                digest = document.content_hash
                before = previous.get(digest)
                if (before is not None and before.complete) or digest in self.done:
                    result.skipped += 1
                    continue
                if digest in seen:
                    result.skipped += 1  # the same content as a file above
                    continue
                seen.add(digest)
                live = self.job.follow_up == "live" and self.ledger.report_sent(digest)
                engine.begin_report(digest, live=live)
                try:
                    summary = await asummarize_document(document, self.settings, engine=engine)
                except SummarizerError as exc:
                    if exc.exit_code == 4:
                        raise
                    result.failed.append((str(path), str(exc), exc.exit_code))
                    continue
                if engine.pending:
                    result.waiting += 1
                    continue
                self._write(path, digest, summary, before, result)
                if n % 200 == 0:
                    self.ledger.commit()
            result.parts = writer.close()
        except BaseException:
            writer.discard()
            raise
        finally:
            self.ledger.commit()
        result.requests = writer.requests
        result.judged = dict(engine.judged)
        return result

    def _write(
        self,
        path: Path,
        digest: str,
        summary: ReportSummary,
        before: PreviousResult | None,
        result: PassResult,
    ) -> None:
        """Write a finished report as ``summarizer batch`` does (append, or replace a
        partial line when the new one is no worse)."""
        from summarizer.cli._batch import replace_record
        from summarizer.cli._files import append_line
        from summarizer.cli._summarize import nothing_extracted

        self.done.add(digest)
        nothing = nothing_extracted(summary, str(path))
        if nothing is not None:
            result.failed.append((str(path), str(nothing), nothing.exit_code))
            return
        line = summary.model_dump_json()
        failed_now = [f.chunk_id for f in summary.run.failed_chunks]
        if before is None:
            append_line(self.output, line)
        elif len(failed_now) <= len(before.failed_chunks):
            replace_record(self.output, digest, line)
            result.redone.append(str(path))
        if failed_now:
            result.partial.append(f"{path} (chunks {', '.join(failed_now)})")
        result.written.append(str(path))

    def register(self, parts: list[Part]) -> None:
        """Make a pass's request files parts of the job (the commit point: only now can
        they be sent)."""
        self.state.round += 1
        self.state.parts.extend(parts)
        self.save()
        self.ledger.pass_sent()

    def announce_pass(self, result: PassResult) -> None:
        """One line on what a planning pass did."""
        judged = result.judged
        if judged:
            total = sum(judged.values())
            detail = ", ".join(f"{n:,} {_VERDICTS[k]}" for k, n in sorted(judged.items()))
            _say(f"judged {total:,} answers: {detail}")
        if result.parts:
            files = len(result.parts)
            _say(
                f"round {self.state.round}: {result.requests:,} requests in {files} file(s) "
                f"for {result.waiting:,} report(s); {len(result.written):,} report(s) written"
            )
        elif result.written:
            _say(f"{len(result.written):,} report(s) written")

    # ------------------------------------------------------------ results

    def ingest(self, part: Part, batch_status: str, *, batch_id: str = "") -> None:
        """Read a finished part's output and error files into the ledger; its requests
        without a line are recorded as unanswered. Repeatable until the part is marked
        read (a crash in between reads it again, to the same effect)."""
        from summarizer.engines.llm._batch import (
            ERRORS_SUFFIX,
            OUTPUT_SUFFIX,
            IngestCounts,
            read_results,
            request_ids,
        )

        counts = IngestCounts()
        for suffix in (OUTPUT_SUFFIX, ERRORS_SUFFIX):
            path = self.folder / f"{part.id}{suffix}"
            if path.exists():
                counts += self.ledger.ingest(part.round, read_results(path))
        why = f"no result in batch {batch_id} ({batch_status})" if batch_id else "no result"
        missing = self.ledger.mark_missing(part.round, request_ids(self.folder / part.file), why)
        part.prompt_tokens, part.completion_tokens = counts.prompt_tokens, counts.completion_tokens
        part.status = "ingested"
        self.save()
        if counts.unreadable:
            _say(f"{part.id}: {counts.unreadable} unreadable result line(s) ignored")
        if counts.errors or missing:
            why_first = f" (first: {counts.first_error})" if counts.first_error else ""
            _say(
                f"{part.id}: {counts.errors:,} error line(s){why_first} and {missing:,} "
                "request(s) without a result: sent again in the next round"
            )

    def import_results(self, paths: list[Path]) -> None:
        """Read result files (the batch output format, e.g. ``vllm run-batch -o``) as the
        results of the exported parts."""
        from summarizer.engines.llm._batch import IngestCounts, read_results, request_ids
        from summarizer.errors import ConfigurationError, InputError

        at_provider = [p for p in self.state.open_parts if p.status != "written"]
        if at_provider:
            raise ConfigurationError(
                f"part {at_provider[0].id} of this job is at the provider (batch "
                f"{at_provider[0].batch_id or 'being created'}): `summarizer jobs run` "
                "finishes it; results are imported only for exported parts"
            )
        for path in paths:
            if not path.is_file():
                raise InputError("no such results file", path=str(path))
        parts = self.state.open_parts
        round_ = parts[0].round if parts else self.state.round
        counts = IngestCounts()
        for path in paths:
            counts += self.ledger.ingest(round_, read_results(path))
        missing = 0
        for part in parts:
            missing += self.ledger.mark_missing(
                part.round, request_ids(self.folder / part.file), "not in the imported results"
            )
            part.status = "ingested"
        holder = parts[0] if parts else (self.state.parts[-1] if self.state.parts else None)
        if holder is not None:
            holder.prompt_tokens += counts.prompt_tokens
            holder.completion_tokens += counts.completion_tokens
        self.save()
        names = ", ".join(str(p) for p in paths)
        _say(
            f"imported {counts.results:,} answer(s) and {counts.errors:,} error line(s) from "
            f"{names}"
            + (f"; {counts.unreadable} unreadable line(s) ignored" if counts.unreadable else "")
        )
        if missing:
            _say(f"{missing:,} exported request(s) had no result: they are exported again")

    # ------------------------------------------------------------ the provider

    def drive(self, client: BatchClient) -> None:
        """Upload, create, poll, download and read every open part until none is open."""
        from summarizer.engines.llm._batch_client import TERMINAL

        shown: dict[str, tuple[tuple[str, int, int], float]] = {}
        while self.state.open_parts:
            waiting_for_quota = False
            for part in self.state.open_parts:
                if part.status in ("written", "uploading"):
                    self._upload(part, client)
                if part.status in ("uploaded", "creating"):
                    if part.note.startswith("quota") and self._others_in_flight(part):
                        waiting_for_quota = True
                        continue
                    self._create(part, client)
            now = time.monotonic()
            for part in self.state.open_parts:
                if part.status == "submitted":
                    assert part.batch_id is not None
                    view = client.retrieve(part.batch_id)
                    part.batch_status, part.completed, part.failed = (
                        view.status,
                        view.completed,
                        view.failed,
                    )
                    now_shown = (view.status, view.completed, view.failed)
                    before, at = shown.get(part.id, (None, 0.0))
                    if before != now_shown or now - at >= _HEARTBEAT_S:
                        shown[part.id] = (now_shown, now)
                        total = f"/{view.total:,}" if view.total else ""
                        _say(
                            f"{part.id} {view.id}: {view.status} · {view.completed:,}{total} "
                            f"done · {view.failed:,} failed · {part.requests:,} requests"
                        )
                    if view.status in TERMINAL:
                        self._finished(part, view)
                if part.status == "finished":
                    self._download_and_read(part, client)
            if self.state.open_parts and any(
                p.status == "submitted" for p in self.state.open_parts
            ):
                self.save()
                time.sleep(self.job.poll_s)
            elif waiting_for_quota:
                time.sleep(self.job.poll_s)

    def _others_in_flight(self, part: Part) -> bool:
        return any(p is not part and p.status == "submitted" for p in self.state.parts)

    def _upload(self, part: Part, client: BatchClient) -> None:
        path = self.folder / part.file
        if part.status == "uploading":
            # Killed during an upload: it may have arrived whole.
            found = client.find_file(part.upload_name, part.bytes)
            if found is not None:
                part.file_id, part.status = found, "uploaded"
                self.save()
                return
        part.status = "uploading"
        self.save()
        part.file_id = client.upload(path, part.upload_name)
        part.status = "uploaded"
        self.save()
        _say(f"{part.id}: uploaded {part.requests:,} requests ({part.bytes:,} bytes)")

    def _create(self, part: Part, client: BatchClient) -> None:
        assert part.file_id is not None
        if part.status == "creating":
            # Killed while creating the batch: it may exist. Never create it twice.
            found = client.find_batch(part.file_id)
            if found is not None:
                self._submitted(part, found.id, "found again")
                return
        part.status = "creating"
        self.save()
        view = client.create(
            part.file_id, {"summarizer_job": self.state.job_id, "summarizer_part": part.id}
        )
        self._submitted(part, view.id, "created")

    def _submitted(self, part: Part, batch_id: str, how: str) -> None:
        part.batch_id, part.status, part.note = batch_id, "submitted", ""
        self.save()
        _say(f"{part.id}: batch {batch_id} {how} ({part.requests:,} requests)")

    def _finished(self, part: Part, view: BatchView) -> None:
        part.output_file_id, part.error_file_id = view.output_file_id, view.error_file_id
        quota = "token_limit_exceeded" in view.error_codes and view.completed == 0
        if quota and self._others_in_flight(part):
            # Refused for the provider's enqueued-token limit while other batches of
            # this job run: the same file is made a batch again once they are done.
            part.status, part.note, part.batch_id = "uploaded", f"quota: {view.id}", None
            self.save()
            _say(
                f"{part.id} {view.id} failed: the provider's enqueued-token limit is reached; "
                "it is created again when an earlier batch has finished"
            )
            return
        part.status = "finished"
        self.save()
        if view.status != "completed":
            _say(_ended_line(part, view))

    def _download_and_read(self, part: Part, client: BatchClient) -> None:
        from summarizer.engines.llm._batch import ERRORS_SUFFIX, OUTPUT_SUFFIX

        for file_id, suffix in (
            (part.output_file_id, OUTPUT_SUFFIX),
            (part.error_file_id, ERRORS_SUFFIX),
        ):
            if file_id:
                client.download(file_id, self.folder / f"{part.id}{suffix}")
        self.ingest(part, part.batch_status or "", batch_id=part.batch_id or "")


def _previous_streamed(out: Path) -> dict[str, PreviousResult]:
    """What OUT already holds, by content hash, as ``summarizer batch`` reads it
    (``_batch.previous_results``: a torn last line is cut off, the best line of a hash
    counts), but line by line: OUT holds a summary per report, thousands of them, and
    memory stays flat."""
    from summarizer.cli._batch import parse_record

    if not out.exists():
        return {}
    _cut_torn_tail(out)
    found: dict[str, PreviousResult] = {}
    with out.open("rb") as fh:
        for raw in fh:
            digest, previous = parse_record(raw.decode("utf-8", errors="replace"))
            if digest is None or previous is None:
                continue
            known = found.get(digest)
            if known is None or len(previous.failed_chunks) < len(known.failed_chunks):
                found[digest] = previous
    return found


def _cut_torn_tail(out: Path, block: int = 1 << 16) -> None:
    """Cut a last line without its newline (a crash while appending it)."""
    with out.open("r+b") as fh:
        end = fh.seek(0, os.SEEK_END)
        if end == 0:
            return
        fh.seek(end - 1)
        if fh.read(1) == b"\n":
            return
        pos = end
        while pos > 0:
            start = max(0, pos - block)
            fh.seek(start)
            cut = fh.read(pos - start).rfind(b"\n")
            if cut >= 0:
                fh.truncate(start + cut + 1)
                return
            pos = start
        fh.truncate(0)


_VERDICTS = {
    "answered": "valid",
    "cut_off": "cut off (split)",
    "reask": "to re-ask",
    "failed": "unusable",
}


def _ended_line(part: Part, view: BatchView) -> str:
    """One line: a batch ended other than completed, what was kept, what happens next."""
    answered = f"{view.completed:,} of {part.requests:,} answered"
    rest = part.requests - view.completed
    why = f": {view.errors[0]}" if view.errors and view.errors[0] else ""
    hint = (
        " (a smaller --max-requests keeps a batch under the provider's enqueued-token limit)"
        if "token_limit_exceeded" in view.error_codes
        else ""
    )
    return (
        f"{part.id} batch {view.id} {view.status}{why}; {answered}, kept; the {rest:,} "
        f"other(s) are sent again in the next round{hint}"
    )


def _finish_line(job: Job, totals: PassResult, started: float) -> None:
    """The closing lines: reports written, partial and failed; requests and tokens."""
    counts = job.ledger.counts()
    sent = sum(p.requests for p in job.state.parts)
    prompt, completion = job.state.usage()
    _say(
        f"jobs → {job.output} ({time.perf_counter() - started:.1f} s): "
        f"{len(totals.written):,} report(s) written ({len(totals.partial)} partial), "
        f"{len(totals.failed)} failed, {totals.waiting:,} waiting; {sent:,} requests sent in "
        f"{job.state.round} round(s), {counts.get('answered', 0):,} answered; tokens "
        f"{prompt:,} in, {completion:,} out"
    )
    if totals.redone:
        _say(f"redone: {', '.join(totals.redone)}")
    if totals.failed:
        for path, message, _ in totals.failed:
            _say(f"error: {message}" if path in message else f"error: {path}: {message}")
        _say(f"failed: {', '.join(p for p, _, _ in totals.failed)}")
    if totals.partial:
        _say(f"partial: {', '.join(totals.partial)}")


def _merge(into: PassResult, result: PassResult) -> None:
    into.written += result.written
    into.redone += result.redone
    into.partial += result.partial
    into.failed += result.failed
    into.skipped += result.skipped
    into.waiting = result.waiting


def _exit_code(totals: PassResult, files: int) -> int:
    if totals.failed or totals.partial:
        if totals.failed and len(totals.failed) >= files:
            return max(code for _, _, code in totals.failed)
        return 3
    return 0


def _flags(
    model: str | None, mode: str | None, max_chars: int | None, **rest: Any
) -> dict[str, Any]:
    return {"model": model, "mode": mode, "max_chars": max_chars, **rest}


def _count_files(job: Job) -> int:
    from summarizer.cli._batch import batch_inputs

    return len(batch_inputs(job.state.target))


@jobs_app.command("run")
def run(
    target: Annotated[
        str, typer.Argument(help="A directory of reports, or a glob ('reports/*.pdf')")
    ],
    output: OutputOpt,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    mode: ModeOpt = None,
    max_chars: MaxCharsOpt = None,
    concurrency: ConcurrencyOpt = None,
    cache_dir: CacheDirOpt = None,
    follow_up: FollowUpOpt = None,
    poll: PollOpt = None,
    max_requests: MaxRequestsOpt = None,
    max_bytes: MaxBytesOpt = None,
    endpoint: EndpointOpt = None,
    work_dir: WorkDirOpt = None,
) -> None:
    """Summarize every report of TARGET into OUTPUT through the provider's batch jobs.

    Builds every chunk request (what the response cache answers is not sent), uploads
    them as batch files of at most --max-requests / --max-bytes, polls the batches
    (progress on stderr), downloads and judges the answers as live answers are judged,
    sends what failed or must be split again (--follow-up), and appends one line per
    report to OUTPUT as `summarizer batch` does. The batch ids are kept in the job's
    folder (OUTPUT.batch/state.json): killed at any point, the same command carries on,
    and no request is sent twice.

    Exit codes: 0 done; 2 bad input (every file bad); 3 partial (some files or chunks
    failed, named on stderr); 4 configuration or provider error.
    """
    from summarizer.engines.llm._batch_client import BatchClient
    from summarizer.errors import ConfigurationError
    from summarizer.settings import public_url

    started = time.perf_counter()
    job = Job(
        output,
        work_dir,
        flags=_flags(model, mode, max_chars, cache_dir=cache_dir, concurrency=concurrency),
        job_flags={
            "follow_up": follow_up,
            "poll_s": poll,
            "max_requests": max_requests,
            "max_bytes": max_bytes,
            "endpoint": endpoint,
        },
        target=target,
        base_url=base_url,
    )
    try:
        where = public_url(job.settings.base_url) if job.settings.base_url else ""
        if job.state.base_url != where and any(p.status != "written" for p in job.state.open_parts):
            raise ConfigurationError(
                f"this job's open batches are at {job.state.base_url or 'api.openai.com'}, "
                f"not {where or 'api.openai.com'}: run it with that base URL"
            )
        job.state.base_url = where
        client = BatchClient(job.settings, job.job)
        _say(job.describe())
        if job.state.open_parts:
            kinds: dict[str, int] = {}
            for p in job.state.open_parts:
                kinds[p.status] = kinds.get(p.status, 0) + 1
            listed = ", ".join(f"{n} {k}" for k, n in kinds.items())
            count = len(job.state.open_parts)
            _say(f"resuming round {job.state.round}: {count} open file(s) ({listed})")
        totals = PassResult()
        try:
            while True:
                job.drive(client)
                result = job.plan()
                _merge(totals, result)
                if result.parts:
                    job.register(result.parts)
                job.announce_pass(result)
                if not result.parts:
                    break
        finally:
            client.close()
        _finish_line(job, totals, started)
        code = _exit_code(totals, _count_files(job))
    finally:
        job.close()
    if code:
        raise typer.Exit(code)


@jobs_app.command("export")
def export(
    target: Annotated[
        str, typer.Argument(help="A directory of reports, or a glob ('reports/*.pdf')")
    ],
    output: OutputOpt,
    model: ModelOpt = None,
    mode: ModeOpt = None,
    max_chars: MaxCharsOpt = None,
    cache_dir: CacheDirOpt = None,
    max_requests: MaxRequestsOpt = None,
    max_bytes: MaxBytesOpt = None,
    endpoint: EndpointOpt = None,
    work_dir: WorkDirOpt = None,
) -> None:
    """Write the batch request files of every report of TARGET and stop: for a server
    without the Batches API (`vllm run-batch -i FILE -o RESULTS`). Reports the cache
    already answers are written to OUTPUT at once. Then `summarizer jobs import
    RESULTS -o OUTPUT`. Run again while files wait for results: it names them again."""
    started = time.perf_counter()
    job = Job(
        output,
        work_dir,
        flags=_flags(model, mode, max_chars, cache_dir=cache_dir),
        job_flags={"max_requests": max_requests, "max_bytes": max_bytes, "endpoint": endpoint},
        target=target,
        base_url=None,
        provider=False,
    )
    try:
        code = _export_round(job, started)
    finally:
        job.close()
    if code:
        raise typer.Exit(code)


def _export_round(job: Job, started: float) -> int:
    """Plan a round unless one waits for results; name its files and the next steps."""
    from summarizer.errors import ConfigurationError

    open_parts = job.state.open_parts
    if any(p.status != "written" for p in open_parts):
        raise ConfigurationError(
            "this job has batches at the provider: `summarizer jobs run` finishes them"
        )
    totals = PassResult()
    if not open_parts:
        result = job.plan()
        _merge(totals, result)
        if result.parts:
            job.register(result.parts)
        job.announce_pass(result)
        open_parts = job.state.open_parts
    if open_parts:
        s = job.settings
        _say(
            f"round {job.state.round}: answer these request files (model {s.model}, mode {s.mode}):"
        )
        for part in open_parts:
            _say(f"  {job.folder / part.file} ({part.requests:,} requests)")
        first = job.folder / open_parts[0].file
        _say(
            f"e.g. vllm run-batch -i {first} -o results.jsonl --model {s.model}; then "
            f"summarizer jobs import results.jsonl -o {job.output}"
        )
    _finish_line(job, totals, started)
    return _exit_code(totals, _count_files(job))


@jobs_app.command("import")
def import_(
    results: Annotated[list[Path], typer.Argument(help="Result files in the batch output format")],
    output: OutputOpt,
    target: Annotated[
        str | None, typer.Option("--reports", help="The reports (default: the job's)")
    ] = None,
    model: ModelOpt = None,
    mode: ModeOpt = None,
    max_chars: MaxCharsOpt = None,
    cache_dir: CacheDirOpt = None,
    work_dir: WorkDirOpt = None,
) -> None:
    """Read result files (as `vllm run-batch -o` writes them, or a provider's output and
    error files) into the job of OUTPUT, judge the answers as live answers are judged,
    write every report they complete, and export the follow-up requests (failed, to
    re-ask, halves of split chunks) as the next round's files."""
    started = time.perf_counter()
    job = Job(
        output,
        work_dir,
        flags=_flags(model, mode, max_chars, cache_dir=cache_dir),
        job_flags={},
        target=target,
        base_url=None,
        provider=False,
    )
    try:
        job.import_results(results)
        code = _export_round(job, started)
    finally:
        job.close()
    if code:
        raise typer.Exit(code)


@jobs_app.command("status")
def status(output: OutputOpt, work_dir: WorkDirOpt = None) -> None:
    """Show the job of OUTPUT: its rounds, files, batches and requests (no network)."""
    from summarizer.engines.llm._batch import LEDGER_FILE, STATE_FILE, JobState, Ledger
    from summarizer.errors import InputError

    folder = work_dir or output.with_name(output.name + ".batch")
    state = JobState.load(folder / STATE_FILE)
    if state is None:
        raise InputError(f"no batch job in {folder}")
    settings = ", ".join(f"{k} {v}" for k, v in state.settings.items())
    print(f"job {state.job_id}: {state.target} at {state.base_url or 'api.openai.com'}")
    print(f"settings: {settings}")
    for p in state.parts:
        batch = f" batch {p.batch_id} {p.batch_status or ''}".rstrip() if p.batch_id else ""
        done = f" · {p.completed:,} done · {p.failed:,} failed" if p.batch_id else ""
        print(f"  {p.id}: {p.requests:,} requests · {p.status}{batch}{done}")
    ledger = Ledger(folder / LEDGER_FILE)
    try:
        counts = ledger.counts()
    finally:
        ledger.close()
    prompt, completion = state.usage()
    print(
        "requests: "
        + (", ".join(f"{n:,} {k}" for k, n in sorted(counts.items())) or "none back yet")
    )
    print(f"tokens: {prompt:,} in, {completion:,} out")
