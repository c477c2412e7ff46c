"""Dot paths between nested records and flat fields: flatten, unflatten with coercion, leaf fields, subschemas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formkit.model.catalog import get_form
from formkit.model.paths import coerce, flatten, nest, unflatten, unflattener, value_at, values_at
from tests.conftest import FORM_IDS

Sample = Callable[[str], dict[str, Any]]


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_flatten_then_unflatten_gives_back_each_sample(sample: Sample, form_id: str) -> None:
    record = sample(form_id)
    assert unflatten(flatten(record), form_id) == record


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_a_sample_as_table_cells_comes_back_whole(sample: Sample, form_id: str) -> None:
    # A CSV has only text: booleans as words, everything else as written.
    record = sample(form_id)
    words = {True: "ja", False: "nej"}
    cells = {path: words[value] if isinstance(value, bool) else str(value) for path, value in flatten(record).items()}
    assert unflatten(cells, form_id) == record


def test_flatten_names_leaves_by_dot_path_with_list_indices(sample: Sample) -> None:
    flat = flatten(sample("genomforandeplan"))
    assert flat["insatser.1.ansvarig.namn"] == "Karin Lundström"
    assert flat["mal.0.delmal.1"] == "Aisha kommer till första lektionen varje måndag och torsdag."
    assert flat["uppfoljning.datum"] == "2025-12-03"
    assert "insatser.1.ansvarig" not in flat  # only leaves


def test_unflatten_without_a_form_keeps_text_as_text() -> None:
    assert unflatten({"vardnadshavare.0.gemensam_vardnad": "ja", "barn.telefon": "070"}) == {
        "vardnadshavare": [{"gemensam_vardnad": "ja"}],
        "barn": {"telefon": "070"},
    }


@pytest.mark.parametrize(
    ("cell", "value"),
    [("ja", True), ("Ja", True), ("true", True), ("TRUE", True), ("x", True), ("nej", False), ("false", False), ("0", False),
     ("kanske", "kanske")],
)  # fmt: skip
def test_unflatten_coerces_booleans_by_the_schema(cell: str, value: Any) -> None:
    # A word that is plainly no boolean stays text, so the schema reports it at its path.
    assert unflatten({"vardnadshavare.0.gemensam_vardnad": cell}, "samtycke") == {"vardnadshavare": [{"gemensam_vardnad": value}]}


def test_unflatten_turns_numbers_and_dates_into_the_text_the_schema_wants() -> None:
    flat = {
        "barn.telefon": 701234567,
        "barn.personnummer": 191212121212.0,
        "upprattad_datum": dt.datetime(2025, 10, 8, 0, 0),
        "insatser.0.start": dt.date(2025, 10, 13),
        "uppfoljning.tid": dt.time(13, 0),
    }
    assert unflatten(flat, "genomforandeplan") == {
        "barn": {"telefon": "701234567", "personnummer": "191212121212"},
        "upprattad_datum": "2025-10-08",
        "insatser": [{"start": "2025-10-13"}],
        "uppfoljning": {"tid": "13:00"},
    }


def test_unflatten_leaves_out_empty_cells_and_strips_spaces() -> None:
    flat = {"barn.namn": "  Elif Yılmaz ", "barn.epost": "", "barn.adress": None, "barn.telefon": "   "}
    assert unflatten(flat, "samtycke") == {"barn": {"namn": "Elif Yılmaz"}}


def test_unflatten_builds_lists_in_index_order_with_gaps_closed() -> None:
    flat = {"mal.10.mal": "elva", "mal.2.mal": "tre", "mal.0.mal": "ett"}
    assert unflatten(flat, "genomforandeplan") == {"mal": [{"mal": "ett"}, {"mal": "tre"}, {"mal": "elva"}]}


_segment = st.sampled_from(["a", "b", "namn", "0", "1", "2", "10"])
_field = st.sampled_from(["a", "b", "namn"])  # a record is an object: its top-level names are not list indices
_headers = st.lists(
    st.tuples(_field, st.lists(_segment, max_size=2)).map(lambda p: ".".join([p[0], *p[1]])),
    min_size=1,
    max_size=12,
    unique=True,
)
_cell = st.one_of(st.sampled_from(["", "  ", "x", " y ", "0"]), st.text(max_size=5))


def _nests(headers: list[str]) -> bool:
    """Headers a form can have: none is a group of another (refused, tested below), and a group's
    members are all list items or all named (a form's group is a list or an object)."""
    if any(other.startswith(f"{header}.") for header in headers for other in headers):
        return False
    kinds: dict[str, set[bool]] = {}
    for header in headers:
        parts = header.split(".")
        for end in range(1, len(parts)):
            kinds.setdefault(".".join(parts[:end]), set()).add(parts[end].isdigit())
    return all(len(kind) == 1 for kind in kinds.values())


@given(_headers.filter(_nests), st.data())
def test_a_table_row_becomes_the_record_nest_builds_from_its_non_empty_cells(headers: list[str], data: st.DataObject) -> None:
    cells = [data.draw(_cell) for _ in headers]
    expected = nest({h: c.strip() for h, c in zip(headers, cells, strict=True) if c.strip()})
    assert unflattener(None, headers)(cells) == expected
    assert unflattener(None, headers, text_only=True)(cells) == expected  # the CSV variant
    # A short row (trailing cells left out, as spreadsheets save them) reads as if they were empty.
    short = cells[: len(cells) // 2]
    expected_short = nest({h: c.strip() for h, c in zip(headers, short, strict=False) if c.strip()})
    assert unflattener(None, headers)(short) == expected_short
    assert unflattener(None, headers, text_only=True)(short) == expected_short


def test_a_header_cannot_inject_code_into_the_generated_reader() -> None:
    header = "a'] = 1; import os; x['b"
    assert unflattener(None, [header, "c"])(["v", "w"]) == {header: "v", "c": "w"}


@pytest.mark.parametrize("flat", [{"barn": "Elif", "barn.namn": "Elif"}, {"barn.namn": "Elif", "barn": "Elif"}])
def test_unflatten_refuses_a_field_that_is_also_a_group(flat: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="conflicts"):
        unflatten(flat)


SEL_REFERAT_LEAVES = [
    ("kommune", False),
    ("mote.type", True), ("mote.dato", True), ("mote.fra", True), ("mote.til", True), ("mote.sted", True),
    ("bruker.navn", True), ("bruker.fodselsnummer", False),
    ("leder.navn", True), ("leder.tjeneste", False),
    ("referent.navn", True),
    ("deltakere.*.navn", True), ("deltakere.*.tjeneste", False), ("deltakere.*.rolle", False), ("deltakere.*.fast", False),
    ("frafall.*.navn", True), ("frafall.*.tjeneste", False),
    ("saksliste.*", False), ("forrige_referat", False), ("brukers_ord", False),
    ("utfordringer.*.tjeneste", False), ("utfordringer.*.beskrivelse", True),
    ("tiltak.*.tiltak", True), ("tiltak.*.ansvarlig", True), ("tiltak.*.frist", True), ("tiltak.*.niva", False),
    ("malkonklusjoner.*", False), ("evaluering", False),
    ("neste_mote.dato", True), ("neste_mote.tid", False), ("neste_mote.sted", False),
    ("samtykke_signert", False), ("ip", False), ("avsluttet", False),
    ("sendes_til.*.navn", True), ("sendes_til.*.tjeneste", False),
]  # fmt: skip


def test_leaf_fields_of_sel_referat_in_document_order() -> None:
    fields = get_form("sel-referat").model.leaves
    assert [(field.path, field.required) for field in fields] == SEL_REFERAT_LEAVES
    by_path = {field.path: field for field in fields}
    assert by_path["tiltak.*.frist"].format == "date"
    assert by_path["tiltak.*.frist"].titles == ("Tiltak, ansvar og frister", "Frist")
    assert by_path["tiltak.*.frist"].list_paths == ("tiltak",)
    assert by_path["tiltak.*.frist"].concrete(2) == "tiltak.2.frist"
    assert by_path["mote.fra"].format == "time-hm"
    assert by_path["bruker.fodselsnummer"].format == "fodselsnummer"
    assert by_path["mote.type"].enum == ("samarbeidsmote", "ansvarsgruppemote", "formote")
    assert by_path["samtykke_signert"].type == "boolean"


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_leaf_of_each_sample_is_a_leaf_field(sample: Sample, form_id: str) -> None:
    templates = {field.path for field in get_form(form_id).model.leaves}
    for path in flatten(sample(form_id)):
        template = ".".join("*" if part.isdigit() else part for part in path.split("."))
        assert template in templates, path


def test_model_finds_a_field_by_concrete_or_generic_path_through_lists_and_references() -> None:
    model = get_form("genomforandeplan").model
    kind = model.node("insatser.1.ansvarig.verksamhetstyp")
    assert kind is not None
    assert kind.enum is not None and "ifo" in kind.enum
    assert kind.label("ifo") == "Individ- och familjeomsorg (socialtjänst)"
    assert model.node("insatser.*.ansvarig.verksamhetstyp") is kind
    start = model.node("insatser.0.start")
    assert start is not None
    assert start.format == "date"
    assert start.title == "Påbörjas"  # the title beside the $ref wins over the shared definition's
    assert model.node("insatser.0.finns_inte") is None
    assert model.node("behov.0") is None


def test_a_hand_written_day_month_year_date_becomes_iso() -> None:
    model = get_form("sel-referat").model
    date_field = model.node("mote.dato")
    assert coerce("12.03.2025", date_field) == "2025-03-12"
    assert coerce(" 1.3.2025 ", date_field) == "2025-03-01"
    assert coerce("31.02.2025", date_field) == "31.02.2025"  # not a date: left for validation to report
    assert coerce("12.03.2025", model.node("mote.sted")) == "12.03.2025"  # only date fields


@pytest.mark.parametrize(
    ("written", "read"),
    [("13.00", "13:00"), ("kl. 13.00", "13:00"), ("Kl 9.30", "09:30"), ("kl. 13", "13:00"), ("9:30", "09:30"),
     ("13:00", "13:00"), (" 13.00 ", "13:00"), ("24.00", "24.00"), ("13.60", "13.60"), ("13", "13"), ("1300", "1300")],
)  # fmt: skip
def test_a_time_written_the_nordic_way_becomes_hh_mm(written: str, read: str) -> None:
    """Issue 19 item 4: as 11.02.2025 is read as a date; what is not plainly a time is left for validation."""
    model = get_form("sel-referat").model
    assert coerce(written, model.node("mote.fra")) == read
    assert coerce(written, model.node("mote.sted")) == written  # only time fields


def test_value_at_reads_any_record_by_dot_path(sample: Sample) -> None:
    """The one reader every step uses (rules, display context, routing, calendar, due)."""
    record = sample("genomforandeplan")
    assert value_at(record, "barn.namn") == record["barn"]["namn"]
    assert value_at(record, "insatser.1.ansvarig.namn") == record["insatser"][1]["ansvarig"]["namn"]
    assert value_at(record, "insatser.*.insats", (1,)) == record["insatser"][1]["insats"]
    assert value_at(record, "insatser.*.insats") == record["insatser"][0]["insats"]
    for missing in ("barn.saknas", "insatser.99.insats", "barn.namn.mer", "insatser.x", "", None):
        assert value_at(record, missing) is None
    assert value_at("not a record", "barn") is None
    assert value_at({"a": [{}, {"b": 2}]}, "a.*.b") == 2  # past the given indices: the first item that has it


def test_values_at_lists_every_value_of_a_generic_path(sample: Sample) -> None:
    record = sample("genomforandeplan")
    found = list(values_at(record, "insatser.*.insats"))
    wanted = [(f"insatser.{i}.insats", (i,)) for i in range(len(record["insatser"]))]
    assert [(path, indices) for path, indices, _ in found] == wanted
