"""Who receives an avvikelserapport and who gets a copy (NORRBUS routine, seed 000, and Bilaga 4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["mottagare", "kopia"]
KIND_LABELS: dict[str, str] = {"mottagare": "Lämnas till", "kopia": "Kopia till"}


@dataclass(frozen=True)
class Recipient:
    """One addressee of a report: ``role`` is a stable code, ``label`` the Swedish text printed."""

    kind: Kind
    role: str
    label: str

    @property
    def kind_label(self) -> str:
        """``Lämnas till`` or ``Kopia till``."""
        return KIND_LABELS[self.kind]

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "kind_label": self.kind_label, "role": self.role, "label": self.label}


# Seed 000, "Avvikelserapportering": the report goes to a manager in the *reporter's*
# organisation (the schema says the reporter's verksamhetstyp "avgör vem rapporten
# lämnas till"); the schools also send a copy up one level.
_ROUTES: dict[str, tuple[tuple[Kind, str, str], ...]] = {
    "grundskola": (
        ("mottagare", "rektor", "Ansvarig rektor"),
        ("kopia", "for_och_grundskolechef", "För- och grundskolechef"),
    ),
    "gymnasieskola": (
        ("mottagare", "rektor", "Ansvarig rektor"),
        ("kopia", "gymnasiechef", "Gymnasiechef"),
    ),
    "ifo": (("mottagare", "enhetschef_ifo", "Ansvarig enhetschef för IFO"),),
    "primarvard": (("mottagare", "verksamhetschef_primarvard", "Verksamhetschef/enhetschef i primärvården"),),
}
# Bilaga 4: every other reporter informs the nearest manager, who also signs.
_DEFAULT_ROUTE: tuple[tuple[Kind, str, str], ...] = (("mottagare", "narmaste_chef", "Rapportörens närmaste chef"),)
_AFFECTED_ROLE = "berord_verksamhet"


def recipients(report: Mapping[str, Any]) -> list[Recipient]:
    """The recipients of one avvikelserapport record (raw data, codes not labels).

    Receivers come first, then copies; Bilaga 4 always sends a copy to the
    affected party (``berord_verksamhet``), named by its ``namn`` when given.
    Works on incomplete (draft) records: a missing type routes to the nearest manager.
    """
    reporter = report.get("rapportor")
    kind_of_reporter = reporter.get("verksamhetstyp") if isinstance(reporter, Mapping) else None
    route = _ROUTES.get(kind_of_reporter, _DEFAULT_ROUTE) if isinstance(kind_of_reporter, str) else _DEFAULT_ROUTE
    found = [Recipient(kind, role, label) for kind, role, label in route]
    affected = report.get("berord_verksamhet")
    name = affected.get("namn") if isinstance(affected, Mapping) else None
    label = f"Berörd verksamhet: {name}" if isinstance(name, str) and name.strip() else "Berörd verksamhet"
    found.append(Recipient("kopia", _AFFECTED_ROLE, label))
    return found
