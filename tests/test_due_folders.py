"""formkit due on real folders and real mistakes (issue 19 items 13–16): every file accounted for, impossible dates
reported, one language per list, and calendar UIDs that keep every child."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
import pytest

from formkit.due import due_report
from formkit.settings import Settings
from tests.conftest import run_cli as run

Sample = Callable[[str], dict[str, Any]]
pytestmark = pytest.mark.usefixtures("empty_folder")


def lines(path: str | Path, *records: tuple[str, dict[str, Any]]) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("".join(json.dumps({"form": f, "data": d}, ensure_ascii=False) + "\n" for f, d in records), "utf-8")
    return target


# ---------------------------------------------------------------- item 14: a date that is no date


def test_an_impossible_date_is_an_unreadable_item_at_its_path(sample: Sample) -> None:
    minutes = sample("sel-referat")
    minutes["tiltak"][1]["frist"] = "2025-11-31"  # typed by hand: November has 30 days
    lines("referat.jsonl", ("sel-referat", minutes))
    result = run("due", "referat.jsonl", "--date", "2025-02-20")
    assert result.exit_code == 2
    assert "referat.jsonl:1: tiltak.1.frist: ingen gyldig dato" in result.stderr  # a bokmål list: every line in bokmål
    assert "tiltak.0.frist" in result.stdout  # the other deadlines are still listed
    document = json.loads(run("due", "referat.jsonl", "--date", "2025-02-20", "--format", "json").stdout)
    assert [u["source"] for u in document["unreadable"]] == ["referat.jsonl:1"]


def test_a_consent_with_an_impossible_end_is_reported_not_silently_void(sample: Sample) -> None:
    consent = sample("samtycke")
    consent["giltig_till"] = "2026-02-30"
    lines("samtycke.jsonl", ("samtycke", consent))
    result = run("due", "samtycke.jsonl", "--date", "2025-11-01")
    assert result.exit_code == 2
    assert "giltig_till: inget giltigt datum" in result.stderr


def test_when_nothing_could_be_read_due_says_so_and_exits_2() -> None:
    Path("tom.jsonl").write_text("", encoding="utf-8")
    result = run("due", "tom.jsonl", "--date", "2025-11-01")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == ["Inget kunde läsas: ingen post i indata, så inget att lista per 2025-11-01."]
    assert "Inget försenat" not in result.stdout


# ---------------------------------------------------------------- item 15: one list, one language


def test_a_list_of_swedish_and_norwegian_records_speaks_one_language(sample: Sample) -> None:
    lines("poster.jsonl", ("sel-referat", sample("sel-referat")), ("genomforandeplan", sample("genomforandeplan")))
    swedish = run("due", "poster.jsonl", "--date", "2025-03-01", "--within", "300").stdout
    assert "Åtgärd med tidsfrist" in swedish and "Uppföljningsmöte" in swedish
    assert not re.search(r"Tiltak med frist|forsinket|kommende|å gjøre", swedish)
    norwegian = run("due", "poster.jsonl", "--date", "2025-03-01", "--within", "300", "--lang", "nb").stdout
    assert "Tiltak med frist" in norwegian and "Oppfølgingsmøte" in norwegian
    assert not re.search(r"Åtgärd med tidsfrist|försenad|kommande|att göra", norwegian)
    Path("formkit.toml").write_text('[dokument]\nsprak = "nb"\n', encoding="utf-8")
    assert run("due", "poster.jsonl", "--date", "2025-03-01", "--within", "300").stdout == norwegian


# ---------------------------------------------------------------- item 16: folders as people keep them


def test_a_folder_is_read_with_its_subfolders_and_everything_else_is_accounted_for(sample: Sample, tmp_path: Path) -> None:
    lines("arende/plan.jsonl", ("genomforandeplan", sample("genomforandeplan")))
    lines("arende/2025/host/sip.jsonl", ("sip", sample("sip")))  # a subfolder two levels down
    Path("arende/tom.jsonl").write_text("", encoding="utf-8")  # empty: read, nothing in it
    Path("arende/trasig.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<<")  # truncated
    Path("arende/report.json").write_text("{}", encoding="utf-8")  # formkit's own output
    Path("arende/SHA256SUMS").write_text("", encoding="utf-8")
    Path("arende/sip-00001.arkiv.pdf").write_bytes(b"%PDF-1.7\n")
    Path("arende/~$plan.xlsx").write_bytes(b"")
    Path("arende/anteckning.txt").write_text("inte en post", encoding="utf-8")
    os.symlink(tmp_path / "finns-inte.jsonl", "arende/trasig-lank.jsonl")
    os.mkfifo("arende/ror")  # a named pipe: opening it would block the run
    result = run("due", "arende", "--date", "2025-09-04", "--within", "120")
    assert result.exit_code == 2  # the truncated PDF could not be read
    assert {"genomforandeplan", "sip"} <= set(re.findall(r"\((\w+): ", result.stdout))  # both read
    said = [line for line in result.stderr.splitlines() if line.startswith("läses inte")]
    skipped = {line.split(": ")[1]: line.rsplit(": ", 1)[1] for line in said}
    assert skipped == {
        "arende/SHA256SUMS": "formkits egen utdata", "arende/report.json": "formkits egen utdata",
        "arende/sip-00001.arkiv.pdf": "formkits egen utdata", "arende/~$plan.xlsx": "Office-låsfil",
        "arende/anteckning.txt": "en filtyp som inte läses", "arende/ror": "ingen vanlig fil (namngiven pipe eller enhet)",
        "arende/trasig-lank.jsonl": "länk till en fil som inte finns",
    }  # fmt: skip
    unreadable = [line for line in result.stderr.splitlines() if line.startswith("kan inte läsas")]
    assert len(unreadable) == 1 and "arende/trasig.pdf" in unreadable[0]
    document = json.loads(run("due", "arende", "--date", "2025-09-04", "--within", "120", "--format", "json").stdout)
    assert len(document["skipped"]) == 7 and len(document["unreadable"]) == 1


def test_a_named_pipe_given_by_name_is_refused_not_opened() -> None:
    os.mkfifo("ror.jsonl")
    result = run("due", "ror.jsonl", "--date", "2025-11-01")
    assert result.exit_code == 2
    assert "ingen vanlig fil" in result.stderr


# ---------------------------------------------------------------- item 13: calendar UIDs


def _events(*args: str) -> list[icalendar.Event]:
    result = run("due", *args, "--format", "ics")
    return [e for e in icalendar.Calendar.from_ical(result.stdout_bytes).walk("VEVENT") if "RRULE" not in e]


def test_two_childrens_items_in_files_of_the_same_name_have_distinct_uids(sample: Sample) -> None:
    first, second = sample("genomforandeplan"), sample("genomforandeplan")
    second["barn"]["personnummer"] = "20120314-2383"
    lines("barn-a/plan.jsonl", ("genomforandeplan", first))
    lines("barn-b/plan.jsonl", ("genomforandeplan", second))
    events = _events("barn-a", "barn-b", "--date", "2025-12-01")
    follow_ups = [e for e in events if "Uppföljningsmöte" in str(e["summary"])]
    assert len(follow_ups) == 2 and len({str(e["uid"]) for e in follow_ups}) == 2


def test_an_items_uid_is_stable_across_runs_and_when_its_date_moves(sample: Sample) -> None:
    plan = sample("genomforandeplan")
    lines("arende/plan.jsonl", ("genomforandeplan", plan))
    (before,) = [e for e in _events("arende", "--date", "2025-12-01") if "Uppföljningsmöte" in str(e["summary"])]
    (again,) = [e for e in _events("arende", "--date", "2025-12-01") if "Uppföljningsmöte" in str(e["summary"])]
    plan["uppfoljning"]["datum"] = "2025-12-10"
    lines("arende/plan.jsonl", ("genomforandeplan", plan))
    (moved,) = [e for e in _events("arende", "--date", "2025-12-02") if "Uppföljningsmöte" in str(e["summary"])]
    assert str(before["uid"]) == str(again["uid"]) == str(moved["uid"])
    assert before["sequence"] == again["sequence"] < moved["sequence"]
    assert plan["barn"]["personnummer"].replace("-", "") not in re.sub(r"\D", "", str(before["uid"]))


def test_standing_times_are_listed_and_written_as_one_recurring_entry(sample: Sample) -> None:
    lines("kallelse.jsonl", ("kallelse", sample("kallelse")))  # Åre: the first Wednesday of the month 13-15
    report = due_report(["kallelse.jsonl"], Settings(), date=dt.date(2025, 11, 1), within=70)
    (slots,) = report.standing
    assert slots.kommun.name == "Åre kommun"
    assert slots.dates == (dt.date(2025, 11, 5), dt.date(2025, 12, 3), dt.date(2026, 1, 7))
    calendar = icalendar.Calendar.from_ical(run("due", "kallelse.jsonl", "--date", "2025-11-01", "--format", "ics").stdout_bytes)
    (standing,) = [e for e in calendar.walk("VEVENT") if "RRULE" in e]
    assert standing["rrule"]["BYDAY"] == ["1WE"] and standing.decoded("dtstart").hour == 13
