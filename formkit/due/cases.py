"""Records linked into cases by the person's identity number (never printed), and which consent covers what.

Each form says in ``x-formkit`` (:mod:`formkit.model.casework`) which field
identifies the person, which date the record is dated, and whether it grants
consent to organisation types or needs it. The identity number is normalised
(a personnummer to ``YYYYMMDD-NNNN``, other numbers to their digits) so that
spellings of the same number link; it is kept only as a key.

A consent that lists an organisation type lets every organisation of that
type take part. A record dated D is covered when one consent for the same
person, valid on D (``from`` ≤ D ≤ ``to``), lists every organisation type the
record involves: information passes between all of them at once, so two
consents that each cover a part do not add up.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from formkit.due.inputs import FormRecord
from formkit.formats import normalize_personnummer
from formkit.model.casework import Casework, casework
from formkit.model.paths import value_at, values_at

_NOT_DIGIT = re.compile(r"\D")


def date_of(value: Any) -> dt.date | None:
    """An ISO date string as a date, or None (absent or malformed: validation reports that)."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class CaseRecord:
    """A record with its form's casework, the person it is about (a key, never printed) and its date."""

    item: FormRecord
    work: Casework
    person: str | None
    dated: dt.date | None

    @property
    def data(self) -> dict[str, Any]:
        return self.item.data


def person_key(item: FormRecord, work: Casework, today: dt.date) -> str | None:
    """The normalised identity number of the person a record is about (None when it has none)."""
    if work.case is None:
        return None
    value = value_at(item.data, work.case.person)
    if not isinstance(value, str) or not value.strip():
        return None
    node = item.form.model.node(work.case.person)
    if node is not None and node.format == "personnummer":
        try:
            return normalize_personnummer(value, today)
        except ValueError:
            return None
    digits = _NOT_DIGIT.sub("", value)
    return digits or None


def link(records: Iterable[FormRecord], today: dt.date) -> list[CaseRecord]:
    """Every record with its casework, person key and date."""
    linked = []
    for item in records:
        work = casework(item.form)
        dated = date_of(value_at(item.data, work.case.dated)) if work.case is not None else None
        linked.append(CaseRecord(item, work, person_key(item, work, today), dated))
    return linked


def replaced(cases: Iterable[CaseRecord]) -> set[int]:
    """The ids of records a newer record of the same form for the same person replaces."""
    newest: dict[tuple[str, str], dt.date] = {}
    listed = [case for case in cases if case.person is not None and case.dated is not None]
    for case in listed:
        key = (case.item.form.id, str(case.person))
        newest[key] = max(newest.get(key, dt.date.min), case.dated or dt.date.min)
    return {id(case) for case in listed if case.dated is not None and case.dated < newest[case.item.form.id, str(case.person)]}


@dataclass(frozen=True)
class Consent:
    """A consent for a person to let the listed organisation types exchange information, valid from–to."""

    case: CaseRecord
    types: frozenset[str]
    valid_from: dt.date
    valid_to: dt.date

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day <= self.valid_to


def organisation_types(case: CaseRecord, paths: Iterable[str]) -> dict[str, str]:
    """The organisation types at *paths* of the record: code -> the concrete path of its first occurrence."""
    found: dict[str, str] = {}
    for path in paths:
        for concrete, _, value in values_at(case.data, path):
            if isinstance(value, str) and value:
                found.setdefault(value, concrete)
    return found


class ConsentIndex:
    """The consents of a set of records, by person."""

    def __init__(self, cases: Iterable[CaseRecord]) -> None:
        self.by_person: dict[str, list[Consent]] = defaultdict(list)
        for case in cases:
            spec = case.work.consent
            if spec is None or spec.grants is None or case.person is None:
                continue
            start, end = date_of(value_at(case.data, spec.valid_from)), date_of(value_at(case.data, spec.valid_to))
            if start is None or end is None:
                continue
            types = frozenset(organisation_types(case, [spec.grants]))
            self.by_person[case.person].append(Consent(case, types, start, end))

    def consents(self, person: str | None) -> list[Consent]:
        return list(self.by_person.get(person, ())) if person is not None else []

    def missing(self, person: str | None, types: Iterable[str], day: dt.date) -> frozenset[str]:
        """The *types* that the best single consent for *person* valid on *day* does not list (all when none is valid)."""
        wanted = frozenset(types)
        valid = [consent for consent in self.consents(person) if consent.valid_on(day)]
        if not valid:
            return wanted
        return min((wanted - consent.types for consent in valid), key=len)


def needs_consent(case: CaseRecord) -> dict[str, str]:
    """The organisation types a record involves, when its form needs consent (type -> first path)."""
    spec = case.work.consent
    if spec is None or not spec.needs:
        return {}
    return organisation_types(case, spec.needs)


def missing_consent(case: CaseRecord, index: ConsentIndex) -> list[tuple[str, str]]:
    """(type, path) of each organisation type of the record no consent valid on its date covers, in the record's order.

    Empty when the record needs no consent, or has no person or date to check it by.
    """
    involved = needs_consent(case)
    if not involved or case.person is None or case.dated is None:
        return []
    missing = index.missing(case.person, involved, case.dated)
    return [(kind, path) for kind, path in involved.items() if kind in missing]
