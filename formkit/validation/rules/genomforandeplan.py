"""Rules of genomförandeplan (NORRBUS Bilaga 2): follow-up date, meeting in time, several actors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from formkit.i18n import text
from formkit.problems import WARNING, Problem
from formkit.validation.rules import RuleContext, rule
from formkit.validation.rules._fields import date_at, dicts_at, get
from formkit.validation.rules._shared import uppfoljning_efter_plan

FORM = "genomforandeplan"


rule(FORM)(uppfoljning_efter_plan)


@rule(FORM)
def natverksmote_i_tid(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Seed 000: the network meeting shall take place at the latest within 2 weeks."""
    raised, meeting = date_at(record, "arende.aktualiserat"), date_at(record, "arende.natverksmote")
    if raised and meeting and (meeting - raised).days > ctx.settings.natverksmote_max_dagar:
        yield Problem(
            "arende.natverksmote", WARNING, "natverksmote_i_tid",
            text(ctx.language, "rule.genomforandeplan.natverksmote_i_tid", days=ctx.settings.natverksmote_max_dagar),
        )  # fmt: skip


def _organisation(insats: dict[str, Any]) -> str | None:
    name = get(insats, "ansvarig.verksamhet")
    return " ".join(name.casefold().split()) if isinstance(name, str) and name.strip() else None


@rule(FORM)
def flera_aktorer(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """A genomförandeplan is for support from several actors."""
    organisations = {_organisation(insats) for _, insats in dicts_at(record, "insatser")}
    organisations.discard(None)
    if len(organisations) == 1:
        yield Problem("insatser", WARNING, "flera_aktorer", text(ctx.language, "rule.genomforandeplan.flera_aktorer"))
