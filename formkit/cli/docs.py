"""``formkit docs``: write (or check) the form reference in docs/forms/, generated from the schemas."""

from __future__ import annotations

from pathlib import Path

import click

from formkit.cli.common import EXIT_INVALID, EXIT_OK, handle_errors, say, settings_from, usage
from formkit.reference import FOLDER, reference, stale, write_reference
from formkit.resources import data_root


@click.command()
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
              help="The folder to write (default: docs/forms/ of the checkout).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 and name the files that are not what the schemas say.")
@click.pass_context
@handle_errors
def docs(ctx: click.Context, out: Path | None, check: bool) -> None:
    """Write the form reference: per form its fields, rules, x-formkit keys and printed sentences.

    \b
    Generated from the schemas, never edited by hand; the test suite fails
    when a page is stale, so run `formkit docs` (or `make docs`) after
    changing a schema and commit the pages with it.

    \b
    Exit status: 0 written (or, with --check, up to date), 1 stale pages (--check), 2 usage error.
    """  # fmt: skip
    folder = out or data_root() / FOLDER
    if out is None and not (data_root() / "docs").is_dir():
        usage("docs.no_checkout")
    pages = reference(settings_from(ctx))
    if check:
        found = stale(folder, pages)
        for name in found:
            click.echo(say("docs.stale", path=folder / name), err=True)
        raise SystemExit(EXIT_INVALID if found else EXIT_OK)
    for name in write_reference(folder, pages):
        click.echo(say("docs.wrote", path=folder / name))
