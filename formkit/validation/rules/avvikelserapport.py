"""Rules of avvikelserapport (NORRBUS Bilaga 3 and 4): dates in order, both signatures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from formkit.validation.problems import ERROR, WARNING, Problem
from formkit.validation.rules import RuleContext, rule
from formkit.validation.rules._fields import date_at, get

FORM = "avvikelserapport"


@rule(FORM)
def rapportdatum(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """A report is made on or after the event, and not in the future."""
    event, reported = date_at(record, "handelsedatum"), date_at(record, "rapportdatum")
    if event and reported and reported < event:
        yield Problem("rapportdatum", ERROR, "rapportdatum", "Rapportdatum kan inte ligga före datum för händelsen.")
    if reported and reported > ctx.today:
        yield Problem("rapportdatum", ERROR, "rapportdatum", "Rapportdatum kan inte ligga i framtiden.")


@rule(FORM)
def handlaggning_datum(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Handling happens after the report: received, feedback and action dates cannot precede it."""
    reported = date_at(record, "rapportdatum")
    if not reported:
        return
    for field in ("mottagen", "aterkoppling", "atgardat"):
        day = date_at(record, f"handlaggning.{field}")
        if day and day < reported:
            yield Problem(f"handlaggning.{field}", ERROR, "handlaggning_datum", "Datumet kan inte ligga före rapportdatum.")


@rule(FORM)
def underskrifter(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Bilaga 4: both the reporter and the nearest manager sign the report."""
    for who, label in (("rapportor", "Rapportörens"), ("narmaste_chef", "Närmaste chefens")):
        if not get(record, f"underskrifter.{who}.namn"):
            yield Problem(f"underskrifter.{who}", WARNING, "underskrifter", f"{label} underskrift saknas.")
