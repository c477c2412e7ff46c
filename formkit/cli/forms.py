"""``formkit forms``, ``schema`` and ``sample``: what forms there are, and each one's schema and sample record."""

from __future__ import annotations

import json
from typing import Any

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
@click.argument("form", callback=form_argument, metavar="FORM", is_eager=True)
@click.option(
    "--bundle",
    is_flag=True,
    help="Print one standalone schema: every $ref (to common.schema.json too) replaced by what it points to.",
)
@handle_errors
def schema(form: Form, bundle: bool) -> None:
    """Print the JSON Schema of FORM.

    Shared shapes are referenced from common.schema.json (`formkit schema` of a
    form prints the form's own file, as shipped). With --bundle the schema
    stands alone: any JSON Schema draft 2020-12 validator takes it as it is.
    """
    shown = bundled_schema(form) if bundle else form.schema
    click.echo(json.dumps(shown, ensure_ascii=False, indent=2))


def bundled_schema(form: Form) -> dict[str, Any]:
    """FORM's schema with every reference inlined (the model's own inlining), declaring draft 2020-12."""
    inlined = form.model.inline_schema()
    return {"$schema": DRAFT_2020_12, **{key: value for key, value in inlined.items() if key != "$schema"}}


DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


@click.command()
@click.argument("form", callback=form_argument, metavar="FORM", is_eager=True)
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
