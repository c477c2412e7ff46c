"""Each routine says what it says (issue 18 item 2, 3, 4): the rules and printed sentences of the seeds, per routine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from formkit.model.catalog import get_form
from formkit.render.context import display_context
from formkit.render.docx.render import docx_paragraphs, render_docx
from formkit.render.pdf.fill import PdfRenderer
from formkit.settings import Municipality, Settings
from formkit.validation.validator import Validator

Sample = Callable[[str], dict[str, Any]]
TODAY = dt.date(2025, 11, 1)
NORRBUS = "Den av samverkansparterna som upptäcker behov av samverkan"
JAMTBUS = "En medarbetare inom kommunen som vill initiera en träff kontaktar sin närmsta chef"
VASTBAS = "Koordinator 1 mobiliserar, förbereder för och bjuder in"


def verdicts(form: str, record: dict[str, Any], settings: Settings | None = None) -> list[tuple[str, str, str]]:
    return [(p.path, p.severity, p.rule) for p in Validator(form, settings or Settings(), today=TODAY).validate(record)]


def pdf_text(form: str, record: dict[str, Any], settings: Settings | None = None) -> str:
    import io

    from pypdf import PdfReader

    data = PdfRenderer(get_form(form), settings=settings or Settings(), flatten_form=True).render(record)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# ---------------------------------------------------------------- the kallelse speaks its routine


@pytest.mark.parametrize(
    ("kommun", "rutin", "own", "others"),
    [
        ("Åre kommun", None, JAMTBUS, (NORRBUS, VASTBAS)),
        ("Arjeplogs kommun", None, NORRBUS, (JAMTBUS, VASTBAS)),
        ("Stenungsunds kommun", None, VASTBAS, (NORRBUS, JAMTBUS)),
        ("Åre kommun", "vastbas", VASTBAS, (NORRBUS, JAMTBUS)),  # the record's own rutin wins
    ],
)
def test_a_kallelse_prints_only_its_routine_in_word_and_pdf(
    sample: Sample, kommun: str, rutin: str | None, own: str, others: tuple[str, ...]
) -> None:
    record = sample("kallelse")
    record["kommun"] = kommun
    record.pop("rutin", None)
    if rutin:
        record["rutin"] = rutin
    words = "\n".join(docx_paragraphs(render_docx(get_form("kallelse"), record, Settings())))
    pdf = " ".join(pdf_text("kallelse", record).split())
    for text in (words, pdf):
        assert " ".join(own.split()) in " ".join(text.split())
        assert not [other for other in others if other in " ".join(text.split())]
    assert "Där deltar" not in words  # the dangling "Där" of the old intro


def test_an_are_invitation_prints_the_standing_time_from_the_settings(sample: Sample) -> None:
    texts = display_context(get_form("kallelse"), sample("kallelse"), Settings())["dokument"]["texter"]
    assert texts["instruktion"]["mote"][0].startswith("Stående tid för samverkan enligt Jämtbus och SIP: första onsdagen "
                                                      "varje månad kl. 13:00–15:00")  # fmt: skip
    elsewhere = Settings(kommuner=(Municipality("Åre kommun", rutin="jamtbus"),))  # no standing time: no sentence naming one
    texts = display_context(get_form("kallelse"), sample("kallelse"), elsewhere)["dokument"]["texter"]
    assert texts["instruktion"]["mote"] == ["BUP kan delta på träffarna via länk."]


def test_without_a_routine_the_form_prints_its_own_neutral_sentences(sample: Sample) -> None:
    record = sample("kallelse")
    record["kommun"] = "Lunds kommun"  # not in the table
    del record["rutin"]
    texts = display_context(get_form("kallelse"), record, Settings())["dokument"]["texter"]
    assert texts["intro"] == list(get_form("kallelse").presentation.intro)
    assert texts["instruktion"]["kallad_av"] == []


def test_an_empty_via_prints_the_municipality_s_channel(sample: Sample) -> None:
    record = sample("kallelse")
    for item in record["kallade"]:
        item.pop("via", None)
    context = display_context(get_form("kallelse"), record, Settings())
    vias = {item["verksamhetstyp"]: item["via"] for item in context["kallade"]}
    assert vias["Primärvård"] == "enhetschef HC Järpen"
    assert vias["Barn- och ungdomspsykiatri (BUP)"] == "representant i BUP filial"
    assert "enhetschef HC Järpen" in pdf_text("kallelse", record)
    assert "via" not in record["kallade"][0]  # the record itself is not changed


def test_a_consultation_names_no_child_and_needs_no_consent(sample: Sample) -> None:
    record = sample("kallelse")
    record["motestyp"] = "konsultation"
    for key in ("barn", "vardnadshavare", "samtycke"):
        del record[key]
    assert verdicts("kallelse", record) == []
    record["barn"] = {"namn": "Şükrü Yılmaz"}
    assert verdicts("kallelse", record) == [("barn", "error", "utan_barn")]
    meeting = sample("kallelse")
    del meeting["barn"], meeting["samtycke"]
    assert verdicts("kallelse", meeting) == [("barn", "error", "required"), ("samtycke", "error", "required")]


def test_a_jamtbus_sip_outside_the_standing_time_gets_a_note(sample: Sample) -> None:
    record = sample("kallelse")  # 2025-11-05 is the first Wednesday, 13-15
    assert verdicts("kallelse", record) == []
    record["mote"]["datum"], record["skickad"], record["svar_senast"] = "2025-11-06", "2025-10-30", "2025-11-03"
    assert verdicts("kallelse", record) == [("mote.datum", "warning", "staende_tid")]
    record["rutin"] = "norrbus"  # NORRBUS has no standing time
    record["behov_aktualiserat"] = "2025-10-30"
    assert verdicts("kallelse", record) == []


def test_jamtbus_warns_when_the_person_is_older_than_the_target_group(sample: Sample) -> None:
    record = sample("kallelse")
    record["barn"]["personnummer"] = "20040903-5557"  # 21 on the meeting day
    assert ("barn.personnummer", "warning", "malgrupp") in verdicts("kallelse", record)
    assert ("barn.personnummer", "warning", "malgrupp") not in verdicts("kallelse", record, Settings(malgrupp_max_alder=22))
    sip = sample("sip")
    sip["person"]["personnummer"] = "20040903-5557"
    sip["upprattad_datum"], sip["uppfoljning"]["datum"] = "2025-10-01", "2025-12-01"  # 21 by then
    assert ("person.personnummer", "warning", "malgrupp") in verdicts("sip", sip)


# ---------------------------------------------------------------- SIP, Sel, genomförandeplan, avvikelserapport


def test_a_planned_placement_agreed_after_the_decision_is_an_error(sample: Sample) -> None:
    record = sample("sip")
    record["kostnadsfordelning"] = {"placering_utanfor_hemmet": True, "akutplacering": False,
                                    "placeringsbeslut": "2025-08-20", "overenskommen": "2025-08-20"}  # fmt: skip
    assert verdicts("sip", record) == []
    record["kostnadsfordelning"]["overenskommen"] = "2025-10-15"  # eight weeks after the placement
    assert verdicts("sip", record) == [("kostnadsfordelning.overenskommen", "error", "kostnadsfordelning")]


def test_a_closing_sel_group_needs_no_next_meeting_and_says_so(sample: Sample) -> None:
    record = sample("sel-referat")
    del record["neste_mote"]
    assert verdicts("sel-referat", record) == [("neste_mote", "error", "required")]
    record["avsluttet"] = True
    assert verdicts("sel-referat", record) == []
    words = docx_paragraphs(render_docx(get_form("sel-referat"), record, Settings()))
    assert any("Samarbeidsgruppen avsluttes fordi målene er nådd" in text for text in words)
    assert "Samarbeidsgruppen avsluttes fordi målene er nådd" in " ".join(pdf_text("sel-referat", record).split())


def test_the_genomforandeplan_has_approval_lines_for_guardians_and_the_child(sample: Sample) -> None:
    record = sample("genomforandeplan")  # the child is 15 on the plan date
    rows = display_context(get_form("genomforandeplan"), record, Settings())["dokument"]["underskrifter"]
    captions = [row["rubrik"] for row in rows]
    assert captions[:3] == ["Vårdnadshavare", "Vårdnadshavare", "Barnet/den unge"]
    young = display_context(get_form("genomforandeplan"), record, Settings(barnets_samtycke_alder=16))["dokument"]
    assert "Barnet/den unge" not in [row["rubrik"] for row in young["underskrifter"]]


def test_the_manager_informs_after_the_report_was_received(sample: Sample) -> None:
    record = sample("avvikelserapport")
    assert verdicts("avvikelserapport", record) == []
    record["handlaggning"]["informerat"] = "2025-03-01"  # before it was received
    assert verdicts("avvikelserapport", record) == [("handlaggning.informerat", "error", "handlaggning_ordning")]


# ---------------------------------------------------------------- the three new forms


def test_minutes_rules(sample: Sample) -> None:
    record = sample("minnesanteckningar")
    assert verdicts("minnesanteckningar", record) == []
    record["delges"] = record["delges"][1:]  # the first participant, present, is left out
    assert verdicts("minnesanteckningar", record) == [("deltagare.0", "warning", "delges_deltagarna")]
    record = sample("minnesanteckningar")
    record["mote"]["typ"] = "styrgruppsmote"
    assert verdicts("minnesanteckningar", record) == [("barn", "error", "utan_barn")]


def test_innkalling_rules(sample: Sample) -> None:
    record = sample("innkalling")  # møte 2025-04-08, sendt 2025-03-25
    assert verdicts("innkalling", record) == []
    record["sendt"] = "2025-04-02"  # six days before
    assert verdicts("innkalling", record) == [("sendt", "warning", "saksliste_i_tide")]
    assert verdicts("innkalling", record, Settings(saksliste_dager_for=5)) == []
    record["moteplan"] = ["2025-03-01"]
    assert ("moteplan.0", "warning", "moteplan") in verdicts("innkalling", record)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r["koordinatorer"][1].update(namn="Sara  lindgren"), ("koordinatorer.1", "error", "koordinator_handlaggare")),
        (lambda r: r["kontaktperson"].update(roll="Socialsekreterare"), ("kontaktperson.roll", "error", "kontaktperson_roll")),
        (lambda r: r["samtycke"].update(familjen=False), ("samtycke.familjen", "error", "samtycke")),
        (lambda r: r.update(elevhalsoteam_senast="2025-12-15"), ("elevhalsoteam_senast", "warning", "elevhalsoteam")),
        (lambda r: r["utvardering"].update(senast="2026-05-01"), ("utvardering.senast", "warning", "utvardering")),
        (lambda r: r["natverksmoten"][1].update(datum="2025-09-10"), ("natverksmoten.1.datum", "error", "mote_ordning")),
    ],
)
def test_vastbas_rules(sample: Sample, change: Callable[[dict[str, Any]], None], expected: tuple[str, str, str]) -> None:
    record = sample("vastbas")
    assert verdicts("vastbas", record) == []
    change(record)
    assert verdicts("vastbas", record) == [expected]


def test_exactly_two_coordinators(sample: Sample) -> None:
    record = sample("vastbas")
    record["koordinatorer"] = record["koordinatorer"][:1]
    assert verdicts("vastbas", record) == [("koordinatorer", "error", "minItems")]
