"""Filled Word forms read back: controls as Word leaves them, every command that reads input, hostile documents refused."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from formkit.cli import main
from formkit.errors import DocxError
from formkit.model.catalog import get_form
from formkit.pdfio.check import check_pdf
from formkit.sources import read_records
from formkit.sources.docx import extract_docx_full
from tests.conftest import FORM_IDS, run_cli
from tests.viewers import poppler_text
from tests.wordforms import control, document_xml, filled_word_form, package

HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"


def _extract(data: bytes) -> tuple[str, dict[str, Any]]:
    form, record = extract_docx_full(data, "formular.docx")
    return form.id, record


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_a_filled_word_form_reads_back_as_its_record(form_id: str, sample: Callable[[str], dict[str, Any]]) -> None:
    """Dates from date pickers, enum values from drop-down labels, booleans from check boxes; spare rows are no rows."""
    record = sample(form_id)
    assert _extract(filled_word_form(form_id, record)) == (form_id, record)


def test_placeholders_labels_typed_dates_and_spare_check_boxes(sample: Callable[[str], dict[str, Any]]) -> None:
    form = get_form("sip")
    model = form.model
    record = sample("sip")
    document = document_xml("sip", record)
    # A person typed the date by hand (no fullDate) and picked a type from the list (its label is shown).
    typed = control("upprattad_datum", None, model.node("upprattad_datum"), shown="12.03.2025")
    document = document.replace("</w:body>", f"<w:p>{typed}</w:p></w:body>")
    extracted = _extract(package(document.replace(
        control("upprattad_datum", record["upprattad_datum"], model.node("upprattad_datum")), ""
    ), form_id="sip"))[1]
    assert extracted["upprattad_datum"] == "2025-03-12"
    assert extracted["deltagare"] == record["deltagare"]  # the spare row (placeholders, empty box) is not a participant
    assert "motesplats" not in extracted or extracted["motesplats"] == record.get("motesplats")


def test_text_with_line_breaks_paragraphs_tabs_and_tracked_changes() -> None:
    node = get_form("genomforandeplan").model.node("behov")
    xml = control("behov", "x", node).replace(
        "<w:sdtContent><w:r><w:t xml:space=\"preserve\">x</w:t></w:r></w:sdtContent>",
        "<w:sdtContent><w:p><w:r><w:t>Rad ett</w:t><w:br/><w:t>rad två</w:t><w:tab/><w:t>tabb</w:t></w:r></w:p>"
        "<w:p><w:del><w:r><w:delText>borttaget</w:delText></w:r></w:del><w:ins><w:r><w:t>Stycke två</w:t></w:r></w:ins></w:p>"
        "</w:sdtContent>",
    )
    document = document_xml("genomforandeplan", {}, spare=False).replace("</w:body>", f"{xml}</w:body>")
    assert _extract(package(document, form_id="genomforandeplan"))[1]["behov"] == "Rad ett\nrad två tabb\nStycke två"


def test_the_form_is_told_by_its_fields_not_by_the_property(sample: Callable[[str], dict[str, Any]]) -> None:
    document = document_xml("samtycke", sample("samtycke"))
    assert _extract(package(document))[0] == "samtycke"  # no property: the tags say which form
    with pytest.raises(DocxError) as caught:
        _extract(package(document, form_id="genomforandeplan"))
    assert caught.value.msg.key == "docx.info_mismatch"
    node = get_form("samtycke").model.node("barn.namn")
    head = document_xml("samtycke", {}, spare=False).split("<w:p>")[0]
    stranger = head + f"<w:p>{control('okand.falt', 'x', node)}</w:p></w:body></w:document>"
    with pytest.raises(DocxError) as caught:
        _extract(package(stranger))  # a Word document whose controls are no form's fields
    assert caught.value.msg.key == "docx.not_formkit"


def test_two_controls_of_one_field_with_different_values_are_refused(sample: Callable[[str], dict[str, Any]]) -> None:
    node = get_form("samtycke").model.node("barn.namn")
    twin = f"<w:p>{control('barn.namn', 'Annan', node)}</w:p></w:body>"
    document = document_xml("samtycke", sample("samtycke")).replace("</w:body>", twin)
    with pytest.raises(DocxError) as caught:
        _extract(package(document, form_id="samtycke"))
    assert caught.value.msg.key == "docx.duplicate_tag"


def _hostile(kind: str, record: dict[str, Any]) -> tuple[str, bytes]:
    document = document_xml("samtycke", record)
    if kind == "docm":
        return "formular.docm", package(document, form_id="samtycke")
    if kind == "vba":
        return "formular.docx", package(document, form_id="samtycke", extra_parts={"word/vbaProject.bin": b"\0" * 64})
    if kind == "external":
        rel = f'<Relationship Id="rId9" Type="{TEMPLATE}" Target="https://example.invalid/mall.dotm" TargetMode="External"/>'
        return "formular.docx", package(document, form_id="samtycke", document_rels=rel)
    if kind == "entities":
        bomb = '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        return "formular.docx", package(document.replace("<w:document", bomb + "<w:document", 1), form_id="samtycke")
    if kind == "zipbomb":
        return "formular.docx", package(document, form_id="samtycke", extra_parts={"word/media/tom.bin": b"\0" * (40 << 20)})
    if kind == "not_zip":
        return "formular.docx", b"PK\x03\x04 this is not a zip file"
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("docm", "docx.macros"),
        ("vba", "docx.macros"),
        ("external", "docx.external"),
        ("entities", "docx.entities"),
        ("zipbomb", "docx.bomb"),
        ("not_zip", "docx.not_docx"),
    ],
)
def test_hostile_documents_are_refused_with_a_message(
    kind: str, key: str, sample: Callable[[str], dict[str, Any]], tmp_path: Path, empty_folder: Path
) -> None:
    name, data = _hostile(kind, sample("samtycke"))
    path = tmp_path / name
    path.write_bytes(data)
    result = run_cli("extract", str(path))
    assert result.exit_code == 2
    from formkit.i18n import text

    assert text("sv", key, path=name, megabytes=16).split(":")[1][:30] in result.output
    assert "Traceback" not in result.output
    validated = run_cli("validate", "samtycke", str(path))
    assert validated.exit_code == 2 and name in validated.output


def test_a_hyperlink_typed_into_a_control_is_no_reason_to_refuse(sample: Callable[[str], dict[str, Any]]) -> None:
    rel = f'<Relationship Id="rId9" Type="{HYPERLINK}" Target="mailto:anna@example.se" TargetMode="External"/>'
    data = package(document_xml("samtycke", sample("samtycke")), form_id="samtycke", document_rels=rel)
    assert _extract(data) == ("samtycke", sample("samtycke"))


def test_oversized_file_is_refused_before_opening(tmp_path: Path) -> None:
    from formkit.docxio.safety import MAX_DOCX_BYTES, read_docx_bytes

    path = tmp_path / "stor.docx"
    with open(path, "wb") as handle:
        handle.truncate(MAX_DOCX_BYTES + 1)
    with pytest.raises(DocxError) as caught:
        read_docx_bytes(path)
    assert caught.value.msg.key == "docx.too_large"


def test_extract_validate_fill_and_summary_take_word_forms(
    sample: Callable[[str], dict[str, Any]], tmp_path: Path, empty_folder: Path
) -> None:
    plan = tmp_path / "plan.docx"
    plan.write_bytes(filled_word_form("genomforandeplan", sample("genomforandeplan")))
    extracted = run_cli("extract", str(plan))
    assert extracted.exit_code == 0
    assert json.loads(extracted.output) == {"source": str(plan), "form": "genomforandeplan", "data": sample("genomforandeplan")}
    assert run_cli("validate", "genomforandeplan", str(plan)).exit_code == 0
    other = run_cli("validate", "samtycke", str(plan))
    assert other.exit_code == 1 and "Word-dokumentet är blanketten 'genomforandeplan'" in other.output
    out = tmp_path / "ut"
    assert main(["fill", "genomforandeplan", str(plan), "--to", "pdf", "--archive", "--out", str(out)]) == 0
    archived = (out / "genomforandeplan-00001.arkiv.pdf").read_bytes()
    assert check_pdf(archived).standard == "PDF/A-2u + PDF/UA-1"
    assert sample("genomforandeplan")["barn"]["namn"] in poppler_text(archived, tmp_path)
    reports = tmp_path / "rapporter"
    reports.mkdir()
    (reports / "rapport.docx").write_bytes(filled_word_form("avvikelserapport", sample("avvikelserapport")))
    year = sample("avvikelserapport")["handelsedatum"][:4]
    summary = run_cli("summary", str(reports), "--year", year, "--out", str(tmp_path / "sammanstallning.xlsx"))
    assert summary.exit_code == 0, summary.output
    assert [r.data for r in read_records(reports / "rapport.docx")] == [sample("avvikelserapport")]


def test_a_word_form_sent_back_unfilled_holds_only_its_empty_check_boxes(tmp_path: Path) -> None:
    """Every text control shows its placeholder (no value); a check box outside a list row is a no, as on paper."""
    data = package(document_xml("samtycke", {}), form_id="samtycke")
    assert _extract(data) == ("samtycke", {"barnets_samtycke": {"inhamtat": False}})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"showingPlcHdr" in archive.read("word/document.xml")


def test_a_form_saved_again_by_libreoffice_74_is_refused_with_what_to_do(
    sample: Callable[[str], dict[str, Any]], tmp_path: Path
) -> None:
    """LibreOffice 7.4 keeps the content controls but drops their tags: nothing to read, and the message says why."""
    import subprocess

    from tests.test_docx_libreoffice import _tool

    soffice = _tool("soffice", "libreoffice-writer-nogui")
    source = tmp_path / "plan.docx"
    source.write_bytes(filled_word_form("genomforandeplan", sample("genomforandeplan")))
    out = tmp_path / "ut"
    profile = (tmp_path / "profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx:MS Word 2007 XML"]
    subprocess.run([*command, "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=300)
    with pytest.raises(DocxError) as caught:
        extract_docx_full((out / "plan.docx").read_bytes(), "plan.docx")
    assert caught.value.msg.key == "docx.no_tags"


def test_the_library_extracts_word_forms_by_path_or_bytes(sample: Callable[[str], dict[str, Any]], tmp_path: Path) -> None:
    import formkit

    data = filled_word_form("kallelse", sample("kallelse"))
    path = tmp_path / "kallelse.docx"
    path.write_bytes(data)
    for source in (data, path, str(path)):
        found = formkit.extract(source)
        assert (found.form, found.data) == ("kallelse", sample("kallelse"))
