"""PDFs (issue 10, items 14, 15, 16): the form told by its fields, active content, library messages kept off stderr."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from formkit.cli import cli
from formkit.model.catalog import get_form
from formkit.pdfio.active import active_content
from formkit.render.pdf.fill import PdfRenderer
from formkit.render.pdf.template import build_pdf_template
from formkit.sources import read_records

Sample = Callable[[str], dict[str, Any]]


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args])


def filled(sample: Sample, form_id: str) -> bytes:
    return PdfRenderer(get_form(form_id)).render(sample(form_id))


def rewritten(data: bytes, change: Callable[[PdfWriter], None]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ------------------------------------------------------------------ item 14: the form is told by its fields


def test_info_naming_another_form_than_the_fields_is_refused(tmp_path: Path, sample: Sample) -> None:
    lying = rewritten(filled(sample, "avvikelserapport"), lambda w: w.add_metadata({"/FormkitForm": "samtycke"}))
    path = tmp_path / "inkommen.pdf"
    path.write_bytes(lying)
    result = run("extract", path)
    assert result.exit_code == 2  # an input that cannot be read as asked, as in validate
    assert result.stdout == ""
    assert (
        "inkommen.pdf: dokumentinformationen säger blanketten 'samtycke', men fälten är blanketten 'avvikelserapport'"
        in result.output
    )
    assert run("validate", "samtycke", path).exit_code == 2


def test_every_extract_line_names_its_source(tmp_path: Path, sample: Sample) -> None:
    good, bad = tmp_path / "a.pdf", tmp_path / "b.pdf"
    good.write_bytes(filled(sample, "sip"))
    bad.write_bytes(b"%PDF-1.7\nnot really")
    result = run("extract", good, bad)
    assert result.exit_code == 2
    (line,) = [json.loads(text) for text in result.stdout.splitlines()]
    assert list(line) == ["source", "form", "data"]
    assert (line["source"], line["form"]) == (str(good), "sip")


def test_a_pdf_without_info_is_told_by_its_fields(sample: Sample) -> None:
    from formkit.sources.pdf import extract_pdf_bytes

    def strip_info(writer: PdfWriter) -> None:
        writer._info = None  # type: ignore[assignment]

    found, data = extract_pdf_bytes(rewritten(filled(sample, "avvikelserapport"), strip_info))
    assert found == "avvikelserapport"
    assert data["kategori"] == sample("avvikelserapport")["kategori"]


# ------------------------------------------------------------------ item 15: active content


def _with_javascript(writer: PdfWriter) -> None:
    """A document-level script (the catalog's /Names /JavaScript tree), run by a viewer on opening."""
    script = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("this.getField('nulage').value='x';")}
    )
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("init"), writer._add_object(script)])})
    writer.root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): writer._add_object(tree)})


def _with_open_action(writer: PdfWriter) -> None:
    action = DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")})
    writer.root_object[NameObject("/OpenAction")] = writer._add_object(action)


def _with_field_action(writer: PdfWriter) -> None:
    for field in writer.root_object["/AcroForm"]["/Fields"][:1]:
        script = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
        )
        field.get_object()[NameObject("/AA")] = DictionaryObject({NameObject("/K"): script})


def _with_attachment(writer: PdfWriter) -> None:
    writer.add_attachment("makro.exe", b"MZ")


ACTIVE = {
    "javascript": (_with_javascript, "/JavaScript"),
    "open-action": (_with_open_action, "/OpenAction"),
    "field-action": (_with_field_action, "/AA"),
    "attachment": (_with_attachment, "/EmbeddedFiles"),
}


@pytest.mark.parametrize("kind", sorted(ACTIVE))
def test_templates_check_reports_active_content_and_fill_refuses_the_template(tmp_path: Path, sample: Sample, kind: str) -> None:
    change, name = ACTIVE[kind]
    template = tmp_path / "mall.pdf"
    template.write_bytes(rewritten(build_pdf_template(get_form("sip")), change))
    checked = run("templates", "check", "sip", "--template", template)
    assert checked.exit_code == 1
    assert "mall.pdf: PDF-mallen har aktivt innehåll (" in checked.output and name in checked.output
    source = tmp_path / "sip.json"
    source.write_text(json.dumps(sample("sip")), encoding="utf-8")
    out = tmp_path / "ut"
    refused = run("fill", "sip", source, "--out", out, "--to", "pdf", "--template", template)
    assert refused.exit_code == 2
    assert "mall.pdf: PDF-mallen har aktivt innehåll" in refused.output
    assert not out.exists()


def test_shipped_templates_and_filled_forms_have_no_active_content(sample: Sample) -> None:
    for form_id in ("samtycke", "sip", "sel-referat"):
        assert active_content(PdfReader(io.BytesIO(build_pdf_template(get_form(form_id))))) == []
        assert active_content(PdfReader(io.BytesIO(filled(sample, form_id)))) == []


def test_a_submitted_pdf_with_active_content_is_read_and_said_to_have_some(tmp_path: Path, sample: Sample) -> None:
    path = tmp_path / "inkommen.pdf"
    path.write_bytes(rewritten(filled(sample, "sip"), _with_javascript))
    extracted = run("extract", path)
    assert extracted.exit_code == 0
    assert json.loads(extracted.stdout)["data"] == sample("sip")
    assert "formkit: " + f"{path}: har aktivt innehåll (/JavaScript); värdena lästes, inget kördes" in extracted.output
    (record,) = read_records(path, "sip")
    assert [(p.severity, p.rule) for p in record.problems] == [("warning", "active_content")]
    validated = run("validate", "sip", path, "--strict")
    assert validated.exit_code == 1  # a warning: valid, but not under --strict
    assert "PDF-filen har aktivt innehåll (/JavaScript); värdena lästes, inget kördes [active_content]" in validated.output


# ------------------------------------------------------------------ item 16: no library's message reaches stderr


def _formkit(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "formkit", *map(str, args)], capture_output=True, text=True, check=False, cwd=cwd,
        env={**os.environ, "PYTHONWARNINGS": ""},
    )  # fmt: skip


# A reader wired in by an integration (formkit.sources.register_reader) whose library warns in English, quoting
# what it read, as openpyxl did on Excel features it does not keep: formkit's own readers no longer warn.
NOISY_READER = """
import sys, warnings
from formkit.cli import main
from formkit.sources import register_reader
from formkit.sources.xlsx import read_xlsx

def noisy(path, form):
    warnings.warn("Data Validation extension is not supported and will be removed", UserWarning)
    yield from read_xlsx(path, form)

register_reader(".xlsx", noisy)
sys.exit(main(sys.argv[1:]))
"""


def test_a_library_warning_never_reaches_stderr(tmp_path: Path) -> None:
    path = tmp_path / "rapporter.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["id", "handelsedatum"])
    workbook.active.append(["AVV-1", "2025-01-01"])
    workbook.save(path)

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", NOISY_READER, *map(str, args)], capture_output=True, text=True, check=False,
            cwd=tmp_path, env={**os.environ, "PYTHONWARNINGS": ""},
        )  # fmt: skip

    done = run("validate", "avvikelserapport", path)
    assert done.returncode == 1
    assert done.stderr == ""
    debug = run("--debug", "validate", "avvikelserapport", path)
    assert "formkit: DEBUG: py.warnings: WARNING (text withheld: it may quote a value)" in debug.stderr
    assert "Data Validation" not in debug.stderr


def test_a_stray_logger_goes_through_the_policy_too(tmp_path: Path) -> None:
    code = (
        "import logging, warnings\n"
        "from formkit.log import apply_policy\n"
        "apply_policy()\n"
        "logging.getLogger('pypdf._reader').warning('Multiple definitions in dictionary for key /FkU: 19121212-1212')\n"
        "logging.getLogger('some.other.library').error('could not parse 19121212-1212')\n"
        "warnings.warn('19121212-1212')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
