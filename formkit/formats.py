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


def is_date(value: str) -> bool:
    """An ISO date ``YYYY-MM-DD`` that exists in the calendar."""
    if not _DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_time_hm(value: str) -> bool:
    """A time of day ``HH:MM`` (24-hour clock)."""
    return _TIME_HM.match(value) is not None


def is_email(value: str) -> bool:
    """An e-mail address of the form local@domain.tld."""
    return len(value) <= 254 and _EMAIL.match(value) is not None


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
