"""The walk that finds an invalid record's schema problems reports exactly jsonschema's, in jsonschema's order."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formkit.model.catalog import catalog, form_ids
from formkit.problems import Problem
from formkit.validation.validator import Validator
from tests.strategies import json_leaf, mutated

Sample = Callable[[str], dict[str, Any]]
any_json_value = st.recursive(
    json_leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
)

FORMS = form_ids()
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def by_jsonschema(validator: Validator, data: Any) -> list[Problem]:
    """The problems jsonschema's own pass gives (what the validator reported before the walk)."""
    problems: list[Problem] = []
    for error in validator._full.iter_errors(data):
        where = error.absolute_path
        problems.extend(validator._problems(where, str(error.validator), error.validator_value, error.instance, error.schema))
    return problems


def by_walk(validator: Validator, data: Any) -> list[Problem]:
    assert validator._explainer is not None, "every shipped form is walked"
    return list(validator._schema_problems(data))


@pytest.fixture(scope="module", params=FORMS)
def validator(request: pytest.FixtureRequest) -> Validator:
    return Validator(request.param)


def _changes(record: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in *record*: each dict key and list index, depth first."""
    items = record.items() if isinstance(record, dict) else enumerate(record) if isinstance(record, list) else ()
    for key, value in items:
        yield (*path, key)
        yield from _changes(value, (*path, key))


def _set(record: Any, path: tuple[Any, ...], value: Any) -> Any:
    changed = copy.deepcopy(record)
    node = changed
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return changed


@pytest.mark.parametrize("form_id", FORMS)
def test_every_wrong_value_in_the_sample_is_reported_as_jsonschema_does(sample: Sample, form_id: str) -> None:
    """Each value of the sample, one at a time, replaced by values of the wrong kind and of the wrong shape."""
    validator = Validator(form_id)
    record = sample(form_id)
    checked = 0
    for path in _changes(record):
        for wrong in (None, 7, "", "x" * 3000, [], {}, {"okand": 1}, "19121212-1213", "2025-02-30"):
            changed = _set(record, path, wrong)
            if validator.schema_valid(changed):
                continue
            assert by_walk(validator, changed) == by_jsonschema(validator, changed), path
            checked += 1
    assert checked > 50


@pytest.mark.parametrize("form_id", FORMS)
def test_several_problems_come_in_jsonschema_order(sample: Sample, form_id: str) -> None:
    validator = Validator(form_id)
    record = sample(form_id)
    broken = copy.deepcopy(record)
    paths = list(_changes(record))
    for path in paths[::3]:  # a third of every value wrong at once, deepest first so the paths stay valid
        broken = _set(broken, path, 7) if _reachable(broken, path) else broken
    broken["okand_nyckel"] = 1
    problems = by_walk(validator, broken)
    assert len(problems) > 3
    assert problems == by_jsonschema(validator, broken)


def _reachable(record: Any, path: tuple[Any, ...]) -> bool:
    node = record
    for key in path[:-1]:
        if not isinstance(node, dict | list):
            return False
        try:
            node = node[key]
        except (KeyError, IndexError):
            return False
    return isinstance(node, dict | list)


@pytest.mark.parametrize("data", [None, [], "text", 42, {}, {"x": 1}])
def test_what_is_not_a_record_is_reported_as_jsonschema_does(validator: Validator, data: Any) -> None:
    assert by_walk(validator, data) == by_jsonschema(validator, data)


@pytest.mark.slow
@SLOW
@given(data=st.data())
def test_mutated_records_are_reported_as_jsonschema_does(validator: Validator, data: st.DataObject) -> None:
    record = data.draw(mutated(validator.form.id))
    assert by_walk(validator, record) == by_jsonschema(validator, record)


@settings(max_examples=100, deadline=None)
@given(value=any_json_value)
def test_arbitrary_json_is_reported_as_jsonschema_does(validator: Validator, value: Any) -> None:
    assert by_walk(validator, value) == by_jsonschema(validator, value)


def _outside_form(folder: Path, beside: dict[str, Any]) -> Any:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://formkit.invalid/schemas/egen.schema.json",
        "title": "Egen",
        "type": "object",
        "x-formkit": {"id": "egen", "title": "Egen", "language": "sv", "version": "1.0.0"},
        "properties": {"namn": {"$ref": "common.schema.json#/$defs/fritext", **beside}},
    }
    folder.mkdir()
    (folder / "egen.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    return catalog((folder,)).get("egen")


def test_the_model_says_whether_a_ref_has_a_validating_keyword_beside_it(tmp_path: Path) -> None:
    # The inlined node would check the sibling before the target; jsonschema checks in key order.
    assert _outside_form(tmp_path / "a", {"title": "A", "x-formkit": {}}).model.refs_stand_alone
    assert not _outside_form(tmp_path / "b", {"minLength": 2}).model.refs_stand_alone
    assert all(catalog(()).get(form_id).model.refs_stand_alone for form_id in FORMS)


def test_an_outside_form_with_a_ref_beside_a_keyword_keeps_jsonschemas_pass(tmp_path: Path) -> None:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://formkit.invalid/schemas/egen.schema.json",
        "title": "Egen",
        "type": "object",
        "x-formkit": {"id": "egen", "title": "Egen", "language": "sv", "version": "1.0.0"},
        "properties": {"namn": {"$ref": "common.schema.json#/$defs/fritext", "maxLength": 3}},
    }
    (tmp_path / "egen.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    form = catalog((tmp_path,)).get("egen")
    validator = Validator(form)
    assert validator._explainer is None
    assert [p.rule for p in validator.validate({"namn": "abcdef"})] == ["maxLength"]
