"""The formkit command line: a thin shell over the library; each command lives in its own module, loaded when used.

``main(argv) -> int`` runs a command line and returns its exit status (the
console script and tests call it); ``cli`` is the click group, for
``click.testing.CliRunner``.
"""

from __future__ import annotations

import importlib
import signal
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from formkit import __version__
from formkit.cli.common import reader_gone
from formkit.log import enable_debug

COMMANDS: dict[str, str] = {
    "forms": "formkit.cli.forms",
    "schema": "formkit.cli.forms",
    "sample": "formkit.cli.forms",
    "validate": "formkit.cli.validate",
    "fill": "formkit.cli.fill",
    "templates": "formkit.cli.templates",
    "extract": "formkit.cli.extract",
    "summary": "formkit.cli.summary",
    "due": "formkit.cli.due",
    "check-pdf": "formkit.cli.checkpdf",
    "docs": "formkit.cli.docs",
}
"""Command name -> the module defining it (a click command of the same name). Imported only when run,
so ``formkit forms`` does not load pypdf, openpyxl or jsonschema."""


class LazyGroup(click.Group):
    """A click group whose commands are imported on first use (click's documented lazy-loading pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module = importlib.import_module(COMMANDS[cmd_name])
            command: click.Command = getattr(module, cmd_name.replace("-", "_"))
            return command
        return super().get_command(ctx, cmd_name)

    # click's own errors (parsing the group's options, finding the command, parsing and running it) leave
    # in the catalogue's words: formkit/cli/usage.py.
    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        from formkit.cli.usage import translated

        command = " ".join(part for part in (parent.command_path if parent else "", info_name or "") if part)
        with translated(parent, command):
            return super().make_context(info_name, args, parent, **extra)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[COMMAND_PATH] = f"{ctx.command_path} {name}"  # for an error of its own that carries no context
        return name, command, rest

    def invoke(self, ctx: click.Context) -> Any:
        from formkit.cli.usage import translated

        try:
            with translated(ctx, lambda: ctx.meta.get(COMMAND_PATH)):
                return super().invoke(ctx)
        finally:
            ctx.meta.pop(COMMAND_PATH, None)


COMMAND_PATH = "formkit.command_path"


@click.group(name="formkit", cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="formkit")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Settings file (default: $FORMKIT_CONFIG, else ./formkit.toml if present).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The reference date of every rule and deadline (default: the date the run starts); for reproducible runs.",
)
@click.option(
    "--debug",
    is_flag=True,
    help="Log what formkit does to stderr and show the traceback of an unexpected failure "
    "(a traceback may contain personal data from a record: do not share it).",
)
@click.pass_context
def cli(ctx: click.Context, config: Path | None, today: datetime | None, debug: bool) -> None:
    """formkit: the annex forms of cross-agency collaboration around children.

    \b
    Every form (samtycke, genomforandeplan, avvikelserapport, sip, sel-referat,
    kallelse, and any in the folders formkit.toml names) is defined once as a JSON
    Schema; formkit validates records against it, fills Word and PDF
    templates, reads filled PDFs back and compiles the yearly deviation
    summary. Messages are in the form's language (Swedish or bokmål).

    \b
    Examples:
      formkit forms
      formkit sample genomforandeplan > plan.json
      formkit validate genomforandeplan plan.json planer.csv
      formkit fill genomforandeplan planer.xlsx --out ut/ --to docx,pdf
      formkit summary rapporter/ --year 2025 --out avvikelser-2025.xlsx
      formkit due arenden/ --date 2025-11-01

    \b
    Exit status: 0 all well, 1 some record invalid or failed,
    2 usage error or unreadable input, 3 an unexpected failure (a bug: rerun with --debug).
    """
    ctx.ensure_object(dict)
    ctx.obj["config"] = config
    ctx.obj["today"] = today.date() if today is not None else None
    ctx.obj["debug"] = debug
    if debug:
        enable_debug()


def main(argv: Sequence[str] | None = None) -> int:
    """Run formkit with *argv* (default: the process's arguments) and return the exit status."""
    try:
        # Not click's standalone mode: it reports Ctrl-C as "Aborted!" (English) with status 1,
        # the status of "some record was invalid". Here it is 130, as for a shell command.
        cli.main(args=list(argv) if argv is not None else None, prog_name="formkit", standalone_mode=False)
    except BrokenPipeError:  # outside a command (click's own help, say)
        return reader_gone()
    except click.exceptions.Abort:
        from formkit.i18n import DEFAULT_LANGUAGE, text

        click.echo(text(DEFAULT_LANGUAGE, "cli.aborted"), err=True)
        return 128 + signal.SIGINT
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0

