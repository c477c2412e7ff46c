"""Rules that several forms share: registered once per form by the form's own rule module."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from formkit.i18n import text
from formkit.problems import ERROR, Problem
from formkit.validation.rules import RuleContext
from formkit.validation.rules._fields import date_at, dicts_at

SOCIALTJANST = frozenset({"ifo"})
HALSO_OCH_SJUKVARD = frozenset({"primarvard", "bup", "habilitering"})
"""The two principals of a SIP (SoL 2 kap. 7 §, HSL 16 kap. 4 §), as verksamhetstyp codes."""


def bada_huvudmannen_med(record: dict[str, Any], path: str) -> bool:
    """True when the items of the list at *path* include both social services and health care (by verksamhetstyp)."""
    types: Iterable[Any] = (item.get("verksamhetstyp") for _, item in dicts_at(record, path))
    found = {kind for kind in types if isinstance(kind, str)}
    return bool(found & SOCIALTJANST and found & HALSO_OCH_SJUKVARD)


def uppfoljning_efter_plan(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """The (first) follow-up comes after the plan is made (genomförandeplan, SIP)."""
    plan, follow_up = date_at(record, "upprattad_datum"), date_at(record, "uppfoljning.datum")
    if plan and follow_up and follow_up <= plan:
        yield Problem("uppfoljning.datum", ERROR, "uppfoljning_efter_plan", text(ctx.language, "rule.uppfoljning_efter_plan"))
