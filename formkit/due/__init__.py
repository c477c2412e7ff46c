"""What must happen next across a case's records: deadlines, consents that end, consent coverage (``formkit due``).

Records of every form are read from filled PDFs and ``formkit extract``
lines (:mod:`formkit.due.inputs`), linked by the person's identity number
(:mod:`formkit.due.cases`), and judged on a reference date
(:mod:`formkit.due.items`); what each form contributes is data in its schema
(:mod:`formkit.model.casework`), never code keyed by a form id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from formkit.due.inputs import FormRecord, read_inputs
from formkit.due.items import DueItem, due_findings, record_municipality
from formkit.due.report import DueReport, StandingSlots
from formkit.i18n import language_of
from formkit.model.casework import TIMEZONES
from formkit.settings import Settings

DEFAULT_WITHIN = 30
"""Days ahead that ``formkit due`` looks when not told (a consent ending next month is worth knowing now)."""

__all__ = ["DEFAULT_WITHIN", "DueItem", "DueReport", "due_report"]


def standing_slots(records: Iterable[FormRecord], settings: Settings, day: dt.date, within: int) -> list[StandingSlots]:
    """The standing times of the municipalities the records are issued by, with their slots from *day* in the window."""
    found: dict[str, StandingSlots] = {}
    horizon = day + dt.timedelta(days=within)
    for record in records:
        kommun = record_municipality(record, settings)
        if kommun is None or kommun.staende_tid is None or kommun.name in found:
            continue
        dates = tuple(kommun.staende_tid.slots(day, horizon))
        if dates:
            found[kommun.name] = StandingSlots(kommun, dates, TIMEZONES.get(record.form.language, TIMEZONES["sv"]))
    return sorted(found.values(), key=lambda slots: slots.kommun.name)


def due_report(
    paths: Iterable[str | Path],
    settings: Settings,
    *,
    date: dt.date | None = None,
    within: int = DEFAULT_WITHIN,
    language: str | None = None,
) -> DueReport:
    """Read *paths* and list what is overdue on *date* (default: the run's reference date) or due within *within* days.

    Every line is in one language: *language*, else the settings' ``sprak``, else the records' (see
    :meth:`DueReport.language`).
    """
    day = date or settings.reference_date()
    inputs = read_inputs(paths, settings)
    items, bad_items = due_findings(inputs.records, settings, today=day, within=within)
    chosen = language or settings.sprak
    return DueReport(
        day, within, items, [*inputs.unreadable, *bad_items],
        lang=language_of(chosen) if chosen else None, records=len(inputs.records), skipped=inputs.skipped,
        standing=standing_slots(inputs.records, settings, day, within),
    )  # fmt: skip
