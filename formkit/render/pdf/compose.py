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

import functools
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
    """A structure element of a piece: ``H1``–``H6``, ``P``, ``Lbl``, ``Form``, ``Table``, ``TR``, ``TH``, ``TD``.

    Elements belong to the piece that made them and are shared by every record
    that prints that piece (pieces are cached); the writer gives each placed
    piece's elements their object numbers. ``parent`` is another element of the
    piece, or None: the piece's outer element (the document, or a table's
    element for its rows).
    """

    __slots__ = ("attributes", "parent", "type")

    def __init__(self, kind: str, parent: Elem | None = None, attributes: bytes = b"") -> None:
        self.type = kind
        self.parent = parent
        self.attributes = attributes


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

    ``y`` is its top, down from the piece's top (the bottom on the page for the
    municipality's box on page 1). ``slot`` says which of the piece's fields it
    shows; ``shown`` replaces the text its appearance shows (the part of a free
    text that fits here).
    """

    x: float
    y: float
    w: float
    h: float
    slot: int
    owner: Elem
    multiline: bool = False
    shown: str | None = None
    read_only: bool = False
    align: int = 0
    framed: bool = True


Item = Run | Frame | Line | Box


@dataclass(eq=False)
class Proto:
    """What a piece prints whatever record it belongs to: its height, items and structure elements.

    Prototypes are made once per process for each heading, sentence, row of
    labelled boxes or table row of a given shape, and shared by every record
    that prints one: a record only binds its fields to the boxes (``Box.slot``).
    """

    height: float
    items: list[Item]
    elems: list[Elem]
    """The piece's elements, in reading order (a parent before its kids)."""
    drawn: Any = None
    """What the writer made of it once (its content, ready to be placed): kept with it."""


@dataclass(eq=False)
class Piece:
    """A part of a page that is never split, for one record: its prototype and the fields its boxes show.

    A piece made of others (a group kept together) holds them in ``parts``
    with their offsets. ``outer`` is the element its top elements belong to
    (None: the document; a table's element for the table's rows).
    """

    height: float
    proto: Proto | None = None
    fields: list[Field] = field(default_factory=list)
    keep_next: bool = False
    split: Callable[[float], tuple[Piece, Piece] | None] | None = None
    """For a free text: the part that fits a height and the rest (None when too little fits)."""
    header: Piece | None = None
    """A table's header row, repeated (as artifacts) at the top of a page this piece starts."""
    parts: list[tuple[Piece, float]] = field(default_factory=list)
    outer: Elem | None = None

    def leaves(self, top: float) -> Iterator[tuple[Piece, float]]:
        """The pieces with items (this one, or its parts) and their tops on the page (PDF coordinates, y up)."""
        if self.proto is not None:
            yield self, top
        for part, offset in self.parts:
            yield from part.leaves(top - offset)


def merged(pieces: list[Piece]) -> Piece:
    """One piece of several, one under the other (keep_next of the last)."""
    parts = []
    top = 0.0
    for piece in pieces:
        parts.append((piece, top))
        top += piece.height
    return Piece(top, keep_next=pieces[-1].keep_next if pieces else False, parts=parts)


@dataclass
class Page:
    """What one page holds, in reading order: pieces with their tops, and the furniture (page coordinates)."""

    placed: list[tuple[Piece, float]] = field(default_factory=list)
    band: list[Run] = field(default_factory=list)


@dataclass
class Composition:
    """A laid-out document: its pages, the furniture's elements and the municipality's box on page 1."""

    plan: Plan
    pages: list[Page]
    kommun: Field | None = None
    kommun_box: Box | None = None
    marking: Elem | None = None
    """The element of the secrecy marking on page 1 (read first)."""


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
        return float(font.width(value) * size / font.upem)

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
    """Lays out plans of one form; *flat* lays them out for a copy without fields (values drawn as text).

    Pieces that do not depend on a record's values are kept for the next
    records (bounded): a batch lays out each heading, sentence and row once.
    """

    def __init__(self, fonts: Fonts, *, flat: bool = False) -> None:
        self.fonts = fonts
        self.flat = flat
        self._protos: dict[tuple[Any, ...], Proto] = {}
        self.language = "sv"

    def _proto(self, key: tuple[Any, ...], make: Callable[[], Proto]) -> Proto:
        found = self._protos.get(key)
        if found is None:
            found = make()
            if len(self._protos) > 20_000:
                self._protos.clear()
            self._protos[key] = found
        return found

    # -- the document -------------------------------------------------------------------------------------------------

    def compose(self, plan: Plan) -> Composition:
        self.language = plan.furniture.language
        pieces: list[Piece] = []
        furniture = plan.furniture
        first = self._title(furniture)
        for block in plan.blocks:
            pieces.extend(self._block(block))
        pages = self._paginate(first, pieces)
        composition = Composition(plan, pages)
        self._furniture(composition)
        return composition

    def _title(self, furniture: Furniture) -> Piece:
        def make() -> Proto:
            elems = [Elem("H1")]
            items: list[Item] = [Run(0.0, TITLE_SIZE, furniture.title, TITLE_SIZE, "bold", 0.0, elems[0])]
            height = TITLE_SIZE + 4
            if furniture.subtitle:
                elems.append(Elem("P"))
                items.append(Run(0.0, height + 8.5, furniture.subtitle, 8.5, "regular", 0.15, elems[-1]))
                height += 12
            if furniture.draft:
                elems.append(Elem("P"))
                items.append(Run(0.0, height + 9, furniture.draft, 9.0, "bold", 0.0, elems[-1]))
                height += 12
            return Proto(height + 8, items, elems)

        proto = self._proto(("title", furniture.title, furniture.subtitle, furniture.draft), make)
        return Piece(proto.height, proto)

    def _block(self, block: Block) -> list[Piece]:
        if isinstance(block, Paragraph):
            return [self._paragraph(block.text, size=8.0 if block.kind in ("intro", "closing", "legend") else NOTE_SIZE)]
        if isinstance(block, Fields):
            return self._fields(block.fields)
        if isinstance(block, Table):
            return self._table(block)
        if isinstance(block, Group):
            return self._group(block)
        if isinstance(block, Signatures):
            return self._signatures(block)
        return self._recipients(block)

    # -- texts --------------------------------------------------------------------------------------------------------

    def _paragraph(self, value: str, *, size: float = NOTE_SIZE, keep_next: bool = False, face: str = "value") -> Piece:
        """A sentence (the form's own words, in the value face too: a routine's text may hold any letter)."""

        def make() -> Proto:
            owner = Elem("P")
            lead = size + 2
            lines = self.fonts.wrap(value, size, CONTENT_W)
            items: list[Item] = [Run(0.0, lead * (n + 1) - 2, line, size, "regular", 0.15, owner) for n, line in enumerate(lines)]
            return Proto(lead * len(lines) + 3, items, [owner])

        proto = self._proto(("p", value, size), make)
        return Piece(proto.height, proto, keep_next=keep_next)

    def _heading(self, title: str, level: int) -> Piece:
        def make() -> Proto:
            size = HEADING_SIZES.get(level, 8.5)
            owner = Elem(f"H{min(level, 6)}")
            lines = self.fonts.wrap(title, size, CONTENT_W, True)
            items: list[Item] = [
                Run(0.0, 4 + (size + 1.5) * (n + 1) - 1.5, line, size, "bold", 0.0, owner) for n, line in enumerate(lines)
            ]
            return Proto(4 + (size + 1.5) * len(lines) + 3, items, [owner])

        proto = self._proto(("h", title, level), make)
        return Piece(proto.height, proto, keep_next=True)

    # -- groups -------------------------------------------------------------------------------------------------------

    def _group(self, group: Group) -> list[Piece]:
        pieces = [self._heading(group.title, group.level)]
        for sentence in group.instruction:
            pieces.append(self._paragraph(sentence, keep_next=True))
        if group.empty_note:
            pieces.append(self._paragraph(group.empty_note, size=8.0))
        for block in group.blocks:
            pieces.extend(self._block(block))
        if group.after:
            pieces[-1].keep_next = True
            for sentence in group.after:
                pieces.append(self._paragraph(sentence))
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

    def _fields(self, fields: list[Field]) -> list[Piece]:
        pieces: list[Piece] = []
        row: list[tuple[Field, int]] = []
        used = 0
        for item in fields:
            if item.kind == "long":
                if row:
                    pieces.append(self._row(row))
                    row, used = [], 0
                pieces.append(self._long(item))
                continue
            span = self._spans.get((item.label, item.kind, item.star, item.show_label, item.options))
            if span is None:
                span = self._spans[(item.label, item.kind, item.star, item.show_label, item.options)] = self._span(item)
            if used + span > COLUMNS:
                pieces.append(self._row(row))
                row, used = [], 0
            row.append((item, span))
            used += span
        if row:
            pieces.append(self._row(row))
        return pieces

    _spans: dict[tuple[Any, ...], int] = {}  # noqa: RUF012 - a cache shared by composers: spans depend on labels only

    def _row(self, row: list[tuple[Field, int]]) -> Piece:
        """One row of the grid: labels over their boxes, the boxes' tops in line (a prototype per shape)."""
        heights = tuple(self._box_height(item, _span_width(span)) for item, span in row)
        key = ("row", tuple((item.printed_label, item.kind, item.show_label, span) for item, span in row), heights)
        proto = self._proto(key, lambda: self._make_row(row, heights))
        return Piece(proto.height, proto, [item for item, _ in row])

    def _make_row(self, row: list[tuple[Field, int]], heights: tuple[float, ...]) -> Proto:
        fonts = self.fonts
        cells = []
        label_h = 0.0
        for (item, span), box_h in zip(row, heights, strict=True):
            width = _span_width(span)
            if item.kind == "check":
                cells.append((item, width, fonts.wrap(item.printed_label, NOTE_SIZE, width - 16), CHECK_SIZE))
                continue
            lines = fonts.wrap(item.printed_label, LABEL_SIZE, width) if item.show_label else []
            label_h = max(label_h, LABEL_LEAD * len(lines) + 1)
            cells.append((item, width, lines, box_h))
        items: list[Item] = []
        elems: list[Elem] = []
        x = 0.0
        height = 0.0
        for slot, (item, width, lines, box_h) in enumerate(cells):
            if item.kind == "check":
                group = Elem("P")
                label = Elem("Lbl", group)
                form = Elem("Form", group)
                elems += [group, label, form]
                top = label_h
                items.append(Box(x, top, CHECK_SIZE, CHECK_SIZE, slot, form))
                items.append(Frame(x, top, CHECK_SIZE, CHECK_SIZE))
                for n, line in enumerate(lines):
                    items.append(Run(x + 16, top + 9 + n * NOTE_LEAD, line, NOTE_SIZE, "regular", 0.15, label))
                height = max(height, top + max(CHECK_SIZE, NOTE_LEAD * len(lines)))
            else:
                if lines:
                    group = Elem("P")
                    label = Elem("Lbl", group)
                    owner = Elem("Form", group)
                    elems += [group, label, owner]
                    first = label_h - LABEL_LEAD * len(lines)
                    for n, line in enumerate(lines):
                        items.append(Run(x, first + LABEL_LEAD * (n + 1) - 1.5, line, LABEL_SIZE, "regular", 0.15, label))
                else:
                    owner = Elem("Form")
                    elems.append(owner)
                items.append(Box(x, label_h, width, box_h, slot, owner, box_h > LINE_H))
                items.append(Frame(x, label_h, width, box_h))
                height = max(height, label_h + box_h)
            x += width + GUTTER
        return Proto(height + ROW_GAP, items, elems)

    def _fits_line(self, value: str, width: float) -> bool:
        font = self.fonts.regular
        return "\n" not in value and font.width(value) * MIN_SIZE / font.upem <= width - 2 * PADDING

    def _box_height(self, item: Field, width: float) -> float:
        """A box's height: one line, or as many as its value needs (a value is printed whole, in place)."""
        if item.kind == "long":
            return MULTI_H
        if not item.value or item.kind in ("date", "time", "check") or self._fits_line(item.value, width):
            return LINE_H
        lines = self.fonts.wrap(item.value, MULTI_LINE_SIZE, width - 2 * PADDING)
        return max(LINE_H, len(lines) * VALUE_LEAD + 2 * PADDING + 2)

    # -- free text ----------------------------------------------------------------------------------------------------

    def _long(self, item: Field) -> Piece:
        """A free text across the page: a box as tall as its text, continued on the next page when it must be."""
        fonts = self.fonts
        inner = CONTENT_W - 2 * PADDING
        lines = fonts.wrap(item.value, MULTI_LINE_SIZE, inner) if item.value else []
        text_h = len(lines) * VALUE_LEAD + 2 * PADDING + 2
        # A blank box leaves room to write; a filled one is as tall as its text.
        box_h = max(FILLED_MIN_H if item.value else MULTI_H, text_h)
        proto = self._proto(("long", item.printed_label, item.show_label, box_h), lambda: self._make_long(item, box_h))
        piece = Piece(proto.height, proto, [item])
        if len(lines) > MIN_TEXT_LINES:
            piece.split = lambda room: self._split_long(item, proto, lines, room)
        return piece

    def _label_lines(self, item: Field) -> list[str]:
        return self.fonts.wrap(item.printed_label, LABEL_SIZE, CONTENT_W) if item.show_label else []

    def _make_long(self, item: Field, box_h: float, shown: str | None = None, read_only: bool = False) -> Proto:
        label_lines = self._label_lines(item)
        label_h = LABEL_LEAD * len(label_lines) + (1 if label_lines else 0)
        label: Elem | None = None
        if label_lines:
            group = Elem("P")
            label = Elem("Lbl", group)
            owner = Elem("Form", group)
            elems = [group, label, owner]
        else:
            owner = Elem("Form")
            elems = [owner]
        items: list[Item] = [
            Run(0.0, LABEL_LEAD * (n + 1) - 1.5, line, LABEL_SIZE, "regular", 0.15, label) for n, line in enumerate(label_lines)
        ]
        items.append(Box(0.0, label_h, CONTENT_W, box_h, 0, owner, True, shown, read_only))
        items.append(Frame(0.0, label_h, CONTENT_W, box_h))
        height = label_h + box_h
        if read_only:
            note = say(self.language, "doc.read_only_continued")
            items.append(Run(0.0, height + NOTE_LEAD, note, 6.5, "regular", 0.35, None, "Layout"))
            height += NOTE_LEAD + 2
        return Proto(height + ROW_GAP, items, elems)

    def _split_long(self, item: Field, proto: Proto, lines: list[str], room: float) -> tuple[Piece, Piece] | None:
        """The part of a free text that fits *room* (its box holds the field) and the rest, continued as text."""
        label_lines = self._label_lines(item)
        label_h = LABEL_LEAD * len(label_lines) + (1 if label_lines else 0)
        note_h = 0.0 if self.flat else NOTE_LEAD + 2
        fit = int((room - label_h - ROW_GAP - note_h - 2 * PADDING - 2) // VALUE_LEAD)
        if fit < MIN_TEXT_LINES or fit >= len(lines):
            return None
        box_h = fit * VALUE_LEAD + 2 * PADDING + 2
        # A field whose text continues elsewhere cannot be edited here: an edit would leave the rest as it was.
        first_proto = self._make_long(item, box_h, "\n".join(lines[:fit]), read_only=not self.flat)
        owner = next(e for e in first_proto.elems if e.type == "Form")
        first = Piece(first_proto.height, first_proto, [item])
        return first, self._continued(item, owner, lines[fit:])

    def _continued(self, item: Field, owner: Elem, lines: list[str]) -> Piece:
        """The rest of a free text: its title with "(forts.)", then its lines in a frame (split again when long).

        In a flat copy the lines are the field's content (its element's); in a
        fillable one the field holds the whole text and the lines are printed only.
        """
        forts = say(self.language, "doc.forts")
        head: list[Item] = [Run(0.0, 10.0, f"{item.label} {forts}", 8.0, "bold", 0.0, None, "Pagination")]
        head_h = 14.0
        text_owner = owner if self.flat else None
        runs: list[Item] = [
            Run(PADDING, head_h + PADDING + VALUE_LEAD * (n + 1) - 2.2, line, MULTI_LINE_SIZE, "value", 0.0, text_owner)
            for n, line in enumerate(lines)
        ]
        box_h = len(lines) * VALUE_LEAD + 2 * PADDING + 2
        proto = Proto(head_h + box_h + ROW_GAP, [*head, Frame(0.0, head_h, CONTENT_W, box_h), *runs], [])
        piece = Piece(proto.height, proto, [item])

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

    def _table(self, table: Table) -> list[Piece]:
        count = len(table.columns)
        weights = [w if w else 1.0 for w in (table.weights or [None] * count)]
        total = sum(weights)
        room = CONTENT_W - GUTTER * (count - 1)
        widths = [room * w / total for w in weights]
        xs = [sum(widths[:i]) + GUTTER * i for i in range(count)]
        columns = tuple(table.columns)
        header, repeated = self._table_header(columns, widths, xs)
        element = header.proto.elems[0] if header.proto is not None else None
        pieces = [header]
        for row in table.rows:
            height = max(self._box_height(cell, widths[i]) for i, cell in enumerate(row))
            kinds = tuple(cell.kind for cell in row)
            proto = self._protos.get(("tr", columns, kinds, height)) or self._proto(
                ("tr", columns, kinds, height), functools.partial(self._table_row, kinds, widths, xs, height)
            )
            pieces.append(Piece(height + 4, proto, row, header=repeated, outer=element))
        return pieces

    def _table_header(self, columns: tuple[str, ...], widths: list[float], xs: list[float]) -> tuple[Piece, Piece]:
        fonts = self.fonts

        def make(repeat: bool) -> Proto:
            lines_of = [fonts.wrap(title, LABEL_SIZE, widths[i], True) for i, title in enumerate(columns)]
            head_h = LABEL_LEAD * max(len(lines) for lines in lines_of) + 2
            elems: list[Elem] = []
            if not repeat:
                table = Elem("Table")
                header_row = Elem("TR", table)
                elems += [table, header_row]
            items: list[Item] = []
            for i, lines in enumerate(lines_of):
                cell = None
                if not repeat:
                    cell = Elem("TH", header_row, b"/A << /O /Table /Scope /Column >>")
                    elems.append(cell)
                for n, line in enumerate(lines):
                    items.append(
                        Run(xs[i], LABEL_LEAD * (n + 1) - 1.5, line, LABEL_SIZE, "bold", 0.15, cell, "" if cell else "Pagination")
                    )
            return Proto(head_h, items, elems)

        # Each table gets elements of its own: its rows point at them.
        head = make(False)
        repeated = self._proto(("th-repeat", columns), lambda: make(True))
        return Piece(head.height, head, keep_next=True), Piece(repeated.height, repeated)

    def _table_row(self, kinds: tuple[str, ...], widths: list[float], xs: list[float], height: float) -> Proto:
        items: list[Item] = []
        row = Elem("TR")
        elems = [row]
        for i, kind in enumerate(kinds):
            td = Elem("TD", row)
            form = Elem("Form", td)
            elems += [td, form]
            if kind == "check":
                items.append(Box(xs[i], 2.0, CHECK_SIZE, CHECK_SIZE, i, form))
                items.append(Frame(xs[i], 2.0, CHECK_SIZE, CHECK_SIZE))
                continue
            items.append(Box(xs[i], 0.0, widths[i], height, i, form, height > LINE_H))
            items.append(Frame(xs[i], 0.0, widths[i], height))
        return Proto(height + 4, items, elems)

    # -- signatures and recipients ------------------------------------------------------------------------------------

    def _signatures(self, block: Signatures) -> list[Piece]:
        pieces = [self._heading(block.heading, 2)]
        for sentence in block.intro:
            pieces.append(self._paragraph(sentence, keep_next=True))
        for signer in block.signers:
            pieces.append(self._signer(signer, block.date_label))
        if block.extra:
            pieces.extend(self._fields(block.extra))
        whole = merged(pieces)
        return [whole] if whole.height <= TOP - BOTTOM - 60 else pieces

    def _signer(self, signer: Signer, date_label: str) -> Piece:
        """A line to sign on, and under it who signs (caption, name, role: wrapped, never cut) and the date."""
        proto = self._proto(
            ("signer", signer.caption, signer.named, signer.date, date_label), lambda: self._make_signer(signer, date_label)
        )
        piece = Piece(proto.height, proto)
        if signer.fields:
            piece = merged([piece, merged(self._fields(signer.fields))])
        return piece

    def _make_signer(self, signer: Signer, date_label: str) -> Proto:
        fonts = self.fonts
        half = (CONTENT_W - GUTTER) / 2
        date_x = half + GUTTER
        element = Elem("P")
        items: list[Item] = [Line(0.0, SIGN_SPACE, half), Line(date_x, SIGN_SPACE, half)]
        caption = f"{signer.caption}:" if signer.named else signer.caption
        caption_w = fonts.width(caption + " ", 8.0)
        items.append(Run(0.0, SIGN_SPACE + 10, caption, 8.0, "regular", 0.15, element))
        height = SIGN_SPACE + 12
        if signer.named:
            words = fonts.wrap(signer.named, 8.0, half - caption_w)
            first = words[0] if words else ""
            rest = signer.named[len(first) :].strip()
            lines = [first, *(fonts.wrap(rest, 8.0, half) if rest else [])]
            for n, line in enumerate(lines):
                items.append(Run(caption_w if n == 0 else 0.0, SIGN_SPACE + 10 + 9.5 * n, line, 8.0, "value", 0.0, element))
            height = SIGN_SPACE + 12 + 9.5 * (len(lines) - 1)
        date_caption = f"{date_label}:" if signer.date else date_label
        items.append(Run(date_x, SIGN_SPACE + 10, date_caption, 8.0, "regular", 0.15, element))
        if signer.date:
            x = date_x + fonts.width(date_caption + " ", 8.0)
            items.append(Run(x, SIGN_SPACE + 10, signer.date, 8.0, "value", 0.0, element))
        return Proto(height + 4, items, [element])

    def _recipients(self, block: Recipients) -> list[Piece]:
        pieces = [self._heading(block.heading, 2)]
        for sentence in block.intro:
            pieces.append(self._paragraph(sentence, keep_next=True))
        for recipient in block.lines:
            line = recipient.line

            def make(line: str = line) -> Proto:
                if not line:
                    return Proto(16.0, [Line(0.0, 13.0, CONTENT_W)], [])
                owner = Elem("P")
                lines = self.fonts.wrap(line, 8.5, CONTENT_W)
                items: list[Item] = [Run(0.0, 10.5 * (n + 1) - 2, text, 8.5, "value", 0.0, owner) for n, text in enumerate(lines)]
                return Proto(10.5 * len(lines) + 3, items, [owner])

            proto = self._proto(("recipient", line), make)
            pieces.append(Piece(proto.height, proto))
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
        usable = TOP - BOTTOM
        while index < len(pieces):
            piece = pieces[index]
            # A chain of pieces that keep with the next must start on one page, with a first part of the next.
            need = 0.0
            end = index
            while end < len(pieces) and pieces[end].keep_next and need + pieces[end].height < usable:
                need += pieces[end].height
                end += 1
            if end < len(pieces):
                last = pieces[end]
                need += _min_height(last) if last.split else last.height
            if need > y - BOTTOM and not at_top and need <= usable:
                page, y, at_top = self._new_page(pages, piece)
            if piece.height > y - BOTTOM and piece.split is not None:
                parts = piece.split(y - BOTTOM)
                if parts is None and not at_top:
                    page, y, at_top = self._new_page(pages, None)
                    continue
                if parts is not None:
                    head, rest = parts
                    page.placed.append((head, y))
                    pieces[index] = rest
                    page, y, at_top = self._new_page(pages, None)
                    continue
            elif piece.height > y - BOTTOM and not at_top:
                page, y, at_top = self._new_page(pages, piece)
            page.placed.append((piece, y))
            y -= piece.height
            at_top = False
            index += 1
        return pages

    @staticmethod
    def _new_page(pages: list[Page], piece: Piece | None) -> tuple[Page, float, bool]:
        """A new page; a table row that starts it gets the table's header row above it."""
        page = Page()
        pages.append(page)
        y = TOP
        if piece is not None and piece.header is not None:
            page.placed.append((piece.header, y))
            y -= piece.header.height
        return page, y, True

    # -- furniture ----------------------------------------------------------------------------------------------------

    def _furniture(self, composition: Composition) -> None:
        """The municipality, the title line, the marking and the page numbers on every page (artifacts but on page 1)."""
        furniture = composition.plan.furniture
        fonts = self.fonts
        pages = composition.pages
        count = len(pages)
        for number, page in enumerate(pages, start=1):
            band: list[Run] = []
            if furniture.kommun and not (number == 1 and furniture.kommun_field):
                width = fonts.width(furniture.kommun, HEADER_SIZE)
                x = PAGE_W - MARGIN - width
                band.append(Run(x, PAGE_H - HEADER_TOP, furniture.kommun, HEADER_SIZE, "value", 0.25, None, "Header"))
            if number > 1:
                line = furniture.title_line
                room = TITLE_LINE_WIDTH
                if fonts.width(line, HEADER_SIZE) > room:
                    upem = fonts.regular.upem
                    cut = longest_prefix(fonts.regular, line, (room - fonts.width(" …", HEADER_SIZE)) * upem / HEADER_SIZE)
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
                # Read first on page 1 (a paragraph before the title); a page header on the others.
                owner = Elem("P") if number == 1 else None
                composition.marking = owner or composition.marking
                artifact = "" if owner else "Header"
                band.append(Run(PAGE_W - MARGIN - width, MARKING_Y, furniture.secrecy, size, "value", 0.15, owner, artifact))
            footer = f"{furniture.title} · {furniture.page_label(number, count)} · v{furniture.version}"
            width = fonts.width(footer, FOOTER_SIZE)
            band.append(Run(PAGE_W - MARGIN - width, MARGIN / 2, footer, FOOTER_SIZE, "regular", 0.4, None, "Footer"))
            page.band = band
        if furniture.kommun_field:
            # Page 1 prints the municipality in the field that holds it, so it is filled in and read back.
            composition.kommun = Field(
                furniture.kommun_field, furniture.kommun_title, "text", furniture.kommun_value, furniture.kommun_value,
                tooltip=furniture.kommun_title,
            )  # fmt: skip
            composition.kommun_box = Box(
                PAGE_W - MARGIN - 240.0, PAGE_H - HEADER_TOP - 13.0 + 3, 240.0, 13.0, 0, Elem("Form"),
                shown=furniture.kommun, align=2, framed=False,
            )  # fmt: skip


def _span_width(span: int) -> float:
    return span * COL_W + (span - 1) * GUTTER


def _min_height(piece: Piece) -> float:
    """The least room a splittable piece needs to start on a page (its label and MIN_TEXT_LINES lines)."""
    items = piece.proto.items if piece.proto is not None else []
    boxes = [item for item in items if isinstance(item, Box)]
    top = boxes[0].y if boxes else 0.0
    return top + MIN_TEXT_LINES * VALUE_LEAD + 2 * PADDING + 2 + NOTE_LEAD + ROW_GAP
