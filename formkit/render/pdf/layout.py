"""Where each field of a form sits on A4 pages: a flow layout from the schema, shared by templates and addenda."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from reportlab.lib.utils import simpleSplit

from formkit.model.catalog import Form
from formkit.model.paths import LIST_MARK, Field, leaf_fields, subschema
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
LONG_TEXT = 200
"""Strings allowed to be longer than this get a multi-line box across the page."""
SMALL_ITEM = 8
"""Lists whose items have at most this many fields get SMALL_ROWS rows, larger items BIG_ROWS."""
SMALL_ROWS = 4
BIG_ROWS = 3
NESTED_ROWS = 2
TEXT_ROWS = 3


@dataclass
class Node:
    """A piece of the form: a leaf field, an object of fields, or a list of items."""

    name: str
    title: str
    description: str | None = None
    leaf: Field | None = None
    item: Node | None = None
    rows: int = 0
    children: list[Node] = field(default_factory=list)


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


@dataclass
class Text:
    """Printed text (labels, headings, notes)."""

    page: int
    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    width: float = 0.0


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


def form_tree(form: Form) -> Node:
    """The form's fields as a tree of objects and lists, in document order."""
    root = Node("", form.title, form.schema.get("description"))
    for leaf in leaf_fields(form):
        node = root
        parts = leaf.path.split(".")
        prefix: list[str] = []
        for depth, part in enumerate(parts):
            prefix.append(part)
            last = depth == len(parts) - 1
            if part == LIST_MARK:
                if node.item is None:
                    node.item = Node(LIST_MARK, _item_title(form, ".".join(prefix), node.title))
                node = node.item
                if last:
                    node.leaf = leaf
                continue
            child = next((c for c in node.children if c.name == part), None)
            if child is None:
                schema = subschema(form, ".".join(prefix)) or {}
                child = Node(part, str(schema.get("title", part)), schema.get("description"))
                if schema.get("type") == "array":
                    nested = len(leaf.list_paths) > 1 and ".".join(prefix) != leaf.list_paths[0]
                    leaves = sum(1 for f in leaf_fields(form) if f.path.startswith(".".join(prefix) + "."))
                    here = ".".join(prefix)
                    inner_lists = any(
                        f.path.startswith(here + ".") and len(f.list_paths) > here.count(LIST_MARK) + 1 for f in leaf_fields(form)
                    )
                    if nested or inner_lists:
                        default = NESTED_ROWS
                    elif leaves <= 1:
                        default = TEXT_ROWS
                    else:
                        default = SMALL_ROWS if leaves <= SMALL_ITEM else BIG_ROWS
                    low = int(schema.get("minItems", 0))
                    high = int(schema.get("maxItems", 99))
                    child.rows = min(high, max(low, default))
                node.children.append(child)
            node = child
            if last:
                node.leaf = leaf
    return root


def _item_title(form: Form, path: str, fallback: str) -> str:
    schema = subschema(form, path) or {}
    return str(schema.get("title", fallback))


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
        self.layout.texts.append(Text(self.page, MARGIN, self.y + 2, text, size, bold))

    def note(self, text: str, size: float = 7.5) -> None:
        self.newline()
        for line in simpleSplit(text, register_reportlab_font(), size, PAGE_W - 2 * MARGIN):
            self.ensure(size + 3)
            self.y -= size + 2
            self.layout.texts.append(Text(self.page, MARGIN, self.y + 2, line, size))
        self.y -= 2

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


def _widget_for(flow: _Flow, leaf: Field, name: str, label: str) -> None:
    options: tuple[tuple[str, str], ...] = ()
    if leaf.type == "boolean":
        page, x, y, w = flow.cell(1, LINE_H)
        flow.layout.widgets.append(Widget(name, "checkbox", page, x, y + 2, 12, 12, label))
        flow.layout.texts.append(Text(page, x + 16, y + 5, label, 7.5, width=w - 16))
        return
    if leaf.enum:
        titles = leaf.enum_titles or {}
        options = tuple((str(v), str(titles.get(v, v))) for v in leaf.enum)
        kind, span, height = "choice", 2 if max(len(t) for _, t in options) > 18 else 1, LINE_H
    elif leaf.format in ("date", "time-hm"):
        kind, span, height = "text", 1, LINE_H
    elif leaf.format is None and (leaf.max_length is None or leaf.max_length > LONG_TEXT):
        kind, span, height = "multiline", COLUMNS, MULTI_H
    else:
        kind, span, height = "text", 2, LINE_H
    page, x, y, w = flow.cell(span, height)
    flow.layout.texts.append(Text(page, x, y + height + 2, label, 7, width=w))
    max_len = 10 if leaf.format == "date" else 5 if leaf.format == "time-hm" else None
    flow.layout.widgets.append(Widget(name, kind, page, x, y, w, height, label, options, max_len))


def _lay(flow: _Flow, node: Node, path: str, depth: int, counts: Mapping[str, int], full: bool) -> None:
    """Lay out node at concrete path; lists get their fixed rows (or every item when full)."""
    if node.leaf is not None and node.item is None:
        label = node.title + (" *" if node.leaf.required else "")
        _widget_for(flow, node.leaf, path, label)
        return
    if node.item is not None:
        flow.heading(node.title, 9.5 if depth <= 1 else 8, LABEL_H + LINE_H)
        if node.description and depth <= 1:
            flow.note(node.description)
        rows = max(counts.get(path, 0), 1) if full else node.rows
        for index in range(rows):
            _lay_item(flow, node, f"{path}.{index}", index, depth, counts)
        return
    if depth >= 1:
        flow.heading(node.title, 9.5 if depth == 1 else 8, LABEL_H + LINE_H)
        if node.description and depth == 1:
            flow.note(node.description)
    for child in node.children:
        _lay(flow, child, f"{path}.{child.name}" if path else child.name, depth + 1, counts, full)
    flow.newline()


def _lay_item(flow: _Flow, node: Node, path: str, index: int, depth: int, counts: Mapping[str, int]) -> None:
    item = node.item
    assert item is not None
    if item.leaf is not None:
        _widget_for(flow, item.leaf, path, f"{item.title} {index + 1}")
        return
    flow.heading(f"{item.title} {index + 1}", 7.5, LABEL_H + LINE_H, bold=False)
    for child in item.children:
        # Lists inside an addendum item are laid out in full there.
        on_addendum = index >= node.rows
        _lay(flow, child, f"{path}.{child.name}", depth + 1, counts, on_addendum)
    flow.newline()


def layout(form: Form, counts: Mapping[str, int] | None = None, signatures: tuple[str, ...] = ()) -> Layout:
    """Place every field: the form's own pages, then an addendum for lists longer than their rows."""
    tree = form_tree(form)
    result = Layout()
    title_y = PAGE_H - MARGIN - 16
    result.texts.append(Text(0, MARGIN, title_y, form.title, 16, bold=True))
    meta = form.meta
    sub = " · ".join(str(meta[k]) for k in ("routine", "annex") if meta.get(k))
    if sub:
        result.texts.append(Text(0, MARGIN, title_y - 14, sub, 8.5))
    flow = _Flow(result, title_y - 22)
    if tree.description:
        flow.note(str(tree.description), 8)
    for child in tree.children:
        _lay(flow, child, child.name, 1, counts or {}, False)
    _signature_block(flow, form, signatures)
    extra = overflow(tree, counts or {})
    if extra:
        _addendum(flow, form, tree, extra, counts or {})
    return result


def _signature_block(flow: _Flow, form: Form, lists: tuple[str, ...]) -> None:
    if not lists:
        return
    tree = form_tree(form)
    flow.heading("Underskrifter", 9.5, 30)  # the same word in Swedish and bokmål
    for name in lists:
        node = next((c for c in tree.children if c.name == name), None)
        if node is None:
            continue
        rows = node.rows if node.item is not None else 1
        title = node.item.title if node.item is not None else node.title
        for index in range(rows):
            flow.newline()
            flow.ensure(30)
            flow.y -= 30
            label = f"{title} {index + 1}" if node.item is not None else title
            half = (PAGE_W - 2 * MARGIN - GUTTER) / 2
            flow.layout.rules.append(Rule(flow.page, MARGIN, flow.y + 8, half))
            flow.layout.rules.append(Rule(flow.page, MARGIN + half + GUTTER, flow.y + 8, half))
            flow.layout.texts.append(Text(flow.page, MARGIN, flow.y, label, 7))
            date_word = "Datum" if form.language == "sv" else "Dato"
            flow.layout.texts.append(Text(flow.page, MARGIN + half + GUTTER, flow.y, date_word, 7))


def _addendum(flow: _Flow, form: Form, tree: Node, extra: Mapping[str, int], counts: Mapping[str, int]) -> None:
    """A new page continuing every list that is longer than its rows on the form."""
    flow.layout.pages += 1
    flow.page = flow.layout.pages - 1
    flow.y = PAGE_H - MARGIN
    flow.col = 0
    word = "Bilaga till" if form.language == "sv" else "Vedlegg til"
    flow.heading(f"{word} {form.title.lower()}", 13)
    for path, count in extra.items():
        node = _node_at(tree, path)
        assert node is not None and node.item is not None
        flow.heading(_path_title(tree, path), 9.5, LABEL_H + LINE_H)
        for index in range(node.rows, count):
            _lay_item(flow, node, f"{path}.{index}", index, 1, counts)


def _path_title(tree: Node, path: str) -> str:
    """A heading such as ``Mål 1 › Delmål`` for a list inside a list."""
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
    return " › ".join(words)
