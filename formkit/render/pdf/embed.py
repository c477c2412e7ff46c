"""Embedding the shipped font in a PDF: TrueType files from tables, subset names, ToUnicode, font objects."""

from __future__ import annotations

import hashlib
import struct
from array import array
from collections.abc import Iterable, Sequence
from typing import Protocol

from formkit.render.deflate import deflate


class EmbeddableFont(Protocol):
    """What embedding needs of a font (:class:`formkit.render.pdf.fonts.UnicodeFont` has it)."""

    @property
    def upem(self) -> int: ...
    @property
    def advances(self) -> Sequence[int]: ...
    @property
    def bbox(self) -> Sequence[int]: ...
    @property
    def ascent(self) -> int: ...
    @property
    def descent(self) -> int: ...

    def subset(self, gids: Iterable[int]) -> bytes: ...


FONT_NAME = "DejaVuSans"
"""The PostScript name of the shipped font (formkit/fonts/DejaVuSans.ttf)."""


def write_sfnt(tables: dict[bytes, bytes]) -> bytes:
    """Assemble a TrueType file from its tables (sorted directory, 4-byte aligned)."""
    tags = sorted(tables)
    count = len(tags)
    entry_selector = count.bit_length() - 1
    search_range = (1 << entry_selector) * 16
    header = struct.pack(">IHHHH", 0x00010000, count, search_range, entry_selector, count * 16 - search_range)
    offset = 12 + 16 * count
    directory = bytearray()
    body = bytearray()
    for tag in tags:
        data = tables[tag]
        padded = data + b"\0" * (-len(data) % 4)
        directory += struct.pack(">4sIII", tag, _checksum(padded), offset + len(body), len(data))
        body += padded
    return header + bytes(directory) + bytes(body)


def _checksum(data: bytes) -> int:
    words = array("I", data)
    if array("I", [1]).tobytes()[0] == 1:
        words.byteswap()
    return sum(words) & 0xFFFFFFFF


def subset_tag(gids: Iterable[int]) -> str:
    """The six-letter subset prefix PDF asks for, derived from the glyphs so equal subsets match."""
    digest = hashlib.blake2b(array("I", sorted(gids)).tobytes(), digest_size=6).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest)


def to_unicode_cmap(text_of: dict[int, str]) -> bytes:
    """A ToUnicode CMap so copy, search and pdftotext give back the letters, not glyph ids."""
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    items = sorted((gid, chars) for gid, chars in text_of.items() if chars)
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines.extend(f"<{gid:04X}> <{chars.encode('utf-16-be').hex().upper()}>" for gid, chars in chunk)
        lines.append("endbfchar")
    lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return "\n".join(lines).encode("ascii")


def font_objects(font: EmbeddableFont, text_of: dict[int, str], first: int, *, name: str = FONT_NAME) -> tuple[int, list[bytes]]:
    """PDF objects of an embedded subset: (number of the Type0 font, object bodies numbered from first).

    The bodies are ``first`` (Type0), ``first+1`` (CIDFont), ``first+2``
    (descriptor), ``first+3`` (font file) and ``first+4`` (ToUnicode).
    """
    gids = sorted(set(text_of) | {0})
    name = f"{subset_tag(gids)}+{name}"
    scale = 1000 / font.upem
    widths = " ".join(f"{gid} [{round(font.advances[gid] * scale)}]" for gid in gids)
    fontfile = font.subset(gids)
    packed = deflate(fontfile, 2)
    cmap = deflate(to_unicode_cmap(text_of), 2)
    bbox = " ".join(str(round(v * scale)) for v in font.bbox)
    type0 = (
        f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H "
        f"/DescendantFonts [{first + 1} 0 R] /ToUnicode {first + 4} 0 R >>"
    ).encode()
    cid = (
        f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        f"/FontDescriptor {first + 2} 0 R /CIDToGIDMap /Identity /DW 1000 /W [{widths}] >>"
    ).encode()
    descriptor = (
        f"<< /Type /FontDescriptor /FontName /{name} /Flags 32 /FontBBox [{bbox}] /ItalicAngle 0 "
        f"/Ascent {round(font.ascent * scale)} /Descent {round(font.descent * scale)} "
        f"/CapHeight 729 /StemV 80 /FontFile2 {first + 3} 0 R >>"
    ).encode()
    fontfile_obj = (
        f"<< /Length {len(packed)} /Length1 {len(fontfile)} /Filter /FlateDecode >>\nstream\n".encode() + packed + b"\nendstream"
    )
    cmap_obj = f"<< /Length {len(cmap)} /Filter /FlateDecode >>\nstream\n".encode() + cmap + b"\nendstream"
    return first, [type0, cid, descriptor, fontfile_obj, cmap_obj]
