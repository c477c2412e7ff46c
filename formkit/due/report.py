"""What ``formkit due`` shows: lines for a person, a JSON document for tools, calendar entries to import.

No name or identity number is shown unless asked for (``names=True``; never
in a calendar file, which is forwarded widely). A line names the date, whether
it has passed, what is due, the form, and where the record is (file and
record number, or the PDF an extract line came from).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from formkit.calendar import clean, new_calendar, pseudonym, recurring_rule, sequence_at, stable_uid, to_bytes
from formkit.due.cases import person_key
from formkit.due.items import DueItem
from formkit.i18n import DEFAULT_LANGUAGE, Message, shown_path, text
from formkit.model.casework import TIMEZONES, casework
from formkit.model.paths import value_at
from formkit.settings import Municipality


@dataclass(frozen=True)
class StandingSlots:
    """A municipality's standing collaboration time and its slots within the window (``[kommuner."…"] staende_tid``)."""

    kommun: Municipality
    dates: tuple[dt.date, ...]
    timezone: str = TIMEZONES["sv"]
    """The time zone of the forms that name the municipality (Europe/Oslo for a bokmål form's)."""


@dataclass
class DueReport:
    """The items of one run, with the date and window they were judged on, what could not be read and what was skipped."""

    date: dt.date
    within: int
    items: list[DueItem] = field(default_factory=list)
    unreadable: list[tuple[str, Message]] = field(default_factory=list)
    lang: str | None = None
    """The one language every line of the list is in (the settings' ``sprak`` or ``--lang``; None: see :meth:`language`)."""
    records: int = 0
    """How many records were read: none at all is said as such, never as "nothing overdue"."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(entry, kind) of what the folders held that is not read (:mod:`formkit.sources.folders`)."""
    standing: list[StandingSlots] = field(default_factory=list)
    """The standing times of the municipalities the records come from, with their slots in the window."""

    @property
    def overdue(self) -> int:
        return sum(item.overdue for item in self.items)

    def language(self) -> str:
        """The language of the whole list: the one asked for, else bokmål when every record read is of a bokmål form,
        else Swedish. One list is never a mix."""
        if self.lang:
            return self.lang
        languages = {item.item.form.language for item in self.items} or {DEFAULT_LANGUAGE}
        return languages.pop() if len(languages) == 1 else DEFAULT_LANGUAGE


def person_name(item: DueItem) -> str | None:
    """The name of the person the item's record is about (only for ``--names``)."""
    case = casework(item.item.form).case
    name = value_at(item.item.data, case.name) if case is not None else None
    return clean(name) if isinstance(name, str) and name.strip() else None


def where(item: DueItem, language: str) -> str:
    """The record's place: ``plan.json, post 3``, or ``plan.pdf, rad 3 i poster.jsonl`` for an extract line."""
    record = item.item
    if record.via is not None:
        return text(language, "due.where_via", source=record.source, via=record.via, record=record.record)
    return text(language, "due.where", source=record.source, record=record.record)


def _when(item: DueItem) -> str:
    return f"{item.due.isoformat()} {item.time}" if item.time else item.due.isoformat()


def standing_line(slots: StandingSlots, language: str) -> str:
    """``Stående tid för samverkan (Åre kommun): 2025-11-05, 2025-12-03 kl. 13:00–15:00``."""
    standing = slots.kommun.staende_tid
    hours = f"{standing.start}–{standing.end}" if standing is not None else ""
    days = ", ".join(day.isoformat() for day in slots.dates)
    return text(language, "due.standing", what=text(language, "due.kind.staende_tid"), kommun=slots.kommun.name,
                dates=days, hours=hours)  # fmt: skip


def format_text(report: DueReport, *, names: bool = False) -> Iterator[str]:
    """A heading, one line per item, the standing times and a count, all in the report's one language.

    Unreadable inputs and skipped entries are the caller's to show (on stderr).
    """
    language = report.language()
    if not report.records:
        yield text(language, "due.nothing_read", date=report.date.isoformat())
        return
    if not report.items:
        yield text(language, "due.nothing", date=report.date.isoformat(), days=report.within)
    else:
        yield text(language, "due.heading", date=report.date.isoformat(), days=report.within)
        for item in report.items:
            status = text(language, "due.overdue" if item.overdue else "due.upcoming")
            line = (f"  {_when(item):<16}  {status:<9}  {item.what(language)}  "
                    f"({item.item.form.id}: {where(item, language)}; {item.path})")  # fmt: skip
            name = person_name(item) if names else None
            yield f"{line}  – {name}" if name else line
    for slots in report.standing:
        yield "  " + standing_line(slots, language)
    if report.items:
        upcoming = len(report.items) - report.overdue
        yield text(language, "due.summary", total=len(report.items), overdue=report.overdue, upcoming=upcoming)


def to_dict(report: DueReport, *, names: bool = False) -> dict[str, Any]:
    """``{"date", "within", "overdue", "items": [...], "unreadable": [...]}`` for tools."""
    items = []
    language = report.language()
    for item in report.items:
        entry: dict[str, Any] = {
            "due": item.due.isoformat(), "time": item.time, "overdue": item.overdue, "kind": item.kind,
            "what": item.what(language), "path": item.path, "form": item.item.form.id,
            "source": shown_path(item.item.source), "record": item.item.record,
        }  # fmt: skip
        if item.types:
            entry["types"] = list(item.types)
        if item.item.via is not None:
            entry["via"] = shown_path(item.item.via)
        if names:
            entry["name"] = person_name(item)
        items.append(entry)
    document: dict[str, Any] = {
        "date": report.date.isoformat(), "within": report.within, "overdue": report.overdue, "items": items,
    }  # fmt: skip
    if report.standing:
        document["standing"] = [
            {"kommun": slots.kommun.name, "dates": [day.isoformat() for day in slots.dates],
             "from": slots.kommun.staende_tid.start if slots.kommun.staende_tid else None,
             "to": slots.kommun.staende_tid.end if slots.kommun.staende_tid else None}
            for slots in report.standing
        ]  # fmt: skip
    if report.skipped:
        document["skipped"] = [
            {"source": shown_path(s), "reason": text(language, f"folder.skipped.{kind}")} for s, kind in report.skipped
        ]
    if report.unreadable:
        document["unreadable"] = [{"source": shown_path(s), "message": m.render(language)} for s, m in report.unreadable]
    return document


def item_uid(item: DueItem) -> str:
    """The item's calendar UID: the same item gives the same UID in every run, two children's items never share one.

    Made from the form, the record's identity (its person's number through a slow one-way hash, its file's
    name and folder, its number in the file), the kind and the field — not the date, so an item whose date
    moves keeps its UID (and the run's later SEQUENCE updates it). Nothing in it can be read back.
    """
    record = item.item
    work = casework(record.form)
    person = person_key(record, work, item.due) if work.case is not None else None
    place = Path(record.via or record.source)
    return stable_uid("due", record.form.id, pseudonym(person) if person else "", place.parent.name, place.name,
                      record.record, item.kind, item.path)  # fmt: skip


def to_ics(report: DueReport, stamp: dt.date | dt.datetime) -> bytes:
    """One all-day entry per item on its date: what is due, the form, the file's name and record — no personal data.

    Only the file's own name (not its folders) goes in: calendar entries travel. Each municipality's standing
    time is one recurring entry. *stamp* is when the run writes (DTSTAMP, and the SEQUENCE of every entry).
    """
    if not isinstance(stamp, dt.datetime):
        stamp = dt.datetime(stamp.year, stamp.month, stamp.day, tzinfo=dt.UTC)
    sequence = sequence_at(stamp)
    language = report.language()
    cal = new_calendar()
    for item in report.items:
        record = item.item
        reference = text(language, "due.where", source=Path(record.source).name, record=record.record)
        if record.via is not None:
            reference = text(language, "due.where_via", source=Path(record.source).name, via=Path(record.via).name,
                             record=record.record)  # fmt: skip
        event = icalendar.Event()
        event.add("uid", item_uid(item))
        event.add("dtstamp", stamp)
        event.add("sequence", sequence)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + dt.timedelta(days=1))
        event.add("summary", clean(f"{item.what(language)} ({record.form.id})"))
        event.add("description", clean(f"{record.form.title} – {reference} ({item.path})"))
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    zones = []
    for slots in report.standing:
        standing = slots.kommun.staende_tid
        if standing is None or not slots.dates:
            continue
        zone_name = slots.timezone
        zone = ZoneInfo(zone_name)
        first = slots.dates[0]
        start = dt.datetime.combine(first, dt.time.fromisoformat(standing.start), tzinfo=zone)
        event = icalendar.Event()
        event.add("uid", stable_uid("standing", slots.kommun.name))
        event.add("dtstamp", stamp)
        event.add("sequence", sequence)
        event.add("dtstart", start)
        event.add("dtend", dt.datetime.combine(first, dt.time.fromisoformat(standing.end), tzinfo=zone))
        event.add("rrule", recurring_rule(standing.weekday, standing.ordinal))
        event.add("summary", clean(f"{text(language, 'due.kind.staende_tid')} ({slots.kommun.name})"))
        event.add("transp", "OPAQUE")
        cal.add_component(event)
        zones.append((zone_name, first.year))
    return to_bytes(cal, zones)
