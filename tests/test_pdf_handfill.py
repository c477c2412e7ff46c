"""Forms filled by hand: names typed into the blank PDF in PDFium (Chrome, Edge) and pdf.js (Firefox) are drawn in every viewer.

Typing uses the font the fields' /DA names (formkit/render/pdf/formfonts.py),
not formkit's appearances; formkit then turns what a person saved into its own
filled and archival copies from the values (issue 17).
"""

from __future__ import annotations

import io
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from formkit.cli import main
from formkit.model.catalog import get_form
from formkit.pdfio.check import check_pdf
from formkit.render.pdf.fill import fill_pdf
from formkit.render.pdf.formfonts import FIELD_FONT, FORM_RANGES, form_font
from tests.conftest import FORM_IDS
from tests.viewers import fill_with_pdfjs, flatten_with_qpdf, mupdf_text, pdfium_text, poppler_text, type_with_pdfium

NAMES = (
    "Şükrü Yılmaz",  # Turkish
    "Łukasz Wójcik",  # Polish
    "Nguyễn Thị Huệ",  # Vietnamese
    "Áile Ŋuolja",  # Northern Sami
    "Åsa Öberg",  # Swedish
    "Ørjan Ærø",  # Norwegian
    "Aino Mäkelä-Keräsvaara",  # Finnish, Meänkieli
    "Đuret Čiekčá Šiŋŋi",  # Sami
    "Пётр Смирнов",  # Cyrillic
    "Ελένη Παπαδοπούλου",  # Greek
)
ARABIC = "محمد عبد الله"


def _typed_fields(template: bytes) -> dict[str, str]:
    """Every name field of a blank form (and its first multi-line field), each with one of NAMES, in turn."""
    fields = PdfReader(io.BytesIO(template)).get_fields() or {}
    editable = {
        name: field
        for name, field in fields.items()
        if field.get("/FT") == "/Tx" and not name.startswith("_") and not int(field.get("/Ff", 0)) & 1
    }
    chosen = [name for name in editable if name.rsplit(".", 1)[-1] in ("namn", "navn")]
    chosen += [name for name in editable if int(editable[name].get("/Ff", 0)) & (1 << 12)][:1]
    return dict(zip(chosen, itertools.cycle(NAMES), strict=False))


def _blank(form_id: str) -> bytes:
    return get_form(form_id).template_path("pdf").read_bytes()


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_names_typed_in_pdfium_are_drawn_in_every_viewer(form_id: str, tmp_path: Path) -> None:
    blank = _blank(form_id)
    values = _typed_fields(blank)
    assert len(values) >= 3
    typed = type_with_pdfium(blank, values)
    # What the typed file shows, and what prints once its appearances are drawn into the pages.
    flat = flatten_with_qpdf(typed, tmp_path)
    for text in (poppler_text(flat, tmp_path), mupdf_text(typed, tmp_path), pdfium_text(flat)):
        missing = sorted({v for v in values.values() if v not in text})
        assert not missing, missing
    # Every glyph drawn is embedded, maps back to its letter and is not .notdef (no box, no gap).
    result = check_pdf(typed)
    assert result.standard == "PDF/UA-1" and result.conforms, [f.rule for f in result.findings]


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_names_filled_in_pdfjs_are_drawn_in_every_viewer(form_id: str, tmp_path: Path) -> None:
    blank = _blank(form_id)
    values = _typed_fields(blank)
    saved = fill_with_pdfjs(blank, dict(values), tmp_path)
    reader = PdfReader(io.BytesIO(saved))
    assert "/NeedAppearances" not in reader.trailer["/Root"]["/AcroForm"]  # pdf.js wrote every appearance itself
    flat = flatten_with_qpdf(saved, tmp_path)
    for text in (poppler_text(flat, tmp_path), mupdf_text(saved, tmp_path), pdfium_text(flat)):
        missing = sorted({v for v in values.values() if v not in text})
        assert not missing, missing
    result = check_pdf(saved)
    assert result.conforms, [f.rule for f in result.findings]


def test_arabic_typed_in_a_viewer_shows_its_letters_and_formkit_redraws_it_joined(tmp_path: Path) -> None:
    """PDFium and pdf.js draw typed Arabic letter by letter (no joining); formkit's copy from the values shapes it."""
    blank = _blank("samtycke")
    typed = type_with_pdfium(blank, {"barn.namn": ARABIC})
    letters = set(ARABIC) - {" "}
    assert letters <= set(poppler_text(flatten_with_qpdf(typed, tmp_path), tmp_path))
    assert check_pdf(typed).conforms  # no .notdef, every glyph with its letter
    source = tmp_path / "hand.pdf"
    source.write_bytes(typed)
    out = tmp_path / "ut"
    assert main(["fill", "samtycke", str(source), "--to", "pdf", "--archive", "--draft", "--out", str(out)]) == 0
    archived = (out / "samtycke-00001.arkiv.pdf").read_bytes()
    assert ARABIC in poppler_text(archived, tmp_path)
    assert check_pdf(archived).standard.startswith("PDF/A-2u")


def test_the_typing_font_holds_every_letter_of_the_samples() -> None:
    """Each letter of the names above and of the bundled samples is in the /DR font and mapped back to itself."""
    program, cmap, _ = form_font()
    mapped = set()
    for first, last, start in re.findall(r"^<([0-9A-F]{4})> <([0-9A-F]{4})> <([0-9A-F]{4})>$", cmap.decode(), re.MULTILINE):
        mapped |= set(range(int(start, 16), int(start, 16) + int(last, 16) - int(first, 16) + 1))
    assert len(mapped) == len(program_cmap(program))
    text = "".join(NAMES) + ARABIC
    for form_id in FORM_IDS:
        text += json.dumps(json.loads(get_form(form_id).sample_path().read_text(encoding="utf-8")), ensure_ascii=False)
    needed = {ord(c) for c in text if not c.isspace()}
    assert needed <= mapped, sorted(chr(c) for c in needed - mapped)
    assert all(any(first <= c <= last for first, last in FORM_RANGES) for c in mapped)
    assert len(program) < 150_000


def program_cmap(program: bytes) -> dict[int, str]:
    from fontTools.ttLib import TTFont

    return dict(TTFont(io.BytesIO(program)).getBestCmap())


def test_fields_name_the_typing_font_by_the_name_pdfium_uses_for_every_script() -> None:
    reader = PdfReader(io.BytesIO(_blank("sip")))
    acroform: Any = reader.trailer["/Root"]["/AcroForm"]
    font = acroform["/DR"]["/Font"][f"/{FIELD_FONT}"].get_object()
    assert (font["/Subtype"], font["/Encoding"], font["/BaseFont"]) == ("/Type0", "/Identity-H", "/DejaVuSans")
    assert "/FontFile2" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    for field in (reader.get_fields() or {}).values():
        if field.get("/FT") in ("/Tx", "/Ch"):
            assert str(field.get("/DA", acroform["/DA"])).startswith(f"/{FIELD_FONT} ")


def test_shipped_typing_font_is_what_fonttools_makes() -> None:
    """The /DR font of every template is shipped ready-made; it must be fontTools' cut of today.

    On a difference, remake the file as build_form_program's docstring says.
    """
    from formkit.render.pdf.formfonts import FORM_FILE, build_form_program

    assert FORM_FILE.read_bytes() == build_form_program()


def _claims(data: bytes) -> tuple[bool, bool]:
    """(claims PDF/A, claims PDF/UA) by its XMP."""
    metadata = PdfReader(io.BytesIO(data)).trailer["/Root"]["/Metadata"].get_object().get_data()
    return b"pdfaid:part" in metadata, b"pdfuaid:part" in metadata


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_only_archival_copies_claim_pdfa(form_id: str, sample: Any) -> None:
    """Blank forms and fillable copies claim PDF/UA-1 and no PDF/A, so Acrobat opens them for editing."""
    from formkit.render.pdf.archive import archive_filled_pdf

    form = get_form(form_id)
    data = sample(form_id)
    for copy in (_blank(form_id), fill_pdf(form, data), fill_pdf(form, data, flatten_form=True)):
        assert _claims(copy) == (False, True)
        result = check_pdf(copy)
        assert (result.standard, result.conforms) == ("PDF/UA-1", True), [f.rule for f in result.findings]
    archived = archive_filled_pdf(form, data)
    assert _claims(archived) == (True, True)
    assert check_pdf(archived).standard == "PDF/A-2u + PDF/UA-1"
