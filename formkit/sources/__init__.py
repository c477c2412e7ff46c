"""Input sources: JSON, JSONL, CSV and XLSX files (filled PDF and Word forms: formkit.sources.pdf, .docx) to records.

Encodings (:mod:`formkit.sources.encoding`). JSON and JSONL are UTF-8 (with or
without BOM) or UTF-16 with its BOM (what PowerShell 5 writes). A CSV file is
what Swedish and Norwegian Excel and Notepad save: UTF-8 with or without BOM,
UTF-16 with BOM ("Unicode-text", tabs), or Windows-1252 ("CSV
(semikolonavgränsad)", Notepad's "ANSI") when that reading is plausible text
and no other reading is; a file that is none of these, or that could be two of
them, is refused with what to do ("Spara som > CSV UTF-8"). A first line
``sep=;`` (which Excel writes and hides) names the separator and is not a row.
Tables are read row by row and JSONL line by line: memory stays flat however
long the file.

File names. A name that is not valid UTF-8 (a cp1252 name from an old share or
zip) is kept as Python keeps it (surrogate escapes) to open the file, and shown
everywhere with those bytes as ``\\xNN`` (:func:`shown_path`): report.json, the
messages and the summary never fail on a name.

Numbering: ``Record.record`` is 1-based. For JSON it is the position in the
array (1 for a single object), for JSONL the line number, for CSV and XLSX the
row number a spreadsheet program shows (the header is row 1, so the first
record is row 2). A file that cannot be read at all raises ``SourceError``; a
single bad line or row becomes a record with a problem, so the others are
still judged.
"""

from __future__ import annotations

import contextlib
import csv
import importlib
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from formkit.errors import SourceError
from formkit.i18n import Message, message, os_reason, shown_path, text
from formkit.model.catalog import Form, as_form
from formkit.model.paths import unflattener
from formkit.problems import ERROR, Problem, looks_like_field_name
from formkit.sources.encoding import UTF16, table_encoding, text_encoding

MAX_FIELD_CHARS = 131_072
"""The longest CSV field: the csv module's own default limit, applied per row instead of per file."""
_BAD_ROW = object()
"""A CSV row the csv module could not parse (a stray quote): that row's problem, the others are read."""
_SEP_LINE = re.compile(r"sep=(.)\r?\n?\Z")

__all__ = ["Record", "read_all", "read_records", "register_reader", "shown_path", "supported_suffixes"]


@dataclass
class Record:
    """One record read from a source, with any problem found while reading it."""

    source: str
    record: int
    data: Any
    problems: Sequence[Problem] = ()
    unparsed: str | None = None
    """A JSONL line read but not parsed yet (``read_records(..., parse=False)``); see :meth:`parsed`."""

    def parsed(self, form: Form | None = None) -> Record:
        """This record with its line parsed (itself when it has none): its data, or the problem of a bad line.

        A batch with several workers hands them the lines as read: each worker
        parses its own, instead of the one process that reads them parsing all.
        """
        return self if self.unparsed is None else _line_record(self.source, self.record, self.unparsed, form)


Reader = Callable[[Path, "Form | None"], Iterator[Record]]
_READERS: dict[str, Reader] = {}
_UNLISTED: set[str] = set()


def register_reader(suffix: str, reader: Reader, *, listed: bool = True) -> None:
    """Use *reader* for files ending in *suffix* (``".pdf"``).

    *listed* False: a reader that only refuses such files with a message (``.docm``), left out of
    :func:`supported_suffixes`, so a folder scan skips those files and a file named is refused.
    """
    _READERS[suffix.lower()] = reader
    if not listed:
        _UNLISTED.add(suffix.lower())


def supported_suffixes() -> list[str]:
    _load_optional_readers()
    return sorted(set(_READERS) - _UNLISTED)


def _load_optional_readers() -> None:
    if ".pdf" not in _READERS:
        with contextlib.suppress(ImportError):
            importlib.import_module("formkit.sources.pdf")  # registers the .pdf reader
    if ".docx" not in _READERS:
        with contextlib.suppress(ImportError):
            importlib.import_module("formkit.sources.docx")  # registers the .docx reader (and refuses .docm)


def read_records(path: str | Path, form: Form | str | None = None, *, parse: bool = True) -> Iterator[Record]:
    """The records of one input file, by its suffix; SourceError if it cannot be read.

    With *parse* False the records of a JSONL file come unparsed (:meth:`Record.parsed` parses one).
    """
    source = Path(path)
    resolved = as_form(form) if form is not None else None
    if not source.is_file():
        raise SourceError("source.missing", path=source)
    _load_optional_readers()
    reader = _READERS.get(source.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(set(_READERS) - _UNLISTED))
        raise SourceError("source.unknown_type", path=source, suffix=source.suffix, known=known)
    if reader is _read_jsonl and not parse:
        return _read_jsonl(source, resolved, parse=False)
    return reader(source, resolved)


def read_all(paths: Iterable[str | Path], form: Form | str | None = None) -> Iterator[Record]:
    """The records of several files in order (SourceError at the first unreadable one)."""
    for path in paths:
        yield from read_records(path, form)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError("source.cannot_read", path=path, reason=os_reason(exc)) from exc
    encoding = text_encoding(data[:2])
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == UTF16:
            raise SourceError("source.bad_utf16", path=path) from exc
        raise SourceError("source.not_utf8", path=path, byte=exc.start) from exc


def _read_json(path: Path, form: Form | None) -> Iterator[Record]:
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise SourceError("source.bad_json", path=path, line=exc.lineno, column=exc.colno) from exc
    except RecursionError as exc:
        raise SourceError("source.too_deep", path=path) from exc
    if isinstance(data, list):
        for index, item in enumerate(data, start=1):
            yield Record(shown_path(path), index, item)
    else:
        yield Record(shown_path(path), 1, data)


def _parse_line(line: str) -> Any:
    """One JSONL line as Python data: orjson (2-3x faster than json), json where orjson refuses.

    orjson refuses what json reads (NaN, Infinity, a lone surrogate escape, a
    number beyond a double) and JSON nested 1024 levels deep: json then gives
    its own value or error, so such a line reads as before. Two differences
    remain: an integer beyond 64 bits reads as a float (a type error in every
    shipped form either way), and a line nested about 970 to 1024 levels
    deep is read (json refused it as too deep) and judged by the schema.
    """
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return json.loads(line)


def _read_jsonl(path: Path, form: Form | None, parse: bool = True) -> Iterator[Record]:
    # Line by line, so a year of reports never sits in memory as one string. Each line is decoded on
    # its own: a line that is not UTF-8 is that record's problem, like a line of bad JSON.
    source = shown_path(path)
    try:
        with path.open("rb") as handle:
            if text_encoding(handle.read(2)) == UTF16:
                yield from _read_jsonl_utf16(path, form, parse)
                return
            handle.seek(0)
            loads, bad_json = orjson.loads, orjson.JSONDecodeError
            for number, raw in enumerate(handle, start=1):
                if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                if parse:
                    # orjson reads the bytes as they are (it checks UTF-8 itself): no str of the line is made.
                    try:
                        data = loads(raw)
                    except bad_json:
                        data = _BAD_ROW  # a blank line, one not UTF-8 or not JSON, or one only json reads: below
                    if data is not _BAD_ROW:
                        yield Record(source, number, data)
                        continue
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield Record(source, number, None, (_unreadable(form, "row.not_utf8", column=exc.start + 1),))
                    continue
                if not line.strip():
                    continue
                yield _line_record(source, number, line, form) if parse else Record(source, number, None, unparsed=line)
    except OSError as exc:
        raise SourceError("source.cannot_read", path=path, reason=os_reason(exc)) from exc


def _read_jsonl_utf16(path: Path, form: Form | None, parse: bool) -> Iterator[Record]:
    """A JSONL file in UTF-16 (PowerShell 5's ``>`` and ``Out-File``), line by line."""
    source = shown_path(path)
    try:
        with path.open("r", encoding=UTF16) as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                yield _line_record(source, number, line, form) if parse else Record(source, number, None, unparsed=line)
    except UnicodeDecodeError as exc:
        raise SourceError("source.bad_utf16", path=path) from exc


def _line_record(source: str, number: int, line: str, form: Form | None) -> Record:
    """The record of one JSONL line: its data, or the problem of a line that is not JSON."""
    try:
        return Record(source, number, _parse_line(line))
    except json.JSONDecodeError as exc:
        return Record(source, number, None, (_unreadable(form, "row.bad_json", column=exc.colno),))
    except RecursionError:
        return Record(source, number, None, (_unreadable(form, "row.too_deep"),))


def _unreadable(form: Form | None, key: str, **params: object) -> Problem:
    """A record the reader could not make sense of: one error at the record, in the form's language."""
    return Problem("", ERROR, "source", text(form.language if form is not None else None, key, **params))


def _describe(header: str) -> Message:
    # A header is echoed only when it looks like a dot path: in a table without its
    # header row, the "headers" are the first record's values.
    parts = header.split(".")
    if all(looks_like_field_name(part) or part.isdigit() for part in parts):
        return message("header.shown", header=header)
    return message("header.hidden")


def check_headers(path: Path, headers: Sequence[str], form: Form | None = None) -> None:
    """Table headers are distinct, non-empty dot paths, none inside another (``barn`` and ``barn.namn``).

    With a *form*, every header must also be a field of it (``vardnadshavare.0.namn``).
    """
    seen: set[str] = set()
    # A row most of whose cells are not fields of the form is a record, not a header row (the table was
    # saved without its header row): its cells are values, and a value is never shown, however much it
    # looks like a field name ("ifo", "ja", a lower-case name). Only the column is named then.
    named = [header for header in headers if header]
    header_row = form is None or 2 * sum(form.model.has(header) for header in named) >= len(named)
    for column, header in enumerate(headers, start=1):
        if not header:
            raise SourceError("header.empty", path=path, column=column)
        if form is not None and not form.model.has(header):
            shown = _describe(header) if header_row else message("header.hidden")
            raise SourceError("header.unknown", path=path, column=column, header=shown, form=form.id)
        if header in seen:
            raise SourceError("header.twice", path=path, column=column, header=_describe(header))
        seen.add(header)
    for header in headers:
        parts = header.split(".")
        for end in range(1, len(parts)):
            if ".".join(parts[:end]) in seen:
                outer = ".".join(parts[:end])
                raise SourceError("header.inside", path=path, header=_describe(header), outer=_describe(outer))


def _blank(row: Any) -> bool:
    return row is not _BAD_ROW and all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def table_records(
    path: Path, form: Form | None, rows: Iterator[Sequence[Any]], *, text_only: bool = False, source: str | None = None
) -> Iterator[Record]:
    """The records of a table's rows (row 1 first): the first row that is not blank is the header.

    *source* names the table in each record (the file's shown path by default).
    """
    source = source if source is not None else shown_path(path)
    header_number, header_row = 0, None
    for header_number, row in enumerate(rows, start=1):  # noqa: B007 - the header's number is used below
        if not _blank(row):
            header_row = row
            break
    if header_row is None:
        return
    if header_row is _BAD_ROW:
        raise SourceError("csv.unreadable", path=path, line=header_number)
    for cell in header_row:
        if isinstance(cell, Formula):
            raise SourceError("xlsx.formula_header", path=path, cell=cell.ref)
    headers = [str(cell).strip() if cell is not None else "" for cell in header_row]
    while headers and not headers[-1]:
        headers.pop()
    check_headers(path, headers, form)
    to_record = unflattener(form, headers, text_only=text_only)
    for number, row in enumerate(rows, start=header_number + 1):
        if row is _BAD_ROW:
            yield Record(source, number, None, (_unreadable(form, "row.csv"),))
            continue
        cells = list(row)
        if _blank(cells):
            continue
        if len(cells) > len(headers) and any(c not in (None, "") for c in cells[len(headers) :]):
            yield Record(source, number, None, (_unreadable(form, "row.extra_cells"),))
            continue
        problem = _cell_problem(form, cells)
        if problem is not None:
            yield Record(source, number, None, (problem,))
            continue
        try:
            yield Record(source, number, to_record(cells))
        except ValueError:
            yield Record(source, number, None, (_unreadable(form, "row.conflict"),))


class Formula:
    """A cell holding a formula without a saved value (a sheet written by a script: :mod:`formkit.sources.xlsx`)."""

    def __init__(self, ref: str) -> None:
        self.ref = ref


def _cell_problem(form: Form | None, cells: Sequence[Any]) -> Problem | None:
    for column, cell in enumerate(cells, start=1):
        if isinstance(cell, Formula):
            return _unreadable(form, "row.formula", cell=cell.ref)
        if isinstance(cell, str) and len(cell) > MAX_FIELD_CHARS:
            return _unreadable(form, "row.field_too_long", column=column, limit=MAX_FIELD_CHARS)
    return None


def _csv_rows(reader: Iterator[list[str]]) -> Iterator[Any]:
    """The rows of a csv reader, :data:`_BAD_ROW` for one it cannot parse (it goes on at the next line)."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield _BAD_ROW


def _read_csv(path: Path, form: Form | None) -> Iterator[Record]:
    # Row by row: a year of records never sits in memory (the encoding is decided by a first pass
    # over the bytes, in chunks). See formkit.sources.encoding for which encodings and why.
    encoding = table_encoding(path)
    # The csv module's field limit would fail the whole file on one long field; each row is
    # checked against MAX_FIELD_CHARS instead (its own error). No field is longer than the file.
    try:
        size = path.stat().st_size
        handle = path.open("r", encoding=encoding, newline="")
    except OSError as exc:
        raise SourceError("source.cannot_read", path=path, reason=os_reason(exc)) from exc
    csv.field_size_limit(max(csv.field_size_limit(), size + 1))
    with handle:
        try:
            first_line = handle.readline()
            separator = _SEP_LINE.match(first_line)
            lines: Iterator[str]
            if separator:  # Excel's "sep=;" line: it names the separator and is no row (Excel hides it)
                delimiter = separator.group(1)
                lines = iter(handle)
            else:
                # Swedish Excel saves CSV with semicolons, "Unicode-text" with tabs; decide from the header
                # line alone, where no value can hold a stray separator.
                delimiter = max((",", ";", "\t"), key=first_line.count) if first_line.strip() else ","
                if first_line.count(delimiter) == 0:
                    delimiter = ","
                lines = itertools.chain((first_line,), handle)
            rows = _csv_rows(csv.reader(lines, delimiter=delimiter, strict=True))
            yield from table_records(path, form, rows, text_only=True)  # the csv module gives strings
        except UnicodeDecodeError as exc:  # a UTF-16 file with a broken pair deep inside
            raise SourceError("csv.encoding", path=path) from exc
        except OSError as exc:
            raise SourceError("source.cannot_read", path=path, reason=os_reason(exc)) from exc


def _read_xlsx(path: Path, form: Form | None) -> Iterator[Record]:
    from formkit.sources.xlsx import read_xlsx  # imported here: the CLI starts faster

    return read_xlsx(path, form)


register_reader(".json", _read_json)
register_reader(".jsonl", _read_jsonl)
register_reader(".ndjson", _read_jsonl)
register_reader(".csv", _read_csv)
register_reader(".xlsx", _read_xlsx)
