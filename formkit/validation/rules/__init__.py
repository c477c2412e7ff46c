"""Form rules: what JSON Schema cannot say, one small function per rule, registered per form.

A rule takes a record (already a dict, possibly not schema-valid, so it reads
fields defensively through ``formkit.validation.rules._fields``) and a
:class:`RuleContext` (the settings, the form's language and the reference date),
and yields ``Problem``s. A rule never reads the clock: "today" is
``ctx.today``, the same for a whole run (``--today`` or the setting
``referensdatum`` make it reproducible). Rules of a form live in
``formkit/validation/rules/<form id with - as _>.py`` (for a form from an
outside folder: ``<id>.rules.py`` beside its schema); a form without rules needs no module.
A shipped rule says what is wrong with a catalogue text, ``text(ctx.language,
"rule.<form>.<rule>", **params)``, so a rule shared by forms speaks the language
of the form it judges (``tests/test_rule_messages.py`` holds them to it); an
outside form's rules may write their own strings.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from formkit.errors import SchemaError
from formkit.model.catalog import Form
from formkit.problems import Problem
from formkit.settings import Settings


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know besides the record: the settings, the form's language, the reference date."""

    settings: Settings
    language: str
    today: dt.date


Rule = Callable[[dict[str, Any], RuleContext], Iterable[Problem]]

_REGISTRY: dict[str, list[Rule]] = {}


def rule(form_id: str) -> Callable[[Rule], Rule]:
    """Register the decorated function as a rule of *form_id*."""

    def register(func: Rule) -> Rule:
        _REGISTRY.setdefault(form_id, []).append(func)
        return func

    return register


def rules_for(form: Form) -> tuple[Rule, ...]:
    """The rules of a form, in the order their module defines them (none when the form has no module)."""
    return _rules_for(form.id, form.path.parent / f"{form.id}{OUTSIDE_SUFFIX}" if not form.shipped else None)


OUTSIDE_SUFFIX = ".rules.py"
"""A form from an outside folder keeps its rules beside its schema: ``<id>.rules.py``."""


@cache
def _rules_for(form_id: str, outside: Path | None) -> tuple[Rule, ...]:
    if outside is not None:
        if not outside.is_file():
            return ()
        before = len(_REGISTRY.get(form_id, ()))
        _run_outside_module(form_id, outside)
        added = tuple(_REGISTRY.get(form_id, ())[before:])  # this file's rules, not another folder's of the same id
        if not added:
            # A rule registered under a misspelt id, or none at all, would leave the form unchecked unnoticed.
            raise SchemaError("rules.none", path=outside, form=form_id)
        return added
    module = f"{__name__}.{form_id.replace('-', '_')}"
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
    return tuple(_REGISTRY.get(form_id, ()))


def _run_outside_module(form_id: str, path: Path) -> None:
    """Run ``<id>.rules.py``; its failure is a SchemaError naming the file and the kind (its text may quote anything)."""
    # The folder is named in formkit.toml by whoever installs formkit: its code is theirs to run.
    spec = importlib.util.spec_from_file_location(f"formkit_outside_rules_{form_id.replace('-', '_')}", path)
    if spec is None or spec.loader is None:
        raise SchemaError("rules.broken", path=path, kind="ImportError")
    try:
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    except Exception as exc:
        raise SchemaError("rules.broken", path=path, kind=exc.__class__.__name__) from exc
