"""A batch's worker: validates, normalises and renders records, and hands their files to the writer."""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from formkit.batch.folder import base_name, inside
from formkit.batch.report import RecordOutcome
from formkit.batch.writer import Writer
from formkit.errors import FormkitError
from formkit.i18n import os_reason, text
from formkit.log import log
from formkit.model.catalog import Form
from formkit.render.base import (
    Renderer,
    RenderOptions,
    make_renderers,
    sha256_of,
)
from formkit.sources import Record
from formkit.validation.normalize import normalize_record
from formkit.validation.problems import ERROR, Problem
from formkit.validation.validator import Validator


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
        # record, once writing is seen to wait (Writer). One thread: more only fight the rendering
        # thread for the GIL (measured, bench/).
        self.writer = Writer()

    def _say(self, key: str, **params: object) -> str:
        return text(self.form.language, key, **params)

    def _unexpected(self, rule: str, exc: BaseException, step: str = "") -> Problem:
        """A bug met on one record: only the exception's class (a library's message may quote the value)."""
        log.debug("unexpected %s while %s a record", type(exc).__name__, rule, exc_info=exc)
        return Problem("", ERROR, rule, self._say("render.unexpected", step=step or rule, kind=type(exc).__name__))

    def run(self, job: Job) -> tuple[RecordOutcome, list[tuple[str, cf.Future[None], str]]]:
        """Validate and render one record; its files are handed to the writer (:class:`Writer`)."""
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
                target = inside(self.out_dir, name)
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
