"""The body of a Word document drawn from its display plan: WordprocessingML built as text, styles named, nothing decided.

What is printed comes from :mod:`formkit.render.plan`; this module decides
only how, with the named styles of :mod:`formkit.render.docx.styles`:

- a section's or item's title is a heading (``Heading1``–``Heading3`` by
  level), its sentences ``FormkitInstruction`` paragraphs kept with what follows;
- labelled values are a key–value table: a shaded label cell (``TableHeading``,
  which LibreOffice's tagged PDF export makes a ``TH``) and a value cell; a
  row never splits unless its value is free text;
- a list of short, flat items is a table with a header row (``w:tblHeader``:
  repeated on every page, a ``TH`` row); a row never splits;
- free text under its own heading is one bordered paragraph (``FormkitBox``,
  line breaks as ``w:br``). A paragraph split by a page break is drawn as two
  boxes, each around its own lines, so a page never shows an empty framed box;
  Word has no way to add "(forts.)" to the second part (the heading is above
  the first part only);
- a part the plan keeps together (``Group.keep``: a person, an insats, a
  signer, the whole signature block) has every paragraph but its last kept
  with the next (``w:keepNext``) and its table rows unsplittable
  (``w:cantSplit``): Word and LibreOffice move it whole to the next page;
- a signer is a small borderless table: the signing rule over the name and
  role (which wrap in their own column) and the date rule over "Datum";
- the blank form (:func:`body_xml` with *controls*) puts a content control in
  every value cell: ``w:tag`` is the field's dot path (see
  :mod:`formkit.render.docx.blank` for the convention).

Every text is escaped here; the plan has already dropped what XML forbids
(:func:`formkit.render.plan.printable`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import count

from formkit.i18n import text
from formkit.render.docx.styles import LABEL_SHADE, TEXT_TWIPS
from formkit.render.plan import (
    Block,
    Field,
    Fields,
    Group,
    Paragraph,
    Plan,
    Recipients,
    Signatures,
    Signer,
    Table,
    list_item_path,
)
from formkit.textclean import xml_escape as escape

_SPACES = frozenset(" \u00a0\u3000")
"""Characters Word drops at either end of a ``w:t`` unless it says ``xml:space="preserve"``."""
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_PARAGRAPH_STYLE = {"intro": "Normal", "instruction": "FormkitInstruction", "after": "FormkitSentence",
                    "closing": "FormkitClosing", "legend": "FormkitLegend"}  # fmt: skip
_HEADING = {2: "Heading1", 3: "Heading2"}
_LABEL_SHARE = 0.32
"""The label column's share of a key–value table (55 mm of the 170 mm text width)."""
_FIXED_TWIPS = {"date": 1500, "time": 910, "check": 1250}
"""Table columns that must not wrap: a date, a time, a yes/no (a date over two lines confuses a reader and a search)."""
_CELL_PADDING = 260
"""A cell's left and right margins together, and a little air (twips)."""
_SPARE_LINES = 3
"""Empty lines in a free-text box of the blank form or a draft, to write in by hand."""
_SIGNING_SHARE = 0.6
"""The signing rule's (and the signer's caption's) share of the text width; the date column has the rest."""
_SHORT_ITEM = 500
"""Characters of free text up to which a part is kept on one page."""
DATE_FORMATS = {"sv": "yyyy-MM-dd", "nb": "dd.MM.yyyy"}
"""The date pickers' formats: the form's language's own (see :func:`formkit.render.plan.format_date`)."""


def xml_text(value: str) -> str:
    """*value* as the content of a ``w:t``: escaped, a line break as ``w:br``, no character XML forbids."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if not value.isprintable():
        value = _XML_FORBIDDEN.sub("", value).replace("\n", _BREAK)
    return value


def run(value: str, rpr: str = "") -> str:
    if not value:
        return ""
    if value[0] in _SPACES or value[-1] in _SPACES or "\n" in value:
        return f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(value)}</w:t></w:r>'
    return f"<w:r>{rpr}<w:t>{xml_text(value)}</w:t></w:r>"


@lru_cache(maxsize=4096)
def _ppr(style: str, keep: bool, extra: str = "") -> str:
    return f'<w:pPr><w:pStyle w:val="{style}"/>{"<w:keepNext/>" if keep else ""}{extra}</w:pPr>'


def _attr(value: str) -> str:
    return escape(value).replace('"', "&quot;")


@lru_cache(maxsize=256)
def _word_width(words: tuple[str, ...]) -> int:
    """The widest of *words* at 9 pt bold in Arial's metrics, in twips (a column no narrower, so no word breaks)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widest = max((stringWidth(word, "Helvetica-Bold", 9) for word in words), default=0.0)
    return int(widest * 20) + _CELL_PADDING


def column_widths(table: Table, width: int) -> list[int]:
    """A list table's column widths (twips): fixed for dates, times and yes/no, the rest by weight, no title word broken."""
    first = table.rows[0] if table.rows else []
    kinds = [cell.kind for cell in first] or ["text"] * len(table.columns)
    fixed = [_FIXED_TWIPS.get(kind) for kind in kinds]
    minimum = [f if f is not None else _word_width(tuple(title.split())) for f, title in zip(fixed, table.columns, strict=True)]
    weights = [
        0.0 if f is not None else (w if w is not None else 1.0)
        for f, w in zip(fixed, table.weights or [None] * len(fixed), strict=True)
    ]
    left = max(width - sum(minimum), 0)
    total = sum(weights) or 1.0
    widths = [low + int(left * weight / total) for low, weight in zip(minimum, weights, strict=True)]
    widths[-1] += width - sum(widths)
    return widths


@dataclass
class BodyWriter:
    """Writes one plan's body; *width* is the template's text width in twips, *controls* makes the blank Word form."""

    width: int = TEXT_TWIPS
    controls: bool = False
    language: str = "sv"
    spare: bool = False
    """Room to write by hand in empty free text (a draft, the blank form): set from the plan's mode."""
    out: list[str] = field(default_factory=list)
    _keep: int = 0
    _last: int = -1
    """The index in ``out`` of the last paragraph written with ``w:keepNext`` because of a kept part."""
    _ids: Iterator[int] = field(default_factory=lambda: count(1))
    _widths: dict[str, list[int]] = field(default_factory=dict)
    _kept: dict[int, bool] = field(default_factory=dict)
    """Whether each group (by id) is kept, worked out once per document."""

    # -- paragraphs ----------------------------------------------------------------------------------------------------

    def paragraph(self, style: str, content: str, *, extra: str = "", keep: bool = False) -> None:
        kept = keep or self._keep > 0
        if self._keep > 0:
            self._last = len(self.out)
        self.out.append(f"<w:p>{_ppr(style, kept, extra)}{content}</w:p>")

    def _release(self) -> None:
        """The last paragraph (or table row) of a kept part is not kept with what follows it."""
        if self._last >= 0:
            self.out[self._last] = self.out[self._last].replace("<w:keepNext/>", "")
            self._last = -1

    def begin_keep(self) -> None:
        self._keep += 1

    def end_keep(self) -> None:
        self._keep -= 1
        if self._keep == 0:
            self._release()

    # -- the plan ------------------------------------------------------------------------------------------------------

    def write(self, plan: Plan) -> str:
        self.spare = plan.mode != "filled"
        furniture = plan.furniture
        self.paragraph("Title", run(furniture.title))
        if furniture.subtitle:
            self.paragraph("Subtitle", run(furniture.subtitle))
        for block in plan.blocks:
            self.block(block)
        return "".join(self.out)

    def block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self.paragraph(_PARAGRAPH_STYLE.get(block.kind, "Normal"), run(block.text), keep=block.kind == "instruction")
        elif isinstance(block, Group):
            self.group(block)
        elif isinstance(block, Fields):
            self.fields(block.fields)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Signatures):
            self.signatures(block)
        elif isinstance(block, Recipients):
            self.recipients(block)

    def group(self, group: Group) -> None:
        keep = kept(group, self._kept)
        if keep:
            self.begin_keep()
        self.paragraph(_HEADING.get(group.level, "Heading3"), run(group.title))
        for sentence in group.instruction:
            self.paragraph("FormkitInstruction", run(sentence), keep=True)
        if group.empty_note:
            self.paragraph("Normal", run(group.empty_note))
        for block in group.blocks:
            self.block(block)
        for sentence in group.after:
            self.paragraph("FormkitSentence", run(sentence))
        if keep:
            self.end_keep()

    # -- labelled values -----------------------------------------------------------------------------------------------

    def fields(self, fields: list[Field]) -> None:
        rows: list[Field] = []
        for item in fields:
            if item.show_label:
                rows.append(item)
                continue
            if rows:
                self.key_values(rows)
                rows = []
            self.box(item)
        if rows:
            self.key_values(rows)

    def key_values(self, rows: list[Field]) -> None:
        """A key–value table, one row (one string in ``out``) per field; a row splits only for free text."""
        out = self.out
        label = int(self.width * _LABEL_SHARE)
        value = self.width - label
        kept = self._keep > 0
        out.append(_table_start((label, value)))
        for item in rows:
            if kept:
                self._last = len(out)
            head = _key_value_row(item.printed_label, label, value, kept, item.kind == "long")
            out.append(f"{head}{self.value(item)}</w:p></w:tc></w:tr>")
        out.append("</w:tbl>")
        self.spacer()

    def value(self, item: Field) -> str:
        """A value cell's content: the value, a content control (the blank form) or room to write (a draft)."""
        if item.value and not self.controls:
            return run(item.value)
        if self.controls:
            return self.control(item)
        if not item.value and self.spare and item.kind == "long":
            return _BLANK_LINES
        return run(item.value)

    def box(self, item: Field) -> None:
        """Free text under its own heading: one bordered paragraph, room to write when it is empty."""
        self.paragraph("FormkitBox", self.value(item) if item.value or self.controls or self.spare else "")

    def spacer(self) -> None:
        """A thin paragraph after a table: Word joins two tables that touch into one."""
        self.paragraph("FormkitSpacer", "")

    # -- lists as tables -----------------------------------------------------------------------------------------------

    def table(self, table: Table) -> None:
        key = list_item_path(table.path)
        widths = self._widths.get(key)
        if widths is None:
            widths = self._widths[key] = column_widths(table, self.width)
        self.out.append(_table_start(tuple(widths)))
        self.out.append(_row_start(cant_split=True, header=True))
        for index, (title, width) in enumerate(zip(table.columns, widths, strict=True)):
            self.out.append(("</w:tc>" if index else "") + _cell_start(width, LABEL_SHADE))
            self.paragraph("TableHeading", run(title), keep=True)
        self.out.append("</w:tc></w:tr>")
        for row in table.rows:
            self.out.append(_row_start(cant_split=True))
            kept = self._keep > 0
            cells = "</w:tc>".join(
                f"{_cell_start(width)}<w:p>{_ppr('TableContents', kept)}{self.value(cell)}</w:p>"
                for cell, width in zip(row, widths, strict=True)
            )
            if kept:
                self._last = len(self.out)
            self.out.append(f"{cells}</w:tc></w:tr>")
        self.out.append("</w:tbl>")
        self.spacer()

    # -- signatures and recipients -------------------------------------------------------------------------------------

    def signatures(self, block: Signatures) -> None:
        self.begin_keep()
        self.paragraph("Heading1", run(block.heading))
        for sentence in block.intro:
            self.paragraph("FormkitSentence", run(sentence))
        for signer in block.signers:
            self.signer(signer, block.date_label)
        if block.extra:
            self.fields(block.extra)
        self.end_keep()

    def signer(self, signer: Signer, date_label: str) -> None:
        """Two paragraphs, no table: the signing rule, then "Datum" and its rule (or the date) in a column of their own;
        under them who signs, wrapping in the signing rule's column."""
        rules = _signature_tabs(self.width)
        day = f"{date_label}: " if signer.date else f"{date_label} "
        line = f'<w:r><w:tab/><w:tab/><w:t xml:space="preserve">{xml_text(day)}</w:t>'
        line += f"<w:t>{xml_text(signer.date)}</w:t></w:r>" if signer.date else "<w:tab/></w:r>"
        self.paragraph("FormkitSignatureLine", line, extra=rules)
        caption = signer.caption + (f": {signer.named}" if signer.named else "")
        self.paragraph("FormkitSignature", run(caption), extra=_caption_indent(self.width))
        if signer.fields:
            self.fields(signer.fields)

    def recipients(self, block: Recipients) -> None:
        self.begin_keep()
        self.paragraph("Heading1", run(block.heading))
        for sentence in block.intro:
            self.paragraph("FormkitSentence", run(sentence))
        for line in block.lines:
            if line.line:
                self.paragraph("FormkitRecipient", run(line.line))
            else:
                self.paragraph("FormkitRecipient", "", extra=_WRITING_LINE)
        self.end_keep()

    # -- content controls (the blank Word form) ------------------------------------------------------------------------

    def control(self, item: Field) -> str:
        """A content control for *item*: tagged with its path, named by its tooltip, of the kind its field is."""
        number = next(self._ids)
        head = f'<w:sdt><w:sdtPr><w:alias w:val="{_attr(item.tooltip or item.label)}"/><w:tag w:val="{_attr(item.path)}"/>'
        head += f'<w:id w:val="{number}"/><w:lock w:val="sdtLocked"/>'
        if item.kind == "check":
            mark = "\u2612" if item.checked else "\u2610"
            return (
                f'{head}<w14:checkbox><w14:checked w14:val="{1 if item.checked else 0}"/>'
                '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'
                f'</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:hAnsi="MS Gothic" '
                f'w:eastAsia="MS Gothic"/></w:rPr><w:t>{mark}</w:t></w:r></w:sdtContent></w:sdt>'
            )
        if item.kind == "date":
            locale = "nb-NO" if self.language == "nb" else "sv-SE"
            kind = (
                f'<w:date><w:dateFormat w:val="{DATE_FORMATS.get(self.language, DATE_FORMATS["sv"])}"/>'
                f'<w:lid w:val="{locale}"/><w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/></w:date>'
            )
        elif item.kind == "choice":
            items = "".join(
                f'<w:listItem w:displayText="{_attr(label)}" w:value="{_attr(code)}"/>' for code, label in item.options
            )
            kind = f"<w:dropDownList>{items}</w:dropDownList>"
        elif item.kind == "long":
            kind = '<w:text w:multiLine="1"/>'
        else:
            kind = "<w:text/>"
        hint = text(self.language, f"docx.placeholder.{item.kind}")
        return f"{head}<w:showingPlcHdr/>{kind}</w:sdtPr><w:sdtContent>{run(hint, _PLACEHOLDER_STYLE)}</w:sdtContent></w:sdt>"


def kept(group: Group, known: dict[int, bool] | None = None) -> bool:
    """Whether a group is kept on one page: what the plan keeps, and an item or part whose values fit a page in fact.

    The plan keeps a person, an insats, a signer; Word keeps a kept part with
    ``w:keepNext`` and moves it whole to the next page, so a part whose free
    text is long in fact is not kept (it would leave most of a page empty
    before it); a list's table is kept as the plan says.
    """
    if known is not None and id(group) in known:
        return known[id(group)]
    answer = _kept(group, known)
    if known is not None:
        known[id(group)] = answer
    return answer


def _kept(group: Group, known: dict[int, bool] | None) -> bool:
    if group.kind == "list" or any(isinstance(block, Table) for block in group.blocks):
        return group.keep
    if not group.keep and group.kind not in ("item", "object"):
        return False
    total = 0
    for block in group.blocks:
        if isinstance(block, Group):
            if not kept(block, known):
                return False
        elif isinstance(block, Fields):
            total += sum(len(item.value) for item in block.fields if item.kind == "long")
    return total <= _SHORT_ITEM


_PLACEHOLDER_STYLE = '<w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr>'
_BLANK_LINES = "<w:r>" + "<w:br/>" * (_SPARE_LINES - 1) + "</w:r>"
_WRITING_LINE = '<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="auto"/></w:pBdr><w:spacing w:before="240"/>'


@lru_cache(maxsize=8)
def _signature_tabs(width: int) -> str:
    """The signing rule to 60 % of the width, a gap, then the date column's rule to the margin (tab leaders)."""
    name, date = int(width * _SIGNING_SHARE), int(width * (_SIGNING_SHARE + 0.05))
    return (
        f'<w:tabs><w:tab w:val="left" w:leader="underscore" w:pos="{name}"/><w:tab w:val="left" w:pos="{date}"/>'
        f'<w:tab w:val="right" w:leader="underscore" w:pos="{width}"/></w:tabs>'
    )


@lru_cache(maxsize=8)
def _caption_indent(width: int) -> str:
    return f'<w:ind w:right="{width - int(width * _SIGNING_SHARE)}"/>'


@lru_cache(maxsize=8192)
def _key_value_row(label: str, label_width: int, value_width: int, kept: bool, long: bool) -> str:
    """A key–value row up to its value: the row (splittable only for free text), the label cell, the value's paragraph."""
    start = _ROW if long else _ROW_UNSPLIT
    return f"{start}{_label_cell(label, label_width, kept)}{_cell_start(value_width)}<w:p>{_ppr('TableContents', kept)}"


@lru_cache(maxsize=4096)
def _label_cell(label: str, width: int, kept: bool) -> str:
    """A shaded label cell (the label's paragraph kept with the next when its part is kept)."""
    return f"{_cell_start(width, LABEL_SHADE)}<w:p>{_ppr('TableHeading', kept)}{run(label)}</w:p></w:tc>"


_ROW = "<w:tr>"
_ROW_UNSPLIT = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"


@lru_cache(maxsize=512)
def _table_start(widths: tuple[int, ...], style: str = "FormkitTable") -> str:
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f'<w:tblInd w:w="0" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    )


@lru_cache(maxsize=8)
def _row_start(*, cant_split: bool, header: bool = False) -> str:
    properties = ("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{properties}</w:trPr>" if properties else "<w:tr>"


@lru_cache(maxsize=512)
def _cell_start(width: int, shade: str = "") -> str:
    fill = f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>' if shade else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{fill}</w:tcPr>'


def body_xml(plan: Plan, width: int = TEXT_TWIPS, *, controls: bool = False) -> str:
    """The ``w:body`` content (without ``w:sectPr``) that draws *plan*; *controls* for the blank Word form."""
    return BodyWriter(width, controls, plan.furniture.language).write(plan)
