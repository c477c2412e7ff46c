"""The fonts a template's fields name: DejaVu Sans for typing (AcroForm /DR), and its ✔ for check boxes — both embedded.

PDF/A (ISO 19005-2 6.2.11.4.1) wants every font a field names embedded, and
the standard-14 fonts forms usually name (Helvetica in /DR, ZapfDingbats for
the check mark) are not. A viewer that writes a typed value's appearance uses
the /DA font from /DR, so that font must encode what people type: a simple
TrueType font with WinAnsiEncoding (Latin-1 and the usual punctuation) does,
and every viewer can use it. The subset of DejaVu Sans it embeds is made with
fontTools' subsetter (cmap kept, hinting dropped; about 12 kB compressed).
formkit's own appearances use a per-copy Type0 subset instead (see
:mod:`formkit.render.pdf.embed`), which holds any script.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from functools import cache
from typing import TYPE_CHECKING, Any

from formkit.render.pdf.embed import FONT_NAME
from formkit.render.pdf.fonts import FONT_FILE, unicode_font

if TYPE_CHECKING:  # pypdf is loaded by the functions that build with it: composing a document needs none
    from pypdf import PdfWriter
    from pypdf.generic import IndirectObject

CHECK_MARK = "\u2714"
"""HEAVY CHECK MARK: the glyph ZapfDingbats' a20 ("4") draws, which pdftotext also reads as U+2714."""
FIRST_CODE, LAST_CODE = 32, 255


def _winansi_chars() -> dict[int, str]:
    chars: dict[int, str] = {}
    for code in range(FIRST_CODE, LAST_CODE + 1):
        if code == 0x7F:
            continue  # DEL: no glyph in WinAnsiEncoding
        try:
            chars[code] = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue  # the five codes cp1252 leaves undefined
    return chars


def tag_of(data: bytes) -> str:
    """A six-letter subset tag derived from a font program: different subsets get different tags."""
    digest = hashlib.blake2b(data, digest_size=6).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest)


WinAnsiFont = tuple[bytes, tuple[int, ...], tuple[int, int, int, int], int, int]
"""A WinAnsi font: (program, widths of codes 32-255 in 1/1000 em, bbox, ascent, descent)."""
WINANSI_FILE = FONT_FILE.with_name("DejaVuSans-WinAnsi.ttf")
"""The program :func:`build_winansi_program` makes, shipped (a test checks that it is what fontTools makes now)."""


@cache
def winansi_program() -> WinAnsiFont:
    """The WinAnsi subset of DejaVu Sans as shipped in WINANSI_FILE, with its metrics.

    Shipped rather than made in each process: importing and running fontTools'
    subsetter was a fifth of the start of a `fill --to pdf` (0.13 s), for the
    same 16 kB every time. Its widths are the full font's (subsetting keeps
    advances), its bounding box the subset's own.
    """
    program = WINANSI_FILE.read_bytes()
    font = unicode_font()
    scale = 1000 / font.upem
    chars = _winansi_chars()
    widths = []
    for code in range(FIRST_CODE, LAST_CODE + 1):
        gid = font.glyph_of(chars[code]) if code in chars else None
        widths.append(round(font.advances[gid] * scale) if gid is not None else 0)
    head_at = _table_offset(program, b"head")
    x_min, y_min, x_max, y_max = struct.unpack(">4h", program[head_at + 36 : head_at + 44])
    bbox = (round(x_min * scale), round(y_min * scale), round(x_max * scale), round(y_max * scale))
    return program, tuple(widths), bbox, round(font.ascent * scale), round(font.descent * scale)


def _table_offset(program: bytes, tag: bytes) -> int:
    """Where a table of a TrueType program starts (its table directory, OpenType spec "Table Directory")."""
    count = struct.unpack(">H", program[4:6])[0]
    for index in range(count):
        entry = program[12 + 16 * index : 28 + 16 * index]
        if entry[:4] == tag:
            return int(struct.unpack(">I", entry[8:12])[0])
    raise ValueError(f"no {tag!r} table")


def build_winansi_program() -> WinAnsiFont:
    """The WinAnsi subset of DejaVu Sans made with fontTools' subsetter (what WINANSI_FILE holds).

    To remake the shipped file after changing this: ``python -c "from formkit.render.pdf.formfonts
    import WINANSI_FILE, build_winansi_program; WINANSI_FILE.write_bytes(build_winansi_program()[0])"``.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    chars = _winansi_chars()
    # A fixed 'head' date: templates build reproducibly. Lazy: tables are parsed when the subsetter asks.
    font = TTFont(io.BytesIO(FONT_FILE.read_bytes()), recalcTimestamp=False, lazy=True)
    dropped = ["GSUB", "GPOS", "GDEF", "kern", "FFTM", "MATH", "gasp"]
    for tag in dropped:
        # Removed before subsetting, never parsed: reading DejaVu's layout tables only to drop them
        # cost a fifth of a second in every process that builds a template (the program is the same).
        if tag in font:
            del font[tag]
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.drop_tables += dropped
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars.values()])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    widths = tuple(
        round(metrics[cmap[ord(chars[code])]][0] * scale) if code in chars and ord(chars[code]) in cmap else 0
        for code in range(FIRST_CODE, LAST_CODE + 1)
    )
    head, hhea = font["head"], font["hhea"]
    bbox = (round(head.xMin * scale), round(head.yMin * scale), round(head.xMax * scale), round(head.yMax * scale))
    return out.getvalue(), widths, bbox, round(hhea.ascent * scale), round(hhea.descent * scale)


def field_font(writer: PdfWriter) -> IndirectObject:
    """Add the embedded WinAnsi DejaVu Sans (a simple TrueType font) that fields name in /DA."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject

    program, widths, bbox, ascent, descent = winansi_program()
    base = NameObject(f"/{tag_of(program)}+{FONT_NAME}")
    fontfile = DecodedStreamObject()
    fontfile.set_data(program)
    fontfile[NameObject("/Length1")] = NumberObject(len(program))
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): base,
            NameObject("/Flags"): NumberObject(32),  # non-symbolic: the Latin set, through WinAnsiEncoding
            NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in bbox),
            NameObject("/ItalicAngle"): NumberObject(0),
            NameObject("/Ascent"): NumberObject(ascent),
            NameObject("/Descent"): NumberObject(descent),
            NameObject("/CapHeight"): NumberObject(729),
            NameObject("/StemV"): NumberObject(80),
            # pypdf has no public call to add an indirect object; _add_object is what its own documentation uses.
            NameObject("/FontFile2"): writer._add_object(fontfile.flate_encode()),
        }
    )
    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/TrueType"),
                NameObject("/BaseFont"): base,
                NameObject("/FirstChar"): NumberObject(FIRST_CODE),
                NameObject("/LastChar"): NumberObject(LAST_CODE),
                NameObject("/Widths"): ArrayObject(NumberObject(w) for w in widths),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                NameObject("/FontDescriptor"): writer._add_object(descriptor),
            }
        )
    )


def dr_font_objects(first: int) -> list[bytes]:
    """The font fields name for typing (see :func:`field_font`) as object bodies numbered from *first*:
    the font, its descriptor and its program."""
    program, widths, bbox, ascent, descent = winansi_program()
    base = f"/{tag_of(program)}+{FONT_NAME}".encode()
    packed = zlib.compress(program, 6)
    font = (
        b"<< /Type /Font /Subtype /TrueType /BaseFont " + base + b" /FirstChar %d /LastChar %d /Widths [%s] "
        b"/Encoding /WinAnsiEncoding /FontDescriptor %d 0 R >>"
        % (FIRST_CODE, LAST_CODE, " ".join(str(w) for w in widths).encode(), first + 1)
    )
    descriptor = (
        b"<< /Type /FontDescriptor /FontName " + base + b" /Flags 32 /FontBBox [%s] /ItalicAngle 0 /Ascent %d "
        b"/Descent %d /CapHeight 729 /StemV 80 /FontFile2 %d 0 R >>"
        % (" ".join(str(v) for v in bbox).encode(), ascent, descent, first + 2)
    )
    fontfile = (
        b"<< /Length %d /Length1 %d /Filter /FlateDecode >>\nstream\n" % (len(packed), len(program)) + packed + b"\nendstream"
    )
    return [font, descriptor, fontfile]


def check_mark_font(writer: PdfWriter) -> tuple[IndirectObject, int]:
    """Add an embedded DejaVu Sans subset holding ✔ (with its Unicode value), and the glyph id to show."""
    from formkit.render.pdf.fontfix import symbol_font

    font, gids = symbol_font(writer, CHECK_MARK)
    return font, gids[CHECK_MARK]


def rename_subsets(writer: PdfWriter) -> None:
    """Give every embedded subset on the pages a tag derived from its program.

    reportlab tags each subset by its number in the document (``AAAAAA+``), so
    two different subsets of DejaVu Sans, in one file or in two merged files,
    would share a name; a viewer may then take glyphs from the wrong one.
    """
    from pypdf.generic import NameObject

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
