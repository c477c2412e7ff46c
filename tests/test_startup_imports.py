"""Commands import what they use and nothing else: a command's start-up is most of what a person waits for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pypdf", "jsonschema", "openpyxl", "PIL", "docxtpl", "docx", "reportlab", "fontTools", "uharfbuzz", "lxml", "stdnum")

_PROBE = """
import json, sys
from formkit.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
print("\\n" + json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def imported_by(*argv: str, modules: bool = False) -> set[str]:
    """The top-level packages (with *modules*: the modules) a fresh process has imported after running ``formkit argv``."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode in (0, 1), done.stderr
    names = set(json.loads(done.stderr.strip().splitlines()[-1]))
    return names if modules else {name.split(".")[0] for name in names}


def test_forms_loads_no_validation_or_document_library() -> None:
    loaded = imported_by("forms")
    assert not loaded & {*HEAVY, "referencing"}


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_validating_a_valid_record_loads_no_pdf_word_or_jsonschema_library(tmp_path: Path, suffix: str) -> None:
    record = (ROOT / "samples" / "genomforandeplan.json").read_text(encoding="utf-8")
    path = tmp_path / f"plan{suffix}"
    path.write_text(record if suffix == ".json" else json.dumps(json.loads(record)) + "\n", encoding="utf-8")
    loaded = imported_by("validate", "genomforandeplan", str(path))
    assert not loaded & set(HEAVY)


def test_jsonschema_is_loaded_for_an_invalid_record_only(tmp_path: Path) -> None:
    record = json.loads((ROOT / "samples" / "genomforandeplan.json").read_text(encoding="utf-8"))
    del record["barn"]["namn"]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    assert "jsonschema" in imported_by("validate", "genomforandeplan", str(path))


def test_filling_a_pdf_loads_no_drawing_library_or_font_subsetter(tmp_path: Path) -> None:
    """Templates take their field font ready-made: fontTools' subsetter was a fifth of the start of a PDF batch."""
    sample = str(ROOT / "samples" / "genomforandeplan.json")
    loaded = imported_by("fill", "genomforandeplan", sample, "--to", "pdf", "--out", str(tmp_path), modules=True)
    # The document is composed from pieces made in this process: no drawing library, no subsetter.
    assert "formkit.render.pdf.document" in loaded
    assert not {"reportlab", "fontTools.subset"} & loaded
    # Nor the other output types' renderers (Word, calendar), pypdf, or what xml.sax.saxutils drags in.
    assert not {"formkit.render.docx.render", "formkit.render.ics", "icalendar", "pypdf", "urllib.request"} & loaded


RULES = ("structure", "metadata", "colour", "content", "fonts", "ua")
CHECKER = {"formkit.pdfio.check", *(f"formkit.pdfio.conformance.{part}" for part in RULES)}
"""The PDF/A and PDF/UA checker behind ``check-pdf``: archival copies need it, a plain fill does not."""


def test_a_plain_fill_loads_no_pdfa_checker(tmp_path: Path) -> None:
    sample = str(ROOT / "samples" / "sip.json")
    loaded = imported_by("fill", "sip", sample, "--to", "pdf,docx", "--out", str(tmp_path), modules=True)
    assert "formkit.render.pdf.fill" in loaded and "formkit.render.docx.render" in loaded
    assert not loaded & CHECKER
