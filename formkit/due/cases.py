"""Records linked into cases by the person's identity number (never printed), and which consent covers what.

Each form says in ``x-formkit`` (:mod:`formkit.model.casework`) which field
identifies the person, which date the record is dated, and whether it grants
consent to organisation types or needs it. The identity number is normalised
(a personnummer to ``YYYYMMDD-NNNN``, other numbers to their digits) so that
spellings of the same number link; it is kept only as a key.

A consent covers the organisations it names (compared without case and
spacing: "BUP  Norrbotten" is "bup norrbotten"). An organisation it does not
name is covered by the type the consent lists for another organisation only as
a fallback, which is reported (a consent naming "BUP Norrbotten" does not
plainly cover every BUP). Only a samtycke that passes validation covers
anything: one without a guardian where one is required covers nothing. A
record dated D is covered when one consent for the same person, valid on D
(``from`` ≤ D ≤ ``to``), covers every organisation the record involves:
information passes between all of them at once, so two consents that each
cover a part do not add up.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
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


def name_key(value: Any) -> str | None:
    """An organisation's name as compared: without case and spacing (None for no name)."""
    if not isinstance(value, str) or not value.strip():
        return None
    return " ".join(value.casefold().split())


@dataclass(frozen=True)
class Organisation:
    """An organisation a record involves or a consent names: its name (compared form), its type, where it is."""

    name: str | None
    kind: str | None
    path: str
    """The concrete path of its type (or of its name when it has no type)."""


def organisations(case: CaseRecord, paths: Iterable[str], name: str | None) -> list[Organisation]:
    """The organisations at the type *paths* of the record, each with the name beside it (sibling field *name*).

    One per distinct name, or per type for organisations without a name, in the record's order.
    """
    found: dict[tuple[str | None, str | None], Organisation] = {}
    for path in paths:
        parent = path.rsplit(".", 1)[0] if "." in path else ""
        for concrete, indices, value in values_at(case.data, path):
            kind = value if isinstance(value, str) and value else None
            label = name_key(value_at(case.data, f"{parent}.{name}" if parent else name, indices)) if name else None
            if kind is None and label is None:
                continue
            key = (label, None) if label is not None else (None, kind)
            found.setdefault(key, Organisation(label, kind, concrete))
    return list(found.values())


def organisation_types(case: CaseRecord, paths: Iterable[str]) -> dict[str, str]:
    """The organisation types at *paths* of the record: code -> the concrete path of its first occurrence."""
    found: dict[str, str] = {}
    for path in paths:
        for concrete, _, value in values_at(case.data, path):
            if isinstance(value, str) and value:
                found.setdefault(value, concrete)
    return found


@dataclass(frozen=True)
class Consent:
    """A consent for a person to let the named organisations (and, as a fallback, their types) exchange information."""

    case: CaseRecord
    names: frozenset[str]
    types: frozenset[str]
    valid_from: dt.date
    valid_to: dt.date

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day <= self.valid_to

    def judge(self, wanted: Iterable[Organisation]) -> tuple[list[Organisation], list[Organisation]]:
        """(not covered at all, covered only through their type) of *wanted*."""
        missing, by_type = [], []
        for org in wanted:
            if org.name is not None and org.name in self.names:
                continue
            if org.kind is not None and org.kind in self.types:
                if org.name is not None:
                    by_type.append(org)
                continue
            missing.append(org)
        return missing, by_type


@dataclass(frozen=True)
class Coverage:
    """How the best single consent valid on a date covers a record's organisations."""

    missing: list[Organisation]
    by_type: list[Organisation]
    """Organisations the consent does not name, covered only because it lists their type (a warning)."""


class ConsentIndex:
    """The consents of a set of records, by person; *valid* says whether a consent record itself holds (validation)."""

    def __init__(self, cases: Iterable[CaseRecord], valid: Callable[[CaseRecord], bool] | None = None) -> None:
        self.by_person: dict[str, list[Consent]] = defaultdict(list)
        for case in cases:
            spec = case.work.consent
            if spec is None or spec.grants is None or case.person is None:
                continue
            start, end = date_of(value_at(case.data, spec.valid_from)), date_of(value_at(case.data, spec.valid_to))
            if start is None or end is None:
                continue
            if valid is not None and not valid(case):
                continue  # "only a valid samtycke covers anything"
            named = organisations(case, [spec.grants], spec.name)
            names = frozenset(org.name for org in named if org.name is not None)
            types = frozenset(org.kind for org in named if org.kind is not None)
            self.by_person[case.person].append(Consent(case, names, types, start, end))

    def consents(self, person: str | None) -> list[Consent]:
        return list(self.by_person.get(person, ())) if person is not None else []

    def coverage(self, person: str | None, wanted: list[Organisation], day: dt.date) -> Coverage:
        """How the best single consent for *person* valid on *day* covers *wanted* (everything missing when none is)."""
        valid = [consent for consent in self.consents(person) if consent.valid_on(day)]
        if not valid:
            return Coverage(list(wanted), [])
        judged = [consent.judge(wanted) for consent in valid]
        missing, by_type = min(judged, key=lambda found: (len(found[0]), len(found[1])))
        return Coverage(missing, by_type)

    def missing(self, person: str | None, types: Iterable[str], day: dt.date) -> frozenset[str]:
        """The *types* that the best single consent for *person* valid on *day* does not list (all when none is valid)."""
        wanted = frozenset(types)
        valid = [consent for consent in self.consents(person) if consent.valid_on(day)]
        if not valid:
            return wanted
        return min((wanted - consent.types for consent in valid), key=len)


def needs_consent(case: CaseRecord) -> list[Organisation]:
    """The organisations a record involves, when its form needs consent."""
    spec = case.work.consent
    if spec is None or not spec.needs:
        return []
    return organisations(case, spec.needs, spec.name)


def consent_coverage(case: CaseRecord, index: ConsentIndex) -> Coverage | None:
    """How consent covers the record's organisations on its date (None when it needs none or has no person or date)."""
    involved = needs_consent(case)
    if not involved or case.person is None or case.dated is None:
        return None
    return index.coverage(case.person, involved, case.dated)


def missing_consent(case: CaseRecord, index: ConsentIndex) -> list[tuple[str, str]]:
    """(type, path) of each organisation of the record no consent valid on its date covers, in the record's order.

    Empty when the record needs no consent, or has no person or date to check it by.
    """
    found = consent_coverage(case, index)
    if found is None:
        return []
    seen: dict[str, str] = {}
    for org in found.missing:
        seen.setdefault(org.kind or "", org.path)
    return list(seen.items())
