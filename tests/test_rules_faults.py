"""Data that must not pass (issue 10, items 10, 11, 12): the avvikelserapport id, empty list items, handling dates and status."""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formkit.model.catalog import get_form
from formkit.render.pdf.fill import PdfRenderer
from formkit.settings import Settings
from formkit.sources.pdf import extract_pdf_bytes
from formkit.validation.validator import Validator, _holds_empty_item, empty_items
from tests.conftest import FORM_IDS
from tests.strategies import records

Sample = Callable[[str], dict[str, Any]]
TODAY = dt.date(2025, 12, 1)


@functools.cache
def validator(form_id: str) -> Validator:
    return Validator(form_id, Settings(), today=TODAY)


def verdicts(form_id: str, record: Any) -> list[tuple[str, str, str]]:
    return [(p.path, p.severity, p.rule) for p in validator(form_id).validate(record)]


def errors(form_id: str, record: Any) -> list[tuple[str, str]]:
    return [(p.path, p.rule) for p in validator(form_id).validate(record) if p.severity == "error"]


# ------------------------------------------------------------------ item 10: the id is a register code, never personal data


@pytest.mark.parametrize("value", ["AVV-2025-0017", "BU 2025/17", "Dnr 2025:143", "IFO.2025_7", "1"])
def test_a_register_code_is_an_id(sample: Sample, value: str) -> None:
    record = sample("avvikelserapport")
    record["id"] = value
    assert errors("avvikelserapport", record) == []


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("Åsa Öberg", "pattern"),  # a name: letters outside ASCII
        ("Anna Berg", "pattern"),  # no digit: a name, not a register code
        ("AVV-2025-0017 <x>", "pattern"),
        ("A" * 39 + "12", "maxLength"),
        ("19121212-1212", "id_personnummer"),
        ("121212-1212", "id_personnummer"),
        ("1212121212", "id_personnummer"),
        ("AVV 8211059954", "id_personnummer"),  # ten digits, as a spreadsheet holds it
        ("BU/701063-2391", "id_personnummer"),  # a samordningsnummer
    ],
)
def test_an_id_holding_personal_data_is_an_error_at_id(sample: Sample, value: str, rule: str) -> None:
    record = sample("avvikelserapport")
    record["id"] = value
    assert ("id", rule) in errors("avvikelserapport", record)
    assert all(path == "id" for path, _ in errors("avvikelserapport", record))


def test_twelve_digits_that_are_no_personnummer_are_a_register_code(sample: Sample) -> None:
    record = sample("avvikelserapport")
    record["id"] = "202500001234"  # not a valid date and checksum
    assert errors("avvikelserapport", record) == []


# ------------------------------------------------------------------ item 11: an item without any value is an error


@pytest.mark.parametrize(
    ("form_id", "path", "items"),
    [
        ("samtycke", "verksamheter", [{}, {}]),
        ("samtycke", "verksamheter", [{"namn": "Arjeplogs skola"}, {"namn": "", "kontaktperson": "  "}]),
        ("sip", "insatser", [{}]),
        ("sel-referat", "deltakere", [{"navn": "Kari Nordmann"}, {}]),
    ],
)
def test_an_empty_list_item_is_an_error_at_its_own_path(sample: Sample, form_id: str, path: str, items: list[Any]) -> None:
    record = sample(form_id)
    record[path] = items
    empty = [index for index, item in enumerate(items) if not any(str(v).strip() for v in item.values())]
    found = [p for p in validator(form_id).validate(record) if p.rule == "empty_item"]
    assert [(p.path, p.severity) for p in found] == [(f"{path}.{index}", "error") for index in empty]
    language = get_form(form_id).language
    assert found[0].message == ("Elementet i listen er tomt: fyll det ut eller fjern det." if language == "nb"
                                else "Posten i listan är tom: fyll i den eller ta bort den.")  # fmt: skip


def test_empty_items_fail_strict_validation_on_the_command_line(sample: Sample, tmp_path: Any) -> None:
    import json

    from click.testing import CliRunner

    from formkit.cli import cli

    record = sample("samtycke")
    record["verksamheter"] = [{}, {}]
    path = tmp_path / "samtycke.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "samtycke", str(path), "--strict"])
    assert result.exit_code == 1
    assert "verksamheter.0" in result.output and "verksamheter.1" in result.output


@functools.cache
def _renderer(form_id: str) -> PdfRenderer:
    return PdfRenderer(get_form(form_id))


def _with_empty_item(record: dict[str, Any], draw: st.DrawFn) -> dict[str, Any]:
    """The record with an empty item put into one of its lists of groups (when it has one)."""
    lists = [key for key, value in record.items() if isinstance(value, list) and value and isinstance(value[0], dict)]
    if lists and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(lists)))
        record[key].insert(draw(st.integers(0, len(record[key]))), {})
    return record


@pytest.mark.parametrize("form_id", FORM_IDS)
@pytest.mark.slow
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_record_fill_pdf_extract_validate_gives_the_same_verdict_and_data(form_id: str, data: st.DataObject) -> None:
    # As a form can hold it (an empty list or group has no field to carry it), then perhaps an empty item.
    # Text as formkit prints it (control characters cleaned, issue 17): a value that cleans to nothing has no field.
    record = _with_empty_item(_pruned(_printable(data.draw(records(form_id)))), data.draw)
    before = [p for p in validator(form_id).validate(record) if p.severity == "error"]
    if any(item == {} for value in record.values() if isinstance(value, list) for item in value):
        assert any(p.rule == "empty_item" for p in before)  # fill never renders it
        return
    found, extracted = extract_pdf_bytes(_renderer(form_id).render(copy.deepcopy(record)))
    assert found == form_id
    after = [p for p in validator(form_id).validate(extracted) if p.severity == "error"]
    assert (after == []) == (before == []), (before, after)
    if not before:
        assert extracted == record


def _printable(node: Any) -> Any:
    """The record with its text cleaned as fill prints it, and values that clean to nothing left out."""
    from formkit.textclean import clean_text

    if isinstance(node, dict):
        kept = {key: _printable(value) for key, value in node.items()}
        return {key: value for key, value in kept.items() if value != ""}
    if isinstance(node, list):
        return [value for value in (_printable(item) for item in node) if value != ""]
    return clean_text(node) if isinstance(node, str) else node


def _pruned(node: Any) -> Any:
    """The record as a form can hold it: empty lists and groups have no fields to carry them."""
    if isinstance(node, dict):
        kept = {key: _pruned(value) for key, value in node.items()}
        return {key: value for key, value in kept.items() if value not in ({}, [])}
    if isinstance(node, list):
        return [value for value in (_pruned(item) for item in node) if value not in ({}, [])]
    return node


# ------------------------------------------------------------------ item 12: handling dates and status checked against each other


def test_feedback_before_receipt_is_an_error(sample: Sample) -> None:
    record = sample("avvikelserapport")  # mottagen 2025-03-07
    record["handlaggning"]["aterkoppling"] = "2025-03-06"
    assert ("handlaggning.aterkoppling", "handlaggning_ordning") in errors("avvikelserapport", record)


@pytest.mark.parametrize(
    ("status", "missing"),
    [
        ("mottagen", ["handlaggning.mottagen"]),
        ("analyserad", ["handlaggning.mottagen", "handlaggning.analys"]),
        ("atgardad", ["handlaggning.mottagen", "handlaggning.analys", "handlaggning.beslutade_atgarder",
                      "handlaggning.atgardat"]),
        ("avslutad", ["handlaggning.mottagen", "handlaggning.analys", "handlaggning.beslutade_atgarder",
                      "handlaggning.atgardat", "handlaggning.aterkoppling"]),
    ],
)  # fmt: skip
def test_a_status_needs_what_it_claims(sample: Sample, status: str, missing: list[str]) -> None:
    record = sample("avvikelserapport")
    record["handlaggning"] = {"status": status}
    assert sorted(path for path, rule in errors("avvikelserapport", record) if rule == "status_kraver") == sorted(missing)
    record["handlaggning"] = {"status": "rapporterad"}
    assert errors("avvikelserapport", record) == []


@pytest.mark.parametrize("path", ["handelsedatum", "underskrifter.rapportor.datum", "handlaggning.atgardat"])
def test_no_date_after_the_reference_date(sample: Sample, path: str) -> None:
    record = sample("avvikelserapport")
    node = record
    *parents, last = path.split(".")
    for part in parents:
        node = node[part]
    node[last] = "2099-01-01"
    assert (path, "framtida_datum") in errors("avvikelserapport", record)
    message = next(p.message for p in validator("avvikelserapport").validate(record) if p.path == path)
    assert message == "Datumet ligger efter referensdatumet 2025-12-01."
    node[last] = TODAY.isoformat()
    assert (path, "framtida_datum") not in errors("avvikelserapport", record)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.sampled_from(["", " ", "\t", "x", " y "]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=3),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(_json_values)
def test_the_quick_walk_finds_an_empty_item_exactly_when_the_full_one_does(record: object) -> None:
    """Every record is first walked by the quick check; only when it finds something are the problems built."""
    assert _holds_empty_item(record) == bool(list(empty_items(record, "sv")))


def _lists_in(node: Any) -> list[list[Any]]:
    found: list[list[Any]] = []
    if isinstance(node, dict):
        for value in node.values():
            found += _lists_in(value)
    elif isinstance(node, list):
        found.append(node)
        for item in node:
            found += _lists_in(item)
    return found


def _blanked(node: Any) -> Any:
    """*node* with every text emptied: an item that looks filled in but holds nothing."""
    if isinstance(node, dict):
        return {key: _blanked(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_blanked(item) for item in node]
    return "" if isinstance(node, str) else node


@pytest.mark.parametrize("form_id", FORM_IDS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_a_valid_records_lists_alone_decide_whether_it_holds_an_empty_item(form_id: str, data: st.DataObject) -> None:
    """The compiled check looks at each item of the model's lists (values_given); the verdict is the full walk's."""
    record = data.draw(records(form_id))
    lists = _lists_in(record)
    if lists and data.draw(st.booleans()):
        target = data.draw(st.sampled_from(lists))
        empty = data.draw(st.sampled_from(["{}", "''", "' '", "blank copy"]))
        item = {"{}": {}, "''": "", "' '": " "}.get(empty, _blanked(target[0]) if target else {})
        target.insert(data.draw(st.integers(0, len(target))), item)
    checker = validator(form_id)
    assert checker._exact  # every shipped schema closes its objects
    if checker.schema_valid(record):
        assert checker._fast(record) == (not _holds_empty_item(record))
    rules = {p.rule for p in checker.validate(record)}
    assert ("empty_item" in rules) == _holds_empty_item(record)
