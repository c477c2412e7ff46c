"""What is due or overdue on a date, across the records of every form: deadlines, consents, coverage.

Kinds of item (each named in the language catalogue as ``due.kind.<kind>``):

- the deadlines a form's ``x-formkit`` ``due`` names (:mod:`formkit.model.casework`):
  follow-up meetings, Sel tiltak, återkoppling on an avvikelserapport, the
  cost allocation after an emergency placement, invited meetings;
- ``samtycke_upphor``: a consent ends within the window and no later consent
  for the person takes over the day after;
- ``samtycke_upphort``: a person's last consent has ended, none is valid on
  the date, and a plan (a record of a form that needs consent and keeps
  referring to the person: ``ongoing``) still refers to the person;
- ``samtycke_saknas``: a current record that needs consent (a plan not
  replaced by a newer one, or a meeting in the window) involves organisation
  types no consent valid on its date covers.

An item is overdue when its date lies before the reference date; on the date
itself it is due, not overdue. Items due later than the window are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from formkit.due.cases import CaseRecord, ConsentIndex, date_of, link, missing_consent, replaced
from formkit.due.inputs import FormRecord
from formkit.i18n import text
from formkit.model.casework import DueSpec
from formkit.model.fields import LIST_MARK
from formkit.model.paths import value_at, values_at
from formkit.settings import Settings
from formkit.workdays import add_workdays, country_of

CONSENT_KINDS = ("samtycke_upphor", "samtycke_upphort", "samtycke_saknas")


@dataclass(frozen=True)
class DueItem:
    """One thing that must happen by a date: what, where it comes from, and whether the date has passed."""

    due: dt.date
    overdue: bool
    kind: str
    path: str
    """The field the date comes from (or, for missing consent, the first organisation lacking it)."""
    item: FormRecord
    time: str | None = None
    types: tuple[str, ...] = ()
    """For missing consent: the organisation types no consent covers (codes)."""

    def what(self, language: str) -> str:
        """What is due, in *language* (organisation types by their printed labels)."""
        if self.kind == "samtycke_saknas":
            labels = [self._type_label(code) for code in self.types]
            return text(language, "due.kind.samtycke_saknas", types=", ".join(labels))
        return text(language, f"due.kind.{self.kind}")

    def _type_label(self, code: str) -> str:
        node = self.item.form.model.node(self.path)
        return node.label(code) if node is not None else code

    def sort_key(self) -> tuple[dt.date, str, str, int, str, str]:
        return (self.due, self.time or "", self.item.source, self.item.record, self.kind, self.path)


def _concrete(path: str, indices: tuple[int, ...]) -> str:
    """*path* with its list marks replaced by *indices* (fewer indices than marks leave the rest as ``*``)."""
    it = iter(indices)
    return ".".join(str(next(it, part)) if part == LIST_MARK else part for part in path.split("."))


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _deadlines(case: CaseRecord, spec: DueSpec, settings: Settings) -> Iterator[tuple[str, dt.date, str | None]]:
    """(path, deadline, time) of every deadline *spec* sets in the record.

    The path is the field that settles the item: the one that must be filled (``unless``) when the spec
    names one, else the date itself.
    """
    country = country_of(case.item.form.language)
    for path, indices, value in values_at(case.data, spec.date):
        start = date_of(value)
        if start is None:
            continue
        if spec.when is not None and value_at(case.data, spec.when, indices) is not True:
            continue
        if spec.unless is not None and not _empty(value_at(case.data, spec.unless, indices)):
            continue
        if spec.days is not None:
            deadline = start + dt.timedelta(days=int(getattr(settings, spec.days)))
        elif spec.workdays is not None:
            deadline = add_workdays(start, int(getattr(settings, spec.workdays)), country)
        else:
            deadline = start
        time = value_at(case.data, spec.time, indices)
        settles = _concrete(spec.unless, indices) if spec.unless is not None else path
        yield settles, deadline, time if isinstance(time, str) and time else None


def _consent_items(cases: Sequence[CaseRecord], index: ConsentIndex, today: dt.date, horizon: dt.date) -> Iterator[DueItem]:
    old = replaced(cases)
    plans = {
        case.person for case in cases
        if case.person and case.work.consent and case.work.consent.ongoing and id(case) not in old
    }  # fmt: skip
    for person, consents in index.by_person.items():
        last = max(consents, key=lambda consent: consent.valid_to)
        for consent in consents:
            end = consent.valid_to
            source = consent.case
            path = source.work.consent.valid_to if source.work.consent and source.work.consent.valid_to else ""
            if today <= end <= horizon:
                following = end + dt.timedelta(days=1)
                if not any(other.valid_on(following) for other in consents):
                    yield DueItem(end, False, "samtycke_upphor", path, source.item)
            elif end < today and consent is last and person in plans and not any(c.valid_on(today) for c in consents):
                yield DueItem(end, True, "samtycke_upphort", path, source.item)
    for case in cases:
        spec = case.work.consent
        if spec is None or not spec.needs or case.dated is None or case.dated > horizon:
            continue
        current = id(case) not in old if spec.ongoing else case.dated >= today
        if not current:
            continue
        missing = missing_consent(case, index)
        if missing:
            yield DueItem(case.dated, case.dated < today, "samtycke_saknas", missing[0][1], case.item,
                          types=tuple(kind for kind, _ in missing))  # fmt: skip


def due_items(records: Iterable[FormRecord], settings: Settings, *, today: dt.date, within: int) -> list[DueItem]:
    """Everything due on *today* or overdue, and what falls due within *within* days, soonest first."""
    horizon = today + dt.timedelta(days=within)
    cases = link(records, today)
    old = replaced(cases)
    items: list[DueItem] = []
    for case in cases:
        for spec in case.work.due:
            if spec.replaced_by_newer and id(case) in old:
                continue
            for path, deadline, time in _deadlines(case, spec, settings):
                overdue = deadline < today
                if (overdue and not spec.overdue) or deadline > horizon:
                    continue
                items.append(DueItem(deadline, overdue, spec.kind, path, case.item, time))
    items.extend(_consent_items(cases, ConsentIndex(cases), today, horizon))
    return sorted(items, key=DueItem.sort_key)
