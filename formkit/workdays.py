"""Working days in Sweden and Norway (Monday to Friday except public holidays, from `holidays`), and calendar months.

Jämtbus 5.6 counts "10 arbetsdagar" from an emergency placement; Swedish
practice also keeps midsommarafton, julafton and nyårsafton free (the
package's ``de_facto`` category), so those are not working days either.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

_CATEGORIES = {"SE": ("public", "de_facto"), "NO": ("public",)}


@cache
def _free_days(country: str, year: int) -> frozenset[dt.date]:
    # Imported here: the package costs every command ~30 ms at start-up, and only a few rules count days.
    import holidays

    return frozenset(holidays.country_holidays(country, years=year, categories=_CATEGORIES[country]))


def country_of(language: str) -> str:
    """The country whose holidays a form in *language* keeps: Norway for bokmål, Sweden otherwise."""
    return "NO" if language == "nb" else "SE"


def is_workday(day: dt.date, country: str = "SE") -> bool:
    """True for a weekday that is no public holiday (nor, in Sweden, midsommar-, jul- or nyårsafton)."""
    return day.weekday() < 5 and day not in _free_days(country, day.year)


def add_workdays(start: dt.date, count: int, country: str = "SE") -> dt.date:
    """The *count*-th working day after *start* (the day after a decision is day one when it is a working day)."""
    day = start
    left = count
    while left > 0:
        day += dt.timedelta(days=1)
        if is_workday(day, country):
            left -= 1
    return day


def workdays_between(start: dt.date, end: dt.date, country: str = "SE") -> int:
    """Working days after *start* up to and including *end* (0 when *end* is not after *start*)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_workday(day, country):
            count += 1
    return count


def add_months(day: dt.date, months: int) -> dt.date:
    """*day* moved *months* calendar months on, clamped to the month's last day (2025-08-31 + 6 months: 2026-02-28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max  # no date can lie beyond it
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError("unreachable")
