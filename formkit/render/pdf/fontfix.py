"""Fonts an archival copy cannot keep: unembedded fonts nothing draws with go, ZapfDingbats marks move to embedded DejaVu Sans.

A checkbox appearance (reportlab's, Acrobat's, most form tools') is
``BT /ZaDb 10 Tf 2 2 Td (4) Tj ET``: the check mark in ZapfDingbats, a
standard-14 font PDF/A forbids leaving unembedded (ISO 19005-2 6.2.11.4.1).
Every stream showing ZapfDingbats text gets one Type0 font instead: a subset of
the shipped DejaVu Sans holding the Unicode twins of the codes shown (code
0x34, a20, becomes U+2714 HEAVY CHECK MARK), with a ToUnicode map, the strings
re-encoded as two-byte glyph ids. The mark keeps its place and size and stays
text (pdftotext still finds it, level U holds). reportlab also opens every page
with ``BT /F1 12 Tf 14.4 TL ET``, selecting Helvetica without drawing: such an
idle selection is dropped, and with it the font. Any other unembedded font that
draws text is refused (RenderError): formkit cannot know what glyphs to use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from formkit.errors import RenderError
from formkit.pdfio.conformance.base import name, obj, raw_string
from formkit.render.pdf.embed import FONT_NAME, subset_tag, to_unicode_cmap
from formkit.render.pdf.fonts import unicode_font

ZAPF_TO_UNICODE: dict[int, str] = {
    0x33: "\u2713",  # a19 check mark
    0x34: "\u2714",  # a20 heavy check mark
    0x38: "\u2718",  # a24 heavy ballot x
    0x48: "\u2605",  # a35 black star
    0x6C: "\u25cf",  # a71 black circle
    0x6E: "\u25a0",  # a73 black square
    0x75: "\u25c6",  # a78 black diamond
}
"""The ZapfDingbats codes of checkbox and radio styles (/MK /CA: check 4, circle l, cross 8, diamond u, square n,
star H; 3 the light check) and the character whose DejaVu Sans glyph replaces each."""
_SHOWS = (b"Tj", b"TJ", b"'", b'"')


def embedded(font: Any) -> bool:
    """Whether a font dictionary carries its program (a Type 3 font is its own program)."""
    font = obj(font)
    if not isinstance(font, DictionaryObject):
        return True
    subtype = name(font.get("/Subtype"))
    if subtype == "Type3":
        return True
    if subtype == "Type0":
        descendants = obj(font.get("/DescendantFonts")) or []
        font = obj(descendants[0]) if descendants else None
        if not isinstance(font, DictionaryObject):
            return False
    descriptor = obj(font.get("/FontDescriptor"))
    return isinstance(descriptor, DictionaryObject) and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _base_font(font: Any) -> str:
    font = obj(font)
    return (name(font.get("/BaseFont")) or "") if isinstance(font, DictionaryObject) else ""


def _is_zapf(font: Any) -> bool:
    return _base_font(font).split("+", 1)[-1] == "ZapfDingbats" and not embedded(font)


def _shows(operations: list[tuple[Any, bytes]]) -> Iterator[tuple[int, str | None]]:
    """(index of each text-showing operator, resource name of the font it shows with).

    The font is graphics state: q/Q save and restore it, BT/ET do not reset it.
    """
    font: str | None = None
    saved: list[str | None] = []
    for index, (operands, op) in enumerate(operations):
        if op == b"q":
            saved.append(font)
        elif op == b"Q" and saved:
            font = saved.pop()
        elif op == b"Tf" and operands:
            font = str(operands[0])
        elif op in _SHOWS:
            yield index, font


def _strings(operands: list[Any], op: bytes) -> list[Any]:
    if op == b"TJ":
        return [s for s in (operands[0] if operands else []) if isinstance(s, (ByteStringObject, TextStringObject))]
    return [operands[-1]] if operands else []


def symbol_font(writer: PdfWriter, chars: str) -> tuple[IndirectObject, dict[str, int]]:
    """An embedded DejaVu Sans subset holding *chars*, as a Type0 font (Identity-H, ToUnicode); and char -> glyph id."""
    font = unicode_font()
    gids: dict[str, int] = {}
    for char in chars:
        shaped = font.shape(char).gids
        if len(shaped) != 1 or shaped[0] == 0:
            raise RenderError("archive.no_glyph", char=f"U+{ord(char):04X}")
        gids[char] = shaped[0]
    used = sorted({0, *gids.values()})
    base = NameObject(f"/{subset_tag(used)}+{FONT_NAME}")
    scale = 1000 / font.upem
    widths = ArrayObject()
    for gid in used:
        widths.extend([NumberObject(gid), ArrayObject([NumberObject(round(font.advances[gid] * scale))])])
    program = font.subset(used)
    fontfile = DecodedStreamObject()
    fontfile.set_data(program)
    fontfile[NameObject("/Length1")] = NumberObject(len(program))
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): base,
            NameObject("/Flags"): NumberObject(4),  # symbolic: these glyphs are outside the standard Latin set
            NameObject("/FontBBox"): ArrayObject([NumberObject(round(v * scale)) for v in font.bbox]),
            NameObject("/ItalicAngle"): NumberObject(0),
            NameObject("/Ascent"): NumberObject(round(font.ascent * scale)),
            NameObject("/Descent"): NumberObject(round(font.descent * scale)),
            NameObject("/CapHeight"): NumberObject(729),
            NameObject("/StemV"): NumberObject(80),
            # pypdf has no public call to add an indirect object; _add_object is what its own documentation uses.
            NameObject("/FontFile2"): writer._add_object(fontfile.flate_encode()),
        }
    )
    cid_font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/BaseFont"): base,
            NameObject("/CIDSystemInfo"): DictionaryObject(
                {
                    NameObject("/Registry"): TextStringObject("Adobe"),
                    NameObject("/Ordering"): TextStringObject("Identity"),
                    NameObject("/Supplement"): NumberObject(0),
                }
            ),
            NameObject("/FontDescriptor"): writer._add_object(descriptor),
            NameObject("/CIDToGIDMap"): NameObject("/Identity"),
            NameObject("/DW"): NumberObject(1000),
            NameObject("/W"): widths,
        }
    )
    cmap = DecodedStreamObject()
    cmap.set_data(to_unicode_cmap({gid: char for char, gid in gids.items()}))
    type0 = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/BaseFont"): base,
            NameObject("/Encoding"): NameObject("/Identity-H"),
            NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid_font)]),
            NameObject("/ToUnicode"): writer._add_object(cmap.flate_encode()),
        }
    )
    return writer._add_object(type0), gids


_Pending = tuple[Callable[[bytes], None], list[tuple[Any, bytes]], DictionaryObject]


class FontFixer:
    """Walks every content stream of a document once (:meth:`page`), then rewrites what must change (:meth:`finish`)."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.used: dict[int, set[str]] = {}  # id(font dictionary) -> resource names some stream selects
        self.font_dicts: dict[int, DictionaryObject] = {}
        self.owners: dict[int, list[DictionaryObject]] = {}  # id(font dictionary) -> resource dictionaries holding it
        self.done: set[int] = set()
        self.pending: list[_Pending] = []
        self.codes: set[int] = set()

    def fonts_of(self, resources: Any) -> DictionaryObject | None:
        resources = obj(resources)
        fonts = obj(resources.get("/Font")) if isinstance(resources, DictionaryObject) else None
        if not isinstance(fonts, DictionaryObject):
            return None
        self.font_dicts[id(fonts)] = fonts
        self.used.setdefault(id(fonts), set())
        owners = self.owners.setdefault(id(fonts), [])
        if not any(owner is resources for owner in owners):
            owners.append(resources)
        return fonts

    def page(self, page: Any) -> None:
        """A page's content, the form XObjects it offers and its annotations' appearances."""
        resources = obj(page.get("/Resources"))
        contents = page.get_contents()

        def replace(data: bytes) -> None:
            stream = ContentStream(None, self.writer)
            stream.set_data(data)
            page.replace_contents(stream)

        self.stream(contents.get_data() if contents is not None else b"", resources, replace)
        self.resources(resources)
        for annot in map(obj, obj(page.get("/Annots")) or []):
            appearance = obj(annot.get("/AP")) if isinstance(annot, DictionaryObject) else None
            for state in map(obj, (appearance or {}).values()):
                refs = (
                    [state]
                    if isinstance(state, StreamObject)
                    else list(state.values())
                    if isinstance(state, DictionaryObject)
                    else []
                )
                for ref in refs:
                    self.xobject(ref)

    def resources(self, resources: Any) -> None:
        """Every form XObject, tiling pattern and soft-mask group a resource dictionary offers, painted or not."""
        resources = obj(resources)
        if not isinstance(resources, DictionaryObject):
            return
        for ref in (obj(resources.get("/XObject")) or {}).values():
            if name(obj(ref).get("/Subtype")) == "Form":
                self.xobject(ref)
        for ref in (obj(resources.get("/Pattern")) or {}).values():
            if isinstance(obj(ref), StreamObject):
                self.xobject(ref)
        for gs in map(obj, (obj(resources.get("/ExtGState")) or {}).values()):
            mask = obj(gs.get("/SMask")) if isinstance(gs, DictionaryObject) else None
            if isinstance(mask, DictionaryObject) and "/G" in mask:
                self.xobject(mask["/G"])

    def xobject(self, ref: Any) -> None:
        stream = obj(ref)
        if not isinstance(stream, StreamObject) or id(stream) in self.done:
            return
        self.done.add(id(stream))
        resources = obj(stream.get("/Resources"))

        def replace(data: bytes) -> None:
            try:
                stream.set_data(data)
            except Exception:  # a filter pypdf cannot encode: store the new content unfiltered
                for key in ("/Filter", "/DecodeParms"):
                    if key in stream:
                        del stream[key]
                StreamObject.set_data(stream, data)

        self.stream(stream.get_data(), resources, replace)
        self.resources(resources)

    def stream(self, data: bytes, resources: Any, replace: Callable[[bytes], None]) -> None:
        """Note the fonts one stream selects and the ZapfDingbats codes it shows; queue it when it must change."""
        fonts = self.fonts_of(resources)
        if fonts is None or not data.strip() or all(embedded(font) for font in fonts.values()):
            return  # nothing in this stream can need a change (the common case: a value drawn in DejaVu Sans)
        holder = DecodedStreamObject()
        holder.set_data(data)
        operations = ContentStream(holder, self.writer).operations
        shown = {font for _, font in _shows(operations)}
        idle = {
            i
            for i, (operands, op) in enumerate(operations)
            if op == b"Tf" and operands and str(operands[0]) not in shown and not embedded(fonts.get(str(operands[0])))
        }
        if idle:
            operations = [item for i, item in enumerate(operations) if i not in idle]
        self.used[id(fonts)].update(str(operands[0]) for operands, op in operations if op == b"Tf" and operands)
        zapf = False
        for index, font_name in _shows(operations):
            font = fonts.get(font_name) if font_name is not None else None
            if font is None or embedded(font):
                continue
            if not _is_zapf(font):
                raise RenderError("archive.unembedded_font", font=_base_font(font) or str(font_name))
            operands, op = operations[index]
            for string in _strings(operands, op):
                for code in raw_string(string):
                    if code not in ZAPF_TO_UNICODE:
                        raise RenderError("archive.zapf_code", code=code)
                    self.codes.add(code)
            zapf = True
        if zapf or idle:
            self.pending.append((replace, operations, fonts))

    def finish(self) -> None:
        """Re-encode the queued streams onto the embedded subset; drop the unembedded fonts nothing selects."""
        symbol, gids = (
            symbol_font(self.writer, "".join(sorted({ZAPF_TO_UNICODE[c] for c in self.codes}))) if self.codes else (None, {})
        )
        for replace, operations, fonts in self.pending:
            for index, font_name in _shows(operations):
                if font_name is None or not _is_zapf(fonts.get(font_name)):
                    continue
                operands, op = operations[index]
                recoded = {
                    id(s): ByteStringObject(b"".join(gids[ZAPF_TO_UNICODE[c]].to_bytes(2, "big") for c in raw_string(s)))
                    for s in _strings(operands, op)
                }
                if op == b"TJ":
                    operands[0] = ArrayObject(recoded.get(id(item), item) for item in operands[0])
                else:
                    operands[-1] = recoded[id(operands[-1])]
            result = ContentStream(None, self.writer)
            result.operations = operations
            replace(result.get_data())
        for key, fonts in self.font_dicts.items():
            for resource in list(fonts.keys()):
                if symbol is not None and _is_zapf(fonts[resource]) and str(resource) in self.used[key]:
                    fonts[NameObject(str(resource))] = symbol
                elif str(resource) not in self.used[key] and not embedded(fonts[resource]):
                    del fonts[resource]
            if not fonts:
                for owner in self.owners.get(key, []):
                    if "/Font" in owner:
                        del owner["/Font"]  # an empty /Font dictionary says nothing
