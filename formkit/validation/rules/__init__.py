"""Form rules: what JSON Schema cannot say, one small function per rule, registered per form.

A rule takes a record (already a dict, possibly not schema-valid, so it reads
fields defensively through ``formkit.validation.rules._fields``), the settings and the
form's language, and yields ``Problem``s. Rules of a form live in
``formkit/rules/<form id with - as _>.py``; a form without rules needs no module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from formkit.settings import Settings
from formkit.validation.problems import Problem

Rule = Callable[[dict[str, Any], Settings, str], Iterable[Problem]]

_REGISTRY: dict[str, list[Rule]] = {}


def rule(form_id: str) -> Callable[[Rule], Rule]:
    """Register the decorated function as a rule of *form_id*."""

    def register(func: Rule) -> Rule:
        _REGISTRY.setdefault(form_id, []).append(func)
        return func

    return register


@cache
def rules_for(form_id: str) -> tuple[Rule, ...]:
    """The rules of a form, in the order their module defines them."""
    module = f"{__name__}.{form_id.replace('-', '_')}"
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
    return tuple(_REGISTRY.get(form_id, ()))
