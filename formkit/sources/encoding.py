"""The encoding of a text input, decided among those Swedish and Norwegian Excel and Notepad write, never guessed.

Excel saves "CSV UTF-8" (UTF-8 with a byte order mark), "CSV (semikolonavgränsad)"
(Windows-1252) and "Unicode-text" (UTF-16 with a byte order mark); Notepad saves
UTF-8 with or without the mark, "ANSI" (Windows-1252) and UTF-16 with the mark;
PowerShell 5 writes UTF-16 with the mark. Those are the readings considered:

- a UTF-16 byte order mark: UTF-16;
- a file that is valid UTF-8 (with or without the mark) is UTF-8: Windows-1252
  text with å, ä or ö is never valid UTF-8 (a letter byte followed by ASCII);
- anything else is Windows-1252 only when that reading is plausible text (no
  control characters, no symbol inside a word, no capital inside a lower-case
  word) and no other encoding Excel can be made to write (MS-DOS code page 850,
  Mac Roman) also gives plausible text; otherwise the file is refused with how
  to save it. Encoding guessers (charset-normalizer, chardet) pick Mac Roman or
  HP Roman-8 for a short Windows-1252 file and turn å into Â without a word.

A file is scanned in chunks, so a large file is never held whole in memory.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from formkit.errors import SourceError

UTF16, UTF8, CP1252 = "utf-16", "utf-8-sig", "cp1252"
"""The codecs a table is read with (``utf-8-sig`` drops a byte order mark, reads UTF-8 without one too)."""
OTHER_SINGLE_BYTE = ("cp850", "mac_roman")
"""What else Excel writes on request ("CSV (MS-DOS)", "CSV (Macintosh)"): never read, but a plausible
reading in one of them makes a Windows-1252 reading doubtful."""

_CHUNK = 1 << 20
_COMMON_LETTERS = frozenset("åäöÅÄÖæøÆØéÉèêëüÜáàâíìîïóòôúùûñÑçÇß")
"""Letters of Swedish and Norwegian text and of the names and loan words it commonly holds
(of the capitals, those that Nordic names and words begin with)."""
_SYMBOLS = frozenset("\u00a0\u00ad«»–—‘’‚“”„…€§°´½¼¾²³×·•©®™£¤¨µ¡¿")
"""Non-ASCII symbols a person types in Nordic text (no-break space, soft hyphen, quotes, dashes, €, §, ° …)."""
_INSIDE_WORD = frozenset("\u00a0\u00ad’‘´·")
"""Symbols that may stand between two letters (apostrophes, a no-break space, a soft hyphen)."""
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def table_encoding(path: Path) -> str:
    """The codec to read a CSV file with (:data:`UTF16`, :data:`UTF8` or :data:`CP1252`); SourceError when no single one fits."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
            if text_encoding(head) == UTF16:
                return UTF16
            handle.seek(0)
            if _valid_utf8(handle):
                return UTF8
            if head.startswith(codecs.BOM_UTF8):
                raise SourceError("csv.encoding", path=path)
            handle.seek(0)
            verdict = _single_byte_verdict(handle)
    except OSError as exc:
        from formkit.i18n import os_reason

        raise SourceError("source.cannot_read", path=path, reason=os_reason(exc)) from exc
    if verdict == "ambiguous":
        raise SourceError("csv.encoding_ambiguous", path=path)
    if verdict != CP1252:
        raise SourceError("csv.encoding", path=path)
    return CP1252


def text_encoding(head: bytes) -> str:
    """The codec of a JSON or JSONL file from its first bytes: UTF-16 with its mark (PowerShell), else UTF-8."""
    return UTF16 if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else UTF8


def _valid_utf8(handle: BinaryIO) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := handle.read(_CHUNK):
            if not chunk.isascii():
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _pieces(handle: BinaryIO) -> Iterator[bytes]:
    """*handle* in pieces of about a chunk that end at a line break, so no word is cut in two."""
    rest = b""
    while chunk := handle.read(_CHUNK):
        data = rest + chunk
        cut = data.rfind(b"\n") + 1
        if cut == 0 and len(data) < 4 * _CHUNK:  # a very long line is cut after all
            rest = data
            continue
        cut = cut or len(data)
        rest = data[cut:]
        yield data[:cut]
    if rest:
        yield rest


def _single_byte_verdict(handle: BinaryIO) -> str:
    """``cp1252`` when Windows-1252 is the one plausible reading, ``ambiguous`` when another is as plausible, else ``none``.

    A reading is *possible* without an implausible character, and *plain* when
    its letters are also all common Nordic ones (see :func:`_oddities`).
    Windows-1252 is taken when it is plain and no other reading is, or possible
    and no other reading is even possible.
    """
    odd = 0
    others = {other: [0, 0] for other in OTHER_SINGLE_BYTE}  # implausible, unusual
    for piece in _pieces(handle):
        if piece.isascii():
            if _CONTROL.search(piece.decode("ascii")):
                return "none"
            continue
        try:
            text = piece.decode(CP1252)
        except UnicodeDecodeError:  # a byte Windows-1252 leaves undefined (0x81, 0x8d, 0x8f, 0x90, 0x9d)
            return "none"
        bad, unusual = _oddities(text)
        if bad:
            return "none"
        odd += unusual
        for other, counts in others.items():
            if counts[0] == 0:
                other_bad, other_unusual = _oddities(piece.decode(other, errors="replace"))
                counts[0] += other_bad
                counts[1] += other_unusual
    possible = [counts for counts in others.values() if counts[0] == 0]
    if possible and (odd or any(unusual == 0 for _bad, unusual in possible)):
        return "ambiguous"
    return CP1252


def _oddities(text: str) -> tuple[int, int]:
    """(implausible characters, unusual letters) among the non-ASCII characters of *text*.

    Implausible: a control character, a symbol no one types in Nordic text, a
    symbol between two letters ("S”der"), a capital after a letter and before a
    small letter ("PÂlsson", "CafÈ"). Unusual: a letter outside Swedish and
    Norwegian text and its common loan words ("Sšder").
    """
    if _CONTROL.search(text):
        return 1, 0
    bad = odd = 0
    last = len(text) - 1
    for found in _NON_ASCII.finditer(text):
        at = found.start()
        char = text[at]
        before = text[at - 1] if at > 0 else " "
        after = text[at + 1] if at < last else " "
        kind = unicodedata.category(char)
        if kind == "Lu" or kind == "Ll":
            if kind == "Lu" and before.isalpha() and (before.islower() or after.islower()):
                bad += 1
            elif char not in _COMMON_LETTERS:
                odd += 1
        elif char not in _SYMBOLS or (before.isalpha() and after.isalpha() and char not in _INSIDE_WORD):
            bad += 1
    return bad, odd
