"""What a rendered form prints: dates, yes/no, enum labels, and the full template context of a record."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from typing import Any

from formkit.formats import age_on, personnummer_birth_date
from formkit.i18n import text
from formkit.model.catalog import Form
from formkit.model.fields import FieldNode
from formkit.model.paths import value_at
from formkit.model.presentation import SignerSpec
from formkit.render.routing import recipients
from formkit.settings import Settings

RESERVED = "dokument"
"""The one top-level template name that is not a schema property: document details."""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def words(language: str) -> dict[str, str]:
    """The words a document prints besides its titles, in *language* (``ja``, ``nej``, ``sida``, ``av``, …)."""
    keys = {"ja": "doc.yes", "nej": "doc.no", "sida": "doc.page", "av": "doc.of", "utkast": "doc.draft", "datum": "doc.date"}
    return {name: text(language, key) for name, key in keys.items()}


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


def _compile(node: FieldNode, language: str, draft: bool) -> Converter:
    if node.kind == "object":
        fields = [(name, _compile(child, language, draft)) for name, child in node.children.items()]

        def convert_object(value: Any) -> dict[str, Any]:
            source = value if isinstance(value, Mapping) else {}
            return {name: convert(source.get(name)) for name, convert in fields}

        return convert_object
    if node.kind == "array":
        item = node.item
        convert_item = _compile(item, language, draft) if item is not None else _text

        def convert_array(value: Any) -> list[Any]:
            items = [convert_item(item) for item in value] if isinstance(value, list) else []
            # A draft is printed to be completed by hand: an empty list still gets one blank row.
            return items or ([convert_item(None)] if draft else [])

        return convert_array
    if node.enum is not None:
        table = dict(node.enum_titles)
        return lambda value: "" if value is None else table.get(_text(value), _text(value))
    if node.kind == "boolean":
        yes, no = words(language)["ja"], words(language)["nej"]
        return lambda value: "" if value is None else (yes if value is True else no if value is False else _text(value))
    if node.format == "date":
        return lambda value: "" if value is None else format_date(_text(value), language)
    return _text


@cache
def record_converter(form: Form, draft: bool = False) -> Converter:
    """A function turning a record into printable strings, built once per form and process.

    Every property of the schema is present in the result (missing ones as ``""``
    or ``[]``), so templates can use StrictUndefined and a draft prints empty lines
    (with *draft*, an empty list holds one blank item).
    """
    return _compile(form.model.root, form.language, draft)


def secrecy_marking(form: Form, settings: Settings | None) -> str:
    """The secrecy marking printed in the page header: ``[dokument] sekretessmarkering``, else the form's presentation."""
    default = form.presentation.secrecy
    return settings.secrecy_marking(form.id, default) if settings is not None else default


TEXT_GROUPS = {"intro": "intro", "closing": "avslutning", "instruction": "instruktion", "after": "efter"}
"""Where a varying slot's sentences sit in ``dokument.texter``: ``intro``, ``avslutning``, ``instruktion.<field>``,
``efter.<field>``."""


def text_slots(form: Form | None, sentences: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    """``dokument.texter``: the sentences of the slots the form's variants change (the form's own without *sentences*)."""
    spec = form.presentation.variants if form is not None else None
    if form is None or spec is None:
        return {}
    texts: dict[str, Any] = {}
    for slot in spec.slots():
        kind, _, path = slot.partition(":")
        chosen = list(sentences[slot] if sentences is not None and slot in sentences else form.presentation.slot_texts(slot))
        group = TEXT_GROUPS[kind]
        if path:
            texts.setdefault(group, {})[path] = chosen
        else:
            texts[group] = chosen
    return texts


def document_details(form: Form | None, settings: Settings | None, *, draft: bool = False) -> dict[str, Any]:
    """The ``dokument`` part of the context that does not depend on the record (its keys without a form)."""
    meta = form.meta if form is not None else {}
    language = form.language if form is not None else "sv"
    said = words(language)
    return {
        "kommun": settings.municipality(language) if settings is not None else "",
        "sekretessmarkering": secrecy_marking(form, settings) if form is not None else "",
        "titel": form.title if form is not None else "",
        "bilaga": str(meta.get("annex") or ""),
        "rutin": str(meta.get("routine") or ""),
        "version": form.version if form is not None else "",
        "person": "",
        "utkast": said["utkast"] if draft else "",
        "sida": said["sida"],
        "av": said["av"],
        "datum": said["datum"],
        "mottagare": [],
        "underskrifter": [],
        "texter": text_slots(form),
    }


def _text_field(name: str, parent: str) -> FieldNode:
    return FieldNode(name, f"{parent}.{name}", "string", name, (), False, ())


def _list_field(name: str, keys: tuple[str, ...]) -> FieldNode:
    path = f"{RESERVED}.{name}"
    item = FieldNode("*", f"{path}.*", "object", name, (), True, (path,))
    item.children = {key: _text_field(key, f"{path}.*") for key in keys}
    return FieldNode(name, path, "array", name, (), False, (), item=item)


RECIPIENT_KEYS = ("kind", "kind_label", "role", "label")
SIGNATURE_KEYS = ("rubrik", "namn", "roll", "datum")


def _sentences_field(name: str, parent: str) -> FieldNode:
    path = f"{parent}.{name}"
    item = FieldNode("*", f"{path}.*", "string", name, (), True, (path,))
    return FieldNode(name, path, "array", name, (), False, (), item=item)


def document_fields(form: Form | None = None) -> FieldNode:
    """The ``dokument`` part of the context as fields, so ``templates check`` knows its placeholders (*form*'s texts too)."""
    details = document_details(form, None)
    lists = ("mottagare", "underskrifter", "texter")
    children = {name: _text_field(name, RESERVED) for name in details if name not in lists}
    children["mottagare"] = _list_field("mottagare", RECIPIENT_KEYS)
    children["underskrifter"] = _list_field("underskrifter", SIGNATURE_KEYS)
    texts_path = f"{RESERVED}.texter"
    texts: dict[str, FieldNode] = {}
    for group, value in details["texter"].items():
        if isinstance(value, dict):
            node = FieldNode(group, f"{texts_path}.{group}", "object", group, (), False, ())
            node.children = {path: _sentences_field(path, node.path) for path in value}
            texts[group] = node
        else:
            texts[group] = _sentences_field(group, texts_path)
    children["texter"] = FieldNode("texter", texts_path, "object", "texter", (), False, (), children=texts)
    return FieldNode(RESERVED, RESERVED, "object", RESERVED, (), False, (), children=children)


def with_channels(form: Form, data: Mapping[str, Any], settings: Settings) -> Mapping[str, Any]:
    """*data* with each empty ``channel`` leaf (``kallade.*.via``) taken from the municipality's channel table.

    The record itself is not changed (a copy is made only when a channel is filled in); what is printed is
    what a reader of the document sees, in Word and PDF alike.
    """
    channels = [(path, hints["channel"]) for path, hints in form.presentation.hints.items() if hints.get("channel")]
    if not channels:
        return data
    kommun = settings.municipality_settings(form.presentation.municipality_name(data, settings, form.language))
    if kommun is None or not kommun.kanaler:
        return data
    result: dict[str, Any] | None = None
    for path, sibling in channels:
        parts = path.split(".")
        if len(parts) != 3 or parts[1] != "*" or not isinstance(data.get(parts[0]), list):
            continue
        for index, item in enumerate(data[parts[0]]):
            if not isinstance(item, Mapping) or _shown(item.get(parts[2])):
                continue
            channel = kommun.channel(str(item.get(sibling)))
            if channel is None:
                continue
            if result is None:
                result = {**data, parts[0]: [dict(i) if isinstance(i, Mapping) else i for i in data[parts[0]]]}
            elif result[parts[0]] is data[parts[0]]:
                result[parts[0]] = [dict(i) if isinstance(i, Mapping) else i for i in data[parts[0]]]
            result[parts[0]][index][parts[2]] = channel
    return result if result is not None else data


def _shown(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _signer_rows(signer: SignerSpec, record: Mapping[str, Any], language: str) -> list[dict[str, str]]:
    anchor = signer.list or signer.field or ""
    found = value_at(record, anchor)
    if signer.list:
        items = [item for item in found if isinstance(item, Mapping)] if isinstance(found, list) else []
    else:
        items = [found if isinstance(found, Mapping) else {}]
    rows = []
    for item in items:
        role = ", ".join(part for part in (_shown(value_at(item, path)) for path in signer.role) if part)
        date_path = signer.date or ""
        raw_date = value_at(record, date_path[1:]) if date_path.startswith("/") else value_at(item, date_path)
        day = format_date(raw_date, language) if isinstance(raw_date, str) else ""
        rows.append({"rubrik": signer.caption, "namn": _shown(value_at(item, signer.name)), "roll": role, "datum": day})
    if signer.list and not rows:
        rows = [{"rubrik": signer.caption, "namn": "", "roll": "", "datum": ""} for _ in range(signer.blank)]
    return rows


def _signs(signer: SignerSpec, record: Mapping[str, Any], settings: Settings) -> bool:
    """False only when the signer is a child below the signing age on the form's date (age known)."""
    if not signer.from_age:
        return True
    threshold = getattr(settings, signer.from_age, None)
    number, day = value_at(record, signer.birth), value_at(record, signer.age_on)
    birth = personnummer_birth_date(number) if isinstance(number, str) else None
    try:
        on = date.fromisoformat(day) if isinstance(day, str) else None
    except ValueError:
        on = None
    if not isinstance(threshold, int) or birth is None or on is None:
        return True  # age unknown: the line is printed, a blank line harms no one
    return age_on(birth, on) >= threshold


def signature_rows(form: Form, record: Mapping[str, Any], settings: Settings) -> list[dict[str, str]]:
    """One row per signature line the record's form asks for: caption, name, role, date (all printed text)."""
    spec = form.presentation.signatures
    if spec is None:
        return []
    rows: list[dict[str, str]] = []
    for signer in spec.signers:
        if _signs(signer, record, settings):
            rows.extend(_signer_rows(signer, record, form.language))
    return rows


def municipality(form: Form, record: Mapping[str, Any], settings: Settings) -> str:
    """The municipality printed in the header: the record's own ``kommun``/``kommune``, else the setting."""
    for key in ("kommun", "kommune"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return settings.municipality(form.language)


def display_context(form: Form, data: Mapping[str, Any], settings: Settings, *, draft: bool = False) -> dict[str, Any]:
    """The full display context of one record: every schema property printable, plus ``dokument``.

    Both renderers take this: Word as its template context, PDF for the text of
    every field, the signature lines and the recipients. ``dokument.texter``
    holds the sentences the record's variant chooses (a routine's own words:
    :meth:`formkit.model.presentation.Presentation.texts`).
    """
    data = with_channels(form, data, settings)
    context: dict[str, Any] = record_converter(form, draft)(data)
    details = document_details(form, settings, draft=draft)
    details["texter"] = text_slots(form, form.presentation.texts(data, settings, form.language))
    details["kommun"] = municipality(form, data, settings)
    details["person"] = _shown(value_at(data, form.presentation.subject))
    details["mottagare"] = [r.to_dict() for r in recipients(form, data)]
    details["underskrifter"] = signature_rows(form, data, settings)
    context[RESERVED] = details
    return context
