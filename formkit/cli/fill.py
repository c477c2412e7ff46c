"""``formkit fill``: validate and render every record of the inputs into a folder, with report.json."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from formkit.batch import REPORT_NAME, BatchInterrupted, FillReport, RecordOutcome, fill_batch
from formkit.cli.common import form_argument, handle_errors, language, say, settings_from, usage
from formkit.model.catalog import Form
from formkit.render.base import can_render, output_types
from formkit.validation.report import RecordLines


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[RecordOutcome], None]]:
    """What a person sees while a batch runs, on stderr: each record that was not written with its first
    problems (as ``validate`` prints them), and on a terminal a rich progress line (counts only, never a value)."""
    shown = RecordLines(language())
    verdicts = {"invalid": say("report.invalid"), "failed": say("report.failed")}

    def lines(outcome: RecordOutcome) -> list[str]:
        if outcome.status == "written":
            return []
        return shown.lines(outcome.source, outcome.record, verdicts[outcome.status], outcome.problems)

    if not enabled:

        def echo(outcome: RecordOutcome) -> None:
            for line in lines(outcome):
                click.echo(line, err=True)

        yield echo
        return
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(say("word.records"), total=None)

        def advance(outcome: RecordOutcome) -> None:
            for line in lines(outcome):
                bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
            bar.advance(task)

        yield advance


TEMPLATE_TYPES = ("docx", "pdf")
ARCHIVE_TYPES = ("pdf-arkiv", "docx-arkiv")
"""Renderers that --archive adds; --to takes the others (docx, pdf, ics and any a plug-in registers)."""


def _templates_by_type(paths: tuple[Path, ...]) -> dict[str, Path]:
    chosen: dict[str, Path] = {}
    for path in paths:
        kind = path.suffix.lower().lstrip(".")
        if kind not in TEMPLATE_TYPES:
            usage("cli.template_type", path=path)
        if kind in chosen:
            usage("cli.template_twice", kind=kind)
        chosen[kind] = path
    return chosen


def _split_types(values: tuple[str, ...]) -> tuple[str, ...]:
    kinds = [kind.strip().lower() for value in values for kind in value.split(",") if kind.strip()]
    return tuple(dict.fromkeys(kinds)) or ("docx",)


@click.command()
@click.argument("form", callback=form_argument, metavar="FORM", is_eager=True)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="INPUT...")
@click.option(
    "--out",
    "out_dir",
    required=True,
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the files.",
)
@click.option(
    "--to",
    "to",
    multiple=True,
    help="Output type: docx (default), pdf, or ics (a calendar entry, for a form naming a meeting); "
    "repeat or comma-separate for several.",
)
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes.")
@click.option("--draft", is_flag=True, help="Render incomplete records; missing values print as empty lines.")
@click.option("--force", is_flag=True, help="Overwrite files (and report.json) already in the folder.")
@click.option("--flatten", is_flag=True, help="PDF: flatten the filled form fields.")
@click.option(
    "--archive",
    is_flag=True,
    help="Also write an archival PDF/A-2 copy of each PDF (<name>.arkiv.pdf) and, through LibreOffice, "
    "of each Word document (<name>.word-arkiv.pdf): flattened, fonts embedded, no personal data in the metadata.",
)
@click.option(
    "--checksums",
    is_flag=True,
    help="Also write DIR/SHA256SUMS (every file written and its SHA-256; check with: sha256sum -c SHA256SUMS).",
)
@click.option(
    "--template",
    "template_files",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A .docx or .pdf template to use instead of the shipped one (by its suffix; repeatable).",
)
@click.pass_context
@handle_errors
def fill(
    ctx: click.Context,
    form: Form,
    inputs: tuple[Path, ...],
    out_dir: Path,
    to: tuple[str, ...],
    jobs: int,
    draft: bool,
    force: bool,
    flatten: bool,
    archive: bool,
    checksums: bool,
    template_files: tuple[Path, ...],
) -> None:
    """Validate each record of INPUT... and write one file per record and output type to DIR.

    \b
    Files are named <form>-<n>[-<id>].<ext> by the record's position in the batch
    (and its `id` where the form has one), never by personal data. DIR gets a
    report.json listing every record: source, record, status (written, invalid,
    failed), files with their SHA-256, and problems. An invalid record is not
    rendered and does not stop the others. Exit 1 when any record was invalid or
    failed, 2 for usage errors (unknown form, unreadable input, DIR already holding
    output without --force), 128+N when signal N (Ctrl-C, SIGTERM) ended the run
    (report.json still lists every record).

    \b
    Examples:
      formkit fill genomforandeplan planer.csv --out ut/
      formkit fill avvikelserapport rapporter.xlsx --out ut/ --to docx,pdf --jobs 2
      formkit fill sip planer.jsonl --out arkiv/ --to pdf --archive --checksums
    """
    settings = settings_from(ctx)
    kinds = _split_types(to)
    for kind in kinds:
        # The archive renderers are reached through --archive, not named. Only the named types' renderers are
        # imported here (every type's, for the list an unknown one gets): a PDF batch does not load Word's.
        if kind in ARCHIVE_TYPES or not can_render(kind):
            named = [known for known in output_types() if known not in ARCHIVE_TYPES]
            usage("fill.unknown_type", kind=kind, known=", ".join(named))
    if flatten and "pdf" not in kinds:  # it would be silently ignored: Word has no form fields to flatten
        usage("cli.flatten_needs_pdf", kinds=",".join(kinds))
    templates = _templates_by_type(template_files)
    for kind, path in templates.items():
        if kind not in kinds:  # it would be silently ignored
            usage("cli.template_unused", path=path, kind=kind, kinds=",".join(kinds))
    try:
        with _progress(sys.stderr.isatty()) as progress:
            report: FillReport = fill_batch(
                form,
                inputs,
                out_dir,
                to=kinds,
                jobs=jobs,
                draft=draft,
                force=force,
                settings=settings,
                templates=templates,
                flatten=flatten,
                progress=progress,
                archive=archive,
                checksums=checksums,
            )
    except KeyboardInterrupt as exc:
        signum = exc.signum if isinstance(exc, BatchInterrupted) else signal.SIGINT
        click.echo(say("fill.stopped", path=out_dir / REPORT_NAME), err=True)
        raise SystemExit(128 + int(signum)) from None
    click.echo(report.summary_line(language()), err=True)
    raise SystemExit(report.exit_code)
