"""What a filled Word document says about itself: its properties, only the parts Word needs, the form's language.

A template's package is python-docx's default document with formkit's content:
it carries properties that describe the template (its comment, a fixed date,
"Microsoft Macintosh Word", a blank thumbnail) and parts Word does not need (a
Word 2010 ``stylesWithEffects.xml`` in en-US, a bibliography custom XML part).
A filled copy is a record of its own, so:

- :func:`tidy_package` (once per template) drops those parts with their
  relationships and content types, and makes every language tag (``w:lang``,
  ``w:themeFontLang``) the form's; the right-to-left language (``w:bidi``) is
  left as it is, since a Swedish or Norwegian form writes none.
- :class:`DocumentProperties` (per record) writes ``docProps/core.xml`` and
  ``docProps/app.xml``: the form's title and full title, its language, the
  municipality as company, formkit with its version as the application, the
  time of the fill; nothing from the record but the municipality, no template
  comment, no author.

The renderer (:class:`formkit.render.docx.render.PreparedDocx`) applies the
first when it prepares a template and writes the second's parts with each
record, so neither costs a parse per record.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from formkit import __version__
from formkit.i18n import LOCALES
from formkit.model.catalog import Form
from formkit.render.docx.package import member_of, rels_name
from formkit.textclean import clean_text
from formkit.textclean import xml_escape as escape

CORE, APP = "docProps/core.xml", "docProps/app.xml"
PROPERTY_PARTS = (CORE, APP)
"""The members :class:`DocumentProperties` writes for every record."""
_UNNEEDED = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
)
"""Relationships to parts a filled copy goes without: Word 2010's styles with effects, a template's thumbnail
(blank: it would show nothing of the record), a bibliography store."""
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
_APP_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_APP_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
_LANGUAGE_TAGS = (f"{{{_W}}}lang", f"{{{_W}}}themeFontLang")
_LANGUAGE_ATTRIBUTES = (f"{{{_W}}}val", f"{{{_W}}}eastAsia")


def _serialised(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def tidy_package(members: Mapping[str, bytes], locale: str) -> dict[str, bytes]:
    """*members* without the parts a filled copy does not need, with the form's language tags and property parts declared.

    The property parts themselves are left out: :class:`DocumentProperties`
    writes them for each record. A template edited by staff keeps every part
    that is not one of the few named above.
    """
    out = dict(members)
    dropped: set[str] = set()
    for rels in [name for name in out if name.endswith(".rels")]:
        root = etree.fromstring(out[rels])
        changed = rels == "_rels/.rels" and _declare_properties(root)
        for relation in list(root):
            if relation.get("Type") in _UNNEEDED and relation.get("TargetMode") != "External":
                root.remove(relation)
                changed = True
                dropped.add(member_of(rels, relation.get("Target", "")))
        if changed:
            out[rels] = _serialised(root)
    for part in list(dropped):
        out.pop(part, None)
        own = rels_name(part)
        if own in out:  # the dropped part's own relationships, and what only they point at
            dropped.add(own)
            for relation in etree.fromstring(out.pop(own)):
                if relation.get("TargetMode") != "External":
                    target = member_of(own, relation.get("Target", ""))
                    dropped.add(target)
                    out.pop(target, None)
    for name in PROPERTY_PARTS:
        out.pop(name, None)
    out["[Content_Types].xml"] = _content_types(out["[Content_Types].xml"], dropped)
    # Parsed and written again only where some tag says another language (the shipped styles say the form's).
    tag = re.escape(locale.encode())
    other_language = re.compile(rb'<w:(?:lang|themeFontLang)\b[^>]*\bw:(?:val|eastAsia)="(?!' + tag + rb'")')
    for name, data in out.items():
        if name.startswith("word/") and name.endswith(".xml") and other_language.search(data):
            out[name] = _with_language(data, locale)
    return out


def _declare_properties(root: Any) -> bool:
    """Make ``_rels/.rels`` point at the two property parts (python-docx's package does; another may not)."""
    kinds = {relation.get("Type") for relation in root}
    taken = {relation.get("Id") for relation in root}
    changed = False
    for kind, target in ((_CORE_REL, CORE), (_APP_REL, APP)):
        if kind not in kinds:
            number = 1
            while f"rIdFk{number}" in taken:
                number += 1
            etree.SubElement(root, f"{{{_RELS}}}Relationship", Id=f"rIdFk{number}", Type=kind, Target=target)
            taken.add(f"rIdFk{number}")
            changed = True
    return changed


def _content_types(data: bytes, dropped: set[str]) -> bytes:
    """The content types without the dropped parts' overrides, with the property parts' declared."""
    root = etree.fromstring(data)
    named = set()
    for override in list(root.iter(f"{{{_TYPES}}}Override")):
        part = override.get("PartName", "").lstrip("/")
        if part in dropped:
            root.remove(override)
        named.add(part)
    for part, kind in ((CORE, _CORE_TYPE), (APP, _APP_TYPE)):
        if part not in named:
            etree.SubElement(root, f"{{{_TYPES}}}Override", PartName=f"/{part}", ContentType=kind)
    return _serialised(root)


def _with_language(data: bytes, locale: str) -> bytes:
    root = etree.fromstring(data)
    for element in root.iter(*_LANGUAGE_TAGS):
        for attribute in _LANGUAGE_ATTRIBUTES:
            if element.get(attribute) is not None or attribute.endswith("}val"):
                element.set(attribute, locale)
    return _serialised(root)


def _one_line(value: str) -> str:
    """*value* cleaned as everything formkit prints (:func:`formkit.textclean.clean_text`), on one line."""
    return " ".join(clean_text(value).split())


@dataclass(frozen=True)
class DocumentProperties:
    """What a filled document says about itself: the form, its language, the municipality, the tool and the time."""

    title: str
    subject: str
    language: str
    company: str
    created: datetime

    @classmethod
    def of(cls, form: Form, kommun: str, created: datetime | None = None) -> DocumentProperties:
        """The properties of *form*'s document issued by *kommun*, made at *created* (default: now)."""
        moment = (created or datetime.now(UTC)).replace(microsecond=0)
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        return cls(form.title, form.full_title, LOCALES[form.language], _one_line(kommun), moment)

    def parts(self) -> dict[str, bytes]:
        """``docProps/core.xml`` and ``docProps/app.xml``."""
        e = escape
        when = self.created.strftime("%Y-%m-%dT%H:%M:%SZ")
        core = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
<dc:title>{e(self.title)}</dc:title><dc:subject>{e(self.subject)}</dc:subject><dc:language>{e(self.language)}</dc:language>\
<cp:revision>1</cp:revision>\
<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>\
<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>\
</cp:coreProperties>"""
        company = f"<Company>{e(self.company)}</Company>" if self.company else ""
        app = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
<Application>formkit {e(__version__)}</Application><DocSecurity>0</DocSecurity>{company}\
<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>\
</Properties>"""
        return {CORE: core.encode(), APP: app.encode()}
