"""The yearly report a management group reads on paper: a Word document, and its PDF/A-2 through LibreOffice.

python-docx writes the document (cover, key figures, per month, category,
organisation type and organisation, handling, actions, the year before, how
it was counted); charts are matplotlib PNGs with alternative text
(:mod:`formkit.summary.charts`). The PDF is LibreOffice's tagged PDF/A-2
export of that same document, finished and checked like every archival copy
(:func:`formkit.render.pdf.pdfa.finish_pdfa`): the report is a record of the
group. Every count comes from :func:`formkit.summary.published.published`, so
the report hides what the workbook and the JSON hide.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from datetime import UTC
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from formkit.atomic import atomic_open
from formkit.i18n import LOCALES, language_of, text
from formkit.settings import Settings
from formkit.summary.charts import Chart, bar_chart
from formkit.summary.disclosure import Shown, small
from formkit.summary.figures import AGE_BANDS, DeviationSummary
from formkit.summary.published import Published, published, published_previous
from formkit.summary.workbook import clean_text

REPORT_SUFFIXES = (".pdf", ".docx")
FONT = "Arial"
"""Arial's metrics are everywhere (Liberation Sans in LibreOffice); the PDF embeds what LibreOffice drew with."""
_MUTED = RGBColor(0x8C, 0x8C, 0x8C)


def write_report(summary: DeviationSummary, path: str | os.PathLike[str], settings: Settings | None = None) -> Path:
    """Write the yearly report of *summary* to *path* (.docx, or .pdf: PDF/A-2 through LibreOffice), atomically."""
    target = Path(path)
    document = report_docx(summary)
    data = report_pdf(summary, document) if target.suffix.lower() == ".pdf" else document
    with atomic_open(target) as handle:
        handle.write(data)
    return target


def report_pdf(summary: DeviationSummary, docx: bytes | None = None) -> bytes:
    """The report as a tagged PDF/A-2 (RenderError when LibreOffice is missing or the copy fails the check)."""
    from pypdf import PdfReader, PdfWriter

    from formkit.pdfio.safety import quiet_pypdf
    from formkit.render.docx.archive import LibreOffice
    from formkit.render.pdf.pdfa import ArchiveMetadata, finish_pdfa

    office = LibreOffice()
    try:
        exported = office.to_pdfa(docx if docx is not None else report_docx(summary))
    finally:
        office.close()
    say = _say(summary)
    meta = ArchiveMetadata(
        title=f"{say('report.title', year=summary.year)} – {_selection(summary)}",
        description=say("report.subtitle"),
        language=LOCALES[language_of(summary.language)],
        form_id=summary.form_id,
        form_version=summary.form_version,
        created=summary.generated_at.replace(microsecond=0),
    )
    with quiet_pypdf():
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(exported)))
        _standard_roles(writer)
        return finish_pdfa(writer, meta, "report.docx")


def _standard_roles(writer: Any) -> None:
    """Drop LibreOffice's role map entries that map a standard structure type to itself (PDF/UA forbids them)."""
    from pypdf.generic import NameObject

    tree = writer.root_object.get("/StructTreeRoot")
    rolemap = tree.get_object().get("/RoleMap") if tree is not None else None
    if rolemap is None:
        return
    rolemap = rolemap.get_object()
    for key in [k for k, v in rolemap.items() if str(v) == str(k)]:
        del rolemap[NameObject(key)]


def _say(summary: DeviationSummary) -> Callable[..., str]:
    def say(key: str, **params: Any) -> str:
        return text(summary.language, key, **params)

    return say


def _selection(summary: DeviationSummary) -> str:
    if summary.organisation is not None:
        return summary.organisation
    if summary.verksamhetstyp is not None:
        return summary.labels.verksamhetstyp.get(summary.verksamhetstyp, summary.verksamhetstyp)
    return text(summary.language, "report.all")


def _number(value: Shown | float | None, language: str) -> str:
    """A figure as printed: a count, "<3"/"..", a median with a decimal comma, "–" when there is none."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", "\u00a0")


def _percent(value: float | str | None, language: str) -> str:
    if isinstance(value, float):
        return text(language, "report.percent", value=round(100 * value))
    return _number(value, language)


class _Report:
    """The document being written, with the helpers each part uses."""

    def __init__(self, summary: DeviationSummary) -> None:
        self.summary = summary
        self.say = _say(summary)
        self.lang = summary.language
        self.doc = Document()
        self._set_up()

    def _set_up(self) -> None:
        doc, summary = self.doc, self.summary
        locale = LOCALES[language_of(self.lang)]
        styles = doc.styles
        for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Caption"):
            style = styles[name]
            style.font.name = FONT
            rpr = style.element.get_or_add_rPr()
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                fonts = OxmlElement("w:rFonts")
                rpr.append(fonts)
            for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                fonts.set(qn(attribute), FONT)
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
                fonts.attrib.pop(qn(attribute), None)
            if name != "Normal":
                style.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5A)
        styles["Normal"].font.size = Pt(10)
        styles["Heading 1"].font.size = Pt(15)
        styles["Heading 2"].font.size = Pt(12)
        defaults = doc.styles.element.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
        if rpr_default is not None:
            lang = rpr_default.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr_default.append(lang)
            for attribute in ("w:val", "w:eastAsia", "w:bidi"):
                lang.set(qn(attribute), locale)
        section = doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)
        header = section.header.paragraphs[0]
        header.text = clean_text(self.say("report.header", kommun=summary.kommun, year=summary.year)).strip(" ·")
        header.runs[0].font.size = Pt(8)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        marker = self.say("report.page", page="{PAGE}", pages="{NUMPAGES}")
        before, rest = marker.split("{PAGE}")
        middle, after = rest.split("{NUMPAGES}")
        for piece, field in ((before, "PAGE"), (middle, "NUMPAGES"), (after, None)):
            if piece:
                footer.add_run(piece).font.size = Pt(8)
            if field:
                _field(footer, field)
        properties = doc.core_properties
        properties.title = f"{self.say('report.title', year=summary.year)} – {_selection(summary)}"
        properties.subject = self.say("report.subtitle")
        properties.author = properties.last_modified_by = "formkit"
        properties.comments = properties.keywords = properties.category = ""
        properties.language = locale
        properties.created = properties.modified = summary.generated_at.astimezone(UTC).replace(tzinfo=None, microsecond=0)
        properties.revision = 1

    def heading(self, words: str, level: int = 1) -> None:
        self.doc.add_heading(clean_text(words), level)

    def paragraph(self, words: str, *, size: float | None = None, muted: bool = False) -> None:
        run = self.doc.add_paragraph().add_run(clean_text(words))
        if size:
            run.font.size = Pt(size)
        if muted:
            run.font.color.rgb = _MUTED

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], *, figures: bool = True
    ) -> None:
        """A table whose header row repeats on each page, rows never split; with *figures*, every column but the first right."""
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        for index, heading in enumerate(headers):
            cell = table.rows[0].cells[index]
            cell.text = ""
            run = cell.paragraphs[0].add_run(clean_text(heading))
            run.bold = True
            if index and figures:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _row_properties(table.rows[0], header=True)
        for values in rows:
            row = table.add_row()
            _row_properties(row, header=False)
            for index, value in enumerate(values):
                paragraph = row.cells[index].paragraphs[0]
                run = paragraph.add_run(clean_text(value))
                if index and figures:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    if value == "0":
                        run.font.color.rgb = _MUTED
        # LibreOffice lays a table out by its grid columns; Word by the cells' widths: set both.
        table.autofit = False
        for index, width in enumerate(widths):
            table.columns[index].width = Cm(width)
            for cell in table.columns[index].cells:
                cell.width = Cm(width)
        self.doc.add_paragraph()

    def chart(self, chart: Chart) -> None:
        self.doc.add_picture(io.BytesIO(chart.png), width=Cm(chart.width_cm))
        picture = self.doc.inline_shapes[-1]._inline
        picture.docPr.set("descr", clean_text(chart.alt))
        self.doc.paragraphs[-1].paragraph_format.keep_with_next = False

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _field(paragraph: Any, instruction: str) -> None:
    """A simple field (PAGE, NUMPAGES) Word and LibreOffice fill in when they lay the page out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")
    properties.append(size)
    run.append(properties)
    value = OxmlElement("w:t")
    value.text = "1"
    run.append(value)
    field.append(run)
    paragraph._p.append(field)


def _row_properties(row: Any, *, header: bool) -> None:
    properties = row._tr.get_or_add_trPr()
    keep = OxmlElement("w:cantSplit")
    properties.append(keep)
    if header:
        repeat = OxmlElement("w:tblHeader")
        properties.append(repeat)


def _alt(say: Callable[..., str], title: str, labels: Sequence[str], values: Sequence[Shown]) -> str:
    hidden = say("report.alt.hidden")
    pairs = zip(labels, values, strict=True)
    shown = ", ".join(f"{label} {value if isinstance(value, int) else f'{value} ({hidden})'}" for label, value in pairs)
    return say("report.alt", title=title, values=shown)


def report_docx(summary: DeviationSummary) -> bytes:
    """The report as a Word document (bytes)."""
    report = _Report(summary)
    shown, before = published(summary), published_previous(summary)
    _cover(report, shown)
    _key_figures(report, shown, before)
    _per_month_and_category(report, shown, before)
    _organisations(report, shown)
    _handling(report, shown)
    _actions(report, shown)
    _comparison(report, shown, before)
    _about(report)
    return report.to_bytes()


def _cover(report: _Report, shown: Published) -> None:
    summary, say = report.summary, report.say
    report.doc.add_paragraph(clean_text(say("report.title", year=summary.year)), style="Title")
    report.doc.add_paragraph(clean_text(say("report.subtitle")), style="Subtitle")
    made = summary.generated_at.astimezone(UTC).date().isoformat()
    facts = [
        (say("report.cover.kommun"), summary.kommun or "–"),
        (say("report.cover.year"), str(summary.year)),
        (say("report.cover.routine"), summary.routine or summary.form_id),
        (say("report.cover.selection"), _selection(summary)),
        (say("report.cover.reports"), _number(shown.total, summary.language)),
        (say("report.cover.made"), made),
    ]
    report.table([say("report.figure"), ""], facts, (5, 11.6), figures=False)
    report.paragraph(say("report.cover.for"))
    if summary.detail:
        report.paragraph(say("workbook.note.detail"))
    else:
        report.paragraph(say("workbook.note.suppressed", below=summary.minsta_antal - 1, mark=small(summary.minsta_antal)))
    if summary.include_text:
        report.paragraph(say("workbook.note.text"))
    if summary.rejected:
        report.paragraph(say("report.rejected", count=len(summary.rejected)), muted=True)
    report.page_break()


def _years(report: _Report, before: Published | None) -> list[str]:
    year = report.summary.year
    return [str(year), str(year - 1)] if before is not None else [report.say("workbook.count")]


def _key_figures(report: _Report, shown: Published, before: Published | None) -> None:
    say, lang = report.say, report.lang
    report.heading(say("report.h.totals"))

    def figures(p: Published) -> list[str]:
        return [
            _number(p.total, lang), _number(p.aterkoppling, lang), _percent(p.feedback_share, lang),
            _number(p.median_dagar_aterkoppling, lang), _number(p.atgardade, lang), _number(p.median_dagar_atgard, lang),
            _number(p.open, lang),
        ]  # fmt: skip

    days = shown.feedback_days
    labels = [
        say("workbook.total"), say("workbook.aterkoppling"), say("workbook.feedback_share", days=days), say("workbook.median"),
        say("workbook.atgardade"), say("workbook.median_atgard"), say("workbook.open"),
    ]  # fmt: skip
    columns = [figures(shown)] + ([figures(before)] if before is not None else [])
    rows = [[label, *(column[i] for column in columns)] for i, label in enumerate(labels)]
    report.table([say("report.figure"), *_years(report, before)], rows, (11, 2.8, 2.8)[: 1 + len(columns)])


def _per_month_and_category(report: _Report, shown: Published, before: Published | None) -> None:
    summary, say, lang = report.summary, report.say, report.lang
    report.heading(say("report.h.month"))
    months = [say(f"workbook.month.{i}") for i in range(1, 13)]
    values = list(shown.by_month.values())
    title = say("workbook.chart.month")
    report.chart(bar_chart(title, months, values, alt=_alt(say, title, months, values)))
    old = list(before.by_month.values()) if before is not None else None
    rows = [
        [month, _number(value, lang), *([_number(old[i], lang)] if old else [])]
        for i, (month, value) in enumerate(zip(months, values, strict=True))
    ]
    report.table([say("workbook.per_month"), *_years(report, before)], rows, (8, 2.8, 2.8))

    report.heading(say("report.h.category"))
    labels = [summary.labels.kategori.get(code, code) for code in shown.by_category]
    values = list(shown.by_category.values())
    title = say("workbook.chart.category")
    report.chart(bar_chart(title, labels, values, horizontal=True, alt=_alt(say, title, labels, values)))
    rows = [
        [label, _number(v, lang), *([_number(before.by_category.get(code, 0), lang)] if before is not None else [])]
        for label, (code, v) in zip(labels, shown.by_category.items(), strict=True)
    ]
    report.table([say("workbook.per_category"), *_years(report, before)], rows, (10, 2.8, 2.8))


def _organisations(report: _Report, shown: Published) -> None:
    summary, say, lang = report.summary, report.say, report.lang
    report.heading(say("report.h.types"))
    types = summary.labels.verksamhetstyp
    rows = [
        [types.get(code, code), _number(n, lang), _number(shown.by_affected.get(code, 0), lang)]
        for code, n in shown.by_reporting.items()
    ]
    report.table([say("workbook.org.type"), say("workbook.org.reporting"), say("workbook.org.affected")], rows, (10.6, 3, 3))
    for heading, organisations, labels in (
        ("report.h.reporting_org", shown.by_reporting_org, summary.labels.verksamhetstyp),
        ("report.h.affected_org", shown.by_affected_org, summary.labels.affected),
    ):
        report.heading(say(heading), 2)
        rows = [[name or say("workbook.org.unnamed"), labels.get(typ, typ), _number(n, lang)] for typ, name, n in organisations]
        if not rows:
            report.paragraph(say("report.none"))
            continue
        report.table([say("workbook.org.name"), say("workbook.org.type"), say("workbook.count")], rows, (8.6, 5.6, 2.4))


def _handling(report: _Report, shown: Published) -> None:
    summary, say, lang = report.summary, report.say, report.lang
    report.heading(say("report.h.handling"))
    days = shown.feedback_days
    rows = [
        [say("workbook.feedback_due"), _number(shown.feedback_due, lang)],
        [say("workbook.feedback_in_time", days=days), _number(shown.feedback_in_time, lang)],
        [say("workbook.feedback_share", days=days), _percent(shown.feedback_share, lang)],
        [say("workbook.median"), _number(shown.median_dagar_aterkoppling, lang)],
        [say("workbook.median_atgard"), _number(shown.median_dagar_atgard, lang)],
    ]
    report.table([say("report.figure"), say("workbook.count")], rows, (13, 3))
    report.heading(say("workbook.per_age", date=summary.today.isoformat()), 2)
    rows = [[say(f"workbook.age.{band}"), _number(shown.open_by_age[band], lang)] for band in AGE_BANDS]
    rows.append([say("workbook.open"), _number(shown.open, lang)])
    report.table([say("workbook.open"), say("workbook.count")], rows, (13, 3))


def _actions(report: _Report, shown: Published) -> None:
    summary, say, lang = report.summary, report.say, report.lang
    report.heading(say("report.h.actions"))
    states = list(shown.action_totals)
    rows = [
        [summary.labels.kategori.get(code, code), _number(shown.by_category.get(code, 0), lang),
         *(_number(counts[s], lang) for s in states)]
        for code, counts in shown.actions.items()
    ]  # fmt: skip
    rows.append([say("workbook.cross.sum"), _number(shown.total, lang), *(_number(shown.action_totals[s], lang) for s in states)])
    headers = [say("workbook.per_category"), say("workbook.action.reports"), *(say(f"workbook.action.{s}") for s in states)]
    report.table(headers, rows, (6.2, 2.4, *(2.8 for _ in states)))
    report.paragraph(say("workbook.def.actions.text"), size=8, muted=True)


def _comparison(report: _Report, shown: Published, before: Published | None) -> None:
    summary, say, lang = report.summary, report.say, report.lang
    previous = summary.year - 1
    report.heading(say("report.h.compare", previous=previous))
    if before is None:
        report.paragraph(say("report.no_previous", previous=previous))
        return

    def change(now: Shown, then: Shown) -> str:
        if isinstance(now, int) and isinstance(then, int):
            return f"{now - then:+d}".replace("-", "\u2212")
        return "–"

    labels = [summary.labels.kategori.get(code, code) for code in shown.by_category]
    now = list(shown.by_category.values())
    then = [before.by_category.get(code, 0) for code in shown.by_category]
    title = say("workbook.chart.compare", previous=previous, year=summary.year)
    pairs = [f"{label} {_number(b, lang)} / {_number(a, lang)}" for label, a, b in zip(labels, now, then, strict=True)]
    alt = say("report.alt", title=f"{title} ({previous} / {summary.year})", values=", ".join(pairs))
    report.chart(bar_chart(title, labels, now, horizontal=True, before=then, series=(str(summary.year), str(previous)), alt=alt))
    rows = [[say("workbook.total"), _number(before.total, lang), _number(shown.total, lang), change(shown.total, before.total)]]
    rows += [[label, _number(b, lang), _number(a, lang), change(a, b)] for label, a, b in zip(labels, now, then, strict=True)]
    report.table([say("report.figure"), str(previous), str(summary.year), say("report.change")], rows, (9, 2.4, 2.4, 2.4))


def _about(report: _Report) -> None:
    from formkit.summary.workbook import definitions

    summary, say = report.summary, report.say
    report.heading(say("report.h.about"))
    rows = [list(pair) for pair in definitions(summary)]
    report.table([say("workbook.basis.definitions"), ""], rows, (4.5, 12.1), figures=False)
    made = summary.generated_at.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat(sep=" ")
    facts = [
        [say("workbook.basis.form"), say("workbook.basis.form_version", form=summary.form_id, version=summary.form_version)],
        [say("workbook.basis.made_with"), summary.formkit_version],
        [say("workbook.basis.made"), made],
        [say("workbook.basis.reference"), summary.today.isoformat()],
        [say("workbook.basis.minsta"), str(summary.minsta_antal)],
        [say("workbook.rejected"), str(len(summary.rejected))],
        [say("workbook.duplicates"), str(summary.duplicates)],
    ]
    report.table([say("workbook.basis.about"), ""], facts, (8, 8.6), figures=False)


__all__ = ["REPORT_SUFFIXES", "report_docx", "report_pdf", "write_report"]
