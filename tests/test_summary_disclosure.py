"""Issue 20: small counts suppressed so no total reveals them, the new figures against an independent count, the report."""

from __future__ import annotations

import itertools
import json
import statistics
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from stdnum.no import fodselsnummer

from formkit.model.catalog import get_form
from formkit.settings import Settings
from formkit.summary.disclosure import HIDDEN, Shown, protect
from formkit.summary.figures import DeviationSummary, mask_personnummer, summarize
from formkit.summary.workbook import write_workbook

FIXTURES = Path(__file__).parent / "resources" / "summary"
SAMPLES = Path(__file__).parent.parent / "samples" / "avvikelser"
TODAY = date(2026, 1, 15)
SETTINGS = Settings(referensdatum=TODAY, kommun="Arjeplogs kommun")


def feasible_values(shown: list[Shown], total: Shown, m: int, cap: int = 12) -> list[set[int]]:
    """Brute force: every value each cell can take, given what is printed (the reader's view)."""

    def options(value: Shown) -> range | list[int]:
        if isinstance(value, int):
            return [value]
        return range(1, m) if value != HIDDEN else range(cap + 1)

    totals = options(total)
    found: list[set[int]] = [set() for _ in shown]
    for combo in itertools.product(*(options(v) for v in shown)):
        if sum(combo) in totals:
            for index, value in enumerate(combo):
                found[index].add(value)
    return found


@pytest.mark.parametrize(
    "cells",
    [[2, 2, 0, 0], [1, 0, 0, 5], [1, 3, 0], [2, 1, 4, 0, 0], [1, 1], [2, 0, 0, 0, 3], [1, 2, 3, 4], [0, 0, 1, 0]],
)
def test_no_small_cell_follows_from_its_line_and_its_total(cells: list[int]) -> None:
    m = 3
    values = dict(enumerate(cells))
    total: Shown = sum(cells) if sum(cells) >= m or sum(cells) == 0 else f"<{m}"
    shown = protect(values, [(list(values), total)], m)
    printed = [shown[i] for i in values]
    assert all(isinstance(v, str) for v, n in zip(printed, cells, strict=True) if 0 < n < m)
    possible = feasible_values(printed, total, m)
    for value, n, options in zip(printed, cells, possible, strict=True):
        assert n in options  # the truth is among what a reader can infer
        if value == f"<{m}":
            assert len(options) > 1, (cells, printed)


@pytest.fixture(scope="module")
def fixtures_summary() -> DeviationSummary:
    return summarize([FIXTURES], 2025, SETTINGS)


def test_every_joint_output_hides_counts_of_one_and_two(fixtures_summary: DeviationSummary, tmp_path: Path) -> None:
    data = fixtures_summary.to_json()
    counts = [*data["by_month"].values(), *data["by_category"].values(), *data["by_reporting"].values()]
    counts += [v for row in data["cross"].values() for v in row.values()]
    counts += [row["antal"] for row in data["by_reporting_organisation"]]
    assert 1 not in counts and 2 not in counts and "<3" in counts
    # A cross-table row: given its printed total, every "<3" can still be 1 or 2.
    for reporter, row in data["cross"].items():
        values = list(row.values())
        if "<3" in values:
            possible = feasible_values(values, data["by_reporting"][reporter], 3)
            assert all(len(p) > 1 for v, p in zip(values, possible, strict=True) if v == "<3"), reporter
    path = write_workbook(fixtures_summary, tmp_path / "joint.xlsx")
    wb = openpyxl.load_workbook(path)
    numbers = [c for ws in wb for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, int)]
    overview = [row[1] for row in wb["Översikt"].iter_rows(min_row=4, values_only=True) if row[0]]
    assert "<3" in overview and 1 not in overview and 2 not in overview
    assert numbers  # zeros and larger counts are printed
    # The list shows months, never the day of the event.
    months = [row[1] for row in wb["Avvikelser"].iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(m, str) and len(m) == 7 for m in months), months


def test_detail_shows_the_exact_counts_and_dates(tmp_path: Path) -> None:
    exact = summarize([FIXTURES], 2025, SETTINGS, detail=True)
    data = exact.to_json()
    assert data["by_category"]["kallelse_ej_besvarad"] == 1 and data["detail"] is True
    wb = openpyxl.load_workbook(write_workbook(exact, tmp_path / "sekreterare.xlsx"))
    assert wb["Avvikelser"]["B2"].number_format == "yyyy-mm-dd"


def _records(*paths: Path) -> list[dict[str, Any]]:
    """The valid 2025 and 2024 reports of the sample folder, read without formkit (JSONL only: most of them)."""
    return [json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_new_figures_match_an_independent_count() -> None:
    # The JSONL sample alone: every report in it is valid on TODAY except those dated after it.
    source = SAMPLES / "avvikelser-2025.jsonl"
    summary = summarize([source], 2025, SETTINGS, detail=True)
    rejected = {r.record for r in summary.rejected}
    reports = [r for i, r in enumerate(_records(source), 1) if i not in rejected]
    year = [r for r in reports if r["handelsedatum"].startswith("2025")]
    days = 30  # aterkoppling_max_dagar

    def d(text: str) -> date:
        return date.fromisoformat(text)

    due = in_time = 0
    for r in year:
        h = r.get("handlaggning") or {}
        waited = (TODAY - d(r["rapportdatum"])).days
        if h.get("aterkoppling"):
            due += 1
            in_time += (d(h["aterkoppling"]) - d(r["rapportdatum"])).days <= days
        elif waited > days:
            due += 1
    action_days = [
        (d(r["handlaggning"]["atgardat"]) - d(r["rapportdatum"])).days
        for r in year
        if (r.get("handlaggning") or {}).get("atgardat")
    ]
    ages: Counter[str] = Counter()
    for r in year:
        if (r.get("handlaggning") or {}).get("status") != "avslutad":
            age = (TODAY - d(r["rapportdatum"])).days
            ages["0-30" if age <= 30 else "31-90" if age <= 90 else "91-180" if age <= 180 else "181-"] += 1
    organisations = Counter(" ".join(r["rapportor"]["arbetsplats"].split()) for r in year)
    decided = Counter(r["kategori"] for r in year if str((r.get("handlaggning") or {}).get("beslutade_atgarder") or "").strip()
                      and not (r.get("handlaggning") or {}).get("atgardat"))  # fmt: skip
    done = Counter(r["kategori"] for r in year if (r.get("handlaggning") or {}).get("atgardat"))

    f = summary.figures
    assert (f.feedback_due, f.feedback_in_time) == (due, in_time)
    assert f.median_dagar_atgard == statistics.median(action_days)
    assert {k: v for k, v in f.open_by_age.items() if v} == dict(ages)
    assert Counter({name: n for (_, name), n in f.by_reporting_org.items()}) == organisations
    assert {k: v["beslutad"] for k, v in f.actions.items() if v["beslutad"]} == dict(decided)
    assert {k: v["genomford"] for k, v in f.actions.items() if v["genomford"]} == dict(done)
    handling = summary.to_json()["handling"]
    assert handling["share_in_time"] == pytest.approx(in_time / due)
    # The year before: its reports are among the inputs (late December 2024).
    before = [r for r in reports if r["handelsedatum"].startswith("2024")]
    assert summary.previous is not None and summary.previous.total == len(before) > 0


def test_compare_reads_only_the_year_before(tmp_path: Path) -> None:
    lines = (FIXTURES / "avvikelser-a.jsonl").read_text(encoding="utf-8").splitlines()
    current = tmp_path / "i-ar.jsonl"
    current.write_text("\n".join(line for line in lines if '"handelsedatum": "2025' in line) + "\n", encoding="utf-8")
    alone = summarize([current], 2025, SETTINGS)
    assert alone.previous is None
    compared = summarize([current], 2025, SETTINGS, compare=[FIXTURES / "avvikelser-a.jsonl"], detail=True)
    assert compared.figures.total == alone.figures.total  # the 2025 reports of the compare file are not counted twice
    assert compared.previous is not None and compared.previous.total >= 1


def test_mask_covers_norwegian_fodselsnummer_and_d_nummer() -> None:
    numbers = ["01010012356", "41010012356"]  # a fødselsnummer and the D-nummer form of a date (day + 40)
    valid = [n for n in ("15076500565", "55076500565") if fodselsnummer.is_valid(n)]
    assert valid, "stdnum knows a valid fødselsnummer"
    for number in [*numbers, *valid]:
        for written in (number, f"{number[:6]} {number[6:]}", f"{number[:6]}-{number[6:]}"):
            masked = mask_personnummer(f"Brukeren {written} møtte ikke.")
            assert number[:6] not in masked and "DDMMÅÅ XXXXX" in masked, written
    assert mask_personnummer("Saksnr 2025/0117, tlf 41234567") == "Saksnr 2025/0117, tlf 41234567"


OUTSIDE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Avvik i samarbeid",
    "x-formkit": {
        "title": "Avviksmelding", "language": "nb", "version": "1.0.0",
        "summary": {
            "event_date": "dato", "report_date": "meldt", "category": "type", "status": "status", "closed": ["lukket"],
            "reporting": {"type": "fra", "organisation": "fra_navn"}, "affected": {"type": "gjelder"},
        },
    },
    "type": "object",
    "properties": {
        "dato": {"$ref": "common.schema.json#/$defs/datum", "title": "Dato"},
        "meldt": {"$ref": "common.schema.json#/$defs/datum", "title": "Meldt"},
        "fra": {"type": "string", "enum": ["skole", "nav"], "title": "Fra", "x-enum-titles": {"skole": "Skole", "nav": "NAV"}},
        "fra_navn": {"type": "string", "title": "Virksomhet"},
        "gjelder": {"type": "string", "enum": ["skole", "nav"], "title": "Gjelder"},
        "type": {"type": "string", "enum": ["mote", "annet"], "title": "Type",
                 "x-enum-titles": {"mote": "Møte", "annet": "Annet"}},
        "status": {"type": "string", "enum": ["ny", "lukket"], "title": "Status"},
    },
    "required": ["dato", "meldt", "fra", "gjelder", "type"],
    "additionalProperties": False,
}  # fmt: skip


def test_an_outside_deviation_form_is_summarised_with_no_code(tmp_path: Path) -> None:
    folder = tmp_path / "skjema"
    folder.mkdir()
    (folder / "avviksmelding.schema.json").write_text(json.dumps(OUTSIDE_SCHEMA), encoding="utf-8")
    settings = Settings(formular_kataloger=(folder,), referensdatum=TODAY)
    form = get_form("avviksmelding", settings)
    records = [
        {"dato": "2025-03-01", "meldt": "2025-03-02", "fra": "skole", "fra_navn": "Sel skole", "gjelder": "nav", "type": "mote"},
        {"dato": "2025-04-01", "meldt": "2025-04-03", "fra": "nav", "fra_navn": "NAV Sel", "gjelder": "skole", "type": "annet",
         "status": "lukket"},
        {"dato": "2025-04-09", "meldt": "2025-04-09", "fra": "skole", "fra_navn": "Sel  skole", "gjelder": "nav", "type": "mote"},
    ]  # fmt: skip
    source = tmp_path / "avvik.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    summary = summarize([source], 2025, settings, form=form, detail=True)
    assert summary.rejected == []
    assert summary.figures.by_category == {"mote": 2, "annet": 1}
    assert summary.figures.by_reporting_org == {("skole", "Sel skole"): 2, ("nav", "NAV Sel"): 1}
    assert summary.figures.open == 2 and summary.figures.by_status == {"ny": 2, "lukket": 1}
    wb = openpyxl.load_workbook(write_workbook(summary, tmp_path / "avvik.xlsx"))
    assert wb.sheetnames[0] == "Oversikt" and wb["Oversikt"]["A1"].value == "Avvik 2025"


@pytest.fixture(scope="module")
def report_pdf(fixtures_summary: DeviationSummary, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from formkit.summary.report import write_report

    return write_report(fixtures_summary, tmp_path_factory.mktemp("report") / "arsrapport-2025.pdf")


def test_the_report_is_tagged_pdf_a_and_passes_check_pdf(report_pdf: Path) -> None:
    from pypdf import PdfReader

    from formkit.pdfio.check import check_path

    result = check_path(report_pdf)
    assert result.conforms and result.standard.startswith("PDF/A-2"), result.findings
    reader = PdfReader(report_pdf)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root and str(root["/Lang"]) == "sv-SE"
    figures = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if node.get("/S") == "/Figure":
            figures.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                walk(kid)

    walk(root["/StructTreeRoot"])
    assert len(figures) == 3 and all(alt.startswith("Stapeldiagram, ") for alt in figures), figures  # month, category, years
    pages = [page.extract_text() for page in reader.pages]
    assert all(f"Sida {n} av {len(pages)}" in text and "Arjeplogs kommun" in text for n, text in enumerate(pages, 1))
    whole = "\n".join(pages)
    for wanted in ("Avvikelser 2025", "NORRBUS Bilaga 3", "Per månad", "Per kategori", "Rapporterande verksamheter",
                   "Handläggning", "Beslutade åtgärder per kategori", "Jämförelse med 2024", "<3"):  # fmt: skip
        assert wanted in whole, wanted
    for secret in ("Tolvan", "19121212", "Åsa Öberg", "Kallelsen besvarades inte"):
        assert secret not in whole


def test_the_report_as_word(fixtures_summary: DeviationSummary, tmp_path: Path) -> None:
    from docx import Document

    from formkit.summary.report import write_report

    path = write_report(fixtures_summary, tmp_path / "arsrapport.docx")
    document = Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Nyckeltal", "Per månad", "Per kategori"]
    alts = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert len(alts) == 3 and all(alt.startswith("Stapeldiagram") for alt in alts)
    assert document.core_properties.author == "formkit"


def test_the_workbook_prints_each_chart_on_one_page_with_header_and_footer(
    fixtures_summary: DeviationSummary, tmp_path: Path
) -> None:
    import os
    import shutil
    import subprocess

    from pypdf import PdfReader

    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is needed (apt-get install libreoffice-calc-nogui)"
    path = write_workbook(fixtures_summary, tmp_path / "avvikelser-2025.xlsx")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        capture_output=True, timeout=180, check=True, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    pages = [page.extract_text() for page in PdfReader(tmp_path / "avvikelser-2025.pdf").pages]
    assert all("Arjeplogs kommun" in text and "Sida " in text and " av " in text for text in pages)
    assert all(f"Sida {n} av {len(pages)}" in text for n, text in enumerate(pages, 1))
    # Each chart's title and its last category label on one page: the chart is not cut by a page break.
    for title, last in (("Avvikelser per månad", "december"), ("Avvikelser per kategori", "Övrigt"),
                        ("Avvikelser per kategori, 2024 och 2025", "Övrigt")):  # fmt: skip
        holding = [text for text in pages if f"{title}\n" in f"{text}\n" or title in text.splitlines()]
        assert holding and all(last in text for text in holding), title
