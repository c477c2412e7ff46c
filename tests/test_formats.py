"""Format checks: the spellings a user may type for dates, times, e-mail and identity numbers."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.no import fodselsnummer as stdnum_fodselsnummer

from formkit.formats import (
    FORMAT_NAMES,
    age_on,
    is_date,
    is_email,
    is_fodselsnummer,
    is_personnummer,
    is_time_hm,
    normalize_personnummer,
    personnummer_birth_date,
)

ROOT = Path(__file__).resolve().parent.parent
TOLVAN = "19121212-1212"  # Skatteverket's published test personnummer


# ---------------------------------------------------------------- personnummer


@pytest.mark.parametrize("spelling", ["19121212-1212", "191212121212", "121212-1212", "121212+1212", "8211059954"])
def test_personnummer_accepts_the_five_spellings(spelling: str) -> None:
    assert is_personnummer(spelling)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("19121212-1213", "wrong check digit"),
        (" 19121212-1212", "leading space"),
        ("19121212-1212 ", "trailing space"),
        ("19121212 1212", "space as separator"),
        ("1912121-21212", "separator in the wrong place"),
        ("19121212-121", "too short"),
        ("", "empty"),
    ],
)
def test_personnummer_rejects(value: str, why: str) -> None:
    assert not is_personnummer(value), why


def test_personnummer_rejects_impossible_date_even_with_correct_checksum(make_personnummer: Callable[..., str]) -> None:
    impossible = make_personnummer("20120230")
    possible = make_personnummer("20120229")
    assert is_personnummer(possible)  # the checksum helper is right, so only the date can fail
    assert not is_personnummer(impossible)
    assert not is_personnummer(make_personnummer("20121301"))


def test_samordningsnummer_day_plus_60_is_accepted(make_personnummer: Callable[..., str]) -> None:
    number = make_personnummer("19121272")  # born 1912-12-12, day + 60
    assert is_personnummer(number)
    assert personnummer_birth_date(number) == dt.date(1912, 12, 12)
    assert not is_personnummer(make_personnummer("19121292"))  # day 32 + 60 is no date


@pytest.mark.parametrize(
    ("value", "normalized"),
    [
        ("19121212-1212", "19121212-1212"),
        ("191212121212", "19121212-1212"),
        ("121212+1212", "19121212-1212"),  # + : 100 years or older, so the previous century
        ("121212-1212", "20121212-1212"),  # - : under 100, the most recent 12-12-12
        ("010375-2382", "20010375-2382"),  # samordningsnummer, born 2001-03-15: day stays + 60
        ("200375+2389", "19200375-2389"),  # samordningsnummer with +: born 1920-03-15
    ],
)
def test_normalize_personnummer_gives_yyyymmdd_dash_nnnn(value: str, normalized: str) -> None:
    assert normalize_personnummer(value) == normalized


def test_normalize_personnummer_refuses_an_invalid_number_without_quoting_it() -> None:
    with pytest.raises(ValueError, match="not a valid personnummer") as caught:
        normalize_personnummer("19121212-1213")
    assert "1213" not in str(caught.value)


def test_personnummer_birth_date_and_age() -> None:
    assert personnummer_birth_date(TOLVAN) == dt.date(1912, 12, 12)
    assert personnummer_birth_date("19121212-1213") is None
    birth = dt.date(2007, 9, 15)
    assert age_on(birth, dt.date(2025, 9, 14)) == 17
    assert age_on(birth, dt.date(2025, 9, 15)) == 18  # the birthday counts on its own date


# ---------------------------------------------------------------- fødselsnummer and D-nummer


def fodselsnummer(ddmmyy: str, individual: str) -> str:
    """A Norwegian number with both check digits computed by python-stdnum."""
    stem = ddmmyy + individual
    first = stdnum_fodselsnummer.calc_check_digit1(stem)
    second = stdnum_fodselsnummer.calc_check_digit2(stem + first)
    assert len(first + second) == 2, "this individual number has no check digit: pick another"
    return stem + first + second


@pytest.mark.parametrize(
    ("ddmmyy", "individual"),
    [
        ("150790", "123"),  # fødselsnummer, born 1990 (individual 000-499: 1900s)
        ("290200", "513"),  # fødselsnummer, born 29 Feb 2000 (individual 500-999 and year < 40: 2000s)
        ("550790", "123"),  # D-nummer: day + 40
    ],
)
def test_fodselsnummer_and_d_nummer_valid(ddmmyy: str, individual: str) -> None:
    number = fodselsnummer(ddmmyy, individual)
    assert len(number) == 11
    assert is_fodselsnummer(number)


def test_fodselsnummer_rejects() -> None:
    good = fodselsnummer("150790", "123")
    wrong_first = good[:9] + str((int(good[9]) + 1) % 10) + good[10]
    wrong_second = good[:10] + str((int(good[10]) + 1) % 10)
    for value in (
        wrong_first,
        wrong_second,
        fodselsnummer("300290", "123"),  # 30 Feb: both check digits right, date impossible
        fodselsnummer("720190", "123"),  # D-nummer of day 32
        good[:-1],  # 10 digits
        f"{good[:6]} {good[6:]}",  # with a space
        f" {good}",
        "",
    ):
        assert not is_fodselsnummer(value), value


def test_the_sample_bruker_has_a_valid_d_nummer() -> None:
    referat = json.loads((ROOT / "samples" / "sel-referat.json").read_text(encoding="utf-8"))
    assert is_fodselsnummer(referat["bruker"]["fodselsnummer"])


# ---------------------------------------------------------------- date, time, email


@pytest.mark.parametrize("value", ["2024-02-29", "2025-12-31", "1999-01-01"])
def test_date_valid(value: str) -> None:
    assert is_date(value)


@pytest.mark.parametrize(
    "value", ["2025-02-29", "2025-13-01", "2025-04-31", "2025-1-05", "20250105", "2025-01-05T10:00", " 2025-01-05", ""]
)
def test_date_invalid(value: str) -> None:
    assert not is_date(value)


@pytest.mark.parametrize("value", ["00:00", "09:30", "13:05", "23:59"])
def test_time_hm_valid(value: str) -> None:
    assert is_time_hm(value)


@pytest.mark.parametrize("value", ["24:00", "9:30", "09:60", "09:30:00", "0930", "09.30", " 09:30", ""])
def test_time_hm_invalid(value: str) -> None:
    assert not is_time_hm(value)


@pytest.mark.parametrize("value", ["tolvan@example.org", "karin.lundstrom@arjeplog.example", "a+b@sub.example.se"])
def test_email_valid(value: str) -> None:
    assert is_email(value)


@pytest.mark.parametrize(
    "value", ["tolvan", "tolvan@example", "@example.org", "to lvan@example.org", "a@@example.org", "a@example..org", ""]
)
def test_email_invalid(value: str) -> None:
    assert not is_email(value)


# ---------------------------------------------------------------- the schemas use only known formats


def _formats(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("format"), str):
            yield node["format"]
        for value in node.values():
            yield from _formats(value)
    elif isinstance(node, list):
        for value in node:
            yield from _formats(value)


def test_every_format_a_schema_names_has_a_check() -> None:
    # jsonschema silently passes a format it has no check for.
    used = {fmt for path in (ROOT / "schemas").glob("*.schema.json") for fmt in _formats(json.loads(path.read_text("utf-8")))}
    assert used >= {"date", "personnummer", "fodselsnummer", "email", "time-hm"}
    assert used <= set(FORMAT_NAMES)


# ---------------------------------------------------------------- only ASCII digits

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize("digits", [FULLWIDTH, ARABIC_INDIC], ids=["fullwidth", "arabic-indic"])
@pytest.mark.parametrize(
    ("check", "value"),
    [(is_time_hm, "09:30"), (is_personnummer, TOLVAN), (is_personnummer, "121212+1212"), (is_date, "2024-02-29"),
     (is_fodselsnummer, "15079012367")],
)  # fmt: skip
def test_digits_from_other_scripts_are_rejected(check: Callable[[str], bool], value: str, digits: dict[int, int]) -> None:
    # Python's \d matches any script's digits; the forms' HH:MM and YYYYMMDD-NNNN mean 0-9, and a
    # "valid" number spelled in fullwidth digits would be printed and normalised as it was typed.
    assert check(value)
    assert not check(value.translate(digits))
    assert not check(value[:-1] + value[-1].translate(digits))


_TEXT = st.text(alphabet=st.sampled_from("0123456789-:.@ a\u00a0\u2003\n\t\u0660x\x00\x1c"), max_size=14)


@settings(max_examples=3000, deadline=None)
@given(value=st.one_of(_TEXT, st.dates().map(str), st.times().map(lambda t: t.strftime("%H:%M")), st.emails()))
def test_the_format_checks_equal_their_patterns(value: str) -> None:
    """The checks are written with set lookups and string methods for speed; the patterns are the definition."""
    from formkit.formats import _DATE, _EMAIL, _TIME_HM

    def by_pattern_date(text: str) -> bool:
        if not _DATE.match(text):
            return False
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return False
        return True

    assert is_date(value) == by_pattern_date(value)
    assert is_time_hm(value) == (_TIME_HM.match(value) is not None)
    assert is_email(value) == (len(value) <= 254 and _EMAIL.match(value) is not None)
