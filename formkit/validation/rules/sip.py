"""Rules of SIP (samordnad individuell plan): consent, follow-up, both principals present."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from formkit.i18n import text
from formkit.problems import ERROR, WARNING, Problem
from formkit.validation.rules import RuleContext, rule
from formkit.validation.rules._fields import date_at, dicts_at, get
from formkit.validation.rules._shared import HALSO_OCH_SJUKVARD, SOCIALTJANST, bada_huvudmannen_med, uppfoljning_efter_plan
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
    """SoL 2 kap. 7 § / HSL 16 kap. 4 §: a SIP is made by social services and health care together."""
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
    if not emergency and date_at(record, "kostnadsfordelning.overenskommen") is None:
        yield Problem(
            "kostnadsfordelning.overenskommen", ERROR, "kostnadsfordelning",
            text(ctx.language, "rule.sip.kostnadsfordelning"),
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
