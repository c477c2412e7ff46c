"""``formkit due``: what is due or overdue across the records of every form, for people, tools or a calendar."""

from __future__ import annotations

import json
from datetime import datetime

import click

from formkit.cli.common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, handle_errors, settings_from
from formkit.due import DEFAULT_WITHIN, due_report
from formkit.due.report import format_text, to_dict, to_ics
from formkit.i18n import shown_path, text


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="The date to judge on (default: the run's reference date, --today or the setting, else today).")
@click.option("--within", type=click.IntRange(0, 3660), default=DEFAULT_WITHIN, show_default=True, metavar="DAYS",
              help="Also list what falls due this many days ahead.")
@click.option("--format", "output", type=click.Choice(["text", "json", "ics"]), default="text", show_default=True,
              help="text for people, json for tools, ics for a calendar (no personal data).")
@click.option("--names", is_flag=True, help="Show the name of the person each item is about (text and json; never in ics).")
@click.option("--lang", "lang", type=click.Choice(["sv", "nb"]), default=None,
              help="The language of the whole list (default: [dokument] sprak, Swedish).")
@click.pass_context
@handle_errors
def due(
    ctx: click.Context, inputs: tuple[str, ...], on: datetime | None, within: int, output: str, names: bool, lang: str | None
) -> None:
    """List what is due or overdue in the records of INPUT..., soonest first.

    \b
    INPUT is a filled PDF of any form, a .json/.jsonl file of the lines
    `formkit extract` writes ({"form", "data"} with an optional "source"),
    or a folder of them (subfolders too). In a folder, what is not read
    (hidden and lock files, formkit's own outputs, other file types, pipes,
    broken links) is listed as skipped; a file that cannot be read is listed
    and the rest still read. Records of one person are linked by their
    personnummer, which is never shown.

    \b
    Listed: the deadlines each form declares in its schema (x-formkit due:
    follow-up meetings, Sel tiltak, återkoppling on avvikelserapporter,
    tasks in minnesanteckningar, Västbas reviews and evaluations, SIP cost
    allocations after an emergency placement, invited meetings), consents
    that end within the window or have ended while a plan still refers to
    the child, plans and invitations whose organisations no consent valid on
    their date covers, and the municipality's standing collaboration times.
    Each line names the date, what is due, the form, the file and the record;
    names only with --names. A date typed as no date (2025-11-31) is listed
    as unreadable at its field.

    \b
    Exit status: 0 nothing overdue, 1 something overdue, 2 usage error or an
    input or date that could not be read (the others are still listed), and
    2 when no record at all could be read.

    \b
    Examples:
      formkit due samples/arenden --date 2025-11-01
      formkit due inkommet/ poster.jsonl --within 14 --format json
      formkit due arenden/ --format ics > att-gora.ics
    """  # fmt: skip
    settings = settings_from(ctx)
    report = due_report(inputs, settings, date=on.date() if on is not None else None, within=within, language=lang)
    said = report.language()
    for source, kind in report.skipped:
        click.echo(text(said, "due.skipped", source=source, reason=text(said, f"folder.skipped.{kind}")), err=True)
    for source, message in report.unreadable:
        shown = message.render(said)
        # Most reasons name the file themselves: then it is not named twice.
        if shown_path(source) in shown:
            click.echo(text(said, "report.unreadable", message=shown), err=True)
        else:
            click.echo(text(said, "due.unreadable", source=source, message=shown), err=True)
    if output == "ics":
        # A run on a fixed date (--date, --today, referensdatum) is reproducible; otherwise it writes "now",
        # so a later run's entries supersede earlier ones (SEQUENCE).
        fixed = on is not None or settings.referensdatum is not None
        click.echo(to_ics(report, report.date if fixed else settings.reference_instant()), nl=False)
    elif output == "json":
        click.echo(json.dumps(to_dict(report, names=names), ensure_ascii=False, indent=2))
    else:
        for line in format_text(report, names=names):
            click.echo(line)
    if report.unreadable or not report.records:
        raise SystemExit(EXIT_USAGE)
    raise SystemExit(EXIT_INVALID if report.overdue else EXIT_OK)
