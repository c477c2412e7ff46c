"""Appending an incremental update to a PDF: changed objects in an object stream, a cross-reference stream.

The trailer keys of the update (/Root, /Info, /ID) come from the base file;
/Prev points at the base's cross-reference so every reader sees the base's
objects and the update's replacements (ISO 32000-1, 7.5.6).
"""

from __future__ import annotations

import itertools
import struct
import zlib

from formkit.render.deflate import deflate

_ROW = struct.Struct(">BIH").pack
"""A cross-reference stream row (/W [1 4 2]): type, offset or object stream, generation or index."""


def append_update(base: bytes, startxref: int, trailer_tail: bytes, objects: list[tuple[int, bytes]], size: int) -> bytes:
    """base followed by an incremental update holding objects (numbered bodies); size is the first free number."""
    gap = base_gap(base)
    return b"".join((base, gap, update_section(len(base) + len(gap), startxref, trailer_tail, objects, size)))


def base_gap(base: bytes) -> bytes:
    """What goes between a file and its update: a newline, unless the file ends with one."""
    return b"" if base.endswith(b"\n") else b"\n"


def packed_file(header: bytes, objects: list[tuple[int, bytes]], size: int, trailer_tail: bytes) -> bytes:
    """A whole PDF: *header*, the streams among *objects* as they are, every other object in one object stream.

    pypdf writes every dictionary of a template as plain text with a classic
    cross-reference table: half of a tagged template (its structure tree, widgets,
    fonts' dictionaries), carried by every filled copy. Packed, they take a
    seventh of the room (ISO 32000-1 7.5.7; PDF/A-2 allows object streams).
    """
    return header + update_section(len(header), None, trailer_tail, objects, size, level=9)


def update_section(
    at: int, startxref: int | None, trailer_tail: bytes, objects: list[tuple[int, bytes]], size: int, *, level: int = 1
) -> bytes:
    """The incremental update holding *objects* (numbered bodies), to be written at offset *at* of the file.

    Dictionaries (filled fields, fonts) go into one compressed object
    stream and the update's cross-reference is a stream too (PDF 1.5):
    the dictionaries shrink to about a sixth of their plain size. *size* is
    the first free object number; *startxref* the base's cross-reference
    (None: this is the file's only section); *level* the object stream's
    compression (1 for a copy: most of the size for a fraction of the time).
    """
    objstm_num, xref_num = size, size + 1
    parts: list[bytes] = []  # the update, piece by piece, joined once
    position = at
    rows: dict[int, bytes] = {}  # object number -> its cross-reference row
    offsets: list[bytes] = []  # the object stream's header: number and offset of each object in it
    packed: list[bytes] = []
    packed_length = 0
    for num, body in objects:
        if body.endswith(b"endstream"):  # a stream cannot go into an object stream
            head = b"%d 0 obj\n" % num
            rows[num] = _ROW(1, position, 0)
            parts += (head, body, b"\nendobj\n")
            position += len(head) + len(body) + 8
        else:
            rows[num] = _ROW(2, objstm_num, len(packed))
            offsets.append(b"%d %d " % (num, packed_length))
            packed.append(body)
            packed_length += len(body) + 1
    header = b"".join(offsets)
    packed.append(b"")  # each object ends with a newline
    # A record's update (level 1) is deflated as every record's streams are (ISA-L); a file made once, harder (zlib).
    stream = deflate(header + b"\n".join(packed)) if level == 1 else zlib.compress(header + b"\n".join(packed), level)
    rows[objstm_num] = _ROW(1, position, 0)
    head = b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        objstm_num,
        len(packed) - 1,
        len(header),
        len(stream),
    )
    parts += (head, stream, b"\nendstream\nendobj\n")
    xref_at = position + len(head) + len(stream) + 18
    rows[xref_num] = _ROW(1, xref_at, 0)
    if startxref is None:
        rows[0] = _ROW(0, 0, 65535)  # a file's only section starts its list of free objects with object 0
    index_parts: list[bytes] = []
    nums = sorted(rows)
    first = 0
    while first < len(nums):
        last = first
        while last + 1 < len(nums) and nums[last + 1] == nums[last] + 1:
            last += 1
        index_parts.append(b"%d %d" % (nums[first], last - first + 1))
        first = last + 1
    table = deflate(b"".join([rows[num] for num in nums]), 2)
    parts.append(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%s] " % (xref_num, xref_num + 1, b" ".join(index_parts)))
    if startxref is not None:
        parts.append(b"/Prev %d " % startxref)
    parts += (trailer_tail, b" /Filter /FlateDecode /Length %d >>\nstream\n" % len(table))
    parts += (table, b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    return b"".join(parts)


_FREE = _ROW(0, 0, 0)
_PACKED_ROWS: list[bytes] = []
"""Cross-reference rows of the objects in the object stream, by their index in it (the stream's number is fixed)."""


def whole_file(
    header: bytes,
    streams: list[tuple[int, bytes]],
    dicts: list[tuple[int, bytes]],
    size: int,
    tail: bytes,
    objstm_num: int,
    xref_num: int,
) -> bytes:
    """A whole one-revision PDF: *streams* as they are, *dicts* (no streams) in one object stream, a cross-reference stream.

    What :func:`update_section` does for an update, for a file written at once and in bulk: the caller says which
    objects are streams and gives the object stream and the cross-reference stream numbers of their own (below
    *size*, the first free number), so the rows of packed objects are the same bytes in every file, and the
    cross-reference covers every number from 0 (unused ones free) in one range.
    """
    parts = [header]
    position = len(header)
    rows: list[bytes] = [_FREE] * size
    rows[0] = _ROW(0, 0, 65535)
    for num, body in streams:
        head = b"%d 0 obj\n" % num
        rows[num] = _ROW(1, position, 0)
        parts += (head, body, b"\nendobj\n")
        position += len(head) + len(body) + 8
    count = len(dicts)
    if len(_PACKED_ROWS) < count:
        _PACKED_ROWS.extend(_ROW(2, objstm_num, i) for i in range(len(_PACKED_ROWS), count + 1024))
    packed_rows = _PACKED_ROWS if objstm_num == _PACKED_STREAM else [_ROW(2, objstm_num, i) for i in range(count)]
    for (num, _), row in zip(dicts, packed_rows, strict=False):
        rows[num] = row
    bodies = [body for _, body in dicts]
    starts = itertools.accumulate((len(body) + 1 for body in bodies), initial=0)
    head_line = b" ".join([b"%d %d" % (num, start) for (num, _), start in zip(dicts, starts, strict=False)]) + b" "
    bodies.append(b"")
    stream = deflate(head_line + b"\n" + b"\n".join(bodies))
    rows[objstm_num] = _ROW(1, position, 0)
    head = b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        objstm_num,
        count,
        len(head_line) + 1,
        len(stream),
    )
    parts += (head, stream, b"\nendstream\nendobj\n")
    xref_at = position + len(head) + len(stream) + 18
    rows[xref_num] = _ROW(1, xref_at, 0)
    packed = deflate(b"".join(rows), 2)
    parts.append(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [0 %d] " % (xref_num, size, size))
    parts += (tail, b" /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed))
    parts += (packed, b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    return b"".join(parts)


_PACKED_STREAM = 14
"""The object number formkit's composed documents give their object stream (see formkit.render.pdf.document)."""
