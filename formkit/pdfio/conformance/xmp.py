"""XMP packets and PDF dates: the namespaces PDF/A-2 predefines, a reader for the top-level properties, date parsing."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET

NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_XML = "http://www.w3.org/XML/1998/namespace"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_XMP = "http://ns.adobe.com/xap/1.0/"
NS_PDF = "http://ns.adobe.com/pdf/1.3/"
NS_PDFAID = "http://www.aiim.org/pdfa/ns/id/"
NS_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
NS_EXT = "http://www.aiim.org/pdfa/ns/extension/"
NS_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
NS_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
NS_TYPE = "http://www.aiim.org/pdfa/ns/type#"
NS_FIELD = "http://www.aiim.org/pdfa/ns/field#"
EXTENSION_NAMESPACES = frozenset({NS_SCHEMA, NS_PROPERTY, NS_TYPE, NS_FIELD})
"""The namespaces an extension schema declaration itself is written in."""

PREDEFINED: dict[str, frozenset[str]] = {
    NS_DC: frozenset(
        [
            "contributor",
            "coverage",
            "creator",
            "date",
            "description",
            "format",
            "identifier",
            "language",
            "publisher",
            "relation",
            "rights",
            "source",
            "subject",
            "title",
            "type",
        ]
    ),
    NS_XMP: frozenset(
        [
            "Advisory",
            "BaseURL",
            "CreateDate",
            "CreatorTool",
            "Identifier",
            "Label",
            "MetadataDate",
            "ModifyDate",
            "Nickname",
            "Rating",
            "Thumbnails",
        ]
    ),
    "http://ns.adobe.com/xap/1.0/rights/": frozenset(["Certificate", "Marked", "Owner", "UsageTerms", "WebStatement"]),
    "http://ns.adobe.com/xap/1.0/mm/": frozenset(
        [
            "DerivedFrom",
            "DocumentID",
            "History",
            "InstanceID",
            "ManagedFrom",
            "Manager",
            "ManageTo",
            "ManageUI",
            "ManagerVariant",
            "RenditionClass",
            "RenditionParams",
            "VersionID",
            "Versions",
            "LastURL",
            "RenditionOf",
            "SaveID",
        ]
    ),
    "http://ns.adobe.com/xap/1.0/bj/": frozenset({"JobRef"}),
    "http://ns.adobe.com/xap/1.0/t/pg/": frozenset(["MaxPageSize", "NPages", "Fonts", "Colorants", "PlateNames"]),
    NS_PDF: frozenset(["Keywords", "PDFVersion", "Producer", "Trapped"]),
    NS_PDFAID: frozenset(["part", "conformance", "amd", "corr"]),
    NS_EXT: frozenset({"schemas"}),
}
"""Namespaces and properties PDF/A-2 accepts without an extension schema (XMP 2005 and ISO 19005-2, 6.6.2.3.1)."""

VALUE_TYPES = frozenset(
    {
        "Text", "URI", "URL", "Integer", "Real", "Boolean", "Date", "Lang Alt", "Bag Text", "Seq Text",
        "Bag ProperName", "Seq ProperName", "Bag Date", "Seq Date", "AgentName", "ProperName", "MIMEType",
        "Locale", "Rational", "GUID", "RenditionClass", "ResourceRef", "Thumbnail", "Alt Thumbnail",
        "Bag Locale", "Bag Integer", "Seq Integer", "Seq Real", "XPath",
    }
)  # fmt: skip
"""The XMP value types an extension schema may name without declaring them."""

Value = ET.Element | str
"""A property's value: an element (structured) or an attribute's text (simple)."""


@dataclass
class Xmp:
    """The top-level properties of an XMP packet: (namespace, name) -> element or attribute text."""

    properties: dict[tuple[str, str], Value]
    prefixes: dict[str, set[str]]
    """Namespace URI -> the prefixes bound to it anywhere in the packet."""

    def text(self, ns: str, local: str) -> str | None:
        """A simple property's text (None when absent or structured)."""
        value = self.properties.get((ns, local))
        if isinstance(value, str):
            return value.strip()
        if value is None or len(value):
            return None
        return (value.text or "").strip()

    def container(self, ns: str, local: str) -> tuple[str, list[ET.Element]] | None:
        """(rdf container kind 'Alt', 'Bag' or 'Seq', its rdf:li elements) of a property."""
        value = self.properties.get((ns, local))
        if not isinstance(value, ET.Element):
            return None
        for kind in ("Alt", "Bag", "Seq"):
            box = value.find(f"{{{NS_RDF}}}{kind}")
            if box is not None:
                return kind, box.findall(f"{{{NS_RDF}}}li")
        return None

    def lang_alt(self, ns: str, local: str) -> dict[str, str] | None:
        """A language alternative as {xml:lang: text}."""
        found = self.container(ns, local)
        if found is None or found[0] != "Alt":
            return None
        return {li.get(f"{{{NS_XML}}}lang", ""): (li.text or "").strip() for li in found[1]}

    def items(self, ns: str, local: str) -> list[str] | None:
        """The texts of a Bag or Seq."""
        found = self.container(ns, local)
        return None if found is None else [(li.text or "").strip() for li in found[1]]


class XmpSyntaxError(ValueError):
    """The packet is not well-formed UTF-8 XML/RDF; ``reason`` is a catalogue key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_xmp(packet: bytes) -> Xmp:
    """The properties of an XMP packet; XmpSyntaxError when it is not well-formed UTF-8 XML/RDF (a DOCTYPE is refused)."""
    if re.search(rb"<!DOCTYPE|<!ENTITY", packet):
        raise XmpSyntaxError("check.xmp_reason.doctype")
    try:
        decoded = packet.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise XmpSyntaxError("check.xmp_reason.utf8") from exc
    prefixes: dict[str, set[str]] = {}
    for prefix, uri in re.findall(r"xmlns:([A-Za-z_][\w.\-]*)\s*=\s*[\"']([^\"']*)[\"']", decoded):
        prefixes.setdefault(uri, set()).add(prefix)
    try:
        root = DefusedET.fromstring(packet)  # refuses entity tricks even past the DOCTYPE guard above
    except (ET.ParseError, DefusedXmlException) as exc:
        raise XmpSyntaxError("check.xmp_reason.xml") from exc
    rdf = root if root.tag == f"{{{NS_RDF}}}RDF" else root.find(f".//{{{NS_RDF}}}RDF")
    if rdf is None:
        raise XmpSyntaxError("check.xmp_reason.rdf")
    properties: dict[tuple[str, str], Value] = {}
    for description in rdf.findall(f"{{{NS_RDF}}}Description"):
        for attr, value in description.attrib.items():
            ns, _, local = attr[1:].partition("}") if attr.startswith("{") else ("", "", attr)
            if ns not in (NS_RDF, NS_XML, ""):
                properties[(ns, local)] = value
        for child in description:
            ns, _, local = child.tag[1:].partition("}")
            properties[(ns, local)] = child
    return Xmp(properties, prefixes)


def struct_fields(item: ET.Element) -> dict[tuple[str, str], Value]:
    """The fields of an rdf:li holding a structure (parseType="Resource" or a nested rdf:Description)."""
    fields: dict[tuple[str, str], Value] = {}
    for holder in (item, *item.findall(f"{{{NS_RDF}}}Description")):
        for attr, value in holder.attrib.items():
            if attr.startswith("{"):
                ns, _, local = attr[1:].partition("}")
                if ns not in (NS_RDF, NS_XML):
                    fields[(ns, local)] = value
        for child in holder:
            if child.tag != f"{{{NS_RDF}}}Description":
                ns, _, local = child.tag[1:].partition("}")
                fields[(ns, local)] = child
    return fields


def field_text(value: Value | None) -> str | None:
    """A simple field's text."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip()
    return (value.text or "").strip() if len(value) == 0 else None


def seq_items(value: Value | None) -> list[ET.Element] | None:
    """The rdf:li of a field holding an rdf:Seq."""
    if not isinstance(value, ET.Element):
        return None
    seq = value.find(f"{{{NS_RDF}}}Seq")
    return None if seq is None else seq.findall(f"{{{NS_RDF}}}li")


# --- dates -------------------------------------------------------------------------------------------------------

_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+\-])?(\d{2})?'?(\d{2})?'?$")
_XMP_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+\-]\d{2}:\d{2})?)?)?)?$")


def _moment(parts: tuple[str | None, ...]) -> datetime | None:
    y, mo, d, h, mi, s = parts
    try:
        return datetime(int(y or 0), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0), int(s or 0))
    except ValueError:
        return None


def parse_pdf_date(text: str) -> datetime | None:
    """An Info dictionary date (``D:YYYYMMDDHHmmSSOHH'mm'``), aware when it has a zone."""
    match = _PDF_DATE.match(text.strip())
    if not match:
        return None
    *parts, sign, th, tm = match.groups()
    value = _moment(tuple(parts))
    if value is None or sign is None:
        return value
    if sign in "Zz":
        return value.replace(tzinfo=UTC)
    offset = timedelta(hours=int(th or 0), minutes=int(tm or 0))
    return value.replace(tzinfo=timezone(offset if sign == "+" else -offset))


def parse_xmp_date(text: str) -> datetime | None:
    """An XMP date (the ISO 8601 subset XMP allows), aware when it has a zone."""
    match = _XMP_DATE.match(text.strip())
    if not match:
        return None
    *parts, zone = match.groups()
    value = _moment(tuple(parts))
    if value is None or not zone:
        return value
    if zone == "Z":
        return value.replace(tzinfo=UTC)
    sign = 1 if zone[0] == "+" else -1
    return value.replace(tzinfo=timezone(sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))))


def same_instant(a: datetime, b: datetime) -> bool:
    """Whether two dates name the same moment; with a zone on one side only, the wall clocks are compared (as veraPDF does)."""
    if (a.tzinfo is None) != (b.tzinfo is None):
        return a.replace(tzinfo=None) == b.replace(tzinfo=None)
    return a == b


def pdf_date(moment: datetime) -> str:
    """A PDF date string ``D:20250312101500+01'00'`` (a moment without zone is taken as UTC)."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{sign}{minutes // 60:02d}'{minutes % 60:02d}'"


def xmp_date(moment: datetime) -> str:
    """An XMP date ``2025-03-12T10:15:00+01:00`` (a moment without zone is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")
