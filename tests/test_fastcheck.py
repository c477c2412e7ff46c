"""The compiled fast path gives exactly jsonschema's verdict, and schema-valid records pass validation."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formkit.formats import format_checks
from formkit.model.catalog import form_ids
from formkit.validation.fastcheck import UnsupportedSchema, compile_schema
from formkit.validation.validator import Validator
from tests.strategies import json_leaf, mutated, records

FORMS = form_ids()
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module", params=FORMS)
def validator(request: pytest.FixtureRequest) -> Validator:
    return Validator(request.param)


@pytest.mark.slow
@SLOW
@given(data=st.data())
def test_generated_records_are_valid_and_keep_their_verdict(validator: Validator, data: st.DataObject) -> None:
    record = data.draw(records(validator.form.id))
    assert validator._full.is_valid(record)
    assert validator.schema_valid(record)
    problems = validator.validate(record)
    # Only the form's rules (and the walk for empty list items) may object to a schema-valid record.
    assert problems == validator._rule_problems(record, schema_ok=False)
    assert validator.validate(record) == problems  # same verdict on a second look


@pytest.mark.slow
@SLOW
@given(data=st.data())
def test_fast_verdict_equals_jsonschema_on_mutated_records(validator: Validator, data: st.DataObject) -> None:
    record = data.draw(mutated(validator.form.id))
    expected = validator._full.is_valid(record)
    assert validator.schema_valid(record) == expected
    # The detailed pass finds a problem exactly when the verdict is invalid.
    assert bool(list(validator._schema_problems(record))) == (not expected)


any_json = st.recursive(
    json_leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
)


@settings(max_examples=200, deadline=None)
@given(value=any_json)
def test_fast_verdict_equals_jsonschema_on_arbitrary_json(validator: Validator, value: Any) -> None:
    assert validator.schema_valid(value) == validator._full.is_valid(value)


def _check(schema: dict[str, Any]) -> Any:
    full = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://formkit.invalid/t.schema.json", **schema}
    return compile_schema(full, format_checks())


@pytest.mark.parametrize(
    ("schema", "value", "verdict"),
    [
        ({"type": "integer"}, 1.0, True),
        ({"type": "integer"}, True, False),
        ({"type": "number"}, False, False),
        ({"enum": ["a", "b"]}, "c", False),
        ({"enum": [1, "a"]}, True, False),
        ({"const": 0}, False, False),
        ({"type": "string", "minLength": 2}, "åä", True),
        ({"type": "string", "maxLength": 1}, "𝄞", True),
        ({"type": "string", "format": "personnummer"}, "19121212-1212", True),
        ({"type": "string", "format": "personnummer"}, "19121212-1213", False),
        ({"format": "date"}, 20250101, True),
        ({"type": "array", "items": {"type": "string"}, "maxItems": 1}, ["a", "b"], False),
        ({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False}, {"b": 1}, False),
        ({"type": "object", "required": ["a"]}, {"a": None}, True),
        ({"minimum": 3}, "2", True),
        ({"enum": [1.0, [1]]}, 1, True),
        ({"enum": [1.0, [1]]}, [True], False),
        ({"const": {"a": [True]}}, {"a": [1]}, False),
        ({"const": {"a": [1]}}, {"a": [1.0]}, True),
    ],
)
def test_keyword_semantics_match_json_schema(schema: dict[str, Any], value: Any, verdict: bool) -> None:
    assert _check(schema)(value) is verdict


def test_unknown_keyword_is_refused_so_jsonschema_decides() -> None:
    with pytest.raises(UnsupportedSchema):
        _check({"oneOf": [{"type": "string"}]})
