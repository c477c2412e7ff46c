"""Benchmark: reading the same records from JSONL, CSV and XLSX (records/s, and each table format against JSONL).

Run: .venv/bin/python bench/bench_sources.py [--records N] [--form FORM] [--memory [--repeat N]]

The records are the form's bundled sample with varied names and personnummer
(as in bench_validate.py), written once to a .jsonl, a .csv (semicolon, as
Swedish Excel saves it) and an .xlsx with the same dot-path headers; each file
is then read whole with formkit.read_records, best of three, in this one
process on one core. Reading a table resolves each header to its field once
per file, so a table should cost about what JSON does (the target: at least
half the JSONL rate).

``--memory`` (issue 21, item 3): the peak memory of ``formkit validate FORM
FILE --format json`` end to end, a process of its own from start to exit, on the
same records as JSONL, CSV and XLSX (18,000 genomförandeplaner make a 49 MB
CSV). Each is run --repeat times; the median peak is quoted with its range, and
the target is a CSV peak within 2x the JSONL one.
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

import e2e
from bench_validate import TODAY, make_records  # the same records as the validation benchmark
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


def rate(path: Path, form_id: str, repeats: int = 5) -> tuple[e2e.Spread, list[Any]]:
    """Records per second reading *path* whole, each of *repeats* times (quote the median), and the records read."""
    form = get_form(form_id)
    rates, data = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        data = [record.data for record in read_records(path, form)]
        rates.append(len(data) / (time.perf_counter() - start))
    return e2e.Spread(tuple(rates)), data


def memory(form_id: str, count: int, repeat: int) -> None:
    """Peak memory of formkit validate on the same records from JSONL, CSV and XLSX, each a process of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_inputs(Path(tmp), make_records(form_id, count))
        peaks: dict[str, e2e.Spread] = {}
        for kind, path in paths.items():
            command = [e2e.FORMKIT, "--today", TODAY, "validate", form_id, str(path), "--format", "json"]
            e2e.run_once(command)  # warm: bytecode written, the file in the page cache
            peaks[kind] = e2e.Spread(tuple(e2e.run_checked(command)[2] for _ in range(repeat)))
            size = path.stat().st_size / 1e6
            print(f"validate {kind:5s} {size:5.1f} MB: peak {peaks[kind].shown(' MiB')}", flush=True)
    base = peaks["jsonl"].median
    for kind in ("csv", "xlsx"):
        ratio = peaks[kind].median / base
        target = "  (target at most 2x: " + ("met)" if ratio <= 2 else "NOT met)") if kind == "csv" else ""
        print(f"peak {kind} / jsonl: {ratio:.2f}x (medians of {repeat}){target}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=None, help="20,000 (18,000 with --memory: a 49 MB CSV)")
    parser.add_argument("--form", default="genomforandeplan")
    parser.add_argument("--memory", action="store_true", help="peak memory of formkit validate end to end instead")
    parser.add_argument("--repeat", type=int, default=3, help="--memory: runs of each command")
    args = parser.parse_args()
    print(e2e.machine())
    if args.memory:
        memory(args.form, args.records or 18_000, args.repeat)
        return 0
    records = make_records(args.form, args.records or 20_000)
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_inputs(Path(tmp), records)
        rates = {kind: rate(path, args.form) for kind, path in paths.items()}
    base, base_data = rates["jsonl"]
    for kind in ("csv", "xlsx"):
        if rates[kind][1] != base_data:
            print(f"{kind}: the records read differ from the JSONL ones", file=sys.stderr)
            return 1
    print(f"form {args.form}, {len(records)} records, one core (same records in each format), median and range:")
    for kind, (per_second, _) in rates.items():
        print(f"read {kind:5s}: {per_second.shown(' records/s', 0)}  ({per_second.median / base.median:.2f}x JSONL)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
