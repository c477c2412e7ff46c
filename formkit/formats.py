"""Format checks for dates, times, e-mail and Swedish and Norwegian identity numbers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from formkit.personnummer_check import parse_personnummer, personnummer_checker

# re.ASCII: \d must not accept other scripts' digits (fullwidth, Arabic-Indic),
# which the date and checksum code downstream would read as numbers.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII)
_TIME_HM = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d\Z", re.ASCII)
# A pragmatic address check: one @, no spaces, a dot in the domain. RFC 5322 in
# full accepts addresses no municipal mail system delivers to.
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+\Z")
_FODSELSNUMMER = re.compile(r"\d{11}\Z", re.ASCII)


# The checks below run for every date, time and address of every record (a genomförandeplan has
# about twenty): set lookups and string methods instead of a regex and a parse, a third of the time.
# tests/test_formats.py holds each to its pattern above on generated text.
_LONGEST_MONTHS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTH_DAY = frozenset(f"{month:02d}-{day:02d}" for month in range(1, 13) for day in range(1, _LONGEST_MONTHS[month - 1] + 1))
_TIMES = frozenset(f"{hour:02d}:{minute:02d}" for hour in range(24) for minute in range(60))


_SEEN_AT_MOST = 50_000
"""Each memo of verdicts below holds at most this many (a few MB, whatever the input)."""
_DATES_SEEN: dict[str, bool] = {}
"""Verdicts on the dates met so far: a batch names the same few hundred days again and again."""


def is_date(value: str) -> bool:
    """An ISO date ``YYYY-MM-DD`` that exists in the calendar (year 0001 to 9999)."""
    seen = _DATES_SEEN.get(value)
    if seen is not None:
        return seen
    verdict = _is_date(value)
    if len(_DATES_SEEN) < _SEEN_AT_MOST and len(value) == 10:
        _DATES_SEEN[value] = verdict
    return verdict


def _is_date(value: str) -> bool:
    if len(value) != 10 or value[4] != "-" or value[5:] not in _MONTH_DAY:
        return False
    year = value[:4]
    if not (year.isascii() and year.isdigit()) or year == "0000":
        return False
    if value[5:] == "02-29":
        number = int(year)
        return number % 4 == 0 and (number % 100 != 0 or number % 400 == 0)
    return True


def is_time_hm(value: str) -> bool:
    """A time of day ``HH:MM`` (24-hour clock)."""
    return value in _TIMES


_EMAILS_SEEN: dict[str, bool] = {}
"""Verdicts on the addresses met so far: a municipality's case workers recur across a batch."""


def is_email(value: str) -> bool:
    """An e-mail address of the form local@domain.tld: one @, no white space, a dot in the domain, no empty label."""
    seen = _EMAILS_SEEN.get(value)
    if seen is None:
        seen = _is_email(value)
        if len(_EMAILS_SEEN) < _SEEN_AT_MOST and len(value) <= 254:
            _EMAILS_SEEN[value] = seen
    return seen


def _is_email(value: str) -> bool:
    if len(value) > 254:
        return False
    at = value.find("@")
    if at <= 0 or value.find("@", at + 1) >= 0:
        return False
    # No white space (what \s means in the pattern): for printable ASCII only a space can be one.
    if value.isascii() and value.isprintable():
        if " " in value:
            return False
    elif value.split() != [value]:
        return False
    # The domain: labels separated by dots, at least two, none empty.
    dot = value.find(".", at + 1)
    return dot > at + 1 and value[-1] != "." and ".." not in value[at:]


def is_personnummer(value: str, today: dt.date | None = None) -> bool:
    """A Swedish personnummer or samordningsnummer in one of the contract's five spellings: date and Luhn checked.

    The century of a six-digit year is read against *today* (the reference date; the clock's date when not given).
    """
    return personnummer_checker(today or dt.date.today())(value)


def is_fodselsnummer(value: str) -> bool:
    """A Norwegian fødselsnummer or D-nummer: date and both check digits checked."""
    # Imported on first use: python-stdnum's import brings ssl and more (~10 ms), which only the
    # Norwegian form needs.
    from stdnum.no import fodselsnummer

    return _FODSELSNUMMER.match(value) is not None and bool(fodselsnummer.is_valid(value))


def normalize_personnummer(value: str, today: dt.date | None = None) -> str:
    """The contract's spelling ``YYYYMMDD-NNNN`` of a valid personnummer (ValueError otherwise)."""
    found = parse_personnummer(value, today or dt.date.today())
    if found is None:
        raise ValueError("not a valid personnummer")
    return found.long()


def personnummer_birth_date(value: str, today: dt.date | None = None) -> dt.date | None:
    """The birth date a valid personnummer or samordningsnummer encodes, or None."""
    found = parse_personnummer(value, today or dt.date.today())
    return found.birth_date() if found is not None else None


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years between *birth* and *day* (a birthday counts on its date)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def format_checks(today: dt.date | None = None) -> dict[str, Callable[[str], bool]]:
    """Every format the schemas use, the personnummer read against *today*; the fast validator and jsonschema share these."""
    return {
        "date": is_date,
        "time-hm": is_time_hm,
        "email": is_email,
        "personnummer": personnummer_checker(today or dt.date.today()),
        "fodselsnummer": is_fodselsnummer,
    }


FORMAT_NAMES = ("date", "time-hm", "email", "personnummer", "fodselsnummer")
