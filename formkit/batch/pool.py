"""Worker processes for ``jobs > 1``: chunks sized by how long records take; a dead worker's records failed, its files removed."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import copy
import glob
import itertools
import multiprocessing
import multiprocessing.context
import multiprocessing.process
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from formkit.batch.folder import base_name
from formkit.batch.report import RecordOutcome
from formkit.batch.worker import Job, Worker
from formkit.i18n import text
from formkit.log import apply_policy
from formkit.model.catalog import Form
from formkit.problems import ERROR, Problem
from formkit.render.base import RenderOptions, close_renderers
from formkit.sources import Record

CHUNK_SIZE = 16
"""Records per chunk in one process, and in the first chunks handed to worker processes."""
CHUNK_SECONDS = 0.1
"""With worker processes, how much of a worker's time a chunk aims at (its size follows how long records take).

Each chunk costs the reading process a pickling and a round trip while the
workers take the cores: fast records (a Word document, 1 ms) go in chunks of
about a hundred, slow ones (an archival copy) in small chunks, so that an
interruption waits for little (at most ``2 * jobs`` chunks are in flight)."""
MAX_CHUNK = 256


def jobs_of(records: Iterable[Record]) -> Iterator[Job]:
    for position, record in enumerate(records, start=1):
        yield Job(record.source, record.record, position, record.data, tuple(record.problems), record.unparsed)


class Chunks:
    """The records in chunks of ``size``; a chunk a broken pool did not start can be put back."""

    def __init__(self, jobs: Iterator[Job], size: int) -> None:
        self._jobs = jobs
        self._back: list[list[Job]] = []
        self.size = size

    def __iter__(self) -> Chunks:
        return self

    def __next__(self) -> list[Job]:
        if self._back:
            return self._back.pop()
        chunk = list(itertools.islice(self._jobs, self.size))
        if not chunk:
            raise StopIteration
        return chunk

    def put_back(self, chunk: list[Job]) -> None:
        self._back.append(chunk)

    def took(self, records: int, seconds: float) -> None:
        """A worker spent *seconds* on a chunk of *records*: the next chunks aim at CHUNK_SECONDS (at most doubling)."""
        if records and seconds > 0:
            aim = round(CHUNK_SECONDS * records / seconds)
            self.size = max(1, min(MAX_CHUNK, 2 * self.size, aim))


_PROCESS_WORKER: Worker | None = None
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
    # reported. SIGTERM ends the worker (the pool ends a broken pool's workers with it; systemd sends
    # it to every process of the service), after its renderers let go of what they hold outside the
    # process: a forked worker would otherwise inherit the parent's handler that only sets a flag.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _end_on_sigterm)
    # The parent's pid as the parent saw it, not os.getppid() now: a worker that starts slowly
    # (a loaded machine) may already have been reparented, and would then watch the wrong process.
    threading.Thread(target=_watch_parent, args=(parent,), name="formkit-parent-watch", daemon=True).start()
    apply_policy()  # a spawned worker starts with Python's logging defaults
    _PROCESS_WORKER = Worker(form, to, options, out_dir, force)


def _end_on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM in a worker: stop what its renderers started (LibreOffice), then end as SIGTERM ends a process.

    A worker process never runs clean-up at exit (multiprocessing ends it with
    ``os._exit``): a LibreOffice conversion would go on without it, writing into
    a profile folder nobody removes. The folders themselves go with the batch's
    scratch folder, which the parent removes once its workers have ended.
    """
    worker = _PROCESS_WORKER
    if worker is not None:
        with contextlib.suppress(Exception):
            close_renderers(worker.filler.renderers.values())
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)


def _run_chunk_in_process(jobs: list[Job]) -> tuple[list[RecordOutcome], float]:
    """The outcomes of a chunk and the seconds it took (the parent sizes the next chunks by them)."""
    assert _PROCESS_WORKER is not None, "the pool initializer did not run"
    start = time.perf_counter()
    # A Ctrl-C reaches the parent too, which stops handing out chunks.
    outcomes, _ = _PROCESS_WORKER.run_chunk(jobs)
    return outcomes, time.perf_counter() - start


def run_pool(
    form: Form,
    kinds: tuple[str, ...],
    exts: tuple[str, ...],
    options: RenderOptions,
    folder: Path,
    force: bool,
    jobs: int,
    chunks: Chunks,
    collect: Callable[[list[RecordOutcome]], None],
    halted: Callable[[], bool],
) -> None:
    """Run *chunks* on *jobs* processes, every chunk handed out ending in report.json; no new chunk once *halted*.

    A worker process that dies (a crash in a native library, the OOM killer, SIGKILL)
    breaks the whole pool: the records of every chunk in flight are ``failed``
    (rule ``worker``), what their workers wrote is removed once the pool has
    stopped, and a new pool takes the chunks not yet started.
    """
    setup = (form, kinds, options, folder, force)
    while not halted() and _run_until_broken(setup, exts, jobs, chunks, collect, halted):
        pass


def _run_until_broken(
    setup: tuple[Form, tuple[str, ...], RenderOptions, Path, bool],
    exts: tuple[str, ...],
    jobs: int,
    chunks: Chunks,
    collect: Callable[[list[RecordOutcome]], None],
    halted: Callable[[], bool],
) -> bool:
    """Run chunks in one pool until they are done (False) or it breaks (True: the chunks not started are left)."""
    form, folder = setup[0], setup[3]
    pending: dict[cf.Future[tuple[list[RecordOutcome], float]], list[Job]] = {}
    unfinished: list[tuple[Job, BaseException]] = []
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
                if halted():
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


def _unfinished(form: Form, folder: Path, exts: tuple[str, ...], job: Job, error: BaseException) -> RecordOutcome:
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
