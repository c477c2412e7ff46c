"""Hypothesis strategies for formkit records: valid values of the custom formats and whole records per form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from stdnum import luhn
from stdnum.no import fodselsnummer

from formkit.model.catalog import get_form


@st.composite
def personnummer(draw: st.DrawFn) -> str:
    """A valid Swedish personnummer (sometimes a samordningsnummer), in the contract's long form."""
    born = draw(st.dates(dt.date(1920, 1, 1), dt.date(2024, 12, 31)))
    day = born.day + (60 if draw(st.booleans()) else 0)
    serial = draw(st.integers(1, 999))  # the personnummer package refuses serial 000
    short = f"{born:%y%m}{day:02d}{serial:03d}"
    return f"{born.year}{born:%m}{day:02d}-{serial:03d}{luhn.calc_check_digit(short)}"


@st.composite
def norwegian_number(draw: st.DrawFn) -> str:
    """A valid Norwegian fødselsnummer or D-nummer (day + 40)."""
    while True:
        born = draw(st.dates(dt.date(1940, 1, 1), dt.date(2039, 12, 31)))
        day = born.day + (40 if draw(st.booleans()) else 0)
        # Individual numbers 500-999 are used for births 2000-2039, 000-499 for 1900-1999.
        individual = draw(st.integers(500, 999) if born.year >= 2000 else st.integers(0, 499))
        base = f"{day:02d}{born:%m}{born:%y}{individual:03d}"
        first = fodselsnummer.calc_check_digit1(base)
        if len(first) != 1:
            continue
        second = fodselsnummer.calc_check_digit2(base + first)
        if len(second) != 1:
            continue
        number = base + first + second
        if fodselsnummer.is_valid(number):
            return number


# "date" and "email" are standard formats hypothesis-jsonschema already generates.
CUSTOM_FORMATS: dict[str, st.SearchStrategy[str]] = {
    "personnummer": personnummer(),
    "fodselsnummer": norwegian_number(),
    "time-hm": st.times().map(lambda t: t.strftime("%H:%M")),
}


def records(form_id: str) -> st.SearchStrategy[dict[str, Any]]:
    """Records the form's schema accepts (rules may still object), with no text of only white space.

    A text of spaces passes ``minLength`` but is a value not given (issue 19):
    each is made a text of as many letters, so the record keeps its shape.
    """
    return from_schema(get_form(form_id).model.inline_schema(), custom_formats=CUSTOM_FORMATS).map(_no_blank_texts)


def _no_blank_texts(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _no_blank_texts(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_no_blank_texts(item) for item in node]
    if isinstance(node, str) and node and not node.strip():
        return "x" * len(node)
    return node


json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=6), st.sampled_from(["", "2025-02-29", "19121212-1212", "25:00", "grundskola", "a@b"]),
)  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, form_id: str) -> Any:
    """A schema-valid record with one random change: a value replaced, a key dropped or one added."""
    record = draw(records(form_id))
    node: Any = record
    while isinstance(node, (dict, list)) and node and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(node)) if isinstance(node, dict) else st.integers(0, len(node) - 1))
        child = node[key]
        if not isinstance(child, (dict, list)) or not child:
            break
        node = child
    action = draw(st.sampled_from(["replace", "drop", "add"]))
    if isinstance(node, dict) and node:
        key = draw(st.sampled_from(sorted(node)))
        if action == "replace":
            node[key] = draw(json_leaf)
        elif action == "drop":
            del node[key]
        else:
            node[draw(st.sampled_from(["okant", "namn", "datum", "x"]))] = draw(json_leaf)
    elif isinstance(node, list) and node:
        index = draw(st.integers(0, len(node) - 1))
        if action == "drop":
            del node[index]
        else:
            node[index] = draw(json_leaf)
    return record
