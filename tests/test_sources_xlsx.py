"""Workbooks (issue 19 item 3, issue 21 item 3): the first visible sheet, said when it is not the first; read row by row."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from formkit.errors import SourceError
from formkit.sources import read_records, xlsx

RESOURCES = Path(__file__).parent / "resources" / "sources"
HEADERS = ["giltig_fran", "barn.namn", "syfte"]


def outcomes(path: Path, form: str = "samtycke") -> list[tuple[str, int, Any, list[str]]]:
    return [(r.source, r.record, r.data, [p.message for p in r.problems]) for r in read_records(path, form)]


@pytest.fixture(params=["calamine", "streamed"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs with both readers: a small plain sheet by calamine, and streamed as a large one is."""
    if request.param == "streamed":
        monkeypatch.setattr(xlsx, "CALAMINE_MAX_SHEET_BYTES", -1)
    return str(request.param)


def _workbook(path: Path, sheets: list[tuple[str, str, list[list[Any]]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, state, rows in sheets:
        sheet = workbook.create_sheet(title)
        sheet.sheet_state = state
        for row in rows:
            sheet.append(row)
    workbook.active = next(i for i, (_t, state, _r) in enumerate(sheets) if state == "visible")
    workbook.save(path)
    return path


# ------------------------------------------------------------------ item 3: a hidden first sheet


def test_a_hidden_first_sheet_is_passed_over_and_the_sheet_read_is_named(tmp_path: Path, reader: str) -> None:
    path = _workbook(
        tmp_path / "samtycken.xlsx",
        [("Uppslag", "hidden", [["ifo", "Individ- och familjeomsorg"]]),
         ("Samtycken", "visible", [HEADERS, [dt.date(2025, 3, 1), "Åsa Öberg", "Stöd"]])],
    )  # fmt: skip
    assert outcomes(path) == [
        (f"{path}, blad 2", 2, {"giltig_fran": "2025-03-01", "barn": {"namn": "Åsa Öberg"}, "syfte": "Stöd"}, [])
    ]


def test_the_sheet_is_said_in_the_forms_language(tmp_path: Path, reader: str) -> None:
    path = _workbook(
        tmp_path / "referat.xlsx",
        [("Skjult", "veryHidden", [["x"]]), ("Referat", "visible", [["mote.sted"], ["Otta"]])],
    )
    [(source, *_rest)] = outcomes(path, "sel-referat")
    assert source == f"{path}, ark 2"


def test_a_sheet_is_shown_by_its_position_never_its_name(tmp_path: Path, reader: str) -> None:
    """A sheet's name is the user's text: a child's name or personnummer must not reach report.json or a summary."""
    for title in ("Tolvan 191212121212", "Åsa Öberg"):
        path = _workbook(
            tmp_path / "samtycken.xlsx", [("Gammal", "hidden", [["x"]]), (title, "visible", [HEADERS, [None, "Åsa", "Stöd"]])]
        )
        [(source, *_rest)] = outcomes(path)
        assert source == f"{path}, blad 2"


def test_a_chart_sheet_before_the_worksheet_is_counted_and_passed_over(tmp_path: Path, reader: str) -> None:
    """The sheet read is the worksheet (calamine's own index counts chart sheets too), named by its tab."""
    from openpyxl.chart import BarChart, Reference

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Samtycken"
    for row in (HEADERS, [dt.date(2025, 3, 1), "Åsa Öberg", "Stöd"]):
        sheet.append(row)
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=1, min_row=1, max_row=2))
    workbook.create_chartsheet("Diagram", 0).add_chart(chart)
    path = tmp_path / "samtycken.xlsx"
    workbook.save(path)
    assert outcomes(path) == [
        (f"{path}, blad 2", 2, {"giltig_fran": "2025-03-01", "barn": {"namn": "Åsa Öberg"}, "syfte": "Stöd"}, [])
    ]


def test_a_date_cell_beyond_any_date_is_read_as_its_number(tmp_path: Path, reader: str) -> None:
    """Both readers give the number (a date field then says it is no date), neither fails on the file."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append([1e20, "Åsa", "Stöd"])
    sheet["A2"].number_format = "yyyy-mm-dd"
    workbook.save(tmp_path / "samtycken.xlsx")
    [(_source, _record, data, _problems)] = outcomes(tmp_path / "samtycken.xlsx")
    assert data["giltig_fran"] == "100000000000000000000"


def test_the_first_sheet_visible_keeps_the_plain_file_name(tmp_path: Path, reader: str) -> None:
    path = _workbook(
        tmp_path / "samtycken.xlsx",
        [("Samtycken", "visible", [HEADERS, [None, "Åsa", "Stöd"]]), ("Dold", "hidden", [["x"]])],
    )
    assert [source for source, *_rest in outcomes(path)] == [str(path)]


# ------------------------------------------------------------------ what other programs write


def test_a_workbook_saved_by_libreoffice_is_read(reader: str) -> None:
    """Shared strings, date styles, booleans as formulas with their saved values, a hidden first sheet."""
    path = RESOURCES / "libreoffice-samtycken.xlsx"
    assert [(record, data) for _source, record, data, _problems in outcomes(path)] == [
        (2, {
            "giltig_fran": "2025-03-12", "giltig_till": "2026-03-01", "syfte": "Rad ett\nrad två",
            "barn": {"namn": "Åsa Öberg", "personnummer": "20140301-2386"},
            "vardnadshavare": [{"namn": "Björn Öberg", "gemensam_vardnad": True}], "barnets_samtycke": {"inhamtat": False},
        }),
        (3, {
            "giltig_fran": "2025-03-13", "giltig_till": "2026-03-02", "syfte": "Behov",
            "barn": {"namn": "Şükrü Yılmaz", "personnummer": "20140301-2386"},
            "vardnadshavare": [{"namn": "Elif Yılmaz", "gemensam_vardnad": False}],
        }),
    ]  # fmt: skip


def _with_sheet(tmp_path: Path, sheet_xml: bytes, shared: bytes | None = None) -> Path:
    """A workbook made by openpyxl with its one sheet (and shared strings) replaced by hand-written XML."""
    path = _workbook(tmp_path / "handskriven.xlsx", [("Blad1", "visible", [["x"]])])
    with zipfile.ZipFile(path) as package:
        members = {name: package.read(name) for name in package.namelist()}
    members["xl/worksheets/sheet1.xml"] = sheet_xml
    if shared is not None:
        members["xl/sharedStrings.xml"] = shared
        members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rIdS" Target="sharedStrings.xml" '
            b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>',
        )
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return path


MAIN = b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def test_a_sheet_with_a_namespace_prefix_rich_text_and_escapes_is_read(tmp_path: Path, reader: str) -> None:
    """What some .NET libraries write: ``x:`` prefixes; shared strings in runs, a phonetic run, Excel's ``_x000D_``."""
    shared = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>barn.namn</t></si><si><t>syfte</t></si>"
        b'<si><r><t xml:space="preserve">\xc3\x85sa </t></r>'
        b"<r><rPr><b/></rPr><t>\xc3\x96berg</t></r><rPh><t>ASA</t></rPh></si>"
        b"<si><t>rad ett_x000D_\nrad tv\xc3\xa5</t></si></sst>"
    )
    sheet = (
        b"<x:worksheet " + MAIN + b"><x:sheetData>"
        b'<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c></x:row>'
        b'<x:row r="3"><x:c r="A3" t="s"><x:v>2</x:v></x:c><x:c r="B3" t="s"><x:v>3</x:v></x:c></x:row>'
        b"</x:sheetData></x:worksheet>"
    )
    path = _with_sheet(tmp_path, sheet, shared)
    assert [(record, data) for _s, record, data, _p in outcomes(path)] == [
        (3, {"barn": {"namn": "Åsa Öberg"}, "syfte": "rad ett\r\nrad två"})
    ]


def test_a_formula_without_a_saved_value_and_an_error_cell_are_told_from_empty_cells(tmp_path: Path, reader: str) -> None:
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>barn.namn</t></is></c><c r="B1" t="inlineStr"><is><t>syfte</t></is></c></row>'
        '<row r="2"><c r="A2"><f>B9&amp;"x"</f></c><c r="B2" t="inlineStr"><is><t>Stöd</t></is></c></row>'
        '<row r="3"><c r="A3" t="e"><v>#N/A</v></c><c r="B3" t="str"><f>"a"</f><v>Möte</v></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    found = outcomes(_with_sheet(tmp_path, sheet))
    assert [(record, data) for _s, record, data, _p in found] == [(2, None), (3, {"barn": {"namn": "#N/A"}, "syfte": "Möte"})]
    assert found[0][3] == [
        "Cell A2 är en formel utan sparat värde (arket är skrivet av ett program); "
        "öppna filen i Excel eller LibreOffice och spara den, så sparas värdet."
    ]


@pytest.mark.parametrize(
    "sheet",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "Zebulon">]><worksheet><sheetData/></worksheet>',
        b'<worksheet><sheetData><row r="1048577"><c r="A1048577"><v>1</v></c></row></sheetData></worksheet>',
        b'<worksheet><sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData></worksheet>',
        b'<worksheet><sheetData><row r="2"><c r="A2"><v>1</v></c></row><row r="1"/></sheetData></worksheet>',
        b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Zebulon</t></is>',
    ],
    ids=["doctype", "rows", "columns", "order", "cut"],
)
def test_a_hostile_or_damaged_sheet_is_refused_naming_the_file(
    tmp_path: Path, sheet: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The streaming reader's own limits (calamine, for a small sheet, refuses some of these for other reasons)."""
    monkeypatch.setattr(xlsx, "CALAMINE_MAX_SHEET_BYTES", -1)
    path = _with_sheet(
        tmp_path, sheet.replace(b"<worksheet>", b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    )
    with pytest.raises(SourceError) as caught:
        outcomes(path)
    assert str(caught.value).startswith(f"{path}: ett kalkylblad i .xlsx-filen kan inte läsas (")
    assert "Zebulon" not in str(caught.value)


def test_a_large_sheet_is_read_one_row_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the size calamine reads whole, the first record comes before the sheet is parsed to its end."""
    rows = [HEADERS, *([dt.date(2025, 3, 1), f"Barn {n}", "Stöd"] for n in range(2000))]
    path = _workbook(tmp_path / "stor.xlsx", [("Samtycken", "visible", rows)])
    monkeypatch.setattr(xlsx, "CALAMINE_MAX_SHEET_BYTES", 1000)
    parsed: list[int] = []
    original = xlsx._parse_stream

    def counting(*args: Any) -> Any:
        for row in original(*args):
            parsed.append(1)
            yield row

    monkeypatch.setattr(xlsx, "_parse_stream", counting)
    records = read_records(path, "samtycke")
    first = next(records)
    assert first.data == {"giltig_fran": "2025-03-01", "barn": {"namn": "Barn 0"}, "syfte": "Stöd"}
    assert len(parsed) < 1000
    assert len(list(records)) == 1999
