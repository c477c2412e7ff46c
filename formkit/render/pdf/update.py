"""Appending an incremental update to a PDF: changed objects in an object stream, a cross-reference stream.

The trailer keys of the update (/Root, /Info, /ID) come from the base file;
/Prev points at the base's cross-reference so every reader sees the base's
objects and the update's replacements (ISO 32000-1, 7.5.6).
"""

from __future__ import annotations

import struct
import zlib


def append_update(base: bytes, startxref: int, trailer_tail: bytes, objects: list[tuple[int, bytes]], size: int) -> bytes:
    """base followed by an incremental update holding objects (numbered bodies); size is the first free number."""
    gap = base_gap(base)
    return b"".join((base, gap, update_section(len(base) + len(gap), startxref, trailer_tail, objects, size)))


def base_gap(base: bytes) -> bytes:
    """What goes between a file and its update: a newline, unless the file ends with one."""
    return b"" if base.endswith(b"\n") else b"\n"


def update_section(at: int, startxref: int, trailer_tail: bytes, objects: list[tuple[int, bytes]], size: int) -> bytes:
    """The incremental update holding *objects* (numbered bodies), to be written at offset *at* of the file.

    Dictionaries (filled fields, fonts) go into one compressed object
    stream and the update's cross-reference is a stream too (PDF 1.5):
    the dictionaries shrink to about a sixth of their plain size. *size* is
    the first free object number; *startxref* the base's cross-reference.
    """
    out = bytearray()
    packed = [(num, body) for num, body in objects if not body.endswith(b"endstream")]
    direct = [(num, body) for num, body in objects if body.endswith(b"endstream")]
    objstm_num, xref_num = size, size + 1
    entries: dict[int, bytes] = {}
    for num, body in direct:
        entries[num] = struct.pack(">BIH", 1, at + len(out), 0)
        out += b"%d 0 obj\n" % num
        out += body
        out += b"\nendobj\n"
    header, data = bytearray(), bytearray()
    for index, (num, body) in enumerate(packed):
        header += b"%d %d " % (num, len(data))
        data += body + b"\n"
        entries[num] = struct.pack(">BIH", 2, objstm_num, index)
    stream = zlib.compress(bytes(header) + bytes(data), 1)  # level 1: most of the size for a fraction of the time
    entries[objstm_num] = struct.pack(">BIH", 1, at + len(out), 0)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        objstm_num,
        len(packed),
        len(header),
        len(stream),
    )
    out += stream + b"\nendstream\nendobj\n"
    xref_at = at + len(out)
    entries[xref_num] = struct.pack(">BIH", 1, xref_at, 0)
    index_parts: list[bytes] = []
    rows = bytearray()
    nums = sorted(entries)
    first = 0
    while first < len(nums):
        last = first
        while last + 1 < len(nums) and nums[last + 1] == nums[last] + 1:
            last += 1
        index_parts.append(b"%d %d" % (nums[first], last - first + 1))
        for num in nums[first : last + 1]:
            rows += entries[num]
        first = last + 1
    table = zlib.compress(bytes(rows), 6)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%s] /Prev %d " % (
        xref_num,
        xref_num + 1,
        b" ".join(index_parts),
        startxref,
    )
    out += trailer_tail + b" /Filter /FlateDecode /Length %d >>\nstream\n" % len(table)
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)
