"""The Unicode font formkit embeds in PDFs: shaping (uharfbuzz), bidi runs, line wrapping, subsetting."""

from __future__ import annotations

import re
import struct
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

import uharfbuzz as hb

from formkit.render.pdf.embed import FONT_NAME, write_sfnt

FONT_DIR = Path(__file__).resolve().parents[2] / "fonts"
FONT_FILE = FONT_DIR / "DejaVuSans.ttf"
BOLD_FILE = FONT_DIR / "DejaVuSans-Bold.ttf"
BOLD_NAME = "DejaVuSans-Bold"
"""Only for headings printed on templates (reportlab embeds its own subset); fields use FONT_FILE."""

# Tables a PDF viewer needs to draw a TrueType font addressed by glyph id
# (CIDFontType2 with an Identity CIDToGIDMap); cmap, names and layout tables
# are only needed for shaping, which happens here, not in the viewer.
_KEPT_TABLES = (b"cvt ", b"fpgm", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"prep")

_RTL_CLASSES = {"R", "AL"}
_MAYBE_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")
"""Blocks holding right-to-left letters: text without any is one left-to-right run (the fast path)."""
_CACHE_SIZE = 20_000
_COMPLEX = re.compile(
    "[\u0300-\u036f\u0590-\u08ff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufb1d-\ufdff\ufe20-\ufe2f\ufe70-\ufeff\U00010000-\U0010ffff]"
)
"""Text needing real shaping to measure: combining marks, right-to-left scripts, astral planes."""
_LTR_CLASSES = {"L"}
# Composite glyph flags (TrueType glyf spec) that tell how long a component record is.
_ARG_WORDS = 0x0001
_HAVE_SCALE = 0x0008
_MORE = 0x0020
_HAVE_XY_SCALE = 0x0040
_HAVE_2X2 = 0x0080


class PlacedGlyph(NamedTuple):
    """One glyph of a shaped line, in font units, in visual order."""

    gid: int
    advance: int
    dx: int
    dy: int


@dataclass
class ShapedLine:
    """A shaped line: glyph ids, advances and offsets in visual order, width in font units, each glyph's text.

    Parallel lists rather than one object per glyph: filling shapes thousands of
    glyphs per record and this is the hot loop.
    """

    gids: list[int]
    advances: list[int]
    dxs: list[int]
    dys: list[int]
    rtl: bool
    text_of: dict[int, str] = field(default_factory=dict)
    has_rtl: bool = False
    """Whether any run is right-to-left: such a line is drawn in one face, so that a reader gets it as one string."""

    @property
    def width(self) -> int:
        return sum(self.advances)

    @property
    def glyphs(self) -> list[PlacedGlyph]:
        return [PlacedGlyph(*g) for g in zip(self.gids, self.advances, self.dxs, self.dys, strict=True)]


class UnicodeFont:
    """DejaVu Sans loaded once per process: metrics, shaping and fast per-document subsets."""

    def __init__(self, path: Path = FONT_FILE) -> None:
        self.data = path.read_bytes()
        self._tables = self._read_directory(self.data)
        face = hb.Face(hb.Blob(self.data))
        self._hb_font = hb.Font(face)
        self.upem = face.upem
        head = self._table(b"head")
        hhea = self._table(b"hhea")
        maxp = self._table(b"maxp")
        self.num_glyphs = struct.unpack(">H", maxp[4:6])[0]
        self.bbox = struct.unpack(">4h", head[36:44])
        self._long_loca = struct.unpack(">h", head[50:52])[0] == 1
        self.ascent, self.descent = struct.unpack(">2h", hhea[4:8])
        n_metrics = struct.unpack(">H", hhea[34:36])[0]
        hmtx = self._table(b"hmtx")
        advances = [struct.unpack(">H", hmtx[4 * i : 4 * i + 2])[0] for i in range(n_metrics)]
        advances += [advances[-1]] * (self.num_glyphs - n_metrics)
        self.advances = advances
        self._hmtx = hmtx
        self._n_metrics = n_metrics
        loca = self._table(b"loca")
        if self._long_loca:
            self._loca = array("I", loca[: 4 * (self.num_glyphs + 1)])
        else:
            self._loca = array("H", loca[: 2 * (self.num_glyphs + 1)])
        if array("I", [1]).tobytes()[0] == 1:  # the file is big-endian, the machine little
            self._loca.byteswap()
        if not self._long_loca:
            self._loca = array("I", (2 * v for v in self._loca))
        self._glyf = self._table(b"glyf")
        self._components: dict[int, tuple[int, ...]] = {}
        self._widths: dict[str, int] = {}
        self._char_advance: dict[str, int] = {}
        self._space_gid = self.shape(" ").gids[0]

    # -- the font file ---------------------------------------------------------
    @staticmethod
    def _read_directory(data: bytes) -> dict[bytes, tuple[int, int]]:
        count = struct.unpack(">H", data[4:6])[0]
        tables = {}
        for i in range(count):
            tag, _checksum, offset, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
            tables[tag] = (offset, length)
        return tables

    def _table(self, tag: bytes) -> bytes:
        offset, length = self._tables[tag]
        return self.data[offset : offset + length]

    def _glyph(self, gid: int) -> bytes:
        return self._glyf[self._loca[gid] : self._loca[gid + 1]]

    def _component_gids(self, gid: int) -> tuple[int, ...]:
        """Glyph ids a composite glyph is drawn from (accented letters are often composites)."""
        if gid in self._components:
            return self._components[gid]
        data = self._glyph(gid)
        found: list[int] = []
        if len(data) >= 10 and struct.unpack(">h", data[:2])[0] < 0:
            pos = 10
            while pos + 4 <= len(data):
                flags, component = struct.unpack(">HH", data[pos : pos + 4])
                found.append(component)
                found.extend(self._component_gids(component))
                pos += 4 + (4 if flags & _ARG_WORDS else 2)
                if flags & _HAVE_SCALE:
                    pos += 2
                elif flags & _HAVE_XY_SCALE:
                    pos += 4
                elif flags & _HAVE_2X2:
                    pos += 8
                if not flags & _MORE:
                    break
        self._components[gid] = tuple(found)
        return self._components[gid]

    def subset(self, gids: Iterable[int]) -> bytes:
        """A TrueType file holding only these glyphs; glyph ids are kept so the shaped ids stay valid."""
        keep = {0}
        for gid in gids:
            keep.add(gid)
            keep.update(self._component_gids(gid))
        glyf = bytearray()
        loca = array("I")
        previous = 0
        for gid in sorted(keep):
            # Every glyph up to this one is empty: its loca entries repeat the current offset.
            loca.extend([len(glyf)] * (gid - previous))
            glyph = self._glyph(gid)
            loca.append(len(glyf))
            glyf += glyph
            glyf += b"\0" * (-len(glyph) % 4)
            previous = gid + 1
        loca.extend([len(glyf)] * (self.num_glyphs + 1 - previous))
        if array("I", [1]).tobytes()[0] == 1:
            loca.byteswap()
        hmtx = bytearray(len(self._hmtx))
        for gid in keep:
            if gid < self._n_metrics:
                hmtx[4 * gid : 4 * gid + 4] = self._hmtx[4 * gid : 4 * gid + 4]
        head = bytearray(self._table(b"head"))
        head[8:12] = b"\0\0\0\0"  # checkSumAdjustment: viewers do not check it
        head[50:52] = struct.pack(">h", 1)  # long loca offsets
        tables = {
            b"glyf": bytes(glyf),
            b"loca": loca.tobytes(),
            b"hmtx": bytes(hmtx),
            b"head": bytes(head),
        }
        for tag in _KEPT_TABLES:
            if tag not in tables and tag in self._tables:
                tables[tag] = self._table(tag)
        return write_sfnt(tables)

    # -- shaping ---------------------------------------------------------------
    def shape_run(self, text: str, rtl: bool, line: ShapedLine) -> None:
        """Shape one run of a single direction and append its glyphs, in visual order, to line."""
        if not text:
            return
        buf = hb.Buffer()
        buf.add_codepoints([ord(c) for c in text])
        buf.guess_segment_properties()
        buf.direction = "rtl" if rtl else "ltr"
        hb.shape(self._hb_font, buf, {})
        infos = buf.glyph_infos
        positions = buf.glyph_positions
        gids = [info.codepoint for info in infos]
        clusters = [info.cluster for info in infos]
        line.gids += gids
        line.advances += [pos.x_advance for pos in positions]
        line.dxs += [pos.x_offset for pos in positions]
        line.dys += [pos.y_offset for pos in positions]
        # Each cluster's text goes to its first glyph, for the ToUnicode map.
        starts = sorted(set(clusters))
        end_of = dict(zip(starts, [*starts[1:], len(text)], strict=True))
        text_of = line.text_of
        previous = -1
        for gid, cluster in zip(gids, clusters, strict=True):
            if cluster != previous and gid not in text_of:
                text_of[gid] = text[cluster : end_of[cluster]]
            previous = cluster

    def shape(self, text: str) -> ShapedLine:
        """Shape a line of mixed-direction text: split into direction runs, shape each, order visually."""
        runs, rtl = _bidi_runs(text)
        line = ShapedLine([], [], [], [], rtl, has_rtl=any(run_rtl for _, run_rtl in runs))
        for run_text, run_rtl in runs:
            self.shape_run(run_text, run_rtl, line)
        return line

    def glyph_of(self, char: str) -> int | None:
        """The glyph the font's cmap gives *char* (no shaping), None when it has none."""
        gid = self._hb_font.get_nominal_glyph(ord(char))
        return int(gid) if gid else None

    def measure(self, word: str) -> int:
        """The width of a word for line breaking: nominal advances for simple text, shaping otherwise."""
        if _COMPLEX.search(word):
            return self.width(word)
        advance = self._char_advance
        try:
            return sum([advance[c] for c in word])
        except KeyError:
            for c in word:
                if c not in advance:
                    advance[c] = self.advances[self._hb_font.get_nominal_glyph(ord(c)) or 0]
            return sum([advance[c] for c in word])

    def width(self, text: str) -> int:
        """The width of a line in font units (cached: names and labels repeat across records)."""
        cached = self._widths.get(text)
        if cached is None:
            cached = self.shape(text).width
            if len(self._widths) > _CACHE_SIZE:
                self._widths.clear()
            self._widths[text] = cached
        return cached

    def wrap(self, text: str, max_units: float) -> list[str]:
        """Break text into lines no wider than max_units (a word longer than a line is cut).

        Words are measured one by one and joined with the space's advance, so a
        paragraph costs one shaping per distinct word, not one per candidate line.
        """
        space = self.advances[self._space_gid]
        lines: list[str] = []
        for paragraph in text.split("\n"):
            current: list[str] = []
            used = 0
            for word in paragraph.split(" "):
                width = self.measure(word) if word else 0
                if current and used + space + width > max_units:
                    lines.append(" ".join(current))
                    current, used = [], 0
                while width > max_units and len(word) > 1:
                    cut = longest_prefix(self, word, max_units, at_least=1)
                    lines.append(word[:cut])
                    word = word[cut:]
                    width = self.measure(word)
                used += (space if current else 0) + width
                current.append(word)
            lines.append(" ".join(current))
        return lines


def longest_prefix(font: UnicodeFont, value: str, max_units: float, *, at_least: int = 0) -> int:
    """The length of the longest start of *value* at most *max_units* wide (but *at_least* characters)."""
    low, high = min(at_least, len(value)), len(value)
    while low < high:
        mid = (low + high + 1) // 2
        if font.width(value[:mid]) <= max_units:
            low = mid
        else:
            high = mid - 1
    return low


def _direction(char: str) -> bool | None:
    """True for a right-to-left letter, False for a left-to-right one, None for neutrals and digits."""
    cls = unicodedata.bidirectional(char)
    if cls in _RTL_CLASSES:
        return True
    if cls in _LTR_CLASSES:
        return False
    return None


def _bidi_runs(text: str) -> tuple[list[tuple[str, bool]], bool]:
    """A light Unicode bidi: runs of one direction in visual order, and the paragraph direction.

    Names and short notes are the input, so the paragraph level comes from the
    first strong letter, neutrals between two runs of the same direction join
    them, and other neutrals and digits follow the paragraph direction.
    """
    if not _MAYBE_RTL.search(text):
        return [(text, False)], False
    dirs = [_direction(c) for c in text]
    strong = [d for d in dirs if d is not None]
    base = strong[0] if strong else False
    resolved: list[bool] = []
    for i, d in enumerate(dirs):
        if d is not None:
            resolved.append(d)
            continue
        before: bool = next((s for s in reversed(dirs[:i]) if s is not None), base)
        after: bool = next((s for s in dirs[i + 1 :] if s is not None), base)
        if unicodedata.bidirectional(text[i]) in {"EN", "AN"} and not (before and after):
            resolved.append(False)  # digits read left to right unless inside an RTL run
        else:
            resolved.append(before if before == after else base)
    runs: list[tuple[str, bool]] = []
    for char, rtl in zip(text, resolved, strict=True):
        if runs and runs[-1][1] == rtl:
            runs[-1] = (runs[-1][0] + char, rtl)
        else:
            runs.append((char, rtl))
    if base:
        runs.reverse()
    return runs, base


def register_reportlab_font(bold: bool = False) -> str:
    """Register a shipped font with reportlab (for printed labels and headings) and return its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name, path = (BOLD_NAME, BOLD_FILE) if bold else (FONT_NAME, FONT_FILE)
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


@cache
def unicode_font() -> UnicodeFont:
    """The shipped font, loaded once per process."""
    return UnicodeFont()


@cache
def bold_font() -> UnicodeFont:
    """The shipped bold face (headings), loaded once per process."""
    return UnicodeFont(BOLD_FILE)
