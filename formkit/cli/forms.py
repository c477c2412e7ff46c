"""``formkit forms``, ``schema`` and ``sample``: what forms there are, and each one's schema and sample record."""

from __future__ import annotations

import json

import click

from formkit.cli.common import form_argument, handle_errors, settings_from
from formkit.errors import SourceError
from formkit.model.catalog import Form, list_forms


@click.command()
@click.pass_context
@handle_errors
def forms(ctx: click.Context) -> None:
    """List the forms: id, title and language, one line each (shipped forms and those of formkit.toml's folders)."""
    rows = [(form.id, form.full_title, form.language) for form in list_forms(settings_from(ctx))]
    width = max(len(row[0]) for row in rows)
    title_width = max(len(row[1]) for row in rows)
    for form_id, title, language in rows:
        click.echo(f"{form_id.ljust(width)}  {title.ljust(title_width)}  {language}")


@click.command()
@click.argument("form", callback=form_argument, metavar="FORM")
@handle_errors
def schema(form: Form) -> None:
    """Print the JSON Schema of FORM.

    Shared shapes are referenced from common.schema.json (`formkit schema` of a
    form prints the form's own file, as shipped).
    """
    click.echo(json.dumps(form.schema, ensure_ascii=False, indent=2))


@click.command()
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
        raise SourceError("source.sample", path=path) from exc
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
