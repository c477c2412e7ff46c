"""What every rule module shares: a finding, the checker's state, and small readers of pypdf objects.

A finding names its rule (a stable id, e.g. ``font-not-embedded``), its
severity, a catalogue message and the clause of the standard it breaks. The
message is built from object numbers, page numbers, resource and field names
— never from text shown on a page or a field's value.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any, Literal

from pypdf import PdfReader
from pypdf.generic import (
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from formkit.i18n import DEFAULT_LANGUAGE, Message, message

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"

A2 = "ISO 19005-2:2011"
UA1 = "ISO 14289-1:2014"
PDF17 = "ISO 32000-1"
MAX_PER_RULE = 10
"""Findings of one rule beyond this many fold into one 'and N more' line (a five-page form has hundreds of widgets)."""


@dataclass(frozen=True)
class Finding:
    """One thing that does not conform: rule id, error or warning, what is wrong (a catalogue message), the clause."""

    rule: str
    severity: Severity
    message: Message
    clause: str

    def text(self, language: str | None = None) -> str:
        return self.message.render(language)

    def to_dict(self, language: str | None = None) -> dict[str, str]:
        return {"rule": self.rule, "severity": self.severity, "message": self.text(language), "clause": self.clause}


@dataclass
class FontUse:
    """A font met in some resource dictionary, and what the content streams did with it."""

    font: DictionaryObject
    label: Message  # "F1 (object 6) on page 1": enough to find it, nothing of the text
    strings: list[bytes] = field(default_factory=list)  # every string shown with it while rendered
    shown: bool = False  # a text-showing operator used it (in any rendering mode)
    rendered: bool = False  # ... in a rendering mode other than 3 (invisible)
    form_font: bool = False  # named in AcroForm /DR or a /DA


class Checker:
    """One run over one file: the parsed file, what the rules learnt so far, and the findings."""

    def __init__(self, data: bytes, ua: bool | None) -> None:
        self.data = data
        self.ua_request = ua
        self.reader: PdfReader
        self.level = "B"
        """The PDF/A conformance level claimed (A, B or U); B when none is."""
        self.ua = False
        """Whether the PDF/UA-1 rules apply (claimed in the XMP, or asked for)."""
        self.pdfa = True
        """Whether the PDF/A-2 rules apply: not to a file that claims PDF/UA and no PDF/A (see formkit.pdfio.check)."""
        self.language = DEFAULT_LANGUAGE
        """The catalogue language of the file's messages (from its /Lang)."""
        self.fonts: dict[tuple[Any, ...], FontUse] = {}
        self.device_spaces: set[str] = set()  # DeviceGray/RGB/CMYK used by content or images
        self.default_spaces: set[str] = set()  # DefaultGray/RGB/CMYK declared in some resources
        self.scanned: set[tuple[Any, ...]] = set()
        self._findings: list[Finding] = []
        self._counts: dict[str, int] = {}

    def add(self, rule: str, severity: Severity, clause: str, key: str, /, **params: Any) -> None:
        count = self._counts.get(rule, 0) + 1
        self._counts[rule] = count
        if count <= MAX_PER_RULE:
            self._findings.append(Finding(rule, severity, Message(key, params), clause))  # params may include "key"

    def error(self, rule: str, clause: str, key: str, /, **params: Any) -> None:
        self.add(rule, ERROR, clause, key, **params)

    def warning(self, rule: str, clause: str, key: str, /, **params: Any) -> None:
        self.add(rule, WARNING, clause, key, **params)

    @property
    def unicode_needed(self) -> bool:
        """Level U and A, and PDF/UA, need a Unicode value for every glyph shown."""
        return self.level in ("U", "A") or self.ua

    def findings(self) -> list[Finding]:
        out = list(self._findings)
        for rule, count in self._counts.items():
            if count > MAX_PER_RULE:
                first = next(f for f in self._findings if f.rule == rule)
                out.append(Finding(rule, first.severity, message("check.more", count=count - MAX_PER_RULE), first.clause))
        return out


# --- reading pypdf objects -------------------------------------------------------------------------------------


def obj(value: Any) -> Any:
    """The object behind an indirect reference (pypdf's ``dict.get`` returns the reference)."""
    return value.get_object() if isinstance(value, IndirectObject) else value


def get(d: Any, key: str, default: Any = None) -> Any:
    """``d[key]`` resolved, or *default* when *d* is no dictionary or lacks the key."""
    if not isinstance(d, dict):
        return default
    return obj(d.get(key, default))


def name(value: Any) -> str | None:
    """A name object's text without the slash, else None."""
    value = obj(value)
    return str(value)[1:] if isinstance(value, NameObject) else None


def num(value: Any, default: float | None = None) -> float | None:
    value = obj(value)
    if isinstance(value, (NumberObject, FloatObject, int, float)) and not isinstance(value, bool):
        return float(value)
    return default


def as_list(value: Any) -> list[Any]:
    """An array's items; a single object as a list of one; nothing as an empty list."""
    resolved = obj(value)
    if resolved is None:
        return []
    if isinstance(resolved, list):
        return list(resolved)
    return [value]


def ref_label(value: Any) -> Message:
    """``object 12`` (or ``a direct object``): how a finding points at a PDF object."""
    ref = value if isinstance(value, IndirectObject) else getattr(value, "indirect_reference", None)
    if isinstance(ref, IndirectObject):
        return message("check.object", number=ref.idnum)
    return message("check.direct_object")


def identity(value: Any) -> tuple[Any, ...]:
    """Identity of a PDF object: its object number when indirect, else the Python object."""
    ref = value if isinstance(value, IndirectObject) else getattr(value, "indirect_reference", None)
    if isinstance(ref, IndirectObject):
        return ("ref", ref.idnum, ref.generation)
    return ("direct", id(value))


def raw_string(value: Any) -> bytes:
    """The bytes of a string operand as written in the file (the codes a font decodes)."""
    if isinstance(value, ByteStringObject):
        return bytes(value)
    if isinstance(value, TextStringObject):
        return value.original_bytes  # the bytes as written, before pypdf guessed a text encoding
    if isinstance(value, bytes):
        return value
    return str(value).encode("latin-1", "replace")


def is_true(value: Any) -> bool:
    """A PDF boolean true (pypdf's BooleanObject compares equal to Python's bool)."""
    resolved = obj(value)
    return isinstance(resolved, BooleanObject) and bool(resolved.value)


def icc_header(profile: bytes) -> tuple[float, bytes, bytes] | None:
    """(version as major.minor, device class, colour space) of an ICC profile, or None when the header is not one."""
    if len(profile) < 132 or profile[36:40] != b"acsp":
        return None
    size = struct.unpack(">I", profile[:4])[0]
    if size > len(profile) or size < 132:
        return None
    version = profile[8] + (profile[9] >> 4) / 10
    return version, profile[12:16], profile[16:20]
