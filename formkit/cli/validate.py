"""``formkit validate``: the verdict on every record of the inputs, for people (text) or tools (JSON)."""

from __future__ import annotations

from collections.abc import Iterator

import click

from formkit.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    form_argument,
    handle_errors,
    settings_from,
    text_or_json,
    usage,
)
from formkit.model.catalog import Form
from formkit.validation.report import ValidationRun, json_document, text_lines


@click.command()
@click.argument("form", callback=form_argument, metavar="FORM", is_eager=True)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@text_or_json
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@click.option(
    "--with-consents",
    "consents",
    multiple=True,
    metavar="FILE",
    help="Samtycken (files or folders, repeatable): each record must be covered by one valid on its date.",
)
@click.pass_context
@handle_errors
def validate(
    ctx: click.Context, form: Form, inputs: tuple[str, ...], output: str, strict: bool, consents: tuple[str, ...]
) -> None:
    """Validate the records in INPUT... against FORM.

    \b
    INPUT is a .json file (one object or an array of them), .jsonl (one
    object per line), .csv (comma or semicolon separated, UTF-8) or .xlsx
    (first sheet); in tables each header is a dot path such as barn.namn or
    vardnadshavare.0.personnummer, one record per row. Filled PDFs of the
    form (.pdf) are read too.

    \b
    Problems name the field by its dot path and never show its value;
    messages are in the form's language.
    Exit status: 0 every record valid (warnings allowed unless --strict),
    1 some record has an error, 2 usage error, unknown form or unreadable input
    (the other inputs are still judged).

    \b
    --format json prints one document, written as the records are judged:
      {"results": [{"source", "record", "valid",
        "problems": [{"path", "severity", "rule", "message"}]}], "valid": bool}
    plus "unreadable": [{"source", "message"}] when an input could not be read.

    \b
    --with-consents reads samtycken (filled PDFs, `formkit extract` lines or
    plain samtycke records) and checks that every organisation type a record
    involves is listed by one consent for the same person (by personnummer)
    valid on the record's date: error samtycke_tackning otherwise.
    """  # fmt: skip
    settings = settings_from(ctx)
    extra = []
    if consents:
        from formkit.due.coverage import consent_rule, needs_consent

        if not needs_consent(form):
            usage("coverage.not_needed", form=form.id)
        extra.append(consent_rule(form, consents, settings))
    run = ValidationRun(form, inputs, settings, extra_rules=extra)
    _write(json_document(run) if output == "json" else _lines(text_lines(run)))
    if run.unreadable:
        raise SystemExit(EXIT_USAGE)
    if not run.valid or (strict and run.has_warnings()):
        raise SystemExit(EXIT_INVALID)
    raise SystemExit(EXIT_OK)


def _lines(lines: Iterator[str]) -> Iterator[str]:
    for line in lines:
        yield line + "\n"


def _write(pieces: Iterator[str], batch: int = 256) -> None:
    """Write *pieces* as they come, a few hundred at a time (one write per record costs more than judging it)."""
    held: list[str] = []
    for piece in pieces:
        held.append(piece)
        if len(held) >= batch:
            click.echo("".join(held), nl=False)
            held.clear()
    if held:
        click.echo("".join(held), nl=False)
