"""Benchmark: filling the genomförandeplan PDF — naive pypdf loop, PyPDFForm, formkit's renderer.

Run: ``.venv/bin/python bench/bench_pdf.py [--seconds 4] [--jobs 2]``. Each contender
fills the same template with the same sample record in this one process for
about ``--seconds`` and the rates (forms per second, one core) and the ratio to
the naive pypdf loop are printed. ``--jobs 2`` also runs formkit's renderer in
two processes at once to show the scaling.

``--e2e [--e2e-records 500] [--repeat 3]`` (issue 13, target 25x per core):
``formkit fill FORM records.jsonl --to pdf --jobs 1`` as a user runs it, from
process start to exit, against a script running the naive pypdf loop (read
the template, clone it, update the fields, write the file) over the same
JSONL records, each in a process of its own, output in /dev/shm.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import multiprocessing
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import e2e

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
    """formkit as `fill` runs it: each record's document composed from its display plan (the template is not used)."""
    renderer = PdfRenderer(get_form(FORM), settings=Settings())

    def fill() -> bytes:
        return renderer.render(data)

    return fill


def formkit_cold(template: bytes, data: dict[str, Any]) -> Callable[[], bytes]:
    """formkit with every cache between records emptied before each one: as if every record were all new text."""
    renderer = PdfRenderer(get_form(FORM), settings=Settings())

    def fill() -> bytes:
        renderer.clear_caches()
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


NAIVE = """
import io, json, logging, sys
from pathlib import Path
from pypdf import PdfReader, PdfWriter
from formkit.model.catalog import get_form
from formkit.model.paths import flatten
logging.getLogger("pypdf").setLevel(logging.CRITICAL)
form, out = get_form(sys.argv[1]), Path(sys.argv[3])
template = form.template_path("pdf").read_bytes()
with open(sys.argv[2], encoding="utf-8") as handle:
    for number, line in enumerate(handle, start=1):
        values = {key: str(value) for key, value in flatten(json.loads(line)).items()}
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(template)))
        for page in writer.pages:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
        with open(out / f"{form.id}-{number:05d}.pdf", "wb") as target:
            writer.write(target)
"""
MEMORY_FOLDER = Path("/dev/shm")  # noqa: S108 - the benchmark's own output, in a fresh folder made there


def _varied(count: int) -> list[dict[str, Any]]:
    """The sample with its free text and the child's name varied per record (every record new text)."""
    sample = _record()
    records = []
    for index in range(count):
        record = json.loads(json.dumps(sample))
        record["behov"] = f"{sample['behov']} (nr {index})"
        record["barn"]["namn"] = f"{sample['barn']['namn']} {index}"
        records.append(record)
    return records


def end_to_end(count: int, repeat: int) -> None:
    """``formkit fill --to pdf --jobs 1`` against the naive pypdf loop over the same JSONL, each its own process."""
    where = MEMORY_FOLDER if MEMORY_FOLDER.is_dir() else Path(tempfile.gettempdir())
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "records.jsonl"
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _varied(count)), encoding="utf-8")

        def run(argv: list[str], ok: tuple[int, ...] = (0,)) -> e2e.Measure:
            out = Path(tempfile.mkdtemp(dir=where))
            try:
                return e2e.measure([*argv, *(["--out", str(out)] if argv[0] == e2e.FORMKIT else [str(out)])], 1, ok=ok)
            finally:
                shutil.rmtree(out)

        fill = [e2e.FORMKIT, "fill", FORM, str(source), "--to", "pdf", "--jobs", "1", "--force"]
        run(fill)  # warm: bytecode, page cache
        ours = min((run(fill) for _ in range(repeat)), key=lambda m: m.wall)
        naive = run([e2e.PYTHON, "-c", NAIVE, FORM, str(source)])
    print(f"end to end, {count} records from JSONL, process start to exit, output in {where}:")
    print(f"  naive pypdf loop         : {naive.rate(count)}")
    print(f"  fill --to pdf --jobs 1   : {ours.rate(count)}  (best of {repeat})")
    print("  " + e2e.ratio_line("fill / naive pypdf loop (per core)", ours, naive, target=25))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="time per contender (default 4)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the scaling run (default 2; 1 skips it)")
    parser.add_argument("--e2e", action="store_true", help="only: the fill command end to end (see above)")
    parser.add_argument("--e2e-records", type=int, default=500, help="records for --e2e (default 500)")
    parser.add_argument("--repeat", type=int, default=3, help="--e2e runs of formkit fill; the best counts (default 3)")
    args = parser.parse_args()
    print(e2e.machine())
    if args.e2e:
        end_to_end(args.e2e_records, args.repeat)
        return
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
