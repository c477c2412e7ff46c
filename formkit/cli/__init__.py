"""The formkit command line: a thin shell over the library, one library call per command."""

from __future__ import annotations

import json
from pathlib import Path

import click

from formkit import __version__
from formkit.cli.common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, form_argument, handle_errors, settings_from
from formkit.errors import SourceError
from formkit.model.catalog import Form, list_forms
from formkit.validation.report import format_text, validate_inputs

FORM_HELP = "FORM is a form id; `formkit forms` lists them."


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="formkit")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Settings file (default: $FORMKIT_CONFIG, else ./formkit.toml if present).",
)
@click.pass_context
def main(ctx: click.Context, config: Path | None) -> None:
    """formkit: the annex forms of cross-agency collaboration around children.

    \b
    Every form (samtycke, genomforandeplan, avvikelserapport, sip, sel-referat)
    is defined once as a JSON Schema; formkit validates records against it,
    fills Word and PDF templates, reads filled PDFs back and compiles the
    yearly deviation summary.

    \b
    Examples:
      formkit forms
      formkit sample genomforandeplan > plan.json
      formkit validate genomforandeplan plan.json planer.csv
      formkit validate avvikelserapport rapporter.xlsx --format json
    """
    ctx.ensure_object(dict)
    ctx.obj["config"] = config


@main.command()
@handle_errors
def forms() -> None:
    """List the forms: id, title and language, one line each."""
    rows = [(form.id, form.full_title, form.language) for form in list_forms()]
    width = max(len(row[0]) for row in rows)
    title_width = max(len(row[1]) for row in rows)
    for form_id, title, language in rows:
        click.echo(f"{form_id.ljust(width)}  {title.ljust(title_width)}  {language}")


@main.command()
@click.argument("form", callback=form_argument, metavar="FORM")
@handle_errors
def schema(form: Form) -> None:
    """Print the JSON Schema of FORM.

    Shared shapes are referenced from common.schema.json (`formkit schema` of a
    form prints the form's own file, as shipped).
    """
    click.echo(json.dumps(form.schema, ensure_ascii=False, indent=2))


@main.command()
@click.argument("form", callback=form_argument, metavar="FORM")
@handle_errors
def sample(form: Form) -> None:
    """Print a complete, valid, fictitious record of FORM as JSON.

    A starting point for your own data: `formkit sample sip > min-sip.json`.
    """
    path = form.sample_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SourceError(f"{path}: the bundled sample cannot be read") from exc
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@main.command()
@click.argument("form", callback=form_argument, metavar="FORM")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for tools.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@click.pass_context
@handle_errors
def validate(ctx: click.Context, form: Form, inputs: tuple[str, ...], output: str, strict: bool) -> None:
    """Validate the records in INPUT... against FORM.

    \b
    INPUT is a .json file (one object or an array of them), .jsonl (one
    object per line), .csv (comma or semicolon separated, UTF-8) or .xlsx
    (first sheet); in tables each header is a dot path such as barn.namn or
    vardnadshavare.0.personnummer, one record per row. Filled PDFs of the
    form (.pdf) are read too.

    \b
    Problems name the field by its dot path and never show its value.
    Exit status: 0 every record valid (warnings allowed unless --strict),
    1 some record has an error, 2 usage error, unknown form or unreadable input
    (the other inputs are still judged).

    \b
    --format json prints one document:
      {"valid": bool, "results": [{"source", "record", "valid",
        "problems": [{"path", "severity", "rule", "message"}]}]}
    plus "unreadable": [{"source", "message"}] when an input could not be read.
    """
    report = validate_inputs(form, inputs, settings_from(ctx))
    if output == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for line in format_text(report):
            click.echo(line)
    if report.unreadable:
        raise SystemExit(EXIT_USAGE)
    if not report.valid or (strict and report.has_warnings()):
        raise SystemExit(EXIT_INVALID)
    raise SystemExit(EXIT_OK)


# Commands of the other parts of the pipeline live in their own modules.
def _add_optional_commands() -> None:
    import importlib

    for module, names in (
        ("formkit.cli.fill", ("fill", "templates")),
        ("formkit.cli.extract", ("extract",)),
        ("formkit.cli.summary", ("summary",)),
    ):
        try:
            loaded = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        for name in names:
            if hasattr(loaded, name):
                main.add_command(getattr(loaded, name))


_add_optional_commands()
