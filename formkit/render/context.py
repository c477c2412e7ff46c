"""What a rendered form prints: dates, yes/no, enum labels, and the full template context of a record."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from typing import Any

from formkit.model.catalog import Form, schema_registry
from formkit.render.routing import recipients
from formkit.settings import Settings

RESERVED = "dokument"
"""The one top-level template name that is not a schema property: document details."""

# Words the documents print besides the schema's titles, per form language.
WORDS: dict[str, dict[str, str]] = {
    "sv": {"ja": "Ja", "nej": "Nej", "sida": "Sida", "av": "av", "utkast": "UTKAST"},
    "nb": {"ja": "Ja", "nej": "Nei", "sida": "Side", "av": "av", "utkast": "UTKAST"},
}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def words(language: str) -> dict[str, str]:
    """The printed words for *language* (Swedish for an unknown language)."""
    return WORDS.get(language, WORDS["sv"])


def format_date(value: str, language: str) -> str:
    """A schema date (ISO) as the form's language prints it.

    Swedish forms print ISO 8601, ``2025-03-12``: it is the Swedish standard date
    format (SS-ISO 8601, recommended by Språkrådet) and what Swedish municipal
    forms ask for ("ÅÅÅÅ-MM-DD"). Norwegian forms print ``12.03.2025``, the
    numeric form Språkrådet prescribes for bokmål and that NAV and the
    municipalities use. A value that is not a valid ISO date is printed as given
    (only drafts can carry one; validation stops it otherwise).
    """
    if language != "nb" or not _ISO_DATE.fullmatch(value):
        return value
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{parsed.day:02d}.{parsed.month:02d}.{parsed.year:04d}"


Converter = Callable[[Any], Any]


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def resolve_schema(node: Mapping[str, Any], resolver: Any) -> tuple[dict[str, Any], Any]:
    """Follow ``$ref`` (and merge ``allOf``) so *node* holds its own keywords; local keywords win."""
    merged: dict[str, Any] = {}
    current: Mapping[str, Any] = node
    while "$ref" in current:
        resolved = resolver.lookup(current["$ref"])
        merged = {**{k: v for k, v in current.items() if k != "$ref"}, **merged}
        current, resolver = resolved.contents, resolved.resolver
    merged = {**current, **merged}
    for part in merged.pop("allOf", []):
        sub, _ = resolve_schema(part, resolver)
        if "properties" in sub:
            merged["properties"] = {**sub["properties"], **merged.get("properties", {})}
        for key, value in sub.items():
            merged.setdefault(key, value)
    return merged, resolver


def _type_of(node: Mapping[str, Any]) -> str:
    kind = node.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if kinds else None
    if kind is None and "properties" in node:
        return "object"
    return kind if isinstance(kind, str) else ""


def _compile(node: Mapping[str, Any], resolver: Any, language: str, draft: bool) -> Converter:
    node, resolver = resolve_schema(node, resolver)
    kind = _type_of(node)
    if kind == "object":
        fields = [(name, _compile(sub, resolver, language, draft)) for name, sub in node.get("properties", {}).items()]

        def convert_object(value: Any) -> dict[str, Any]:
            source = value if isinstance(value, Mapping) else {}
            return {name: convert(source.get(name)) for name, convert in fields}

        return convert_object
    if kind == "array":
        convert_item = _compile(node.get("items", {}), resolver, language, draft)

        def convert_array(value: Any) -> list[Any]:
            items = [convert_item(item) for item in value] if isinstance(value, list) else []
            # A draft is printed to be completed by hand: an empty list still gets one blank row.
            return items or ([convert_item(None)] if draft else [])

        return convert_array
    if "enum" in node:
        labels = node.get("x-enum-titles", {})
        if isinstance(labels, list):
            labels = dict(zip(node["enum"], labels, strict=False))
        table = {str(code): str(label) for code, label in labels.items()}
        return lambda value: "" if value is None else table.get(_text(value), _text(value))
    if kind == "boolean":
        yes, no = words(language)["ja"], words(language)["nej"]
        return lambda value: "" if value is None else (yes if value is True else no if value is False else _text(value))
    if node.get("format") == "date":
        return lambda value: "" if value is None else format_date(_text(value), language)
    return _text


@cache
def record_converter(form: Form, draft: bool = False) -> Converter:
    """A function turning a record into printable strings, built once per form and process.

    Every property of the schema is present in the result (missing ones as ``""``
    or ``[]``), so templates can use StrictUndefined and a draft prints empty lines
    (with *draft*, an empty list holds one blank item).
    """
    resolver = schema_registry().resolver(base_uri=str(form.schema.get("$id", "")))
    return _compile(form.schema, resolver, form.language, draft)


def document_details(form: Form, settings: Settings, *, draft: bool = False) -> dict[str, Any]:
    """The ``dokument`` part of the context that does not depend on the record."""
    meta = form.meta
    said = words(form.language)
    return {
        "kommun": settings.municipality(form.language),
        "titel": form.title,
        "bilaga": str(meta.get("annex", "")),
        "rutin": str(meta.get("routine", "")),
        "version": form.version,
        "utkast": said["utkast"] if draft else "",
        "sida": said["sida"],
        "av": said["av"],
        "mottagare": [],
    }


# Form-specific context computed from the raw record (codes, not labels).
_EXTRAS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "avvikelserapport": lambda data: {"mottagare": [r.to_dict() for r in recipients(data)]},
}


def display_context(form: Form, data: Mapping[str, Any], settings: Settings, *, draft: bool = False) -> dict[str, Any]:
    """The full template context of one record: every schema property printable, plus ``dokument``."""
    context: dict[str, Any] = record_converter(form, draft)(data)
    details = document_details(form, settings, draft=draft)
    extra = _EXTRAS.get(form.id)
    if extra is not None:
        details.update(extra(data))
    context[RESERVED] = details
    return context
