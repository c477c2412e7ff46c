"""`formkit extract`: read filled PDF and Word forms back as JSON records, one line per file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from formkit.cli.common import EXIT_OK, EXIT_USAGE, handle_errors, language, say, settings_from
from formkit.errors import PdfError, SourceError
from formkit.i18n import shown_path
from formkit.model.catalog import get_form
from formkit.settings import Settings
from formkit.sources.pdf import Extracted, read_filled_pdf


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FILE...")
@click.option("--form", "form_id", metavar="FORM", help="Fail a file that is not this form.")
@click.option("--indent", type=int, default=None, help="Pretty-print each record with this indent.")
@click.pass_context
@handle_errors
def extract(ctx: click.Context, files: tuple[Path, ...], form_id: str | None, indent: int | None) -> None:
    """Read filled PDF forms (from formkit, Acrobat, Preview, a browser…) and Word forms back as records.

    \b
    Prints {"source": "<file>", "form": "<id>", "data": {...}} per file, one
    JSON document per line: types restored from the schema, empty fields left
    out, lists rebuilt from their rows and the addendum. The form is told by
    the fields; a file whose document info names another form is refused. A
    file that cannot be read (not a PDF, damaged, encrypted, no form, another
    form than --form) gets a one-line error on stderr and exit code 2, as an
    unreadable input has in every command; the other files are still read.
    A file with active content (scripts, actions, embedded files) is read for
    its values, never run, and said so on stderr; so is each field holding a
    value that the form does not have (added by another tool): its value is
    not in the record. A Word form (.docx) is read from its content controls,
    tagged with the fields' paths; one with macros, external links or XML
    entities is refused.

    \b
    Examples:
      formkit extract plan.pdf
      formkit extract inkommet/*.pdf --form avvikelserapport > rapporter.jsonl
    """
    settings = settings_from(ctx)
    if form_id is not None:
        # An unknown id is a usage error (exit 2), not a mismatch in every file; the form's language is the command's.
        ctx.find_root().obj["language"] = get_form(form_id, settings).language
    failed = False
    for path in files:
        try:
            found = _read(path, settings)
            if form_id is not None and found.form != form_id:
                raise PdfError("pdf.wrong_form", path=path.name, found=found.form, wanted=form_id)
        except SourceError as exc:
            click.echo(say("cli.error", message=exc.message(language())), err=True)
            failed = True
            continue
        if found.active:
            click.echo(f"formkit: {say('pdf.active_file', path=path, what=', '.join(found.active))}", err=True)
        for field in found.unknown:
            click.echo(f"formkit: {say('pdf.unknown_field_file', path=path, field=field, form=found.form)}", err=True)
        for field in found.changed:
            click.echo(f"formkit: {say('pdf.changed_file', path=path, field=field)}", err=True)
        line = {"source": shown_path(path), "form": found.form, "data": found.data}
        click.echo(json.dumps(line, ensure_ascii=False, indent=indent))
    raise SystemExit(EXIT_USAGE if failed else EXIT_OK)


def _read(path: Path, settings: Settings) -> Extracted:
    """A filled form by its suffix: a Word form's content controls, else a PDF's fields."""
    if path.suffix.lower() in (".docx", ".docm", ".dotm"):
        from formkit.sources.docx import read_filled_docx

        form, data = read_filled_docx(path, settings)
        return Extracted(form, data)
    return read_filled_pdf(path, settings)
