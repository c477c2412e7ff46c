"""Identity numbers found in any text formkit shows (file names, ids, message parameters) and masked there.

A personnummer or samordningsnummer is found in every spelling people and
tools write: twelve or ten digits, with or without a separator between the
date and the serial (``-``, ``+``, a space, ``_``, ``.``, ``/``, ``:``, a
Unicode dash, a no-break space), and a Norwegian fødselsnummer or D-nummer as
eleven digits (``DDMMYY NNNNN``). A run counts when its date and check
digits are right, so a diary number or a time stamp is left alone; a ten-digit
run counts when it is valid in either century, so the check needs no
reference date; any birth date counts (a child born this year too).
:func:`formkit.i18n.shown_path` masks every file name and message parameter
with :func:`mask_identity_numbers`; the avvikelserapport id rule and fill's
file names refuse what :func:`has_identity_number` finds.
"""

from __future__ import annotations

import re
from functools import lru_cache

from formkit.personnummer_check import is_number_of_anyone

# One optional separator, perhaps with a space on either side ("19121212 - 1212").
_SEPARATOR = r"[ \u00a0]?[-+_./:\u2010-\u2015\u2212]?[ \u00a0]?"
# Six or eight digits, a separator, four or five digits, no digit on either side: the
# Swedish long (8+4) and short (6+4) spellings and the Norwegian one (6+5).
_CANDIDATE = re.compile(rf"(?<![0-9])([0-9]{{6}}(?:[0-9]{{2}})?){_SEPARATOR}([0-9]{{4,5}})(?![0-9])")

MASKS = {(8, 4): "ÅÅÅÅMMDD-XXXX", (6, 4): "ÅÅMMDD-XXXX", (6, 5): "DDMMÅÅXXXXX"}
"""What a masked number shows, by spelling: its shape, never a digit of it."""


def _is_identity_number(head: str, tail: str) -> bool:
    digits = head + tail
    if len(tail) == 4:
        if len(head) == 8:
            return is_number_of_anyone(digits)
        return is_number_of_anyone(f"19{digits}") or is_number_of_anyone(f"20{digits}")
    if len(head) == 6:
        # Imported on first use: python-stdnum's import costs ~10 ms, and few texts hold eleven digits.
        from stdnum.no import fodselsnummer

        return bool(fodselsnummer.is_valid(digits))
    return False


def _masked(found: re.Match[str]) -> str:
    head, tail = found.group(1), found.group(2)
    return MASKS[len(head), len(tail)] if _is_identity_number(head, tail) else found.group(0)


@lru_cache(maxsize=1024)
def mask_identity_numbers(text: str) -> str:
    """*text* with every valid personnummer, samordningsnummer, fødselsnummer and D-nummer in it masked.

    Cached: the same file name is shown once per record of a file.
    """
    return _CANDIDATE.sub(_masked, text)


def has_identity_number(text: str) -> bool:
    """Whether *text* holds a valid identity number in any spelling (see the module's docstring)."""
    return mask_identity_numbers(text) != text
