"""The field tree of a form: its schema read once, ``$ref`` and ``allOf`` resolved, every node found by dot path.

This module is the only code in formkit that walks a JSON Schema. Everything
else — sources, validation detail, normalisation, both renderers, extraction,
the summary — asks a :class:`FormModel` for a :class:`FieldNode`.

Resolution. A schema node is read in layers: its own keywords first, then
what its ``$ref`` points to, then each ``allOf`` part in order. A keyword
takes the value of the first layer that has it (so a ``title`` beside a
``$ref`` wins over the target's); ``properties`` are the union of every
layer's, in document order (``allOf`` parts first, then the ``$ref`` target,
then the node's own), and ``required`` the union. Each property is resolved
against the layer it came from, so a relative ``$ref`` inside a shared
definition still means what it meant there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from referencing import Registry
from referencing.exceptions import Unresolvable

from formkit.errors import SchemaError

LIST_MARK = "*"
"""Stands for any list index in a generic path: ``insatser.*.ansvarig.namn``."""
HINTS = "x-formkit"
"""The annotation keyword holding a node's presentation (see :mod:`formkit.model.presentation`)."""
MAX_DEPTH = 32
"""Forms nest a handful of levels; deeper means a recursive schema, which a form cannot be."""
_ANNOTATIONS = frozenset({"title", "description", "$comment", "examples", "default", HINTS, "x-enum-titles"})
_DIGITS = re.compile(r"[0-9]+\Z")


@dataclass(eq=False)
class FieldNode:
    """One node of a form: an object (``children``), a list (``item``) or a leaf a person fills in.

    ``path`` is the generic dot path (``*`` for a list index, ``""`` for the
    form itself); ``titles`` the titles from the top of the form down to this
    node; ``list_paths`` the generic paths of the lists around it, outermost
    first; ``required`` whether its object requires it (a list's items inherit
    the list's). ``hints`` is the node's ``x-formkit`` annotation: how it is
    presented (see :mod:`formkit.model.presentation`).
    """

    name: str
    path: str
    kind: str
    title: str
    titles: tuple[str, ...]
    required: bool
    list_paths: tuple[str, ...]
    description: str | None = None
    format: str | None = None
    enum: tuple[Any, ...] | None = None
    enum_titles: Mapping[str, str] = field(default_factory=dict)
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    hints: Mapping[str, Any] = field(default_factory=dict)
    children: dict[str, FieldNode] = field(default_factory=dict)
    item: FieldNode | None = None
    exact: bool = False
    """Whether the schema admits here only what this node describes: an object that rejects other
    properties, a list with an item schema, a leaf whose declared types hold no object or list."""

    @property
    def is_leaf(self) -> bool:
        """True for a value a person fills in (text, date, yes/no, a choice)."""
        return self.kind not in ("object", "array")

    @property
    def type(self) -> str:
        """The JSON type of a leaf (``string``, ``boolean``, ``integer``, ``number``)."""
        return self.kind

    def concrete(self, *indices: int) -> str:
        """The path with the list marks replaced by *indices*, outermost first."""
        it = iter(indices)
        return ".".join(str(next(it)) if part == LIST_MARK else part for part in self.path.split("."))

    def label(self, code: Any) -> str:
        """The printed label of an enum *code* (the code itself when the schema gives none)."""
        text = code if isinstance(code, str) else str(code)
        return self.enum_titles.get(text, text)

    def walk(self) -> Iterator[FieldNode]:
        """This node and every node below it, in document order."""
        yield self
        for child in self.children.values():
            yield from child.walk()
        if self.item is not None:
            yield from self.item.walk()

    def leaves(self) -> Iterator[FieldNode]:
        """The leaves at and below this node, in document order."""
        return (node for node in self.walk() if node.is_leaf)


@dataclass
class _Layer:
    keywords: dict[str, Any]
    resolver: Any


def _layers(node: Any, resolver: Any, where: str, depth: int = 0) -> list[_Layer]:
    """*node* and everything it includes (``$ref``, ``allOf``), highest priority first."""
    if depth > MAX_DEPTH:
        raise SchemaError("schema.recursive", path=where)
    if not isinstance(node, dict):
        return []
    layers = [_Layer({k: v for k, v in node.items() if k not in ("$ref", "allOf")}, resolver)]
    if "$ref" in node:
        try:
            target = resolver.lookup(node["$ref"])
        except Unresolvable as exc:
            raise SchemaError("schema.unresolvable", path=where, ref=node["$ref"]) from exc
        layers.extend(_layers(target.contents, target.resolver, where, depth + 1))
    for part in node.get("allOf", ()):
        layers.extend(_layers(part, resolver, where, depth + 1))
    return layers


def _first(layers: list[_Layer], key: str) -> Any:
    for layer in layers:
        if key in layer.keywords:
            return layer.keywords[key]
    return None


def _kind(layers: list[_Layer]) -> str:
    kind = _first(layers, "type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if isinstance(kind, str):
        return kind
    if any("properties" in layer.keywords for layer in layers):
        return "object"
    if any("items" in layer.keywords for layer in layers):
        return "array"
    return "string"


def _exact(layers: list[_Layer], kind: str) -> bool:
    """See FieldNode.exact: judged from the node's own keywords (children and items judge themselves)."""
    if kind == "object":
        closing = ("additionalProperties", "unevaluatedProperties")
        return any(layer.keywords.get(key) is False for layer in layers for key in closing)
    if kind == "array":
        return any("items" in layer.keywords for layer in layers)
    declared = _first(layers, "type")
    types = declared if isinstance(declared, list) else [declared]
    return declared is not None and not any(t in ("object", "array") for t in types)


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _enum_titles(layers: list[_Layer], enum: tuple[Any, ...] | None) -> dict[str, str]:
    titles = _first(layers, "x-enum-titles")
    if isinstance(titles, list) and enum is not None:
        titles = dict(zip((str(code) for code in enum), titles, strict=False))
    return {str(k): str(v) for k, v in titles.items()} if isinstance(titles, dict) else {}


def _hints(layers: list[_Layer]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for layer in reversed(layers):  # lower priority first, so the node's own hints win
        hints = layer.keywords.get(HINTS)
        if isinstance(hints, dict):
            merged.update(hints)
    return merged


def build_node(
    schema: Any,
    resolver: Any,
    *,
    name: str = "",
    path: str = "",
    titles: tuple[str, ...] = (),
    required: bool = True,
    lists: tuple[str, ...] = (),
    fallback_title: str = "",
    add_title: bool = False,
    where: str = "schema",
) -> FieldNode:
    """The :class:`FieldNode` tree of *schema* (resolved against *resolver*)."""
    if len(lists) + path.count(".") > MAX_DEPTH:
        raise SchemaError("schema.too_deep", path=where)
    layers = _layers(schema, resolver, where)
    kind = _kind(layers)
    title = str(_first(layers, "title") or fallback_title or name)
    description = _first(layers, "description")
    enum_value = _first(layers, "enum")
    enum = tuple(enum_value) if isinstance(enum_value, list) else None
    node = FieldNode(
        name=name,
        path=path,
        kind=kind,
        title=title,
        titles=(*titles, title) if add_title else titles,
        required=required,
        list_paths=lists,
        description=str(description) if isinstance(description, str) else None,
        format=_first(layers, "format"),
        enum=enum,
        enum_titles=_enum_titles(layers, enum),
        min_length=_int(_first(layers, "minLength")),
        max_length=_int(_first(layers, "maxLength")),
        min_items=_int(_first(layers, "minItems")),
        max_items=_int(_first(layers, "maxItems")),
        hints=_hints(layers),
        exact=_exact(layers, kind),
    )
    if kind == "object":
        needed: set[str] = set()
        for layer in layers:
            needed.update(n for n in layer.keywords.get("required", ()) if isinstance(n, str))
        # Document order: allOf parts and the $ref target (the lower layers) first, the node's own last.
        for layer in reversed(layers):
            for child_name, sub in (layer.keywords.get("properties") or {}).items():
                if child_name in node.children:
                    continue
                child_path = f"{path}.{child_name}" if path else child_name
                child = build_node(
                    sub,
                    layer.resolver,
                    name=child_name,
                    path=child_path,
                    titles=node.titles,
                    required=child_name in needed,
                    lists=lists,
                    add_title=True,
                    where=where,
                )
                node.children[child_name] = child
        # Keep the order a person reads: the order properties appear in the highest layer that lists them.
        order = [n for layer in reversed(layers) for n in (layer.keywords.get("properties") or {})]
        node.children = {n: node.children[n] for n in dict.fromkeys(order)}
    elif kind == "array":
        items = next((layer for layer in layers if "items" in layer.keywords), None)
        if items is not None:
            item_path = f"{path}.{LIST_MARK}" if path else LIST_MARK
            node.item = build_node(
                items.keywords["items"],
                items.resolver,
                name=LIST_MARK,
                path=item_path,
                titles=node.titles,
                required=required,
                lists=(*lists, path),
                fallback_title=title,
                where=where,
            )
    return node


def generic_path(path: str) -> str:
    """*path* with every list index written as ``*`` (``insatser.1.ansvarig`` -> ``insatser.*.ansvarig``)."""
    if not any(c.isdigit() for c in path):
        return path
    return ".".join(LIST_MARK if _DIGITS.match(part) else part for part in path.split("."))


class FormModel:
    """A form's field tree with O(1) lookup by generic or concrete dot path; built once per form."""

    def __init__(self, schema: dict[str, Any], registry: Registry, *, base_uri: str, where: str) -> None:  # type: ignore[type-arg]
        self.schema = schema
        self.registry = registry
        self.base_uri = base_uri
        self._concrete: dict[str, FieldNode | None] = {}
        self._where = where

    # The tree is built when first asked for: validating JSON input needs only the inlined schema,
    # and a command's start-up does not pay for the rest.
    @cached_property
    def root(self) -> FieldNode:
        return build_node(self.schema, self.registry.resolver(base_uri=self.base_uri), where=self._where)

    @cached_property
    def nodes(self) -> dict[str, FieldNode]:
        return {node.path: node for node in self.root.walk()}

    @cached_property
    def leaves(self) -> tuple[FieldNode, ...]:
        return tuple(node for node in self.root.walk() if node.is_leaf and node.path)

    def node(self, path: str) -> FieldNode | None:
        """The node at *path* (list indices as digits or ``*``), or None when the form has no such field."""
        if path in self._concrete:
            return self._concrete[path]
        found = self.nodes.get(generic_path(path))
        if len(self._concrete) < 100_000:  # bounded: paths come from input (table headers, PDF fields)
            self._concrete[path] = found
        return found

    def has(self, path: str) -> bool:
        return self.node(path) is not None

    def inline_schema(self) -> dict[str, Any]:
        """The schema as one self-contained document: every ``$ref`` replaced by what it points to.

        Keywords beside a ``$ref`` keep applying (as an ``allOf`` around the
        target) and annotations beside it win, so the document validates exactly
        as the original. For the compiled validator and test-data generators,
        which cannot follow references across files.
        """
        resolver = self.registry.resolver(base_uri=self.base_uri)
        inlined: dict[str, Any] = _inline(self.schema, resolver, self._where, 0, [])
        return inlined

    @cached_property
    def refs_stand_alone(self) -> bool:
        """True when no ``$ref`` the form reaches has a validating keyword beside it (annotations and ``x-`` keys aside).

        Then the inlined schema holds the referenced schema itself where each
        ``$ref`` was, and its keywords come in the original's order; otherwise
        the keywords beside a ``$ref`` are checked before its target's (an
        ``allOf`` around it), where a validator following the reference would
        check them after.
        """
        mixed: list[str] = []
        _inline(self.schema, self.registry.resolver(base_uri=self.base_uri), self._where, 0, mixed)
        return not mixed


def _inline(node: Any, resolver: Any, where: str, depth: int, mixed: list[str]) -> Any:
    """*node* with every ``$ref`` replaced by its target; each ``$ref`` with a validating keyword beside it goes to *mixed*."""
    if depth > MAX_DEPTH:
        raise SchemaError("schema.recursive", path=where)
    if isinstance(node, list):
        return [_inline(item, resolver, where, depth, mixed) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        try:
            target = resolver.lookup(node["$ref"])
        except Unresolvable as exc:
            raise SchemaError("schema.unresolvable", path=where, ref=node["$ref"]) from exc
        if any(key != "$ref" and key not in _ANNOTATIONS and not key.startswith("x-") for key in node):
            mixed.append(str(node["$ref"]))
        expanded = _inline(target.contents, target.resolver, where, depth + 1, mixed)
        siblings = {k: _inline(v, resolver, where, depth + 1, mixed) for k, v in node.items() if k != "$ref"}
        if not isinstance(expanded, dict):
            return {**siblings, "allOf": [expanded]} if siblings else expanded
        if all(key in _ANNOTATIONS for key in siblings):
            return {**expanded, **siblings}
        return {**siblings, "allOf": [*siblings.get("allOf", []), expanded]}
    return {key: _inline(value, resolver, where, depth + 1, mixed) for key, value in node.items() if key not in ("$defs", "$id")}
