"""fill --to ics: one calendar entry per record, read back with icalendar, in the right time zone, without personal data.

Also the proof that a meeting form is data: a form from an outside folder, in
bokmål, that names its calendar fields is written as ics in Europe/Oslo and
listed by formkit due, with no code naming it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest

from formkit.calendar import vtimezone
from tests.conftest import run_cli as run

Sample = Callable[[str], dict[str, Any]]


pytestmark = pytest.mark.usefixtures("empty_folder")


def fill_ics(record: dict[str, Any], *options: str, form: str = "kallelse") -> tuple[bytes, icalendar.Event]:
    Path("in.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run(*options, "fill", form, "in.json", "--to", "ics", "--out", "ut", "--force")
    assert result.exit_code == 0, result.output
    data = Path(f"ut/{form}-00001.ics").read_bytes()
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return data, event


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield value


def test_one_event_with_the_meeting_type_time_and_place(sample: Sample) -> None:
    record = sample("kallelse")  # SIP-möte 2025-11-05 13:00-15:00
    data, event = fill_ics(record, "--today", "2025-10-23")
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["method"] == "PUBLISH" and calendar["version"] == "2.0"
    assert str(event["summary"]) == "SIP-möte"
    assert str(event["location"]) == record["mote"]["plats"]
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == dt.datetime(2025, 11, 5, 13, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    assert start.astimezone(dt.UTC) == dt.datetime(2025, 11, 5, 12, 0, tzinfo=dt.UTC)  # CET, winter time
    assert end - start == dt.timedelta(hours=2)
    assert event["dtstart"].params["TZID"] == "Europe/Stockholm"
    assert event.decoded("dtstamp") == dt.datetime(2025, 10, 23, tzinfo=dt.UTC)  # the run's reference date, not the clock
    description = str(event["description"])
    assert "kallelse 2025-11-05 13:00" in description  # the reference a coordinator looks up
    assert record["kallad_av"]["verksamhet"] in description


def test_no_personal_data_in_the_calendar_file(sample: Sample) -> None:
    record = sample("kallelse")
    data, _ = fill_ics(record)
    unfolded = data.decode("utf-8").replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
    people = [record["barn"], *record["vardnadshavare"], *record["kallade"], record["kallad_av"], record["beslutad_av"]]
    personal = {value for person in people for key, value in person.items()
                if key in ("namn", "personnummer", "adress", "telefon", "epost")}  # fmt: skip
    assert not [value for value in personal if value in unfolded]
    assert not re.search(r"\d{6}[-+]?\d{4}", unfolded)
    for free_text in (record["syfte"], *record["dagordning"], record["mote"]["distans"]):
        assert free_text not in unfolded  # free text may name the child


def test_a_summer_meeting_is_in_summer_time_and_the_vtimezone_says_so(sample: Sample) -> None:
    record = sample("kallelse")
    record["mote"]["datum"] = "2026-06-10"
    record["behov_aktualiserat"] = record["svar_senast"] = record["skickad"] = "2026-06-01"
    data, event = fill_ics(record)
    assert event.decoded("dtstart").astimezone(dt.UTC) == dt.datetime(2026, 6, 10, 11, 0, tzinfo=dt.UTC)
    (zone,) = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
    assert "RDATE" not in data.decode()  # Outlook misreads RDATE lists: the zone is a yearly rule
    read_back = zone.to_tz()
    for moment in (dt.datetime(2026, 6, 10, 13), dt.datetime(2026, 1, 10, 13), dt.datetime(2027, 3, 28, 3, 30)):
        assert moment.replace(tzinfo=read_back).utcoffset() == moment.replace(tzinfo=ZoneInfo("Europe/Stockholm")).utcoffset()


@pytest.mark.parametrize("tzid", ["Europe/Stockholm", "Europe/Oslo", "Asia/Tokyo", "America/Santiago"])
def test_vtimezone_matches_the_zone_through_the_year(tzid: str) -> None:
    zone = vtimezone(tzid, 2025).to_tz()
    for day in range(0, 365, 7):
        moment = dt.datetime(2025, 1, 1, 12) + dt.timedelta(days=day)
        assert moment.replace(tzinfo=zone).utcoffset() == moment.replace(tzinfo=ZoneInfo(tzid)).utcoffset(), moment


def test_a_moved_meeting_keeps_its_uid_with_a_higher_sequence(sample: Sample) -> None:
    """Issue 19 item 13: the same meeting has one UID in every run; moved, it keeps it and SEQUENCE rises."""
    record = sample("kallelse")
    _, first = fill_ics(record, "--today", "2025-10-23")
    _, again = fill_ics(record, "--today", "2025-10-23")
    record["mote"]["datum"], record["mote"]["fran"] = "2025-11-06", "09:00"
    _, moved = fill_ics(record, "--today", "2025-10-30")
    assert str(first["uid"]) == str(again["uid"]) == str(moved["uid"])
    assert first["sequence"] == again["sequence"] < moved["sequence"]
    assert moved.decoded("dtstart") == dt.datetime(2025, 11, 6, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


def test_two_childrens_meetings_never_share_a_uid_and_it_holds_no_personal_data(sample: Sample) -> None:
    record = sample("kallelse")
    _, first = fill_ics(record)
    other = sample("kallelse")
    other["barn"]["personnummer"] = "20120314-2383"  # another child, the same meeting otherwise
    _, second = fill_ics(other)
    assert str(first["uid"]) != str(second["uid"])
    digits = re.sub(r"\D", "", record["barn"]["personnummer"])
    assert digits not in re.sub(r"\D", "", str(first["uid"]))  # a one-way hash: the number is nowhere in it


@pytest.mark.parametrize(
    ("change", "home"),
    [
        ({"i_hemmet": True}, True),
        ({"plats": "Hemma hos familjen Yılmaz"}, True),  # the family's name
        ({"plats": "Storvägen 12, Åre"}, True),  # the child's home address
        ({"plats": "Barn- och elevhälsan, Åre kommunhus"}, False),
    ],
)
def test_a_meeting_at_home_is_placed_as_a_home_visit(sample: Sample, change: dict[str, Any], home: bool) -> None:
    """Issue 19 item 10: the LOCATION is never a family's name or home address."""
    record = sample("kallelse")
    record["mote"].update(change)
    _, event = fill_ics(record)
    assert str(event["location"]) == ("Hembesök" if home else record["mote"]["plats"])


def test_the_home_visit_wording_is_a_setting(sample: Sample) -> None:
    Path("formkit.toml").write_text('[dokument]\nhembesok = "Möte i hemmet"\n', encoding="utf-8")
    record = sample("kallelse")
    record["mote"]["i_hemmet"] = True
    _, event = fill_ics(record)
    assert str(event["location"]) == "Möte i hemmet"


def test_a_meeting_at_the_standing_time_can_recur(sample: Sample) -> None:
    record = sample("kallelse")  # Åre: the first Wednesday of the month 13-15
    record["motestyp"] = "styrgruppsmote"
    for key in ("barn", "vardnadshavare", "samtycke"):
        del record[key]
    record["mote"]["staende_tid"] = True
    _, event = fill_ics(record)
    assert event["rrule"]["FREQ"] == ["MONTHLY"] and event["rrule"]["BYDAY"] == ["1WE"]
    record["mote"]["staende_tid"] = False
    _, once = fill_ics(record)
    assert "RRULE" not in once


def test_a_draft_without_a_time_is_an_all_day_entry(sample: Sample) -> None:
    record = sample("kallelse")
    del record["mote"]["fran"], record["mote"]["till"]
    Path("in.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert run("fill", "kallelse", "in.json", "--to", "ics", "--out", "ut", "--draft").exit_code == 0
    (event,) = icalendar.Calendar.from_ical(Path("ut/kallelse-00001.ics").read_bytes()).walk("VEVENT")
    assert event.decoded("dtstart") == dt.date(2025, 11, 5)


def test_a_form_that_names_no_meeting_cannot_be_written_as_ics(sample: Sample) -> None:
    Path("sip.json").write_text(json.dumps(sample("sip")), encoding="utf-8")
    result = run("fill", "sip", "sip.json", "--to", "ics", "--out", "ut")
    assert result.exit_code == 2
    assert "sip: blanketten anger inget möte (x-formkit calendar)" in result.stderr
    assert not Path("ut/sip-00001.ics").exists()


# ---------------------------------------------------------------- a meeting form from an outside folder

OUTSIDE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Innkalling til ansvarsgruppemøte",
    "description": "En enkel innkalling.",
    "x-formkit": {
        "id": "egen-innkalling", "title": "Innkalling", "language": "nb", "version": "1.0.0", "source": "test",
        "case": {"person": "bruker.fodselsnummer", "name": "bruker.navn", "dated": "dato"},
        "due": [{"kind": "mote", "date": "dato", "time": "fra", "overdue": False}],
        "calendar": {"date": "dato", "start": "fra", "end": "til", "location": "sted", "title": "type"},
    },
    "type": "object",
    "properties": {
        "type": {"title": "Type", "type": "string", "enum": ["ansvarsgruppe"],
                 "x-enum-titles": {"ansvarsgruppe": "Ansvarsgruppemøte"}},
        "dato": {"title": "Dato", "type": "string", "format": "date", "minLength": 10, "maxLength": 10},
        "fra": {"title": "Fra", "type": "string", "format": "time-hm", "minLength": 5, "maxLength": 5},
        "til": {"title": "Til", "type": "string", "format": "time-hm", "minLength": 5, "maxLength": 5},
        "sted": {"title": "Sted", "type": "string", "minLength": 1, "maxLength": 200},
        "bruker": {
            "title": "Bruker", "type": "object", "additionalProperties": False, "required": ["navn"],
            "properties": {
                "navn": {"title": "Navn", "type": "string", "minLength": 1, "maxLength": 200},
                "fodselsnummer": {"title": "Fødselsnummer", "type": "string", "format": "fodselsnummer",
                                  "minLength": 11, "maxLength": 11},
            },
        },
    },
    "required": ["type", "dato", "fra", "sted"],
    "additionalProperties": False,
}  # fmt: skip
MEETING = {"type": "ansvarsgruppe", "dato": "2025-06-17", "fra": "13:00", "til": "14:00", "sted": "Otta rådhus",
           "bruker": {"navn": "Kari Nordmann", "fodselsnummer": "52071151263"}}  # fmt: skip


def _outside(schema: dict[str, Any]) -> None:
    Path("skjema").mkdir(exist_ok=True)
    Path("skjema/egen-innkalling.schema.json").write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    Path("formkit.toml").write_text('[formular]\nkataloger = ["skjema"]\n', encoding="utf-8")


def test_an_outside_form_naming_its_meeting_is_written_as_ics_in_its_own_time_zone() -> None:
    _outside(OUTSIDE)
    data, event = fill_ics(MEETING, form="egen-innkalling")
    assert str(event["summary"]) == "Ansvarsgruppemøte"
    assert event["dtstart"].params["TZID"] == "Europe/Oslo"
    assert event.decoded("dtstart").astimezone(dt.UTC) == dt.datetime(2025, 6, 17, 11, 0, tzinfo=dt.UTC)
    assert "Kari" not in data.decode() and "52071151263" not in data.decode()
    assert "Navn og fødselsnummer står i dokumentet" in str(event["description"])


def test_an_outside_form_takes_part_in_due() -> None:
    _outside(OUTSIDE)
    Path("poster.jsonl").write_text(json.dumps({"form": "egen-innkalling", "data": MEETING}) + "\n", encoding="utf-8")
    result = run("due", "poster.jsonl", "--date", "2025-06-10")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Å gjøre per 2025-06-10 (forsinket, og det som forfaller innen 30 dager):",
        "  2025-06-17 13:00  kommende   Innkalt møte  (egen-innkalling: poster.jsonl, post 1; dato)",
        "1 å gjøre: 0 forsinket, 1 kommende.",
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"due": [{"kind": "fest", "date": "dato"}]}, "okänd sorts frist 'fest': ge den en label"),
        ({"due": [{"kind": "mote", "date": "dato", "days": 3, "months": 1}]}, "ange högst en av days, workdays, months"),
        ({"due": [{"kind": "mote", "date": "datum"}]}, "x-formkit due.date: 'datum' är inget fält i blanketten"),
        ({"due": [{"kind": "mote", "date": "dato", "days": "okand"}]}, "'okand' är ingen inställning med ett antal"),
        ({"calendar": {"date": "dato", "start": "fra", "title": "type", "timezone": "Europe/Atlantis"}}, "okänd tidszon"),
        ({"consent": {"needs": ["type"], "grants": "type"}}, "consent anger antingen grants"),
    ],
)
def test_a_wrong_casework_key_is_a_clear_schema_error(change: dict[str, Any], expected: str) -> None:
    schema = json.loads(json.dumps(OUTSIDE))
    schema["x-formkit"].update(change)
    _outside(schema)
    Path("poster.jsonl").write_text(json.dumps({"form": "egen-innkalling", "data": MEETING}) + "\n", encoding="utf-8")
    result = run("due", "poster.jsonl", "--date", "2025-06-10")
    assert result.exit_code == 2
    assert expected in result.stderr


# ---------------------------------------------------------------- deadlines are data: an outside form's own kinds


def test_an_outside_form_declares_six_months_after_with_no_code() -> None:
    """Issue 18 item 5: a kind formkit does not name, a date plus months, in the form's own words."""
    schema = json.loads(json.dumps(OUTSIDE))
    schema["properties"]["evaluert"] = {"title": "Evaluert", "type": "string", "format": "date", "minLength": 10,
                                        "maxLength": 10}  # fmt: skip
    schema["x-formkit"]["due"] = [
        {"kind": "evaluering", "label": "Evaluering seks måneder etter møtet", "date": "dato", "months": 6,
         "unless": "evaluert"},
        {"kind": "oppfolging", "label": {"sv": "Uppföljning 10 arbetsdagar efter", "nb": "Oppfølging 10 arbeidsdager etter"},
         "date": "dato", "workdays": 10},
    ]  # fmt: skip
    _outside(schema)
    meeting = dict(MEETING, dato="2025-08-31")
    Path("poster.jsonl").write_text(json.dumps({"form": "egen-innkalling", "data": meeting}) + "\n", encoding="utf-8")
    result = run("due", "poster.jsonl", "--date", "2026-02-27", "--within", "5")
    assert result.stdout.splitlines() == [
        "Å gjøre per 2026-02-27 (forsinket, og det som forfaller innen 5 dager):",
        "  2025-09-12        forsinket  Oppfølging 10 arbeidsdager etter  (egen-innkalling: poster.jsonl, post 1; dato)",
        "  2026-02-28        kommende   Evaluering seks måneder etter møtet  (egen-innkalling: poster.jsonl, post 1; evaluert)",
        "2 å gjøre: 1 forsinket, 1 kommende.",
    ]  # 2025-08-31 + 10 Norwegian working days; + 6 months: the last day of February
    swedish = run("due", "poster.jsonl", "--date", "2025-09-15", "--lang", "sv").stdout
    assert "Uppföljning 10 arbetsdagar efter" in swedish  # 2025-09-12: Norway's working days, the label in the list's language
    meeting["evaluert"] = "2026-02-20"
    Path("poster.jsonl").write_text(json.dumps({"form": "egen-innkalling", "data": meeting}) + "\n", encoding="utf-8")
    assert "Evaluering" not in run("due", "poster.jsonl", "--date", "2026-02-27").stdout


def test_an_outside_form_declares_a_deadline_at_the_municipality_s_standing_time() -> None:
    schema = json.loads(json.dumps(OUTSIDE))
    schema["x-formkit"]["due"] = [{"kind": "fast_tid", "label": "Neste faste samarbeidstid", "date": "dato", "standing": True}]
    _outside(schema)
    with Path("formkit.toml").open("a", encoding="utf-8") as toml:
        toml.write('[dokument]\nkommune = "Sel kommune"\n[kommuner."Sel kommune"]\n'
                   'staende_tid = { veckodag = "tisdag", ordning = -1, fran = "09:00", till = "11:00" }\n')
    Path("poster.jsonl").write_text(json.dumps({"form": "egen-innkalling", "data": MEETING}) + "\n", encoding="utf-8")
    lines = run("due", "poster.jsonl", "--date", "2025-06-10").stdout.splitlines()
    # the last Tuesday of June 2025 on or after the meeting (2025-06-17): 2025-06-24
    assert "  2025-06-24        kommende   Neste faste samarbeidstid  (egen-innkalling: poster.jsonl, post 1; dato)" in lines
    assert "  Fast tid for samarbeid (Sel kommune): 2025-06-24 kl. 09:00–11:00" in lines
