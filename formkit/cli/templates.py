"""``formkit templates build|check``: the default templates from the schemas, and checking a template against its form."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from formkit.cli.common import EXIT_INVALID, EXIT_OK, handle_errors, language, settings_from, usage
from formkit.i18n import os_reason, text
from formkit.model.catalog import Form, get_form, list_forms

if TYPE_CHECKING:
    from formkit.render.docx.check import TemplateIssue
    from formkit.settings import Settings

TEMPLATE_TYPES = ("docx", "pdf")


def _split_types(values: tuple[str, ...]) -> tuple[str, ...]:
    kinds = [kind.strip().lower() for value in values for kind in value.split(",") if kind.strip()]
    return tuple(dict.fromkeys(kinds))


@click.group()
def templates() -> None:
    """Build and check the form templates in templates/bilagor/ (.docx and .pdf).

    A form from a folder named in formkit.toml keeps its templates beside its schema.
    """


def _forms(ctx: click.Context, form_id: str | None) -> list[Form]:
    """The form named, or every form (shipped and from formkit.toml's folders); its language is the command's."""
    settings = settings_from(ctx)
    if form_id is None:
        return list_forms(settings)
    form = get_form(form_id, settings)
    ctx.find_root().obj["language"] = form.language
    return [form]


def _kinds(to: tuple[str, ...]) -> tuple[str, ...]:
    kinds = _split_types(to) if to else TEMPLATE_TYPES
    for kind in kinds:
        if kind not in TEMPLATE_TYPES:
            usage("cli.unknown_template_type", kind=kind)
    return kinds


@templates.command()
@click.argument("form", required=False, metavar="[FORM]")
@click.option("--to", "to", multiple=True, help="docx, pdf or both (default both); repeat or comma-separate.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here (one FORM and one type only).")
@click.option("--force", is_flag=True, help="Overwrite an existing template.")
@click.pass_context
@handle_errors
def build(ctx: click.Context, form: str | None, to: tuple[str, ...], output: Path | None, force: bool) -> None:
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
    from formkit.atomic import check_output_file, write_atomic
    from formkit.render.context import secrecy_marking
    from formkit.render.docx.template import write_template
    from formkit.render.pdf.template import build_pdf_template

    kinds = _kinds(to) if to or output is None else _kinds((output.suffix.lstrip("."),))
    if output is not None and (form is None or len(kinds) != 1):
        usage("cli.output_needs_one")
    for item in _forms(ctx, form):
        for kind in kinds:
            target = output or item.template_path(kind)
            check_output_file(target)  # a link, FIFO or device is never replaced (nor written through)
            if target.exists() and not force:
                usage("cli.exists", path=target)
            try:
                if kind == "docx":
                    write_template(item, target)
                else:
                    # The blank form prints the installation's marking; Word's template reads it when filled.
                    marking = secrecy_marking(item, settings_from(ctx))
                    write_atomic(target, build_pdf_template(item, secrecy=marking))
            except OSError as exc:  # a missing or read-only folder: a usage error, not a traceback
                usage("cli.cannot_write_template", path=target, reason=os_reason(exc))
            click.echo(str(target))


def _active_content_issues(path: Path) -> list[TemplateIssue]:
    """A PDF template with scripts, actions or embedded files: an error (fill would copy it into every form)."""
    from formkit.errors import PdfError
    from formkit.pdfio.active import active_content_in_file
    from formkit.render.docx.check import TemplateIssue

    try:
        found = active_content_in_file(path)
    except PdfError:
        return []  # unreadable: check_pdf_template already says so
    if not found:
        return []
    return [TemplateIssue("error", "", text(language(), "pdf.template_active", path=path.name, what=", ".join(found)))]


def _sample_issues(form: Form, kind: str, template: Path | None, settings: Settings) -> list[TemplateIssue]:
    """Fill the form's sample record into the template, as ``fill`` would: a template that fails it fails every record."""
    import json

    from formkit.errors import FormkitError
    from formkit.render.base import RenderOptions, renderer_factory
    from formkit.render.docx.check import TemplateIssue
    from formkit.validation.normalize import normalize_record

    path = form.sample_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [TemplateIssue("warning", "", text(form.language, "template.check.no_sample", path=path.name))]
    options = RenderOptions(settings=settings, templates={kind: template} if template is not None else {})
    try:
        renderer = renderer_factory(kind)(form, settings, options)
        renderer.render(normalize_record(form, data, settings.reference_date()))
    except FormkitError as exc:
        said = text(form.language, "template.check.sample_fails", message=exc.message(form.language))
        return [TemplateIssue("error", "", said)]
    return []


@templates.command()
@click.argument("form", required=False, metavar="[FORM]")
@click.option("--to", "to", multiple=True, help="docx, pdf or both (default both); repeat or comma-separate.")
@click.option(
    "--template",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Check this .docx or .pdf instead of the shipped one (one FORM only).",
)
@click.pass_context
@handle_errors
def check(ctx: click.Context, form: str | None, to: tuple[str, ...], template: Path | None) -> None:
    """Check templates against their schemas.

    \b
    .docx: an unknown placeholder (with its part and paragraph) and a Jinja
    syntax error (with the text around it) are errors; a required property
    the template never shows is a warning.
    .pdf: a field whose name is no path of the schema, and a required field
    without a box, are errors.
    Both: the form's sample record (`formkit sample FORM`) is then filled in,
    as `formkit fill` would; a template that fails it is an error.
    Every shipped template without FORM. Exit 1 on any error.
    """
    from formkit.render.docx.check import TemplateIssue, check_template
    from formkit.render.pdf.template import check_pdf_template

    if template is not None and form is None:
        usage("cli.template_needs_form")
    kinds = (template.suffix.lower().lstrip("."),) if template is not None else _kinds(to)
    errors = 0
    for item in _forms(ctx, form):
        for kind in kinds:
            if kind == "docx":
                issues = check_template(item, template)
            elif kind == "pdf":
                issues = [TemplateIssue("error", "", message) for message in check_pdf_template(item, template)]
                issues.extend(_active_content_issues(template or item.template_path("pdf")))
            else:
                usage("cli.template_type", path=template)
            if not any(issue.severity == "error" for issue in issues):
                issues.extend(_sample_issues(item, kind, template, settings_from(ctx)))
            errors += sum(1 for issue in issues if issue.severity == "error")
            for issue in issues:
                severity = text(item.language, f"check.cli.{issue.severity}")
                where = f"{issue.where}: " if issue.where else ""
                click.echo(f"{item.id}.{kind}: {severity}: {where}{issue.message}")
            if not issues:
                click.echo(f"{item.id}.{kind}: {text(item.language, 'template.check.ok')}")
    raise SystemExit(EXIT_INVALID if errors else EXIT_OK)
