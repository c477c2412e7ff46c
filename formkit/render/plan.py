"""The display plan: what one document of a form prints, in reading order, for Word, PDF and any other output to draw.

A plan is built from the form's model (its fields, titles, enum labels, list
bounds), its presentation (``x-formkit``: sentences, signers, recipients,
hints), one record (or none: the blank form), the settings and the form's
language. Renderers draw the plan and decide nothing about *what* is printed:
which sections, which labels, which list items, which signers and recipients,
which sentences, and the page furniture (municipality, title, whose document,
secrecy marking, draft mark) all come from here. They decide only *how*
(fonts, page breaks, boxes or table rows), following the layout rules each
block states (``keep``: never split across pages; a heading stays with what
follows it).

Lists print the items the record has; the blank form and drafts keep the
form's spare rows, so there is room to write by hand. A required field's
label carries a star only where a person still fills the form in (blank and
draft), and the legend that explains the star is printed with it.

Plans are built per record, so the work is split: :func:`compile_plan` reads
the form once per process into a tree of parts that know their labels, kinds
and paths; :meth:`CompiledPlan.build` walks that tree with one record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, Literal

from formkit.formats import age_on, personnummer_birth_date
from formkit.i18n import LOCALES, language_of, text
from formkit.model.catalog import Form
from formkit.model.fields import LIST_MARK, FieldNode
from formkit.model.paths import value_at
from formkit.model.presentation import Presentation, SignerSpec
from formkit.render.context import with_channels
from formkit.settings import Settings
from formkit.textclean import clean_text

Mode = Literal["blank", "draft", "filled"]
"""``blank``: the empty form with its spare rows; ``draft``: an incomplete record printed to be completed by hand
(spare rows kept, stars shown); ``filled``: a record as it is (only the items it has)."""

FieldKind = Literal["text", "long", "date", "time", "choice", "check"]

LONG_TEXT = 200
"""A string allowed to be longer than this is free text: a box of its own, across the page."""
SMALL_ITEM = 8
"""Spare rows of a list on the blank form: SMALL_ROWS for items of at most this many fields, else BIG_ROWS."""
SMALL_ROWS = 4
BIG_ROWS = 3
NESTED_ROWS = 2
TEXT_ROWS = 3
TABLE_COLUMNS = 4
"""A list whose items are at most this many short fields prints as a table: a header row, one row per item."""
PERSON_CHARS = 60
"""Page headers name whose document it is in at most this many characters (the full name is in the document)."""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def printable(value: str) -> str:
    """*value* as printed: every kind of line break a line break, a tab a space, other control characters gone.

    Text pasted from Windows and Word carries CRLF, CR, vertical tabs (Word's
    line break), form feeds (Word's page break) and tabs, none of which has a
    glyph: a renderer would draw a box (see :mod:`formkit.textclean`, the one
    cleaning every output and every value read back shares).
    """
    return clean_text(value)


def format_date(value: str, language: str) -> str:
    """A schema date (ISO) as the form's language prints it.

    Swedish forms print ISO 8601, ``2025-03-12``: the Swedish standard date
    format (SS-ISO 8601, recommended by Språkrådet) and what Swedish municipal
    forms ask for ("ÅÅÅÅ-MM-DD"). Norwegian forms print ``12.03.2025``, the
    numeric form Språkrådet prescribes for bokmål. A value that is not a valid
    ISO date is printed as given (only drafts can carry one).
    """
    if language != "nb" or not _ISO_DATE.fullmatch(value):
        return value
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{parsed.day:02d}.{parsed.month:02d}.{parsed.year:04d}"


# --- what a plan holds ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Field:
    """One labelled value: a box in the PDF, a row or cell in Word.

    ``value`` is the text printed (a date in the form's language, an enum's
    label, Ja/Nej); ``stored`` what a fillable field holds (the code of a
    choice, the printed date); ``checked`` a check box's state. ``path`` is
    the concrete dot path, the field's name in a fillable PDF and the tag of
    its Word content control.
    """

    path: str
    label: str
    kind: FieldKind
    value: str = ""
    stored: str = ""
    checked: bool | None = None
    required: bool = False
    star: bool = False
    """The label is printed with a star (a required field still to be filled in by hand)."""
    show_label: bool = True
    """False when a heading above the box names it already (a free text under its own heading)."""
    tooltip: str = ""
    """The accessible name: the label with the sections and rows it sits in (``Insats 1, Ansvarig aktör, Namn``)."""
    options: tuple[tuple[str, str], ...] = ()
    max_len: int | None = None
    weight: float | None = None
    """The field's share of a Word table's width (``column_weight``)."""

    @property
    def printed_label(self) -> str:
        return f"{self.label} *" if self.star else self.label


@dataclass(slots=True)
class Paragraph:
    """A sentence of the form (intro, instruction, after, closing, the star's legend) or a note."""

    text: str
    kind: str = "instruction"


@dataclass(slots=True)
class Fields:
    """Consecutive labelled values: a grid of boxes (PDF) or a key–value table (Word)."""

    fields: list[Field]


@dataclass(slots=True)
class Table:
    """A list of short, flat items: a header row of column titles and one row per item."""

    path: str
    columns: list[str]
    rows: list[list[Field]]
    weights: list[float | None] = field(default_factory=list)


@dataclass(slots=True)
class Group:
    """A part printed together: its heading, the sentences under it, its blocks, the sentences after it.

    ``kind`` is ``section`` (a part of the form, level 2), ``object`` (a part
    inside one), ``list`` (a list's heading over its items) or ``item`` (one
    item of a list: ``Insats 2``). ``keep`` asks the renderer never to split it
    across pages (a person, an insats, a signer), unless it is taller than a page.
    """

    kind: str
    title: str
    level: int
    path: str
    blocks: list[Block] = field(default_factory=list)
    instruction: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    keep: bool = False
    empty_note: str = ""
    """Printed instead of the blocks when a filled list has no items (``Inga uppgifter.``)."""


@dataclass(slots=True)
class Signer:
    """One signature line: who signs (caption), the record's name, role and organisation, and the date.

    ``fields`` are the boxes of a part printed in the signature block instead of
    as a section (who signed and when, as a person fills it in); a signer with
    boxes shows its name and date in them.
    """

    caption: str
    name: str = ""
    role: str = ""
    date: str = ""
    fields: list[Field] = field(default_factory=list)

    @property
    def named(self) -> str:
        """The name and role as printed beside the caption: ``Łukasz Wójcik, Rektor, Arjeplogs skola``."""
        return ", ".join(part for part in (self.name, self.role) if part)


@dataclass(slots=True)
class Signatures:
    heading: str
    intro: tuple[str, ...]
    signers: list[Signer]
    date_label: str
    extra: list[Field] = field(default_factory=list)
    """Boxes of signature parts that belong to no signer (printed after the lines)."""


@dataclass(slots=True)
class Recipient:
    kind_label: str
    label: str

    @property
    def line(self) -> str:
        return f"{self.kind_label}: {self.label}" if self.label else ""


@dataclass(slots=True)
class Recipients:
    heading: str
    intro: tuple[str, ...]
    lines: list[Recipient]


Block = Paragraph | Fields | Table | Group | Signatures | Recipients


@dataclass(slots=True)
class Furniture:
    """What every page carries: who issues it, what it is, whose it is, its page numbers, its marking."""

    kommun: str
    kommun_field: str | None
    """The field that holds the municipality (printed, and fillable, at the top of page 1)."""
    kommun_title: str
    kommun_value: str
    """The record's own municipality (empty: the setting's is printed)."""
    title: str
    subtitle: str
    person: str
    person_short: str
    secrecy: str
    draft: str
    version: str
    language: str
    locale: str
    page_word: str
    of_word: str

    def page_label(self, page: int, pages: int) -> str:
        return f"{self.page_word} {page} {self.of_word} {pages}"

    @property
    def title_line(self) -> str:
        """The title with whose document it is, as later pages print it at the top."""
        return f"{self.title} · {self.person_short}" if self.person_short else self.title


@dataclass(slots=True)
class Plan:
    """Everything one document prints, in reading order."""

    form_id: str
    mode: Mode
    furniture: Furniture
    blocks: list[Block]

    def walk(self) -> Iterator[Block]:
        """Every block, depth first, in reading order."""
        stack: list[Block] = list(reversed(self.blocks))
        while stack:
            block = stack.pop()
            yield block
            if isinstance(block, Group):
                stack.extend(reversed(block.blocks))

    def fields(self) -> Iterator[Field]:
        """Every field of the document (boxes a person or formkit fills), in reading order."""
        for block in self.walk():
            if isinstance(block, Fields):
                yield from block.fields
            elif isinstance(block, Table):
                for row in block.rows:
                    yield from row
            elif isinstance(block, Signatures):
                for signer in block.signers:
                    yield from signer.fields
                yield from block.extra

    def texts(self) -> Iterator[str]:
        """Every text printed besides the values: titles, labels, sentences, captions (for checks and docs)."""
        furniture = self.furniture
        yield furniture.title
        if furniture.subtitle:
            yield furniture.subtitle
        for block in self.walk():
            if isinstance(block, Paragraph):
                yield block.text
            elif isinstance(block, Group):
                yield block.title
                yield from block.instruction
                yield from block.after
            elif isinstance(block, Fields):
                yield from (f.label for f in block.fields if f.show_label)
            elif isinstance(block, Table):
                yield from block.columns
            elif isinstance(block, Signatures | Recipients):
                yield block.heading
                yield from block.intro


# --- the compiled form ------------------------------------------------------------------------------------------------


def _rows(node: FieldNode) -> int:
    """How many rows a list gets on the blank form: fewer for big items and lists in lists."""
    item = node.item
    leaves = list(item.leaves()) if item is not None else []
    nested = bool(node.list_paths)
    inner_lists = any(len(leaf.list_paths) > len(node.list_paths) + 1 for leaf in leaves)
    if nested or inner_lists:
        default = NESTED_ROWS
    elif len(leaves) <= 1:
        default = TEXT_ROWS
    else:
        default = SMALL_ROWS if len(leaves) <= SMALL_ITEM else BIG_ROWS
    low = node.min_items or 0
    high = node.max_items if node.max_items is not None else 99
    return min(high, max(low, default))


def _kind(node: FieldNode, presentation: Presentation) -> FieldKind:
    if node.kind == "boolean":
        return "check"
    if node.enum is not None:
        return "choice"
    if node.format == "date":
        return "date"
    if node.format == "time-hm":
        return "time"
    long_text = presentation.long_text(node.path)
    if long_text or (
        long_text is None
        and node.format is None
        and node.kind == "string"
        and (node.max_length is None or node.max_length > LONG_TEXT)
    ):
        return "long"
    return "text"


@dataclass(eq=False)
class _Leaf:
    node: FieldNode
    name: str
    title: str
    kind: FieldKind
    required: bool
    instruction: tuple[str, ...]
    after: tuple[str, ...]
    weight: float | None
    options: tuple[tuple[str, str], ...]
    max_len: int | None


@dataclass(eq=False)
class _Object:
    node: FieldNode
    name: str
    title: str
    required: bool
    instruction: tuple[str, ...]
    after: tuple[str, ...]
    parts: list[_Part]


@dataclass(eq=False)
class _List:
    node: FieldNode
    name: str
    title: str
    item_title: str
    required: bool
    instruction: tuple[str, ...]
    after: tuple[str, ...]
    item: _Part
    rows: int
    min_items: int
    table: bool


_Part = _Leaf | _Object | _List


def _compile(node: FieldNode, presentation: Presentation) -> _Part:
    instruction = presentation.instruction(node.path) if node.path else ()
    after = presentation.after(node.path) if node.path else ()
    if node.is_leaf:
        options: tuple[tuple[str, str], ...] = ()
        if node.enum is not None:
            options = tuple((str(code), node.label(code)) for code in node.enum)
        max_len = 10 if node.format == "date" else 5 if node.format == "time-hm" else None
        return _Leaf(
            node, node.name, node.title, _kind(node, presentation), node.required, instruction, after,
            presentation.column_weight(node.path), options, max_len,
        )  # fmt: skip
    if node.kind == "array" and node.item is not None:
        item = _compile(node.item, presentation)
        table = isinstance(item, _Object) and 0 < len(item.parts) <= TABLE_COLUMNS
        table = table and all(isinstance(p, _Leaf) and p.kind != "long" and not p.instruction for p in item.parts)  # type: ignore[union-attr]
        return _List(
            node, node.name, node.title, node.item.title or node.title, node.required, instruction, after, item,
            _rows(node), node.min_items or 0, table,
        )  # fmt: skip
    parts = [_compile(child, presentation) for child in node.children.values()]
    return _Object(node, node.name, node.title, node.required, instruction, after, parts)


class _Values:
    """Turning a record's values into printed text, in the form's language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.yes = text(language, "doc.yes")
        self.no = text(language, "doc.no")

    def of(self, leaf: _Leaf, value: Any) -> tuple[str, str, bool | None]:
        """(printed, stored, checked) of *value* in *leaf*."""
        if value is None or value == "":
            return "", "", None
        if leaf.kind == "check":
            if value is True:
                return self.yes, "", True
            if value is False:
                return self.no, "", False
            return printable(str(value)), "", None
        raw = value if isinstance(value, str) else str(value)
        if leaf.kind == "choice":
            return printable(leaf.node.label(raw)), raw, None
        if leaf.kind == "date":
            shown = format_date(raw, self.language)
            return shown, shown, None
        shown = printable(raw)
        return shown, shown, None


@dataclass(frozen=True)
class _Build:
    """One record's build: its data, mode, printed values and the settings."""

    data: Mapping[str, Any]
    mode: Mode
    values: _Values
    settings: Settings
    texts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """The sentences the record's variant (its routine) prints instead of the form's own, by slot."""

    def instruction(self, part: _Part) -> tuple[str, ...]:
        return self.texts.get(f"instruction:{part.name}", part.instruction)

    def after(self, part: _Part) -> tuple[str, ...]:
        return self.texts.get(f"after:{part.name}", part.after)

    @property
    def spare(self) -> bool:
        return self.mode != "filled"


class CompiledPlan:
    """A form read once for its plans: the parts of its sections, its signers and recipients, its furniture."""

    def __init__(self, form: Form) -> None:
        self.form = form
        presentation = form.presentation
        self.presentation = presentation
        root = _compile(form.model.root, presentation)
        assert isinstance(root, _Object)
        header = presentation.header_field()
        self.header_field = header
        self.sections = [part for part in root.parts if presentation.is_section(part.node.path)]
        self.hidden = [part for part in root.parts if not presentation.is_section(part.node.path) and part.node.path != header]
        self.language = form.language
        meta = form.meta
        self.subtitle = " · ".join(str(meta[k]) for k in ("routine", "annex") if meta.get(k))

    # -- one record ---------------------------------------------------------------------------------------------------

    def build(self, data: Mapping[str, Any] | None, settings: Settings, mode: Mode = "filled") -> Plan:
        """The plan of one document: the blank form (*data* None or ``mode="blank"``), a draft or a filled record."""
        record: Mapping[str, Any] = data if data is not None else {}
        if data is None:
            mode = "blank"
        else:
            # An organisation's channel left empty is the municipality's (kallade.*.via): printed as the reader sees it.
            record = with_channels(self.form, record, settings)
        presentation = self.presentation
        # A routine's own sentences (the record's, else its municipality's): the blank form gets the municipality's.
        texts = presentation.texts(record, settings, self.language) if presentation.variants is not None else {}
        build = _Build(record, mode, _Values(self.language), settings, texts)
        blocks: list[Block] = [Paragraph(sentence, "intro") for sentence in texts.get("intro", presentation.intro)]
        sections: list[Block] = []
        loose: list[Field] = []
        for part in self.sections:
            if isinstance(part, _Leaf) and part.kind != "long" and not build.instruction(part):
                value = record.get(part.name) if mode != "blank" else None
                loose.append(self._field(part, part.name, build, optional=not part.required, tooltip=part.title, value=value))
                continue
            if loose:
                sections.append(Fields(loose))
                loose = []
            sections.append(self._section(part, build))
        if loose:
            sections.append(Fields(loose))
        if build.spare and any(f.star for f in _fields_of(sections)):
            blocks.append(Paragraph(text(self.language, "doc.required_legend"), "legend"))
        blocks.extend(sections)
        blocks.extend(Paragraph(sentence, "closing") for sentence in texts.get("closing", presentation.closing))
        recipients = self._recipients(build)
        if recipients is not None:
            blocks.append(recipients)
        signatures = self._signatures(build)
        if signatures is not None:
            blocks.append(signatures)
        return Plan(self.form.id, mode, self._furniture(record, settings, mode), blocks)

    def _furniture(self, record: Mapping[str, Any], settings: Settings, mode: Mode) -> Furniture:
        form = self.form
        language = self.language
        own = field_value = ""
        for key in ("kommun", "kommune"):
            value = record.get(key)
            if isinstance(value, str) and value:
                # The field holds what the record says (read back as it was); the header prints it trimmed.
                field_value = value
                own = printable(value.strip())
                break
        # A record that gives its municipality prints it, a blank one blank (on every page, in Word's header and
        # properties alike); only a record without one prints the setting's.
        kommun = own if field_value else settings.municipality(language)
        header = self.form.model.node(self.header_field) if self.header_field else None
        subject = self.presentation.subject
        person = value_at(record, subject) if subject else None
        person = printable(person.strip()) if isinstance(person, str) else ""
        short = person if len(person) <= PERSON_CHARS else person[: PERSON_CHARS - 1].rstrip() + "…"
        return Furniture(
            kommun=kommun,
            kommun_field=self.header_field,
            kommun_title=header.title if header is not None else "",
            kommun_value=field_value,
            title=form.title,
            subtitle=self.subtitle,
            person=person,
            person_short=short,
            secrecy=settings.secrecy_marking(form.id, self.presentation.secrecy),
            draft=text(language, "doc.draft") if mode == "draft" else "",
            version=form.version,
            language=language,
            locale=LOCALES[language_of(language)],
            page_word=text(language, "doc.page"),
            of_word=text(language, "doc.of"),
        )

    # -- parts --------------------------------------------------------------------------------------------------------

    def _field(
        self, leaf: _Leaf, path: str, build: _Build, *, optional: bool, tooltip: str, label: str | None = None, value: Any = None
    ) -> Field:
        printed, stored, checked = build.values.of(leaf, value)
        required = leaf.required and not optional
        # Positional: a plan makes a hundred of these per record.
        return Field(
            path, leaf.title if label is None else label, leaf.kind, printed, stored, checked, required,
            required and build.spare, True, tooltip, leaf.options, leaf.max_len, leaf.weight,
        )  # fmt: skip

    def _section(self, part: _Part, build: _Build) -> Group:
        path = part.name
        value = build.data.get(path) if build.mode != "blank" else None
        instruction, after = build.instruction(part), build.after(part)
        if isinstance(part, _Leaf):
            # A free text or a field with an instruction: its title is a heading, the box under it.
            box = self._field(part, path, build, optional=not part.required, tooltip=part.title, value=value)
            box.show_label = False
            title = part.title + (" *" if box.star else "")
            return Group("section", title, 2, path, [Fields([box])], instruction, after)
        group = self._part_group(part, path, value, build, level=2, kind="section", optional=not part.required, trail=())
        group.instruction, group.after = instruction, after
        return group

    def _part_group(
        self,
        part: _Object | _List,
        path: str,
        here: Any,
        build: _Build,
        *,
        level: int,
        kind: str,
        optional: bool,
        trail: tuple[str, ...],
    ) -> Group:
        trail = (*trail, part.title)
        if isinstance(part, _List):
            return self._list(part, path, here, build, level=level, kind=kind, optional=optional, trail=trail)
        group = Group(kind, part.title, level, path, [], part.instruction, part.after)
        group.blocks = self._blocks(part.parts, path, here, build, level=level + 1, optional=optional, trail=trail)
        group.keep = _keepable(group.blocks)
        return group

    def _blocks(
        self, parts: list[_Part], prefix: str, here: Any, build: _Build, *, level: int, optional: bool, trail: tuple[str, ...]
    ) -> list[Block]:
        """The blocks of an object's parts (*here*: its values): consecutive values in one Fields, parts and lists as groups."""
        blocks: list[Block] = []
        loose: list[Field] = []
        values = here if isinstance(here, dict) else {}
        lead = ", ".join(trail) + ", " if trail else ""
        for part in parts:
            path = f"{prefix}.{part.name}"
            value = values.get(part.name)
            if isinstance(part, _Leaf):
                field_optional = optional or not part.required
                tooltip = lead + part.title
                box = self._field(part, path, build, optional=field_optional, tooltip=tooltip, value=value)
                if part.instruction:
                    # As a heading of its own: the title, its instruction, then the box.
                    if loose:
                        blocks.append(Fields(loose))
                        loose = []
                    box.show_label = False
                    title = part.title + (" *" if box.star else "")
                    blocks.append(Group("object", title, level, path, [Fields([box])], part.instruction, part.after))
                    continue
                loose.append(box)
                if part.after:
                    blocks.append(Fields(loose))
                    loose = []
                    blocks.extend(Paragraph(sentence, "after") for sentence in part.after)
                continue
            if loose:
                blocks.append(Fields(loose))
                loose = []
            blocks.append(
                self._part_group(
                    part, path, value, build, level=level, kind="object", optional=optional or not part.required, trail=trail
                )
            )
        if loose:
            blocks.append(Fields(loose))
        return blocks

    def _list(
        self,
        part: _List,
        path: str,
        here: Any,
        build: _Build,
        *,
        level: int,
        kind: str,
        optional: bool,
        trail: tuple[str, ...],
    ) -> Group:
        group = Group(kind if kind == "section" else "list", part.title, level, path, [], part.instruction, part.after)
        items: list[Any] = here if isinstance(here, list) else []
        count = len(items)
        if build.spare:
            count = max(count, part.rows)
        if count == 0:
            group.empty_note = text(self.language, "doc.none")
            return group
        item = part.item
        numbered = [
            (index, f"{part.item_title} {index + 1}", items[index] if index < len(items) else None) for index in range(count)
        ]
        base = trail[:-1]
        if isinstance(item, _Leaf):
            fields = [
                self._field(
                    item, f"{path}.{index}", build, optional=optional or index >= part.min_items,
                    tooltip=", ".join((*base, label)), label=label, value=value,
                )
                for index, label, value in numbered
            ]  # fmt: skip
            group.blocks = [Fields(fields)]
            return group
        assert isinstance(item, _Object)
        if part.table:
            leaves = [p for p in item.parts if isinstance(p, _Leaf)]
            rows = []
            for index, label, value in numbered:
                row_optional = optional or index >= part.min_items
                cells = value if isinstance(value, dict) else {}
                rows.append(
                    [
                        self._field(
                            leaf, f"{path}.{index}.{leaf.name}", build, optional=row_optional or not leaf.required,
                            tooltip=", ".join((*base, label, leaf.title)), value=cells.get(leaf.name),
                        )
                        for leaf in leaves
                    ]
                )  # fmt: skip
            group.blocks = [Table(path, [leaf.title for leaf in leaves], rows, [leaf.weight for leaf in leaves])]
            group.keep = count <= 8
            return group
        for index, label, value in numbered:
            item_path = f"{path}.{index}"
            item_group = Group("item", label, level + 1, item_path, [], item.instruction, item.after)
            item_group.blocks = self._blocks(
                item.parts, item_path, value, build, level=level + 2,
                optional=optional or index >= part.min_items, trail=(*base, label),
            )  # fmt: skip
            item_group.keep = _keepable(item_group.blocks)
            group.blocks.append(item_group)
        return group

    def _recipients(self, build: _Build) -> Recipients | None:
        spec = self.presentation.routing
        if spec is None:
            return None
        if build.mode == "blank":
            return Recipients(spec.heading, spec.intro, [Recipient("", "") for _ in range(2)])
        data = build.data
        code = value_at(data, spec.by) if spec.by else None
        route = spec.routes.get(code, spec.default) if isinstance(code, str) else spec.default
        lines = []
        for item in (*route, *spec.always):
            label = item.label
            name = value_at(data, item.name) if item.name else None
            if isinstance(name, str) and name.strip():
                label = f"{label}: {printable(name.strip())}"
            lines.append(Recipient(text(self.language, f"routing.{item.kind}"), label))
        return Recipients(spec.heading, spec.intro, lines)

    def _signatures(self, build: _Build) -> Signatures | None:
        spec = self.presentation.signatures
        if spec is None and not self.hidden:
            return None
        heading = spec.heading if spec is not None and spec.heading else text(self.language, "doc.signatures")
        intro = spec.intro if spec is not None else ()
        date_label = text(self.language, "doc.date")
        signers: list[Signer] = []
        used: set[str] = set()
        for signer in spec.signers if spec is not None else ():
            if build.mode != "blank" and not _signs(signer, build.data, build.settings):
                continue
            anchor = signer.list or signer.field or ""
            boxes = self._boxes_of(anchor, build, used) if signer.field else []
            if signer.list:
                found = value_at(build.data, anchor) if build.mode != "blank" else None
                items = [item for item in found if isinstance(item, Mapping)] if isinstance(found, list) else []
                signers.extend(self._signer(signer, entry, build) for entry in items)
                node = self.form.model.node(anchor)
                spare = max(_rows(node) if node is not None else 1, signer.blank)
                if not items:
                    signers.extend(Signer(signer.caption) for _ in range(spare if build.mode == "blank" else signer.blank))
                elif build.spare:
                    signers.extend(Signer(signer.caption) for _ in range(max(spare - len(items), 0)))
                continue
            own = value_at(build.data, anchor) if build.mode != "blank" else None
            made = self._signer(signer, own if isinstance(own, Mapping) else {}, build)
            made.fields = boxes
            if boxes:
                made.name, made.role, made.date = "", "", ""
            signers.append(made)
        extra: list[Field] = []
        for part in self.hidden:
            if part.name not in used:
                extra.extend(self._boxes_of(part.name, build, used))
        return Signatures(heading, intro, signers, date_label, extra)

    def _signer(self, signer: SignerSpec, item: Mapping[str, Any], build: _Build) -> Signer:
        role = ", ".join(p for p in (_shown(value_at(item, path)) for path in signer.role) if p)
        date_path = signer.date or ""
        raw = value_at(build.data, date_path[1:]) if date_path.startswith("/") else value_at(item, date_path)
        day = format_date(raw, self.language) if isinstance(raw, str) else ""
        return Signer(signer.caption, _shown(value_at(item, signer.name)), role, day)

    def _boxes_of(self, anchor: str, build: _Build, used: set[str]) -> list[Field]:
        """The boxes of a part printed in the signature block (``section: false``), when it is one of the hidden parts."""
        top = anchor.split(".")[0]
        part = next((p for p in self.hidden if p.name == top), None)
        if part is None:
            return []
        target: _Part | None = part
        for name in anchor.split(".")[1:]:
            target = next((p for p in target.parts if p.name == name), None) if isinstance(target, _Object) else None
        if target is None:
            return []
        used.add(anchor) if anchor != top else used.add(top)
        if isinstance(target, _Leaf):
            value = value_at(build.data, anchor) if build.mode != "blank" else None
            return [self._field(target, anchor, build, optional=True, tooltip=target.title, value=value)]
        if not isinstance(target, _Object):
            return []
        fields: list[Field] = []
        trail = tuple(t for t in (part.title, target.title if target is not part else "") if t)
        for leaf_path, leaf in _leaves(target, anchor):
            value = value_at(build.data, leaf_path) if build.mode != "blank" else None
            tooltip = ", ".join((*trail, leaf.title))
            fields.append(self._field(leaf, leaf_path, build, optional=True, tooltip=tooltip, value=value))
        if anchor != top and isinstance(part, _Object) and all(f"{top}.{p.name}" in used for p in part.parts):
            used.add(top)
        return fields


def _leaves(part: _Object, prefix: str) -> Iterator[tuple[str, _Leaf]]:
    for child in part.parts:
        path = f"{prefix}.{child.name}"
        if isinstance(child, _Leaf):
            yield path, child
        elif isinstance(child, _Object):
            yield from _leaves(child, path)


def _fields_of(blocks: list[Block]) -> Iterator[Field]:
    for block in blocks:
        if isinstance(block, Fields):
            yield from block.fields
        elif isinstance(block, Table):
            for row in block.rows:
                yield from row
        elif isinstance(block, Group):
            yield from _fields_of(block.blocks)


def _keepable(blocks: list[Block]) -> bool:
    """A group is kept on one page (a person, an insats, a signer) unless it holds a list, or is one free text alone.

    A renderer still splits a kept group that is taller than a page.
    """
    for block in blocks:
        if isinstance(block, Table) or (isinstance(block, Group) and (block.kind in ("list", "section") or not block.keep)):
            return False
    return not (len(blocks) == 1 and isinstance(blocks[0], Fields) and [f.kind for f in blocks[0].fields] == ["long"])


def _shown(value: Any) -> str:
    return printable(value.strip()) if isinstance(value, str) else ""


def _signs(signer: SignerSpec, record: Mapping[str, Any], settings: Settings) -> bool:
    """False only when the signer is a child below the signing age on the form's date (age known)."""
    if not signer.from_age:
        return True
    threshold = getattr(settings, signer.from_age, None)
    number, day = value_at(record, signer.birth), value_at(record, signer.age_on)
    birth = personnummer_birth_date(number) if isinstance(number, str) else None
    try:
        on = date.fromisoformat(day) if isinstance(day, str) else None
    except ValueError:
        on = None
    if not isinstance(threshold, int) or birth is None or on is None:
        return True  # age unknown: the line is printed, a blank line harms no one
    return age_on(birth, on) >= threshold


@cache
def compiled_plan(form: Form) -> CompiledPlan:
    """The form read for its plans, once per form and process."""
    return CompiledPlan(form)


def build_plan(form: Form, data: Mapping[str, Any] | None, settings: Settings, mode: Mode = "filled") -> Plan:
    """The plan of one document of *form*: blank (*data* None), a draft or a filled record."""
    return compiled_plan(form).build(data, settings, mode)


def list_item_path(path: str) -> str:
    """The generic path of a concrete one (``insatser.1.ansvarig`` -> ``insatser.*.ansvarig``)."""
    return ".".join(LIST_MARK if part.isdigit() else part for part in path.split("."))
