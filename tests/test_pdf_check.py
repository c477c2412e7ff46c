"""formkit check-pdf: crafted failures each give their rule, good files give nothing, messages never quote a value."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from formkit.cli import cli
from formkit.model.catalog import get_form
from formkit.model.paths import flatten
from formkit.pdfio.check import CheckResult, check_pdf
from formkit.pdfio.conformance.fonts import parse_tounicode
from formkit.render.pdf.archive import PdfArchiveRenderer, archive_pdf
from formkit.render.pdf.fill import PdfRenderer, fill_pdf
from formkit.render.pdf.pdfa import ArchiveMetadata
from formkit.settings import Settings
from tests.conftest import FORM_IDS
from tests.test_pdf_fill import _sample


def mutate(data: bytes, change: Callable[[PdfWriter], None]) -> bytes:
    """A full rewrite of data through pypdf after change (the baseline test shows the rewrite alone is harmless)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def errors(result: CheckResult) -> set[str]:
    return result.rules


def warnings(result: CheckResult) -> set[str]:
    return {f.rule for f in result.findings if f.severity == "warning"}


def n(value: str) -> NameObject:
    return NameObject(value)


def add_content(writer: PdfWriter, ops: bytes, fonts: dict[str, Any] | None = None) -> None:
    """Append ops to page 1 (and fonts to its resources)."""
    page: Any = writer.pages[0]
    if fonts:
        resources = page["/Resources"]
        if "/Font" not in resources:
            resources[n("/Font")] = DictionaryObject()
        for key, value in fonts.items():
            resources["/Font"][n(key)] = writer._add_object(value)
    stream = DecodedStreamObject()
    stream.set_data(ops)
    contents = page["/Contents"]
    refs = list(contents) if isinstance(contents, ArrayObject) else [page.raw_get("/Contents")]
    page[n("/Contents")] = ArrayObject([*refs, writer._add_object(stream)])


def set_xmp(writer: PdfWriter, edit: Callable[[str], str]) -> None:
    metadata: Any = writer.root_object["/Metadata"].get_object()
    metadata.set_data(edit(metadata.get_data().decode("utf-8")).encode("utf-8"))


def pdfa_only(form_id: str) -> bytes:
    """An archival copy made without the PDF/UA claim: the checker's rules are tested on PDF/A alone first."""
    form = get_form(form_id)
    flattened = PdfRenderer(form, flatten_form=True, settings=Settings()).render(_sample(form_id))
    return archive_pdf(flattened, ArchiveMetadata.of(form), ua=False)


@pytest.fixture(scope="module")
def good() -> bytes:
    """An archival copy of the samtycke sample claiming PDF/A-2u only, with a check mark and text in several scripts."""
    return pdfa_only("samtycke")


def test_baseline_conforms_also_after_a_rewrite(good: bytes) -> None:
    assert check_pdf(good).findings == []
    assert check_pdf(mutate(good, lambda w: None)).findings == []


# --- the failures the issue names ---------------------------------------------------------------------------------


def test_unembedded_standard_font_is_an_error(good: bytes) -> None:
    helvetica = DictionaryObject({n("/Type"): n("/Font"), n("/Subtype"): n("/Type1"), n("/BaseFont"): n("/Helvetica")})
    bad = mutate(good, lambda w: add_content(w, b"BT /FHelv 12 Tf 100 100 Td (Hello) Tj ET", {"/FHelv": helvetica}))
    result = check_pdf(bad)
    assert "font-not-embedded" in errors(result) and not result.conforms
    finding = next(f for f in result.findings if f.rule == "font-not-embedded")
    assert finding.clause == "ISO 19005-2:2011 6.2.11.4.1"
    assert finding.text("sv").startswith("standardtypsnittet Helvetica är inte inbäddat")
    assert finding.text("nb").startswith("standardskriften Helvetica er ikke innebygd")


def test_unembedded_truetype_font_is_an_error(good: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        descriptor = DictionaryObject(
            {
                n("/Type"): n("/FontDescriptor"),
                n("/FontName"): n("/Arial"),
                n("/Flags"): NumberObject(32),
                n("/FontBBox"): ArrayObject([NumberObject(0)] * 4),
                n("/ItalicAngle"): NumberObject(0),
                n("/Ascent"): NumberObject(900),
                n("/Descent"): NumberObject(-200),
                n("/CapHeight"): NumberObject(700),
                n("/StemV"): NumberObject(80),
            }
        )
        arial = DictionaryObject(
            {
                n("/Type"): n("/Font"),
                n("/Subtype"): n("/TrueType"),
                n("/BaseFont"): n("/Arial"),
                n("/FirstChar"): NumberObject(72),
                n("/LastChar"): NumberObject(72),
                n("/Widths"): ArrayObject([NumberObject(722)]),
                n("/Encoding"): n("/WinAnsiEncoding"),
                n("/FontDescriptor"): writer._add_object(descriptor),
            }
        )
        add_content(writer, b"BT /FArial 12 Tf 100 100 Td (H) Tj ET", {"/FArial": arial})

    assert "font-not-embedded" in errors(check_pdf(mutate(good, change)))


def test_javascript_is_an_error(good: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        writer.root_object[n("/OpenAction")] = DictionaryObject(
            {n("/S"): n("/JavaScript"), n("/JS"): TextStringObject("app.alert(1)")}
        )

    result = check_pdf(mutate(good, change))
    assert errors(result) == {"javascript"}
    assert {f.clause for f in result.findings} == {"ISO 19005-2:2011 6.5.1"}


def test_javascript_name_tree_is_an_error(good: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        action = writer._add_object(DictionaryObject({n("/S"): n("/JavaScript"), n("/JS"): TextStringObject("app.alert(1)")}))
        tree = DictionaryObject({n("/Names"): ArrayObject([TextStringObject("start"), action])})
        writer.root_object[n("/Names")] = DictionaryObject({n("/JavaScript"): writer._add_object(tree)})

    result = check_pdf(mutate(good, change))
    assert errors(result) == {"javascript"}
    assert any(f.text() == "namnträdet /JavaScript finns i /Names" for f in result.findings)


def test_missing_xmp_is_an_error(good: bytes) -> None:
    assert "xmp-missing" in errors(check_pdf(mutate(good, lambda w: w.root_object.__delitem__("/Metadata"))))


def test_need_appearances_is_an_error(good: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        writer.root_object[n("/AcroForm")] = DictionaryObject(
            {n("/Fields"): ArrayObject(), n("/NeedAppearances"): BooleanObject(True)}
        )

    assert errors(check_pdf(mutate(good, change))) == {"need-appearances"}


def test_missing_output_intent_is_an_error(good: bytes) -> None:
    result = check_pdf(mutate(good, lambda w: w.root_object.__delitem__("/OutputIntents")))
    assert "output-intent-missing" in errors(result)
    assert any("DeviceGray" in f.text() for f in result.findings)


def test_encryption_is_an_error(good: bytes) -> None:
    assert errors(check_pdf(mutate(good, lambda w: w.encrypt("", "owner", algorithm="AES-128")))) == {"encrypted"}


def test_field_without_appearance_is_an_error(good: bytes) -> None:
    """An empty text field without /AP (what formkit's templates have today) is refused: viewers would draw it their way."""

    def change(writer: PdfWriter) -> None:
        widget = DictionaryObject(
            {
                n("/Type"): n("/Annot"),
                n("/Subtype"): n("/Widget"),
                n("/FT"): n("/Tx"),
                n("/T"): TextStringObject("barn.namn"),
                n("/F"): NumberObject(4),
                n("/Rect"): ArrayObject([FloatObject(v) for v in (100, 100, 200, 114)]),
            }
        )
        ref = writer._add_object(widget)
        writer.pages[0][n("/Annots")] = ArrayObject([ref])
        writer.root_object[n("/AcroForm")] = DictionaryObject({n("/Fields"): ArrayObject([ref])})

    assert errors(check_pdf(mutate(good, change))) == {"annotation-appearance"}


# --- more rules ----------------------------------------------------------------------------------------------------


def _link(writer: PdfWriter, action: dict[NameObject, Any]) -> Any:
    link = DictionaryObject(
        {
            n("/Type"): n("/Annot"),
            n("/Subtype"): n("/Link"),
            n("/F"): NumberObject(4),
            n("/Rect"): ArrayObject([NumberObject(v) for v in (10, 10, 50, 20)]),
            n("/A"): DictionaryObject(action),
        }
    )
    return writer._add_object(link)


def test_launch_action_is_an_error(good: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        writer.pages[0][n("/Annots")] = ArrayObject(
            [_link(writer, {n("/S"): n("/Launch"), n("/F"): TextStringObject("calc.exe")})]
        )

    assert errors(check_pdf(mutate(good, change))) == {"action-forbidden"}


def test_uri_link_is_allowed_and_gotor_warns(good: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        uri = {n("/S"): n("/URI"), n("/URI"): TextStringObject("https://example.org/")}
        remote = {
            n("/S"): n("/GoToR"),
            n("/F"): TextStringObject("other.pdf"),
            n("/D"): ArrayObject([NumberObject(0), n("/Fit")]),
        }
        writer.pages[0][n("/Annots")] = ArrayObject([_link(writer, uri), _link(writer, remote)])

    result = check_pdf(mutate(good, change))
    assert result.conforms and warnings(result) == {"action-remote"}


def test_hidden_annotation_without_appearance(good: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        note = DictionaryObject(
            {
                n("/Type"): n("/Annot"),
                n("/Subtype"): n("/Text"),
                n("/F"): NumberObject(2),  # hidden, not printed
                n("/Rect"): ArrayObject([NumberObject(v) for v in (10, 10, 30, 30)]),
                n("/Contents"): TextStringObject("note"),
            }
        )
        writer.pages[0][n("/Annots")] = ArrayObject([writer._add_object(note)])

    assert errors(check_pdf(mutate(good, change))) == {"annotation-flags", "annotation-appearance"}


def test_embedded_file_xfa_and_external_stream(good: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        writer.add_attachment("data.csv", b"a;b\n1;2\n")
        writer.root_object[n("/AcroForm")] = DictionaryObject({n("/Fields"): ArrayObject(), n("/XFA"): ArrayObject()})
        external = StreamObject()
        external[n("/F")] = TextStringObject("elsewhere.bin")
        writer.root_object[n("/Outside")] = writer._add_object(external)

    assert {"embedded-file", "xfa", "external-stream"} <= errors(check_pdf(mutate(good, change)))


def with_simple_truetype(data: bytes) -> bytes:
    """*data* with text drawn in an embedded simple TrueType font (DejaVu Sans as reportlab embeds it: /Widths,
    MacRoman-like codes). formkit's own documents use Type0 fonts only; the checker must judge both kinds."""
    from reportlab.pdfgen import canvas

    from formkit.render.pdf.fonts import register_reportlab_font

    out = io.BytesIO()
    drawing = canvas.Canvas(out, invariant=1, initialFontName=register_reportlab_font())
    drawing.setFont(register_reportlab_font(), 9)
    drawing.drawString(50, 50, "abc")
    drawing.showPage()
    drawing.save()
    donor = PdfReader(io.BytesIO(out.getvalue()))
    name, ref = next(iter(donor.pages[0]["/Resources"]["/Font"].items()))
    donor_font = ref.get_object()
    # reportlab's own codes for "abc" in its subset, as it drew them.
    drawn = re.search(rb"%s 9 Tf.*?(\(.*?\)|<.*?>) Tj" % re.escape(name.encode()), donor.pages[0].get_contents().get_data(), re.S)
    assert drawn is not None

    def change(writer: PdfWriter) -> None:
        page: Any = writer.pages[0]
        resources = page["/Resources"]
        if "/Font" not in resources:
            resources[n("/Font")] = DictionaryObject()
        resources["/Font"][n("/FkWin")] = writer._add_object(donor_font.clone(writer))
        add_content(writer, b"BT /FkWin 9 Tf 50 50 Td " + drawn.group(1) + b" Tj ET")

    return mutate(data, change)


def test_widths_that_disagree_with_the_font_program(good: bytes) -> None:
    good = with_simple_truetype(good)
    assert check_pdf(good).findings == []

    def change(writer: PdfWriter) -> None:
        for obj in writer._objects:
            if isinstance(obj, DictionaryObject) and obj.get("/Subtype") == "/TrueType" and "/Widths" in obj:
                widths: Any = obj["/Widths"]
                code = ord("a") - int(obj["/FirstChar"])  # type: ignore[call-overload]
                widths[code] = NumberObject(int(widths[code]) + 100)

    result = check_pdf(mutate(good, change))
    assert errors(result) == {"font-widths"}
    assert {f.clause for f in result.findings} == {"ISO 19005-2:2011 6.2.11.5"}


def test_cid_widths_that_disagree_with_the_font_program(good: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        for obj in writer._objects:
            if isinstance(obj, DictionaryObject) and obj.get("/Subtype") == "/CIDFontType2":
                w: Any = obj["/W"]
                for i in range(1, len(w), 2):  # formkit writes "gid [width]" pairs
                    w[i][0] = NumberObject(int(w[i][0]) + 50)

    assert errors(check_pdf(mutate(good, change))) == {"font-widths"}


def test_level_u_needs_tounicode_level_b_does_not(good: bytes) -> None:
    def drop_to_unicode(writer: PdfWriter) -> None:
        for obj in writer._objects:
            if isinstance(obj, DictionaryObject) and obj.get("/Subtype") == "/Type0":
                del obj["/ToUnicode"]

    assert errors(check_pdf(mutate(good, drop_to_unicode))) == {"tounicode"}

    def also_claim_b(writer: PdfWriter) -> None:
        drop_to_unicode(writer)
        set_xmp(writer, lambda x: x.replace("<pdfaid:conformance>U<", "<pdfaid:conformance>B<"))

    result = check_pdf(mutate(good, also_claim_b))
    assert result.findings == [] and result.standard == "PDF/A-2b"


def test_identification_and_undeclared_xmp_properties(good: bytes) -> None:
    def edit(xmp: str) -> str:
        xmp = xmp.replace("<pdfaid:part>2<", "<pdfaid:part>1<")
        extra = '<dc:nonsense>1</dc:nonsense><x2:thing xmlns:x2="http://example.org/x/">v</x2:thing>'
        return xmp.replace("<dc:format>", extra + "<dc:format>")

    assert errors(check_pdf(mutate(good, lambda w: set_xmp(w, edit)))) == {"pdfa-id-part", "xmp-undefined-property"}


def test_formkit_properties_need_their_declaration(good: bytes) -> None:
    def drop_declaration(xmp: str) -> str:
        start, end = xmp.index("<pdfaExtension:schemas>"), xmp.index("</pdfaExtension:schemas>")
        return xmp[:start] + xmp[end + len("</pdfaExtension:schemas>") :]

    result = check_pdf(mutate(good, lambda w: set_xmp(w, drop_declaration)))
    assert errors(result) == {"xmp-undefined-property"}
    assert {f.text() for f in result.findings} >= {
        "XMP-egenskapen formId i urn:uuid:b07289d2-2318-4445-8da1-9acd4f45f4e6#: namnrymden är varken fördefinierad "
        "eller deklarerad i ett tilläggsschema"
    }


def test_broken_xmp_and_doctype_are_refused(good: bytes) -> None:
    broken = mutate(good, lambda w: set_xmp(w, lambda x: x.replace("</dc:format>", "")))
    assert errors(check_pdf(broken)) == {"xmp-syntax"}
    doctype = '<!DOCTYPE x [<!ENTITY a "b">]><x:xmpmeta'
    entity = mutate(good, lambda w: set_xmp(w, lambda x: x.replace("<x:xmpmeta", doctype, 1)))
    result = check_pdf(entity)
    assert errors(result) == {"xmp-syntax"}
    assert result.findings[0].text() == "XMP-paketet kan inte läsas: det deklarerar en DOCTYPE eller entiteter"


def test_info_that_disagrees_with_xmp_is_a_warning(good: bytes) -> None:
    result = check_pdf(mutate(good, lambda w: w.add_metadata({"/Title": "Another title", "/ModDate": "D:20240101000000Z"})))
    assert result.conforms and warnings(result) == {"info-xmp-mismatch"}


def test_header_and_trailing_data(good: bytes) -> None:
    assert "header" in errors(check_pdf(good.replace(b"%PDF-1.7", b"%PDF-2.0", 1)))
    assert "eof" in errors(check_pdf(good + b"junk after the end"))


def test_garbage_is_a_finding_not_an_exception() -> None:
    result = check_pdf(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\nthis is not a pdf")
    assert not result.conforms and "pdf-unreadable" in errors(result)


def test_tounicode_parser() -> None:
    cmap = b"""2 beginbfchar <0003> <0020> <0024> <00C5> endbfchar
    2 beginbfrange <0010> <0012> <0041> <0020> <0021> [<0062> <D83DDE00>] endbfrange"""
    assert parse_tounicode(cmap) == {3: " ", 0x24: "Å", 0x10: "A", 0x11: "B", 0x12: "C", 0x20: "b", 0x21: "\U0001f600"}


def test_many_findings_of_one_rule_fold_into_one_line(good: bytes) -> None:
    def many_links(writer: PdfWriter) -> None:
        launch = {n("/S"): n("/Launch"), n("/F"): TextStringObject("calc.exe")}
        writer.pages[0][n("/Annots")] = ArrayObject([_link(writer, dict(launch)) for _ in range(14)])

    result = check_pdf(mutate(good, many_links))
    assert len(result.findings) == 11
    assert result.findings[-1].text() == "… och 4 till av samma slag"


# --- formkit's own PDFs --------------------------------------------------------------------------------------------


def test_messages_never_quote_a_value(good: bytes) -> None:
    """Whatever is wrong with a filled form, the findings name objects, pages and fields, never what is in them."""
    for form_id in FORM_IDS:
        record = _sample(form_id)
        values = [v for v in flatten(record).values() if isinstance(v, str) and len(v) >= 4]
        for flat in (False, True):
            result = check_pdf(fill_pdf(get_form(form_id), record, flatten_form=flat), ua=True)
            shown = " ".join(f"{f.text('sv')} {f.text('nb')}" for f in result.findings)
            assert not [v for v in values if v in shown]
    # Values where a careless message would quote them: Info entries that disagree with the XMP.
    leaky = mutate(good, lambda w: w.add_metadata({"/Title": "Elif Yılmaz", "/Author": "20120314-2383"}))
    result = check_pdf(leaky)
    assert warnings(result) == {"info-xmp-mismatch"}
    assert not any("Elif" in f.text() or "2383" in f.text() for f in result.findings)


# --- a small PDF/UA form built by hand ----------------------------------------------------------------------------

UA_SCHEMA = """<rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
       <pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>
       <pdfaProperty:category>internal</pdfaProperty:category><pdfaProperty:description>PDF/UA part</pdfaProperty:description>
      </rdf:li></rdf:Seq></pdfaSchema:property>
     </rdf:li>"""
UA_ID = '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>1</pdfuaid:part></rdf:Description>'


def ua_form(good: bytes, *, tu: bool = True, objr: bool = True, tabs: bool = True, declare: bool = True) -> bytes:
    """good plus one tagged text field: MarkInfo, StructTreeRoot with Form/OBJR, /Tabs /S, /TU, pdfuaid declared."""

    def change(writer: PdfWriter) -> None:
        root = writer.root_object
        page: Any = writer.pages[0]
        page_ref = page.indirect_reference
        fonts = page["/Resources"]["/Font"]
        font_name = next(k for k, v in fonts.items() if v.get_object()["/Subtype"] == "/TrueType")
        appearance = DecodedStreamObject()
        appearance.set_data(b"0 0 1 RG 0.5 0.5 99 13 re S")
        appearance.update(
            {
                n("/Type"): n("/XObject"),
                n("/Subtype"): n("/Form"),
                n("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(100), FloatObject(14)]),
                n("/Resources"): DictionaryObject(),
            }
        )
        da = TextStringObject(f"{font_name} 10 Tf 0 g")
        widget = DictionaryObject(
            {
                n("/Type"): n("/Annot"),
                n("/Subtype"): n("/Widget"),
                n("/FT"): n("/Tx"),
                n("/T"): TextStringObject("extra"),
                n("/F"): NumberObject(4),
                n("/Rect"): ArrayObject([FloatObject(v) for v in (100, 100, 200, 114)]),
                n("/AP"): DictionaryObject({n("/N"): writer._add_object(appearance)}),
                n("/P"): page_ref,
                n("/DA"): da,
                n("/StructParent"): NumberObject(0),
            }
        )
        if tu:
            widget[n("/TU")] = TextStringObject("Extra field")
        widget_ref = writer._add_object(widget)
        page[n("/Annots")] = ArrayObject([widget_ref])
        if tabs:
            page[n("/Tabs")] = n("/S")
        elif "/Tabs" in page:
            del page["/Tabs"]
        dr = DictionaryObject({n("/Font"): DictionaryObject({n(font_name): fonts.raw_get(font_name)})})
        root[n("/AcroForm")] = DictionaryObject({n("/Fields"): ArrayObject([widget_ref]), n("/DR"): dr, n("/DA"): da})
        tree: Any = writer._add_object(DictionaryObject({n("/Type"): n("/StructTreeRoot")}))
        document: Any = writer._add_object(
            DictionaryObject({n("/Type"): n("/StructElem"), n("/S"): n("/Document"), n("/P"): tree})
        )
        form = DictionaryObject({n("/Type"): n("/StructElem"), n("/S"): n("/Form"), n("/P"): document, n("/Pg"): page_ref})
        if objr:
            form[n("/K")] = DictionaryObject({n("/Type"): n("/OBJR"), n("/Obj"): widget_ref, n("/Pg"): page_ref})
        form_ref = writer._add_object(form)
        document.get_object()[n("/K")] = ArrayObject([form_ref])
        tree.get_object()[n("/K")] = document
        tree.get_object()[n("/ParentTree")] = DictionaryObject({n("/Nums"): ArrayObject([NumberObject(0), form_ref])})
        root[n("/StructTreeRoot")] = tree
        root[n("/MarkInfo")] = DictionaryObject({n("/Marked"): BooleanObject(True)})

        def edit(xmp: str) -> str:
            if declare:
                xmp = xmp.replace("<rdf:Bag>", "<rdf:Bag>" + UA_SCHEMA, 1)
            return xmp.replace("</rdf:RDF>", UA_ID + "</rdf:RDF>")

        set_xmp(writer, edit)

    return mutate(with_simple_truetype(good), change)


def test_hand_built_ua_form_conforms(good: bytes) -> None:
    result = check_pdf(ua_form(good))
    assert result.findings == [] and result.standard == "PDF/A-2u + PDF/UA-1"


def test_ua_field_without_tooltip_element_or_tab_order(good: bytes) -> None:
    assert errors(check_pdf(ua_form(good, tu=False))) == {"ua-field-tu"}
    assert errors(check_pdf(ua_form(good, objr=False))) == {"ua-widget-form"}
    assert errors(check_pdf(ua_form(good, tabs=False))) == {"ua-tabs"}


def test_ua_claim_needs_the_pdfuaid_declaration(good: bytes) -> None:
    """pdfuaid is not predefined for PDF/A-2: claiming PDF/UA without declaring it breaks PDF/A (LibreOffice 7.4 does this)."""
    assert errors(check_pdf(ua_form(good, declare=False))) == {"xmp-undefined-property"}


Cell = tuple[str, dict[str, Any]]
"""A table cell for with_table: its type (TH, TD) and its Table attributes (Scope, Headers)."""


def with_table(data: bytes, rows: list[list[Cell]], *, row_type: str = "/TR") -> bytes:
    """A UA-tagged document (ua_form) with a Table of *rows* added under its Document element."""

    def change(writer: PdfWriter) -> None:
        document: Any = writer.root_object["/StructTreeRoot"]["/K"]
        document_ref = document.indirect_reference

        def element(kind: str, parent: Any, attributes: dict[str, Any] | None = None) -> Any:
            made = DictionaryObject({n("/Type"): n("/StructElem"), n("/S"): n(kind), n("/P"): parent})
            if attributes:
                table_attributes = DictionaryObject({n("/O"): n("/Table")})
                for key, value in attributes.items():
                    table_attributes[n(key)] = n(value) if isinstance(value, str) else value
                made[n("/A")] = table_attributes
            return writer._add_object(made)

        table = element("/Table", document_ref)
        made_rows = []
        for row in rows:
            tr = element(row_type, table)
            tr.get_object()[n("/K")] = ArrayObject([element(kind, tr, attributes) for kind, attributes in row])
            made_rows.append(tr)
        table.get_object()[n("/K")] = ArrayObject(made_rows)
        document[n("/K")] = ArrayObject([*document["/K"], table])

    return mutate(data, change)


HEAD: Cell = ("/TH", {"/Scope": "/Column"})
ROW_HEAD: Cell = ("/TH", {"/Scope": "/Row"})
DATA: Cell = ("/TD", {})


def test_ua_tables_have_header_cells_that_say_what_they_head(good: bytes) -> None:
    """ISO 14289-1 7.5: a data table has TH cells with /Scope (or cells naming their /Headers)."""
    tagged = ua_form(good)
    assert check_pdf(with_table(tagged, [[HEAD, HEAD], [DATA, DATA]])).findings == []
    assert check_pdf(with_table(tagged, [[ROW_HEAD, DATA], [ROW_HEAD, DATA]])).findings == []  # a key-value table
    no_headers = check_pdf(with_table(tagged, [[DATA, DATA], [DATA, DATA]]))
    assert errors(no_headers) == {"ua-table-headers"}
    assert no_headers.findings[0].text().endswith("har 4 dataceller men ingen rubrikcell (TH)")
    assert errors(check_pdf(with_table(tagged, [[("/TH", {}), DATA]]))) == {"ua-table-scope"}
    linked = [[("/TH", {}), ("/TD", {"/Headers": ArrayObject([TextStringObject("h1")])})]]
    assert check_pdf(with_table(tagged, linked)).findings == []
    assert errors(check_pdf(with_table(tagged, [[HEAD]], row_type="/Div"))) == {"ua-table-structure"}


def untagged(data: bytes) -> bytes:
    def change(writer: PdfWriter) -> None:
        for key in ("/MarkInfo", "/StructTreeRoot"):
            del writer.root_object[key]

    return mutate(data, change)


def test_ua_rules_apply_when_asked_or_claimed(good: bytes) -> None:
    assert check_pdf(good).standard == "PDF/A-2u"
    asked = check_pdf(untagged(good), ua=True)
    assert asked.standard == "PDF/A-2u + PDF/UA-1"
    assert {"ua-marked", "ua-struct-tree"} <= errors(asked)
    assert check_pdf(ua_form(good), ua=False).standard == "PDF/A-2u"


def test_an_archival_copy_keeps_its_tags(good: bytes) -> None:
    """The flattened values stay tagged into the archival copy: made without the claim, the identification is all it lacks."""
    assert errors(check_pdf(good, ua=True)) == {"ua-id-missing"}
    claimed = PdfArchiveRenderer(get_form("samtycke"), Settings()).render(_sample("samtycke"))
    assert check_pdf(claimed).findings == [] and check_pdf(claimed).standard == "PDF/A-2u + PDF/UA-1"


# --- the command ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def files(good: bytes, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("check")
    paths = {
        "good": folder / "arkiv.pdf",
        "bad": folder / "utan-xmp.pdf",
        "nb": folder / "referat.pdf",
        "junk": folder / "inte.pdf",
    }
    paths["good"].write_bytes(good)
    paths["bad"].write_bytes(mutate(good, lambda w: w.root_object.__delitem__("/Metadata")))
    paths["nb"].write_bytes(pdfa_only("sel-referat"))
    paths["junk"].write_bytes(b"no pdf at all")
    return paths


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["check-pdf", *args])


def test_command_conforming_files_exit_0(files: dict[str, Path]) -> None:
    result = run(str(files["good"]), str(files["nb"]))
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{files['good']}: uppfyller PDF/A-2u i allt som kontrolleras (0 varningar)\n"
        f"{files['nb']}: oppfyller PDF/A-2u i alt som kontrolleres (0 advarsler)\n"
    )


def test_command_failing_file_exits_1(files: dict[str, Path]) -> None:
    result = run(str(files["good"]), str(files["bad"]))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[1] == f"{files['bad']}: uppfyller inte PDF/A-2b: 1 fel, 0 varningar"
    finding = "dokumentkatalogen saknar XMP-metadata (/Metadata) [ISO 19005-2:2011 6.6.2.1]"
    assert lines[2] == f"  fel       xmp-missing                {finding}"


def test_command_unreadable_file_exits_2_and_checks_the_rest(files: dict[str, Path]) -> None:
    result = run(str(files["junk"]), str(files["bad"]), "--format", "json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["conforms"] is False
    assert document["unreadable"] == [{"file": str(files["junk"]), "message": "inte.pdf: ingen PDF-fil"}]
    [checked] = document["files"]
    assert checked["standard"] == "PDF/A-2b" and checked["conforms"] is False
    assert [f["rule"] for f in checked["findings"]] == ["xmp-missing"]


def test_command_ua_option(files: dict[str, Path]) -> None:
    result = run("--ua", str(files["good"]))
    assert result.exit_code == 1
    assert result.output.startswith(f"{files['good']}: uppfyller inte PDF/A-2u + PDF/UA-1: ")


def test_command_counts_warnings_in_words(good: bytes, tmp_path: Path) -> None:
    def remote_link(writer: PdfWriter) -> None:
        action = {
            n("/S"): n("/GoToR"),
            n("/F"): TextStringObject("other.pdf"),
            n("/D"): ArrayObject([NumberObject(0), n("/Fit")]),
        }
        writer.pages[0][n("/Annots")] = ArrayObject([_link(writer, action)])

    path = tmp_path / "lank.pdf"
    path.write_bytes(mutate(good, remote_link))
    result = run(str(path))
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == f"{path}: uppfyller PDF/A-2u i allt som kontrolleras (1 varning)"


def test_a_damaged_object_is_a_finding_not_a_crash(good: bytes) -> None:
    def break_form(writer: PdfWriter) -> None:
        writer.root_object[n("/AcroForm")] = DictionaryObject({n("/Fields"): NumberObject(7)})  # a number, not an array

    result = check_pdf(mutate(good, break_form))
    assert "pdf-unreadable" in errors(result)
