"""The batch engine behind ``formkit fill``: validate each record, render it, write files atomically, report.

How a batch runs. The parent process reads the records (streaming, in input
order) and hands them out in chunks; a worker — the parent itself with
``jobs=1``, else one of ``jobs`` processes — builds its validator and renderers
once (the pool's initializer), then validates, renders and writes every record
of a chunk. Workers write the files themselves: the fsync of each atomic write
then runs in parallel instead of queueing in the parent, and only a small
outcome travels back. At most ``2 * jobs`` chunks are in flight, so memory
stays flat however long the input is. With worker processes the parent does
as little as it can, since it competes with them for the cores: JSONL lines
go out unparsed (each worker parses its own), and chunks are sized to about
CHUNK_SECONDS of a worker's time, so fast records travel in large chunks.

Files. A record's files are named ``<form>-<n>[-<id>].<ext>``: ``n`` is the
record's position in the whole batch (1-based, over all inputs in order),
``id`` the record's own ``id`` property when the form has one, reduced to
``[A-Za-z0-9_-]``. No name is built from anything else, so no personal data
reaches a file name, and every name is checked to stay inside DIR.

One run per folder. A batch holds ``DIR/.formkit.lock`` (:mod:`formkit.folderlock`)
from before its first check to after report.json: a second run into the same
folder is refused (``fill.locked``, exit 2). A lock left by a run that died is
taken over and said so, and the temp files that run left (``.<name>.<random>.tmp``)
are removed; so are those of this run's own failures.

Overwriting is decided twice. Up front, for the whole batch: when DIR already
holds a ``report.json`` or a file named like this form's output, the batch
refuses to start (``OutputExistsError``, exit 2) unless ``force``, so a batch
never ends half old, half new. Per file: without ``force`` every file is
created exclusively (:func:`formkit.atomic.atomic_open`), and a file that
appeared meanwhile fails only its record, never replaced.
``force`` overwrites; it does not delete the files of an earlier, longer batch
(report.json tells which files belong to this one).

Interruptions. SIGINT (Ctrl-C), SIGTERM (a scheduler, ``timeout``, systemd) and
SIGHUP end a batch the same way: the batch stops handing out records, the
records already handed out finish (with ``jobs > 1`` the chunks in flight),
report.json lists them all, and the signal is raised as KeyboardInterrupt
after it is written. A worker process that dies (a crash, SIGKILL) fails the
records it held; once its pool has stopped, the files and temp files of those
records are removed, so the invariant holds after any of these: a file in
DIR is exactly a file report.json lists as written. A worker whose parent
died (``kill -9``) exits by itself within a second (:func:`_watch_parent`).

Values. A valid record is normalised before rendering
(:func:`formkit.validation.normalize.normalize_record`: a personnummer prints as
``YYYYMMDD-NNNN`` however it was written).

Errors. A record that does not validate is ``invalid`` and not rendered; one
whose rendering or writing fails is ``failed``; neither stops the others.
With ``jobs > 1`` a worker process that dies fails the records it held and
the batch goes on in a new pool: report.json still lists every record.
Errors about the batch itself (unknown output type, a broken template, an
unreadable input, DIR unusable) raise a FormkitError before anything is
written; only an input that breaks deep inside (a bad byte in line 5,000 of a
JSONL file) stops a batch that has begun, and report.json then lists the
records done.
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import contextlib
import copy
import glob
import itertools
import multiprocessing
import multiprocessing.context
import multiprocessing.process
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import orjson

from formkit.atomic import TEMP_NAME, write_atomic
from formkit.errors import FormkitError, OutputError, OutputExistsError
from formkit.folderlock import lock_folder
from formkit.i18n import os_reason, text
from formkit.log import apply_policy, log
from formkit.model.catalog import Form
from formkit.privacy import has_identity_number
from formkit.render.base import (  # RenderOptions, output_types, register_renderer and renderer_factory
    # are re-exported: older callers import them from here
    Renderer,
    RenderOptions,
    make_renderers,
    output_types,
    register_renderer,
    renderer_factory,
    sha256_of,
)
from formkit.settings import Settings
from formkit.sources import Record, read_records
from formkit.validation.normalize import normalize_record
from formkit.validation.problems import ERROR, Problem
from formkit.validation.validator import Validator

__all__ = ["FillReport", "RecordOutcome", "RenderOptions", "fill_batch", "fill_records", "output_types",
           "register_renderer", "renderer_factory"]  # fmt: skip

REPORT_NAME = "report.json"
CHECKSUMS_NAME = "SHA256SUMS"
"""With ``checksums``: every file written and its SHA-256, in the format ``sha256sum -c`` reads."""
WRITER_THREADS = 1
WRITE_WAIT_THREAD = 100e-6
"""A write whose wall time exceeds its CPU time by this much waited on the device."""
WRITE_WINDOW, WRITE_WAITS = 16, 12
"""Once WRITE_WAITS of the last WRITE_WINDOW writes waited, files go to the writer thread."""
CHUNK_SIZE = 16
"""Records per chunk in one process, and in the first chunks handed to worker processes."""
CHUNK_SECONDS = 0.1
"""With worker processes, how much of a worker's time a chunk aims at (its size follows how long records take).

Each chunk costs the reading process a pickling and a round trip while the
workers take the cores: fast records (a Word document, 1 ms) go in chunks of
about a hundred, slow ones (an archival copy) in small chunks, so that an
interruption waits for little (at most ``2 * jobs`` chunks are in flight)."""
MAX_CHUNK = 256
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")
_MAX_ID_LENGTH = 40

Status = Literal["written", "invalid", "failed"]


@dataclass
class RecordOutcome:
    """What happened to one record: the entry of report.json."""

    source: str
    record: int
    position: int
    status: Status
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sha256: dict[str, str] = field(default_factory=dict)
    """The SHA-256 of every file written, by name (an archivist verifies the copies against it)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "record": self.record,
            "position": self.position,
            "status": self.status,
            "files": list(self.files),
            "sha256": {name: self.sha256[name] for name in self.files if name in self.sha256},
            "problems": [problem.to_dict() for problem in self.problems],
        }


@dataclass
class FillReport:
    """The result of a batch; ``exit_code`` is 1 when any record was invalid or failed."""

    form: str
    out_dir: Path
    to: tuple[str, ...]
    draft: bool
    records: list[RecordOutcome] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.records if outcome.status == status)

    @property
    def exit_code(self) -> int:
        return 0 if all(outcome.status == "written" for outcome in self.records) else 1

    def summary_line(self, language: str | None = None) -> str:
        """One line without personal data, for the end of a run, in *language*."""
        total = len(self.records)
        return text(
            language,
            "fill.summary",
            form=self.form,
            total=total,
            records=text(language, "word.record" if total == 1 else "word.records"),
            written=self.count("written"),
            invalid=self.count("invalid"),
            failed=self.count("failed"),
            path=self.out_dir,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "to": list(self.to),
            "draft": self.draft,
            "summary": {status: self.count(status) for status in ("written", "invalid", "failed")},
            "records": [outcome.to_dict() for outcome in self.records],
        }


def safe_id(value: Any) -> str:
    """A record ``id`` reduced to a short file-name-safe token ("" when nothing is left)."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return ""
    token = _SAFE_ID.sub("_", str(value)).strip("_-")[:_MAX_ID_LENGTH]
    # A draft, or a form without the id rule, may carry a personnummer in its id: the position alone names the file.
    return "" if has_identity_number(str(value)) or has_identity_number(token) else token


def base_name(form: Form, position: int, data: Any) -> str:
    """``<form>-<position>`` plus ``-<id>`` when the form has an ``id`` property and the record one."""
    name = f"{form.id}-{position:05d}"
    if "id" in form.model.root.children and isinstance(data, Mapping):
        token = safe_id(data.get("id"))
        if token:
            name = f"{name}-{token}"
    return name


_SAFE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")


def _inside(out_dir: Path, name: str) -> Path:
    """*name* in *out_dir* (already resolved), refusing anything that is not one plain file name.

    A string check, no file system calls: a name of this charset without a
    leading dot cannot be ``..`` or hold a separator. A symlink planted in DIR
    under an output name is replaced (rename does not follow it), not written through.
    """
    if not _SAFE_NAME.fullmatch(name) or ".." in name:
        raise OutputError("fill.bad_name", name=name)
    return out_dir / name


@dataclass(frozen=True)
class _Job:
    source: str
    record: int
    position: int
    data: Any
    read_problems: tuple[Problem, ...]
    unparsed: str | None = None
    """The JSONL line, when the worker is to parse it (``jobs > 1``: the reading process only reads)."""

    def parsed(self, form: Form) -> _Job:
        if self.unparsed is None:
            return self
        record = Record(self.source, self.record, None, unparsed=self.unparsed).parsed(form)
        return _Job(self.source, self.record, self.position, record.data, tuple(record.problems))


class _Writer:
    """Writes a record's files inline while writing does not wait on the device, on a writer thread once it does.

    Measured (bench/bench_docx.py --e2e, 6,000 documents): into a memory folder
    (tmpfs) a write is all CPU and a thread only adds hand-overs between two
    threads taking turns with the GIL: ``--jobs 2`` ran 11% faster inline. On a
    disk the fsync waits for the device, and a thread overlaps that wait with
    rendering the next record: ``--jobs 1`` ran 1.4x faster threaded. So each
    write's wait (wall time minus the thread's CPU time) is measured: on this
    VM's disk nine in ten writes waited 200-380 µs, in tmpfs 99 in 100 waited
    under 5 µs (the rest: the scheduler giving the core to another process).
    Once most of the last writes waited (WRITE_WAITS of WRITE_WINDOW, longer
    than WRITE_WAIT_THREAD), the thread takes over for good. Inline only
    where no KeyboardInterrupt can land inside a write (a worker process
    ignores SIGINT; the batch's own handler only sets a flag): an interrupted
    write could leave a file report.json does not list.
    """

    def __init__(self) -> None:
        self._pool: cf.ThreadPoolExecutor | None = None
        self._waited: collections.deque[bool] = collections.deque(maxlen=WRITE_WINDOW)

    def submit(self, target: Path, data: bytes, overwrite: bool) -> cf.Future[None]:
        if self._pool is None and _signals_held():
            future: cf.Future[None] = cf.Future()
            started, cpu = time.perf_counter(), time.thread_time()
            try:
                write_atomic(target, data, overwrite=overwrite)
            except Exception as exc:  # reported with the record, as the thread's future would
                future.set_exception(exc)
            else:
                future.set_result(None)
            self._waited.append((time.perf_counter() - started) - (time.thread_time() - cpu) > WRITE_WAIT_THREAD)
            if sum(self._waited) >= WRITE_WAITS:
                self._pool = cf.ThreadPoolExecutor(WRITER_THREADS, thread_name_prefix="formkit-write")
            return future
        if self._pool is None:
            self._pool = cf.ThreadPoolExecutor(WRITER_THREADS, thread_name_prefix="formkit-write")
        return self._pool.submit(write_atomic, target, data, overwrite=overwrite)

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)


def _signals_held() -> bool:
    """Whether Ctrl-C here cannot raise KeyboardInterrupt: the main thread, SIGINT ignored or caught by the batch."""
    main = threading.current_thread() is threading.main_thread()
    return main and signal.getsignal(signal.SIGINT) is not signal.default_int_handler


class _Worker:
    """Validates, renders and writes records; built once per process."""

    def __init__(
        self,
        form: Form,
        to: tuple[str, ...],
        options: RenderOptions,
        out_dir: Path,
        force: bool,
        renderers: list[Renderer] | None = None,
    ) -> None:
        self.form = form
        self.options = options
        self.out_dir = out_dir
        self.force = force
        self.validator = Validator(form, options.settings)
        self.renderers = renderers if renderers is not None else make_renderers(form, to, options)
        # fsync waits on the disk, not the CPU: a writer thread overlaps it with rendering the next
        # record, once writing is seen to wait (_Writer). One thread: more only fight the rendering
        # thread for the GIL (measured, bench/).
        self.writer = _Writer()

    def _say(self, key: str, **params: object) -> str:
        return text(self.form.language, key, **params)

    def _unexpected(self, rule: str, exc: BaseException, step: str = "") -> Problem:
        """A bug met on one record: only the exception's class (a library's message may quote the value)."""
        log.debug("unexpected %s while %s a record", type(exc).__name__, rule, exc_info=exc)
        return Problem("", ERROR, rule, self._say("render.unexpected", step=step or rule, kind=type(exc).__name__))

    def run(self, job: _Job) -> tuple[RecordOutcome, list[tuple[str, cf.Future[None], str]]]:
        """Validate and render one record; its files are handed to the writer (:class:`_Writer`)."""
        outcome = RecordOutcome(job.source, job.record, job.position, "written")
        try:
            job = job.parsed(self.form)
        except Exception as exc:  # json's own limits (a 5,000-digit number): this record's problem
            outcome.problems = [self._unexpected("read", exc)]
            outcome.status = "failed"
            return outcome, []
        problems = list(job.read_problems)
        if not any(p.severity == ERROR for p in problems):
            try:
                problems.extend(self.validator.validate(job.data, draft=self.options.draft))
            except Exception as exc:  # a validator bug must not stop the batch either
                outcome.problems = [*problems, self._unexpected("validate", exc)]
                outcome.status = "failed"
                return outcome, []
        outcome.problems = problems
        if any(p.severity == ERROR for p in problems):
            outcome.status = "invalid"
            return outcome, []
        try:
            # Printed in the contract's spelling: a personnummer as YYYYMMDD-NNNN (FORMS.md).
            record = normalize_record(self.form, job.data, self.validator.today)
        except Exception as exc:  # as for the validator: a bug here fails only this record
            outcome.problems.append(self._unexpected("normalize", exc))
            outcome.status = "failed"
            return outcome, []
        base = base_name(self.form, job.position, job.data)
        writes: list[tuple[str, cf.Future[None], str]] = []
        for renderer in self.renderers:
            name = f"{base}.{renderer.ext}"
            try:
                data = renderer.render(record)
                target = _inside(self.out_dir, name)
            except FormkitError as exc:
                outcome.problems.append(Problem("", ERROR, "render", exc.message(self.form.language)))
                outcome.status = "failed"
            except Exception as exc:  # one bad record must not stop the batch
                # Only the class name: a library's message may quote the value it choked on.
                outcome.problems.append(self._unexpected("render", exc, renderer.ext))
                outcome.status = "failed"
            else:
                digest = sha256_of(data)
                writes.append((name, self.writer.submit(target, data, self.force), digest))
        return outcome, writes

    def run_chunk(self, jobs: list[_Job], stop: Callable[[], bool] = lambda: False) -> tuple[list[RecordOutcome], bool]:
        """Run a chunk; writing (fsync, rename) overlaps with rendering the next records once it waits on the device.

        An interruption — *stop* answering True (a signal arrived) or a
        KeyboardInterrupt raised while rendering — stops the rendering, not the
        writes already handed out: they finish and are reported, so every file
        on disk is in report.json; the chunk's other records are ``failed``
        (rule ``interrupted``). The second value says whether that happened.
        """
        started = []
        interrupted = False
        try:
            for job in jobs:
                if stop():
                    interrupted = True
                    break
                started.append(self.run(job))
        except KeyboardInterrupt:
            interrupted = True
        for outcome, writes in started:
            for name, future, digest in writes:
                try:
                    future.result()
                except FileExistsError:
                    outcome.problems.append(Problem("", ERROR, "exists", self._say("fill.file_exists", name=name)))
                except OSError as exc:
                    reason = os_reason(exc).render(self.form.language)
                    outcome.problems.append(Problem("", ERROR, "write", self._say("fill.cannot_write", name=name, reason=reason)))
                else:
                    outcome.files.append(name)
                    outcome.sha256[name] = digest
                    continue
                outcome.status = "failed"
        outcomes = [outcome for outcome, _ in started]
        stopped = Problem("", ERROR, "interrupted", self._say("fill.interrupted"))
        for job in jobs[len(started) :]:
            outcomes.append(RecordOutcome(job.source, job.record, job.position, "failed", problems=[stopped]))
        return outcomes, interrupted

    def close(self) -> None:
        self.writer.shutdown()


_PROCESS_WORKER: _Worker | None = None
PARENT_POLL_SECONDS = 0.5
"""How often a worker process checks that its parent still lives."""
EXIT_ORPHANED = 70


def _watch_parent(parent: int) -> None:
    """End this worker process when its parent is gone (reparented: ``getppid`` changes).

    A watchdog thread rather than Linux's ``prctl(PR_SET_PDEATHSIG)``: that signal
    fires when the *thread* that forked the worker ends, and the pool may fork
    workers from its own manager thread; it is Linux-only too. Polling costs one
    wake-up every half second and works wherever ``os.getppid`` does. The worker
    leaves at once (``os._exit``): nobody is left to report to, and the run that
    next takes the folder's stale lock removes the temp files.
    """
    while True:
        time.sleep(PARENT_POLL_SECONDS)
        if os.getppid() != parent:
            os._exit(EXIT_ORPHANED)


def _init_process(
    form: Form, to: tuple[str, ...], options: RenderOptions, out_dir: Path, force: bool, parent: int
) -> None:
    global _PROCESS_WORKER
    # Ctrl-C and a hang-up reach the whole process group: they are the parent's to handle. It stops
    # handing out chunks and waits for those in flight (at most 2 * jobs), so every file written is
    # reported. SIGTERM keeps its default (the pool ends a broken pool's workers with it); a forked
    # worker would otherwise inherit the parent's handler that only sets a flag.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # The parent's pid as the parent saw it, not os.getppid() now: a worker that starts slowly
    # (a loaded machine) may already have been reparented, and would then watch the wrong process.
    threading.Thread(target=_watch_parent, args=(parent,), name="formkit-parent-watch", daemon=True).start()
    apply_policy()  # a spawned worker starts with Python's logging defaults
    _PROCESS_WORKER = _Worker(form, to, options, out_dir, force)


def _run_chunk_in_process(jobs: list[_Job]) -> tuple[list[RecordOutcome], float]:
    """The outcomes of a chunk and the seconds it took (the parent sizes the next chunks by them)."""
    assert _PROCESS_WORKER is not None, "the pool initializer did not run"
    start = time.perf_counter()
    # A Ctrl-C reaches the parent too, which stops handing out chunks.
    outcomes, _ = _PROCESS_WORKER.run_chunk(jobs)
    return outcomes, time.perf_counter() - start


def _output_names(form_id: str) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(form_id)}-\d{{5,}}(-[A-Za-z0-9_-]+)?\.")


_ANY_OUTPUT = re.compile(
    rf"(?:{re.escape(REPORT_NAME)}|{re.escape(CHECKSUMS_NAME)}|[a-z0-9_-]+-\d{{5,}}(?:-[A-Za-z0-9_-]+)?\.[A-Za-z0-9.-]+)\Z"
)
"""A file name a batch writes (any form's): the temp files of such names are a batch's own."""


def prepare_out_dir(out_dir: Path, form: Form, *, force: bool) -> Path:
    """Create DIR if needed and refuse (unless *force*) when it holds this form's output or a report."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise OutputError("fill.not_folder", path=out_dir) from exc
    except OSError as exc:
        raise OutputError("fill.cannot_create", path=out_dir, reason=os_reason(exc)) from exc
    if not out_dir.is_dir():
        raise OutputError("fill.not_folder", path=out_dir)
    check_no_output(out_dir, form, force=force)
    return out_dir


def check_no_output(out_dir: Path, form: Form, *, force: bool) -> None:
    """Refuse (unless *force*) when *out_dir* holds this form's output or a report."""
    if force:
        return
    ours = _output_names(form.id)
    clash = sorted(p.name for p in out_dir.iterdir() if p.name == REPORT_NAME or ours.match(p.name))
    if clash:
        raise OutputExistsError("fill.exists", path=out_dir, first=clash[0], more=" …" if len(clash) > 1 else "")


def remove_stale_temp_files(out_dir: Path) -> int:
    """Remove the temp files an earlier batch left in *out_dir* (call with the folder locked); how many."""
    removed = 0
    for path in out_dir.iterdir():
        found = TEMP_NAME.match(path.name)
        if found and _ANY_OUTPUT.match(found["target"]):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed += 1
    return removed


class BatchInterrupted(KeyboardInterrupt):
    """The batch was ended by a signal (Ctrl-C, SIGTERM, SIGHUP) after report.json was written."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _StopRequest:
    """SIGINT, SIGTERM and SIGHUP during a batch set a flag instead of raising wherever the program is.

    The batch reads the flag between records, so an interruption never lands
    between a file's write and its entry in report.json. Installed only in the
    main thread (Python allows signal handlers nowhere else); the old handlers
    come back when the batch ends.
    """

    def __init__(self) -> None:
        self.signum: int | None = None
        self._old: dict[int, Any] = {}

    def __enter__(self) -> _StopRequest:
        if threading.current_thread() is threading.main_thread():
            for name in ("SIGINT", "SIGTERM", "SIGHUP"):
                number = getattr(signal, name, None)
                if number is not None:
                    self._old[number] = signal.signal(number, self._handle)
        return self

    def _handle(self, signum: int, frame: object) -> None:
        self.signum = signum

    def requested(self) -> bool:
        return self.signum is not None

    def __exit__(self, *exc_info: object) -> None:
        for number, handler in self._old.items():
            signal.signal(number, handler)


def _jobs(records: Iterable[Record]) -> Iterator[_Job]:
    for position, record in enumerate(records, start=1):
        yield _Job(record.source, record.record, position, record.data, tuple(record.problems), record.unparsed)


class _Chunks:
    """The records in chunks of ``size``; a chunk a broken pool did not start can be put back."""

    def __init__(self, jobs: Iterator[_Job], size: int) -> None:
        self._jobs = jobs
        self._back: list[list[_Job]] = []
        self.size = size

    def __iter__(self) -> _Chunks:
        return self

    def __next__(self) -> list[_Job]:
        if self._back:
            return self._back.pop()
        chunk = list(itertools.islice(self._jobs, self.size))
        if not chunk:
            raise StopIteration
        return chunk

    def put_back(self, chunk: list[_Job]) -> None:
        self._back.append(chunk)

    def took(self, records: int, seconds: float) -> None:
        """A worker spent *seconds* on a chunk of *records*: the next chunks aim at CHUNK_SECONDS (at most doubling)."""
        if records and seconds > 0:
            aim = round(CHUNK_SECONDS * records / seconds)
            self.size = max(1, min(MAX_CHUNK, 2 * self.size, aim))


def _check_readable(path: Path, form: Form) -> None:
    records = read_records(path, form)
    try:
        next(records, None)
    finally:
        close = getattr(records, "close", None)
        if close is not None:
            close()


def _read_inputs(inputs: Iterable[str | os.PathLike[str]], form: Form, parse: bool = True) -> Iterator[Record]:
    for path in inputs:
        yield from read_records(Path(path), form, parse=parse)


def _announce(message: str) -> None:
    """Say something a person must know about a batch (a stale lock taken over) on stderr."""
    print(f"formkit: {message}", file=sys.stderr)


def fill_records(
    form: Form,
    records: Iterable[Record],
    out_dir: str | os.PathLike[str],
    *,
    to: Iterable[str] = ("docx",),
    jobs: int = 1,
    options: RenderOptions | None = None,
    force: bool = False,
    progress: Callable[[RecordOutcome], None] | None = None,
    notify: Callable[[str], None] | None = None,
    checksums: bool = False,
) -> FillReport:
    """Fill already-read *records* (see :func:`fill_batch`, which reads files).

    With *checksums* the folder also gets SHA256SUMS (every file written, as ``sha256sum -c`` reads it).

    *notify* receives what a person must be told besides the report (a stale
    lock taken over, a killed run's temp files removed), in the form's
    language; by default it goes to stderr.
    """
    options = options or RenderOptions()
    notify = notify or _announce
    kinds = tuple(dict.fromkeys(to))
    if not kinds:
        raise OutputError("fill.no_type")
    check_templates(options)
    # Built before DIR is touched: an unknown type or a broken template is a usage error that
    # leaves no report.json behind (and a worker process would only die on it).
    renderers = make_renderers(form, kinds, options)
    with _StopRequest() as stop:
        folder = Path(out_dir)
        prepare_out_dir(folder, form, force=True)
        lock = lock_folder(folder)
        try:
            if lock.stale_holder is not None:
                notify(text(form.language, "fill.stale_lock", path=folder, pid=lock.stale_holder))
            removed = remove_stale_temp_files(folder)
            if removed:
                notify(text(form.language, "fill.stale_temp", path=folder, count=removed))
            check_no_output(folder, form, force=force)
            report = _fill_locked(
                form, records, folder.resolve(), kinds, renderers, jobs, options, force, progress, stop, checksums
            )
        finally:
            lock.release()
    return report


def check_templates(options: RenderOptions) -> None:
    """Refuse a replacement PDF template with active content (scripts, launch actions, embedded files).

    Such a template would be copied into every filled form.
    """
    pdf = options.templates.get("pdf")
    if pdf is None:
        return
    from formkit.errors import PdfError, TemplateError
    from formkit.pdfio.active import active_content_in_file

    try:
        found = active_content_in_file(Path(pdf))
    except PdfError:
        return  # not a readable PDF: the renderer says so in its own words
    if found:
        raise TemplateError("pdf.template_active", path=Path(pdf).name, what=", ".join(found))


def _fill_locked(
    form: Form,
    records: Iterable[Record],
    folder: Path,
    kinds: tuple[str, ...],
    renderers: list[Renderer],
    jobs: int,
    options: RenderOptions,
    force: bool,
    progress: Callable[[RecordOutcome], None] | None,
    stop: _StopRequest,
    checksums: bool = False,
) -> FillReport:
    report = FillReport(form.id, folder, kinds, options.draft)
    exts = tuple(renderer.ext for renderer in renderers)
    interrupted = False

    def collect(outcomes: list[RecordOutcome]) -> None:
        for outcome in outcomes:
            report.records.append(outcome)
            if progress is not None:
                progress(outcome)

    chunks = _Chunks(_jobs(records), CHUNK_SIZE)
    try:
        if jobs <= 1:
            worker = _Worker(form, kinds, options, folder, force, renderers)
            try:
                for chunk in chunks:
                    if stop.requested():
                        break
                    outcomes, cut = worker.run_chunk(chunk, stop.requested)
                    collect(outcomes)
                    if cut:
                        interrupted = True
                        break
            finally:
                worker.close()
        else:
            _run_pool(form, kinds, exts, options, folder, force, jobs, chunks, collect, stop)
    finally:
        report.records.sort(key=lambda outcome: outcome.position)
        try:
            write_atomic(folder / REPORT_NAME, report_json(report), overwrite=force)
            if checksums:
                write_atomic(folder / CHECKSUMS_NAME, checksum_lines(report).encode("utf-8"), overwrite=force)
        except OSError as exc:  # a full disk, say: a clear error, not a traceback
            raise OutputError("fill.report", path=folder / REPORT_NAME, reason=os_reason(exc)) from exc
    if interrupted or stop.requested():
        raise BatchInterrupted(stop.signum or signal.SIGINT)
    return report


def report_json(report: FillReport) -> bytes:
    """report.json as ``json.dumps(..., ensure_ascii=False, indent=2)`` writes it, made by orjson.

    The json module indents in pure Python: 0.2-0.3 s for 6,000 records, at
    the end of the batch when nothing else runs.
    """
    return orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def _run_pool(
    form: Form,
    kinds: tuple[str, ...],
    exts: tuple[str, ...],
    options: RenderOptions,
    folder: Path,
    force: bool,
    jobs: int,
    chunks: _Chunks,
    collect: Callable[[list[RecordOutcome]], None],
    stop: _StopRequest,
) -> None:
    """Run *chunks* on *jobs* processes, every chunk handed out ending in report.json.

    A worker process that dies (a crash in a native library, the OOM killer, SIGKILL)
    breaks the whole pool: the records of every chunk in flight are ``failed``
    (rule ``worker``), what their workers wrote is removed once the pool has
    stopped, and a new pool takes the chunks not yet started.
    """
    setup = (form, kinds, options, folder, force)
    while not stop.requested() and _run_until_broken(setup, exts, jobs, chunks, collect, stop):
        pass


def _run_until_broken(
    setup: tuple[Form, tuple[str, ...], RenderOptions, Path, bool],
    exts: tuple[str, ...],
    jobs: int,
    chunks: _Chunks,
    collect: Callable[[list[RecordOutcome]], None],
    stop: _StopRequest,
) -> bool:
    """Run chunks in one pool until they are done (False) or it breaks (True: the chunks not started are left)."""
    form, folder = setup[0], setup[3]
    pending: dict[cf.Future[tuple[list[RecordOutcome], float]], list[_Job]] = {}
    unfinished: list[tuple[_Job, BaseException]] = []
    broken = False

    def finish(done: Iterable[cf.Future[tuple[list[RecordOutcome], float]]]) -> None:
        nonlocal broken
        for future in done:
            chunk = pending.pop(future)
            error = future.exception()  # waits
            if error is None:
                outcomes, seconds = future.result()
                chunks.took(len(chunk), seconds)
                collect(outcomes)
                continue
            broken = broken or isinstance(error, cf.process.BrokenProcessPool)
            unfinished.extend((job, error) for job in chunk)

    context, workers = _recording_context()
    pool = cf.ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_process, initargs=(*setup, os.getpid()))
    try:
        try:
            for chunk in chunks:
                while len(pending) >= 2 * jobs and not broken:
                    finish(cf.wait(pending, return_when=cf.FIRST_COMPLETED)[0])
                if stop.requested():
                    return False
                if not broken:
                    try:
                        pending[pool.submit(_run_chunk_in_process, chunk)] = chunk
                        continue
                    except cf.process.BrokenProcessPool:
                        pass
                chunks.put_back(chunk)
                return True
            return False
        finally:
            finish(list(pending))  # also after an error while reading: what was handed out is reported
    finally:
        # Every chunk handed out has come back (or failed): the workers have nothing left to do,
        # so they are ended here instead of by the pool's stop handshake, which can wait forever
        # (see _end_workers). Then shutdown only reaps: the pool has stopped, none of its workers
        # can still write. What the workers of the failed chunks wrote is removed, then the
        # records are reported failed.
        _end_workers(workers)
        pool.shutdown(wait=True)
        collect([_unfinished(form, folder, exts, job, error) for job, error in unfinished])


def _recording_context() -> tuple[multiprocessing.context.BaseContext, list[multiprocessing.process.BaseProcess]]:
    """The default multiprocessing context, as a copy that records every process a pool makes with it.

    So the batch knows its own workers (and only those: a program calling formkit may have
    processes of its own) through public API: a pool makes its workers with ``mp_context.Process``.
    """
    base = multiprocessing.get_context()
    made: list[multiprocessing.process.BaseProcess] = []

    def process(*args: Any, **kwargs: Any) -> multiprocessing.process.BaseProcess:
        made.append(base.Process(*args, **kwargs))
        return made[-1]

    context = copy.copy(base)
    context.Process = process  # type: ignore[assignment,misc]
    return context, made


def _end_workers(workers: Iterable[multiprocessing.process.BaseProcess]) -> None:
    """Kill the workers of a pool that has no chunk in flight (their writes ended with their chunks).

    Why not leave it to ``ProcessPoolExecutor.shutdown``: a worker waits for its next task
    inside the task queue's ``get`` holding that queue's reader lock, and sends a result
    holding the result queue's writer lock; all workers of a pool share both locks. Killed
    there (SIGKILL, the OOM killer, a crash in a native library), it never releases them. When
    that happens as the batch ends, the pool's manager thread may not count the pool as broken
    (CPython looks at the workers' deaths only when neither a result nor a wake-up came in) and
    stops it the normal way: a stop message for each live worker, then a join. The live ones
    wait for ever on the dead one's lock, never take (or answer) the stop message, and
    ``shutdown(wait=True)`` waits for them for ever: ``fill --jobs N`` hung after its last
    record. Killed here, they leave shutdown nothing to wait for. SIGKILL, not SIGTERM: a worker
    that has not run its initializer yet still has the parent's SIGTERM handler (fork copies
    it), which only sets a flag.
    """
    for worker in workers:
        if worker.pid is not None:  # started
            worker.kill()


def _unfinished(form: Form, folder: Path, exts: tuple[str, ...], job: _Job, error: BaseException) -> RecordOutcome:
    """The outcome of a record whose worker stopped before returning it; its files and temp files are removed.

    A worker killed after writing a file but before returning its chunk leaves a
    complete file that report.json cannot list as written (its record failed):
    removed, so that every file in DIR is one report.json lists. Without
    ``force`` no file of this name existed before the batch (the up-front
    check and the lock see to that); with it, the name was this batch's to replace.
    """
    with contextlib.suppress(Exception):  # a line the worker could not read either wrote no file
        job = job.parsed(form)  # the record's id names its files
    base = base_name(form, job.position, job.data)
    for leftover in folder.glob(f".{glob.escape(base)}.*.tmp"):
        leftover.unlink(missing_ok=True)
    for ext in exts:
        (folder / f"{base}.{ext}").unlink(missing_ok=True)
    problem = Problem("", ERROR, "worker", text(form.language, "fill.worker", kind=type(error).__name__))
    return RecordOutcome(job.source, job.record, job.position, "failed", problems=[*job.read_problems, problem])


def fill_batch(
    form: Form,
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    to: Iterable[str] = ("docx",),
    jobs: int = 1,
    draft: bool = False,
    force: bool = False,
    settings: Settings | None = None,
    templates: Mapping[str, Path] | None = None,
    flatten: bool = False,
    progress: Callable[[RecordOutcome], None] | None = None,
    archive: bool = False,
    checksums: bool = False,
) -> FillReport:
    """Validate and render every record of *inputs* into *out_dir*; write report.json there.

    With *archive* each PDF and Word document also gets its archival PDF/A-2 copy
    (``<name>.arkiv.pdf`` from the PDF, ``<name>.word-arkiv.pdf`` from the Word
    document), all with the batch's start as their creation time.

    Raises SourceError when an input is missing, not a readable type or not
    readable as a whole (bad JSON, a broken table: checked for every input
    before anything is written), TemplateError for a broken template and
    OutputError when DIR cannot be used. A file that breaks only further on
    (a bad byte deep in a JSONL file) stops the batch there with SourceError;
    report.json then lists the records done so far.
    """
    paths = [Path(path) for path in inputs]
    # Read the first record of each input up front so an unreadable input is a usage error, not a
    # half batch. The readers are lazy: a whole-file error (bad JSON, a broken table) surfaces at the
    # first record, and only there. The input is read again by the batch (memory stays flat).
    for path in paths:
        _check_readable(path, form)
    options = RenderOptions(
        draft=draft,
        flatten=flatten,
        settings=settings or Settings(),
        templates=dict(templates or {}),
        created=datetime.now(UTC).replace(microsecond=0),
    )
    kinds = tuple(dict.fromkeys(to))
    if archive:
        kinds += tuple(ARCHIVE_TYPES[kind] for kind in kinds if kind in ARCHIVE_TYPES)
    return fill_records(
        form,
        # With several workers, each parses the JSONL lines it is given: the reading process
        # competes with them for the cores and should do no more than read (issue 13).
        _read_inputs(paths, form, parse=jobs <= 1),
        out_dir,
        to=kinds,
        jobs=jobs,
        options=options,
        force=force,
        progress=progress,
        checksums=checksums,
    )


ARCHIVE_TYPES = {"pdf": "pdf-arkiv", "docx": "docx-arkiv"}
"""The archival output type that ``archive`` adds for each output type that has one."""


def checksum_lines(report: FillReport) -> str:
    """SHA256SUMS: one ``<sha256>  <name>`` line per file written, by name (``sha256sum -c SHA256SUMS`` checks them)."""
    pairs = sorted((name, digest) for outcome in report.records for name, digest in outcome.sha256.items())
    return "".join(f"{digest}  {name}\n" for name, digest in pairs)
