"""The yearly deviation workbook (xlsx): Översikt, Diagram, a cross table, organisations, actions, the list and Underlag.

Every count comes from :func:`formkit.summary.published.published`, so the
workbook hides the same small counts as the report and the JSON. Printed
through LibreOffice: landscape, one page wide, kommun, title and "Sida N av M"
on every page, each chart on a page of its own, zero cells muted.

openpyxl (write-only mode) makes every sheet and the list sheet's header, table
and print set-up; the list's rows, one per report, are then streamed as XML into
the saved package (see ``_list_rows``), which keeps memory flat and the cost
small next to validation. Every text cell is an explicit string cell: openpyxl
would otherwise turn text starting with ``=`` into a live formula (and ``#N/A``
into an error value), which from report text is formula injection.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from formkit.atomic import atomic_open
from formkit.errors import RenderError
from formkit.i18n import text
from formkit.summary.disclosure import Shown, small
from formkit.summary.disclosure import count as count_shown
from formkit.summary.figures import AGE_BANDS, DeviationSummary, mask_personnummer
from formkit.summary.published import Published, published, published_previous

EXCEL_MAX_ROWS = 1_048_576
"""Rows in one sheet, the header included."""
MAX_CELL_CHARS = 32_767
"""Excel's limit for one cell; openpyxl would cut silently, we cut and mark it."""
DATE_FORMAT = "yyyy-mm-dd"
LIST_COLUMNS = (
    "referens", "handelsedatum", "rapportdatum", "rapporterande", "berord",
    "kategori", "status", "mottagen", "aterkoppling", "dagar", "atgardat",
)  # fmt: skip
"""The list sheet's columns; each heading is the catalogue text ``workbook.list.<column>``."""
DATE_COLUMNS = frozenset({"handelsedatum", "rapportdatum", "mottagen", "aterkoppling", "atgardat"})
"""Printed as the month (``2025-03``) unless ``detail``: an exact date with an organisation type can point at a child."""
TEXT_HEADINGS = ("Beskrivning", "Förslag till åtgärder")
"""The avvikelserapport's free-text headings (its ``summary`` ``text``), for callers that name no others."""


def list_headers(
    language: str, include_text: bool = False, *, detail: bool = True, text_headings: Sequence[str] = TEXT_HEADINGS
) -> tuple[str, ...]:
    """The list sheet's column headings in *language* (with the free-text columns when *include_text*)."""
    headings = tuple(
        text(language, f"workbook.list.{column}" + ("" if detail or column not in DATE_COLUMNS else ".month"))
        for column in LIST_COLUMNS
    )
    return headings + (tuple(text_headings) if include_text else ())
LIST_WIDTHS = (16, 14, 14, 40, 40, 36, 13, 13, 15, 14, 13)
"""Character widths: a date (yyyy-mm-dd) needs 12 at 10 pt Arial, its wrapped heading's longest word no more."""
_LIST_COMPRESSLEVEL = 1
"""zlib level for the package: the list sheet is large and level 1 is several times faster than 6."""

# XML 1.0 forbids these; lone surrogates cannot be encoded as UTF-8 at all.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
FONT_NAME = "Arial"
"""One explicit font for every cell: without one LibreOffice draws bold headings in a serif fallback.
Arial's metrics are everywhere (Liberation Sans in LibreOffice), so the column widths hold."""
_NORMAL = Font(name=FONT_NAME, size=10)
_BOLD = Font(name=FONT_NAME, size=10, bold=True)
_TITLE = Font(name=FONT_NAME, size=14, bold=True)
_MUTED = Font(name=FONT_NAME, size=10, color="A6A6A6")
"""A zero: printed light grey, so the counts that matter stand out of a table."""
_RIGHT = Alignment(horizontal="right")
CHART_PAGE_ROWS = 26
"""Rows of the Diagram sheet per printed page (a page break after each): one chart and its heading per page."""
_WRAP = Alignment(wrap_text=True, vertical="top")
_FIGURE_HEADING = Alignment(horizontal="right", vertical="bottom", wrap_text=True)
"""A column heading over numbers sits right, over its figures."""
ROWS_PER_PAGE = 30
"""About what one landscape A4 page holds of Översikt; a block that would cross a page starts a new one."""


def clean_text(value: str) -> str:
    """*value* made safe for a cell: XML-forbidden characters dropped, cut to Excel's cell limit."""
    value = _XML_FORBIDDEN.sub("", value)
    if len(value) > MAX_CELL_CHARS:
        value = value[: MAX_CELL_CHARS - 1] + "…"
    return value


class _Sheet:
    """A write-only sheet plus the row counter the charts and tables need."""

    def __init__(self, wb: Workbook, title: str) -> None:
        self.ws = wb.create_sheet(title)
        self.row = 0

    def text(self, value: str, font: Font | None = None, wrap: bool = False, alignment: Alignment | None = None) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value=clean_text(value))
        # Forced after binding: openpyxl has just decided "=..." is a formula and "#N/A" an error.
        cell.data_type = "s"
        cell.font = font or _NORMAL
        if alignment is not None:
            cell.alignment = alignment
        elif wrap:
            cell.alignment = _WRAP
        return cell

    def number(self, value: Any) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value=value)
        cell.font = _MUTED if value == 0 and not isinstance(value, bool) else _NORMAL
        return cell

    def count(self, value: Shown | float | None) -> WriteOnlyCell:
        """A figure as published: a number (a zero muted), or "<3"/".." as text set right like the numbers."""
        if value is None:
            return self.text("–", alignment=_RIGHT)
        if isinstance(value, str):
            return self.text(value, alignment=_RIGHT)
        return self.number(value)

    def append(self, values: Iterable[Any]) -> int:
        row = [v if isinstance(v, Cell) else self.text(v) if isinstance(v, str) else self.number(v) for v in values]
        self.ws.append(row)
        self.row += 1
        return self.row

    def header(self, values: Sequence[str], figures: Sequence[int] | None = None) -> int:
        """A heading row: headings over figures (by default every column but the first) sit right, over their numbers."""
        numeric = set(range(1, len(values))) if figures is None else set(figures)
        return self.append(
            [self.text(v, _BOLD, alignment=_FIGURE_HEADING if i in numeric else None) for i, v in enumerate(values)]
        )

    def keep_together(self, rows: int) -> None:
        """Start a new printed page here when the next *rows* rows would cross one (a block is not split)."""
        if self.row and (self.row % ROWS_PER_PAGE) + rows > ROWS_PER_PAGE:
            self.ws.row_breaks.append(Break(id=self.row))

    def blank(self) -> None:
        self.append([])

    def widths(self, widths: Sequence[float]) -> None:
        for index, width in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(index)].width = width

    def printable(self, title_rows: str, title_cols: str | None = None, furniture: tuple[str, str, str] | None = None) -> None:
        """Landscape, fitted to one page wide, titles repeated on every page; *furniture* (kommun, title, page) in the margins."""
        ws = self.ws
        if furniture is not None:
            kommun, title, page = (_header_text(part) for part in furniture)
            ws.oddHeader.left.text, ws.oddHeader.right.text = kommun, title
            ws.oddFooter.right.text = page
            ws.oddHeader.left.size = ws.oddHeader.right.size = ws.oddFooter.right.size = 9
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages tall as needed
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_title_rows = title_rows
        if title_cols:
            ws.print_title_cols = title_cols


def _header_text(value: str) -> str:
    # "&" starts a header code (&P, &N) in Excel and LibreOffice: a kommun "A & B" keeps its ampersand.
    return clean_text(value).replace("&", "&&").replace("&&P", "&P").replace("&&N", "&N")[:250]


def _furniture(summary: DeviationSummary) -> tuple[str, str, str]:
    return summary.kommun, _title(summary), text(summary.language, "workbook.page")


def _say(summary: DeviationSummary) -> Callable[..., str]:
    """The catalogue in the summary's language: every word of the workbook (the form's own labels aside)."""

    def say(key: str, **params: Any) -> str:
        return text(summary.language, key, **params)

    return say


def _title(summary: DeviationSummary) -> str:
    if summary.organisation is not None:
        return text(summary.language, "workbook.title_org", year=summary.year, name=summary.organisation)
    if summary.verksamhetstyp is None:
        return text(summary.language, "workbook.title", year=summary.year)
    label = summary.labels.verksamhetstyp.get(summary.verksamhetstyp, summary.verksamhetstyp)
    return text(summary.language, "workbook.title_by", year=summary.year, label=label)


def _note(summary: DeviationSummary) -> str:
    say = _say(summary)
    if summary.detail:
        privacy = say("workbook.note.detail")
    else:
        privacy = say("workbook.note.suppressed", below=summary.minsta_antal - 1, mark=small(summary.minsta_antal))
    if summary.include_text:
        privacy = f"{say('workbook.note.text')} {privacy}"
    return f"{say('workbook.note')} {privacy}"


def _key_figures(summary: DeviationSummary, shown: Published) -> list[tuple[str, Shown | float | None]]:
    say = _say(summary)
    days = shown.feedback_days
    return [
        (say("workbook.total"), shown.total),
        (say("workbook.aterkoppling"), shown.aterkoppling),
        (say("workbook.median"), shown.median_dagar_aterkoppling),
        (say("workbook.feedback_due"), shown.feedback_due),
        (say("workbook.feedback_in_time", days=days), shown.feedback_in_time),
        (say("workbook.feedback_share", days=days), _percent(shown.feedback_share)),
        (say("workbook.atgardade"), shown.atgardade),
        (say("workbook.median_atgard"), shown.median_dagar_atgard),
        (say("workbook.open"), shown.open),
    ]


def _percent(share: float | str | None) -> float | str | None:
    return round(100 * share) if isinstance(share, float) else share


def _write_overview(wb: Workbook, summary: DeviationSummary) -> tuple[Worksheet, dict[str, tuple[int, int]]]:
    """Översikt; returns the sheet and the rows of the blocks the charts draw (by block key)."""
    say = _say(summary)
    shown, before = published(summary), published_previous(summary)
    sheet = _Sheet(wb, say("workbook.sheet.overview"))
    sheet.widths((52, 12, 12, 4))
    sheet.printable("1:1", furniture=_furniture(summary))
    labels = summary.labels
    sheet.append([sheet.text(_title(summary), _TITLE)])
    sheet.append([_note(summary)])
    sheet.blank()
    count = say("workbook.count")
    years = [str(summary.year), say("workbook.previous", year=summary.year - 1)] if before is not None else [count]
    sheet.header([say("workbook.key_figures"), *years])
    previous = dict(_key_figures(summary, before)) if before is not None else {}
    for label, value in _key_figures(summary, shown):
        sheet.append([label, sheet.count(value), *([sheet.count(previous[label])] if before is not None else [])])
    minsta = 1 if summary.detail else summary.minsta_antal
    sheet.append([say("workbook.rejected"), sheet.count(count_shown(len(summary.rejected), minsta))])
    sheet.append([say("workbook.duplicates"), sheet.count(count_shown(summary.duplicates, minsta))])
    rows: dict[str, tuple[int, int]] = {}

    def block(key: str, heading: str, counts: dict[str, Shown], names: dict[str, str], old: dict[str, Shown] | None) -> None:
        sheet.keep_together(len(counts) + 2)
        sheet.blank()
        sheet.header([heading, *years])
        first = sheet.row + 1
        for code, n in counts.items():
            extra = [sheet.count(old.get(code, 0))] if old is not None else []
            sheet.append([names.get(code, code), sheet.count(n), *extra])
        rows[key] = (first, sheet.row)

    def old(name: str) -> dict[str, Shown] | None:
        return None if before is None else dict(getattr(before, name))

    months = {key: say(f"workbook.month.{i}") for i, key in enumerate(shown.by_month, 1)}
    # The year before's months have their own keys (2024-01 …): compare them by position.
    old_months = None if before is None else dict(zip(shown.by_month, before.by_month.values(), strict=True))
    block("month", say("workbook.per_month"), shown.by_month, months, old_months)
    block("reporting", say("workbook.per_reporting"), shown.by_reporting, labels.verksamhetstyp, old("by_reporting"))
    block("affected", say("workbook.per_affected"), shown.by_affected, labels.affected, old("by_affected"))
    block("category", say("workbook.per_category"), shown.by_category, labels.kategori, old("by_category"))
    block("status", say("workbook.per_status"), shown.by_status, labels.status, old("by_status"))
    ages = {band: say(f"workbook.age.{band}") for band in AGE_BANDS}
    block("age", say("workbook.per_age", date=summary.today.isoformat()), shown.open_by_age, ages, old("open_by_age"))
    return sheet.ws, rows


def _write_charts(wb: Workbook, summary: DeviationSummary, ws: Worksheet, rows: dict[str, tuple[int, int]]) -> None:
    """Diagram: each chart under its heading on a printed page of its own (a chart never crosses a page break)."""
    say = _say(summary)
    sheet = _Sheet(wb, say("workbook.sheet.charts"))
    sheet.widths((16,) * 10)
    sheet.printable("1:1", furniture=_furniture(summary))
    sheet.append([sheet.text(_title(summary), _TITLE)])
    sheet.append([say("workbook.chart.note", minsta=summary.minsta_antal)])
    charts = [
        (say("workbook.chart.month"), "month", "col", 2),
        (say("workbook.chart.category"), "category", "bar", 2),
        (say("workbook.chart.reporting"), "reporting", "bar", 2),
    ]
    if summary.previous is not None:
        charts.append((say("workbook.chart.compare", previous=summary.year - 1, year=summary.year), "category", "bar", 3))
    for number, (title, key, direction, series) in enumerate(charts):
        top = 3 + number * CHART_PAGE_ROWS
        while sheet.row < top - 1:
            sheet.blank()
        if number:
            sheet.ws.row_breaks.append(Break(id=top - 2))
        sheet.append([sheet.text(title, _BOLD)])
        chart = _bar_chart(ws, title, rows[key], direction, series)
        sheet.ws.add_chart(chart, f"A{top + 1}")


def _bar_chart(ws: Worksheet, title: str, rows: tuple[int, int], direction: str, series: int) -> BarChart:
    chart = BarChart()
    chart.type = direction
    if direction == "bar":
        chart.x_axis.scaling.orientation = "maxMin"  # top to bottom in the table's order
    chart.title = title
    chart.legend = None if series == 2 else chart.legend
    chart.height, chart.width = 10, 24  # cm: under CHART_PAGE_ROWS rows, inside the page's width
    chart.y_axis.numFmt = "0"
    chart.y_axis.majorGridlines = None
    data = Reference(ws, min_col=2, max_col=series, min_row=rows[0] - 1, max_row=rows[1])
    names = Reference(ws, min_col=1, min_row=rows[0], max_row=rows[1])
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(names)
    return chart


def _write_cross(wb: Workbook, summary: DeviationSummary) -> None:
    say = _say(summary)
    shown = published(summary)
    sheet = _Sheet(wb, say("workbook.sheet.cross"))
    names, affected = summary.labels.verksamhetstyp, summary.labels.affected
    types = list(shown.cross)
    columns = list(next(iter(shown.cross.values()), {}))
    sheet.widths((42, *(14 for _ in columns), 10))
    sheet.printable("1:3", "A:A", furniture=_furniture(summary))
    sheet.ws.row_dimensions[3].height = 48  # wrapped type names; write-only cannot fit rows later
    sheet.append([sheet.text(say("workbook.cross.title", title=_title(summary)), _TITLE)])
    sheet.append([f"{say('workbook.cross.note')} {_note(summary)}"])
    sheet.header([say("workbook.cross.corner"), *(affected.get(a, a) for a in columns), say("workbook.cross.sum")])
    for reporter in types:
        counts = [sheet.count(shown.cross[reporter][a]) for a in columns]
        row_sum = sheet.count(shown.by_reporting.get(reporter, 0))
        sheet.append([sheet.text(names.get(reporter, reporter), _BOLD), *counts, row_sum])
    sums = [sheet.count(shown.by_affected.get(a, 0)) for a in columns]
    sheet.append([sheet.text(say("workbook.cross.sum"), _BOLD), *sums, sheet.count(shown.total)])


def _write_organisations(wb: Workbook, summary: DeviationSummary) -> None:
    """Verksamheter: one row per reporting and per affected organisation, a filterable list."""
    say = _say(summary)
    shown = published(summary)
    sheet = _Sheet(wb, say("workbook.sheet.organisations"))
    sheet.widths((16, 40, 60, 12))
    sheet.printable("1:1", furniture=_furniture(summary))
    sheet.ws.freeze_panes = "A2"
    headers = [say(k) for k in ("workbook.org.role", "workbook.org.type", "workbook.org.name", "workbook.count")]
    rows = [
        (say(role), labels.get(typ, typ), name or say("workbook.org.unnamed"), n)
        for role, rows_of, labels in (
            ("workbook.org.reporting", shown.by_reporting_org, summary.labels.verksamhetstyp),
            ("workbook.org.affected", shown.by_affected_org, summary.labels.affected),
        )
        for typ, name, n in rows_of
    ]
    sheet.ws.auto_filter.ref = f"A1:D{len(rows) + 1}"
    sheet.header(headers, figures=(3,))
    for role, typ, name, n in rows:
        sheet.append([role, typ, name, sheet.count(n)])


def _write_actions(wb: Workbook, summary: DeviationSummary) -> None:
    """Åtgärder: per category, the reports and what became of their actions (none decided, decided, carried out)."""
    say = _say(summary)
    shown = published(summary)
    sheet = _Sheet(wb, say("workbook.sheet.actions"))
    states = list(shown.action_totals)
    sheet.widths((44, 14, *(18 for _ in states)))
    sheet.printable("1:3", furniture=_furniture(summary))
    sheet.ws.row_dimensions[3].height = 32
    sheet.append([sheet.text(say("workbook.actions.title", title=_title(summary)), _TITLE)])
    sheet.append([_note(summary)])
    sheet.header([say("workbook.per_category"), say("workbook.action.reports"), *(say(f"workbook.action.{s}") for s in states)])
    for code, counts in shown.actions.items():
        label = summary.labels.kategori.get(code, code)
        sheet.append([label, sheet.count(shown.by_category.get(code, 0)), *(sheet.count(counts[s]) for s in states)])
    totals = [sheet.count(shown.action_totals[s]) for s in states]
    sheet.append([sheet.text(say("workbook.cross.sum"), _BOLD), sheet.count(shown.total), *totals])


@dataclass(frozen=True)
class _ListSheet:
    """Where the list rows go once openpyxl has saved the rest, and the style ids they use."""

    part: str
    date_style: int
    wrap_style: int
    plain_style: int
    """Text and numbers: the same explicit font as every other cell."""


def _write_list(wb: Workbook, summary: DeviationSummary) -> _ListSheet:
    """The list sheet's header, table, panes and print set-up; the rows are spliced in by :func:`_splice_rows`."""
    sheet = _Sheet(wb, text(summary.language, "workbook.sheet.list"))
    headers = list_headers(summary.language, summary.include_text, detail=summary.detail, text_headings=summary.text_headings)
    sheet.widths(LIST_WIDTHS + ((60,) * len(summary.text_headings) if summary.include_text else ()))
    sheet.printable("1:1", furniture=_furniture(summary))
    sheet.ws.freeze_panes = "A2"
    last_row = max(len(summary.reports), 1) + 1  # a table needs a data row, even an empty one
    ref = f"A1:{get_column_letter(len(headers))}{last_row}"
    table = Table(displayName="Avvikelselista", ref=ref)  # table names share a namespace with defined names
    table.tableColumns = [TableColumn(id=i, name=name) for i, name in enumerate(headers, 1)]
    table.autoFilter = AutoFilter(ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    with warnings.catch_warnings():
        # openpyxl warns on every write-only table; the columns above are exactly what it asks for.
        warnings.simplefilter("ignore", UserWarning)
        sheet.ws.add_table(table)
    sheet.ws.row_dimensions[1].height = 32
    sheet.append([sheet.text(v, _BOLD, wrap=True) for v in headers])
    # Registering a style through a cell gives its index in styles.xml for the spliced rows.
    date_cell = WriteOnlyCell(sheet.ws, value=date(2000, 1, 1))
    date_cell.number_format = DATE_FORMAT
    date_cell.font = _NORMAL
    wrap_cell = sheet.text("", wrap=True)
    plain_cell = sheet.text("")
    part = f"xl/worksheets/sheet{wb.worksheets.index(sheet.ws) + 1}.xml"
    return _ListSheet(part=part, date_style=date_cell.style_id, wrap_style=wrap_cell.style_id, plain_style=plain_cell.style_id)


_EXCEL_EPOCH = date(1899, 12, 30).toordinal()
_EXCEL_FAKE_LEAP_DAY = date(1900, 3, 1)


def _serial(day: date) -> int:
    """Excel's 1900 date serial (which counts a 29 February 1900 that never was)."""
    serial = day.toordinal() - _EXCEL_EPOCH
    return serial if day >= _EXCEL_FAKE_LEAP_DAY else serial - 1


def _inline(value: str) -> str:
    """An inline string (never a formula, never an error value), cleaned and escaped."""
    text = clean_text(value)
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<is><t{space}>{escaped}</t></is>"


class _CellTails(dict[Any, str]):
    """Memoised cell endings (everything after ``<c r="B7``) for values that repeat: dates, day counts, labels.

    ``None`` ends the cell at once (``<c r="H7"/>``, an empty cell), so a row is one
    f-string with no branches per column.
    """

    def __init__(self, make: Callable[[Any], str]) -> None:
        super().__init__({None: '"/>'})
        self._make = make

    def __missing__(self, value: Any) -> str:
        tail = self[value] = self._make(value)
        return tail


def _list_rows(summary: DeviationSummary, layout: _ListSheet) -> Iterator[str]:
    """The <row> elements of the list sheet, row 2 on.

    Written as XML text rather than openpyxl cells: this sheet holds one row per
    report (100,000 in a large region) and openpyxl's per-cell cost would
    dominate the whole summary.
    """
    labels = summary.labels
    numbers = _CellTails(lambda n: f'" s="{layout.plain_style}" t="n"><v>{int(n)}</v></c>')
    texts = _CellTails(lambda text: f'" s="{layout.plain_style}" t="inlineStr">{_inline(str(text))}</c>')
    if summary.detail:
        dates = _CellTails(lambda day: f'" s="{layout.date_style}"><v>{_serial(day)}</v></c>')
    else:  # the month only, as text: a date cell formatted as a month would still hold the day
        dates = _CellTails(lambda day: texts[f"{day.year:04d}-{day.month:02d}"])
    typ = _CellTails(lambda code: texts[labels.verksamhetstyp.get(code, code)])
    kategori = _CellTails(lambda code: texts[labels.kategori.get(code, code)])
    status = _CellTails(lambda code: texts[labels.status.get(code, code)])
    wrapped = f'" s="{layout.wrap_style}" t="inlineStr">'
    text_letters = [get_column_letter(len(LIST_COLUMNS) + i) for i in range(1, len(summary.text_headings) + 1)]
    for number, r in enumerate(summary.reports, start=2):
        n = str(number)  # formatted once, used in eleven cell references
        ref = '"/>' if r.id is None else f'" s="{layout.plain_style}" t="inlineStr">{_inline(r.id)}</c>'
        row = (
            f'<row r="{n}"><c r="A{n}{ref}<c r="B{n}{dates[r.handelsedatum]}'
            f'<c r="C{n}{dates[r.rapportdatum]}<c r="D{n}{typ[r.rapporterande]}<c r="E{n}{typ[r.berord]}'
            f'<c r="F{n}{kategori[r.kategori]}<c r="G{n}{status[r.status]}<c r="H{n}{dates[r.mottagen]}'
            f'<c r="I{n}{dates[r.aterkoppling]}<c r="J{n}{numbers[r.dagar_till_aterkoppling]}'
            f'<c r="K{n}{dates[r.atgardat]}'
        )
        if summary.include_text:
            for letter, value in zip(text_letters, r.texts or (), strict=False):
                row += f'<c r="{letter}{n}{wrapped}{_inline(value)}</c>'
        yield row + "</row>"


def _splice_rows(saved: IO[bytes], out: IO[bytes], part: str, rows: Iterable[str]) -> None:
    """Copy the saved workbook to *out*, streaming *rows* into *part* before its </sheetData>."""
    with (
        zipfile.ZipFile(saved) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=_LIST_COMPRESSLEVEL) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename != part:
                target.writestr(info, data)
                continue
            head, marker, tail = data.partition(b"</sheetData>")
            if not marker:
                raise RenderError("summary.no_sheet_data")
            with target.open(info.filename, "w") as sheet:
                sheet.write(head)
                batch: list[str] = []
                for row in rows:
                    batch.append(row)
                    if len(batch) == 2000:
                        sheet.write("".join(batch).encode("utf-8"))
                        batch.clear()
                sheet.write("".join(batch).encode("utf-8"))
                sheet.write(marker + tail)


def _write_basis(wb: Workbook, summary: DeviationSummary) -> None:
    say = _say(summary)
    sheet = _Sheet(wb, say("workbook.sheet.basis"))
    sheet.widths((52, 18, 28, 22, 70))
    sheet.printable("1:1", furniture=_furniture(summary))
    sheet.append([sheet.text(say("workbook.basis.title", title=_title(summary)), _TITLE)])
    sheet.blank()
    made = summary.generated_at.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    sheet.header([say("workbook.basis.about"), ""], figures=())
    for key, value in (
        ("workbook.basis.made", made),
        ("workbook.basis.made_with", summary.formkit_version),
        ("workbook.basis.form", say("workbook.basis.form_version", form=summary.form_id, version=summary.form_version)),
        ("workbook.basis.year", str(summary.year)),
        ("workbook.basis.selection", _title(summary)),
        ("workbook.basis.free_text", say("workbook.basis.free_text.yes" if summary.include_text else "workbook.no")),
        ("workbook.basis.reference", summary.today.isoformat()),
        ("workbook.basis.minsta", str(summary.minsta_antal)),
        ("workbook.basis.detail", say("workbook.yes" if summary.detail else "workbook.no")),
    ):
        if isinstance(value, datetime):
            cell = sheet.number(value)
            cell.number_format = "yyyy-mm-dd hh:mm"
            sheet.append([say(key), cell])
        else:
            sheet.append([say(key), value])
    sheet.blank()
    sheet.header([say("workbook.basis.definitions"), ""], figures=())
    for label, meaning in definitions(summary):
        sheet.append([label, meaning])  # not wrapped: the text runs on over the empty columns C to E
    sheet.blank()
    sheet.header([say(key) for key in ("workbook.basis.input", "workbook.basis.records", "workbook.basis.rejected_count",
                                       "workbook.basis.in_year")])  # fmt: skip
    for item in summary.inputs:
        sheet.append([item.source, item.records, item.rejected, item.in_year])
    sheet.blank()
    sheet.header([say(key) for key in ("workbook.basis.rejected", "workbook.basis.record", "workbook.basis.field",
                                       "workbook.basis.rule", "workbook.basis.problem")], figures=(1,))  # fmt: skip
    if not summary.rejected:
        sheet.append([say("workbook.basis.none")])
    # A register in the wrong shape can have more problems than a sheet has rows:
    # list what fits and say how many are left out (stderr and --json have them all).
    room = EXCEL_MAX_ROWS - sheet.row - 1 - _skipped_and_conflicts_rows(summary)
    problems = [(rejected, problem) for rejected in summary.rejected for problem in rejected.problems]
    for rejected, problem in problems[:room]:
        path = problem.path or say("workbook.basis.whole_record")
        sheet.append([rejected.source, rejected.record, path, problem.rule, problem.message])
    if len(problems) > room:
        sheet.append([say("workbook.basis.more_problems", count=len(problems) - room)])
    _write_skipped_and_conflicts(sheet, summary)


def _skipped_and_conflicts_rows(summary: DeviationSummary) -> int:
    copies = sum(len(conflict.copies) for conflict in summary.conflicts)
    return 4 + max(1, len(summary.skipped)) + max(1, copies)


def _write_skipped_and_conflicts(sheet: _Sheet, summary: DeviationSummary) -> None:
    """Underlag: the files in input folders that were not read (by kind), and reports read in differing copies."""
    say = _say(summary)
    sheet.blank()
    sheet.header([say("workbook.basis.skipped"), say("workbook.count")])
    for kind, count in summary.skipped.items():
        sheet.append([kind, count])
    if not summary.skipped:
        sheet.append([say("workbook.basis.none")])
    sheet.blank()
    sheet.header([say(key) for key in ("workbook.basis.conflicts", "workbook.basis.file", "workbook.basis.record",
                                       "workbook.basis.counted")])  # fmt: skip
    yes, no = say("workbook.yes"), say("workbook.no")
    for conflict in summary.conflicts:
        for copy in conflict.copies:
            sheet.append([conflict.id, copy.source, copy.record, yes if copy == conflict.counted else no])
    if not summary.conflicts:
        sheet.append([say("workbook.basis.none")])


def definitions(summary: DeviationSummary) -> list[tuple[str, str]]:
    """How each figure is counted, in the words of the Översikt sheet."""
    say = _say(summary)
    status = summary.labels.status
    closed = f" {say('word.or')} ".join(status.get(code, code) for code in sorted(summary.closed))
    default = summary.default_status
    meanings = {
        "year": say("workbook.def.year.text"),
        "status": say("workbook.def.status.text", default=status.get(default, default)),
        "open": say("workbook.def.open.text", closed=closed),
        "median": say("workbook.def.median.text"),
        "feedback": say("workbook.def.feedback.text", days=summary.figures.feedback_days),
        "atgard": say("workbook.def.atgard.text"),
        "actions": say("workbook.def.actions.text"),
        "small": say("workbook.def.small.text", below=summary.minsta_antal - 1, mark=small(summary.minsta_antal)),
        "duplicates": say("workbook.def.duplicates.text"),
        "rejected": say("workbook.def.rejected.text"),
    }
    return [(say(f"workbook.def.{name}"), meaning) for name, meaning in meanings.items()]


def write_workbook(summary: DeviationSummary, path: str | os.PathLike[str]) -> Path:
    """Write the workbook of *summary* to *path* atomically.

    openpyxl (write-only) makes every sheet but the list's rows; those are then
    streamed into the saved package on the way to the target file.
    """
    target = Path(path)
    if len(summary.reports) >= EXCEL_MAX_ROWS:
        raise RenderError("summary.too_many", count=len(summary.reports), limit=EXCEL_MAX_ROWS - 1)
    # Open the target first: a write-only workbook that is never saved leaves
    # half-written sheet streams behind, so build it only once it can be saved.
    with atomic_open(target) as handle, tempfile.TemporaryFile() as saved:
        wb = Workbook(write_only=True)
        overview, rows = _write_overview(wb, summary)
        _write_charts(wb, summary, overview, rows)
        _write_cross(wb, summary)
        _write_organisations(wb, summary)
        _write_actions(wb, summary)
        layout = _write_list(wb, summary)
        _write_basis(wb, summary)
        wb.save(saved)
        saved.seek(0)
        _splice_rows(saved, handle, layout.part, _list_rows(summary, layout))
    return target


def per_verksamhet_name(year: int, organisation: str) -> str:
    """The file name of one organisation's workbook: ``avvikelser-2025-arjeplogs-skola.xlsx``.

    Letters are folded to ASCII (å ä → a, ö ø → o, æ → ae), anything else
    becomes a hyphen, and the name is cut to 60 characters. A name that holds a
    personnummer or fødselsnummer, or nothing usable, gets no name part here
    (the caller numbers it): a file is named by the organisation, never by a person.
    """
    folded = unicodedata.normalize("NFKD", organisation.replace("æ", "ae").replace("Æ", "Ae").replace("ø", "o").replace("Ø", "O"))
    ascii_name = folded.encode("ascii", "ignore").decode("ascii").casefold()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:60].strip("-")
    if mask_personnummer(organisation) != organisation or not slug:
        slug = ""
    return f"avvikelser-{year}-{slug}.xlsx" if slug else f"avvikelser-{year}.xlsx"


def write_per_verksamhet(summary: DeviationSummary, folder: str | os.PathLike[str]) -> list[Path]:
    """One workbook per reporting organisation with reports in the year (named by it, see :func:`per_verksamhet_name`)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    taken: set[str] = set()
    for number, organisation in enumerate(summary.organisations(), 1):
        name = per_verksamhet_name(summary.year, organisation)
        stem = name.removesuffix(".xlsx")
        if name == f"avvikelser-{summary.year}.xlsx":
            name = f"{stem}-verksamhet-{number}.xlsx"
        suffix = 2
        while name.casefold() in taken:  # two organisations whose names fold alike
            name = f"{stem}-{suffix}.xlsx"
            suffix += 1
        taken.add(name.casefold())
        written.append(write_workbook(summary.for_organisation(organisation), out / name))
    return written
