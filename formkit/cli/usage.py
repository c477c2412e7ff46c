"""click's own usage errors (a missing argument, an unknown option, a value of the wrong kind) in the catalogue's words.

click writes its errors in English ("Invalid value for '--date'", "Missing
argument", "Aborted!"). The command group turns each into :class:`Said`: the
same exit status, a message in the command's language (the form's, once FORM
is read; else Swedish) and a pointer to ``-h``. What the exception carries
(its parameter, its type, the option's name) decides the words; the few facts
only its English text holds (which check a path failed) are read from it,
and anything unforeseen gets a general message rather than English.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

import click

from formkit.i18n import DEFAULT_LANGUAGE, text


class Said(click.ClickException):
    """A click error already put into the catalogue's words; ``show`` prints it as formkit prints any error."""

    def __init__(self, lines: list[str], exit_code: int) -> None:
        super().__init__("\n".join(lines))
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it per class; each of these has the original's

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.message, file=file, err=True)


class SaidBadParameter(click.BadParameter):
    """A bad parameter whose message is already a catalogue text (the FORM argument's unknown form)."""


def _language(ctx: click.Context | None) -> str:
    obj = ctx.find_root().obj if ctx is not None else None
    return str(obj.get("language", DEFAULT_LANGUAGE)) if isinstance(obj, dict) else DEFAULT_LANGUAGE


def _name(param: click.Parameter | None, ctx: click.Context | None) -> str:
    """``--date`` for an option, ``FORM`` for an argument: how the parameter is written on the command line."""
    if param is None:
        return ""
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return param.make_metavar(ctx) if ctx is not None else (param.name or "").upper()


_PATH_FAILURE = re.compile(
    r"^(?:File|Directory|Path) (?P<path>.+) (?P<why>does not exist|is a directory|is a file|is not readable|"
    r"is not writable|is not executable)\.$"
)
_PATH_WHY = {
    "does not exist": "cli.usage.path_missing",
    "is a directory": "cli.usage.path_is_folder",
    "is a file": "cli.usage.path_is_file",
    "is not readable": "cli.usage.path_unreadable",
    "is not writable": "cli.usage.path_unwritable",
    "is not executable": "cli.usage.path_unreadable",
}
_EXTRA = re.compile(r"^Got unexpected extra arguments? \((?P<args>.*)\)$")
_NO_COMMAND = re.compile(r"^No such command (?P<name>.+)\.$")


def _path_failure(message: str, language: str) -> str | None:
    found = _PATH_FAILURE.match(message)
    if found is None:
        return None
    try:
        path = ast.literal_eval(found.group("path"))  # click quotes the name with repr()
    except (ValueError, SyntaxError):
        return None
    return text(language, _PATH_WHY[found.group("why")], path=str(path))


def _bad_value(exc: click.BadParameter, language: str) -> str:
    param, name = exc.param, _name(exc.param, exc.ctx)
    kind = param.type if param is not None else None
    if isinstance(kind, click.Path):
        said = _path_failure(exc.message, language)
        if said is not None:
            return said
    if isinstance(kind, click.DateTime):
        return text(language, "cli.usage.date", param=name)
    if isinstance(kind, click.IntRange):
        low, high = kind.min, kind.max
        if low is not None and high is not None:
            return text(language, "cli.usage.int_range", param=name, low=low, high=high)
        if low is not None:
            return text(language, "cli.usage.int_min", param=name, low=low)
        return text(language, "cli.usage.int", param=name)
    if isinstance(kind, click.types.IntParamType):
        return text(language, "cli.usage.int", param=name)
    if isinstance(kind, click.Choice):
        return text(language, "cli.usage.choice", param=name, choices=", ".join(map(str, kind.choices)))
    return text(language, "cli.usage.bad_value", param=name)


def _missing(exc: click.MissingParameter, language: str) -> str:
    name = _name(exc.param, exc.ctx)
    if isinstance(exc.param, click.Option):
        return text(language, "cli.usage.missing_option", param=name)
    return text(language, "cli.usage.missing_argument", param=name)


def _general(exc: click.UsageError, language: str) -> str:
    extra = _EXTRA.match(exc.message)
    if extra is not None:
        return text(language, "cli.usage.extra", args=extra.group("args"))
    unknown = _NO_COMMAND.match(exc.message)
    if unknown is not None:
        return text(language, "cli.usage.no_command", name=unknown.group("name").strip("'\""))
    if exc.message == "Missing command.":
        return text(language, "cli.usage.missing_command")
    return text(language, "cli.usage.other")


def usage_message(exc: click.ClickException, language: str) -> str:
    """What is wrong, in *language*: the parameter and the kind of mistake, never click's English."""
    if isinstance(exc, SaidBadParameter):
        return exc.message
    if isinstance(exc, click.MissingParameter):
        return _missing(exc, language)
    if isinstance(exc, click.BadParameter):
        return _bad_value(exc, language)
    if isinstance(exc, click.NoSuchOption):
        said = text(language, "cli.usage.no_option", option=exc.option_name)
        if exc.possibilities:
            said += text(language, "cli.usage.did_you_mean", options=", ".join(exc.possibilities))
        return said
    if isinstance(exc, click.BadOptionUsage):
        key = "cli.usage.takes_no_value" if "does not take a value" in exc.message else "cli.usage.needs_value"
        return text(language, key, option=exc.option_name)
    if isinstance(exc, getattr(click.exceptions, "NoSuchCommand", ())):
        return text(language, "cli.usage.no_command", name=exc.command_name)  # type: ignore[attr-defined]
    if isinstance(exc, click.UsageError):
        return _general(exc, language)
    if isinstance(exc, click.FileError):
        return text(language, "cli.usage.path_unreadable", path=exc.ui_filename)
    return text(language, "cli.usage.other")


@contextmanager
def translated(ctx: click.Context | None, command: str | Callable[[], str | None] | None = None) -> Iterator[None]:
    """Run a step of the command line; a click error or Ctrl-C leaves it as :class:`Said`, in the catalogue's words.

    *ctx* is the context the step runs in (its root holds the language), *command* the command line's
    command when the error carries no context of its own (a subcommand's option that lacks its value).
    """
    try:
        yield
    except (Said, click.exceptions.NoArgsIsHelpError):
        raise  # already in words; or the help text a bare group prints
    except click.ClickException as exc:
        own = exc.ctx if isinstance(exc, click.UsageError) else None
        language = _language(own or ctx)
        lines = [text(language, "cli.error", message=usage_message(exc, language))]
        named = command() if callable(command) else command
        path = own.command_path if own is not None else named or (ctx.command_path if ctx is not None else None)
        if isinstance(exc, click.UsageError) and path:
            lines.append(text(language, "cli.usage.help", command=path))
        raise Said(lines, exc.exit_code) from None
    except (click.exceptions.Abort, KeyboardInterrupt) as exc:
        # Not click's "Aborted!" with status 1, the status of "some record was invalid": 128 + the signal.
        import signal

        signum = int(getattr(exc, "signum", signal.SIGINT))
        raise Said([text(_language(ctx), "cli.aborted")], 128 + signum) from None
