"""Benchmark: filling the genomförandeplan PDF — naive pypdf loop, PyPDFForm, formkit's renderer.

Run: ``.venv/bin/python bench/bench_pdf.py [--seconds 4] [--jobs 2]``. Each contender
fills the same template with the same sample record in this one process for
about ``--seconds`` and the rates (forms per second, one core) and the ratio to
the naive pypdf loop are printed. ``--jobs 2`` also runs formkit's renderer in
two processes at once to show the scaling.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import multiprocessing
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from formkit.model.catalog import get_form
from formkit.model.paths import flatten
from formkit.render.pdf.fill import PdfRenderer
from formkit.settings import Settings

FORM = "genomforandeplan"


def _record() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(get_form(FORM).sample_path().read_text(encoding="utf-8"))
    return data


def _template() -> bytes:
    return get_form(FORM).template_path("pdf").read_bytes()


def naive_pypdf(template: bytes, data: dict[str, Any]) -> Callable[[], bytes]:
    """What a script does: read the template, clone it, update the fields, write."""
    from pypdf import PdfReader, PdfWriter

    values = {key: str(value) for key, value in flatten(data).items()}

    def fill() -> bytes:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(template)))
        for page in writer.pages:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    return fill


def pypdfform(template: bytes, data: dict[str, Any]) -> Callable[[], bytes]:
    from PyPDFForm import PdfWrapper

    values = {key: str(value) for key, value in flatten(data).items()}

    def fill() -> bytes:
        result: bytes = PdfWrapper(template).fill(values).read()
        return result

    return fill


def formkit_renderer(template: bytes, data: dict[str, Any]) -> Callable[[], bytes]:
    renderer = PdfRenderer(get_form(FORM), template=template, header=Settings().kommun)

    def fill() -> bytes:
        return renderer.render(data)

    return fill


def formkit_cold(template: bytes, data: dict[str, Any]) -> Callable[[], bytes]:
    """formkit with its text-measure cache emptied before each record: every record all new text."""
    renderer = PdfRenderer(get_form(FORM), template=template, header=Settings().kommun)

    def fill() -> bytes:
        renderer.font._widths.clear()
        return renderer.render(data)

    return fill


def rate(fill: Callable[[], bytes], seconds: float) -> tuple[float, bytes]:
    """Forms per second over about *seconds* (after one warm-up fill) and one filled form."""
    sample = fill()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        fill()
        count += 1
    return count / (time.perf_counter() - start), sample


def filled_fields(pdf: bytes) -> int:
    """How many of the record's fields the filled PDF really holds (read back by formkit)."""
    from formkit.sources.pdf import extract_pdf_bytes

    return len(flatten(extract_pdf_bytes(pdf)[1]))


def _worker(seconds: float) -> float:
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    return rate(formkit_renderer(_template(), _record()), seconds)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="time per contender (default 4)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the scaling run (default 2; 1 skips it)")
    args = parser.parse_args()
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # it logs field values
    template, data = _template(), _record()
    print(f"form {FORM}: template {len(template) // 1024} KB, {len(flatten(data))} filled fields")
    results: dict[str, float] = {}
    contenders: tuple[tuple[str, Callable[[bytes, dict[str, Any]], Callable[[], bytes]]], ...] = (
        ("naive pypdf loop", naive_pypdf),
        ("PyPDFForm", pypdfform),
        ("formkit", formkit_renderer),
        ("formkit, no cache", formkit_cold),
    )
    for name, factory in contenders:
        try:
            per_second, pdf = rate(factory(template, data), args.seconds)
        except Exception as exc:  # a contender that cannot fill this template is reported, not fatal
            print(f"{name:18s} failed: {exc.__class__.__name__}: {exc}")
            continue
        results[name] = per_second
        print(
            f"{name:18s} {per_second:8.1f} forms/s  ({len(pdf) // 1024} KB each, "
            f"{filled_fields(pdf)} of {len(flatten(data))} fields filled)"
        )
    base = results.get("naive pypdf loop")
    if base:
        for name, per_second in results.items():
            print(f"{name:18s} {per_second / base:6.1f}x the naive pypdf loop")
    if args.jobs > 1:
        with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
            rates = pool.map(_worker, [args.seconds] * args.jobs)
        total = sum(rates)
        print(
            f"formkit, {args.jobs} processes: {total:.1f} forms/s in all "
            f"({total / results.get('formkit', total):.2f}x one process)"
        )


if __name__ == "__main__":
    main()
