"""A text that continues on later pages, edited after filling (in a browser), is said by extract and validate (issue 17).

The continuation pages print the text formkit filled in; a viewer that edits
the field changes only the field, so the document then contradicts itself.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ByteStringObject, DictionaryObject, NameObject, TextStringObject

from formkit.cli.extract import extract
from formkit.model.catalog import get_form
from formkit.pdfio.info import PRINTED_KEY
from formkit.render.pdf.fill import PdfRenderer
from formkit.sources import read_records

FORM = get_form("avvikelserapport")
RECORD = json.loads(FORM.sample_path().read_text(encoding="utf-8"))
RECORD["beskrivning"] = " ".join(["Kallelsen kom fram men ingen svarade på den trots två påminnelser."] * 120)


@pytest.fixture(scope="module")
def filled() -> bytes:
    return PdfRenderer(FORM).render(RECORD)


def _edited(filled: bytes, path: Path, value: str) -> Path:
    """The filled PDF with beskrivning's value replaced, as a viewer saves a typed change (the widget keeps its keys)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(filled)))
    for page in writer.pages:
        for annot in page.get("/Annots", []):
            widget = annot.get_object()
            if widget.get("/T") == "beskrivning":
                widget[NameObject("/V")] = TextStringObject(value)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def test_the_filled_record_is_not_said_to_be_changed(filled: bytes, tmp_path: Path) -> None:
    assert len(PdfReader(io.BytesIO(filled)).pages) >= 3  # the text continues on later pages
    path = tmp_path / "avvikelse.pdf"
    path.write_bytes(filled)
    result = CliRunner().invoke(extract, [str(path)])
    assert result.exit_code == 0 and result.stderr == ""
    [record] = read_records(path, "avvikelserapport")
    assert not [p for p in record.problems if p.rule == "changed_after_fill"]


def test_an_edited_continued_text_is_named_and_its_new_value_read(filled: bytes, tmp_path: Path) -> None:
    path = _edited(filled, tmp_path / "avvikelse.pdf", "Kort ny beskrivning skriven i webbläsaren.")
    result = CliRunner().invoke(extract, [str(path)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["data"]["beskrivning"] == "Kort ny beskrivning skriven i webbläsaren."
    assert result.stderr.splitlines() == [
        f"formkit: {path}: varning: fältet beskrivning ändrades efter ifyllningen, men fortsättningssidorna visar "
        "fortfarande den gamla texten; fyll i blanketten på nytt med formkit innan den skrivs ut eller arkiveras"
    ]
    assert "webbläsaren" not in result.stderr  # the value is never echoed
    [record] = read_records(path, "avvikelserapport")
    assert [(p.path, p.severity, p.rule) for p in record.problems] == [("beskrivning", "warning", "changed_after_fill")]


def test_a_field_another_tool_added_is_never_named_as_edited(filled: bytes, tmp_path: Path) -> None:
    """The digest key on a field the form does not have (another tool's, named anything) names nothing: that field is
    said only as an unknown field, whose name is hidden when it may hold personal data."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(filled)))
    field = DictionaryObject(
        {
            NameObject("/FT"): NameObject("/Tx"),
            NameObject("/T"): TextStringObject("Tolvan 191212121212"),
            NameObject("/V"): TextStringObject("Ny text"),
            NameObject(PRINTED_KEY): ByteStringObject(bytes(12)),
        }
    )
    writer.root_object["/AcroForm"]["/Fields"].append(writer._add_object(field))
    path = tmp_path / "avvikelse.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    result = CliRunner().invoke(extract, [str(path)])
    assert result.exit_code == 0
    assert "191212121212" not in result.stderr and "ändrades efter ifyllningen" not in result.stderr
    assert "(okänt fält)" in result.stderr
    [record] = read_records(path, "avvikelserapport")
    assert [p.rule for p in record.problems] == ["unknown_field"]
