"""The ``ics`` renderer of ``formkit fill``: a record's meeting as an iCalendar file with one VEVENT.

Which fields make the meeting is the form's ``x-formkit`` ``calendar``
(:mod:`formkit.model.casework`): any form that names a date, a start time and
a title can be written as ``ics``; a form without one is refused before the
batch starts. The entry holds the meeting type (its title), the time in the
form's time zone, the place and the form's ``details`` fields, and a reference
to the invitation — never the child's or anyone's name or personnummer:
calendar entries are forwarded widely.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import icalendar

from formkit.calendar import clean, new_calendar, stable_uid, to_bytes
from formkit.errors import OutputError, RenderError
from formkit.i18n import text
from formkit.model.casework import CalendarSpec, casework
from formkit.model.paths import value_at
from formkit.render.base import RenderOptions, register_renderer

if TYPE_CHECKING:
    from formkit.model.catalog import Form
    from formkit.settings import Settings


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
        self.spec: CalendarSpec = spec
        self.zone = ZoneInfo(spec.timezone)
        # DTSTAMP is the run's reference date, not the clock: the same input gives the same file.
        day = settings.reference_date()
        self.stamp = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)

    def _say(self, key: str, **params: object) -> str:
        return text(self.form.language, key, **params)

    def _shown(self, record: Mapping[str, Any], path: str) -> str:
        value = value_at(record, path)
        node = self.form.model.node(path)
        if node is not None and node.enum is not None:
            return clean(node.label(value))
        return clean(value) if isinstance(value, str | int | float) and not isinstance(value, bool) else ""

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
        place = self._shown(data, spec.location) if spec.location else ""
        reference = " ".join(part for part in (self.form.id, day.isoformat(), start.strftime("%H:%M") if start else "") if part)
        lines = [self._say("ics.reference", form=self.form.title, reference=reference)]
        for path in spec.details:
            shown = self._shown(data, path)
            node = self.form.model.node(path)
            if shown and node is not None:
                lines.append(f"{' – '.join(node.titles)}: {shown}")
        lines.append(self._say("ics.no_personal_data"))
        event.add("uid", stable_uid(self.form.id, reference, place, *lines))
        event.add("dtstamp", self.stamp)
        event.add("summary", title)
        if place:
            event.add("location", place)
        event.add("description", "\n".join(lines))
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        event.add("sequence", 0)
        cal = new_calendar()
        cal.add_component(event)
        return to_bytes(cal, [(self.spec.timezone, day.year)] if start is not None else [])


def ics_renderer_factory(form: Form, settings: Settings, options: RenderOptions) -> IcsRenderer:
    """The ``--to ics`` factory (no template: the form's calendar fields say it all)."""
    return IcsRenderer(form, settings)


register_renderer("ics", ics_renderer_factory)
