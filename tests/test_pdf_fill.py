"""Filling PDFs: every name visible in formkit's own appearances (poppler and pdfium), checkboxes, flatten."""

from __future__ import annotations

import io
import json
import re
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from formkit.model.catalog import get_form
from formkit.render.base import RenderOptions, renderer_factory
from formkit.render.pdf.fill import PdfRenderer, fill_pdf
from formkit.render.pdf.template import build_pdf_template
from formkit.settings import Settings
from formkit.sources.pdf import extract_pdf_bytes
from tests.conftest import assert_golden

NAMES = {
    "nordic": "Åsa Öberg Ærø Søndergård",
    "polish": "Łukasz Wójcik Śląsk Żaneta Ćwik",
    "turkish": "Şükrü Yılmaz İlknur Ağaoğlu",
    "vietnamese": "Nguyễn Thị Hằng",
    "cyrillic": "Пётр Иванович Смирнов",
    "arabic": "محمد عبد الله",
}
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _sample(form_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(get_form(form_id).sample_path().read_text(encoding="utf-8"))
    return data


def _plan_with_names() -> dict[str, Any]:
    data = _sample("genomforandeplan")
    data["barn"]["namn"] = NAMES["vietnamese"]
    data["barn"]["adress"] = NAMES["nordic"]
    data["vardnadshavare"][0]["namn"] = NAMES["arabic"]
    data["vardnadshavare"][1]["namn"] = NAMES["cyrillic"]
    data["ansvarig_handlaggare"]["namn"] = NAMES["polish"]
    data["ansvarig_handlaggare"]["roll"] = NAMES["turkish"]
    return data


def _pdftotext(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "in.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True).stdout
    return _BIDI_CONTROLS.sub("", text.decode("utf-8"))


def _pdftoppm(data: bytes, tmp_path: Path, name: str) -> bytes:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "50", "-gray", "-f", "1", "-l", "1", str(path), str(tmp_path / name)], check=True)
    return next(tmp_path.glob(f"{name}-*.pgm")).read_bytes()


def _pdfium_page(data: bytes, forms: bool) -> bytes:
    pdf = pdfium.PdfDocument(data)
    if forms:
        pdf.init_forms()
    page = pdf[0]
    image = page.render(scale=50 / 72, may_draw_forms=forms, grayscale=True).to_pil()
    raw = image.tobytes()
    page.close()
    pdf.close()
    return raw


def _differing(a: bytes, b: bytes) -> int:
    return sum(1 for x, y in zip(a, b, strict=True) if abs(x - y) > 40)


@pytest.fixture(scope="module")
def plan_pdfs() -> tuple[bytes, bytes, bytes]:
    """(empty template, filled, filled and flattened) of a genomförandeplan full of names."""
    form = get_form("genomforandeplan")
    data = _plan_with_names()
    return build_pdf_template(form), fill_pdf(form, data), fill_pdf(form, data, flatten_form=True)


def test_flattened_text_has_every_script(plan_pdfs: tuple[bytes, bytes, bytes], tmp_path: Path) -> None:
    text = _pdftotext(plan_pdfs[2], tmp_path)
    for name in NAMES.values():
        assert name in text


def test_pdfium_reads_every_script_from_the_flattened_page(plan_pdfs: tuple[bytes, bytes, bytes]) -> None:
    pdf = pdfium.PdfDocument(plan_pdfs[2])
    page = pdf[0]
    textpage = page.get_textpage()
    text = _BIDI_CONTROLS.sub("", textpage.get_text_range())
    textpage.close()
    page.close()
    pdf.close()
    for key in ("nordic", "polish", "turkish", "vietnamese", "cyrillic"):
        assert NAMES[key] in text
    # pdfium gives Arabic in visual order; the letters must all be there, none lost to '?'.
    assert set(NAMES["arabic"].replace(" ", "")) <= set(text)
    assert "?" not in text


def test_poppler_draws_the_field_appearances(plan_pdfs: tuple[bytes, bytes, bytes], tmp_path: Path) -> None:
    """The editable copy looks like the flattened one: poppler used formkit's appearances, not its own."""
    empty, filled, flat = (_pdftoppm(pdf, tmp_path, name) for pdf, name in zip(plan_pdfs, ("e", "f", "x"), strict=True))
    assert _differing(empty, filled) > 500
    assert _differing(filled, flat) < 20


def test_pdfium_draws_the_field_appearances(plan_pdfs: tuple[bytes, bytes, bytes]) -> None:
    empty = _pdfium_page(plan_pdfs[0], forms=True)
    filled = _pdfium_page(plan_pdfs[1], forms=True)
    flat = _pdfium_page(plan_pdfs[2], forms=False)
    assert _differing(empty, filled) > 500
    assert _differing(filled, flat) < 20


def test_no_glyph_is_notdef_and_text_maps_back(plan_pdfs: tuple[bytes, bytes, bytes]) -> None:
    """Every glyph shown is a real glyph (not .notdef, id 0) and the ToUnicode map of the font it is drawn in covers it.

    An appearance draws from two subsets of DejaVu Sans: the one every copy of the form carries (Latin, Nordic,
    Sami, Polish, Turkish letters) and the copy's own (anything else, here Vietnamese and Arabic).
    """
    reader = PdfReader(io.BytesIO(plan_pdfs[1]))
    fields = reader.get_fields() or {}
    for name in ("barn.namn", "vardnadshavare.0.namn"):
        stream = fields[name].indirect_reference.get_object()["/AP"]["/N"].get_object()  # type: ignore[union-attr]
        content = stream.get_data().decode("latin-1")
        fonts = stream["/Resources"]["/Font"]
        drawn: dict[str, set[int]] = {}
        for font_name, run in re.findall(r"/(\w+) [\d.]+ Tf((?:(?!Tf).)*)", content, re.S):
            for hexes in re.findall(r"<([0-9A-F]+)>", run):
                drawn.setdefault(font_name, set()).update(int(hexes[i : i + 4], 16) for i in range(0, len(hexes), 4))
        assert drawn and all(0 not in gids for gids in drawn.values())
        for font_name, gids in drawn.items():
            font = fonts[f"/{font_name}"].get_object()
            cmap = font["/ToUnicode"].get_object().get_data().decode("ascii")
            assert gids <= {int(g, 16) for g in re.findall(r"<([0-9A-F]{4})> <", cmap)}
            assert font["/DescendantFonts"][0].get_object()["/FontDescriptor"]["/FontFile2"].get_object().get_data()


def test_values_and_no_need_appearances(plan_pdfs: tuple[bytes, bytes, bytes]) -> None:
    reader = PdfReader(io.BytesIO(plan_pdfs[1]))
    acroform = reader.trailer["/Root"]["/AcroForm"]
    assert acroform.get("/NeedAppearances") in (None, False)
    fields = reader.get_fields() or {}
    assert fields["vardnadshavare.0.namn"]["/V"] == NAMES["arabic"]
    assert fields["insatser.0.verksamhetstyp"]["/V"] == "grundskola"


def test_font_is_a_small_subset(plan_pdfs: tuple[bytes, bytes, bytes]) -> None:
    """The copy embeds the glyphs its values use, not the font (measured on the program, packed or not)."""
    shipped = (Path(__file__).parents[1] / "formkit" / "fonts" / "DejaVuSans.ttf").stat().st_size
    reader = PdfReader(io.BytesIO(plan_pdfs[1]))
    programs = []
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            for cid in font.get("/DescendantFonts") or []:
                programs.append(cid.get_object()["/FontDescriptor"]["/FontFile2"].get_data())
    assert programs
    assert all(len(program) < shipped / 4 for program in programs)


def test_a_copy_is_one_revision_with_its_dictionaries_packed(plan_pdfs: tuple[bytes, bytes, bytes]) -> None:
    """Every document is written whole, once: one revision, its dictionaries in one object stream (issue 13, 21)."""
    for copy in plan_pdfs:
        assert b"\nxref\n" not in copy  # no classic cross-reference table: streams all through
        assert copy.count(b"/Type /ObjStm") == 1 and copy.count(b"%%EOF") == 1
        assert len(copy) < 240_000  # of which about 70 kB are the font people type with (see formfonts)


def test_flattened_copy_has_no_fields(plan_pdfs: tuple[bytes, bytes, bytes]) -> None:
    reader = PdfReader(io.BytesIO(plan_pdfs[2]))
    assert "/AcroForm" not in reader.trailer["/Root"]
    assert all("/Annots" not in page for page in reader.pages)


def _checkbox(reader: PdfReader, name: str) -> Any:
    fields = reader.get_fields() or {}
    return fields[name].indirect_reference.get_object()  # type: ignore[union-attr]


def test_checkbox_sets_v_and_as_to_the_export_value() -> None:
    form = get_form("sip")
    data = _sample("sip")
    data["deltagare"][0]["narvarande"] = True
    data["deltagare"][1]["narvarande"] = False
    reader = PdfReader(io.BytesIO(fill_pdf(form, data)))
    on = _checkbox(reader, "deltagare.0.narvarande")
    assert on["/V"] == "/Ja" and on["/AS"] == "/Ja"
    off = _checkbox(reader, "deltagare.1.narvarande")
    assert off["/V"] == "/Off" and off["/AS"] == "/Off"


def test_checkbox_uses_the_fields_own_export_value() -> None:
    """A template from elsewhere may call the on state /Yes or /1: formkit uses what the field has."""
    form = get_form("sip")
    writer = PdfWriter(clone_from=io.BytesIO(build_pdf_template(form)))
    for page in writer.pages:
        for annot in page.get("/Annots", []):
            widget = annot.get_object()
            if widget.get("/FT") == "/Btn":
                normal = widget["/AP"]["/N"]
                normal[NameObject("/1")] = normal.pop("/Ja")
    out = io.BytesIO()
    writer.write(out)
    data = _sample("sip")
    data["samtycke"]["lamnat"] = True
    reader = PdfReader(io.BytesIO(PdfRenderer(form, template=out.getvalue()).render(data)))
    box = _checkbox(reader, "samtycke.lamnat")
    assert box["/V"] == "/1" and box["/AS"] == "/1"


def test_factory_follows_the_fill_protocol() -> None:
    form = get_form("avvikelserapport")
    renderer = renderer_factory("pdf")(form, Settings(), RenderOptions(flatten=True))
    assert renderer.ext == "pdf"
    pdf = renderer.render(_sample("avvikelserapport"))
    assert pdf.startswith(b"%PDF-") and "/AcroForm" not in PdfReader(io.BytesIO(pdf)).trailer["/Root"]


def test_copies_are_reproducible_whatever_their_shape() -> None:
    """The same record gives the same bytes; a record with other list lengths just gets its own pages (no template)."""
    renderer = PdfRenderer(get_form("genomforandeplan"))
    data = _sample("genomforandeplan")
    pdf = renderer.render(data)
    longer = json.loads(json.dumps(data))
    longer["insatser"] = longer["insatser"] * 3
    more = renderer.render(longer)
    assert renderer.render(data) == pdf
    assert len(PdfReader(io.BytesIO(more)).pages) > len(PdfReader(io.BytesIO(pdf)).pages)
    assert extract_pdf_bytes(more)[1] == longer


def test_appearance_streams_are_compressed_and_decode() -> None:
    pdf = fill_pdf(get_form("samtycke"), _sample("samtycke"))
    streams = re.findall(rb"/Subtype /Form /BBox[^\n]*/Filter /FlateDecode /Length (\d+) >>\nstream\n", pdf)
    assert streams
    start = pdf.index(b"/Subtype /Form /BBox")
    body = pdf[pdf.index(b"stream\n", start) + 7 :]
    assert zlib.decompress(body[: int(streams[0])]).startswith(b"/Tx BMC")


@pytest.mark.parametrize("form_id", ["samtycke", "genomforandeplan", "avvikelserapport", "sip", "sel-referat", "kallelse"])
def test_flattened_sample_text_matches_golden(form_id: str, tmp_path: Path) -> None:
    """What a person reads on the flattened sample (pdftotext), kept in tests/resources/pdf/."""
    golden = Path(__file__).parent / "resources" / "pdf" / f"{form_id}.flat.txt"
    text = _pdftotext(fill_pdf(get_form(form_id), _sample(form_id), flatten_form=True), tmp_path)
    assert_golden(golden, text)


def test_factory_uses_a_template_given_in_the_options(tmp_path: Path) -> None:
    """`fill --template x.pdf` (options.templates["pdf"]) replaces the shipped template."""
    from formkit.render.pdf.fill import pdf_renderer_factory

    form = get_form("avvikelserapport")
    writer = PdfWriter(clone_from=io.BytesIO(build_pdf_template(form)))
    writer.add_metadata({"/Title": "Kommunens egen avvikelserapport"})
    custom = tmp_path / "egen.pdf"
    with custom.open("wb") as handle:
        writer.write(handle)
    renderer = pdf_renderer_factory(form, Settings(), RenderOptions(templates={"pdf": custom}))
    reader = PdfReader(io.BytesIO(renderer.render(_sample("avvikelserapport"))))
    assert reader.metadata is not None and reader.metadata.title == "Kommunens egen avvikelserapport"
    assert reader.get_fields()


def test_a_value_without_a_box_is_a_render_error() -> None:
    from formkit.errors import RenderError

    data = _sample("avvikelserapport")
    data["okant_falt"] = "Tolvan Tolvansson"
    with pytest.raises(RenderError) as caught:
        fill_pdf(get_form("avvikelserapport"), data)
    assert str(caught.value) == "fältet 'okant_falt' har ingen ruta i PDF-mallen"


@pytest.mark.parametrize("flatten", [False, True])
def test_municipality_on_every_page(flatten: bool, tmp_path: Path) -> None:
    """settings.kommun heads every page, as in the Word forms; the copy stays a readable form."""
    from formkit.sources.pdf import extract_pdf_bytes

    form = get_form("genomforandeplan")
    renderer = renderer_factory("pdf")(form, Settings(kommun="Åre kommun"), RenderOptions(flatten=flatten))
    record = _sample("genomforandeplan")
    del record["kommun"]  # the setting is the default for a record without its own
    for data, name in ((record, "Åre kommun"), (_sample("genomforandeplan"), "Arjeplogs kommun")):
        pdf = renderer.render(data)
        pages = _pdftotext(pdf, tmp_path).split("\f")[:-1]
        assert len(pages) == len(PdfReader(io.BytesIO(pdf)).pages)
        assert all(page.lstrip().startswith(name) or name in page.splitlines()[0] for page in pages)
        if not flatten:
            # The municipality reads back only when the record gave it: the default is not data.
            assert extract_pdf_bytes(pdf) == ("genomforandeplan", data)


def test_a_blank_municipality_prints_blank_on_every_page_and_in_word(tmp_path: Path) -> None:
    """A record whose kommun is only spaces (a caller of the renderers, not fill, which leaves it out) prints no
    municipality anywhere, not the setting's on all pages but the first; Word's header and properties agree."""
    import zipfile

    from formkit.render.docx.render import DocxRenderer

    form = get_form("genomforandeplan")
    record = _sample("genomforandeplan")
    record["kommun"] = "   "
    settings = Settings(kommun="Åre kommun")
    pages = _pdftotext(PdfRenderer(form, settings=settings).render(record), tmp_path).split("\f")[:-1]
    assert len(pages) > 1 and not [page for page in pages if "Åre kommun" in page]
    with zipfile.ZipFile(io.BytesIO(DocxRenderer(form, settings).render(record))) as package:
        assert not [name for name in package.namelist() if "Åre kommun" in package.read(name).decode("utf-8", "replace")]


def test_fill_command_writes_pdfs_that_read_back(tmp_path: Path) -> None:
    """`formkit fill --to pdf --jobs 2 --flatten` and without: files written by worker processes."""
    from click.testing import CliRunner

    from formkit.cli import cli
    from formkit.sources.pdf import extract_pdf

    source = tmp_path / "planer.jsonl"
    records = [_sample("genomforandeplan"), _plan_with_names()]
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    out = tmp_path / "ut"
    result = CliRunner().invoke(cli, ["fill", "genomforandeplan", str(source), "--to", "pdf", "--jobs", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(out.glob("*.pdf"))
    assert [extract_pdf(path) for path in written] == [("genomforandeplan", r) for r in records]
    flat = tmp_path / "platt"
    result = CliRunner().invoke(cli, ["fill", "genomforandeplan", str(source), "--to", "pdf", "--flatten", "--out", str(flat)])
    assert result.exit_code == 0, result.output
    assert NAMES["arabic"] in _pdftotext(sorted(flat.glob("*.pdf"))[1].read_bytes(), tmp_path)


@pytest.mark.parametrize("flatten", [False, True])
def test_a_lone_surrogate_is_dropped_not_a_failed_record(flatten: bool) -> None:
    """JSON can carry "\\ud800" (a broken escape); UTF-16 cannot: dropped, as the Word forms drop it."""
    from formkit.sources.pdf import extract_pdf_bytes

    data = _sample("samtycke")
    data["barn"]["namn"] = "Åsa\ud800 Öberg"
    pdf = fill_pdf(get_form("samtycke"), data, flatten_form=flatten)
    if flatten:
        assert "Åsa Öberg" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    else:
        assert extract_pdf_bytes(pdf)[1]["barn"]["namn"] == "Åsa Öberg"
