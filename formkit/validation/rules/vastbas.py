"""Rules of a Västbas case (seed 003): consent, the coordinators and the contact person, the meetings, the reviews."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from formkit.i18n import text
from formkit.problems import ERROR, WARNING, Problem
from formkit.validation.rules import RuleContext, rule
from formkit.validation.rules._fields import add_months, date_at, dicts_at, get

FORM = "vastbas"
NOT_CONTACT = ("rektor", "socialsekreterare")
"""Seed 003: "Rektorer eller socialsekreterare skall inte ha kontaktpersonsuppdrag" (they decide in their authority)."""


def _key(name: Any) -> str:
    return " ".join(str(name).casefold().split())


@rule(FORM)
def samtycke(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Step 1: "Samtycke av familj skall finnas"."""
    if get(record, "samtycke.familjen") is False:
        yield Problem("samtycke.familjen", ERROR, "samtycke", text(ctx.language, "rule.vastbas.samtycke"))


@rule(FORM)
def koordinator_inte_handlaggare(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """The two coordinators are as free as possible of the case: neither is its handläggare."""
    handler = get(record, "handlaggare.namn")
    if not handler:
        return
    for index, item in dicts_at(record, "koordinatorer"):
        if item.get("namn") and _key(item["namn"]) == _key(handler):
            yield Problem(
                f"koordinatorer.{index}", ERROR, "koordinator_handlaggare",
                text(ctx.language, "rule.vastbas.koordinator_handlaggare"),
            )  # fmt: skip


@rule(FORM)
def kontaktperson(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """The contact person comes from the elevhälsoteam, appointed by the rektor, and is no rektor or socialsekreterare."""
    role = get(record, "kontaktperson.roll")
    if isinstance(role, str) and any(word in role.casefold() for word in NOT_CONTACT):
        yield Problem("kontaktperson.roll", ERROR, "kontaktperson_roll", text(ctx.language, "rule.vastbas.kontaktperson_roll"))
    if get(record, "kontaktperson.utsedd_av_rektor") is False:
        yield Problem(
            "kontaktperson.utsedd_av_rektor", WARNING, "kontaktperson_rektor",
            text(ctx.language, "rule.vastbas.kontaktperson_rektor"),
        )  # fmt: skip


@rule(FORM)
def natverksmoten(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Network meeting 2 comes after meeting 1, and both after the request."""
    request = date_at(record, "forfragan.datum")
    dates: dict[Any, Any] = {}
    for index, item in dicts_at(record, "natverksmoten"):
        day = date_at(record, f"natverksmoten.{index}.datum")
        if day is None:
            continue
        if request and day < request:
            yield Problem(
                f"natverksmoten.{index}.datum", ERROR, "mote_efter_forfragan",
                text(ctx.language, "rule.vastbas.mote_efter_forfragan"),
            )  # fmt: skip
        number = item.get("nummer")
        if isinstance(number, int):
            dates[number] = (index, day)
    if 1 in dates and 2 in dates and dates[2][1] <= dates[1][1]:
        yield Problem(
            f"natverksmoten.{dates[2][0]}.datum", ERROR, "mote_ordning", text(ctx.language, "rule.vastbas.mote_ordning")
        )


@rule(FORM)
def elevhalsoteam(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """The contact person raises the case in the elevhälsoteam within 1–2 months of the action plan (a setting)."""
    plan, latest = date_at(record, "handlingsplan_upprattad"), date_at(record, "elevhalsoteam_senast")
    months = ctx.settings.elevhalsoteam_manader
    if plan and latest and latest > add_months(plan, months):
        yield Problem(
            "elevhalsoteam_senast", WARNING, "elevhalsoteam",
            text(ctx.language, "rule.vastbas.elevhalsoteam", months=months),
        )  # fmt: skip
    elif plan and latest is None and date_at(record, "elevhalsoteam_datum") is None:
        yield Problem(
            "elevhalsoteam_senast", WARNING, "elevhalsoteam",
            text(ctx.language, "rule.vastbas.elevhalsoteam_saknas", months=months),
        )  # fmt: skip


@rule(FORM)
def utvardering(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Step 10: a new evaluation after 6 months (a setting); a result needs the date it was reached."""
    plan, latest = date_at(record, "handlingsplan_upprattad"), date_at(record, "utvardering.senast")
    months = ctx.settings.utvardering_manader
    if plan and latest and latest > add_months(plan, months):
        yield Problem(
            "utvardering.senast", WARNING, "utvardering", text(ctx.language, "rule.vastbas.utvardering", months=months)
        )
    elif plan and latest is None and date_at(record, "utvardering.datum") is None:
        yield Problem(
            "utvardering.senast", WARNING, "utvardering", text(ctx.language, "rule.vastbas.utvardering_saknas", months=months)
        )
    if get(record, "utvardering.resultat") is not None and date_at(record, "utvardering.datum") is None:
        yield Problem("utvardering.datum", ERROR, "utvardering_datum", text(ctx.language, "rule.vastbas.utvardering_datum"))
