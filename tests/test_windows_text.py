"""Text from Windows and Word: every line break a line break, tabs spaces, other controls gone, no box, long texts archived."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from formkit.cli import main
from formkit.model.catalog import get_form
from formkit.pdfio.check import check_pdf
from formkit.sources.pdf import extract_pdf_bytes
from formkit.textclean import clean_record, clean_text, xml_escape
from tests.viewers import poppler_text

BREAKS = {"CRLF": "\r\n", "CR": "\r", "VT": "\x0b", "FF": "\x0c", "NEL": "\x85", "LS": "\u2028", "PS": "\u2029"}
SCRIPTS = "Åsa Öberg Łukasz Wójcik Şükrü Yılmaz Nguyễn Thị Huệ Áile Ŋuolja Пётр Ελένη محمد عبد الله"


@pytest.mark.parametrize("kind", sorted(BREAKS))
def test_every_kind_of_line_break_is_a_newline(kind: str) -> None:
    assert clean_text(f"första{BREAKS[kind]}andra") == "första\nandra"


def test_tabs_are_spaces_and_other_controls_go() -> None:
    assert clean_text("a\tb\x00c\x07d\x1be\x7ff\x9fg\ud800h\ufffei") == "a bcdefghi"
    text = "Åsa Öberg\nrad två"
    assert clean_text(text) is text  # nothing to clean: the same object, no copy
    record = {"a": [text, {"b": "ok"}], "c": 1}
    assert clean_record(record) is record
    assert clean_record({"a": ["x\r\ny"], "c": 1}) == {"a": ["x\ny"], "c": 1}


def _windows_record(sample: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    record = sample("genomforandeplan")
    record["behov"] = "\t".join(f"{kind}:{char}rad" for kind, char in BREAKS.items()) + "\x07slut " + SCRIPTS
    record["barn"]["namn"] = "Åsa\tÖberg\x0c"
    record["fungerar_bra"] = ("Lång text från Word, Şükrü Yılmaz och Nguyễn Thị Huệ.\r\n" * 400)[:20_000]
    return record


def test_fill_prints_windows_text_without_boxes_and_archives_a_long_text(
    sample: Callable[[str], dict[str, Any]], tmp_path: Path, empty_folder: Path
) -> None:
    """PDF, archival PDF and Word from one record with CRLF, CR, VT, FF, NEL, LS, PS, tabs and a 20,000-character text."""
    import json

    source = tmp_path / "plan.json"
    source.write_text(json.dumps(_windows_record(sample), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "ut"
    # (Word's archival copy is LibreOffice's layout, which can lose a table row of so long a record: not this test's concern.)
    assert main(["fill", "genomforandeplan", str(source), "--to", "pdf", "--archive", "--out", str(out)]) == 0
    word = tmp_path / "word"
    assert main(["fill", "genomforandeplan", str(source), "--to", "docx", "--out", str(word)]) == 0
    for name in ("genomforandeplan-00001.pdf", "genomforandeplan-00001.arkiv.pdf"):
        data = (out / name).read_bytes()
        # check-pdf scans every glyph drawn: each is in the embedded font, not .notdef, and maps back to its letter.
        result = check_pdf(data)
        assert result.conforms, [f.to_dict() for f in result.findings]
        text = poppler_text(data, tmp_path)
        assert "Åsa Öberg" in text
        for kind in BREAKS:  # each break ends its line (in the box or on the continuation page)
            assert f"{kind}:\n" in text, kind
    assert check_pdf((out / "genomforandeplan-00001.arkiv.pdf").read_bytes()).standard == "PDF/A-2u + PDF/UA-1"
    with zipfile.ZipFile(word / "genomforandeplan-00001.docx") as package:
        xml = package.read("word/document.xml").decode()
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", xml)
    assert '<w:t xml:space="preserve">CRLF:</w:t><w:br/><w:t xml:space="preserve">rad CR:</w:t><w:br/>' in xml
    extracted = extract_pdf_bytes((out / "genomforandeplan-00001.pdf").read_bytes())[1]
    assert extracted["barn"]["namn"] == "Åsa Öberg"  # validation trims a text, so the filled field holds it trimmed
    assert extracted["fungerar_bra"] == clean_text(_windows_record(sample)["fungerar_bra"])


def test_values_read_back_from_a_pdf_filled_elsewhere_are_cleaned(sample: Callable[[str], dict[str, Any]]) -> None:
    """A viewer or script that stored CRLF, tabs or Word's breaks in a field: extract gives newlines and spaces."""
    from formkit.render.pdf.fill import fill_pdf

    form = get_form("genomforandeplan")
    writer = PdfWriter(clone_from=io.BytesIO(fill_pdf(form, sample("genomforandeplan"))))
    for page in writer.pages:
        for annot in page.get("/Annots") or []:
            widget = annot.get_object()
            if widget.get("/T") == "behov":
                widget[NameObject("/V")] = TextStringObject("ett\r\ntvå\tsida\x0ctre\u2028fyra\x01")
    out = io.BytesIO()
    writer.write(out)
    assert PdfReader(io.BytesIO(out.getvalue())).get_fields()["behov"]["/V"].startswith("ett\r\n")  # type: ignore[index]
    assert extract_pdf_bytes(out.getvalue())[1]["behov"] == "ett\ntvå sida\ntre\nfyra"


@given(st.text())
def test_xml_escape_writes_what_saxutils_escape_writes(value: str) -> None:
    """Word's parts and the PDF metadata escape their text as xml.sax.saxutils did (formkit no longer imports it)."""
    from xml.sax.saxutils import escape

    assert xml_escape(value) == escape(value)
