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
  replaced by a newer one, or a meeting in the window) involves organisations
  no valid consent valid on its date covers;
- ``samtycke_typ``: such a record, dated within the window, involves an
  organisation the consent does not name, covered only because the consent
  lists its type (a warning: never overdue).

An item is overdue when its date lies before the reference date; on the date
itself it is due, not overdue. Items due later than the window are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from formkit.due.cases import CaseRecord, ConsentIndex, consent_coverage, date_of, link, missing_consent, replaced
from formkit.due.inputs import FormRecord
from formkit.i18n import Message, message, text
from formkit.model.casework import DUE_KINDS, DueSpec
from formkit.model.fields import LIST_MARK
from formkit.model.paths import value_at, values_at
from formkit.settings import Municipality, Settings
from formkit.workdays import add_months, add_workdays, country_of

CONSENT_KINDS = ("samtycke_upphor", "samtycke_upphort", "samtycke_saknas", "samtycke_typ")


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
    labels: tuple[tuple[str, str], ...] = ()
    """(language, words) of a kind the catalogue does not name (x-formkit due ``label``)."""

    def what(self, language: str) -> str:
        """What is due, in *language* (organisation types by their printed labels)."""
        if self.kind in ("samtycke_saknas", "samtycke_typ"):
            labels = [self._type_label(code) for code in self.types]
            return text(language, f"due.kind.{self.kind}", types=", ".join(labels))
        if self.kind not in DUE_KINDS and self.labels:
            words = dict(self.labels)
            return words.get(language) or words.get(self.item.form.language) or self.labels[0][1]
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


def record_municipality(item: FormRecord, settings: Settings) -> Municipality | None:
    """The settings' table of the municipality a record is issued by (its own ``kommun``, else the setting's)."""
    header = item.form.presentation.header_field()
    own = item.data.get(header) if header else None
    name = own if isinstance(own, str) and own.strip() else settings.municipality(item.form.language)
    return settings.municipality_settings(name)


def _deadline(case: CaseRecord, spec: DueSpec, start: dt.date, settings: Settings) -> dt.date | None:
    """*start* moved by *spec*'s offset, or to the next standing-time slot (None: the municipality has none)."""
    if spec.standing:
        kommun = record_municipality(case.item, settings)
        standing = kommun.staende_tid if kommun is not None else None
        return standing.next_slot(start) if standing is not None else None
    count = spec.count(settings)
    if spec.offset == "days":
        return start + dt.timedelta(days=count)
    if spec.offset == "workdays":
        return add_workdays(start, count, country_of(case.item.form.language))
    if spec.offset == "months":
        return add_months(start, count)
    return start


def _deadlines(
    case: CaseRecord, spec: DueSpec, settings: Settings, unreadable: list[tuple[str, Message]]
) -> Iterator[tuple[str, dt.date, str | None]]:
    """(path, deadline, time) of every deadline *spec* sets in the record.

    The path is the field that settles the item: the one that must be filled (``unless``) when the spec
    names one, else the date itself. A date that is no date (2025-11-31 typed by hand) is added to
    *unreadable* at its path: a deadline is never dropped without a word.
    """
    for path, indices, value in values_at(case.data, spec.date):
        start = date_of(value)
        if start is None:
            if not _empty(value):
                unreadable.append((item_place(case.item), message("due.bad_date", path=path)))
            continue
        if spec.when is not None and value_at(case.data, spec.when, indices) is not True:
            continue
        if spec.unless is not None and not _empty(value_at(case.data, spec.unless, indices)):
            continue
        deadline = _deadline(case, spec, start, settings)
        if deadline is None:
            continue
        time = value_at(case.data, spec.time, indices)
        settles = _concrete(spec.unless, indices) if spec.unless is not None else path
        yield settles, deadline, time if isinstance(time, str) and time else None


def item_place(item: FormRecord) -> str:
    """Where a record is, as an unreadable item names it: ``plan.json:3`` (or the extract line's file and line)."""
    return f"{item.via}:{item.record}" if item.via is not None else f"{item.source}:{item.record}"


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
        found = consent_coverage(case, index) if case.dated >= today else None
        if found is not None and found.by_type:
            kinds = tuple(dict.fromkeys(org.kind for org in found.by_type if org.kind))
            # Covered, with a warning: the consent lists the type, not this organisation. Never overdue.
            yield DueItem(case.dated, False, "samtycke_typ", found.by_type[0].path, case.item, types=kinds)


def consent_is_valid(settings: Settings, today: dt.date) -> Callable[[CaseRecord], bool]:
    """Whether a consent record passes its form's validation (errors only): only a valid samtycke covers anything."""
    from formkit.validation.validator import Validator

    validators: dict[str, Validator] = {}

    def valid(case: CaseRecord) -> bool:
        form = case.item.form
        if form.id not in validators:
            validators[form.id] = Validator(form, settings, today=today)
        return not any(problem.severity == "error" for problem in validators[form.id].validate(case.data))

    return valid


def _bad_consent_dates(cases: Sequence[CaseRecord], unreadable: list[tuple[str, Message]]) -> None:
    """A consent's validity typed as no date is an unreadable item: it would silently cover nothing."""
    for case in cases:
        spec = case.work.consent
        if spec is None or spec.grants is None:
            continue
        for path in (spec.valid_from, spec.valid_to):
            value = value_at(case.data, path)
            if path is not None and not _empty(value) and date_of(value) is None:
                unreadable.append((item_place(case.item), message("due.bad_date", path=path)))


def due_findings(
    records: Iterable[FormRecord], settings: Settings, *, today: dt.date, within: int
) -> tuple[list[DueItem], list[tuple[str, Message]]]:
    """The items (see :func:`due_items`) and the record items that could not be read (a date that is no date)."""
    horizon = today + dt.timedelta(days=within)
    cases = link(records, today)
    old = replaced(cases)
    items: list[DueItem] = []
    unreadable: list[tuple[str, Message]] = []
    for case in cases:
        for spec in case.work.due:
            if spec.replaced_by_newer and id(case) in old:
                continue
            for path, deadline, time in _deadlines(case, spec, settings, unreadable):
                overdue = deadline < today
                if (overdue and not spec.overdue) or deadline > horizon:
                    continue
                items.append(DueItem(deadline, overdue, spec.kind, path, case.item, time, labels=spec.labels))
    _bad_consent_dates(cases, unreadable)
    items.extend(_consent_items(cases, ConsentIndex(cases, consent_is_valid(settings, today)), today, horizon))
    return sorted(items, key=DueItem.sort_key), unreadable


def due_items(records: Iterable[FormRecord], settings: Settings, *, today: dt.date, within: int) -> list[DueItem]:
    """Everything due on *today* or overdue, and what falls due within *within* days, soonest first."""
    return due_findings(records, settings, today=today, within=within)[0]
