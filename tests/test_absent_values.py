"""Values that are not there (issue 19 item 5): a text of spaces is missing, null is absent, a personnummer is trimmed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from formkit.problems import Problem
from formkit.validation.normalize import normalize_record, without_absent
from formkit.validation.validator import Validator
from tests.conftest import run_cli

Sample = Callable[[str], dict[str, Any]]


def verdicts(problems: list[Problem]) -> list[tuple[str, str, str]]:
    return [(p.path, p.severity, p.rule) for p in problems]


@pytest.mark.parametrize("blank", [" ", "   ", "\u00a0", "\u00a0 \u00a0", "\t\n", "\u3000"])
def test_a_required_text_of_only_white_space_is_missing(sample: Sample, blank: str) -> None:
    record = sample("sip")
    record["person"]["namn"] = blank
    record["behov"][0]["behov"] = blank
    validator = Validator("sip")
    assert verdicts(validator.validate(record)) == [
        ("person.namn", "error", "required"),
        ("behov.0.behov", "error", "required"),
    ]
    assert not validator.is_valid(record)


def test_an_optional_text_of_only_white_space_is_absent(sample: Sample) -> None:
    record = sample("sip")
    record["person"]["adress"] = "\u00a0 "
    record["nulage"] = " "
    validator = Validator("sip")
    assert validator.validate(record) == []
    assert validator.is_valid(record)
    assert "adress" not in validator.cleaned(record)["person"] and "nulage" not in validator.cleaned(record)


def test_null_in_an_optional_field_is_an_absent_field(sample: Sample) -> None:
    """JSON exports write null for a field left empty."""
    record = sample("avvikelserapport")
    record["klient"]["adress"] = None
    record["konsekvenser_barn"] = None
    record["handlaggning"]["analys"] = None
    record["handlaggning"]["atgardat"] = None
    record["handlaggning"]["status"] = "mottagen"
    validator = Validator("avvikelserapport")
    assert validator.validate(record) == []
    assert validator.is_valid(record)


def test_null_in_a_required_field_is_missing_at_its_path(sample: Sample) -> None:
    record = sample("avvikelserapport")
    record["beskrivning"] = None
    record["rapportor"]["namn"] = None
    assert verdicts(Validator("avvikelserapport").validate(record)) == [
        ("rapportor.namn", "error", "required"),
        ("beskrivning", "error", "required"),
    ]


def test_an_empty_list_item_is_still_an_error_at_its_own_path(sample: Sample) -> None:
    record = sample("genomforandeplan")
    record["mal"][0]["delmal"] = ["Läsa", "  "]
    record["delaktiga"].append(None)
    problems = verdicts(Validator("genomforandeplan").validate(record))
    assert ("mal.0.delmal.1", "error", "empty_item") in problems
    assert (f"delaktiga.{len(record['delaktiga']) - 1}", "error", "type") in problems


@pytest.mark.parametrize("written", [" 19121212-1212", "19121212-1212 ", "\u00a0121212+1212\u00a0", " 191212121212\t"])
def test_a_personnummer_with_surrounding_spaces_is_trimmed_not_too_long(sample: Sample, written: str) -> None:
    record = sample("samtycke")
    record["barn"]["personnummer"] = written
    validator = Validator("samtycke")
    assert [p for p in validator.validate(record) if p.path == "barn.personnummer"] == []
    assert normalize_record("samtycke", record, validator.today)["barn"]["personnummer"] == "19121212-1212"
    assert record["barn"]["personnummer"] == written  # the input is never changed


def test_without_absent_returns_the_record_itself_when_nothing_is_absent(sample: Sample) -> None:
    record = sample("genomforandeplan")
    assert without_absent(record) is record


def test_fill_prints_a_record_with_nulls_and_blank_texts(sample: Sample, tmp_path: Path) -> None:
    record = sample("sip")
    record["person"]["adress"] = None
    record["nulage"] = "   "
    record["person"]["personnummer"] = f" {record['person']['personnummer']} "
    source = tmp_path / "sip.json"
    source.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run_cli("fill", "sip", str(source), "--to", "docx", "--out", str(tmp_path / "ut"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ut" / "sip-00001.docx").is_file()


def test_validate_from_a_json_export_with_nulls(sample: Sample, tmp_path: Path) -> None:
    record = sample("kallelse")
    record["beslutad_av"] = None
    record["mote"]["distans"] = None
    record["syfte"] = "\u00a0"
    source = tmp_path / "kallelser.json"
    source.write_text(json.dumps([record], ensure_ascii=False), encoding="utf-8")
    result = run_cli("validate", "kallelse", str(source), "--format", "json")
    assert result.exit_code == 1
    [found] = json.loads(result.output)["results"]
    assert [(p["path"], p["rule"]) for p in found["problems"]] == [("syfte", "required")]
