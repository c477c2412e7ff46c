"""What a form's yearly summary counts, read from ``x-formkit`` ``summary``: dates, organisations, category, status.

``formkit summary`` asks this module, never a form id: an outside deviation
form takes part by declaring the same in its own schema. At the top of
``x-formkit``::

    "summary": {
      "id": "id",                                     (optional: the report's register reference)
      "event_date": "handelsedatum",                  (the year a report belongs to)
      "report_date": "rapportdatum",
      "reporting": {"type": "rapportor.verksamhetstyp", "organisation": "rapportor.arbetsplats"},
      "affected":  {"type": "berord_verksamhet.verksamhetstyp", "organisation": "berord_verksamhet.namn"},
      "category": "kategori",
      "status": "handlaggning.status", "default_status": "rapporterad", "closed": ["avslutad"],
      "received": "handlaggning.mottagen", "feedback": "handlaggning.aterkoppling",
      "feedback_days": "aterkoppling_max_dagar",      (a setting: återkoppling due within this many days)
      "action_date": "handlaggning.atgardat", "actions": "handlaggning.beslutade_atgarder",
      "text": {"beskrivning": "Beskrivning", "forslag_atgarder": "Förslag till åtgärder"}
    }

``type``, ``category`` and ``status`` are choices (an enum; their labels are
the schema's); the dates are date fields; ``organisation`` is the free-text
name of an organisation (never a person's); ``actions`` is free text whose
presence means actions were decided; ``text`` names the free-text fields
``--include-text`` adds (path -> column heading). Statuses rank in the enum's
order: the copy of a report furthest along is the one counted.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from formkit.errors import SchemaError
from formkit.model.catalog import Form
from formkit.model.fields import LIST_MARK, FieldNode, FormModel
from formkit.model.presentation import check_keys
from formkit.settings import Settings

_KEYS = frozenset(
    {
        "id", "event_date", "report_date", "reporting", "affected", "category", "status", "default_status", "closed",
        "received", "feedback", "feedback_days", "action_date", "actions", "text",
    }
)  # fmt: skip
_PARTY_KEYS = frozenset({"type", "organisation"})
_INT_SETTINGS = frozenset(f.name for f in dataclasses.fields(Settings) if f.type in ("int", int))


@dataclass(frozen=True)
class PartySpec:
    """An organisation in a report: its type (a choice) and, optionally, its name."""

    type: str
    organisation: str | None = None


@dataclass(frozen=True)
class SummarySpec:
    """What the yearly summary reads from each report of a form: see the module's docstring."""

    event_date: str
    report_date: str
    reporting: PartySpec
    affected: PartySpec
    category: str
    status: str
    default_status: str
    closed: tuple[str, ...]
    id: str | None = None
    received: str | None = None
    feedback: str | None = None
    feedback_days: str | None = None
    action_date: str | None = None
    actions: str | None = None
    text: tuple[tuple[str, str], ...] = ()
    """(path, column heading) of the free text ``--include-text`` adds."""


_CACHE: dict[tuple[str, str], SummarySpec | None] = {}


def summary_spec(form: Form) -> SummarySpec | None:
    """The form's summary declaration (read once per form), None when it declares none; SchemaError when it is wrong."""
    key = (form.id, str(form.path))
    if key not in _CACHE:
        meta = form.meta
        _CACHE[key] = _read(meta["summary"], form.model, form.path.name) if "summary" in meta else None
    return _CACHE[key]


def _leaf(model: FormModel, value: Any, where: str, key: str, *, kind: str | None = None) -> str:
    node = model.node(value) if isinstance(value, str) else None
    if node is None or not node.is_leaf or LIST_MARK in str(value).split(".") or not _fits(node, kind):
        raise SchemaError("summaryspec.path", path=where, key=key, field=str(value))
    return str(value)


def _fits(node: FieldNode, kind: str | None) -> bool:
    if kind == "choice":
        return bool(node.enum) and all(isinstance(code, str) for code in node.enum or ())
    if kind == "date":
        return node.format == "date"
    if kind == "text":
        return node.kind == "string" and not node.enum and node.format != "date"
    return True


def _optional(model: FormModel, value: Any, where: str, key: str, kind: str) -> str | None:
    return None if value is None else _leaf(model, value, where, key, kind=kind)


def _party(model: FormModel, value: Any, where: str, key: str) -> PartySpec:
    raw = check_keys(value, _PARTY_KEYS, where, f"summary.{key}")
    return PartySpec(
        type=_leaf(model, raw.get("type"), where, f"summary.{key}.type", kind="choice"),
        organisation=_optional(model, raw.get("organisation"), where, f"summary.{key}.organisation", "text"),
    )


def _read(value: Any, model: FormModel, where: str) -> SummarySpec:
    raw = check_keys(value, _KEYS, where, "summary")
    status = _leaf(model, raw.get("status"), where, "summary.status", kind="choice")
    codes = tuple(str(code) for code in model.node(status).enum or ())  # type: ignore[union-attr]
    default = raw.get("default_status", codes[0])
    closed = raw.get("closed", [codes[-1]])
    if default not in codes or not isinstance(closed, list) or not closed or any(code not in codes for code in closed):
        raise SchemaError("summaryspec.status", path=where, known=", ".join(codes))
    days = raw.get("feedback_days")
    if days is not None and days not in _INT_SETTINGS:
        raise SchemaError(
            "casework.setting", path=where, key="summary.feedback_days", name=str(days), known=", ".join(sorted(_INT_SETTINGS))
        )
    texts = raw.get("text", {})
    if not isinstance(texts, dict) or not all(isinstance(label, str) and label for label in texts.values()):
        raise SchemaError("presentation.object", path=where, key="summary.text")
    return SummarySpec(
        event_date=_leaf(model, raw.get("event_date"), where, "summary.event_date", kind="date"),
        report_date=_leaf(model, raw.get("report_date"), where, "summary.report_date", kind="date"),
        reporting=_party(model, raw.get("reporting"), where, "reporting"),
        affected=_party(model, raw.get("affected"), where, "affected"),
        category=_leaf(model, raw.get("category"), where, "summary.category", kind="choice"),
        status=status,
        default_status=str(default),
        closed=tuple(str(code) for code in closed),
        id=_optional(model, raw.get("id"), where, "summary.id", "text"),
        received=_optional(model, raw.get("received"), where, "summary.received", "date"),
        feedback=_optional(model, raw.get("feedback"), where, "summary.feedback", "date"),
        feedback_days=None if days is None else str(days),
        action_date=_optional(model, raw.get("action_date"), where, "summary.action_date", "date"),
        actions=_optional(model, raw.get("actions"), where, "summary.actions", "text"),
        text=tuple((_leaf(model, path, where, "summary.text", kind="text"), str(label)) for path, label in texts.items()),
    )
