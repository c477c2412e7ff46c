"""iCalendar files (RFC 5545) that Outlook and Thunderbird import: one calendar, its events, their time zones.

Built with the ``icalendar`` package, except the VTIMEZONE: icalendar writes a
zone as a list of RDATE transitions, which Outlook misreads (events in summer
time land an hour off), so :func:`vtimezone` writes the yearly RRULE form that
Outlook and Google Calendar themselves write. Nothing here sees a record: the
callers decide what an entry says (never a person's name or number: calendar
entries are forwarded widely).
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import hashlib
import re
import uuid
from collections.abc import Iterable
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

import icalendar

from formkit import __version__

PRODID = f"-//formkit//formkit {__version__}//SV"
UID_DOMAIN = "formkit.invalid"
_NAMESPACE = uuid.UUID("6f0a3c52-3d7e-5b3c-9a51-4b1f5c0e2a77")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_EPOCH_YEAR = 1970
"""The first onset written for a zone's yearly rule, as Outlook and Google write it."""


def clean(value: object) -> str:
    """*value* as iCalendar text: control characters (which RFC 5545 TEXT forbids) dropped, a newline kept."""
    return _CONTROL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")


def stable_uid(*parts: object) -> str:
    """A UID that is the same whenever the same *parts* (never personal data) are given: a re-sent entry updates."""
    return f"{uuid.uuid5(_NAMESPACE, chr(31).join(str(part) for part in parts))}@{UID_DOMAIN}"


_PSEUDONYM_SALT = b"formkit calendar identity v1"
_PSEUDONYM_ROUNDS = 20_000


@lru_cache(maxsize=4096)
def pseudonym(value: str) -> str:
    """A stand-in for an identity number in a UID: the same for the same number, and slow to reverse.

    A personnummer has few possible values, so a plain hash could be reversed
    by trying them all; a key-stretched hash (PBKDF2, 20,000 rounds) makes
    every guess cost. Computed once per number and run.
    """
    digest = hashlib.pbkdf2_hmac("sha256", value.encode("utf-8"), _PSEUDONYM_SALT, _PSEUDONYM_ROUNDS)
    return digest.hex()[:32]


_SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def sequence_at(stamp: dt.datetime) -> int:
    """The SEQUENCE of entries written at *stamp*: minutes since 2020, so a later run's entry always supersedes.

    RFC 5545 wants a higher SEQUENCE for a changed event with the same UID (a
    moved meeting); formkit keeps no state between runs, so each run's
    entries carry the minute they were written (the reference date's midnight
    when the run's date is fixed, which keeps such runs reproducible).
    """
    return max(0, int((stamp - _SEQUENCE_EPOCH).total_seconds() // 60))


def recurring_rule(weekday: int, ordinal: int) -> dict[str, object]:
    """An RRULE for the *ordinal* (-1: last) *weekday* (0 Monday) of every month (a standing time)."""
    return {"freq": "monthly", "byday": f"{ordinal}{_DAYS[weekday]}"}


def new_calendar() -> icalendar.Calendar:
    """An empty calendar to publish (METHOD:PUBLISH: entries to import, not meeting requests to answer)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    return cal


def to_bytes(cal: icalendar.Calendar, zones: Iterable[tuple[str, int]] = ()) -> bytes:
    """The calendar as an .ics file, with one VTIMEZONE per zone name used (*zones*: (tzid, year) pairs)."""
    seen: set[str] = set()
    timezones = []
    for tzid, year in sorted(set(zones)):
        if tzid not in seen:
            seen.add(tzid)
            timezones.append(vtimezone(tzid, year))
    # VTIMEZONE first: some clients read the file in one pass.
    cal.subcomponents[:0] = timezones
    data: bytes = cal.to_ical()
    return data


def _onset(year: int, month: int, ordinal: int, weekday: int, hour: int, minute: int) -> dt.datetime:
    """The *ordinal* (1..4, or -1 for the last) *weekday* of *month* in *year*, at the given local time."""
    days = [d for d in range(1, _calendar.monthrange(year, month)[1] + 1) if dt.date(year, month, d).weekday() == weekday]
    return dt.datetime(year, month, days[ordinal - 1] if ordinal > 0 else days[-1], hour, minute)


def _offset(delta: dt.timedelta | None) -> dt.timedelta:
    return delta if delta is not None else dt.timedelta(0)


@cache
def _transitions(tzid: str, year: int) -> tuple[tuple[dt.datetime, dt.timedelta, dt.timedelta, str], ...]:
    """The zone's offset changes in *year*: (local wall time just before, offset before, offset after, name after)."""
    zone = ZoneInfo(tzid)
    found = []
    instant = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    before = _offset(instant.astimezone(zone).utcoffset())
    while instant < end:
        following = instant + dt.timedelta(minutes=30)
        after = _offset(following.astimezone(zone).utcoffset())
        if after != before:
            # The change happens within this half hour; zones change on the hour or half hour.
            local_before = (following + before).replace(tzinfo=None)
            found.append((local_before, before, after, following.astimezone(zone).tzname() or ""))
            before = after
        instant = following
    return tuple(found)


def vtimezone(tzid: str, year: int) -> icalendar.Timezone:
    """The VTIMEZONE of *tzid* as a yearly rule (RRULE BYMONTH/BYDAY), read from the zone's changes in *year*."""
    zone = ZoneInfo(tzid)
    component = icalendar.Timezone()
    component.add("tzid", tzid)
    changes = _transitions(tzid, year)
    if not changes:
        standard = icalendar.TimezoneStandard()
        offset = _offset(dt.datetime(year, 1, 1, tzinfo=zone).utcoffset())
        standard.add("dtstart", dt.datetime(_EPOCH_YEAR, 1, 1))
        standard.add("tzoffsetfrom", offset)
        standard.add("tzoffsetto", offset)
        standard.add("tzname", dt.datetime(year, 1, 1, tzinfo=zone).tzname() or tzid)
        component.add_component(standard)
        return component
    for local, before, after, name in changes:
        days_in_month = _calendar.monthrange(local.year, local.month)[1]
        ordinal = -1 if local.day + 7 > days_in_month else (local.day - 1) // 7 + 1
        part = icalendar.TimezoneDaylight() if after > before else icalendar.TimezoneStandard()
        part.add("tzname", name)
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        part.add("dtstart", _onset(_EPOCH_YEAR, local.month, ordinal, local.weekday(), local.hour, local.minute))
        part.add("rrule", {"freq": "yearly", "bymonth": local.month, "byday": f"{ordinal}{_DAYS[local.weekday()]}"})
        component.add_component(part)
    return component
