"""What every formkit command shares: settings from the group, and library errors turned into exit 2."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import click

from formkit.errors import FormkitError
from formkit.model.catalog import Form, get_form
from formkit.settings import Settings, load_settings

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def fail(message: str) -> None:
    """Print *message* as formkit's error and exit 2 (usage error, unreadable input)."""
    click.echo(f"formkit: error: {message}", err=True)
    raise SystemExit(EXIT_USAGE)


def handle_errors(func: F) -> F:
    """Turn a FormkitError from the library into a one-line message and exit 2, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # pypdf and openpyxl log warnings that can quote field values: keep them
        # away from the terminal.
        for name in ("pypdf", "openpyxl"):
            logging.getLogger(name).setLevel(logging.ERROR)
        try:
            return func(*args, **kwargs)
        except FormkitError as exc:
            fail(str(exc))

    return wrapper  # type: ignore[return-value]


def settings_from(ctx: click.Context) -> Settings:
    """The settings the group's ``--config`` (or formkit.toml) gave, loaded once."""
    root = ctx.find_root()
    root.ensure_object(dict)
    if "settings" not in root.obj:
        root.obj["settings"] = load_settings(root.obj.get("config"))
    settings: Settings = root.obj["settings"]
    return settings


def form_argument(ctx: click.Context, param: click.Parameter, value: str) -> Form:
    """Click callback: the FORM argument as a Form, or a usage error listing the known ids."""
    try:
        return get_form(value)
    except FormkitError as exc:
        raise click.BadParameter(str(exc)) from exc
