"""PDF syntax formkit writes by hand: text strings."""

from __future__ import annotations


def pdf_string(text: str) -> bytes:
    """A PDF text string: literal for plain ASCII, UTF-16BE with a byte order mark for anything else."""
    if text.isascii() and text.isprintable():  # only " " to "~": the two tests are C loops
        return b"(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("ascii") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"
