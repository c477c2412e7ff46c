"""What a form says about the case it belongs to, read from ``x-formkit``: whose it is, its deadlines, consent, calendar.

``formkit due``, the consent coverage and the ``ics`` output ask this module,
never a form id: a form from an outside folder takes part by saying the same
things in its own schema. At the top of ``x-formkit`` (every key optional)::

    "case":     {"person": "barn.personnummer", "name": "barn.namn", "dated": "upprattad_datum"},
    "due":      [{"kind": "uppfoljning", "label": "Uppföljning efter sex månader",
                  "date": "uppfoljning.datum", "time": "uppfoljning.tid",
                  "days": 14 | "<int setting>", "workdays": 10 | "<int setting>", "months": 6 | "<int setting>",
                  "standing": true,
                  "when": "kostnadsfordelning.akutplacering", "unless": "kostnadsfordelning.overenskommen",
                  "replaced_by_newer": true, "overdue": true}],
    "consent":  {"grants": "verksamheter.*.verksamhetstyp", "name": "namn", "from": "giltig_fran", "to": "giltig_till"}
            or  {"needs": ["deltagare.*.verksamhetstyp", "huvudansvar.verksamhetstyp"], "name": "verksamhet",
                 "ongoing": true},
    "calendar": {"date": "mote.datum", "start": "mote.fran", "end": "mote.till", "location": "mote.plats",
                 "home": "mote.i_hemmet", "private": ["barn.namn", "vardnadshavare.*.adress"],
                 "identity": ["barn.personnummer", "motestyp"], "recurring": "mote.staende_tid",
                 "title": "motestyp", "details": ["kallad_av.verksamhet"], "timezone": "Europe/Stockholm"}

``case``: the field identifying the person a record is about (records of
every form are linked by it; it is never printed), the person's name (printed
only on request) and the date the record is dated. ``due``: the dates by
which something must happen, by kind of deadline, all of them data:

- a date field: ``date`` alone (a follow-up meeting's date);
- a date plus an offset: one of ``days``, ``workdays`` (the country's
  public holidays are no working days: Sweden for a Swedish form, Norway
  for a bokmål one) or ``months`` (calendar months, clamped to the month's
  last day), each a number or the name of a setting (``"days":
  "aterkoppling_max_dagar"``);
- a list of dated tasks: ``date`` with a list mark (``tiltak.*.frist``: one
  deadline per item; ``when``/``unless``/``time`` then take the same item's
  indices);
- a recurring standing time: ``standing: true``, the first slot of the
  record's municipality's standing time (``[kommuner."…"] staende_tid``) on
  or after the date (a municipality without one sets no deadline).

``when`` must be true and ``unless`` empty for the deadline to stand;
``replaced_by_newer``: a newer record of the same form for the same person
takes over (a follow-up held gives a new plan); ``overdue: false``: a date
that has passed is no longer listed (a meeting). ``kind`` names what is due:
one of :data:`DUE_KINDS` is named by the language catalogue; any other kind
needs a ``label``, the words ``formkit due`` prints for it (in the form's
language), so a form from an outside folder declares its own deadlines
without code. ``consent``: a form that ``grants`` consent to the
organisation types at a path, valid ``from``–``to``; or one that ``needs``
consent for the organisation types at its paths on its ``dated`` date
(``ongoing``: it keeps referring to the person until a newer record of its
form replaces it); ``name``: the field beside each type that holds the
organisation's name — a consent covers the organisations it names, and their
type only as a fallback (see :mod:`formkit.due.cases`). ``calendar``: the fields of a meeting for the ``ics``
output; ``details`` are fields added to the entry's description (never a
person's name: calendar entries are forwarded widely). The entry's place is
``location`` as written, except for a meeting in the family's home: when
``home`` is true, or the place holds a value of a ``private`` field (a name,
a home address), the place is the setting ``[dokument] hembesok``
("Hembesök"). ``identity``: the fields that make a meeting the same meeting
across edits (its UID is made from them through a one-way hash, so a moved
meeting keeps its UID); ``recurring``: a boolean field that, when true, makes
the entry repeat at the municipality's standing time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from formkit.errors import SchemaError
from formkit.model.catalog import Form
from formkit.model.fields import LIST_MARK, FormModel
from formkit.model.presentation import check_keys
from formkit.settings import Settings

DUE_KINDS = frozenset(
    {
        "uppfoljning", "tiltak", "aterkoppling", "kostnadsfordelning", "mote", "uppgift", "elevhalsoteam",
        "utvardering", "staende_tid", "informera",
    }
)  # fmt: skip
"""Kinds of deadline the language catalogue names (``due.kind.<kind>``); other kinds carry their own ``label``."""
OFFSETS = ("days", "workdays", "months")
"""The offsets a deadline may add to its date: calendar days, working days, calendar months."""
TIMEZONES = {"sv": "Europe/Stockholm", "nb": "Europe/Oslo"}
"""The time zone of a form's meetings when its calendar does not name one."""

_CASE_KEYS = frozenset({"person", "name", "dated"})
_DUE_KEYS = frozenset(
    {"kind", "label", "date", "time", *OFFSETS, "standing", "when", "unless", "replaced_by_newer", "overdue"}
)
_CONSENT_KEYS = frozenset({"grants", "from", "to", "needs", "ongoing", "name"})
_CALENDAR_KEYS = frozenset(
    {"date", "start", "end", "location", "title", "details", "timezone", "home", "private", "identity", "recurring"}
)
_INT_SETTINGS = frozenset(f.name for f in dataclasses.fields(Settings) if f.type in ("int", int))


@dataclass(frozen=True)
class CaseSpec:
    person: str
    name: str | None = None
    dated: str | None = None


@dataclass(frozen=True)
class DueSpec:
    kind: str
    date: str
    time: str | None = None
    offset: str | None = None
    """``days``, ``workdays`` or ``months`` (None: the date itself)."""
    amount: int | str = 0
    """How many of *offset*: a number, or the name of an int setting."""
    standing: bool = False
    when: str | None = None
    unless: str | None = None
    replaced_by_newer: bool = False
    overdue: bool = True
    labels: tuple[tuple[str, str], ...] = ()
    """(language, words): what is due in the form's own words (required for a kind the catalogue does not name)."""

    def count(self, settings: Settings) -> int:
        """The offset's number of days, working days or months (a setting's value when it names one)."""
        return int(getattr(settings, self.amount)) if isinstance(self.amount, str) else self.amount


@dataclass(frozen=True)
class ConsentSpec:
    grants: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    needs: tuple[str, ...] = ()
    ongoing: bool = False
    name: str | None = None
    """The field beside each organisation type that holds the organisation's name (``verksamhet``, ``namn``)."""


@dataclass(frozen=True)
class CalendarSpec:
    date: str
    start: str
    end: str | None
    location: str | None
    title: str
    details: tuple[str, ...]
    timezone: str
    home: str | None = None
    private: tuple[str, ...] = ()
    identity: tuple[str, ...] = ()
    recurring: str | None = None


@dataclass(frozen=True)
class Casework:
    """A form's part in a case: see the module's docstring."""

    case: CaseSpec | None = None
    due: tuple[DueSpec, ...] = ()
    consent: ConsentSpec | None = None
    calendar: CalendarSpec | None = None


_CACHE: dict[tuple[str, str], Casework] = {}


def casework(form: Form) -> Casework:
    """The form's case, deadlines, consent and calendar (read once per form); SchemaError when one is wrong."""
    key = (form.id, str(form.path))
    if key not in _CACHE:
        _CACHE[key] = _read(form.meta, form.model, form.path.name, form.language)
    return _CACHE[key]


def _path(model: FormModel, value: Any, where: str, key: str, *, leaf: bool = True) -> str:
    node = model.node(value) if isinstance(value, str) else None
    if node is None or (leaf and not node.is_leaf):
        raise SchemaError("casework.path", path=where, key=key, field=str(value))
    return str(value)


def _optional_path(model: FormModel, value: Any, where: str, key: str) -> str | None:
    return None if value is None else _path(model, value, where, key)


def _setting(value: Any, where: str, key: str) -> int | str | None:
    if value is None:
        return None
    if type(value) is int and value >= 0:
        return value
    if value not in _INT_SETTINGS:
        raise SchemaError("casework.setting", path=where, key=key, name=str(value), known=", ".join(sorted(_INT_SETTINGS)))
    return str(value)


def _labels(value: Any, language: str, where: str) -> tuple[tuple[str, str], ...]:
    """A due ``label``: words in the form's language, or ``{"sv": …, "nb": …}``."""
    if value is None:
        return ()
    if isinstance(value, str) and value.strip():
        return ((language, value.strip()),)
    pairs = value.items() if isinstance(value, dict) else ()
    if pairs and all(k in ("sv", "nb") and isinstance(v, str) and v.strip() for k, v in pairs):
        return tuple((str(k), str(v).strip()) for k, v in value.items())
    raise SchemaError("presentation.texts", path=where, key="due.label")


def _timezone(name: Any, where: str) -> str:
    try:
        ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SchemaError("casework.timezone", path=where, name=str(name)) from exc
    return str(name)


def _read(meta: Mapping[str, Any], model: FormModel, where: str, language: str) -> Casework:
    case = None
    if "case" in meta:
        raw = check_keys(meta["case"], _CASE_KEYS, where, "case")
        case = CaseSpec(
            person=_path(model, raw.get("person"), where, "case.person"),
            name=_optional_path(model, raw.get("name"), where, "case.name"),
            dated=_optional_path(model, raw.get("dated"), where, "case.dated"),
        )
    due = []
    raw_due = meta.get("due", [])
    if not isinstance(raw_due, list):
        raise SchemaError("presentation.object", path=where, key="due")
    for item in raw_due:
        raw = check_keys(item, _DUE_KEYS, where, "due")
        kind, labels = raw.get("kind"), _labels(raw.get("label"), language, where)
        if not isinstance(kind, str) or not kind or (kind not in DUE_KINDS and not labels):
            raise SchemaError("casework.kind", path=where, kind=str(kind), known=", ".join(sorted(DUE_KINDS)))
        offsets = [key for key in OFFSETS if raw.get(key) is not None]
        if len(offsets) > 1 or (offsets and raw.get("standing") is True):
            raise SchemaError("casework.days_twice", path=where, kind=kind)
        offset = offsets[0] if offsets else None
        due.append(
            DueSpec(
                kind=kind,
                date=_path(model, raw.get("date"), where, "due.date"),
                time=_optional_path(model, raw.get("time"), where, "due.time"),
                offset=offset,
                amount=_setting(raw.get(offset), where, f"due.{offset}") or 0 if offset else 0,
                standing=raw.get("standing") is True,
                when=_optional_path(model, raw.get("when"), where, "due.when"),
                unless=_optional_path(model, raw.get("unless"), where, "due.unless"),
                replaced_by_newer=raw.get("replaced_by_newer") is True,
                overdue=raw.get("overdue", True) is not False,
                labels=labels,
            )
        )
    # Without a person, "a newer record of the same form for the same person" means nothing.
    if case is None and any(spec.replaced_by_newer for spec in due):
        raise SchemaError("casework.needs_case", path=where, key="due")
    consent = None
    if "consent" in meta:
        raw = check_keys(meta["consent"], _CONSENT_KEYS, where, "consent")
        if case is None:
            raise SchemaError("casework.needs_case", path=where, key="consent")
        if ("grants" in raw) == ("needs" in raw):
            raise SchemaError("casework.consent_kind", path=where)
        needs = raw.get("needs", [])
        if not isinstance(needs, list):
            raise SchemaError("presentation.object", path=where, key="consent.needs")
        consent = ConsentSpec(
            grants=_optional_path(model, raw.get("grants"), where, "consent.grants"),
            valid_from=_optional_path(model, raw.get("from"), where, "consent.from"),
            valid_to=_optional_path(model, raw.get("to"), where, "consent.to"),
            needs=tuple(_path(model, path, where, "consent.needs") for path in needs),
            ongoing=raw.get("ongoing") is True,
            name=str(raw["name"]) if isinstance(raw.get("name"), str) and raw["name"] else None,
        )
        if consent.grants and not (consent.valid_from and consent.valid_to):
            raise SchemaError("casework.consent_kind", path=where)
        if consent.needs and case.dated is None:
            raise SchemaError("casework.needs_case", path=where, key="consent.needs")
    calendar = None
    if "calendar" in meta:
        raw = check_keys(meta["calendar"], _CALENDAR_KEYS, where, "calendar")
        details = raw.get("details", [])
        lists = {key: raw.get(key, []) for key in ("details", "private", "identity")}
        for key, value in lists.items():
            if not isinstance(value, list):
                raise SchemaError("presentation.object", path=where, key=f"calendar.{key}")
        for key in ("date", "start", "end", "location", "title", *(f"details.{i}" for i in range(len(details)))):
            value = raw.get(key) if not key.startswith("details.") else details[int(key.split(".")[1])]
            if isinstance(value, str) and LIST_MARK in value.split("."):
                raise SchemaError("casework.path", path=where, key=f"calendar.{key}", field=value)
        calendar = CalendarSpec(
            date=_path(model, raw.get("date"), where, "calendar.date"),
            start=_path(model, raw.get("start"), where, "calendar.start"),
            end=_optional_path(model, raw.get("end"), where, "calendar.end"),
            location=_optional_path(model, raw.get("location"), where, "calendar.location"),
            title=_path(model, raw.get("title"), where, "calendar.title"),
            details=tuple(_path(model, path, where, "calendar.details") for path in details),
            timezone=_timezone(raw.get("timezone") or TIMEZONES.get(language, TIMEZONES["sv"]), where),
            home=_optional_path(model, raw.get("home"), where, "calendar.home"),
            private=tuple(_path(model, path, where, "calendar.private") for path in lists["private"]),
            identity=tuple(_path(model, path, where, "calendar.identity") for path in lists["identity"]),
            recurring=_optional_path(model, raw.get("recurring"), where, "calendar.recurring"),
        )
    return Casework(case=case, due=tuple(due), consent=consent, calendar=calendar)
