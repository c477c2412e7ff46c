"""Records that cannot be true (issue 19 items 6, 7): impossible birth dates, handling against its status, ids by case."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from stdnum import luhn

from formkit.settings import Settings
from formkit.summary.figures import summarize
from formkit.validation.validator import Validator

Sample = Callable[[str], dict[str, Any]]
TODAY = dt.date(2025, 11, 1)


def number(born: str, serial: str = "238") -> str:
    return f"{born}-{serial}{luhn.calc_check_digit(born[2:] + serial)}"


def problems_at(form: str, record: dict[str, Any], path: str) -> list[tuple[str, str, str]]:
    found = Validator(form, Settings(), today=TODAY).validate(record)
    return [(p.severity, p.rule, p.message) for p in found if p.path == path]


# ------------------------------------------------------------------ item 6: personnummer plausibility


FUTURE = "Personnumret anger ett födelsedatum efter dagens datum (2025-11-01); kontrollera siffrorna."
TOO_OLD = "Personnumret anger ett födelsedatum för mer än 120 år sedan; kontrollera siffrorna (och århundradet)."


@pytest.mark.parametrize(
    ("form", "path", "born", "message"),
    [
        ("samtycke", "barn.personnummer", "20251102", FUTURE),
        ("genomforandeplan", "barn.personnummer", "20300101", FUTURE),
        ("sip", "person.personnummer", "18991231", TOO_OLD),
        ("kallelse", "barn.personnummer", "19051031", TOO_OLD),
    ],
)
def test_a_childs_number_born_in_the_future_or_over_120_years_ago_is_an_error_at_its_path(
    sample: Sample, form: str, path: str, born: str, message: str
) -> None:
    record = sample(form)
    holder, _field = path.split(".")
    record[holder]["personnummer"] = number(born)
    assert problems_at(form, record, path) == [("error", "format", message)]
    assert born[2:] not in message


def test_the_plausible_edges_are_valid(sample: Sample) -> None:
    for born in ("20251101", "19051101"):  # born today; exactly 120 today
        record = sample("samtycke")
        record["barn"]["personnummer"] = number(born)
        assert problems_at("samtycke", record, "barn.personnummer") == [], born


def test_an_adult_guardian_over_120_is_refused_too(sample: Sample) -> None:
    record = sample("samtycke")
    record["vardnadshavare"][0]["personnummer"] = number("18800101")
    assert [rule for _s, rule, _m in problems_at("samtycke", record, "vardnadshavare.0.personnummer")] == ["format"]


# ------------------------------------------------------------------ item 7: status and dates


def _report(sample: Sample, status: str, **dates: str) -> dict[str, Any]:
    record = sample("avvikelserapport")
    handling = {"status": status, **dates}
    if status != "rapporterad":
        handling.setdefault("mottagen", "2025-03-07")
    record["handlaggning"] = handling
    return record


@pytest.mark.parametrize(
    ("status", "dates", "contradicted"),
    [
        ("rapporterad", {"aterkoppling": "2025-03-20", "atgardat": "2025-04-15"},
         ["handlaggning.aterkoppling", "handlaggning.atgardat"]),
        ("rapporterad", {"mottagen": "2025-03-07"}, ["handlaggning.mottagen"]),
        ("mottagen", {"atgardat": "2025-04-15"}, ["handlaggning.atgardat"]),
        ("mottagen", {"aterkoppling": "2025-03-20"}, []),
    ],
)  # fmt: skip
def test_a_status_contradicted_by_a_later_steps_date_is_an_error(
    sample: Sample, status: str, dates: dict[str, str], contradicted: list[str]
) -> None:
    record = _report(sample, status, **dates)
    found = Validator("avvikelserapport", Settings(), today=TODAY).validate(record)
    paths = [p.path for p in found if p.rule == "status_motsager"]
    assert paths == contradicted
    for problem in found:
        if problem.rule == "status_motsager":
            assert problem.severity == "error"
            said = f"Datumet hör till ett senare steg i handläggningen än status {status}; rätta status eller datumet."
            assert problem.message == said


def test_the_sample_report_handled_to_the_end_is_consistent(sample: Sample) -> None:
    found = Validator("avvikelserapport", Settings(), today=TODAY).validate(sample("avvikelserapport"))
    assert found == []


def test_ids_compare_without_case_in_the_summary(sample: Sample, tmp_path: Path) -> None:
    """AVV-2025-0017 and avv-2025-0017 from one workplace are one report, counted once; equal copies are no conflict."""
    first = sample("avvikelserapport")
    first["id"] = "AVV-2025-0017"
    second = dict(first, id="avv-2025-0017")
    other_workplace = json.loads(json.dumps(first))
    other_workplace["rapportor"]["arbetsplats"] = "En annan skola"
    source = tmp_path / "rapporter.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in (first, second, other_workplace)]
    source.write_text("".join(lines), encoding="utf-8")
    summary = summarize([source], 2025, settings=Settings(referensdatum=TODAY))
    assert summary.figures.total == 2
    assert summary.duplicates == 1
    assert summary.conflicts == []
