"""The personnummer check against the personnummer package (clock frozen), a hand-checked list, and the century boundaries."""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from collections import Counter
from collections.abc import Iterator
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from personnummer import personnummer as package
from stdnum import luhn

from formkit import personnummer_check as pnr
from formkit.formats import age_on

TODAY = dt.date(2026, 12, 1)
# The five spellings of the contract, ASCII digits only, nothing after the last digit (\Z, not $).
CONTRACT_SPELLING = re.compile(r"(?:\d{8}-?\d{4}|\d{6}[-+]?\d{4})\Z", re.ASCII)


# ------------------------------------------------------------------ the package, frozen, as an oracle


def package_long(value: str) -> str | None:
    """The package's answer as the contract's YYYYMMDD-NNNN, or None; call with the clock frozen."""
    try:
        digits = package.parse(value).format(True)
    except package.PersonnummerException:
        return None
    return f"{digits[:8]}-{digits[8:]}"


def contract_long(value: str, today: dt.date) -> tuple[str | None, str]:
    """(the contract's long form or None, why it differs from the package or "").

    The package's answer, except for two deliberate contract decisions:
    - "spelling": the package's pattern also takes YYYYMMDD+NNNN, other scripts' digits (its \\d is
      Unicode and int() reads them) and a trailing newline (its $); the contract takes its five
      ASCII spellings only.
    - "future": for YYMMDD-NNNN and YYMMDDNNNN the package picks the century from the year alone,
      so a date later in today's year is placed in the future (age -1). The contract wants the
      latest century in which the person is born and under 100: the previous one. The answer is
      then the package's own verdict on that number with the century spelled out.
    For "+" the package's year rule stands (Skatteverket's: "+" from the year of the 100th birthday).
    - "plausible" (issue 19): a birth date after today, or more than MAX_AGE_YEARS before it, is
      refused; the package takes both.
    """
    answer, why = _contract_spelling_and_century(value, today)
    if answer is not None:
        day = int(answer[6:8])
        born = dt.date(int(answer[:4]), int(answer[4:6]), day - 60 if day > 60 else day)
        oldest = (today.year - pnr.MAX_AGE_YEARS, today.month, today.day)
        if born > today or (born.year, born.month, born.day) < oldest:
            return None, "plausible"
    return answer, why


def _contract_spelling_and_century(value: str, today: dt.date) -> tuple[str | None, str]:
    if not CONTRACT_SPELLING.match(value):
        return None, "spelling" if package_long(value) is not None else ""
    if len(value) in (10, 11) and "+" not in value:
        yy, month, day = int(value[:2]), int(value[2:4]), int(value[4:6])
        if day > 60:
            day -= 60
        package_year = today.year - (today.year - yy) % 100  # the package's own formula
        if package_year == today.year and (month, day) > (today.month, today.day):
            answer = package_long(f"{package_year // 100 - 1}{value.replace('-', '')}")
            return answer, "future" if answer != package_long(value) else ""
    return package_long(value), ""


@pytest.fixture
def frozen_package() -> Iterator[list[dt.date]]:
    """The package's clock reads the first item of the yielded list (its _get_current_date exists to be mocked)."""
    day = [TODAY]
    with mock.patch.object(package, "_get_current_date", lambda: day[0]):
        yield day


def ours(value: str, today: dt.date) -> str | None:
    found = pnr.parse_personnummer(value, today)
    # The four entry points must agree with one another on every value.
    assert pnr.is_personnummer(value, today) is (found is not None)
    assert pnr.personnummer_checker(today)(value) is (found is not None)
    if found is None:
        with pytest.raises(ValueError):
            pnr.normalize_personnummer(value, today)
        return None
    long = found.long()
    assert pnr.normalize_personnummer(value, today) == long
    day = int(long[6:8])
    assert found.birth_date() == dt.date(int(long[:4]), int(long[4:6]), day - 60 if day > 60 else day)
    assert found.coordination is (day > 60)
    return long


# ------------------------------------------------------------------ 1. a million generated values

# Mostly the fixed TODAY; a leap-day eve, a leap day and a new year's eve move the boundaries.
TODAYS = (TODAY,) * 7 + (dt.date(2000, 2, 28), dt.date(2024, 2, 29), dt.date(2025, 12, 31))
FOREIGN_DIGITS = (0xFF10, 0x0660, 0x0966)  # fullwidth, Arabic-Indic, Devanagari zero


def generated(rng: random.Random, today: dt.date) -> str:
    """One value: a year near a century boundary or a leap year, a date near today or broken, any spelling."""
    r = rng.random()
    if r < 0.3:
        year = today.year - rng.choice((-1, 0, 1, 99, 100, 101, 199, 200))
    elif r < 0.4:
        year = rng.choice((1800, 1896, 1900, 1904, 1996, 2000, 2004, 2096))
    elif r < 0.405:
        year = rng.randrange(100)  # century 00: year 0 is no date
    else:
        year = rng.randrange(1800, 2031)
    r = rng.random()
    if r < 0.3:  # yesterday .. the day after tomorrow, in some century
        near = today + dt.timedelta(days=rng.randint(-2, 2))
        month, day = near.month, near.day
    elif r < 0.4:
        month, day = rng.choice(((2, 28), (2, 29), (2, 30), (3, 1)))
    elif r < 0.45:
        month, day = rng.choice((0, 13)), rng.randint(1, 28)
    else:
        month, day = rng.randint(1, 12), rng.randint(0, 32)
    if rng.random() < 0.15:  # samordningsnummer: days 60 .. 92
        day += 60
    serial = f"{rng.randrange(1000):03d}" if rng.random() < 0.98 else "000"
    body = f"{year % 100:02d}{month:02d}{day:02d}{serial}"
    check = luhn.calc_check_digit(body) if rng.random() < 0.7 else str(rng.randrange(10))
    century = f"{year // 100:02d}"
    spelling = rng.random()
    if spelling < 0.19:
        return f"{century}{body[:6]}-{serial}{check}"
    if spelling < 0.38:
        return f"{century}{body}{check}"
    if spelling < 0.57:
        return f"{body[:6]}-{serial}{check}"
    if spelling < 0.76:
        return f"{body[:6]}+{serial}{check}"
    if spelling < 0.95:
        return f"{body}{check}"
    if spelling < 0.97:  # the package takes it, the contract does not
        return f"{century}{body[:6]}+{serial}{check}"
    value = rng.choice((f"{century}{body[:6]}-{serial}{check}", f"{body[:6]}-{serial}{check}", f"{body}{check}"))
    if spelling < 0.98:
        return value + "\n"
    if spelling < 0.99:
        at = rng.choice([i for i, c in enumerate(value) if c.isdigit()])
        return value[:at] + chr(rng.choice(FOREIGN_DIGITS) + int(value[at])) + value[at + 1 :]
    return rng.choice((" " + value, value + " ", value.replace("-", " "), value[:-1], value + "0"))


@pytest.mark.slow
def test_a_million_values_agree_with_the_package(frozen_package: list[dt.date]) -> None:
    rng = random.Random(20261201)  # noqa: S311 - fictitious data, reproducible
    reasons: Counter[str] = Counter()
    valid = 0
    wrong: list[tuple[str, dt.date, str | None, str | None]] = []
    started = time.perf_counter()
    for _ in range(1_000_000):
        today = rng.choice(TODAYS)
        frozen_package[0] = today
        value = generated(rng, today)
        expected, why = contract_long(value, today)
        reasons[why] += 1
        got = ours(value, today)
        valid += got is not None
        if got != expected:
            wrong.append((value, today, expected, got))
    print(f"\n1,000,000 values in {time.perf_counter() - started:.1f} s: {valid:,} valid; contract over package: {dict(reasons)}")
    assert not wrong, wrong[:20]
    # The generator must reach both deliberate disagreements and a fair share of valid numbers.
    assert reasons["spelling"] > 1000
    assert reasons["future"] > 1000
    assert reasons["plausible"] > 1000
    assert 200_000 < valid < 800_000


@pytest.mark.slow
@given(
    today=st.dates(dt.date(1901, 1, 1), dt.date(2099, 12, 31)),
    value=st.from_regex(r"\A(?:[0-9]{2})?[0-9]{6}[-+]?[0-9]{4}\Z", fullmatch=True),
)
@settings(max_examples=2000)
def test_any_day_agrees_with_the_package(today: dt.date, value: str) -> None:
    with mock.patch.object(package, "_get_current_date", lambda: today):
        expected, _ = contract_long(value, today)
    assert ours(value, today) == expected


@given(st.text(max_size=20))
def test_any_text_is_answered_without_an_exception(value: str) -> None:
    ours(value, TODAY)


# ------------------------------------------------------------------ 2. known numbers, every spelling

# (the number as YYYYMMDD-NNNN, where from) for numbers whose checksum and date were checked by hand.
KNOWN_VALID = [
    ("19121212-1212", "Skatteverket's test person Tolvan Tolvansson"),
    ("19811218-9876", "the 198112189876 of many examples"),
    ("19701063-2391", "samordningsnummer from the personnummer package's docs, born 1970-10-03"),
    ("19821105-9954", "personnummer/meta testdata"),
    ("19570574-9959", "personnummer/meta testdata, samordningsnummer"),
    ("19901211-9948", "personnummer/meta testdata"),
    ("20001209-9891", "personnummer/meta testdata"),
    ("19090527-1474", "personnummer/meta testdata, over 100"),
    ("19701291-2395", "samordningsnummer, day 91 = December 31"),
]


def spellings(long: str) -> dict[str, str]:
    digits = long.replace("-", "")
    return {
        "YYYYMMDD-NNNN": long,
        "YYYYMMDDNNNN": digits,
        "YYMMDD-NNNN": long[2:],
        "YYMMDD+NNNN": long[2:].replace("-", "+"),
        "YYMMDDNNNN": digits[2:],
    }


@pytest.mark.parametrize(("long", "source"), KNOWN_VALID)
def test_known_valid_number_in_every_spelling(long: str, source: str) -> None:
    year = int(long[:4])
    short = year % 100
    # On TODAY = 2026-12-01 every one of these dates is already past in its year's short-form
    # century, so "-" means 1927..2026 and "+" means 1827..1926.
    minus_year = 2000 + short if 2000 + short <= 2026 else 1900 + short
    expected = {
        "YYYYMMDD-NNNN": long,
        "YYYYMMDDNNNN": long,
        "YYMMDD-NNNN": f"{minus_year}{long[4:]}",
        "YYMMDD+NNNN": f"{minus_year - 100}{long[4:]}",
        "YYMMDDNNNN": f"{minus_year}{long[4:]}",
    }
    for spelling, value in spellings(long).items():
        if int(expected[spelling][:4]) < TODAY.year - pnr.MAX_AGE_YEARS:  # "+" on a 20th-century date: over 120
            assert not pnr.is_personnummer(value, TODAY), (source, spelling, value)
            continue
        assert pnr.normalize_personnummer(value, TODAY) == expected[spelling], (source, spelling, value)


@pytest.mark.parametrize(
    ("value", "today", "reason"),
    [
        ("18791221-9990", TODAY, "too_old"),  # personnummer/meta testdata: valid, but 147 years old
        ("19061130-2381", TODAY, "too_old"),  # 120 years and a day
        ("20261202-2380", TODAY, "future"),  # tomorrow
        ("20300101-2388", TODAY, "future"),
        ("050101+2389", TODAY, "too_old"),  # "+": 1905
    ],
)
def test_a_birth_date_no_one_living_has_is_refused_and_said_why(value: str, today: dt.date, reason: str) -> None:
    """Issue 19 item 6: born in the future, or more than 120 years ago."""
    assert not pnr.is_personnummer(value, today)
    assert pnr.implausible_birth(value, today) == reason


@pytest.mark.parametrize("value", ["19061201-2385", "20261201-2381", "19121212-1212", "19121212-1213"])
def test_the_edges_of_plausible_are_not_implausible(value: str) -> None:
    """Exactly 120 today and born today are plausible; a bad check digit is not a plausibility matter."""
    assert pnr.implausible_birth(value, TODAY) is None


def test_the_examples_of_the_brief() -> None:
    assert pnr.normalize_personnummer("121212-1212", TODAY) == "20121212-1212"
    assert pnr.normalize_personnummer("121212+1212", TODAY) == "19121212-1212"
    assert pnr.normalize_personnummer("1212121212", TODAY) == "20121212-1212"  # formkit rejected this until now
    assert pnr.normalize_personnummer("8211059954", TODAY) == "19821105-9954"
    assert pnr.normalize_personnummer("198112189876", TODAY) == "19811218-9876"
    assert pnr.normalize_personnummer("000229-1235", TODAY) == "20000229-1235"  # 2000 is a leap year
    assert pnr.normalize_personnummer("20000229-1235", TODAY) == "20000229-1235"
    coordination = pnr.parse_personnummer("701063-2391", TODAY)
    assert coordination == pnr.Pnr(1970, 10, 63, "239", "1", True)
    assert coordination.birth_date() == dt.date(1970, 10, 3)
    assert coordination.long() == "19701063-2391"


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("19121212-1213", "wrong check digit"),
        ("19811218-9875", "wrong check digit"),
        ("701063-2392", "wrong check digit on a samordningsnummer"),
        ("19870704-9996", "wrong check digit (personnummer/meta)"),
        ("20150916-0006", "födelsenummer 000, checksum right (personnummer/meta)"),
        ("19390182-9913", "samordningsnummer with a wrong check digit (personnummer/meta)"),
        ("000229+1235", "checksum right, but 1900-02-29 does not exist"),
        ("19000229-1235", "checksum right, but 1900-02-29 does not exist"),
        ("000289+1232", "samordningsnummer of 1900-02-29"),
        ("130229-1230", "checksum right, but 2013-02-29 does not exist"),
        ("121300-1231", "month 13"),
        ("120000-1236", "month 00"),
        ("121200-1232", "day 00"),
        ("121232-1234", "day 32"),
        ("121260-1239", "day 60 is neither a day nor a samordningsnummer"),
        ("701292-2394", "day 92 = December 32"),
        ("121212-0008", "födelsenummer 000 is never issued"),
        ("00001212-1212", "year 0"),
        ("19121212+1212", "YYYYMMDD+NNNN: the package takes it, the contract does not"),
        ("19090527+1474", "personnummer/meta's separated_long: the contract has no YYYYMMDD+NNNN"),
        ("１９121212-1212", "fullwidth digits"),
        ("١٢١٢١٢-١٢١٢", "Arabic-Indic digits"),
        ("19121212-1212\n", "trailing newline"),
        (" 19121212-1212", "leading space"),
        ("19121212 1212", "space as separator"),
        ("121212 1212", "space as separator"),
        ("1912121-21212", "separator in the wrong place"),
        ("19121212-121", "too short"),
        ("121212121", "nine digits"),
        ("12121212121", "eleven digits"),
        ("", "empty"),
    ],
)
def test_known_invalid(value: str, why: str) -> None:
    assert pnr.parse_personnummer(value, TODAY) is None, why
    assert not pnr.is_personnummer(value, TODAY), why


# ------------------------------------------------------------------ 3. boundaries


@pytest.mark.parametrize(
    ("today", "value", "expected", "package_says"),
    [
        # Born exactly 100 years before today: with "+" 100 years old; with "-" the same digits are born today.
        (TODAY, "261201+1235", "19261201-1235", "19261201-1235"),
        (TODAY, "261201-1235", "20261201-1235", "20261201-1235"),
        (TODAY, "2612011235", "20261201-1235", "20261201-1235"),
        (TODAY, "19261201-1235", "19261201-1235", "19261201-1235"),
        # Born yesterday.
        (TODAY, "261130-1231", "20261130-1231", "20261130-1231"),
        # Born tomorrow: not born yet, so the previous century, 99 years old. The package says 2026 (age -1).
        (TODAY, "261202-1234", "19261202-1234", "20261202-1234"),
        (TODAY, "2612021234", "19261202-1234", "20261202-1234"),
        # "+" for someone who turns 100 later this year: Skatteverket writes "+" from January 1 of that
        # year, so 1926, as the package says (a literal "100 or older today" would give 1826).
        (TODAY, "261202+1234", "19261202-1234", "19261202-1234"),
        # A date in next year's short form: 1927 with "-", 1827 with "+" (then 199 years old: refused).
        (TODAY, "270101-1237", "19270101-1237", "19270101-1237"),
        (TODAY, "270101+1237", None, "18270101-1237"),
        # The eve of a leap day: 2000-02-29 is tomorrow and 1900-02-29 never was. The package says valid.
        (dt.date(2000, 2, 28), "000229-1235", None, "20000229-1235"),
        (dt.date(2000, 2, 29), "000229-1235", "20000229-1235", "20000229-1235"),
        (dt.date(2024, 2, 29), "240229-1237", "20240229-1237", "20240229-1237"),
        (dt.date(2024, 2, 29), "240301-1238", "19240301-1238", "20240301-1238"),
        # New year's eve: the first of January of the same short year is a century back.
        (dt.date(2025, 12, 31), "251231-1230", "20251231-1230", "20251231-1230"),
        (dt.date(2025, 12, 31), "260101-1238", "19260101-1238", "19260101-1238"),
        # A samordningsnummer compares its real day: 2026-12-02 + 60 is tomorrow too.
        (TODAY, "261262-1231", "19261262-1231", "20261262-1231"),
    ],
)
def test_century_boundaries(
    frozen_package: list[dt.date], today: dt.date, value: str, expected: str | None, package_says: str | None
) -> None:
    frozen_package[0] = today
    assert package_long(value) == package_says  # what the package does, pinned, so a new release is noticed
    assert ours(value, today) == expected
    found = pnr.parse_personnummer(value, today)
    if found is not None and len(value) in (10, 11):
        age = age_on(found.birth_date(), today)
        assert age >= 0
        if "+" in value:  # turns 100 or more in today's year
            assert today.year - found.century_year >= 100
        else:  # under 100
            assert age < 100


@given(
    born=st.dates(dt.date(1800, 1, 1), dt.date(2099, 12, 31)),
    today=st.dates(dt.date(1901, 1, 1), dt.date(2099, 12, 31)),
    serial=st.integers(1, 999),
    coordination=st.booleans(),
)
def test_every_spelling_of_any_date(born: dt.date, today: dt.date, serial: int, coordination: bool) -> None:
    day = born.day + 60 * coordination
    body = f"{born:%y%m}{day:02d}{serial:03d}"
    long = f"{born.year}{body[2:6]}-{body[6:]}{luhn.calc_check_digit(body)}"
    written = spellings(long)

    def plausible(day: dt.date) -> bool:
        return day <= today and (day.year, day.month, day.day) >= (today.year - pnr.MAX_AGE_YEARS, today.month, today.day)

    for spelling in ("YYYYMMDD-NNNN", "YYYYMMDDNNNN"):
        found = pnr.parse_personnummer(written[spelling], today)
        if not plausible(born):
            assert found is None
            continue
        assert found is not None and found.long() == long and found.birth_date() == born
        assert found.coordination is coordination
    for spelling in ("YYMMDD-NNNN", "YYMMDDNNNN", "YYMMDD+NNNN"):
        found = pnr.parse_personnummer(written[spelling], today)
        if found is None:  # February 29 read in a century whose year is no leap year, or "+" over 120 years
            assert (born.month, born.day) == (2, 29) or "+" in spelling
            continue
        got = found.birth_date()
        assert plausible(got)
        assert (got.month, got.day, got.year % 100) == (born.month, born.day, born.year % 100)
        if "+" in spelling:
            assert today.year - 200 < got.year <= today.year - 100
        else:
            assert got <= today and age_on(got, today) < 100
            if born <= today and age_on(born, today) < 100:
                assert got == born


# ------------------------------------------------------------------ 4. invalid numbers in every spelling (issue 10, item 8)

# Independent of the code under test: each number is valid but for one thing named beside it, checked
# by hand against Skatteverket's rules (Luhn over YYMMDDNNN, a date that exists, födelsenummer not 000).
KNOWN_INVALID_LONG = [
    ("19121212-1213", "check digit one off (Tolvan Tolvansson's is 2)"),
    ("19821105-9955", "check digit one off"),
    ("19701063-2392", "samordningsnummer, check digit one off"),
    ("19570574-9958", "samordningsnummer, check digit one off"),
    ("20130229-1230", "2013-02-29 does not exist; the check digit is right"),
    ("20120231-2383", "February 31; the check digit is right"),
    ("19701092-2396", "samordningsnummer of December 32; the check digit is right"),
    ("20150916-0006", "födelsenummer 000"),
]


@pytest.mark.parametrize(("long", "why"), KNOWN_INVALID_LONG)
def test_known_invalid_number_in_every_spelling(long: str, why: str) -> None:
    for spelling, value in spellings(long).items():
        assert pnr.parse_personnummer(value, TODAY) is None, (why, spelling, value)
