"""Where each field of a form sits on A4 pages: a flow layout from the schema, shared by templates and addenda."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from reportlab.lib.utils import simpleSplit

from formkit.i18n import text
from formkit.model.catalog import Form
from formkit.model.fields import LIST_MARK, FieldNode
from formkit.model.presentation import Presentation
from formkit.pdfio.fields import DISPLAY_FIELD_PREFIX
from formkit.render.pdf.fonts import register_reportlab_font

PAGE_W, PAGE_H = 595.28, 841.89
MARGIN = 42.0
COLUMNS = 4
GUTTER = 8.0
LABEL_H = 9.0
LINE_H = 16.0
MULTI_H = 44.0
HEADING_H = 18.0
SUBHEADING_H = 13.0
HEADER_TOP = 22.0
"""The municipality's header field sits this far from the top of every page, its right edge on the margin."""
HEADER_FIELD_W = 240.0
HEADER_FIELD_H = 13.0
DISPLAY_PREFIX = DISPLAY_FIELD_PREFIX
"""Fields whose name starts with this are formkit's display fields (signers' names, recipients, continued text)."""
CONTINUATION_SIZE = 9.0
CONTINUATION_LEADING = 1.18
"""Continued text is set at 9 pt with the appearance streams' leading (render/pdf/appearance.py)."""
FIELD_PADDING = 2.0
LABEL_SIZE = 7.0
LONG_TEXT = 200
"""Strings allowed to be longer than this get a multi-line box across the page."""
SMALL_ITEM = 8
"""Lists whose items have at most this many fields get SMALL_ROWS rows, larger items BIG_ROWS."""
SMALL_ROWS = 4
BIG_ROWS = 3
NESTED_ROWS = 2
TEXT_ROWS = 3
SECRECY_KEY = "/FormkitSecrecy"
"""The Info entry holding the secrecy marking a template prints itself (filling then does not print it again)."""
MARKING_SIZE = 7.5
MARKING_Y = PAGE_H - 38.0
"""The secrecy marking's baseline: under the municipality, above the first line of every page (right-aligned)."""
_ORDER = itertools.count()
"""Texts and widgets are numbered as they are placed: that order is the reading order of the tagged PDF."""


def _next() -> int:
    return next(_ORDER)


@dataclass
class Node:
    """A piece of the form: a leaf field, an object of fields, or a list of items.

    ``instruction`` and ``after`` are the sentences its presentation prints
    under its heading and after it; ``section`` is False for a part printed in
    the signature block instead of in the flow of sections.
    """

    name: str
    title: str
    instruction: tuple[str, ...] = ()
    leaf: FieldNode | None = None
    item: Node | None = None
    rows: int = 0
    min_items: int = 0
    children: list[Node] = field(default_factory=list)
    after: tuple[str, ...] = ()
    section: bool = True
    long_text: bool | None = None
    header: bool = False
    required: bool = True


@dataclass
class Widget:
    """One fillable box: its field name (a concrete dot path), kind and place on a page."""

    name: str
    kind: str  # "text", "multiline", "checkbox" or "choice"
    page: int
    x: float
    y: float
    w: float
    h: float
    label: str
    options: tuple[tuple[str, str], ...] = ()
    max_len: int | None = None
    borderless: bool = False
    """Printed without a frame (the municipality in the page header, the display fields)."""
    align: int = 0
    """PDF quadding: 0 left, 2 right."""
    read_only: bool = False
    """A display field (name starting with DISPLAY_PREFIX): filled by formkit, not by a person, never extracted."""
    tooltip: str = ""
    """The field's accessible name (/TU): its label with the sections and rows it sits in (``Insats 1, Ansvarig, Namn``)."""
    required: bool = False
    order: int = field(default_factory=_next, compare=False)


@dataclass
class Text:
    """Printed text (labels, headings, notes) and what it is in the document's structure.

    ``role`` is its structure type: ``H`` (a heading of ``level``, 1 being the
    title), ``P`` (a paragraph), ``Lbl`` (the label of the field named in
    ``labels``) or ``Artifact`` (printed on every page, read once: the
    marking on later pages). Lines of one paragraph or label share ``group``.
    """

    page: int
    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    width: float = 0.0
    role: str = "P"
    level: int = 0
    labels: str | None = None
    group: int = field(default_factory=_next)
    order: int = field(default_factory=_next, compare=False)


@dataclass
class Rule:
    """A printed line (signature lines)."""

    page: int
    x: float
    y: float
    w: float


@dataclass
class Layout:
    """Everything on the pages of one template: texts, boxes and signature lines."""

    pages: int = 1
    texts: list[Text] = field(default_factory=list)
    widgets: list[Widget] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    continued_on: dict[str, int] = field(default_factory=dict)
    """Field path -> the page (1-based) where its text continues."""
    continuation_fields: list[tuple[str, str, int, int]] = field(default_factory=list)
    """(display field, field path, first line, end line) of every piece of continued text."""
    page_of: dict[str, int] = field(default_factory=dict)
    """Field path -> the page (1-based) its box is on."""


@dataclass(frozen=True)
class Variant:
    """What one record changes in its form's layout; the key of a prepared template.

    ``counts`` the lists longer than the form's rows (laid out in full on an
    addendum); ``signatures`` the caption of every signature line (None: the
    blank form's lines); ``recipients`` how many recipient lines (None: the
    blank form's); ``continuations`` how many lines of each text that does not
    fit its box continue on a continuation page; ``secrecy`` the marking.
    """

    counts: tuple[tuple[str, int], ...] = ()
    signatures: tuple[str, ...] | None = None
    recipients: int | None = None
    continuations: tuple[tuple[str, int], ...] = ()
    secrecy: str = ""
    """The secrecy marking printed at the top of every page (empty: none)."""
    texts: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    """The sentences of the slots the form's variants change, as the record's variant says (None: the form's own);
    see :meth:`formkit.model.presentation.Presentation.texts`."""


def form_tree(form: Form, texts: Mapping[str, tuple[str, ...]] | None = None) -> Node:
    """The form's fields as a tree of objects and lists, in document order, with the rows each list gets.

    *texts* replaces the sentences of the slots it names (``intro``, ``instruction:<field>``, ``after:<field>``).
    """
    presentation = form.presentation
    texts = texts or {}
    tree = Node("", form.title, texts.get("intro", presentation.intro))
    tree.children = [_tree(child, presentation) for child in form.model.root.children.values()]
    for child in tree.children:
        child.instruction = texts.get(f"instruction:{child.name}", child.instruction)
        child.after = texts.get(f"after:{child.name}", child.after)
    return tree


def _rows(field: FieldNode) -> int:
    """How many rows a list gets on the form: fewer for big items and lists in lists."""
    item = field.item
    leaves = list(item.leaves()) if item is not None else []
    nested = bool(field.list_paths)
    inner_lists = any(len(leaf.list_paths) > len(field.list_paths) + 1 for leaf in leaves)
    if nested or inner_lists:
        default = NESTED_ROWS
    elif len(leaves) <= 1:
        default = TEXT_ROWS
    else:
        default = SMALL_ROWS if len(leaves) <= SMALL_ITEM else BIG_ROWS
    low = field.min_items or 0
    high = field.max_items if field.max_items is not None else 99
    return min(high, max(low, default))


def _tree(field: FieldNode, presentation: Presentation) -> Node:
    node = Node(field.name, field.title, presentation.instruction(field.path))
    node.after = presentation.after(field.path)
    node.required = field.required
    node.section = presentation.is_section(field.path)
    node.header = field.path == presentation.header_field()
    node.long_text = presentation.long_text(field.path)
    if field.is_leaf:
        node.leaf = field
    elif field.kind == "array" and field.item is not None:
        node.rows = _rows(field)
        node.min_items = field.min_items or 0
        item = Node(LIST_MARK, field.item.title)
        if field.item.is_leaf:
            item.leaf = field.item
        else:
            item.children = [_tree(child, presentation) for child in field.item.children.values()]
        node.item = item
    else:
        node.children = [_tree(child, presentation) for child in field.children.values()]
    return node


def list_counts(data: Mapping[str, object], prefix: str = "") -> dict[str, int]:
    """Length of every list in a record, by concrete dot path (``mal.0.delmal``)."""
    counts: dict[str, int] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, list):
            counts[path] = len(value)
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    counts.update(list_counts(item, f"{path}.{index}."))
        elif isinstance(value, dict):
            counts.update(list_counts(value, f"{path}."))
    return counts


def layout_counts(tree: Node, counts: Mapping[str, int]) -> dict[str, int]:
    """The list lengths that change a record's layout: lists longer than their rows, and the lists inside their items."""
    longer = overflow(tree, counts)
    return {
        path: count
        for path, count in counts.items()
        if path in longer or any(path.startswith(f"{outer}.") for outer in longer)
    }


def overflow(tree: Node, counts: Mapping[str, int]) -> dict[str, int]:
    """The lists of a record that need more rows than the form has: path -> item count."""
    found: dict[str, int] = {}
    for path, count in counts.items():
        node = _node_at(tree, path)
        if node is not None and node.rows and count > node.rows and not _inside_overflow(tree, path, counts):
            found[path] = count
    return found


def _inside_overflow(tree: Node, path: str, counts: Mapping[str, int]) -> bool:
    """True when the list sits in an item that is itself on an addendum (laid out in full there)."""
    parts = path.split(".")
    for end in range(len(parts) - 1, 0, -1):
        if not parts[end].isdigit():
            continue
        outer = ".".join(parts[:end])
        node = _node_at(tree, outer)
        if node is not None and node.rows and int(parts[end]) >= node.rows:
            return True
    return False


def _node_at(tree: Node, path: str) -> Node | None:
    node: Node | None = tree
    for part in path.split("."):
        if node is None:
            return None
        node = node.item if part.isdigit() else next((c for c in node.children if c.name == part), None)
    return node


class _Flow:
    """Places boxes left to right in a four-column grid and breaks pages."""

    def __init__(self, layout: Layout, top: float) -> None:
        self.layout = layout
        self.page = layout.pages - 1
        self.y = top
        self.col = 0
        self.row_h = 0.0
        self.col_w = (PAGE_W - 2 * MARGIN - (COLUMNS - 1) * GUTTER) / COLUMNS
        self.level = 1
        """The heading level of the part being laid out (1: the title); a heading here is one deeper."""

    @contextlib.contextmanager
    def nested(self) -> Iterator[None]:
        """Lay out what belongs under the last heading: its own headings are one level deeper."""
        self.level += 1
        try:
            yield
        finally:
            self.level -= 1

    def newline(self) -> None:
        if self.col:
            self.y -= self.row_h + 6
        self.col = 0
        self.row_h = 0.0

    def ensure(self, height: float) -> None:
        if self.y - height < MARGIN + 20:
            self.layout.pages += 1
            self.page = self.layout.pages - 1
            self.y = PAGE_H - MARGIN
            self.col = 0
            self.row_h = 0.0

    def heading(self, text: str, size: float, keep: float = 0.0, bold: bool = True) -> None:
        self.newline()
        self.ensure(size + 4 + keep)
        self.y -= size + 4
        self.layout.texts.append(Text(self.page, MARGIN, self.y + 2, text, size, bold, role="H", level=min(self.level + 1, 6)))

    def note(self, text: str, size: float = 7.5) -> None:
        self.newline()
        group = _next()
        for line in simpleSplit(text, register_reportlab_font(), size, PAGE_W - 2 * MARGIN):
            self.ensure(size + 3)
            self.y -= size + 2
            self.layout.texts.append(Text(self.page, MARGIN, self.y + 2, line, size, group=group))
        self.y -= 2

    def span_width(self, span: int) -> float:
        return span * self.col_w + (span - 1) * GUTTER

    def cell(self, span: int, height: float) -> tuple[int, float, float, float]:
        """Reserve a box of span columns: (page, x, y of the box bottom, width)."""
        if self.col + span > COLUMNS:
            self.newline()
        need = LABEL_H + height
        if self.col == 0:
            self.ensure(need)
        self.row_h = max(self.row_h, need)
        x = MARGIN + self.col * (self.col_w + GUTTER)
        w = span * self.col_w + (span - 1) * GUTTER
        self.col += span
        return self.page, x, self.y - need, w


def _label_fits(label: str, width: float) -> bool:
    from reportlab.pdfbase import pdfmetrics

    return bool(pdfmetrics.stringWidth(label, register_reportlab_font(), LABEL_SIZE) <= width)


def _widget_for(
    flow: _Flow, leaf: FieldNode, name: str, label: str, long_text: bool | None = None, show_label: bool = True
) -> None:
    options: tuple[tuple[str, str], ...] = ()
    if leaf.type == "boolean":
        span = 1
        while span < COLUMNS and len(simpleSplit(label, register_reportlab_font(), 7.5, flow.span_width(span) - 16)) > 2:
            span *= 2
        page, x, y, w = flow.cell(span, LINE_H)
        flow.layout.widgets.append(Widget(name, "checkbox", page, x, y + 2, 12, 12, label, required=label.endswith(" *")))
        flow.layout.texts.append(Text(page, x + 16, y + 5, label, 7.5, width=w - 16, role="Lbl", labels=name))
        return
    if leaf.enum:
        titles = leaf.enum_titles or {}
        options = tuple((str(v), str(titles.get(v, v))) for v in leaf.enum)
        kind, span, height = "choice", 2 if max(len(t) for _, t in options) > 18 else 1, LINE_H
    elif leaf.format in ("date", "time-hm"):
        kind, span, height = "text", 1, LINE_H
    elif long_text or (long_text is None and leaf.format is None and (leaf.max_length is None or leaf.max_length > LONG_TEXT)):
        kind, span, height = "multiline", COLUMNS, MULTI_H
    else:
        kind, span, height = "text", 2, LINE_H
    # A label is never cut off: a box whose label does not fit its columns takes more of them.
    while show_label and span < COLUMNS and not _label_fits(label, flow.span_width(span)):
        span = min(COLUMNS, span * 2)
    lines = simpleSplit(label, register_reportlab_font(), LABEL_SIZE, flow.span_width(span)) if show_label else []
    extra = max(len(lines) - 1, 0) * (LABEL_SIZE + 1)
    page, x, y, w = flow.cell(span, height + extra)
    group = _next()
    for number, line in enumerate(lines):
        top = y + height + extra + 2 - number * (LABEL_SIZE + 1)
        flow.layout.texts.append(Text(page, x, top, line, LABEL_SIZE, role="Lbl", labels=name, group=group))
    max_len = 10 if leaf.format == "date" else 5 if leaf.format == "time-hm" else None
    flow.layout.widgets.append(
        Widget(name, kind, page, x, y, w, height, label, options, max_len, required=label.endswith(" *"))
    )
    flow.layout.page_of[name] = page + 1


def _lay(flow: _Flow, node: Node, path: str, depth: int, counts: Mapping[str, int], full: bool, optional: bool = False) -> None:
    """Lay out node at concrete path; lists get their fixed rows (or every item when full).

    *optional* marks a part the record may leave out as a whole (an optional
    group, a list row beyond its minimum): its fields show no required star.
    """
    if node.leaf is not None and node.item is None:
        label = node.title + (" *" if node.leaf.required and not optional else "")
        if node.instruction:
            # As in Word: the title as a heading, the instruction under it, then the box.
            flow.heading(label, 9.5 if depth <= 1 else 8, LABEL_H + LINE_H)
            for sentence in node.instruction:
                flow.note(sentence)
        _widget_for(flow, node.leaf, path, label, node.long_text, show_label=not node.instruction)
        _after(flow, node)
        return
    if node.item is not None:
        flow.heading(node.title, 9.5 if depth <= 1 else 8, LABEL_H + LINE_H)
        for sentence in node.instruction:
            flow.note(sentence)
        # A list longer than the form's rows prints all its items in place (its record's variant of the form).
        rows = max(counts.get(path, 0), 1) if full else max(node.rows, counts.get(path, 0))
        with flow.nested():
            for index in range(rows):
                _lay_item(flow, node, f"{path}.{index}", index, depth, counts, optional or index >= node.min_items)
        _after(flow, node)
        return
    if depth >= 1:
        flow.heading(node.title, 9.5 if depth == 1 else 8, LABEL_H + LINE_H)
        for sentence in node.instruction:
            flow.note(sentence)
    group_optional = optional or (node.leaf is None and not node.required)
    with flow.nested() if depth >= 1 else contextlib.nullcontext():
        for child in node.children:
            _lay(flow, child, f"{path}.{child.name}" if path else child.name, depth + 1, counts, full, group_optional)
    flow.newline()
    _after(flow, node)


def _after(flow: _Flow, node: Node) -> None:
    for sentence in node.after:
        flow.note(sentence)


def _lay_item(
    flow: _Flow, node: Node, path: str, index: int, depth: int, counts: Mapping[str, int], optional: bool = False
) -> None:
    item = node.item
    assert item is not None
    if item.leaf is not None:
        _widget_for(flow, item.leaf, path, f"{item.title} {index + 1}")
        return
    flow.heading(f"{item.title} {index + 1}", 7.5, LABEL_H + LINE_H, bold=False)
    with flow.nested():
        for child in item.children:
            # Lists inside an addendum item are laid out in full there.
            on_addendum = index >= node.rows
            _lay(flow, child, f"{path}.{child.name}", depth + 1, counts, on_addendum, optional)
    flow.newline()


def layout(form: Form, counts: Mapping[str, int] | None = None, variant: Variant | None = None) -> Layout:
    """Place every field: the form's own pages, then an addendum for lists longer than their rows,
    then continuation pages for text that does not fit its box (see :class:`Variant`)."""
    variant = variant or Variant(counts=tuple(sorted((counts or {}).items())))
    counts = dict(variant.counts)
    texts = dict(variant.texts) if variant.texts is not None else {}
    tree = form_tree(form, texts)
    result = Layout()
    # Read first, as printed at the top of page 1: the marking, the municipality, the title.
    marking = _marking(variant.secrecy)
    if marking is not None:
        result.texts.append(replace(marking, page=0))
    for child in tree.children:
        if child.header and child.leaf is not None:
            # Where every page prints the municipality: on page 1 it is this field, filled from the record.
            top = PAGE_H - HEADER_TOP - HEADER_FIELD_H + 3
            result.widgets.append(
                Widget(child.name, "text", 0, PAGE_W - MARGIN - HEADER_FIELD_W, top, HEADER_FIELD_W, HEADER_FIELD_H,
                       child.title, borderless=True, align=2, tooltip=child.title)
            )  # fmt: skip
    title_y = PAGE_H - MARGIN - 16
    result.texts.append(Text(0, MARGIN, title_y, form.title, 16, bold=True, role="H", level=1))
    meta = form.meta
    sub = " · ".join(str(meta[k]) for k in ("routine", "annex") if meta.get(k))
    if sub:
        result.texts.append(Text(0, MARGIN, title_y - 14, sub, 8.5))
    flow = _Flow(result, title_y - 22)
    for sentence in tree.instruction:
        flow.note(sentence, 8)
    for child in tree.children:
        if child.section and not (child.header and child.leaf is not None):
            _lay(flow, child, child.name, 1, counts, False, not child.required)
    for sentence in texts.get("closing", form.presentation.closing):
        flow.note(sentence, 8)
    _recipients_block(flow, form, variant.recipients)
    _signature_block(flow, form, tree, counts, variant.signatures)
    if variant.continuations:
        _continuation(flow, form, tree, dict(variant.continuations))
    if marking is not None:
        # Later pages repeat the marking as a page header: printed, but read only once (on page 1).
        result.texts.extend(replace(marking, page=page, role="Artifact") for page in range(1, result.pages))
    for widget in result.widgets:
        if not widget.tooltip:
            widget.tooltip = _path_title(tree, widget.name, ", ") if not widget.read_only else widget.label
    return result


def _marking(secrecy: str) -> Text | None:
    """The secrecy marking as printed at the top right of a page, smaller when it is long (None without one)."""
    if not secrecy.strip():
        return None
    from reportlab.pdfbase import pdfmetrics

    font = register_reportlab_font()
    room = PAGE_W - 2 * MARGIN
    width = pdfmetrics.stringWidth(secrecy, font, MARKING_SIZE)
    size = MARKING_SIZE if width <= room else MARKING_SIZE * room / width
    width = pdfmetrics.stringWidth(secrecy, font, size)
    return Text(0, PAGE_W - MARGIN - width, MARKING_Y, secrecy, size)


def _display(flow: _Flow, name: str, x: float, width: float, label: str, height: float = 11.0, tooltip: str = "") -> None:
    """A read-only, borderless field formkit fills with printed text, its baseline on the flow's line."""
    flow.layout.widgets.append(
        Widget(name, "text", flow.page, x, flow.y - 3, width, height, label, borderless=True, read_only=True, tooltip=tooltip)
    )


def _recipients_block(flow: _Flow, form: Form, count: int | None) -> None:
    """Who receives the document and who gets a copy: one display line each (blank lines on the blank form)."""
    spec = form.presentation.routing
    if spec is None:
        return
    lines = count if count is not None else 2
    flow.heading(spec.heading, 9.5, 12 * max(lines, 1) + 20)
    for sentence in spec.intro:
        flow.note(sentence)
    for index in range(lines):
        flow.newline()
        flow.ensure(13)
        flow.y -= 13
        name = f"{DISPLAY_PREFIX}mottagare.{index}"
        _display(flow, name, MARGIN, PAGE_W - 2 * MARGIN, spec.heading, tooltip=f"{spec.heading} {index + 1}")
        if count is None:
            flow.layout.rules.append(Rule(flow.page, MARGIN, flow.y - 2, PAGE_W - 2 * MARGIN))
    flow.y -= 8


def _signature_captions(form: Form, tree: Node) -> list[tuple[str, Node | None]]:
    """The blank form's signature lines: each signer's caption, a list's signers as many as the list's rows."""
    spec = form.presentation.signatures
    rows: list[tuple[str, Node | None]] = []
    for signer in spec.signers if spec is not None else ():
        if signer.list:
            node = _node_at(tree, signer.list)
            count = max(node.rows if node is not None else 1, signer.blank)
            rows.extend((signer.caption, None) for _ in range(count))
        else:
            rows.append((signer.caption, _node_at(tree, signer.field or "")))
    return rows


SIGNATURE_ROW_H = 34.0
SIGNER_LINES = 3
"""Lines under a signing line for the signer's name and role (at 8 pt)."""


def _signature_block(
    flow: _Flow, form: Form, tree: Node, counts: Mapping[str, int], captions: tuple[str, ...] | None
) -> None:
    """One signing line per signer, the caption and the record's name under it (a display field), and a date.

    A part printed here instead of as a section (who signed and when) keeps its
    boxes, under its line. The heading, intro and first line stay on one page.
    """
    spec = form.presentation.signatures
    hidden = [child for child in tree.children if not child.section and not child.header]
    if spec is None and not hidden:
        return
    blank_rows = _signature_captions(form, tree)
    parts = {caption: part for caption, part in blank_rows if part is not None}
    rows = [(caption, parts.get(caption)) for caption in captions] if captions is not None else blank_rows
    heading = spec.heading if spec is not None and spec.heading else text(form.language, "doc.signatures")
    intro = spec.intro if spec is not None else ()
    intro_h = sum(len(simpleSplit(s, register_reportlab_font(), 7.5, PAGE_W - 2 * MARGIN)) * 9.5 + 2 for s in intro)
    flow.heading(heading, 9.5, intro_h + SIGNATURE_ROW_H + 10)
    for sentence in intro:
        flow.note(sentence)
    date_word = text(form.language, "doc.date")
    with flow.nested():
        _signature_rows(flow, tree, counts, rows, captions is not None, date_word, hidden)


def _signature_rows(
    flow: _Flow,
    tree: Node,
    counts: Mapping[str, int],
    rows: list[tuple[str, Node | None]],
    with_names: bool,
    date_word: str,
    hidden: list[Node],
) -> None:
    half = (PAGE_W - 2 * MARGIN - GUTTER) / 2
    date_x = MARGIN + half + GUTTER
    placed: set[int] = set()
    font = register_reportlab_font()
    from reportlab.pdfbase import pdfmetrics

    for index, (caption, part) in enumerate(rows):
        path = _path_of(tree, part)
        with_boxes = part is not None and path is not None and _hidden(tree, path)
        named = with_names and not with_boxes  # boxes show who signed and when themselves
        names_h = SIGNER_LINES * 8 * 1.18 + 4 if named else 0.0
        flow.newline()
        flow.ensure(SIGNATURE_ROW_H + names_h + (LABEL_H + LINE_H + 8 if with_boxes else 0))
        flow.y -= SIGNATURE_ROW_H - 8
        flow.layout.rules.append(Rule(flow.page, MARGIN, flow.y + 8, half))
        flow.layout.rules.append(Rule(flow.page, date_x, flow.y + 8, half))
        caption_w = pdfmetrics.stringWidth(f"{caption}: ", font, 8) if named else 0.0
        name = f"{DISPLAY_PREFIX}underskrifter.{index}"
        # With names, the caption and the date word label the display fields beside them.
        role, names, dates = ("Lbl", f"{name}.namn", f"{name}.datum") if named else ("P", None, None)
        flow.layout.texts.append(Text(flow.page, MARGIN, flow.y, caption + (":" if named else ""), 8, role=role, labels=names))
        flow.layout.texts.append(
            Text(flow.page, date_x, flow.y, f"{date_word}:" if named else date_word, 8, role=role, labels=dates)
        )
        if named:
            # The name and role may need more than one line: a multi-line field, never cut.
            flow.layout.widgets.append(
                Widget(f"{name}.namn", "multiline", flow.page, MARGIN + caption_w, flow.y + 8 - names_h,
                       half - caption_w, names_h, caption, borderless=True, read_only=True, tooltip=caption)
            )  # fmt: skip
            date_w = pdfmetrics.stringWidth(f"{date_word}: ", font, 8)
            _display(flow, f"{name}.datum", date_x + date_w, half - date_w, date_word, tooltip=f"{caption}, {date_word}")
            flow.y -= names_h - 10
        flow.y -= 8
        if with_boxes and part is not None and path is not None:
            # Who signed and when keep their boxes (so they extract), under their line.
            for child in part.children:
                _lay(flow, child, f"{path}.{child.name}", 3, counts, False, True)
            flow.newline()
            placed.add(id(part))
    for child in hidden:
        rest = [c for c in child.children if id(c) not in placed] if child.children else [child]
        if rest and id(child) not in placed:
            for node in rest:
                _lay(flow, node, f"{child.name}.{node.name}" if node is not child else child.name, 3, counts, False, True)


def _path_of(tree: Node, target: Node | None) -> str | None:
    """The dot path of *target* among the non-list parts of *tree*."""
    if target is None:
        return None
    stack: list[tuple[Node, str]] = [(child, child.name) for child in tree.children]
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        stack.extend((child, f"{path}.{child.name}") for child in node.children)
    return None


def _hidden(tree: Node, path: str) -> bool:
    top = next((child for child in tree.children if child.name == path.split(".")[0]), None)
    return top is not None and not top.section


def _new_page(flow: _Flow) -> None:
    flow.layout.pages += 1
    flow.page = flow.layout.pages - 1
    flow.y = PAGE_H - MARGIN
    flow.col = 0
    flow.row_h = 0.0


def continuation_lines_per_page() -> int:
    """How many lines of continued text one continuation field holds at most (a page's height)."""
    usable = PAGE_H - 2 * MARGIN - 60
    return int(usable // (CONTINUATION_SIZE * CONTINUATION_LEADING))


def continuation_width() -> float:
    """The inner width continued text is wrapped to (full text width, without the field's padding)."""
    return PAGE_W - 2 * MARGIN - 2 * FIELD_PADDING


def _continuation(flow: _Flow, form: Form, tree: Node, lines: Mapping[str, int]) -> None:
    """Pages holding the rest of every text too long for its box: a heading naming the field, then its text.

    The text is cut into display fields of at most a page each; the layout
    records on which page each field's text continues, for its box to say so.
    """
    _new_page(flow)
    flow.heading(text(form.language, "doc.continuation_of", title=form.title), 13)
    line_h = CONTINUATION_SIZE * CONTINUATION_LEADING
    piece = 0
    with flow.nested():
        for path, total in lines.items():
            label = _path_title(tree, path)
            from_page = flow.layout.page_of.get(path, 1)
            flow.heading(f"{label} – {text(form.language, 'doc.continued_from', page=from_page)}", 9.5, line_h * 2 + 8)
            flow.layout.continued_on[path] = flow.page + 1
            start = 0
            while start < total:
                flow.newline()
                room = int((flow.y - (MARGIN + 20) - 2 * FIELD_PADDING) // line_h)
                if room < 2:
                    _new_page(flow)
                    flow.heading(f"{label} – {text(form.language, 'doc.continued')}", 9.5, line_h * 2 + 8)
                    room = int((flow.y - (MARGIN + 20) - 2 * FIELD_PADDING) // line_h)
                count = min(room, total - start)
                height = count * line_h + 2 * FIELD_PADDING + 2
                flow.y -= height
                name = f"{DISPLAY_PREFIX}fortsattning.{piece}"
                flow.layout.widgets.append(
                    Widget(name, "multiline", flow.page, MARGIN, flow.y, PAGE_W - 2 * MARGIN, height, label,
                           borderless=True, read_only=True)
                )  # fmt: skip
                flow.layout.continuation_fields.append((name, path, start, start + count))
                piece += 1
                start += count
                flow.y -= 6


def _path_title(tree: Node, path: str, separator: str = " › ") -> str:
    """A heading such as ``Mål 1 › Delmål`` for a list inside a list (a tooltip: ``Insats 1, Ansvarig, Namn``)."""
    words: list[str] = []
    node: Node | None = tree
    for part in path.split("."):
        if node is None:
            break
        if part.isdigit():
            node = node.item
            if node is not None:
                words[-1:] = [f"{node.title} {int(part) + 1}"]
        else:
            node = next((c for c in node.children if c.name == part), None)
            if node is not None:
                words.append(node.title)
    return separator.join(words)
