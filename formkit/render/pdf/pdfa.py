"""What makes a PDF a PDF/A-2 archival copy, whoever laid it out: XMP, Info, sRGB output intent, /Lang, a checked rewrite.

:func:`finish_pdfa` is the last step of both archival copies (formkit's own
flattened PDF, :mod:`formkit.render.pdf.archive`, and LibreOffice's export of
a Word document, :mod:`formkit.render.docx.archive`). The metadata describe
the form, never the record: title, form id and version, language, creation
time, formkit's version. The file identifier is random, since one derived
from the content could confirm a guessed personnummer.
"""

from __future__ import annotations

import io
import secrets
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING

from formkit import __version__
from formkit.errors import RenderError
from formkit.i18n import LOCALES, language_of
from formkit.model.catalog import Form
from formkit.pdfio.info import FORM_KEY, FORM_VERSION_KEY, FORMKIT_VERSION_KEY
from formkit.textclean import xml_escape as escape

# pypdf, Pillow and the PDF/A checker are loaded when an archival copy is made, not when a copy is filled
# (filling writes its metadata with xmp_packet alone).
if TYPE_CHECKING:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject

XMP_NS = "urn:uuid:b07289d2-2318-4445-8da1-9acd4f45f4e6#"
"""The namespace of formkit's own XMP properties (prefix ``formkit``).

A UUID URN (RFC 9562, RFC 8141) is unique without owning a domain and never
resolves to anything that could change; it was drawn once and must never
change, since archived files carry it. The packet declares it as a PDF/A
extension schema, as ISO 19005-2 6.6.2.3 requires for any property outside
the predefined schemas.
"""
XMP_PREFIX = "formkit"
PDF_HEADER = "%PDF-1.7"


@dataclass(frozen=True)
class ArchiveMetadata:
    """What an archival copy says about itself: the form, never the record."""

    title: str
    description: str
    language: str
    """The language tag (``sv-SE``, ``nb-NO``), for /Lang and dc:language."""
    form_id: str
    form_version: str
    created: datetime | None
    """When the copy was made; None for a template (which then carries no dates, and builds reproducibly)."""
    formkit_version: str = __version__
    """Empty for a template: it would otherwise look outdated after every release without having changed."""

    @classmethod
    def of(cls, form: Form, created: datetime | None = None) -> ArchiveMetadata:
        """The metadata of an archival copy of *form*, made at *created* (default: now; a time without zone is UTC)."""
        moment = (created or datetime.now(UTC)).replace(microsecond=0)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return cls(form.title, form.full_title, LOCALES[language_of(form.language)], form.id, form.version, moment)

    @classmethod
    def of_template(cls, form: Form) -> ArchiveMetadata:
        """What a fillable template says about itself: the form, its language and version; no dates."""
        return cls(form.title, form.full_title, LOCALES[language_of(form.language)], form.id, form.version, None, "")

    @property
    def creator_tool(self) -> str:
        return f"formkit {self.formkit_version}" if self.formkit_version else "formkit"


_EXTENSION_SCHEMA = f"""   <pdfaExtension:schemas>
    <rdf:Bag>{{ua_schema}}
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>formkit form identification</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>{XMP_NS}</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>{XMP_PREFIX}</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
{{properties}}
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>"""
_UA_SCHEMA = """
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>"""
"""PDF/A-2 does not predefine the PDF/UA identification schema: a file claiming both declares it (ISO 19005-2 6.6.2.3)."""
_PROPERTIES = (
    ("formId", "the id of the formkit form (its JSON Schema) the document was filled from"),
    ("formVersion", "the version of that form"),
    ("formkitVersion", "the version of formkit that made this archival copy"),
)


def xmp_packet(meta: ArchiveMetadata, conformance: str | None, producer: str, *, ua: bool = False) -> bytes:
    """The XMP packet: PDF/A identification, Dublin Core, dates and tools, formkit's properties with their declaration.

    With *ua*, also the PDF/UA-1 identification (pdfuaid:part 1) and its extension schema.
    With *conformance* None, no PDF/A identification (a fillable form: see
    :func:`formkit.render.pdf.template.build_pdf_template_and_layout`).
    """
    properties = "\n".join(
        f"""        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>{name}</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>{description}</pdfaProperty:description>
        </rdf:li>"""
        for name, description in _PROPERTIES
    )
    e = escape
    dates = ""
    if meta.created is not None:
        from formkit.pdfio.conformance.xmp import xmp_date

        date = xmp_date(meta.created)
        dates = f"""
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>"""
    tag = f"{XMP_PREFIX}:formkitVersion"
    version = f"\n   <{tag}>{e(meta.formkit_version)}</{tag}>" if meta.formkit_version else ""
    ua_id = (
        """
  <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>"""
        if ua
        else ""
    )
    pdfa_id = (
        f"""
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>{conformance}</pdfaid:conformance>
  </rdf:Description>"""
        if conformance is not None
        else ""
    )
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
{_EXTENSION_SCHEMA.format(properties=properties, ua_schema=_UA_SCHEMA if ua else "")}
  </rdf:Description>{pdfa_id}{ua_id}
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.description)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{e(meta.language)}</rdf:li></rdf:Bag></dc:language>
   <dc:format>application/pdf</dc:format>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">{dates}
   <xmp:CreatorTool>{e(meta.creator_tool)}</xmp:CreatorTool>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>{e(producer)}</pdf:Producer>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:{XMP_PREFIX}="{XMP_NS}">
   <{XMP_PREFIX}:formId>{e(meta.form_id)}</{XMP_PREFIX}:formId>
   <{XMP_PREFIX}:formVersion>{e(meta.form_version)}</{XMP_PREFIX}:formVersion>{version}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


@cache
def srgb_profile() -> bytes:
    """littleCMS's built-in sRGB profile (through Pillow), checked to be what PDF/A-2 accepts: ICC v2 or v4, mntr, RGB."""
    from PIL import ImageCms

    from formkit.pdfio.conformance.base import icc_header

    built: bytes = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    # The header's creation time (bytes 24-35) is the moment littleCMS built the profile: fixed here, to the
    # publication date of IEC 61966-2-1, so the same profile is the same bytes and templates build reproducibly.
    # (The profile ID, bytes 84-99, an MD5 that would cover the date, is left zero by littleCMS: none to update.)
    profile = built[:24] + struct.pack(">6H", 1999, 10, 18, 0, 0, 0) + built[36:]
    header = icc_header(profile)
    if header is None or not 2 <= header[0] < 5 or header[1] != b"mntr" or header[2] != b"RGB " or any(profile[84:100]):
        raise RuntimeError("Pillow's sRGB profile is not an ICC v2/v4 RGB monitor profile without a profile ID")
    return profile


def _output_intent(writer: PdfWriter) -> DictionaryObject:
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    profile = DecodedStreamObject()
    profile.set_data(srgb_profile())
    profile[NameObject("/N")] = NumberObject(3)
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/OutputConditionIdentifier"): TextStringObject("sRGB IEC61966-2.1"),
            NameObject("/RegistryName"): TextStringObject("http://www.color.org"),
            NameObject("/Info"): TextStringObject("sRGB IEC61966-2.1 (littleCMS built-in profile)"),
            # pypdf has no public call to add an indirect object; _add_object is what its own documentation uses.
            NameObject("/DestOutputProfile"): writer._add_object(profile.flate_encode()),
        }
    )


def describe(writer: PdfWriter, meta: ArchiveMetadata, producer: str) -> DecodedStreamObject:
    """Set /Lang, /DisplayDocTitle, the sRGB output intent and Info (replacing the old); add an empty XMP stream.

    The caller fills the returned stream with :func:`xmp_packet` once it knows
    the conformance level (Info and XMP say the same: title, subject, tools).
    """
    from pypdf.generic import ArrayObject, BooleanObject, DecodedStreamObject, DictionaryObject, NameObject, TextStringObject

    from formkit.pdfio.conformance.xmp import pdf_date

    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject(meta.language)
    preferences = root.get("/ViewerPreferences")
    preferences = preferences.get_object() if preferences is not None else DictionaryObject()
    preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = preferences
    root[NameObject("/OutputIntents")] = ArrayObject([_output_intent(writer)])
    info = {  # replaces the old Info: what it said (an author, a template's dates) is not this copy's
        "/Title": meta.title,
        "/Subject": meta.description,
        "/Creator": meta.creator_tool,
        "/Producer": producer,
        FORM_KEY: meta.form_id,
        FORM_VERSION_KEY: meta.form_version,
    }
    if meta.formkit_version:
        info[FORMKIT_VERSION_KEY] = meta.formkit_version
    if meta.created is not None:
        info["/CreationDate"] = info["/ModDate"] = pdf_date(meta.created)
    writer.metadata = None
    writer.metadata = info
    metadata = DecodedStreamObject()
    metadata[NameObject("/Type")] = NameObject("/Metadata")
    metadata[NameObject("/Subtype")] = NameObject("/XML")
    metadata.set_data(b"<?xpacket pending?>")  # not empty, so it cannot be merged with some other empty stream
    root[NameObject("/Metadata")] = writer._add_object(metadata)
    writer.pdf_header = PDF_HEADER
    return metadata


def finish_pdfa(writer: PdfWriter, meta: ArchiveMetadata, name: str, *, ua: bool = True) -> bytes:
    """Make *writer*'s document a PDF/A-2 archival copy and return its bytes: level U when every glyph maps to Unicode, else B.

    Sets /Lang, /DisplayDocTitle, the sRGB output intent, Info and XMP (replacing
    whatever was there), drops objects nothing references, and writes the file
    in one revision. The result is checked (:func:`formkit.pdfio.check.check_pdf`):
    a copy that fails raises RenderError rather than being returned as one that
    only claims to be PDF/A. *name* labels the file in that error. A tagged
    document also claims PDF/UA-1 when it passes those rules, unless *ua* is False.
    """
    import pypdf
    from pypdf.generic import ArrayObject, ByteStringObject

    # The checker is loaded by archival copies only: a plain fill never needs it.
    from formkit.pdfio.check import check_pdf

    root = writer.root_object
    for key in ("/Version", "/PieceInfo", "/Perms", "/OutputIntents", "/Metadata"):
        if key in root:
            del root[key]
    writer.metadata = None
    # What nothing references any more goes now, before new objects arrive: merging a new object into an
    # identical old one that is then dropped as unreferenced would leave a dangling reference.
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    producer = f"{meta.creator_tool} (pypdf {pypdf.__version__})"
    metadata = describe(writer, meta, producer)
    identifier = ByteStringObject(secrets.token_bytes(16))
    writer._ID = ArrayObject([identifier, identifier])
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=False)

    # A tagged document (formkit's own forms are: their structure survives flattening) also
    # claims PDF/UA-1, and is checked against its rules; one that fails them claims PDF/A only.
    mark_info = root.get("/MarkInfo")
    tagged = ua and "/StructTreeRoot" in root and mark_info is not None and bool(mark_info.get_object().get("/Marked"))

    def render(conformance: str, claim_ua: bool) -> bytes:
        metadata.set_data(xmp_packet(meta, conformance, producer, ua=claim_ua))
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    def made(conformance: str) -> tuple[bytes, set[str]]:
        result = render(conformance, tagged)
        failed = check_pdf(result).rules
        if tagged and failed:
            untagged = render(conformance, False)
            if not check_pdf(untagged).rules:
                return untagged, set()
        return result, failed

    # Claim level U; when some glyph shown has no Unicode value, level B is what the file is.
    result, failed = made("U")
    if "tounicode" in failed:
        result, failed = made("B")
    if failed:
        raise RenderError("archive.check_failed", path=name, rules=", ".join(sorted(failed)))
    return result
