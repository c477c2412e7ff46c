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

from formkit.due.inputs import read_inputs
from formkit.due.items import DueItem, due_items
from formkit.due.report import DueReport
from formkit.settings import Settings

DEFAULT_WITHIN = 30
"""Days ahead that ``formkit due`` looks when not told (a consent ending next month is worth knowing now)."""

__all__ = ["DEFAULT_WITHIN", "DueItem", "DueReport", "due_report"]


def due_report(
    paths: Iterable[str | Path], settings: Settings, *, date: dt.date | None = None, within: int = DEFAULT_WITHIN
) -> DueReport:
    """Read *paths* and list what is overdue on *date* (default: the run's reference date) or due within *within* days."""
    day = date or settings.reference_date()
    inputs = read_inputs(paths, settings)
    items = due_items(inputs.records, settings, today=day, within=within)
    return DueReport(day, within, items, inputs.unreadable)
