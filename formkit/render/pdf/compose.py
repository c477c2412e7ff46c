"""Laying a display plan out on A4 pages: pieces that may not split, kept together as the plan asks, then paginated.

Each block of the plan (:mod:`formkit.render.plan`) becomes one or more
*pieces*: a heading, a row of boxes, a table row, a signer, a part of a free
text. A piece never splits; a group the plan marks ``keep`` becomes one piece
(unless it is taller than a page); a heading and the sentences under it keep
with what follows; the sentences after a group keep with its last piece. A
free text that does not fit the rest of a page continues on the next under
its title and "(forts.)". A table that runs over pages repeats its header row.

Every value is printed whole, in place: a text wider than its box wraps and
the box grows; nothing is cut and no value gets a page of its own.

The result is a list of pages, each a list of positioned items (texts, boxes
to frame, lines, fields), and the document's structure tree in reading order;
:mod:`formkit.render.pdf.document` writes them as a tagged PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from formkit.i18n import text as say
from formkit.render.pdf.appearance import LEADING, MIN_SIZE, MULTI_LINE_SIZE, PADDING, SINGLE_LINE_SIZE
from formkit.render.pdf.fonts import UnicodeFont, longest_prefix
from formkit.render.plan import (
    Block,
    Field,
    Fields,
    Furniture,
    Group,
    Paragraph,
    Plan,
    Recipients,
    Signatures,
    Signer,
    Table,
)

PAGE_W, PAGE_H = 595.28, 841.89
MARGIN = 42.0
COLUMNS = 4
GUTTER = 8.0
CONTENT_W = PAGE_W - 2 * MARGIN
COL_W = (CONTENT_W - (COLUMNS - 1) * GUTTER) / COLUMNS
TOP = PAGE_H - MARGIN
"""Where the content of a page starts (page 1 starts under the title)."""
BOTTOM = MARGIN + 20
"""Content ends here; the footer sits below."""
LABEL_SIZE = 7.0
LABEL_LEAD = 8.0
LINE_H = 16.0
MULTI_H = 44.0
FILLED_MIN_H = 26.0
ROW_GAP = 6.0
NOTE_SIZE = 7.5
NOTE_LEAD = 9.5
CHECK_SIZE = 12.0
HEADER_SIZE = 8.0
HEADER_TOP = 22.0
MARKING_SIZE = 7.5
MARKING_Y = PAGE_H - 38.0
TITLE_SIZE = 16.0
FOOTER_SIZE = 7.0
TITLE_LINE_WIDTH = 260.0
"""Room for the title line at the top left of later pages (the municipality takes the top right)."""
SIGN_SPACE = 26.0
"""Room above a signature line to sign in."""
HEADING_SIZES = {2: 11.0, 3: 9.5, 4: 8.5}
VALUE_LEAD = MULTI_LINE_SIZE * LEADING
MIN_TEXT_LINES = 3
"""A free text starts on a page only when at least this many of its lines fit there."""


# --- the structure tree ---------------------------------------------------------------------------------------------


class Elem:
    """A structure element: ``H1``–``H6``, ``P``, ``Lbl``, ``Form``, ``Table``, ``TR``, ``TH``, ``TD``, ``Document``.

    Its kids are elements and, for a Form element of a fillable copy, the
    widget it stands for; its marked content (``mcids``: page, MCID) is noted
    while the pages are written.
    """

    __slots__ = ("attributes", "kids", "mcids", "type", "widget")

    def __init__(self, kind: str, attributes: bytes = b"") -> None:
        self.type = kind
        self.kids: list[Elem] = []
        self.attributes = attributes
        self.mcids: list[tuple[int, int]] = []
        self.widget: tuple[int, int] | None = None
        """(widget object, page object) of a Form element's widget."""

    def add(self, kind: str, attributes: bytes = b"") -> Elem:
        made = Elem(kind, attributes)
        self.kids.append(made)
        return made


# --- what a page holds ----------------------------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class Run:
    """One line of text. ``y`` is its baseline, measured down from the top of its piece until placed.

    ``face`` is ``regular`` or ``bold`` (the form's own words) or ``value``
    (anything from a record or the settings). ``owner`` is the element whose
    content it is; None makes it an artifact (page furniture, repeated headers).
    """

    x: float
    y: float
    text: str
    size: float
    face: str = "regular"
    gray: float = 0.15
    owner: Elem | None = None
    artifact: str = ""


@dataclass(slots=True, eq=False)
class Frame:
    """A box's frame (an artifact: it shows where to write)."""

    x: float
    y: float
    w: float
    h: float


@dataclass(slots=True, eq=False)
class Line:
    """A line to sign on (an artifact)."""

    x: float
    y: float
    w: float


@dataclass(slots=True, eq=False)
class Box:
    """A field's box: a fillable widget, or in a flattened copy its value drawn in place.

    ``y`` is the bottom of the box once placed (the top, down from the piece's
    top, until then: see :meth:`Piece.placed`). ``shown`` is the text its
    appearance shows (the part of a free text that fits here).
    """

    x: float
    y: float
    w: float
    h: float
    field: Field
    owner: Elem
    multiline: bool = False
    shown: str = ""
    read_only: bool = False
    align: int = 0
    framed: bool = True


Item = Run | Frame | Line | Box


@dataclass(eq=False)
class Piece:
    """A part of a page that is never split: its height and its items, measured down from its top.

    A piece made of others (a group kept together) holds them in ``parts``
    with their offsets, so nothing is copied when pieces are merged or placed.
    """

    height: float
    items: list[Item] = field(default_factory=list)
    keep_next: bool = False
    split: Callable[[float], tuple[Piece, Piece] | None] | None = None
    """For a free text: the part that fits a height and the rest (None when too little fits)."""
    header: Piece | None = None
    """A table's header row, repeated (as artifacts) at the top of a page this piece starts."""
    parts: list[tuple[Piece, float]] = field(default_factory=list)

    def walk(self, top: float) -> Iterator[tuple[Item, float]]:
        """Every item with the page position of its piece's top (PDF coordinates, y up)."""
        for item in self.items:
            yield item, top
        for part, offset in self.parts:
            yield from part.walk(top - offset)


def merged(pieces: list[Piece]) -> Piece:
    """One piece of several, one under the other (keep_next of the last)."""
    parts = []
    top = 0.0
    for piece in pieces:
        parts.append((piece, top))
        top += piece.height
    return Piece(top, [], pieces[-1].keep_next if pieces else False, parts=parts)


@dataclass
class Page:
    """What one page holds, in reading order: pieces with their tops, and the furniture (page coordinates)."""

    placed: list[tuple[Piece, float]] = field(default_factory=list)
    band: list[Run] = field(default_factory=list)

    def items(self) -> Iterator[tuple[Item, float]]:
        """Every item with the top of its piece (furniture first, its coordinates already on the page: top None)."""
        for run in self.band:
            yield run, -1.0
        for piece, top in self.placed:
            yield from piece.walk(top)


@dataclass
class Composition:
    """A laid-out document: its pages and its structure tree."""

    plan: Plan
    pages: list[Page]
    document: Elem
    kommun_box: Box | None = None


# --- measuring --------------------------------------------------------------------------------------------------------


class Fonts:
    """The faces the composer measures with: the form's own words (regular, bold) and values."""

    def __init__(self, regular: UnicodeFont, bold: UnicodeFont) -> None:
        self.regular = regular
        self.bold = bold
        self._wraps: dict[tuple[str, float, float, bool], list[str]] = {}

    def face(self, bold: bool) -> UnicodeFont:
        return self.bold if bold else self.regular

    def width(self, value: str, size: float, bold: bool = False) -> float:
        font = self.face(bold)
        return font.width(value) * size / font.upem

    def wrap(self, value: str, size: float, width: float, bold: bool = False) -> list[str]:
        key = (value, size, width, bold)
        found = self._wraps.get(key)
        if found is None:
            font = self.face(bold)
            found = font.wrap(value, max(width, 1.0) * font.upem / size)
            if len(self._wraps) > 50_000:
                self._wraps.clear()
            self._wraps[key] = found
        return found


# --- the composer -----------------------------------------------------------------------------------------------------


class Composer:
    """Lays out plans of one form; *flat* lays them out for a copy without fields (values drawn as text)."""

    def __init__(self, fonts: Fonts, *, flat: bool = False) -> None:
        self.fonts = fonts
        self.flat = flat

    # -- the document -------------------------------------------------------------------------------------------------

    def compose(self, plan: Plan) -> Composition:
        document = Elem("Document")
        self.plan = plan
        self.language = plan.furniture.language
        self.document = document
        pieces: list[Piece] = []
        furniture = plan.furniture
        first = self._title(furniture, document)
        for block in plan.blocks:
            pieces.extend(self._block(block, document))
        pages = self._paginate(first, pieces)
        composition = Composition(plan, pages, document)
        self._furniture(composition)
        return composition

    def _title(self, furniture: Furniture, document: Elem) -> Piece:
        title = document.add("H1")
        items: list[Item] = [Run(0.0, TITLE_SIZE, furniture.title, TITLE_SIZE, "bold", 0.0, title)]
        height = TITLE_SIZE + 4
        if furniture.subtitle:
            items.append(Run(0.0, height + 8.5, furniture.subtitle, 8.5, "regular", 0.15, document.add("P")))
            height += 12
        if furniture.draft:
            items.append(Run(0.0, height + 9, furniture.draft, 9.0, "bold", 0.0, document.add("P")))
            height += 12
        return Piece(height + 8, items)

    def _block(self, block: Block, parent: Elem) -> list[Piece]:
        if isinstance(block, Paragraph):
            return [self._paragraph(block.text, parent, size=8.0 if block.kind in ("intro", "closing", "legend") else NOTE_SIZE)]
        if isinstance(block, Fields):
            return self._fields(block.fields, parent, CONTENT_W)
        if isinstance(block, Table):
            return self._table(block, parent)
        if isinstance(block, Group):
            return self._group(block, parent)
        if isinstance(block, Signatures):
            return self._signatures(block, parent)
        return self._recipients(block, parent)

    # -- texts --------------------------------------------------------------------------------------------------------

    def _paragraph(self, value: str, parent: Elem, *, size: float = NOTE_SIZE, keep_next: bool = False, face: str = "regular") -> Piece:
        owner = parent.add("P")
        lead = size + 2
        lines = self.fonts.wrap(value, size, CONTENT_W, face == "bold")
        items: list[Item] = [Run(0.0, lead * (n + 1) - 2, line, size, face, 0.15, owner) for n, line in enumerate(lines)]
        return Piece(lead * len(lines) + 3, items, keep_next)

    def _heading(self, title: str, level: int, parent: Elem) -> Piece:
        size = HEADING_SIZES.get(level, 8.5)
        owner = parent.add(f"H{min(level, 6)}")
        lines = self.fonts.wrap(title, size, CONTENT_W, True)
        items: list[Item] = [
            Run(0.0, 4 + (size + 1.5) * (n + 1) - 1.5, line, size, "bold", 0.0, owner) for n, line in enumerate(lines)
        ]
        return Piece(4 + (size + 1.5) * len(lines) + 3, items, keep_next=True)

    # -- groups -------------------------------------------------------------------------------------------------------

    def _group(self, group: Group, parent: Elem) -> list[Piece]:
        pieces = [self._heading(group.title, group.level, parent)]
        for sentence in group.instruction:
            pieces.append(self._paragraph(sentence, parent, keep_next=True))
        if group.empty_note:
            pieces.append(self._paragraph(group.empty_note, parent, size=8.0))
        for block in group.blocks:
            pieces.extend(self._block(block, parent))
        if group.after:
            pieces[-1].keep_next = True
            for sentence in group.after:
                pieces.append(self._paragraph(sentence, parent))
        if group.keep:
            # Kept whole when it fits a page (a free text in it then moves with it); split otherwise.
            whole = merged(pieces)
            if whole.height <= TOP - BOTTOM - 60:
                return [whole]
        return pieces

    # -- boxes --------------------------------------------------------------------------------------------------------

    def _span(self, item: Field) -> int:
        fonts = self.fonts
        if item.kind == "long":
            return COLUMNS
        if item.kind == "check":
            span = 1
        elif item.kind == "choice":
            longest = max((fonts.width(label, SINGLE_LINE_SIZE) for _, label in item.options), default=0.0)
            span = 2 if longest > COL_W - 2 * PADDING else 1
        elif item.kind in ("date", "time"):
            span = 1
        else:
            span = 2
        # A label is never cut off: a box whose label does not fit its columns takes more of them.
        while item.show_label and span < COLUMNS and fonts.width(item.printed_label, LABEL_SIZE) > _span_width(span):
            span = min(COLUMNS, span * 2)
        if item.kind == "check":
            while span < COLUMNS and len(fonts.wrap(item.printed_label, NOTE_SIZE, _span_width(span) - 16)) > 2:
                span *= 2
        return span

    def _fields(self, fields: list[Field], parent: Elem, width: float, x0: float = 0.0) -> list[Piece]:
        pieces: list[Piece] = []
        row: list[tuple[Field, int]] = []
        used = 0
        for item in fields:
            if item.kind == "long":
                if row:
                    pieces.append(self._row(row, parent, x0))
                    row, used = [], 0
                pieces.append(self._long(item, parent))
                continue
            span = self._span(item)
            if used + span > COLUMNS:
                pieces.append(self._row(row, parent, x0))
                row, used = [], 0
            row.append((item, span))
            used += span
        if row:
            pieces.append(self._row(row, parent, x0))
        return pieces

    def _row(self, row: list[tuple[Field, int]], parent: Elem, x0: float) -> Piece:
        """One row of the grid: labels over their boxes, the boxes' tops in line."""
        fonts = self.fonts
        cells = []
        label_h = 0.0
        for item, span in row:
            width = _span_width(span)
            if item.kind == "check":
                lines = fonts.wrap(item.printed_label, NOTE_SIZE, width - 16)
                cells.append((item, span, width, lines, 0.0, CHECK_SIZE))
                continue
            lines = fonts.wrap(item.printed_label, LABEL_SIZE, width) if item.show_label else []
            label_h = max(label_h, LABEL_LEAD * len(lines) + 1)
            cells.append((item, span, width, lines, 0.0, self._box_height(item, width)))
        items: list[Item] = []
        x = x0
        height = 0.0
        for item, span, width, lines, _, box_h in cells:
            if item.kind == "check":
                group = parent.add("P")
                label = group.add("Lbl") if lines else None
                top = label_h
                box = Box(x, top, CHECK_SIZE, CHECK_SIZE, item, group.add("Form"))
                items.append(box)
                items.append(Frame(x, top, CHECK_SIZE, CHECK_SIZE))
                for n, line in enumerate(lines):
                    items.append(Run(x + 16, top + 9 + n * NOTE_LEAD, line, NOTE_SIZE, "regular", 0.15, label))
                height = max(height, top + max(CHECK_SIZE, NOTE_LEAD * len(lines)))
            else:
                if lines:
                    group = parent.add("P")
                    label = group.add("Lbl")
                    owner = group.add("Form")
                    first = label_h - LABEL_LEAD * len(lines)
                    for n, line in enumerate(lines):
                        items.append(Run(x, first + LABEL_LEAD * (n + 1) - 1.5, line, LABEL_SIZE, "regular", 0.15, label))
                else:
                    owner = parent.add("Form")
                box = self._box(item, x, label_h, width, box_h, owner)
                items.append(box)
                if box.framed:
                    items.append(Frame(x, label_h, width, box_h))
                height = max(height, label_h + box_h)
            x += width + GUTTER
        return Piece(height + ROW_GAP, items)

    def _fits_line(self, value: str, width: float) -> bool:
        font = self.fonts.regular
        return font.width(value.replace("\n", " ")) * MIN_SIZE / font.upem <= width - 2 * PADDING and "\n" not in value

    def _box_height(self, item: Field, width: float) -> float:
        """A box's height: one line, or as many as its value needs (a value is printed whole, in place)."""
        if item.kind == "long":
            return MULTI_H
        if not item.value or item.kind in ("date", "time", "check") or self._fits_line(item.value, width):
            return LINE_H
        lines = self.fonts.wrap(item.value, MULTI_LINE_SIZE, width - 2 * PADDING)
        return max(LINE_H, len(lines) * VALUE_LEAD + 2 * PADDING + 2)

    def _box(self, item: Field, x: float, y: float, width: float, height: float, owner: Elem) -> Box:
        multiline = height > LINE_H or item.kind == "long"
        align = 0
        return Box(x, y, width, height, item, owner, multiline, item.value, align=align)

    # -- free text ----------------------------------------------------------------------------------------------------

    def _long(self, item: Field, parent: Elem) -> Piece:
        """A free text across the page: a box as tall as its text, continued on the next page when it must be."""
        fonts = self.fonts
        inner = CONTENT_W - 2 * PADDING
        lines = fonts.wrap(item.value, MULTI_LINE_SIZE, inner) if item.value else []
        label_lines = fonts.wrap(item.printed_label, LABEL_SIZE, CONTENT_W) if item.show_label else []
        label_h = LABEL_LEAD * len(label_lines) + (1 if label_lines else 0)
        if label_lines:
            group = parent.add("P")
            label = group.add("Lbl")
            owner = group.add("Form")
        else:
            label, owner = None, parent.add("Form")
        text_h = len(lines) * VALUE_LEAD + 2 * PADDING + 2
        # A blank box leaves room to write; a filled one is as tall as its text.
        box_h = max(FILLED_MIN_H if item.value else MULTI_H, text_h)
        items: list[Item] = [
            Run(0.0, LABEL_LEAD * (n + 1) - 1.5, line, LABEL_SIZE, "regular", 0.15, label) for n, line in enumerate(label_lines)
        ]
        items.append(Box(0.0, label_h, CONTENT_W, box_h, item, owner, True, item.value))
        items.append(Frame(0.0, label_h, CONTENT_W, box_h))
        piece = Piece(label_h + box_h + ROW_GAP, items)
        if len(lines) > MIN_TEXT_LINES:
            piece.split = lambda room: self._split_long(item, owner, label_lines, label, lines, room)
        return piece

    def _split_long(
        self, item: Field, owner: Elem, label_lines: list[str], label: Elem | None, lines: list[str], room: float
    ) -> tuple[Piece, Piece] | None:
        """The part of a free text that fits *room* (its box holds the field) and the rest, continued as text."""
        label_h = LABEL_LEAD * len(label_lines) + (1 if label_lines else 0)
        note = not self.flat
        note_h = NOTE_LEAD + 2 if note else 0.0
        fit = int((room - label_h - ROW_GAP - note_h - 2 * PADDING - 2) // VALUE_LEAD)
        if fit < MIN_TEXT_LINES or fit >= len(lines):
            return None
        box_h = fit * VALUE_LEAD + 2 * PADDING + 2
        shown = "\n".join(lines[:fit])
        items: list[Item] = [
            Run(0.0, LABEL_LEAD * (n + 1) - 1.5, line, LABEL_SIZE, "regular", 0.15, label) for n, line in enumerate(label_lines)
        ]
        # A field whose text continues elsewhere cannot be edited here: an edit would leave the rest as it was.
        items.append(Box(0.0, label_h, CONTENT_W, box_h, item, owner, True, shown, read_only=not self.flat))
        items.append(Frame(0.0, label_h, CONTENT_W, box_h))
        height = label_h + box_h
        if note:
            items.append(
                Run(0.0, height + NOTE_LEAD, say(self.language, "doc.read_only_continued"), 6.5, "regular", 0.35, None, "Layout")
            )
            height += note_h
        first = Piece(height + ROW_GAP, items)
        return first, self._continued(item, owner, lines[fit:])

    def _continued(self, item: Field, owner: Elem, lines: list[str]) -> Piece:
        """The rest of a free text: its title with "(forts.)", then its lines in a frame (split again when long)."""
        forts = say(self.language, "doc.forts")
        title = f"{item.label} {forts}"
        head: list[Item] = [Run(0.0, 10.0, title, 8.0, "bold", 0.0, None, "Pagination")]
        head_h = 14.0
        text_owner = owner if self.flat else None
        runs: list[Item] = [
            Run(PADDING, head_h + PADDING + VALUE_LEAD * (n + 1) - 2.2, line, MULTI_LINE_SIZE, "value", 0.0, text_owner)
            for n, line in enumerate(lines)
        ]
        box_h = len(lines) * VALUE_LEAD + 2 * PADDING + 2
        piece = Piece(head_h + box_h + ROW_GAP, [*head, Frame(0.0, head_h, CONTENT_W, box_h), *runs])

        def split(room: float) -> tuple[Piece, Piece] | None:
            fit = int((room - head_h - ROW_GAP - 2 * PADDING - 2) // VALUE_LEAD)
            if fit < MIN_TEXT_LINES or fit >= len(lines):
                return None
            part = self._continued(item, owner, lines[:fit])
            part.split = None
            return part, self._continued(item, owner, lines[fit:])

        if len(lines) > MIN_TEXT_LINES:
            piece.split = split
        return piece

    # -- tables -------------------------------------------------------------------------------------------------------

    def _table(self, table: Table, parent: Elem) -> list[Piece]:
        fonts = self.fonts
        count = len(table.columns)
        weights = [w if w else 1.0 for w in (table.weights or [None] * count)]
        total = sum(weights)
        room = CONTENT_W - GUTTER * (count - 1)
        widths = [room * w / total for w in weights]
        xs = [sum(widths[:i]) + GUTTER * i for i in range(count)]
        element = parent.add("Table")
        header_row = element.add("TR")
        lines_of = [fonts.wrap(title, LABEL_SIZE, widths[i], True) for i, title in enumerate(table.columns)]
        head_h = LABEL_LEAD * max(len(lines) for lines in lines_of) + 2
        head_items: list[Item] = []
        repeat_items: list[Item] = []
        for i, lines in enumerate(lines_of):
            cell = header_row.add("TH", b"/A << /O /Table /Scope /Column >>")
            for n, line in enumerate(lines):
                head_items.append(Run(xs[i], LABEL_LEAD * (n + 1) - 1.5, line, LABEL_SIZE, "bold", 0.15, cell))
                repeat_items.append(Run(xs[i], LABEL_LEAD * (n + 1) - 1.5, line, LABEL_SIZE, "bold", 0.15, None, "Pagination"))
        header = Piece(head_h, head_items, keep_next=True)
        repeated = Piece(head_h, repeat_items)
        pieces = [header]
        for row in table.rows:
            tr = element.add("TR")
            height = max(self._box_height(cell, widths[i]) for i, cell in enumerate(row))
            items: list[Item] = []
            for i, cell in enumerate(row):
                td = tr.add("TD")
                if cell.kind == "check":
                    items.append(Box(xs[i], 2.0, CHECK_SIZE, CHECK_SIZE, cell, td.add("Form")))
                    items.append(Frame(xs[i], 2.0, CHECK_SIZE, CHECK_SIZE))
                    continue
                box = self._box(cell, xs[i], 0.0, widths[i], height, td.add("Form"))
                items.append(box)
                items.append(Frame(xs[i], 0.0, widths[i], height))
            pieces.append(Piece(height + 4, items, header=repeated))
        return pieces

    # -- signatures and recipients ------------------------------------------------------------------------------------

    def _signatures(self, block: Signatures, parent: Elem) -> list[Piece]:
        pieces = [self._heading(block.heading, 2, parent)]
        for sentence in block.intro:
            pieces.append(self._paragraph(sentence, parent, keep_next=True))
        for signer in block.signers:
            pieces.append(self._signer(signer, block.date_label, parent))
        if block.extra:
            pieces.extend(self._fields(block.extra, parent, CONTENT_W))
        whole = merged(pieces)
        return [whole] if whole.height <= TOP - BOTTOM - 60 else pieces

    def _signer(self, signer: Signer, date_label: str, parent: Elem) -> Piece:
        """A line to sign on, and under it who signs (caption, name, role: wrapped, never cut) and the date."""
        fonts = self.fonts
        half = (CONTENT_W - GUTTER) / 2
        date_x = half + GUTTER
        element = parent.add("P")
        items: list[Item] = [Line(0.0, SIGN_SPACE, half), Line(date_x, SIGN_SPACE, half)]
        caption = f"{signer.caption}:" if signer.named else signer.caption
        caption_w = fonts.width(caption + " ", 8.0)
        items.append(Run(0.0, SIGN_SPACE + 10, caption, 8.0, "regular", 0.15, element))
        height = SIGN_SPACE + 12
        if signer.named:
            first_room = half - caption_w
            words = fonts.wrap(signer.named, 8.0, first_room)
            first = words[0] if words else ""
            rest = signer.named[len(first) :].strip()
            lines = [first, *(fonts.wrap(rest, 8.0, half) if rest else [])]
            for n, line in enumerate(lines):
                items.append(Run(caption_w if n == 0 else 0.0, SIGN_SPACE + 10 + 9.5 * n, line, 8.0, "value", 0.0, element))
            height = SIGN_SPACE + 12 + 9.5 * (len(lines) - 1)
        date_caption = f"{date_label}:" if signer.date else date_label
        items.append(Run(date_x, SIGN_SPACE + 10, date_caption, 8.0, "regular", 0.15, element))
        if signer.date:
            items.append(Run(date_x + fonts.width(date_caption + " ", 8.0), SIGN_SPACE + 10, signer.date, 8.0, "value", 0.0, element))
        piece = Piece(height + 4, items)
        if signer.fields:
            boxes = merged(self._fields(signer.fields, parent, CONTENT_W))
            piece = merged([piece, boxes])
        return piece

    def _recipients(self, block: Recipients, parent: Elem) -> list[Piece]:
        pieces = [self._heading(block.heading, 2, parent)]
        for sentence in block.intro:
            pieces.append(self._paragraph(sentence, parent, keep_next=True))
        for recipient in block.lines:
            if recipient.line:
                owner = parent.add("P")
                lines = self.fonts.wrap(recipient.line, 8.5, CONTENT_W)
                items: list[Item] = [Run(0.0, 10.5 * (n + 1) - 2, line, 8.5, "value", 0.0, owner) for n, line in enumerate(lines)]
                pieces.append(Piece(10.5 * len(lines) + 3, items))
            else:
                pieces.append(Piece(16.0, [Line(0.0, 13.0, CONTENT_W)]))
        whole = merged(pieces)
        return [whole] if whole.height <= TOP - BOTTOM - 60 else pieces

    # -- pages --------------------------------------------------------------------------------------------------------

    def _paginate(self, first: Piece, pieces: list[Piece]) -> list[Page]:
        pages: list[Page] = [Page()]
        page = pages[0]
        y = TOP
        page.placed.append((first, y))
        y -= first.height
        at_top = False
        index = 0
        while index < len(pieces):
            piece = pieces[index]
            # A chain of pieces that keep with the next must start on one page, with a first part of the next.
            need = 0.0
            end = index
            while end < len(pieces) and pieces[end].keep_next and need + pieces[end].height < TOP - BOTTOM:
                need += pieces[end].height
                end += 1
            if end < len(pieces):
                last = pieces[end]
                need += _min_height(last) if last.split else last.height
            if need > y - BOTTOM and not at_top and need <= TOP - BOTTOM:
                page = Page()
                pages.append(page)
                y, at_top = TOP, True
                if piece.header is not None:
                    page.placed.append((piece.header, y))
                    y -= piece.header.height
            if piece.height > y - BOTTOM and piece.split is not None:
                parts = piece.split(y - BOTTOM)
                if parts is None and not at_top:
                    page = Page()
                    pages.append(page)
                    y, at_top = TOP, True
                    continue
                if parts is not None:
                    head, rest = parts
                    page.placed.append((head, y))
                    pieces[index] = rest
                    page = Page()
                    pages.append(page)
                    y, at_top = TOP, True
                    continue
            elif piece.height > y - BOTTOM and not at_top:
                page = Page()
                pages.append(page)
                y, at_top = TOP, True
                if piece.header is not None:
                    page.placed.append((piece.header, y))
                    y -= piece.header.height
            page.placed.append((piece, y))
            y -= piece.height
            at_top = False
            index += 1
        return pages

    # -- furniture ----------------------------------------------------------------------------------------------------

    def _furniture(self, composition: Composition) -> None:
        """The municipality, the title line, the marking and the page numbers, on every page (artifacts but on page 1)."""
        furniture = composition.plan.furniture
        fonts = self.fonts
        pages = composition.pages
        count = len(pages)
        for number, page in enumerate(pages, start=1):
            band: list[Run] = []
            if furniture.kommun and not (number == 1 and furniture.kommun_field):
                width = fonts.width(furniture.kommun, HEADER_SIZE)
                band.append(Run(PAGE_W - MARGIN - width, PAGE_H - HEADER_TOP, furniture.kommun, HEADER_SIZE, "value", 0.25, None, "Header"))
            if number > 1:
                line = furniture.title_line
                room = TITLE_LINE_WIDTH
                if fonts.width(line, HEADER_SIZE) > room:
                    cut = longest_prefix(fonts.regular, line, (room - fonts.width(" …", HEADER_SIZE)) * fonts.regular.upem / HEADER_SIZE)
                    line = line[:cut].rstrip() + " …"
                band.append(Run(MARGIN, PAGE_H - HEADER_TOP, line, HEADER_SIZE, "value", 0.25, None, "Header"))
                if furniture.draft:
                    band.append(Run(MARGIN, PAGE_H - HEADER_TOP - 10, furniture.draft, HEADER_SIZE, "bold", 0.0, None, "Header"))
            if furniture.secrecy:
                size = MARKING_SIZE
                width = fonts.width(furniture.secrecy, size)
                if width > CONTENT_W:
                    size = MARKING_SIZE * CONTENT_W / width
                    width = fonts.width(furniture.secrecy, size)
                owner = Elem("P") if number == 1 else None
                if owner is not None:
                    self.document.kids.insert(0, owner)  # read first, as printed at the top of page 1
                band.append(
                    Run(PAGE_W - MARGIN - width, MARKING_Y, furniture.secrecy, size, "value", 0.15, owner, "" if owner else "Header")
                )
            footer = f"{furniture.title} · {furniture.page_label(number, count)} · v{furniture.version}"
            width = fonts.width(footer, FOOTER_SIZE)
            band.append(Run(PAGE_W - MARGIN - width, MARGIN / 2, footer, FOOTER_SIZE, "regular", 0.4, None, "Footer"))
            page.band = band
        if furniture.kommun_field:
            # Page 1 prints the municipality in the field that holds it, so it is filled in and read back.
            element = Elem("Form")
            marking_first = 1 if furniture.secrecy else 0
            self.document.kids.insert(marking_first, element)
            kommun = Field(furniture.kommun_field, furniture.kommun_title, "text", furniture.kommun_value,
                           furniture.kommun_value, tooltip=furniture.kommun_title)  # fmt: skip
            composition.kommun_box = Box(
                PAGE_W - MARGIN - 240.0, PAGE_H - HEADER_TOP - 13.0 + 3, 240.0, 13.0, kommun, element,
                shown=furniture.kommun_value or furniture.kommun, align=2, framed=False,
            )  # fmt: skip


def _span_width(span: int) -> float:
    return span * COL_W + (span - 1) * GUTTER


def _min_height(piece: Piece) -> float:
    """The least room a splittable piece needs to start on a page (its label and MIN_TEXT_LINES lines)."""
    boxes = [item for item in piece.items if isinstance(item, Box)]
    top = boxes[0].y if boxes else 0.0
    return top + MIN_TEXT_LINES * VALUE_LEAD + 2 * PADDING + 2 + NOTE_LEAD + ROW_GAP
