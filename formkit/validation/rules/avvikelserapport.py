"""Rules of avvikelserapport (NORRBUS Bilaga 3 and 4): dates in order, both signatures, the id, the handling."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from formkit.i18n import text
from formkit.privacy import has_identity_number
from formkit.problems import ERROR, WARNING, Problem
from formkit.validation.rules import RuleContext, rule
from formkit.validation.rules._fields import date_at, get

FORM = "avvikelserapport"


@rule(FORM)
def rapportdatum(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """A report is made on or after the event, and not in the future."""
    event, reported = date_at(record, "handelsedatum"), date_at(record, "rapportdatum")
    if event and reported and reported < event:
        yield Problem(
            "rapportdatum", ERROR, "rapportdatum", text(ctx.language, "rule.avvikelserapport.rapportdatum_fore_handelse")
        )
    if reported and reported > ctx.today:
        yield Problem("rapportdatum", ERROR, "rapportdatum", text(ctx.language, "rule.avvikelserapport.rapportdatum_framtid"))


@rule(FORM)
def handlaggning_datum(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Handling happens after the report: received, feedback and action dates cannot precede it."""
    reported = date_at(record, "rapportdatum")
    if not reported:
        return
    for field in ("mottagen", "aterkoppling", "atgardat"):
        day = date_at(record, f"handlaggning.{field}")
        if day and day < reported:
            yield Problem(
                f"handlaggning.{field}", ERROR, "handlaggning_datum",
                text(ctx.language, "rule.avvikelserapport.handlaggning_datum"),
            )  # fmt: skip


SIGNATURE_MISSING = {
    "rapportor": "rule.avvikelserapport.underskrift_rapportor",
    "narmaste_chef": "rule.avvikelserapport.underskrift_narmaste_chef",
}
"""The message for each signer whose signature is missing (a whole sentence each: the two differ in grammar)."""


@rule(FORM)
def underskrifter(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Bilaga 4: both the reporter and the nearest manager sign the report."""
    for who in ("rapportor", "narmaste_chef"):
        if not get(record, f"underskrifter.{who}.namn"):
            yield Problem(f"underskrifter.{who}", WARNING, "underskrifter", text(ctx.language, SIGNATURE_MISSING[who]))


# --- issue 10: the id rule and the handling rules of the forms contract

STATUS_ORDER = ("rapporterad", "mottagen", "analyserad", "atgardad", "avslutad")
"""Bilaga 4's handling steps in order; a status claims every step before it."""
STATUS_NEEDS = {
    "mottagen": ("handlaggning.mottagen",),
    "analyserad": ("handlaggning.analys",),
    "atgardad": ("handlaggning.beslutade_atgarder", "handlaggning.atgardat"),
    "avslutad": ("handlaggning.aterkoppling",),
}
"""What a status needs, from the step that needs it on (the forms contract, "Handling rules")."""
DATE_PATHS = (
    "handelsedatum", "rapportdatum", "underskrifter.rapportor.datum", "underskrifter.narmaste_chef.datum",
    "handlaggning.mottagen", "handlaggning.aterkoppling", "handlaggning.atgardat", "handlaggning.informerat",
)  # fmt: skip


@rule(FORM)
def id_inte_personnummer(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """The id is a register code: never a personnummer or samordningsnummer (it reaches file names and the summary).

    Found in every spelling, with any separator or none (:mod:`formkit.privacy`), as file names and messages mask it.
    """
    value = record.get("id")
    if isinstance(value, str) and has_identity_number(value):
        yield Problem("id", ERROR, "id_personnummer", text(ctx.language, "rule.id_personnummer"))


@rule(FORM)
def handlaggning_ordning(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Feedback and action come on or after the report was received."""
    received = date_at(record, "handlaggning.mottagen")
    if not received:
        return
    for field in ("aterkoppling", "atgardat", "informerat"):
        day = date_at(record, f"handlaggning.{field}")
        if day and day < received:
            yield Problem(f"handlaggning.{field}", ERROR, "handlaggning_ordning", text(ctx.language, "rule.before_mottagen"))


@rule(FORM)
def inga_framtida_datum(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """No date in a report lies after the reference date (rapportdatum has its own rule above)."""
    for path in DATE_PATHS:
        if path == "rapportdatum":
            continue
        day = date_at(record, path)
        if day and day > ctx.today:
            yield Problem(path, ERROR, "framtida_datum", text(ctx.language, "rule.future_date", today=ctx.today.isoformat()))


@rule(FORM)
def status_kraver(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """A status needs what it claims: mottagen a date received, analyserad an analysis, and so on (Bilaga 4)."""
    status = get(record, "handlaggning.status")
    if status not in STATUS_ORDER:
        return
    for step in STATUS_ORDER[1 : STATUS_ORDER.index(status) + 1]:
        for path in STATUS_NEEDS[step]:
            value = get(record, path)
            if value is None or (isinstance(value, str) and not value.strip()):
                yield Problem(path, ERROR, "status_kraver", text(ctx.language, "rule.status_needs", status=status))


STATUS_FOR_DATE = {"mottagen": "mottagen", "aterkoppling": "mottagen", "atgardat": "atgardad"}
"""The least status a handling date says the report has reached (a report is told back on only once received)."""


@rule(FORM)
def status_motsager(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """A date of a later handling step than the status claims: the status and the dates contradict each other.

    ``rapporterad`` with an återkoppling or åtgärdat date, ``mottagen`` with an
    åtgärdat date: one of them is out of date, and the summary would count the
    report in the wrong step.
    """
    status = get(record, "handlaggning.status")
    if status not in STATUS_ORDER:
        return
    reached = STATUS_ORDER.index(status)
    for field, least in STATUS_FOR_DATE.items():
        if date_at(record, f"handlaggning.{field}") is not None and reached < STATUS_ORDER.index(least):
            yield Problem(
                f"handlaggning.{field}", ERROR, "status_motsager",
                text(ctx.language, "rule.avvikelserapport.status_motsager", status=status),
            )  # fmt: skip
