"""The command line through click's CliRunner: exact output where it is a contract, exit codes, no tracebacks."""

from __future__ import annotations

import copy
import csv
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from formkit.model.paths import flatten
from formkit.validation.validator import validate_record
from tests.conftest import FORM_IDS
from tests.conftest import run_cli as run

Sample = Callable[[str], dict[str, Any]]
ROOT = Path(__file__).resolve().parent.parent
KNOWN_FORMS = (
    "kända blanketter: avvikelserapport, genomforandeplan, innkalling, kallelse, minnesanteckningar, samtycke, "
    "sel-referat, sip, vastbas"
)


pytestmark = pytest.mark.usefixtures("empty_folder")


def write_json(name: str, data: Any) -> str:
    Path(name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return name


def write_csv(name: str, record: dict[str, Any]) -> str:
    flat = flatten(record)
    with Path(name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(flat)
        writer.writerow(["true" if v is True else "false" if v is False else v for v in flat.values()])
    return name


def write_xlsx(name: str, record: dict[str, Any]) -> str:
    flat = flatten(record)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(flat))
    sheet.append(list(flat.values()))
    workbook.save(name)
    return name


WRITERS = {"json": write_json, "csv": write_csv, "xlsx": write_xlsx}


# ---------------------------------------------------------------- forms, schema, sample


def test_forms_lists_id_title_language() -> None:
    result = run("forms")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "avvikelserapport    NORRBUS Bilaga 3 Avvikelserapport                          sv",
        "genomforandeplan    NORRBUS Bilaga 2 Genomförandeplan                          sv",
        "innkalling          Innkalling til samarbeidsmøte eller ansvarsgruppemøte      nb",
        "kallelse            Kallelse till nätverksmöte, SIP-möte eller samverkansmöte  sv",
        "minnesanteckningar  Minnesanteckningar från samverkansmöte                     sv",
        "samtycke            NORRBUS Bilaga 1 Samtyckesblankett                         sv",
        "sel-referat         Sel kommune – referat fra samarbeidsmøte                   nb",
        "sip                 Samordnad individuell plan (SIP)                           sv",
        "vastbas             Västbasärende                                              sv",
    ]


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_schema_prints_the_schema_file_as_json(form_id: str) -> None:
    result = run("schema", form_id)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads((ROOT / "schemas" / f"{form_id}.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_sample_prints_a_valid_record(form_id: str, sample: Sample) -> None:
    result = run("sample", form_id)
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record == sample(form_id)
    assert validate_record(form_id, record) == []


def test_sample_output_validates_through_the_cli() -> None:
    Path("min-sip.json").write_text(run("sample", "sip").stdout, encoding="utf-8")
    assert run("validate", "sip", "min-sip.json").exit_code == 0


@pytest.mark.parametrize("command", ["schema", "sample", "validate"])
def test_unknown_form_is_exit_2_listing_the_known_forms(command: str) -> None:
    write_json("x.json", {})
    result = run(command, "samtyck", *(["x.json"] if command == "validate" else []))
    assert result.exit_code == 2
    assert "okänd blankett 'samtyck'" in result.stderr
    assert KNOWN_FORMS in result.stderr


# ---------------------------------------------------------------- validate: exit codes


def test_validate_valid_is_exit_0(sample: Sample) -> None:
    result = run("validate", "sip", write_json("sip.json", sample("sip")))
    assert result.exit_code == 0
    assert result.stdout == "sip.json, post 1: giltig\n1 post: 1 giltiga, 0 med fel, 0 med varningar.\n"


def test_validate_warnings_are_exit_0_and_exit_1_under_strict(sample: Sample) -> None:
    record = sample("sip")
    record["huvudansvar"]["verksamhetstyp"] = "grundskola"
    path = write_json("sip.json", record)
    assert run("validate", "sip", path).exit_code == 0
    assert run("validate", "sip", path, "--strict").exit_code == 1


def test_validate_invalid_is_exit_1(sample: Sample) -> None:
    record = sample("sip")
    record["samtycke"]["lamnat"] = False
    assert run("validate", "sip", write_json("sip.json", record)).exit_code == 1
    assert run("validate", "sip", "sip.json", "--strict").exit_code == 1


def test_validate_missing_file_is_exit_2_naming_it(sample: Sample) -> None:
    result = run("validate", "sip", "saknas.json")
    assert result.exit_code == 2
    assert "saknas.json: filen finns inte" in result.output


def test_validate_bad_json_is_exit_2_naming_the_file_and_place() -> None:
    Path("trasig.json").write_text('{"person": {"namn": "Zebulon Qwistrand"', encoding="utf-8")
    result = run("validate", "sip", "trasig.json")
    assert result.exit_code == 2
    assert "trasig.json: inte giltig JSON (rad 1" in result.output
    assert "Zebulon" not in result.output


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("latin1.json", '{"person": {"namn": "Åsa"}}'.encode("latin-1"), "inte UTF-8"),
        ("bild.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "CSV UTF-8"),
        ("dubbel.csv", b"person.namn,person.namn\nA,B\n", "förekommer två gånger"),
        ("inte-zip.xlsx", b"not a workbook", "ingen .xlsx-arbetsbok"),
        ("anteckning.txt", b"{}", "okänd filtyp"),
    ],
)
def test_validate_unreadable_table_is_exit_2(name: str, content: bytes, reason: str) -> None:
    Path(name).write_bytes(content)
    result = run("validate", "sip", name)
    assert result.exit_code == 2
    assert f"{name}: " in result.output
    assert reason in result.output


def test_an_unreadable_input_does_not_stop_the_others(sample: Sample) -> None:
    write_json("sip.json", sample("sip"))
    result = run("validate", "sip", "saknas.json", "sip.json", "--format", "json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["valid"] is False
    assert document["results"] == [{"source": "sip.json", "record": 1, "valid": True, "problems": []}]


def test_a_bad_jsonl_line_is_an_invalid_record_and_the_other_lines_are_judged(sample: Sample) -> None:
    lines = [json.dumps(sample("sip"), ensure_ascii=False), '{"person": {"namn": "Zebulon"', json.dumps(sample("sip"))]
    Path("sip.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", "sip", "sip.jsonl", "--format", "json")
    assert result.exit_code == 1
    results = json.loads(result.stdout)["results"]
    assert [(r["record"], r["valid"]) for r in results] == [(1, True), (2, False), (3, True)]
    assert [(p["path"], p["severity"], p["rule"]) for p in results[1]["problems"]] == [("", "error", "source")]
    assert "Zebulon" not in result.output


def test_validate_without_input_is_a_usage_error() -> None:
    result = run("validate", "sip")
    assert result.exit_code == 2
    assert "argumentet INPUT... saknas" in result.stderr


# ---------------------------------------------------------------- validate: output


def test_json_output_has_exactly_the_documented_structure(sample: Sample) -> None:
    warned, broken = sample("genomforandeplan"), sample("genomforandeplan")
    warned["arende"]["natverksmote"] = "2025-10-07"
    del broken["insatser"][1]["ansvarig"]["namn"]
    path = write_json("planer.json", [sample("genomforandeplan"), warned, broken])
    result = run("validate", "genomforandeplan", path, "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "valid": False,
        "results": [
            {"source": "planer.json", "record": 1, "valid": True, "problems": []},
            {"source": "planer.json", "record": 2, "valid": True, "problems": [
                {"path": "arende.natverksmote", "severity": "warning", "rule": "natverksmote_i_tid",
                 "message": "Nätverksmötet hölls mer än 14 dagar efter att behovet aktualiserades."},
            ]},
            {"source": "planer.json", "record": 3, "valid": False, "problems": [
                {"path": "insatser.1.ansvarig.namn", "severity": "error", "rule": "required",
                 "message": "Obligatorisk uppgift saknas."},
            ]},
        ],
    }  # fmt: skip


def test_text_output_is_grouped_by_record_with_path_and_rule(sample: Sample) -> None:
    warned, broken = sample("genomforandeplan"), sample("genomforandeplan")
    warned["arende"]["natverksmote"] = "2025-10-07"
    del broken["insatser"][1]["ansvarig"]["namn"]
    broken["uppfoljning"]["datum"] = "2025-10-08"
    path = write_json("planer.json", [sample("genomforandeplan"), warned, broken])
    result = run("validate", "genomforandeplan", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "planer.json, post 1: giltig",
        "planer.json, post 2: giltig med varningar",
        "  varning  arende.natverksmote  "
        "Nätverksmötet hölls mer än 14 dagar efter att behovet aktualiserades. [natverksmote_i_tid]",
        "planer.json, post 3: ogiltig",
        "  fel      insatser.1.ansvarig.namn  Obligatorisk uppgift saknas. [required]",
        "  fel      uppfoljning.datum         "
        "Uppföljningen måste ligga efter datumet då planen upprättades. [uppfoljning_efter_plan]",
        "3 poster: 2 giltiga, 1 med fel, 1 med varningar.",
    ]


def test_text_output_names_table_rows_and_speaks_bokmal_for_sel_referat(sample: Sample) -> None:
    record = sample("sel-referat")
    record["mote"]["til"] = "12:00"
    result = run("validate", "sel-referat", write_csv("referat.csv", record))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "referat.csv, rad 2: ugyldig",
        "  feil     mote.til  Møtet må slutte etter at det starter. [motetid]",
        "1 post: 0 gyldige, 1 med feil, 0 med advarsler.",
    ]


def test_several_inputs_of_each_type_in_one_run(sample: Sample) -> None:
    warned = sample("avvikelserapport")
    del warned["underskrifter"]["narmaste_chef"]
    broken = sample("avvikelserapport")
    broken["rapportdatum"] = "2025-03-03"
    write_json("a.json", [sample("avvikelserapport"), warned])
    write_csv("b.csv", broken)
    write_xlsx("c.xlsx", sample("avvikelserapport"))
    result = run("validate", "avvikelserapport", "a.json", "b.csv", "c.xlsx")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "a.json, post 1: giltig",
        "a.json, post 2: giltig med varningar",
        "  varning  underskrifter.narmaste_chef  Närmaste chefens underskrift saknas. [underskrifter]",
        "b.csv, rad 2: ogiltig",
        "  fel      rapportdatum  Rapportdatum kan inte ligga före datum för händelsen. [rapportdatum]",
        "c.xlsx, rad 2: giltig",
        "4 poster: 3 giltiga, 1 med fel, 1 med varningar.",
    ]


def test_no_output_contains_a_value_from_the_record(sample: Sample) -> None:
    record = sample("samtycke")
    record["barn"]["personnummer"] = "19991231-9999"
    record["barn"]["epost"] = "zebulon@@qwistrand"
    record["vardnadshavare"][0]["okant_falt"] = "Zebulon Qwistrand"
    record["verksamheter"][0]["verksamhetstyp"] = "Zebulon Qwistrand"
    path = write_json("samtycke.json", record)
    for output in ("text", "json"):
        result = run("validate", "samtycke", path, "--format", output)
        assert result.exit_code == 1
        for value in ("19991231-9999", "1231-9999", "zebulon@@qwistrand", "Zebulon", "Qwistrand"):
            assert value not in result.output


# ---------------------------------------------------------------- every form, every source, every verdict


DELETE = object()


def _set(record: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    node: Any = record
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is DELETE:
        del node[int(leaf) if leaf.isdigit() else leaf]
    else:
        node[int(leaf) if leaf.isdigit() else leaf] = value


# form -> verdict -> (the change to the sample, the problems it must give)
CASES: dict[str, dict[str, tuple[tuple[str, Any], tuple[str, str, str]]]] = {
    "samtycke": {
        "invalid": (("vardnadshavare.1.personnummer", "19800522-4427"), ("vardnadshavare.1.personnummer", "error", "format")),
        "warning": (("barnets_samtycke.inhamtat", False), ("barnets_samtycke", "warning", "barnets_samtycke")),
    },
    "genomforandeplan": {
        "invalid": (("insatser.1.ansvarig.namn", DELETE), ("insatser.1.ansvarig.namn", "error", "required")),
        "warning": (("arende.natverksmote", "2025-10-07"), ("arende.natverksmote", "warning", "natverksmote_i_tid")),
    },
    "avvikelserapport": {
        "invalid": (("kategori", "okand"), ("kategori", "error", "enum")),
        "warning": (("underskrifter.narmaste_chef", DELETE), ("underskrifter.narmaste_chef", "warning", "underskrifter")),
    },
    "sip": {
        "invalid": (("samtycke.lamnat", False), ("samtycke.lamnat", "error", "samtycke_lamnat")),
        "warning": (("huvudansvar.verksamhetstyp", "grundskola"), ("huvudansvar", "warning", "huvudansvar_huvudman")),
    },
    "sel-referat": {
        "invalid": (("mote.til", "12:00"), ("mote.til", "error", "motetid")),
        "warning": (("tiltak.1.frist", "2025-02-10"), ("tiltak.1.frist", "warning", "tiltak_frist")),
    },
    "kallelse": {
        "invalid": (("samtycke.inhamtat", False), ("samtycke.inhamtat", "error", "samtycke_inhamtat")),
        "warning": (("svar_senast", "2025-11-06"), ("svar_senast", "warning", "svar_fore_mote")),
    },
    "minnesanteckningar": {
        "invalid": (("nasta_mote.datum", "2025-11-04"), ("nasta_mote.datum", "error", "nasta_mote")),
        "warning": (("uppgifter.1.senast", "2025-11-01"), ("uppgifter.1.senast", "warning", "uppgift_senast")),
    },
    "innkalling": {
        "invalid": (("sendt", "2025-04-09"), ("sendt", "error", "sendt_for_mote")),
        "warning": (("sendt", "2025-04-04"), ("sendt", "warning", "saksliste_i_tide")),
    },
    "vastbas": {
        "invalid": (("kontaktperson.roll", "Rektor"), ("kontaktperson.roll", "error", "kontaktperson_roll")),
        "warning": (
            ("kontaktperson.utsedd_av_rektor", False),
            ("kontaktperson.utsedd_av_rektor", "warning", "kontaktperson_rektor"),
        ),
    },
}


@pytest.mark.parametrize("source", sorted(WRITERS))
@pytest.mark.parametrize("verdict", ["valid", "invalid", "warning"])
@pytest.mark.parametrize("form_id", FORM_IDS)
def test_validate_gives_the_right_verdict_at_the_right_path(sample: Sample, form_id: str, verdict: str, source: str) -> None:
    record = sample(form_id)
    expected: list[tuple[str, str, str]] = []
    if verdict != "valid":
        (path, value), problem = CASES[form_id][verdict]
        _set(record, path, value)
        expected = [problem]
    name = WRITERS[source](f"{form_id}.{source}", copy.deepcopy(record))
    result = run("validate", form_id, name, "--format", "json")
    document = json.loads(result.stdout)
    (only,) = document["results"]
    assert (only["source"], only["record"]) == (name, 1 if source == "json" else 2)
    assert [(p["path"], p["severity"], p["rule"]) for p in only["problems"]] == expected
    assert all(p["message"] for p in only["problems"])
    assert only["valid"] is document["valid"] is (verdict != "invalid")
    assert result.exit_code == (1 if verdict == "invalid" else 0)
    assert run("validate", form_id, name, "--strict").exit_code == (0 if verdict == "valid" else 1)


def test_the_bundled_register_of_avvikelser_validates() -> None:
    folder = ROOT / "samples" / "avvikelser"
    register = sorted(str(path) for path in folder.iterdir() if path.suffix in (".jsonl", ".csv", ".xlsx"))
    result = run("validate", "avvikelserapport", *register, "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["valid"] is True
    assert len(document["results"]) >= 60
    assert {Path(r["source"]).suffix for r in document["results"]} == {".jsonl", ".csv", ".xlsx"}
    assert [r for r in document["results"] if r["problems"]] == []


def test_json_nested_too_deeply_is_exit_2_without_a_traceback() -> None:
    Path("djup.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = run("validate", "sip", "djup.json")
    assert result.exit_code == 2
    assert "djup.json" in result.output


def test_xlsx_with_a_damaged_worksheet_is_exit_2_without_a_traceback() -> None:
    write_xlsx("skadad.xlsx", {"person": {"namn": "Zebulon"}})
    with zipfile.ZipFile("skadad.xlsx") as original:
        members = {info.filename: original.read(info.filename) for info in original.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = sheet[: sheet.index(b"</row>") + len(b"</row>")] + b'<row r="2"><c r="A2"'
    with zipfile.ZipFile("skadad.xlsx", "w") as damaged:
        for name, data in members.items():
            damaged.writestr(name, data)
    result = run("validate", "sip", "skadad.xlsx")
    assert result.exit_code == 2
    assert "skadad.xlsx" in result.output
