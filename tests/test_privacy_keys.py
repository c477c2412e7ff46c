"""Keys the schema does not know are never echoed when they may be values (a table without its header row)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from formkit.errors import SourceError
from formkit.model.catalog import Form, get_form
from formkit.problems import WARNING, Problem
from formkit.settings import Settings
from formkit.sources import _READERS, Record, read_records, register_reader
from formkit.validation.report import validate_inputs
from formkit.validation.validator import Validator

NAME, NUMBER = "Aisha Abdullah", "20100827-5628"


def test_csv_without_its_header_row_is_refused_without_echoing_the_first_row(tmp_path: Path) -> None:
    path = tmp_path / "utan-rubrik.csv"
    path.write_text(f"2025-03-01;2025-03-02;{NAME};{NUMBER}\n2025-04-01;2025-04-02;Åsa Öberg;19121212-1212\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        list(read_records(path, "avvikelserapport"))
    message = str(caught.value)
    assert "kolumn 1" in message and "saknas rubrikraden?" in message
    assert NAME not in message and NUMBER not in message and "2025-03-01" not in message


def test_an_unknown_field_like_header_is_named(tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text("barn.namn;kommentar\nA;B\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"kolumn 2: rubriken 'kommentar' är inget fält i blanketten samtycke"):
        list(read_records(path, "samtycke"))


def test_without_a_form_any_header_is_read(tmp_path: Path) -> None:
    path = tmp_path / "fri.csv"
    path.write_text("vad som helst;x\n1;2\n", encoding="utf-8")
    (record,) = read_records(path)
    assert record.data == {"vad som helst": "1", "x": "2"}


@pytest.mark.parametrize(("key", "shown"), [(NAME, "(okänt fält)"), (NUMBER, "(okänt fält)"), ("kommentar", "kommentar")])
def test_unknown_json_keys_are_shown_only_when_they_look_like_field_names(key: str, shown: str) -> None:
    record = json.loads(get_form("sip").sample_path().read_text(encoding="utf-8"))
    record["person"][key] = "x"
    problems = Validator("sip").validate(record)
    assert [p.path for p in problems if p.rule == "additionalProperties"] == [f"person.{shown}"]
    if shown != key:
        assert not [p for p in problems if key in p.path or key in p.message]


def test_bokmal_forms_use_the_norwegian_stand_in() -> None:
    record = json.loads(get_form("sel-referat").sample_path().read_text(encoding="utf-8"))
    record[NAME] = "x"
    (problem,) = Validator("sel-referat").validate(record)
    assert problem.path == "(ukjent felt)"


@pytest.fixture
def fake_reader() -> Iterator[str]:
    """A reader for .fake files whose one record has a reader warning and a missing required field."""

    def read(path: Path, form: Form | None) -> Iterator[Record]:
        warning = Problem("", WARNING, "version", "Blanketten har en annan version.")
        yield Record(str(path), 1, {"barn": {"namn": "A"}}, (warning,))

    register_reader(".fake", read)
    yield ".fake"
    del _READERS[".fake"]


def test_a_record_with_reader_warnings_is_still_validated(tmp_path: Path, fake_reader: str) -> None:
    path = tmp_path / f"in{fake_reader}"
    path.write_text("x", encoding="utf-8")
    report = validate_inputs(get_form("samtycke"), [path], Settings())
    (result,) = report.results
    assert not result.valid
    assert result.problems[0].rule == "version"
    assert {p.path for p in result.problems if p.rule == "required"} >= {"syfte", "datum"}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("first", ["tolvan", "ifo", "ja", "barn.namn.x"])
def test_a_first_record_that_looks_like_field_names_is_not_echoed(tmp_path: Path, suffix: str, first: str) -> None:
    """Issue 19 item 11: a table without its header row names the column position, never the first cell's value."""
    rows = [[first, "ja", "2025-03-01", "stöd"], ["elif", "nej", "2025-03-02", "möte"]]
    path = tmp_path / f"utan-rubrik{suffix}"
    if suffix == ".csv":
        path.write_text("".join(";".join(row) + "\r\n" for row in rows), encoding="utf-8")
    else:
        import openpyxl

        workbook = openpyxl.Workbook()
        for row in rows:
            workbook.active.append(row)
        workbook.save(path)
    with pytest.raises(SourceError) as caught:
        list(read_records(path, "samtycke"))
    message = str(caught.value)
    assert "kolumn 1:" in message and "saknas rubrikraden?" in message
    assert first not in message.replace(str(path), "") and "elif" not in message


def test_a_header_row_with_one_misspelt_header_still_names_it(tmp_path: Path) -> None:
    path = tmp_path / "stavfel.csv"
    path.write_text("barn.namn;syfte;barn.nman\nA;B;C\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"kolumn 3: rubriken 'barn.nman' är inget fält i blanketten samtycke"):
        list(read_records(path, "samtycke"))
