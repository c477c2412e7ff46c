"""`formkit fill` and the batch engine: exit codes, report.json, names, no overwrite, atomic files, --draft, --jobs."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner, Result

from formkit.batch import fill_batch
from formkit.batch.folder import base_name, safe_id
from formkit.cli.fill import fill
from formkit.model.catalog import Form, get_form
from formkit.model.paths import flatten
from formkit.render.base import register_renderer
from formkit.render.docx.render import docx_paragraphs
from formkit.settings import Settings

Sample = Callable[[str], dict[str, Any]]


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(fill, [str(a) for a in args])


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def report_of(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return data


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir())


def test_fill_one_sample(tmp_path: Path, sample: Sample) -> None:
    source = write_json(tmp_path / "plan.json", sample("genomforandeplan"))
    out = tmp_path / "ut"
    result = run("genomforandeplan", source, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.output == f"genomforandeplan: 1 post, 1 skrivna, 0 ogiltiga, 0 misslyckade -> {out.resolve()}\n"
    assert listing(out) == ["genomforandeplan-00001.docx", "report.json"]
    assert report_of(out) == {
        "form": "genomforandeplan",
        "to": ["docx"],
        "draft": False,
        "complete": True,
        "reason": None,
        "summary": {"written": 1, "invalid": 0, "failed": 0},
        "stale": [],
        "records": [
            {
                "source": str(source),
                "record": 1,
                "position": 1,
                "status": "written",
                "files": ["genomforandeplan-00001.docx"],
                "sha256": {"genomforandeplan-00001.docx": sha256_of(out / "genomforandeplan-00001.docx")},
                "problems": [],
            }
        ],
    }
    texts = docx_paragraphs((out / "genomforandeplan-00001.docx").read_bytes())
    assert sample("genomforandeplan")["barn"]["namn"] in texts


def test_invalid_record_is_reported_and_does_not_stop_the_others(tmp_path: Path, sample: Sample) -> None:
    good = sample("genomforandeplan")
    bad = sample("genomforandeplan")
    del bad["behov"]
    source = write_json(tmp_path / "planer.json", [good, bad, good])
    out = tmp_path / "ut"
    result = run("genomforandeplan", source, "--out", out)
    assert result.exit_code == 1
    assert "3 poster, 2 skrivna, 1 ogiltiga, 0 misslyckade" in result.output
    assert listing(out) == ["genomforandeplan-00001.docx", "genomforandeplan-00003.docx", "report.json"]
    records = report_of(out)["records"]
    assert [r["status"] for r in records] == ["written", "invalid", "written"]
    assert records[1]["files"] == []
    assert {k: v for k, v in records[1]["problems"][0].items() if k != "message"} == {
        "path": "behov",
        "severity": "error",
        "rule": "required",
    }


def test_report_is_indented_text_with_letters_as_they_are(tmp_path: Path, sample: Sample) -> None:
    """report.json is read and diffed by people: two-space indents and å, ä, ö as such (as json.dumps writes them)."""
    bad = sample("genomforandeplan")
    del bad["behov"]
    source = write_json(tmp_path / "vårdplaner.json", [sample("genomforandeplan"), bad])
    out = tmp_path / "ut"
    assert run("genomforandeplan", source, "--out", out).exit_code == 1
    text = (out / "report.json").read_text(encoding="utf-8")
    assert '"source": "' + str(source) + '"' in text
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"


def test_invalid_csv_row_is_reported_by_its_row_number(tmp_path: Path, sample: Sample) -> None:
    rows = [flatten(sample("avvikelserapport")) for _ in range(3)]
    rows[1]["handelsedatum"] = "2025-13-45"
    headers = list(rows[0])
    source = tmp_path / "rapporter.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, headers)
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "ut"
    result = run("avvikelserapport", source, "--out", out)
    assert result.exit_code == 1
    records = report_of(out)["records"]
    assert [(r["record"], r["status"]) for r in records] == [(2, "written"), (3, "invalid"), (4, "written")]
    assert any(p["path"] == "handelsedatum" for p in records[1]["problems"])
    assert "2025-13-45" not in (out / "report.json").read_text(encoding="utf-8")  # the value is not repeated


def test_draft_renders_records_with_missing_values_only(tmp_path: Path, sample: Sample) -> None:
    incomplete = sample("genomforandeplan")
    del incomplete["behov"]
    incomplete["insatser"] = []
    broken = sample("genomforandeplan")
    del broken["behov"]
    broken["upprattad_datum"] = "igår"
    source = write_json(tmp_path / "utkast.json", [incomplete, broken])
    out = tmp_path / "ut"
    result = run("genomforandeplan", source, "--out", out, "--draft")
    assert result.exit_code == 1
    records = report_of(out)["records"]
    assert [r["status"] for r in records] == ["written", "invalid"]
    assert report_of(out)["draft"] is True
    texts = docx_paragraphs((out / "genomforandeplan-00001.docx").read_bytes())
    assert texts[texts.index("Barnets/den unges behov") + 1] == ""
    assert any(text.endswith("UTKAST") for text in texts)
    # the empty insatser list prints one blank block to fill in by hand
    assert [t for t in texts if t.startswith("Insats ")] == ["Insats 1"]
    document = docx.Document(str(out / "genomforandeplan-00001.docx"))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Insats")
    assert all(row.cells[1].text == "" for row in table.rows)
    # without --draft the incomplete record is invalid
    again = run("genomforandeplan", source, "--out", tmp_path / "ut2")
    assert [r["status"] for r in report_of(tmp_path / "ut2")["records"]] == ["invalid", "invalid"]
    assert again.exit_code == 1


def test_existing_output_is_not_overwritten_without_force(tmp_path: Path, sample: Sample) -> None:
    source = write_json(tmp_path / "plan.json", sample("genomforandeplan"))
    out = tmp_path / "ut"
    assert run("genomforandeplan", source, "--out", out).exit_code == 0
    target = out / "genomforandeplan-00001.docx"
    target.write_bytes(b"handwritten notes")
    refused = run("genomforandeplan", source, "--out", out)
    assert refused.exit_code == 2
    assert "innehåller redan utdata" in refused.output
    assert target.read_bytes() == b"handwritten notes"
    forced = run("genomforandeplan", source, "--out", out, "--force")
    assert forced.exit_code == 0
    assert target.read_bytes().startswith(b"PK")


def test_a_file_appearing_during_the_batch_fails_only_its_record(tmp_path: Path, sample: Sample) -> None:
    out = tmp_path / "ut"
    late = out / "genomforandeplan-00002.planted"
    calls: list[int] = []

    class Planting:
        """Renders; while rendering record 2, someone else creates that record's file."""

        ext = "planted"

        def render(self, data: dict[str, Any]) -> bytes:
            calls.append(1)
            if len(calls) == 2:
                late.write_bytes(b"someone else's")
            return b"rendered"

    register_renderer("planted", lambda form, settings, options: Planting())
    source = write_json(tmp_path / "planer.json", [sample("genomforandeplan")] * 3)
    report = fill_batch(get_form("genomforandeplan"), [source], out, to=("planted",))
    assert [r.status for r in report.records] == ["written", "failed", "written"]
    assert report.records[1].problems[-1].rule == "exists"
    assert late.read_bytes() == b"someone else's"
    assert report.exit_code == 1


def test_file_names_are_position_form_and_safe_id(tmp_path: Path, sample: Sample) -> None:
    report = sample("avvikelserapport")
    report["id"] = "../../etc/2025/passwd"  # the id rule of the forms contract allows . and /: the name still stays inside
    second = sample("avvikelserapport")
    second["id"] = "BU 2025/17"
    third = sample("avvikelserapport")
    del third["id"]
    source = write_json(tmp_path / "rapporter.json", [report, second, third])
    out = tmp_path / "ut"
    result = run("avvikelserapport", source, "--out", out)
    assert result.exit_code == 0, result.output
    assert listing(out) == [
        "avvikelserapport-00001-etc_2025_passwd.docx",
        "avvikelserapport-00002-BU_2025_17.docx",
        "avvikelserapport-00003.docx",
        "report.json",
    ]
    assert listing(tmp_path) == ["rapporter.json", "ut"]


def test_names_never_hold_personal_data(sample: Sample) -> None:
    form = get_form("samtycke")
    record = sample("samtycke")
    record["id"] = record["barn"]["namn"]  # samtycke has no id property: ignored
    assert base_name(form, 7, record) == "samtycke-00007"
    assert safe_id("") == ""
    assert safe_id(True) == ""
    assert safe_id("a" * 100) == "a" * 40


def test_no_temp_files_left_and_failures_do_not_stop_the_batch(tmp_path: Path, sample: Sample) -> None:
    calls: list[int] = []

    class Flaky:
        ext = "txt"

        def render(self, data: dict[str, Any]) -> bytes:
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError(f"cannot render {data['barn']['namn']}")
            return b"ok"

    register_renderer("flaky", lambda form, settings, options: Flaky())
    source = write_json(tmp_path / "planer.json", [sample("genomforandeplan")] * 3)
    out = tmp_path / "ut"
    result = run("genomforandeplan", source, "--out", out, "--to", "docx,flaky")
    assert result.exit_code == 1
    records = report_of(out)["records"]
    assert [r["status"] for r in records] == ["written", "failed", "written"]
    assert records[1]["files"] == ["genomforandeplan-00002.docx"]
    assert records[1]["problems"] == [
        {"path": "", "severity": "error", "rule": "render", "message": "txt: oväntat RuntimeError"}
    ]
    assert sample("genomforandeplan")["barn"]["namn"] not in (out / "report.json").read_text(encoding="utf-8")
    assert not [name for name in listing(out) if name.startswith(".") or name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nosuchform", "{source}", "--out", "{out}"], "okänd blankett"),
        (["genomforandeplan", "{missing}", "--out", "{out}"], "filen finns inte"),
        (["genomforandeplan", "{source}", "--out", "{out}", "--to", "xls"], "okänd utdatatyp 'xls'"),
        (["genomforandeplan", "{source}", "--out", "{source}"], "{source}"),
        # whole-file errors are found before anything is written, also in a later input
        (["genomforandeplan", "{source}", "{bad}", "--out", "{out}"], "{bad}: inte giltig JSON"),
        (["genomforandeplan", "{source}", "--out", "{out}", "--template", "{broken}"], "mallen kan inte läsas"),
        (["genomforandeplan", "{source}", "--out", "{out}", "--template", "{broken}", "--jobs", "2"], "mallen kan inte läsas"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(tmp_path: Path, sample: Sample, args: list[str], message: str) -> None:
    source = write_json(tmp_path / "plan.json", sample("genomforandeplan"))
    bad = tmp_path / "trasig.json"
    bad.write_text('[{"behov": ', encoding="utf-8")
    broken = tmp_path / "mall.docx"
    broken.write_bytes(b"not a zip")
    names = {
        "source": str(source),
        "missing": str(tmp_path / "saknas.json"),
        "out": str(tmp_path / "ut"),
        "bad": str(bad),
        "broken": str(broken),
    }
    result = run(*[a.format(**names) for a in args])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert message.format(**names) in result.output
    assert not (tmp_path / "ut").exists()


def test_jobs_2_gives_the_same_files_and_report(tmp_path: Path, sample: Sample) -> None:
    records = []
    for index in range(40):
        record = sample("sip")
        record["nulage"] = f"Nuläge {index}"
        records.append(record)
    records[5]["upprattad_datum"] = "inte ett datum"
    source = write_json(tmp_path / "sip.json", records)
    one, two = tmp_path / "one", tmp_path / "two"
    assert run("sip", source, "--out", one).exit_code == 1
    assert run("sip", source, "--out", two, "--jobs", "2").exit_code == 1
    assert listing(one) == listing(two)
    assert report_of(one) == report_of(two)
    assert report_of(two)["records"][5]["status"] == "invalid"
    for name in listing(one):
        assert (one / name).read_bytes() == (two / name).read_bytes()
    assert "Nuläge 39" in docx_paragraphs((two / "sip-00040.docx").read_bytes())


def test_jobs_2_parses_jsonl_in_the_workers_and_reports_as_jobs_1(tmp_path: Path, sample: Sample) -> None:
    """With several workers the lines go out unparsed (issue 13): every kind of line ends as with one process."""
    lines = []
    for index in range(70):
        record = sample("avvikelserapport")
        record["id"] = f"BU-{index}"
        lines.append(json.dumps(record, ensure_ascii=False).encode("utf-8"))
    lines[3] = b"   "  # blank: no record
    lines[9] = "\u00a0\u2003".encode()  # blank too, in Unicode spaces
    lines[12] = b'{"id": "BU-12", '  # not JSON
    lines[20] = b'{"beskrivning": "\xff"}'  # not UTF-8
    lines[30] = b"[" * 5000 + b"]" * 5000  # too deep
    source = tmp_path / "rapporter.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    one, two = tmp_path / "one", tmp_path / "two"
    assert run("avvikelserapport", source, "--out", one).exit_code == 1
    assert run("avvikelserapport", source, "--out", two, "--jobs", "2").exit_code == 1
    assert report_of(one) == report_of(two)
    assert listing(one) == listing(two)
    records = report_of(two)["records"]
    assert len(records) == 68 and records[3]["record"] == 5
    assert [r["record"] for r in records if r["status"] == "invalid"] == [13, 21, 31]
    assert "avvikelserapport-00068-BU-69.docx" in listing(two)


def test_several_inputs_number_positions_across_the_batch(tmp_path: Path, sample: Sample) -> None:
    first = write_json(tmp_path / "a.json", [sample("samtycke")] * 2)
    second = tmp_path / "b.jsonl"
    second.write_text(json.dumps(sample("samtycke"), ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "ut"
    assert run("samtycke", first, second, "--out", out).exit_code == 0
    records = report_of(out)["records"]
    assert [(Path(r["source"]).name, r["record"], r["position"]) for r in records] == [
        ("a.json", 1, 1),
        ("a.json", 2, 2),
        ("b.jsonl", 1, 3),
    ]
    assert listing(out) == ["report.json", "samtycke-00001.docx", "samtycke-00002.docx", "samtycke-00003.docx"]


def test_fill_batch_library_call(tmp_path: Path, sample: Sample) -> None:
    form: Form = get_form("sel-referat")
    source = write_json(tmp_path / "referat.json", sample("sel-referat"))
    report = fill_batch(form, [source], tmp_path / "ut", settings=Settings(kommun="Sel kommune"))
    assert report.exit_code == 0
    texts = docx_paragraphs((tmp_path / "ut" / "sel-referat-00001.docx").read_bytes())
    assert any(t.startswith("Sel kommune\t") for t in texts)


def test_a_validator_crash_fails_only_its_record(tmp_path: Path, sample: Sample, monkeypatch: pytest.MonkeyPatch) -> None:
    from formkit.validation.validator import Validator

    original = Validator.validate

    def fragile(self: Validator, data: Any, *, draft: bool = False) -> Any:
        if data.get("nulage") == "krasch":
            raise KeyError(data["person"]["namn"])
        return original(self, data, draft=draft)

    monkeypatch.setattr(Validator, "validate", fragile)
    records = [sample("sip"), sample("sip")]
    records[0]["nulage"] = "krasch"
    source = write_json(tmp_path / "sip.json", records)
    out = tmp_path / "ut"
    assert run("sip", source, "--out", out).exit_code == 1
    assert [(r["status"], [p["message"] for p in r["problems"]]) for r in report_of(out)["records"]] == [
        ("failed", ["validate: oväntat KeyError"]),
        ("written", []),
    ]


def test_other_forms_output_does_not_block_a_batch(tmp_path: Path, sample: Sample) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    (out / "sip-00001.docx").write_bytes(b"another form")
    (out / "samtycke-anteckning.txt").write_text("not ours", encoding="utf-8")
    source = write_json(tmp_path / "samtycke.json", sample("samtycke"))
    assert run("samtycke", source, "--out", out).exit_code == 0
    (out / "report.json").unlink()
    assert run("samtycke", source, "--out", out).exit_code == 2  # its own earlier output does


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
def test_a_symlink_under_an_output_name_is_refused_before_any_work(tmp_path: Path, sample: Sample, force: list[str]) -> None:
    """Issue 19 item 17: only a regular file is ever replaced; a link is neither written through nor replaced."""
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    out = tmp_path / "ut"
    out.mkdir()
    (out / "samtycke-00001.docx").symlink_to(outside)
    source = write_json(tmp_path / "samtycke.json", sample("samtycke"))
    result = run("samtycke", source, "--out", out, *force)
    assert result.exit_code == 2
    assert f"{out / 'samtycke-00001.docx'}: är en symbolisk länk, inte en vanlig fil" in result.output
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert (out / "samtycke-00001.docx").is_symlink()
    assert listing(out) == ["samtycke-00001.docx"]  # no report.json: nothing was begun


@pytest.mark.parametrize("name", ["../x.docx", "a/b.docx", ".hidden.docx", "..", "x..y"])
def test_inside_refuses_names_that_are_not_plain(tmp_path: Path, name: str) -> None:
    from formkit.batch.folder import inside
    from formkit.errors import OutputError

    with pytest.raises(OutputError):
        inside(tmp_path, name)


def test_jobs_2_a_worker_process_dying_loses_no_record(tmp_path: Path, sample: Sample) -> None:
    import os

    class Crashing:
        """Kills its process (as a segfault in a native library would) on one record."""

        ext = "txt"

        def render(self, data: dict[str, Any]) -> bytes:
            if data.get("nulage") == "krasch":
                os._exit(3)
            return b"ok"

    register_renderer("crashing", lambda form, settings, options: Crashing())
    records = [sample("sip") for _ in range(100)]
    records[1]["nulage"] = "krasch"
    source = write_json(tmp_path / "sip.json", records)
    out = tmp_path / "ut"
    result = run("sip", source, "--out", out, "--to", "crashing", "--jobs", "2")
    assert result.exit_code == 1, result.output
    assert "100 poster" in result.output
    outcomes = report_of(out)["records"]
    assert [r["position"] for r in outcomes] == list(range(1, 101))
    assert outcomes[1]["status"] == "failed"
    assert outcomes[1]["problems"][0]["rule"] == "worker"
    for outcome in outcomes:
        if outcome["status"] == "written":
            assert (out / outcome["files"][0]).read_bytes() == b"ok"
        else:
            assert [p["rule"] for p in outcome["problems"]] == ["worker"]
    # the chunks after those in flight when the process died run in a new pool
    assert outcomes[-1]["status"] == "written"
    assert not [name for name in listing(out) if name.startswith(".")]


def test_jobs_2_a_worker_dying_on_unparsed_lines_removes_its_records_files_by_their_ids(
    tmp_path: Path, sample: Sample
) -> None:
    """The reading process parses a lost chunk's lines only to name the files its worker may have left."""
    import os

    class CrashingLate:
        """Writes its first records, then kills its process on one record (the files of its chunk stay)."""

        ext = "txt"

        def render(self, data: dict[str, Any]) -> bytes:
            if data.get("beskrivning") == "krasch":
                os._exit(3)
            return b"ok"

    register_renderer("crashing-late", lambda form, settings, options: CrashingLate())
    lines = []
    for index in range(200):
        record = sample("avvikelserapport")
        record["id"] = f"BU-{index + 1}"
        record["beskrivning"] = "krasch" if index == 10 else f"Händelse {index}"
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    source = tmp_path / "rapporter.jsonl"
    source.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "ut"
    result = run("avvikelserapport", source, "--out", out, "--to", "crashing-late", "--jobs", "2")
    assert result.exit_code == 1, result.output
    outcomes = report_of(out)["records"]
    assert [r["position"] for r in outcomes] == list(range(1, 201))
    lost = [r for r in outcomes if r["status"] == "failed"]
    assert lost and all([p["rule"] for p in r["problems"]] == ["worker"] for r in lost)
    assert 11 in [r["position"] for r in lost]
    written = sorted(name for r in outcomes for name in r["files"])
    assert written == [name for name in listing(out) if name != "report.json"]  # nothing of the lost chunk is left
    assert "avvikelserapport-00200-BU-200.txt" in written  # the chunks not yet handed out ran in a new pool


def test_chunks_follow_how_long_records_take() -> None:
    from formkit.batch.pool import CHUNK_SECONDS, CHUNK_SIZE, MAX_CHUNK, Chunks

    chunks = Chunks(iter([]), CHUNK_SIZE)
    chunks.took(CHUNK_SIZE, CHUNK_SECONDS / 100)  # very fast records: the size at most doubles per chunk
    assert chunks.size == 2 * CHUNK_SIZE
    for _ in range(10):
        chunks.took(chunks.size, CHUNK_SECONDS / 100)
    assert chunks.size == MAX_CHUNK
    chunks.took(MAX_CHUNK, CHUNK_SECONDS * MAX_CHUNK / 10)  # ten records a chunk's time
    assert chunks.size == 10
    chunks.took(10, 30 * CHUNK_SECONDS)  # one record longer than a chunk's time: one at a time
    assert chunks.size == 1
    chunks.put_back([])
    assert next(chunks) == [] and list(chunks) == []


def test_personnummer_prints_in_the_contracts_long_form(tmp_path: Path, sample: Sample) -> None:
    record = sample("genomforandeplan")
    long_form = record["barn"]["personnummer"]
    assert long_form == "20100827-5628"  # the sample's own spelling, checked so the test means something
    record["barn"]["personnummer"] = "100827-5628"  # YYMMDD-NNNN
    record["vardnadshavare"][0]["personnummer"] = "197502031177"  # YYYYMMDDNNNN
    source = write_json(tmp_path / "plan.json", record)
    out = tmp_path / "ut"
    assert run("genomforandeplan", source, "--out", out).exit_code == 0
    texts = docx_paragraphs((out / "genomforandeplan-00001.docx").read_bytes())
    assert "20100827-5628" in texts
    assert "19750203-1177" in texts
    assert not [t for t in texts if "100827-5628" in t and "20100827-5628" not in t]
    assert "197502031177" not in "\n".join(texts)


def test_report_that_cannot_be_written_is_a_usage_error(tmp_path: Path, sample: Sample) -> None:
    out = tmp_path / "ut"
    (out / "report.json").mkdir(parents=True)
    source = write_json(tmp_path / "plan.json", sample("genomforandeplan"))
    result = run("genomforandeplan", source, "--out", out, "--force")
    assert result.exit_code == 2
    assert result.output.startswith(f"formkit: fel: {out / 'report.json'}: är en mapp, inte en vanlig fil")
    assert listing(out) == ["report.json"]  # refused before any record was rendered


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_line_deep_inside_an_input_is_one_invalid_record_and_the_batch_goes_on(
    tmp_path: Path, sample: Sample, jobs: str
) -> None:
    line = json.dumps(sample("sip"), ensure_ascii=False) + "\n"
    source = tmp_path / "sip.jsonl"
    source.write_bytes(line.encode("utf-8") * 60 + b'{"nulage": "\xff"}\n' + line.encode("utf-8") * 3)
    out = tmp_path / "ut"
    result = run("sip", source, "--out", out, "--jobs", jobs)
    assert result.exit_code == 1
    records = report_of(out)["records"]
    assert [r["position"] for r in records] == list(range(1, 65))
    assert [r["status"] for r in records] == ["written"] * 60 + ["invalid"] + ["written"] * 3
    assert records[60]["record"] == 61
    assert records[60]["problems"][0]["message"].startswith("Raden är inte UTF-8-text")
    assert sorted(f for r in records for f in r["files"]) == [n for n in listing(out) if n.endswith(".docx")]


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_while_rendering_leaves_every_file_on_disk_in_the_report(tmp_path: Path, sample: Sample, jobs: int) -> None:
    class Interrupted:
        """Renders; Ctrl-C arrives while rendering one record."""

        ext = "txt"

        def render(self, data: dict[str, Any]) -> bytes:
            if data.get("nulage") == "avbryt":
                raise KeyboardInterrupt
            return b"ok"

    register_renderer("interrupted", lambda form, settings, options: Interrupted())
    records = [sample("sip") for _ in range(20)]
    records[4]["nulage"] = "avbryt"
    source = write_json(tmp_path / "sip.json", records)
    out = tmp_path / "ut"
    if jobs == 1:
        with pytest.raises(KeyboardInterrupt):
            fill_batch(get_form("sip"), [source], out, to=("interrupted",))
        outcomes = report_of(out)["records"]
        assert len(outcomes) == 16  # the batch stops after the chunk (of 16) it was in
    else:  # the worker's chunk is cut short; the parent was not interrupted and goes on
        report = fill_batch(get_form("sip"), [source], out, to=("interrupted",), jobs=2)
        assert report.exit_code == 1
        outcomes = report_of(out)["records"]
        assert len(outcomes) == 20
    assert [r["status"] for r in outcomes[:5]] == ["written"] * 4 + ["failed"]
    assert {p["rule"] for r in outcomes if r["status"] == "failed" for p in r["problems"]} == {"interrupted"}
    assert sorted(f for r in outcomes for f in r["files"]) == [n for n in listing(out) if n.endswith(".txt")]
    assert not [n for n in listing(out) if n.startswith(".")]


@pytest.mark.parametrize("archive", [False, True])
def test_a_pdf_template_of_another_form_is_refused_before_any_record(
    tmp_path: Path, sample: Sample, archive: bool
) -> None:
    """Named by the user's file, once, with what does not fit; no folder half-filled with failed records."""
    template = tmp_path / "min-sip.pdf"
    template.write_bytes(get_form("samtycke").template_path("pdf").read_bytes())
    source = write_json(tmp_path / "sip.json", sample("sip"))
    out = tmp_path / "ut"
    result = run("sip", source, "--out", out, "--to", "pdf", "--template", template, *(["--archive"] if archive else []))
    assert result.exit_code == 2, result.output
    assert "min-sip.pdf: PDF-mallen passar inte blanketten sip: mallen är gjord för blanketten 'samtycke'" in result.output
    assert "formkit templates check" in result.output
    assert not out.exists()


def test_a_broken_pdf_template_is_named_by_its_own_file(tmp_path: Path, sample: Sample) -> None:
    template = tmp_path / "trasig.pdf"
    template.write_bytes(b"%PDF-1.7\n" + b"\x00" * 50)
    source = write_json(tmp_path / "sip.json", sample("sip"))
    result = run("sip", source, "--out", tmp_path / "ut", "--to", "pdf", "--template", template)
    assert result.exit_code == 2, result.output
    assert "trasig.pdf" in result.output and "sip.pdf" not in result.output
