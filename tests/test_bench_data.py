"""Bench data is what a figure claims (issue 21 item 4): the generators' records validate, but for the deliberate few."""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from formkit.settings import Settings
from formkit.validation.validator import Validator

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(autouse=True)
def bench_on_path() -> Iterator[None]:
    sys.path.insert(0, str(BENCH))
    try:
        yield
    finally:
        sys.path.remove(str(BENCH))


def test_the_summary_benchs_reports_are_valid_but_for_the_unknown_kategori() -> None:
    """It made 58.6 % invalid reports (analyserad and later without analys), so its figure measured rejections."""
    import bench_summary

    validator = Validator("avvikelserapport", Settings())
    rng = random.Random(5)  # noqa: S311 - the generator's own seed
    reports = [bench_summary.report(rng, number) for number in range(3000)]
    invalid = [r for r in reports if not validator.is_valid(r)]
    assert all(r["kategori"] == "okand" for r in invalid)
    assert len(invalid) < 0.02 * len(reports)
    statuses = {r.get("handlaggning", {}).get("status", "rapporterad") for r in reports}
    assert statuses == set(bench_summary.STATUSES)  # every step of the handling is measured


@pytest.mark.parametrize("form_id", ["genomforandeplan", "avvikelserapport", "samtycke"])
def test_the_validation_benchs_records_are_valid_but_every_twentieth(form_id: str) -> None:
    import bench_validate

    validator = Validator(form_id, Settings(referensdatum=dt.date.fromisoformat(bench_validate.TODAY)))
    verdicts = [validator.is_valid(record) for record in bench_validate.make_records(form_id, 200)]
    assert [n for n, valid in enumerate(verdicts) if not valid] == list(range(19, 200, 20))
