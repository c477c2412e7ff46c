"""The ``fill`` command and the ``templates`` group (build, check): thin shells over fill.py and the template modules."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from formkit.batch import FillReport, RecordOutcome, fill_batch
from formkit.cli.common import EXIT_INVALID, EXIT_OK, fail, form_argument, handle_errors, settings_from
from formkit.model.catalog import Form, get_form, list_forms


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[RecordOutcome], None] | None]:
    """A rich progress line on a terminal (counts only, never a value); nothing otherwise."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("records", total=None)
        yield lambda outcome: bar.advance(task)


TEMPLATE_TYPES = ("docx", "pdf")


def _templates_by_type(paths: tuple[Path, ...]) -> dict[str, Path]:
    chosen: dict[str, Path] = {}
    for path in paths:
        kind = path.suffix.lower().lstrip(".")
        if kind not in TEMPLATE_TYPES:
            fail(f"{path}: a template is a .docx or a .pdf file")
        if kind in chosen:
            fail(f"--template given twice for {kind}")
        chosen[kind] = path
    return chosen


def _split_types(values: tuple[str, ...]) -> tuple[str, ...]:
    kinds = [kind.strip().lower() for value in values for kind in value.split(",") if kind.strip()]
    return tuple(dict.fromkeys(kinds)) or ("docx",)


@click.command()
@click.argument("form", callback=form_argument, metavar="FORM")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="INPUT...")
@click.option(
    "--out",
    "out_dir",
    required=True,
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the files.",
)
@click.option("--to", "to", multiple=True, help="Output type: docx (default) or pdf; repeat or comma-separate for both.")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes.")
@click.option("--draft", is_flag=True, help="Render incomplete records; missing values print as empty lines.")
@click.option("--force", is_flag=True, help="Overwrite files (and report.json) already in the folder.")
@click.option("--flatten", is_flag=True, help="PDF: flatten the filled form fields.")
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
    template_files: tuple[Path, ...],
) -> None:
    """Validate each record of INPUT... and write one file per record and output type to DIR.

    \b
    Files are named <form>-<n>[-<id>].<ext> by the record's position in the batch
    (and its `id` where the form has one), never by personal data. DIR gets a
    report.json listing every record: source, record, status (written, invalid,
    failed), files and problems. An invalid record is not rendered and does not
    stop the others. Exit 1 when any record was invalid or failed, 2 for usage
    errors (unknown form, unreadable input, DIR already holding output without
    --force).

    \b
    Examples:
      formkit fill genomforandeplan planer.csv --out ut/
      formkit fill avvikelserapport rapporter.xlsx --out ut/ --to docx,pdf --jobs 2
    """
    settings = settings_from(ctx)
    kinds = _split_types(to)
    templates = _templates_by_type(template_files)
    for kind, path in templates.items():
        if kind not in kinds:  # it would be silently ignored
            fail(f"{path}: a .{kind} template, but --to is {','.join(kinds)}")
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
        )
    click.echo(report.summary_line(), err=True)
    raise SystemExit(report.exit_code)


@click.group()
def templates() -> None:
    """Build and check the form templates in templates/bilagor/ (.docx and .pdf)."""


def _kinds(to: tuple[str, ...]) -> tuple[str, ...]:
    kinds = _split_types(to) if to else TEMPLATE_TYPES
    for kind in kinds:
        if kind not in TEMPLATE_TYPES:
            fail(f"unknown template type {kind!r}; use docx or pdf")
    return kinds


@templates.command()
@click.argument("form", required=False, metavar="[FORM]")
@click.option("--to", "to", multiple=True, help="docx, pdf or both (default both); repeat or comma-separate.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here (one FORM and one type only).")
@click.option("--force", is_flag=True, help="Overwrite an existing template.")
@handle_errors
def build(form: str | None, to: tuple[str, ...], output: Path | None, force: bool) -> None:
    """Write the default templates of FORM from its schema.

    \b
    .docx: labels, sections in schema order, lists as growing tables, plus
    what each routine requires (sentences, signature lines).
    .pdf: a fillable AcroForm (A4) whose field names are the dot paths of
    the schema, a fixed number of rows per list.
    Every form without FORM; both types without --to.

    \b
    Examples:
      formkit templates build sip --to docx --force
      formkit templates build genomforandeplan --to pdf --output min-plan.pdf
    """
    from formkit.atomic import write_atomic
    from formkit.render.docx.template import write_template
    from formkit.render.pdf.template import build_pdf_template

    kinds = _kinds(to) if to or output is None else _kinds((output.suffix.lstrip("."),))
    if output is not None and (form is None or len(kinds) != 1):
        fail("--output needs one FORM and one type (--to, or the file's suffix)")
    for item in [get_form(form)] if form else list_forms():
        for kind in kinds:
            target = output or item.template_path(kind)
            if target.exists() and not force:
                fail(f"{target} exists; use --force to overwrite it")
            try:
                if kind == "docx":
                    write_template(item, target)
                else:
                    write_atomic(target, build_pdf_template(item))
            except OSError as exc:  # a missing or read-only folder: a usage error, not a traceback
                fail(f"{target}: cannot write the template ({exc.strerror or exc.__class__.__name__})")
            click.echo(str(target))


@templates.command()
@click.argument("form", required=False, metavar="[FORM]")
@click.option("--to", "to", multiple=True, help="docx, pdf or both (default both); repeat or comma-separate.")
@click.option(
    "--template",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Check this .docx or .pdf instead of the shipped one (one FORM only).",
)
@handle_errors
def check(form: str | None, to: tuple[str, ...], template: Path | None) -> None:
    """Check templates against their schemas.

    \b
    .docx: an unknown placeholder (with its part and paragraph) and a Jinja
    syntax error (with the text around it) are errors; a required property
    the template never shows is a warning.
    .pdf: a field whose name is no path of the schema, and a required field
    without a box, are errors.
    Every shipped template without FORM. Exit 1 on any error.
    """
    from formkit.render.docx.check import TemplateIssue, check_template
    from formkit.render.pdf.template import check_pdf_template

    if template is not None and form is None:
        fail("--template needs a FORM")
    kinds = (template.suffix.lower().lstrip("."),) if template is not None else _kinds(to)
    errors = 0
    for item in [get_form(form)] if form else list_forms():
        for kind in kinds:
            if kind == "docx":
                issues = check_template(item, template)
            elif kind == "pdf":
                issues = [TemplateIssue("error", "", message) for message in check_pdf_template(item, template)]
            else:
                fail(f"{template}: a template is a .docx or a .pdf file")
            errors += sum(1 for issue in issues if issue.severity == "error")
            for issue in issues:
                click.echo(f"{item.id}.{kind}: {issue}")
            if not issues:
                click.echo(f"{item.id}.{kind}: ok")
    raise SystemExit(EXIT_INVALID if errors else EXIT_OK)


__all__ = ["build", "check", "fill", "templates"]
