"""Validate whole input files and present the verdicts: a JSON document for tools, text for people."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formkit.errors import SourceError
from formkit.i18n import language_of, shown_path
from formkit.model.catalog import Form
from formkit.settings import Settings
from formkit.sources import read_records
from formkit.validation.problems import WARNING, RecordResult, has_errors
from formkit.validation.rules import Rule
from formkit.validation.validator import Validator


@dataclass
class ValidationReport:
    """Verdicts on every record of every input, and the inputs that could not be read at all."""

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
    """Read and validate every record of *paths*; an unreadable file is noted and the rest still judged.

    *extra_rules* run after the form's own (the consent coverage of ``--with-consents``).
    """
    validator = Validator(form, settings, extra_rules=extra_rules)
    report = ValidationReport(form)
    for path in paths:
        try:
            for record in read_records(path, form):
                problems = list(record.problems)
                # A record the reader could not make sense of has only the reader's errors;
                # one with reader warnings (a PDF of another schema version) is still validated.
                if not has_errors(problems):
                    problems.extend(validator.validate(record.data))
                # The verdict only: keeping every record's data would hold a whole batch in memory.
                report.results.append(RecordResult(record.source, record.record, None, problems))
        except SourceError as exc:
            report.unreadable.append((shown_path(path), exc.message(form.language)))
    return report


_WORDS = {
    "sv": {"record": "post", "row": "rad", "valid": "giltig", "invalid": "ogiltig", "warnings": "giltig med varningar",
           "error": "fel", "warning": "varning", "unreadable": "kan inte läsas",
           "summary": "{n} {poster}: {ok} giltiga, {bad} med fel, {warn} med varningar.", "one": "post", "many": "poster"},
    "nb": {"record": "post", "row": "rad", "valid": "gyldig", "invalid": "ugyldig", "warnings": "gyldig med advarsler",
           "error": "feil", "warning": "advarsel", "unreadable": "kan ikke leses",
           "summary": "{n} {poster}: {ok} gyldige, {bad} med feil, {warn} med advarsler.", "one": "post", "many": "poster"},
}  # fmt: skip


def _is_table(source: str) -> bool:
    return Path(source).suffix.lower() in (".csv", ".xlsx")


def format_text(report: ValidationReport) -> Iterator[str]:
    """Lines for a person: one heading per record, its problems indented, a summary last."""
    words = _WORDS[language_of(report.form.language)]
    for _source, message in report.unreadable:
        yield f"{words['unreadable']}: {message}"
    warned = 0
    for result in report.results:
        unit = words["row"] if _is_table(result.source) else words["record"]
        has_warning = any(p.severity == WARNING for p in result.problems)
        warned += has_warning and result.valid
        verdict = words["invalid"] if not result.valid else words["warnings"] if has_warning else words["valid"]
        yield f"{result.source}, {unit} {result.record}: {verdict}"
        width = max((len(p.path) for p in result.problems), default=0)
        for problem in result.problems:
            label = words[problem.severity].ljust(8)
            yield f"  {label} {(problem.path or '-').ljust(width)}  {problem.message} [{problem.rule}]"
    total = len(report.results)
    bad = sum(not r.valid for r in report.results)
    poster = words["one"] if total == 1 else words["many"]
    yield words["summary"].format(n=total, poster=poster, ok=total - bad, bad=bad, warn=warned)
