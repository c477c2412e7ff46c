"""The structure tree of a flattened copy: widgets go, the values drawn in their place stay tagged.

A flattened copy has no widgets, so no Form element may point at one (an
object reference to an annotation that is no longer on its page). Each Form
element of a field with a value becomes a non-interactive form field instead
(ISO 32000-1 14.8.5.6, PrintField attributes: ``/Role /tv`` for text,
``/Role /cb`` with ``/checked`` for a check box) whose content is the value
drawn on the page, a marked-content sequence added to the page's entry in the
parent tree. A check box keeps its element with ``/checked /off`` when it is
not ticked; a text field left empty leaves the tree (its printed label stays).

Only the shape formkit's templates have is rewritten (a flat parent tree,
Form elements holding one object reference); for any other tagged template
a flattened copy drops the structure tree and the /MarkInfo claim, as an
untagged file says less but nothing false.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

_MAX_ELEMENTS = 100_000


def _serialize(obj: Any) -> bytes:
    out = io.BytesIO()
    obj.write_to_stream(out)
    return out.getvalue()


def _head(node: DictionaryObject, drop: set[str]) -> bytes:
    kept = DictionaryObject({k: v for k, v in node.items() if k not in drop})
    return _serialize(kept).rstrip()[:-2]


@dataclass
class _FormElement:
    num: int
    head: bytes  # without /K and /A, and without the closing ">>"
    parent: int
    page: int | None


@dataclass
class _Parent:
    head: bytes
    kids: list[tuple[bytes, int | None]]  # each kid as written, with the widget number when it is a Form element


@dataclass
class TemplateStructure:
    """What of a template's structure tree a flattened copy rewrites."""

    forms: dict[int, _FormElement] = field(default_factory=dict)
    """Widget object number -> its Form element."""
    parents: dict[int, _Parent] = field(default_factory=dict)
    parent_tree: int = 0
    parent_tree_head: bytes = b""
    pages: dict[int, tuple[int, list[bytes]]] = field(default_factory=dict)
    """Page index -> (its /StructParents key, the parent tree's array for it, item by item)."""
    others: list[tuple[int, bytes]] = field(default_factory=list)
    """Parent tree entries that are neither a page's nor a widget's."""
    page_nums: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, reader: PdfReader, page_nums: list[int]) -> TemplateStructure | None:
        """The structure of a template as formkit builds it; None when it has none, or one of another shape."""
        root: Any = reader.trailer["/Root"].get_object()
        tree = root.get("/StructTreeRoot")
        if tree is None:
            return None
        tree = tree.get_object()
        parent_tree_ref = tree.raw_get("/ParentTree") if "/ParentTree" in tree else None
        if not isinstance(parent_tree_ref, IndirectObject):
            return None
        parent_tree: Any = parent_tree_ref.get_object()
        nums = parent_tree.get("/Nums")
        if "/Kids" in parent_tree or not isinstance(nums, ArrayObject):
            return None
        found = cls(parent_tree=parent_tree_ref.idnum, parent_tree_head=_head(parent_tree, {"/Nums"}))
        page_of = {num: index for index, num in enumerate(page_nums)}
        keys: dict[int, int] = {}
        for index, page_num in enumerate(page_nums):
            page: Any = reader.get_object(page_num)
            if "/StructParents" in page:
                keys[int(page["/StructParents"])] = index
        if not found._walk(tree, page_of) or not found._read_parents(reader):
            return None
        found.page_nums = list(page_nums)
        widget_elements = {element.num for element in found.forms.values()}
        for position in range(0, len(nums) - 1, 2):
            key, value = int(nums[position]), nums[position + 1]
            if key in keys:
                items = value.get_object()
                if not isinstance(items, ArrayObject):
                    return None
                found.pages[keys[key]] = (key, [_serialize(item) for item in items])
            elif not (isinstance(value, IndirectObject) and value.idnum in widget_elements):
                found.others.append((key, _serialize(value)))
        return found

    def _walk(self, tree: DictionaryObject, page_of: dict[int, int]) -> bool:
        stack: list[Any] = [tree.raw_get("/K")] if "/K" in tree else []
        seen: set[int] = set()
        while stack:
            ref = stack.pop()
            if isinstance(ref, ArrayObject):
                stack.extend(ref)
                continue
            if not isinstance(ref, IndirectObject) or ref.idnum in seen or len(seen) > _MAX_ELEMENTS:
                continue
            seen.add(ref.idnum)
            element = ref.get_object()
            if not isinstance(element, DictionaryObject):
                continue
            kids = element.get("/K")
            if isinstance(kids, DictionaryObject) and str(kids.get("/Type")) == "/OBJR":
                widget, parent = kids.raw_get("/Obj"), element.raw_get("/P")
                if not isinstance(widget, IndirectObject) or not isinstance(parent, IndirectObject):
                    return False
                page = element.raw_get("/Pg") if "/Pg" in element else None
                page_index = page_of.get(page.idnum) if isinstance(page, IndirectObject) else None
                self.forms[widget.idnum] = _FormElement(ref.idnum, _head(element, {"/K", "/A"}), parent.idnum, page_index)
                continue
            if "/K" in element:
                stack.append(element.raw_get("/K"))
        return True

    def _read_parents(self, reader: PdfReader) -> bool:
        """Note the kids of every element holding a Form element (rewritten when an empty field leaves the tree)."""
        forms_by_num = {form.num: widget for widget, form in self.forms.items()}
        for form in self.forms.values():
            if form.parent in self.parents:
                continue
            parent: Any = reader.get_object(form.parent)
            if not isinstance(parent, DictionaryObject):
                return False
            raw = parent.raw_get("/K") if "/K" in parent else ArrayObject()
            kids = list(raw) if isinstance(raw, ArrayObject) else [raw]
            self.parents[form.parent] = _Parent(
                _head(parent, {"/K"}),
                [(_serialize(kid), forms_by_num.get(kid.idnum) if isinstance(kid, IndirectObject) else None) for kid in kids],
            )
        return True

    def next_mcid(self, page: int) -> int | None:
        """The first free MCID on a page (None: the page has no entry in the parent tree to extend)."""
        entry = self.pages.get(page)
        return len(entry[1]) if entry is not None else None

    def flattened(self, drawn: dict[int, tuple[int, int]], checked: dict[int, bool]) -> list[tuple[int, bytes]]:
        """The rewritten objects: Form elements, their parents, the parent tree.

        *drawn* maps a widget to the (page, MCID) of its value drawn on the
        page; *checked* says which check boxes are ticked (absent: not a check box).
        """
        objects: list[tuple[int, bytes]] = []
        removed: set[int] = set()
        added: dict[int, list[tuple[int, int]]] = {}
        for widget, form in self.forms.items():
            if widget in checked:
                state = b"/on" if checked[widget] else b"/off"
                attributes = b"/A << /O /PrintField /Role /cb /checked " + state + b" >>"
            else:
                attributes = b"/A << /O /PrintField /Role /tv >>"
            where = drawn.get(widget)
            if where is None and widget not in checked:
                removed.add(widget)
                continue
            content = b""
            if where is not None:
                page, mcid = where
                added.setdefault(page, []).append((mcid, form.num))
                if page == form.page:
                    content = b"/K %d " % mcid
                else:
                    content = b"/K << /Type /MCR /Pg %d 0 R /MCID %d >> " % (self.page_nums[page], mcid)
            objects.append((form.num, form.head + b" " + content + attributes + b" >>"))
        for num, parent in self.parents.items():
            if any(widget in removed for _, widget in parent.kids):
                kids = b" ".join(kid for kid, widget in parent.kids if widget not in removed)
                objects.append((num, parent.head + b" /K [" + kids + b"] >>"))
        entries: list[tuple[int, bytes]] = list(self.others)
        for page, (key, items) in self.pages.items():
            extra = [b"%d 0 R" % num for _, num in sorted(added.get(page, []))]
            entries.append((key, b"[" + b" ".join([*items, *extra]) + b"]"))
        body = b" ".join(b"%d %s" % (key, value) for key, value in sorted(entries))
        objects.append((self.parent_tree, self.parent_tree_head + b" /Nums [" + body + b"] >>"))
        return objects
