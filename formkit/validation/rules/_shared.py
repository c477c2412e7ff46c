"""Rules that several forms share: registered once per form by the form's own rule module."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from formkit.formats import age_on, personnummer_birth_date
from formkit.i18n import text
from formkit.model.catalog import get_form
from formkit.problems import ERROR, WARNING, Problem
from formkit.validation.rules import RuleContext
from formkit.validation.rules._fields import date_at, dicts_at, get

SOCIALTJANST = frozenset({"ifo"})
HALSO_OCH_SJUKVARD = frozenset({"primarvard", "bup", "habilitering"})
"""The two principals of a SIP (SoL 10 kap. 8–9 §§, HSL 16 kap. 4 §; schemas/lagrum.json), as verksamhetstyp codes."""
JAMTBUS = "jamtbus"


def routine(form_id: str, record: dict[str, Any], ctx: RuleContext) -> str | None:
    """The routine a record follows: its own ``rutin``, else its municipality's in the settings (None: not known)."""
    form = get_form(form_id, ctx.settings)
    return form.presentation.variant_key(record, ctx.settings, ctx.language)


def over_target_age(record: dict[str, Any], ctx: RuleContext, number: str, on: str) -> Iterator[Problem]:
    """Jämtbus 3.2: the agreement covers children and young people 0–20 (``malgrupp_max_alder``); older is a warning."""
    value, day = get(record, number), date_at(record, on)
    birth = personnummer_birth_date(value, ctx.today) if isinstance(value, str) else None
    limit = ctx.settings.malgrupp_max_alder
    if birth is not None and day is not None and age_on(birth, day) > limit:
        yield Problem(number, WARNING, "malgrupp", text(ctx.language, "rule.malgrupp", age=limit))


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
