"""The conformance check behind ``formkit check-pdf``: the PDF/A-2 (levels b, u, a) and PDF/UA-1 rules that apply to forms.

There is no veraPDF here, so formkit checks the rules itself, chosen from
ISO 19005-2 and veraPDF's published rule list for the PDF/A-2 and PDF/UA-1
profiles (rule ids are formkit's own, every finding names its clause). The
rules live in :mod:`formkit.pdfio.conformance`, one module per part:
``structure`` (file structure, catalog, actions, every object), ``metadata``
(XMP, identification, extension schemas, Info), ``colour`` (output intent,
device colour, transparency), ``content`` (pages, content streams,
annotations, AcroForm), ``fonts`` (embedding, widths, Unicode) and ``ua``
(structure tree). The README lists what is checked and what is not.

Which rules apply: the PDF/A-2 rules to a file that claims PDF/A, and to one
that claims neither PDF/A nor PDF/UA (a missing or different pdfaid claim is
itself an error: "can this be archived?"); the level U/A rules (Unicode for
every glyph shown) when the XMP claims level U or A; the PDF/UA-1 rules when
the XMP claims pdfuaid:part or when ``ua=True`` (never with ``ua=False``). A
file that claims PDF/UA and not PDF/A (formkit's fillable forms) is judged as
PDF/UA-1 alone: the rules only PDF/A makes (:data:`PDFA_ONLY`) are left out,
while those PDF/UA-1 shares with it (fonts embedded, widths, Unicode values,
no .notdef, metadata stream, language) stay.

A finding's message holds object and page numbers, resource and field names
and the standard's terms — never text shown on a page nor a field's value.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from formkit.i18n import DEFAULT_LANGUAGE, language_of
from formkit.log import log
from formkit.pdfio.conformance import colour, content, fonts, metadata, structure, ua
from formkit.pdfio.conformance.base import A2, ERROR, PDF17, UA1, Checker, Finding, Severity, get
from formkit.pdfio.conformance.xmp import NS_DC, NS_PDFAID, NS_PDFUAID
from formkit.pdfio.safety import quiet_pypdf, read_pdf_bytes

__all__ = ["PDFA_ONLY", "CheckResult", "Finding", "Severity", "check_path", "check_pdf"]

PDFA_ONLY = frozenset(
    {
        # identification, extension schemas and Info of PDF/A (6.6)
        "pdfa-id-missing", "pdfa-id-part", "pdfa-id-conformance", "pdfa-id-prefix", "pdfa-level-a-tagged",
        "xmp-extension-schema", "xmp-undefined-property", "xmp-value-type", "xmp-packet-header",
        "info-xmp-mismatch", "info-date-syntax",
        # file structure and implementation limits (6.1)
        "header", "header-binary", "eof", "trailer-id", "filter", "external-stream", "permissions", "requirements",
        "limit-integer", "limit-real", "limit-string", "limit-name", "limit-page-size",
        # colour and graphics (6.2.3-6.2.10)
        "output-intent", "output-intent-missing", "output-intent-profile", "blend-mode", "transparency-group",
        "extgstate-halftone", "extgstate-transfer", "rendering-intent", "image", "image-interpolate",
        "reference-xobject", "xobject-postscript", "font-unused-not-embedded",
        # annotations, forms, actions, embedded files (6.3-6.10)
        "annotation-type", "annotation-flags", "annotation-appearance", "need-appearances",
        "action-forbidden", "action-remote", "additional-actions", "field-actions", "widget-actions", "javascript",
        "embedded-file", "alternate-presentations", "optional-content",
    }
)  # fmt: skip
"""Rules of PDF/A-2 that PDF/UA-1 does not make: a file claiming only PDF/UA is not judged by them."""


@dataclass(frozen=True)
class CheckResult:
    """The findings on one file, the standard they were judged against, and the language to report them in."""

    findings: list[Finding]
    standard: str
    """What the rules applied were: ``PDF/A-2u``, ``PDF/A-2b``, ``PDF/A-2b + PDF/UA-1`` … (level B when nothing is claimed)."""
    language: str
    """The catalogue language of the file (its /Lang: bokmål for Norwegian, else Swedish)."""

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    @property
    def conforms(self) -> bool:
        """No error among the findings (warnings allowed)."""
        return self.errors == 0

    @property
    def rules(self) -> set[str]:
        """The rules with an error."""
        return {f.rule for f in self.findings if f.severity == ERROR}


def check_pdf(data: bytes, *, ua: bool | None = None) -> CheckResult:
    """Every rule formkit checks, on one PDF; it conforms to them when no finding is an error.

    ``ua`` forces the PDF/UA-1 rules on (True) or off (False); by default they
    apply when the XMP metadata claims PDF/UA. A file pypdf cannot parse gives
    the finding ``pdf-unreadable``, never an exception.
    """
    c = Checker(data, ua)
    with quiet_pypdf(), _quiet_fonttools():
        findings = _run(c)
    if c.pdfa:
        standard = f"PDF/A-2{c.level.lower()}" + (" + PDF/UA-1" if c.ua else "")
    else:
        standard = "PDF/UA-1"
        findings = [f for f in findings if f.rule not in PDFA_ONLY]
    return CheckResult(findings, standard, c.language)


def check_path(path: Path, *, ua: bool | None = None) -> CheckResult:
    """:func:`check_pdf` on a file; PdfError when it cannot be read, is no PDF or is larger than a form can be."""
    return check_pdf(read_pdf_bytes(path), ua=ua)


def _run(c: Checker) -> list[Finding]:
    structure.check_bytes(c)
    try:
        c.reader = PdfReader(io.BytesIO(c.data), strict=False)
        encrypted = c.reader.is_encrypted
    except Exception as exc:  # pypdf raises many kinds on a broken file
        c.error("pdf-unreadable", f"{PDF17} 7.5", "check.unreadable", kind=exc.__class__.__name__)
        return c.findings()
    if encrypted:
        c.error("encrypted", f"{A2} 6.1.3", "check.encrypted")
        c.ua = bool(c.ua_request)
        permissions = get(get(c.reader.trailer, "/Encrypt"), "/P")
        if c.ua and not (isinstance(permissions, int) and permissions & 512):
            c.error("ua-encryption-access", f"{UA1} 7.16", "check.ua_encryption")
        return c.findings()  # nothing else can be read without the password
    try:
        root = get(c.reader.trailer, "/Root")
    except Exception as exc:  # pypdf raises many kinds on a broken file
        c.error("pdf-unreadable", f"{PDF17} 7.5", "check.unreadable", kind=exc.__class__.__name__)
        return c.findings()
    if not isinstance(root, DictionaryObject):
        c.error("pdf-unreadable", f"{PDF17} 7.5.5", "check.no_catalog")
        return c.findings()
    try:
        _check_document(c, root)
    except RecursionError:
        c.error("pdf-unreadable", f"{PDF17} 7.3", "check.too_deep")
    except Exception as exc:  # a damaged object deep inside: pypdf raises many kinds; the findings so far stand
        log.debug("check-pdf stopped on %s", exc.__class__.__name__)
        c.error("pdf-unreadable", f"{PDF17} 7.3", "check.unreadable", kind=exc.__class__.__name__)
    return c.findings()


def _check_document(c: Checker, root: DictionaryObject) -> None:
    lang = get(root, "/Lang")
    c.language = language_of(str(lang)) if lang is not None else DEFAULT_LANGUAGE
    structure.check_trailer(c)
    xmp = metadata.read_metadata(c, root)
    claims_ua = bool(xmp and (NS_PDFUAID, "part") in xmp.properties)
    c.ua = c.ua_request if c.ua_request is not None else claims_ua
    c.pdfa = not (c.ua and claims_ua and xmp is not None and xmp.text(NS_PDFAID, "part") is None)
    if xmp is not None:
        metadata.check_identification(c, xmp)
        metadata.check_info(c, xmp)
    structure.check_catalog(c, root)
    if c.ua and xmp is not None and not (xmp.lang_alt(NS_DC, "title") or xmp.text(NS_DC, "title")):
        c.error("ua-title", f"{UA1} 7.1", "check.ua_title")
    intent_space = colour.check_output_intents(c, root)
    structure.walk(c)
    pages = list(c.reader.pages)
    for index, page in enumerate(pages):
        content.check_page(c, page, index)
    content.check_acroform(c, root)
    fonts.check_fonts(c)
    colour.check_colour(c, intent_space, pages)
    if c.ua:
        ua.check_structure(c, root, pages)


@contextlib.contextmanager
def _quiet_fonttools() -> Iterator[None]:
    """fontTools logs about the tables it meets; the findings say what matters."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)
