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

import icalendar

from formkit.calendar import clean, new_calendar, stable_uid, to_bytes
from formkit.due.items import DueItem
from formkit.i18n import DEFAULT_LANGUAGE, Message, shown_path, text
from formkit.model.casework import casework
from formkit.model.paths import value_at


@dataclass
class DueReport:
    """The items of one run, with the date and window they were judged on, and what could not be read."""

    date: dt.date
    within: int
    items: list[DueItem] = field(default_factory=list)
    unreadable: list[tuple[str, Message]] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(item.overdue for item in self.items)

    def language(self) -> str:
        """The language of the headings: bokmål when every item is of a bokmål form, else Swedish."""
        languages = {item.item.form.language for item in self.items}
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


def format_text(report: DueReport, *, names: bool = False) -> Iterator[str]:
    """A heading, one line per item (in its form's language), and a count (unreadable inputs are the caller's to show)."""
    language = report.language()
    if not report.items:
        yield text(language, "due.nothing", date=report.date.isoformat(), days=report.within)
        return
    yield text(language, "due.heading", date=report.date.isoformat(), days=report.within)
    for item in report.items:
        own = item.item.form.language
        status = text(own, "due.overdue" if item.overdue else "due.upcoming")
        line = f"  {_when(item):<16}  {status:<9}  {item.what(own)}  ({item.item.form.id}: {where(item, own)}; {item.path})"
        name = person_name(item) if names else None
        yield f"{line}  – {name}" if name else line
    upcoming = len(report.items) - report.overdue
    yield text(language, "due.summary", total=len(report.items), overdue=report.overdue, upcoming=upcoming)


def to_dict(report: DueReport, *, names: bool = False) -> dict[str, Any]:
    """``{"date", "within", "overdue", "items": [...], "unreadable": [...]}`` for tools."""
    items = []
    for item in report.items:
        language = item.item.form.language
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
    if report.unreadable:
        document["unreadable"] = [{"source": shown_path(s), "message": m.render(report.language())} for s, m in report.unreadable]
    return document


def to_ics(report: DueReport, stamp: dt.date) -> bytes:
    """One all-day entry per item on its date: what is due, the form, the file's name and record — no personal data.

    Only the file's own name (not its folders) goes in: calendar entries travel.
    """
    cal = new_calendar()
    for item in report.items:
        language = item.item.form.language
        record = item.item
        reference = text(language, "due.where", source=Path(record.source).name, record=record.record)
        if record.via is not None:
            reference = text(language, "due.where_via", source=Path(record.source).name, via=Path(record.via).name,
                             record=record.record)  # fmt: skip
        event = icalendar.Event()
        event.add("uid", stable_uid("due", record.form.id, reference, item.kind, item.path, item.due.isoformat()))
        event.add("dtstamp", dt.datetime(stamp.year, stamp.month, stamp.day, tzinfo=dt.UTC))
        event.add("dtstart", item.due)
        event.add("dtend", item.due + dt.timedelta(days=1))
        event.add("summary", clean(f"{item.what(language)} ({record.form.id})"))
        event.add("description", clean(f"{record.form.title} – {reference} ({item.path})"))
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return to_bytes(cal)
