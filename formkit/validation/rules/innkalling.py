"""Rules of innkalling (Sel kommune's invitation to a samarbeidsmøte): times, when it is sent, the møteplan."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from formkit.i18n import text
from formkit.problems import ERROR, WARNING, Problem
from formkit.validation.rules import RuleContext, rule
from formkit.validation.rules._fields import date_at, get, minutes_at

FORM = "innkalling"


@rule(FORM)
def motetid(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """A meeting ends after it starts."""
    start, end = minutes_at(record, "mote.fra"), minutes_at(record, "mote.til")
    if start is not None and end is not None and end <= start:
        yield Problem("mote.til", ERROR, "motetid", text(ctx.language, "rule.motetid"))


@rule(FORM)
def sendt_i_tide(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Seed 004: the saksliste goes out 1–2 weeks before the meeting (``saksliste_dager_for``); never after it."""
    meeting, sent = date_at(record, "mote.dato"), date_at(record, "sendt")
    if meeting is None or sent is None:
        return
    days = ctx.settings.saksliste_dager_for
    if sent > meeting:
        yield Problem("sendt", ERROR, "sendt_for_mote", text(ctx.language, "rule.innkalling.sendt_etter_mote"))
    elif (meeting - sent).days < days:
        yield Problem("sendt", WARNING, "saksliste_i_tide", text(ctx.language, "rule.innkalling.saksliste_i_tide", days=days))


@rule(FORM)
def svar_innen(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """The reply is asked for before the meeting."""
    meeting, reply = date_at(record, "mote.dato"), date_at(record, "svar_innen")
    if meeting and reply and reply > meeting:
        yield Problem("svar_innen", WARNING, "svar_for_mote", text(ctx.language, "rule.kallelse.svar_fore_mote"))


@rule(FORM)
def moteplan(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """The møteplan lists this meeting and the ones after it; a date before it is most likely a typing error."""
    meeting = date_at(record, "mote.dato")
    plan = get(record, "moteplan")
    if meeting is None or not isinstance(plan, list):
        return
    for index in range(len(plan)):
        day = date_at(record, f"moteplan.{index}")
        if day and day < meeting:
            yield Problem(f"moteplan.{index}", WARNING, "moteplan", text(ctx.language, "rule.innkalling.moteplan"))
