"""Reading filled Word forms back into records: content controls tagged with the fields' dot paths, and the `.docx` source.

The convention a blank Word form follows (``formkit blank FORM --to docx``
writes it; a form made by hand must follow it too):

- **One content control per field** (``w:sdt``), its tag (``w:sdtPr/w:tag/@w:val``)
  the field's dot path with list rows numbered from 0, as in the PDF forms:
  ``barn.namn``, ``vardnadshavare.0.namn``, ``mal.0.delmal.1``, ``dagordning.2``.
  A control's title (``w:alias``) is the field's label; it is not read.
  Controls whose tag is no field (a group around a row, a heading) are ignored.
- **List rows** are the form's rows plus spare rows, each control tagged with
  its row's number; a row whose controls all show their placeholder is no row.
  Rows are not repeating sections (``w15:repeatingSection``): Word copies a
  repeated row's tags unchanged, and LibreOffice does not keep them. Two
  controls with the same tag and different values are refused.
- **Text**: a plain or rich text control (``w:text``, or none); the value is
  the text of its runs, ``w:br`` and ``w:cr`` and a new paragraph a line break,
  ``w:tab`` a space, deleted text of tracked changes (``w:delText``) left out.
  ``w:showingPlcHdr`` in ``w:sdtPr`` means the control shows its placeholder:
  no value (Word removes it when a person types).
- **Dates**: a date picker (``w:date``); the value is ``w:fullDate``'s date,
  else the text as typed (``2025-03-12`` or ``12.03.2025``).
- **Choices**: a drop-down list (``w:dropDownList`` or ``w:comboBox``) whose
  items (``w:listItem``) have the enum value as ``w:value`` and its label as
  ``w:displayText``; the value is the item whose label (or value) is shown.
- **Booleans**: a check box (``w14:checkbox``, ``w14:checked w14:val="1"``).
  A box left empty is ``false``, except in a list row with no other value
  (a spare row is no row).
- **The form**: a custom document property (``docProps/custom.xml``)
  ``FormkitForm`` naming the form id and ``FormkitFormVersion`` its version
  (``FormkitVersion`` in files made before formkit 0.2), as the PDF forms'
  document info does. The form is told by the tags; a document
  whose property names another form than its tags are is refused.

Only the main document part is read (not headers, footers or comments). The
package is checked first (:mod:`formkit.docxio.safety`: size, zip bombs,
macros, external links, DTDs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from formkit.errors import DocxError, PdfError
from formkit.i18n import shown_path, text
from formkit.model.catalog import Form
from formkit.problems import ERROR, WARNING, Problem
from formkit.settings import Settings
from formkit.sources import Record, register_reader

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
FORM_PROPERTY, VERSION_PROPERTY, FORMKIT_VERSION_PROPERTY = "FormkitForm", "FormkitFormVersion", "FormkitVersion"
"""The custom document properties naming the form, its version and formkit's (the PDF forms' Info keys, same names)."""
MAX_CONTROLS = 20_000
_ROW = re.compile(r"\.\d+(?=\.|$)")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _control_text(content: Any) -> str:
    """The text a control shows: runs in document order, breaks as newlines, paragraphs on lines of their own."""
    parts: list[str] = []
    paragraphs = 0
    for node in content.iter(_w("p"), _w("t"), _w("tab"), _w("br"), _w("cr"), _w("noBreakHyphen")):
        tag = node.tag
        if tag == _w("p"):
            if paragraphs:
                parts.append("\n")
            paragraphs += 1
        elif tag == _w("t"):
            parts.append(node.text or "")
        elif tag == _w("tab"):
            parts.append(" ")
        elif tag == _w("noBreakHyphen"):
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _choice(properties: Any, shown: str) -> str:
    """The enum value of a drop-down's shown label (or the shown text when no item has it)."""
    for item in properties.iter(_w("listItem")):
        label, value = item.get(_w("displayText")), item.get(_w("value"))
        if shown in (label, value) and value:
            return str(value)
    return shown


def _value(properties: Any, content: Any) -> tuple[Any, bool]:
    """A control's value and whether it is a check box (whose empty state needs its row to decide)."""
    checkbox = properties.find(f"{{{W14}}}checkbox")
    if checkbox is not None:
        checked = checkbox.find(f"{{{W14}}}checked")
        return checked is not None and checked.get(f"{{{W14}}}val") in ("1", "true"), True
    if properties.find(_w("showingPlcHdr")) is not None or content is None:
        return None, False
    shown = _control_text(content)
    date = properties.find(_w("date"))
    if date is not None:
        full = date.get(_w("fullDate"))
        return (full[:10] if full and re.match(r"\d{4}-\d{2}-\d{2}", full) else shown), False
    for kind in ("dropDownList", "comboBox"):
        choices = properties.find(_w(kind))
        if choices is not None:
            return _choice(choices, shown), False
    return shown, False


def read_controls(document: Any, name: str) -> dict[str, Any]:
    """Every tagged content control of a document: tag -> value (None for a placeholder or an empty spare row's box)."""
    values: dict[str, Any] = {}
    boxes: list[str] = []
    for count, control in enumerate(document.iter(_w("sdt")), start=1):
        if count > MAX_CONTROLS:
            raise DocxError("docx.too_many_controls", path=name)
        properties = control.find(_w("sdtPr"))
        tag = properties.find(_w("tag")) if properties is not None else None
        if tag is None or not tag.get(_w("val")):
            continue
        path = str(tag.get(_w("val")))
        value, is_box = _value(properties, control.find(_w("sdtContent")))
        if is_box and value is False:
            boxes.append(path)
            continue
        if path in values and value not in (None, "") and values[path] not in (None, "") and values[path] != value:
            raise DocxError("docx.duplicate_tag", path=name, field=path)
        if value not in (None, "") or path not in values:
            values[path] = value
    for path in boxes:
        row = _ROW.findall(path)
        prefix = path[: path.rfind(row[-1]) + len(row[-1])] + "." if row else ""
        in_use = not prefix or any(k.startswith(prefix) and v not in (None, "", False) for k, v in values.items())
        values.setdefault(path, False if in_use else None)
    return values


def _properties(package: Any) -> dict[str, str]:
    """The custom document properties naming the form, as the PDF reader's info keys (``/FormkitForm``)."""
    from formkit.pdfio.info import FORM_KEY, FORM_VERSION_KEY, FORMKIT_VERSION_KEY

    if not package.has("docProps/custom.xml"):
        return {}
    found: dict[str, str] = {}
    for prop in package.xml("docProps/custom.xml").iter(f"{{{_CUSTOM}}}property"):
        keys = {FORM_PROPERTY: FORM_KEY, VERSION_PROPERTY: FORM_VERSION_KEY, FORMKIT_VERSION_PROPERTY: FORMKIT_VERSION_KEY}
        key = keys.get(str(prop.get("name")))
        if key is not None and len(prop) and prop[0].text:
            found[key] = prop[0].text.strip()
    return found


def read_docx(data: bytes, name: str) -> tuple[dict[str, str], dict[str, Any]]:
    """The form properties and every tagged control's value of a Word document in memory; DocxError when refused."""
    from formkit.docxio.safety import open_docx

    package = open_docx(data, name)
    document = package.xml("word/document.xml")
    return _properties(package), read_controls(document, name)


def _extract(data: bytes, name: str, settings: Settings | None) -> tuple[Form, dict[str, Any], dict[str, str]]:
    from formkit.sources.formfields import identify_form, typed_record

    info, controls = read_docx(data, name)
    names = _known([path for path, value in controls.items() if value is not None] or list(controls), settings)
    if not names:
        # Never the form from the property alone: with no field's control there is nothing to read.
        untagged = not controls and _has_controls(data)
        raise DocxError("docx.no_tags" if untagged else "docx.not_formkit", path=name)
    try:
        form = identify_form(info, names, name, settings)
        return form, typed_record(form, controls), info
    except PdfError as exc:  # the same judgement as for a PDF, said of a Word document
        raise DocxError(exc.msg.key.replace("pdf.", "docx.", 1), **exc.msg.params) from exc
    except (ValueError, TypeError, RecursionError) as exc:
        raise DocxError("docx.not_record", path=name) from exc


def _has_controls(data: bytes) -> bool:
    """Whether the document has content controls at all (LibreOffice 7.4 keeps them but drops their tags)."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("word/document.xml") as part:
        return b"<w:sdt>" in part.read(MAX_CONTROLS * 1024)


def extract_docx_full(data: bytes, name: str = "form.docx", settings: Settings | None = None) -> tuple[Form, dict[str, Any]]:
    """The form and typed record of a filled Word form in memory; DocxError for anything unreadable or refused."""
    form, record, _ = _extract(data, name, settings)
    return form, record


def _known(names: list[str], settings: Settings | None) -> list[str]:
    """The tags that are a field of some form (a tag on a group or heading control tells nothing)."""
    from formkit.model.catalog import list_forms
    from formkit.model.fields import generic_path

    leaves = {leaf.path for form in list_forms(settings) for leaf in form.model.leaves}
    return [n for n in names if generic_path(n) in leaves]


def read_filled_docx(path: Path, settings: Settings | None = None) -> tuple[str, dict[str, Any]]:
    """The form id and typed record of a filled Word form file; DocxError for anything unreadable or refused."""
    from formkit.docxio.safety import read_docx_bytes

    form, data = extract_docx_full(read_docx_bytes(path), path.name, settings)
    return form.id, data


def read_docx_records(path: Path, form: Form | None = None) -> Iterator[Record]:
    """The `.docx` source reader: one record per filled Word form; one of another form is a problem naming it."""
    from formkit.docxio.safety import read_docx_bytes
    from formkit.pdfio.info import form_version
    from formkit.sources.formfields import shown_info

    catalogue = Settings(formular_kataloger=form.folders) if form is not None else None
    found, record, info = _extract(read_docx_bytes(path), path.name, catalogue)
    problems: list[Problem] = []
    if form is not None:
        version = form_version(info)
        if found.id == form.id and version is not None and version != form.version:
            said = text(form.language, "docx.other_version", made=shown_info(version), now=form.version)
            problems.append(Problem("", WARNING, "version", said))
        if found.id != form.id:
            problems.append(Problem("", ERROR, "form", text(form.language, "docx.other_form", found=found.id, wanted=form.id)))
    yield Record(shown_path(path), 1, record, tuple(problems))


def _refuse_macros(path: Path, form: Form | None = None) -> Iterator[Record]:
    raise DocxError("docx.macros", path=path.name)


register_reader(".docx", read_docx_records)
register_reader(".docm", _refuse_macros, listed=False)
