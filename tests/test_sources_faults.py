"""Input that real people have (issue 10, items 4, 5, 6, 9): odd file names, Excel's CSV encodings, bad lines, formulas."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from formkit.cli import cli
from formkit.errors import SourceError
from formkit.sources import MAX_FIELD_CHARS, read_records

Sample = Callable[[str], dict[str, Any]]
ROWS = [("barn.namn", "syfte"), ("Åsa Öberg", "Stöd i förskolan; hemmet"), ("Björn Ängström", "Möte på BUP")]
EXPECTED = [(2, {"barn": {"namn": "Åsa Öberg"}, "syfte": "Stöd i förskolan; hemmet"}),
            (3, {"barn": {"namn": "Björn Ängström"}, "syfte": "Möte på BUP"})]  # fmt: skip


def numbered(path: Path, form: str = "samtycke") -> list[tuple[int, Any]]:
    return [(r.record, r.data) for r in read_records(path, form)]


# ------------------------------------------------------------------ item 4: a file name that is not UTF-8


def _cp1252_named(folder: Path, data: bytes, name: bytes = b"\xc5sa \xd6berg plan.json") -> Path:
    raw = os.fsencode(folder) + b"/" + name
    with open(raw, "wb") as handle:
        handle.write(data)
    return Path(os.fsdecode(raw))


def test_fill_and_validate_never_fail_on_a_file_name(tmp_path: Path, sample: Sample) -> None:
    record = sample("sip")
    source = _cp1252_named(tmp_path, json.dumps([record, {"typ": "ny"}], ensure_ascii=False).encode("utf-8"))
    out = tmp_path / "ut"
    result = CliRunner().invoke(cli, ["fill", "sip", str(source), "--out", str(out)])
    assert result.exit_code == 1, result.output  # the second record is invalid, nothing crashed
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    shown = f"{tmp_path}/\\xc5sa \\xd6berg plan.json"
    assert [r["source"] for r in report["records"]] == [shown, shown]
    for args in (["validate", "sip", str(source)], ["validate", "sip", str(source), "--format", "json"]):
        # A real process: its stdout is strict UTF-8, as a terminal or pipe is.
        done = subprocess.run(
            [sys.executable, "-m", "formkit", *args], capture_output=True, check=False, env={**os.environ, "PYTHONUTF8": "0"}
        )
        assert done.returncode == 1, done.stderr
        assert shown.encode("utf-8") in done.stdout.replace(b"\\\\", b"\\")
        assert b"Traceback" not in done.stderr


def test_an_unreadable_file_with_such_a_name_is_named_in_the_message(tmp_path: Path) -> None:
    source = _cp1252_named(tmp_path, b"{not json", b"\xe5r.json")
    result = CliRunner().invoke(cli, ["validate", "sip", str(source), "--format", "json"])
    assert result.exit_code == 2
    document = json.loads(result.output)
    assert document["unreadable"][0]["source"] == f"{tmp_path}/\\xe5r.json"


# ------------------------------------------------------------------ item 5: Swedish Excel's CSV


def _table(rows: list[tuple[str, ...]], separator: str) -> str:
    return "".join(separator.join(f'"{c}"' if separator in c else c for c in row) + "\r\n" for row in rows)


def test_excel_csv_semikolonavgransad_is_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "samtycken.csv"
    path.write_bytes(_table(ROWS, ";").encode("cp1252"))
    assert numbered(path) == EXPECTED


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path: Path) -> None:
    path = tmp_path / "samtycken.csv"
    path.write_bytes(_table(ROWS, "\t").encode("utf-16"))  # with its byte order mark, as Excel writes it
    assert numbered(path) == EXPECTED


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_a_sep_line_names_the_separator_and_is_not_a_row(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "samtycken.csv"
    path.write_bytes(("sep=;\r\n" + _table(ROWS, ";")).encode(encoding))
    assert numbered(path) == EXPECTED  # numbered as Excel shows them: it hides the sep line


def test_a_file_excel_did_not_write_says_how_to_save_it_in_the_forms_language(tmp_path: Path) -> None:
    path = tmp_path / "tabell.csv"
    path.write_bytes(b"\x00\x01\x02\x89PNG\r\n" + bytes(range(256)) * 8)
    for form, words in (("samtycke", "Spara som > CSV UTF-8"), ("sel-referat", "Lagre som > CSV UTF-8")):
        result = CliRunner().invoke(cli, ["validate", form, str(path)])
        assert result.exit_code == 2
        assert f"{path}: " in result.output and words in result.output


# ------------------------------------------------------------------ item 6: one bad line deep in a JSONL file; a huge CSV field


def test_a_jsonl_line_that_is_not_utf8_is_a_rejected_record_at_its_line_number(tmp_path: Path, sample: Sample) -> None:
    good = json.dumps(sample("sip"), ensure_ascii=False).encode("utf-8") + b"\n"
    path = tmp_path / "planer.jsonl"
    path.write_bytes(good * 3 + b'{"nulage": "\xe5terkoppling"}\n' + good * 2)
    records = list(read_records(path, "sip"))
    assert [r.record for r in records] == [1, 2, 3, 4, 5, 6]
    assert [bool(r.problems) for r in records] == [False, False, False, True, False, False]
    (problem,) = records[3].problems
    assert problem.message == "Raden är inte UTF-8-text (tecken 13); spara filen som UTF-8."
    result = CliRunner().invoke(cli, ["validate", "sip", str(path), "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert "unreadable" not in document
    verdicts = [(r["record"], r["valid"]) for r in document["results"]]
    assert verdicts == [(1, True), (2, True), (3, True), (4, False), (5, True), (6, True)]


def test_a_csv_field_over_the_limit_is_that_rows_error(tmp_path: Path) -> None:
    path = tmp_path / "samtycken.csv"
    rows = [*ROWS[:2], ("Zebulon", "x" * (MAX_FIELD_CHARS + 1)), ROWS[2]]
    path.write_text(_table(rows, ";"), encoding="utf-8")
    records = list(read_records(path, "samtycke"))
    assert [(r.record, r.data) for r in records] == [EXPECTED[0], (3, None), (4, EXPECTED[1][1])]
    assert records[1].problems[0].message == f"Kolumn 2 är för lång (över {MAX_FIELD_CHARS} tecken)."


# ------------------------------------------------------------------ item 9: XLSX formula cells without a cached value


def test_a_formula_without_a_saved_value_is_named_by_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "samtycken.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in ROWS:
        sheet.append(row)
    sheet["B3"] = '=CONCAT("Möte", " på BUP")'  # a script writes the formula, no value
    workbook.save(path)
    records = list(read_records(path, "samtycke"))
    assert [(r.record, r.data) for r in records] == [EXPECTED[0], (3, None)]
    assert records[1].problems[0].message.startswith("Cell B3 är en formel utan sparat värde")
    assert "öppna filen i Excel eller LibreOffice och spara den" in records[1].problems[0].message


def test_a_header_that_is_a_formula_without_a_value_is_named(tmp_path: Path) -> None:
    path = tmp_path / "samtycken.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(['="barn."&"namn"', "syfte"])
    sheet.append(ROWS[1])
    workbook.save(path)
    with pytest.raises(SourceError) as caught:
        list(read_records(path, "samtycke"))
    assert "rubriken i cell A1 är en formel utan sparat värde" in str(caught.value)
