"""Input sources: JSON, JSONL, CSV and XLSX files (and PDF, registered by formkit.sources.pdf) to records.

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
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from formkit.errors import SourceError
from formkit.i18n import Message, message, os_reason, text
from formkit.model.catalog import Form, as_form
from formkit.model.paths import unflattener
from formkit.validation.problems import ERROR, Problem, looks_like_field_name

MAX_UNZIPPED_BYTES = 512 * 1024 * 1024
MAX_ZIP_RATIO = 200
"""Limits against zip bombs in .xlsx input: total unpacked size and unpacked/packed ratio."""


@dataclass
class Record:
    """One record read from a source, with any problem found while reading it."""

    source: str
    record: int
    data: Any
    problems: Sequence[Problem] = field(default_factory=tuple)


Reader = Callable[[Path, "Form | None"], Iterator[Record]]
_READERS: dict[str, Reader] = {}


def register_reader(suffix: str, reader: Reader) -> None:
    """Use *reader* for files ending in *suffix* (``".pdf"``)."""
    _READERS[suffix.lower()] = reader


def supported_suffixes() -> list[str]:
    _load_optional_readers()
    return sorted(_READERS)


def _load_optional_readers() -> None:
    if ".pdf" not in _READERS:
        with contextlib.suppress(ImportError):
            importlib.import_module("formkit.sources.pdf")  # registers the .pdf reader


def read_records(path: str | Path, form: Form | str | None = None) -> Iterator[Record]:
    """The records of one input file, by its suffix; SourceError if it cannot be read."""
    source = Path(path)
    resolved = as_form(form) if form is not None else None
    if not source.is_file():
        raise SourceError("source.missing", path=source)
    _load_optional_readers()
    reader = _READERS.get(source.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(_READERS))
        raise SourceError("source.unknown_type", path=source, suffix=source.suffix, known=known)
    return reader(source, resolved)


def read_all(paths: Iterable[str | Path], form: Form | str | None = None) -> Iterator[Record]:
    """The records of several files in order (SourceError at the first unreadable one)."""
    for path in paths:
        yield from read_records(path, form)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError("source.not_utf8", path=path, byte=exc.start) from exc
    except OSError as exc:
        raise SourceError("source.cannot_read", path=path, reason=os_reason(exc)) from exc


def _read_json(path: Path, form: Form | None) -> Iterator[Record]:
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise SourceError("source.bad_json", path=path, line=exc.lineno, column=exc.colno) from exc
    except RecursionError as exc:
        raise SourceError("source.too_deep", path=path) from exc
    if isinstance(data, list):
        for index, item in enumerate(data, start=1):
            yield Record(str(path), index, item)
    else:
        yield Record(str(path), 1, data)


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


def _read_jsonl(path: Path, form: Form | None) -> Iterator[Record]:
    # Line by line, so a year of reports never sits in memory as one string.
    try:
        with path.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield Record(str(path), number, _parse_line(line))
                except json.JSONDecodeError as exc:
                    yield Record(str(path), number, None, (_unreadable(form, "row.bad_json", column=exc.colno),))
                except RecursionError:
                    yield Record(str(path), number, None, (_unreadable(form, "row.too_deep"),))
    except UnicodeDecodeError as exc:
        raise SourceError("source.not_utf8", path=path, byte=exc.start) from exc
    except OSError as exc:
        raise SourceError("source.cannot_read", path=path, reason=os_reason(exc)) from exc


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
    for column, header in enumerate(headers, start=1):
        if not header:
            raise SourceError("header.empty", path=path, column=column)
        if form is not None and not form.model.has(header):
            raise SourceError("header.unknown", path=path, column=column, header=_describe(header), form=form.id)
        if header in seen:
            raise SourceError("header.twice", path=path, column=column, header=_describe(header))
        seen.add(header)
    for header in headers:
        parts = header.split(".")
        for end in range(1, len(parts)):
            if ".".join(parts[:end]) in seen:
                outer = ".".join(parts[:end])
                raise SourceError("header.inside", path=path, header=_describe(header), outer=_describe(outer))


def _table_records(path: Path, form: Form | None, rows: Iterator[Sequence[Any]]) -> Iterator[Record]:
    try:
        header_row = next(rows)
    except StopIteration:
        return
    headers = [str(cell).strip() if cell is not None else "" for cell in header_row]
    while headers and not headers[-1]:
        headers.pop()
    check_headers(path, headers, form)
    to_record = unflattener(form, headers)
    for number, row in enumerate(rows, start=2):
        cells = list(row)
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        if len(cells) > len(headers) and any(c not in (None, "") for c in cells[len(headers) :]):
            yield Record(str(path), number, None, (_unreadable(form, "row.extra_cells"),))
            continue
        try:
            yield Record(str(path), number, to_record(cells))
        except ValueError:
            yield Record(str(path), number, None, (_unreadable(form, "row.conflict"),))


def _read_csv(path: Path, form: Form | None) -> Iterator[Record]:
    content = _read_text(path)
    first_line = content.split("\n", 1)[0]
    # Swedish Excel saves CSV with semicolons; decide from the header line alone,
    # where no value can hold a stray separator.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter, strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise SourceError("csv.unreadable", path=path, line=reader.line_num) from exc
    yield from _table_records(path, form, iter(rows))


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError("xlsx.not_zip", path=path) from exc
    unpacked = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if unpacked > MAX_UNZIPPED_BYTES or unpacked / packed > MAX_ZIP_RATIO:
        raise SourceError("xlsx.bomb", path=path, size=unpacked, ratio=unpacked // packed)


def _read_xlsx(path: Path, form: Form | None) -> Iterator[Record]:
    import openpyxl  # imported here: the CLI starts faster when no workbook is read

    _check_zip(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise SourceError("xlsx.unreadable", path=path, kind=exc.__class__.__name__) from exc
    try:
        sheet = workbook.worksheets[0]
        yield from _table_records(path, form, sheet.iter_rows(values_only=True))
    except SourceError:
        raise
    except Exception as exc:  # a damaged sheet surfaces only while its rows are read
        raise SourceError("xlsx.sheet", path=path, kind=exc.__class__.__name__) from exc
    finally:
        workbook.close()


register_reader(".json", _read_json)
register_reader(".jsonl", _read_jsonl)
register_reader(".ndjson", _read_jsonl)
register_reader(".csv", _read_csv)
register_reader(".xlsx", _read_xlsx)
