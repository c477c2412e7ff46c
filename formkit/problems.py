"""A problem in a record is data: where, how bad, which rule, and a message without the value (found by reading or validating)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a record.

    ``path`` is the dot path of the field (``insatser.1.ansvarig.namn``; empty
    for the record as a whole); ``rule`` names the schema keyword
    (``required``, ``format``, …) or the form rule that found it; ``message``
    is in the form's language and never contains the offending value.
    """

    path: str
    severity: Severity
    rule: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "severity": self.severity, "rule": self.rule, "message": self.message}


_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,59}\Z")


def looks_like_field_name(name: str) -> bool:
    """True for an ASCII snake_case name such as the contract uses (``vardnadshavare``).

    A key the schema does not know is shown only when it looks like this: in a
    table without its header row the "keys" are the first record's values (a
    name, a personnummer), which must not reach a message.
    """
    return _FIELD_NAME.match(name) is not None


def dot_path(parts: Iterable[str | int]) -> str:
    """``["insatser", 1, "ansvarig"]`` -> ``"insatser.1.ansvarig"``."""
    return ".".join(str(part) for part in parts)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(problem.severity == ERROR for problem in problems)


@dataclass
class RecordResult:
    """The verdict on one record of one source."""

    source: str
    record: int
    data: Any = field(repr=False)
    problems: Sequence[Problem] = ()

    @property
    def valid(self) -> bool:
        """True when no problem is an error (warnings allowed)."""
        return not has_errors(self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "record": self.record,
            "valid": self.valid,
            "problems": [problem.to_dict() for problem in self.problems],
        }
