"""The kallelse's rules (the forms contract): each passing and failing from the sample, at its path and severity."""

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


def verdicts(record: dict[str, Any], settings: Settings | None = None) -> list[tuple[str, str, str]]:
    return [(p.path, p.severity, p.rule) for p in validate_record("kallelse", record, settings)]


def test_sample_passes_every_rule(sample: Sample) -> None:
    assert verdicts(sample("kallelse")) == []


@pytest.mark.parametrize(("motestyp", "severity"), [("sip", "error"), ("natverksmote", "warning"), ("uppfoljning", "warning")])
def test_consent_not_obtained_is_an_error_for_a_sip_and_a_warning_otherwise(sample: Sample, motestyp: str, severity: str) -> None:
    record = sample("kallelse")
    record["motestyp"] = motestyp
    record["samtycke"] = {"inhamtat": False}
    assert verdicts(record) == [("samtycke.inhamtat", severity, "samtycke_inhamtat")]


def test_meeting_must_end_after_it_starts(sample: Sample) -> None:
    record = sample("kallelse")  # 13:00-15:00
    record["mote"]["till"] = "13:00"
    assert verdicts(record) == [("mote.till", "error", "motetid")]
    record["mote"]["till"] = "13:01"
    assert verdicts(record) == []


def test_invitation_sent_after_the_meeting_is_an_error(sample: Sample) -> None:
    record = sample("kallelse")  # mote.datum 2025-11-05
    record["skickad"] = "2025-11-06"
    assert verdicts(record) == [("skickad", "error", "skickad_fore_mote")]
    record["skickad"] = "2025-11-05"
    assert verdicts(record) == []


def test_reply_date_after_the_meeting_warns(sample: Sample) -> None:
    record = sample("kallelse")
    record["svar_senast"] = "2025-11-06"
    assert verdicts(record) == [("svar_senast", "warning", "svar_fore_mote")]
    record["svar_senast"] = "2025-11-05"
    assert verdicts(record) == []


def test_meeting_more_than_the_setting_after_the_need_warns(sample: Sample) -> None:
    record = sample("kallelse")  # mote.datum 2025-11-05
    record["rutin"] = "norrbus"  # NORRBUS: "senast inom 2 veckor"
    record["behov_aktualiserat"] = "2025-10-22"  # 14 days: in time
    assert verdicts(record) == []
    record["behov_aktualiserat"] = "2025-10-21"  # 15 days
    assert verdicts(record) == [("mote.datum", "warning", "mote_i_tid")]
    assert verdicts(record, Settings(natverksmote_max_dagar=15)) == []


def test_the_two_weeks_are_norrbus_s_own_rule(sample: Sample) -> None:
    """Jämtbus and Västbas set no such number: an Åre invitation is not held to NORRBUS's deadline."""
    record = sample("kallelse")  # Åre kommun, rutin jamtbus
    record["behov_aktualiserat"] = "2025-09-01"
    assert verdicts(record) == []
    del record["rutin"]
    record["kommun"] = "Arjeplogs kommun"  # the kommun's routine in the settings: NORRBUS
    assert verdicts(record) == [("mote.datum", "warning", "mote_i_tid")]


def test_the_threshold_in_the_message_comes_from_the_setting(sample: Sample) -> None:
    record = sample("kallelse")
    record["rutin"] = "norrbus"
    record["behov_aktualiserat"] = "2025-10-01"
    (problem,) = validate_record("kallelse", record, Settings(natverksmote_max_dagar=21))
    assert "21 dagar" in problem.message


@pytest.mark.parametrize("missing", ["ifo", "primarvard"])
def test_sip_meeting_without_both_principals_warns(sample: Sample, missing: str) -> None:
    record = sample("kallelse")  # invites ifo, primarvard, bup, grundskola
    record["kallade"] = [k for k in record["kallade"] if k["verksamhetstyp"] != missing]
    if missing == "primarvard":
        record["kallade"] = [k for k in record["kallade"] if k["verksamhetstyp"] != "bup"]
    assert verdicts(record) == [("kallade", "warning", "bada_huvudmannen")]
    record["motestyp"] = "natverksmote"  # only a SIP needs both principals
    assert verdicts(record) == []


def test_rules_never_crash_on_a_broken_record() -> None:
    broken = {"motestyp": ["sip"], "samtycke": "nej", "mote": {"fran": 13, "till": "1500", "datum": "5/11"},
              "skickad": 20251101, "kallade": [None, "x", {"verksamhetstyp": 3}], "behov_aktualiserat": "igår"}  # fmt: skip
    context = RuleContext(Settings(), "sv", dt.date(2025, 11, 1))
    rules = rules_for(get_form("kallelse"))
    assert len(rules) == 8
    for rule in rules:
        assert all(isinstance(problem, Problem) for problem in rule(broken, context))
