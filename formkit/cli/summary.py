"""The ``formkit summary`` command: a year of deviation reports to a workbook, a report to read and JSON.

Exit codes: 0 all reports counted or left out by year; 1 some reports were rejected
(listed on stderr by source, record, field and rule, never a value); 2 an input
could not be read or an output could not be written.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from formkit.atomic import atomic_open, check_output_file
from formkit.cli.common import EXIT_INVALID, handle_errors, say, settings_from, usage
from formkit.i18n import os_reason
from formkit.model.catalog import get_form
from formkit.summary.figures import FORM_ID, DeviationSummary, expand_inputs, summarize
from formkit.summary.workbook import write_per_verksamhet, write_workbook

REPORT_SUFFIXES = (".pdf", ".docx")
"""What ``--report`` writes: the document (python-docx) or its PDF/A-2 made by LibreOffice."""


@click.command("summary")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...", type=click.Path(path_type=Path))
@click.option("--year", type=click.IntRange(1900, 9999), required=True, help="The year of handelsedatum to summarise.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="The workbook (.xlsx).")
@click.option(
    "--report",
    "report_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The yearly report to read on paper: .pdf (PDF/A-2, through LibreOffice) or .docx.",
)
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), help="Also write the figures as JSON.")
@click.option(
    "--per-verksamhet",
    "per_verksamhet",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write one workbook per reporting organisation (named by the organisation) into this folder.",
)
@click.option(
    "--compare",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Reports of the year before (files or folders; repeatable), for the comparison. Only that year's are read.",
)
@click.option(
    "--detail",
    is_flag=True,
    help="Exact counts and dates (no small-count suppression): for the group's own secretary, not to be shared.",
)
@click.option(
    "--include-text",
    is_flag=True,
    help="Add the free text the form names (personnummer and fødselsnummer masked); internal use only.",
)
@click.option("--form", "form_id", default=FORM_ID, show_default=True, help="The deviation form (its x-formkit has a summary).")
@click.pass_context
@handle_errors
def summary(
    ctx: click.Context,
    inputs: tuple[Path, ...],
    year: int,
    out: Path | None,
    report_out: Path | None,
    json_out: Path | None,
    per_verksamhet: Path | None,
    compare: tuple[Path, ...],
    detail: bool,
    include_text: bool,
    form_id: str,
) -> None:
    """Summarise the deviation reports of one year into a workbook (--out), a report (--report) and JSON.

    \b
    INPUT is a .json, .jsonl, .csv or .xlsx file of avvikelserapporter (or a
    filled PDF), or a folder of such files; inputs may be mixed. A report
    belongs to the year of its handelsedatum; reports with the same id count
    once. The outputs hold no names, personnummer or free text unless
    --include-text is given; counts below minsta_antal (3) print as "<3" and
    the list gives months, not dates, unless --detail is given.

    \b
    Exit status: 0 every report valid, 1 some report was rejected (listed on
    stderr by field and rule, never its value), 2 usage error, unreadable
    input or unwritable output.
    """
    # Every output is checked before any work: a summary that ends in "cannot write" after reading a
    # year of reports, or a workbook written and then no JSON, is worse than a refusal up front.
    settings = settings_from(ctx)
    form = get_form(form_id, settings)
    if out is None and report_out is None and json_out is None and per_verksamhet is None:
        usage("cli.summary_no_output")
    if out is not None and out.suffix.lower() != ".xlsx":
        usage("cli.out_not_xlsx", path=out)
    if report_out is not None and report_out.suffix.lower() not in REPORT_SUFFIXES:
        usage("cli.report_suffix", path=report_out)
    if report_out is not None and report_out.suffix.lower() == ".pdf":
        from formkit.render.docx.archive import find_libreoffice  # Word and PDF libraries only for a PDF report

        if find_libreoffice() is None:
            usage("archive.no_libreoffice")
    for output in (out, json_out, report_out):
        if output is not None and not output.parent.is_dir():
            usage("cli.no_parent", path=output.parent, name=output.name)
        if output is not None and output.is_dir():
            usage("fill.not_folder_file", path=output)
        if output is not None:
            check_output_file(output)  # a link, FIFO or device is never replaced (nor written through)
    if per_verksamhet is not None and per_verksamhet.is_dir():
        for existing in per_verksamhet.glob(f"avvikelser-{year}*.xlsx"):
            check_output_file(existing)
    read = {path.resolve() for path in expand_inputs([*inputs, *compare])}
    for output in (out, json_out, report_out):
        if output is not None and output.resolve() in read:
            usage("cli.output_is_input", path=output)
    try:
        result = summarize(inputs, year, settings, include_text=include_text, form=form, compare=compare, detail=detail)
        written = []
        if out is not None:
            written.append(write_workbook(result, out))
        if report_out is not None:
            from formkit.summary.report import write_report  # charts and Word only when a report is asked for

            written.append(write_report(result, report_out, settings))
        if json_out is not None:
            with atomic_open(json_out) as handle:
                handle.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
            written.append(json_out)
        if per_verksamhet is not None:
            written.extend(write_per_verksamhet(result, per_verksamhet))
    except OSError as exc:
        # The message names the output path and the OS reason, nothing from a report.
        usage("cli.cannot_write", path=exc.filename or out or report_out or json_out, reason=os_reason(exc))
    _report(result, written)
    if result.rejected:
        raise SystemExit(EXIT_INVALID)


def _report(result: DeviationSummary, written: list[Path]) -> None:
    figures = result.figures
    counts = {"total": figures.total, "duplicates": result.duplicates, "rejected": len(result.rejected)}
    click.echo(say("summary.counted", year=result.year, **counts))
    for path in written:
        click.echo(say("summary.wrote", path=path))
    for rejected in result.rejected:
        for problem in rejected.problems:
            where = problem.path or say("summary.record")
            line = say("summary.rejected", source=rejected.source, record=rejected.record, where=where,
                       message=problem.message, rule=problem.rule)  # fmt: skip
            click.echo(line, err=True)
