"""A batch run (``formkit fill``): validate each record, render it, write files atomically, report.

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
appeared meanwhile fails only its record, never replaced. Only a regular file
is ever replaced: a link, FIFO, device or folder under an output name is refused
up front, with ``force`` too. ``force`` overwrites, and once the batch is
complete removes the earlier batch's files it did not write when the earlier
report.json lists them unchanged; any other earlier file is kept and listed
as stale (:class:`formkit.batch.folder.Earlier`). Another form's report.json
is never replaced.

report.json is written twice: before the first record (``"complete": false,
"reason": "running"``, so a run killed with ``kill -9`` leaves no report
claiming a finished batch), and after the last, saying whether the batch is
complete and why not (the signal, ``disk_full``, ``input_error``). A write that
fails for want of space stops the batch: the record being written is removed
whole, and :class:`formkit.batch.stop.BatchIncomplete` says how many files are whole.

Interruptions. SIGINT (Ctrl-C), SIGTERM (a scheduler, ``timeout``, systemd) and
SIGHUP end a batch the same way: the batch stops handing out records, the
records already handed out finish (with ``jobs > 1`` the chunks in flight),
report.json lists them all, and the signal is raised as KeyboardInterrupt
after it is written. A worker process that dies (a crash, SIGKILL) fails the
records it held; once its pool has stopped, the files and temp files of those
records are removed, so the invariant holds after any of these: a file in
DIR is exactly a file report.json lists (as written, or as stale). A worker whose parent
died (``kill -9``) exits by itself within a second (:func:`formkit.batch.pool._watch_parent`).

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

import contextlib
import dataclasses
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

from formkit.atomic import write_atomic
from formkit.batch.folder import Earlier, prepare_out_dir, remove_stale_temp_files, survey
from formkit.batch.pool import CHUNK_SIZE, Chunks, jobs_of, run_pool
from formkit.batch.report import CHECKSUMS_NAME, REPORT_NAME, FillReport, RecordOutcome, checksum_lines, report_json
from formkit.batch.stop import BatchIncomplete, BatchInterrupted, StopRequest
from formkit.batch.worker import Worker
from formkit.errors import OutputError, SourceError
from formkit.folderlock import lock_folder
from formkit.i18n import os_reason, text
from formkit.model.catalog import Form
from formkit.render.base import Renderer, RenderOptions, close_renderers, make_renderers
from formkit.settings import Settings
from formkit.sources import Record, read_records

ARCHIVE_TYPES = {"pdf": "pdf-arkiv", "docx": "docx-arkiv"}
"""The archival output type that ``archive`` adds for each output type that has one."""


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
    lock taken over, a killed run's temp files removed, earlier files kept as
    stale), in the form's language; by default it goes to stderr.
    """
    options = options or RenderOptions()
    notify = notify or _announce
    kinds = tuple(dict.fromkeys(to))
    if not kinds:
        raise OutputError("fill.no_type")
    check_templates(options)
    with _scratch(options) as options:
        # Built before DIR is touched: an unknown type or a broken template is a usage error that
        # leaves no report.json behind (and a worker process would only die on it).
        renderers = make_renderers(form, kinds, options)
        try:
            with StopRequest() as stop:
                folder = prepare_out_dir(Path(out_dir))
                lock = lock_folder(folder)
                try:
                    if lock.stale_holder is not None:
                        notify(text(form.language, "fill.stale_lock", path=folder, pid=lock.stale_holder))
                    removed = remove_stale_temp_files(folder)
                    if removed:
                        notify(text(form.language, "fill.stale_temp", path=folder, count=removed))
                    earlier = survey(folder, form, force=force)
                    run = _Run(form, folder.resolve(), kinds, options, force, checksums, earlier, progress)
                    report = run.fill(records, renderers, jobs, stop)
                    if report.stale:
                        notify(text(form.language, "fill.stale", path=folder, count=len(report.stale)))
                finally:
                    lock.release()
        finally:
            close_renderers(renderers)
    return report


@contextlib.contextmanager
def _scratch(options: RenderOptions) -> Iterator[RenderOptions]:
    """*options* with a scratch folder for the renderers, removed when the batch ends, whatever its workers did."""
    if options.scratch is not None:
        yield options
        return
    folder = Path(tempfile.mkdtemp(prefix="formkit-batch-"))
    try:
        yield dataclasses.replace(options, scratch=folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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


class _Run:
    """One batch in a locked folder: report.json first says it is running, last what came of every record."""

    def __init__(
        self,
        form: Form,
        folder: Path,
        kinds: tuple[str, ...],
        options: RenderOptions,
        force: bool,
        checksums: bool,
        earlier: Earlier,
        progress: Callable[[RecordOutcome], None] | None,
    ) -> None:
        self.form, self.folder, self.options, self.force, self.checksums = form, folder, options, force, checksums
        self.earlier = earlier
        self.progress = progress
        self.report = FillReport(form.id, folder, kinds, options.draft, stale=sorted(earlier.files))
        self.disk_full = False

    def collect(self, outcomes: list[RecordOutcome]) -> None:
        for outcome in outcomes:
            self.report.records.append(outcome)
            self.disk_full = self.disk_full or any(p.rule == "disk_full" for p in outcome.problems)
            if self.progress is not None:
                self.progress(outcome)

    def fill(self, records: Iterable[Record], renderers: list[Renderer], jobs: int, stop: StopRequest) -> FillReport:
        """Fill every record; report.json is written before the first and after the last, whatever happened between."""
        report, kinds = self.report, self.report.to
        # Written before any record: a run killed with kill -9 leaves a report that says it did not finish.
        self._write_report()
        chunks = Chunks(jobs_of(records), CHUNK_SIZE)
        reason: str | None = None
        try:
            if jobs <= 1:
                worker = Worker(self.form, kinds, self.options, self.folder, self.force, renderers)
                try:
                    for chunk in chunks:
                        if stop.requested() or self.disk_full:
                            break
                        outcomes, cut = worker.run_chunk(chunk, stop.requested)
                        self.collect(outcomes)
                        if cut is not None:
                            reason = _signal_name(stop.signum) if cut == "signal" else cut
                            break
                finally:
                    worker.close()
            else:
                exts = tuple(renderer.ext for renderer in renderers)
                halted = lambda: stop.requested() or self.disk_full  # noqa: E731 - read between chunks
                run_pool(self.form, kinds, exts, self.options, self.folder, self.force, jobs, chunks, self.collect, halted)
        except KeyboardInterrupt:
            reason = _signal_name(stop.signum or signal.SIGINT)
            raise
        except SourceError:  # an input that breaks deep inside: the records before it are reported
            reason = "input_error"
            raise
        except BaseException:
            reason = "error"
            raise
        finally:
            if reason is None and stop.requested():
                reason = _signal_name(stop.signum)
            if reason is None and self.disk_full:
                reason = "disk_full"
            self._finish(reason)
        if reason == "disk_full":
            files, written = report.files(), report.count("written")
            raise BatchIncomplete("fill.disk_full", report, path=self.folder, files=files, records=written)
        if reason is not None:  # a signal
            raise BatchInterrupted(stop.signum or signal.SIGINT)
        return report

    def _finish(self, reason: str | None) -> None:
        report = self.report
        report.records.sort(key=lambda outcome: outcome.position)
        report.complete, report.reason = reason is None, reason
        written = {name for outcome in report.records for name in outcome.files}
        if self.checksums:
            written.add(CHECKSUMS_NAME)
        report.stale = self.earlier.settle(self.folder, written, complete=report.complete)
        self._write_report(final=True)

    def _write_report(self, *, final: bool = False) -> None:
        """report.json (and SHA256SUMS); the first replaces an earlier run's only with *force*, the last our own."""
        report, overwrite = self.report, self.force or final
        try:
            write_atomic(self.folder / REPORT_NAME, report_json(report), overwrite=overwrite)
            if final and self.checksums:
                write_atomic(self.folder / CHECKSUMS_NAME, checksum_lines(report).encode("utf-8"), overwrite=self.force)
        except OSError as exc:  # a full disk, say: a clear error, not a traceback
            if not final:
                raise OutputError("fill.report", path=self.folder / REPORT_NAME, reason=os_reason(exc)) from exc
            raise OutputError(
                "fill.report_lost", path=self.folder / REPORT_NAME, reason=os_reason(exc), files=report.files()
            ) from exc


def _signal_name(signum: int | None) -> str:
    return signal.Signals(signum).name if signum is not None else "SIGINT"


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
