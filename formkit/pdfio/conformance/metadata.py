"""Metadata rules (ISO 19005-2 6.6, ISO 14289-1 5 and 7.1): the XMP stream, PDF/A and PDF/UA identification, schemas, Info."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from pypdf.generic import DictionaryObject, StreamObject

from formkit.i18n import message
from formkit.pdfio.conformance.base import A2, PDF17, UA1, Checker, get, name
from formkit.pdfio.conformance.xmp import (
    EXTENSION_NAMESPACES,
    NS_DC,
    NS_EXT,
    NS_PDF,
    NS_PDFAID,
    NS_PDFUAID,
    NS_PROPERTY,
    NS_RDF,
    NS_SCHEMA,
    NS_TYPE,
    NS_XMP,
    PREDEFINED,
    VALUE_TYPES,
    Xmp,
    XmpSyntaxError,
    field_text,
    parse_pdf_date,
    parse_xmp,
    parse_xmp_date,
    same_instant,
    seq_items,
    struct_fields,
)

_CONTAINER_OF = {
    (NS_DC, "title"): "Alt", (NS_DC, "description"): "Alt", (NS_DC, "rights"): "Alt",
    (NS_DC, "creator"): "Seq", (NS_DC, "subject"): "Bag", (NS_DC, "language"): "Bag",
    (NS_DC, "contributor"): "Bag", (NS_DC, "publisher"): "Bag", (NS_DC, "date"): "Seq",
}  # fmt: skip
"""The rdf container the common Dublin Core properties must use."""
INFO_CLAUSE = "ISO 19005-1:2005 6.7.3"
"""Info and XMP must agree: demanded by PDF/A-1, kept as advice here (PDF/A-2 has no such test)."""


def read_metadata(c: Checker, root: DictionaryObject) -> Xmp | None:
    """The catalog's XMP packet, after checking the stream it is in (6.6.2.1); None when there is none to read."""
    clause = f"{A2} 6.6.2.1"
    stream = get(root, "/Metadata")
    if not isinstance(stream, StreamObject):
        c.error("xmp-missing", clause, "check.xmp_missing")
        if c.ua_request:
            c.error("ua-metadata", f"{UA1} 7.1", "check.xmp_missing")
        return None
    if name(stream.get("/Type")) != "Metadata" or name(stream.get("/Subtype")) != "XML":
        c.error("xmp-stream", clause, "check.xmp_stream")
    try:
        packet = stream.get_data()
    except Exception as exc:  # pypdf raises many kinds on a broken stream
        c.error("xmp-syntax", clause, "check.xmp_undecodable", kind=exc.__class__.__name__)
        return None
    header = re.search(rb"<\?xpacket\s+begin=([^?]*)\?>", packet)
    for attribute in ("bytes", "encoding"):
        if header and re.search(rb"\b" + attribute.encode() + rb"\s*=", header.group(1)):
            c.error("xmp-packet-header", clause, "check.xmp_packet_header", attribute=attribute)
    try:
        return parse_xmp(packet)
    except XmpSyntaxError as exc:
        c.error("xmp-syntax", clause, "check.xmp_syntax", reason=message(exc.reason))
        return None


def check_identification(c: Checker, xmp: Xmp) -> None:
    """pdfaid (6.6.4) and, when the PDF/UA rules apply, pdfuaid (ISO 14289-1 5); sets the checker's level."""
    clause = f"{A2} 6.6.4"
    part = xmp.text(NS_PDFAID, "part")
    conformance = xmp.text(NS_PDFAID, "conformance")
    if part is None:
        c.error("pdfa-id-missing", clause, "check.pdfa_id_missing")
    elif part != "2":
        c.error("pdfa-id-part", clause, "check.pdfa_id_part", part=part)
    if part is not None:
        if conformance not in ("A", "B", "U"):
            c.error("pdfa-id-conformance", clause, "check.pdfa_id_conformance")
        else:
            c.level = conformance
    for prefix in sorted(xmp.prefixes.get(NS_PDFAID, set()) - {"pdfaid"}):
        c.error("pdfa-id-prefix", clause, "check.id_prefix", schema="PDF/A", prefix=prefix, wanted="pdfaid")
    if c.ua:
        ua_part = xmp.text(NS_PDFUAID, "part")
        if ua_part is None:
            c.error("ua-id-missing", f"{UA1} 5", "check.ua_id_missing")
        elif ua_part != "1":
            c.error("ua-id-part", f"{UA1} 5", "check.ua_id_part", part=ua_part)
        for prefix in sorted(xmp.prefixes.get(NS_PDFUAID, set()) - {"pdfuaid"}):
            c.error("ua-id-prefix", f"{UA1} 5", "check.id_prefix", schema="PDF/UA", prefix=prefix, wanted="pdfuaid")
    check_schemas(c, xmp)


def check_schemas(c: Checker, xmp: Xmp) -> None:
    """Every property is predefined or declared in an extension schema, with the value type it must have (6.6.2.3.1)."""
    clause = f"{A2} 6.6.2.3.1"
    declared = extension_schemas(c, xmp)
    for ns, local in xmp.properties:
        known = PREDEFINED.get(ns)
        if known is not None:
            if local not in known:
                c.error("xmp-undefined-property", clause, "check.xmp_not_predefined", property=local, namespace=ns)
        elif ns in declared:
            if local not in declared[ns]:
                c.error("xmp-undefined-property", clause, "check.xmp_not_declared", property=local, namespace=ns)
        elif ns not in EXTENSION_NAMESPACES:
            c.error("xmp-undefined-property", clause, "check.xmp_unknown_namespace", property=local, namespace=ns)
    for (ns, local), kind in _CONTAINER_OF.items():
        if (ns, local) in xmp.properties:
            found = xmp.container(ns, local)
            if found is None or found[0] != kind:
                c.error("xmp-value-type", clause, "check.xmp_container", property=f"dc:{local}", kind=f"rdf:{kind}")
    for local in ("CreateDate", "ModifyDate", "MetadataDate"):
        value = xmp.text(NS_XMP, local)
        if value is not None and parse_xmp_date(value) is None:
            c.error("xmp-value-type", clause, "check.xmp_not_date", property=f"xmp:{local}")
    part = xmp.text(NS_PDFAID, "part")
    if part is not None and not part.isdigit():
        c.error("xmp-value-type", clause, "check.xmp_not_integer", property="pdfaid:part")


def extension_schemas(c: Checker, xmp: Xmp) -> dict[str, set[str]]:
    """Namespace -> property names declared in pdfaExtension:schemas, reporting malformed declarations (6.6.2.3.3)."""
    clause = f"{A2} 6.6.2.3.3"
    declared: dict[str, set[str]] = {}
    value = xmp.properties.get((NS_EXT, "schemas"))
    if value is None:
        return declared
    bag = value.find(f"{{{NS_RDF}}}Bag") if isinstance(value, ET.Element) else None
    if bag is None:
        c.error("xmp-extension-schema", clause, "check.ext_not_bag")
        return declared
    for prefix in sorted(xmp.prefixes.get(NS_EXT, set()) - {"pdfaExtension"}):
        c.error("xmp-extension-schema", clause, "check.id_prefix", schema="pdfaExtension", prefix=prefix, wanted="pdfaExtension")
    for item in bag.findall(f"{{{NS_RDF}}}li"):
        fields = struct_fields(item)
        for needed in ("schema", "namespaceURI", "prefix"):
            if field_text(fields.get((NS_SCHEMA, needed))) is None:
                c.error("xmp-extension-schema", clause, "check.ext_lacks", field=f"pdfaSchema:{needed}")
        uri = field_text(fields.get((NS_SCHEMA, "namespaceURI")))
        if not uri:
            continue
        names = declared.setdefault(uri, set())
        types = {
            field_text(struct_fields(t).get((NS_TYPE, "type"))) for t in seq_items(fields.get((NS_SCHEMA, "valueType"))) or []
        }
        properties = fields.get((NS_SCHEMA, "property"))
        if properties is not None and seq_items(properties) is None:
            c.error("xmp-extension-schema", clause, "check.ext_not_seq")
        for declaration in seq_items(properties) or []:
            parts = struct_fields(declaration)
            for needed in ("name", "valueType", "category", "description"):
                if field_text(parts.get((NS_PROPERTY, needed))) is None:
                    c.error("xmp-extension-schema", clause, "check.ext_lacks", field=f"pdfaProperty:{needed}")
            category = field_text(parts.get((NS_PROPERTY, "category")))
            if category is not None and category not in ("internal", "external"):
                c.error("xmp-extension-schema", clause, "check.ext_category")
            value_type = field_text(parts.get((NS_PROPERTY, "valueType")))
            if value_type and value_type not in VALUE_TYPES and value_type not in types:
                c.error("xmp-extension-schema", clause, "check.ext_value_type", value_type=value_type)
            declared_name = field_text(parts.get((NS_PROPERTY, "name")))
            if declared_name:
                names.add(declared_name)
    return declared


def check_info(c: Checker, xmp: Xmp) -> None:
    """Info entries against their XMP twins (a warning: readers that show one or the other would disagree)."""
    info = get(c.reader.trailer, "/Info")
    if not isinstance(info, dict):
        return
    title = xmp.lang_alt(NS_DC, "title") or {}
    description = xmp.lang_alt(NS_DC, "description") or {}
    creators = xmp.items(NS_DC, "creator") or []
    pairs: list[tuple[str, str | None, str]] = [
        ("/Title", title.get("x-default"), "dc:title['x-default']"),
        ("/Subject", description.get("x-default"), "dc:description['x-default']"),
        ("/Author", creators[0] if len(creators) == 1 else None, "dc:creator"),
        ("/Keywords", xmp.text(NS_PDF, "Keywords"), "pdf:Keywords"),
        ("/Creator", xmp.text(NS_XMP, "CreatorTool"), "xmp:CreatorTool"),
        ("/Producer", xmp.text(NS_PDF, "Producer"), "pdf:Producer"),
    ]
    for key, xmp_value, xmp_name in pairs:
        value = get(info, key)
        if value is not None and (xmp_value is None or str(value) != xmp_value):
            # Neither value is quoted: a title may in principle carry a name.
            c.warning("info-xmp-mismatch", INFO_CLAUSE, "check.info_mismatch", key=key, property=xmp_name)
    for key, local in (("/CreationDate", "CreateDate"), ("/ModDate", "ModifyDate")):
        value = get(info, key)
        if value is None:
            continue
        info_date = parse_pdf_date(str(value))
        xmp_text = xmp.text(NS_XMP, local)
        xmp_moment = parse_xmp_date(xmp_text) if xmp_text else None
        if info_date is None:
            c.error("info-date-syntax", f"{PDF17} 7.9.4", "check.info_date", key=key)
        elif xmp_moment is None or not same_instant(info_date, xmp_moment):
            c.warning("info-xmp-mismatch", INFO_CLAUSE, "check.info_mismatch", key=key, property=f"xmp:{local}")
