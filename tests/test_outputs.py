"""Outputs that never destroy or mislead (issue 19, items 17-22 and 26).

Only a regular file is ever replaced; an earlier batch's files are removed
only when its report lists them unchanged; report.json says whether its run
finished; a full disk leaves whole records and says how many; a closed pipe
ends a command quietly; an interrupted Word archive leaves no LibreOffice
behind; fill says why a record was not written.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from formkit.atomic import SpecialTargetError, check_output_file, write_atomic
from formkit.batch import BatchIncomplete, fill_batch
from formkit.batch import run as batch_run
from formkit.batch import writer as batch_writer
from formkit.cli import cli
from formkit.model.catalog import get_form
from formkit.render.base import register_renderer
from tests.test_fill import listing, report_of, run, write_json
from tests.test_fill_faults import _forked, _running, _wait, assert_report_matches_disk

ROOT = Path(__file__).resolve().parent.parent
Sample = Callable[[str], dict[str, Any]]


# ------------------------------------------------------------------ item 17: only regular files are replaced


def test_what_is_not_a_regular_file_is_never_an_output(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    check_output_file(tmp_path / "file.txt")
    check_output_file(tmp_path / "absent.txt")
    (tmp_path / "link.txt").symlink_to(tmp_path / "file.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "folder").mkdir()
    for path in ("link.txt", "dangling.txt", "fifo.txt", "folder"):
        with pytest.raises(SpecialTargetError):
            check_output_file(tmp_path / path)
    with pytest.raises(SpecialTargetError) as raised:
        check_output_file(Path("/dev/null"))  # looked at, never opened
    assert (
        raised.value.message("sv")
        == "/dev/null: är en enhetsfil, inte en vanlig fil; formkit ersätter bara vanliga filer (välj ett annat namn)"
    )


def test_an_atomic_write_never_replaces_a_link_or_a_fifo(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(outside)
    os.mkfifo(tmp_path / "fifo.txt")
    for name in ("link.txt", "fifo.txt"):
        with pytest.raises(SpecialTargetError):
            write_atomic(tmp_path / name, b"new")
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert (tmp_path / "link.txt").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo.txt", "link.txt", "outside.txt"]  # no temp file left


def test_summary_refuses_a_link_or_fifo_before_reading_any_report(tmp_path: Path) -> None:
    outside = tmp_path / "outside.xlsx"
    outside.write_bytes(b"keep me")
    (tmp_path / "ut.xlsx").symlink_to(outside)
    os.mkfifo(tmp_path / "siffror.json")
    inputs = str(ROOT / "samples" / "avvikelser")
    result = CliRunner().invoke(cli, ["summary", inputs, "--year", "2025", "--out", str(tmp_path / "ut.xlsx")])
    assert result.exit_code == 2
    assert "ut.xlsx: är en symbolisk länk, inte en vanlig fil" in result.output
    good = tmp_path / "bra.xlsx"
    result = CliRunner().invoke(
        cli, ["summary", inputs, "--year", "2025", "--out", str(good), "--json", str(tmp_path / "siffror.json")]
    )
    assert result.exit_code == 2
    assert "siffror.json: är en namngiven pipe (FIFO), inte en vanlig fil" in result.output
    assert outside.read_bytes() == b"keep me" and not good.exists()  # refused before any work


def test_templates_build_refuses_a_link_as_its_output(tmp_path: Path) -> None:
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"keep me")
    (tmp_path / "mall.pdf").symlink_to(outside)
    result = CliRunner().invoke(
        cli, ["templates", "build", "sip", "--to", "pdf", "--output", str(tmp_path / "mall.pdf"), "--force"]
    )
    assert result.exit_code == 2
    assert "mall.pdf: är en symbolisk länk" in result.output
    assert outside.read_bytes() == b"keep me"


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_fill_refuses_a_fifo_or_folder_under_an_output_name_even_with_force(tmp_path: Path, sample: Sample, kind: str) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    if kind == "fifo":
        os.mkfifo(out / "sip-00002.docx")
    else:
        (out / "sip-00002.docx").mkdir()
    source = write_json(tmp_path / "sip.json", [sample("sip")] * 2)
    result = run("sip", source, "--out", out, "--force")
    assert result.exit_code == 2
    assert listing(out) == ["sip-00002.docx"]  # nothing begun: no report, no first record


# ------------------------------------------------------------------ item 18: an earlier batch's files


def test_force_removes_only_the_earlier_files_its_report_lists_unchanged(tmp_path: Path, sample: Sample) -> None:
    out = tmp_path / "ut"
    three = write_json(tmp_path / "tre.json", [sample("sip")] * 3)
    assert run("sip", three, "--out", out).exit_code == 0
    (out / "sip-00003.docx").write_bytes(b"changed by hand after the run")
    (out / "sip-00009.docx").write_bytes(b"put here by hand")
    one = write_json(tmp_path / "en.json", sample("sip"))
    result = run("sip", one, "--out", out, "--force")
    assert result.exit_code == 0, result.output
    # 00002: listed by the earlier report and unchanged -> removed; 00003 changed, 00009 never listed -> kept, listed
    assert listing(out) == ["report.json", "sip-00001.docx", "sip-00003.docx", "sip-00009.docx"]
    report = report_of(out)
    assert report["complete"] is True and report["stale"] == ["sip-00003.docx", "sip-00009.docx"]
    assert f"{out}: 2 äldre filer som denna körning inte skrev ligger kvar" in result.output
    assert (out / "sip-00003.docx").read_bytes() == b"changed by hand after the run"


def test_another_forms_run_never_replaces_a_report(tmp_path: Path, sample: Sample) -> None:
    out = tmp_path / "ut"
    assert run("sip", write_json(tmp_path / "sip.json", sample("sip")), "--out", out).exit_code == 0
    before = (out / "report.json").read_bytes()
    result = run("samtycke", write_json(tmp_path / "s.json", sample("samtycke")), "--out", out, "--force")
    assert result.exit_code == 2
    assert f"{out / 'report.json'}: är rapporten för en annan blankett (sip); samtycke skrivs inte i samma mapp" in result.output
    assert (out / "report.json").read_bytes() == before
    assert listing(out) == ["report.json", "sip-00001.docx"]


# ------------------------------------------------------------------ item 19: a full disk mid-batch


class _TwoFiles:
    """A renderer pair: each record is a .a.txt and a .b.txt (a record whose second file fails loses its first)."""

    def __init__(self, ext: str) -> None:
        self.ext = ext

    def render(self, data: dict[str, Any]) -> bytes:
        return b"x" * 100


def _full_after(monkeypatch: pytest.MonkeyPatch, allowed: int, *, report_too: bool = False) -> None:
    """Every file write after the first *allowed* fails with ENOSPC (and report.json's last write, with *report_too*)."""
    original = batch_writer.write_atomic
    count = {"n": 0}

    def filling(target: Path, data: bytes, *, overwrite: bool = True) -> None:
        count["n"] += 1
        if count["n"] > allowed:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        original(target, data, overwrite=overwrite)

    monkeypatch.setattr(batch_writer, "write_atomic", filling)
    if report_too:
        writes = {"n": 0}

        def report_fails(target: Path, data: bytes, *, overwrite: bool = True) -> None:
            writes["n"] += 1
            if writes["n"] > 1:  # the report that says the run began fits; the last one does not
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
            write_atomic(target, data, overwrite=overwrite)

        monkeypatch.setattr(batch_run, "write_atomic", report_fails)


def test_a_full_disk_stops_the_batch_with_whole_records_and_a_report(
    tmp_path: Path, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    register_renderer("a.txt", lambda form, settings, options: _TwoFiles("a.txt"))
    register_renderer("b.txt", lambda form, settings, options: _TwoFiles("b.txt"))
    _full_after(monkeypatch, 5)  # records 1 and 2 whole; record 3's .a.txt written, its .b.txt not
    source = write_json(tmp_path / "sip.json", [sample("sip")] * 40)
    out = tmp_path / "ut"
    result = run("sip", source, "--out", out, "--to", "a.txt,b.txt")
    assert result.exit_code == 2
    assert (
        f"{out}: disken blev full och körningen stoppades; 4 filer (2 poster) är hela och listas i report.json" in result.output
    )
    report = assert_report_matches_disk(out)
    assert report is not None
    assert listing(out) == ["report.json", "sip-00001.a.txt", "sip-00001.b.txt", "sip-00002.a.txt", "sip-00002.b.txt"]
    assert report["complete"] is False and report["reason"] == "disk_full"
    assert [r["status"] for r in report["records"]][:3] == ["written", "written", "failed"]
    assert {p["rule"] for p in report["records"][2]["problems"]} == {"disk_full"}
    assert len(report["records"]) < 40  # the batch stopped: no record after the chunk was begun


def test_a_report_that_no_longer_fits_is_said_with_the_count_of_whole_files(
    tmp_path: Path, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    register_renderer("a.txt", lambda form, settings, options: _TwoFiles("a.txt"))
    _full_after(monkeypatch, 3, report_too=True)
    source = write_json(tmp_path / "sip.json", [sample("sip")] * 5)
    out = tmp_path / "ut"
    result = run("sip", source, "--out", out, "--to", "a.txt")
    assert result.exit_code == 2
    assert "rapporten kan inte skrivas (disken är full); de 3 filer körningen skrev är hela" in result.output
    # The report left is the one written when the run began: it does not claim a finished run.
    assert report_of(out)["complete"] is False and report_of(out)["reason"] == "running"


def test_a_full_disk_is_an_error_the_library_can_read_the_report_of(
    tmp_path: Path, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    register_renderer("a.txt", lambda form, settings, options: _TwoFiles("a.txt"))
    _full_after(monkeypatch, 1)
    source = write_json(tmp_path / "sip.json", [sample("sip")] * 3)
    with pytest.raises(BatchIncomplete) as raised:
        fill_batch(get_form("sip"), [source], tmp_path / "ut", to=("a.txt",))
    assert raised.value.report.count("written") == 1 and raised.value.report.reason == "disk_full"


# ------------------------------------------------------------------ item 20: a report says whether its run finished


def test_a_signalled_runs_report_says_it_did_not_finish_and_why(tmp_path: Path, sample: Sample) -> None:
    class Signalled:
        ext = "txt"

        def __init__(self) -> None:
            self.calls = 0

        def render(self, data: dict[str, Any]) -> bytes:
            self.calls += 1
            if self.calls == 3:
                os.kill(os.getpid(), signal.SIGTERM)
            return b"ok"

    register_renderer("signalled", lambda form, settings, options: Signalled())
    source = write_json(tmp_path / "sip.json", [sample("sip")] * 40)
    out = tmp_path / "ut"
    with pytest.raises(KeyboardInterrupt):
        fill_batch(get_form("sip"), [source], out, to=("signalled",))
    report = report_of(out)
    assert report["complete"] is False and report["reason"] == "SIGTERM"


def test_a_run_killed_with_kill_9_is_reconciled_by_the_next(tmp_path: Path, sample: Sample) -> None:
    class Slow:
        ext = "txt"

        def render(self, data: dict[str, Any]) -> bytes:
            time.sleep(0.02)
            return b"ok"

    register_renderer("slow", lambda form, settings, options: Slow())
    source = write_json(tmp_path / "sip.json", [sample("sip")] * 400)
    out = tmp_path / "ut"
    pid = _forked(["fill", "sip", str(source), "--out", str(out), "--to", "slow"])
    deadline = time.monotonic() + 30
    while len(list(out.glob("sip-*.txt"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    _wait(pid)
    # What the killed run leaves says so: its report was written before its first record.
    report = report_of(out)
    assert report["complete"] is False and report["reason"] == "running" and report["records"] == []
    left = sorted(p.name for p in out.glob("sip-*.txt"))
    assert len(left) >= 3
    one = write_json(tmp_path / "one.json", sample("sip"))
    result = CliRunner().invoke(cli, ["fill", "sip", str(one), "--out", str(out), "--to", "slow", "--force"])
    assert result.exit_code == 0, result.output
    assert "tog över låset" in result.output
    report = report_of(out)
    # No report vouches for the killed run's files: they are kept and listed, never silently.
    assert report["complete"] is True and report["stale"] == [name for name in left if name != "sip-00001.txt"]
    assert f"{len(left) - 1} äldre filer som denna körning inte skrev ligger kvar" in result.output


# ------------------------------------------------------------------ item 21: a closed pipe ends quietly


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "sip", "{many}"],
        ["validate", "sip", "{many}", "--format", "json"],
        ["due", str(ROOT / "samples" / "arenden"), "--date", "2025-11-01"],
    ],
    ids=["validate", "validate-json", "due"],
)
def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path: Path, sample: Sample, args: list[str]) -> None:
    many = tmp_path / "many.jsonl"
    many.write_text((json.dumps(sample("sip")) + "\n") * 50, encoding="utf-8")
    command = [sys.executable, "-m", "formkit", *(a.replace("{many}", str(many)) for a in args)]
    read, write = os.pipe()
    os.close(read)  # `| head` that has read all it wants (here: nothing)
    try:
        done = subprocess.run(command, stdout=write, capture_output=False, stderr=subprocess.PIPE, cwd=ROOT, timeout=120)
    finally:
        os.close(write)
    assert done.returncode in (0, 128 + signal.SIGPIPE)
    assert done.stderr == b""


# ------------------------------------------------------------------ item 22: SIGTERM while LibreOffice archives


def _fake_libreoffice(folder: Path) -> Path:
    """A LibreOffice that says it started, then waits until the test lets it go (and makes no PDF)."""
    program = folder / "soffice"
    program.write_text(
        f"#!/bin/sh\necho $$ > {folder}/started.$$\nwhile [ ! -e {folder}/release ]; do sleep 0.05; done\nexit 1\n",
        encoding="utf-8",
    )
    program.chmod(0o755)
    return program


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_while_archiving_word_leaves_no_libreoffice_behind(
    tmp_path: Path, sample: Sample, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    fake = tmp_path / "fake"
    fake.mkdir()
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("FORMKIT_SOFFICE", str(_fake_libreoffice(fake)))
    monkeypatch.setenv("TMPDIR", str(temp))
    source = write_json(tmp_path / "sip.json", [sample("sip")] * 4)
    out = tmp_path / "ut"
    command = [
        sys.executable,
        "-m",
        "formkit",
        "fill",
        "sip",
        str(source),
        "--to",
        "docx",
        "--archive",
        "--out",
        str(out),
        "--jobs",
        jobs,
    ]
    process = subprocess.Popen(command, cwd=ROOT, start_new_session=True, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(fake.glob("started.*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    started = [int(p.name.split(".")[1]) for p in fake.glob("started.*")]
    assert started, "LibreOffice was never started"
    os.killpg(process.pid, signal.SIGTERM)  # as systemd stops a service: every process of the run
    (fake / "release").touch()  # a conversion still running in the parent finishes (and fails: no PDF)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, errors
    assert list(temp.iterdir()) == []  # no profile folder, no scratch folder
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(pid) for pid in started)


def test_a_finished_run_with_workers_leaves_no_libreoffice_profile(
    tmp_path: Path, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "release").touch()
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("FORMKIT_SOFFICE", str(_fake_libreoffice(fake)))
    monkeypatch.setenv("TMPDIR", str(temp))
    source = write_json(tmp_path / "sip.json", [sample("sip")] * 2)
    command = [
        sys.executable,
        "-m",
        "formkit",
        "fill",
        "sip",
        str(source),
        "--to",
        "docx",
        "--archive",
        "--out",
        str(tmp_path / "ut"),
        "--jobs",
        "2",
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    assert done.returncode == 1  # the fake makes no PDF: the archival copies fail
    assert list(temp.iterdir()) == []


# ------------------------------------------------------------------ item 26: why a record was not written


def test_fill_prints_each_invalid_records_first_problems_as_validate_does(tmp_path: Path, sample: Sample) -> None:
    broken = sample("sip")
    del broken["person"]
    broken["uppfoljning"]["datum"] = "2020-01-01"
    source = write_json(tmp_path / "sip.json", [sample("sip"), broken, {}])
    result = run("sip", source, "--out", tmp_path / "ut")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:3] == [
        f"{source}, post 2: ogiltig",
        "  fel      person             Obligatorisk uppgift saknas. [required]",
        "  fel      uppfoljning.datum  Uppföljningen måste ligga efter datumet då planen upprättades. [uppfoljning_efter_plan]",
    ]
    assert lines[3] == f"{source}, post 3: ogiltig"
    assert lines[7].startswith("  … och ") and lines[7].endswith(" till (se report.json)")
    assert lines[-1].startswith("sip: 3 poster, 1 skrivna, 2 ogiltiga")


def test_draft_lists_what_is_still_missing_in_the_report(tmp_path: Path, sample: Sample) -> None:
    record = sample("sip")
    del record["person"]["namn"]
    del record["insatser"]
    source = write_json(tmp_path / "sip.json", [record, sample("sip")])
    out = tmp_path / "ut"
    assert run("sip", source, "--out", out, "--draft").exit_code == 0
    first, second = report_of(out)["records"]
    assert first["missing"] == ["person.namn", "insatser"] and first["status"] == "written"
    assert second["missing"] == []
    assert "missing" not in report_of_plain(tmp_path, sample)["records"][0]


def report_of_plain(tmp_path: Path, sample: Sample) -> dict[str, Any]:
    out = tmp_path / "plain"
    assert run("sip", write_json(tmp_path / "plain.json", sample("sip")), "--out", out).exit_code == 0
    return report_of(out)
