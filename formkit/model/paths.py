"""Dot paths between nested records and flat fields (CSV headers, PDF field names), typed by the form model."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from formkit.model.catalog import Form, as_form
from formkit.model.fields import LIST_MARK, FieldNode

__all__ = ["LIST_MARK", "coerce", "flatten", "nest", "unflatten", "unflattener"]

_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_TRUE = frozenset({"true", "ja", "yes", "1", "x", "sant", "j", "y"})
_FALSE = frozenset({"false", "nej", "nei", "no", "0", "falskt", "usant", "n"})


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


def coerce(value: Any, node: FieldNode | None) -> Any:
    """A table cell's value in the type the field expects, when it is plainly that type.

    Anything that does not plainly convert is returned as it was, so the schema
    reports it at its path instead of formkit guessing.
    """
    if node is None:
        return value
    kind, fmt = node.kind, node.format
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
    """A nested record from dot-path keys (see :func:`nest`); values coerced by the form's fields when given.

    Empty values (None, "") are left out and text is trimmed.
    """
    to_record = unflattener(as_form(form) if form is not None else None, list(flat))
    return to_record(list(flat.values()))


RowToRecord = Callable[[Sequence[Any]], dict[str, Any]]
_Getter = Callable[[Sequence[Any]], Any]
_MISSING: Any = object()


def unflattener(form: Form | None, headers: Sequence[str]) -> RowToRecord:
    """A function turning one row of cells under *headers* into a nested record (see :func:`unflatten`).

    A table's headers are the same for every row, so the work that depends only
    on them is done here, once per file: each header is resolved to its field
    and split into its path, and the record's shape becomes a tree of small
    functions; a row then only reads, coerces and places its cells. The result
    equals :func:`nest` of the row's non-empty cells (lists in index order with
    gaps closed); headers that clash (``barn`` and ``barn.namn``) make every row
    raise ValueError, as nest does.
    """
    tree: dict[str, Any] = {}
    conflict = ""
    for index, header in enumerate(headers):
        node: dict[str, Any] = tree
        parts = header.split(".")
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                conflict = header
                break
            node = child
        else:
            if parts[-1] in node:
                conflict = header
            else:
                field = form.model.node(header) if form is not None else None
                node[parts[-1]] = (index, _cell_function(field))
    if conflict:

        def refuse(cells: Sequence[Any]) -> dict[str, Any]:
            raise ValueError(f"field {conflict!r} conflicts with another field of the same name")

        return refuse
    build = _plan(tree)

    def row_to_record(cells: Sequence[Any]) -> dict[str, Any]:
        record = build(cells)
        return {} if record is _MISSING else record  # type: ignore[no-any-return]

    return row_to_record


def _cell_function(field: FieldNode | None) -> Callable[[Any], Any]:
    """A cell's value as the field wants it, trimmed (see :func:`coerce`); plain text skips the coercion."""
    if field is not None and field.kind == "string" and field.format not in ("date", "time-hm"):

        def text_cell(value: Any) -> Any:
            if type(value) is str:
                return value.strip()
            value = coerce(value, field)
            return value.strip() if isinstance(value, str) else value

        return text_cell

    def cell(value: Any) -> Any:
        value = coerce(value, field)
        return value.strip() if isinstance(value, str) else value

    return cell


def _plan(tree: Any) -> _Getter:
    """The function building the part of a record that *tree* describes from a row (``_MISSING`` when all empty)."""
    if isinstance(tree, tuple):
        index, cell = tree

        def leaf(cells: Sequence[Any]) -> Any:
            value = cells[index] if index < len(cells) else None
            if value is None or (type(value) is str and not value.strip()):
                return _MISSING
            return cell(value)

        return leaf
    keys = list(tree)
    if keys and all(key.isdigit() for key in keys):
        items = [_plan(tree[key]) for key in sorted(keys, key=int)]

        def list_of(cells: Sequence[Any]) -> Any:
            found = [value for value in (item(cells) for item in items) if value is not _MISSING]
            return found or _MISSING

        return list_of
    members = [(key, _plan(tree[key])) for key in keys]

    def object_of(cells: Sequence[Any]) -> Any:
        found = {}
        for key, member in members:
            value = member(cells)
            if value is not _MISSING:
                found[key] = value
        return found or _MISSING

    return object_of


def _lists(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    converted = {key: _lists(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted
