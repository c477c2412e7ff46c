"""Valid personnummer are normalised to YYYYMMDD-NNNN wherever a form has them; nothing else changes."""

from __future__ import annotations

import copy
import json

import pytest

from formkit.formats import normalize_personnummer
from formkit.model.catalog import form_ids, get_form
from formkit.model.paths import flatten
from formkit.validation.normalize import normalize_record


def _sample(form_id: str) -> dict:
    return json.loads(get_form(form_id).sample_path().read_text(encoding="utf-8"))


@pytest.mark.parametrize("spelling", ["121212+1212", "191212121212", "19121212-1212"])
def test_every_accepted_spelling_becomes_the_long_form(spelling: str) -> None:
    record = _sample("genomforandeplan")
    record["barn"]["personnummer"] = spelling
    record["vardnadshavare"][1]["personnummer"] = spelling
    normalized = normalize_record("genomforandeplan", record)
    assert normalized["barn"]["personnummer"] == "19121212-1212"
    assert normalized["vardnadshavare"][1]["personnummer"] == "19121212-1212"
    assert record["barn"]["personnummer"] == spelling  # the input is not changed


def test_short_form_with_dash_is_this_century() -> None:
    record = _sample("avvikelserapport")
    record["klient"]["personnummer"] = "121212-1212"
    assert normalize_record("avvikelserapport", record)["klient"]["personnummer"] == "20121212-1212"


def test_invalid_values_and_other_fields_are_left_alone() -> None:
    record = _sample("samtycke")
    record["barn"]["personnummer"] = "121212-1213"
    expected = copy.deepcopy(record)
    assert normalize_record("samtycke", record) == expected


@pytest.mark.parametrize("form_id", form_ids())
def test_only_personnummer_fields_change(form_id: str) -> None:
    record = _sample(form_id)
    before, after = flatten(record), flatten(normalize_record(form_id, record))
    assert before.keys() == after.keys()
    kinds = {leaf.path: leaf.format for leaf in get_form(form_id).model.leaves}
    for path, value in before.items():
        generic = ".".join("*" if part.isdigit() else part for part in path.split("."))
        if kinds[generic] == "personnummer":
            assert after[path] == normalize_personnummer(value)
            assert len(after[path]) == 13 and after[path][8] == "-"
        else:
            assert after[path] == value
