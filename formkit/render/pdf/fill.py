"""Filling PDF templates fast: parse once per process, then append each record as an incremental update.

A filled copy is the template's bytes followed by one update section holding
only what changed: the filled fields (with /V and their own appearance
streams), one embedded font subset with the glyphs the record uses, and a new
cross-reference table. Nothing of the template is parsed or rewritten per
record, which is what makes batch filling fast; and what records share (the
appearance of a value in its box, a font subset, the lines at the top of the
pages) is made once per process and kept for the next records
(:mod:`formkit.render.pdf.cache`).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from formkit.errors import PdfError, RenderError, TemplateError
from formkit.i18n import text
from formkit.model.catalog import Form
from formkit.model.paths import flatten
from formkit.pdfio.safety import quiet_pypdf
from formkit.render.base import HashedBytes
from formkit.render.context import display_context, municipality, secrecy_marking, with_channels
from formkit.render.pdf.appearance import (
    FONT_RESOURCE,
    MIN_SIZE,
    MULTI_LINE_SIZE,
    PADDING,
    fits_multiline,
    line_ops,
    lines_that_fit,
)
from formkit.render.pdf.cache import AppearanceCache, BoundedCache, Glyphs, SubsetCache
from formkit.render.pdf.embed import font_objects
from formkit.render.pdf.flattags import TemplateStructure
from formkit.render.pdf.fonts import ShapedLine, UnicodeFont, longest_prefix, unicode_font
from formkit.render.pdf.layout import (
    CONTINUATION_SIZE,
    DISPLAY_PREFIX,
    MARGIN,
    MARKING_SIZE,
    MARKING_Y,
    PAGE_H,
    SECRECY_KEY,
    Layout,
    Variant,
    continuation_width,
    form_tree,
    layout_counts,
    list_counts,
)
from formkit.render.pdf.tagging import ARTIFACT_HEADER
from formkit.render.pdf.update import base_gap, packed_file, update_section
from formkit.settings import Settings
from formkit.textclean import clean_text

HEADER_SIZE = 8.0
HEADER_TOP = 22.0
"""The baseline of the header band (the municipality top right, later pages' title line top left)."""
HEADER_SIDE = MARGIN
"""The header band's left and right edges line up with the page's text and footer, as in the Word forms."""
TITLE_LINE_WIDTH = 260.0
"""Room for the title line at the top left of later pages (the municipality takes the top right)."""
_ADDENDUM_CACHE = 16
"""How many addendum variants (templates with extra rows) a process keeps prepared."""


def _line(text: str) -> str:
    """A line printed at the top of the pages: cleaned (:func:`clean_text`), its line breaks as spaces."""
    return clean_text(text).replace("\n", " ")


@dataclass
class WidgetSlot:
    """One widget (the box on a page) of a field: where it is and its dictionary to rewrite."""

    num: int
    head: bytes  # the widget dictionary without /AS, /AP (and /V when merged) and its closing ">>"
    width: float
    height: float
    x: float
    y: float
    page: int
    on_state: str = "Yes"
    on_ap: int | None = None


@dataclass
class Slot:
    """A terminal field of the template, ready to be rewritten with a value.

    Usually the field and its one widget are the same dictionary (``merged``);
    a field shown in several places has its widgets as kids.
    """

    num: int
    head: bytes  # the field dictionary without /V (and /AS, /AP when merged) and its closing ">>"
    kind: str  # "text", "multiline", "checkbox" or "choice"
    merged: bool
    widgets: list[WidgetSlot]
    labels: dict[str, str] | None = None
    align: int = 0
    """The field's quadding (/Q): 0 left, 1 centred, 2 right."""


@dataclass
class PageSlot:
    """A page's dictionary pieces needed to flatten: everything but /Annots, /Contents and /Resources."""

    num: int
    head: bytes
    contents: list[int]
    resources_head: bytes  # without /Font and /XObject, which each copy may add to
    fonts: bytes
    xobjects: bytes
    annots: bytes  # the page's own /Annots value, kept in an editable copy
    other_annots: list[int]  # the annotations that are not form widgets, kept when flattening
    width: float
    height: float


def _widget(ref: IndirectObject, node: Any, kind: str, merged: bool, widget_pages: dict[int, int]) -> WidgetSlot:
    """The slot of one widget: geometry, page, and for checkboxes the on state it draws."""
    x0, y0, x1, y1 = (float(v) for v in node["/Rect"])
    page = widget_pages.get(ref.idnum, 0)
    drop = {"/AS", "/AP"} if kind != "checkbox" else {"/AS"}
    if merged:
        drop.add("/V")
    widget = WidgetSlot(ref.idnum, _dict_head(node, drop), abs(x1 - x0), abs(y1 - y0), min(x0, x1), min(y0, y1), page)
    if kind == "checkbox":
        appearances = _resolved(node.get("/AP"))
        normal = _resolved(appearances.get("/N")) if isinstance(appearances, DictionaryObject) else None
        normal = normal if isinstance(normal, DictionaryObject) else DictionaryObject()
        states = [str(k)[1:] for k in normal if k != "/Off"]
        widget.on_state = states[0] if states else "Yes"
        on_ref = normal.raw_get(f"/{widget.on_state}") if states else None
        widget.on_ap = on_ref.idnum if isinstance(on_ref, IndirectObject) else None
    return widget


def _resolved(obj: Any) -> Any:
    """The object itself, when a dictionary entry holds a reference to it."""
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _subtype(ref: IndirectObject) -> str:
    node: Any = ref.get_object()
    return str(node.get("/Subtype")) if isinstance(node, DictionaryObject) else ""


def _serialize(obj: Any) -> bytes:
    out = io.BytesIO()
    obj.write_to_stream(out)
    return out.getvalue()


def _dict_head(node: DictionaryObject, drop: set[str]) -> bytes:
    """A dictionary written without some keys and without its closing ``>>``, to append keys to."""
    kept = DictionaryObject({k: v for k, v in node.items() if k not in drop})
    body = _serialize(kept).rstrip()
    return body[:-2]


def pdf_string(text: str) -> bytes:
    """A PDF text string: literal for plain ASCII, UTF-16BE with a byte order mark for anything else."""
    if text.isascii() and text.isprintable():  # only " " to "~": the two tests are C loops
        return b"(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("ascii") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


_HEADER = re.compile(rb"%PDF-\d\.\d\r?\n(%[^\r\n]*\r?\n)?")


def _packed(data: bytes, reader: PdfReader) -> tuple[bytes, int] | None:
    """A template as written by pypdf (read by *reader*), its dictionaries packed into an object stream.

    Every copy carries the template: packed, its dictionaries take a seventh of
    the room. Same objects, same numbers; the streams stay as they are. Returns
    the file and its first free object number; None for a file pypdf did not
    write (one section, generation 0, no object streams), which stays as it is.
    """
    header = _HEADER.match(data)
    in_use = [(num, generation) for generation, numbers in reader.xref.items() for num in numbers]
    if header is None or reader.xref_objStm or any(generation for _, generation in in_use):
        return None
    trailer = reader.trailer
    root = trailer.raw_get("/Root")
    tail = b"/Root %d %d R" % (root.idnum, root.generation)
    info = trailer.raw_get("/Info") if "/Info" in trailer else None
    if isinstance(info, IndirectObject):
        tail += b" /Info %d %d R" % (info.idnum, info.generation)
    if "/ID" in trailer:
        tail += b" /ID " + _serialize(trailer["/ID"])
    objects = [(num, _serialize(reader.get_object(num))) for num, _ in sorted(in_use)]
    size = int(trailer["/Size"])  # type: ignore[call-overload]
    return packed_file(header.group(), objects, size, tail), size + 2  # + the object stream and the cross-reference


def _pdf_name(name: str) -> bytes:
    return b"/" + re.sub(rb"[^!-~]|[#()<>\[\]{}/%]", lambda m: b"#%02X" % m.group()[0], name.encode()).lstrip(b"/")


class PreparedTemplate:
    """A template parsed once: its bytes, cross-reference position and every field's slot."""

    def __init__(self, data: bytes, name: str = "template", *, resave: bool = True) -> None:
        """*resave* False: *data* is formkit's own template, just written by pypdf (one section, nothing unused)."""
        with quiet_pypdf():
            try:
                if resave:
                    # Re-save through pypdf so the base is one clean section with only what is used
                    # (a template from elsewhere may have earlier updates, unused objects, damage).
                    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
                    out = io.BytesIO()
                    writer.write(out)
                    data = out.getvalue()
                reader = PdfReader(io.BytesIO(data))
                packed = _packed(data, reader)
                # The objects are read once: packing parses them, and indexing finds them parsed.
                data, size = packed if packed is not None else (data, int(reader.trailer["/Size"]))  # type: ignore[call-overload]
                self.base = data
                self._base_and_gap = data + base_gap(data)
                self._update_at = len(self._base_and_gap)
                self._base_digest = hashlib.sha256(self._base_and_gap)  # each copy hashes only its update
                self._index(reader, name, size)
            except (PdfError, TemplateError):
                raise
            except Exception as exc:  # pypdf raises many kinds on a broken template
                raise TemplateError("pdf.template_unreadable", path=name, kind=exc.__class__.__name__) from exc

    def _index(self, reader: PdfReader, name: str, size: int) -> None:
        """Slots, pages and trailer keys from *reader* (objects numbered as in self.base); *size*: its first free number."""
        trailer = reader.trailer
        self.size = size
        self.save_num, self.restore_num = self.size + 5, self.size + 6
        root_ref = trailer.raw_get("/Root")
        info_ref = trailer.raw_get("/Info") if "/Info" in trailer else None
        self.root_num = root_ref.idnum
        self.trailer_tail = f"/Root {root_ref.idnum} {root_ref.generation} R".encode()
        if isinstance(info_ref, IndirectObject):
            self.trailer_tail += f" /Info {info_ref.idnum} {info_ref.generation} R".encode()
        if "/ID" in trailer:
            self.trailer_tail += b" /ID " + _serialize(trailer["/ID"])
        found = re.findall(rb"startxref\s+(\d+)", self.base[-1024:])
        self.startxref = int(found[-1])
        root: Any = reader.trailer["/Root"].get_object()
        # Updates use object and cross-reference streams, PDF 1.5: the catalog says so.
        self.root_with_form = _dict_head(root, {"/Version"}) + b"/Version /1.7 >>"
        info: Any = reader.metadata or {}
        self.prints_marking = str(info.get(SECRECY_KEY) or "")
        """The secrecy marking the template prints itself (filling prints any other)."""
        page_refs: list[Any] = [page.indirect_reference for page in reader.pages]
        self.structure = TemplateStructure.of(reader, [ref.idnum for ref in page_refs])
        # A flattened copy has no form; a structure tree formkit cannot rewrite without its widgets goes too.
        flat_drop = {"/AcroForm", "/Version"} | ({"/StructTreeRoot", "/MarkInfo"} if self.structure is None else set())
        self.root_head = _dict_head(root, flat_drop) + b"/Version /1.7 "
        widget_pages: dict[int, int] = {}
        for index, page in enumerate(reader.pages):
            for annot in page.get("/Annots") or []:
                if isinstance(annot, IndirectObject):
                    widget_pages[annot.idnum] = index
        self.slots: dict[str, Slot] = {}
        acroform = root.get("/AcroForm")
        if acroform is None:
            raise TemplateError("pdf.template_no_fields", path=name)
        stack = [(ref, "") for ref in acroform.get_object()["/Fields"]]
        seen: set[int] = set()
        while stack:
            ref, prefix = stack.pop()
            if ref.idnum in seen:
                raise TemplateError("pdf.template_cycle", path=name)
            seen.add(ref.idnum)
            node = ref.get_object()
            partial = node.get("/T")
            qualified = prefix if partial is None else (f"{prefix}.{partial}" if prefix else str(partial))
            kids = node.get("/Kids")
            if kids and any("/T" in kid.get_object() for kid in kids):
                stack.extend((kid, qualified) for kid in kids)
                continue
            self.slots[qualified] = self._slot(ref, node, list(kids or []), widget_pages)
        self.pages = [self._page(page) for page in reader.pages]
        self.checkboxes = {w.num for slot in self.slots.values() if slot.kind == "checkbox" for w in slot.widgets}

    @staticmethod
    def _slot(ref: IndirectObject, node: Any, kids: list[Any], widget_pages: dict[int, int]) -> Slot:
        kind_name = str(node.get("/FT", ""))
        flags = int(node.get("/Ff", 0))
        kind = "checkbox" if kind_name == "/Btn" else "choice" if kind_name == "/Ch" else "text"
        if kind == "text" and flags & (1 << 12):
            kind = "multiline"
        merged = not kids
        widget_refs = [ref] if merged else [k for k in kids if isinstance(k, IndirectObject)]
        widgets = [_widget(w, w.get_object(), kind, merged, widget_pages) for w in widget_refs]
        head = b"" if merged else _dict_head(node, {"/V"})
        quadding = node.get("/Q", 0)
        slot = Slot(ref.idnum, head, kind, merged, widgets, align=int(quadding) if isinstance(quadding, int) else 0)
        if kind == "choice":
            slot.labels = {}
            for item in _resolved(node.get("/Opt")) or []:
                option = _resolved(item)
                if isinstance(option, ArrayObject) and len(option) >= 2:
                    slot.labels[str(option[0])] = str(option[1])
        return slot

    @staticmethod
    def _page(page: Any) -> PageSlot:
        contents = page.raw_get("/Contents") if "/Contents" in page else None
        if isinstance(contents, IndirectObject) and isinstance(contents.get_object(), ArrayObject):
            contents = contents.get_object()
        if isinstance(contents, ArrayObject):
            content_nums = [c.idnum for c in contents]
        elif isinstance(contents, IndirectObject):
            content_nums = [contents.idnum]
        else:
            content_nums = []
        resources = page["/Resources"].get_object() if "/Resources" in page else DictionaryObject()
        xobjects = resources.get("/XObject")
        xobject_body = _serialize(xobjects.get_object())[2:-2] if xobjects is not None else b""
        fonts = resources.get("/Font")
        font_body = _serialize(fonts.get_object())[2:-2] if fonts is not None else b""
        annots: Any = page.get("/Annots") or []
        others = [a.idnum for a in annots if isinstance(a, IndirectObject) and _subtype(a) != "/Widget"]
        box = [float(v) for v in page.mediabox]
        return PageSlot(
            page.indirect_reference.idnum,
            _dict_head(page, {"/Annots", "/Contents", "/Resources"}),
            content_nums,
            _dict_head(resources, {"/XObject", "/Font"}),
            font_body,
            xobject_body,
            _serialize(page.raw_get("/Annots")) if "/Annots" in page else b"",
            others,
            box[2] - box[0],
            box[3] - box[1],
        )

    def fill(
        self,
        data: dict[str, Any],
        font: UnicodeFont,
        flatten_form: bool = False,
        header: str = "",
        header_field: str | None = None,
        printed: PrintedRecord | None = None,
        appearances: AppearanceCache | None = None,
        marking: str = "",
        subsets: SubsetCache | None = None,
        headers: HeaderCache | None = None,
    ) -> bytes:
        """The filled copy of the template for one record (flattened: fields drawn into the pages).

        header (the municipality) is printed at the top right of every page; on
        the first page the field *header_field* holds it when the record gives it.
        *printed* says how the record prints (display text, field values, the
        display fields, the title line of later pages); without it values print as given.
        *marking* (the secrecy marking) is printed under the municipality on
        every page, unless the template prints it already.
        *appearances*, *subsets* and *headers* keep what records share for the next ones.
        """
        printed = printed or PrintedRecord()
        appearances = AppearanceCache() if appearances is None else appearances  # an empty cache is falsy
        headers = HeaderCache() if headers is None else headers
        objects: list[tuple[int, bytes]] = []
        font_num = self.size  # the font takes this and the next four numbers, then q and Q streams
        next_num = self.size + 7
        used: list[Glyphs] = []  # the glyph maps of what this copy shows, merged once at the end
        drawn: dict[int, list[tuple[int, float, float, int]]] = {}
        checked: dict[int, bool] = {}

        def put_text(slot: Slot, value: str, shown: str) -> None:
            """A text field's value (*value*) and each widget's appearance (showing *shown*), or its drawing when flat."""
            nonlocal next_num
            value_entry = b"/V " + pdf_string(value)
            if not slot.merged and not flatten_form:
                objects.append((slot.num, slot.head + value_entry + b">>"))
            wraps = slot.kind == "multiline"
            for w in slot.widgets:
                xobject, glyphs = appearances.xobject(font, shown, w.width, w.height, wraps, slot.align, font_num)
                used.append(glyphs)
                ap_num = next_num
                next_num += 1
                objects.append((ap_num, xobject))
                if flatten_form:
                    drawn.setdefault(w.page, []).append((ap_num, w.x, w.y, w.num))
                    continue
                own_value = value_entry + b" " if slot.merged else b""
                objects.append((w.num, w.head + own_value + b"/AP << /N %d 0 R >>>>" % ap_num))

        for path, value in flatten(data).items():
            if value is None or value == "" or value == [] or value == {}:
                continue
            slot = self.slots.get(path)
            if slot is None:
                raise RenderError("pdf.no_box", field=path)
            if slot.kind == "checkbox":
                ticked = value is True
                if flatten_form:
                    for w in slot.widgets:
                        checked[w.num] = ticked
                        if ticked and w.on_ap is not None:
                            drawn.setdefault(w.page, []).append((w.on_ap, w.x, w.y, w.num))
                    continue
                field_state = _pdf_name(slot.widgets[0].on_state if ticked and slot.widgets else "Off")
                if not slot.merged:
                    objects.append((slot.num, slot.head + b"/V " + field_state + b">>"))
                for w in slot.widgets:
                    state = _pdf_name(w.on_state if ticked else "Off")
                    own_value = b"/V " + field_state + b" " if slot.merged else b""
                    objects.append((w.num, w.head + own_value + b"/AS " + state + b">>"))
                continue
            # Cleaned as the record is before printing (a value straight from the library may not be).
            text = clean_text(printed.values.get(path, str(value)))
            shown = clean_text(printed.shown.get(path, ""))
            if not shown:
                shown = slot.labels.get(text, text) if slot.labels is not None else text
            put_text(slot, text, shown)
        for name, content in printed.display.items():
            slot = self.slots.get(name)
            if slot is None or not content:
                continue  # a template without formkit's display fields (a custom one) prints without them
            content = clean_text(content)
            put_text(slot, content, content)
        header_line = headers.line(font, _line(header)) if header else None
        if header_line is not None:
            used.append(header_line.glyphs)
        title_line = headers.line(font, _line(printed.title_line)) if printed.title_line else None
        if title_line is not None:
            used.append(title_line.glyphs)
        marking = _line(marking).strip()
        marking_line = headers.line(font, marking) if marking and marking != self.prints_marking else None
        if marking_line is not None:
            used.append(marking_line.glyphs)
        # The first map that names a glyph gives its text (updating in reverse lets the first win).
        text_of: dict[int, str] = {}
        for glyphs in reversed(used):
            text_of.update(glyphs)
        if text_of:
            bodies = subsets.objects(font, text_of, font_num) if subsets is not None else font_objects(font, text_of, font_num)[1]
            objects.extend((font_num + i, body) for i, body in enumerate(bodies))
        if flatten_form or header_line is not None or title_line is not None or marking_line is not None:
            # The first page prints the municipality through its header field when the record fills it.
            first_in_field = header_field is not None and header_field in self.slots and bool(data.get(header_field))
            lines = _HeaderLines(header_line, title_line, marking_line, first_in_field)
            tagged: dict[int, tuple[int, int]] = {}
            next_num = self._pages(objects, drawn, next_num, font, font_num, lines, flatten_form, tagged)
            if flatten_form and self.structure is not None:
                objects.extend(self.structure.flattened(tagged, {num: checked.get(num, False) for num in self.checkboxes}))
        objects.append((self.root_num, self.root_head + b">>" if flatten_form else self.root_with_form))
        tail = update_section(self._update_at, self.startxref, self.trailer_tail, objects, max(next_num, self.size))
        digest = self._base_digest.copy()
        digest.update(tail)
        return HashedBytes(b"".join((self._base_and_gap, tail)), digest.hexdigest())

    def _pages(
        self,
        objects: list[tuple[int, bytes]],
        drawn: dict[int, list[tuple[int, float, float, int]]],
        next_num: int,
        font: UnicodeFont,
        font_num: int,
        lines: _HeaderLines,
        flatten_form: bool,
        tagged: dict[int, tuple[int, int]],
    ) -> int:
        """Rewrite every page: the header lines on top, and when flattening the appearances drawn in, widgets gone.

        The header lines are page artifacts (a tagged template reads the
        municipality and the marking once, on page 1); a value drawn in place of
        a widget whose Form element the template has is marked content, noted in
        *tagged* (widget -> page, MCID) for the structure tree.
        """
        size = HEADER_SIZE
        resource = FONT_RESOURCE.encode()

        def header_ops(line: PrintedLine, x: float, y: float, at: float) -> bytes:
            # The same line sits at the same place on most pages and in most copies: drawn once.
            drawn = line.drawn.get((x, y, at))
            if drawn is None:
                shown = "\n".join(line_ops(line.shaped, x, y, at, font)).encode()
                drawn = ARTIFACT_HEADER.encode() + b"\nq BT 0.25 g /%s %g Tf\n" % (resource, at) + shown + b"\nET Q\nEMC\n"
                line.drawn[(x, y, at)] = drawn
            return drawn

        for index, page in enumerate(self.pages):
            ops = b""
            header, title_line, marking = lines.municipality, lines.title, lines.marking
            if header is not None and not (index == 0 and lines.first_in_field):
                x = page.width - HEADER_SIDE - header.width * size / font.upem
                ops += header_ops(header, x, page.height - HEADER_TOP, size)
            if title_line is not None and index > 0:
                # Later pages say whose document they belong to, so a loose page can be matched.
                ops += header_ops(title_line, HEADER_SIDE, page.height - HEADER_TOP, size)
            if marking is not None:
                at = min(MARKING_SIZE, (page.width - 2 * HEADER_SIDE) * font.upem / max(marking.width, 1))
                x = page.width - HEADER_SIDE - marking.width * at / font.upem
                ops += header_ops(marking, x, page.height - (PAGE_H - MARKING_Y), at)
            placed = drawn.get(index, [])
            structure = self.structure if flatten_form else None
            mcid = structure.next_mcid(index) if structure is not None else None
            for num, x, y, widget in placed:
                paint = b"q 1 0 0 1 %.2f %.2f cm /FkA%d Do Q\n" % (x, y, num)
                if structure is not None and mcid is not None and widget in structure.forms:
                    tagged[widget] = (index, mcid)
                    paint = b"/Form <</MCID %d>> BDC\n" % mcid + paint + b"EMC\n"
                    mcid += 1
                ops += paint
            stream_num = next_num
            next_num += 1
            objects.append((stream_num, b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream"))
            # Check boxes of one size share their appearance: each XObject is named once.
            painted = dict.fromkeys(num for num, _, _, _ in placed)
            xobjects = page.xobjects + b"".join(b" /FkA%d %d 0 R" % (num, num) for num in painted)
            uses_font = header is not None or title_line is not None or marking is not None
            fonts = page.fonts + (b" /%s %d 0 R" % (FONT_RESOURCE.encode(), font_num) if uses_font else b"")
            # The page's own streams are wrapped in q/Q so their graphics state cannot leak into ours.
            contents = b" ".join(b"%d 0 R" % n for n in [self.save_num, *page.contents, self.restore_num, stream_num])
            body = page.head + b"/Contents [" + contents + b"] /Resources " + page.resources_head
            body += b"/Font <<" + fonts + b">> /XObject <<" + xobjects + b">> >>"
            if not flatten_form and page.annots:
                body += b" /Annots " + page.annots
            elif flatten_form and page.other_annots:
                body += b" /Annots [" + b" ".join(b"%d 0 R" % n for n in page.other_annots) + b"]"
            objects.append((page.num, body + b">>"))
        objects.append((self.save_num, b"<< /Length 2 >>\nstream\nq\n\nendstream"))
        objects.append((self.restore_num, b"<< /Length 2 >>\nstream\nQ\n\nendstream"))
        return next_num


@dataclass
class PrintedLine:
    """A line fill prints on the pages (the municipality, the title line, the marking): shaped once, drawn once per place."""

    shaped: ShapedLine
    glyphs: Glyphs
    width: int
    drawn: dict[tuple[float, float, float], bytes] = field(default_factory=dict)


class HeaderCache:
    """The lines printed at the top of the pages, by their text, for the records of a batch (bounded)."""

    def __init__(self, budget: int = 1 << 20) -> None:
        self._lines: BoundedCache[str, PrintedLine] = BoundedCache(budget, lambda key, line: 2_000 + 8 * len(key))

    def line(self, font: UnicodeFont, shown: str) -> PrintedLine:
        found = self._lines.get(shown)
        if found is None:
            shaped = font.shape(shown)
            found = PrintedLine(shaped, tuple(shaped.text_of.items()), shaped.width)
            self._lines.put(shown, found)
        return found

    def clear(self) -> None:
        self._lines.clear()


@dataclass
class _HeaderLines:
    """What fill prints at the top of the pages: the municipality, later pages' title line, the secrecy marking."""

    municipality: PrintedLine | None
    title: PrintedLine | None
    marking: PrintedLine | None
    first_in_field: bool
    """Page 1 shows the municipality in its header field instead."""


@dataclass
class PrintedRecord:
    """How one record prints in a PDF: what each box shows, each field's value, the display fields, the title line.

    ``shown`` maps a field path to the text its box shows (a date in the form's
    language, an enum's label, the first part of a text that continues
    elsewhere); ``values`` to the value stored in the field when it differs from
    the record's (a date as the form's language writes it); ``display`` fills
    formkit's display fields (signers, recipients, continued text).
    """

    shown: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    display: dict[str, str] = field(default_factory=dict)
    title_line: str = ""


class PdfRenderer:
    """The PDF renderer `formkit fill` uses: one per worker process, `render` once per record.

    The shipped template is the blank form. A record is filled into a variant of
    it built from the schema (:class:`formkit.render.pdf.layout.Variant`): its
    signature lines name its signers, its recipients are listed, a list longer
    than the form's rows continues on an addendum and a text too long for its
    box continues on a continuation page. Variants are cached per process. A
    template given by the user (``--template``) is used as it is.
    """

    ext = "pdf"

    def __init__(
        self,
        form: Form,
        template: bytes | None = None,
        flatten_form: bool = False,
        header: str = "",
        settings: Settings | None = None,
        draft: bool = False,
        template_name: str = "",
    ) -> None:
        """*template_name* names a given *template* in errors (its file's name)."""
        self.form = form
        self.flatten = flatten_form
        self.header = header
        self.settings = settings
        """With settings, each record's own municipality (else the settings') heads every page."""
        self.draft = draft
        self.marking = secrecy_marking(form, settings)
        """The secrecy marking of every page (the settings', else the form's presentation's)."""
        self.font = unicode_font()
        self.custom = template is not None
        name = template_name or form.template_path("pdf").name
        self._template = PreparedTemplate(template, name) if template is not None else None
        self.tree = form_tree(form)
        self._variants: OrderedDict[Variant, tuple[PreparedTemplate, Layout]] = OrderedDict()
        self._appearances = AppearanceCache()
        self._subsets = SubsetCache()
        self._headers = HeaderCache()
        self._fits: BoundedCache[tuple[str, float, float], bool] = BoundedCache(1 << 20, lambda key, fits: 150 + 4 * len(key[0]))
        """Whether a multi-line text fits its box at the smallest size, by (text, inner width, height)."""

    @property
    def template(self) -> PreparedTemplate:
        """The template as given or shipped (the blank form); records fill variants of it unless one was given."""
        if self._template is None:
            from formkit.render.pdf.template import build_pdf_template

            path = self.form.template_path("pdf")
            # Prepared only when asked for: a batch of the shipped form fills its variants, never this.
            self._template = PreparedTemplate(path.read_bytes() if path.is_file() else build_pdf_template(self.form), path.name)
        return self._template

    def clear_caches(self) -> None:
        """Forget what earlier records left for later ones (benchmarks measure the cold cost with it)."""
        for cache in (self._appearances, self._subsets, self._headers, self._fits):
            cache.clear()
        self.font._widths.clear()

    def _prepared(self, variant: Variant) -> tuple[PreparedTemplate, Layout]:
        found = self._variants.get(variant)
        if found is None:
            from formkit.render.pdf.template import build_pdf_template_and_layout

            data, lay = build_pdf_template_and_layout(self.form, variant)
            found = (PreparedTemplate(data, f"{self.form.id} variant", resave=False), lay)
            self._variants[variant] = found
            if len(self._variants) > _ADDENDUM_CACHE:
                self._variants.popitem(last=False)
        else:
            self._variants.move_to_end(variant)
        return found

    def render(self, data: dict[str, Any]) -> bytes:
        """The filled PDF of one record."""
        settings = self.settings or Settings()
        data = dict(with_channels(self.form, data, settings))
        header = municipality(self.form, data, settings) if self.settings is not None else self.header
        header_field = self.form.presentation.header_field()
        context = display_context(self.form, data, settings, draft=self.draft)
        printed = self._printed(data, context)
        if self.custom:
            return self._fill(self.template, data, header, header_field, printed)
        counts = list_counts(data)
        details = context["dokument"]
        variant = Variant(
            counts=tuple(sorted(layout_counts(self.tree, counts).items())),
            signatures=tuple(row["rubrik"] for row in details["underskrifter"]),
            recipients=len(details["mottagare"]) if self.form.presentation.routing is not None else None,
            secrecy=self.marking,
            texts=self._texts(data, settings),
        )
        prepared, lay = self._prepared(variant)
        continued = self._continued(prepared, printed)
        if continued:
            variant = replace(variant, continuations=tuple((path, len(lines)) for path, (_, lines) in continued.items()))
            prepared, lay = self._prepared(variant)
            for path, (kept, _) in continued.items():
                note = text(self.form.language, "doc.continues_on", page=lay.continued_on.get(path, lay.pages))
                # A box of one line keeps its note on that line; a multi-line box gives it the last line.
                printed.shown[path] = f"{kept}\n{note}" if self._multiline(prepared, path) else f"{kept} {note}"
            for name, path, start, end in lay.continuation_fields:
                printed.display[name] = "\n".join(continued[path][1][start:end])
        return self._fill(prepared, data, header, header_field, printed)

    def _texts(self, data: dict[str, Any], settings: Settings) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
        """The record's variant's sentences (a routine's own words), as the variant of the template prints them."""
        if self.form.presentation.variants is None:
            return None
        return tuple(sorted(self.form.presentation.texts(data, settings, self.form.language).items()))

    def _fill(
        self, template: PreparedTemplate, data: dict[str, Any], header: str, header_field: str | None, printed: PrintedRecord
    ) -> bytes:
        return template.fill(
            data,
            self.font,
            self.flatten,
            header,
            header_field,
            printed,
            appearances=self._appearances,
            marking=self.marking,
            subsets=self._subsets,
            headers=self._headers,
        )

    @staticmethod
    def _multiline(prepared: PreparedTemplate, path: str) -> bool:
        slot = prepared.slots.get(path)
        return slot is not None and slot.kind == "multiline"

    def _printed(self, data: dict[str, Any], context: dict[str, Any]) -> PrintedRecord:
        """The display text of every value (from the one display context), signers, recipients and title line."""
        printed = PrintedRecord()
        raw = flatten(data)
        shown = flatten(context)
        model = self.form.model
        for path, value in raw.items():
            node = model.node(path)
            if node is None or value is None or isinstance(value, bool):
                continue
            display = shown.get(path)
            if isinstance(display, str) and display:
                printed.shown[path] = display
                if node.format == "date":
                    printed.values[path] = display  # a date is stored as the form's language writes it
        details = context["dokument"]
        for index, row in enumerate(details["underskrifter"]):
            printed.display[f"{DISPLAY_PREFIX}underskrifter.{index}.namn"] = ", ".join(p for p in (row["namn"], row["roll"]) if p)
            printed.display[f"{DISPLAY_PREFIX}underskrifter.{index}.datum"] = row["datum"]
        for index, recipient in enumerate(details["mottagare"]):
            printed.display[f"{DISPLAY_PREFIX}mottagare.{index}"] = f"{recipient['kind_label']}: {recipient['label']}"
        person = details.get("person") or ""
        title = f"{self.form.title} · {person}" if person else self.form.title
        # The header only identifies the page (the full name is in the document): it keeps clear of the municipality.
        room = TITLE_LINE_WIDTH * self.font.upem / HEADER_SIZE
        if self.font.width(title) > room:
            title = title[: longest_prefix(self.font, title, room - self.font.width(" …"))].rstrip() + " …"
        printed.title_line = title
        return printed

    def _continued(self, prepared: PreparedTemplate, printed: PrintedRecord) -> dict[str, tuple[str, list[str]]]:
        """The texts too long for their box at a readable size: path -> (what the box keeps, the rest's lines)."""
        font = self.font
        found: dict[str, tuple[str, list[str]]] = {}
        wide = continuation_width() * font.upem / CONTINUATION_SIZE
        for path, shown in printed.shown.items():
            slot = prepared.slots.get(path)
            if slot is None or slot.kind not in ("text", "multiline") or not slot.widgets:
                continue
            box = slot.widgets[0]
            inner = max(box.width - 2 * PADDING, 1.0)
            if slot.kind == "multiline":
                key = (shown, inner, box.height)
                fits = self._fits.get(key)
                if fits is None:
                    fits = fits_multiline(font, shown, inner, box.height, MIN_SIZE)
                    self._fits.put(key, fits)
                if fits:
                    continue
                lines = font.wrap(shown, inner * font.upem / MULTI_LINE_SIZE)
                room = max(lines_that_fit(box.height, MULTI_LINE_SIZE) - 1, 0)
                kept = lines[:room]
                rest = shown[consumed(shown, kept) :].lstrip()
                found[path] = ("\n".join(kept), font.wrap(rest, wide))
            else:
                if font.width(shown.replace("\n", " ")) * MIN_SIZE / font.upem <= inner:
                    continue
                # A single line keeps what fits with room for the note; the whole value continues.
                widest_note = text(self.form.language, "doc.continues_on", page=999)
                note_room = inner - font.width(f" … {widest_note}") * MIN_SIZE / font.upem
                cut = longest_prefix(font, shown, note_room * font.upem / MIN_SIZE)
                found[path] = (shown[:cut].rstrip() + " …", font.wrap(shown, wide))
        return found


def consumed(value: str, lines: list[str]) -> int:
    """How much of *value* the wrapped *lines* (substrings of it, in order) cover: the rest starts there."""
    position = 0
    for line in lines:
        found = value.find(line, position)
        if found < 0:
            break
        position = found + len(line)
    return position


def pdf_renderer_factory(form: Form, settings: Any = None, options: Any = None) -> PdfRenderer:
    """Factory for `formkit fill --to pdf`: (form, settings, options).

    Prints the municipality (``settings.municipality``) at the top of every page (as the Word forms do);
    honours ``options.flatten`` and ``options.templates["pdf"]`` (a template
    that replaces the shipped one); ``draft`` needs nothing here, since empty
    fields simply stay empty.
    """
    templates = getattr(options, "templates", None) or {}
    template, name = None, ""
    if "pdf" in templates:
        path = Path(templates["pdf"])
        template, name = custom_template(form, path), path.name
    flatten_form = bool(getattr(options, "flatten", False))
    draft = bool(getattr(options, "draft", False))
    return PdfRenderer(
        form, template=template, flatten_form=flatten_form, settings=settings or Settings(), draft=draft, template_name=name
    )


def custom_template(form: Form, path: Path) -> bytes:
    """The bytes of a PDF template given with ``--template``, checked against *form* before any record.

    A template of another form, or one without a box for a required field, would fail
    every record one by one; TemplateError says so once, naming the first problems.
    """
    from formkit.i18n import text
    from formkit.render.pdf.template import check_pdf_template

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError("pdf.template_missing", path=path.name) from exc
    problems = check_pdf_template(form, path)
    if problems:
        shown = "; ".join(problem.removeprefix(f"{path.name}: ") for problem in problems[:3])
        if len(problems) > 3:
            shown += " " + text(form.language, "check.more", count=len(problems) - 3)
        raise TemplateError("pdf.template_unfit", path=path.name, form=form.id, problems=shown)
    return data


def fill_pdf(form: Form, data: dict[str, Any], flatten_form: bool = False) -> bytes:
    """One filled PDF without keeping a renderer (tests, one-off use)."""
    return PdfRenderer(form, flatten_form=flatten_form).render(data)


def _register() -> None:
    from formkit.render.base import register_renderer

    register_renderer("pdf", pdf_renderer_factory)


_register()
