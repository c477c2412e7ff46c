"""Format checks for dates, times, e-mail and Swedish and Norwegian identity numbers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from personnummer import personnummer as _personnummer
from stdnum.no import fodselsnummer as _fodselsnummer

# re.ASCII: \d must not accept other scripts' digits (fullwidth, Arabic-Indic),
# which the date and checksum code downstream would read as numbers.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII)
_TIME_HM = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d\Z", re.ASCII)
# A pragmatic address check: one @, no spaces, a dot in the domain. RFC 5322 in
# full accepts addresses no municipal mail system delivers to.
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+\Z")
# The four spellings the contract accepts; the personnummer package also takes
# YYMMDDNNNN without a separator, which is ambiguous about the century sign.
_PERSONNUMMER = re.compile(r"(?:\d{8}-?\d{4}|\d{6}[-+]\d{4})\Z", re.ASCII)
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


def is_personnummer(value: str) -> bool:
    """A Swedish personnummer or samordningsnummer: date and Luhn checksum checked."""
    if not _PERSONNUMMER.match(value):
        return False
    return bool(_personnummer.valid(value))


def is_fodselsnummer(value: str) -> bool:
    """A Norwegian fødselsnummer or D-nummer: date and both check digits checked."""
    return _FODSELSNUMMER.match(value) is not None and bool(_fodselsnummer.is_valid(value))


def normalize_personnummer(value: str) -> str:
    """The contract's spelling ``YYYYMMDD-NNNN`` of a valid personnummer (ValueError otherwise)."""
    if not is_personnummer(value):
        raise ValueError("not a valid personnummer")
    digits = _personnummer.parse(value).format(True)
    return f"{digits[:8]}-{digits[8:]}"


def personnummer_birth_date(value: str) -> dt.date | None:
    """The birth date a valid personnummer or samordningsnummer encodes, or None."""
    if not is_personnummer(value):
        return None
    digits = _personnummer.parse(value).format(True)
    day = int(digits[6:8])
    if day > 60:  # samordningsnummer: day + 60
        day -= 60
    return dt.date(int(digits[:4]), int(digits[4:6]), day)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years between *birth* and *day* (a birthday counts on its date)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


FORMAT_CHECKS: dict[str, Callable[[str], bool]] = {
    "date": is_date,
    "time-hm": is_time_hm,
    "email": is_email,
    "personnummer": is_personnummer,
    "fodselsnummer": is_fodselsnummer,
}
"""Every format the schemas use; the fast validator and the jsonschema pass share these."""
