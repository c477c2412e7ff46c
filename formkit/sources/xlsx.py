"""Reading .xlsx workbooks: the first visible worksheet, row by row, formulas and error cells told apart.

Which sheet. The first visible worksheet holds the data: a hidden first sheet
(a lookup list, an old version) is passed over, and then every record's source
names the sheet read (``planer.xlsx, blad Data``), so a person sees which one it
was. A sheet name that holds six digits in a row is shown by its position only.

How. A sheet of at most :data:`CALAMINE_MAX_SHEET_BYTES` (unpacked) without
formulas or error cells is read by calamine (Rust, about three times faster than
the streaming reader, but it holds the whole sheet: about 1.5 times its XML).
Every other sheet is streamed from the zip with expat, one row at a time, so a
large workbook is read in constant memory (besides its shared strings, which
Excel keeps once per workbook). The streaming reader tells a formula without a
saved value (a sheet written by a script: :class:`~formkit.sources.Formula`)
from an empty cell and reads an error cell as its text (``#N/A``), where
calamine would read both as empty cells. Both readers give the same values
(``tests/test_sources_xlsx.py`` holds them to it): text, whole numbers as int,
booleans, dates as :class:`datetime.date` (a date format), :class:`datetime.time`
(a time format) or :class:`datetime.datetime`.

Untrusted input: the zip is checked for bombs before anything is parsed; no XML
part may have a DOCTYPE (so no entity is ever expanded); rows and columns beyond
Excel's own limits are refused.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from formkit.errors import SourceError
from formkit.i18n import shown_path, text

if TYPE_CHECKING:
    from formkit.model.catalog import Form
    from formkit.sources import Record

MAX_UNZIPPED_BYTES = 512 * 1024 * 1024
MAX_ZIP_RATIO = 200
"""Limits against zip bombs: total unpacked size and unpacked/packed ratio."""
CALAMINE_MAX_SHEET_BYTES = 16 * 1024 * 1024
"""A plain sheet up to this size (unpacked XML) is read whole by calamine; a larger one is streamed."""
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384
"""Excel's own limits: a sheet that claims more is damaged or hostile."""

_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_RELATIONSHIP = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_EXACT_INTEGER = 2.0**53


@dataclass(frozen=True)
class Sheet:
    """The worksheet to read: its name, its place among the workbook's sheets (1-based) and its zip member."""

    name: str
    position: int
    member: str


@dataclass(frozen=True)
class Book:
    """What the streaming reader needs of a workbook besides the sheet."""

    sheet: Sheet
    date1904: bool
    shared_strings: str | None
    styles: str | None


def read_xlsx(path: Path, form: Form | None) -> Iterator[Record]:
    """The records of a workbook's first visible worksheet (see the module docstring)."""
    from formkit.sources import table_records

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError("xlsx.not_zip", path=path) from exc
    with archive:
        _check_zip(path, archive)
        book = _book(path, archive)
        try:
            info = archive.getinfo(book.sheet.member)
        except KeyError as exc:
            raise SourceError("xlsx.unreadable", path=path, kind="KeyError") from exc
        source = shown_path(path)
        if book.sheet.position > 1:
            language = form.language if form is not None else None
            # By its position only: a sheet's name is the user's text and may name a person.
            source = text(language, "xlsx.sheet_read", file=source, sheet=book.sheet.position)
        rows: Generator[list[Any], None, None]
        if info.file_size <= CALAMINE_MAX_SHEET_BYTES and not _has_formulas_or_errors(archive, info):
            rows = _calamine_rows(path, book.sheet)
        else:
            rows = _guarded(path, _streamed_rows(path, archive, book))
        try:
            yield from table_records(path, form, rows, source=source)
        finally:
            rows.close()  # a sheet left half-read keeps the zip open (an error, or a caller that stopped early)


def _check_zip(path: Path, archive: zipfile.ZipFile) -> None:
    """SourceError unless the workbook's unpacked size and ratio are within the limits (before any part is read)."""
    infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if unpacked > MAX_UNZIPPED_BYTES or unpacked / packed > MAX_ZIP_RATIO:
        raise SourceError("xlsx.bomb", path=path, size=unpacked, ratio=unpacked // packed)


# ------------------------------------------------------------------ the workbook: which sheet, which parts


def _parse_small(path: Path, archive: zipfile.ZipFile, member: str) -> Any:
    """A small XML part (workbook, relationships, styles) parsed whole; DOCTYPEs and entities refused."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        return fromstring(archive.read(member))
    except (ParseError, DefusedXmlException, KeyError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise SourceError("xlsx.unreadable", path=path, kind=exc.__class__.__name__) from exc


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _relationships(path: Path, archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """The relationships of *part*: id -> (type's last word, target member)."""
    folder = PurePosixPath(part).parent
    rels = str(folder / "_rels" / f"{PurePosixPath(part).name}.rels")
    if rels not in archive.NameToInfo:
        return {}
    found = {}
    for element in _parse_small(path, archive, rels):
        target = element.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath(folder, target))
        found[element.get("Id", "")] = (element.get("Type", "").rpartition("/")[2], _normalised(member))
    return found


def _normalised(member: str) -> str:
    parts: list[str] = []
    for part in member.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _book(path: Path, archive: zipfile.ZipFile) -> Book:
    package = _relationships(path, archive, "")
    workbook = next((member for kind, member in package.values() if kind == "officeDocument"), "xl/workbook.xml")
    root = _parse_small(path, archive, workbook)
    related = _relationships(path, archive, workbook)
    date1904 = False
    sheets: list[tuple[Sheet, bool]] = []
    tabs = 0  # every sheet is a tab, a chart sheet too: a position counts them all, as the user sees them
    for element in root.iter():
        name = _local(element.tag)
        if name == "workbookPr":
            date1904 = element.get("date1904", "false").lower() in ("1", "true")
        elif name == "sheet":
            tabs += 1
            kind, member = related.get(element.get(_RELATIONSHIP) or element.get(_STRICT_RELATIONSHIP) or "", ("", ""))
            if kind == "worksheet":
                visible = element.get("state", "visible") == "visible"
                sheets.append((Sheet(element.get("name", ""), tabs, member), visible))
    if not sheets:
        raise SourceError("xlsx.unreadable", path=path, kind="NoWorksheet")
    sheet = next((sheet for sheet, visible in sheets if visible), sheets[0][0])
    by_kind = {kind: member for kind, member in related.values()}
    return Book(sheet, date1904, by_kind.get("sharedStrings"), by_kind.get("styles"))


def _has_formulas_or_errors(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the sheet holds a formula (``<f``) or an error cell (``t="e"``): calamine reads both as empty."""
    markers = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b't="e"', b"t='e'", b"<!")
    with archive.open(info) as part:
        tail = b""
        while chunk := part.read(1 << 20):
            window = tail + chunk
            if any(marker in window for marker in markers):
                return True
            tail = chunk[-5:]
    return False


# ------------------------------------------------------------------ calamine: a small plain sheet, read whole


def _calamine_cell(value: Any) -> Any:
    """A calamine value as the streaming reader gives it: None for an empty cell, an int for a whole number."""
    if value == "":
        return None
    if type(value) is float:
        return _whole(value)
    return value


def _calamine_rows(path: Path, sheet: Sheet) -> Generator[list[Any], None, None]:
    from python_calamine import CalamineWorkbook  # imported here: the CLI starts faster

    try:
        # By name (unique in a workbook): calamine's index counts chart sheets as well as worksheets.
        found = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet.name)
    except Exception as exc:  # CalamineError and others for a damaged or foreign file
        raise SourceError("xlsx.unreadable", path=path, kind=exc.__class__.__name__) from exc
    # Rows and columns are given from the first used cell on: pad them to A1, so rows keep their numbers.
    top, left = found.start if found.start is not None else (0, 0)
    for _ in range(top):
        yield []
    pad = [None] * left
    for row in found.iter_rows():
        yield [*pad, *map(_calamine_cell, row)]


# ------------------------------------------------------------------ streaming: any sheet, one row at a time


def _guarded(path: Path, rows: Iterator[list[Any]]) -> Generator[list[Any], None, None]:
    """*rows*, with a damaged part (bad XML, a broken zip stream) as SourceError: it surfaces only while reading."""
    from xml.parsers.expat import ExpatError

    try:
        yield from rows
    except (ExpatError, zipfile.BadZipFile, zlib.error, EOFError, ValueError, IndexError) as exc:
        raise SourceError("xlsx.sheet", path=path, kind=exc.__class__.__name__) from exc


class _Refused(ValueError):
    """An XML part with a DOCTYPE (entities could expand) or beyond Excel's limits."""


def _parser(start: Callable[[str, dict[str, str]], None], end: Callable[[str], None], chars: Callable[[str], None]) -> Any:
    from xml.parsers.expat import ParserCreate

    def refuse(*_args: object) -> None:
        raise _Refused("DOCTYPE")

    parser = ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    return parser


def _parse_stream(archive: zipfile.ZipFile, member: str, parser: Any, flush: Callable[[], Iterator[Any]]) -> Iterator[Any]:
    with archive.open(member) as part:
        while chunk := part.read(1 << 18):
            parser.Parse(chunk, False)
            yield from flush()
        parser.Parse(b"", True)
        yield from flush()


_KINDS = {"row": 1, "c": 2, "v": 3, "t": 4, "f": 5, "is": 6, "rPh": 7, "si": 8}
_ROW, _CELL, _VALUE, _TEXT, _FORMULA, _INLINE, _PHONETIC, _SHARED = range(1, 9)


_XML_SPACE = " \t\r\n"


def _trim(pieces: list[str], start: int) -> None:
    """The text of one ``<t>`` (from *start* in *pieces*) without XML white space at its ends.

    Without ``xml:space="preserve"`` (which Excel writes whenever a text begins or
    ends with a space) the spaces around a text are layout, as calamine reads them.
    """
    if len(pieces) == start + 1:
        pieces[start] = pieces[start].strip(_XML_SPACE)
    elif len(pieces) > start:
        pieces[start:] = ["".join(pieces[start:]).strip(_XML_SPACE)]


def _unescaped(value: str) -> str:
    """OOXML's ``_xHHHH_`` escapes (Excel writes a carriage return as ``_x000D_``) decoded, as calamine does."""
    return _ESCAPED.sub(lambda found: chr(int(found.group(1), 16)), value) if "_x" in value else value


def _shared_strings(archive: zipfile.ZipFile, member: str | None) -> list[str]:
    """The workbook's shared strings, in order (phonetic runs left out)."""
    strings: list[str] = []
    if member is None or member not in archive.NameToInfo:
        return strings
    known = _known_names()

    def kind(name: str) -> int:
        found = known.get(name)
        return _kind_of(known, name) if found is None else found

    pieces: list[str] = []
    state = {"text": False, "phonetic": False, "preserve": False, "start": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        found = kind(name)
        if found == _TEXT and not state["phonetic"]:
            state["text"] = True
            state["start"] = len(pieces)
            state["preserve"] = attrs.get("xml:space") == "preserve"
        elif found == _PHONETIC:
            state["phonetic"] = True
        elif found == _SHARED:
            pieces.clear()

    def end(name: str) -> None:
        found = kind(name)
        if found == _TEXT:
            if state["text"] and not state["preserve"]:
                _trim(pieces, state["start"])
            state["text"] = False
        elif found == _PHONETIC:
            state["phonetic"] = False
        elif found == _SHARED:
            strings.append(_unescaped("".join(pieces)))

    def chars(data: str) -> None:
        if state["text"]:
            pieces.append(data)

    for _ in _parse_stream(archive, member, _parser(start, end, chars), lambda: iter(())):
        pass
    return strings


@dataclass(frozen=True)
class _Styles:
    """Which cell styles (``s`` attribute) show a number as a date, a time, a date and time, or a duration."""

    kinds: dict[int, str]


def _styles(path: Path, archive: zipfile.ZipFile, member: str | None) -> _Styles:
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    if member is None or member not in archive.NameToInfo:
        return _Styles({})
    root = _parse_small(path, archive, member)
    codes: dict[int, str] = {}
    xfs: list[int] = []
    for element in root.iter():
        name = _local(element.tag)
        if name == "numFmt":
            codes[_int(element.get("numFmtId"))] = element.get("formatCode", "")
        elif name == "cellXfs":
            xfs = [_int(xf.get("numFmtId")) for xf in element if _local(xf.tag) == "xf"]
    kinds: dict[int, str] = {}
    for index, number_format in enumerate(xfs):
        code = codes.get(number_format, BUILTIN_FORMATS.get(number_format))
        if code is None or not is_date_format(code):
            continue
        if is_timedelta_format(code):
            kinds[index] = "duration"
            continue
        plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code.split(";")[0]).lower()
        has_date, has_time = bool(re.search(r"[dy]", plain)), bool(re.search(r"[hs]", plain))
        kinds[index] = "datetime" if has_date and has_time else "time" if has_time else "date"
    return _Styles(kinds)


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return -1


def _number(value: str) -> int | float:
    return _whole(float(value))


def _whole(number: float) -> int | float:
    """A whole number as an int (as Excel shows it), below 2**53 where a float holds it exactly."""
    if number.is_integer() and abs(number) < _EXACT_INTEGER:
        return int(number)
    return number


def _dated(number: int | float, kind: str, date1904: bool) -> Any:
    """A serial number shown with a date or time format as Python's date, time, datetime or timedelta."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    try:
        value = from_excel(number, epoch, timedelta=kind == "duration")
    except (OverflowError, ValueError):  # beyond any date: the number, as calamine gives it
        return number
    if kind == "duration":
        return value
    if kind == "date" and isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


def _streamed_rows(path: Path, archive: zipfile.ZipFile, book: Book) -> Iterator[list[Any]]:
    from formkit.sources import Formula

    strings = _shared_strings(archive, book.shared_strings)
    date_kinds = {str(style): kind for style, kind in _styles(path, archive, book.styles).kinds.items()}
    date1904 = book.date1904
    known = _known_names()
    done: list[list[Any]] = []
    row: list[Any] = []
    pieces: list[str] = []
    columns: dict[str, int] = {}
    # The cell being read. expat's handlers are the hot path (several calls per cell): plain
    # variables, the commonest elements tested first, no object per cell.
    column, cell_type, style, ref = 0, "", "", ""
    has_formula = collecting = phonetic = preserve = False
    rows_done = text_start = 0

    def column_of(letters: str) -> int:
        found = 0
        for letter in letters:
            if not "A" <= letter <= "Z":
                raise _Refused("column")
            found = found * 26 + ord(letter) - 64
        if not 0 < found <= MAX_COLUMNS:
            raise _Refused("column")
        if len(columns) < MAX_COLUMNS:
            columns[letters] = found - 1
        return found - 1

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal column, cell_type, style, ref, has_formula, collecting, phonetic, rows_done, text_start, preserve
        found = known.get(name)
        if found is None:
            found = _kind_of(known, name)
        if found == _CELL:
            ref = attrs.get("r", "")
            if ref:
                letters = ref.rstrip(_DIGITS)
                at = columns.get(letters)
                column = column_of(letters) if at is None else at
            else:
                column = len(row)
            cell_type = attrs.get("t", "")
            style = attrs.get("s", "")
            has_formula = False
            pieces.clear()
        elif found == _TEXT:
            collecting = not phonetic
            text_start = len(pieces)
            preserve = attrs.get("xml:space") == "preserve"
        elif found == _VALUE:
            collecting = True
        elif found == _ROW:
            number = _int(attrs["r"]) if "r" in attrs else rows_done + 1
            if not rows_done < number <= MAX_ROWS:
                raise _Refused("row")
            while rows_done < number - 1:  # rows without cells keep their numbers
                done.append([])
                rows_done += 1
            row.clear()
        elif found == _FORMULA:
            has_formula = True
        elif found == _PHONETIC:
            phonetic = True

    def end(name: str) -> None:
        nonlocal collecting, phonetic, rows_done
        found = known.get(name)
        if found is None:
            found = _kind_of(known, name)
        if found == _CELL:
            if not pieces:
                if not has_formula:
                    return
                value: Any = Formula(ref or "?")
            elif cell_type == "inlineStr" or cell_type == "str":
                value = _unescaped("".join(pieces))
            elif cell_type == "s":
                value = strings[int("".join(pieces))]
            else:
                value = _cell_value("".join(pieces), cell_type, date_kinds.get(style), date1904)
            if column == len(row):
                row.append(value)
            else:
                if column > len(row):
                    row.extend([None] * (column - len(row) + 1))
                row[column] = value
        elif found == _TEXT:
            collecting = False
            if not preserve:
                _trim(pieces, text_start)
        elif found == _VALUE:
            collecting = False
        elif found == _ROW:
            done.append(list(row))
            rows_done += 1
        elif found == _PHONETIC:
            phonetic = False

    def chars(data: str) -> None:
        if collecting:
            pieces.append(data)

    def flush() -> Iterator[list[Any]]:
        rows = list(done)
        done.clear()
        return iter(rows)

    yield from _parse_stream(archive, book.sheet.member, _parser(start, end, chars), flush)


_DIGITS = "0123456789"


def _known_names() -> dict[str, int]:
    return dict(_KINDS)


def _kind_of(known: dict[str, int], name: str) -> int:
    """The kind of an element name not met yet (``x:c`` with a namespace prefix is ``c``), remembered."""
    found = _KINDS.get(name.rpartition(":")[2], 0)
    if len(known) < 1000:  # a hostile sheet may use any number of names
        known[name] = found
    return found


def _cell_value(raw: str, kind: str, date_kind: str | None, date1904: bool) -> Any:
    """A number, boolean, date or error cell's value from its text, type (``t``) and style's date kind."""
    if kind == "" or kind == "n":
        number = _number(raw)
        return _dated(number, date_kind, date1904) if date_kind is not None else number
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "d":
        return dt.datetime.fromisoformat(raw.strip())
    return _unescaped(raw)  # e (an error: #N/A) and any other type, as its text
