"""LibreOffice's tagged PDF of a Word document, made fit for PDF/UA-1: its role map, and row headers that head rows.

LibreOffice 7.4 maps every standard structure type it uses onto itself in the
role map (``/TD /TD``), which ISO 14289-1 7.1 forbids (a standard type is not
remapped); those entries say nothing and go. It tags a header row's cells and
a cell whose paragraph has the style "Table Heading" (a key–value table's
label, :data:`formkit.render.docx.template.LABEL_STYLE`) as TH with
``/Scope /Column``; a label heads its row, so a TH that shares its row with
data cells gets ``/Scope /Row``.
"""

from __future__ import annotations

from typing import Any

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from formkit.pdfio.conformance.base import as_list, obj

_MAX_ELEMENTS = 200_000


def tidy_structure(writer: PdfWriter) -> None:
    """Drop role-map entries mapping a standard type onto itself; scope the header cells of data rows to their row."""
    # The checker's list of standard types, imported here: a fill that makes no archival copy loads no checker.
    from formkit.pdfio.conformance.ua import STANDARD_TYPES

    tree = obj(writer.root_object.get("/StructTreeRoot"))
    if not isinstance(tree, DictionaryObject):
        return
    role_map = obj(tree.get("/RoleMap"))
    if isinstance(role_map, DictionaryObject):
        for key in [k for k, v in role_map.items() if k[1:] in STANDARD_TYPES and obj(v) == k]:
            del role_map[key]

    def standard(kind: Any) -> str:
        for _ in range(16):
            text = str(kind)[1:] if isinstance(kind, NameObject) else ""
            if text in STANDARD_TYPES or not isinstance(role_map, DictionaryObject) or kind not in role_map:
                return text
            kind = obj(role_map[kind])
        return ""

    stack = as_list(tree.get("/K"))
    seen = 0
    while stack and seen < _MAX_ELEMENTS:
        node = obj(stack.pop())
        seen += 1
        if not isinstance(node, DictionaryObject) or "/S" not in node:
            continue
        kids = as_list(node.get("/K"))
        if standard(node["/S"]) == "TR":
            cells = [obj(kid) for kid in kids]
            kinds = [standard(cell.get("/S")) if isinstance(cell, DictionaryObject) else "" for cell in cells]
            if "TD" in kinds:
                for cell, kind in zip(cells, kinds, strict=True):
                    if kind == "TH":
                        _scope_row(cell)
        stack.extend(kids)


def _scope_row(cell: DictionaryObject) -> None:
    """Give *cell* ``/Scope /Row`` in a Table attribute dictionary of its own (LibreOffice's may be shared)."""
    attributes = obj(cell.get("/A"))
    listed = list(attributes) if isinstance(attributes, list) else [attributes] if attributes is not None else []
    row = DictionaryObject({NameObject("/O"): NameObject("/Table"), NameObject("/Scope"): NameObject("/Row")})
    tables = [i for i, a in enumerate(listed) if isinstance(obj(a), dict) and obj(a).get("/O") == "/Table"]
    if tables:
        listed[tables[0]] = row  # in place: a revision number after it (ISO 32000-1 14.7.5.2) still belongs to it
    else:
        listed.append(row)
    cell[NameObject("/A")] = ArrayObject(listed)
