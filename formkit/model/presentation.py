"""What a form's documents print beyond its fields, read from the schema's ``x-formkit`` annotations.

Both renderers (Word and PDF) read the same :class:`Presentation`, so they
print the same sentences, signature lines and recipients. A form from an
outside folder says all of this in its own schema; no module holds a table
keyed by form id.

At the top of the schema, ``x-formkit`` may hold, besides its identity
(``id``, ``title``, ``routine``, ``annex``, ``language``, ``version``,
``source``)::

    "intro":      ["sentence printed under the title", ...],
    "closing":    ["sentence printed before the signatures", ...],
    "signatures": {"heading": "Underskrifter", "intro": ["..."],
                   "signers": [{"caption": "Delaktig", "list": "delaktiga", "name": "namn",
                                "role": ["roll", "verksamhet"], "date": "...", "blank": 2,
                                "from_age": "barnets_samtycke_alder", "birth": "barn.personnummer",
                                "age_on": "datum"}]},
    "routing":    {"heading": "Mottagare", "intro": ["..."], "by": "rapportor.verksamhetstyp",
                   "routes": {"grundskola": [{"kind": "mottagare", "role": "rektor", "label": "Ansvarig rektor"}]},
                   "default": [...],
                   "always": [{"kind": "kopia", "role": "...", "label": "...", "name": "berord_verksamhet.namn"}]},
    "secrecy":    "Sekretess enligt OSL 26 kap. 1 §",
    "subject":    "barn.namn"         (whose document: printed on every page, so loose pages can be matched)
    "legal":      ["sol-sip", "hsl-sip"]   (the legal basis, printed after the intro: ids in schemas/lagrum.json,
                                            the one place that holds each reference and the date it was checked)
    "variants":   {"by": "rutin", "setting": "rutin",
                   "texts": {"jamtbus": {"intro": ["..."], "closing": ["..."],
                                         "instruction": {"kallad_av": ["..."]}, "after": {"mote": ["..."]}},
                             "norrbus": {...}}}

``variants``: sentences chosen per record. The record's value at ``by``
(one of the ``texts`` keys; a yes/no field's keys are ``"true"`` and
``"false"``) chooses; when the record leaves it out, the
issuing municipality's table in the settings gives it (``[kommuner."…"]
<setting>``); with neither, the form's own sentences stand. A variant
replaces the slots it names (``intro``, ``closing``, a top-level property's
``instruction`` or ``after``) and keeps the rest; nothing else about the
form changes. A sentence may name an int setting or the municipality's
standing time in braces (``{natverksmote_max_dagar}``, ``{staende_tid}``);
a sentence naming a standing time the municipality does not have is left
out. :meth:`Presentation.texts` resolves the slots for one record; the
display context carries them as ``dokument.texter`` (see
:mod:`formkit.render.context`) and both renderers print them.

and on any property, ``x-formkit`` may hold ``instruction`` (sentences printed
under its heading or label), ``after`` (sentences after its section),
``section: false`` (not printed as a section of its own: its values appear in
a signature block), ``header: true`` (a top-level text printed in the page
header: the issuing municipality, ``kommun``/``kommune``), ``long_text`` (a box for free text regardless of its
length limit) and ``column_weight`` (its share of a Word table's width).
``channel`` on a leaf of a list's items (``kallade.*.via: {"channel":
"verksamhetstyp"}``) prints, when the record leaves the leaf empty, the
issuing municipality's channel for the item's value of that sibling
(``[kommuner."…"] kanaler``).
A signer's ``name``, ``role`` and ``date`` are paths inside each item of its
``list`` (or inside its ``field``); ``date`` may also be a path from the top
of the record when it starts with ``/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from formkit.errors import SchemaError
from formkit.model.fields import FormModel
from formkit.resources import schemas_dir

if TYPE_CHECKING:
    from formkit.settings import Settings

FORM_KEYS = frozenset(
    {
        "id", "title", "routine", "annex", "language", "version", "source",
        "intro", "closing", "signatures", "routing", "secrecy", "subject", "legal", "variants",
    }
    | {"case", "due", "consent", "calendar"}  # the form's part in a case: read by formkit.model.casework
    | {"summary"}  # what the yearly summary counts: read by formkit.model.summaryspec
)
NODE_KEYS = frozenset({"instruction", "after", "section", "long_text", "column_weight", "header", "channel"})
_VARIANT_SLOTS = frozenset({"intro", "closing", "instruction", "after"})
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
STANDING = "staende_tid"
"""The placeholder a variant sentence uses for the municipality's standing collaboration time."""
LAGRUM = "lagrum.json"
"""The legal references formkit prints or documents, each with the date it was checked (in ``schemas/``)."""
_SIGNER_KEYS = frozenset({"caption", "list", "field", "name", "role", "date", "blank", "from_age", "birth", "age_on"})
_ROUTE_KEYS = frozenset({"kind", "role", "label", "name"})


@dataclass(frozen=True)
class SignerSpec:
    """Who signs: one line per item of ``list`` (or one for ``field``), named from the record."""

    caption: str
    list: str | None = None
    field: str | None = None
    name: str | None = None
    role: tuple[str, ...] = ()
    date: str | None = None
    blank: int = 0
    """Lines printed without a name when the list is empty (to be filled in by hand)."""
    from_age: str | None = None
    """A setting (``barnets_samtycke_alder``): the line is printed only from that age on."""
    birth: str | None = None
    age_on: str | None = None


@dataclass(frozen=True)
class SignatureSpec:
    heading: str
    intro: tuple[str, ...]
    signers: tuple[SignerSpec, ...]


@dataclass(frozen=True)
class RouteSpec:
    kind: str
    role: str
    label: str
    name: str | None = None


@dataclass(frozen=True)
class RoutingSpec:
    heading: str
    intro: tuple[str, ...]
    by: str
    routes: Mapping[str, tuple[RouteSpec, ...]]
    default: tuple[RouteSpec, ...]
    always: tuple[RouteSpec, ...]


@dataclass(frozen=True)
class VariantTexts:
    """The sentences one variant prints instead of the form's own: intro, closing, per top-level property."""

    intro: tuple[str, ...] | None = None
    closing: tuple[str, ...] | None = None
    instruction: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    after: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Variants:
    """Sentences chosen per record: by the value at ``by``, else the municipality's ``setting``."""

    by: str
    setting: str | None
    texts: Mapping[str, VariantTexts]

    def slots(self) -> tuple[str, ...]:
        """Every slot some variant replaces: ``intro``, ``closing``, ``instruction:<path>``, ``after:<path>``."""
        found: dict[str, None] = {}
        for texts in self.texts.values():
            if texts.intro is not None:
                found["intro"] = None
            if texts.closing is not None:
                found["closing"] = None
            for path in texts.instruction:
                found[f"instruction:{path}"] = None
            for path in texts.after:
                found[f"after:{path}"] = None
        return tuple(found)


@dataclass(frozen=True)
class Presentation:
    """A form's printed extras: intro, closing, signature block, routing, secrecy marking, per-field hints."""

    intro: tuple[str, ...] = ()
    closing: tuple[str, ...] = ()
    signatures: SignatureSpec | None = None
    routing: RoutingSpec | None = None
    secrecy: str = ""
    subject: str | None = None
    """The path of the name of the person the document is about (printed on every page)."""
    hints: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Generic path -> the node's ``x-formkit`` hints."""
    variants: Variants | None = None
    """Sentences chosen per record (a routine's own words), if the form has them."""
    legal: tuple[str, ...] = ()
    """The ids of the form's legal basis in :data:`LAGRUM` (printed after the intro)."""

    @classmethod
    def of(cls, meta: Mapping[str, Any], model: FormModel, where: str) -> Presentation:
        """Read and check a form's presentation: its ``x-formkit`` *meta* and the hints in its *model*.

        SchemaError names the file (*where*) and the key that is wrong.
        """
        unknown = set(meta) - FORM_KEYS
        if unknown:
            raise SchemaError(
                "presentation.unknown_keys", path=where, where="x-formkit", keys=sorted(unknown), known=sorted(FORM_KEYS)
            )
        hints: dict[str, Mapping[str, Any]] = {}
        for node in model.root.walk():
            if node.path and node.hints:
                bad = set(node.hints) - NODE_KEYS
                if bad:
                    raise SchemaError(
                        "presentation.unknown_keys", path=where, where=node.path, keys=sorted(bad), known=sorted(NODE_KEYS)
                    )
                hints[node.path] = node.hints
        legal = _legal(meta.get("legal"), where)
        return cls(
            intro=_texts(meta.get("intro"), where, "intro") + legal_sentences(legal, str(meta.get("language") or "sv")),
            closing=_texts(meta.get("closing"), where, "closing"),
            signatures=_signatures(meta.get("signatures"), where, model),
            routing=_routing(meta.get("routing"), where),
            secrecy=str(meta.get("secrecy") or ""),
            subject=_subject(meta.get("subject"), where, model),
            hints=hints,
            variants=_variants(meta.get("variants"), where, model),
            legal=legal,
        )

    def variant_key(self, record: Mapping[str, Any], settings: Settings, language: str) -> str | None:
        """The variant a record prints: its own value at ``by``, else its municipality's setting (None: the form's own)."""
        spec = self.variants
        if spec is None:
            return None
        own = record.get(spec.by) if "." not in spec.by else None
        if isinstance(own, bool):
            own = "true" if own else "false"  # a yes/no field chooses by "true" and "false"
        if isinstance(own, str) and own in spec.texts:
            return own
        if spec.setting is None:
            return None
        kommun = settings.municipality_settings(self.municipality_name(record, settings, language))
        chosen = getattr(kommun, spec.setting, None) if kommun is not None else None
        return chosen if isinstance(chosen, str) and chosen in spec.texts else None

    def municipality_name(self, record: Mapping[str, Any], settings: Settings, language: str) -> str:
        """The municipality that issues the record: its own header field (``kommun``), else the setting's."""
        header = self.header_field()
        own = record.get(header) if header else None
        return own.strip() if isinstance(own, str) and own.strip() else settings.municipality(language)

    def texts(self, record: Mapping[str, Any], settings: Settings, language: str) -> dict[str, tuple[str, ...]]:
        """The sentences of every varying slot for *record* (see :meth:`Variants.slots`), settings filled in."""
        spec = self.variants
        if spec is None:
            return {}
        key = self.variant_key(record, settings, language)
        chosen = spec.texts.get(key) if key is not None else None
        kommun = settings.municipality_settings(self.municipality_name(record, settings, language))
        result: dict[str, tuple[str, ...]] = {}
        for slot in spec.slots():
            kind, _, path = slot.partition(":")
            if kind == "intro":
                own = chosen.intro if chosen is not None else None
                sentences = own if own is not None else self.intro
            elif kind == "closing":
                own = chosen.closing if chosen is not None else None
                sentences = own if own is not None else self.closing
            else:
                table = (chosen.instruction if kind == "instruction" else chosen.after) if chosen is not None else {}
                fallback = self.instruction(path) if kind == "instruction" else self.after(path)
                sentences = table.get(path, fallback)
            result[slot] = tuple(filled for s in sentences if (filled := _fill(s, settings, kommun, language)) is not None)
        return result

    def slot_texts(self, slot: str) -> tuple[str, ...]:
        """The form's own sentences of *slot* (what the blank form prints)."""
        kind, _, path = slot.partition(":")
        if kind == "intro":
            return self.intro
        if kind == "closing":
            return self.closing
        return self.instruction(path) if kind == "instruction" else self.after(path)

    def instruction(self, path: str) -> tuple[str, ...]:
        """Sentences printed under the heading or label of the field at generic *path*."""
        return _texts(self.hints.get(path, {}).get("instruction"), "", path)

    def after(self, path: str) -> tuple[str, ...]:
        """Sentences printed after the section of the field at generic *path*."""
        return _texts(self.hints.get(path, {}).get("after"), "", path)

    def is_section(self, path: str) -> bool:
        """False for a field whose values are printed elsewhere (the signature block, the page header)."""
        hints = self.hints.get(path, {})
        return hints.get("section", True) is not False and hints.get("header") is not True

    def header_field(self) -> str | None:
        """The top-level field printed in the page header (the issuing municipality), if the form has one."""
        return next((path for path, hints in self.hints.items() if hints.get("header") is True and "." not in path), None)

    def long_text(self, path: str) -> bool | None:
        value = self.hints.get(path, {}).get("long_text")
        return value if isinstance(value, bool) else None

    def column_weight(self, path: str) -> float | None:
        value = self.hints.get(path, {}).get("column_weight")
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _subject(value: Any, where: str, model: FormModel) -> str | None:
    if value is None:
        return None
    node = model.node(str(value))
    if node is None or not node.is_leaf:
        raise SchemaError("presentation.subject", path=where, field=value)
    return str(value)


def _texts(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise SchemaError("presentation.texts", path=where, key=key)


def check_keys(value: Any, known: frozenset[str], where: str, what: str) -> dict[str, Any]:
    """*value* as an x-formkit object holding only *known* keys (SchemaError naming *where* and *what* otherwise)."""
    if not isinstance(value, dict):
        raise SchemaError("presentation.object", path=where, key=what)
    unknown = set(value) - known
    if unknown:
        raise SchemaError("presentation.unknown_keys", path=where, where=what, keys=sorted(unknown), known=sorted(known))
    return value


def _signatures(value: Any, where: str, model: FormModel) -> SignatureSpec | None:
    if value is None:
        return None
    spec = check_keys(value, frozenset({"heading", "intro", "signers"}), where, "signatures")
    signers = []
    for item in spec.get("signers") or []:
        raw = check_keys(item, _SIGNER_KEYS, where, "signatures.signers")
        if ("list" in raw) == ("field" in raw):
            raise SchemaError("presentation.signer_anchor", path=where, caption=raw.get("caption"))
        anchor = raw.get("list") or raw.get("field")
        node = model.node(str(anchor))
        if node is None or (raw.get("list") and node.kind != "array"):
            raise SchemaError("presentation.signer_target", path=where, caption=raw.get("caption"), anchor=anchor)
        role = raw.get("role") or ()
        signers.append(
            SignerSpec(
                caption=str(raw.get("caption", "")),
                list=raw.get("list"),
                field=raw.get("field"),
                name=raw.get("name"),
                role=(role,) if isinstance(role, str) else tuple(role),
                date=raw.get("date"),
                blank=int(raw.get("blank", 0)),
                from_age=raw.get("from_age"),
                birth=raw.get("birth"),
                age_on=raw.get("age_on"),
            )
        )
    return SignatureSpec(str(spec.get("heading") or ""), _texts(spec.get("intro"), where, "signatures.intro"), tuple(signers))


def _routes(value: Any, where: str) -> tuple[RouteSpec, ...]:
    routes = []
    for item in value or []:
        raw = check_keys(item, _ROUTE_KEYS, where, "routing.routes")
        routes.append(RouteSpec(str(raw["kind"]), str(raw["role"]), str(raw["label"]), raw.get("name")))
    return tuple(routes)


def _routing(value: Any, where: str) -> RoutingSpec | None:
    if value is None:
        return None
    spec = check_keys(value, frozenset({"heading", "intro", "by", "routes", "default", "always"}), where, "routing")
    routes = spec.get("routes") or {}
    if not isinstance(routes, dict):
        raise SchemaError("presentation.routes", path=where)
    return RoutingSpec(
        heading=str(spec.get("heading") or ""),
        intro=_texts(spec.get("intro"), where, "routing.intro"),
        by=str(spec.get("by", "")),
        routes={str(code): _routes(items, where) for code, items in routes.items()},
        default=_routes(spec.get("default"), where),
        always=_routes(spec.get("always"), where),
    )


def _fill(sentence: str, settings: Settings, kommun: Any, language: str) -> str | None:
    """*sentence* with its ``{setting}`` placeholders filled (None: it names a standing time the municipality lacks)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == STANDING:
            standing = getattr(kommun, STANDING, None)
            if standing is None:
                raise LookupError(name)
            from formkit.i18n import text

            day = text(language, f"weekday.{standing.weekday}")
            ordinal = text(language, f"ordinal.{standing.ordinal}")
            return text(language, "standing.describe", ordinal=ordinal, day=day, start=standing.start, end=standing.end)
        return str(getattr(settings, name))

    try:
        return _PLACEHOLDER.sub(value, sentence)
    except LookupError:
        return None


def _variants(value: Any, where: str, model: FormModel) -> Variants | None:
    if value is None:
        return None
    spec = check_keys(value, frozenset({"by", "setting", "texts"}), where, "variants")
    by = spec.get("by")
    node = model.node(str(by)) if isinstance(by, str) else None
    if node is None or not node.is_leaf:
        raise SchemaError("presentation.subject", path=where, field=by)
    texts: dict[str, VariantTexts] = {}
    raw_texts = spec.get("texts")
    if not isinstance(raw_texts, dict) or not raw_texts:
        raise SchemaError("presentation.object", path=where, key="variants.texts")
    for key, raw in raw_texts.items():
        slots = check_keys(raw, _VARIANT_SLOTS, where, f"variants.texts.{key}")
        per_path: dict[str, dict[str, tuple[str, ...]]] = {}
        for kind in ("instruction", "after"):
            table = slots.get(kind, {})
            if not isinstance(table, dict):
                raise SchemaError("presentation.object", path=where, key=f"variants.texts.{key}.{kind}")
            for path in table:
                if "." in path or model.node(path) is None:
                    raise SchemaError("casework.path", path=where, key=f"variants.texts.{key}.{kind}", field=path)
            per_path[kind] = {path: _texts(sentences, where, f"variants.{key}") for path, sentences in table.items()}
        texts[str(key)] = VariantTexts(
            intro=_texts(slots["intro"], where, "variants.intro") if "intro" in slots else None,
            closing=_texts(slots["closing"], where, "variants.closing") if "closing" in slots else None,
            instruction=per_path["instruction"],
            after=per_path["after"],
        )
    setting = spec.get("setting")
    return Variants(str(by), str(setting) if setting else None, texts)


@cache
def lagrum() -> dict[str, Any]:
    """The legal references (``schemas/lagrum.json``): id -> {sv/nb words, act, in force, checked, status, source}."""
    path = schemas_dir() / LAGRUM
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SchemaError("schema.unreadable", path=path, kind=exc.__class__.__name__) from exc
    references = data.get("references") if isinstance(data, dict) else None
    if not isinstance(references, dict):
        raise SchemaError("schema.not_object", path=path)
    return references


def _legal(value: Any, where: str) -> tuple[str, ...]:
    ids = _texts(value, where, "legal")
    known = lagrum()
    for ref in ids:
        if ref not in known:
            raise SchemaError("presentation.legal", path=where, ref=ref, known=", ".join(sorted(known)))
    return ids


def legal_sentences(ids: tuple[str, ...], language: str) -> tuple[str, ...]:
    """The printed legal basis of a form: one sentence naming every reference, in *language*."""
    if not ids:
        return ()
    from formkit.i18n import language_of, text

    lang = language_of(language)
    words = [str(lagrum()[ref].get(lang) or lagrum()[ref]["sv"]) for ref in ids]
    joined = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {text(lang, 'word.and')} {words[-1]}"
    return (text(lang, "doc.legal_basis", references=joined),)
