"""Benchmark: reading the same records from JSONL, CSV and XLSX (records/s, and each table format against JSONL).

Run: .venv/bin/python bench/bench_sources.py [--records N] [--form FORM]

The records are the form's bundled sample with varied names and personnummer
(as in bench_validate.py), written once to a .jsonl, a .csv (semicolon, as
Swedish Excel saves it) and an .xlsx with the same dot-path headers; each file
is then read whole with formkit.read_records, best of three, in this one
process on one core. Reading a table resolves each header to its field once
per file, so a table should cost about what JSON does (the target: at least
half the JSONL rate).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_validate import make_records  # the same records as the validation benchmark
from openpyxl import Workbook

from formkit.model.catalog import get_form
from formkit.model.paths import flatten
from formkit.sources import read_records


def write_inputs(folder: Path, records: list[dict[str, Any]]) -> dict[str, Path]:
    rows = [flatten(record) for record in records]
    headers = list(dict.fromkeys(key for row in rows for key in row))
    jsonl = folder / "poster.jsonl"
    with jsonl.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    table = folder / "poster.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_cell(row.get(header, "")) for header in headers])
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    xlsx = folder / "poster.xlsx"
    workbook.save(xlsx)
    return {"jsonl": jsonl, "csv": table, "xlsx": xlsx}


def _cell(value: Any) -> Any:
    """A value as a spreadsheet export writes it (booleans as words)."""
    return "ja" if value is True else "nej" if value is False else value


def rate(path: Path, form_id: str, repeats: int = 3) -> tuple[float, list[Any]]:
    form = get_form(form_id)
    best, data = float("inf"), []
    for _ in range(repeats):
        start = time.perf_counter()
        data = [record.data for record in read_records(path, form)]
        best = min(best, time.perf_counter() - start)
    return len(data) / best, data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--form", default="genomforandeplan")
    args = parser.parse_args()
    records = make_records(args.form, args.records)
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_inputs(Path(tmp), records)
        rates = {kind: rate(path, args.form) for kind, path in paths.items()}
    base, base_data = rates["jsonl"]
    for kind in ("csv", "xlsx"):
        if rates[kind][1] != base_data:
            print(f"{kind}: the records read differ from the JSONL ones", file=sys.stderr)
            return 1
    print(f"form {args.form}, {len(records)} records, one core (same records in each format)")
    for kind, (per_second, _) in rates.items():
        print(f"read {kind:5s}: {per_second:10.0f} records/s  ({per_second / base:.2f}x JSONL)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
