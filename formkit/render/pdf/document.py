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
from formkit.pdfio.info import FORM_KEY, FORM_VERSION_KEY, PRINTED_KEY, printed_digest
from formkit.render.base import HashedBytes
from formkit.render.deflate import deflate
from formkit.render.pdf.appearance import FONT_RESOURCE, Faces, line_ops, text_appearance
from formkit.render.pdf.cache import BoundedCache, Glyphs, SubsetCache
from formkit.render.pdf.compose import MARGIN, Box, Composition, Elem, Frame, Line, Proto, Run
from formkit.render.pdf.embed import font_objects
from formkit.render.pdf.fonts import ShapedLine, UnicodeFont, bold_font, unicode_font
from formkit.render.pdf.formfonts import CHECK_MARK, FIELD_FONT, dr_font_objects
from formkit.render.pdf.pdfa import ArchiveMetadata, xmp_packet
from formkit.render.pdf.syntax import pdf_string
from formkit.render.pdf.update import whole_file
from formkit.render.plan import Field, compiled_plan

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
_OBJSTM, _XREF = 14, 15
"""The object stream and the cross-reference stream of every document (fixed numbers: their rows never change)."""
_STATIC = 16
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
    """A line shaped once: the operators starting it, drawing it at the origin, the glyphs it needs from the copy's
    own subset, and the font resources it uses."""

    start: bytes
    ops: bytes
    glyphs: Glyphs
    faces: tuple[bytes, ...]


@dataclass
class FormPieces:
    """What every document of one form shares, made once per process: fixed objects and the form's fonts."""

    streams: list[tuple[int, bytes]]
    dicts: list[tuple[int, bytes]]
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
    """The Info dictionary without its closing ``>>`` (a document adds the marking it prints)."""
    trailer_id: bytes


def _static_texts(form: Form) -> list[str]:
    """Every text of the form's own words: its plans' texts, its titles, the catalogue's document words, and each
    character of them (shaped whole, a text may use ligatures its characters alone do not)."""
    from formkit.settings import Settings

    plan = compiled_plan(form)
    texts: set[str] = set()
    settings = Settings()
    for mode in ("blank", "draft"):
        built = plan.build(None if mode == "blank" else {}, settings, mode)  # type: ignore[arg-type]
        texts.update(built.texts())
    texts.update(node.title for node in form.model.root.walk())
    for key, (sv, nb) in CATALOGUE.items():
        if key.startswith("doc."):
            texts.update((sv, nb))
    chars = set("0123456789 .,:;*()/–-·…→›%").union(*texts)
    return sorted(texts) + sorted(c for c in chars if c.isprintable())


COMMON_CHARS = "".join(
    chr(c)
    for c in [*range(0x20, 0x7F), *range(0xA0, 0x180), 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x20AC]
)
"""What values are mostly written in: Latin-1 and Latin Extended-A (Nordic, Sami, Finnish, Polish, Turkish), common
punctuation. Every document's own words' subset holds these glyphs too, so most values need no subset of their own."""


def _glyphs_of(font: UnicodeFont, texts: list[str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for value in texts:
        line = font.shape(value)
        for gid, value in line.text_of.items():
            found.setdefault(gid, value)
    return found


def form_pieces(form: Form, *, flat: bool) -> FormPieces:
    """The fixed objects of *form*'s documents (catalog, metadata, fonts, check marks); *flat*: without fields."""
    regular, bold = unicode_font(), bold_font()
    chars = _static_texts(form)
    regular_map, bold_map = _glyphs_of(regular, [*chars, *COMMON_CHARS]), _glyphs_of(bold, chars)
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
    # PDF/UA-1 and no PDF/A claim: a person's edit would break one, and Acrobat opens a file claiming PDF/A
    # read-only. Only archival copies claim PDF/A (formkit.render.pdf.archive).
    xmp = xmp_packet(meta, None, "formkit", ua=True)
    objects.append((_METADATA, b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(xmp) + xmp + b"\nendstream"))
    language = pdf_string(meta.language)
    catalog = (
        b"<< /Type /Catalog /Version /1.7 /Pages 2 0 R /StructTreeRoot 4 0 R /MarkInfo << /Marked true >> /Lang "
        + language
        + b" /ViewerPreferences << /DisplayDocTitle true >> /Metadata 8 0 R"
        + (b"" if flat else b" /AcroForm 3 0 R")
        + b" >>"
    )
    objects.append((_CATALOG, catalog))
    info = (
        b"<< /Title " + pdf_string(meta.title) + b" /Subject " + pdf_string(meta.description)
        + b" /Creator (formkit) /Producer (formkit)"
        + b" " + FORM_KEY.encode() + b" " + pdf_string(meta.form_id)
        + b" " + FORM_VERSION_KEY.encode() + b" " + pdf_string(meta.form_version)
    )  # fmt: skip
    digest = hashlib.md5(form.id.encode() + form.version.encode(), usedforsecurity=False).hexdigest().upper().encode()
    streams = [(n, body) for n, body in objects if body.endswith(b"endstream")]
    dicts = [(n, body) for n, body in objects if not body.endswith(b"endstream")]
    return FormPieces(
        streams, dicts, num, regular_num, bold_num, dr_num, check_num, check_on, check_off, empty, check_objects, empty_objects,
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
    marked: list[int] = field(default_factory=list)
    """The element (object number) of each MCID on the page, in order."""
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
        self.appearances: BoundedCache[tuple[str, float, float, bool, int], tuple[bytes, Glyphs]] = BoundedCache(
            16 << 20, lambda key, value: 200 + 4 * len(key[0]) + len(value[0]) + 120 * len(value[1])
        )
        self.subsets = SubsetCache()
        self.faces = Faces(self.pieces.regular, "FkS")
        self._common_fonts = b"/Resources << /Font << /FkS %d 0 R >> >>" % self.pieces.regular_font
        self._appearance_fonts = b"/Resources << /Font << /FkS %d 0 R /%s %d 0 R >> >>" % (
            self.pieces.regular_font,
            FONT_RESOURCE.encode(),
            VALUE_FONT,
        )
        self._drawn_cache: dict[tuple[str, str, float, float, str, bool], tuple[bytes, Glyphs | None, tuple[bytes, ...]]] = {}
        self._paths: dict[str, tuple[tuple[tuple[str, bytes], ...], bytes]] = {}
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
                found = self._make(self.font, value, size, None)
                self._values.put((value, size), found)
            return found
        key = (face, value, size)
        found = self._shaped.get(key)
        if found is None:
            font = self.bold if face == "bold" else self.font
            found = self._make(font, value, size, _FACES[face])
            allowed = self.pieces.bold if face == "bold" else self.pieces.regular
            if all(gid in allowed for gid, _ in found.glyphs):
                found.glyphs = ()  # all in the form's own subset: nothing for the copy's
            else:
                found = self._make(self.font, value, size, None)  # a glyph the form's own subset lacks
            if len(self._shaped) < 20_000:
                self._shaped[key] = found
        return found

    def _run_template(self, run: Run, owned: bool) -> tuple[bytes, Glyphs | None, tuple[bytes, ...]]:
        """How a line of text is drawn at its place (an owned one inside its MCID's marked content): a template, the
        glyphs it needs from the copy's own subset, its font resources."""
        shaped = self._shape(run.face, run.text, run.size)
        body = (shaped.start + b"%.2f g\n" % run.gray + shaped.ops + b"\nET Q\n").replace(b"%", b"%%")
        place = (b"q 1 0 0 1 %.2f %.2f cm " % (run.x, -run.y)).replace(b"%", b"%%")
        if owned:
            tag = b"/" + (run.owner.type.encode() if run.owner is not None else b"P")
            template = tag + b" <</MCID %d>> BDC\n" + place + body + b"EMC\n"
        else:
            template = _ARTIFACTS[run.artifact or "Layout"] + place + body + b"EMC\n"
        return template, shaped.glyphs or None, shaped.faces

    def _prepared(self, proto: Proto) -> _Drawn:
        """A piece's content made once: its operators (MCIDs to fill in), the elements of its MCIDs, fonts, glyphs."""
        parts: list[bytes] = []
        marks: list[Elem] = []
        faces: set[bytes] = set()
        glyphs: list[Glyphs] = []
        frames: list[bytes] = []
        for item in proto.items:
            kind = type(item)
            if kind is Run:
                run: Run = item  # type: ignore[assignment]
                template, own, names = self._run_template(run, run.owner is not None)
                parts.append(template)
                faces.update(names)
                if own:
                    glyphs.append(own)
                if run.owner is not None:
                    marks.append(run.owner)
            elif kind is Frame:
                frame: Frame = item  # type: ignore[assignment]
                frames.append(b"%.2f %.2f %.2f %.2f re" % (frame.x, -frame.y - frame.h, frame.w, frame.h))
            elif kind is Line:
                line: Line = item  # type: ignore[assignment]
                frames.append(b"%.2f %.2f m %.2f %.2f l" % (line.x, -line.y, line.x + line.w, -line.y))
        if frames:
            parts.append(b"/Artifact <</Type /Layout>> BDC\nq 0.55 G 0.6 w\n" + b"\n".join(frames) + b"\nS Q\nEMC\n")
        boxes = [item for item in proto.items if type(item) is Box]
        merged_glyphs: Glyphs = tuple(pair for found in glyphs for pair in found)
        drawn = _Drawn(b"".join(parts), tuple(marks), tuple(faces), merged_glyphs, boxes)  # type: ignore[arg-type]
        if not self.flat:
            _emitter(proto, drawn)
        proto.drawn = drawn
        return drawn

    def _make(self, font: UnicodeFont, value: str, size: float, face: bytes | None) -> _Shaped:
        """A line shaped in one *face* of the form's own words, or (None) split between the common subset and the copy's."""
        line: ShapedLine = font.shape(value)
        if face is not None:
            ops = "\n".join(line_ops(line, 0.0, 0.0, size, font)).encode("ascii")
            return _Shaped(b"BT /%s %g Tf " % (face, size), ops, tuple(line.text_of.items()), (face,))
        ops = "\n".join(line_ops(line, 0.0, 0.0, size, font, self.faces, [""])).encode("ascii")
        own = tuple(self.faces.own(line).items())
        names = (b"FkS", _FACES["value"]) if own else (b"FkS",)
        return _Shaped(b"BT ", ops, own, names)

    def _appearance(self, shown: str, box: Box) -> tuple[bytes, Glyphs]:
        """A field's appearance stream (body, ready to number) and the glyphs it needs from the copy's own subset."""
        key = (shown, box.w, box.h, box.multiline, box.align)
        made = self.appearances.get(key)
        if made is None:
            appearance = text_appearance(self.font, shown, box.w, box.h, box.multiline, box.align, self.faces)
            packed = deflate(appearance.content)
            # The copy's own subset is named only by an appearance that draws from it.
            fonts = self._appearance_fonts if appearance.text_of else self._common_fonts
            made = (
                b"<< /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] %s /Filter /FlateDecode /Length %d >>\nstream\n"
                % (box.w, box.h, fonts, len(packed))
                + packed
                + b"\nendstream",
                tuple(appearance.text_of.items()),
            )
            self.appearances.put(key, made)
        return made

    # -- the document -------------------------------------------------------------------------------------------------

    def write(self, composition: Composition) -> bytes:
        """The PDF of a composed document."""
        pieces = self.pieces
        objects: list[tuple[int, bytes]] = list(pieces.dicts)
        streams: list[tuple[int, bytes]] = list(pieces.streams)
        num = pieces.first_free
        pages = [_Page(num + 2 * i, num + 2 * i + 1) for i in range(len(composition.pages))]
        num += 2 * len(pages)
        self._uses_check = self._uses_empty = False
        tree = _Tree(num)
        used: list[Glyphs] = []
        widgets: list[tuple[int, int, str, int]] = []
        if composition.marking is not None:
            tree.element(composition.marking, _DOCUMENT, True)
        kommun_element = tree.element(composition.kommun_box.owner, _DOCUMENT, False) if composition.kommun_box else 0
        drawn_cache = self._drawn_cache
        for index, page in enumerate(composition.pages):
            out = pages[index]
            ops = out.ops
            marked = out.marked
            faces = out.faces
            for run in page.band:
                owner = run.owner
                key = (run.face, run.text, run.size, run.gray, run.artifact, owner is not None)
                found = drawn_cache.get(key)
                if found is None:
                    at_origin = Run(0.0, 0.0, run.text, run.size, run.face, run.gray, owner, run.artifact)
                    found = self._run_template(at_origin, owner is not None)
                    if len(drawn_cache) > 50_000:
                        drawn_cache.clear()
                    drawn_cache[key] = found
                template, glyphs, names = found
                if glyphs is not None:
                    used.append(glyphs)
                faces.update(names)
                if owner is not None:
                    mcid = len(marked)
                    marked.append(tree.number(owner))
                    tree.content(owner, index, mcid)
                    ops.append(b"q 1 0 0 1 %.2f %.2f cm\n" % (run.x, run.y) + template % mcid + b"Q\n")
                else:
                    ops.append(b"q 1 0 0 1 %.2f %.2f cm\n" % (run.x, run.y) + template + b"Q\n")
            if index == 0 and composition.kommun_box is not None and composition.kommun is not None:
                box = composition.kommun_box
                self._box(
                    box, composition.kommun, box.x, box.y, out, index, (objects, streams), used, widgets, tree, kommun_element
                )
            fast = not self.flat
            for placed, top in page.placed:
                for piece, piece_top in placed.leaves(top):
                    proto = piece.proto
                    assert proto is not None
                    drawn = proto.drawn or self._prepared(proto)
                    first = len(marked)
                    count = len(drawn.marks)
                    if fast:
                        # Generated per piece: its elements' dictionaries with their numbers, in one call.
                        base = tree.next
                        tree.next += drawn.size
                        outer_num, outer_kids = tree.outer(piece.outer)
                        marks = drawn.emit(base, outer_num, out.num, first, objects, outer_kids, tree.tables, proto.elems)
                        marked.extend(marks)
                        owners = None
                    else:
                        outer = _DOCUMENT if piece.outer is None else tree.tables.get(id(piece.outer), (_DOCUMENT,))[0]
                        owners = tree.piece(proto.elems, outer, tree.tables)
                        if count:
                            # A continued text's lines belong to the field's element, made by an earlier piece.
                            mark_numbers = [owners.get(id(owner)) or tree.number(owner) for owner in drawn.marks]
                            marked.extend(mark_numbers)
                            for offset, number in enumerate(mark_numbers):
                                tree.content_num(number, index, first + offset)
                    body = drawn.ops % tuple(range(first, first + count)) if count else drawn.ops
                    ops.append(b"q 1 0 0 1 %.2f %.2f cm\n%sQ\n" % (MARGIN, piece_top, body))
                    faces.update(drawn.faces)
                    if drawn.glyphs:
                        used.append(drawn.glyphs)
                    for slot_index, box in enumerate(drawn.boxes):
                        item = piece.fields[box.slot]
                        x, y = MARGIN + box.x, piece_top - box.y - box.h
                        if owners is None:
                            element = base + drawn.form_of[slot_index]
                            widget = base + drawn.widget_base + slot_index
                            self._box(box, item, x, y, out, index, (objects, streams), used, widgets, tree, element, widget)
                        else:
                            self._box(box, item, x, y, out, index, (objects, streams), used, widgets, tree, owners[id(box.owner)])
        num = tree.next
        for extra in (pieces.check_objects if self._uses_check else [], pieces.empty_objects if self._uses_empty else []):
            for number, body in extra:
                (streams if body.endswith(b"endstream") else objects).append((number, body))
        # The record's own font subset: the glyphs its values use that the form's common subset lacks.
        text_of: dict[int, str] = {}
        for glyphs in reversed(used):
            text_of.update(glyphs)
        if text_of:
            bodies = self.subsets.objects(self.font, text_of, VALUE_FONT)
            for i, body in enumerate(bodies):
                (streams if body.endswith(b"endstream") else objects).append((VALUE_FONT + i, body))
        self._pages(pages, objects, streams)
        nums = tree.write(objects, [page.num for page in pages])
        for index, out in enumerate(pages):
            nums.append(b"%d [%s]" % (index, b" ".join(b"%d 0 R" % n for n in out.marked)))
        next_key = len(pages)
        if not self.flat:
            num, next_key = self._field_tree(widgets, next_key, nums, objects, num)
        objects.append((_PARENT_TREE, b"<< /Nums [" + b" ".join(nums) + b"] >>"))
        objects.append(
            (
                _STRUCT_ROOT,
                b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>"
                % (_DOCUMENT, _PARENT_TREE, next_key),
            )
        )
        secrecy = composition.plan.furniture.secrecy
        # The marking a document prints, in its Info: a blank form used as --template is not marked twice.
        info = pieces.info + (b" /FormkitSecrecy " + pdf_string(secrecy) if secrecy else b"") + b" >>"
        objects.append((_INFO, info))
        kids = b" ".join(b"%d 0 R" % p.num for p in pages)
        objects.append((_PAGES, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages))))
        tail = b"/Root 1 0 R /Info 7 0 R /ID " + pieces.trailer_id
        data = whole_file(_HEADER, streams, objects, num, tail, _OBJSTM, _XREF)
        return HashedBytes(data, hashlib.sha256(data).hexdigest())

    def _box(
        self,
        box: Box,
        item: Field,
        x: float,
        y: float,
        page: _Page,
        index: int,
        out: tuple[list[tuple[int, bytes]], list[tuple[int, bytes]]],
        used: list[Glyphs],
        widgets: list[tuple[int, int, str, int]],
        tree: _Tree,
        element: int,
        number: int | None = None,
    ) -> None:
        """A box: a widget with its appearance, or (flat) its appearance drawn on the page as its field's content.

        *number* is the widget's object number when the piece's generated writer gave it one (and the element
        already points at it); otherwise one is allocated and the element learns of it."""
        pieces = self.pieces
        objects, streams = out
        if item.kind == "check":
            ticked = bool(item.checked)
            self._uses_check = self._uses_check or ticked or not self.flat
            if self.flat:
                tree.attributes(element, b"/A << /O /PrintField /Role /cb /checked /on >>" if ticked else _UNCHECKED)
                tree.attach(element)
                if ticked:
                    self._draw(page, index, tree, element, pieces.check_on, x, y)
                return
            num = number if number is not None else tree.allocate()
            state = _CHECKED_NAME if ticked else b"/Off"
            # A box the record leaves out has no value (/V): read back, it stays out (unticked is a value).
            value = b" /V " + state if item.checked is not None else b""
            objects.append(
                (num, b"<< /Type /Annot /Subtype /Widget /F 4 /Rect [%.2f %.2f %.2f %.2f] /P %d 0 R%s%s /AS %s"
                 % (x, y, x + box.w, y + box.h, page.num, self._widget_head(item, box), value, state))
            )  # fmt: skip
        else:
            shown = item.value if box.shown is None else box.shown
            if shown:
                xobject, glyphs = self._appearance(shown, box)
                if glyphs:
                    used.append(glyphs)
                appearance = tree.allocate()
                streams.append((appearance, xobject))
            elif self.flat:
                return  # an empty field leaves the tree; its printed label stays
            else:
                appearance = pieces.empty
                self._uses_empty = True
            if self.flat:
                tree.attributes(element, b"/A << /O /PrintField /Role /tv >>")
                tree.attach(element)
                self._draw(page, index, tree, element, appearance, x, y)
                return
            num = number if number is not None else tree.allocate()
            value = b" /V " + _string(item.stored) if item.stored else b""
            if box.read_only and item.stored:
                # The text continues on later pages as printed text: the value it was printed from, as a digest,
                # lets extract tell when the field was changed afterwards (the pages then disagree with it).
                value += b" " + PRINTED_KEY.encode() + b" <%s>" % printed_digest(item.stored).encode()
            objects.append(
                (num, b"<< /Type /Annot /Subtype /Widget /F 4 /Rect [%.2f %.2f %.2f %.2f] /P %d 0 R%s%s /AP << /N %d 0 R >>"
                 % (x, y, x + box.w, y + box.h, page.num, self._widget_head(item, box), value, appearance))
            )  # fmt: skip
        page.annots.append(num)
        if number is None:
            tree.widget(element, num, page.num)
        widgets.append((num, element, item.path, len(objects) - 1))

    def _draw(self, page: _Page, index: int, tree: _Tree, element: int, xobject: int, x: float, y: float) -> None:
        """A value drawn where its box was (a flat copy): the Form element's content."""
        mcid = len(page.marked)
        page.marked.append(element)
        tree.content_num(element, index, mcid)
        page.xobjects[xobject] = b"FkA%d" % xobject
        page.ops.append(b"/Form <</MCID %d>> BDC\nq 1 0 0 1 %.2f %.2f cm /FkA%d Do Q\nEMC\n" % (mcid, x, y, xobject))

    def _widget_head(self, item: Field, box: Box) -> bytes:
        """What a widget says besides its place, value and appearance: kind, flags, tooltip (kept per field and box)."""
        key = (
            item.path,
            item.tooltip,
            item.kind,
            box.align,
            int(box.multiline) | int(box.read_only) << 1 | int(box.framed) << 2,
            item.required,
        )
        found = self._widget_heads.get(key)
        if found is not None:
            return found
        parts = [b" /TU " + pdf_string(item.tooltip or item.label)]
        required = _REQUIRED if item.required else 0
        if item.kind == "check":
            parts.append(
                b" /FT /Btn /AP << /N << %s %d 0 R /Off %d 0 R >> >>"
                % (_CHECKED_NAME, self.pieces.check_on, self.pieces.check_off)
            )
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

    def _pages(self, pages: list[_Page], objects: list[tuple[int, bytes]], streams: list[tuple[int, bytes]]) -> None:
        for index, page in enumerate(pages):
            stream = deflate(b"".join(page.ops))
            streams.append(
                (page.contents, b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
            )
            fonts = b" ".join(b"/%s %d 0 R" % (face, self._faces[face]) for face in sorted(page.faces))
            xobjects = b" ".join(b"/%s %d 0 R" % (name, ref) for ref, name in sorted(page.xobjects.items()))
            annots = b" /Annots [" + b" ".join(b"%d 0 R" % n for n in page.annots) + b"]" if page.annots else b""
            objects.append(
                (page.num,
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents %d 0 R /Resources << /Font << %s >> "
                 b"/XObject << %s >> >>%s /StructParents %d /Tabs /S >>" % (page.contents, fonts, xobjects, annots, index))
            )  # fmt: skip

    def _field_tree(
        self, widgets: list[tuple[int, int, str, int]], key: int, nums: list[bytes], objects: list[tuple[int, bytes]], num: int
    ) -> tuple[int, int]:
        """Name every widget by its dot path (a field tree whose qualified names are the contract's paths), and
        give each its entry in the parent tree. Returns the next free object number and parent-tree key."""
        nodes: dict[str, int] = {}
        kids: dict[int, list[int]] = {0: []}
        heads: dict[int, tuple[bytes, int]] = {}
        paths = self._paths
        for widget, element, path, at in widgets:
            found_path = paths.get(path)
            if found_path is None:
                parts = path.split(".")
                prefixes = tuple((".".join(parts[: depth + 1]), _string(parts[depth])) for depth in range(len(parts) - 1))
                found_path = paths[path] = (prefixes, b" /T " + _string(parts[-1]))
            prefixes, last = found_path
            parent = 0
            for prefix, name in prefixes:
                node = nodes.get(prefix)
                if node is None:
                    node = nodes[prefix] = num
                    num += 1
                    kids[parent].append(node)
                    kids[node] = []
                    heads[node] = (name, parent)
                parent = node
            kids[parent].append(widget)
            parent_entry = b" /Parent %d 0 R" % parent if parent else b""
            objects[at] = (widget, objects[at][1] + last + parent_entry + b" /StructParent %d >>" % key)
            nums.append(b"%d %d 0 R" % (key, element))
            key += 1
        for node, (name, parent) in heads.items():
            parent_entry = b" /Parent %d 0 R" % parent if parent else b""
            objects.append(
                (node, b"<< /T %s%s /Kids [%s] >>" % (name, parent_entry, b" ".join(b"%d 0 R" % k for k in kids[node])))
            )
        top = b" ".join(b"%d 0 R" % k for k in kids[0])
        objects.append(
            (_ACROFORM, b"<< /Fields [%s] /DA %s /DR << /Font << /%s %d 0 R >> >> >>"
             % (top, pdf_string(f"/{FIELD_FONT} 0 Tf 0 g"), FIELD_FONT.encode(), self.pieces.dr_font))
        )  # fmt: skip
        return num, key


@dataclass
class _Drawn:
    """A piece's content as the writer made it once (see :meth:`DocumentWriter._prepared`).

    ``emit`` writes the piece's structure elements for a fillable copy (see :func:`_emitter`): ``size`` object
    numbers from a base, its elements first, then one widget per box (``widget_base``); ``form_of`` gives each
    box's Form element (its offset from the base).
    """

    ops: bytes
    marks: tuple[Elem, ...]
    faces: tuple[bytes, ...]
    glyphs: Glyphs
    boxes: list[Box]
    emit: Any = None
    size: int = 0
    widget_base: int = 0
    form_of: tuple[int, ...] = ()


class _Tree:
    """The structure tree of one document, as its pieces are written: element numbers, kids, marked content."""

    def __init__(self, first: int) -> None:
        self.next = first
        self.kids: dict[int, list[bytes]] = {_DOCUMENT: []}
        self.entries: list[list[Any]] = []  # [number, type, parent, kids, attributes, first page, deferred]
        self.by_number: dict[int, list[Any]] = {}
        self._numbers: dict[int, int] = {}
        self.tables: dict[int, Any] = {}
        """A table's element (by its prototype's id): [number, kids, head of its dictionary] (written last)."""

    def outer(self, elem: Elem | None) -> tuple[int, list[bytes]]:
        """The number and kids of the element a piece's top elements go under (the document, or its table)."""
        if elem is not None:
            found = self.tables.get(id(elem))
            if found is not None:
                return found[0], found[1]
        return _DOCUMENT, self.kids[_DOCUMENT]

    def allocate(self) -> int:
        """The next free object number (the tree numbers every object a document adds)."""
        number = self.next
        self.next += 1
        return number

    def element(self, elem: Elem, parent: int, attach: bool) -> int:
        """A new element for *elem* under *parent* (attached now, or when its content is known)."""
        number = self.next
        self.next += 1
        kids: list[bytes] = []
        entry = [number, elem.type, parent, kids, elem.attributes, None, not attach]
        self.entries.append(entry)
        self.by_number[number] = entry
        self.kids[number] = kids
        self._numbers[id(elem)] = number
        if attach:
            self.kids[parent].append(b"%d 0 R" % number)
        return number

    def number(self, elem: Elem) -> int:
        return self._numbers[id(elem)]

    def piece(self, elems: list[Elem], outer: int, tables: dict[int, Any]) -> dict[int, int]:
        """Elements for one placed piece (a Form element is attached to its parent once its field is written)."""
        numbers: dict[int, int] = {}
        for elem in elems:
            parent = numbers[id(elem.parent)] if elem.parent is not None else outer
            number = self.element(elem, parent, elem.type != "Form")
            numbers[id(elem)] = number
            if elem.type == "Table":
                tables[id(elem)] = [number, self.kids[number], None]
        return numbers

    def content(self, elem: Elem, page: int, mcid: int) -> None:
        self.content_num(self._numbers[id(elem)], page, mcid)

    def content_num(self, number: int, page: int, mcid: int) -> None:
        entry = self.by_number[number]
        if entry[5] is None:
            entry[5] = page
        entry[3].append((page, mcid))

    def widget(self, number: int, widget: int, page_num: int) -> None:
        entry = self.by_number[number]
        entry[3].append(b"<< /Type /OBJR /Obj %d 0 R /Pg %d 0 R >>" % (widget, page_num))
        self.attach(number)

    def attach(self, number: int) -> None:
        entry = self.by_number[number]
        if entry[6]:
            entry[6] = False
            self.kids[entry[2]].append(b"%d 0 R" % number)

    def attributes(self, number: int, attributes: bytes) -> None:
        self.by_number[number][4] = attributes

    def write(self, objects: list[tuple[int, bytes]], page_nums: list[int]) -> list[bytes]:
        """Every element with content (an empty field of a flat copy, never attached, is left out); the document."""
        document = self.kids[_DOCUMENT]
        objects.append(
            (_DOCUMENT, b"<< /Type /StructElem /S /Document /P %d 0 R /K [%s] >>" % (_STRUCT_ROOT, b" ".join(document)))
        )
        for number, table_kids, head in self.tables.values():
            if head is not None:  # written by a piece's generated writer: its kids are known only now
                objects.append((number, head + b" /K [" + b" ".join(table_kids) + b"] >>"))
        for number, kind, parent, kids, attributes, first_page, deferred in self.entries:
            if deferred:
                continue
            items = [
                kid if isinstance(kid, bytes) else
                b"%d" % kid[1] if kid[0] == first_page else
                b"<< /Type /MCR /Pg %d 0 R /MCID %d >>" % (page_nums[kid[0]], kid[1])
                for kid in kids
            ]  # fmt: skip
            k = items[0] if len(items) == 1 else b"[" + b" ".join(items) + b"]"
            page = b" /Pg %d 0 R" % page_nums[first_page] if first_page is not None else b""
            extra = b" " + attributes if attributes else b""
            objects.append(
                (number, b"<< /Type /StructElem /S /%s /P %d 0 R%s /K %s%s >>" % (kind.encode(), parent, page, k, extra))
            )
        return []


def _emitter(proto: Proto, drawn: _Drawn) -> None:
    """Generate the function writing *proto*'s structure elements for a fillable copy, and set it on *drawn*.

    A piece's elements and widgets take consecutive object numbers from a base, and its marked content
    consecutive MCIDs from the page's next: everything a dictionary names is the base, the page, the first
    MCID or the outer element plus a constant. One generated function per prototype writes them all in one
    call (a batch writes hundreds of elements per record; doing it element by element was a third of the
    time). A table's element is written last, when every row has added itself to its kids.
    """
    elems = proto.elems
    local = {id(e): i for i, e in enumerate(elems)}
    count = len(elems)
    drawn.size = count + len(drawn.boxes)
    drawn.widget_base = count
    drawn.form_of = tuple(local[id(box.owner)] for box in drawn.boxes)
    widget_of = {local[id(box.owner)]: count + n for n, box in enumerate(drawn.boxes)}
    marks_of: dict[int, list[int]] = {}
    for offset, owner in enumerate(drawn.marks):
        marks_of.setdefault(local[id(owner)], []).append(offset)
    children: dict[int, list[int]] = {}
    for i, elem in enumerate(elems):
        if elem.parent is not None:
            children.setdefault(local[id(elem.parent)], []).append(i)
    signature = (
        tuple((e.type, local[id(e.parent)] if e.parent is not None else -1, e.attributes) for e in elems),
        tuple(local[id(owner)] for owner in drawn.marks),
        drawn.form_of,
    )
    found = _EMITTERS.get(signature)
    if found is not None:
        drawn.emit = found
        return
    lines = ["def emit(b, o, p, m, dicts, outer_kids, tables, elems):"]
    bodies: list[str] = []
    for i, elem in enumerate(elems):
        parent = f"b + {local[id(elem.parent)]}" if elem.parent is not None else "o"
        kids = [f'b"%d 0 R" % (b + {j})' for j in children.get(i, [])]
        kids += [f'b"%d" % (m + {k})' for k in marks_of.get(i, [])]
        if i in widget_of:
            kids.append(f'b"<< /Type /OBJR /Obj %d 0 R /Pg %d 0 R >>" % (b + {widget_of[i]}, p)')
        page = i in marks_of or i in widget_of
        pg = " /Pg %d 0 R" if page else ""
        head = f'b"<< /Type /StructElem /S /{elem.type} /P %d 0 R{pg}" % ({parent}{", p" if page else ","})'
        extra = repr(b" " + elem.attributes) if elem.attributes else 'b""'
        if elem.type == "Table":
            # Keyed by the Table element the piece was given for its own table (its rows look it up the same way).
            lines.append(f"    tables[id(elems[{i}])] = [b + {i}, [{', '.join(kids)}], {head}]")
            continue
        k = kids[0] if len(kids) == 1 else 'b"[" + b" ".join((' + ", ".join(kids) + ')) + b"]"'
        bodies.append(f'(b + {i}, {head} + b" /K " + {k} + {extra} + b" >>")')
    if bodies:
        lines.append("    dicts += (" + ", ".join(bodies) + ",)")
    top = [f'b"%d 0 R" % (b + {i})' for i, e in enumerate(elems) if e.parent is None]
    if top:
        lines.append("    outer_kids += (" + ", ".join(top) + ",)")
    lines.append("    return (" + "".join(f"b + {local[id(owner)]}, " for owner in drawn.marks) + ")")
    namespace: dict[str, Any] = {}
    exec("\n".join(lines), namespace)  # noqa: S102 - code generated from the prototype's own shape, no outside text
    drawn.emit = _EMITTERS[signature] = namespace["emit"]


_EMITTERS: dict[tuple[Any, ...], Any] = {}
"""Generated structure writers by the shape of the pieces they write (many pieces share one)."""
