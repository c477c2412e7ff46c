"""Rules of the Sel referat (Sel kommune, samarbeidsmøter): times, the next meeting (unless the group closes), deadlines."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from formkit.i18n import text
from formkit.problems import ERROR, WARNING, Problem
from formkit.validation.rules import RuleContext, rule
from formkit.validation.rules._fields import date_at, dicts_at, get, minutes_at

FORM = "sel-referat"


@rule(FORM)
def motetid(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """A meeting ends after it starts."""
    start, end = minutes_at(record, "mote.fra"), minutes_at(record, "mote.til")
    if start is not None and end is not None and end <= start:
        yield Problem("mote.til", ERROR, "motetid", text(ctx.language, "rule.motetid"))


@rule(FORM)
def neste_mote(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Seed 004: the minutes give the time of the next meeting, which comes after this one — unless the group closes
    ("Samarbeidsgruppen avsluttes når målene er nådd")."""
    if get(record, "neste_mote") is None and get(record, "avsluttet") is not True:
        yield Problem("neste_mote", ERROR, "required", text(ctx.language, "rule.sel-referat.neste_mote_mangler"))
    this, following = date_at(record, "mote.dato"), date_at(record, "neste_mote.dato")
    if this and following and following <= this:
        yield Problem("neste_mote.dato", ERROR, "neste_mote", text(ctx.language, "rule.sel-referat.neste_mote"))


@rule(FORM)
def tiltak_frist(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """A deadline before the meeting itself is most likely a typing error."""
    meeting = date_at(record, "mote.dato")
    if not meeting:
        return
    for index, _ in dicts_at(record, "tiltak"):
        deadline = date_at(record, f"tiltak.{index}.frist")
        if deadline and deadline < meeting:
            yield Problem(f"tiltak.{index}.frist", WARNING, "tiltak_frist", text(ctx.language, "rule.sel-referat.tiltak_frist"))
