"""The text a PDF shows: its content in reading order without page furniture, and everything its pages show."""

from __future__ import annotations

import io

from reportlab.pdfgen import canvas

from formkit.model.catalog import get_form
from formkit.pdfio.text import shown_text
from formkit.render.pdf.archive import PdfArchiveRenderer
from formkit.settings import Settings
from tests.test_docx_libreoffice import _squeeze, printed_values
from tests.test_pdf_fill import _sample


def test_a_tagged_copy_reads_without_its_page_furniture() -> None:
    """formkit's own archival copy marks its running footer as an artifact: the content leaves it out, every value stays."""
    form = get_form("genomforandeplan")
    read = shown_text(PdfArchiveRenderer(form, Settings()).render(_sample(form.id)))
    assert "Sida 2 av" in read.everything and "Sida 2 av" not in read.content
    content = _squeeze(read.content)
    assert [v for v in printed_values(form.id, _sample(form.id)) if _squeeze(v) not in content] == []


def test_an_untagged_pdf_reads_whole() -> None:
    """Nothing marked, no structure: the content is everything the pages show, in page order."""
    out = io.BytesIO()
    drawing = canvas.Canvas(out)
    for number in (1, 2):
        drawing.drawString(72, 800, f"Sidhuvud {number}")
        drawing.drawString(72, 700, f"Innehåll {number}")
        drawing.showPage()
    drawing.save()
    read = shown_text(out.getvalue())
    assert read.content.split() == read.everything.split() == ["Sidhuvud", "1", "Innehåll", "1", "Sidhuvud", "2", "Innehåll", "2"]
