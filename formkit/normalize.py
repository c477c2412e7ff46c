"""Normalise a valid record to the contract's spellings before it is printed or handed on."""

from __future__ import annotations

import copy
from typing import Any

from formkit.formats import is_personnummer, normalize_personnummer
from formkit.forms import Form, get_form
from formkit.schemapaths import LIST_MARK, leaf_fields


def _personnummer_paths(form: Form) -> list[list[str]]:
    return [leaf.path.split(".") for leaf in leaf_fields(form) if leaf.format == "personnummer"]


def _apply(node: Any, parts: list[str]) -> None:
    if not parts:
        return
    head, rest = parts[0], parts[1:]
    if head == LIST_MARK:
        children = node if isinstance(node, list) else []
        for index, child in enumerate(children):
            if rest:
                _apply(child, rest)
            elif isinstance(child, str) and is_personnummer(child):
                children[index] = normalize_personnummer(child)
        return
    if not isinstance(node, dict) or head not in node:
        return
    if rest:
        _apply(node[head], rest)
    elif isinstance(node[head], str) and is_personnummer(node[head]):
        node[head] = normalize_personnummer(node[head])


def normalize_record(form: Form | str, data: Any) -> Any:
    """A copy of *data* with every valid personnummer written ``YYYYMMDD-NNNN`` (FORMS.md).

    ``121212+1212``, ``191212121212`` and ``19121212-1212`` all become
    ``19121212-1212``; an invalid value is left as it is for validation to report.
    """
    resolved = get_form(form) if isinstance(form, str) else form
    paths = _personnummer_paths(resolved)
    if not paths:
        return data
    result = copy.deepcopy(data)
    for parts in paths:
        _apply(result, parts)
    return result
