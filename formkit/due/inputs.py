"""Records of any form for ``formkit due``: filled PDFs, ``{"form", "data"}`` lines, and folders of them.

A PDF names its form itself. A JSON file (one object or an array) or a JSONL
file holds lines as ``formkit extract`` writes them: ``{"form": id, "data":
record}``, with ``"source"`` (the PDF the record was read from) when the
extract says so. A bare record has no form: it is read as *default_form* when
the caller names one (the consents of ``validate --with-consents``, also from
CSV or XLSX), and is otherwise reported as unreadable. Folders are read
recursively in name order (:mod:`formkit.sources.folders`); in a folder,
what formkit does not read is listed as skipped with the reason (named on
the command line, it is reported); a file that cannot be read (empty,
truncated, damaged) is one listed rejection and the rest is still read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formkit.errors import FormkitError, SourceError
from formkit.i18n import Message, message
from formkit.model.catalog import Form, get_form
from formkit.settings import Settings
from formkit.sources import read_records
from formkit.sources.folders import list_inputs
from formkit.validation.normalize import without_absent

WRAPPED = (".json", ".jsonl", ".ndjson")
TABLES = (".csv", ".xlsx")
PDF = ".pdf"


@dataclass(frozen=True)
class FormRecord:
    """One record of a known form: where to find it, and its data."""

    source: str
    """The file a person opens: the filled PDF an extract line came from, else the file read."""
    record: int
    """The record's number in the file read (1 for a PDF)."""
    form: Form
    data: dict[str, Any] = field(repr=False, compare=False)
    via: str | None = None
    """The file the record was read from, when *source* names another (an extract line's PDF)."""

    def __post_init__(self) -> None:
        # Read as validation judges it: texts trimmed, null fields and texts of spaces left out (" 2025-12-03" is
        # a valid date, and its deadline is listed).
        object.__setattr__(self, "data", without_absent(self.data))


@dataclass
class Inputs:
    """The records read and what could not be read (source and a catalogue message, never a value)."""

    records: list[FormRecord] = field(default_factory=list)
    unreadable: list[tuple[str, Message]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(entry, kind) of what a folder held that is not read (:mod:`formkit.sources.folders`)."""


def _unwrap(line: Any, default_form: Form | None, settings: Settings) -> tuple[Form, dict[str, Any], str | None] | Message | None:
    """The form, record and source of a line; a Message when it cannot be read; None when it names no form."""
    if isinstance(line, dict) and isinstance(line.get("form"), str) and "data" in line:
        try:
            form = get_form(line["form"], settings)
        except FormkitError as exc:
            return exc.msg
        data = line["data"]
        source = line.get("source")
        if not isinstance(data, dict):
            return message("due.not_record")
        return form, data, source if isinstance(source, str) and source else None
    if default_form is not None and isinstance(line, dict):
        return default_form, line, None
    return None


def _read_file(path: Path, named: bool, default_form: Form | None, settings: Settings, inputs: Inputs) -> None:
    suffix = path.suffix.lower()
    if suffix == PDF:
        from formkit.sources.pdf import extract_pdf  # pypdf only when a PDF is read

        form_id, data = extract_pdf(path, settings)
        inputs.records.append(FormRecord(str(path), 1, get_form(form_id, settings), data))
        return
    if suffix in TABLES and default_form is None:
        if named:
            inputs.unreadable.append((str(path), message("due.table_needs_form", path=path)))
        return
    if suffix not in (*WRAPPED, *TABLES):
        if named:
            read_records(path)  # raises the reader's own "unknown type" (or "missing") error
        return
    formless = 0
    for record in read_records(path, default_form if suffix in TABLES else None):
        where = f"{path}:{record.record}"
        if record.problems:
            inputs.unreadable.append((where, message("due.line", message=record.problems[0].message)))
            continue
        found = _unwrap(record.data, default_form, settings)
        if found is None:
            formless += 1  # one message per file: a file of plain records is one mistake, not hundreds
            continue
        if isinstance(found, Message):
            inputs.unreadable.append((where, found))
            continue
        form, data, source = found
        if source is not None:
            inputs.records.append(FormRecord(source, record.record, form, data, via=str(path)))
        else:
            inputs.records.append(FormRecord(str(path), record.record, form, data))
    if formless:
        words = message("word.record" if formless == 1 else "word.records")
        inputs.unreadable.append((str(path), message("due.no_form", count=formless, records=words)))


def read_inputs(paths: Iterable[str | Path], settings: Settings, default_form: Form | None = None) -> Inputs:
    """Every record of *paths* (files and folders, subfolders too) with its form; what cannot be read is listed,
    what a folder holds that is not read is listed as skipped, and the rest is still read — in the order given."""
    inputs = Inputs()
    suffixes = (PDF, *WRAPPED, *(TABLES if default_form is not None else ()))
    for given in paths:
        listing = list_inputs([given], suffixes)
        inputs.unreadable.extend((str(path), reason) for path, reason in listing.unreadable)
        inputs.skipped.extend((str(path), kind) for path, kind in listing.skipped)
        for file in listing.files:
            try:
                _read_file(file, file in listing.named, default_form, settings, inputs)
            except SourceError as exc:
                inputs.unreadable.append((str(file), exc.msg))
    return inputs
