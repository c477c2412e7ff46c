"""Appearance streams for filled text and choice fields, drawn with the embedded Unicode font."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from formkit.render.pdf.fonts import ShapedLine, UnicodeFont

FONT_RESOURCE = "FkU"
PADDING = 2.0
SINGLE_LINE_SIZE = 10.0
MULTI_LINE_SIZE = 9.0
MIN_SIZE = 8.0
"""Text is never set smaller than this: a text that needs less continues on a continuation page."""
LEADING = 1.18


@dataclass
class Appearance:
    """The content of one field's /AP /N stream and the glyphs it uses (gid -> text)."""

    content: bytes
    text_of: dict[int, str]


_HEX = [f"{gid:04X}" for gid in range(8192)]


def _hex(gid: int) -> str:
    return _HEX[gid] if gid < len(_HEX) else f"{gid:04X}"


def lines_that_fit(height: float, size: float) -> int:
    """How many lines of text at *size* a multi-line box of *height* holds."""
    return int((height - PADDING) // (size * LEADING))


def fits_multiline(font: UnicodeFont, value: str, inner: float, height: float, size: float) -> bool:
    """True when *value*, wrapped to *inner* points at *size*, fits a box of *height*."""
    return len(font.wrap(value, inner * font.upem / size)) <= lines_that_fit(height, size)


@dataclass(frozen=True)
class Faces:
    """Two embedded subsets of one font: *common* glyphs (shared by every document of a batch) and the rest.

    A line is drawn in the common subset where it can be, switching to the
    *other* (a document's own, small subset) for glyphs outside it.
    """

    common: frozenset[int]
    common_name: str
    other_name: str = FONT_RESOURCE

    def name(self, gid: int) -> str:
        return self.common_name if gid in self.common else self.other_name

    def other(self, _gid: int) -> str:
        """The other subset for every glyph: a line with right-to-left text is drawn in one face, one string per
        run of glyphs, which text extraction (pypdf, pdf.js) reorders as a whole; split by face, its words would be
        read in visual order."""
        return self.other_name

    def face_of(self, line: ShapedLine) -> Callable[[int], str]:
        """The face each glyph of *line* is drawn from (:meth:`other` for all of a right-to-left line)."""
        return self.other if line.has_rtl else self.name

    def own(self, line: ShapedLine) -> dict[int, str]:
        """The glyphs of *line* drawn from the other subset (gid -> text): its glyphs :meth:`face_of` does not take
        from the common one."""
        if line.has_rtl:
            return line.text_of
        common = self.common
        return {gid: chars for gid, chars in line.text_of.items() if gid not in common}


def line_ops(
    line: ShapedLine,
    x: float,
    y: float,
    size: float,
    font: UnicodeFont,
    faces: Faces | None = None,
    state: list[str] | None = None,
) -> list[str]:
    """Operators drawing one shaped line at (x, y) inside BT/ET: TJ runs, with Tm jumps for offset marks.

    With *faces*, each glyph is drawn from the subset that holds it (``Tf`` when
    that changes); *state* holds the current font name across the lines of one text.
    """
    upem = font.upem
    scale = size / upem
    ops = [f"1 0 0 1 {x:.2f} {y:.2f} Tm"]
    pen = 0.0
    run: list[str] = []  # TJ items: hex strings of glyph ids and kerning numbers
    hexes: list[str] = []
    natural_after: float | None = None  # where the viewer's pen is after the last shown glyph
    current = state if state is not None else [""]
    face_of = faces.face_of(line) if faces is not None else None

    def close_hex() -> None:
        if hexes:
            run.append(f"<{''.join(hexes)}>")
            hexes.clear()

    def close_run() -> None:
        nonlocal run
        close_hex()
        if run:
            ops.append(f"[{' '.join(run)}] TJ")
            run = []

    advances = font.advances
    for gid, advance, dx, dy in zip(line.gids, line.advances, line.dxs, line.dys, strict=True):
        if face_of is not None:
            name = face_of(gid)
            if name != current[0]:
                close_run()
                ops.append(f"/{name} {size:g} Tf")
                current[0] = name
        if dx or dy:
            close_run()
            gx, gy = x + (pen + dx) * scale, y + dy * scale
            ops.append(f"1 0 0 1 {gx:.2f} {gy:.2f} Tm <{gid:04X}> Tj")
            ops.append(f"1 0 0 1 {x + (pen + advance) * scale:.2f} {y:.2f} Tm")
            natural_after = None
            pen += advance
            continue
        if natural_after is not None:
            # TJ numbers are thousandths of an em, subtracted from the pen position.
            adjust = round((natural_after - pen) * 1000 / upem)
            if adjust:
                close_hex()
                run.append(str(adjust))
        hexes.append(_hex(gid))
        natural_after = pen + advances[gid]
        pen += advance
    close_run()
    return ops


def text_appearance(
    font: UnicodeFont, value: str, width: float, height: float, multiline: bool, align: int = 0, faces: Faces | None = None
) -> Appearance:
    """Lay out value in a width x height box: one shrinking line, or wrapped lines from the top.

    *align* is the field's quadding: a single line sits at the right edge with 2 (right-to-left text always does).
    With *faces*, glyphs come from two subsets (see :class:`Faces`); ``text_of`` then holds only the other's.
    """
    state = [""]
    inner = max(width - 2 * PADDING, 1.0)
    text_of: dict[int, str] = {}

    def needed(line: ShapedLine) -> None:
        for gid, chars in (line.text_of if faces is None else faces.own(line)).items():
            text_of.setdefault(gid, chars)

    ops = ["/Tx BMC", "q", f"{PADDING / 2:.2f} {PADDING / 2:.2f} {width - PADDING:.2f} {height - PADDING:.2f} re W n"]
    ops += ["BT", "0 g"]
    if multiline:
        size = MULTI_LINE_SIZE
        while True:
            lines = font.wrap(value, inner * font.upem / size)
            if len(lines) * size * LEADING <= height - PADDING or size <= MIN_SIZE:
                break
            size -= 0.5
        if faces is None:
            ops.append(f"/{FONT_RESOURCE} {size:g} Tf")
        y = height - PADDING - size * font.ascent / font.upem
        for text in lines:
            line = font.shape(text)
            x = PADDING + (inner - line.width * size / font.upem if line.rtl else 0)
            ops += line_ops(line, x, y, size, font, faces, state)
            needed(line)
            y -= size * LEADING
    else:
        line = font.shape(value.replace("\n", " "))
        size = min(SINGLE_LINE_SIZE, max(height - 2 * PADDING, MIN_SIZE) / 1.2)
        if line.width:
            size = max(MIN_SIZE, min(size, inner * font.upem / line.width))
        if faces is None:
            ops.append(f"/{FONT_RESOURCE} {size:g} Tf")
        text_width = line.width * size / font.upem
        x = PADDING + (max(inner - text_width, 0) if line.rtl or align == 2 else 0)
        # Centre the em box of the font vertically in the field.
        y = (height - size * (font.ascent + font.descent) / font.upem) / 2
        ops += line_ops(line, x, y, size, font, faces, state)
        needed(line)
    ops += ["ET", "Q", "EMC"]
    return Appearance("\n".join(ops).encode("ascii"), text_of)
