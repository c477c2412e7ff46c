"""Font rules (ISO 19005-2 6.2.11; ISO 14289-1 7.21): embedded programs, font dictionaries, widths, Unicode mapping.

A font must be embedded when some content stream draws text with it (mode 3,
invisible text, is exempt) or when the AcroForm names it for fields (a viewer
types in it). For the codes actually shown the embedded TrueType program is
read with fontTools: the glyph exists and is not .notdef, its advance equals
the width the PDF declares, and (level U, A and PDF/UA) the code maps to Unicode.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

from pypdf.generic import DictionaryObject, StreamObject

from formkit.pdfio.conformance.base import A2, PDF17, UA1, Checker, FontUse, get, name, num, obj

STANDARD_14 = frozenset(
    {
        "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic",
        "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
        "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
        "Symbol", "ZapfDingbats",
    }
)  # fmt: skip
_PREDEFINED_CMAP = re.compile(
    r"^(Identity-[HV]|(GB|GBpc|GBK|GBKp|GBK2K|UniGB|B5pc|HKscs|ETen|ETenms|CNS|UniCNS|83pv|90ms|90msp|90pv|Add|EUC|Ext|H|V|"
    r"RKSJ|UniJIS|KSC|KSCms|KSCpc|UniKS)[-A-Za-z0-9]*)$"
)
"""ISO 32000-1 Table 118 names (loosely: by their families), which need not be embedded (6.2.11.3.3)."""
_BAD_UNICODE = "\x00\ufeff\ufffe"
_WIDTH_TOLERANCE = 1
"""Declared and program widths may differ by this much (1/1000 em), as veraPDF allows for rounding."""


def check_fonts(c: Checker) -> None:
    for use in c.fonts.values():
        check_font(c, use)


def check_font(c: Checker, use: FontUse) -> None:
    font, label = use.font, use.label
    subtype = name(font.get("/Subtype"))
    base = name(font.get("/BaseFont")) or ""
    needed = use.rendered or use.form_font
    clause = f"{A2} 6.2.11.2"
    if name(font.get("/Type")) != "Font":
        c.error("font-dictionary", clause, "check.font_no_type", font=label)
    if subtype not in ("Type1", "MMType1", "TrueType", "Type3", "Type0"):
        c.error("font-dictionary", clause, "check.font_subtype", font=label, subtype=str(subtype))
        return
    if subtype != "Type3" and not base:
        c.error("font-dictionary", clause, "check.font_no_basefont", font=label)
    if subtype == "Type3":
        return
    if subtype == "Type0":
        check_type0(c, use, needed)
        return
    descriptor = get(font, "/FontDescriptor")
    program, program_key = font_program(c, descriptor)
    if program is None:
        if needed:
            key = "check.font_not_embedded_text" if use.rendered else "check.font_not_embedded_form"
            standard = base.split("+", 1)[-1] in STANDARD_14
            c.error("font-not-embedded", f"{A2} 6.2.11.4.1", key + (".standard" if standard else ""), base=base, font=label)
        elif not use.shown:
            c.warning("font-unused-not-embedded", f"{A2} 6.2.11.4.1", "check.font_unused", base=base, font=label)
        return
    # Once embedded, a standard-14 font is no longer exempt from these keys.
    first, last, widths = num(font.get("/FirstChar")), num(font.get("/LastChar")), get(font, "/Widths")
    if first is None or last is None or not isinstance(widths, list):
        c.error("font-dictionary", clause, "check.font_no_widths", font=label)
    elif len(widths) != int(last) - int(first) + 1:
        c.error("font-dictionary", clause, "check.font_widths_count", font=label, count=len(widths))
    if program_key == "/FontFile3":
        kind = name(get(get(descriptor, "/FontFile3"), "/Subtype"))
        if kind not in ("Type1C", "OpenType"):
            c.error("font-program", clause, "check.fontfile3", font=label, kind=str(kind))
    if subtype == "TrueType":
        check_truetype(c, use, descriptor, program if program_key == "/FontFile2" else None)
    elif c.unicode_needed:
        check_unicode(c, use, [(s, 1) for s in use.strings], simple_standard=standard_encoding(font, descriptor))


def font_program(c: Checker, descriptor: Any) -> tuple[bytes | None, str | None]:
    """The embedded font program and the key it is under, or (None, None)."""
    if not isinstance(descriptor, dict):
        return None, None
    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
        stream = get(descriptor, key)
        if isinstance(stream, StreamObject):
            try:
                return stream.get_data(), key
            except Exception:  # pypdf raises many kinds on a broken stream
                c.error("font-program", f"{A2} 6.2.11.2", "check.font_program_undecodable", key=key)
                return b"", key
    return None, None


def standard_encoding(font: DictionaryObject, descriptor: Any) -> bool:
    """A non-symbolic simple font with a standard encoding maps to Unicode through its glyph names (6.2.11.7.2)."""
    flags = int(num(get(descriptor, "/Flags"), 0) or 0)
    encoding = get(font, "/Encoding")
    base = name(encoding) if not isinstance(encoding, dict) else name(encoding.get("/BaseEncoding")) or "StandardEncoding"
    return not flags & 4 and base in ("WinAnsiEncoding", "MacRomanEncoding", "StandardEncoding")


def load_truetype(c: Checker, program: bytes, use: FontUse) -> Any:
    """The program as a fontTools font (None, with a finding, when it cannot be read)."""
    from fontTools.ttLib import TTFont  # only a file with an embedded TrueType program needs fontTools

    try:
        tt = TTFont(io.BytesIO(program), lazy=True)
        tt["head"], tt["hmtx"], tt["maxp"]
        return tt
    except Exception as exc:  # fontTools raises many kinds on a broken font
        c.error("font-program", f"{A2} 6.2.11.2", "check.truetype_unreadable", font=use.label, kind=exc.__class__.__name__)
        return None


def check_truetype(c: Checker, use: FontUse, descriptor: Any, program: bytes | None) -> None:
    """Encoding and cmap (6.2.11.6); for each code shown: glyph present, not .notdef, width as declared (6.2.11.5)."""
    font, label = use.font, use.label
    clause = f"{A2} 6.2.11.6"
    symbolic = bool(int(num(get(descriptor, "/Flags"), 0) or 0) & 4)
    encoding = get(font, "/Encoding")
    base_encoding = name(encoding) if not isinstance(encoding, dict) else name(encoding.get("/BaseEncoding"))
    if symbolic and encoding is not None:
        c.error("truetype-encoding", clause, "check.truetype_symbolic_encoding", font=label)
    if not symbolic and base_encoding not in ("WinAnsiEncoding", "MacRomanEncoding"):
        c.error("truetype-encoding", clause, "check.truetype_encoding", font=label)
    if program is None:
        return
    tt = load_truetype(c, program, use)
    if tt is None:
        return
    tables = tt["cmap"].tables if "cmap" in tt else []
    subtables = {(t.platformID, t.platEncID): t.cmap for t in tables}
    if symbolic and len(tables) != 1 and (3, 0) not in subtables:
        c.error("truetype-cmap", clause, "check.truetype_cmap_symbolic", font=label)
    if not symbolic and not any(k != (3, 0) for k in subtables):
        c.error("truetype-cmap", clause, "check.truetype_cmap", font=label)
    first = int(num(font.get("/FirstChar"), 0) or 0)
    widths = get(font, "/Widths") or []
    missing_width = num(get(descriptor, "/MissingWidth"), 0.0) or 0.0
    scale = 1000 / tt["head"].unitsPerEm
    glyphs = tt["maxp"].numGlyphs
    codec = "mac_roman" if base_encoding == "MacRomanEncoding" else "cp1252"
    for code in sorted({b for s in use.strings for b in s}):
        gid: int | None = None
        if symbolic or (3, 1) not in subtables:
            for table, probe in (((3, 0), code), ((3, 0), 0xF000 + code), ((1, 0), code)):
                glyph_name = subtables.get(table, {}).get(probe)
                if glyph_name is not None:
                    gid = tt.getGlyphID(glyph_name)
                    break
        else:
            glyph_name = subtables[(3, 1)].get(ord(bytes([code]).decode(codec, "replace")))
            gid = tt.getGlyphID(glyph_name) if glyph_name is not None else None
        if gid is None or gid >= glyphs:
            c.error("glyph-missing", f"{A2} 6.2.11.4.1", "check.glyph_missing", font=label, code=code)
            continue
        if gid == 0:
            c.error("notdef", f"{A2} 6.2.11.8", "check.notdef", font=label, code=code)
        index = code - first
        declared = num(widths[index]) if 0 <= index < len(widths) else missing_width
        actual = tt["hmtx"].metrics[tt.getGlyphName(gid)][0] * scale
        if declared is None or abs(declared - actual) > _WIDTH_TOLERANCE:
            c.error(
                "font-widths",
                f"{A2} 6.2.11.5",
                "check.widths",
                font=label,
                code=code,
                declared=f"{declared}",
                actual=f"{actual:.0f}",
            )
    if c.unicode_needed:
        check_unicode(
            c,
            use,
            [(s, 1) for s in use.strings],
            simple_standard=not symbolic and base_encoding in ("WinAnsiEncoding", "MacRomanEncoding"),
        )


def check_type0(c: Checker, use: FontUse, needed: bool) -> None:
    """A composite font: its CIDFont, CMap (6.2.11.3), embedding, CIDToGIDMap; glyphs and widths of Identity-H TrueType."""
    font, label = use.font, use.label
    descendants = get(font, "/DescendantFonts")
    cid = obj(descendants[0]) if isinstance(descendants, list) and descendants else None
    if not isinstance(cid, dict):
        c.error("font-dictionary", f"{PDF17} 9.7.6", "check.type0_no_cidfont", font=label)
        return
    cid_type = name(cid.get("/Subtype"))
    encoding = get(font, "/Encoding")
    cmap_name = name(encoding.get("/CMapName")) if isinstance(encoding, StreamObject) else name(encoding)
    if isinstance(encoding, StreamObject):
        use_cmap = get(encoding, "/UseCMap")
        if use_cmap is not None and not isinstance(use_cmap, StreamObject) and not _PREDEFINED_CMAP.match(name(use_cmap) or ""):
            c.error("cmap", f"{A2} 6.2.11.3.3", "check.usecmap", font=label)
    elif not _PREDEFINED_CMAP.match(cmap_name or ""):
        c.error("cmap", f"{A2} 6.2.11.3.3", "check.cmap", font=label, cmap=str(cmap_name))
    two_byte = cmap_name in ("Identity-H", "Identity-V")
    if not two_byte:
        info = get(cid, "/CIDSystemInfo")
        cmap_info = get(encoding, "/CIDSystemInfo") if isinstance(encoding, StreamObject) else None
        if isinstance(info, dict) and isinstance(cmap_info, dict):
            same = all(str(get(info, k)) == str(get(cmap_info, k)) for k in ("/Registry", "/Ordering"))
            if not same or (num(info.get("/Supplement"), 0) or 0) > (num(cmap_info.get("/Supplement"), 0) or 0):
                c.error("cid-system-info", f"{A2} 6.2.11.3.1", "check.cid_system_info", font=label)
    descriptor = get(cid, "/FontDescriptor")
    program, program_key = font_program(c, descriptor)
    if program is None:
        if needed:
            c.error(
                "font-not-embedded",
                f"{A2} 6.2.11.4.1",
                "check.cidfont_not_embedded",
                base=str(name(cid.get("/BaseFont"))),
                font=label,
            )
        return
    if program_key == "/FontFile3":
        kind = name(get(get(descriptor, "/FontFile3"), "/Subtype"))
        if kind not in ("CIDFontType0C", "OpenType"):
            c.error("font-program", f"{A2} 6.2.11.2", "check.fontfile3", font=label, kind=str(kind))
    if cid_type == "CIDFontType2" and "/CIDToGIDMap" not in cid:
        c.error("cid-to-gid", f"{A2} 6.2.11.3.2", "check.cid_to_gid", font=label)
    if cid_type == "CIDFontType2" and program_key == "/FontFile2" and two_byte:
        check_cid_truetype(c, use, cid, program)
    if c.unicode_needed:
        if two_byte:
            check_unicode(c, use, [(s, 2) for s in use.strings], simple_standard=False)
        elif "/ToUnicode" not in font and not (cmap_name or "").endswith(("UCS2-H", "UCS2-V", "UTF16-H", "UTF16-V")):
            c.error("tounicode", f"{A2} 6.2.11.7.2", "check.tounicode_missing", font=label)


def check_cid_truetype(c: Checker, use: FontUse, cid: dict[Any, Any], program: bytes) -> None:
    tt = load_truetype(c, program, use)
    if tt is None:
        return
    gid_map = get(cid, "/CIDToGIDMap")
    table = gid_map.get_data() if isinstance(gid_map, StreamObject) else None
    widths = cid_widths(get(cid, "/W"))
    default = num(cid.get("/DW"), 1000.0) or 0.0
    scale = 1000 / tt["head"].unitsPerEm
    glyphs = tt["maxp"].numGlyphs
    order = tt.getGlyphOrder()
    metrics = tt["hmtx"].metrics
    for code in sorted(codes((s, 2) for s in use.strings)):
        gid = int.from_bytes(table[2 * code : 2 * code + 2], "big") if table is not None else code
        if gid >= glyphs:
            c.error("glyph-missing", f"{A2} 6.2.11.4.1", "check.cid_glyph_missing", font=use.label, code=code)
            continue
        if gid == 0:
            c.error("notdef", f"{A2} 6.2.11.8", "check.cid_notdef", font=use.label, code=code)
        declared = widths.get(code, default)
        actual = metrics[order[gid]][0] * scale
        if abs(declared - actual) > _WIDTH_TOLERANCE:
            c.error(
                "font-widths",
                f"{A2} 6.2.11.5",
                "check.cid_widths",
                font=use.label,
                code=code,
                declared=f"{declared:g}",
                actual=f"{actual:.0f}",
            )


def check_unicode(c: Checker, use: FontUse, strings: Iterable[tuple[bytes, int]], simple_standard: bool) -> None:
    """Every shown code has a ToUnicode value that is not U+0000, U+FEFF or U+FFFE (6.2.11.7.2; ISO 14289-1 7.21.7)."""
    clause = f"{UA1} 7.21.7" if c.ua and c.level == "B" else f"{A2} 6.2.11.7.2"
    shown = codes(strings)
    if not shown or simple_standard:
        return
    to_unicode = get(use.font, "/ToUnicode")
    if not isinstance(to_unicode, StreamObject):
        c.error("tounicode", clause, "check.tounicode_missing", font=use.label)
        return
    try:
        mapping = parse_tounicode(to_unicode.get_data())
    except Exception:  # a broken CMap maps nothing
        c.error("tounicode", clause, "check.tounicode_unreadable", font=use.label)
        return
    bad = sorted(code for code in shown if not usable(mapping.get(code)))
    if bad:
        listed = ", ".join(f"{code:04X}" for code in bad[:8]) + (" …" if len(bad) > 8 else "")
        c.error("tounicode", clause, "check.tounicode_unmapped", font=use.label, count=len(bad), codes=listed)


def usable(text: str | None) -> bool:
    """A ToUnicode value a reader can use."""
    return bool(text) and not any(ch in _BAD_UNICODE for ch in text or "")


def cid_widths(w: Any) -> dict[int, float]:
    """CID -> width from a CIDFont /W array (both ``c [w ...]`` and ``first last w`` forms)."""
    widths: dict[int, float] = {}
    items = [obj(v) for v in (w or [])]
    i = 0
    while i < len(items):
        first = items[i]
        if i + 1 < len(items) and isinstance(items[i + 1], list):
            for offset, value in enumerate(items[i + 1]):
                widths[int(first) + offset] = float(obj(value))
            i += 2
        elif i + 2 < len(items):
            for code in range(int(first), min(int(items[i + 1]), int(first) + 0xFFFF) + 1):
                widths[code] = float(items[i + 2])
            i += 3
        else:
            break
    return widths


def codes(strings: Iterable[tuple[bytes, int]]) -> set[int]:
    """The character codes in shown strings of one- or two-byte codes."""
    found: set[int] = set()
    for data, width in strings:
        for i in range(0, len(data) - width + 1, width):
            found.add(int.from_bytes(data[i : i + width], "big"))
    return found


_CMAP_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|(\[)|(\])|([A-Za-z]+)")


def parse_tounicode(data: bytes) -> dict[int, str]:
    """Code -> text of a ToUnicode CMap (bfchar and bfrange; codes as integers)."""
    mapping: dict[int, str] = {}
    mode = ""
    pending: list[Any] = []
    array: list[bytes] | None = None
    for match in _CMAP_TOKEN.finditer(data):
        hexdigits, open_array, close_array, word = match.groups()
        if word is not None:
            if word in (b"beginbfchar", b"beginbfrange"):
                mode, pending = word.decode()[5:], []
            elif word in (b"endbfchar", b"endbfrange"):
                mode = ""
            continue
        if not mode:
            continue
        if open_array:
            array = []
            continue
        if close_array:
            pending.append(array or [])
            array = None
        elif hexdigits is not None:
            raw = bytes.fromhex(re.sub(rb"\s", b"", hexdigits).decode())
            if array is not None:
                array.append(raw)
                continue
            pending.append(raw)
        if mode == "bfchar" and len(pending) == 2:
            mapping[int.from_bytes(pending[0], "big")] = _utf16(pending[1])
            pending = []
        elif mode == "bfrange" and len(pending) == 3:
            low, high, dest = int.from_bytes(pending[0], "big"), int.from_bytes(pending[1], "big"), pending[2]
            for offset, code in enumerate(range(low, min(high, low + 0xFFFF) + 1)):
                if isinstance(dest, list):
                    if offset < len(dest):
                        mapping[code] = _utf16(dest[offset])
                elif dest:
                    # Only the last byte of the destination increments (ISO 32000-1, 9.10.3).
                    mapping[code] = _utf16(dest[:-1] + bytes([(dest[-1] + offset) & 0xFF]))
                else:
                    mapping[code] = ""
            pending = []
    return mapping


def _utf16(raw: bytes) -> str:
    try:
        return raw.decode("utf-16-be")
    except UnicodeDecodeError:
        return "\ufffd"
