"""Filled Word forms as Word saves them, for the tests: content controls tagged with dot paths (formkit/sources/docx.py).

Each value sits in its control's run with the placeholder flag removed, as
Word leaves it after a person types; fields left empty, and one spare row per
top-level list, keep their placeholder text and ``w:showingPlcHdr``.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from formkit.model.catalog import get_form
from formkit.model.fields import LIST_MARK
from formkit.model.paths import flatten

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PLACEHOLDER = "Klicka eller tryck här för att ange text."


def _runs(text: str) -> str:
    lines = text.split("\n")
    parts = [f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines]
    return "<w:r>" + "<w:br/>".join(parts) + "</w:r>"


def control(path: str, value: Any, node: Any, *, placeholder: bool = False, shown: str | None = None) -> str:
    """One inline content control for the field at *path* holding *value* (or its placeholder)."""
    props = f'<w:alias w:val={quoteattr(node.title)}/><w:tag w:val={quoteattr(path)}/><w:id w:val="{abs(hash(path)) % 10**8}"/>'
    if node.kind == "boolean":
        on = value is True
        box = (
            f'<w14:checkbox><w14:checked w14:val="{int(on)}"/><w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
            '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox>'
        )
        return f"<w:sdt><w:sdtPr>{props}{box}</w:sdtPr><w:sdtContent>{_runs('☒' if on else '☐')}</w:sdtContent></w:sdt>"
    if placeholder:
        props += "<w:showingPlcHdr/>"
    if node.format == "date":
        full = f' w:fullDate="{value}T00:00:00Z"' if value and not placeholder and shown is None else ""
        props += f'<w:date{full}><w:dateFormat w:val="yyyy-MM-dd"/><w:lid w:val="sv-SE"/><w:calendar w:val="gregorian"/></w:date>'
    elif node.enum is not None:
        items = "".join(
            f"<w:listItem w:displayText={quoteattr(node.enum_titles.get(v, v))} w:value={quoteattr(v)}/>" for v in node.enum
        )
        props += f"<w:dropDownList>{items}</w:dropDownList>"
        if not placeholder and shown is None:
            shown = node.enum_titles.get(value, value)
    else:
        props += '<w:text w:multiLine="1"/>'
    if placeholder:
        content = f'<w:r><w:rPr><w:rStyle w:val="Platshllartext"/></w:rPr><w:t>{PLACEHOLDER}</w:t></w:r>'
    else:
        content = _runs(shown if shown is not None else str(value))
    return f"<w:sdt><w:sdtPr>{props}</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"


def _spare_rows(form: Any, record: dict[str, Any]) -> list[str]:
    """One spare row per top-level list (rows numbered after the record's), every control a placeholder."""
    paths = []
    for leaf in form.model.leaves:
        parts = leaf.path.split(".")
        if parts.count(LIST_MARK) != 1:
            continue
        index = parts.index(LIST_MARK)
        items = record.get(parts[0]) if index == 1 else None
        row = len(items) if isinstance(items, list) else 0
        if index == 1:
            paths.append(".".join([parts[0], str(row), *parts[2:]]))
    return paths


def document_xml(form_id: str, record: dict[str, Any], *, spare: bool = True) -> str:
    """word/document.xml: a paragraph per field, its control holding the value; empty fields show their placeholder."""
    form = get_form(form_id)
    model = form.model
    flat = {path: value for path, value in flatten(record).items() if value not in (None, "", [], {})}
    paragraphs = [f"<w:p><w:r><w:t>{escape(form.title)}</w:t></w:r></w:p>"]
    for path, value in flat.items():
        node = model.node(path)
        assert node is not None, path
        label = f'<w:r><w:t xml:space="preserve">{escape(node.title)}: </w:t></w:r>'
        paragraphs.append(f"<w:p>{label}{control(path, value, node)}</w:p>")
    for leaf in model.leaves:
        if LIST_MARK not in leaf.path and leaf.path not in flat:
            paragraphs.append(f"<w:p>{control(leaf.path, None, leaf, placeholder=True)}</w:p>")
    if spare:
        for path in _spare_rows(form, record):
            node = model.node(path)
            assert node is not None
            paragraphs.append(f"<w:p>{control(path, None, node, placeholder=True)}</w:p>")
    body = "".join(paragraphs)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}" xmlns:w14="{W14_NS}" xmlns:r="{R_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )


def package(
    document: str,
    *,
    form_id: str | None = None,
    version: str | None = None,
    document_rels: str = "",
    extra_parts: dict[str, bytes] | None = None,
    extra_types: str = "",
) -> bytes:
    """A .docx package around *document*, with the custom properties naming the form when *form_id* is given."""
    custom = ""
    if form_id is not None:
        props = [("FormkitForm", form_id)] + ([("FormkitVersion", version)] if version else [])
        fmtid = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
        custom = "".join(
            f'<property fmtid="{fmtid}" pid="{pid}" name="{name}"><vt:lpwstr>{escape(value)}</vt:lpwstr></property>'
            for pid, (name, value) in enumerate(props, start=2)
        )
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/docProps/custom.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
        f"{extra_types}</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" '
        'Target="docProps/custom.xml"/></Relationships>'
    )
    doc_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{document_rels}</Relationships>'
    )
    custom_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{custom}</Properties>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/_rels/document.xml.rels", doc_rels)
        archive.writestr("docProps/custom.xml", custom_xml)
        for name, data in (extra_parts or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def filled_word_form(form_id: str, record: dict[str, Any], **options: Any) -> bytes:
    """A Word form of *form_id* filled with *record* as Word saves it (custom properties naming the form)."""
    form = get_form(form_id)
    return package(document_xml(form_id, record), form_id=form_id, version=form.version, **options)
