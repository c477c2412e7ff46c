"""A batch's worker: fills records (:mod:`formkit.batch.filler`) and hands their files to the writer."""

from __future__ import annotations

import concurrent.futures as cf
import errno
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from formkit.batch.filler import Filler, unexpected
from formkit.batch.folder import base_name, inside
from formkit.batch.report import RecordOutcome
from formkit.batch.writer import Writer
from formkit.errors import FormkitError
from formkit.i18n import os_reason, text
from formkit.model.catalog import Form
from formkit.problems import ERROR, Problem
from formkit.render.base import (
    Renderer,
    RenderOptions,
    sha256_of,
)
from formkit.sources import Record

DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
"""The write errors after which every later write fails too: the batch stops instead of failing each record."""


@dataclass(frozen=True)
class Job:
    source: str
    record: int
    position: int
    data: Any
    read_problems: tuple[Problem, ...]
    unparsed: str | None = None
    """The JSONL line, when the worker is to parse it (``jobs > 1``: the reading process only reads)."""

    def parsed(self, form: Form) -> Job:
        if self.unparsed is None:
            return self
        record = Record(self.source, self.record, None, unparsed=self.unparsed).parsed(form)
        return Job(self.source, self.record, self.position, record.data, tuple(record.problems))


class Worker:
    """Fills records with a :class:`Filler` and writes their files; built once per process."""

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
        self.filler = Filler.with_options(form, to, options, renderers)
        # fsync waits on the disk, not the CPU: a writer thread overlaps it with rendering the next
        # record, once writing is seen to wait (Writer). One thread: more only fight the rendering
        # thread for the GIL (measured, bench/).
        self.writer = Writer()
        self.disk_full = False
        """Set once a write failed for want of space: no record is begun after it (every later write would fail too)."""

    def _say(self, key: str, **params: object) -> str:
        return text(self.form.language, key, **params)

    def run(self, job: Job) -> tuple[RecordOutcome, list[tuple[str, cf.Future[None], str]]]:
        """Fill one record; its files are handed to the writer (:class:`Writer`)."""
        outcome = RecordOutcome(job.source, job.record, job.position, "written")
        try:
            job = job.parsed(self.form)
        except Exception as exc:  # json's own limits (a 5,000-digit number): this record's problem
            outcome.problems = [unexpected(self.form, "read", exc)]
            outcome.status = "failed"
            return outcome, []
        filled = self.filler.run(job.data, job.read_problems)
        outcome.problems = filled.problems
        if filled.missing is not None:
            outcome.missing = list(dict.fromkeys(problem.path for problem in filled.missing))
        if filled.status != "rendered":
            outcome.status = filled.status
        if not filled.files:
            return outcome, []
        base = base_name(self.form, job.position, job.data)
        writes: list[tuple[str, cf.Future[None], str]] = []
        for kind, data in filled.files.items():
            name = f"{base}.{self.filler.renderers[kind].ext}"
            try:
                target = inside(self.out_dir, name)
            except FormkitError as exc:
                outcome.problems.append(Problem("", ERROR, "render", exc.message(self.form.language)))
                outcome.status = "failed"
            else:
                future = self.writer.submit(target, data, self.force)
                future.add_done_callback(self._note_disk_full)
                writes.append((name, future, sha256_of(data)))
        return outcome, writes

    def run_chunk(self, jobs: list[Job], stop: Callable[[], bool] = lambda: False) -> tuple[list[RecordOutcome], str | None]:
        """Run a chunk; writing (fsync, rename) overlaps with rendering the next records once it waits on the device.

        An interruption — *stop* answering True (a signal arrived) or a
        KeyboardInterrupt raised while rendering — stops the rendering, not the
        writes already handed out: they finish and are reported, so every file
        on disk is in report.json; the chunk's other records are ``failed``
        (rule ``interrupted``). So does a full disk (rule ``not_written``): every
        write after it would fail too. The second value says which happened:
        None, ``signal`` or ``disk_full``.
        """
        started = []
        cut: str | None = None
        try:
            for job in jobs:
                if stop():
                    cut = "signal"
                    break
                if self.disk_full:
                    cut = "disk_full"
                    break
                started.append(self.run(job))
        except KeyboardInterrupt:
            cut = "signal"
        for outcome, writes in started:
            self._settle(outcome, writes)
        if cut is None and self.disk_full and len(started) < len(jobs):
            cut = "disk_full"
        outcomes = [outcome for outcome, _ in started]
        key, rule = ("fill.interrupted", "interrupted") if cut != "disk_full" else ("fill.not_written", "not_written")
        stopped = Problem("", ERROR, rule, self._say(key))
        for job in jobs[len(started) :]:
            outcomes.append(RecordOutcome(job.source, job.record, job.position, "failed", problems=[stopped]))
        return outcomes, cut

    def _note_disk_full(self, future: cf.Future[None]) -> None:
        """As soon as a write fails for want of space (the writer thread's, or inline), no new record is begun."""
        error = future.exception()
        if isinstance(error, OSError) and error.errno in DISK_FULL:
            self.disk_full = True

    def _settle(self, outcome: RecordOutcome, writes: list[tuple[str, cf.Future[None], str]]) -> None:
        """Wait for a record's files; when one of them could not be written, the others are removed too.

        A record is whole or absent: a Word document without the PDF written
        beside it would look like a finished record to whoever reads the folder.
        """
        done: list[tuple[str, str]] = []
        failed = False
        for name, future, digest in writes:
            try:
                future.result()
            except FileExistsError:
                outcome.problems.append(Problem("", ERROR, "exists", self._say("fill.file_exists", name=name)))
            except FormkitError as exc:  # a link or a FIFO appeared under the name: refused at the write
                outcome.problems.append(Problem("", ERROR, "write", exc.message(self.form.language)))
            except OSError as exc:
                full = exc.errno in DISK_FULL
                self.disk_full = self.disk_full or full
                reason = os_reason(exc).render(self.form.language)
                said = self._say("fill.cannot_write", name=name, reason=reason)
                outcome.problems.append(Problem("", ERROR, "disk_full" if full else "write", said))
            else:
                done.append((name, digest))
                continue
            failed = True
            outcome.status = "failed"
        if failed:
            for name, _ in done:
                (self.out_dir / name).unlink(missing_ok=True)
            done = []
        for name, digest in done:
            outcome.files.append(name)
            outcome.sha256[name] = digest

    def close(self) -> None:
        self.writer.shutdown()
        self.filler.close()
