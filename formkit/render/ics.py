"""The ``ics`` renderer of ``formkit fill``: a record's meeting as an iCalendar file with one VEVENT.

Which fields make the meeting is the form's ``x-formkit`` ``calendar``
(:mod:`formkit.model.casework`): any form that names a date, a start time and
a title can be written as ``ics``; a form without one is refused before the
batch starts. The entry holds the meeting type (its title), the time in the
form's time zone, the place and the form's ``details`` fields, and a reference
to the invitation — never the child's or anyone's name or personnummer:
calendar entries are forwarded widely. A meeting in the family's home is
placed as "Hembesök" (the setting ``[dokument] hembesok``), never at their
address. The UID is made from the form's ``identity`` fields through a
one-way hash, so the same meeting keeps its UID when it is moved, and its
SEQUENCE is the minute the run writes (see :func:`formkit.calendar.sequence_at`),
so a calendar that imports the moved meeting updates it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import icalendar

from formkit.calendar import clean, new_calendar, pseudonym, recurring_rule, sequence_at, stable_uid, to_bytes
from formkit.errors import OutputError, RenderError
from formkit.i18n import text
from formkit.model.casework import CalendarSpec, casework
from formkit.model.paths import value_at
from formkit.render.base import RenderOptions, register_renderer

if TYPE_CHECKING:
    from formkit.model.catalog import Form
    from formkit.settings import Settings, StandingTime


def _time(value: Any) -> dt.time | None:
    try:
        return dt.time.fromisoformat(value) if isinstance(value, str) and len(value) == 5 else None
    except ValueError:
        return None


class IcsRenderer:
    """One calendar entry per record, for a form whose presentation names its meeting's fields."""

    ext = "ics"

    def __init__(self, form: Form, settings: Settings) -> None:
        spec = casework(form).calendar
        if spec is None:
            raise OutputError("ics.no_calendar", form=form.id)
        self.form = form
        self.settings = settings
        self.spec: CalendarSpec = spec
        self.zone = ZoneInfo(spec.timezone)
        # DTSTAMP and SEQUENCE: the reference date's midnight when the run's date is fixed (the same input gives the
        # same file), else the minute the run started (a later run's entry supersedes an earlier one).
        self.stamp = settings.reference_instant()
        self.sequence = sequence_at(self.stamp)

    def _say(self, key: str, **params: object) -> str:
        return text(self.form.language, key, **params)

    def _shown(self, record: Mapping[str, Any], path: str) -> str:
        value = value_at(record, path)
        node = self.form.model.node(path)
        if node is not None and node.enum is not None:
            return clean(node.label(value))
        return clean(value) if isinstance(value, str | int | float) and not isinstance(value, bool) else ""

    def _values(self, record: Mapping[str, Any], path: str) -> list[str]:
        """Every text at generic *path* (list marks range over the list)."""
        found: list[str] = []

        def walk(value: Any, parts: list[str]) -> None:
            if not parts:
                if isinstance(value, str) and value.strip():
                    found.append(value.strip())
                return
            head, rest = parts[0], parts[1:]
            if head == "*":
                for item in value if isinstance(value, list) else []:
                    walk(item, rest)
            elif isinstance(value, Mapping):
                walk(value.get(head), rest)

        walk(record, path.split("."))
        return found

    def place(self, record: Mapping[str, Any]) -> str:
        """Where the entry says the meeting is: the place as written, or the home-visit wording for a family's home.

        The place is taken for a home when the record says so (``home``) or when it holds a name or an
        address from the ``private`` fields: a calendar entry never carries them.
        """
        spec = self.spec
        place = self._shown(record, spec.location) if spec.location else ""
        if spec.home is not None and value_at(record, spec.home) is True:
            return self.settings.hembesok
        folded = place.casefold()
        for path in spec.private:
            is_address = "adress" in path.rsplit(".", 1)[-1]
            for value in self._values(record, path):
                if is_address:
                    # The street part: a postal code or a town may well be the meeting's own.
                    street = value.split(",")[0].strip().casefold()
                    if street and street in folded:
                        return self.settings.hembesok
                    continue
                words = [word for word in re.findall(r"\w+", value.casefold()) if len(word) >= 3 and not word.isdigit()]
                if any(re.search(rf"\b{re.escape(word)}\b", folded) for word in words):
                    return self.settings.hembesok
        return place

    def uid(self, record: Mapping[str, Any], fallback: tuple[str, ...]) -> str:
        """The meeting's UID: its ``identity`` values through a one-way hash (else *fallback*, the meeting's details)."""
        values = [value for path in self.spec.identity for value in self._values(record, path)]
        if not any(values):
            return stable_uid(self.form.id, *fallback)
        return stable_uid(self.form.id, "identity", pseudonym("\x1f".join(values)))

    def render(self, data: dict[str, Any]) -> bytes:
        spec = self.spec
        try:
            day = dt.date.fromisoformat(str(value_at(data, spec.date)))
        except ValueError:
            raise RenderError("ics.no_date", field=spec.date) from None
        start, end = _time(value_at(data, spec.start)), _time(value_at(data, spec.end))
        title = self._shown(data, spec.title) or self.form.title
        event = icalendar.Event()
        if start is None:  # a draft without a time: an all-day entry on the date
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
        else:
            event.add("dtstart", dt.datetime.combine(day, start, tzinfo=self.zone))
            if end is not None and end > start:
                event.add("dtend", dt.datetime.combine(day, end, tzinfo=self.zone))
        place = self.place(data)
        reference = " ".join(part for part in (self.form.id, day.isoformat(), start.strftime("%H:%M") if start else "") if part)
        lines = [self._say("ics.reference", form=self.form.title, reference=reference)]
        for path in spec.details:
            shown = self._shown(data, path)
            node = self.form.model.node(path)
            if shown and node is not None:
                lines.append(f"{' – '.join(node.titles)}: {shown}")
        lines.append(self._say("ics.no_personal_data"))
        event.add("uid", self.uid(data, (reference, place, *lines)))
        event.add("dtstamp", self.stamp)
        event.add("summary", title)
        if place:
            event.add("location", place)
        event.add("description", "\n".join(lines))
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        event.add("sequence", self.sequence)
        standing = self._standing(data)
        if standing is not None and start is not None:
            event.add("rrule", recurring_rule(standing.weekday, standing.ordinal))
        cal = new_calendar()
        cal.add_component(event)
        return to_bytes(cal, [(self.spec.timezone, day.year)] if start is not None else [])


    def _standing(self, record: Mapping[str, Any]) -> StandingTime | None:
        """The municipality's standing time when the record's meeting recurs at it (``recurring``), else None."""
        if self.spec.recurring is None or value_at(record, self.spec.recurring) is not True:
            return None
        presentation = self.form.presentation
        name = presentation.municipality_name(record, self.settings, self.form.language)
        kommun = self.settings.municipality_settings(name)
        return kommun.staende_tid if kommun is not None else None


def ics_renderer_factory(form: Form, settings: Settings, options: RenderOptions) -> IcsRenderer:
    """The ``--to ics`` factory (no template: the form's calendar fields say it all)."""
    return IcsRenderer(form, settings)


register_renderer("ics", ics_renderer_factory)
