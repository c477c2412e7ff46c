"""Dot paths: the one reader of a value at a path in a record; records to and from flat fields (CSV headers, PDF fields)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from formkit.model.catalog import Form, as_form
from formkit.model.fields import LIST_MARK, FieldNode

__all__ = ["LIST_MARK", "coerce", "flatten", "nest", "unflatten", "unflattener", "value_at", "values_at"]

_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_NORDIC_TIME = re.compile(r"(?:kl\.?\s*)?([01]?[0-9]|2[0-3])[.:]([0-5][0-9])|kl\.?\s*([01]?[0-9]|2[0-3])", re.IGNORECASE)
"""13.00, 9.30, kl. 13.00, kl 13: a time as Swedes and Norwegians write it (13:00 is the contract's spelling)."""
_TRUE = frozenset({"true", "ja", "yes", "1", "x", "sant", "j", "y"})
_FALSE = frozenset({"false", "nej", "nei", "no", "0", "falskt", "usant", "n"})


_PLAIN: dict[str, tuple[str, ...]] = {}
"""The parts of each path without a list mark, split once: rules and renderers read the same few paths of every record."""


def value_at(record: Any, path: str | None, indices: Sequence[int] = ()) -> Any:
    """The value at dot *path* in *record*, or None when a step is missing or of the wrong type.

    Works on any record, valid or not (rules run on invalid ones too). A digit
    part indexes a list (``insatser.0.insats``); a list mark (``insatser.*.insats``)
    takes its index from *indices*, in order, and past them the first item that
    has the rest of the path.
    """
    parts = _PLAIN.get(path)  # type: ignore[arg-type]  # None is simply not there
    if parts is None:
        if not path:
            return None
        parts = tuple(path.split("."))
        if LIST_MARK in parts:
            return next((value for _, _, value in values_at(record, path, tuple(indices))), None)
        if len(_PLAIN) < 10_000:  # paths come from forms, but bounded all the same
            _PLAIN[path] = parts
    value = record
    for part in parts:
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list):
            if not part.isdigit() or int(part) >= len(value):
                return None
            value = value[int(part)]
        elif isinstance(value, Mapping):
            value = value.get(part)
        else:
            return None
    return value


def values_at(record: Any, path: str, indices: tuple[int, ...] = ()) -> Iterator[tuple[str, tuple[int, ...], Any]]:
    """(concrete path, list indices, value) of every value at generic *path* (``insatser.*.verksamhetstyp``).

    *indices* fill the path's first list marks (the item a deadline belongs to); the rest range over the lists.
    """
    parts = path.split(".")

    def walk(value: Any, at: int, done: list[str], found: tuple[int, ...]) -> Iterator[tuple[str, tuple[int, ...], Any]]:
        if at == len(parts):
            yield ".".join(done), found, value
            return
        part = parts[at]
        if part == LIST_MARK:
            if not isinstance(value, list):
                return
            given = len(found) < len(indices)
            chosen = [indices[len(found)]] if given else range(len(value))
            for index in chosen:
                if 0 <= index < len(value):
                    yield from walk(value[index], at + 1, [*done, str(index)], (*found, index))
        elif isinstance(value, dict) and part in value:
            yield from walk(value[part], at + 1, [*done, part], found)

    yield from walk(record, 0, [], ())


def flatten(record: Any, prefix: str = "") -> dict[str, Any]:
    """Leaves of a nested record under their dot paths (``insatser.0.ansvarig.namn``)."""
    flat: dict[str, Any] = {}
    if isinstance(record, dict | list):
        _flatten_into(flat, record, prefix)
    else:
        flat[prefix[:-1]] = record
    return flat


def _flatten_into(flat: dict[str, Any], node: dict[str, Any] | list[Any], prefix: str) -> None:
    # One dictionary filled on the way down: filling a PDF flattens every record two or three times.
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(value, dict | list):
            _flatten_into(flat, value, f"{prefix}{key}.")
        else:
            flat[f"{prefix}{key}"] = value


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
    if fmt == "time-hm" and isinstance(value, str) and (match := _NORDIC_TIME.fullmatch(value.strip())):
        hour, minute, hour_only = match.groups()
        return f"{int(hour or hour_only):02d}:{minute or '00'}"
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


def unflattener(form: Form | None, headers: Sequence[str], *, text_only: bool = False) -> RowToRecord:
    """A function turning one row of cells under *headers* into a nested record (see :func:`unflatten`).

    A table's headers are the same for every row, so the work that depends only
    on them is done here, once per file: each header is resolved to its field
    and split into its path, and the record's shape becomes one generated
    function; a row then only reads, coerces and places its cells. The result
    equals :func:`nest` of the row's non-empty cells (lists in index order with
    gaps closed); headers that clash (``barn`` and ``barn.namn``) make every row
    raise ValueError, as nest does. With *text_only* every cell must be a
    string (as the csv module gives them).
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
                node[parts[-1]] = (index, _cell_function(field), _plain_text(field))
    if conflict:

        def refuse(cells: Sequence[Any]) -> dict[str, Any]:
            raise ValueError(f"field {conflict!r} conflicts with another field of the same name")

        return refuse
    return _compile(tree, len(headers), text_only)


def _plain_text(field: FieldNode | None) -> bool:
    """Whether a text cell is the field's value as it is, trimmed (no coercion to try)."""
    return field is not None and field.kind == "string" and field.format not in ("date", "time-hm")


def _cell_function(field: FieldNode | None) -> Callable[[Any], Any]:
    """A cell's value as the field wants it, trimmed (see :func:`coerce`); plain text skips the coercion."""
    if _plain_text(field):

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


def _compile(tree: dict[str, Any], width: int, text_only: bool) -> RowToRecord:
    """One straight-line Python function building a record from a row, generated from *tree*.

    A row of a wide table (a genomförandeplan has over a hundred columns) would
    otherwise cost a Python call per cell and per group; generated code reads,
    tests and places each cell inline and builds each group in place, dropping
    it when it stays empty. *text_only* rows (CSV: every cell a string) skip the
    type test. No library builds such a plan. The code holds no value from any
    row, only column numbers and the parts of the headers, each written with
    ``repr`` (a string literal, never code, whatever the header says).
    """
    blank = '""' if text_only else "None"
    lines = [
        "def row_to_record(cells):",
        f"    if len(cells) < {width}:",
        f"        cells = [*cells, *[{blank}] * ({width} - len(cells))]",
        "    v0 = {}",
    ]
    functions: dict[str, Callable[[Any], Any]] = {}
    counter = iter(range(1, 1 << 30))

    def place(parent: str, is_list: bool, key: str, value: str) -> str:
        return f"{parent}.append({value})" if is_list else f"{parent}[{key!r}] = {value}"

    def emit(node: Any, parent: str, is_list: bool, key: str) -> None:
        if isinstance(node, tuple):
            index, cell, text = node
            function = f"f{index}"
            functions[function] = cell
            value = "x" if text else f"{function}(x)"
            if text_only:
                lines.append(f"    x = cells[{index}].strip()")
                lines.append(f"    if x: {place(parent, is_list, key, value)}")
            else:
                lines.append(f"    x = cells[{index}]")
                lines.append("    if x.__class__ is str:")
                lines.append("        x = x.strip()")
                lines.append(f"        if x: {place(parent, is_list, key, value)}")
                lines.append("    elif x is not None:")
                lines.append(f"        {place(parent, is_list, key, f'{function}(x)')}")
            return
        name = f"v{next(counter)}"
        keys = list(node)
        if keys and all(k.isdigit() for k in keys):
            lines.append(f"    {name} = []")
            for k in sorted(keys, key=int):
                emit(node[k], name, True, k)
        else:
            lines.append(f"    {name} = {{}}")
            for k in keys:
                emit(node[k], name, False, k)
        lines.append(f"    if {name}: {place(parent, is_list, key, name)}")

    for key in tree:
        emit(tree[key], "v0", False, key)
    lines.append("    return v0")
    namespace: dict[str, Any] = dict(functions)
    exec(compile("\n".join(lines), "<formkit unflattener>", "exec"), namespace)  # noqa: S102 - our own code, no row values
    return namespace["row_to_record"]  # type: ignore[no-any-return]


def _lists(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    converted = {key: _lists(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted
