"""Settings: the routines' thresholds and the document details, overridable in formkit.toml."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from formkit.errors import ConfigError
from formkit.i18n import message

CONFIG_NAME = "formkit.toml"
CONFIG_ENV = "FORMKIT_CONFIG"


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

    # [dokument] — what rendered documents print
    kommun: str = "Arjeplogs kommun"
    """The municipality's name in the header of the Swedish forms."""
    kommune: str = "Sel kommune"
    """The municipality's name in the header of the Norwegian forms (bokmål)."""
    sekretessmarkering: tuple[tuple[str, str], ...] = ()
    """(form id, marking) pairs: the secrecy marking printed in the page header of that form's documents.

    A form not named here prints what its presentation says (``x-formkit``
    ``secrecy``; no shipped form has one: the seeds call for none); an empty
    text turns a presentation's marking off. Kept as pairs so Settings stays hashable.
    """

    # [formular] — forms from outside the package
    formular_kataloger: tuple[Path, ...] = ()
    """Folders of ``<id>.schema.json`` forms besides the shipped ones (``kataloger``, relative to formkit.toml)."""

    def reference_date(self) -> dt.date:
        """The reference date of a run: ``referensdatum``, else today's date (read once by the caller)."""
        return self.referensdatum or dt.date.today()

    def secrecy_marking(self, form_id: str, default: str = "") -> str:
        """The secrecy marking of the form *form_id*: the setting's when it names the form, else *default*."""
        return dict(self.sekretessmarkering).get(form_id, default)

    def municipality(self, language: str) -> str:
        """The name to print in the header of a form in *language* (``sv`` or ``nb``)."""
        return self.kommune if language in ("nb", "nn", "no") else self.kommun


_TABLES: dict[str, tuple[str, ...]] = {
    "regler": (
        "natverksmote_max_dagar", "barnets_samtycke_alder", "samtycke_max_manader", "myndig_alder",
        "akutplacering_arbetsdagar", "aterkoppling_max_dagar", "minsta_antal", "referensdatum",
    ),
    "dokument": ("kommun", "kommune", "sekretessmarkering"),
    "formular": ("kataloger",),
}
_FIELD_OF = {("formular", "kataloger"): "formular_kataloger"}
"""Settings whose field name is not the key in the file."""


def _folders(value: Any, origin: str, base: Path) -> tuple[Path, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ConfigError("config.folders", path=origin)
    return tuple((base / item).resolve() for item in value)


MARKING_LIMIT = 120
"""A secrecy marking is one line in a page header: a provision, maybe an authority and a date."""


def _markings(value: Any, origin: str) -> tuple[tuple[str, str], ...]:
    """``{form id = marking}`` as sorted pairs; ConfigError for anything else (a marking must fit one header line)."""
    if not isinstance(value, dict):
        raise ConfigError("config.secrecy", path=origin, limit=MARKING_LIMIT)
    pairs = []
    for form_id, marking in value.items():
        if not isinstance(marking, str) or len(marking) > MARKING_LIMIT or any(ord(c) < 32 for c in marking):
            raise ConfigError("config.secrecy", path=origin, limit=MARKING_LIMIT)
        pairs.append((str(form_id), marking.strip()))
    return tuple(sorted(pairs))


def _settings_from_mapping(data: dict[str, Any], origin: str, base: Path = Path()) -> Settings:
    defaults = Settings()
    values: dict[str, Any] = {}
    for table, content in data.items():
        if table not in _TABLES:
            raise ConfigError("config.unknown_table", path=origin, table=table, known=", ".join(_TABLES))
        if not isinstance(content, dict):
            raise ConfigError("config.not_table", path=origin, table=table)
        for key, value in content.items():
            if key not in _TABLES[table]:
                raise ConfigError("config.unknown_setting", path=origin, table=table, key=key, known=", ".join(_TABLES[table]))
            if (table, key) == ("formular", "kataloger"):
                values[_FIELD_OF[table, key]] = _folders(value, origin, base)
                continue
            if key == "sekretessmarkering":
                values[key] = _markings(value, origin)
                continue
            if key == "referensdatum":
                if type(value) is not dt.date:
                    raise ConfigError("config.type", path=origin, table=table, key=key, expected=message("config.type.date"))
                values[key] = value
                continue
            expected = type(getattr(defaults, key))
            if type(value) is not expected:
                raise ConfigError(
                    "config.type", path=origin, table=table, key=key, expected=message(f"config.type.{expected.__name__}")
                )
            if expected is int and value < 0:
                raise ConfigError("config.negative", path=origin, table=table, key=key)
            values[key] = value
    return dataclasses.replace(defaults, **values)


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
        data = tomllib.loads(candidate.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("config.unreadable", path=candidate, detail=exc.__class__.__name__) from exc
    return _settings_from_mapping(data, str(candidate), candidate.resolve().parent)
