"""formkit as a library: the public names, one record filled to bytes, the same pipeline as `formkit fill`."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import formkit
from formkit.batch import fill_batch
from tests.test_readme_examples import examples

ROOT = Path(__file__).resolve().parent.parent
Sample = Callable[[str], dict[str, Any]]


def test_every_public_name_resolves_and_is_listed() -> None:
    for name in formkit.__all__:
        assert getattr(formkit, name) is not None, name
    assert {"validate", "fill", "extract", "Filler", "InvalidRecordError"} <= set(formkit.__all__)
    assert (ROOT / "formkit" / "py.typed").is_file()


def test_import_formkit_stays_cheap() -> None:
    code = "import sys, formkit; print(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())
    assert not loaded & {"jsonschema", "pypdf", "docx", "docxtpl", "reportlab", "formkit.batch", "formkit.validation"}


def test_fill_stays_the_function_whatever_was_imported_first() -> None:
    """The engine is formkit.batch: importing it never hides formkit.fill behind a module."""
    code = "import formkit.batch.run, formkit.batch.filler, formkit; print(callable(formkit.fill), callable(formkit.validate))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.split() == ["True", "True"]


def test_fill_gives_the_bytes_fill_batch_writes(tmp_path: Path, sample: Sample) -> None:
    """One pipeline: the library's fill and the batch engine's workers fill a record the same way."""
    record = sample("genomforandeplan")
    record["barn"]["personnummer"] = "1008275628"  # normalised to YYYYMMDD-NNNN by both
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(record), encoding="utf-8")
    report = fill_batch(formkit.get_form("genomforandeplan"), [source], tmp_path / "ut", to=("docx",))
    assert report.exit_code == 0
    written = (tmp_path / "ut" / report.records[0].files[0]).read_bytes()
    assert formkit.fill("genomforandeplan", record, to="docx") == written


def test_an_invalid_record_raises_with_its_problems_and_no_value(sample: Sample) -> None:
    record = sample("sip")
    record["person"]["personnummer"] = "19121212-1213"  # a bad check digit
    with pytest.raises(formkit.InvalidRecordError) as raised:
        formkit.fill("sip", record, to="pdf")
    assert [(p.path, p.rule) for p in raised.value.problems] == [("person.personnummer", "format")]
    for language in ("sv", "nb"):
        assert "1213" not in raised.value.message(language)
        assert "person.personnummer" in raised.value.message(language)
    assert isinstance(raised.value, formkit.FormkitError)


def test_draft_fills_an_incomplete_record(sample: Sample) -> None:
    record = sample("sip")
    del record["insatser"]
    assert any(p.rule == "required" for p in formkit.validate("sip", record))
    assert formkit.validate("sip", record, draft=True) == []
    assert formkit.fill("sip", record, to="docx", draft=True).startswith(b"PK")


def test_extract_takes_a_path_or_bytes(tmp_path: Path, sample: Sample) -> None:
    record = sample("samtycke")
    pdf = formkit.fill("samtycke", record, to="pdf")
    path = tmp_path / "samtycke.pdf"
    path.write_bytes(pdf)
    assert formkit.extract(pdf) == formkit.extract(path) == formkit.extract(str(path))
    assert formkit.extract(pdf).data == record


def test_a_filler_keeps_going_and_says_why(sample: Sample) -> None:
    filler = formkit.Filler("sip", ("docx", "pdf"))
    good, bad = sample("sip"), sample("sip")
    del bad["person"]
    assert filler.run(bad).status == "invalid"
    filled = filler.run(good)
    assert filled.status == "rendered" and list(filled.files) == ["docx", "pdf"]
    assert filler.fill(good)["pdf"].startswith(b"%PDF-")


def test_the_readme_examples_type_check_under_mypy_strict(tmp_path: Path) -> None:
    """A program using the public surface as the README shows passes mypy --strict (py.typed, typed exports)."""
    program = tmp_path / "readme_examples.py"
    program.write_text("\n".join(examples()), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), str(program)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
