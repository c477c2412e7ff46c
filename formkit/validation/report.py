"""Validate whole input files and present the verdicts as they come: a JSON document for tools, text for people.

A run streams: :class:`ValidationRun` yields each record's verdict as soon as
it is known and keeps only counts (and the few inputs that could not be read),
so memory stays flat however many records the inputs hold. The presenters
turn a run into output pieces to write as they come; the JSON document is the
one ``json.dumps(..., ensure_ascii=False, indent=2)`` gives, with ``"valid"``
after ``"results"`` (it is known only at the end).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from formkit.errors import SourceError
from formkit.i18n import shown_path, text
from formkit.model.catalog import Form
from formkit.problems import ERROR, WARNING, Problem, RecordResult
from formkit.settings import Settings
from formkit.sources import read_records
from formkit.validation.rules import Rule
from formkit.validation.validator import Validator


class Unreadable(NamedTuple):
    """An input that could not be read (as a whole, or from some point on), and why, in the form's language."""

    source: str
    message: str


class ValidationRun:
    """The verdict on every record of *paths*, yielded one at a time; only counts are kept.

    Iterate once. Each item is a :class:`RecordResult` (its ``data`` is None:
    keeping every record would hold a whole batch in memory) or an
    :class:`Unreadable` input; an unreadable file does not stop the others.
    The counts are complete when the iteration ends.
    """

    def __init__(
        self, form: Form, paths: Iterable[str | Path], settings: Settings, *, extra_rules: Sequence[Rule] = ()
    ) -> None:
        self.form = form
        self.paths = list(paths)
        self.settings = settings
        self.extra_rules = tuple(extra_rules)
        """Rules run after the form's own (the consent coverage of ``--with-consents``)."""
        self.total = 0
        """Records judged."""
        self.invalid = 0
        """Records with an error."""
        self.warned = 0
        """Valid records with a warning."""
        self.warnings = 0
        """Records with a warning, valid or not."""
        self.unreadable: list[Unreadable] = []

    @property
    def valid(self) -> bool:
        """Every input readable and no record with an error."""
        return not self.unreadable and not self.invalid

    def has_warnings(self) -> bool:
        return self.warnings > 0

    def __iter__(self) -> Iterator[RecordResult | Unreadable]:
        validator = Validator(self.form, self.settings, extra_rules=self.extra_rules)
        validate = validator.validate
        for path in self.paths:
            try:
                for record in read_records(path, self.form):
                    problems: list[Problem]
                    if not record.problems:
                        problems = validate(record.data)
                    else:
                        problems = list(record.problems)
                        # A record the reader could not make sense of has only the reader's errors;
                        # one with reader warnings (a PDF of another schema version) is still validated.
                        if not any(p.severity == ERROR for p in problems):
                            problems.extend(validate(record.data))
                    self.total += 1
                    if problems:
                        error = any(p.severity == ERROR for p in problems)
                        warning = any(p.severity == WARNING for p in problems)
                        self.invalid += error
                        self.warnings += warning
                        self.warned += warning and not error
                    yield RecordResult(record.source, record.record, None, problems)
            except SourceError as exc:
                unreadable = Unreadable(shown_path(path), exc.message(self.form.language))
                self.unreadable.append(unreadable)
                yield unreadable


@dataclass
class ValidationReport:
    """Verdicts on every record of every input, kept in memory, and the inputs that could not be read at all.

    For a library caller who wants the list; the command line streams a
    :class:`ValidationRun` instead.
    """

    form: Form
    results: list[RecordResult] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.unreadable and all(result.valid for result in self.results)

    def has_warnings(self) -> bool:
        return any(p.severity == WARNING for result in self.results for p in result.problems)

    def to_dict(self) -> dict[str, Any]:
        document: dict[str, Any] = {"valid": self.valid, "results": [r.to_dict() for r in self.results]}
        if self.unreadable:
            document["unreadable"] = [{"source": source, "message": message} for source, message in self.unreadable]
        return document


def validate_inputs(
    form: Form, paths: Iterable[str | Path], settings: Settings, *, extra_rules: Sequence[Rule] = ()
) -> ValidationReport:
    """Read and validate every record of *paths*, keeping every verdict; an unreadable file is noted and the rest still judged.

    *extra_rules* run after the form's own (the consent coverage of ``--with-consents``).
    """
    report = ValidationReport(form)
    for item in ValidationRun(form, paths, settings, extra_rules=extra_rules):
        if isinstance(item, Unreadable):
            report.unreadable.append((item.source, item.message))
        else:
            report.results.append(item)
    return report


# ---------------------------------------------------------------- JSON

# The C encoder json.dumps itself uses for a string with ensure_ascii=False, so every string is
# escaped exactly as before; the layout around it is json.dumps's indent=2 written out, since the
# shape is fixed (tests/test_validate_report.py holds it to json.dumps on every kind of result).
_string = json.encoder.encode_basestring  # type: ignore[attr-defined]
_BOOL = {True: "true", False: "false"}


def _problem_json(problem: Problem) -> str:
    return (
        f'\n        {{\n          "path": {_string(problem.path)},\n          "severity": {_string(problem.severity)},'
        f'\n          "rule": {_string(problem.rule)},\n          "message": {_string(problem.message)}\n        }}'
    )


def json_document(run: ValidationRun) -> Iterator[str]:
    """The pieces of the JSON document on *run*, each written as soon as it is known.

    ``{"results": [{"source", "record", "valid", "problems": [{"path",
    "severity", "rule", "message"}]}], "unreadable": [{"source", "message"}]
    (only when an input could not be read), "valid": bool}``.
    """
    sources: dict[str, str] = {}  # the encoded name of each input, reused for its every record
    first = True
    yield '{\n  "results": ['
    for item in run:
        if isinstance(item, Unreadable):
            continue
        source = sources.get(item.source)
        if source is None:
            source = sources[item.source] = _string(item.source)
        problems = item.problems
        if problems:
            inner = ",".join(_problem_json(problem) for problem in problems)
            listed = f"[{inner}\n      ]"
            valid = not any(p.severity == ERROR for p in problems)
        else:
            listed, valid = "[]", True
        yield (
            f'{"" if first else ","}\n    {{\n      "source": {source},\n      "record": {item.record},'
            f'\n      "valid": {_BOOL[valid]},\n      "problems": {listed}\n    }}'
        )
        first = False
    yield "]" if first else "\n  ]"
    if run.unreadable:
        entries = ",".join(
            f'\n    {{\n      "source": {_string(u.source)},\n      "message": {_string(u.message)}\n    }}'
            for u in run.unreadable
        )
        yield f',\n  "unreadable": [{entries}\n  ]'
    yield f',\n  "valid": {_BOOL[run.valid]}\n}}\n'


# ---------------------------------------------------------------- text

_WORD_KEYS = {
    "record": "word.record", "row": "report.row", "valid": "report.valid", "invalid": "report.invalid",
    "warnings": "report.warnings", "error": "report.error", "warning": "report.warning", "more": "report.more",
}  # fmt: skip
"""The words of a report's lines, from the catalogue once per report (not once per record)."""


def _words(language: str) -> dict[str, str]:
    return {name: text(language, key) for name, key in _WORD_KEYS.items()}


def _summary_line(language: str, total: int, bad: int, warned: int) -> str:
    records = text(language, "word.record" if total == 1 else "word.records")
    return text(language, "report.summary", total=total, records=records, valid=total - bad, invalid=bad, warned=warned)


def _is_table(source: str) -> bool:
    return Path(source).suffix.lower() in (".csv", ".xlsx")


def _record_lines(result: RecordResult, words: dict[str, str], units: dict[str, str]) -> Iterator[str]:
    has_warning = any(p.severity == WARNING for p in result.problems)
    verdict = words["invalid"] if not result.valid else words["warnings"] if has_warning else words["valid"]
    yield from _verdict_lines(result.source, result.record, verdict, result.problems, words, units)


def _verdict_lines(
    source: str,
    record: int,
    verdict: str,
    problems: Sequence[Problem],
    words: dict[str, str],
    units: dict[str, str],
    shown: int | None = None,
) -> Iterator[str]:
    unit = units.get(source)
    if unit is None:
        unit = units[source] = words["row"] if _is_table(source) else words["record"]
    yield f"{source}, {unit} {record}: {verdict}"
    listed = problems if shown is None else problems[:shown]
    width = max((len(p.path) for p in listed), default=0)
    for problem in listed:
        label = words[problem.severity].ljust(8)
        yield f"  {label} {(problem.path or '-').ljust(width)}  {problem.message} [{problem.rule}]"
    if len(listed) < len(problems):
        yield "  " + words["more"].format(count=len(problems) - len(listed))


class RecordLines:
    """The lines ``validate`` prints for a record, for another command's records (``fill``'s invalid and failed ones).

    Each record is shown with at most *shown* of its problems (errors first),
    then how many more there are.
    """

    def __init__(self, language: str, shown: int = 3) -> None:
        self.words = _words(language)
        self.shown = shown
        self._units: dict[str, str] = {}

    def lines(self, source: str, record: int, verdict: str, problems: Sequence[Problem]) -> list[str]:
        ordered = sorted(problems, key=lambda p: p.severity != ERROR)  # stable: errors first, each kind in its order
        return list(_verdict_lines(source, record, verdict, ordered, self.words, self._units, self.shown))


def text_lines(run: ValidationRun) -> Iterator[str]:
    """Lines for a person, as they come: one heading per record, its problems indented, an unreadable input
    where it was met, a summary last."""
    language = run.form.language
    words = _words(language)
    units: dict[str, str] = {}
    for item in run:
        if isinstance(item, Unreadable):
            yield text(language, "report.unreadable", message=item.message)
        else:
            yield from _record_lines(item, words, units)
    yield _summary_line(language, run.total, run.invalid, run.warned)


def format_text(report: ValidationReport) -> Iterator[str]:
    """Lines for a person from a report kept in memory: unreadable inputs first, then each record, a summary last."""
    language = report.form.language
    words = _words(language)
    units: dict[str, str] = {}
    for _source, message in report.unreadable:
        yield text(language, "report.unreadable", message=message)
    warned = 0
    for result in report.results:
        warned += result.valid and any(p.severity == WARNING for p in result.problems)
        yield from _record_lines(result, words, units)
    yield _summary_line(language, len(report.results), sum(not r.valid for r in report.results), warned)
