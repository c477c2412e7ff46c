"""A batch's worker: fills records (:mod:`formkit.batch.filler`) and hands their files to the writer."""

from __future__ import annotations

import concurrent.futures as cf
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
                writes.append((name, self.writer.submit(target, data, self.force), sha256_of(data)))
        return outcome, writes

    def run_chunk(self, jobs: list[Job], stop: Callable[[], bool] = lambda: False) -> tuple[list[RecordOutcome], bool]:
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
