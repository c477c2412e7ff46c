"""Working days: weekends, public holidays and the Swedish eves are not counted."""

from __future__ import annotations

import datetime as dt

import pytest

from formkit.workdays import add_workdays, is_workday, workdays_between

D = dt.date


@pytest.mark.parametrize(
    ("decision", "tenth"),
    [
        (D(2025, 3, 3), D(2025, 3, 17)),  # two plain weeks
        (D(2025, 4, 11), D(2025, 4, 29)),  # Långfredag and annandag påsk
        (D(2025, 6, 13), D(2025, 6, 30)),  # Midsommarafton is kept free
        (D(2025, 12, 19), D(2026, 1, 12)),  # Julafton to trettondedag jul
    ],
)
def test_the_tenth_swedish_working_day(decision: dt.date, tenth: dt.date) -> None:
    assert add_workdays(decision, 10) == tenth
    assert workdays_between(decision, tenth) == 10
    assert workdays_between(decision, tenth - dt.timedelta(days=1)) == 9


def test_norway_keeps_its_own_holidays() -> None:
    assert not is_workday(D(2025, 5, 17), "NO")  # grunnlovsdag (a Saturday anyway)
    assert not is_workday(D(2025, 4, 17), "NO")  # skjærtorsdag: free in Norway
    assert is_workday(D(2025, 4, 17), "SE")  # skärtorsdagen: a working day in Sweden
    assert not is_workday(D(2025, 6, 6), "SE")  # Sveriges nationaldag
    assert is_workday(D(2025, 6, 6), "NO")
