"""Fillable AcroForm templates built from a form's schema: pages drawn by reportlab, fields added with pypdf."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from formkit.errors import PdfError
from formkit.i18n import LOCALES
from formkit.i18n import text as say
from formkit.model.catalog import Form
from formkit.model.fields import generic_path
from formkit.pdfio.fields import is_display_field
from formkit.pdfio.safety import quiet_pypdf
from formkit.render.pdf.embed import FONT_NAME
from formkit.render.pdf.fonts import register_reportlab_font
from formkit.render.pdf.layout import MARGIN, PAGE_W, Layout, Variant, Widget, form_tree, layout

FORM_KEY = "/FormkitForm"
VERSION_KEY = "/FormkitVersion"
"""Document info keys naming the form and schema version, so a filled copy identifies itself."""
CHECKED = "Ja"
"""The export value of every checkbox formkit builds (the filler reads each field's own)."""
FIELD_FONT = "Helv"
_MULTILINE = 1 << 12
_READ_ONLY = 1
_COMBO = 1 << 17
_PRINT = 4


def _fit(text: str, size: float, width: float) -> str:
    """Cut a label with an ellipsis so it never runs into the next box."""
    if not width or pdfmetrics.stringWidth(text, FONT_NAME, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FONT_NAME, size) > width:
        text = text[:-1]
    return text + "…"


def _draw_pages(form: Form, lay: Layout) -> bytes:
    """The printed part of every page: texts, field frames, signature lines, page numbers."""
    font = register_reportlab_font()
    bold = register_reportlab_font(bold=True)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1, invariant=1)  # reproducible builds
    pdf.setTitle(form.title)
    pdf.setAuthor("formkit")
    pdf.setCreator("formkit")
    page_word, of_word = say(form.language, "doc.page"), say(form.language, "doc.of")
    for page in range(lay.pages):
        for text in (t for t in lay.texts if t.page == page):
            pdf.setFont(bold if text.bold else font, text.size)
            pdf.setFillGray(0.0 if text.bold else 0.15)
            if text.width and pdfmetrics.stringWidth(text.text, font, text.size) > text.width and text.size >= 7.5:
                lines = simpleSplit(text.text, font, text.size, text.width)
                y = text.y
                for line in lines[:3]:
                    pdf.drawString(text.x, y, line)
                    y -= text.size + 1
            else:
                pdf.drawString(text.x, text.y, _fit(text.text, text.size, text.width))
        pdf.setStrokeGray(0.55)
        pdf.setLineWidth(0.6)
        for widget in (w for w in lay.widgets if w.page == page and not w.borderless):
            pdf.rect(widget.x, widget.y, widget.w, widget.h, stroke=1, fill=0)
        for rule in (r for r in lay.rules if r.page == page):
            pdf.line(rule.x, rule.y, rule.x + rule.w, rule.y)
        pdf.setFont(font, 7)
        pdf.setFillGray(0.4)
        footer = f"{form.title} · {page_word} {page + 1} {of_word} {lay.pages} · v{form.version}"
        pdf.drawRightString(PAGE_W - MARGIN, MARGIN / 2, footer)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _checkbox_appearances(writer: PdfWriter, zadb: IndirectObject, size: float) -> DictionaryObject:
    on = StreamObject()
    on.set_data(f"q 0 g BT /ZaDb {size - 3:g} Tf 1.6 2.2 Td (4) Tj ET Q".encode())
    off = StreamObject()
    off.set_data(b"")
    for stream in (on, off):
        stream.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject([NumberObject(0), NumberObject(0), FloatObject(size), FloatObject(size)]),
                NameObject("/Resources"): DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/ZaDb"): zadb})}),
            }
        )
    return DictionaryObject(
        {
            NameObject("/N"): DictionaryObject(
                {NameObject(f"/{CHECKED}"): writer._add_object(on), NameObject("/Off"): writer._add_object(off)}
            )
        }
    )


def _field_dict(widget: Widget, writer: PdfWriter, zadb: IndirectObject) -> DictionaryObject:
    rect = ArrayObject([FloatObject(round(v, 2)) for v in (widget.x, widget.y, widget.x + widget.w, widget.y + widget.h)])
    field = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/F"): NumberObject(_PRINT),
            NameObject("/Rect"): rect,
            NameObject("/T"): TextStringObject(widget.name.rsplit(".", 1)[-1]),
            NameObject("/TU"): TextStringObject(widget.label.rstrip(" *")),
        }
    )
    if widget.kind == "checkbox":
        field[NameObject("/FT")] = NameObject("/Btn")
        field[NameObject("/DA")] = TextStringObject("/ZaDb 0 Tf 0 g")
        field[NameObject("/MK")] = DictionaryObject({NameObject("/CA"): TextStringObject("4")})
        field[NameObject("/AS")] = NameObject("/Off")
        field[NameObject("/AP")] = _checkbox_appearances(writer, zadb, widget.h)
        return field
    field[NameObject("/DA")] = TextStringObject(f"/{FIELD_FONT} 9 Tf 0 g")
    if widget.kind == "choice":
        field[NameObject("/FT")] = NameObject("/Ch")
        field[NameObject("/Ff")] = NumberObject(_COMBO)
        field[NameObject("/Opt")] = ArrayObject(
            ArrayObject([TextStringObject(value), TextStringObject(label)]) for value, label in widget.options
        )
        return field
    field[NameObject("/FT")] = NameObject("/Tx")
    if widget.align:
        field[NameObject("/Q")] = NumberObject(widget.align)
    if widget.borderless:
        field[NameObject("/BS")] = DictionaryObject({NameObject("/W"): NumberObject(0)})
    flags = (_MULTILINE if widget.kind == "multiline" else 0) | (_READ_ONLY if widget.read_only else 0)
    if flags:
        field[NameObject("/Ff")] = NumberObject(flags)
    if widget.max_len:
        field[NameObject("/MaxLen")] = NumberObject(widget.max_len)
    return field


def _kids(parent: IndirectObject | None, top: ArrayObject) -> ArrayObject:
    if parent is None:
        return top
    node: Any = parent.get_object()
    kids: ArrayObject = node["/Kids"]
    return kids


def _add_fields(writer: PdfWriter, lay: Layout) -> None:
    """Hang every widget in a field tree whose qualified names are the contract's dot paths."""
    helv = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    zadb = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/ZapfDingbats"),
            }
        )
    )
    top = ArrayObject()
    nodes: dict[str, IndirectObject] = {}
    for widget in lay.widgets:
        parts = widget.name.split(".")
        parent: IndirectObject | None = None
        for depth in range(len(parts) - 1):
            prefix = ".".join(parts[: depth + 1])
            if prefix not in nodes:
                node = DictionaryObject({NameObject("/T"): TextStringObject(parts[depth]), NameObject("/Kids"): ArrayObject()})
                if parent is not None:
                    node[NameObject("/Parent")] = parent
                nodes[prefix] = writer._add_object(node)
                _kids(parent, top).append(nodes[prefix])
            parent = nodes[prefix]
        page = writer.pages[widget.page]
        field = _field_dict(widget, writer, zadb)
        field[NameObject("/P")] = page.indirect_reference
        if parent is not None:
            field[NameObject("/Parent")] = parent
        ref = writer._add_object(field)
        _kids(parent, top).append(ref)
        if "/Annots" not in page:
            page[NameObject("/Annots")] = ArrayObject()
        annots: Any = page["/Annots"]
        annots.append(ref)
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
        {
            NameObject("/Fields"): top,
            NameObject("/DA"): TextStringObject(f"/{FIELD_FONT} 0 Tf 0 g"),
            NameObject("/DR"): DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject(f"/{FIELD_FONT}"): helv, NameObject("/ZaDb"): zadb})}
            ),
            NameObject("/NeedAppearances"): BooleanObject(False),
        }
    )


def build_pdf_template(form: Form, counts: Mapping[str, int] | None = None) -> bytes:
    """The fillable template of a form; with counts (list path -> items) it adds addendum pages."""
    return build_pdf_template_and_layout(form, Variant(counts=tuple(sorted((counts or {}).items()))))[0]


def build_pdf_template_and_layout(form: Form, variant: Variant) -> tuple[bytes, Layout]:
    """The fillable template of *form* laid out for *variant* (see :class:`Variant`), and that layout."""
    lay = layout(form, variant=variant)
    pages = _draw_pages(form, lay)
    with quiet_pypdf():
        writer = PdfWriter(clone_from=io.BytesIO(pages))
        _add_fields(writer, lay)
        writer.add_metadata(
            {
                "/Title": form.title,
                "/Creator": "formkit",
                "/Producer": "formkit",
                FORM_KEY: form.id,
                VERSION_KEY: form.version,
            }
        )
        # The document's language, so screen readers and spell checkers use Swedish or bokmål.
        writer.root_object[NameObject("/Lang")] = TextStringObject(LOCALES[form.language])
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue(), lay


def check_pdf_template(form: Form, path: Path | None = None) -> list[str]:
    """Problems of a PDF template against its schema: unknown fields, required fields without a box."""
    from formkit.sources.pdf import read_field_tree

    target = path or form.template_path("pdf")
    try:
        info, fields = read_field_tree(target)
    except PdfError as exc:
        return [str(exc)]
    problems: list[str] = []
    if info.get(FORM_KEY) not in (None, form.id):
        problems.append(f"{target.name}: made for form {info.get(FORM_KEY)!r}, not {form.id!r}")
    templates = {f.path: f for f in form.model.leaves}
    fields = {name: value for name, value in fields.items() if not is_display_field(name)}
    for name in sorted(fields):
        if generic_path(name) not in templates:
            problems.append(f"{target.name}: field {name!r} matches no path of the schema")
    present = {generic_path(n) for n in fields}
    for leaf in templates.values():
        if leaf.required and not leaf.list_paths and leaf.path not in present:
            problems.append(f"{target.name}: required field {leaf.path!r} has no box in the template")
        elif leaf.required and leaf.list_paths and leaf.path not in present:
            problems.append(f"{target.name}: required list field {leaf.path!r} has no row in the template")
    return problems


def template_summary(form: Form) -> dict[str, Any]:
    """Counts for `formkit templates build` to print: pages, fields, rows per list."""
    lay = layout(form, None)
    tree = form_tree(form)
    rows = {c.name: c.rows for c in tree.children if c.item is not None}
    return {"form": form.id, "pages": lay.pages, "fields": len(lay.widgets), "rows": rows}
