"""Fillable PDFs a screen reader can use: tagged structure, labels, tab order, embedded fonts — in templates and copies."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from formkit.model.catalog import get_form
from formkit.pdfio.check import check_pdf
from formkit.pdfio.conformance.xmp import NS_PDFAID, NS_PDFUAID, parse_xmp
from formkit.render.pdf.fill import PdfRenderer
from formkit.render.pdf.template import build_pdf_template
from formkit.settings import Settings
from tests.conftest import FORM_IDS
from tests.test_docx_libreoffice import _tool
from tests.test_pdf_fill import _sample

STANDARD_14 = ("Helvetica", "ZapfDingbats", "Times", "Courier", "Symbol")


@pytest.fixture(scope="module")
def copies() -> dict[str, dict[str, bytes]]:
    """Per form: the shipped template, a filled copy of the sample and a flattened one."""
    result = {}
    for form_id in FORM_IDS:
        form = get_form(form_id)
        result[form_id] = {
            "template": form.template_path("pdf").read_bytes(),
            "filled": PdfRenderer(form, settings=Settings()).render(_sample(form_id)),
            "flat": PdfRenderer(form, settings=Settings(), flatten_form=True).render(_sample(form_id)),
        }
    return result


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def _elements(reader: PdfReader) -> list[tuple[DictionaryObject, Any]]:
    """Every structure element in document order (depth first), with its reference."""
    tree: Any = reader.trailer["/Root"]["/StructTreeRoot"]
    found: list[tuple[DictionaryObject, Any]] = []

    def walk(ref: Any) -> None:
        node = ref.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
            return
        if not isinstance(node, DictionaryObject) or "/S" not in node:
            return
        found.append((node, ref))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []:
            if isinstance(kid, IndirectObject):
                walk(kid)

    walk(tree.raw_get("/K"))
    return found


def _widgets(reader: PdfReader) -> list[tuple[int, Any]]:
    return [
        (index, ref)
        for index, page in enumerate(reader.pages)
        for ref in page.get("/Annots") or []
        if ref.get_object()["/Subtype"] == "/Widget"
    ]


def _number_tree(reader: PdfReader) -> dict[int, Any]:
    nums: Any = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


@pytest.mark.parametrize("form_id", FORM_IDS)
@pytest.mark.parametrize("kind", ["template", "filled", "flat"])
def test_passes_pdf_ua_1(copies: dict[str, dict[str, bytes]], form_id: str, kind: str) -> None:
    """Blank and fillable copies are PDF/UA-1 and claim no PDF/A (issue 17: a person edits them; archival copies claim it)."""
    result = check_pdf(copies[form_id][kind], ua=True)
    assert [f.to_dict() for f in result.findings] == []
    assert result.standard == "PDF/UA-1"


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_template_claims_what_it_is_and_says_it_in_info_too(copies: dict[str, dict[str, bytes]], form_id: str) -> None:
    reader = _reader(copies[form_id]["template"])
    root: Any = reader.trailer["/Root"]
    xmp = parse_xmp(root["/Metadata"].get_data())
    assert (xmp.text(NS_PDFAID, "part"), xmp.text(NS_PDFAID, "conformance"), xmp.text(NS_PDFUAID, "part")) == (None, None, "1")
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert "/NeedAppearances" not in root["/AcroForm"]
    assert reader.metadata is not None and reader.metadata["/Title"] == get_form(form_id).title


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_font_is_embedded_with_its_own_subset_tag(
    copies: dict[str, dict[str, bytes]], form_id: str, tmp_path: Path
) -> None:
    """pdffonts lists every font embedded (no Helvetica, no ZapfDingbats), and no two subsets share a name."""
    _tool("pdffonts", "poppler-utils")
    for kind in ("template", "filled"):
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(copies[form_id][kind])
        lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
        assert lines and all(line.split()[-5] == "yes" for line in lines), lines
        assert not [line for line in lines if line.split()[0].split("+")[-1].startswith(STANDARD_14)]
        names = [line.split()[0] for line in lines]
        objects = [line.split()[-2] for line in lines]
        assert len(set(names)) == len(set(objects)), names  # a name per font object, never one name for two subsets


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_widget_has_its_appearance_a_tooltip_and_print_flag(copies: dict[str, dict[str, bytes]], form_id: str) -> None:
    reader = _reader(copies[form_id]["template"])
    root: Any = reader.trailer["/Root"]
    dr_fonts = root["/AcroForm"]["/DR"]["/Font"]
    for font in dr_fonts.values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"]
    for _, ref in _widgets(reader):
        widget = ref.get_object()
        assert set(widget["/AP"]) == {"/N"} and widget["/F"] == 4
        assert str(widget["/TU"]).strip()
        if "/DA" in widget:
            assert re.match(r"/(\S+) ", widget["/DA"]).group(1) in {k[1:] for k in dr_fonts}  # type: ignore[union-attr]


@pytest.mark.parametrize("form_id", FORM_IDS)
@pytest.mark.parametrize("kind", ["template", "filled"])
def test_each_widget_sits_alone_in_its_form_element_found_from_the_widget(
    copies: dict[str, dict[str, bytes]], form_id: str, kind: str
) -> None:
    """ISO 32000-1 Table 340: a Form element holds one object reference; the widget's /StructParent leads back to it."""
    reader = _reader(copies[form_id][kind])
    parents = _number_tree(reader)
    forms = {ref.idnum: node for node, ref in _elements(reader) if node["/S"] == "/Form"}
    widgets = _widgets(reader)
    assert len(forms) == len(widgets)
    for page_index, ref in widgets:
        element_ref = parents[int(ref.get_object()["/StructParent"])]
        element = forms[element_ref.idnum]
        objr = element["/K"]
        assert objr["/Type"] == "/OBJR" and objr.raw_get("/Obj").idnum == ref.idnum
        assert reader.pages[page_index]["/Tabs"] == "/S"


def _marked_ids(reader: PdfReader, page_index: int) -> list[int]:
    content = reader.pages[page_index].get_contents()
    return [int(m) for m in re.findall(rb"<</MCID (\d+)>> BDC", content.get_data())] if content is not None else []


@pytest.mark.parametrize("form_id", FORM_IDS)
@pytest.mark.parametrize("kind", ["template", "flat"])
def test_every_marked_text_has_its_element(copies: dict[str, dict[str, bytes]], form_id: str, kind: str) -> None:
    """Each MCID on a page is in the parent tree, pointing at the element that holds it, and is used once."""
    reader = _reader(copies[form_id][kind])
    parents = _number_tree(reader)
    for index, page in enumerate(reader.pages):
        ids = _marked_ids(reader, index)
        array = parents[int(page["/StructParents"])]
        assert sorted(ids) == list(range(len(array))), index
        for mcid, element_ref in enumerate(array):
            kids = element_ref.get_object()["/K"]
            items = kids if isinstance(kids, ArrayObject) else [kids]
            assert any(item == mcid or (isinstance(item, DictionaryObject) and item.get("/MCID") == mcid) for item in items)


def test_reading_order_headings_and_labels() -> None:
    """The title is the first heading (H1), no heading skips a level, and a labelled field is one P: Lbl then Form."""
    form = get_form("genomforandeplan")
    reader = _reader(form.template_path("pdf").read_bytes())
    elements = _elements(reader)
    headings = [int(str(node["/S"])[2:]) for node, _ in elements if re.fullmatch(r"/H\d", str(node["/S"]))]
    assert headings[0] == 1 and headings.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(headings))
    assert {2, 3} <= set(headings)
    by_name: dict[str, Any] = {}
    for node, _ in elements:
        if node["/S"] == "/Form":
            widget = node["/K"]["/Obj"].get_object()
            by_name[str(widget["/TU"])] = node
    element = by_name["Barnet/den unge, Namn"]  # the field's accessible name says which section it is in
    group = element["/P"].get_object()
    assert group["/S"] == "/P" and [kid.get_object()["/S"] for kid in group["/K"]] == ["/Lbl", "/Form"]
    assert "Insats 1, Ansvarig aktör, Namn" in by_name  # a row of a list: the row, the part, the field


def test_required_fields_say_so() -> None:
    reader = _reader(get_form("samtycke").template_path("pdf").read_bytes())
    fields: Any = reader.get_fields()
    assert int(fields["barn.namn"]["/Ff"]) & 2  # Required: a screen reader says so, as the star does on paper
    assert not int(fields.get("barn.adress", {}).get("/Ff", 0)) & 2


def test_flattened_copy_keeps_values_tagged_and_points_at_no_widget(copies: dict[str, dict[str, bytes]]) -> None:
    """The widgets go: their Form elements become printed fields (PrintField) whose content is the value drawn."""
    data = copies["samtycke"]["flat"]
    assert b"/OBJR" not in b"".join(_objects(data))
    reader = _reader(data)
    forms = [node for node, _ in _elements(reader) if node["/S"] == "/Form"]
    roles = {(str(f["/A"]["/Role"]), str(f["/A"].get("/checked"))) for f in forms}
    assert ("/tv", "None") in roles and ("/cb", "/on") in roles
    assert all("/K" in f for f in forms if f["/A"]["/Role"] == "/tv")
    # The sample leaves some text fields empty: they left the tree, their printed labels stay.
    assert len(forms) < len(_widgets(_reader(copies["samtycke"]["filled"])))


def _objects(data: bytes) -> list[bytes]:
    """Every object the last revision reaches, serialized (the struct tree must not mention a widget)."""
    reader = _reader(data)
    out: list[bytes] = []
    for node, _ in _elements(reader):
        buffer = io.BytesIO()
        node.write_to_stream(buffer)
        out.append(buffer.getvalue())
    return out


def test_the_check_mark_is_the_embedded_dejavu_glyph() -> None:
    """The ticked state draws U+2714 from an embedded DejaVu Sans subset with its Unicode value (pdftotext reads ✔)."""
    reader = _reader(build_pdf_template(get_form("samtycke")))
    ref = next(r for _, r in _widgets(reader) if r.get_object()["/FT"] == "/Btn")
    on = ref.get_object()["/AP"]["/N"]["/Ja"].get_object()
    font = next(iter(on["/Resources"]["/Font"].values())).get_object()
    assert font["/Subtype"] == "/Type0" and b"<2714>" in font["/ToUnicode"].get_object().get_data()
    assert "/FontFile2" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    assert "/DA" not in ref.get_object()  # no variable text in a check box, so no font a viewer could swap in


def _long_plan() -> dict[str, Any]:
    """A plan with more insatser than the form's rows (printed in place) and a text longer than its box (a continuation)."""
    record = _sample("genomforandeplan")
    record["insatser"] = [dict(record["insatser"][0], insats=f"Insats nummer {i}") for i in range(7)]
    record["behov"] = " ".join(["Behovet beskrivs här i många ord som inte får plats i rutan."] * 60)
    return record


@pytest.mark.parametrize("flatten", [False, True])
def test_long_lists_and_continuation_pages_are_tagged_too(flatten: bool) -> None:
    form = get_form("genomforandeplan")
    data = PdfRenderer(form, settings=Settings(), flatten_form=flatten).render(_long_plan())
    reader = _reader(data)
    assert len(reader.pages) > len(_reader(form.template_path("pdf").read_bytes()).pages)
    result = check_pdf(data, ua=True)
    assert [f.to_dict() for f in result.findings] == []
    for index, page in enumerate(reader.pages):
        assert len(_number_tree(reader)[int(page["/StructParents"])]) == len(_marked_ids(reader, index))
