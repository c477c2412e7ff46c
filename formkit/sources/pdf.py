"""Reading filled PDF forms back into typed records, and the `.pdf` source reader for validate."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formkit.errors import PdfError
from formkit.i18n import shown_path, text
from formkit.model.catalog import Form
from formkit.pdfio.fields import is_display_field
from formkit.pdfio.info import PRINTED_KEY, form_version, printed_digest
from formkit.problems import ERROR, WARNING, Problem
from formkit.settings import Settings
from formkit.sources import Record, register_reader
from formkit.sources.formfields import identify_form, typed_record
from formkit.sources.formfields import shown_info as _shown

if TYPE_CHECKING:
    from pypdf.generic import DictionaryObject

# pypdf is imported where a PDF is read, not here: importing this module registers the .pdf
# reader for every command that reads input, and pypdf would cost each of them ~0.1 s at start-up.

MAX_FIELDS = 20_000
MAX_DEPTH = 32
"""Limits on the field tree: a form has a few hundred fields, a handful of levels."""


_RADIO = 1 << 15
_PUSHBUTTON = 1 << 16


def _value(node: DictionaryObject, kind: str | None, flags: int = 0) -> Any:
    """A field's value as Python: str for text, choices and radio groups, bool for checkboxes, None when empty."""
    from pypdf.generic import ArrayObject, IndirectObject, NameObject

    raw = node.get("/V")
    if isinstance(raw, IndirectObject):
        raw = raw.get_object()
    if kind == "/Btn" and flags & _PUSHBUTTON:
        return None
    if kind == "/Btn" and flags & _RADIO:
        # A radio group's value is the name of the chosen button (an enum value).
        return str(raw)[1:] if isinstance(raw, NameObject) and str(raw) != "/Off" else None
    if kind == "/Btn":
        if isinstance(raw, NameObject):
            return str(raw) != "/Off"
        # No value: unfilled, unless a filler set only the widget's state to on.
        state = node.get("/AS")
        return True if state is not None and str(state) != "/Off" else None
    if raw is None:
        return None
    if isinstance(raw, ArrayObject):  # a multi-select list: formkit's choices hold one value
        raw = raw[0] if raw else None
    if isinstance(raw, NameObject):
        return str(raw)[1:]
    if isinstance(raw, str):
        return str(raw)
    return None


def _walk(reader_root: DictionaryObject, name: str, changed: list[str] | None = None) -> dict[str, Any]:
    """Every terminal field's qualified name and value; guards against cycles and huge trees.

    *changed* gets the fields whose value differs from what formkit printed of
    it on later pages (the widget's ``/FkPrinted`` digest): edited after filling.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject

    acroform = reader_root.get("/AcroForm")
    if isinstance(acroform, IndirectObject):
        acroform = acroform.get_object()
    if not isinstance(acroform, DictionaryObject) or not acroform.get("/Fields"):
        if isinstance(acroform, DictionaryObject) and "/XFA" in acroform:
            raise PdfError("pdf.xfa", path=name)
        raise PdfError("pdf.no_fields", path=name)
    fields: dict[str, Any] = {}
    seen: set[tuple[int, int]] = set()
    count = 0
    top: Any = acroform["/Fields"].get_object()
    if not isinstance(top, ArrayObject):
        raise PdfError("pdf.no_fields", path=name)
    stack: list[tuple[PdfObject, str, str | None, int, int]] = [(ref, "", None, 0, 0) for ref in reversed(top)]
    while stack:
        ref, prefix, inherited_kind, inherited_flags, depth = stack.pop()
        if isinstance(ref, IndirectObject):
            key = (ref.idnum, ref.generation)
            if key in seen:
                raise PdfError("pdf.cycle", path=name)
            seen.add(key)
        node = ref.get_object()
        if not isinstance(node, DictionaryObject):
            continue
        count += 1
        if count > MAX_FIELDS or depth > MAX_DEPTH:
            raise PdfError("pdf.tree_too_large", path=name)
        partial = node.get("/T")
        qualified = prefix if partial is None else (f"{prefix}.{partial}" if prefix else str(partial))
        kind = node.get("/FT", inherited_kind)
        kind = str(kind) if kind is not None else None
        flags = node.get("/Ff", inherited_flags)
        flags = int(flags) if isinstance(flags, int) else 0
        kids = node.get("/Kids")
        if isinstance(kids, IndirectObject):
            kids = kids.get_object()
        if isinstance(kids, ArrayObject) and len(kids) > MAX_FIELDS:
            raise PdfError("pdf.tree_too_large", path=name)
        named_kids = [k for k in kids if "/T" in k.get_object()] if isinstance(kids, ArrayObject) else []
        if named_kids:
            stack.extend((kid, qualified, kind, flags, depth + 1) for kid in reversed(named_kids))
            continue
        if not qualified:
            continue
        value = _value(node, kind, flags)
        if value is None and isinstance(kids, ArrayObject) and kind == "/Btn" and not flags & (_RADIO | _PUSHBUTTON):
            # A checkbox with several widgets keeps /AS on each widget.
            states = [_value(k.get_object(), kind) for k in kids]
            value = True if any(states) else (False if states and None not in states else None)
        fields[qualified] = value
        if changed is not None and isinstance(value, str) and _printed_differs(node, kids, value):
            changed.append(qualified)
    return fields


def _printed_differs(node: Any, kids: Any, value: str) -> bool:
    """Whether the value's printed continuation (its digest on the widget) is of another value."""
    widgets = [node, *(k.get_object() for k in kids)] if kids is not None else [node]
    for widget in widgets:
        printed = widget.get(PRINTED_KEY) if hasattr(widget, "get") else None
        if printed is None:
            continue
        raw = getattr(printed, "original_bytes", None)
        return raw is None or raw != bytes.fromhex(printed_digest(value))
    return False


def read_field_tree(path: Path) -> tuple[dict[str, str], dict[str, Any]]:
    """The document info (string values) and every field's value of a PDF file, or PdfError."""
    from formkit.pdfio.safety import read_pdf_bytes

    return field_tree(read_pdf_bytes(path), path.name)


def field_tree(data: bytes, name: str) -> tuple[dict[str, str], dict[str, Any]]:
    """The document info and every field's value of a PDF in memory; name is used in errors."""
    info, fields, _active = read_pdf(data, name)
    return info, fields


def read_pdf(data: bytes, name: str, changed: list[str] | None = None) -> tuple[dict[str, str], dict[str, Any], list[str]]:
    """The document info, every field's value and the kinds of active content of a PDF in memory.

    Active content (scripts, actions, embedded files: :mod:`formkit.pdfio.active`) is found,
    never run; the values are read all the same. *changed* gets the fields edited
    after formkit printed their continuation (:func:`_walk`).
    """
    from pypdf.generic import DictionaryObject

    from formkit.pdfio.active import active_content
    from formkit.pdfio.safety import open_pdf, quiet_pypdf

    if b"%PDF-" not in data[:1024]:
        raise PdfError("pdf.not_pdf", path=name)
    # A complete PDF ends with %%EOF; a cut that lands after an earlier revision's
    # marker would otherwise read as that revision (an empty form) without a word.
    if b"%%EOF" not in data.rstrip(b"\r\n\t \0")[-32:]:
        raise PdfError("pdf.truncated", path=name)
    with quiet_pypdf():
        reader = open_pdf(data, name)
        try:
            root: Any = reader.trailer["/Root"].get_object()
            if not isinstance(root, DictionaryObject):
                raise PdfError("pdf.no_catalog", path=name)
            fields = _walk(root, name, changed)
            info_obj = reader.trailer.get("/Info")
            info_dict = info_obj.get_object() if info_obj is not None else None
            info = (
                {str(k): str(v) for k, v in info_dict.items() if isinstance(v, str)}
                if isinstance(info_dict, DictionaryObject)
                else {}
            )
            active = active_content(reader)
        except PdfError:
            raise
        except Exception as exc:  # pypdf raises many kinds on a damaged file, even AssertionError
            raise PdfError("pdf.damaged", path=name, kind=exc.__class__.__name__) from exc
    return info, fields, active


_SHOWN_FIELD = re.compile(r"[A-Za-z0-9_.\- ]{1,80}")


def unknown_fields(form: Form, fields: dict[str, Any]) -> list[str]:
    """The fields holding a value that the form does not have (added by another tool), as they may be shown.

    A field name is the PDF's structure, not a value, but a tool may name a
    field anything: a name that is not plain ASCII of at most 80 characters, or
    that holds six digits in a row, is shown as "(okänt fält)".
    """
    found = []
    for name, value in fields.items():
        if value is None or value == "" or is_display_field(name):
            continue
        node = form.model.node(name)
        if node is None or not node.is_leaf:
            plain = _SHOWN_FIELD.fullmatch(name) is not None and re.search(r"[0-9]{6}", name) is None
            found.append(name if plain else text(form.language, "unknown_field"))
    return found


def _own_fields(form: Form, names: list[str]) -> tuple[str, ...]:
    """The fields of *form* among *names*: a name another tool gave a field is said only as an unknown field
    (:func:`unknown_fields`, which never shows a name that may hold personal data)."""
    model = form.model
    return tuple(name for name in names if (node := model.node(name)) is not None and node.is_leaf)


@dataclass(frozen=True)
class Extracted:
    """A filled PDF read back: its form, its record, the kinds of active content it held (never run),
    and the fields with a value that the form does not have (their values are not in the record)."""

    form: str
    data: dict[str, Any]
    active: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    """Fields edited after filling whose text continues on later pages: those pages still print the old text."""


def extract(source: str | os.PathLike[str] | bytes, *, settings: Settings | None = None) -> Extracted:
    """A filled PDF or Word form read back (a path, or the file's bytes): its form, typed record and active content (never run).

    Raises PdfError (DocxError for a Word form) for anything that is not a
    readable filled form of a known form (not a PDF, damaged, encrypted, no
    fields, another tool's form). A Word form is a ``.docx`` path or bytes
    that are a zip package (:mod:`formkit.sources.docx`).
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if data.startswith(b"PK\x03\x04"):
            from formkit.sources.docx import extract_docx_full

            form, record = extract_docx_full(data, "form.docx", settings)
            return Extracted(form.id, record)
        return extract_pdf_full(data, "form.pdf", settings)
    if Path(source).suffix.lower() in (".docx", ".docm", ".dotm"):
        from formkit.sources.docx import read_filled_docx

        form_id, record = read_filled_docx(Path(source), settings)
        return Extracted(form_id, record)
    return read_filled_pdf(Path(source), settings)


def extract_pdf(path: Path, settings: Settings | None = None) -> tuple[str, dict[str, Any]]:
    """The form id and the typed record of a filled PDF file; PdfError for anything unreadable."""
    found = read_filled_pdf(path, settings)
    return found.form, found.data


def read_filled_pdf(path: Path, settings: Settings | None = None) -> Extracted:
    """The form, typed record and active content of a filled PDF file; PdfError for anything unreadable."""
    from formkit.pdfio.safety import read_pdf_bytes

    return extract_pdf_full(read_pdf_bytes(path), path.name, settings)


def extract_pdf_bytes(data: bytes, name: str = "form.pdf", settings: Settings | None = None) -> tuple[str, dict[str, Any]]:
    """The form id and the typed record of a filled PDF in memory; name is used in errors."""
    found = extract_pdf_full(data, name, settings)
    return found.form, found.data


def extract_pdf_full(data: bytes, name: str = "form.pdf", settings: Settings | None = None) -> Extracted:
    """:class:`Extracted` of a filled PDF in memory; name is used in errors."""
    return _extracted(data, name, settings)[0]


def _extracted(data: bytes, name: str, settings: Settings | None) -> tuple[Extracted, Any]:
    """:class:`Extracted` of a filled PDF, and its info dictionary (the version it was made from)."""
    changed: list[str] = []
    info, fields, active = read_pdf(data, name, changed)
    try:
        form = identify_form(info, list(fields), name, settings)
        unknown = tuple(unknown_fields(form, fields))
        found = Extracted(form.id, typed_record(form, fields), tuple(active), unknown, _own_fields(form, changed))
    except (ValueError, TypeError, RecursionError) as exc:
        raise PdfError("pdf.not_record", path=name) from exc
    return found, info


def read_pdf_records(path: Path, form: Form | None = None) -> Iterator[Record]:
    """The `.pdf` source reader: one record per PDF; a PDF of another form is a problem naming it.

    A PDF with active content is read for its values and gets a warning saying so.
    """
    from formkit.pdfio.safety import read_pdf_bytes

    # The PDF may be of any form of the wanted form's catalogue (shipped, or its outside folders too).
    catalogue = Settings(formular_kataloger=form.folders) if form is not None else None
    found, info = _extracted(read_pdf_bytes(path), path.name, catalogue)
    form_id, data = found.form, found.data
    language = form.language if form is not None else None
    problems: list[Problem] = []
    if found.active:
        what = ", ".join(found.active)
        problems.append(Problem("", WARNING, "active_content", text(language, "pdf.active", what=what)))
    # A field another tool added is said, never dropped without a word: its value is not in the record.
    problems.extend(Problem(name, WARNING, "unknown_field", text(language, "pdf.unknown_field")) for name in found.unknown)
    # Edited after filling: the continuation pages still print what was filled, so the document contradicts itself.
    problems.extend(Problem(name, WARNING, "changed_after_fill", text(language, "pdf.changed")) for name in found.changed)
    version = form_version(info)
    if form is not None and form_id == form.id and version is not None and version != form.version:
        said = text(form.language, "pdf.other_version", made=_shown(version), now=form.version)
        problems.append(Problem("", WARNING, "version", said))
    if form is not None and form_id != form.id:
        problems.append(Problem("", ERROR, "form", text(form.language, "pdf.other_form", found=form_id, wanted=form.id)))
    yield Record(shown_path(path), 1, data, tuple(problems))


register_reader(".pdf", read_pdf_records)
