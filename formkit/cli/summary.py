"""The ``formkit summary`` command: a year of avvikelserapporter to a workbook (and JSON).

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
from formkit.summary.figures import DeviationSummary, expand_inputs, summarize
from formkit.summary.workbook import per_verksamhet_name, write_per_verksamhet, write_workbook


@click.command("summary")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...", type=click.Path(path_type=Path))
@click.option("--year", type=click.IntRange(1900, 9999), required=True, help="The year of handelsedatum to summarise.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The workbook (.xlsx).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), help="Also write the figures as JSON.")
@click.option(
    "--per-verksamhet",
    "per_verksamhet",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write one workbook per reporting verksamhetstyp into this folder.",
)
@click.option(
    "--include-text",
    is_flag=True,
    help="Add beskrivning and forslag_atgarder (personnummer masked); internal use only.",
)
@click.pass_context
@handle_errors
def summary(
    ctx: click.Context,
    inputs: tuple[Path, ...],
    year: int,
    out: Path,
    json_out: Path | None,
    per_verksamhet: Path | None,
    include_text: bool,
) -> None:
    """Summarise the avvikelserapporter of one year into the workbook OUT.

    \b
    INPUT is a .json, .jsonl, .csv or .xlsx file of avvikelserapporter (or a
    filled PDF), or a folder of such files; inputs may be mixed. A report
    belongs to the year of its handelsedatum; reports with the same id count
    once. The workbook holds no names, personnummer or free text unless
    --include-text is given.

    \b
    Exit status: 0 every report valid, 1 some report was rejected (listed on
    stderr by field and rule, never its value), 2 usage error, unreadable
    input or unwritable output.
    """
    # Every output is checked before any work: a summary that ends in "cannot write" after reading a
    # year of reports, or a workbook written and then no JSON, is worse than a refusal up front.
    if out.suffix.lower() != ".xlsx":
        usage("cli.out_not_xlsx", path=out)
    for output in (out, json_out):
        if output is not None and not output.parent.is_dir():
            usage("cli.no_parent", path=output.parent, name=output.name)
        if output is not None and output.is_dir():
            usage("fill.not_folder_file", path=output)
        if output is not None:
            check_output_file(output)  # a link, FIFO or device is never replaced (nor written through)
    if per_verksamhet is not None and per_verksamhet.is_dir():
        for existing in per_verksamhet.glob(per_verksamhet_name(year, "*")):
            check_output_file(existing)
    read = {path.resolve() for path in expand_inputs(inputs)}
    for output in (out, json_out):
        if output is not None and output.resolve() in read:
            usage("cli.output_is_input", path=output)
    try:
        result = summarize(inputs, year, settings_from(ctx), include_text=include_text)
        write_workbook(result, out)
        written = [out]
        if json_out is not None:
            with atomic_open(json_out) as handle:
                handle.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
            written.append(json_out)
        if per_verksamhet is not None:
            written.extend(write_per_verksamhet(result, per_verksamhet))
    except OSError as exc:
        # The message names the output path and the OS reason, nothing from a report.
        usage("cli.cannot_write", path=exc.filename or out, reason=os_reason(exc))
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
