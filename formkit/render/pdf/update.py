"""Appending an incremental update to a PDF: changed objects in an object stream, a cross-reference stream.

The trailer keys of the update (/Root, /Info, /ID) come from the base file;
/Prev points at the base's cross-reference so every reader sees the base's
objects and the update's replacements (ISO 32000-1, 7.5.6).
"""

from __future__ import annotations

import struct
import zlib


def append_update(base: bytes, startxref: int, trailer_tail: bytes, objects: list[tuple[int, bytes]], size: int) -> bytes:
    """base followed by an incremental update holding objects (numbered bodies); size is the first free number.

    Dictionaries (filled fields, fonts) go into one compressed object
    stream and the update's cross-reference is a stream too (PDF 1.5):
    the dictionaries shrink to about a sixth of their plain size.
    """
    # Only the update is built here; the template's bytes are copied once, into the result.
    gap = b"" if base.endswith(b"\n") else b"\n"
    at = len(base) + len(gap)  # where the update starts in the file
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
    return b"".join((base, gap, out))
