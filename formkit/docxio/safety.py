"""Opening untrusted Word documents: size and zip-bomb limits, no macros, no external links, no DTDs, DocxError only.

A filled form comes by mail from outside the organisation. Before any XML is
parsed, the package is checked as a zip: its size, the number of its parts,
each part's declared and real size and its compression ratio (a zip bomb
declares small sizes or packs a gigabyte of zeros into a kilobyte). Then it is
refused when it carries macros (a ``.docm``, a ``vbaProject.bin`` part, a
macro-enabled content type) or a relationship to something outside the file
that Word would load when opening it (a remote template, a linked image or
object: ``TargetMode="External"``). Hyperlinks are the one external
relationship allowed: Word turns a typed e-mail address or web address into
one, and opening the file loads nothing from it. XML is parsed by lxml with
entities unresolved, no DTD loaded and no network; a part that declares a DTD
is refused (Office never writes one).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from formkit.errors import DocxError
from formkit.i18n import os_reason

MAX_DOCX_BYTES = 16 * 1024 * 1024
"""Larger files are refused before opening: a filled form is a few hundred kilobytes."""
MAX_PART_BYTES = 32 * 1024 * 1024
"""No part may inflate to more than this (document.xml of a long form is well under a megabyte)."""
MAX_TOTAL_BYTES = 64 * 1024 * 1024
"""Nor all parts together."""
MAX_RATIO = 200
"""Text XML compresses 5 to 20 times; a part that inflates more than this (and past a megabyte) is a bomb."""
MAX_PARTS = 2_000

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_MACRO_TYPES = ("vbaProject", "macroEnabled", "vbaData", "ms-office.activeX")


@dataclass
class Package:
    """The parts of a checked Word package, read on demand within the limits."""

    name: str
    archive: zipfile.ZipFile

    def has(self, part: str) -> bool:
        return part in self.archive.NameToInfo

    def read(self, part: str) -> bytes:
        """A part's bytes, never more than MAX_PART_BYTES whatever its header declares."""
        info = self.archive.getinfo(part)
        with self.archive.open(info) as stream:
            data = stream.read(MAX_PART_BYTES + 1)
        if len(data) > MAX_PART_BYTES:
            raise DocxError("docx.too_large_part", path=self.name)
        return data

    def xml(self, part: str) -> Any:
        """A part parsed safely (no entities, no DTD, no network); DocxError when it is not well-formed XML."""
        data = self.read(part)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise DocxError("docx.entities", path=self.name)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        try:
            return etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise DocxError("docx.damaged", path=self.name) from exc


def read_docx_bytes(path: Path) -> bytes:
    """The bytes of a Word file, or DocxError when it is missing, unreadable, a .docm or too large."""
    if path.suffix.lower() in (".docm", ".dotm"):
        raise DocxError("docx.macros", path=path.name)
    try:
        size = path.stat().st_size
        if size > MAX_DOCX_BYTES:
            raise DocxError("docx.too_large", path=path.name, megabytes=MAX_DOCX_BYTES // (1024 * 1024))
        return path.read_bytes()
    except OSError as exc:
        raise DocxError("docx.unreadable", path=path.name, reason=os_reason(exc)) from exc


def open_docx(data: bytes, name: str) -> Package:
    """A Word package checked as the module says; DocxError for anything refused."""
    import io

    if len(data) > MAX_DOCX_BYTES:
        raise DocxError("docx.too_large", path=name, megabytes=MAX_DOCX_BYTES // (1024 * 1024))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DocxError("docx.not_docx", path=name) from exc
    if len(infos) > MAX_PARTS:
        raise DocxError("docx.bomb", path=name)
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES or (ratio > MAX_RATIO and info.file_size > 1 << 20):
            raise DocxError("docx.bomb", path=name)
        if info.flag_bits & 0x1:
            raise DocxError("docx.encrypted", path=name)
    package = Package(name, archive)
    if not package.has("[Content_Types].xml") or not package.has("word/document.xml"):
        raise DocxError("docx.not_docx", path=name)
    if any(part.lower().endswith(("vbaproject.bin", "vbadata.xml")) for part in archive.NameToInfo):
        raise DocxError("docx.macros", path=name)
    types = package.xml("[Content_Types].xml")
    for entry in types:
        content_type = str(entry.get("ContentType", ""))
        if any(marker in content_type for marker in _MACRO_TYPES):
            raise DocxError("docx.macros", path=name)
    for part in archive.NameToInfo:
        if part.endswith(".rels"):
            for rel in package.xml(part).iter(f"{{{_REL_NS}}}Relationship"):
                if rel.get("TargetMode") == "External" and rel.get("Type") != _HYPERLINK:
                    raise DocxError("docx.external", path=name)
    return package
