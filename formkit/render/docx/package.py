"""A .docx as a zip package: reading a template safely, and writing many documents from one with precomputed zip entries.

Writing: the unchanged members are compressed once, with their local headers
and central directory entries; a document's package is those bytes, each
changed part behind a copy of its precomputed local header with the CRC and
sizes filled in, and the central directory — the bytes :mod:`zipfile`
writes, without reading the static part's directory back for every document.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from formkit.errors import TemplateError
from formkit.render.deflate import raw_deflate

_REL_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_FURNITURE_RELS = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer",
}
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
"""A template larger than this (uncompressed) is refused: templates are small; this is a zip-bomb guard."""
XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


def rels_name(part: str) -> str:
    """The relationship part of *part* (``word/document.xml`` -> ``word/_rels/document.xml.rels``)."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def member_of(rels: str, target: str) -> str:
    """The member a relationship *target* in the relationship part *rels* names (absolute, or from its part's folder)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(posixpath.dirname(rels)), target))


def _rels_targets(members: Mapping[str, bytes], rels_name: str) -> list[tuple[str, str]]:
    """``(type, member name)`` of each internal relationship in *rels_name*."""
    raw = members.get(rels_name)
    if raw is None:
        return []
    try:
        root = etree.fromstring(raw)
    except etree.XMLSyntaxError as exc:
        raise TemplateError("template.bad_rels", part=rels_name) from exc
    found = []
    for rel in root.iter(f"{_RELS_NS}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        found.append((rel.get("Type", ""), member_of(rels_name, rel.get("Target", ""))))
    return found


def main_part(members: Mapping[str, bytes]) -> str:
    """The main document's member name (``word/document.xml``); TemplateError when the package has none."""
    main = [name for kind, name in _rels_targets(members, "_rels/.rels") if kind == _REL_OFFICE_DOCUMENT]
    if not main or main[0] not in members:
        raise TemplateError("template.no_main")
    return main[0]


def templated_parts(members: Mapping[str, bytes]) -> list[str]:
    """The main document, then its headers and footers (the parts formkit writes into)."""
    main = main_part(members)
    extra = [name for kind, name in _rels_targets(members, rels_name(main)) if kind in _FURNITURE_RELS and name in members]
    return [main, *extra]


def read_package(path: Path, data: bytes | None = None) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    """Every member of a .docx (the file *path*, or its bytes *data*), refusing what is not a zip or unpacks too large."""
    try:
        with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as package:
            infos = package.infolist()
            if sum(info.file_size for info in infos) > MAX_TEMPLATE_BYTES:
                raise TemplateError("template.too_big", path=path.name, limit=MAX_TEMPLATE_BYTES)
            return infos, {info.filename: package.read(info) for info in infos}
    except (OSError, zipfile.BadZipFile) as exc:
        raise TemplateError("template.unreadable", path=path.name, kind=exc.__class__.__name__) from exc


def _member(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    member = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = info.external_attr
    return member


_CRC_AND_SIZES = struct.Struct("<LLL")
# Where CRC-32, compressed and uncompressed size sit in a local file header and a central directory
# entry, and where the entry's local header offset sits (PKWARE APPNOTE 4.3.7 and 4.3.12).
_LOCAL_CRC_AT, _CENTRAL_CRC_AT, _CENTRAL_OFFSET_AT = 14, 16, 42
_LOCAL_FIXED, _CENTRAL_FIXED = 30, 46
_OFFSET = struct.Struct("<L")
_END = struct.Struct("<4s4H2LH")  # end of central directory record (APPNOTE 4.3.16), no comment
_END_SIGNATURE = b"PK\x05\x06"
_COMPRESS_LEVEL = 1
"""Fast deflate for the written parts: a document's XML compresses about as well at 1 as at 6."""
_PLAIN_ZIP_LIMIT = 1 << 31
"""A part this large would need zip64, which the precomputed headers do not write (never for a form)."""


def _directory(package: bytes) -> tuple[int, int, int]:
    """(entries, central directory size, its offset) from the end record of a zip written by zipfile (no comment)."""
    _signature, _disk, _start, _here, entries, size, offset, _comment = _END.unpack(package[-_END.size :])
    return entries, size, offset


def _end(entries: int, size: int, offset: int) -> bytes:
    return _END.pack(_END_SIGNATURE, 0, 0, entries, entries, size, offset, 0)


def _entry_bytes(info: zipfile.ZipInfo) -> tuple[bytes, bytes]:
    """The local header and central directory entry zipfile writes for *info* (CRC, sizes, offset zero)."""
    scratch = io.BytesIO()
    with zipfile.ZipFile(scratch, "w") as package:
        package.writestr(info, b"", compresslevel=_COMPRESS_LEVEL)
    data = scratch.getvalue()
    _count, size, offset = _directory(data)
    central = bytearray(data[offset : offset + size])
    local = bytearray(data[: _LOCAL_FIXED + len(central) - _CENTRAL_FIXED])  # the same name and extra follow both
    _CRC_AND_SIZES.pack_into(local, _LOCAL_CRC_AT, 0, 0, 0)
    _CRC_AND_SIZES.pack_into(central, _CENTRAL_CRC_AT, 0, 0, 0)
    return bytes(local), bytes(central)


class PackageWriter:
    """A package whose *static* members are zipped once and whose *written* parts change per document."""

    def __init__(self, infos: list[zipfile.ZipInfo], members: Mapping[str, bytes], written: list[str]) -> None:
        # Members keep the template's timestamps, so the same document always gives the same bytes.
        self._infos = {info.filename: _member(info) for info in infos}
        for name in written:
            self._infos.setdefault(name, _member(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))))
        self.written = written
        self._entries = [_entry_bytes(self._infos[name]) for name in written]
        static = io.BytesIO()
        with zipfile.ZipFile(static, "w") as package:
            for info in infos:
                if info.filename not in written:
                    package.writestr(self._infos[info.filename], members[info.filename])
        data = static.getvalue()
        self._static_count, size, offset = _directory(data)
        self._static_local = data[:offset]
        self._static_central = data[offset : offset + size]

    def write(self, parts: list[bytes]) -> bytes:
        """The package with *parts* (in the order of ``written``) as its changing members."""
        if any(len(xml) >= _PLAIN_ZIP_LIMIT for xml in parts):
            return self._write_with_zipfile(parts)
        pieces: list[bytes | bytearray] = [self._static_local]
        central: list[bytes | bytearray] = [self._static_central]
        offset = len(self._static_local)
        for xml, (local_header, central_entry) in zip(parts, self._entries, strict=True):
            packed = raw_deflate(xml)
            crc = zlib.crc32(xml)
            local = bytearray(local_header)
            _CRC_AND_SIZES.pack_into(local, _LOCAL_CRC_AT, crc, len(packed), len(xml))
            entry = bytearray(central_entry)
            _CRC_AND_SIZES.pack_into(entry, _CENTRAL_CRC_AT, crc, len(packed), len(xml))
            _OFFSET.pack_into(entry, _CENTRAL_OFFSET_AT, offset)
            pieces += (local, packed)
            central.append(entry)
            offset += len(local) + len(packed)
        directory = b"".join(central)
        return b"".join([*pieces, directory, _end(self._static_count + len(parts), len(directory), offset)])

    def _write_with_zipfile(self, parts: list[bytes]) -> bytes:
        """The package written by zipfile itself, which knows zip64 (a part over 2 GiB)."""
        static = self._static_local + self._static_central
        out = io.BytesIO(static + _end(self._static_count, len(self._static_central), len(self._static_local)))
        out.seek(0, io.SEEK_END)
        with zipfile.ZipFile(out, "a") as package:
            for name, xml in zip(self.written, parts, strict=True):
                package.writestr(self._infos[name], xml, compresslevel=_COMPRESS_LEVEL)
        return out.getvalue()


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_paragraphs(data: bytes) -> list[str]:
    """The text of every paragraph of a .docx's document, headers and footers, in order.

    A line break reads as ``\\n`` and a tab as ``\\t``; table cells are paragraphs
    too. This is what a person sees, used for golden files and comparisons.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = {name: package.read(name) for name in package.namelist() if name.endswith((".xml", ".rels"))}
    texts: list[str] = []
    for name in templated_parts(members):
        for paragraph in etree.fromstring(members[name]).iter(f"{_W}p"):
            pieces = []
            for node in paragraph.iter(f"{_W}t", f"{_W}br", f"{_W}tab", f"{_W}instrText"):
                if node.tag == f"{_W}t":
                    pieces.append(node.text or "")
                elif node.tag == f"{_W}br":
                    pieces.append("\n")
                elif node.tag == f"{_W}tab" and node.getparent().tag == f"{_W}r":  # not a tab stop
                    pieces.append("\t")
            texts.append("".join(pieces))
    return texts
