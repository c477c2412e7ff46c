"""Benchmark: docxtpl's documented loop vs formkit's prepared renderer, and the batch engine with --jobs 2.

Run: .venv/bin/python bench/bench_docx.py [--records N] [--skip-jobs]

1. naive docxtpl: a new DocxTemplate per record, render, save to BytesIO — the
   documented use — with the same sandboxed, autoescaping environment and the
   same prepared context formkit renders (so both produce the same content).
2. formkit: one DocxRenderer (template prepared once), ``render(record)`` per
   record, including building the display context.
Both on the genomforandeplan template and sample, in one process, a few values
varied per record. Then ``fill_records`` with jobs=1 and jobs=2 on the same
records (validation, rendering and atomic writes included).
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docxtpl import DocxTemplate

from formkit.docx_render import DocxRenderer, jinja_environment
from formkit.fill import RenderOptions, fill_records
from formkit.forms import get_form
from formkit.settings import Settings
from formkit.sources import Record
from formkit.textfmt import display_context

FORM = "genomforandeplan"


def records(count: int) -> list[dict[str, Any]]:
    """The sample with a few values varied per record (text, a date, the number of insatser)."""
    form = get_form(FORM)
    sample = json.loads(form.sample_path().read_text(encoding="utf-8"))
    found = []
    for index in range(count):
        record = copy.deepcopy(sample)
        record["behov"] = f"{sample['behov']} (nr {index})"
        record["upprattad_datum"] = f"2025-{1 + index % 9:02d}-{10 + index % 18:02d}"
        if index % 3 == 0:
            record["insatser"] = record["insatser"][:-1]
        found.append(record)
    return found


def naive(data: list[dict[str, Any]]) -> float:
    form = get_form(FORM)
    settings = Settings()
    path = form.template_path("docx")
    start = time.perf_counter()
    for record in data:
        template = DocxTemplate(path)
        template.render(display_context(form, record, settings), jinja_env=jinja_environment(), autoescape=True)
        template.save(io.BytesIO())
    return time.perf_counter() - start


def formkit_renderer(data: list[dict[str, Any]]) -> float:
    renderer = DocxRenderer(get_form(FORM), Settings())
    start = time.perf_counter()
    for record in data:
        renderer.render(record)
    return time.perf_counter() - start


def batch(data: list[dict[str, Any]], jobs: int) -> float:
    form = get_form(FORM)
    with tempfile.TemporaryDirectory() as folder:
        rows = [Record("bench", index + 1, record) for index, record in enumerate(data)]
        start = time.perf_counter()
        report = fill_records(form, rows, folder, jobs=jobs, options=RenderOptions())
        elapsed = time.perf_counter() - start
    if report.exit_code != 0:
        raise SystemExit(f"batch failed: {report.summary_line()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=300, help="records for formkit and the batch (default 300)")
    parser.add_argument("--naive-records", type=int, default=0, help="records for the naive loop (default records/6)")
    parser.add_argument("--skip-jobs", action="store_true", help="skip the --jobs 2 comparison")
    args = parser.parse_args()
    count = args.records
    naive_count = args.naive_records or max(count // 6, 10)

    data = records(count)
    formkit_renderer(data[:5])  # warm up imports and caches in both paths alike
    naive(data[:2])
    naive_rate = naive_count / naive(data[:naive_count])
    formkit_rate = count / formkit_renderer(data)
    print(f"naive docxtpl loop : {naive_rate:8.1f} docs/s ({naive_count} records)")
    print(f"formkit renderer   : {formkit_rate:8.1f} docs/s ({count} records)")
    print(f"ratio              : {formkit_rate / naive_rate:8.1f}x")
    if args.skip_jobs:
        return
    one = count / batch(data, 1)
    two = count / batch(data, 2)
    print(f"fill --jobs 1      : {one:8.1f} records/s (validate + render + atomic write)")
    print(f"fill --jobs 2      : {two:8.1f} records/s  ({two / one:.2f}x; cpus: {os.cpu_count()})")


if __name__ == "__main__":
    main()
