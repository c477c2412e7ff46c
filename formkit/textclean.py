"""Text as every output prints it: each kind of line break one newline, a tab a space, other control characters dropped.

Text comes from Windows and Word (CRLF, CR, Word's line break ``\\x0b`` and page
break ``\\x0c``), from the web (U+2028, U+2029) and from old systems (NEL,
U+0085). A viewer or Word would draw those as boxes, and XML forbids most of
them, so a value is cleaned once before it is printed (a valid record is
normalised with :func:`clean_record`, and each renderer cleans what it draws
with :func:`clean_text` too) and when it is read back from a filled form. A tab
becomes a space: a form's box has no tab stops.
"""

from __future__ import annotations

import html
import re
from typing import Any

_LINE_BREAK = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
"""CRLF, CR, VT (Word's manual line break), FF (page break), the information separators, NEL, LS and PS."""
_DROPPED = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""Other C0 and C1 control characters, DEL, lone surrogates (a broken escape) and the noncharacters U+FFFE, U+FFFF."""


def clean_text(value: str) -> str:
    """*value* with every line break as ``\\n``, tabs as spaces and no other control character."""
    if value.isprintable():  # the usual case, one C loop: no control character, no line break
        return value
    cleaned = _DROPPED.sub("", _LINE_BREAK.sub("\n", value).replace("\t", " "))
    return value if cleaned == value else cleaned  # unchanged multi-line text stays the same object


def _needs_cleaning(data: Any) -> bool:
    if isinstance(data, str):
        return not data.isprintable() and clean_text(data) is not data
    if isinstance(data, dict):
        return any(_needs_cleaning(value) for value in data.values())
    if isinstance(data, list):
        return any(_needs_cleaning(item) for item in data)
    return False


def _cleaned(data: Any) -> Any:
    if isinstance(data, str):
        return clean_text(data)
    if isinstance(data, dict):
        return {key: _cleaned(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_cleaned(item) for item in data]
    return data


def clean_record(data: Any) -> Any:
    """*data* with :func:`clean_text` applied to every string in it: a copy when any changes, else *data* itself."""
    # Most records hold nothing to clean: look first (no copies), rebuild only when something changes.
    return _cleaned(data) if _needs_cleaning(data) else data


def xml_escape(value: str) -> str:
    """*value* as XML text: ``&``, ``<`` and ``>`` escaped.

    What ``xml.sax.saxutils.escape`` does, through :func:`html.escape`: importing
    saxutils imports urllib.request and http.client with it, a fifth of a PDF
    batch's start-up.
    """
    return html.escape(value, quote=False)
