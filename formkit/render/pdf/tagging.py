"""The tagged structure of a form template (ISO 32000-1 14.7-14.8, ISO 14289-1): marked content, structure tree, parent tree.

Every text the layout prints is a marked-content sequence with an MCID on its
page; frames, lines, page numbers and the marking repeated on later pages are
artifacts. The structure tree holds, in the layout's order (the reading order):
headings (``H1`` the title, ``H2`` sections, deeper parts one level more, never
skipping one), paragraphs (``P``) and, for every field, a ``Form`` element
whose only child is the object reference to its widget (ISO 32000-1 Table 340:
a Form element without a Role attribute has exactly that one child). A field
with a printed label is a ``P`` holding the label (``Lbl``) and the ``Form``
element, so a screen reader meets them together; the field's accessible name
is its ``/TU`` (the label with the sections and rows it sits in). There is no
``/Alt`` on Form elements: an alternative text replaces what it describes, and
a screen reader would then read it instead of the value typed in the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
)

from formkit.render.pdf.layout import Layout, Text, Widget

ARTIFACT_LAYOUT = "/Artifact <</Type /Layout>> BDC"
"""Frames and lines: they show where to write, the structure says what each field is."""
ARTIFACT_HEADER = "/Artifact <</Type /Pagination /Subtype /Header>> BDC"
ARTIFACT_FOOTER = "/Artifact <</Type /Pagination /Subtype /Footer>> BDC"
END = "EMC"


def begin(tag: str, mcid: int) -> str:
    """The operator opening a marked-content sequence of structure type *tag* with its MCID."""
    return f"/{tag} <</MCID {mcid}>> BDC"


def structure_type(text: Text) -> str:
    """The structure type of a printed text: H1-H6, Lbl or P."""
    if text.role == "H":
        return f"H{max(1, min(text.level, 6))}"
    return "Lbl" if text.role == "Lbl" else "P"


@dataclass
class _Entry:
    """One child of the Document element: a text (heading or paragraph) or a field with its label."""

    kind: str  # "H1".."H6", "P" or "field"
    content: list[tuple[int, int]] = field(default_factory=list)
    """(page, MCID) of the text, or of the field's label."""
    widget: Widget | None = None


def _entries(lay: Layout, mcids: Mapping[int, tuple[int, int]]) -> list[_Entry]:
    """The Document's children in reading order: texts grouped into elements, labels joined to their fields."""
    fields = {widget.name for widget in lay.widgets}
    entries: dict[tuple[str, Any], _Entry] = {}
    items: list[Text | Widget] = [*lay.texts, *lay.widgets]
    for item in sorted(items, key=lambda i: i.order):
        if isinstance(item, Widget):
            entries.setdefault(("field", item.name), _Entry("field")).widget = item
            continue
        if item.role == "Artifact" or id(item) not in mcids:
            continue
        if item.role == "Lbl" and item.labels in fields:
            entries.setdefault(("field", item.labels), _Entry("field")).content.append(mcids[id(item)])
            continue
        kind = structure_type(item)
        entries.setdefault(("text", item.group), _Entry("P" if kind == "Lbl" else kind)).content.append(mcids[id(item)])
    result = list(entries.values())
    level = 0
    for entry in result:
        if entry.kind.startswith("H"):
            # A heading is at most one level below the one before it: a screen reader's outline never skips a level.
            level = min(int(entry.kind[1:]), level + 1)
            entry.kind = f"H{level}"
    return result


def _element(kind: str, parent: Any, page: Any) -> DictionaryObject:
    # /Type /StructElem is optional (ISO 32000-1 Table 323) but written: without it an element's /S reads like
    # an action's to a reader that looks for actions (formkit.pdfio.active does).
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject(f"/{kind}"),
            NameObject("/P"): parent,
            NameObject("/Pg"): page,
        }
    )


def tag_document(
    writer: PdfWriter, lay: Layout, mcids: Mapping[int, tuple[int, int]], widgets: Mapping[str, IndirectObject]
) -> None:
    """Add the structure tree to *writer*'s document: *mcids* maps id(text) to (page, MCID), *widgets* names to widgets.

    Also marks the document tagged (/MarkInfo), gives every page its
    /StructParents and the tab order of its structure (/Tabs /S), and every
    widget its /StructParent.
    """
    pages = [page.indirect_reference for page in writer.pages]
    tree = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")}))
    document = writer._add_object(_element("Document", tree, pages[0]))
    by_page: list[dict[int, IndirectObject]] = [{} for _ in pages]
    widget_keys: list[tuple[int, IndirectObject]] = []
    kids = ArrayObject()

    def content_of(element_ref: IndirectObject, content: list[tuple[int, int]], element: DictionaryObject) -> None:
        own_page = content[0][0]
        element[NameObject("/Pg")] = pages[own_page]
        items = ArrayObject()
        for page, mcid in content:
            by_page[page][mcid] = element_ref
            if page == own_page:
                items.append(NumberObject(mcid))
            else:
                items.append(
                    DictionaryObject(
                        {
                            NameObject("/Type"): NameObject("/MCR"),
                            NameObject("/Pg"): pages[page],
                            NameObject("/MCID"): NumberObject(mcid),
                        }
                    )
                )
        element[NameObject("/K")] = items[0] if len(items) == 1 else items

    for entry in _entries(lay, mcids):
        if entry.kind != "field":
            element = _element(entry.kind, document, pages[entry.content[0][0]])
            ref = writer._add_object(element)
            content_of(ref, entry.content, element)
            kids.append(ref)
            continue
        widget = entry.widget
        if widget is None:  # a label whose field is not on the form: printed text all the same
            element = _element("P", document, pages[entry.content[0][0]])
            ref = writer._add_object(element)
            content_of(ref, entry.content, element)
            kids.append(ref)
            continue
        parent = document
        siblings = kids
        if entry.content:
            group = _element("P", document, pages[widget.page])
            parent = writer._add_object(group)
            kids.append(parent)
            label = _element("Lbl", parent, pages[entry.content[0][0]])
            label_ref = writer._add_object(label)
            content_of(label_ref, entry.content, label)
            siblings = ArrayObject([label_ref])
            group[NameObject("/K")] = siblings
        widget_ref = widgets[widget.name]
        form = _element("Form", parent, pages[widget.page])
        form[NameObject("/K")] = DictionaryObject(
            {NameObject("/Type"): NameObject("/OBJR"), NameObject("/Obj"): widget_ref, NameObject("/Pg"): pages[widget.page]}
        )
        form_ref = writer._add_object(form)
        siblings.append(form_ref)
        widget_keys.append((widget_ref.idnum, form_ref))
    document_dict: Any = document.get_object()
    document_dict[NameObject("/K")] = kids
    nums = ArrayObject()
    for index, page in enumerate(writer.pages):
        page[NameObject("/StructParents")] = NumberObject(index)
        page[NameObject("/Tabs")] = NameObject("/S")
        found = by_page[index]
        if found and sorted(found) != list(range(len(found))):
            raise ValueError(f"page {index + 1}: marked-content ids are not 0..n-1")
        nums.extend([NumberObject(index), ArrayObject(found[mcid] for mcid in sorted(found))])
    key = len(pages)
    refs = {ref.idnum: ref for ref in widgets.values()}
    for widget_num, form_ref in widget_keys:
        widget_dict: Any = refs[widget_num].get_object()
        widget_dict[NameObject("/StructParent")] = NumberObject(key)
        nums.extend([NumberObject(key), form_ref])
        key += 1
    tree_dict: Any = tree.get_object()
    tree_dict[NameObject("/K")] = document
    tree_dict[NameObject("/ParentTree")] = writer._add_object(DictionaryObject({NameObject("/Nums"): nums}))
    tree_dict[NameObject("/ParentTreeNextKey")] = NumberObject(key)
    writer._root_object[NameObject("/StructTreeRoot")] = tree
    writer._root_object[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
