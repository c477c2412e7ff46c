"""Validation of whole records: each problem at its own path, in the form's language, never with the value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from formkit.errors import UnknownFormError
from formkit.model.catalog import get_form
from formkit.problems import Problem
from formkit.validation.validator import Validator, validate_record
from tests.conftest import FORM_IDS

Sample = Callable[[str], dict[str, Any]]


def verdicts(problems: list[Problem]) -> list[tuple[str, str, str]]:
    return [(p.path, p.severity, p.rule) for p in problems]


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_sample_is_valid_without_problems(sample: Sample, form_id: str) -> None:
    validator = Validator(form_id)
    assert validator.validate(sample(form_id)) == []
    assert validator.is_valid(sample(form_id))


def test_validate_record_takes_a_form_or_its_id(sample: Sample) -> None:
    record = sample("sip")
    del record["huvudansvar"]
    expected = [("huvudansvar", "error", "required")]
    assert verdicts(validate_record("sip", record)) == expected
    assert verdicts(validate_record(get_form("sip"), record)) == expected


def test_unknown_form_names_the_known_ones() -> None:
    with pytest.raises(UnknownFormError) as caught:
        Validator("samtyck")
    for form_id in FORM_IDS:
        assert form_id in str(caught.value)


# ---------------------------------------------------------------- each problem at its own path


def test_missing_required_property_in_a_list_item_is_reported_at_its_own_path(sample: Sample) -> None:
    record = sample("genomforandeplan")
    assert len(record["insatser"]) >= 2
    del record["insatser"][1]["ansvarig"]["namn"]
    assert verdicts(validate_record("genomforandeplan", record)) == [("insatser.1.ansvarig.namn", "error", "required")]


def test_every_missing_top_level_property_is_reported_separately(sample: Sample) -> None:
    record = sample("sip")
    del record["behov"]
    del record["uppfoljning"]["datum"]
    del record["samtycke"]
    assert sorted(verdicts(validate_record("sip", record))) == [
        ("behov", "error", "required"),
        ("samtycke", "error", "required"),
        ("uppfoljning.datum", "error", "required"),
    ]


def test_wrong_type_at_the_nested_path(sample: Sample) -> None:
    record = sample("genomforandeplan")
    record["insatser"][2]["frekvens"] = 2
    record["mal"][1]["delmal"] = "en enda rad"
    assert sorted(verdicts(validate_record("genomforandeplan", record))) == [
        ("insatser.2.frekvens", "error", "type"),
        ("mal.1.delmal", "error", "type"),
    ]


def test_bad_enum_at_the_nested_path(sample: Sample) -> None:
    record = sample("genomforandeplan")
    record["insatser"][0]["ansvarig"]["verksamhetstyp"] = "skola"
    assert verdicts(validate_record("genomforandeplan", record)) == [("insatser.0.ansvarig.verksamhetstyp", "error", "enum")]


@pytest.mark.parametrize(
    ("form_id", "path", "value"),
    [
        ("genomforandeplan", "vardnadshavare.1.personnummer", "19920707-0584"),
        ("genomforandeplan", "delaktiga.3.epost", "eero.niemi@vard"),
        ("genomforandeplan", "insatser.2.start", "2025-11-31"),
        ("genomforandeplan", "uppfoljning.tid", "13.00"),
        ("sel-referat", "bruker.fodselsnummer", "52071151264"),
        ("sel-referat", "tiltak.2.frist", "2025-02-30"),
    ],
)
def test_bad_format_at_the_nested_path(sample: Sample, form_id: str, path: str, value: str) -> None:
    record = sample(form_id)
    *parents, leaf = path.split(".")
    node: Any = record
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[leaf] = value
    assert verdicts(validate_record(form_id, record)) == [(path, "error", "format")]


def test_unknown_properties_are_reported_at_their_own_paths(sample: Sample) -> None:
    record = sample("genomforandeplan")
    record["insatser"][1]["ansvarig"]["skonummer"] = "42"
    record["anteckning"] = "x"
    assert sorted(verdicts(validate_record("genomforandeplan", record))) == [
        ("anteckning", "error", "additionalProperties"),
        ("insatser.1.ansvarig.skonummer", "error", "additionalProperties"),
    ]


@pytest.mark.parametrize("data", [None, [], "text", 42])
def test_a_record_that_is_not_an_object_is_one_type_error(data: Any) -> None:
    assert verdicts(validate_record("samtycke", data)) == [("", "error", "type")]


def test_schema_problems_and_rule_problems_are_reported_together(sample: Sample) -> None:
    record = sample("sip")
    record["samtycke"]["lamnat"] = False
    record["person"]["epost"] = "inte en adress"
    assert verdicts(validate_record("sip", record)) == [
        ("person.epost", "error", "format"),
        ("samtycke.lamnat", "error", "samtycke_lamnat"),
    ]


def test_is_valid_sees_rule_errors_and_allows_warnings(sample: Sample) -> None:
    validator = Validator("sip")
    record = sample("sip")
    record["huvudansvar"]["verksamhetstyp"] = "grundskola"  # a warning only
    assert validator.is_valid(record)
    record["samtycke"]["lamnat"] = False  # schema-valid, but a rule error
    assert not validator.is_valid(record)


# ---------------------------------------------------------------- the form's language


def test_swedish_forms_speak_swedish(sample: Sample) -> None:
    record = sample("genomforandeplan")
    del record["behov"]
    record["barn"]["personnummer"] = "19121212-1213"
    record["insatser"][0]["verksamhetstyp"] = "skola"
    record["extra"] = 1
    messages = {p.rule: p.message for p in validate_record("genomforandeplan", record)}
    assert messages["required"] == "Obligatorisk uppgift saknas."
    assert messages["format"] == "Ogiltigt personnummer eller samordningsnummer (datum eller kontrollsiffra stämmer inte)."
    assert messages["enum"].startswith("Ogiltigt värde: ska vara ett av forskola, grundskola,")
    assert messages["additionalProperties"] == "Okänt fält: finns inte i blanketten."


def test_sel_referat_speaks_bokmal(sample: Sample) -> None:
    record = sample("sel-referat")
    del record["referent"]["navn"]
    record["bruker"]["fodselsnummer"] = "52071151264"
    record["mote"]["type"] = "stormote"
    record["mote"]["sted"] = ""  # an empty text is a value not given: required
    record["saksliste"] = ["x" * 1001]
    record["ekstra"] = 1
    messages = {p.rule: p.message for p in validate_record("sel-referat", record)}
    assert messages == {
        "required": "Obligatorisk opplysning mangler.",
        "format": "Ugyldig fødselsnummer eller D-nummer (dato eller kontrollsiffer stemmer ikke).",
        "enum": "Ugyldig verdi: skal være en av samarbeidsmote, ansvarsgruppemote, formote.",
        "maxLength": "For langt: høyst 1000 tegn.",
        "additionalProperties": "Ukjent felt: finnes ikke i skjemaet.",
    }


# ---------------------------------------------------------------- no value in any message

ODD_PNR = "19991231-9999"  # bad checksum
ODD_NAME = "Zebulon Qwistrand"
ODD_MAIL = "zebulon.qwistrand@@hemlig"


def test_no_message_or_path_contains_the_offending_value(sample: Sample) -> None:
    record = sample("genomforandeplan")
    record["barn"]["personnummer"] = ODD_PNR
    record["barn"]["epost"] = ODD_MAIL
    record["barn"]["namn"] = ODD_NAME * 20  # longer than maxLength
    record["vardnadshavare"][0] = ODD_NAME  # a name where a person object belongs
    record["insatser"][0]["verksamhetstyp"] = ODD_NAME  # not in the enum
    record["uppfoljning"]["tid"] = "9:3"  # minLength
    record["delaktiga"][0]["hemligt"] = ODD_NAME  # unknown property
    record["mal"][0]["delmal"] = ODD_NAME  # a text where a list belongs
    problems = validate_record("genomforandeplan", record)
    assert {p.rule for p in problems} == {"format", "maxLength", "type", "enum", "minLength", "additionalProperties"}
    for problem in problems:
        for odd in (ODD_PNR, ODD_MAIL, ODD_NAME, "Zebulon", "1231-9999", "@@hemlig"):
            assert odd not in problem.message
            assert odd not in problem.path


def test_no_sel_referat_message_contains_the_fodselsnummer(sample: Sample) -> None:
    record = sample("sel-referat")
    record["bruker"]["fodselsnummer"] = "01019912345"
    (problem,) = validate_record("sel-referat", record)
    assert problem.path == "bruker.fodselsnummer"
    assert "01019912345" not in problem.message


# ---------------------------------------------------------------- draft


def test_draft_drops_missing_values_but_keeps_format_errors(sample: Sample) -> None:
    record = sample("genomforandeplan")
    del record["behov"]
    del record["insatser"][1]["ansvarig"]["namn"]
    record["mal"] = []  # minItems
    record["barn"]["personnummer"] = ODD_PNR
    validator = Validator("genomforandeplan")
    assert sorted(verdicts(validator.validate(record))) == [
        ("barn.personnummer", "error", "format"),
        ("behov", "error", "required"),
        ("insatser.1.ansvarig.namn", "error", "required"),
        ("mal", "error", "minItems"),
    ]
    assert verdicts(validator.validate(record, draft=True)) == [("barn.personnummer", "error", "format")]
    assert not validator.is_valid(record, draft=True)
    record["barn"]["personnummer"] = "19121212-1212"
    assert validator.validate(record, draft=True) == []
    assert validator.is_valid(record, draft=True)
    assert not validator.is_valid(record)


def test_draft_keeps_rule_problems(sample: Sample) -> None:
    record = sample("sip")
    del record["insatser"]
    record["samtycke"]["lamnat"] = False
    assert verdicts(validate_record("sip", record, draft=True)) == [("samtycke.lamnat", "error", "samtycke_lamnat")]


# ---------------------------------------------------------------- values of the wrong type in format fields


@pytest.mark.parametrize(
    ("path", "value"),
    [("insatser.2.start", 20251104), ("uppfoljning.tid", 1300), ("barn.personnummer", 191212121212), ("barn.epost", False)],
)
def test_a_non_text_value_in_a_format_field_is_a_type_error_not_a_crash(sample: Sample, path: str, value: Any) -> None:
    # JSON Schema applies "format" to strings only; a number in a date field is a type error.
    record = sample("genomforandeplan")
    *parents, leaf = path.split(".")
    node: Any = record
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[leaf] = value
    validator = Validator("genomforandeplan")
    assert verdicts(validator.validate(record)) == [(path, "error", "type")]
    assert not validator.is_valid(record)
