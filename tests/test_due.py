"""formkit due: every kind of item, its boundary dates, consent coverage, what is shown, and the exit codes."""

from __future__ import annotations

import datetime as dt
import json
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
ROOT = Path(__file__).resolve().parent.parent
ELIF = "20120314-2383"  # the samtycke sample's child
AISHA = "20100827-5628"  # the genomforandeplan sample's child


pytestmark = pytest.mark.usefixtures("empty_folder")


def lines(path: str | Path, *records: tuple[str, dict[str, Any]]) -> Path:
    """A JSONL file of {"form", "data"} lines, as formkit extract writes them."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("".join(json.dumps({"form": f, "data": d}, ensure_ascii=False) + "\n" for f, d in records), "utf-8")
    return target


def items(*paths: Path, on: str, within: int = 30, kind: str | None = None, **settings: Any) -> list[tuple[str, bool, str, str]]:
    """(due date, overdue, kind, path) of every item (of *kind*), in the report's order."""
    report = due_report(paths, Settings(**settings), date=dt.date.fromisoformat(on), within=within)
    assert report.unreadable == []
    return [(i.due.isoformat(), i.overdue, i.kind, i.path) for i in report.items if kind is None or i.kind == kind]


def plan_for(sample: Sample, personnummer: str, dated: str, follow_up: str) -> dict[str, Any]:
    plan = sample("genomforandeplan")
    plan["barn"]["personnummer"] = personnummer
    plan["upprattad_datum"], plan["uppfoljning"]["datum"] = dated, follow_up
    return plan


# ---------------------------------------------------------------- follow-ups


def test_follow_up_is_due_on_its_date_and_overdue_the_day_after(sample: Sample) -> None:
    source = lines("plan.jsonl", ("genomforandeplan", sample("genomforandeplan")))  # uppfoljning 2025-12-03
    expected = ("2025-12-03", False, "uppfoljning", "uppfoljning.datum")
    assert items(source, on="2025-12-03", kind="uppfoljning") == [expected]
    assert items(source, on="2025-12-04", kind="uppfoljning") == [("2025-12-03", True, "uppfoljning", "uppfoljning.datum")]


def test_a_date_written_with_spaces_around_it_is_read_as_validation_reads_it(sample: Sample) -> None:
    plan = sample("genomforandeplan")
    plan["uppfoljning"]["datum"] = f" {plan['uppfoljning']['datum']} "
    plan["uppfoljning"]["plats"] = None  # an export's empty field
    source = lines("plan.jsonl", ("genomforandeplan", plan))
    assert items(source, on="2025-12-03", kind="uppfoljning") == [("2025-12-03", False, "uppfoljning", "uppfoljning.datum")]


def test_the_window_includes_its_last_day(sample: Sample) -> None:
    source = lines("plan.jsonl", ("genomforandeplan", sample("genomforandeplan")))
    expected = [("2025-12-03", False, "uppfoljning", "uppfoljning.datum")]
    assert items(source, on="2025-11-03", within=30, kind="uppfoljning") == expected
    assert items(source, on="2025-11-03", within=29, kind="uppfoljning") == []


def test_a_newer_plan_for_the_same_child_replaces_the_old_follow_up(sample: Sample) -> None:
    old = plan_for(sample, AISHA, "2025-06-01", "2025-10-01")
    new = plan_for(sample, "201008275628", "2025-10-08", "2025-12-03")  # the same number, spelled without the dash
    source = lines("planer.jsonl", ("genomforandeplan", old), ("genomforandeplan", new))
    assert items(source, on="2025-11-20", kind="uppfoljning") == [("2025-12-03", False, "uppfoljning", "uppfoljning.datum")]
    other = plan_for(sample, ELIF, "2025-10-08", "2025-12-03")  # another child: both follow-ups stand
    both = lines("andra.jsonl", ("genomforandeplan", old), ("genomforandeplan", other))
    assert [i[:2] for i in items(both, on="2025-11-20", kind="uppfoljning")] == [("2025-10-01", True), ("2025-12-03", False)]


def test_sip_follow_up(sample: Sample) -> None:
    source = lines("sip.jsonl", ("sip", sample("sip")))  # uppfoljning 2025-09-03
    assert items(source, on="2025-09-04", kind="uppfoljning") == [("2025-09-03", True, "uppfoljning", "uppfoljning.datum")]


# ---------------------------------------------------------------- Sel tiltak


def test_each_tiltak_past_its_deadline_at_its_own_path(sample: Sample) -> None:
    source = lines("referat.jsonl", ("sel-referat", sample("sel-referat")))  # frister 03-14, 02-24, 02-28
    assert items(source, on="2025-02-28", kind="tiltak") == [
        ("2025-02-24", True, "tiltak", "tiltak.1.frist"),
        ("2025-02-28", False, "tiltak", "tiltak.2.frist"),
        ("2025-03-14", False, "tiltak", "tiltak.0.frist"),
    ]


def test_a_newer_referat_for_the_same_person_takes_over_the_tiltak(sample: Sample) -> None:
    newer = sample("sel-referat")
    newer["mote"]["dato"], newer["neste_mote"]["dato"] = "2025-04-08", "2025-05-06"
    for tiltak in newer["tiltak"]:
        tiltak["frist"] = "2025-05-01"
    source = lines("referat.jsonl", ("sel-referat", sample("sel-referat")), ("sel-referat", newer))
    assert {i[0] for i in items(source, on="2025-04-10", kind="tiltak")} == {"2025-05-01"}


# ---------------------------------------------------------------- avvikelserapport: återkoppling


def _without_feedback(sample: Sample) -> dict[str, Any]:
    report = sample("avvikelserapport")  # rapportdatum 2025-03-06
    report["handlaggning"] = {"mottagen": "2025-03-07", "status": "mottagen"}
    return report


def test_report_without_feedback_is_overdue_after_the_setting(sample: Sample) -> None:
    source = lines("rapporter.jsonl", ("avvikelserapport", _without_feedback(sample)))
    due = ("2025-04-05", False, "aterkoppling", "handlaggning.aterkoppling")  # 30 days after rapportdatum
    assert items(source, on="2025-04-05") == [due]
    assert items(source, on="2025-04-06") == [("2025-04-05", True, "aterkoppling", "handlaggning.aterkoppling")]
    assert items(source, on="2025-03-17", aterkoppling_max_dagar=10) == [
        ("2025-03-16", True, "aterkoppling", "handlaggning.aterkoppling")
    ]


def test_report_with_feedback_is_not_listed(sample: Sample) -> None:
    source = lines("rapporter.jsonl", ("avvikelserapport", sample("avvikelserapport")))  # återkoppling 2025-03-20
    assert items(source, on="2025-12-31") == []


# ---------------------------------------------------------------- SIP: cost allocation after an emergency placement


def _placement(sample: Sample, decided: str, **more: Any) -> Path:
    sip = sample("sip")
    sip["kostnadsfordelning"] = {"placering_utanfor_hemmet": True, "akutplacering": True, "placeringsbeslut": decided, **more}
    return lines("sip.jsonl", ("sip", sip))


@pytest.mark.parametrize(
    ("decided", "tenth_working_day"),
    [
        ("2025-04-10", "2025-04-28"),  # over Easter: Good Friday and Easter Monday are no working days
        ("2025-12-18", "2026-01-09"),  # over Christmas and New Year: julafton to trettondedag jul
        ("2025-10-16", "2025-10-30"),  # an ordinary fortnight
    ],
)
def test_cost_allocation_is_due_on_the_tenth_working_day(sample: Sample, decided: str, tenth_working_day: str) -> None:
    source = _placement(sample, decided)
    day = dt.date.fromisoformat(tenth_working_day)
    path = "kostnadsfordelning.overenskommen"
    due = [(tenth_working_day, False, "kostnadsfordelning", path)]
    assert items(source, on=tenth_working_day, kind="kostnadsfordelning") == due
    after = (day + dt.timedelta(days=1)).isoformat()
    assert items(source, on=after, kind="kostnadsfordelning") == [(tenth_working_day, True, "kostnadsfordelning", path)]


def test_cost_allocation_agreed_or_not_an_emergency_is_not_listed(sample: Sample) -> None:
    assert items(_placement(sample, "2025-04-10", overenskommen="2025-05-02"), on="2025-06-01", kind="kostnadsfordelning") == []
    assert items(_placement(sample, "2025-04-10", akutplacering=False), on="2025-06-01", kind="kostnadsfordelning") == []


def test_the_working_days_come_from_the_setting(sample: Sample) -> None:
    source = _placement(sample, "2025-10-16")
    assert items(source, on="2025-10-20", kind="kostnadsfordelning", akutplacering_arbetsdagar=2) == [
        ("2025-10-20", False, "kostnadsfordelning", "kostnadsfordelning.overenskommen")
    ]


# ---------------------------------------------------------------- invited meetings


def test_an_invited_meeting_is_listed_until_it_has_taken_place(sample: Sample) -> None:
    source = lines("kallelse.jsonl", ("kallelse", sample("kallelse")))  # 2025-11-05 13:00
    report = due_report([source], Settings(), date=dt.date(2025, 11, 1), within=30)
    (meeting,) = [i for i in report.items if i.kind == "mote"]
    assert (meeting.due, meeting.time, meeting.overdue) == (dt.date(2025, 11, 5), "13:00", False)
    assert items(source, on="2025-11-05", kind="mote") == [("2025-11-05", False, "mote", "mote.datum")]
    assert items(source, on="2025-11-06", kind="mote") == []


# ---------------------------------------------------------------- consents that end


def _consent(sample: Sample, personnummer: str = ELIF, start: str = "2025-09-15", end: str = "2026-06-30",
             types: tuple[str, ...] = ("grundskola", "elevhalsa", "ifo", "primarvard")) -> dict[str, Any]:  # fmt: skip
    consent = sample("samtycke")
    consent["barn"]["personnummer"] = personnummer
    consent["giltig_fran"], consent["giltig_till"] = start, end
    consent["verksamheter"] = [{"namn": f"Verksamhet {kind}", "verksamhetstyp": kind} for kind in types]
    return consent


def test_a_consent_that_ends_on_the_date_is_due_not_overdue(sample: Sample) -> None:
    source = lines("samtycke.jsonl", ("samtycke", _consent(sample)))
    expected = [("2026-06-30", False, "samtycke_upphor", "giltig_till")]
    assert items(source, on="2026-06-30") == expected
    assert items(source, on="2026-05-31", within=30) == expected
    assert items(source, on="2026-05-31", within=29) == []


def test_an_ended_consent_is_overdue_while_a_plan_still_refers_to_the_child(sample: Sample) -> None:
    plan = plan_for(sample, ELIF, "2025-10-08", "2026-09-01")
    plan["insatser"][2]["verksamhetstyp"] = plan["insatser"][2]["ansvarig"]["verksamhetstyp"] = "ifo"
    plan["delaktiga"] = plan["delaktiga"][:2]
    source = lines("arende.jsonl", ("samtycke", _consent(sample)), ("genomforandeplan", plan))
    assert items(source, on="2026-07-01") == [("2026-06-30", True, "samtycke_upphort", "giltig_till")]
    alone = lines("bara-samtycke.jsonl", ("samtycke", _consent(sample)))
    assert items(alone, on="2026-07-01") == []  # no plan: a consent may simply end


def test_a_renewed_consent_ends_nothing(sample: Sample) -> None:
    renewed = _consent(sample, start="2026-07-01", end="2027-06-30")
    source = lines("samtycken.jsonl", ("samtycke", _consent(sample)), ("samtycke", renewed))
    assert items(source, on="2026-06-20", kind="samtycke_upphor") == []
    plan = plan_for(sample, ELIF, "2025-10-08", "2027-09-01")
    with_plan = lines("arende.jsonl", ("samtycke", _consent(sample)), ("samtycke", renewed), ("genomforandeplan", plan))
    assert items(with_plan, on="2026-07-02", kind="samtycke_upphort") == []


# ---------------------------------------------------------------- consent coverage


def test_a_plan_covered_by_a_consent_has_no_finding(sample: Sample) -> None:
    plan = plan_for(sample, ELIF, "2025-10-08", "2025-12-03")  # ifo, grundskola, bup, primarvard
    consent = _consent(sample, types=("grundskola", "ifo", "bup", "primarvard"))
    source = lines("arende.jsonl", ("samtycke", consent), ("genomforandeplan", plan))
    assert items(source, on="2025-11-01", kind="samtycke_saknas") == []


def test_a_plan_with_an_organisation_the_consent_does_not_list_gets_a_finding(sample: Sample) -> None:
    plan = plan_for(sample, ELIF, "2025-10-08", "2025-12-03")
    source = lines("arende.jsonl", ("samtycke", _consent(sample)), ("genomforandeplan", plan))
    report = due_report([source], Settings(), date=dt.date(2025, 11, 1), within=30)
    (finding,) = [i for i in report.items if i.kind == "samtycke_saknas"]
    assert (finding.due, finding.overdue, finding.types) == (dt.date(2025, 10, 8), True, ("bup",))
    assert finding.path == "insatser.2.verksamhetstyp"  # the first organisation that lacks consent
    assert finding.what("sv") == "Samtycke saknas för: Barn- och ungdomspsykiatri (BUP)"


@pytest.mark.parametrize(("end", "covered"), [("2025-10-08", True), ("2025-10-07", False)])
def test_a_consent_covers_up_to_and_including_its_last_day(sample: Sample, end: str, covered: bool) -> None:
    plan = plan_for(sample, ELIF, "2025-10-08", "2025-12-03")
    consent = _consent(sample, start="2024-10-08", end=end, types=("grundskola", "ifo", "bup", "primarvard"))
    source = lines("arende.jsonl", ("samtycke", consent), ("genomforandeplan", plan))
    found = items(source, on="2025-10-10", kind="samtycke_saknas")
    assert found == ([] if covered else [("2025-10-08", True, "samtycke_saknas", "ansvarig_handlaggare.verksamhetstyp")])


def test_without_any_consent_every_organisation_is_missing(sample: Sample) -> None:
    source = lines("plan.jsonl", ("genomforandeplan", plan_for(sample, ELIF, "2025-10-08", "2025-12-03")))
    report = due_report([source], Settings(), date=dt.date(2025, 11, 1))
    (finding,) = [i for i in report.items if i.kind == "samtycke_saknas"]
    assert finding.types == ("ifo", "grundskola", "bup", "primarvard")


def test_two_consents_that_each_cover_a_part_do_not_add_up(sample: Sample) -> None:
    plan = plan_for(sample, ELIF, "2025-10-08", "2025-12-03")
    school = _consent(sample, types=("grundskola", "ifo"))
    care = _consent(sample, types=("bup", "primarvard"))
    source = lines("arende.jsonl", ("samtycke", school), ("samtycke", care), ("genomforandeplan", plan))
    assert len(items(source, on="2025-11-01", kind="samtycke_saknas")) == 1


def test_a_consent_for_another_child_covers_nothing(sample: Sample) -> None:
    plan = plan_for(sample, ELIF, "2025-10-08", "2025-12-03")
    other = _consent(sample, personnummer=AISHA, types=("grundskola", "ifo", "bup", "primarvard"))
    source = lines("arende.jsonl", ("samtycke", other), ("genomforandeplan", plan))
    assert len(items(source, on="2025-11-01", kind="samtycke_saknas")) == 1


def test_an_invitation_is_checked_on_its_meeting_date_until_the_meeting(sample: Sample) -> None:
    invitation = sample("kallelse")  # 2025-11-05: ifo, primarvard, bup, grundskola, elevhalsa (the sender)
    invitation["barn"]["personnummer"] = ELIF
    source = lines("arende.jsonl", ("samtycke", _consent(sample)), ("kallelse", invitation))
    assert items(source, on="2025-11-01", kind="samtycke_saknas") == [
        ("2025-11-05", False, "samtycke_saknas", "kallade.2.verksamhetstyp")
    ]
    assert items(source, on="2025-11-06", kind="samtycke_saknas") == []


# ---------------------------------------------------------------- inputs


def test_a_filled_pdf_names_its_own_form(sample: Sample, tmp_path: Path) -> None:
    record = tmp_path / "samtycke.json"
    record.write_text(json.dumps(_consent(sample)), encoding="utf-8")
    assert run("fill", "samtycke", str(record), "--to", "pdf", "--out", "ut").exit_code == 0
    assert items(Path("ut/samtycke-00001.pdf"), on="2026-06-30") == [("2026-06-30", False, "samtycke_upphor", "giltig_till")]


def test_an_extract_line_with_a_source_names_the_pdf_and_the_line(sample: Sample) -> None:
    Path("poster.jsonl").write_text(
        json.dumps({"source": "inkommet/rapport.pdf", "form": "avvikelserapport", "data": _without_feedback(sample)}) + "\n",
        encoding="utf-8",
    )
    result = run("due", "poster.jsonl", "--date", "2025-04-06", "--format", "json")
    (item,) = json.loads(result.stdout)["items"]
    assert (item["source"], item["via"], item["record"]) == ("inkommet/rapport.pdf", "poster.jsonl", 1)
    text = run("due", "poster.jsonl", "--date", "2025-04-06").stdout
    assert "(avvikelserapport: inkommet/rapport.pdf, rad 1 i poster.jsonl; handlaggning.aterkoppling)" in text


def test_folders_are_read_recursively_and_hidden_files_skipped(sample: Sample) -> None:
    lines("arenden/a/plan.jsonl", ("genomforandeplan", sample("genomforandeplan")))
    lines("arenden/b/.utkast.jsonl", ("sip", sample("sip")))
    Path("arenden/b/anteckning.txt").write_text("inte en post", encoding="utf-8")
    report = due_report(["arenden"], Settings(), date=dt.date(2025, 12, 4))
    assert report.unreadable == []
    assert {i.item.form.id for i in report.items} == {"genomforandeplan"}


def test_a_plain_record_without_a_form_is_reported_once_per_file(sample: Sample) -> None:
    Path("plan.json").write_text(json.dumps([sample("genomforandeplan")] * 3), encoding="utf-8")
    result = run("due", "plan.json", "--date", "2025-11-01")
    assert result.exit_code == 2
    assert result.stderr.count("utan blankett") == 1
    assert "3 poster" in result.stderr


# ---------------------------------------------------------------- what a person sees, and exit codes

PERSONAL = re.compile(r"\d{6}[-+]?\d{4}")


def _case_folder(sample: Sample) -> None:
    lines("arende/samtycke.jsonl", ("samtycke", _consent(sample)))
    lines("arende/plan.jsonl", ("genomforandeplan", plan_for(sample, ELIF, "2025-10-08", "2025-10-20")))
    invitation = sample("kallelse")
    invitation["barn"]["personnummer"] = ELIF
    lines("arende/kallelse.jsonl", ("kallelse", invitation))


def _personal_values(sample: Sample) -> set[str]:
    values = set()
    for form, keys in (("samtycke", ("barn", "vardnadshavare")), ("genomforandeplan", ("barn", "vardnadshavare")),
                       ("kallelse", ("barn", "vardnadshavare"))):  # fmt: skip
        record = sample(form)
        for key in keys:
            people = record[key] if isinstance(record[key], list) else [record[key]]
            values |= {v for person in people for k, v in person.items() if isinstance(v, str) and k != "gemensam_vardnad"}
    return values | {ELIF, "201203142383", "120314-2383"}


@pytest.mark.parametrize("output", ["text", "json", "ics"])
def test_no_name_or_personnummer_is_shown_unless_asked(sample: Sample, output: str) -> None:
    _case_folder(sample)
    result = run("due", "arende", "--date", "2025-11-01", "--format", output)
    assert result.exit_code == 1
    shown = result.stdout + result.stderr
    assert not [value for value in _personal_values(sample) if value in shown]
    assert not PERSONAL.search(shown.replace("\r\n ", ""))


def test_names_only_with_names_and_never_a_personnummer(sample: Sample) -> None:
    _case_folder(sample)  # items of the plan and the invitation (the consent ends next year)
    names = {sample("genomforandeplan")["barn"]["namn"], sample("kallelse")["barn"]["namn"]}
    text = run("due", "arende", "--date", "2025-11-01", "--names").stdout
    assert all(name in text for name in names)
    assert not PERSONAL.search(text)
    document = json.loads(run("due", "arende", "--date", "2025-11-01", "--names", "--format", "json").stdout)
    assert {item["name"] for item in document["items"]} == names
    ics = run("due", "arende", "--date", "2025-11-01", "--names", "--format", "ics").stdout
    assert not [name for name in names if name in ics]


def test_ics_has_one_all_day_entry_per_item(sample: Sample) -> None:
    _case_folder(sample)
    document = json.loads(run("due", "arende", "--date", "2025-11-01", "--format", "json").stdout)
    calendar = icalendar.Calendar.from_ical(run("due", "arende", "--date", "2025-11-01", "--format", "ics").stdout_bytes)
    events = [event for event in calendar.walk("VEVENT") if "RRULE" not in event]
    assert len(events) == len(document["items"]) > 0
    assert sorted(event.decoded("dtstart").isoformat() for event in events) == sorted(item["due"] for item in document["items"])
    assert all(type(event.decoded("dtstart")) is dt.date for event in events)
    assert len({str(event["uid"]) for event in events}) == len(events)


def test_text_lines_name_date_status_what_form_and_place(sample: Sample) -> None:
    lines("rapport.jsonl", ("avvikelserapport", _without_feedback(sample)))
    lines("kallelse.jsonl", ("kallelse", {**sample("kallelse"), "kallade": sample("kallelse")["kallade"][:2]}))
    result = run("due", "rapport.jsonl", "kallelse.jsonl", "--date", "2025-10-20", "--within", "16")
    assert result.stdout.splitlines() == [
        "Att göra per 2025-10-20 (försenat, och det som förfaller inom 16 dagar):",
        "  2025-04-05        försenad   Återkoppling till rapporterande verksamhet  "
        "(avvikelserapport: rapport.jsonl, post 1; handlaggning.aterkoppling)",
        "  2025-11-05        kommande   Samtycke saknas för: Individ- och familjeomsorg (socialtjänst), Primärvård, Elevhälsa  "
        "(kallelse: kallelse.jsonl, post 1; kallade.0.verksamhetstyp)",
        "  2025-11-05 13:00  kommande   Kallat möte  (kallelse: kallelse.jsonl, post 1; mote.datum)",
        "  Stående tid för samverkan (Åre kommun): 2025-11-05 kl. 13:00–15:00",  # the invitation's kommun's standing time
        "3 att göra: 1 försenade, 2 kommande.",
    ]
    assert run("due", "kallelse.jsonl", "--date", "2025-10-20", "--within", "15").stdout.splitlines() == [
        "Inget försenat per 2025-10-20, och inget som förfaller inom 15 dagar."
    ]


def test_exit_codes(sample: Sample) -> None:
    lines("kallelse.jsonl", ("kallelse", sample("kallelse")))
    lines("plan.jsonl", ("genomforandeplan", sample("genomforandeplan")))  # dated 2025-10-08, follow-up 2025-12-03
    assert run("due", "kallelse.jsonl", "--date", "2025-11-01").exit_code == 0  # upcoming only: nothing overdue
    assert run("--today", "2025-11-06", "due", "kallelse.jsonl").exit_code == 0  # a past meeting: nothing left
    assert run("due", "plan.jsonl", "--date", "2025-12-04").exit_code == 1  # the follow-up has passed
    assert run("due", "plan.jsonl", "kallelse.jsonl", "finns-inte.jsonl", "--date", "2025-12-04").exit_code == 2
    assert run("due", "kallelse.jsonl", "--date", "1.11.2025").exit_code == 2
    assert run("due", "kallelse.jsonl", "--within", "-1").exit_code == 2
    assert run("due").exit_code == 2


def test_the_reference_date_comes_from_today_when_no_date_is_given(sample: Sample) -> None:
    lines("plan.jsonl", ("genomforandeplan", sample("genomforandeplan")))
    assert "Att göra per 2025-12-04" in run("--today", "2025-12-04", "due", "plan.jsonl").stdout


def test_the_bundled_case_folder_shows_every_kind() -> None:
    result = run("due", str(ROOT / "samples" / "arenden"), "--date", "2025-11-01", "--format", "json")
    assert result.exit_code == 1
    kinds = {item["kind"] for item in json.loads(result.stdout)["items"]}
    assert kinds == {"uppfoljning", "tiltak", "aterkoppling", "kostnadsfordelning", "mote", "uppgift", "elevhalsoteam",
                     "samtycke_upphor", "samtycke_upphort", "samtycke_saknas", "samtycke_typ"}  # fmt: skip
