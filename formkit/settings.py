"""Settings: the routines' thresholds and the document details, overridable in formkit.toml."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from formkit.errors import ConfigError
from formkit.i18n import Message, message, os_reason

CONFIG_NAME = "formkit.toml"
CONFIG_ENV = "FORMKIT_CONFIG"

WEEKDAYS = ("mandag", "tisdag", "onsdag", "torsdag", "fredag", "lordag", "sondag")
"""Weekday names in formkit.toml (ASCII, Monday first), as ``staende_tid.veckodag``."""
ROUTINES = ("norrbus", "jamtbus", "vastbas")
"""The routines a municipality can follow (``[kommuner."…"] rutin``)."""
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


@dataclass(frozen=True)
class StandingTime:
    """A recurring time reserved for collaboration: the *ordinal* *weekday* of every month, from *start* to *end*.

    Jämtbus Åre 6.2: "Första onsdagen varje månad mellan 13-15" (ordinal 1,
    weekday 2). An ordinal of -1 is the month's last such weekday.
    """

    weekday: int
    ordinal: int
    start: str
    end: str

    def on(self, year: int, month: int) -> dt.date:
        """The slot's day in *month* of *year*."""
        first = dt.date(year, month, 1)
        days = [first + dt.timedelta(days=n) for n in range(31) if (first + dt.timedelta(days=n)).month == month]
        matching = [day for day in days if day.weekday() == self.weekday]
        return matching[self.ordinal - 1] if self.ordinal > 0 else matching[-1]

    def slots(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Every slot from *start* up to and including *end*."""
        found = []
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            day = self.on(year, month)
            if start <= day <= end:
                found.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    def next_slot(self, day: dt.date) -> dt.date:
        """The first slot on or after *day*."""
        return self.slots(day, day + dt.timedelta(days=62))[0]

    def holds(self, day: dt.date, start: str | None = None, end: str | None = None) -> bool:
        """True when *day* (from *start* to *end*, ``HH:MM``, when given) lies within a slot."""
        if self.on(day.year, day.month) != day:
            return False
        return (start is None or self.start <= start) and (end is None or end <= self.end)


@dataclass(frozen=True)
class Municipality:
    """What one municipality's routine says: which routine, the channel per organisation type, the standing time."""

    name: str
    rutin: str | None = None
    """``norrbus``, ``jamtbus`` or ``vastbas``: chooses the sentences and deadlines of a form with routine variants."""
    kanaler: tuple[tuple[str, str], ...] = ()
    """(verksamhetstyp, channel) pairs: who receives an invitation for that type of organisation ("enhetschef HC Järpen")."""
    staende_tid: StandingTime | None = None
    """The standing collaboration time, if the municipality has one."""

    def channel(self, kind: str) -> str | None:
        """The channel an invitation to an organisation of type *kind* goes through, if the table names one."""
        return dict(self.kanaler).get(kind)


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


DEFAULT_MUNICIPALITIES = (
    Municipality("Arjeplogs kommun", rutin="norrbus"),
    Municipality(
        "Åre kommun",
        rutin="jamtbus",
        kanaler=(
            ("primarvard", "enhetschef HC Järpen"),
            ("bup", "representant i BUP filial"),
            ("trossamfund", "kyrkoherde Åre församling"),
            ("polis", "områdespolis i Åre"),
        ),
        staende_tid=StandingTime(weekday=2, ordinal=1, start="13:00", end="15:00"),
    ),
    Municipality("Stenungsunds kommun", rutin="vastbas"),
)
"""The seeds' municipalities: Arjeplog follows NORRBUS (seed 000), Åre Jämtbus with its channels and standing time
(seed 002, 6.2), Stenungsund Västbas (seed 003). ``[kommuner."…"]`` in formkit.toml adds or replaces one by name."""


@dataclass(frozen=True)
class Settings:
    """Every tunable number and text, with the seeds' values as defaults.

    In formkit.toml the fields sit in two tables::

        [regler]
        natverksmote_max_dagar = 14
        [dokument]
        kommun = "Arjeplogs kommun"
        kommune = "Sel kommune"
    """

    # [regler] — thresholds from the routines
    natverksmote_max_dagar: int = 14
    """Seed 000: the network meeting "ska komma till stånd senast inom 2 veckor"."""
    barnets_samtycke_alder: int = 12
    """Age from which the child's own consent is expected on a samtycke."""
    samtycke_max_manader: int = 12
    """Longest validity of a consent before a warning."""
    myndig_alder: int = 18
    """Age from which a samtycke needs no vårdnadshavare."""
    akutplacering_arbetsdagar: int = 10
    """Jämtbus 5.6: after an emergency placement the cost allocation is settled within this many working days."""
    aterkoppling_max_dagar: int = 30
    """Days after rapportdatum by which the reporting organisation gets återkoppling (Bilaga 4 sets no number)."""
    minsta_antal: int = 3
    """The yearly summary's smallest count shown: from 1 to one below it a count prints as "<3" (Jämtbus 8: no one
    identifiable at management level), with secondary suppression so that no total gives it away."""
    referensdatum: dt.date | None = None
    """"Today" for every rule and personnummer of a run (default: the date the run starts); set it for reproducible runs."""
    malgrupp_max_alder: int = 20
    """Jämtbus 3.2: the agreement covers children and young people 0–20 years; older gets a warning."""
    saksliste_dager_for: int = 7
    """Sel 2: the saksliste is sent 1–2 weeks before the meeting; an innkalling sent later gets a warning."""
    elevhalsoteam_manader: int = 2
    """Västbas: the kontaktperson raises the case in the elevhälsoteam within 1–2 months of the network meeting."""
    utvardering_manader: int = 6
    """Västbas step 10: a new evaluation after 6 months."""

    # [dokument] — what rendered documents print
    kommun: str = ""
    """The municipality's name in the header of the Swedish forms, for a record without its own ``kommun``.

    No default: a header names no municipality unless the record or the installation does (a default
    name would put a document in the wrong municipality's name)."""
    kommune: str = ""
    """The municipality's name in the header of the Norwegian forms (bokmål), for a record without ``kommune``."""
    hembesok: str = "Hembesök"
    """What a calendar entry says as its place when a meeting is held in the family's home (never the address)."""
    sprak: str = ""
    """The language of ``formkit due`` lists (``sv`` or ``nb``) unless ``--lang`` says otherwise; empty: bokmål when
    every item is of a bokmål form, else Swedish."""
    sekretessmarkering: tuple[tuple[str, str], ...] = ()
    """(form id, marking) pairs: the secrecy marking printed in the page header of that form's documents.

    A form not named here prints what its presentation says (``x-formkit``
    ``secrecy``; no shipped form has one: the seeds call for none); an empty
    text turns a presentation's marking off. Kept as pairs so Settings stays hashable.
    """

    # [formular] — forms from outside the package
    formular_kataloger: tuple[Path, ...] = ()
    """Folders of ``<id>.schema.json`` forms besides the shipped ones (``kataloger``, relative to formkit.toml)."""

    # [kommuner."<namn>"] — each municipality's routine, channels and standing time
    kommuner: tuple[Municipality, ...] = DEFAULT_MUNICIPALITIES

    def municipality_settings(self, name: str | None) -> Municipality | None:
        """The table of the municipality called *name* (case and spacing ignored), or None."""
        if not name or not name.strip():
            return None
        key = _name_key(name)
        return next((kommun for kommun in self.kommuner if _name_key(kommun.name) == key), None)

    def reference_date(self) -> dt.date:
        """The reference date of a run: ``referensdatum``, else today's date (read once by the caller)."""
        return self.referensdatum or dt.date.today()

    def reference_instant(self) -> dt.datetime:
        """When a run writes: midnight (UTC) of ``referensdatum`` when the run's date is fixed, else the clock.

        Calendar entries carry it (DTSTAMP, SEQUENCE): a fixed date keeps runs reproducible,
        the clock makes a later run's entry supersede an earlier one.
        """
        if self.referensdatum is not None:
            day = self.referensdatum
            return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        return dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)

    def secrecy_marking(self, form_id: str, default: str = "") -> str:
        """The secrecy marking of the form *form_id*: the setting's when it names the form, else *default*."""
        return dict(self.sekretessmarkering).get(form_id, default)

    def municipality(self, language: str) -> str:
        """The name to print in the header of a form in *language* (``sv`` or ``nb``)."""
        return self.kommune if language in ("nb", "nn", "no") else self.kommun


_TABLES: dict[str, tuple[str, ...]] = {
    "regler": (
        "natverksmote_max_dagar", "barnets_samtycke_alder", "samtycke_max_manader", "myndig_alder",
        "akutplacering_arbetsdagar", "aterkoppling_max_dagar", "minsta_antal", "referensdatum", "malgrupp_max_alder",
        "saksliste_dager_for", "elevhalsoteam_manader", "utvardering_manader",
    ),
    "dokument": ("kommun", "kommune", "sekretessmarkering", "hembesok", "sprak"),
    "formular": ("kataloger",),
    "kommuner": (),
}
_FIELD_OF = {("formular", "kataloger"): "formular_kataloger"}
"""Settings whose field name is not the key in the file."""


_HEADER = re.compile(r"\s*\[\s*(\"?)([A-Za-z0-9_-]+)\1\s*\]\s*(?:#.*)?$")


def _key_at(line: str, key: str) -> int | None:
    """The column (from 1) where *line* assigns *key* (bare, quoted or as the head of a dotted key), else None."""
    found = re.match(rf"\s*(\"?){re.escape(key)}\1\s*[=.]", line)
    return found.end(1) - len(found.group(1)) + 1 if found else None


def locate(text: str, table: str, key: str | None = None) -> tuple[int, int] | None:
    """(line, column), from 1, of *table*'s header (or of *key* in it) in the TOML *text*, else None.

    tomllib gives no positions of what it read, so the place of a setting
    that is wrong in meaning (unknown, of the wrong type) is found by reading the
    lines: a ``[table]`` header then ``key =``, or ``table.key =`` and
    ``table = {...}`` at the top. Good enough to point a person at the line;
    None sends the message without a place.
    """
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            current = header.group(2)
            if key is None and current == table:
                return number, line.index(table) + 1
            continue
        if current is None:
            column = _key_at(line, table)
            if column is not None and (key is None or _key_at(line[column - 1 + len(table) :].lstrip(". "), key) is not None):
                return number, column
        elif current == table and key is not None:
            column = _key_at(line, key)
            if column is not None:
                return number, column
    return None


def _where(origin: str, text: str, table: str, key: str | None = None) -> str | Message:
    """The file, and the line and column of *table* (or *key* in it) when they can be found."""
    place = locate(text, table, key) or (locate(text, table) if key is not None else None)
    return origin if place is None else message("config.where", path=origin, line=place[0], column=place[1])


def _folders(value: Any, origin: str | Message, base: Path) -> tuple[Path, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ConfigError("config.folders", path=origin)
    return tuple((base / item).resolve() for item in value)


MARKING_LIMIT = 120
"""A secrecy marking is one line in a page header: a provision, maybe an authority and a date."""


def _markings(value: Any, origin: str | Message) -> tuple[tuple[str, str], ...]:
    """``{form id = marking}`` as sorted pairs; ConfigError for anything else (a marking must fit one header line)."""
    if not isinstance(value, dict):
        raise ConfigError("config.secrecy", path=origin, limit=MARKING_LIMIT)
    pairs = []
    for form_id, marking in value.items():
        if not isinstance(marking, str) or len(marking) > MARKING_LIMIT or any(ord(c) < 32 for c in marking):
            raise ConfigError("config.secrecy", path=origin, limit=MARKING_LIMIT)
        pairs.append((str(form_id), marking.strip()))
    return tuple(sorted(pairs))


def _standing_time(value: Any, origin: str | Message, where: str) -> StandingTime:
    """``{veckodag = "onsdag", ordning = 1, fran = "13:00", till = "15:00"}`` as a StandingTime."""
    expected = message("config.type.standing")
    if not isinstance(value, dict) or set(value) - {"veckodag", "ordning", "fran", "till"}:
        raise ConfigError("config.type", path=origin, table=where, key="staende_tid", expected=expected)
    day, ordinal, start, end = (value.get(k) for k in ("veckodag", "ordning", "fran", "till"))
    valid = (
        day in WEEKDAYS and type(ordinal) is int and ordinal in (1, 2, 3, 4, -1)
        and all(isinstance(t, str) and _TIME.fullmatch(t) for t in (start, end)) and str(start) < str(end)
    )  # fmt: skip
    if not valid:
        raise ConfigError("config.type", path=origin, table=where, key="staende_tid", expected=expected)
    return StandingTime(WEEKDAYS.index(str(day)), int(str(ordinal)), str(start), str(end))


def _municipalities(content: dict[str, Any], file: str, text: str) -> tuple[Municipality, ...]:
    """``[kommuner."Åre kommun"]`` tables merged over the defaults: a name given replaces that municipality's table."""
    table = {_name_key(kommun.name): kommun for kommun in DEFAULT_MUNICIPALITIES}
    for name, raw in content.items():
        where = f'kommuner."{name}"'
        origin = _where(file, text, "kommuner", str(name))
        if not isinstance(raw, dict):
            raise ConfigError("config.not_table", path=origin, table=where)
        unknown = set(raw) - {"rutin", "kanaler", "staende_tid"}
        if unknown:
            key = sorted(unknown)[0]
            raise ConfigError("config.unknown_setting", path=origin, table=where, key=key, known="rutin, kanaler, staende_tid")
        rutin = raw.get("rutin")
        if rutin is not None and rutin not in ROUTINES:
            expected = message("config.type.routine", known=", ".join(ROUTINES))
            raise ConfigError("config.type", path=origin, table=where, key="rutin", expected=expected)
        channels = raw.get("kanaler", {})
        if not isinstance(channels, dict) or not all(isinstance(v, str) and v.strip() for v in channels.values()):
            raise ConfigError("config.type", path=origin, table=where, key="kanaler", expected=message("config.type.channels"))
        standing = _standing_time(raw["staende_tid"], origin, where) if "staende_tid" in raw else None
        kanaler = tuple(sorted((str(k), str(v).strip()) for k, v in channels.items()))
        table[_name_key(name)] = Municipality(str(name).strip(), rutin, kanaler, standing)
    return tuple(table.values())


def _settings_from_mapping(data: dict[str, Any], origin: str, base: Path = Path(), text: str = "") -> Settings:
    """Settings from a parsed formkit.toml; *text*, its source, places an error at its line and column."""
    defaults = Settings()
    values: dict[str, Any] = {}
    for table, content in data.items():
        if table not in _TABLES:
            raise ConfigError("config.unknown_table", path=_where(origin, text, table), table=table, known=", ".join(_TABLES))
        if not isinstance(content, dict):
            raise ConfigError("config.not_table", path=_where(origin, text, table), table=table)
        if table == "kommuner":
            values["kommuner"] = _municipalities(content, origin, text)
            continue
        for key, value in content.items():
            where = _where(origin, text, table, key)
            if key not in _TABLES[table]:
                raise ConfigError("config.unknown_setting", path=where, table=table, key=key, known=", ".join(_TABLES[table]))
            if (table, key) == ("formular", "kataloger"):
                values[_FIELD_OF[table, key]] = _folders(value, where, base)
                continue
            if key == "sekretessmarkering":
                values[key] = _markings(value, where)
                continue
            if key == "sprak":
                if value not in ("sv", "nb"):
                    raise ConfigError("config.type", path=where, table=table, key=key, expected=message("config.type.language"))
                values[key] = value
                continue
            if key == "referensdatum":
                if type(value) is not dt.date:
                    raise ConfigError("config.type", path=where, table=table, key=key, expected=message("config.type.date"))
                values[key] = value
                continue
            expected = type(getattr(defaults, key))
            if type(value) is not expected:
                raise ConfigError(
                    "config.type", path=where, table=table, key=key, expected=message(f"config.type.{expected.__name__}")
                )
            if expected is int and value < 0:
                raise ConfigError("config.negative", path=where, table=table, key=key)
            values[key] = value
    return dataclasses.replace(defaults, **values)


_TOML_PLACE = re.compile(r"\(at line (\d+), column (\d+)\)")
"""Where tomllib (Python 3.11 to 3.13) says a syntax error is; 3.14 also gives ``lineno`` and ``colno``."""


def _syntax_error(path: Path, exc: tomllib.TOMLDecodeError) -> ConfigError:
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if not isinstance(line, int) or not isinstance(column, int):
        found = _TOML_PLACE.search(str(exc))
        if found is None:
            return ConfigError("config.unreadable", path=path, detail=exc.__class__.__name__)
        line, column = int(found.group(1)), int(found.group(2))
    return ConfigError("config.syntax", path=message("config.where", path=path, line=line, column=column))


def _not_utf8(path: Path, raw: bytes, exc: UnicodeDecodeError) -> ConfigError:
    before = raw[: exc.start]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    return ConfigError("config.not_utf8", path=message("config.where", path=path, line=line, column=column))


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Settings from *path*, else $FORMKIT_CONFIG, else ./formkit.toml, else the defaults."""
    candidate: Path | None
    if path is not None:
        candidate = Path(path)
        if not candidate.is_file():
            raise ConfigError("config.missing", path=candidate)
    elif os.environ.get(CONFIG_ENV):
        candidate = Path(os.environ[CONFIG_ENV])
        if not candidate.is_file():
            raise ConfigError("config.missing_env", path=candidate, env=CONFIG_ENV)
    else:
        candidate = Path(CONFIG_NAME)
        if not candidate.is_file():
            return Settings()
    try:
        raw = candidate.read_bytes()
    except OSError as exc:
        raise ConfigError("config.cannot_read", path=candidate, reason=os_reason(exc)) from exc
    try:
        # utf-8-sig: Notepad and PowerShell write a byte order mark, which TOML itself does not allow.
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _not_utf8(candidate, raw, exc) from exc
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(candidate, exc) from exc
    return _settings_from_mapping(data, str(candidate), candidate.resolve().parent, source)
