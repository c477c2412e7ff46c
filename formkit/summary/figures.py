"""The figures of one year of avvikelserapporter: read, validate, count each report once, tally.

This module is pure: it reads input files and returns a :class:`DeviationSummary`;
writing the workbook lives in ``summary_xlsx.py`` and the command in ``cli_summary.py``.
Nothing personal leaves this module unless ``include_text`` asks for the free text
(masked, see :func:`mask_personnummer`): names, personnummer and client data are never
copied into a :class:`CountedReport`.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import re
import statistics
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from operator import attrgetter
from pathlib import Path
from typing import Any

from formkit import __version__
from formkit.errors import SourceError
from formkit.i18n import DEFAULT_LANGUAGE, LANGUAGES, os_reason, shown_path, text
from formkit.model.catalog import Form, get_form
from formkit.settings import Settings
from formkit.sources import read_records, supported_suffixes
from formkit.validation.validator import Validator

FORM_ID = "avvikelserapport"
DEFAULT_STATUS = "rapporterad"
"""A report with no ``handlaggning.status`` has only been reported (Bilaga 4)."""
CLOSED_STATUSES = frozenset({"avslutad"})
"""Statuses after which a report is no longer open; ``atgardad`` still awaits its closing follow-up."""

# The separator as people type it, and as Word's autocorrect leaves it: hyphen or plus,
# the Unicode hyphens and dashes (‐ ‑ ‒ – — −), a space or a no-break space around it.
_PERSONNUMMER_LIKE = re.compile(r"(?<![0-9])(?:[0-9]{2})?[0-9]{6}[ \u00a0]?[-+\u2010-\u2014\u2212]?[ \u00a0]?[0-9]{4}(?![0-9])")
PERSONNUMMER_MASK = "ÅÅMMDD-XXXX"
_NO_HANDLING: dict[str, Any] = {}
_REPORT_ORDER = attrgetter("handelsedatum", "rapportdatum", "source", "record")
"""The list sheet's order: by date of the event, then of the report, then as read."""


def mask_personnummer(text: str) -> str:
    """*text* with every personnummer-like run of digits (also 10-digit phone numbers) masked."""
    return _PERSONNUMMER_LIKE.sub(PERSONNUMMER_MASK, text)


@dataclass(frozen=True)
class Labels:
    """Swedish labels of the enums the summary counts, in the schema's order (code -> label)."""

    verksamhetstyp: dict[str, str]
    kategori: dict[str, str]
    status: dict[str, str]


@dataclass(slots=True)
class CountedReport:
    """The non-personal facts of one counted report; ``beskrivning``/``forslag_atgarder`` only with include_text.

    Not frozen: a frozen dataclass is several times slower to build, and one is built per report.
    """

    id: str | None
    handelsedatum: date
    rapportdatum: date
    rapporterande: str
    berord: str
    kategori: str
    status: str
    mottagen: date | None
    aterkoppling: date | None
    atgardat: date | None
    source: str
    record: int
    beskrivning: str | None = None
    forslag_atgarder: str | None = None
    copies: int = 1
    """Valid copies read with this report's identity (1 without id); the extra ones are the duplicates."""
    organisation: str = ""
    """A digest of the reporting organisation (``rapportor.arbetsplats``): with ``id`` the report's identity
    (FORMS.md, "The same report twice"). A digest, not the text: this object holds no free text."""
    digest: str = ""
    """A digest of the report's whole content, to tell equal copies from differing ones."""

    @property
    def dagar_till_aterkoppling(self) -> int | None:
        """Days from rapportdatum to återkoppling, or None without återkoppling."""
        if self.aterkoppling is None:
            return None
        return (self.aterkoppling - self.rapportdatum).days


@dataclass(frozen=True)
class RejectedProblem:
    """Why a report was rejected: where and which rule, never the value."""

    path: str
    rule: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "rule": self.rule, "message": self.message}


@dataclass(frozen=True)
class RejectedReport:
    """An input report that failed validation; ``rapporterande`` is its reporting type when that is a known code."""

    source: str
    record: int
    problems: tuple[RejectedProblem, ...]
    rapporterande: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "record": self.record, "problems": [p.to_dict() for p in self.problems]}


@dataclass
class InputFile:
    """One input file and what became of its reports; ``source`` is its shown name (see :func:`input_name`)."""

    source: str
    records: int = 0
    rejected: int = 0
    in_year: int = 0


@dataclass(frozen=True)
class Copy:
    """One copy of a report: where it was read."""

    source: str
    record: int

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "record": self.record}


@dataclass
class Conflict:
    """Copies of one report (same organisation and id) whose content differs; ``counted`` is the one in the figures."""

    id: str
    copies: list[Copy]
    counted: Copy

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "copies": [c.to_dict() for c in self.copies], "counted": self.counted.to_dict()}


SKIPPED_KINDS = ("hidden", "office_lock", "macos", "own_output", "other_type")
"""Why a file in a folder was not read (counts per kind); Underlag and ``--json`` name each kind in words
(catalogue ``summary.skipped.<kind>``)."""
FORMKIT_OUTPUTS = frozenset({"report.json", "SHA256SUMS"})


@dataclass(frozen=True)
class Figures:
    """The counts the management group reads; every enum count lists every code, zeros included."""

    total: int
    by_month: dict[str, int]
    by_reporting: dict[str, int]
    by_affected: dict[str, int]
    by_category: dict[str, int]
    by_status: dict[str, int]
    cross: dict[str, dict[str, int]]
    """Reporting type -> affected type -> count."""
    aterkoppling: int
    median_dagar_aterkoppling: float | None
    open: int
    duplicates: int
    """Extra copies of the counted reports, left out of every other figure."""


def count_figures(reports: Sequence[CountedReport], year: int, labels: Labels) -> Figures:
    """Tally *reports* (already filtered to *year* and deduplicated)."""
    # Counter over map(attrgetter) counts in C: this runs over every report of a large region.
    months = Counter(map(attrgetter("handelsedatum.month"), reports))
    reporting = Counter(map(attrgetter("rapporterande"), reports))
    status = Counter(map(attrgetter("status"), reports))
    cross = Counter(map(attrgetter("rapporterande", "berord"), reports))
    days = [(r.aterkoppling - r.rapportdatum).days for r in reports if r.aterkoppling is not None]
    types = list(labels.verksamhetstyp)
    return Figures(
        total=len(reports),
        by_month={f"{year:04d}-{month:02d}": months[month] for month in range(1, 13)},
        by_reporting=_ordered(reporting, types),
        by_affected=_ordered(Counter(map(attrgetter("berord"), reports)), types),
        by_category=_ordered(Counter(map(attrgetter("kategori"), reports)), list(labels.kategori)),
        by_status=_ordered(status, list(labels.status)),
        cross={r: {a: cross[r, a] for a in types} for r in types},
        aterkoppling=len(days),
        median_dagar_aterkoppling=float(statistics.median(days)) if days else None,
        open=sum(n for code, n in status.items() if code not in CLOSED_STATUSES),
        duplicates=sum(map(attrgetter("copies"), reports)) - len(reports),
    )


def _ordered(counts: Counter[str], codes: list[str]) -> dict[str, int]:
    # Codes missing from the schema's enum cannot pass validation; keep them anyway so totals add up.
    ordered = {code: counts[code] for code in codes}
    ordered.update({code: n for code, n in counts.items() if code not in ordered})
    return ordered


@dataclass
class DeviationSummary:
    """A year of avvikelserapporter: the counted reports, their figures and what was left out."""

    year: int
    reports: list[CountedReport]
    figures: Figures
    rejected: list[RejectedReport]
    inputs: list[InputFile]
    labels: Labels
    include_text: bool = False
    verksamhetstyp: str | None = None
    """Set on a per-verksamhet summary: the reporting type it is restricted to."""
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    formkit_version: str = ""
    form_version: str = ""
    conflicts: list[Conflict] = field(default_factory=list)
    """Reports read in copies that differ (counted once, listed so someone can reconcile them)."""
    skipped: dict[str, int] = field(default_factory=dict)
    """Files in input folders that were not read, counted by kind (:data:`SKIPPED_KINDS`, in words)."""
    language: str = DEFAULT_LANGUAGE
    """The language of the form, and so of every text in the workbook."""

    def to_json(self) -> dict[str, Any]:
        """The figures as the ``--json`` contract: the keys of issue 5, plus conflicts and skipped files (issue 10)."""
        f = self.figures
        return {
            "year": self.year,
            "total": f.total,
            "by_month": f.by_month,
            "by_reporting": f.by_reporting,
            "by_affected": f.by_affected,
            "by_category": f.by_category,
            "by_status": f.by_status,
            "rejected": [r.to_dict() for r in self.rejected],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "skipped": dict(self.skipped),
        }

    @property
    def duplicates(self) -> int:
        """Extra copies of the counted reports (same id): those of this year and selection only."""
        return self.figures.duplicates

    def reporting_types(self) -> list[str]:
        """Reporting types with at least one counted report, in the schema's order."""
        return [code for code, n in self.figures.by_reporting.items() if n]

    def for_reporting(self, typ: str) -> DeviationSummary:
        """The same summary restricted to reports made by organisations of type *typ*.

        Rejected reports go to the type they name; one whose type is unknown is
        listed in every organisation's summary, since it could be any one's.
        """
        reports = [r for r in self.reports if r.rapporterande == typ]
        rejected = [r for r in self.rejected if r.rapporterande in (typ, None)]
        counted = {(r.source, r.record) for r in reports}
        conflicts = [c for c in self.conflicts if (c.counted.source, c.counted.record) in counted]
        return replace(
            self,
            reports=reports,
            figures=count_figures(reports, self.year, self.labels),
            rejected=rejected,
            verksamhetstyp=typ,
            conflicts=conflicts,
        )


def skipped_kind(path: Path, suffixes: frozenset[str]) -> str | None:
    """Why a file met in a folder is not read (a kind of :data:`SKIPPED_KINDS`), or None to read it.

    A shared folder holds more than reports: Excel's lock file of an open
    workbook (``~$…``), the ``._…`` files a Mac leaves on a share, hidden files,
    a README, images, and formkit's own outputs (a fill's report.json, a
    summary workbook written beside its inputs).
    """
    name = path.name
    if name.startswith("~$"):
        return "office_lock"
    if name.startswith("._"):
        return "macos"
    if name.startswith("."):
        return "hidden"
    if name in FORMKIT_OUTPUTS:
        return "own_output"
    if path.suffix.lower() not in suffixes:
        return "other_type"
    if path.suffix.lower() == ".xlsx" and is_summary_workbook(path):
        return "own_output"
    return None


def is_summary_workbook(path: Path) -> bool:
    """Whether *path* is a workbook ``formkit summary`` wrote (its sheets Översikt and Underlag, in either language)."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > 1_000_000:
                return False
            names = archive.read(info)
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return any(
        f'name="{text(language, "workbook.sheet.overview")}"'.encode() in names
        and f'name="{text(language, "workbook.sheet.basis")}"'.encode() in names
        for language in LANGUAGES
    )


def expand_inputs(inputs: Iterable[str | Path], skipped: Counter[str] | None = None) -> list[Path]:
    """Input paths with each folder replaced by the files in it that hold reports (sorted, not recursive).

    In a folder, files :func:`skipped_kind` names are left out and counted in
    *skipped* by kind; a file named explicitly is read (or refused) whatever it is.
    A file named twice (a folder and a file in it) is read once, where it first
    appears: read twice, its reports without id would count twice.
    A folder without any such file raises SourceError: summarising nothing is a mistake, not an empty year.
    """
    suffixes = frozenset(supported_suffixes())
    paths: dict[Path, Path] = {}  # resolved -> as named
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = []
            try:
                for entry in sorted(p for p in path.iterdir() if p.is_file()):
                    kind = skipped_kind(entry, suffixes)
                    if kind is None:
                        found.append(entry)
                    elif skipped is not None:
                        skipped[kind] += 1
            except OSError as exc:
                raise SourceError("folder.unreadable", path=path, reason=os_reason(exc)) from exc
            if not found:
                raise SourceError("folder.empty", path=path, known=", ".join(sorted(suffixes)))
        else:
            found = [path]
        for named in found:
            paths.setdefault(named.resolve(), named)
    return list(paths.values())


def input_name(path: Path, position: int, language: str = DEFAULT_LANGUAGE) -> str:
    """An input file as the summary shows it: its name, or only its position when the name holds a personnummer.

    The name is masked like free text (:func:`mask_personnummer`): a name the
    mask would change is someone's personnummer, and the file is then
    "indatafil 3" (in *language*), never its name.
    """
    shown = shown_path(path)
    return shown if mask_personnummer(shown) == shown else text(language, "summary.input_file", position=position)


class _Register:
    """The reports read so far: valid ones kept once per identity, invalid ones listed as rejected."""

    def __init__(self, form: Form, settings: Settings, year: int, include_text: bool) -> None:
        self.form, self.year, self.include_text = form, year, include_text
        self.validator = Validator(form, settings)
        self.labels = labels_for(form)
        self.paths = _schema_paths(form)
        self.unknown_field = text(form.language, "unknown_field")
        self.types = frozenset(self.labels.verksamhetstyp)
        self.rank = {code: i for i, code in enumerate(self.labels.status)}
        self.inputs: list[InputFile] = []
        self.rejected: list[RejectedReport] = []
        self.by_id: dict[tuple[str, str], CountedReport] = {}
        self.without_id: list[CountedReport] = []
        self.copies: dict[tuple[str, str], list[CountedReport]] = {}
        """Every copy of an identity read more than once, in the order read (for the conflicts)."""
        self.dates = _Dates()

    def read(self, path: Path) -> None:
        stats = InputFile(source=input_name(path, len(self.inputs) + 1, self.form.language))
        self.inputs.append(stats)
        validator = self.validator
        for rec in read_records(path, self.form):
            stats.records += 1
            # A reader's error (a line that could not be read) rejects the record as it is; a reader's
            # warning (a PDF from another template version) does not spare it the validation.
            errors = _errors(rec.problems, self.paths, self.unknown_field) if rec.problems else []
            if not errors and not validator.is_valid(rec.data):
                errors = _errors(validator.validate(rec.data), self.paths, self.unknown_field)
            if errors:
                stats.rejected += 1
                typ = _reporting_type(rec.data, self.types)
                self.rejected.append(RejectedReport(stats.source, rec.record, tuple(errors), typ))
                continue
            report = _counted(rec.data, stats.source, rec.record, self.include_text, self.dates)
            if report.handelsedatum.year == self.year:
                stats.in_year += 1
            self.keep(report)

    def _ahead(self, report: CountedReport, kept: CountedReport) -> bool:
        """Whether *report* is the copy to count instead of *kept*: further in handling, then the later rapportdatum."""
        mine, theirs = self.rank.get(report.status, -1), self.rank.get(kept.status, -1)
        return mine > theirs or (mine == theirs and report.rapportdatum > kept.rapportdatum)

    def keep(self, report: CountedReport) -> None:
        if report.id is None:
            self.without_id.append(report)
            return
        # Ids compare without case, as workplaces do (issue 19): AVV-2025-0017 and avv-2025-0017 are one report.
        key = (report.organisation, report.id.casefold())
        kept = self.by_id.setdefault(key, report)
        if kept is report:
            return
        # Two copies of one report: the further-handled one is the newer truth; on a tie the later
        # report, then the first read. The copies travel with the winner, so a year or an
        # organisation counts only its own duplicates.
        self.copies.setdefault(key, [kept]).append(report)
        if self._ahead(report, kept):
            report.copies = kept.copies + 1
            self.by_id[key] = report
        else:
            kept.copies += 1

    def counted(self) -> list[CountedReport]:
        """The kept reports of the year, in the order they were kept (not yet the list sheet's)."""
        year = self.year
        return [r for r in (*self.by_id.values(), *self.without_id) if r.handelsedatum.year == year]

    def conflicts(self) -> list[Conflict]:
        """Identities read in copies whose content differs, for the counted reports of the year."""
        found = []
        for key, copies in self.copies.items():
            counted = self.by_id[key]
            if counted.handelsedatum.year != self.year or len({c.digest for c in copies}) == 1:
                continue
            shown = counted.id or key[1]  # as the counted copy writes it (the key is without case)
            found.append(Conflict(shown, [Copy(c.source, c.record) for c in copies], Copy(counted.source, counted.record)))
        return found


def summarize(
    inputs: Iterable[str | Path],
    year: int,
    settings: Settings | None = None,
    *,
    include_text: bool = False,
    form: Form | None = None,
) -> DeviationSummary:
    """Read every input, validate each report, count the valid ones of *year* once per ``id``.

    Raises :class:`formkit.errors.SourceError` when an input cannot be read.
    """
    form = form or get_form(FORM_ID)
    register = _Register(form, settings or Settings(), year, include_text)
    skipped: Counter[str] = Counter()
    paths = expand_inputs(inputs, skipped)
    with _gc_paused():
        for path in paths:
            register.read(path)
    counted = register.counted()
    # Tallied before sorting: in the order they were made the reports lie close
    # together in memory, and counting them is several times faster than sorted.
    figures = count_figures(counted, year, register.labels)
    counted.sort(key=_REPORT_ORDER)
    return DeviationSummary(
        year=year,
        reports=counted,
        figures=figures,
        rejected=register.rejected,
        inputs=register.inputs,
        labels=register.labels,
        include_text=include_text,
        formkit_version=__version__,
        form_version=form.version,
        conflicts=register.conflicts(),
        skipped={text(form.language, f"summary.skipped.{kind}"): skipped[kind] for kind in SKIPPED_KINDS if skipped[kind]},
        language=form.language,
    )


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while reports are read and kept.

    Every full collection walks all live objects, and the kept reports of a
    large region (100,000) are many of them: collecting while they pile up
    costs several percent of the whole summary and finds no cycles here.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _errors(problems: Iterable[Any], paths: frozenset[str], unknown: str) -> list[RejectedProblem]:
    return [
        RejectedProblem(_known_path(str(p.path), paths, unknown), str(p.rule), str(p.message))
        for p in problems
        if p.severity == "error"
    ]


def _schema_paths(form: Form) -> frozenset[str]:
    """Every path the form's schema has: each leaf and each object above it, list positions as ``*``."""
    paths: set[str] = set()
    for leaf in form.model.leaves:
        parts = leaf.path.split(".")
        paths.update(".".join(parts[:end]) for end in range(1, len(parts) + 1))
    return frozenset(paths)


def _known_path(path: str, paths: frozenset[str], unknown: str) -> str:
    """*path* with its first key the form does not have, and all after it, replaced by *unknown* ("(okänt fält)").

    A key the form does not have came from the input, not from the schema: a CSV
    saved without its header row makes the first report's values (a name, a
    personnummer) the keys of every row, and those must not reach the summary.
    """
    if not path:
        return path
    parts = path.split(".")
    general = ["*" if part.isascii() and part.isdigit() else part for part in parts]
    known = 0
    while known < len(parts) and ".".join(general[: known + 1]) in paths:
        known += 1
    return path if known == len(parts) else ".".join([*parts[:known], unknown])


def _reporting_type(data: Any, types: frozenset[str]) -> str | None:
    # Only a known enum code may travel with a rejected report: never free text.
    rapportor = data.get("rapportor") if isinstance(data, dict) else None
    typ = rapportor.get("verksamhetstyp") if isinstance(rapportor, dict) else None
    return typ if isinstance(typ, str) and typ in types else None


class _Dates(dict[str, date]):
    """ISO date text -> date, each day parsed once.

    The reports then share their date objects: less memory, and the sort and
    the list sheet, which compare and hash dates per report, run faster.
    """

    def __missing__(self, text: str) -> date:
        day = self[text] = date.fromisoformat(text)
        return day


def _counted(data: dict[str, Any], source: str, record: int, include_text: bool, day: _Dates) -> CountedReport:
    # Runs once per report: the schema has already checked every type and date format used here.
    handling = data.get("handlaggning") or _NO_HANDLING
    report_id = data.get("id")
    if report_id is not None:
        report_id = str(report_id).strip() or None
    # The content of a report with an id, to tell equal copies from differing ones (without id nothing merges):
    # canonical JSON (the key order of a CSV and a JSON copy differ), hashed so no value stays in memory as text.
    # Copies that differ only in the id's case are equal.
    same = {**data, "id": report_id.casefold()} if report_id is not None else data
    digest = _digest(json.dumps(same, sort_keys=True, ensure_ascii=False, default=str)) if report_id is not None else ""
    mottagen, aterkoppling, atgardat = handling.get("mottagen"), handling.get("aterkoppling"), handling.get("atgardat")
    return CountedReport(
        report_id,
        day[data["handelsedatum"]],
        day[data["rapportdatum"]],
        data["rapportor"]["verksamhetstyp"],
        data["berord_verksamhet"]["verksamhetstyp"],
        data["kategori"],
        handling.get("status") or DEFAULT_STATUS,
        day[mottagen] if mottagen else None,
        day[aterkoppling] if aterkoppling else None,
        day[atgardat] if atgardat else None,
        source,
        record,
        mask_personnummer(str(data.get("beskrivning") or "")) if include_text else None,
        mask_personnummer(str(data.get("forslag_atgarder") or "")) if include_text else None,
        organisation=_digest(str(data["rapportor"].get("arbetsplats") or "").strip().casefold()),
        digest=digest,
    )


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def labels_for(form: Form) -> Labels:
    """The Swedish labels of verksamhetstyp, kategori and handlaggning.status from the schema's x-enum-titles."""
    fields = {f.path: f for f in form.model.leaves}

    def titles(path: str) -> dict[str, str]:
        leaf = fields[path]
        return {code: (leaf.enum_titles or {}).get(code, code) for code in leaf.enum or ()}

    return Labels(
        verksamhetstyp=titles("rapportor.verksamhetstyp"),
        kategori=titles("kategori"),
        status=titles("handlaggning.status"),
    )
