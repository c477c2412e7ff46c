"""Fillable AcroForm templates built from a form's schema: pages drawn by reportlab, fields added with pypdf."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from formkit.errors import PdfError
from formkit.i18n import text as say
from formkit.model.catalog import Form
from formkit.model.fields import generic_path
from formkit.pdfio.fields import is_display_field
from formkit.pdfio.safety import quiet_pypdf
from formkit.render.pdf.embed import FONT_NAME
from formkit.render.pdf.fonts import register_reportlab_font, unicode_font
from formkit.render.pdf.formfonts import FIELD_FONT, check_mark_font, field_font, rename_subsets
from formkit.render.pdf.layout import MARGIN, PAGE_W, SECRECY_KEY, Layout, Variant, Widget, form_tree, layout
from formkit.render.pdf.pdfa import ArchiveMetadata, describe, xmp_packet
from formkit.render.pdf.tagging import ARTIFACT_FOOTER, ARTIFACT_HEADER, ARTIFACT_LAYOUT, END, begin, structure_type, tag_document

FORM_KEY = "/FormkitForm"
VERSION_KEY = "/FormkitVersion"
"""Document info keys naming the form and schema version, so a filled copy identifies itself."""
CHECKED = "Ja"
"""The export value of every checkbox formkit builds (the filler reads each field's own)."""
CHECK_FONT = "FkCheck"
_MULTILINE = 1 << 12
_READ_ONLY = 1
_REQUIRED = 2
_COMBO = 1 << 17
_PRINT = 4


def _fit(text: str, size: float, width: float) -> str:
    """Cut a label with an ellipsis so it never runs into the next box."""
    if not width or pdfmetrics.stringWidth(text, FONT_NAME, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FONT_NAME, size) > width:
        text = text[:-1]
    return text + "…"


def _draw_pages(form: Form, lay: Layout) -> tuple[bytes, dict[int, tuple[int, int]]]:
    """The printed part of every page, tagged: texts as marked content, frames, lines and page numbers as artifacts.

    Returns the PDF and, for every text drawn as content, id(text) -> (page, MCID).
    """
    font = register_reportlab_font()
    bold = register_reportlab_font(bold=True)
    out = io.BytesIO()
    # invariant: reproducible builds. The initial font is DejaVu Sans, so no unembedded Helvetica is declared.
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1, invariant=1, initialFontName=font)
    pdf.setTitle(form.title)
    pdf.setAuthor("formkit")
    pdf.setCreator("formkit")
    page_word, of_word = say(form.language, "doc.page"), say(form.language, "doc.of")
    mcids: dict[int, tuple[int, int]] = {}
    for page in range(lay.pages):
        texts = sorted((t for t in lay.texts if t.page == page), key=lambda t: t.order)
        for text in texts:
            if text.role == "Artifact":
                pdf.addLiteral(ARTIFACT_HEADER)
            else:
                mcid = len([m for m in mcids.values() if m[0] == page])
                mcids[id(text)] = (page, mcid)
                pdf.addLiteral(begin(structure_type(text), mcid))
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
            pdf.addLiteral(END)
        pdf.addLiteral(ARTIFACT_LAYOUT)
        pdf.setStrokeGray(0.55)
        pdf.setLineWidth(0.6)
        for widget in (w for w in lay.widgets if w.page == page and not w.borderless):
            pdf.rect(widget.x, widget.y, widget.w, widget.h, stroke=1, fill=0)
        for rule in (r for r in lay.rules if r.page == page):
            pdf.line(rule.x, rule.y, rule.x + rule.w, rule.y)
        pdf.addLiteral(END)
        pdf.addLiteral(ARTIFACT_FOOTER)
        pdf.setFont(font, 7)
        pdf.setFillGray(0.4)
        footer = f"{form.title} · {page_word} {page + 1} {of_word} {lay.pages} · v{form.version}"
        pdf.drawRightString(PAGE_W - MARGIN, MARGIN / 2, footer)
        pdf.addLiteral(END)
        pdf.showPage()
    with _binary_streams():
        pdf.save()
    return out.getvalue(), mcids


@contextlib.contextmanager
def _binary_streams() -> Iterator[None]:
    """reportlab writes fonts and pages in ASCII85 on top of Flate by default: a quarter larger, for no reader's gain."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def _form_stream(writer: PdfWriter, content: bytes, width: float, height: float, fonts: DictionaryObject | None = None) -> Any:
    stream = StreamObject()
    stream.set_data(content)
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([NumberObject(0), NumberObject(0), FloatObject(width), FloatObject(height)]),
            NameObject("/Resources"): DictionaryObject({NameObject("/Font"): fonts} if fonts is not None else {}),
        }
    )
    return writer._add_object(stream)


@dataclass
class _FormResources:
    """What every field of one template shares: the /DR font, the check mark's font and glyph, empty appearances."""

    text_font: IndirectObject
    check_font: IndirectObject | None
    """None when the form has no check box (an unused font would be carried by every filled copy)."""
    check_gid: int
    check_advance: float
    """The check mark's advance in 1/1000 em."""
    empty: dict[tuple[float, float], Any] = field(default_factory=dict)
    checks: dict[float, DictionaryObject] = field(default_factory=dict)


def _empty_appearance(writer: PdfWriter, shared: _FormResources, width: float, height: float) -> Any:
    """The appearance of an empty text or choice field (nothing drawn): every widget must have one (ISO 19005-2 6.3.3)."""
    key = (round(width, 2), round(height, 2))
    if key not in shared.empty:
        shared.empty[key] = _form_stream(writer, b"/Tx BMC EMC", *key)
    return shared.empty[key]


def _checkbox_appearances(writer: PdfWriter, shared: _FormResources, size: float) -> DictionaryObject:
    """On: ✔ from the embedded DejaVu Sans subset, centred; off: nothing. Shared by every box of one size."""
    if size not in shared.checks:
        font_size = size - 3
        x = (size - shared.check_advance * font_size / 1000) / 2
        on = f"q 0 g BT /{CHECK_FONT} {font_size:g} Tf {x:.2f} 2.2 Td <{shared.check_gid:04X}> Tj ET Q".encode()
        assert shared.check_font is not None, "made when the layout has a check box"
        fonts = DictionaryObject({NameObject(f"/{CHECK_FONT}"): shared.check_font})
        shared.checks[size] = DictionaryObject(
            {
                NameObject(f"/{CHECKED}"): _form_stream(writer, on, size, size, fonts),
                NameObject("/Off"): _form_stream(writer, b"", size, size),
            }
        )
    return DictionaryObject({NameObject("/N"): shared.checks[size]})


def _field_dict(widget: Widget, writer: PdfWriter, shared: _FormResources) -> DictionaryObject:
    rect = ArrayObject([FloatObject(round(v, 2)) for v in (widget.x, widget.y, widget.x + widget.w, widget.y + widget.h)])
    field = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/F"): NumberObject(_PRINT),
            NameObject("/Rect"): rect,
            NameObject("/T"): TextStringObject(widget.name.rsplit(".", 1)[-1]),
            NameObject("/TU"): TextStringObject(widget.tooltip or widget.label.rstrip(" *")),
        }
    )
    required = _REQUIRED if widget.required else 0
    if widget.kind == "checkbox":
        # No /DA: a check box holds no variable text, and no ZapfDingbats caption (/MK /CA) a viewer could redraw.
        field[NameObject("/FT")] = NameObject("/Btn")
        field[NameObject("/AS")] = NameObject("/Off")
        field[NameObject("/AP")] = _checkbox_appearances(writer, shared, widget.h)
        if required:
            field[NameObject("/Ff")] = NumberObject(required)
        return field
    field[NameObject("/DA")] = TextStringObject(f"/{FIELD_FONT} 9 Tf 0 g")
    field[NameObject("/AP")] = DictionaryObject({NameObject("/N"): _empty_appearance(writer, shared, widget.w, widget.h)})
    if widget.kind == "choice":
        field[NameObject("/FT")] = NameObject("/Ch")
        field[NameObject("/Ff")] = NumberObject(_COMBO | required)
        field[NameObject("/Opt")] = ArrayObject(
            ArrayObject([TextStringObject(value), TextStringObject(label)]) for value, label in widget.options
        )
        return field
    field[NameObject("/FT")] = NameObject("/Tx")
    if widget.align:
        field[NameObject("/Q")] = NumberObject(widget.align)
    if widget.borderless:
        field[NameObject("/BS")] = DictionaryObject({NameObject("/W"): NumberObject(0)})
    flags = (_MULTILINE if widget.kind == "multiline" else 0) | (_READ_ONLY if widget.read_only else 0) | required
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


def _add_fields(writer: PdfWriter, lay: Layout) -> dict[str, IndirectObject]:
    """Hang every widget in a field tree whose qualified names are the contract's dot paths; name -> widget."""
    check_font, check_gid = check_mark_font(writer) if any(w.kind == "checkbox" for w in lay.widgets) else (None, 0)
    font = unicode_font()
    shared = _FormResources(field_font(writer), check_font, check_gid, font.advances[check_gid] * 1000 / font.upem)
    top = ArrayObject()
    nodes: dict[str, IndirectObject] = {}
    widgets: dict[str, IndirectObject] = {}
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
        field = _field_dict(widget, writer, shared)
        field[NameObject("/P")] = page.indirect_reference
        if parent is not None:
            field[NameObject("/Parent")] = parent
        ref = writer._add_object(field)
        widgets[widget.name] = ref
        _kids(parent, top).append(ref)
        if "/Annots" not in page:
            page[NameObject("/Annots")] = ArrayObject()
        annots: Any = page["/Annots"]
        annots.append(ref)
    # No /NeedAppearances: every widget has its appearance, and viewers draw those (ISO 19005-2 6.4.1).
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
        {
            NameObject("/Fields"): top,
            NameObject("/DA"): TextStringObject(f"/{FIELD_FONT} 0 Tf 0 g"),
            NameObject("/DR"): DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject(f"/{FIELD_FONT}"): shared.text_font})}
            ),
        }
    )
    return widgets


def build_pdf_template(form: Form, counts: Mapping[str, int] | None = None, secrecy: str | None = None) -> bytes:
    """The fillable template of a form; with counts (list path -> items) it adds addendum pages.

    *secrecy* is the marking printed at the top of every page (default: the one the form's presentation gives).
    """
    marking = form.presentation.secrecy if secrecy is None else secrecy
    variant = Variant(counts=tuple(sorted((counts or {}).items())), secrecy=marking)
    return build_pdf_template_and_layout(form, variant)[0]


def build_pdf_template_and_layout(form: Form, variant: Variant) -> tuple[bytes, Layout]:
    """The fillable template of *form* laid out for *variant* (see :class:`Variant`), and that layout.

    The template claims PDF/UA-1 (XMP, Info, /Lang, /DisplayDocTitle, tagged
    structure); the tests check that it is. It claims no PDF/A: a person fills it
    in a viewer, which changes it (Acrobat also opens a PDF/A file read-only);
    only archival copies claim PDF/A (:mod:`formkit.render.pdf.archive`).
    """
    lay = layout(form, variant=variant)
    pages, mcids = _draw_pages(form, lay)
    with quiet_pypdf():
        writer = PdfWriter(clone_from=io.BytesIO(pages))
        rename_subsets(writer)
        widgets = _add_fields(writer, lay)
        tag_document(writer, lay, mcids, widgets)
        meta = ArchiveMetadata.of_template(form)
        describe(writer, meta, "formkit").set_data(xmp_packet(meta, None, "formkit", ua=True))
        if variant.secrecy.strip():
            writer.add_metadata({SECRECY_KEY: variant.secrecy})
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
        return [exc.message(form.language)]
    problems: list[str] = []
    language = form.language
    if info.get(FORM_KEY) not in (None, form.id):
        problems.append(say(language, "pdf.template_other_form", path=target.name, found=info.get(FORM_KEY), form=form.id))
    templates = {f.path: f for f in form.model.leaves}
    fields = {name: value for name, value in fields.items() if not is_display_field(name)}
    for name in sorted(fields):
        if generic_path(name) not in templates:
            problems.append(say(language, "pdf.template_unknown_field", path=target.name, field=name))
    present = {generic_path(n) for n in fields}
    for leaf in templates.values():
        if leaf.required and not leaf.list_paths and leaf.path not in present:
            problems.append(say(language, "pdf.template_no_box", path=target.name, field=leaf.path))
        elif leaf.required and leaf.list_paths and leaf.path not in present:
            problems.append(say(language, "pdf.template_no_row", path=target.name, field=leaf.path))
    return problems


def template_summary(form: Form) -> dict[str, Any]:
    """Counts for `formkit templates build` to print: pages, fields, rows per list."""
    lay = layout(form, None)
    tree = form_tree(form)
    rows = {c.name: c.rows for c in tree.children if c.item is not None}
    return {"form": form.id, "pages": lay.pages, "fields": len(lay.widgets), "rows": rows}
