"""PDF/UA-1 structure rules (ISO 14289-1 7.1, 7.3, 7.18): the structure tree, role map, which element holds each annotation."""

from __future__ import annotations

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


def check_structure(c: Checker, root: DictionaryObject, pages: list[Any]) -> None:
    """Role map, /P of every element, Figure alternatives; every widget in a Form element, other annotations in Annot/Link."""
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
    stack: list[tuple[Any, str | None]] = [(k, None) for k in as_list(tree.get("/K"))]
    seen: set[tuple[Any, ...]] = set()
    while stack:
        ref, parent_type = stack.pop()
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
        stack.extend((k, kind) for k in as_list(node.get("/K")))
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
