"""formkit validate --with-consents: a plan, SIP or invitation whose organisations no valid consent covers is an error."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import run_cli as run

Sample = Callable[[str], dict[str, Any]]
ELIF = "20120314-2383"  # the samtycke sample's child: consent 2025-09-15..2026-06-30 for grundskola, elevhalsa, ifo, primarvard


pytestmark = pytest.mark.usefixtures("empty_folder")


def write(name: str, data: Any) -> str:
    Path(name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return name


def problems(result: Result) -> list[tuple[str, str, str, str]]:
    (only,) = json.loads(result.stdout)["results"]
    return [(p["path"], p["severity"], p["rule"], p["message"]) for p in only["problems"]]


def plan_of_elif(sample: Sample) -> dict[str, Any]:
    plan = sample("genomforandeplan")  # 2025-10-08: ifo, grundskola, bup, primarvard
    plan["barn"]["personnummer"] = ELIF
    return plan


def test_plan_with_an_organisation_outside_the_consent_is_an_error(sample: Sample) -> None:
    result = run("validate", "genomforandeplan", write("plan.json", plan_of_elif(sample)), "--with-consents",
                 write("samtycke.json", sample("samtycke")), "--format", "json")  # fmt: skip
    assert result.exit_code == 1
    assert problems(result) == [
        ("insatser.2", "error", "samtycke_tackning", "Samtycke saknas för: Barn- och ungdomspsykiatri (BUP)")
    ]


def test_plan_covered_by_the_consent_is_valid(sample: Sample) -> None:
    consent = sample("samtycke")
    consent["verksamheter"].append({"namn": "BUP  norrbotten, Mottagningen i Arvidsjaur", "verksamhetstyp": "bup"})
    result = run("validate", "genomforandeplan", write("plan.json", plan_of_elif(sample)), "--with-consents",
                 write("samtycke.json", consent))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "plan.json, post 1: giltig"  # names compared without case and spacing


def test_a_consent_naming_another_organisation_of_the_type_covers_it_only_with_a_warning(sample: Sample) -> None:
    """The forms contract: a consent naming "BUP Norrbotten" covers that clinic; another BUP only as a fallback, said so."""
    consent = sample("samtycke")
    consent["verksamheter"].append({"namn": "BUP Norrbotten", "verksamhetstyp": "bup"})  # the plan's BUP is in Arvidsjaur
    result = run("validate", "genomforandeplan", write("plan.json", plan_of_elif(sample)), "--with-consents",
                 write("samtycke.json", consent), "--format", "json")  # fmt: skip
    assert result.exit_code == 0
    assert problems(result) == [
        ("insatser.2.ansvarig", "warning", "samtycke_typ",
         "Samtycket nämner inte verksamheten, bara dess typ: Barn- och ungdomspsykiatri (BUP)"),
    ]  # fmt: skip


def test_an_invalid_samtycke_covers_nothing(sample: Sample) -> None:
    """Only a valid samtycke covers anything: one whose guardians are missing for a child is no consent."""
    consent = sample("samtycke")
    consent["verksamheter"].append({"namn": "BUP Norrbotten, mottagningen i Arvidsjaur", "verksamhetstyp": "bup"})
    del consent["vardnadshavare"]  # the child is 13: a guardian must consent
    result = run("validate", "genomforandeplan", write("plan.json", plan_of_elif(sample)), "--with-consents",
                 write("samtycke.json", consent), "--format", "json")  # fmt: skip
    assert result.exit_code == 1
    assert [p[:3] for p in problems(result)] == [("ansvarig_handlaggare", "error", "samtycke_tackning")]


def test_without_the_option_no_consent_is_asked_for(sample: Sample) -> None:
    assert run("validate", "genomforandeplan", write("plan.json", plan_of_elif(sample))).exit_code == 0


def test_a_consent_outside_its_validity_covers_nothing(sample: Sample) -> None:
    consent = sample("samtycke")
    consent["giltig_fran"] = "2025-10-09"  # the day after the plan
    result = run("validate", "genomforandeplan", write("plan.json", plan_of_elif(sample)), "--with-consents",
                 write("samtycke.json", consent), "--format", "json")  # fmt: skip
    (finding,) = problems(result)
    assert finding[3] == ("Samtycke saknas för: Individ- och familjeomsorg (socialtjänst), Grundskola, "
                          "Barn- och ungdomspsykiatri (BUP), Primärvård")  # fmt: skip


def test_consents_as_extract_lines_and_filled_pdfs(sample: Sample) -> None:
    consent = sample("samtycke")
    consent["verksamheter"].append({"namn": "BUP Norrbotten", "verksamhetstyp": "bup"})
    assert run("fill", "samtycke", write("samtycke.json", consent), "--to", "pdf", "--out", "samtycken").exit_code == 0
    plan = write("plan.json", plan_of_elif(sample))
    assert run("validate", "genomforandeplan", plan, "--with-consents", "samtycken").exit_code == 0
    Path("poster.jsonl").write_text(json.dumps({"form": "samtycke", "data": consent}) + "\n", encoding="utf-8")
    assert run("validate", "genomforandeplan", plan, "--with-consents", "poster.jsonl").exit_code == 0


def test_sip_and_invitation_are_checked_too(sample: Sample) -> None:
    invitation = sample("kallelse")  # 2025-11-05: ifo, primarvard, bup, grundskola; sent by elevhalsa
    invitation["barn"]["personnummer"] = ELIF
    result = run("validate", "kallelse", write("kallelse.json", invitation), "--with-consents",
                 write("samtycke.json", sample("samtycke")), "--format", "json")  # fmt: skip
    bup = "Samtycke saknas för: Barn- och ungdomspsykiatri (BUP)"
    found = problems(result)
    assert [p for p in found if p[1] == "error"] == [("kallade.2", "error", "samtycke_tackning", bup)]
    # An Åre invitation against an Arjeplog consent: the types match, the named organisations do not.
    assert {p[:3] for p in found if p[1] == "warning"} == {
        ("kallade.0", "warning", "samtycke_typ"), ("kallade.1", "warning", "samtycke_typ"),
        ("kallade.3", "warning", "samtycke_typ"), ("kallad_av", "warning", "samtycke_typ"),
    }  # fmt: skip
    sip = sample("sip")
    sip["person"]["personnummer"] = ELIF
    sip["upprattad_datum"], sip["uppfoljning"]["datum"] = "2025-10-01", "2025-12-01"
    result = run("validate", "sip", write("sip.json", sip), "--with-consents", "samtycke.json", "--format", "json")
    assert [p[:3] for p in problems(result) if p[1] == "error"] == [("deltagare.1", "error", "samtycke_tackning")]


def test_usage_errors(sample: Sample) -> None:
    report = write("rapport.json", sample("avvikelserapport"))
    result = run("validate", "avvikelserapport", report, "--with-consents", write("samtycke.json", sample("samtycke")))
    assert result.exit_code == 2
    assert "blanketten avvikelserapport behöver inget samtycke" in result.stderr
    plan = write("plan.json", plan_of_elif(sample))
    missing = run("validate", "genomforandeplan", plan, "--with-consents", "finns-inte.json")
    assert missing.exit_code == 2
    assert "--with-consents: finns-inte.json" in missing.stderr


# ------------------------------------------------------------------ issue 19 items 27 and 28


@pytest.mark.parametrize("given", [[], [{"form": "genomforandeplan", "data": {}}]])
def test_consent_files_without_any_samtycke_say_so(sample: Sample, given: list[Any]) -> None:
    plan = write("plan.json", plan_of_elif(sample))
    Path("inga.jsonl").write_text("".join(json.dumps(line) + "\n" for line in given), encoding="utf-8")
    result = run("validate", "genomforandeplan", plan, "--with-consents", "inga.jsonl")
    assert result.exit_code == 2
    said = "formkit: fel: --with-consents: inget samtycke i inga.jsonl (bara andra blanketter, eller inga poster)\n"
    assert result.stderr == said


def test_an_unreadable_consent_file_is_named_once(sample: Sample) -> None:
    plan = write("plan.json", plan_of_elif(sample))
    Path("trasig.pdf").write_bytes(b"%PDF-1.7\nx")
    result = run("validate", "genomforandeplan", plan, "--with-consents", "trasig.pdf")
    assert result.exit_code == 2
    assert result.stderr.count("trasig.pdf") == 1, result.stderr
