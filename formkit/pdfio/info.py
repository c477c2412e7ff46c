"""The document information entries by which a formkit PDF names its form, the form's version and formkit's version.

Files made before formkit 0.2 wrote the form's version under
``/FormkitVersion``; from 0.2 that entry holds formkit's own version (an
archival copy: the formkit that made it) and the form's version has its own
entry. :func:`form_version` reads both kinds of file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

FORM_KEY = "/FormkitForm"
"""The form's id (``genomforandeplan``)."""
FORM_VERSION_KEY = "/FormkitFormVersion"
"""The version of the form (its schema) the file was made from."""
FORMKIT_VERSION_KEY = "/FormkitVersion"
"""The version of formkit that made the file (not in a template, which would look outdated after each release)."""


def form_version(info: Mapping[str, str]) -> str | None:
    """The form's version a PDF's Info names; in a file made before 0.2, the one ``/FormkitVersion`` held."""
    if FORM_VERSION_KEY in info:
        return info[FORM_VERSION_KEY]
    return info.get(FORMKIT_VERSION_KEY)


PRINTED_KEY = "/FkPrinted"
"""On the widget of a text that continues on later pages: the digest of the value printed there."""


def printed_digest(value: str) -> str:
    """The digest of a field's printed value (hex): equal values, equal digests; it reveals nothing of the value."""
    return hashlib.blake2b(value.encode("utf-8"), digest_size=12, person=b"formkit-cont").hexdigest().upper()
