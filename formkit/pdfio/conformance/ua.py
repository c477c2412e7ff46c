"""PDF/UA-1 structure rules (ISO 14289-1 7.1, 7.3, 7.5, 7.18): structure tree, role map, tables, where annotations stand.

A table (7.5) is a data table with header cells (TH), each saying what it heads
(/Scope) unless the cells name their headers (/Headers); a table that only lays
content out is not tagged Table (its content stands in ordinary elements, its
rules and shading are artifacts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pypdf.generic import DictionaryObject, IndirectObject

from formkit.i18n import message
from formkit.pdfio.conformance.base import UA1, Checker, as_list, get, identity, name, num, obj, ref_label
from formkit.pdfio.conformance.content import annotation_label

STANDARD_TYPES = frozenset(
    {
        "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index", "NonStruct",
        "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH",
        "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link",
        "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form",
    }
)  # fmt: skip
"""The standard structure types of ISO 32000-1 14.8.4."""
_MAX_ELEMENTS = 200_000
_MAX_ROLE_CHAIN = 16
_ROW_PARENTS = frozenset({"Table", "THead", "TBody", "TFoot"})
"""Where a TR may stand (ISO 32000-1 Table 337); a TH or TD stands in a TR."""


@dataclass
class _Table:
    """What a Table element holds, for the rules of ISO 14289-1 7.5."""

    ref: Any
    headers: int = 0
    data: int = 0
    headers_without_scope: int = 0
    linked: bool = False
    """Some cell names its header cells (/Headers): the structure is determinable without /Scope."""


def _table_attributes(node: dict[Any, Any], class_map: Any) -> list[Any]:
    """The attribute dictionaries of *node* owned by Table (/O /Table), from /A and its classes (/C)."""
    found = [a for a in as_list(node.get("/A")) if isinstance(obj(a), dict)]
    if isinstance(class_map, dict):
        for klass in as_list(node.get("/C")):
            found += [a for a in as_list(get(class_map, str(klass))) if isinstance(obj(a), dict)]
    return [obj(a) for a in found if name(obj(a).get("/O")) == "Table"]


def check_structure(c: Checker, root: DictionaryObject, pages: list[Any]) -> None:
    """Role map, /P of every element, Figure alternatives, tables; widgets in Form elements, other annotations in Annot/Link."""
    tree = get(root, "/StructTreeRoot")
    if not isinstance(tree, dict):
        tree = DictionaryObject()  # reported already; every widget below is then outside any Form element
    role_map = get(tree, "/RoleMap") or {}
    for key, target in role_map.items():
        mapped = str(key)[1:]
        if mapped in STANDARD_TYPES:
            c.error("ua-rolemap", f"{UA1} 7.1", "check.ua_rolemap_standard", type=mapped)
        if name(target) == mapped:
            c.error("ua-rolemap", f"{UA1} 7.1", "check.ua_rolemap_self", type=mapped)

    def standard(kind: str | None) -> str | None:
        for _ in range(_MAX_ROLE_CHAIN):
            if kind is None or kind in STANDARD_TYPES:
                return kind
            kind = name(role_map.get("/" + kind))
        c.error("ua-rolemap", f"{UA1} 7.1", "check.ua_rolemap_cycle")
        return None

    in_form: set[int] = set()
    in_annot: set[int] = set()
    class_map = get(tree, "/ClassMap")
    tables: list[_Table] = []
    # (element, its parent's standard type, the Table it stands in)
    stack: list[tuple[Any, str | None, _Table | None]] = [(k, None, None) for k in as_list(tree.get("/K"))]
    seen: set[tuple[Any, ...]] = set()
    while stack:
        ref, parent_type, table = stack.pop()
        node = obj(ref)
        if not isinstance(node, dict) or identity(ref) in seen or len(seen) > _MAX_ELEMENTS:
            continue
        seen.add(identity(ref))
        if name(node.get("/Type")) == "OBJR":
            target = node.get("/Obj")
            if isinstance(target, IndirectObject):
                if parent_type == "Form":
                    in_form.add(target.idnum)
                if parent_type in ("Annot", "Link"):
                    in_annot.add(target.idnum)
            continue
        if "/S" not in node:
            continue  # a marked-content reference
        kind = standard(name(node.get("/S")))
        if "/P" not in node:
            c.error("ua-struct-parent", f"{UA1} 7.1", "check.ua_no_parent", type=str(name(node.get("/S"))), object=ref_label(ref))
        if kind == "Figure" and not (str(get(node, "/Alt") or "").strip() or "/ActualText" in node):
            c.error("ua-figure-alt", f"{UA1} 7.3", "check.ua_figure_alt", object=ref_label(ref))
        if kind == "Table":
            table = _Table(ref)
            tables.append(table)
        elif kind in ("TR", "TH", "TD"):
            _check_cell(c, node, ref, kind, parent_type, table, class_map)
        stack.extend((k, kind, table) for k in as_list(node.get("/K")))
    for table in tables:
        _check_table(c, table)
    for index, page in enumerate(pages):
        for ref in get(page, "/Annots") or []:
            annot = obj(ref)
            if not isinstance(annot, dict) or not isinstance(ref, IndirectObject) or int(num(annot.get("/F"), 0) or 0) & 2:
                continue
            subtype = name(annot.get("/Subtype"))
            where = annotation_label(annot, ref, message("check.where.page", page=index + 1))
            if subtype == "Widget" and ref.idnum not in in_form:
                c.error("ua-widget-form", f"{UA1} 7.18.4", "check.ua_widget_form", where=where)
            elif subtype == "Link" and ref.idnum not in in_annot:
                c.error("ua-link-tag", f"{UA1} 7.18.5", "check.ua_link_tag", where=where)
            elif subtype not in ("Widget", "Link", "PrinterMark", "Popup") and ref.idnum not in in_annot:
                c.error("ua-annot-tag", f"{UA1} 7.18.1", "check.ua_annot_tag", where=where)


def _check_cell(
    c: Checker, node: dict[Any, Any], ref: Any, kind: str, parent_type: str | None, table: _Table | None, class_map: Any
) -> None:
    """A TR inside a table or its row group, a TH or TD inside a TR; what each cell tells its table."""
    expected = "TR" if kind in ("TH", "TD") else None
    if (expected and parent_type != expected) or (kind == "TR" and parent_type not in _ROW_PARENTS) or table is None:
        where = expected or "Table, THead, TBody, TFoot"
        params = {"type": kind, "object": ref_label(ref), "parent": parent_type or "-", "expected": where}
        c.error("ua-table-structure", f"{UA1} 7.5", "check.ua_table_nesting", **params)
    if table is None or kind == "TR":
        return
    attributes = _table_attributes(node, class_map)
    if any("/Headers" in attribute for attribute in attributes):
        table.linked = True
    if kind == "TD":
        table.data += 1
        return
    table.headers += 1
    if not any(name(attribute.get("/Scope")) in ("Row", "Column", "Both") for attribute in attributes):
        table.headers_without_scope += 1


def _check_table(c: Checker, table: _Table) -> None:
    """A data table has header cells, and each says what it heads (/Scope) unless the cells name their headers."""
    if table.data and not table.headers:
        c.error("ua-table-headers", f"{UA1} 7.5", "check.ua_table_headers", object=ref_label(table.ref), cells=table.data)
    elif table.headers_without_scope and not table.linked:
        count = table.headers_without_scope
        c.error("ua-table-scope", f"{UA1} 7.5", "check.ua_table_scope", object=ref_label(table.ref), count=count)
