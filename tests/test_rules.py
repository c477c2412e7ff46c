"""The routines' rules that JSON Schema cannot say: each one passing and failing, from the sample record.

Each case validates the whole record (schema and rules), so a mutation that
trips an unintended problem fails the test too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from formkit.model.catalog import get_form
from formkit.problems import Problem
from formkit.settings import Settings
from formkit.validation.rules import RuleContext, rules_for
from formkit.validation.validator import validate_record

Sample = Callable[[str], dict[str, Any]]
MakePnr = Callable[..., str]


def verdicts(form_id: str, record: dict[str, Any], settings: Settings | None = None) -> list[tuple[str, str, str]]:
    """(path, severity, rule) of every problem of *record*, in the validator's order."""
    return [(p.path, p.severity, p.rule) for p in validate_record(form_id, record, settings)]


# ---------------------------------------------------------------- samtycke

SAMTYCKE_DATUM = dt.date(2025, 9, 15)  # the sample's datum


def born_years_before(years: int, *, days: int = 0) -> str:
    """YYYYMMDD of a birth date *years* before the samtycke sample's datum, *days* later."""
    birth = SAMTYCKE_DATUM.replace(year=SAMTYCKE_DATUM.year - years) + dt.timedelta(days=days)
    return f"{birth:%Y%m%d}"


def test_samtycke_sample_passes_every_rule(sample: Sample) -> None:
    assert verdicts("samtycke", sample("samtycke")) == []


def test_gemensam_vardnad_with_one_guardian_listed_is_an_error(sample: Sample) -> None:
    record = sample("samtycke")
    del record["vardnadshavare"][1]
    assert verdicts("samtycke", record) == [("vardnadshavare", "error", "gemensam_vardnad")]


@pytest.mark.parametrize("custody", [False, None])
def test_one_guardian_with_sole_custody_passes(sample: Sample, custody: bool | None) -> None:
    record = sample("samtycke")
    del record["vardnadshavare"][1]
    if custody is None:
        del record["vardnadshavare"][0]["gemensam_vardnad"]
    else:
        record["vardnadshavare"][0]["gemensam_vardnad"] = custody
    assert verdicts("samtycke", record) == []


def test_vardnadshavare_required_for_a_child(sample: Sample) -> None:
    record = sample("samtycke")
    del record["vardnadshavare"]
    assert verdicts("samtycke", record) == [("vardnadshavare", "error", "required")]


def test_vardnadshavare_required_when_the_age_is_unknown(sample: Sample) -> None:
    record = sample("samtycke")
    del record["vardnadshavare"]
    del record["barn"]["personnummer"]
    assert verdicts("samtycke", record) == [("vardnadshavare", "error", "required")]


def test_no_guardian_needed_from_the_18th_birthday_on_datum(sample: Sample, make_personnummer: MakePnr) -> None:
    record = sample("samtycke")
    del record["vardnadshavare"]
    record["barn"]["personnummer"] = make_personnummer(born_years_before(18))
    assert verdicts("samtycke", record) == []
    record["barn"]["personnummer"] = make_personnummer(born_years_before(18, days=1))  # 18 tomorrow
    assert verdicts("samtycke", record) == [("vardnadshavare", "error", "required")]


def test_no_guardian_needed_for_an_adult_with_samordningsnummer(sample: Sample, make_personnummer: MakePnr) -> None:
    record = sample("samtycke")
    del record["vardnadshavare"]
    record["barn"]["personnummer"] = make_personnummer("20010375")  # born 2001-03-15, day + 60
    assert verdicts("samtycke", record) == []


def test_myndig_alder_is_a_setting(sample: Sample) -> None:
    record = sample("samtycke")  # the child is 13 on datum
    del record["vardnadshavare"]
    assert verdicts("samtycke", record, Settings(myndig_alder=13)) == []
    assert verdicts("samtycke", record, Settings(myndig_alder=14)) == [("vardnadshavare", "error", "required")]


def test_barnets_samtycke_missing_at_12_is_a_warning(sample: Sample, make_personnummer: MakePnr) -> None:
    record = sample("samtycke")
    record["barn"]["personnummer"] = make_personnummer(born_years_before(12))  # 12 today
    record["barnets_samtycke"]["inhamtat"] = False
    assert verdicts("samtycke", record) == [("barnets_samtycke", "warning", "barnets_samtycke")]
    del record["barnets_samtycke"]
    assert verdicts("samtycke", record) == [("barnets_samtycke", "warning", "barnets_samtycke")]


def test_barnets_samtycke_not_expected_below_12(sample: Sample, make_personnummer: MakePnr) -> None:
    record = sample("samtycke")
    record["barn"]["personnummer"] = make_personnummer(born_years_before(12, days=1))  # 12 tomorrow
    record["barnets_samtycke"]["inhamtat"] = False
    assert verdicts("samtycke", record) == []


def test_barnets_samtycke_inhamtat_passes(sample: Sample) -> None:
    record = sample("samtycke")  # 13 years old, inhamtat true
    assert record["barnets_samtycke"]["inhamtat"] is True
    assert verdicts("samtycke", record) == []


def test_barnets_samtycke_threshold_is_a_setting(sample: Sample) -> None:
    record = sample("samtycke")  # 13 years old on datum
    record["barnets_samtycke"]["inhamtat"] = False
    assert verdicts("samtycke", record, Settings(barnets_samtycke_alder=14)) == []
    expected = [("barnets_samtycke", "warning", "barnets_samtycke")]
    assert verdicts("samtycke", record, Settings(barnets_samtycke_alder=13)) == expected


@pytest.mark.parametrize("giltig_till", ["2025-09-15", "2025-09-14"])
def test_giltig_till_not_after_giltig_fran_is_an_error(sample: Sample, giltig_till: str) -> None:
    record = sample("samtycke")  # giltig_fran 2025-09-15
    record["giltig_till"] = giltig_till
    assert verdicts("samtycke", record) == [("giltig_till", "error", "giltighet")]


def test_validity_of_exactly_12_months_passes_and_longer_warns(sample: Sample) -> None:
    record = sample("samtycke")
    record["giltig_till"] = "2026-09-15"
    assert verdicts("samtycke", record) == []
    record["giltig_till"] = "2026-09-16"
    assert verdicts("samtycke", record) == [("giltig_till", "warning", "giltighet_lang")]


def test_longest_validity_is_a_setting(sample: Sample) -> None:
    record = sample("samtycke")  # 2025-09-15 .. 2026-06-30: about 9.5 months
    assert verdicts("samtycke", record, Settings(samtycke_max_manader=9)) == [("giltig_till", "warning", "giltighet_lang")]
    assert verdicts("samtycke", record, Settings(samtycke_max_manader=10)) == []


# ---------------------------------------------------------------- genomförandeplan


def test_genomforandeplan_sample_passes_every_rule(sample: Sample) -> None:
    assert verdicts("genomforandeplan", sample("genomforandeplan")) == []


@pytest.mark.parametrize("follow_up", ["2025-10-08", "2025-10-07"])
def test_genomforandeplan_uppfoljning_not_after_plan_is_an_error(sample: Sample, follow_up: str) -> None:
    record = sample("genomforandeplan")  # upprattad_datum 2025-10-08
    record["uppfoljning"]["datum"] = follow_up
    assert verdicts("genomforandeplan", record) == [("uppfoljning.datum", "error", "uppfoljning_efter_plan")]


def test_genomforandeplan_uppfoljning_the_next_day_passes(sample: Sample) -> None:
    record = sample("genomforandeplan")
    record["uppfoljning"]["datum"] = "2025-10-09"
    assert verdicts("genomforandeplan", record) == []


def test_natverksmote_within_14_days_passes_and_15_warns(sample: Sample) -> None:
    record = sample("genomforandeplan")  # aktualiserat 2025-09-22
    record["arende"]["natverksmote"] = "2025-10-06"  # 14 days
    assert verdicts("genomforandeplan", record) == []
    record["arende"]["natverksmote"] = "2025-10-07"  # 15 days
    assert verdicts("genomforandeplan", record) == [("arende.natverksmote", "warning", "natverksmote_i_tid")]


def test_natverksmote_threshold_is_a_setting(sample: Sample) -> None:
    record = sample("genomforandeplan")  # 9 days
    assert verdicts("genomforandeplan", record, Settings(natverksmote_max_dagar=8)) == [
        ("arende.natverksmote", "warning", "natverksmote_i_tid")
    ]
    assert verdicts("genomforandeplan", record, Settings(natverksmote_max_dagar=9)) == []
    record["arende"]["natverksmote"] = "2025-10-07"  # 15 days
    assert verdicts("genomforandeplan", record, Settings(natverksmote_max_dagar=15)) == []


def test_all_insatser_at_one_organisation_warns(sample: Sample) -> None:
    record = sample("genomforandeplan")
    # Spelling differences in case and spaces are still the same organisation.
    for insats, spelling in zip(record["insatser"], ["Arjeplogs skola", "arjeplogs  SKOLA", " Arjeplogs skola"], strict=True):
        insats["ansvarig"]["verksamhet"] = spelling
    assert verdicts("genomforandeplan", record) == [("insatser", "warning", "flera_aktorer")]


def test_a_single_insats_is_a_single_organisation(sample: Sample) -> None:
    record = sample("genomforandeplan")
    del record["insatser"][1:]
    assert verdicts("genomforandeplan", record) == [("insatser", "warning", "flera_aktorer")]


def test_insatser_at_two_organisations_pass(sample: Sample) -> None:
    record = sample("genomforandeplan")
    del record["insatser"][2]  # skola and IFO remain
    assert verdicts("genomforandeplan", record) == []


# ---------------------------------------------------------------- avvikelserapport


def test_avvikelserapport_sample_passes_every_rule(sample: Sample) -> None:
    assert verdicts("avvikelserapport", sample("avvikelserapport")) == []


def test_rapportdatum_before_handelsedatum_is_an_error(sample: Sample) -> None:
    record = sample("avvikelserapport")  # handelsedatum 2025-03-04
    record["rapportdatum"] = "2025-03-03"
    assert verdicts("avvikelserapport", record) == [("rapportdatum", "error", "rapportdatum")]
    record["rapportdatum"] = "2025-03-04"  # the same day is fine
    assert verdicts("avvikelserapport", record) == []


def test_rapportdatum_in_the_future_is_an_error(sample: Sample) -> None:
    record = sample("avvikelserapport")
    del record["handlaggning"]  # its dates would precede the new rapportdatum
    record["rapportdatum"] = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert verdicts("avvikelserapport", record) == [("rapportdatum", "error", "rapportdatum")]
    record["rapportdatum"] = dt.date.today().isoformat()
    assert verdicts("avvikelserapport", record) == []


@pytest.mark.parametrize("field", ["mottagen", "aterkoppling", "atgardat"])
def test_handlaggning_dates_before_rapportdatum_are_errors(sample: Sample, field: str) -> None:
    record = sample("avvikelserapport")  # rapportdatum 2025-03-06
    record["handlaggning"][field] = "2025-03-05"
    expected = [(f"handlaggning.{field}", "error", "handlaggning_datum")]
    if field != "mottagen":  # also before the report was received (2025-03-07)
        expected.append((f"handlaggning.{field}", "error", "handlaggning_ordning"))
    assert verdicts("avvikelserapport", record) == expected
    record["handlaggning"][field] = "2025-03-06"
    record["handlaggning"]["mottagen"] = "2025-03-06"
    assert verdicts("avvikelserapport", record) == []


def test_missing_signatures_warn_each_at_its_own_path(sample: Sample) -> None:
    record = sample("avvikelserapport")
    del record["underskrifter"]["narmaste_chef"]
    assert verdicts("avvikelserapport", record) == [("underskrifter.narmaste_chef", "warning", "underskrifter")]
    del record["underskrifter"]
    assert verdicts("avvikelserapport", record) == [
        ("underskrifter.rapportor", "warning", "underskrifter"),
        ("underskrifter.narmaste_chef", "warning", "underskrifter"),
    ]


# ---------------------------------------------------------------- SIP


def test_sip_sample_passes_every_rule(sample: Sample) -> None:
    assert verdicts("sip", sample("sip")) == []


def test_sip_without_consent_is_an_error_at_samtycke_lamnat(sample: Sample) -> None:
    record = sample("sip")
    record["samtycke"]["lamnat"] = False
    assert verdicts("sip", record) == [("samtycke.lamnat", "error", "samtycke_lamnat")]


@pytest.mark.parametrize("follow_up", ["2025-05-07", "2025-05-06"])
def test_sip_uppfoljning_not_after_plan_is_an_error(sample: Sample, follow_up: str) -> None:
    record = sample("sip")  # upprattad_datum 2025-05-07
    record["uppfoljning"]["datum"] = follow_up
    assert verdicts("sip", record) == [("uppfoljning.datum", "error", "uppfoljning_efter_plan")]


@pytest.mark.parametrize(
    ("kept", "warns"),
    [
        ([1, 2, 3], True),  # no social services
        ([0, 3], True),  # no health care
        ([0, 1], False),  # ifo + bup
        ([0, 2], False),  # ifo + primarvard
    ],
)
def test_sip_needs_both_social_services_and_health_care(sample: Sample, kept: list[int], warns: bool) -> None:
    record = sample("sip")  # deltagare: ifo, bup, primarvard, gymnasieskola
    record["deltagare"] = [record["deltagare"][index] for index in kept]
    expected = [("deltagare", "warning", "bada_huvudmannen")] if warns else []
    assert verdicts("sip", record) == expected


def test_sip_habilitering_counts_as_health_care(sample: Sample) -> None:
    record = sample("sip")
    record["deltagare"] = [record["deltagare"][0], {**record["deltagare"][3], "verksamhetstyp": "habilitering"}]
    assert verdicts("sip", record) == []


@pytest.mark.parametrize(
    ("kind", "warns"), [("grundskola", True), ("polis", True), ("bup", False), ("primarvard", False), (None, False)]
)
def test_sip_huvudansvar_outside_the_two_principals_warns(sample: Sample, kind: str | None, warns: bool) -> None:
    record = sample("sip")
    if kind is None:
        del record["huvudansvar"]["verksamhetstyp"]
    else:
        record["huvudansvar"]["verksamhetstyp"] = kind
    expected = [("huvudansvar", "warning", "huvudansvar_huvudman")] if warns else []
    assert verdicts("sip", record) == expected


# ---------------------------------------------------------------- sel-referat


def test_sel_referat_sample_passes_every_rule(sample: Sample) -> None:
    assert verdicts("sel-referat", sample("sel-referat")) == []


@pytest.mark.parametrize("til", ["13:00", "12:59"])
def test_mote_til_not_after_fra_is_an_error(sample: Sample, til: str) -> None:
    record = sample("sel-referat")  # fra 13:00
    record["mote"]["til"] = til
    assert verdicts("sel-referat", record) == [("mote.til", "error", "motetid")]


def test_mote_til_a_minute_after_fra_passes(sample: Sample) -> None:
    record = sample("sel-referat")
    record["mote"]["til"] = "13:01"
    assert verdicts("sel-referat", record) == []


@pytest.mark.parametrize("dato", ["2025-02-11", "2025-02-10"])
def test_neste_mote_not_after_this_meeting_is_an_error(sample: Sample, dato: str) -> None:
    record = sample("sel-referat")  # mote.dato 2025-02-11
    record["neste_mote"]["dato"] = dato
    assert verdicts("sel-referat", record) == [("neste_mote.dato", "error", "neste_mote")]


def test_tiltak_deadline_before_the_meeting_warns_at_that_tiltak(sample: Sample) -> None:
    record = sample("sel-referat")  # mote.dato 2025-02-11
    record["tiltak"][1]["frist"] = "2025-02-10"
    assert verdicts("sel-referat", record) == [("tiltak.1.frist", "warning", "tiltak_frist")]
    record["tiltak"][1]["frist"] = "2025-02-11"  # due on the meeting day itself is fine
    assert verdicts("sel-referat", record) == []


def test_sel_referat_rule_messages_are_bokmal(sample: Sample) -> None:
    record = sample("sel-referat")
    record["mote"]["til"] = "12:00"
    record["neste_mote"]["dato"] = "2025-02-01"
    record["tiltak"][0]["frist"] = "2025-01-01"
    messages = {p.rule: p.message for p in validate_record("sel-referat", record)}
    assert messages == {
        "motetid": "Møtet må slutte etter at det starter.",
        "neste_mote": "Neste møte må være etter dette møtet.",
        "tiltak_frist": "Fristen er før møtedatoen.",
    }


# ---------------------------------------------------------------- rules read broken records defensively

BROKEN: dict[str, dict[str, Any]] = {
    "samtycke": {"barn": {"personnummer": 191212121212}, "vardnadshavare": "two", "datum": "2025-02-30",
                 "giltig_fran": 20250101, "giltig_till": ["x"], "barnets_samtycke": "ja"},
    "genomforandeplan": {"upprattad_datum": "igår", "uppfoljning": "snart", "arende": [1],
                         "insatser": [None, "x", {"ansvarig": 3}]},
    "avvikelserapport": {"handelsedatum": None, "rapportdatum": "2025-13-01", "handlaggning": "ja", "underskrifter": ["x"]},
    "sip": {"samtycke": "nej", "deltagare": {"0": "ifo"}, "huvudansvar": {"verksamhetstyp": 3}, "uppfoljning": [None]},
    "sel-referat": {"mote": {"fra": "1300", "til": 14, "dato": "11.02.2025"}, "tiltak": [{"frist": 5}, "x"], "neste_mote": None},
}  # fmt: skip


@pytest.mark.parametrize("form_id", sorted(BROKEN))
def test_rules_never_crash_on_a_broken_record(form_id: str) -> None:
    # Rules run on schema-invalid records too: every field they read may be absent or of any type.
    rules = rules_for(get_form(form_id))
    assert rules
    context = RuleContext(Settings(), "sv", dt.date(2026, 12, 1))
    for rule in rules:
        assert all(isinstance(problem, Problem) for problem in rule(BROKEN[form_id], context))


@pytest.mark.parametrize("kind", [["ifo"], {"typ": "ifo"}])
def test_sip_participant_type_of_the_wrong_shape_is_a_type_error_not_a_crash(sample: Sample, kind: Any) -> None:
    record = sample("sip")
    record["deltagare"][0]["verksamhetstyp"] = kind  # the only ifo participant
    assert sorted(verdicts("sip", record)) == [
        ("deltagare", "warning", "bada_huvudmannen"),  # no social services left among the participants
        ("deltagare.0.verksamhetstyp", "error", "enum"),
        ("deltagare.0.verksamhetstyp", "error", "type"),
    ]


def test_validity_near_the_end_of_the_calendar_is_judged_not_a_crash(sample: Sample) -> None:
    # "9999-12-31" is a common "until further notice"; adding 12 months to a start in 9999 leaves the calendar.
    record = sample("samtycke")
    record["giltig_fran"], record["giltig_till"] = "9999-06-01", "9999-12-31"
    assert verdicts("samtycke", record) == []
    assert verdicts("samtycke", sample("samtycke"), Settings(samtycke_max_manader=200_000)) == []


# ---------------------------------------------------------------- sip: cost allocation (Jämtbus 5.6)


def _placement(sample: Sample, **fields: Any) -> dict[str, Any]:
    record = sample("sip")
    record["kostnadsfordelning"] = {"placering_utanfor_hemmet": True, **fields}
    return record


def test_a_planned_placement_needs_its_cost_allocation(sample: Sample) -> None:
    found = validate_record("sip", _placement(sample, akutplacering=False), Settings(referensdatum=dt.date(2025, 6, 1)))
    assert ("kostnadsfordelning.overenskommen", "error", "kostnadsfordelning") in [(p.path, p.severity, p.rule) for p in found]
    agreed = _placement(sample, overenskommen="2025-05-06")
    assert validate_record("sip", agreed, Settings(referensdatum=dt.date(2025, 6, 1))) == []


def test_every_insats_names_who_pays_when_a_placement_is_planned(sample: Sample) -> None:
    record = _placement(sample, overenskommen="2025-05-06")
    del record["insatser"][1]["kostnadsansvar"]
    found = validate_record("sip", record, Settings(referensdatum=dt.date(2025, 6, 1)))
    assert [(p.path, p.severity, p.rule) for p in found] == [("insatser.1.kostnadsansvar", "warning", "kostnadsansvar")]


@pytest.mark.parametrize(
    ("decided", "agreed", "late"),
    [
        ("2025-04-11", "2025-04-29", False),  # the 10th working day over Easter
        ("2025-04-11", "2025-04-30", True),
        ("2025-12-19", "2026-01-12", False),  # over Christmas, nyårsafton and trettondedag jul
        ("2025-12-19", "2026-01-13", True),
    ],
)
def test_an_emergency_placement_allocation_within_ten_working_days(sample: Sample, decided: str, agreed: str, late: bool) -> None:
    record = _placement(sample, akutplacering=True, placeringsbeslut=decided, overenskommen=agreed)
    found = [p.rule for p in validate_record("sip", record, Settings(referensdatum=dt.date(2026, 2, 1)))]
    assert ("akutplacering_i_tid" in found) is late


def test_an_emergency_placement_without_allocation_is_late_only_after_the_deadline(sample: Sample) -> None:
    record = _placement(sample, akutplacering=True, placeringsbeslut="2025-04-11")
    on_time = validate_record("sip", record, Settings(referensdatum=dt.date(2025, 4, 29)))
    late = validate_record("sip", record, Settings(referensdatum=dt.date(2025, 4, 30)))
    assert "akutplacering_i_tid" not in [p.rule for p in on_time]
    assert "akutplacering_i_tid" in [p.rule for p in late]
    assert validate_record("sip", record, Settings(referensdatum=dt.date(2025, 4, 30), akutplacering_arbetsdagar=12)) == []
