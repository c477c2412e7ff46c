"""Build a default .docx template for a form from its schema (python-docx), laid out like a municipal form.

The layout: A4; a header with the municipality (``{{ dokument.kommun }}``)
and the form's routine and annex, the secrecy marking when there is one; the title and the form's intro; one section
per top-level property in schema order (= the order of the seed's form), with
its instruction under the heading, labelled fields in a two-column table, free
text in a box, and lists as tables whose rows repeat with docxtpl's
``{%tr for %}``; then the closing sentences, the recipients and the signature
lines; page numbers ("Sida X av Y") in the footer. Everything beyond the fields
comes from the form's presentation (:mod:`formkit.model.presentation`), which
the PDF layout reads too.

Templates stay plain docxtpl: staff can edit them in Word or LibreOffice and
``formkit templates check`` tells them when a placeholder no longer fits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from formkit.atomic import write_atomic
from formkit.i18n import LOCALES
from formkit.i18n import text as say
from formkit.model.catalog import Form
from formkit.model.fields import FieldNode
from formkit.model.presentation import Presentation
from formkit.render.context import TEXT_GROUPS, words

TEXT_WIDTH = Mm(170)
LABEL_WIDTH = Mm(55)
LONG_TEXT = 500
"""A string whose maxLength exceeds this is free text: printed in its own box, not a table row."""
_SHADE = "E7E6E6"
_DATE_COLUMN = Mm(115)


@dataclass
class Node:
    """A field of the form as the Word builder sees it: a view of the model's :class:`FieldNode`."""

    field: FieldNode

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def title(self) -> str:
        return self.field.title

    @property
    def required(self) -> bool:
        return self.field.required

    @property
    def kind(self) -> str:
        return self.field.kind

    @property
    def format(self) -> str | None:
        return self.field.format

    def children(self) -> list[Node]:
        return [Node(child) for child in self.field.children.values()]

    def item(self) -> Node:
        item = self.field.item
        return Node(item) if item is not None else Node(FieldNode("*", "", "string", self.title, (), True, ()))

    @property
    def long_text(self) -> bool:
        node = self.field
        return node.kind == "string" and (node.max_length or 0) > LONG_TEXT and node.enum is None


def form_root(form: Form) -> Node:
    """The form's field tree root, as the builder's :class:`Node`."""
    return Node(form.model.root)


def heading_text(form: Form) -> str:
    """``NORRBUS Bilaga 2 – Genomförandeplan`` (routine and annex when the form has them)."""
    lead = " ".join(part for part in (form.meta.get("routine"), form.meta.get("annex")) if part)
    return f"{lead} – {form.title}" if lead else form.title


# --- low-level helpers -------------------------------------------------------


def _shade(cell: _Cell, fill: str = _SHADE) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: Any) -> None:
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


def _no_split(row: Any) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _add_field(paragraph: Paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay out the pages."""
    for kind, text in (("begin", ""), ("", f" {code} "), ("separate", ""), ("", "1"), ("end", "")):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text.startswith(" "):
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text


def _cell_text(cell: _Cell, text: str, *, bold: bool = False, size: float | None = None) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)


def _widths(table: Table, widths: list[int]) -> None:
    # LibreOffice lays out by the grid, Word by the cells: set both.
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


# Wide enough at 9 pt in Arial and in LibreOffice's wider fallback fonts (DejaVu Sans).
_FIXED_WIDTHS = {"date": Mm(26), "time-hm": Mm(16), "personnummer": Mm(32), "fodselsnummer": Mm(30)}
_BOOLEAN_WIDTH = Mm(22)
"""Columns that must not wrap (a date or an identity number broken over two lines reads badly and confuses text extraction)."""
MAX_TABLE_COLUMNS = 4
"""A list whose items have more fields is printed as one labelled block per item: columns would be too narrow to read."""
_CELL_PADDING = Mm(4)
"""Word's and LibreOffice's default left and right cell margins together, plus a little air."""
_TYPICAL_WORDS = ("Individ-", "familjeomsorgen,", "socialsekreterare", "Vårdcentralen", "mottagningen", "habilitering")
"""Words of organisation names and roles that every text column must hold unbroken."""


def _points(text: str, bold: bool) -> float:
    """The width of *text* at 9 pt in Arial's metrics (reportlab's Helvetica: Arial and Liberation Sans share them)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, "Helvetica-Bold" if bold else "Helvetica", 9))


def _min_width(column: Node) -> int:
    """The narrowest a column may be so that no word of its heading, labels or typical text breaks inside itself."""
    words = [(word, True) for word in column.title.split()]
    words += [(word, False) for label in column.field.enum_titles.values() for word in label.split()]
    if column.kind == "string" and column.field.enum is None:
        words += [(word, False) for word in _TYPICAL_WORDS]
    widest = max((_points(word, bold) for word, bold in words), default=0.0)
    return int(Pt(widest)) + _CELL_PADDING


def _weight(node: Node, presentation: Presentation) -> float:
    """A table column's share of the width left after the fixed columns: free text and objects wide."""
    hinted = presentation.column_weight(node.field.path)
    if hinted is not None:
        return hinted
    if node.long_text or node.kind in ("object", "array"):
        return 3.0
    return 1.8


def column_widths(columns: list[Node], presentation: Presentation) -> list[int] | None:
    """Widths of a list table's columns from their content, or None when the items need a block each.

    Dates, times and identity numbers get fixed widths; every other column at
    least what its longest word needs (no word breaks inside itself), the rest
    shared by weight. More than MAX_TABLE_COLUMNS columns, or minimums wider
    than the page, make a block per item instead.
    """
    if len(columns) > MAX_TABLE_COLUMNS:
        return None
    fixed = [_BOOLEAN_WIDTH if column.kind == "boolean" else _FIXED_WIDTHS.get(str(column.format)) for column in columns]
    minimum = [width if width is not None else _min_width(column) for column, width in zip(columns, fixed, strict=True)]
    if sum(minimum) > TEXT_WIDTH:
        return None
    left = TEXT_WIDTH - sum(minimum)
    weights = [0.0 if width is not None else _weight(column, presentation) for column, width in zip(columns, fixed, strict=True)]
    total = sum(weights) or 1.0
    return [low + int(left * weight / total) for low, weight in zip(minimum, weights, strict=True)]


def _document_language(doc: Document, locale: str) -> None:
    """Mark the text as *locale* (sv-SE, nb-NO) in the document defaults, so Word and LibreOffice proof it in that language."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        doc.styles.element.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), locale)
    lang.set(qn("w:eastAsia"), locale)
    lang.set(qn("w:bidi"), "ar-SA")
    properties.append(lang)


# --- the builder -------------------------------------------------------------


@dataclass
class Builder:
    """Writes one form's template from its field tree and its presentation (sentences, recipients, signatures)."""

    form: Form
    doc: Document = field(init=False)

    def __post_init__(self) -> None:
        self._long_values: set[str] = set()
        """Placeholders of values that may run long (free text, joined lists): their rows may split over pages."""
        self.doc = docx.Document()
        self.said = words(self.form.language)
        self._page()
        self._styles()
        self._header_footer()

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin, section.bottom_margin = Mm(20), Mm(18)
        section.header_distance = section.footer_distance = Mm(10)

    def _styles(self) -> None:
        normal = self.doc.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(10)
        normal.paragraph_format.space_after = Pt(2)
        for name, size in (("Title", 18), ("Heading 1", 13), ("Heading 2", 11), ("Heading 3", 10)):
            style = self.doc.styles[name]
            style.font.name = "Arial"
            style.font.size = Pt(size)
            style.font.color.rgb = RGBColor(0, 0, 0)
        self.doc.styles["Heading 1"].paragraph_format.space_before = Pt(10)
        self.doc.styles["Heading 2"].paragraph_format.space_before = Pt(8)
        _document_language(self.doc, LOCALES[self.form.language])
        properties = self.doc.core_properties
        properties.title = heading_text(self.form)
        properties.language = LOCALES[self.form.language]
        # Fixed, so a rebuilt template only differs where its content does.
        properties.created = properties.modified = datetime(*_EPOCH)
        properties.author = properties.last_modified_by = "formkit"
        properties.revision = 1
        properties.comments = say(self.form.language, "template.docx_comment")

    def _header_footer(self) -> None:
        section = self.doc.sections[0]
        head = section.header.paragraphs[0]
        head.add_run("{{ dokument.kommun }}").bold = True
        head.add_run("\t\t" + heading_text(self.form))
        # The secrecy marking, when the form has one ([dokument] sekretessmarkering), on a line of its own.
        section.header.add_paragraph("{%p if dokument.sekretessmarkering %}")
        secrecy = section.header.add_paragraph()
        secrecy.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        secrecy.add_run("{{ dokument.sekretessmarkering }}").bold = True
        section.header.add_paragraph("{%p endif %}")
        # Whose document it is, on every page, so loose pages can be matched; and the draft mark.
        mark = section.header.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        mark.add_run("{{ dokument.person }}")
        mark.add_run("{% if dokument.utkast %}  {% endif %}")
        mark.add_run("{{ dokument.utkast }}").bold = True
        foot = section.footer.paragraphs[0]
        foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        foot.add_run(f"{self.form.id} {self.form.version}\t\t{self.said['sida']} ")
        _add_field(foot, "PAGE")
        foot.add_run(f" {self.said['av']} ")
        _add_field(foot, "NUMPAGES")

    # - content -

    def build(self) -> Document:
        """The whole template: title, intro, one section per top-level property, closing, recipients, signatures."""
        presentation = self.form.presentation
        self.doc.add_paragraph(heading_text(self.form), style="Title")
        self.sentences("intro", presentation.intro, self.note)
        pending: list[Node] = []
        for node in form_root(self.form).children():
            if not presentation.is_section(node.field.path):
                continue
            own_section = (
                node.kind in ("object", "array") or node.long_text or presentation.instruction(node.field.path)
                or self._varies(node.field.path)
            )
            if own_section:
                self._fields(pending, "")
                pending = []
                self._section(node, node.name)
            else:
                pending.append(node)
        self._fields(pending, "")
        self.sentences("closing", presentation.closing, self.sentence)
        self._routing()
        self._signatures()
        return self.doc

    def _routing(self) -> None:
        spec = self.form.presentation.routing
        if spec is None:
            return
        self.heading(spec.heading)
        for sentence in spec.intro:
            self.doc.add_paragraph(sentence)
        self.loop_paragraphs("dokument.mottagare", "m", "{{ m.kind_label }}: {{ m.label }}", style="List Bullet")

    def _signatures(self) -> None:
        spec = self.form.presentation.signatures
        if spec is None:
            return
        if spec.heading:
            self.heading(spec.heading)
        for sentence in spec.intro:
            self.doc.add_paragraph(sentence).paragraph_format.keep_with_next = True
        self.doc.add_paragraph("{%p for u in dokument.underskrifter %}")
        self.signature("u.rubrik", "u.namn", "u.roll", "u.datum")
        self.doc.add_paragraph("{%p endfor %}")

    def heading(self, text: str, level: int = 1) -> Paragraph:
        paragraph: Paragraph = self.doc.add_heading(text, level=level)
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def _section(self, node: Node, expr: str) -> None:
        presentation = self.form.presentation
        self.heading(node.title)
        self.sentences(f"instruction:{node.field.path}", presentation.instruction(node.field.path), self.note)
        if node.kind == "object":
            self._object(node, expr)
        elif node.kind == "array":
            self._array(node, expr)
        elif node.long_text:
            self.box(f"{{{{ {expr} }}}}")
        else:
            self.label_table(self._leaf_rows(node, expr, ""))
        self.sentences(f"after:{node.field.path}", presentation.after(node.field.path), self._plain_sentence)

    def _object(self, node: Node, expr: str) -> None:
        leaves: list[tuple[str, str]] = []
        for child in node.children():
            leaves.extend(self._leaf_rows(child, f"{expr}.{child.name}", ""))
        self.label_table(leaves)

    def _leaf_rows(self, node: Node, expr: str, prefix: str) -> list[tuple[str, str]]:
        label = f"{prefix}{node.title}"
        if node.kind == "object":
            rows: list[tuple[str, str]] = []
            for child in node.children():
                rows.extend(self._leaf_rows(child, f"{expr}.{child.name}", f"{label} – "))
            return rows
        value = self.value(node, expr)
        if node.long_text or node.kind == "array":
            self._long_values.add(value)
        return [(label, value)]

    def value(self, node: Node, expr: str) -> str:
        """The placeholder printing *node*: a list or an object is joined, one value a line."""
        if node.kind == "array":
            item = node.item()
            if item.kind == "object":
                first = next((c.name for c in item.children() if c.kind not in ("object", "array")), "")
                return f'{{{{ {expr}|map(attribute="{first}")|join("\\n") }}}}'
            return f'{{{{ {expr}|join("\\n") }}}}'
        if node.kind == "object":
            # In a table cell an object prints what identifies it (its required leaves), not everything.
            leaves = [c for c in node.children() if c.kind not in ("object", "array")]
            shown = [c for c in leaves if c.required] or leaves[:2]
            parts = ", ".join(f"{expr}.{c.name}" for c in shown)
            return f'{{{{ [{parts}]|select|join("\\n") }}}}'
        return f"{{{{ {expr} }}}}"

    def label_table(self, rows: list[tuple[str, str]]) -> Table | None:
        """A bordered two-column table: shaded label, value.

        A row is kept on one page unless its value may be long (free text): a row
        taller than a page that may not split would be cut off at the page's foot.
        """
        if not rows:
            return None
        table: Table = self.doc.add_table(rows=len(rows), cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for row, (label, value) in zip(table.rows, rows, strict=True):
            if value not in self._long_values:
                _no_split(row)
            _cell_text(row.cells[0], label, bold=True, size=9)
            _shade(row.cells[0])
            _cell_text(row.cells[1], value)
        _widths(table, [LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH])
        return table

    def box(self, text: str, *, min_lines: int = 3) -> Table:
        """A bordered box for free text, tall enough to write in by hand."""
        table: Table = self.doc.add_table(rows=1, cols=1)
        table.style = "Table Grid"
        cell = table.rows[0].cells[0]
        _cell_text(cell, text)
        for _ in range(min_lines - 1):
            cell.add_paragraph()
        _widths(table, [TEXT_WIDTH])
        return table

    def _fields(self, nodes: list[Node], prefix: str) -> None:
        rows: list[tuple[str, str]] = []
        for node in nodes:
            rows.extend(self._leaf_rows(node, f"{prefix}{node.name}", ""))
        if rows and len(self.doc.paragraphs) > 1:
            # keeps the fields apart from the table of the section above
            self.doc.add_paragraph().paragraph_format.space_after = Pt(0)
        self.label_table(rows)

    def _array(self, node: Node, expr: str) -> None:
        item = node.item()
        if item.kind != "object":
            self.loop_paragraphs(expr, "punkt", "{{ punkt }}", style="List Bullet")
            return
        columns = item.children()
        widths = column_widths(columns, self.form.presentation)
        if widths is None:
            self.item_blocks(expr, item)
        else:
            self.row_table(expr, [(c.title, self.value(c, f"rad.{c.name}")) for c in columns], widths=widths)

    def item_blocks(self, expr: str, item: Node) -> None:
        """One labelled block per item (``Insats 1``, its fields as rows): for items too wide for a table's columns."""
        self.doc.add_paragraph(f"{{%p for rad in {expr} %}}")
        title = self.doc.add_paragraph(style="Heading 3")
        title.add_run(f"{item.title} {{{{ loop.index }}}}")
        title.paragraph_format.keep_with_next = True
        rows: list[tuple[str, str]] = []
        for child in item.children():
            rows.extend(self._leaf_rows(child, f"rad.{child.name}", ""))
        self.label_table(rows)
        self.doc.add_paragraph("{%p endfor %}")

    def row_table(self, expr: str, columns: list[tuple[str, str]], var: str = "rad", widths: list[int] | None = None) -> Table:
        """A table with a header row and one row per item of *expr* (docxtpl ``{%tr for %}``)."""
        table: Table = self.doc.add_table(rows=4, cols=len(columns))
        table.style = "Table Grid"
        header, loop_start, body, loop_end = table.rows
        _repeat_header(header)
        for cell, (title, _) in zip(header.cells, columns, strict=True):
            _cell_text(cell, title, bold=True, size=9)
            _shade(cell)
        _cell_text(loop_start.cells[0], f"{{%tr for {var} in {expr} %}}")
        # The item rows may split over a page: LibreOffice 7.4 drops a row that may not split when it
        # lands at a page's foot under a repeated header row (seen with Arial's metrics).
        for cell, (_, value) in zip(body.cells, columns, strict=True):
            _cell_text(cell, value, size=9)
        _cell_text(loop_end.cells[0], "{%tr endfor %}")
        _widths(table, widths or [int(TEXT_WIDTH / len(columns))] * len(columns))
        return table

    def sentences(self, slot: str, own: tuple[str, ...], write: Callable[[str], Paragraph]) -> None:
        """The sentences of *slot*: the form's own, or — when its variants change the slot — a loop over the
        record's (``dokument.texter``, see :func:`formkit.render.context.text_slots`)."""
        spec = self.form.presentation.variants
        if spec is None or slot not in spec.slots():
            for sentence in own:
                write(sentence)
            return
        kind, _, path = slot.partition(":")
        expr = f"dokument.texter.{TEXT_GROUPS[kind]}" + (f".{path}" if path else "")
        self.doc.add_paragraph(f"{{%p for s in {expr} %}}")
        write("{{ s }}")
        self.doc.add_paragraph("{%p endfor %}")

    def _varies(self, path: str) -> bool:
        """Whether the form's variants give the field at *path* sentences of their own (it then gets a section)."""
        spec = self.form.presentation.variants
        return spec is not None and any(slot in spec.slots() for slot in (f"instruction:{path}", f"after:{path}"))

    def _plain_sentence(self, text: str) -> Paragraph:
        return self.sentence(text, bold=False)

    def loop_paragraphs(self, expr: str, var: str, text: str, *, style: str | None = None) -> None:
        """Paragraphs repeated per item of *expr* (docxtpl ``{%p for %}``)."""
        self.doc.add_paragraph(f"{{%p for {var} in {expr} %}}")
        self.doc.add_paragraph(text, style=style)
        self.doc.add_paragraph("{%p endfor %}")

    def sentence(self, text: str, *, bold: bool = True) -> Paragraph:
        """A sentence the routine requires on every copy."""
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.add_run(text).bold = bold
        return paragraph

    def note(self, text: str) -> Paragraph:
        """An instruction printed under a title or heading, in the seed's words."""
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(text)
        run.italic = True
        run.font.size = Pt(9)
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def signature(self, caption: str, name: str, role: str, day: str) -> None:
        """One signature line: a rule to sign on, then the caption with the printed name and role, and the date."""
        line = self.doc.add_paragraph()
        line.paragraph_format.space_before = Pt(22)
        line.paragraph_format.keep_with_next = True
        line.paragraph_format.tab_stops.add_tab_stop(_DATE_COLUMN)
        line.add_run("_" * 50 + "\t" + "_" * 22)
        text = self.doc.add_paragraph()
        text.paragraph_format.tab_stops.add_tab_stop(_DATE_COLUMN)
        label = f"{{{{ {caption} }}}}{{% if {name} %}}: {{{{ {name} }}}}{{% endif %}}"
        label += f"{{% if {role} %}}, {{{{ {role} }}}}{{% endif %}}"
        text.add_run(label).font.size = Pt(9)
        date_label = self.said["datum"]
        text.add_run(f"\t{date_label}{{% if {day} %}}: {{{{ {day} }}}}{{% endif %}}").font.size = Pt(9)


def build_template(form: Form) -> Document:
    """The default template of *form*, with what its presentation adds (sentences, recipients, signatures)."""
    return Builder(form).build()


def template_bytes(form: Form) -> bytes:
    """*form*'s default template as .docx bytes (fixed timestamps: rebuilding an unchanged form changes no byte)."""
    import io

    buffer = io.BytesIO()
    build_template(form).save(buffer)
    return _fixed_timestamps(buffer.getvalue())


def write_template(form: Form, path: Path | None = None) -> Path:
    """Build *form*'s template and write it (atomically) to *path* or the form's template location."""
    target = path or form.template_path("docx")
    write_atomic(target, template_bytes(form))
    return target


_EPOCH = (2025, 1, 1, 0, 0, 0)


def _fixed_timestamps(package: bytes) -> bytes:
    """The same package with fixed member times, so rebuilding an unchanged template changes no byte."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, source.read(info))
    return out.getvalue()
