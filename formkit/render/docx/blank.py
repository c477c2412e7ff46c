"""The blank Word form a person fills by hand: a content control for every field of the blank plan, the rest protected.

``formkit blank FORM --to docx`` writes it from the form's Word template and
its blank display plan (the form's spare rows included), with the
municipality and the secrecy marking from the settings in the page header.

The convention a reader of a filled form relies on (``formkit extract``):

- Every value is one content control (``w:sdt``) whose ``w:tag`` is the
  field's concrete dot path, as in a fillable PDF: ``barn.namn``,
  ``vardnadshavare.0.namn``, ``insatser.2.ansvarig.verksamhet``. A list item
  is the controls of one index; the spare rows a person leaves empty are no
  items. ``w:alias`` is the field's accessible name (``Vårdnadshavare 1,
  Namn``), shown by Word as the control's title.
- The value is the text of the control's ``w:sdtContent`` (``w:br`` a line
  break), unless ``w:sdtPr`` holds ``w:showingPlcHdr``: then the control
  still shows its placeholder text and is empty.
- Text fields are plain text controls (``w:text``; free text
  ``w:multiLine="1"``). Dates are date pickers (``w:date``) in the form's
  language (``yyyy-MM-dd`` in Swedish, ``dd.MM.yyyy`` in bokmål): Word writes
  the chosen day in ``w:fullDate`` (ISO, read first) and the text in the
  form's format. Choices are drop-down lists (``w:dropDownList``): each
  ``w:listItem`` has the label as ``w:displayText`` and the code as
  ``w:value``; the shown label names the code. Yes/no fields are check boxes
  (``w14:checkbox``, ``w14:checked`` ``1`` or ``0``).
- The document names its form in two custom document properties
  (``docProps/custom.xml``): ``FormkitForm`` (the form id) and
  ``FormkitFormVersion``. A reader confirms the form by the tags (each a path
  of that form), not by the property alone.
- The document is protected for filling in forms (``w:documentProtection
  w:edit="forms" w:enforcement="1"``, no password): in Word only the controls
  can be edited; each control is locked against deletion (``w:lock
  w:val="sdtLocked"``).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from formkit.model.catalog import Form
from formkit.render.docx.frame import W
from formkit.render.docx.package import read_package
from formkit.render.docx.render import PreparedDocx
from formkit.render.plan import build_plan
from formkit.settings import Settings
from formkit.textclean import xml_escape as escape

FORM_PROPERTY = "FormkitForm"
VERSION_PROPERTY = "FormkitFormVersion"
_CUSTOM = "docProps/custom.xml"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_SETTINGS = "word/settings.xml"
_BEFORE_PROTECTION = [
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
    "embedTrueTypeFonts",
    "embedSystemFonts",
    "saveSubsetFonts",
    "saveFormsData",
    "mirrorMargins",
    "alignBordersAndEdges",
    "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter",
    "gutterAtTop",
    "hideSpellingErrors",
    "hideGrammaticalErrors",
    "activeWritingStyle",
    "proofState",
    "formsDesign",
    "attachedTemplate",
    "linkStyles",
    "stylePaneFormatFilter",
    "stylePaneSortMethod",
    "documentType",
    "mailMerge",
    "revisionView",
    "trackRevisions",
    "doNotTrackMoves",
    "doNotTrackFormatting",
]
"""The elements of ``w:settings`` that come before ``w:documentProtection`` (ECMA-376 Part 1, CT_Settings)."""
_W = f"{{{W}}}"


def protected_settings(settings_xml: bytes | None) -> bytes:
    """*settings_xml* (a template's word/settings.xml) protected for filling in forms only."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(settings_xml, parser) if settings_xml else etree.Element(f"{_W}settings", nsmap={"w": W})
    for old in root.findall(f"{_W}documentProtection") + root.findall(f"{_W}formsDesign"):
        root.remove(old)
    protection = etree.Element(f"{_W}documentProtection")
    protection.set(f"{_W}edit", "forms")
    protection.set(f"{_W}enforcement", "1")
    position = 0
    for index, child in enumerate(root):
        if isinstance(child.tag, str) and etree.QName(child).localname in _BEFORE_PROTECTION:
            position = index + 1
    root.insert(position, protection)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def custom_properties(existing: bytes | None, values: dict[str, str]) -> bytes:
    """docProps/custom.xml with *values* as text properties (replacing those names, keeping the others)."""
    kept: list[str] = []
    pid = 1
    if existing:
        root = etree.fromstring(existing, etree.XMLParser(resolve_entities=False, no_network=True))
        for prop in root:
            if prop.get("name") in values:
                continue
            kept.append(etree.tostring(prop, encoding="unicode"))
            pid = max(pid, int(prop.get("pid", "1")))
    added = []
    for name, value in values.items():
        pid += 1
        added.append(
            f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name)}"><vt:lpwstr>{escape(value)}</vt:lpwstr></property>'
        )
    body = "".join(kept + added)
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{_PROPERTIES}" xmlns:vt="{_VT}">{body}</Properties>'
    ).encode()


def _with_custom_part(members: dict[str, bytes]) -> dict[str, bytes]:
    """The content types and package relationships changed to name docProps/custom.xml, where they do not yet."""
    changed: dict[str, bytes] = {}
    types = members.get("[Content_Types].xml", b"")
    if b"/docProps/custom.xml" not in types:
        override = f'<Override PartName="/{_CUSTOM}" ContentType="{_CUSTOM_TYPE}"/>'.encode()
        at = types.rindex(b"</Types>")
        changed["[Content_Types].xml"] = types[:at] + override + types[at:]
    rels = members.get("_rels/.rels", b"")
    if _CUSTOM_REL.encode() not in rels:
        ids = set(re.findall(rb'Id="([^"]+)"', rels))
        number = 1
        while f"rIdFormkit{number}".encode() in ids:
            number += 1
        relation = f'<Relationship Id="rIdFormkit{number}" Type="{_CUSTOM_REL}" Target="{_CUSTOM}"/>'.encode()
        at = rels.rindex(b"</Relationships>")
        changed["_rels/.rels"] = rels[:at] + relation + rels[at:]
    return changed


def blank_docx(form: Form, settings: Settings, template: Path | None = None) -> bytes:
    """The blank Word form of *form* (see the module's docstring), from *template* or the form's own."""
    from formkit.render.docx.template import template_bytes

    path = template or form.template_path("docx")
    data = path.read_bytes() if path.is_file() else template_bytes(form)
    _, members = read_package(path, data)
    extra = {
        _SETTINGS: protected_settings(members.get(_SETTINGS)),
        _CUSTOM: custom_properties(members.get(_CUSTOM), {FORM_PROPERTY: form.id, VERSION_PROPERTY: form.version}),
        **_with_custom_part(members),
    }
    prepared = PreparedDocx(path, data=data, members=extra)
    return prepared.render(build_plan(form, None, settings, "blank"), controls=True)
