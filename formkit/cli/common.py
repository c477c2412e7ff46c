"""What every formkit command shares: settings and language from the context, errors turned into messages and exit codes."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import signal
import sys
import traceback
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

from formkit.cli.usage import SaidBadParameter
from formkit.errors import FormkitError
from formkit.i18n import DEFAULT_LANGUAGE, Message, message, text
from formkit.log import apply_policy, log
from formkit.model.catalog import Form, get_form
from formkit.settings import Settings, load_settings

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
"""0 all well; 1 some record invalid or failed; 2 usage error or unreadable input; 3 a bug in formkit."""


text_or_json = click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for tools.",
)
"""The ``--format`` option of a command that reports to people or to tools (its value arrives as ``output``)."""


def _root_obj() -> dict[str, Any]:
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return {}
    root = ctx.find_root()
    root.ensure_object(dict)
    obj: dict[str, Any] = root.obj
    return obj


def language() -> str:
    """The language of this command's messages: the form's, once a FORM argument is known; else Swedish."""
    return str(_root_obj().get("language", DEFAULT_LANGUAGE))


def say(key: str, **params: object) -> str:
    """A catalogue text in this command's language."""
    return text(language(), key, **params)


def fail(what: Message | str) -> NoReturn:
    """Print *what* as formkit's error (in the command's language) and exit 2 (usage error, unreadable input)."""
    shown = what.render(language()) if isinstance(what, Message) else what
    click.echo(say("cli.error", message=shown), err=True)
    raise SystemExit(EXIT_USAGE)


def usage(key: str, **params: object) -> NoReturn:
    """Fail with the catalogue text *key* (exit 2)."""
    fail(message(key, **params))


def handle_errors(func: F) -> F:
    """A library error becomes a one-line message and exit 2; a bug a one-line message and exit 3.

    With ``--debug`` a bug prints its traceback (which may quote a value from a record, hence only on request).
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        apply_policy()
        try:
            return func(*args, **kwargs)
        except FormkitError as exc:
            log.debug("%s: %s", type(exc).__name__, exc.msg.key)
            fail(exc.message(language()))
        except BrokenPipeError:  # ``formkit validate … | head``: no bug, and nothing left to say
            raise SystemExit(reader_gone()) from None
        except (SystemExit, KeyboardInterrupt, click.exceptions.Exit, click.ClickException):
            raise
        except Exception as exc:
            if _root_obj().get("debug"):
                traceback.print_exc()
            click.echo(say("cli.unexpected", kind=type(exc).__name__), err=True)
            raise SystemExit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def reader_gone() -> int:
    """The reader of stdout is gone (``formkit validate … | head``): end quietly, as a Unix tool killed by SIGPIPE does.

    What is still buffered for stdout can go nowhere: stdout is pointed at
    /dev/null so that flushing it at exit raises nothing either. The status is
    128 + SIGPIPE (141), what the shell reports for ``cat file | head``'s cat.
    """
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return 128 + signal.SIGPIPE


def settings_from(ctx: click.Context) -> Settings:
    """The settings the group's ``--config`` (or formkit.toml) gave, loaded once."""
    root = ctx.find_root()
    root.ensure_object(dict)
    if "settings" not in root.obj:
        loaded = load_settings(root.obj.get("config"))
        if root.obj.get("today") is not None:
            loaded = dataclasses.replace(loaded, referensdatum=root.obj["today"])
        root.obj["settings"] = loaded
    settings: Settings = root.obj["settings"]
    return settings


def form_argument(ctx: click.Context, param: click.Parameter, value: str | None) -> Form | None:
    """Click callback: the FORM argument as a Form (shipped or from the settings' folders); its language becomes the command's."""
    if value is None:
        return None
    try:
        settings = settings_from(ctx)
    except FormkitError as exc:  # formkit.toml itself is wrong: not a problem of the FORM argument
        fail(exc.message(language()))
    try:
        form = get_form(value, settings)
    except FormkitError as exc:
        raise SaidBadParameter(exc.message(language())) from exc
    _root_obj()["language"] = form.language
    return form
