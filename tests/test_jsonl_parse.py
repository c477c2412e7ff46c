"""JSONL lines are parsed with orjson and read as json.loads reads them (the two documented exceptions aside)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from formkit.i18n import text
from formkit.sources import _parse_line, read_records

values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(value=values, ensure_ascii=st.booleans())
def test_a_line_reads_as_json_loads_reads_it(value: Any, ensure_ascii: bool) -> None:
    line = json.dumps(value, ensure_ascii=ensure_ascii)
    parsed = _parse_line(line)
    assert parsed == json.loads(line)
    assert json.dumps(parsed) == json.dumps(json.loads(line))  # the same types too (1 is not 1.0)


@pytest.mark.parametrize(
    "line",
    ['{"a": NaN}', '{"a": Infinity, "b": -Infinity}', '{"a": "\\ud800"}', '{"a": 1e400}', '{"a": 1, "a": 2}'],
)
def test_what_orjson_refuses_reads_as_json_reads_it(line: str) -> None:
    parsed, expected = _parse_line(line), json.loads(line)
    assert json.dumps(parsed) == json.dumps(expected)
    if isinstance(expected.get("a"), float) and math.isnan(expected["a"]):
        assert math.isnan(parsed["a"])


def test_bad_and_too_deep_lines_are_records_with_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"a": 1}\n{"a": \n' + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    records = list(read_records(path))
    assert [r.data for r in records] == [{"a": 1}, None, None]
    assert [[p.message for p in r.problems] for r in records] == [
        [],
        [text("sv", "row.bad_json", column=1)],  # json.loads' column: the line ends at its newline
        [text("sv", "row.too_deep")],
    ]
