"""The figures of one year of avvikelserapporter: read, validate, count each report once, tally.

This module is pure: it reads input files and returns a :class:`DeviationSummary`;
writing the workbook lives in ``workbook.py``, the report in ``report.py`` and the command
in ``cli/summary.py``. What a report's fields mean (its dates, organisations, category,
status) is the form's ``x-formkit`` ``summary`` declaration (:mod:`formkit.model.summaryspec`),
so any form that declares it is summarised. Nothing personal leaves this module unless
``include_text`` asks for the free text (masked, see :func:`mask_personnummer`): names,
personnummer and client data are never copied into a :class:`CountedReport`; organisations
are kept by name.
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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from operator import attrgetter
from pathlib import Path
from typing import Any

from formkit import __version__
from formkit.errors import SchemaError, SourceError
from formkit.i18n import DEFAULT_LANGUAGE, LANGUAGES, os_reason, shown_path, text
from formkit.model.catalog import Form, get_form
from formkit.model.summaryspec import SummarySpec, summary_spec
from formkit.privacy import has_identity_number
from formkit.settings import Settings
from formkit.sources import read_records, supported_suffixes
from formkit.summary.published import Figures, published
from formkit.validation.validator import Validator

FORM_ID = "avvikelserapport"
"""The form summarised when none is named."""
DEFAULT_STATUS = "rapporterad"
"""The avvikelserapport's: a report with no ``handlaggning.status`` has only been reported (Bilaga 4)."""
CLOSED_STATUSES = frozenset({"avslutad"})
"""The avvikelserapport's statuses after which a report is no longer open; ``atgardad`` still awaits its closing follow-up."""
AGE_EDGES = (30, 90, 180)
"""Open reports by age (days since rapportdatum on the reference date): 0–30, 31–90, 91–180, over 180."""
AGE_BANDS = ("0-30", "31-90", "91-180", "181-")
ACTION_STATES = ("utan_beslut", "beslutad", "genomford")
"""What became of a report's actions: none decided, decided and not yet carried out, carried out (a date)."""

# The separator as people type it, and as Word's autocorrect leaves it: hyphen or plus,
# the Unicode hyphens and dashes (‐ ‑ ‒ – — −), a space or a no-break space around it.
_PERSONNUMMER_LIKE = re.compile(r"(?<![0-9])(?:[0-9]{2})?[0-9]{6}[ \u00a0]?[-+\u2010-\u2014\u2212]?[ \u00a0]?[0-9]{4}(?![0-9])")
PERSONNUMMER_MASK = "ÅÅMMDD-XXXX"
# A Norwegian fødselsnummer or D-nummer: six digits of a date (DDMMYY, the day plus 40 in a D-nummer) and
# five more, written together or with a space or hyphen after the date.
_FODSELSNUMMER_LIKE = re.compile(r"(?<![0-9])[0-9]{6}[ \u00a0]?[-\u2010-\u2014\u2212]?[ \u00a0]?[0-9]{5}(?![0-9])")
FODSELSNUMMER_MASK = "DDMMÅÅ XXXXX"
_NO_HANDLING: dict[str, Any] = {}
_REPORT_ORDER = attrgetter("handelsedatum", "rapportdatum", "source", "record")
"""The list sheet's order: by date of the event, then of the report, then as read."""


def mask_personnummer(text: str) -> str:
    """*text* with every personnummer-like run of digits (also 10-digit phone numbers) masked, and every
    fødselsnummer or D-nummer (any eleven digits in that shape, valid or mistyped: a typo is still someone's number)."""
    return _FODSELSNUMMER_LIKE.sub(FODSELSNUMMER_MASK, _PERSONNUMMER_LIKE.sub(PERSONNUMMER_MASK, text))


@dataclass(frozen=True)
class Labels:
    """Labels of the choices the summary counts, in the schema's order (code -> label), in the form's language."""

    verksamhetstyp: dict[str, str]
    kategori: dict[str, str]
    status: dict[str, str]
    berord: dict[str, str] | None = None
    """The affected party's types when the form's differ from the reporting party's."""

    @property
    def affected(self) -> dict[str, str]:
        return self.verksamhetstyp if self.berord is None else self.berord


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
    texts: tuple[str, ...] | None = None
    """The free text the form names for ``--include-text`` (masked), in its order; None without it."""
    copies: int = 1
    """Valid copies read with this report's identity (1 without id); the extra ones are the duplicates."""
    organisation: str = ""
    """A digest of the reporting organisation (``rapportor.arbetsplats``): with ``id`` the report's identity
    (the forms contract, "The same report twice"). A digest, not the text: this object holds no free text."""
    digest: str = ""
    """A digest of the report's whole content, to tell equal copies from differing ones."""
    rapporterande_org: str = ""
    """The reporting organisation's name (spacing tidied; the first spelling read of names equal without case)."""
    berord_org: str = ""
    """The affected organisation's name, "" when the report gives none."""
    atgarder: bool = False
    """Whether actions were decided (the form's ``actions`` text is filled in)."""

    @property
    def dagar_till_aterkoppling(self) -> int | None:
        """Days from rapportdatum to återkoppling, or None without återkoppling."""
        if self.aterkoppling is None:
            return None
        return (self.aterkoppling - self.rapportdatum).days

    @property
    def dagar_till_atgard(self) -> int | None:
        """Days from rapportdatum to åtgärdat, or None without åtgärdat."""
        if self.atgardat is None:
            return None
        return (self.atgardat - self.rapportdatum).days

    @property
    def atgardsstatus(self) -> str:
        """What became of the report's actions: one of :data:`ACTION_STATES`."""
        if self.atgardat is not None:
            return "genomford"
        return "beslutad" if self.atgarder else "utan_beslut"


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


def count_figures(
    reports: Sequence[CountedReport],
    year: int,
    labels: Labels,
    *,
    today: date | None = None,
    feedback_days: int = 30,
    closed: Iterable[str] = CLOSED_STATUSES,
) -> Figures:
    """Tally *reports* (already filtered to *year* and deduplicated); ages and due dates are judged on *today*."""
    # Counter over map(attrgetter) counts in C: this runs over every report of a large region.
    months = Counter(map(attrgetter("handelsedatum.month"), reports))
    reporting = Counter(map(attrgetter("rapporterande"), reports))
    status = Counter(map(attrgetter("status"), reports))
    cross = Counter(map(attrgetter("rapporterande", "berord"), reports))
    days = [(r.aterkoppling - r.rapportdatum).days for r in reports if r.aterkoppling is not None]
    types, affected_types = list(labels.verksamhetstyp), list(labels.affected)
    closed = frozenset(closed)
    today = today or date.today()
    handling = _handling(reports, today, feedback_days, closed)
    categories = list(labels.kategori) + sorted(set(handling["actions"]) - set(labels.kategori))
    handling["actions"] = {code: handling["actions"].get(code, dict.fromkeys(ACTION_STATES, 0)) for code in categories}
    return Figures(
        total=len(reports),
        by_month={f"{year:04d}-{month:02d}": months[month] for month in range(1, 13)},
        by_reporting=_ordered(reporting, types),
        by_affected=_ordered(Counter(map(attrgetter("berord"), reports)), affected_types),
        by_category=_ordered(Counter(map(attrgetter("kategori"), reports)), list(labels.kategori)),
        by_status=_ordered(status, list(labels.status)),
        cross={r: {a: cross[r, a] for a in affected_types} for r in types},
        aterkoppling=len(days),
        median_dagar_aterkoppling=float(statistics.median(days)) if days else None,
        open=sum(n for code, n in status.items() if code not in closed),
        duplicates=sum(map(attrgetter("copies"), reports)) - len(reports),
        by_reporting_org=_largest_first(Counter(map(attrgetter("rapporterande", "rapporterande_org"), reports))),
        by_affected_org=_largest_first(Counter(map(attrgetter("berord", "berord_org"), reports))),
        feedback_days=feedback_days,
        **handling,
    )


def _handling(reports: Sequence[CountedReport], today: date, feedback_days: int, closed: frozenset[str]) -> dict[str, Any]:
    """Återkoppling in time, days to åtgärd, open reports by age and actions by category."""
    due = in_time = 0
    action_days: list[int] = []
    ages: Counter[str] = Counter()
    actions: dict[str, Counter[str]] = {}
    for r in reports:
        waited = (today - r.rapportdatum).days
        if r.aterkoppling is not None:
            due += 1
            in_time += (r.aterkoppling - r.rapportdatum).days <= feedback_days
        elif waited > feedback_days:  # on the day itself it is due, not yet late
            due += 1
        if r.atgardat is not None:
            action_days.append((r.atgardat - r.rapportdatum).days)
        if r.status not in closed:
            ages[_age_band(waited)] += 1
        actions.setdefault(r.kategori, Counter())[r.atgardsstatus] += 1
    return {
        "feedback_due": due,
        "feedback_in_time": in_time,
        "atgardade": len(action_days),
        "median_dagar_atgard": float(statistics.median(action_days)) if action_days else None,
        "open_by_age": {band: ages[band] for band in AGE_BANDS},
        "actions": {code: {state: counts[state] for state in ACTION_STATES} for code, counts in actions.items()},
    }


def _age_band(days: int) -> str:
    for edge, band in zip(AGE_EDGES, AGE_BANDS, strict=False):
        if days <= edge:
            return band
    return AGE_BANDS[-1]


def _largest_first(counts: Counter[tuple[str, str]]) -> dict[tuple[str, str], int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0][1].casefold(), item[0])))


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
    form_id: str = FORM_ID
    default_status: str = DEFAULT_STATUS
    closed: tuple[str, ...] = tuple(sorted(CLOSED_STATUSES))
    text_headings: tuple[str, ...] = ()
    """Column headings of the free text ``include_text`` adds (the form's ``summary`` ``text``)."""
    today: date = field(default_factory=date.today)
    """The reference date: ages of open reports and återkoppling due are judged on it."""
    previous: Figures | None = None
    """The figures of the year before, when its reports were among the inputs (or ``compare``)."""
    minsta_antal: int = 3
    """Counts from 1 to one below this print as "<N" in every output (with secondary suppression)."""
    detail: bool = False
    """Exact counts and dates for the group's own secretary: no suppression, days instead of months."""
    organisation: str | None = None
    """Set on a per-organisation summary: the reporting organisation's name it is restricted to."""
    routine: str = ""
    """The form's routine and annex (``NORRBUS Bilaga 3``), printed on the report's cover."""
    kommun: str = ""
    """The municipality (the settings' ``kommun``/``kommune``), in every page header."""

    def to_json(self) -> dict[str, Any]:
        """The figures as the ``--json`` contract: the keys of issue 5, conflicts and skipped files (issue 10),
        then the handling, organisation and previous-year figures (issue 20); small counts suppressed unless ``detail``."""
        shown = published(self)
        return {
            "year": self.year,
            "total": shown.total,
            "by_month": shown.by_month,
            "by_reporting": shown.by_reporting,
            "by_affected": shown.by_affected,
            "by_category": shown.by_category,
            "by_status": shown.by_status,
            "rejected": [r.to_dict() for r in self.rejected],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "skipped": dict(self.skipped),
            **shown.to_json(),
        }

    @property
    def duplicates(self) -> int:
        """Extra copies of the counted reports (same id): those of this year and selection only."""
        return self.figures.duplicates

    def reporting_types(self) -> list[str]:
        """Reporting types with at least one counted report, in the schema's order."""
        return [code for code, n in self.figures.by_reporting.items() if n]

    def recount(self, reports: Sequence[CountedReport]) -> Figures:
        """The figures of *reports* of this summary's year, counted as this summary's were."""
        return count_figures(
            reports, self.year, self.labels, today=self.today, feedback_days=self.figures.feedback_days, closed=self.closed
        )

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
            figures=self.recount(reports),
            rejected=rejected,
            verksamhetstyp=typ,
            conflicts=conflicts,
            previous=None,
        )

    def organisations(self) -> list[str]:
        """Reporting organisations with at least one counted report, most reports first."""
        return list(dict.fromkeys(name for (_, name) in self.figures.by_reporting_org))

    def for_organisation(self, name: str) -> DeviationSummary:
        """The same summary restricted to reports made by the organisation *name* (for its manager).

        Rejected reports are left out: a rejected report's organisation is free
        text that was not checked, and it cannot be told whose it is.
        """
        reports = [r for r in self.reports if r.rapporterande_org == name]
        counted = {(r.source, r.record) for r in reports}
        conflicts = [c for c in self.conflicts if (c.counted.source, c.counted.record) in counted]
        return replace(
            self, reports=reports, figures=self.recount(reports), rejected=[], organisation=name, conflicts=conflicts,
            previous=None,
        )  # fmt: skip


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
    name = str(path)  # shown_path masks a number, but the file is then named by its position, never half a name
    personal = mask_personnummer(name) != name or has_identity_number(name)
    return text(language, "summary.input_file", position=position) if personal else shown_path(path)


class _Register:
    """The reports read so far: valid ones kept once per identity, invalid ones listed as rejected."""

    def __init__(self, form: Form, settings: Settings, year: int, include_text: bool) -> None:
        self.form, self.year, self.include_text = form, year, include_text
        self.spec = spec_of(form)
        self.validator = Validator(form, settings)
        self.labels = labels_for(form)
        self.paths = _schema_paths(form)
        self.unknown_field = text(form.language, "unknown_field")
        self.types = frozenset(self.labels.verksamhetstyp)
        self.rank = {code: i for i, code in enumerate(self.labels.status)}
        self.make = _Maker(self.spec, include_text)
        self.only_year: int | None = None
        """While reading ``compare`` inputs: the one year whose reports are kept from them."""
        self.inputs: list[InputFile] = []
        self.rejected: list[RejectedReport] = []
        self.by_id: dict[tuple[str, str], CountedReport] = {}
        self.without_id: list[CountedReport] = []
        self.copies: dict[tuple[str, str], list[CountedReport]] = {}
        """Every copy of an identity read more than once, in the order read (for the conflicts)."""

    def read(self, path: Path) -> None:
        only_year, event_year = self.only_year, self.make.event_year
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
                typ = _reporting_type(rec.data, self.types, self.spec.reporting.type)
                self.rejected.append(RejectedReport(stats.source, rec.record, tuple(errors), typ))
                continue
            # Counted as judged: texts trimmed, null fields and texts of spaces left out (" 2025-03-10" is a valid
            # date, " samtycke_saknas " its category, and a copy differing only by a null field is the same copy).
            data = validator.cleaned(rec.data)
            if only_year is not None and event_year(data) != only_year:
                continue
            report = self.make(data, stats.source, rec.record)
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

    def counted(self, year: int | None = None) -> list[CountedReport]:
        """The kept reports of the year (default: the summary's), in the order they were kept (not yet the list sheet's)."""
        year = self.year if year is None else year
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
    compare: Iterable[str | Path] = (),
    detail: bool = False,
    minsta_antal: int | None = None,
) -> DeviationSummary:
    """Read every input, validate each report, count the valid ones of *year* once per ``id``.

    The reports of the year before among the inputs, and those of *compare*
    (only that year's are read from them), give :attr:`DeviationSummary.previous`.
    Ages and due dates are judged on the settings' reference date. *detail*
    and *minsta_antal* (default: the setting) decide what the outputs may show.
    Raises :class:`formkit.errors.SourceError` when an input cannot be read,
    SchemaError when the form declares no ``summary``.
    """
    settings = settings or Settings()
    form = form or get_form(FORM_ID, settings)
    register = _Register(form, settings, year, include_text)
    skipped: Counter[str] = Counter()
    paths = expand_inputs(inputs, skipped)
    read = {path.resolve() for path in paths}
    compare_paths = [path for path in expand_inputs(compare, skipped) if path.resolve() not in read] if compare else []
    with _gc_paused():
        for path in paths:
            register.read(path)
        register.only_year = year - 1
        for path in compare_paths:
            register.read(path)
    spec = register.spec
    today = settings.reference_date()
    feedback_days = int(getattr(settings, spec.feedback_days)) if spec.feedback_days else settings.aterkoppling_max_dagar
    counted = register.counted()

    def tally(reports: Sequence[CountedReport], of_year: int) -> Figures:
        return count_figures(reports, of_year, register.labels, today=today, feedback_days=feedback_days, closed=spec.closed)

    # Tallied before sorting: in the order they were made the reports lie close
    # together in memory, and counting them is several times faster than sorted.
    figures = tally(counted, year)
    before = register.counted(year - 1)
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
        form_id=form.id,
        default_status=spec.default_status,
        closed=spec.closed,
        text_headings=tuple(label for _, label in spec.text),
        today=today,
        previous=tally(before, year - 1) if before else None,
        minsta_antal=settings.minsta_antal if minsta_antal is None else minsta_antal,
        detail=detail,
        routine=" ".join(str(form.meta.get(key) or "") for key in ("routine", "annex")).strip(),
        kommun=settings.municipality(form.language),
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


def _reporting_type(data: Any, types: frozenset[str], path: str) -> str | None:
    # Only a known enum code may travel with a rejected report: never free text.
    value: Any = data
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, str) and value in types else None


class _Dates(dict[str, date]):
    """ISO date text -> date, each day parsed once.

    The reports then share their date objects: less memory, and the sort and
    the list sheet, which compare and hash dates per report, run faster.
    """

    def __missing__(self, text: str) -> date:
        day = self[text] = date.fromisoformat(text)
        return day


def _getter(path: str) -> Callable[[dict[str, Any]], Any]:
    """A function reading the value at dot *path* of a record (None where any level is missing)."""
    keys = path.split(".")
    if len(keys) == 1:
        (key,) = keys
        return lambda data: data.get(key)
    if len(keys) == 2:
        outer, inner = keys
        return lambda data: (data.get(outer) or _NO_HANDLING).get(inner)

    def get(data: dict[str, Any]) -> Any:
        value: Any = data
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    return get


def _never(data: dict[str, Any]) -> None:
    return None


class _Maker:
    """Builds a :class:`CountedReport` from a valid record, reading the fields the form's ``summary`` names."""

    def __init__(self, spec: SummarySpec, include_text: bool) -> None:
        def optional(path: str | None) -> Callable[[dict[str, Any]], Any]:
            return _getter(path) if path else _never

        self.id, self.event, self.reported = optional(spec.id), _getter(spec.event_date), _getter(spec.report_date)
        self.id_key = spec.id if spec.id and "." not in spec.id else None
        """The record's key of a top-level id (its case does not tell copies apart)."""
        self.reporting, self.affected = _getter(spec.reporting.type), _getter(spec.affected.type)
        self.reporting_org, self.affected_org = optional(spec.reporting.organisation), optional(spec.affected.organisation)
        self.category, self.status, self.default_status = _getter(spec.category), _getter(spec.status), spec.default_status
        self.received, self.feedback, self.action = optional(spec.received), optional(spec.feedback), optional(spec.action_date)
        self.actions = optional(spec.actions)
        self.texts = tuple(_getter(path) for path, _ in spec.text) if include_text else None
        self.day = _Dates()
        self.names: dict[str, str] = {}
        """Organisation names equal without case and spacing -> the first spelling read (shared by the reports)."""

    def event_year(self, data: dict[str, Any]) -> int | None:
        value = self.event(data)
        return self.day[value].year if isinstance(value, str) else None

    def name(self, value: Any) -> str:
        shown = " ".join(str(value or "").split())
        return self.names.setdefault(shown.casefold(), shown)

    def __call__(self, data: dict[str, Any], source: str, record: int) -> CountedReport:
        # Runs once per report: the schema has already checked every type and date format used here.
        day = self.day
        report_id = self.id(data)
        if report_id is not None:
            report_id = str(report_id).strip() or None
        # The content of a report with an id, to tell equal copies from differing ones (without id nothing merges):
        # canonical JSON (the key order of a CSV and a JSON copy differ), hashed so no value stays in memory as text.
        # Copies that differ only in the id's case are equal copies.
        same = {**data, self.id_key: report_id.casefold()} if report_id is not None and self.id_key else data
        digest = _digest(json.dumps(same, sort_keys=True, ensure_ascii=False, default=str)) if report_id is not None else ""
        mottagen, aterkoppling, atgardat = self.received(data), self.feedback(data), self.action(data)
        organisation = self.reporting_org(data)
        return CountedReport(
            report_id,
            day[self.event(data)],
            day[self.reported(data)],
            self.reporting(data),
            self.affected(data),
            self.category(data),
            self.status(data) or self.default_status,
            day[mottagen] if mottagen else None,
            day[aterkoppling] if aterkoppling else None,
            day[atgardat] if atgardat else None,
            source,
            record,
            None if self.texts is None else tuple(mask_personnummer(str(get(data) or "")) for get in self.texts),
            organisation=_digest(str(organisation or "").strip().casefold()),
            digest=digest,
            rapporterande_org=self.name(organisation),
            berord_org=self.name(self.affected_org(data)),
            atgarder=bool(str(self.actions(data) or "").strip()),
        )


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def spec_of(form: Form) -> SummarySpec:
    """The form's ``summary`` declaration; SchemaError when the form has none (it cannot be summarised)."""
    spec = summary_spec(form)
    if spec is None:
        raise SchemaError("summary.no_spec", form=form.id)
    return spec


def labels_for(form: Form) -> Labels:
    """The labels of the reporting and affected types, the category and the status, from the schema's x-enum-titles."""
    spec = spec_of(form)

    def titles(path: str) -> dict[str, str]:
        leaf = form.model.node(path)
        assert leaf is not None  # the spec checked every path
        return {code: (leaf.enum_titles or {}).get(code, code) for code in leaf.enum or ()}

    reporting, affected = titles(spec.reporting.type), titles(spec.affected.type)
    return Labels(
        verksamhetstyp=reporting,
        kategori=titles(spec.category),
        status=titles(spec.status),
        berord=None if affected == reporting else affected,
    )
