"""The fonts a template's fields name: DejaVu Sans for typing (AcroForm /DR), and its ✔ for check boxes — both embedded.

A viewer draws what a person types with the font the field's /DA names from
/DR, not with formkit's appearances, so that font must hold every letter people
type (Swedish, Norwegian, Sami, Finnish and Meänkieli, Polish, Turkish,
Vietnamese, Cyrillic, Greek, Arabic; :data:`FORM_RANGES`) and be usable by
the viewers' own appearance writers. What they need, from their sources:

- pdf.js (Firefox) encodes typed text through the font's ToUnicode map
  (``Font.encodeString`` in src/core/fonts.js); when a letter cannot be encoded
  it saves no appearance at all and sets /NeedAppearances (``_getAppearance`` in
  src/core/annotation.js). A Type0 font with Identity-H and a ToUnicode entry
  for every glyph encodes everything the font holds.
- PDFium (Chrome, Edge) finds a character code through the same ToUnicode map
  (``CPDF_Font::CharCodeFromUnicode``), but uses the /DA font for a character
  only when the character's Windows charset equals the font's, and an embedded
  font counts as ANSI: ı, Ł, ễ, Cyrillic and Greek went to system fonts, or were
  dropped (``CPDF_BAFontMap::GetWordFontIndex`` in core/fpdfdoc/cpdf_bafontmap.cpp).
  The one exception is a /DA font whose resource name is Wingdings, Wingdings2,
  Wingdings3 or Webdings: PDFium takes it as a symbol font and asks it for every
  character first. So the resource is named ``Wingdings`` (:data:`FIELD_FONT`);
  the font itself is DejaVu Sans, and no other viewer reads resource names.

The font is DejaVu Sans cut to those ranges by fontTools (no hinting, no layout
tables: viewers neither hint nor shape typed text), shipped ready-made in
``formkit/fonts/DejaVuSans-Forms.ttf`` (about 70 kB compressed; the full font
is 750 kB), embedded whole, so its name carries no subset tag. formkit's own
appearances use a per-copy subset of the full font with HarfBuzz shaping
instead (see :mod:`formkit.render.pdf.embed`): Arabic typed in a viewer is
drawn unjoined, and formkit's copy made from the values draws it right.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from functools import cache
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from formkit.render.pdf.embed import FONT_NAME
from formkit.render.pdf.fontfix import symbol_font
from formkit.render.pdf.fonts import FONT_FILE

CHECK_MARK = "\u2714"
"""HEAVY CHECK MARK: the glyph ZapfDingbats' a20 ("4") draws, which pdftotext also reads as U+2714."""
FIELD_FONT = "Wingdings"
"""The /DR resource name of the typing font: the name that makes PDFium use it for every script (see above)."""
FORM_RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x024F),  # Latin-1, Latin Extended-A and -B: Nordic, Sami, Finnish, Polish, Turkish, Vietnamese ơ ư
    (0x0292, 0x0292),  # ʒ (Skolt Sami)
    (0x02B0, 0x02FF),  # modifier letters: ʼ ˇ ˘ ˙ ˛ ˝
    (0x0300, 0x036F),  # combining marks (text typed or pasted decomposed)
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x0600, 0x06FF),  # Arabic
    (0x1E00, 0x1EFF),  # Latin Extended Additional: Vietnamese
    (0x2000, 0x206F),  # punctuation: dashes, quotes, bullet, ellipsis
    (0x20A0, 0x20CF),  # currency: €
    (0x2100, 0x214F),  # letterlike: №, ™
    (0x2190, 0x2193),  # arrows
    (0x2212, 0x2212),  # minus
    (0x2248, 0x2248),  # ≈
    (0x2260, 0x2265),  # ≠ ≤ ≥
    (0x2713, 0x2714),  # check marks
    (0xFE70, 0xFEFF),  # Arabic presentation forms (text pasted from other PDFs)
    (0xFFFD, 0xFFFD),  # replacement character
)
"""The characters the typing font holds (those of them DejaVu Sans has)."""
FORM_FILE = FONT_FILE.with_name("DejaVuSans-Forms.ttf")
"""The program :func:`build_form_program` makes, shipped (a test checks that it is what fontTools makes now)."""
_DROPPED = ("GSUB", "GPOS", "GDEF", "kern", "FFTM", "MATH", "gasp")


def tag_of(data: bytes) -> str:
    """A six-letter subset tag derived from a font program: different subsets get different tags."""
    digest = hashlib.blake2b(data, digest_size=6).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest)


def build_form_program() -> bytes:
    """DejaVu Sans cut to FORM_RANGES by fontTools' subsetter (what FORM_FILE holds).

    To remake the shipped file after changing this: ``python -c "from formkit.render.pdf.formfonts
    import FORM_FILE, build_form_program; FORM_FILE.write_bytes(build_form_program())"``.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # A fixed 'head' date: templates build reproducibly. Lazy: tables are parsed when the subsetter asks.
    font = TTFont(io.BytesIO(FONT_FILE.read_bytes()), recalcTimestamp=False, lazy=True)
    for tag in _DROPPED:
        # Removed before subsetting, never parsed: viewers do not shape typed text, and reading
        # DejaVu's layout tables only to drop them costs a fifth of a second.
        if tag in font:
            del font[tag]
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.notdef_outline = False  # a character the font lacks shows as nothing, never as a box
    options.glyph_names = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.drop_tables += list(_DROPPED)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[code for first, last in FORM_RANGES for code in range(first, last + 1)])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@cache
def form_font() -> tuple[bytes, bytes, dict[str, Any]]:
    """The shipped typing font: its program, its ToUnicode CMap and its metrics (per-glyph widths, bbox, ascent, descent).

    Read with fontTools once per process that builds a template (filling never needs it).
    """
    from fontTools.ttLib import TTFont

    program = FORM_FILE.read_bytes()
    font = TTFont(io.BytesIO(program))
    order = font.getGlyphOrder()
    gid_of = {name: gid for gid, name in enumerate(order)}
    text_of = {gid_of[name]: chr(code) for code, name in font.getBestCmap().items()}
    scale = 1000 / font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    head, hhea = font["head"], font["hhea"]
    return (
        program,
        range_cmap(text_of),
        {
            "widths": [round(metrics[name][0] * scale) for name in order],
            "bbox": [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
            "ascent": round(hhea.ascent * scale),
            "descent": round(hhea.descent * scale),
        },
    )


def range_cmap(text_of: dict[int, str]) -> bytes:
    """A ToUnicode CMap of single characters in ranges (``bfrange``) where glyph ids and characters run together.

    The glyphs of DejaVu Sans are mostly in Unicode order, so 1,900 glyphs take
    about 150 ranges: a tenth of the map, and a tenth of the parsing for a
    program that reads it for every field it fills (pypdf does). A range stays
    within one block of 256 codes on both sides, as ISO 32000-1 9.10.3 asks.
    """
    runs: list[tuple[int, int, int]] = []  # (first glyph, last glyph, first character)
    for gid, char in sorted(text_of.items()):
        code = ord(char)
        if runs:
            first, last, start = runs[-1]
            if gid == last + 1 and code == start + gid - first and gid >> 8 == first >> 8 and code >> 8 == start >> 8:
                runs[-1] = (first, gid, start)
                continue
        runs.append((gid, gid, code))
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for at in range(0, len(runs), 100):
        chunk = runs[at : at + 100]
        lines.append(f"{len(chunk)} beginbfrange")
        lines.extend(f"<{first:04X}> <{last:04X}> <{start:04X}>" for first, last, start in chunk)
        lines.append("endbfrange")
    lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return "\n".join(lines).encode("ascii")


def _stream(writer: PdfWriter, data: bytes, **entries: int) -> IndirectObject:
    stream = StreamObject()
    stream.set_data(zlib.compress(data, 9))
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    for key, value in entries.items():
        stream[NameObject(f"/{key}")] = NumberObject(value)
    # pypdf has no public call to add an indirect object; _add_object is what its own documentation uses.
    return writer._add_object(stream)


def field_font(writer: PdfWriter) -> IndirectObject:
    """Add the embedded typing font (Type0, Identity-H, ToUnicode for every glyph) that fields name in /DA."""
    program, cmap, metrics = form_font()
    base = NameObject(f"/{FONT_NAME}")
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): base,
            NameObject("/Flags"): NumberObject(32),
            NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in metrics["bbox"]),
            NameObject("/ItalicAngle"): NumberObject(0),
            NameObject("/Ascent"): NumberObject(metrics["ascent"]),
            NameObject("/Descent"): NumberObject(metrics["descent"]),
            NameObject("/CapHeight"): NumberObject(729),
            NameObject("/StemV"): NumberObject(80),
            NameObject("/FontFile2"): _stream(writer, program, Length1=len(program)),
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
            NameObject("/W"): ArrayObject([NumberObject(0), ArrayObject(NumberObject(w) for w in metrics["widths"])]),
        }
    )
    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type0"),
                NameObject("/BaseFont"): base,
                NameObject("/Encoding"): NameObject("/Identity-H"),
                NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid_font)]),
                NameObject("/ToUnicode"): _stream(writer, cmap),
            }
        )
    )


def check_mark_font(writer: PdfWriter) -> tuple[IndirectObject, int]:
    """Add an embedded DejaVu Sans subset holding ✔ (with its Unicode value), and the glyph id to show."""
    font, gids = symbol_font(writer, CHECK_MARK)
    return font, gids[CHECK_MARK]


def rename_subsets(writer: PdfWriter) -> None:
    """Give every embedded subset on the pages a tag derived from its program.

    reportlab tags each subset by its number in the document (``AAAAAA+``), so
    two different subsets of DejaVu Sans, in one file or in two merged files,
    would share a name; a viewer may then take glyphs from the wrong one.
    """
    for page in writer.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        for ref in (fonts.get_object() if fonts is not None else {}).values():
            font = ref.get_object()
            base = str(font.get("/BaseFont", ""))
            found = font.get("/FontDescriptor")
            descriptor: Any = found.get_object() if found is not None else None
            program = descriptor.get("/FontFile2") if descriptor is not None else None
            if len(base) < 8 or base[7] != "+" or program is None:
                continue
            family = base[8:]
            name = NameObject(f"/{tag_of(program.get_object().get_data() + family.encode())}+{family}")
            font[NameObject("/BaseFont")] = name
            descriptor[NameObject("/FontName")] = name
