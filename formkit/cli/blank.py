"""``formkit blank``: the blank form to fill by hand, as a Word form with content controls or a fillable PDF."""

from __future__ import annotations

from pathlib import Path

import click

from formkit.cli.common import form_argument, handle_errors, settings_from, usage
from formkit.i18n import os_reason
from formkit.model.catalog import Form

BLANK_TYPES = ("docx", "pdf")


@click.command()
@click.argument("form", callback=form_argument, metavar="FORM")
@click.option("--to", "to", type=click.Choice(BLANK_TYPES), help="docx or pdf (default: from --out's suffix).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The file to write.")
@click.option("--template", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="A .docx template of FORM to use.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.pass_context
@handle_errors
def blank(ctx: click.Context, form: Form, to: str | None, out: Path, template: Path | None, force: bool) -> None:
    """Write the blank FORM for a person to fill in by hand.

    \b
    docx: a Word form whose every field is a content control tagged with its
    dot path (barn.namn, vardnadshavare.0.namn …, the form's spare rows
    included): date pickers, drop-down lists, check boxes; the rest of the
    document is protected so only the fields can be edited. `formkit extract`
    reads a filled one back.
    pdf: the fillable PDF form.
    The municipality and the secrecy marking come from formkit.toml.

    \b
    Examples:
      formkit blank genomforandeplan --to docx --out bilaga2.docx
      formkit blank samtycke --out samtycke.pdf
    """
    kind = to or out.suffix.lower().lstrip(".")
    if kind not in BLANK_TYPES:
        usage("cli.unknown_template_type", kind=kind)
    if out.exists() and not force:
        usage("cli.exists", path=out)
    settings = settings_from(ctx)
    from formkit.atomic import write_atomic

    if kind == "docx":
        from formkit.render.docx.blank import blank_docx

        data = blank_docx(form, settings, template)
    else:
        from formkit.render.pdf.blank import blank_pdf

        data = blank_pdf(form, settings)
    try:
        write_atomic(out, data)
    except OSError as exc:
        usage("cli.cannot_write_template", path=out, reason=os_reason(exc))
    click.echo(str(out))
