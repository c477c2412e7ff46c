"""Inputs read as written (issue 19, items 1, 2 and 4): the encodings Excel, Notepad and PowerShell write, Nordic times."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from formkit.errors import SourceError
from formkit.sources import read_records

Sample = Callable[[str], dict[str, Any]]

FIRST = ["Åsa", "Björn", "Elif", "Märta", "Göran", "Håkan", "Örjan", "Tolvan", "Ängla", "Sören", "Jöns", "Åke", "Lars", "Siv"]
LAST = ["Öberg", "Ängström", "Pålsson", "Söderström", "Åberg", "Berg", "Lindqvist", "Nordström", "Hägg", "Kärnström"]
WORDS = ["Stöd", "i", "förskolan", "Möte", "på", "BUP", "hemmet", "läsa", "skriva", "behöver", "trygghet", "åtgärd", "kväll"]


def tables(count: int, seed: int = 1) -> list[list[tuple[str, str]]]:
    """Short tables of the kind a case worker saves from Excel: a few names and purposes with å, ä and ö."""
    rng = random.Random(seed)  # noqa: S311 - fictitious data, reproducible
    return [
        [
            (f"{rng.choice(FIRST)} {rng.choice(LAST)}", " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5))))
            for _ in range(rng.randint(1, 3))
        ]
        for _ in range(count)
    ]


def csv_text(rows: list[tuple[str, str]]) -> str:
    return "barn.namn;syfte\r\n" + "".join(f"{name};{purpose}\r\n" for name, purpose in rows)


def records_of(rows: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"barn": {"namn": name}, "syfte": purpose} for name, purpose in rows]


def read(path: Path) -> list[Any]:
    return [record.data for record in read_records(path, "samtycke")]


# ------------------------------------------------------------------ item 1: Windows-1252 is read as written or refused


def test_windows_1252_tables_are_read_exactly_as_written(tmp_path: Path) -> None:
    """charset-normalizer read about a quarter of these as Mac Roman or code page 850 (å as Â, ö as ˆ)."""
    path = tmp_path / "samtycken.csv"
    for rows in tables(300):
        path.write_bytes(csv_text(rows).encode("cp1252"))
        assert read(path) == records_of(rows)


@pytest.mark.parametrize("encoding", ["mac_roman", "cp850"])
def test_other_code_pages_are_never_read_as_something_else(tmp_path: Path, encoding: str) -> None:
    """ "CSV (Macintosh)" and "CSV (MS-DOS)": refused with how to save the file, never garbled into a valid record."""
    path = tmp_path / "samtycken.csv"
    for rows in tables(150, seed=2):
        data = csv_text(rows).encode(encoding)
        if data.isascii():
            continue
        path.write_bytes(data)
        with pytest.raises(SourceError) as caught:
            read(path)
        assert "Spara som > CSV UTF-8" in str(caught.value)


def test_two_plausible_readings_are_refused_not_guessed(tmp_path: Path) -> None:
    """ "söder" in Mac Roman is "sšder" in Windows-1252: both read as text, so the file is refused."""
    path = tmp_path / "tabell.csv"
    path.write_bytes("barn.namn;syfte\r\nTolvan;söder\r\n".encode("mac_roman"))
    with pytest.raises(SourceError) as caught:
        read(path)
    message = str(caught.value)
    assert "kan inte avgöras säkert" in message and "Spara som > CSV UTF-8" in message
    assert "söder" not in message and "Tolvan" not in message


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom"])
def test_utf8_and_utf16_tables_are_read(tmp_path: Path, encoding: str) -> None:
    rows = [("Şükrü Yılmaz", "Stöd – hemmet"), ("Nguyễn Thị Huệ", "Möte på BUP")]
    text = csv_text(rows)
    data = {
        "utf-16-le-bom": b"\xff\xfe" + text.encode("utf-16-le"),
        "utf-16-be-bom": b"\xfe\xff" + text.encode("utf-16-be"),
    }.get(encoding) or text.encode(encoding)
    path = tmp_path / "samtycken.csv"
    path.write_bytes(data)
    assert read(path) == records_of(rows)


def test_utf16_without_its_byte_order_mark_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "samtycken.csv"
    path.write_bytes(csv_text([("Åsa Öberg", "Stöd")]).encode("utf-16-le"))
    with pytest.raises(SourceError, match="Spara som > CSV UTF-8"):
        read(path)


def test_a_long_windows_1252_table_is_decided_over_the_whole_file(tmp_path: Path) -> None:
    """The decision reads the file in chunks; a line from code page 850 deep in a long file still refuses it."""
    rows = [(f"Barn {n}", "stöd i förskolan") for n in range(40_000)]
    path = tmp_path / "lang.csv"
    path.write_bytes(csv_text(rows).encode("cp1252"))
    assert len(read(path)) == 40_000
    path.write_bytes(csv_text(rows).encode("cp1252") + "Sista;Söder\r\n".encode("cp850"))
    with pytest.raises(SourceError):
        read(path)


# ------------------------------------------------------------------ CSV read row by row


def test_a_row_the_csv_module_cannot_parse_is_that_rows_error(tmp_path: Path) -> None:
    path = tmp_path / "samtycken.csv"
    path.write_text('barn.namn;syfte\r\nÅsa;Stöd\r\n"Björn"x;Möte\r\nSiv;Läsa\r\n', encoding="utf-8")
    records = list(read_records(path, "samtycke"))
    assert [(r.record, r.data) for r in records] == [
        (2, {"barn": {"namn": "Åsa"}, "syfte": "Stöd"}),
        (3, None),
        (4, {"barn": {"namn": "Siv"}, "syfte": "Läsa"}),
    ]
    (problem,) = records[1].problems
    assert problem.message.startswith("Raden kan inte läsas som CSV") and "Björn" not in problem.message


def test_a_header_row_the_csv_module_cannot_parse_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "samtycken.csv"
    path.write_text('"barn.namn"x;syfte\r\nÅsa;Stöd\r\n', encoding="utf-8")
    with pytest.raises(SourceError, match="ingen läsbar CSV-tabell"):
        read(path)


# ------------------------------------------------------------------ item 2: UTF-16 JSON, as PowerShell writes it


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_utf16_json_from_powershell_is_read(tmp_path: Path, sample: Sample, suffix: str) -> None:
    record = sample("sip")
    record["person"]["namn"] = "Şükrü Yılmaz"
    path = tmp_path / f"planer{suffix}"
    text = json.dumps(record, ensure_ascii=False, indent=None if suffix == ".jsonl" else 2)
    path.write_bytes(b"\xff\xfe" + (text + "\r\n" + (text + "\r\n" if suffix == ".jsonl" else "")).encode("utf-16-le"))
    found = list(read_records(path, "sip"))
    assert [r.data for r in found] == [record] * (2 if suffix == ".jsonl" else 1)
    assert not any(r.problems for r in found)


def test_utf16_jsonl_numbers_its_lines(tmp_path: Path, sample: Sample) -> None:
    line = json.dumps(sample("sip"), ensure_ascii=False)
    path = tmp_path / "planer.jsonl"
    path.write_bytes((line + "\n\n{not json}\n" + line + "\n").encode("utf-16"))
    assert [(r.record, bool(r.problems)) for r in read_records(path, "sip")] == [(1, False), (3, True), (4, False)]


# ------------------------------------------------------------------ item 4: times as Nordic people write them


def test_a_table_with_nordic_times_reads_them_as_hh_mm(tmp_path: Path) -> None:
    path = tmp_path / "kallelser.csv"
    path.write_text("mote.datum;mote.fran;mote.till\r\n11.02.2025;kl. 13.00;15.00\r\n", encoding="utf-8")
    [record] = read_records(path, "kallelse")
    assert record.data == {"mote": {"datum": "2025-02-11", "fran": "13:00", "till": "15:00"}}
