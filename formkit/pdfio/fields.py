"""Names in formkit's PDF forms that are not fields of the form: the display fields formkit fills itself."""

from __future__ import annotations

DISPLAY_FIELD_PREFIX = "_"
"""A field whose (top-level) name starts with this shows what formkit prints for the record — a signer's
name, a recipient, text continued from a box that was too small — and is read-only. It is not data:
extract and form identification ignore it."""


def is_display_field(name: str) -> bool:
    """True for one of formkit's own display fields (``_underskrifter.0.namn``)."""
    return name.startswith(DISPLAY_FIELD_PREFIX)
