"""The batch engine behind ``formkit fill``: validate each record, render it, write files atomically, report.

How a batch runs. The parent process reads the records (streaming, in input
order) and hands them out in small chunks; a worker — the parent itself with
``jobs=1``, else one of ``jobs`` processes — builds its validator and renderers
once (the pool's initializer), then validates, renders and writes every record
of a chunk. Workers write the files themselves: the fsync of each atomic write
then runs in parallel instead of queueing in the parent, and only a small
outcome travels back. At most ``2 * jobs`` chunks are in flight, so memory
stays flat however long the input is.

Files. A record's files are named ``<form>-<n>[-<id>].<ext>``: ``n`` is the
record's position in the whole batch (1-based, over all inputs in order),
``id`` the record's own ``id`` property when the form has one, reduced to
``[A-Za-z0-9_-]``. No name is built from anything else, so no personal data
reaches a file name, and every name is checked to stay inside DIR.

Overwriting is decided twice. Up front, for the whole batch: when DIR already
holds a ``report.json`` or a file named like this form's output, the batch
refuses to start (``OutputExistsError``, exit 2) unless ``force``, so a batch
never ends half old, half new. Per file: the atomic write checks again just
before its rename, and a file that appeared meanwhile fails only its record.
``force`` overwrites; it does not delete the files of an earlier, longer batch
(report.json tells which files belong to this one).

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

import concurrent.futures as cf
import glob
import importlib
import itertools
import json
import os
import re
import signal
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from formkit.atomic import write_atomic
from formkit.errors import FormkitError, OutputError, OutputExistsError
from formkit.i18n import os_reason, text
from formkit.log import log
from formkit.model.catalog import Form
from formkit.settings import Settings
from formkit.sources import Record, read_records
from formkit.validation.normalize import normalize_record
from formkit.validation.problems import ERROR, Problem
from formkit.validation.validator import Validator

REPORT_NAME = "report.json"
WRITER_THREADS = 1
CHUNK_SIZE = 16
"""Records per task sent to a worker: large enough to amortise the pickling, small enough to balance."""
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")
_MAX_ID_LENGTH = 40

Status = Literal["written", "invalid", "failed"]


class Renderer(Protocol):
    """Renders one validated record of a form into one file's bytes."""

    ext: str

    def render(self, data: dict[str, Any]) -> bytes: ...


@dataclass(frozen=True)
class RenderOptions:
    """How to render: passed to every renderer factory, pickled to every worker."""

    draft: bool = False
    """Render incomplete records; missing values print as empty lines."""
    flatten: bool = False
    """PDF: flatten the filled form (no effect on .docx)."""
    settings: Settings = field(default_factory=Settings)
    templates: Mapping[str, Path] = field(default_factory=dict)
    """A template per output type that replaces the shipped one (``{"docx": Path(...)}``)."""


RendererFactory = Callable[[Form, Settings, RenderOptions], Renderer]
_FACTORIES: dict[str, RendererFactory] = {}
# Output types whose module registers its factory when imported.
_RENDERER_MODULES = {"docx": "formkit.render.docx.render", "pdf": "formkit.render.pdf.fill", "ics": "formkit.render.ics"}


def register_renderer(output_type: str, factory: RendererFactory) -> None:
    """Make ``--to <output_type>`` use *factory* (called once per worker process)."""
    _FACTORIES[output_type] = factory


def output_types() -> list[str]:
    """The output types that can be rendered now."""
    return [kind for kind in sorted({*_FACTORIES, *_RENDERER_MODULES}) if _factory_or_none(kind) is not None]


def _factory_or_none(output_type: str) -> RendererFactory | None:
    if output_type not in _FACTORIES and output_type in _RENDERER_MODULES:
        try:
            importlib.import_module(_RENDERER_MODULES[output_type])
        except ImportError:
            return None
    return _FACTORIES.get(output_type)


def renderer_factory(output_type: str) -> RendererFactory:
    """The factory for *output_type*; FormkitError naming the available types otherwise."""
    factory = _factory_or_none(output_type)
    if factory is None:
        raise OutputError("fill.unknown_type", kind=output_type, known=", ".join(output_types()))
    return factory


def make_renderers(form: Form, to: tuple[str, ...], options: RenderOptions) -> list[Renderer]:
    """One renderer per output type (a missing or broken template raises its FormkitError here)."""
    return [renderer_factory(kind)(form, options.settings, options) for kind in to]


@dataclass
class RecordOutcome:
    """What happened to one record: the entry of report.json."""

    source: str
    record: int
    position: int
    status: Status
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "record": self.record,
            "position": self.position,
            "status": self.status,
            "files": list(self.files),
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
    return _SAFE_ID.sub("_", str(value)).strip("_-")[:_MAX_ID_LENGTH]


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
        # record. One thread: more only fight the rendering thread for the GIL (measured, bench/).
        self.writer = cf.ThreadPoolExecutor(WRITER_THREADS, thread_name_prefix="formkit-write")

    def _say(self, key: str, **params: object) -> str:
        return text(self.form.language, key, **params)

    def _unexpected(self, rule: str, exc: BaseException, step: str = "") -> Problem:
        """A bug met on one record: only the exception's class (a library's message may quote the value)."""
        log.debug("unexpected %s while %s a record", type(exc).__name__, rule, exc_info=exc)
        return Problem("", ERROR, rule, self._say("render.unexpected", step=step or rule, kind=type(exc).__name__))

    def run(self, job: _Job) -> tuple[RecordOutcome, list[tuple[str, cf.Future[None]]]]:
        """Validate and render one record; its files are handed to the writer threads."""
        outcome = RecordOutcome(job.source, job.record, job.position, "written")
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
        writes: list[tuple[str, cf.Future[None]]] = []
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
                writes.append((name, self.writer.submit(write_atomic, target, data, overwrite=self.force)))
        return outcome, writes

    def run_chunk(self, jobs: list[_Job]) -> tuple[list[RecordOutcome], bool]:
        """Run a chunk; writing (fsync, rename) overlaps with rendering the next records.

        Ctrl-C stops the rendering, not the writes already handed out: they
        finish and are reported, so every file on disk is in report.json; the
        chunk's other records are ``failed`` (rule ``interrupted``). The second
        value says whether that happened.
        """
        started = []
        interrupted = False
        try:
            for job in jobs:
                started.append(self.run(job))
        except KeyboardInterrupt:
            interrupted = True
        for outcome, writes in started:
            for name, future in writes:
                try:
                    future.result()
                except FileExistsError:
                    outcome.problems.append(Problem("", ERROR, "exists", self._say("fill.file_exists", name=name)))
                except OSError as exc:
                    reason = os_reason(exc).render(self.form.language)
                    outcome.problems.append(Problem("", ERROR, "write", self._say("fill.cannot_write", name=name, reason=reason)))
                else:
                    outcome.files.append(name)
                    continue
                outcome.status = "failed"
        outcomes = [outcome for outcome, _ in started]
        stopped = Problem("", ERROR, "interrupted", self._say("fill.interrupted"))
        for job in jobs[len(started) :]:
            outcomes.append(RecordOutcome(job.source, job.record, job.position, "failed", problems=[stopped]))
        return outcomes, interrupted

    def close(self) -> None:
        self.writer.shutdown(wait=True)


_PROCESS_WORKER: _Worker | None = None


def _init_process(form: Form, to: tuple[str, ...], options: RenderOptions, out_dir: Path, force: bool) -> None:
    global _PROCESS_WORKER
    # Ctrl-C is the parent's to handle: it stops handing out chunks and waits for those in flight
    # (at most 2 * jobs), so every file written is reported. An interrupted worker would drop its chunk.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _PROCESS_WORKER = _Worker(form, to, options, out_dir, force)


def _run_chunk_in_process(jobs: list[_Job]) -> list[RecordOutcome]:
    assert _PROCESS_WORKER is not None, "the pool initializer did not run"
    # A Ctrl-C reaches the parent too, which stops handing out chunks.
    outcomes, _ = _PROCESS_WORKER.run_chunk(jobs)
    return outcomes


def prepare_out_dir(out_dir: Path, form: Form, *, force: bool) -> Path:
    """Create DIR if needed and refuse (unless *force*) when it holds this form's output or a report."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError("fill.cannot_create", path=out_dir, reason=os_reason(exc)) from exc
    if not out_dir.is_dir():
        raise OutputError("fill.not_folder", path=out_dir)
    if not force:
        ours = re.compile(rf"{re.escape(form.id)}-\d{{5,}}(-[A-Za-z0-9_-]+)?\.")
        clash = sorted(p.name for p in out_dir.iterdir() if p.name == REPORT_NAME or ours.match(p.name))
        if clash:
            raise OutputExistsError("fill.exists", path=out_dir, first=clash[0], more=" …" if len(clash) > 1 else "")
    return out_dir


def _jobs(records: Iterable[Record]) -> Iterator[_Job]:
    for position, record in enumerate(records, start=1):
        yield _Job(record.source, record.record, position, record.data, tuple(record.problems))


def _chunks(jobs: Iterator[_Job], size: int) -> Iterator[list[_Job]]:
    chunk: list[_Job] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _check_readable(path: Path, form: Form) -> None:
    records = read_records(path, form)
    try:
        next(records, None)
    finally:
        close = getattr(records, "close", None)
        if close is not None:
            close()


def _read_inputs(inputs: Iterable[str | os.PathLike[str]], form: Form) -> Iterator[Record]:
    for path in inputs:
        yield from read_records(Path(path), form)


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
) -> FillReport:
    """Fill already-read *records* (see :func:`fill_batch`, which reads files)."""
    options = options or RenderOptions()
    kinds = tuple(dict.fromkeys(to))
    if not kinds:
        raise OutputError("fill.no_type")
    # Built before DIR is touched: an unknown type or a broken template is a usage error that
    # leaves no report.json behind (and a worker process would only die on it).
    renderers = make_renderers(form, kinds, options)
    folder = prepare_out_dir(Path(out_dir), form, force=force).resolve()
    report = FillReport(form.id, folder, kinds, options.draft)

    def collect(outcomes: list[RecordOutcome]) -> None:
        for outcome in outcomes:
            report.records.append(outcome)
            if progress is not None:
                progress(outcome)

    chunks = _chunks(_jobs(records), CHUNK_SIZE)
    try:
        if jobs <= 1:
            worker = _Worker(form, kinds, options, folder, force, renderers)
            try:
                for chunk in chunks:
                    outcomes, interrupted = worker.run_chunk(chunk)
                    collect(outcomes)
                    if interrupted:
                        raise KeyboardInterrupt
            finally:
                worker.close()
        else:
            _run_pool(form, kinds, options, folder, force, jobs, chunks, collect)
    finally:
        report.records.sort(key=lambda outcome: outcome.position)
        data = json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
        try:
            write_atomic(folder / REPORT_NAME, data.encode("utf-8"))
        except OSError as exc:  # a full disk, say: a clear error, not a traceback
            raise OutputError("fill.report", path=folder / REPORT_NAME, reason=os_reason(exc)) from exc
    return report


def _run_pool(
    form: Form,
    kinds: tuple[str, ...],
    options: RenderOptions,
    folder: Path,
    force: bool,
    jobs: int,
    chunks: Iterator[list[_Job]],
    collect: Callable[[list[RecordOutcome]], None],
) -> None:
    """Run *chunks* on *jobs* processes, every chunk handed out ending in report.json.

    A worker process that dies (a crash in a native library, the OOM killer)
    breaks the whole pool: the records of every chunk in flight are ``failed``
    (rule ``worker``) and a new pool takes the chunks not yet started.
    """
    setup = (form, kinds, options, folder, force)
    remaining: Iterator[list[_Job]] | None = chunks
    while remaining is not None:
        remaining = _run_until_broken(setup, jobs, remaining, collect)


def _run_until_broken(
    setup: tuple[Form, tuple[str, ...], RenderOptions, Path, bool],
    jobs: int,
    chunks: Iterator[list[_Job]],
    collect: Callable[[list[RecordOutcome]], None],
) -> Iterator[list[_Job]] | None:
    """Run chunks in one pool until they are done (None) or it breaks (the chunks not yet started)."""
    form, folder = setup[0], setup[3]
    pending: dict[cf.Future[list[RecordOutcome]], list[_Job]] = {}
    broken = False

    def finish(done: Iterable[cf.Future[list[RecordOutcome]]]) -> None:
        nonlocal broken
        for future in done:
            chunk = pending.pop(future)
            error = future.exception()  # waits; a Ctrl-C in this process propagates from here
            if error is None:
                collect(future.result())
                continue
            broken = broken or isinstance(error, cf.process.BrokenProcessPool)
            collect([_unfinished(form, folder, job, error) for job in chunk])

    with cf.ProcessPoolExecutor(jobs, initializer=_init_process, initargs=setup) as pool:
        try:
            for chunk in chunks:
                while len(pending) >= 2 * jobs and not broken:
                    finish(cf.wait(pending, return_when=cf.FIRST_COMPLETED)[0])
                if not broken:
                    try:
                        pending[pool.submit(_run_chunk_in_process, chunk)] = chunk
                        continue
                    except cf.process.BrokenProcessPool:
                        pass
                return itertools.chain([chunk], chunks)
            return None
        finally:
            finish(list(pending))  # also after an error while reading: what was handed out is reported


def _unfinished(form: Form, folder: Path, job: _Job, error: BaseException) -> RecordOutcome:
    """The outcome of a record whose worker stopped before returning it; its temp files are removed."""
    # A killed process leaves its atomic writes' temp files (".<name>.<random>.tmp") behind.
    for leftover in folder.glob(f".{glob.escape(base_name(form, job.position, job.data))}.*.tmp"):
        leftover.unlink(missing_ok=True)
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
) -> FillReport:
    """Validate and render every record of *inputs* into *out_dir*; write report.json there.

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
    options = RenderOptions(draft=draft, flatten=flatten, settings=settings or Settings(), templates=dict(templates or {}))
    return fill_records(
        form, _read_inputs(paths, form), out_dir, to=to, jobs=jobs, options=options, force=force, progress=progress
    )
