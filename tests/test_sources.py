"""Input sources: JSON, JSONL, CSV and XLSX files to numbered records; unreadable files to SourceError."""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from formkit.errors import SourceError
from formkit.model.catalog import get_form
from formkit.model.paths import flatten
from formkit.sources import Record, read_all, read_records
from tests.conftest import FORM_IDS

Sample = Callable[[str], dict[str, Any]]
RESOURCES = Path(__file__).resolve().parent / "resources" / "sources"


def numbered(records: list[Record]) -> list[tuple[int, Any]]:
    return [(record.record, record.data) for record in records]


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


# ---------------------------------------------------------------- JSON and JSONL


def test_json_object_is_record_1(tmp_path: Path, sample: Sample) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(sample("sip"), ensure_ascii=False), encoding="utf-8")
    (record,) = read_records(path, "sip")
    assert (record.source, record.record, record.data, tuple(record.problems)) == (str(path), 1, sample("sip"), ())


def test_json_array_numbers_records_from_1(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text('[{"a": 1}, {"a": 2}, {"a": 3}]', encoding="utf-8")
    assert numbered(list(read_records(path))) == [(1, {"a": 1}), (2, {"a": 2}), (3, {"a": 3})]


def test_json_with_utf8_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"namn": "Åsa Öberg"}, ensure_ascii=False).encode())
    assert numbered(list(read_records(path))) == [(1, {"namn": "Åsa Öberg"})]


def test_jsonl_bad_line_becomes_a_record_with_a_problem_and_the_rest_is_read() -> None:
    records = list(read_records(RESOURCES / "samtycke.jsonl", "samtycke"))
    assert numbered(records) == [
        (1, {"barn": {"namn": "Elif Yılmaz"}, "datum": "2025-09-15"}),
        (2, None),
        (4, {"barn": {"namn": "Tolvan Tolvansson"}, "datum": "2025-01-10"}),  # line 3 is blank
    ]
    assert records[0].problems == () and records[2].problems == ()
    (problem,) = records[1].problems
    assert (problem.path, problem.severity, problem.rule) == ("", "error", "source")
    assert problem.message.startswith("Raden är inte giltig JSON")
    assert "Zebulon" not in problem.message  # the line's content stays out of the message


def test_jsonl_read_unparsed_parses_to_the_same_records(tmp_path: Path) -> None:
    """A batch with workers reads lines unparsed and each worker parses its own: same records, same problems."""
    path = tmp_path / "rader.jsonl"
    good = json.dumps({"namn": "Åsa"}, ensure_ascii=False).encode("utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + good + b"\n\n" + b'{"x": \n' + b"\xff\n" + "\u00a0\n".encode() + good + b"\n")
    parsed = list(read_records(path, "samtycke"))
    unparsed = list(read_records(path, "samtycke", parse=False))
    assert [r.record for r in parsed] == [r.record for r in unparsed] == [1, 3, 4, 6]
    assert [r.parsed(get_form("samtycke")) for r in unparsed] == parsed
    assert unparsed[0].data is None and unparsed[0].unparsed == '{"namn": "Åsa"}\n'
    assert unparsed[2].unparsed is None and unparsed[2].problems  # not UTF-8: known while reading
    assert parsed[1].problems and parsed[1].data is None


def test_jsonl_problem_is_in_bokmal_for_sel_referat(tmp_path: Path) -> None:
    path = tmp_path / "referat.jsonl"
    path.write_text("{not json}\n", encoding="utf-8")
    (record,) = read_records(path, "sel-referat")
    assert record.problems[0].message.startswith("Linjen er ikke gyldig JSON")


# ---------------------------------------------------------------- CSV


def test_csv_from_swedish_excel_semicolons_bom_crlf() -> None:
    records = list(read_records(RESOURCES / "samtycke-excel-semikolon.csv", "samtycke"))
    assert [record.source for record in records] == [str(RESOURCES / "samtycke-excel-semikolon.csv")] * 2
    assert numbered(records) == [
        (2, {
            "barn": {"namn": "Elif Yılmaz", "personnummer": "20120314-2383"},
            "vardnadshavare": [
                {"namn": "Şükrü Yılmaz", "gemensam_vardnad": True},
                {"namn": "Åsa Öberg", "gemensam_vardnad": True},  # the empty epost cell is left out
            ],
            "syfte": "Skola, IFO; vårdcentral",
            "giltig_fran": "2025-09-15", "giltig_till": "2026-06-30", "datum": "2025-09-15",
        }),
        # row 3 is blank and skipped; numbering keeps the spreadsheet's row numbers
        (4, {
            "barn": {"namn": "Tolvan Tolvansson", "personnummer": "19121212-1212"},
            "vardnadshavare": [{"namn": "Nguyễn Văn Long", "gemensam_vardnad": False}],
            "syfte": "Samverkan kring stöd",
            "giltig_fran": "2025-01-10", "giltig_till": "2025-06-30", "datum": "2025-01-10",
        }),
    ]  # fmt: skip


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_csv_comma_or_semicolon_with_or_without_bom(tmp_path: Path, delimiter: str, bom: bytes, newline: str) -> None:
    lines = [
        delimiter.join(["barn.namn", "vardnadshavare.0.namn", "vardnadshavare.1.namn", "syfte"]),
        delimiter.join(["Elif Yılmaz", "Şükrü Yılmaz", "Åsa Öberg", '"Skola, IFO; vård"']),
        delimiter.join(["", "", "", ""]),
        delimiter.join(["محمد", "", "Hodan Warsame", "Stöd"]),
    ]
    path = tmp_path / "tabell.csv"
    path.write_bytes(bom + newline.join(lines).encode("utf-8") + newline.encode())
    assert numbered(list(read_records(path, "samtycke"))) == [
        (2, {"barn": {"namn": "Elif Yılmaz"}, "vardnadshavare": [{"namn": "Şükrü Yılmaz"}, {"namn": "Åsa Öberg"}],
             "syfte": "Skola, IFO; vård"}),
        (4, {"barn": {"namn": "محمد"}, "vardnadshavare": [{"namn": "Hodan Warsame"}], "syfte": "Stöd"}),
    ]  # fmt: skip


def test_csv_without_a_form_keeps_every_cell_as_text(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("vardnadshavare.0.gemensam_vardnad,barn.telefon\nja,070\n", encoding="utf-8")
    expected = {"vardnadshavare": [{"gemensam_vardnad": "ja"}], "barn": {"telefon": "070"}}
    assert numbered(list(read_records(path))) == [(2, expected)]


def test_csv_row_with_more_cells_than_headers_is_a_record_with_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("barn.namn,syfte\nElif,Stöd,Zebulon\nÅsa,Stöd\n", encoding="utf-8")
    records = list(read_records(path, "samtycke"))
    assert numbered(records) == [(2, None), (3, {"barn": {"namn": "Åsa"}, "syfte": "Stöd"})]
    (problem,) = records[0].problems
    assert (problem.path, problem.severity, problem.rule) == ("", "error", "source")
    assert "Zebulon" not in problem.message


def test_csv_with_only_a_header_has_no_records(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("barn.namn,syfte\n", encoding="utf-8")
    assert list(read_records(path, "samtycke")) == []


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_each_sample_survives_a_csv_round_trip(tmp_path: Path, sample: Sample, form_id: str) -> None:
    flat = flatten(sample(form_id))
    path = tmp_path / f"{form_id}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(flat)
        writer.writerow(["ja" if value is True else "nej" if value is False else value for value in flat.values()])
    assert numbered(list(read_records(path, form_id))) == [(2, sample(form_id))]


# ---------------------------------------------------------------- XLSX


def test_xlsx_date_time_number_and_boolean_cells(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "planer.xlsx", [
        ["upprattad_datum", "barn.namn", "barn.telefon", "barn.personnummer", "uppfoljning.datum", "uppfoljning.tid",
         "vardnadshavare.0.namn"],
        [dt.date(2025, 10, 8), "Aisha Abdullah", 701234567, 191212121212, dt.datetime(2025, 12, 3), dt.time(13, 0), "Hodan"],
        [None, None, None, None, None, None, None],
        [dt.date(2025, 11, 1), "Elif Yılmaz", "070-123 45 67", "20120314-2383", dt.date(2026, 1, 15), "09:30", None],
    ])  # fmt: skip
    assert numbered(list(read_records(path, "genomforandeplan"))) == [
        (2, {"upprattad_datum": "2025-10-08",
             "barn": {"namn": "Aisha Abdullah", "telefon": "701234567", "personnummer": "191212121212"},
             "uppfoljning": {"datum": "2025-12-03", "tid": "13:00"},
             "vardnadshavare": [{"namn": "Hodan"}]}),
        (4, {"upprattad_datum": "2025-11-01",
             "barn": {"namn": "Elif Yılmaz", "telefon": "070-123 45 67", "personnummer": "20120314-2383"},
             "uppfoljning": {"datum": "2026-01-15", "tid": "09:30"}}),
    ]  # fmt: skip


def test_xlsx_boolean_cells(tmp_path: Path) -> None:
    headers = ["vardnadshavare.0.gemensam_vardnad", "vardnadshavare.1.gemensam_vardnad"]
    path = write_xlsx(tmp_path / "s.xlsx", [headers, [True, "nej"]])
    assert numbered(list(read_records(path, "samtycke"))) == [
        (2, {"vardnadshavare": [{"gemensam_vardnad": True}, {"gemensam_vardnad": False}]})
    ]


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_each_sample_survives_an_xlsx_round_trip(tmp_path: Path, sample: Sample, form_id: str) -> None:
    flat = flatten(sample(form_id))
    path = write_xlsx(tmp_path / f"{form_id}.xlsx", [list(flat), list(flat.values())])
    assert numbered(list(read_records(path, form_id))) == [(2, sample(form_id))]


# ---------------------------------------------------------------- several files


def test_read_all_reads_files_in_order(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.jsonl"
    first.write_text('[{"n": 1}, {"n": 2}]', encoding="utf-8")
    second.write_text('{"n": 3}\n', encoding="utf-8")
    assert [(r.source, r.record, r.data) for r in read_all([first, second])] == [
        (str(first), 1, {"n": 1}), (str(first), 2, {"n": 2}), (str(second), 1, {"n": 3})
    ]  # fmt: skip


# ---------------------------------------------------------------- unreadable files


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))  # ~1000:1


UNREADABLE: dict[str, tuple[bytes | None, str]] = {
    "trasig.json": (b'{"barn": {"namn": "Zebulon"', "inte giltig JSON"),
    "saknas.json": (None, "filen finns inte"),
    "bild.csv": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "Spara som > CSV UTF-8"),
    "latin1.json": ('{"namn": "Åsa Zebulon"}'.encode("latin-1"), "inte UTF-8"),
    "anteckning.txt": (b"Zebulon", "okänd filtyp"),
    "utan-suffix": (b"{}", "okänd filtyp"),
    "dubbel.csv": (b"barn.namn,barn.namn\nZebulon,Zebulon\n", "förekommer två gånger"),
    "inuti.csv": (b"barn,barn.namn\nZebulon,Zebulon\n", "ligger inuti rubriken"),
    "inuti-lista.csv": (b"vardnadshavare.0,vardnadshavare.0.namn\nZebulon,Zebulon\n", "ligger inuti rubriken"),
    "tom-rubrik.csv": (b"barn.namn,,syfte\nZebulon,x,y\n", "saknar rubrik"),
    "inte-zip.xlsx": (b"barn.namn\nZebulon\n", "ingen .xlsx-arbetsbok"),
    "bomb.xlsx": (b"", "zip-bomb"),
}


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_file_is_a_source_error_naming_the_file(tmp_path: Path, name: str) -> None:
    content, reason = UNREADABLE[name]
    path = tmp_path / name
    if name == "bomb.xlsx":
        _zip_bomb(path)
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(SourceError) as caught:
        list(read_records(path, "samtycke"))
    message = str(caught.value)
    assert str(path) in message
    assert reason in message
    assert "Zebulon" not in message  # no value from the file in the error


def test_a_damaged_xlsx_that_is_a_zip_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "trasig.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "Zebulon")
    with pytest.raises(SourceError, match=r"ingen läsbar \.xlsx-arbetsbok") as caught:
        list(read_records(path, "samtycke"))
    assert str(path) in str(caught.value)


# ---------------------------------------------------------------- hostile nesting

DEEP = "[" * 100_000 + "]" * 100_000


def test_json_nested_too_deeply_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "djup.json"
    path.write_text(DEEP, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        list(read_records(path, "sip"))
    assert str(path) in str(caught.value)


def test_jsonl_line_nested_too_deeply_is_a_record_with_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "djup.jsonl"
    path.write_text(f'{{"n": 1}}\n{DEEP}\n{{"n": 3}}\n', encoding="utf-8")
    records = list(read_records(path, "sip"))
    assert numbered(records) == [(1, {"n": 1}), (2, None), (3, {"n": 3})]
    assert [(p.path, p.severity, p.rule) for p in records[1].problems] == [("", "error", "source")]


def _damage_sheet(path: Path) -> None:
    """Cut the first worksheet's XML off in the middle of row 2: the workbook opens, the rows break."""
    with zipfile.ZipFile(path) as original:
        members = {info.filename: original.read(info.filename) for info in original.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    end_of_header = sheet.index(b"</row>") + len(b"</row>")
    members["xl/worksheets/sheet1.xml"] = sheet[:end_of_header] + b'<row r="2"><c r="A2" t="inlineStr"><is><t>Zebu'
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as damaged:
        for name, data in members.items():
            damaged.writestr(name, data)


def test_xlsx_with_a_damaged_worksheet_is_a_source_error(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "skadad.xlsx", [["person.namn", "samtycke.lamnat"], ["Zebulon", True]])
    _damage_sheet(path)
    with pytest.raises(SourceError) as caught:
        list(read_records(path, "sip"))
    assert str(path) in str(caught.value)
    assert "Zebu" not in str(caught.value)


def test_workbooks_are_parsed_with_defusedxml() -> None:
    """pyproject declares defusedxml for this: openpyxl then refuses XML entity attacks in .xlsx input."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML


def _reader_outcomes(records: Any) -> list[tuple[int, Any, list[str]]]:
    return [(r.record, r.data, [p.rule for p in r.problems]) for r in records]


def _outcomes_of(path: Path, form: Any) -> list[tuple[int, Any, list[str]]] | str:
    try:
        return _reader_outcomes(read_records(path, form))
    except SourceError as exc:
        return str(exc)


@pytest.mark.parametrize("shape", ["offset", "cells", "sample"])
def test_calamine_reads_a_workbook_as_the_streaming_reader_does(
    tmp_path: Path, sample: Sample, shape: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Small plain sheets are read by calamine (about 3x faster), the others streamed: what they read must not differ."""
    from formkit.sources import xlsx

    form = get_form("genomforandeplan")
    workbook = Workbook()
    sheet = workbook.active
    if shape == "offset":  # a table not at A1: rows and columns keep their places (and their errors)
        sheet["C3"], sheet["D3"] = "barn.namn", "upprattad_datum"
        sheet["C4"], sheet["D6"] = "Zebulon Öhman", dt.date(2025, 3, 1)
    elif shape == "cells":
        sheet.append(["upprattad_datum", "barn.namn", "barn.telefon", "uppfoljning.tid", "mal.0.mal", "mal.2.mal"])
        sheet.append([dt.datetime(2025, 3, 1, 13, 5), 12.5, 701234567, dt.time(9, 30), "  ett ", None])
        sheet.append([None, True, -3, "13:00", None, "tre"])
        sheet.append([])
        sheet.append(["1.3.2025", "x" * 40, 1e20, None, 0, False])
    else:
        flat = flatten(sample("genomforandeplan"))
        sheet.append(list(flat))
        sheet.append(list(flat.values()))
    path = tmp_path / f"{shape}.xlsx"
    workbook.save(path)
    fast = _outcomes_of(path, form)
    monkeypatch.setattr(xlsx, "CALAMINE_MAX_SHEET_BYTES", -1)
    assert fast == _outcomes_of(path, form)
    if shape == "offset":  # column A is empty: both refuse the table alike, naming the column
        assert isinstance(fast, str) and fast.endswith("kolumn 1 saknar rubrik")
    else:  # the sheet was read at all (not refused alike by both)
        assert isinstance(fast, list) and fast


def test_an_error_cell_is_read_as_its_error_not_as_an_empty_cell(tmp_path: Path) -> None:
    """A lookup that failed (#N/A) must not read as a field left empty: the schema then names it."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["upprattad_datum", "barn.namn"])
    sheet.append(["#N/A", "Zebulon"])
    sheet["A2"].data_type = "e"
    path = tmp_path / "fel.xlsx"
    workbook.save(path)
    [record] = read_records(path, "genomforandeplan")
    assert record.data == {"upprattad_datum": "#N/A", "barn": {"namn": "Zebulon"}}


def test_a_workbook_with_an_xml_entity_bomb_is_not_expanded(tmp_path: Path) -> None:
    """calamine's XML reader, like defusedxml for openpyxl, expands no entities."""
    path = write_xlsx(tmp_path / "bomb.xlsx", [["barn.namn"], ["Zebulon"]])
    with zipfile.ZipFile(path) as package:
        members = {name: package.read(name) for name in package.namelist()}
    laughs = (
        b'<!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        + b"".join(b'<!ENTITY %s "%s">' % (chr(99 + n).encode(), (b"&%s;" % chr(98 + n).encode()) * 10) for n in range(7))
        + b"]>"
    )
    sheet = members["xl/worksheets/sheet1.xml"]
    body = sheet.split(b"?>", 1)[1] if sheet.startswith(b"<?xml") else sheet
    members["xl/worksheets/sheet1.xml"] = b'<?xml version="1.0"?>' + laughs + body.replace(b"Zebulon", b"&i;", 1)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bomb:
        for name, data in members.items():
            bomb.writestr(name, data)
    try:
        records = list(read_records(path, "genomforandeplan"))
    except SourceError:
        return  # refused: fine
    assert all(len(json.dumps(r.data)) < 10_000 for r in records)
