"""Benchmark (issue 21): genomförandeplan PDFs of many shapes, against the fill loops a user would write instead.

Real batches are not uniform: records differ in how many insatser, delaktiga,
guardians, mål and delmål they have. This writes two JSONL files of
``--records`` records each (default 500): *varied* (1–6 insatser, 1–8
delaktiga, 1–3 vårdnadshavare, 1–4 mål with 1–3 delmål each, seeded) and
*uniform* (the sample's shape), every record with its own name and text, and
prints the commands that fill them, one process per command, output in a
memory folder:

    formkit fill genomforandeplan varied.jsonl --to pdf --jobs 1 --out DIR --force
    python bench/bench_pdf_shapes.py --loop pikepdf  varied.jsonl DIR   # pikepdf: fill the blank form's fields
    python bench/bench_pdf_shapes.py --loop pypdf    varied.jsonl DIR   # naive pypdf loop
    python bench/bench_pdf_shapes.py --loop pypdfform varied.jsonl DIR  # PyPDFForm, use_full_widget_name=True
    python bench/bench_pdf_shapes.py --loop pdftk    varied.jsonl DIR   # pdftk-java fill_form, one call per record

Time them with any whole-process timer, in alternating pairs (``hyperfine``
does; so does ``/usr/bin/time -v`` run by hand), and quote medians. The loops
fill the shipped blank form (its spare rows); a record with more items than
the form has rows loses the rest, which ``--visible DIR varied.jsonl`` counts:
for the first 20 records, how many of their values the printed page shows
(poppler's ``pdftotext``, which draws each field's appearance), and how many
of the non-Latin-1 names.

Run ``python bench/bench_pdf_shapes.py --write FOLDER`` to write the two JSONL files.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from formkit.model.catalog import get_form
from formkit.model.paths import flatten

FORM = "genomforandeplan"
NAMES = [
    "Şükrü Yılmaz",
    "Łukasz Wójcik",
    "Nguyễn Thị Huệ",
    "Áile Ŋuolja",
    "Кузнецова Анна",
    "محمد عبد الله",
    "Åsa Öberg",
    "Eero Niemi",
]


def _sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(get_form(FORM).sample_path().read_text(encoding="utf-8"))
    return data


def _copy(value: Any) -> Any:
    return json.loads(json.dumps(value))


def varied(count: int, seed: int = 21) -> list[dict[str, Any]]:
    """Records whose list lengths vary as a year's plans do (seeded: the same file every run)."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    sample = _sample()
    records = []
    for index in range(count):
        record = _copy(sample)
        record["barn"]["namn"] = f"{rng.choice(NAMES)} {index}"
        record["behov"] = f"{sample['behov']} (plan {index})"
        record["insatser"] = [_copy(sample["insatser"][i % len(sample["insatser"])]) for i in range(rng.randint(1, 6))]
        for number, insats in enumerate(record["insatser"]):
            insats["insats"] = f"{insats['insats']} ({number + 1})"
        record["delaktiga"] = [_copy(sample["delaktiga"][i % len(sample["delaktiga"])]) for i in range(rng.randint(1, 8))]
        for aktor in record["delaktiga"]:
            aktor["namn"] = rng.choice(NAMES)
        record["vardnadshavare"] = [_copy(sample["vardnadshavare"][i % 2]) for i in range(rng.randint(1, 3))]
        record["mal"] = [
            {"mal": f"Mål {m + 1} för plan {index}", "delmal": [f"Delmål {m + 1}.{d + 1}" for d in range(rng.randint(1, 3))]}
            for m in range(rng.randint(1, 4))
        ]
        records.append(record)
    return records


def uniform(count: int) -> list[dict[str, Any]]:
    """Records of the sample's shape, each with its own name and free text."""
    sample = _sample()
    records = []
    for index in range(count):
        record = _copy(sample)
        record["barn"]["namn"] = f"{NAMES[index % len(NAMES)]} {index}"
        record["behov"] = f"{sample['behov']} (plan {index})"
        records.append(record)
    return records


def write(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, records in (("varied", varied(count)), ("uniform", uniform(count))):
        path = folder / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        print(path)


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def loop(kind: str, source: Path, out: Path) -> None:
    """Fill the shipped blank form once per record, as a script of that library would."""
    template_path = get_form(FORM).template_path("pdf")
    template = template_path.read_bytes()
    for number, record in enumerate(_records(source), start=1):
        values = {key: str(value) for key, value in flatten(record).items()}
        target = out / f"{FORM}-{number:05d}.pdf"
        if kind == "pikepdf":
            import pikepdf
            from pikepdf.form import Form

            with pikepdf.open(io.BytesIO(template)) as pdf:
                form = Form(pdf)
                for name, value in values.items():
                    if name in form:
                        field = form[name]
                        if field.is_checkbox:
                            field.checked = value == "True"
                        elif field.is_text or field.is_choice:
                            field.value = value
                pdf.save(target)
        elif kind == "pypdf":
            from pypdf import PdfReader, PdfWriter

            writer = PdfWriter(clone_from=PdfReader(io.BytesIO(template)))
            for page in writer.pages:
                writer.update_page_form_field_values(page, values, auto_regenerate=False)
            with open(target, "wb") as handle:
                writer.write(handle)
        elif kind == "pypdfform":
            from PyPDFForm import PdfWrapper

            filled = PdfWrapper(template, use_full_widget_name=True).fill(values)
            target.write_bytes(filled.read())
        elif kind == "pdftk":
            fdf = tempfile.NamedTemporaryFile("wb", suffix=".xfdf", delete=False)  # noqa: SIM115 - closed below
            with fdf:
                fdf.write(_xfdf(values))
            subprocess.run(["pdftk", str(template_path), "fill_form", fdf.name, "output", str(target)], check=True)
            Path(fdf.name).unlink()
        else:
            raise SystemExit(f"unknown loop {kind}")


def _xfdf(values: dict[str, str]) -> bytes:
    from xml.sax.saxutils import escape

    fields = "".join(f'<field name="{escape(k)}"><value>{escape(v)}</value></field>' for k, v in values.items())
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><xfdf xmlns="http://ns.adobe.com/xfdf/"><fields>{fields}</fields></xfdf>'.encode()
    )


def visible(out: Path, source: Path, sample: int = 20) -> tuple[int, int, int, int]:
    """(values shown, values, non-Latin-1 names shown, non-Latin-1 names) over the first *sample* records."""
    shown = total = names_shown = names = 0
    for number, record in enumerate(_records(source)[:sample], start=1):
        pdf = out / f"{FORM}-{number:05d}.pdf"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        page = " ".join(text.split())
        for path, value in flatten(record).items():
            if not isinstance(value, str) or path == "kommun":
                continue
            words = " ".join(value.split())
            wide = any(ord(c) > 255 for c in words)
            found = words[:40] in page
            total += 1
            shown += found
            if wide and path.endswith("namn"):
                names += 1
                names_shown += found
    return shown, total, names_shown, names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="write varied.jsonl and uniform.jsonl into this folder")
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--loop", choices=["pikepdf", "pypdf", "pypdfform", "pdftk"])
    parser.add_argument("--visible", type=Path, help="count the values a filled folder shows")
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args()
    if args.write:
        write(args.write, args.records)
    elif args.loop:
        source, out = args.paths
        loop(args.loop, source, out)
    elif args.visible:
        shown, total, names_shown, names = visible(args.visible, args.paths[0])
        print(f"{shown}/{total} values shown, {names_shown}/{names} non-Latin-1 names")
    else:
        parser.print_help()


if __name__ == "__main__":
    main()
