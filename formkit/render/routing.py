"""Who receives a document and who gets a copy, as its form's presentation says (``x-formkit.routing``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from formkit.i18n import text
from formkit.model.catalog import Form
from formkit.model.paths import value_at


@dataclass(frozen=True)
class Recipient:
    """One addressee: ``kind`` (``mottagare`` or ``kopia``) and ``role`` are codes, the labels printed text."""

    kind: str
    role: str
    label: str
    kind_label: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "kind_label": self.kind_label, "role": self.role, "label": self.label}


def recipients(form: Form, record: Mapping[str, Any]) -> list[Recipient]:
    """The recipients of one record: the route of its ``by`` code (else the default), then those always copied.

    Works on incomplete (draft) records: a missing code takes the default route.
    An ``always`` recipient with a ``name`` path is named by that field when it is filled.
    """
    spec = form.presentation.routing
    if spec is None:
        return []
    code = value_at(record, spec.by) if spec.by else None
    route = spec.routes.get(code, spec.default) if isinstance(code, str) else spec.default
    found = []
    for item in (*route, *spec.always):
        label = item.label
        name = value_at(record, item.name) if item.name else None
        if isinstance(name, str) and name.strip():
            label = f"{label}: {name.strip()}"
        found.append(Recipient(item.kind, item.role, label, text(form.language, f"routing.{item.kind}")))
    return found
