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

and on any property, ``x-formkit`` may hold ``instruction`` (sentences printed
under its heading or label), ``after`` (sentences after its section),
``section: false`` (not printed as a section of its own: its values appear in
a signature block), ``header: true`` (a top-level text printed in the page
header: the issuing municipality, ``kommun``/``kommune``), ``long_text`` (a box for free text regardless of its
length limit) and ``column_weight`` (its share of a Word table's width).
A signer's ``name``, ``role`` and ``date`` are paths inside each item of its
``list`` (or inside its ``field``); ``date`` may also be a path from the top
of the record when it starts with ``/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from formkit.errors import SchemaError
from formkit.model.fields import FormModel

FORM_KEYS = frozenset(
    {
        "id", "title", "routine", "annex", "language", "version", "source",
        "intro", "closing", "signatures", "routing", "secrecy", "subject",
    }
    | {"case", "due", "consent", "calendar"}  # the form's part in a case: read by formkit.model.casework
    | {"summary"}  # what the yearly summary counts: read by formkit.model.summaryspec
)
NODE_KEYS = frozenset({"instruction", "after", "section", "long_text", "column_weight", "header"})
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
        return cls(
            intro=_texts(meta.get("intro"), where, "intro"),
            closing=_texts(meta.get("closing"), where, "closing"),
            signatures=_signatures(meta.get("signatures"), where, model),
            routing=_routing(meta.get("routing"), where),
            secrecy=str(meta.get("secrecy") or ""),
            subject=_subject(meta.get("subject"), where, model),
            hints=hints,
        )

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
