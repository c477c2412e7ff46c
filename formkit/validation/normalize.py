"""Normalise a valid record to the contract's spellings before it is printed or handed on."""

from __future__ import annotations

import copy
import datetime as dt
import re
from functools import cache
from typing import Any

from formkit.formats import is_personnummer, normalize_personnummer
from formkit.model.catalog import Form, as_form
from formkit.model.fields import LIST_MARK
from formkit.textclean import clean_record


@cache
def _personnummer_paths(form: Form) -> tuple[list[str], ...]:
    return tuple(leaf.path.split(".") for leaf in form.model.leaves if leaf.format == "personnummer")


_LONG_FORM = re.compile(r"[0-9]{8}-[0-9]{4}\Z")


def _needs_change(value: Any, today: dt.date) -> bool:
    # A value already in the long form stays as it is whether valid or not: skip the check.
    return isinstance(value, str) and not _LONG_FORM.match(value) and is_personnummer(value, today)


def _apply(node: Any, parts: list[str], change: bool, today: dt.date) -> bool:
    """Walk *parts* in *node*; with *change*, rewrite each personnummer. True when one was not normal."""
    if not parts:
        return False
    head, rest = parts[0], parts[1:]
    found = False
    if head == LIST_MARK:
        children = node if isinstance(node, list) else []
        for index, child in enumerate(children):
            if rest:
                found |= _apply(child, rest, change, today)
            elif _needs_change(child, today):
                found = True
                if change:
                    children[index] = normalize_personnummer(child, today)
        return found
    if not isinstance(node, dict) or head not in node:
        return False
    if rest:
        return _apply(node[head], rest, change, today)
    if _needs_change(node[head], today):
        if change:
            node[head] = normalize_personnummer(node[head], today)
        return True
    return False


def without_absent(data: Any) -> Any:
    """*data* without the values that are not there: a field that is ``null`` or a text of only white space
    (spaces, no-break spaces, line breaks) is left out, and every other text of a field is trimmed.

    JSON exports write ``null`` for a field left empty, and a text of spaces is
    no more an answer than an empty cell (which a table reader already leaves
    out). Items of a list are kept as they are: an empty item is an error at its
    own path (``empty_item``), not a shorter list. Returns *data* itself when
    nothing changes, else a copy (the input is never changed).
    """
    return _cleaned(data) if _holds_absent(data) else data


def _holds_absent(node: Any) -> bool:
    """Whether :func:`without_absent` would change *node* (a walk that copies nothing)."""
    if isinstance(node, dict):
        for value in node.values():
            if value is None:
                return True
            if isinstance(value, str):
                trimmed = value.strip()
                if not trimmed or trimmed != value:
                    return True
            elif isinstance(value, dict | list) and _holds_absent(value):
                return True
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, dict | list) and _holds_absent(item):
                return True
    return False


def _cleaned(node: Any) -> Any:
    if isinstance(node, dict):
        kept: dict[str, Any] = {}
        for key, value in node.items():
            if value is None:
                continue
            if isinstance(value, str):
                value = value.strip()
                if not value:
                    continue
            elif isinstance(value, dict | list):
                value = _cleaned(value)
            kept[key] = value
        return kept
    if isinstance(node, list):
        return [_cleaned(item) if isinstance(item, dict | list) else item for item in node]
    return node


def normalize_record(form: Form | str, data: Any, today: dt.date | None = None) -> Any:
    """*data* with each valid personnummer written ``YYYYMMDD-NNNN`` (the forms contract), its text cleaned.

    A copy when anything changes.

    Text is cleaned as :func:`formkit.textclean.clean_text` says (line breaks of
    every kind one newline, tabs spaces, no other control characters).

    ``121212+1212``, ``191212121212`` and ``19121212-1212`` all become
    ``19121212-1212``; an invalid value is left as it is for validation to report.
    A six-digit year takes its century from *today* (the run's reference date).
    Values that are not there (:func:`without_absent`) are left out first, as the
    validator judged the record without them.
    """
    data = without_absent(data)
    today = today or dt.date.today()
    data = clean_record(data)
    resolved = as_form(form)
    paths = _personnummer_paths(resolved)
    # Most records already use the long form: look first, copy only when something changes.
    if not any([_apply(data, parts, False, today) for parts in paths]):
        return data
    result = copy.deepcopy(data)
    for parts in paths:
        _apply(result, parts, True, today)
    return result
