"""``formkit summary`` through click's CliRunner: outputs, exact messages and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from formkit.cli import cli

FIXTURES = Path(__file__).parent / "resources" / "summary"
A, B, C = (FIXTURES / name for name in ("avvikelser-a.jsonl", "avvikelser-b.json", "avvikelser-c.csv"))


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["summary", *map(str, args)], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def valid_only(tmp_path: Path) -> Path:
    """The JSONL fixture without its one invalid line (A-008, line 8)."""
    path = tmp_path / "giltiga.jsonl"
    path.write_text("".join(A.read_text(encoding="utf-8").splitlines(keepends=True)[:7]), encoding="utf-8")
    return path


def test_all_valid_exits_0_and_writes_workbook_and_json(valid_only: Path, tmp_path: Path) -> None:
    out, figures = tmp_path / "ut" / "avvikelser.xlsx", tmp_path / "avvikelser.json"
    out.parent.mkdir()
    code, stdout, stderr = run(valid_only, "--year", "2025", "--out", out, "--json", figures, "--detail")
    assert (code, stderr) == (0, "")
    assert stdout == f"2025: 5 rapporter räknade, 0 dubbletter, 0 avvisade\nskrev {out}\nskrev {figures}\n"
    assert openpyxl.load_workbook(out).sheetnames == [
        "Översikt", "Diagram", "Rapporterande × berörd", "Verksamheter", "Åtgärder", "Avvikelser", "Underlag",
    ]  # fmt: skip
    data = json.loads(figures.read_text(encoding="utf-8"))
    assert list(data)[:10] == [
        "year", "total", "by_month", "by_reporting", "by_affected", "by_category", "by_status", "rejected",
        "conflicts", "skipped",
    ]  # fmt: skip
    assert (data["year"], data["total"], data["rejected"]) == (2025, 5, [])
    assert data["by_status"] == {"rapporterad": 1, "mottagen": 1, "analyserad": 1, "atgardad": 1, "avslutad": 1}


def test_rejected_reports_exit_1_and_are_listed_without_values(tmp_path: Path) -> None:
    out, figures = tmp_path / "avvikelser.xlsx", tmp_path / "avvikelser.json"
    code, stdout, stderr = run(A, B, C, "--year", "2025", "--out", out, "--json", figures)
    assert code == 1
    assert stdout.splitlines()[0] == "2025: 9 rapporter räknade, 2 dubbletter, 3 avvisade"
    lines = stderr.splitlines()
    assert [[line.split(": ")[2], line.rsplit(" ", 1)[1]] for line in lines] == [
        ["kategori", "[enum]"],
        ["rapportor.verksamhetstyp", "[enum]"],
        ["forslag_atgarder", "[required]"],
        ["(posten)", "[source]"],
    ]
    assert lines[0].startswith(f"avvisad: {A}:8: kategori: ")
    assert lines[3] == f"avvisad: {C}:4: (posten): Raden har fler celler än det finns rubriker. [source]"
    for secret in ("okand_kategori", "Åsa", "Tolvan", "19121212", "överflödig"):
        assert secret not in stdout + stderr
    data = json.loads(figures.read_text(encoding="utf-8"))
    assert data["total"] == 9
    assert [(r["source"], r["record"]) for r in data["rejected"]] == [(str(A), 8), (str(B), 2), (str(C), 4)]
    assert out.is_file()  # the figures of the valid reports are still written


def test_per_verksamhet_and_include_text(valid_only: Path, tmp_path: Path) -> None:
    out, folder = tmp_path / "alla.xlsx", tmp_path / "per"
    code, stdout, _ = run(valid_only, "--year", "2025", "--out", out, "--per-verksamhet", folder, "--include-text")
    assert code == 0
    # Every report of the fixture is made by one organisation (of several types): one workbook, named by it.
    assert sorted(p.name for p in folder.iterdir()) == ["avvikelser-2025-arjeplogs-skola.xlsx"]
    assert f"skrev {folder / 'avvikelser-2025-arjeplogs-skola.xlsx'}" in stdout.splitlines()
    ws = openpyxl.load_workbook(folder / "avvikelser-2025-arjeplogs-skola.xlsx")["Avvikelser"]
    assert [c.value for c in ws[1]][-2:] == ["Beskrivning", "Förslag till åtgärder"]
    assert ws.max_row == 1 + 5


def test_a_folder_is_read_like_its_files(tmp_path: Path) -> None:
    code, stdout, _ = run(FIXTURES, "--year", "2025", "--out", tmp_path / "x.xlsx")
    assert code == 1
    assert stdout.startswith("2025: 9 rapporter räknade, 2 dubbletter, 3 avvisade\n")


def test_a_missing_input_exits_2_without_traceback(tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    code, stdout, stderr = run(tmp_path / "saknas.jsonl", "--year", "2025", "--out", out)
    assert code == 2
    assert stderr == f"formkit: fel: {tmp_path / 'saknas.jsonl'}: filen finns inte\n"
    assert stdout == "" and not out.exists()


def test_an_unreadable_input_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "trasig.json"
    broken.write_text('[{"id": "A-1",', encoding="utf-8")
    code, _, stderr = run(A, broken, "--year", "2025", "--out", tmp_path / "x.xlsx")
    assert code == 2
    assert stderr.startswith(f"formkit: fel: {broken}: inte giltig JSON")
    assert "Traceback" not in stderr


def test_an_unwritable_output_exits_2(valid_only: Path, tmp_path: Path) -> None:
    out = tmp_path / "finns-inte" / "x.xlsx"
    code, _, stderr = run(valid_only, "--year", "2025", "--out", out)
    assert code == 2
    assert stderr.startswith("formkit: fel: ")
    assert "Traceback" not in stderr


def test_year_is_required(valid_only: Path, tmp_path: Path) -> None:
    code, _, stderr = run(valid_only, "--out", tmp_path / "x.xlsx")
    assert code == 2
    assert "flaggan --year saknas" in stderr


def test_an_empty_folder_exits_2(tmp_path: Path) -> None:
    empty = tmp_path / "tom"
    empty.mkdir()
    (empty / "notes.txt").write_text("inga rapporter", encoding="utf-8")
    code, _, stderr = run(empty, "--year", "2025", "--out", tmp_path / "x.xlsx")
    assert code == 2
    assert stderr.startswith(f"formkit: fel: {empty}: inga filer som formkit läser (.csv, .docx, .json, .jsonl")


def test_an_unreadable_input_folder_is_named_as_input_not_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "inkorg"
    folder.mkdir()

    def refuse(self: Path) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", refuse)
    code, stdout, stderr = run(folder, "--year", "2025", "--out", tmp_path / "x.xlsx")
    assert (code, stdout) == (2, "")
    assert stderr == f"formkit: fel: {folder}: mappen kan inte läsas (åtkomst nekad)\n"


def test_an_output_that_is_also_an_input_is_refused_before_anything_is_written(valid_only: Path, tmp_path: Path) -> None:
    before = valid_only.read_bytes()
    code, stdout, stderr = run(valid_only, "--year", "2025", "--out", tmp_path / "x.xlsx", "--json", valid_only)
    assert (code, stdout) == (2, "")
    refused = "är också en indatafil; sammanställningen skulle skriva över rapporterna den läser"
    assert stderr == f"formkit: fel: {valid_only}: {refused}\n"
    assert valid_only.read_bytes() == before and not (tmp_path / "x.xlsx").exists()
    # Also through a folder input and another spelling of the same path.
    same = tmp_path / "." / valid_only.name
    code, _, stderr = run(tmp_path, "--year", "2025", "--out", same.with_suffix(".xlsx"), "--json", same)
    assert code == 2 and "är också en indatafil" in stderr
    assert valid_only.read_bytes() == before
