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

import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

from formkit.atomic import write_atomic
from formkit.batch.folder import check_no_output, prepare_out_dir, remove_stale_temp_files
from formkit.batch.pool import CHUNK_SIZE, Chunks, jobs_of, run_pool
from formkit.batch.report import CHECKSUMS_NAME, REPORT_NAME, FillReport, RecordOutcome, checksum_lines, report_json
from formkit.batch.stop import BatchInterrupted, StopRequest
from formkit.batch.worker import Worker
from formkit.errors import OutputError
from formkit.folderlock import lock_folder
from formkit.i18n import os_reason, text
from formkit.model.catalog import Form
from formkit.render.base import (
    Renderer,
    RenderOptions,
    make_renderers,
)
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
    with StopRequest() as stop:
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
    stop: StopRequest,
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

    chunks = Chunks(jobs_of(records), CHUNK_SIZE)
    try:
        if jobs <= 1:
            worker = Worker(form, kinds, options, folder, force, renderers)
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
            run_pool(form, kinds, exts, options, folder, force, jobs, chunks, collect, stop)
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
