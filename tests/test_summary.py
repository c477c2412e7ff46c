"""The figures of a year of avvikelserapporter against the hand-counted fixtures in resources/summary."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from formkit.errors import SourceError
from formkit.model.catalog import get_form
from formkit.summary.figures import (
    CountedReport,
    DeviationSummary,
    count_figures,
    expand_inputs,
    labels_for,
    mask_personnummer,
    summarize,
)

FIXTURES = Path(__file__).parent / "resources" / "summary"
A, B, C = (FIXTURES / name for name in ("avvikelser-a.jsonl", "avvikelser-b.json", "avvikelser-c.csv"))

# Counted by hand from the three fixture files (see the ids in each).
EXPECTED_2025 = {
    "year": 2025,
    "total": 9,
    "by_month": {
        "2025-01": 1, "2025-02": 0, "2025-03": 2, "2025-04": 0, "2025-05": 0, "2025-06": 2,
        "2025-07": 0, "2025-08": 0, "2025-09": 1, "2025-10": 1, "2025-11": 1, "2025-12": 1,
    },
    "by_reporting": {
        "forskola": 0, "grundskola": 4, "gymnasieskola": 1, "elevhalsa": 1, "ifo": 1,
        "primarvard": 1, "bup": 0, "habilitering": 1, "polis": 0, "trossamfund": 0, "annan": 0,
    },
    "by_affected": {
        "forskola": 0, "grundskola": 1, "gymnasieskola": 0, "elevhalsa": 1, "ifo": 3,
        "primarvard": 1, "bup": 3, "habilitering": 0, "polis": 0, "trossamfund": 0, "annan": 0,
    },
    "by_category": {
        "kallelse_ej_besvarad": 1, "utebliven_fran_mote": 1, "plan_ej_upprattad": 1, "insats_ej_genomford": 1,
        "information_ej_overford": 1, "ansvarsfordelning_oklar": 1, "uppfoljning_ej_genomford": 0,
        "samtycke_saknas": 1, "ovrigt": 2,
    },
    "by_status": {"rapporterad": 4, "mottagen": 2, "analyserad": 1, "atgardad": 0, "avslutad": 2},
}  # fmt: skip
EXPECTED_REJECTED = [
    {
        "source": str(A),
        "record": 8,
        "problems": [{"path": "kategori", "rule": "enum"}],
    },
    {
        "source": str(B),
        "record": 2,
        "problems": [{"path": "rapportor.verksamhetstyp", "rule": "enum"}, {"path": "forslag_atgarder", "rule": "required"}],
    },
    {"source": str(C), "record": 4, "problems": [{"path": "", "rule": "source"}]},
]


def _without_messages(rejected: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "problems": [{"path": p["path"], "rule": p["rule"]} for p in r["problems"]]} for r in rejected]


@pytest.fixture(scope="module")
def summary_2025() -> DeviationSummary:
    # detail: the exact counts (the joint outputs suppress those below minsta_antal, see test_summary_disclosure.py).
    return summarize([A, B, C], 2025, detail=True)


def test_figures_match_the_hand_count(summary_2025: DeviationSummary) -> None:
    result = summary_2025.to_json()
    assert {k: v for k, v in result.items() if k in EXPECTED_2025} == EXPECTED_2025
    assert _without_messages(result["rejected"]) == EXPECTED_REJECTED


def test_json_has_exactly_the_issue_keys(summary_2025: DeviationSummary) -> None:
    assert list(summary_2025.to_json()) == [
        "year", "total", "by_month", "by_reporting", "by_affected", "by_category", "by_status", "rejected",
        "conflicts", "skipped",
        # issue 20: what may be shown, per organisation, handling, actions (and previous_year when there is one)
        "minsta_antal", "detail", "cross", "by_reporting_organisation", "by_affected_organisation", "handling",
        "actions_by_category", "actions_total",
    ]  # fmt: skip
    for rejected in summary_2025.to_json()["rejected"]:
        assert set(rejected) == {"source", "record", "problems"}
        for problem in rejected["problems"]:
            assert set(problem) == {"path", "rule", "message"}
            assert problem["message"]


def test_aterkoppling_median_and_open(summary_2025: DeviationSummary) -> None:
    figures = summary_2025.figures
    # 2025-03-12 -> 03-22 (10 days), A-006: 03-15 -> 03-19 (4), A-007: 06-05 -> 06-25 (20).
    assert figures.aterkoppling == 3
    assert figures.median_dagar_aterkoppling == 10.0
    assert figures.open == 7  # all but A-005 and A-006 (avslutad)
    assert summary_2025.duplicates == 2


def test_duplicates_count_once_and_the_further_handled_copy_wins(summary_2025: DeviationSummary) -> None:
    by_id = {}
    for report in summary_2025.reports:
        assert report.id not in by_id or report.id is None
        by_id[report.id] = report
    # A-005 is atgardad in the JSONL and avslutad in the JSON file: the later stage counts.
    assert by_id["A-005"].status == "avslutad"
    assert by_id["A-005"].atgardat == date(2025, 5, 2)
    # A-006 is avslutad in the JSONL and only mottagen in the CSV: the first, further-handled copy stays.
    assert by_id["A-006"].status == "avslutad"
    assert by_id["A-006"].source == str(A)


def test_duplicates_are_those_of_the_year_and_the_organisation_summarised(summary_2025: DeviationSummary) -> None:
    # A-005 (grundskola) and A-006 (ifo) are the only ids read twice, both from 2025.
    assert summarize([A, B, C], 2023).duplicates == 0
    assert summarize([A, B, C], 2024).duplicates == 0
    per_type = {typ: summary_2025.for_reporting(typ).duplicates for typ in summary_2025.reporting_types()}
    assert per_type == {"grundskola": 1, "gymnasieskola": 0, "elevhalsa": 0, "ifo": 1, "primarvard": 0, "habilitering": 0}
    assert [(r.id, r.copies) for r in summary_2025.reports if r.copies > 1] == [("A-005", 2), ("A-006", 2)]


def test_reports_of_one_day_share_one_date_object(summary_2025: DeviationSummary) -> None:
    # What keeps a large region's reports small and their sort cheap (bench/bench_summary.py).
    days = [day for r in summary_2025.reports for day in (r.handelsedatum, r.rapportdatum, r.aterkoppling) if day]
    assert len({id(day) for day in days}) == len(set(days)) < len(days)


def test_year_edges_belong_to_the_year_of_handelsedatum() -> None:
    in_2024 = summarize([A, B, C], 2024)
    in_2026 = summarize([A, B, C], 2026)
    assert [r.id for r in in_2024.reports] == ["A-002"]  # 2024-12-31, reported 2025-01-03
    assert [r.id for r in in_2026.reports] == ["A-004"]  # 2026-01-01
    summary_2025 = summarize([A], 2025)
    ids = {r.id for r in summary_2025.reports}
    assert {"A-001", "A-003"} <= ids  # 2025-01-01 and 2025-12-31
    assert not ids & {"A-002", "A-004"}


def test_rejected_reports_are_listed_whatever_their_year() -> None:
    # A-009 happened in 2023 and is still listed when summarising 2026.
    rejected = summarize([A, B, C], 2026).to_json()["rejected"]
    assert _without_messages(rejected) == EXPECTED_REJECTED


def test_inputs_are_accounted_for(summary_2025: DeviationSummary) -> None:
    assert [(i.source, i.records, i.rejected, i.in_year) for i in summary_2025.inputs] == [
        (str(A), 8, 1, 5),
        (str(B), 5, 1, 4),
        (str(C), 3, 1, 2),
    ]


def test_a_folder_input_reads_its_report_files() -> None:
    assert expand_inputs([FIXTURES]) == sorted([A, B, C])
    from_folder = summarize([FIXTURES], 2025).to_json()
    assert from_folder.pop("skipped") == {"annan filtyp": 1}  # the golden cells file beside them
    files = summarize([A, B, C], 2025).to_json()
    files.pop("skipped")
    assert from_folder == files


def test_a_file_named_twice_is_read_once() -> None:
    # B holds a report without id (2025-09-09): read twice it counted twice.
    once = summarize([B], 2025)
    assert expand_inputs([B, FIXTURES, FIXTURES / "." / B.name]) == [B, A, C]
    twice = summarize([B, B], 2025)
    assert twice.to_json() == once.to_json()
    assert (twice.duplicates, len(twice.inputs)) == (0, 1)
    assert summarize([FIXTURES, B], 2025).to_json() == summarize([FIXTURES], 2025).to_json()


def test_counted_reports_carry_no_personal_data(summary_2025: DeviationSummary) -> None:
    for report in summary_2025.reports:
        assert report.texts is None
    text = repr(summary_2025.reports) + repr(summary_2025.rejected)
    for secret in ("Tolvan", "19121212", "Åsa Öberg", "Şükrü", "Nguyễn", "Testgatan", "okand_kategori"):
        assert secret not in text


def test_a_csv_without_its_header_row_is_refused_without_a_value_in_the_message(tmp_path: Path) -> None:
    # Saved without headers, the first report's cells (a name, a personnummer) become every row's keys.
    headerless = tmp_path / "utan-rubriker.csv"
    headerless.write_text(
        "A-020,2025-11-05,Nguyễn Thị Huệ,19121212-1212,habilitering,bup,ovrigt,Uteblev,Påminnelse\n"
        "A-021,2025-11-06,Şükrü Yılmaz,121212-1212,grundskola,ifo,ovrigt,Text,Förslag\n",
        encoding="utf-8",
    )
    # The reader refuses the file: its first row cannot be a header of the form.
    with pytest.raises(SourceError) as caught:
        summarize([headerless], 2025)
    text = str(caught.value)
    assert "saknas rubrikraden?" in text
    for secret in ("Nguyễn", "19121212", "A-020", "Uteblev", "Påminnelse"):
        assert secret not in text, secret


def test_an_unknown_key_inside_a_known_object_keeps_the_known_part(tmp_path: Path) -> None:
    import json

    report = json.loads(A.read_text(encoding="utf-8").splitlines()[0])
    report["rapportor"]["Tolvan Tolvansson"] = "19121212-1212"
    source = tmp_path / "extra.json"
    source.write_text(json.dumps(report), encoding="utf-8")
    (rejected,) = summarize([source], 2025).rejected
    assert [(p.path, p.rule) for p in rejected.problems] == [("rapportor.(okänt fält)", "additionalProperties")]


def test_include_text_masks_personnummer_like_strings() -> None:
    summary = summarize([B], 2025, include_text=True)
    text = {r.id: (r.texts or ("",))[0] for r in summary.reports}["A-011"]
    assert text is not None
    for secret in ("19121212-1212", "121212-1212", "201212121212", "0701234567"):
        assert secret not in text
    assert text.count("ÅÅMMDD-XXXX") == 4
    assert text.startswith("Eleven ÅÅMMDD-XXXX (även")


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("19121212-1212", "ÅÅMMDD-XXXX"),
        ("pnr 121212+1212.", "pnr ÅÅMMDD-XXXX."),
        ("191212121212", "ÅÅMMDD-XXXX"),
        ("pnr 121212\u20131212 (Word)", "pnr ÅÅMMDD-XXXX (Word)"),
        ("19121212\u20111212, 19121212\u00a01212, 121212 \u2212 1212", "ÅÅMMDD-XXXX, ÅÅMMDD-XXXX, ÅÅMMDD-XXXX"),
        ("Mötet 2025-03-14 kl 10", "Mötet 2025-03-14 kl 10"),
        ("diarienr 12345", "diarienr 12345"),
    ],
)
def test_mask_personnummer(text: str, masked: str) -> None:
    assert mask_personnummer(text) == masked


def test_labels_come_from_the_schema() -> None:
    labels = labels_for(get_form("avvikelserapport"))
    assert list(labels.verksamhetstyp)[:3] == ["forskola", "grundskola", "gymnasieskola"]
    assert labels.verksamhetstyp["ifo"].startswith("Individ- och familjeomsorg")
    assert labels.kategori["ovrigt"] == "Övrigt"
    assert labels.status["atgardad"] == "Åtgärdad"


def test_count_figures_cross_table_and_empty_year() -> None:
    labels = labels_for(get_form("avvikelserapport"))
    report = CountedReport(
        id="X", handelsedatum=date(2025, 2, 28), rapportdatum=date(2025, 3, 1), rapporterande="polis",
        berord="ifo", kategori="ovrigt", status="rapporterad", mottagen=None, aterkoppling=None,
        atgardat=None, source="x.json", record=1,
    )  # fmt: skip
    figures = count_figures([report, report], 2025, labels)
    assert figures.cross["polis"]["ifo"] == 2
    assert sum(sum(row.values()) for row in figures.cross.values()) == 2
    assert figures.median_dagar_aterkoppling is None
    empty = count_figures([], 2025, labels)
    assert empty.total == 0 and set(empty.by_month.values()) == {0} and len(empty.by_month) == 12


def test_an_unreadable_input_raises_source_error(tmp_path: Path) -> None:
    broken = tmp_path / "trasig.json"
    broken.write_text("{ inte json", encoding="utf-8")
    with pytest.raises(SourceError):
        summarize([broken], 2025)
    with pytest.raises(SourceError):
        summarize([tmp_path / "saknas.jsonl"], 2025)


def test_an_xlsx_input_counts_like_the_same_rows_in_csv(tmp_path: Path) -> None:
    import csv

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    with C.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    as_xlsx = tmp_path / "avvikelser-c.xlsx"
    workbook.save(as_xlsx)
    from_csv = summarize([A, B, C], 2025).to_json()
    from_xlsx = summarize([A, B, as_xlsx], 2025).to_json()
    for where in [*from_xlsx["rejected"], *(c for conflict in from_xlsx["conflicts"] for c in conflict["copies"])]:
        if where["source"] == str(as_xlsx):
            where["source"] = str(C)
    assert from_xlsx == from_csv


def test_filled_pdfs_count_like_the_same_reports_in_jsonl(tmp_path: Path) -> None:
    import json

    from formkit.render.pdf.fill import fill_pdf

    form = get_form("avvikelserapport")
    valid_lines = A.read_text(encoding="utf-8").splitlines()[:7]  # line 8 (A-008) is invalid
    as_jsonl = tmp_path / "giltiga.jsonl"
    as_jsonl.write_text("\n".join(valid_lines) + "\n", encoding="utf-8")
    folder = tmp_path / "pdf"
    folder.mkdir()
    for number, line in enumerate(valid_lines, start=1):
        (folder / f"rapport-{number}.pdf").write_bytes(fill_pdf(form, json.loads(line)))
    from_pdf = summarize([folder], 2025)
    from_jsonl = summarize([as_jsonl], 2025)
    assert from_pdf.to_json() == from_jsonl.to_json()
    assert from_pdf.figures == from_jsonl.figures
    assert {Path(i.source).suffix for i in from_pdf.inputs} == {".pdf"}


def test_a_pdf_from_another_template_version_is_still_validated(tmp_path: Path) -> None:
    import io
    import json

    from pypdf import PdfReader, PdfWriter

    from formkit.render.pdf.fill import fill_pdf

    report = json.loads(A.read_text(encoding="utf-8").splitlines()[0])
    report["rapportdatum"] = "2024-12-01"  # before handelsedatum 2025-01-01: an error by rule
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(fill_pdf(get_form("avvikelserapport"), report))))
    writer.add_metadata({"/FormkitFormVersion": "0.9.0"})  # the reader warns about the version, nothing more
    old = tmp_path / "gammal-mall.pdf"
    with old.open("wb") as handle:
        writer.write(handle)
    summary = summarize([old], 2025)
    assert summary.figures.total == 0
    assert [(p.path, p.rule) for r in summary.rejected for p in r.problems] == [("rapportdatum", "rapportdatum")]


def test_a_report_is_counted_as_it_is_judged_trimmed_and_without_nulls(tmp_path: Path, sample: Any) -> None:
    """A value with spaces around it is valid (judged trimmed) and counted trimmed; a copy differing only by a
    null field or such spaces is the same copy, not a conflict."""
    import json

    report = sample("avvikelserapport")
    padded = {**report, "kategori": f" {report['kategori']} ", "handelsedatum": f" {report['handelsedatum']}"}
    with_null = {**report, "analys": None}  # the sample has no analys yet: an export writes it as null
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (padded, with_null)), encoding="utf-8")
    year = int(report["handelsedatum"][:4])
    summary = summarize([path], year, detail=True)
    assert not summary.rejected and not summary.conflicts
    assert summary.figures.total == 1
    assert summary.figures.by_category[report["kategori"]] == 1
    assert sum(summary.figures.by_category.values()) == 1
