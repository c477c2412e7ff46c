"""Rules of SIP (samordnad individuell plan): consent, follow-up, both principals, cost allocation, the target group."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from formkit.i18n import text
from formkit.problems import ERROR, WARNING, Problem
from formkit.validation.rules import RuleContext, rule
from formkit.validation.rules._fields import date_at, dicts_at, get
from formkit.validation.rules._shared import (
    HALSO_OCH_SJUKVARD,
    SOCIALTJANST,
    bada_huvudmannen_med,
    over_target_age,
    uppfoljning_efter_plan,
)
from formkit.workdays import add_workdays

FORM = "sip"


@rule(FORM)
def samtycke_lamnat(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """A SIP is made only with the person's consent."""
    if get(record, "samtycke.lamnat") is False:
        yield Problem("samtycke.lamnat", ERROR, "samtycke_lamnat", text(ctx.language, "rule.sip.samtycke_lamnat"))


rule(FORM)(uppfoljning_efter_plan)


@rule(FORM)
def bada_huvudmannen(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """SoL 10 kap. 8–9 §§ / HSL 16 kap. 4 § (schemas/lagrum.json): a SIP is made by social services and health care."""
    if not bada_huvudmannen_med(record, "deltagare"):
        yield Problem("deltagare", WARNING, "bada_huvudmannen", text(ctx.language, "rule.sip.bada_huvudmannen"))


@rule(FORM)
def huvudansvar_huvudman(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Seed 002, 6.2: the overall responsibility lies with social services or health care."""
    kind = get(record, "huvudansvar.verksamhetstyp")
    if isinstance(kind, str) and kind not in SOCIALTJANST | HALSO_OCH_SJUKVARD:
        yield Problem("huvudansvar", WARNING, "huvudansvar_huvudman", text(ctx.language, "rule.sip.huvudansvar_huvudman"))


@rule(FORM)
def kostnadsfordelning(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Jämtbus 5.6: the cost allocation is settled before a placement outside the home, and every insats names who pays."""
    if get(record, "kostnadsfordelning.placering_utanfor_hemmet") is not True:
        return
    emergency = get(record, "kostnadsfordelning.akutplacering") is True
    agreed = date_at(record, "kostnadsfordelning.overenskommen")
    decided = date_at(record, "kostnadsfordelning.placeringsbeslut")
    if not emergency and agreed is None:
        yield Problem(
            "kostnadsfordelning.overenskommen", ERROR, "kostnadsfordelning",
            text(ctx.language, "rule.sip.kostnadsfordelning"),
        )  # fmt: skip
    elif not emergency and agreed is not None and decided is not None and agreed > decided:
        # "ska vara klarlagd innan placering sker utanför hemmet": agreed on or before the placement decision.
        yield Problem(
            "kostnadsfordelning.overenskommen", ERROR, "kostnadsfordelning",
            text(ctx.language, "rule.sip.kostnadsfordelning_efter_placering"),
        )  # fmt: skip
    for index, insats in dicts_at(record, "insatser"):
        if not get(insats, "kostnadsansvar"):
            yield Problem(
                f"insatser.{index}.kostnadsansvar", WARNING, "kostnadsansvar",
                text(ctx.language, "rule.sip.kostnadsansvar"),
            )  # fmt: skip


@rule(FORM)
def akutplacering_i_tid(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Jämtbus 5.6: after an emergency placement the allocation is settled within a number of working days."""
    if get(record, "kostnadsfordelning.akutplacering") is not True:
        return
    decided = date_at(record, "kostnadsfordelning.placeringsbeslut")
    if decided is None:
        return
    days = ctx.settings.akutplacering_arbetsdagar
    deadline = add_workdays(decided, days)
    agreed = date_at(record, "kostnadsfordelning.overenskommen")
    if (agreed or ctx.today) > deadline:
        yield Problem(
            "kostnadsfordelning.overenskommen", WARNING, "akutplacering_i_tid",
            text(ctx.language, "rule.sip.akutplacering_i_tid", days=days),
        )  # fmt: skip


@rule(FORM)
def malgrupp(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Jämtbus 3.2: the SIP routine of the Jämtbus agreement covers children and young people 0–20."""
    yield from over_target_age(record, ctx, "person.personnummer", "upprattad_datum")
