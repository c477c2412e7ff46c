"""Summaries over real shared folders (issue 10, items 7, 10 and 13): junk skipped, names masked, identity per organisation."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from formkit.cli import cli
from formkit.summary.figures import summarize
from formkit.summary.workbook import write_workbook

Sample = Callable[[str], dict[str, Any]]


def report(sample: Sample, report_id: str | None, arbetsplats: str = "Arjeplogs skola", **handling: str) -> dict[str, Any]:
    data = sample("avvikelserapport")
    data["rapportor"]["arbetsplats"] = arbetsplats
    if report_id is None:
        del data["id"]
    else:
        data["id"] = report_id
    data["handlaggning"] = {"status": "rapporterad", **handling}
    return data


def jsonl(path: Path, reports: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in reports), encoding="utf-8")
    return path


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args])


def underlag(path: Path) -> list[tuple[Any, ...]]:
    return [row for row in openpyxl.load_workbook(path)["Underlag"].iter_rows(values_only=True) if any(row)]


# ------------------------------------------------------------------ item 7: a real shared folder


def test_a_shared_folder_is_summarised_with_its_junk_skipped_and_listed(tmp_path: Path, sample: Sample) -> None:
    folder = tmp_path / "delad"
    folder.mkdir()
    jsonl(folder / "avvikelser.jsonl", [report(sample, "AVV-1"), report(sample, "AVV-2")])
    (folder / "~$avvikelser.xlsx").write_bytes(b"\x00lock owner")  # Excel's lock file of an open workbook
    (folder / "._avvikelser.jsonl").write_bytes(b"\x00\x05\x16\x07Mac OS X")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "README.txt").write_text("Lägg rapporterna här.", encoding="utf-8")
    (folder / "logga.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "report.json").write_text('{"form": "avvikelserapport", "records": []}', encoding="utf-8")
    (folder / "SHA256SUMS").write_text("", encoding="utf-8")
    last_year = summarize([folder / "avvikelser.jsonl"], 2024)
    write_workbook(last_year, folder / "avvikelser-2024.xlsx")  # formkit's own workbook, saved beside its inputs
    out, figures = tmp_path / "s.xlsx", tmp_path / "s.json"
    result = run("summary", folder, "--year", "2025", "--out", out, "--json", figures, "--detail")
    assert result.exit_code == 0, result.output
    data = json.loads(figures.read_text(encoding="utf-8"))
    assert (data["total"], data["rejected"]) == (2, [])
    skipped = {"dold fil": 1, "Office-låsfil": 1, "macOS-metadata": 1, "formkits egen utdata": 3, "annan filtyp": 2}
    assert data["skipped"] == skipped
    rows = underlag(out)
    start = rows.index(("Ej lästa filer i mapparna (slag)", "Antal", None, None, None))
    assert rows[start + 1 : start + 6] == [(kind, n, None, None, None) for kind, n in skipped.items()]


def test_a_file_named_explicitly_is_still_read_or_refused(tmp_path: Path, sample: Sample) -> None:
    lock = tmp_path / "~$avvikelser.xlsx"
    lock.write_bytes(b"\x00lock owner")
    result = run("summary", lock, "--year", "2025", "--out", tmp_path / "s.xlsx")
    assert result.exit_code == 2
    assert f"{lock}: ingen .xlsx-arbetsbok" in result.output
    hidden = jsonl(tmp_path / ".avvikelser.jsonl", [report(sample, "AVV-1")])
    assert run("summary", hidden, "--year", "2025", "--out", tmp_path / "s.xlsx").exit_code == 0


# ------------------------------------------------------------------ item 10: input names are masked like free text


def test_an_input_whose_name_holds_a_personnummer_is_named_by_position_only(tmp_path: Path, sample: Sample) -> None:
    first = jsonl(tmp_path / "avvikelser.jsonl", [report(sample, "AVV-1")])
    bad = report(sample, "AVV-2")
    del bad["kategori"]
    second = jsonl(tmp_path / "Tolvan 19121212-1212.jsonl", [report(sample, "AVV-3"), bad])
    out, figures = tmp_path / "s.xlsx", tmp_path / "s.json"
    result = run("summary", first, second, "--year", "2025", "--out", out, "--json", figures, "--detail")
    assert result.exit_code == 1
    assert "19121212-1212" not in result.output and "121212-1212" not in result.output
    assert "avvisad: indatafil 2:2: kategori" in result.output
    data = json.loads(figures.read_text(encoding="utf-8"))
    assert [r["source"] for r in data["rejected"]] == ["indatafil 2"]
    rows = underlag(out)
    assert (str(first), 1, 0, 1, None) in rows and ("indatafil 2", 2, 1, 1, None) in rows
    with zipfile.ZipFile(out) as archive:
        text = "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    assert "1212-1212" not in text and "Tolvan" not in text


# ------------------------------------------------------------------ item 13: the same report twice


def test_two_organisations_may_use_the_same_id(tmp_path: Path, sample: Sample) -> None:
    path = jsonl(tmp_path / "a.jsonl", [report(sample, "2025-17", "Arjeplogs skola"), report(sample, "2025-17", "IFO Arjeplog")])
    result = summarize([path], 2025)
    assert (result.figures.total, result.duplicates, result.conflicts) == (2, 0, [])


def test_equal_copies_count_once_and_differing_copies_are_listed_as_conflicts(tmp_path: Path, sample: Sample) -> None:
    received = {"status": "mottagen", "mottagen": "2025-03-07"}
    first = jsonl(tmp_path / "skolan.jsonl", [report(sample, "AVV-1"), report(sample, "AVV-2")])
    second = jsonl(tmp_path / "kopia.jsonl", [report(sample, "AVV-1"), report(sample, "AVV-2", **received)])
    result = summarize([first, second], 2025)
    assert (result.figures.total, result.duplicates) == (2, 2)
    assert [r.status for r in result.reports if r.id == "AVV-2"] == ["mottagen"]  # the copy furthest along counts
    assert [c.to_dict() for c in result.conflicts] == [
        {
            "id": "AVV-2",
            "copies": [{"source": str(first), "record": 2}, {"source": str(second), "record": 2}],
            "counted": {"source": str(second), "record": 2},
        }
    ]
    out = write_workbook(result, tmp_path / "s.xlsx")
    rows = underlag(out)
    assert ("AVV-2", str(first), 2, "nej", None) in rows and ("AVV-2", str(second), 2, "ja", None) in rows
    assert result.to_json()["conflicts"] == [c.to_dict() for c in result.conflicts]


def test_on_equal_handling_the_later_report_counts(tmp_path: Path, sample: Sample) -> None:
    early, late = report(sample, "AVV-1"), report(sample, "AVV-1")
    late["rapportdatum"] = "2025-03-09"
    result = summarize([jsonl(tmp_path / "a.jsonl", [late, early])], 2025)
    assert [str(r.rapportdatum) for r in result.reports] == ["2025-03-09"]
    assert len(result.conflicts) == 1
