"""Dot paths between nested records and flat fields (CSV headers, PDF field names), guided by the schema."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from referencing._core import Resolver

from formkit.model.catalog import Form, get_form, schema_registry

LIST_MARK = "*"
"""Stands for any list index in a field's path template: ``insatser.*.ansvarig.namn``."""

_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_TRUE = frozenset({"true", "ja", "yes", "1", "x", "sant", "j", "y"})
_FALSE = frozenset({"false", "nej", "nei", "no", "0", "falskt", "usant", "n"})


@dataclass(frozen=True)
class Field:
    """One leaf of a form: a value a person fills in.

    ``path`` is a template where ``*`` marks a list index; ``titles`` are the
    titles from the top of the form down to this field; ``list_paths`` the
    templates of the enclosing lists, outermost first.
    """

    path: str
    titles: tuple[str, ...]
    type: str
    format: str | None
    enum: tuple[str, ...] | None
    enum_titles: Mapping[str, str] | None
    required: bool
    max_length: int | None
    description: str | None
    list_paths: tuple[str, ...]

    @property
    def title(self) -> str:
        return self.titles[-1] if self.titles else self.path

    def concrete(self, *indices: int) -> str:
        """The path with the list marks replaced by *indices*, outermost first."""
        parts = self.path.split(".")
        it = iter(indices)
        return ".".join(str(next(it)) if part == LIST_MARK else part for part in parts)


def _resolve(schema: Any, resolver: Resolver) -> tuple[dict[str, Any], Resolver]:  # type: ignore[type-arg]
    """Follow ``$ref`` until a schema without one; annotations beside the ref win (title)."""
    merged: dict[str, Any] = {}
    while isinstance(schema, dict) and "$ref" in schema:
        for key in ("title", "description"):
            if key in schema and key not in merged:
                merged[key] = schema[key]
        resolved = resolver.lookup(schema["$ref"])
        schema, resolver = resolved.contents, resolved.resolver
    if not isinstance(schema, dict):
        return merged, resolver
    return {**schema, **merged}, resolver


def _root(form: Form) -> tuple[dict[str, Any], Resolver]:  # type: ignore[type-arg]
    resolver = schema_registry().resolver(base_uri=form.schema.get("$id", ""))
    return _resolve(form.schema, resolver)


def _form(form: Form | str) -> Form:
    return get_form(form) if isinstance(form, str) else form


def subschema(form: Form | str, path: str) -> dict[str, Any] | None:
    """The resolved schema of the field at *path* (list indices as digits or ``*``), or None."""
    schema, resolver = _root(_form(form))
    for part in path.split(".") if path else []:
        if part.isdigit() or part == LIST_MARK:
            if schema.get("type") != "array" or "items" not in schema:
                return None
            schema, resolver = _resolve(schema["items"], resolver)
        else:
            properties = schema.get("properties", {})
            if part not in properties:
                return None
            schema, resolver = _resolve(properties[part], resolver)
    return dict(schema)


def inline_schema(form: Form | str) -> dict[str, Any]:
    """The form's schema with every ``$ref`` replaced by what it points to (one self-contained document).

    The forms' schemas are not recursive, so this terminates; tools that cannot
    follow references across files (test-data generators, some editors) use it.
    """
    resolved = _form(form)
    resolver = schema_registry().resolver(base_uri=resolved.schema.get("$id", ""))

    def expand(node: Any, resolver: Resolver) -> Any:  # type: ignore[type-arg]
        if isinstance(node, list):
            return [expand(item, resolver) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            target, target_resolver = _resolve(node, resolver)
            return expand(target, target_resolver)
        return {key: expand(value, resolver) for key, value in node.items() if key not in ("$defs", "$id")}

    inlined: dict[str, Any] = expand(resolved.schema, resolver)
    return inlined


@cache
def leaf_fields(form: Form | str) -> tuple[Field, ...]:
    """Every leaf field of the form in schema (= document) order."""
    root, resolver = _root(_form(form))
    return tuple(_walk(root, resolver, [], (), (), True))


def _walk(
    schema: dict[str, Any],
    resolver: Resolver,  # type: ignore[type-arg]
    parts: list[str],
    titles: tuple[str, ...],
    lists: tuple[str, ...],
    required: bool,
) -> Iterator[Field]:
    kind = schema.get("type")
    if kind == "object":
        needed = set(schema.get("required", []))
        for name, sub in schema.get("properties", {}).items():
            child, child_resolver = _resolve(sub, resolver)
            title = str(child.get("title", name))
            yield from _walk(child, child_resolver, [*parts, name], (*titles, title), lists, name in needed)
    elif kind == "array" and "items" in schema:
        item, item_resolver = _resolve(schema["items"], resolver)
        list_path = ".".join(parts)
        yield from _walk(item, item_resolver, [*parts, LIST_MARK], titles, (*lists, list_path), required)
    else:
        enum = schema.get("enum")
        yield Field(
            path=".".join(parts),
            titles=titles,
            type=str(kind or "string"),
            format=schema.get("format"),
            enum=tuple(enum) if isinstance(enum, list) else None,
            enum_titles=schema.get("x-enum-titles"),
            required=required,
            max_length=schema.get("maxLength"),
            description=schema.get("description"),
            list_paths=lists,
        )


def flatten(record: Any, prefix: str = "") -> dict[str, Any]:
    """Leaves of a nested record under their dot paths (``insatser.0.ansvarig.namn``)."""
    flat: dict[str, Any] = {}
    if isinstance(record, dict):
        for key, value in record.items():
            flat.update(flatten(value, f"{prefix}{key}."))
    elif isinstance(record, list):
        for index, value in enumerate(record):
            flat.update(flatten(value, f"{prefix}{index}."))
    else:
        flat[prefix[:-1]] = record
    return flat


def coerce(value: Any, schema: dict[str, Any] | None) -> Any:
    """A table cell's value in the type the schema expects, when it is plainly that type.

    Anything that does not plainly convert is returned as it was, so the schema
    reports it at its path instead of formkit guessing.
    """
    if schema is None:
        return value
    kind, fmt = schema.get("type"), schema.get("format")
    if isinstance(value, dt.datetime):
        if fmt == "time-hm":
            return value.strftime("%H:%M")
        return value.date().isoformat() if fmt == "date" else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if fmt == "date" and isinstance(value, str) and (match := _DAY_MONTH_YEAR.fullmatch(value.strip())):
        # 12.03.2025 is how Norwegians (and many Swedes) write a date by hand; it is unambiguous.
        day, month, year = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return value
    if kind == "boolean" and isinstance(value, str):
        word = value.strip().casefold()
        return True if word in _TRUE else False if word in _FALSE else value
    if kind in ("integer", "number") and isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            return value
        return int(number) if kind == "integer" and number.is_integer() else number
    if kind == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return value


def nest(flat: Mapping[str, Any], *, strict: bool = True) -> dict[str, Any]:
    """A nested record from dot-path keys, values as given; numeric segments build lists.

    Lists keep index order with gaps closed (row 3 of a form with rows 1 and 3
    filled becomes the second item). A key that is both a value and a group
    (``barn`` and ``barn.namn``) raises ValueError, or with ``strict=False``
    the later key is dropped.
    """
    tree: dict[str, Any] = {}
    for key, value in flat.items():
        node: dict[str, Any] = tree
        parts = key.split(".")
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                if strict:
                    raise ValueError(f"field {key!r} conflicts with field {part!r}")
                break
            node = child
        else:
            if not isinstance(node.get(parts[-1]), dict):
                node[parts[-1]] = value
            elif strict:
                raise ValueError(f"field {key!r} conflicts with a group of fields of the same name")
    record: dict[str, Any] = _lists(tree)
    return record


def unflatten(flat: Mapping[str, Any], form: Form | str | None = None) -> dict[str, Any]:
    """A nested record from dot-path keys (see :func:`nest`); values coerced by the form's schema when given.

    Empty values (None, "") are left out and text is trimmed.
    """
    resolved = _form(form) if form is not None else None
    values: dict[str, Any] = {}
    for key, value in flat.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if resolved is not None:
            value = coerce(value, subschema(resolved, key))
        values[key] = value.strip() if isinstance(value, str) else value
    return nest(values)


def _lists(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    converted = {key: _lists(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted
