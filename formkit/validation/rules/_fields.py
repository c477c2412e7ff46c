"""Defensive field access for rules: a record may be schema-invalid when rules run."""

from __future__ import annotations

import datetime as dt
from typing import Any

from formkit.model.paths import value_at as get  # the one dot-path reader, by the short name rules use
from formkit.workdays import add_months

__all__ = ["add_months", "date_at", "dicts_at", "get", "minutes_at"]


def date_at(record: Any, path: str) -> dt.date | None:
    """The ISO date at *path*, or None (absent or not a real date: the schema reports that)."""
    value = get(record, path)
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def minutes_at(record: Any, path: str) -> int | None:
    """The time ``HH:MM`` at *path* as minutes after midnight, or None (absent or malformed: the schema reports that)."""
    value = get(record, path)
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":" or not (value[:2] + value[3:]).isdigit():
        return None
    return int(value[:2]) * 60 + int(value[3:])


def dicts_at(record: Any, path: str) -> list[tuple[int, dict[str, Any]]]:
    """The (index, item) pairs of the objects in the list at *path*."""
    value = get(record, path)
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]
