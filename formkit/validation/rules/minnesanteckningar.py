"""Rules of minnesanteckningar (minutes of a NORRBUS, Jämtbus or Västbas meeting): who they are about, times, tasks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from formkit.i18n import text
from formkit.problems import ERROR, WARNING, Problem
from formkit.validation.rules import RuleContext, rule
from formkit.validation.rules._fields import date_at, dicts_at, get, minutes_at
from formkit.validation.rules._shared import JAMTBUS, over_target_age, routine

FORM = "minnesanteckningar"
WITHOUT_CHILD = frozenset({"konsultation", "gruppmote", "styrgruppsmote"})
"""Meetings about no named child: the minutes name none either (seed 002: no personal data at system level)."""


@rule(FORM)
def utan_barn(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Minutes of a consultation or a system-level meeting name no child (de-identified, no personal data)."""
    kind = get(record, "mote.typ")
    if isinstance(kind, str) and kind in WITHOUT_CHILD and get(record, "barn") is not None:
        yield Problem("barn", ERROR, "utan_barn", text(ctx.language, "rule.kallelse.utan_barn"))


@rule(FORM)
def motetid(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """A meeting ends after it starts."""
    start, end = minutes_at(record, "mote.fran"), minutes_at(record, "mote.till")
    if start is not None and end is not None and end <= start:
        yield Problem("mote.till", ERROR, "motetid", text(ctx.language, "rule.motetid"))


@rule(FORM)
def nasta_mote(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """The next meeting comes after this one."""
    this, following = date_at(record, "mote.datum"), date_at(record, "nasta_mote.datum")
    if this and following and following <= this:
        yield Problem("nasta_mote.datum", ERROR, "nasta_mote", text(ctx.language, "rule.minnesanteckningar.nasta_mote"))


@rule(FORM)
def uppgift_senast(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """A task due before the meeting that agreed on it is most likely a typing error."""
    meeting = date_at(record, "mote.datum")
    if meeting is None:
        return
    for index, _ in dicts_at(record, "uppgifter"):
        due = date_at(record, f"uppgifter.{index}.senast")
        if due and due < meeting:
            yield Problem(
                f"uppgifter.{index}.senast", WARNING, "uppgift_senast",
                text(ctx.language, "rule.minnesanteckningar.uppgift_senast"),
            )  # fmt: skip


def _key(name: Any) -> str:
    return " ".join(str(name).casefold().split())


@rule(FORM)
def delges_deltagarna(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Seed 000: the minutes are shared with the participants (and the steering group): each one present is listed."""
    shared = {_key(item.get("namn")) for _, item in dicts_at(record, "delges") if item.get("namn")}
    for index, item in dicts_at(record, "deltagare"):
        if item.get("narvarande") is True and item.get("namn") and _key(item["namn"]) not in shared:
            yield Problem(
                f"deltagare.{index}", WARNING, "delges_deltagarna",
                text(ctx.language, "rule.minnesanteckningar.delges_deltagarna"),
            )  # fmt: skip


@rule(FORM)
def malgrupp(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Jämtbus 3.2: a Jämtbus meeting is about a child or young person 0–20 years old."""
    if routine(FORM, record, ctx) == JAMTBUS:
        yield from over_target_age(record, ctx, "barn.personnummer", "mote.datum")
