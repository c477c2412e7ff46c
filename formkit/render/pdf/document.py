"""Writing a composed document as a tagged PDF: pages, fields and structure tree, object by object, as bytes.

What every document of a form shares is made once per process and kept as
finished objects at fixed numbers (:class:`FormPieces`): the catalog, the
metadata, the fonts of the form's own words (DejaVu Sans and its bold, each a
subset of what the form can print), the font fields name for typing (/DR),
the check mark and its appearances. A record adds its pages, their content
streams (the form's words are shaped once per process and reused), its
fields with their appearance streams (cached across records, see
:mod:`formkit.render.pdf.cache`), a subset of the font with the glyphs its
values use, and its structure tree. Nothing is parsed: a document of any
shape costs about what any other does.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field
from typing import Any

from formkit.i18n import CATALOGUE
from formkit.model.catalog import Form
from formkit.render.base import HashedBytes
from formkit.render.pdf.appearance import FONT_RESOURCE, line_ops
from formkit.render.pdf.cache import AppearanceCache, BoundedCache, Glyphs, SubsetCache
from formkit.render.pdf.compose import MARGIN, Box, Composition, Elem, Frame, Line, Run
from formkit.render.pdf.embed import font_objects
from formkit.render.pdf.fill import pdf_string
from formkit.render.pdf.fonts import ShapedLine, UnicodeFont, bold_font, unicode_font
from formkit.render.pdf.formfonts import CHECK_MARK, dr_font_objects
from formkit.render.pdf.update import update_section
from formkit.render.pdf.pdfa import FORM_KEY, VERSION_KEY, ArchiveMetadata, srgb_profile, xmp_packet
from formkit.render.plan import Field, compiled_plan

FIELD_FONT = "DejaVu"
"""The /DR font every text field's /DA names (what a viewer types with)."""
CHECKED = "Ja"
"""The export value of every check box formkit builds."""
_MULTILINE = 1 << 12
_READ_ONLY = 1
_REQUIRED = 2
_COMBO = 1 << 17
_PRINT = 4
_CATALOG, _PAGES, _ACROFORM, _STRUCT_ROOT, _PARENT_TREE, _DOCUMENT, _INFO, _METADATA = range(1, 9)
VALUE_FONT = 9
"""The font of a record's values takes objects 9-13 in every document: appearance streams name it, and are cached."""
_STATIC = 14
_HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
_DA = pdf_string(f"/{FIELD_FONT} 9 Tf 0 g")
_UNCHECKED = b"/A << /O /PrintField /Role /cb /checked /off >>"
_FACES = {"regular": b"FkS", "bold": b"FkB", "value": FONT_RESOURCE.encode()}
_ARTIFACTS = {
    "Header": b"/Artifact <</Type /Pagination /Subtype /Header>> BDC\n",
    "Footer": b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n",
    "Pagination": b"/Artifact <</Type /Pagination>> BDC\n",
    "Layout": b"/Artifact <</Type /Layout>> BDC\n",
}


def _name(value: str) -> bytes:
    return b"/" + "".join(c if c.isalnum() or c in "-_." else f"#{ord(c):02X}" for c in value).encode("ascii")


_CHECKED_NAME = _name(CHECKED)


@dataclass
class _Shaped:
    """A line shaped once: the operators starting it (font and size), drawing it at the origin, its glyphs, its face."""

    start: bytes
    ops: bytes
    glyphs: Glyphs
    face: bytes
    """The font resource it is drawn with: the form's subsets, or the record's value font for any other glyph."""


@dataclass
class FormPieces:
    """What every document of one form shares, made once per process: fixed objects and the form's fonts."""

    objects: list[tuple[int, bytes]]
    first_free: int
    regular_font: int
    bold_font: int
    dr_font: int
    check_font: int
    check_on: int
    check_off: int
    empty: int
    check_objects: list[tuple[int, bytes]]
    """The check mark's font and appearances: only in a document with a check box."""
    empty_objects: list[tuple[int, bytes]]
    """The appearance of an empty text field: only in a document with one."""
    regular: frozenset[int]
    bold: frozenset[int]
    info: bytes
    trailer_id: bytes


def _static_texts(form: Form) -> str:
    """Every character the form's own words can print: its plans' texts, titles, the catalogue's document words."""
    from formkit.settings import Settings

    plan = compiled_plan(form)
    chars: set[str] = set("0123456789 .,:;*()/–-·…→›%" + "ÅÄÖåäöÆØæøÉéÜü")
    settings = Settings()
    for mode in ("blank", "draft"):
        built = plan.build(None if mode == "blank" else {}, settings, mode)  # type: ignore[arg-type]
        for value in built.texts():
            chars.update(value)
    for node in form.model.root.walk():
        chars.update(node.title)
    for key, (sv, nb) in CATALOGUE.items():
        if key.startswith("doc."):
            chars.update(sv)
            chars.update(nb)
    return "".join(sorted(c for c in chars if c.isprintable()))


def _glyphs_of(font: UnicodeFont, chars: str) -> dict[int, str]:
    found: dict[int, str] = {}
    for char in chars:
        line = font.shape(char)
        for gid, value in line.text_of.items():
            found.setdefault(gid, value)
    return found


def form_pieces(form: Form, *, flat: bool) -> FormPieces:
    """The fixed objects of *form*'s documents (catalog, metadata, fonts, check marks); *flat*: without fields."""
    regular, bold = unicode_font(), bold_font()
    chars = _static_texts(form)
    regular_map, bold_map = _glyphs_of(regular, chars), _glyphs_of(bold, chars)
    objects: list[tuple[int, bytes]] = []
    num = _STATIC
    _, bodies = font_objects(regular, regular_map, num)
    objects += [(num + i, body) for i, body in enumerate(bodies)]
    regular_num = num
    num += len(bodies)
    _, bodies = font_objects(bold, bold_map, num, name="DejaVuSans-Bold")
    objects += [(num + i, body) for i, body in enumerate(bodies)]
    bold_num = num
    num += len(bodies)
    dr_num = num
    bodies = dr_font_objects(num)
    if not flat:  # a copy without fields names no font to type with
        objects += [(num + i, body) for i, body in enumerate(bodies)]
    num += len(bodies)
    check_num = num
    check_gid = regular.shape(CHECK_MARK).gids[0]
    _, bodies = font_objects(regular, {check_gid: CHECK_MARK}, num)
    check_objects = [(num + i, body) for i, body in enumerate(bodies)]
    num += len(bodies)
    size = 12.0
    advance = regular.advances[check_gid] * 1000 / regular.upem
    font_size = size - 3
    x = (size - advance * font_size / 1000) / 2
    on = f"q 0 g BT /FkCheck {font_size:g} Tf {x:.2f} 2.2 Td <{check_gid:04X}> Tj ET Q".encode()
    check_on, check_off, empty = num, num + 1, num + 2
    resources = b"/Resources << /Font << /FkCheck %d 0 R >> >>" % check_num
    check_objects.append((check_on, _xobject(on, size, size, resources)))
    check_objects.append((check_off, _xobject(b"", size, size, b"/Resources << >>")))
    empty_objects = [(empty, _xobject(b"/Tx BMC EMC", 1.0, 1.0, b"/Resources << >>"))]
    num += 3
    meta = ArchiveMetadata.of_template(form)
    xmp = xmp_packet(meta, "U", "formkit", ua=True)
    objects.append((_METADATA, b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(xmp) + xmp + b"\nendstream"))
    profile = zlib.compress(srgb_profile(), 6)
    intent_num = num
    objects.append(
        (num, b"<< /N 3 /Filter /FlateDecode /Length %d >>\nstream\n" % len(profile) + profile + b"\nendstream")
    )
    num += 1
    intent = (
        b"<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) "
        b"/RegistryName (http://www.color.org) /Info (sRGB IEC61966-2.1 \\(littleCMS built-in profile\\)) "
        b"/DestOutputProfile %d 0 R >>" % intent_num
    )
    language = pdf_string(meta.language)
    catalog = (
        b"<< /Type /Catalog /Version /1.7 /Pages 2 0 R /StructTreeRoot 4 0 R /MarkInfo << /Marked true >> /Lang "
        + language
        + b" /ViewerPreferences << /DisplayDocTitle true >> /Metadata 8 0 R /OutputIntents ["
        + intent
        + b"]"
        + (b"" if flat else b" /AcroForm 3 0 R")
        + b" >>"
    )
    objects.append((_CATALOG, catalog))
    info = (
        b"<< /Title " + pdf_string(meta.title) + b" /Subject " + pdf_string(meta.description)
        + b" /Creator (formkit) /Producer (formkit)"
        + b" " + FORM_KEY.encode() + b" " + pdf_string(meta.form_id)
        + b" " + VERSION_KEY.encode() + b" " + pdf_string(meta.form_version) + b" >>"
    )  # fmt: skip
    objects.append((_INFO, info))
    digest = hashlib.md5(form.id.encode() + form.version.encode(), usedforsecurity=False).hexdigest().upper().encode()
    return FormPieces(
        objects, num, regular_num, bold_num, dr_num, check_num, check_on, check_off, empty, check_objects, empty_objects,
        frozenset(regular_map), frozenset(bold_map), info, b"[<%s> <%s>]" % (digest, digest),
    )  # fmt: skip


def _xobject(content: bytes, width: float, height: float, resources: bytes) -> bytes:
    packed = zlib.compress(content, 9)
    return (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] %s /Filter /FlateDecode /Length %d >>\nstream\n"
        % (width, height, resources, len(packed))
        + packed
        + b"\nendstream"
    )


@dataclass
class _Page:
    num: int
    contents: int
    annots: list[int] = field(default_factory=list)
    xobjects: dict[int, bytes] = field(default_factory=dict)
    faces: set[bytes] = field(default_factory=set)
    marked: list[Elem] = field(default_factory=list)
    """The element of each MCID on the page, in order."""
    ops: list[bytes] = field(default_factory=list)


_STRING_CACHE: dict[str, bytes] = {}


def _string(value: str) -> bytes:
    """pdf_string, kept for the names, tooltips and labels every record repeats."""
    found = _STRING_CACHE.get(value)
    if found is None:
        found = pdf_string(value)
        if len(_STRING_CACHE) < 100_000:
            _STRING_CACHE[value] = found
    return found


class DocumentWriter:
    """Writes composed documents of one form (fillable, or *flat*: values drawn, no fields)."""

    def __init__(self, form: Form, *, flat: bool = False) -> None:
        self.form = form
        self.flat = flat
        self.pieces = form_pieces(form, flat=flat)
        self.font = unicode_font()
        self.bold = bold_font()
        self._shaped: dict[tuple[str, str, float], _Shaped] = {}
        self._values: BoundedCache[tuple[str, float], _Shaped] = BoundedCache(
            4 << 20, lambda key, shaped: 200 + 4 * len(key[0]) + len(shaped.ops)
        )
        self.appearances = AppearanceCache()
        self.subsets = SubsetCache()
        self._widget_heads: dict[tuple[str, str, str, int, int, bool], bytes] = {}
        self._faces = {b"FkS": self.pieces.regular_font, b"FkB": self.pieces.bold_font, FONT_RESOURCE.encode(): VALUE_FONT}

    def clear_caches(self) -> None:
        for cache in (self.appearances, self.subsets, self._values):
            cache.clear()
        self._shaped.clear()

    # -- text ---------------------------------------------------------------------------------------------------------

    def _shape(self, face: str, value: str, size: float) -> _Shaped:
        if face == "value":
            found = self._values.get((value, size))
            if found is None:
                found = self._make(self.font, value, size, _FACES["value"])
                self._values.put((value, size), found)
            return found
        key = (face, value, size)
        found = self._shaped.get(key)
        if found is None:
            font = self.bold if face == "bold" else self.font
            found = self._make(font, value, size, _FACES[face])
            allowed = self.pieces.bold if face == "bold" else self.pieces.regular
            if not all(gid in allowed for gid, _ in found.glyphs):
                found = self._make(self.font, value, size, _FACES["value"])
            if len(self._shaped) < 20_000:
                self._shaped[key] = found
        return found

    @staticmethod
    def _make(font: UnicodeFont, value: str, size: float, face: bytes) -> _Shaped:
        line: ShapedLine = font.shape(value)
        ops = "\n".join(line_ops(line, 0.0, 0.0, size, font)).encode("ascii")
        return _Shaped(b"BT /%s %g Tf " % (face, size), ops, tuple(line.text_of.items()), face)

    # -- the document -------------------------------------------------------------------------------------------------

    def write(self, composition: Composition) -> bytes:
        """The PDF of a composed document."""
        pieces = self.pieces
        objects: list[tuple[int, bytes]] = list(pieces.objects)
        num = pieces.first_free
        pages = [_Page(num + 2 * i, num + 2 * i + 1) for i in range(len(composition.pages))]
        num += 2 * len(pages)
        used: list[Glyphs] = []
        widgets: list[tuple[int, Elem, str]] = []
        self._uses_check = self._uses_empty = False
        value_face = _FACES["value"]
        artifacts = _ARTIFACTS
        for index, page in enumerate(composition.pages):
            out = pages[index]
            ops = out.ops
            marked = out.marked
            frames: list[bytes] = []
            boxes: list[tuple[Box, float, float]] = []
            faces = out.faces
            if index == 0 and composition.kommun_box is not None:
                box = composition.kommun_box
                boxes.append((box, box.x, box.y))
            for item, top in page.items():
                kind = type(item)
                if kind is Run:
                    run: Run = item  # type: ignore[assignment]
                    shaped = self._shape(run.face, run.text, run.size)
                    if shaped.face is value_face:
                        used.append(shaped.glyphs)
                    faces.add(shaped.face)
                    x, y = (run.x, run.y) if top < 0 else (MARGIN + run.x, top - run.y)
                    drawn = b"q 1 0 0 1 %.2f %.2f cm %s%.2f g\n%s\nET Q\n" % (x, y, shaped.start, run.gray, shaped.ops)
                    owner = run.owner
                    if owner is not None:
                        owner.mcids.append((index, len(marked)))
                        ops.append(b"/%s <</MCID %d>> BDC\n%sEMC\n" % (owner.type.encode(), len(marked), drawn))
                        marked.append(owner)
                    else:
                        ops.append(artifacts[run.artifact or "Layout"] + drawn + b"EMC\n")
                elif kind is Frame:
                    frame: Frame = item  # type: ignore[assignment]
                    frames.append(b"%.2f %.2f %.2f %.2f re" % (MARGIN + frame.x, top - frame.y - frame.h, frame.w, frame.h))
                elif kind is Line:
                    line: Line = item  # type: ignore[assignment]
                    x, y = MARGIN + line.x, top - line.y
                    frames.append(b"%.2f %.2f m %.2f %.2f l" % (x, y, x + line.w, y))
                else:
                    box = item  # type: ignore[assignment]
                    boxes.append((box, MARGIN + box.x, top - box.y - box.h))
            if frames:
                ops.append(b"/Artifact <</Type /Layout>> BDC\nq 0.55 G 0.6 w\n" + b"\n".join(frames) + b"\nS Q\nEMC\n")
            num = self._boxes(boxes, out, index, objects, num, used, widgets)
        # The record's value font: every glyph its values and other texts use, subset once for the copy.
        text_of: dict[int, str] = {}
        for glyphs in reversed(used):
            text_of.update(glyphs)
        if self._uses_check:
            objects.extend(pieces.check_objects)
        if self._uses_empty:
            objects.extend(pieces.empty_objects)
        if text_of:
            bodies = self.subsets.objects(self.font, text_of, VALUE_FONT)
            objects.extend((VALUE_FONT + i, body) for i, body in enumerate(bodies))
        self._pages(pages, objects)
        num, nums, keys = self._structure(composition.document, pages, objects, num)
        if not self.flat:
            num = self._field_tree(widgets, keys, nums, objects, num)
        objects.append((_PARENT_TREE, b"<< /Nums [" + b" ".join(nums) + b"] >>"))
        kids = b" ".join(b"%d 0 R" % p.num for p in pages)
        objects.append((_PAGES, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages))))
        tail = b"/Root 1 0 R /Info 7 0 R /ID " + pieces.trailer_id
        data = _HEADER + update_section(len(_HEADER), None, tail, objects, num, level=1)
        return HashedBytes(data, hashlib.sha256(data).hexdigest())

    def _boxes(
        self,
        boxes: list[tuple[Box, float, float]],
        page: _Page,
        index: int,
        objects: list[tuple[int, bytes]],
        num: int,
        used: list[Glyphs],
        widgets: list[tuple[int, Elem, str]],
    ) -> int:
        """Each box: a widget with its appearance, or (flat) its appearance drawn on the page as the field's content."""
        pieces = self.pieces
        flat = self.flat
        for box, x, y in boxes:
            item = box.field
            if item.kind == "check":
                ticked = bool(item.checked)
                self._uses_check = self._uses_check or ticked or not flat
                if flat:
                    box.owner.attributes = b"/A << /O /PrintField /Role /cb /checked /on >>" if ticked else _UNCHECKED
                    if ticked:
                        self._draw(page, index, box.owner, pieces.check_on, x, y)
                    continue
                state = _CHECKED_NAME if ticked else b"/Off"
                head = self._widget_head(item, box)
                objects.append(
                    (num, b"<< /Type /Annot /Subtype /Widget /F 4 /Rect [%.2f %.2f %.2f %.2f] /P %d 0 R%s /V %s /AS %s"
                     % (x, y, x + box.w, y + box.h, page.num, head, state, state))
                )  # fmt: skip
            else:
                shown = box.shown
                if shown:
                    xobject, glyphs = self.appearances.xobject(self.font, shown, box.w, box.h, box.multiline, box.align, VALUE_FONT)
                    used.append(glyphs)
                    appearance = num
                    objects.append((num, xobject))
                    num += 1
                elif flat:
                    continue  # an empty field leaves the tree; its printed label stays
                else:
                    appearance = pieces.empty
                    self._uses_empty = True
                if flat:
                    box.owner.attributes = b"/A << /O /PrintField /Role /tv >>"
                    self._draw(page, index, box.owner, appearance, x, y)
                    continue
                value = b" /V " + _string(item.stored) if item.stored else b""
                objects.append(
                    (num, b"<< /Type /Annot /Subtype /Widget /F 4 /Rect [%.2f %.2f %.2f %.2f] /P %d 0 R%s%s /AP << /N %d 0 R >>"
                     % (x, y, x + box.w, y + box.h, page.num, self._widget_head(item, box), value, appearance))
                )  # fmt: skip
            page.annots.append(num)
            box.owner.widget = (num, page.num)
            widgets.append((num, box.owner, item.path))
            num += 1
        return num

    def _draw(self, page: _Page, index: int, owner: Elem, xobject: int, x: float, y: float) -> None:
        """A value drawn where its box was (a flat copy): the Form element's content."""
        mcid = len(page.marked)
        page.marked.append(owner)
        owner.mcids.append((index, mcid))
        page.xobjects[xobject] = b"FkA%d" % xobject
        page.ops.append(b"/Form <</MCID %d>> BDC\nq 1 0 0 1 %.2f %.2f cm /FkA%d Do Q\nEMC\n" % (mcid, x, y, xobject))

    def _widget_head(self, item: Field, box: Box) -> bytes:
        """What a widget says besides its place, value and appearance: kind, flags, tooltip (kept per field and box)."""
        key = (item.path, item.tooltip, item.kind, box.align, int(box.multiline) | int(box.read_only) << 1 | int(box.framed) << 2, item.required)
        found = self._widget_heads.get(key)
        if found is not None:
            return found
        parts = [b" /TU " + pdf_string(item.tooltip or item.label)]
        required = _REQUIRED if item.required else 0
        if item.kind == "check":
            parts.append(b" /FT /Btn /AP << /N << %s %d 0 R /Off %d 0 R >> >>" % (_CHECKED_NAME, self.pieces.check_on, self.pieces.check_off))
            if required:
                parts.append(b" /Ff %d" % required)
        else:
            parts.append(b" /DA " + _DA)
            flags = (_MULTILINE if box.multiline else 0) | (_READ_ONLY if box.read_only else 0) | required
            if item.kind == "choice":
                flags |= _COMBO
                options = b" ".join(b"[%s %s]" % (pdf_string(code), pdf_string(label)) for code, label in item.options)
                parts.append(b" /FT /Ch /Opt [" + options + b"]")
            else:
                parts.append(b" /FT /Tx")
                if box.align:
                    parts.append(b" /Q %d" % box.align)
                if item.max_len:
                    parts.append(b" /MaxLen %d" % item.max_len)
            if not box.framed:
                parts.append(b" /BS << /W 0 >>")
            if flags:
                parts.append(b" /Ff %d" % flags)
        found = b"".join(parts)
        if len(self._widget_heads) < 50_000:
            self._widget_heads[key] = found
        return found

    def _pages(self, pages: list[_Page], objects: list[tuple[int, bytes]]) -> None:
        for index, page in enumerate(pages):
            stream = zlib.compress(b"".join(page.ops), 1)
            objects.append((page.contents, b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"))
            fonts = b" ".join(b"/%s %d 0 R" % (face, self._faces[face]) for face in sorted(page.faces))
            xobjects = b" ".join(b"/%s %d 0 R" % (name, ref) for ref, name in sorted(page.xobjects.items()))
            annots = b" /Annots [" + b" ".join(b"%d 0 R" % n for n in page.annots) + b"]" if page.annots else b""
            objects.append(
                (page.num,
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents %d 0 R /Resources << /Font << %s >> "
                 b"/XObject << %s >> >>%s /StructParents %d /Tabs /S >>" % (page.contents, fonts, xobjects, annots, index))
            )  # fmt: skip

    def _structure(
        self, document: Elem, pages: list[_Page], objects: list[tuple[int, bytes]], num: int
    ) -> tuple[int, list[bytes], dict[int, int]]:
        """The structure tree (elements with content, in reading order); the pages' entries in the parent tree and
        each widget's key in it."""
        numbers: dict[int, int] = {}
        page_nums = [page.num for page in pages]
        next_num = num

        def emit(element: Elem, parent: int, own: int) -> bool:
            """Write *element* as object *own* under *parent*; False (nothing written) when it has no content."""
            nonlocal next_num
            kids: list[bytes] = []
            first_page = element.mcids[0][0] if element.mcids else None
            if element.widget is not None:
                widget, page_num = element.widget
                kids.append(b"<< /Type /OBJR /Obj %d 0 R /Pg %d 0 R >>" % (widget, page_num))
            for page_of, mcid in element.mcids:
                kids.append(b"%d" % mcid if page_of == first_page else b"<< /Type /MCR /Pg %d 0 R /MCID %d >>" % (page_nums[page_of], mcid))
            for kid in element.kids:
                number = next_num
                next_num += 1
                if emit(kid, own, number):
                    kids.append(b"%d 0 R" % number)
            if not kids and not element.attributes:
                return False
            numbers[id(element)] = own
            page_entry = b" /Pg %d 0 R" % page_nums[first_page] if first_page is not None else b""
            attributes = b" " + element.attributes if element.attributes else b""
            k = kids[0] if len(kids) == 1 else b"[" + b" ".join(kids) + b"]"
            objects.append(
                (own, b"<< /Type /StructElem /S /%s /P %d 0 R%s /K %s%s >>" % (element.type.encode(), parent, page_entry, k, attributes))
            )
            return True

        emit(document, _STRUCT_ROOT, _DOCUMENT)
        nums: list[bytes] = []
        for index, page in enumerate(pages):
            nums.append(b"%d [%s]" % (index, b" ".join([b"%d 0 R" % numbers[id(owner)] for owner in page.marked])))
        key = len(pages)
        keys: dict[int, int] = {}
        for page in pages:
            for widget in page.annots:
                keys[widget] = key
                key += 1
        self._owner_numbers = numbers
        objects.append(
            (_STRUCT_ROOT, b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>" % (_DOCUMENT, _PARENT_TREE, key))
        )
        return next_num, nums, keys

    def _field_tree(
        self,
        widgets: list[tuple[int, Elem, str]],
        keys: dict[int, int],
        nums: list[bytes],
        objects: list[tuple[int, bytes]],
        num: int,
    ) -> int:
        """Name every widget by its dot path (a field tree whose qualified names are the contract's paths); the
        widgets' entries in the parent tree."""
        position = {n: i for i, (n, _) in enumerate(objects)}
        nodes: dict[str, int] = {}
        kids: dict[int, list[int]] = {0: []}
        heads: dict[int, tuple[bytes, int]] = {}
        numbers = self._owner_numbers
        for widget, owner, path in widgets:
            parts = path.split(".")
            parent = 0
            for depth in range(len(parts) - 1):
                prefix = ".".join(parts[: depth + 1])
                found = nodes.get(prefix)
                if found is None:
                    found = nodes[prefix] = num
                    num += 1
                    kids[parent].append(found)
                    kids[found] = []
                    heads[found] = (_string(parts[depth]), parent)
                parent = found
            kids[parent].append(widget)
            at = position[widget]
            parent_entry = b" /Parent %d 0 R" % parent if parent else b""
            key = keys[widget]
            objects[at] = (widget, objects[at][1] + b" /T " + _string(parts[-1]) + parent_entry + b" /StructParent %d >>" % key)
            nums.append(b"%d %d 0 R" % (key, numbers[id(owner)]))
        for node, (name, parent) in heads.items():
            parent_entry = b" /Parent %d 0 R" % parent if parent else b""
            objects.append((node, b"<< /T %s%s /Kids [%s] >>" % (name, parent_entry, b" ".join(b"%d 0 R" % k for k in kids[node]))))
        top = b" ".join(b"%d 0 R" % k for k in kids[0])
        objects.append(
            (_ACROFORM, b"<< /Fields [%s] /DA %s /DR << /Font << /%s %d 0 R >> >> >>"
             % (top, pdf_string(f"/{FIELD_FONT} 0 Tf 0 g"), FIELD_FONT.encode(), self.pieces.dr_font))
        )  # fmt: skip
        return num
