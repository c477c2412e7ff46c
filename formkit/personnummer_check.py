"""Swedish personnummer and samordningsnummer checked against a given reference date, without regex or clock.

Why by hand: the `personnummer` package reads the clock on every parse (its century rule for the
short spellings depends on "now") and costs about 16 µs a call, a third of validating a record; a
batch must judge every record against one reference date, the same for a whole run. This port
agrees with the package on every value of a generated million except where the contract decides
otherwise (see the notes below and tests/test_personnummer_check.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

# Century rules for the six-digit-year spellings (YYMMDD-NNNN, YYMMDDNNNN, YYMMDD+NNNN):
#
# "-" or no separator: the latest birth date on or before the reference date. The person is then
#   0..99 years old, so "under 100" is the contract's condition with the birthday counting on its
#   date (formats.age_on): born exactly 100 years before today means age 100, not under 100, so
#   the same digits read as born today. Born today is age 0 and stays in this century; born
#   tomorrow (a later date in today's year) is moved back a century. The personnummer package
#   compares years only and would place "tomorrow" in the future (age -1): that is its one wrong
#   answer here, and we take the contract's.
# "+": the latest year at least 100 years before the reference year, as the package does. This is
#   Skatteverket's rule: the hyphen becomes a plus sign in the *year* the person turns 100
#   (18 § andra stycket folkbokföringslagen; Rättslig vägledning, "Personnummer"). It differs from
#   a literal "100 or older on the reference date" only for someone who turns 100 later in the
#   reference year: such a person's number already carries "+", and the literal reading would
#   make them 199.
# Twelve-digit spellings carry the century and are taken as written.
#
# Plausibility (issue 19): a number whose birth date lies after the reference date, or more than
# MAX_AGE_YEARS before it, belongs to no one living and is refused (the package accepts both); a
# six-digit spelling with "+" can reach 199 years, one with "-" never leaves 0..99.

MAX_AGE_YEARS = 120
"""The oldest a person with a personnummer is taken to be; an older birth date is a typing error."""

_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February 29 checked against the year

# Two ASCII digits to their value: one dict lookup instead of int(), which is slower and would also
# take other scripts' digits (the callers check isascii() first anyway).
_TWO = {f"{i:02d}": i for i in range(100)}
# Luhn over YYMMDDNNN uses the weights 2,1,2 | 1,2,1 | 2,1,2, then the check digit with weight 1:
# summing three precomputed three-digit chunks avoids a Python loop over nine characters.
_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)  # digit sum of 2*d
_LUHN_212 = {f"{i:03d}": _DOUBLED[i // 100] + (i // 10) % 10 + _DOUBLED[i % 10] for i in range(1000)}
_LUHN_121 = {f"{i:03d}": i // 100 + _DOUBLED[(i // 10) % 10] + i % 10 for i in range(1000)}
_DIGIT = {str(i): i for i in range(10)}


class Pnr(NamedTuple):
    """A parsed personnummer; ``day`` is as written (birth day + 60 for a samordningsnummer)."""

    century_year: int  # the four-digit birth year
    month: int
    day: int
    serial: str  # födelsenummer, three digits
    check: str  # Luhn check digit
    coordination: bool  # samordningsnummer (day + 60)

    def long(self) -> str:
        """The contract's spelling ``YYYYMMDD-NNNN`` (a samordningsnummer keeps its day + 60)."""
        return f"{self.century_year:04d}{self.month:02d}{self.day:02d}-{self.serial}{self.check}"

    def birth_date(self) -> dt.date:
        """The birth date, with a samordningsnummer's day + 60 taken back."""
        return dt.date(self.century_year, self.month, self.day - 60 if self.coordination else self.day)


def _check(value: str, year: int, month_day: int, plausible: bool = True) -> tuple[int, str] | None:
    """(birth year, the ten digits YYMMDDNNNC) of a valid number, else None; *month_day* is today's MMDD as 100*M+D.

    With *plausible* False a birth date in the future or over :data:`MAX_AGE_YEARS` ago is not refused.
    """
    # The spelling is told by its length, so there is no pattern to backtrack over. isascii() is
    # O(1) on CPython strings and, with isdigit(), keeps other scripts' digits out.
    if not value.isascii():
        return None
    n = len(value)
    century: str | None
    if n == 13:  # YYYYMMDD-NNNN
        if value[8] != "-":
            return None
        century, digits = value[:2], value[2:8] + value[9:]
        sep = ""
    elif n == 12:  # YYYYMMDDNNNN
        century, digits = value[:2], value[2:]
        sep = ""
    elif n == 11:  # YYMMDD-NNNN or YYMMDD+NNNN
        sep = value[6]
        if sep != "-" and sep != "+":
            return None
        century, digits = None, value[:6] + value[7:]
    elif n == 10:  # YYMMDDNNNN: read as "-", the separator a spreadsheet drops
        century, digits, sep = None, value, "-"
    else:
        return None
    if not digits.isdigit() or (century is not None and not century.isdigit()):
        return None
    serial = digits[6:9]
    # Skatteverket never issues födelsenummer 000; the package rejects it too.
    if serial == "000":
        return None
    if (_LUHN_212[digits[:3]] + _LUHN_121[digits[3:6]] + _LUHN_212[serial] + _DIGIT[digits[9]]) % 10:
        return None
    yy = _TWO[digits[:2]]
    month = _TWO[digits[2:4]]
    day = _TWO[digits[4:6]]
    if day > 60:  # samordningsnummer
        day -= 60
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month]:
        return None
    if century is not None:
        born = _TWO[century] * 100 + yy
        if born == 0:  # datetime has no year 0
            return None
    elif sep == "+":
        base = year - 100
        born = base - (base - yy) % 100
    else:
        born = year - (year - yy) % 100
        if born == year and month * 100 + day > month_day:  # not born yet: the previous century
            born -= 100
    if month == 2 and day == 29 and not (born % 4 == 0 and (born % 100 != 0 or born % 400 == 0)):
        return None
    if plausible and not year - MAX_AGE_YEARS < born < year:
        # Outside the years strictly between: the edge years need the month and day, the others are refused.
        birthday = month * 100 + day
        if born > year or born < year - MAX_AGE_YEARS:
            return None
        if born == year and birthday > month_day:
            return None
        if born == year - MAX_AGE_YEARS and birthday < month_day:
            return None
    return born, digits


def parse_personnummer(value: str, today: dt.date) -> Pnr | None:
    """The parts of a valid personnummer or samordningsnummer in any contract spelling, else None."""
    found = _check(value, today.year, today.month * 100 + today.day)
    if found is None:
        return None
    born, digits = found
    day = _TWO[digits[4:6]]
    return Pnr(born, _TWO[digits[2:4]], day, digits[6:9], digits[9], day > 60)


def implausible_birth(value: str, today: dt.date) -> str | None:
    """``"future"`` or ``"too_old"`` for a number valid in every other way whose birth date is not plausible, else None."""
    if _check(value, today.year, today.month * 100 + today.day) is not None:
        return None
    found = _check(value, today.year, today.month * 100 + today.day, plausible=False)
    if found is None:
        return None
    return "future" if found[0] >= today.year else "too_old"


def is_personnummer(value: str, today: dt.date) -> bool:
    """Whether *value* is a valid personnummer or samordningsnummer in one of the contract's five spellings."""
    return _check(value, today.year, today.month * 100 + today.day) is not None


def is_number_of_anyone(value: str) -> bool:
    """Whether twelve-digit *value* (``YYYYMMDDNNNN``) is a personnummer or samordningsnummer by its date and check
    digit, whatever the birth date: what may not be shown (a child born this year, or a number a century off, is
    still someone's). The plausible-birth rule is the validator's, not the masking's."""
    return len(value) == 12 and _check(value, 9999, 1231, plausible=False) is not None


def normalize_personnummer(value: str, today: dt.date) -> str:
    """The contract's spelling ``YYYYMMDD-NNNN`` of a valid number (ValueError otherwise)."""
    found = _check(value, today.year, today.month * 100 + today.day)
    if found is None:
        raise ValueError("not a valid personnummer")
    born, digits = found
    return f"{born:04d}{digits[2:6]}-{digits[6:]}"


@lru_cache(maxsize=8)
def personnummer_checker(today: dt.date) -> Callable[[str], bool]:
    """``is_personnummer`` bound to *today*: the ``str -> bool`` shape formkit's FORMAT_CHECKS hold."""
    # Cached per day, so a long-running process that asks once per record still builds one closure a day.
    year, month_day = today.year, today.month * 100 + today.day

    def check(value: str) -> bool:
        return _check(value, year, month_day) is not None

    return check
