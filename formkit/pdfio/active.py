"""Active content in a PDF: scripts, actions run on opening or on a field, launched programs, embedded files.

formkit never runs any of it (pypdf reads objects, it executes nothing); this
module only finds it. A template with active content is refused (it would be
copied into every filled form, where a viewer runs it); a submitted form with
some is read for its values and reported as having it.

What counts (PDF 32000-1:2008, 12.6 actions and 7.11 embedded files): the
catalog's ``/OpenAction`` when it is an action rather than a page to show,
``/AA`` (additional actions: on opening, on a field's focus, keystroke,
calculation...) anywhere, an action of a kind other than going to a page or a
URI (``/JavaScript``, ``/Launch``, ``/SubmitForm``, ``/ImportData``,
``/ResetForm``, ``/Rendition``, ``/GoToE``, ``/GoToR``), a ``/JS`` key, the
name trees ``/JavaScript`` and ``/EmbeddedFiles``, and embedded files or rich
media themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from formkit.pdfio.safety import open_pdf, quiet_pypdf, read_pdf_bytes

MAX_OBJECTS = 200_000
"""A walk over more objects than this stops (a form has a few thousand); what was found so far stands."""

_HARMLESS_ACTIONS = frozenset({"/GoTo", "/URI", "/Named", "/Thread", "/Hide", "/SetOCGState", "/Trans"})
_KEYS = {
    "/AA": "/AA",
    "/JS": "/JavaScript",
    "/JavaScript": "/JavaScript",
    "/EmbeddedFiles": "/EmbeddedFiles",
    "/EmbeddedFile": "/EmbeddedFiles",
    "/RichMedia": "/RichMedia",
    "/RichMediaContent": "/RichMedia",
}
_TYPES = {"/EmbeddedFile": "/EmbeddedFiles", "/Filespec": "/EmbeddedFiles"}
_SUBTYPES = {"/FileAttachment": "/EmbeddedFiles", "/RichMedia": "/RichMedia", "/Screen": "/RichMedia"}


def _kind_of_action(node: DictionaryObject) -> str | None:
    action = node.get("/S")
    if isinstance(action, NameObject) and str(action) not in _HARMLESS_ACTIONS and node.get("/Type", "/Action") == "/Action":
        return str(action)
    return None


def active_content(reader: PdfReader) -> list[str]:
    """The kinds of active content in an open PDF (sorted PDF names such as ``/JavaScript``), empty when none."""
    found: set[str] = set()
    root: Any = reader.trailer.get("/Root")
    root = root.get_object() if root is not None else None
    if isinstance(root, DictionaryObject):
        opening = root.get("/OpenAction")
        opening = opening.get_object() if isinstance(opening, IndirectObject) else opening
        if isinstance(opening, DictionaryObject):
            found.add("/OpenAction")
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    visited = 0
    while stack and visited < MAX_OBJECTS:
        item = stack.pop()
        visited += 1
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            try:
                item = item.get_object()
            except Exception:  # noqa: S112 - a dangling or damaged reference: nothing to find there
                continue
        if isinstance(item, DictionaryObject):  # a stream's dictionary too (StreamObject is one)
            for name, value in item.items():
                if name in _KEYS:
                    found.add(_KEYS[name])
                if name == "/Parent" or name == "/P":
                    continue  # back links: the walk reaches the parent from above
                if isinstance(value, IndirectObject | DictionaryObject | ArrayObject):
                    stack.append(value)
            action = _kind_of_action(item)
            if action is not None:
                found.add(action)
            kind, subtype = str(item.get("/Type", "")), str(item.get("/Subtype", ""))
            if kind in _TYPES and (kind != "/Filespec" or "/EF" in item):
                found.add(_TYPES[kind])
            if subtype in _SUBTYPES:
                found.add(_SUBTYPES[subtype])
        elif isinstance(item, ArrayObject):
            stack.extend(value for value in item if isinstance(value, IndirectObject | DictionaryObject | ArrayObject))
    return sorted(found)


def active_content_in_file(path: Path) -> list[str]:
    """:func:`active_content` of a PDF file (PdfError when it cannot be opened)."""
    data = read_pdf_bytes(path)
    with quiet_pypdf():
        return active_content(open_pdf(data, path.name))
