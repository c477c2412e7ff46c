"""Generate the fictitious case folder samples/arenden/ (deterministic; output is committed).

Run from the repository root: ``.venv/bin/python samples/make_arenden.py``. (The script lives beside
the folder, not in it: ``formkit due`` lists every file of a folder it does not read.)
Four invented cases, each with the records of a year of collaboration,
arranged so that ``formkit due samples/arenden --date 2025-11-01`` shows one
item of every kind:

- arende-1 (Arjeplog): a consent that ends 2025-11-20 (upcoming); a
  genomförandeplan whose follow-up on 2025-10-15 has not been held (overdue);
  an invitation to a meeting on 2025-11-12 (upcoming) that also invites
  habilitering, which the consent does not list (consent missing, upcoming);
  avvikelserapporter, one without återkoppling after 30 days (overdue), one
  recent (upcoming), one handled.
- arende-2 (Åre; the family moved from Sel kommune in the summer): a consent,
  as a filled PDF, that ended 2025-08-31 while the SIP still refers to the
  child (overdue); a SIP of 2025-10-20 that no consent covers (overdue), made
  after an emergency placement on 2025-10-16 whose cost allocation is not
  agreed by the 10th working day, 2025-10-30 (overdue), with a follow-up on
  2025-11-19 (upcoming); the Sel referat from before the move, with tiltak
  whose deadlines have passed (overdue) or come (upcoming). Åre's standing
  collaboration time (the first Wednesday of the month) is listed.
- arende-3 (Stenungsund, Västbas): the case after network meeting 2, whose
  review in the elevhälsoteam was due 2025-10-31 (overdue); the minutes of
  network meeting 2 with a task past its date (overdue) and one to come
  (upcoming), and an invitation to a follow-up meeting whose consent names
  another school than the one invited (covered by type only: a warning item).
- arende-4 (Sel kommune): the minutes of the last samarbeidsmøte, with a
  tiltak past its deadline (overdue), and the innkalling to the next meeting
  on 2025-11-18 with its møteplan (upcoming).

Records are ``{"form", "data"}`` lines as ``formkit extract`` writes them, in
files named by what they are, never by who. All people are invented;
personnummer have valid check digits on dates that make them fictional.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parent
HERE = SAMPLES / "arenden"
FORMKIT = Path(sys.executable).parent / "formkit"

AMIRA = {"namn": "Amira Haddad", "personnummer": "20150302-2863", "adress": "Skolgatan 3, 938 31 Arjeplog",
         "telefon": "070-412 33 90", "epost": "amira.haddad@example.org"}  # fmt: skip
RANIA = {"namn": "Rania Haddad", "personnummer": "19820614-4829", "adress": "Skolgatan 3, 938 31 Arjeplog",
         "telefon": "070-412 33 91", "epost": "rania.haddad@example.org"}  # fmt: skip
KARIM = {"namn": "Karim Haddad", "personnummer": "19800229-5379", "adress": "Skolgatan 3, 938 31 Arjeplog",
         "telefon": "070-412 33 92", "epost": "karim.haddad@example.org"}  # fmt: skip
ALEKSANDER = {"namn": "Aleksander Nowak", "personnummer": "20110815-2743", "adress": "Tegefjällsvägen 9, 837 52 Järpen",
              "telefon": "073-551 20 14", "epost": "aleksander.nowak@example.org"}  # fmt: skip
MAGDALENA = {"namn": "Magdalena Nowak", "personnummer": "19790704-2191", "adress": "Tegefjällsvägen 9, 837 52 Järpen",
             "telefon": "073-551 20 15", "epost": "magdalena.nowak@example.org"}  # fmt: skip
PIOTR = {"namn": "Piotr Nowak", "personnummer": "19831118-6244", "adress": "Tegefjällsvägen 9, 837 52 Järpen",
         "telefon": "073-551 20 16", "epost": "piotr.nowak@example.org"}  # fmt: skip
HABILITERING = {"namn": "Sara Nilsson", "verksamhet": "Habiliteringen Norrbotten, Arvidsjaur",
                "verksamhetstyp": "habilitering", "roll": "Arbetsterapeut", "via": "enhetschef habiliteringen"}  # fmt: skip


def sample(form: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / f"{form}.json").read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def line(form: str, data: dict[str, Any]) -> str:
    return json.dumps({"form": form, "data": data}, ensure_ascii=False)


def write(path: Path, *lines: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def arende_1() -> None:
    folder = HERE / "arende-1"
    consent = sample("samtycke")
    consent["barn"] = dict(AMIRA)
    consent["vardnadshavare"] = [{**RANIA, "gemensam_vardnad": True}, {**KARIM, "gemensam_vardnad": True}]
    consent["verksamheter"].insert(3, {"namn": "BUP Norrbotten, mottagningen i Arvidsjaur", "verksamhetstyp": "bup",
                                       "kontaktperson": "Eva Lantto, kurator"})  # fmt: skip
    consent["syfte"] = "Amira har svårt att komma till skolan och sover dåligt. Skolan, elevhälsan, socialtjänsten, BUP och " \
        "vårdcentralen behöver tillsammans med familjen få en helhetsbild och komma överens om stöd."
    consent["giltig_fran"], consent["giltig_till"], consent["datum"] = "2024-11-21", "2025-11-20", "2024-11-21"
    consent["barnets_samtycke"] = {
        "inhamtat": True,
        "kommentar": "Amira har fått samtycket förklarat och vill att skolan och BUP pratar med varandra.",
    }
    write(folder / "samtycke.jsonl", line("samtycke", consent))

    plan = sample("genomforandeplan")
    plan["barn"] = dict(AMIRA)
    plan["vardnadshavare"] = [dict(RANIA), dict(KARIM)]
    plan["upprattad_datum"] = "2025-06-10"
    plan["arende"] = {"aktualiserat": "2025-05-26", "natverksmote": "2025-06-05"}
    for index, insats in enumerate(plan["insatser"]):
        insats["start"] = f"2025-06-{16 + index}"
    plan["uppfoljning"] = {"datum": "2025-10-15", "tid": "13:00", "plats": "Arjeplogs skola, konferensrummet"}
    write(folder / "genomforandeplan.jsonl", line("genomforandeplan", plan))

    invitation = sample("kallelse")
    invitation["kommun"] = "Arjeplogs kommun"
    del invitation["rutin"]  # Arjeplog's routine in the settings: NORRBUS
    invitation["motestyp"] = "natverksmote"
    invitation["barn"] = dict(AMIRA)
    invitation["vardnadshavare"] = [dict(RANIA), dict(KARIM)]
    invitation["behov_aktualiserat"] = "2025-10-30"
    invitation["mote"] = {"datum": "2025-11-12", "fran": "13:00", "till": "15:00", "plats": "Arjeplogs skola, konferensrummet",
                          "distans": "BUP och habiliteringen deltar via länk; länken skickas dagen före."}  # fmt: skip
    invitation["syfte"] = "Uppföljningen av genomförandeplanen har inte kunnat hållas. Nätverket samlas för att se över planen " \
        "och ta in habiliteringen, som familjen har kontakt med sedan september."
    invitation["kallade"] = [
        {"namn": "Karin Lundström", "verksamhet": "Individ- och familjeomsorgen, Arjeplogs kommun", "verksamhetstyp": "ifo",
         "roll": "Socialsekreterare", "via": "direkt till handläggaren"},
        {"verksamhet": "BUP Norrbotten, mottagningen i Arvidsjaur", "verksamhetstyp": "bup", "roll": "Behandlare",
         "via": "representant på mottagningen"},
        {"namn": "Maria Lindqvist", "verksamhet": "Elevhälsan, Arjeplogs skola", "verksamhetstyp": "elevhalsa",
         "roll": "Skolsköterska", "via": "direkt"},
        dict(HABILITERING),
    ]  # fmt: skip
    invitation["samtycke"] = {"inhamtat": True, "datum": "2024-11-21"}
    invitation["svar_senast"], invitation["skickad"] = "2025-11-07", "2025-10-31"
    invitation["kallad_av"] = {"namn": "Łukasz Wójcik", "verksamhet": "Arjeplogs skola", "verksamhetstyp": "grundskola",
                               "roll": "Rektor", "telefon": "0961-145 00", "epost": "lukasz.wojcik@arjeplog.example"}  # fmt: skip
    invitation["beslutad_av"] = dict(invitation["kallad_av"])
    write(folder / "kallelse.jsonl", line("kallelse", invitation))

    reports = []
    base = sample("avvikelserapport")
    del base["klient"]  # de-identified, as most reports are
    for number, (reported, handling) in enumerate([
        ("2025-04-02", {"mottagen": "2025-04-03", "aterkoppling": "2025-04-24",
                        "analys": "Kallelsen skickades till fel brevlåda.",
                        "beslutade_atgarder": "Kallelser till IFO går till mottagningsgruppens funktionsbrevlåda.",
                        "atgardat": "2025-05-05", "status": "avslutad"}),
        ("2025-09-22", {"mottagen": "2025-09-23", "status": "mottagen"}),
        ("2025-10-20", {"status": "rapporterad"}),
    ], start=41):  # fmt: skip
        report = copy.deepcopy(base)
        report["id"] = f"AVV-2025-{number:04d}"
        report["handelsedatum"] = report["underskrifter"]["rapportor"]["datum"] = reported
        report["rapportdatum"] = report["underskrifter"]["narmaste_chef"]["datum"] = reported
        report["kategori"] = "uppfoljning_ej_genomford" if number > 41 else "kallelse_ej_besvarad"
        report["handlaggning"] = handling
        reports.append(line("avvikelserapport", report))
    write(folder / "avvikelser.jsonl", *reports)


def arende_2() -> None:
    folder = HERE / "arende-2"
    consent = sample("samtycke")
    consent["kommun"] = "Åre kommun"
    consent["barn"] = dict(ALEKSANDER)
    consent["vardnadshavare"] = [{**MAGDALENA, "gemensam_vardnad": True}, {**PIOTR, "gemensam_vardnad": True}]
    consent["syfte"] = "Aleksander behöver stöd från skolan, socialtjänsten och hälsocentralen efter flytten från Sel."
    consent["verksamheter"] = [
        {"namn": "Järpens skola", "verksamhetstyp": "grundskola", "kontaktperson": "Nils Ek, mentor"},
        {"namn": "Socialkontoret, Åre kommun", "verksamhetstyp": "ifo", "kontaktperson": "Ingela Persson, socialsekreterare"},
        {"namn": "Hälsocentralen Järpen", "verksamhetstyp": "primarvard", "kontaktperson": "Lena Sundqvist, distriktssköterska"},
    ]  # fmt: skip
    consent["giltig_fran"], consent["giltig_till"], consent["datum"] = "2024-09-02", "2025-08-31", "2024-09-02"
    consent["barnets_samtycke"] = {"inhamtat": True, "kommentar": "Aleksander var med när samtycket gicks igenom."}
    consent["upprattad_av"] = {"namn": "Ingela Persson", "verksamhet": "Socialkontoret, Åre kommun", "verksamhetstyp": "ifo",
                               "roll": "Socialsekreterare", "telefon": "0647-161 00",
                               "epost": "ingela.persson@are.example"}  # fmt: skip
    # The consent arrives as a filled PDF: formkit due reads the form from the file itself.
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        record = Path(tmp) / "samtycke.json"
        record.write_text(json.dumps(consent, ensure_ascii=False), encoding="utf-8")
        subprocess.run([str(FORMKIT), "fill", "samtycke", str(record), "--to", "pdf", "--out", f"{tmp}/ut"], check=True)
        (folder / "samtycke.pdf").write_bytes((Path(tmp) / "ut" / "samtycke-00001.pdf").read_bytes())

    plan = sample("sip")
    plan["person"] = dict(ALEKSANDER)
    plan["vardnadshavare"] = [dict(MAGDALENA), dict(PIOTR)]
    plan["upprattad_datum"] = "2025-10-20"
    plan["samtycke"] = {"lamnat": True, "datum": "2025-10-20",
                        "undantag": "Muntligt samtycke vid mötet; skriftligt samtycke saknas."}  # fmt: skip
    plan["deltagare"][3] = {"namn": "Nils Ek", "verksamhet": "Järpens skola", "verksamhetstyp": "grundskola", "roll": "Mentor",
                            "narvarande": True}  # fmt: skip
    plan["kostnadsfordelning"] = {"placering_utanfor_hemmet": True, "akutplacering": True, "placeringsbeslut": "2025-10-16"}
    for insats in plan["insatser"]:
        insats["start"], insats["klart"] = "2025-10-27", "2026-03-31"
    plan["uppfoljning"]["datum"] = "2025-11-19"
    write(folder / "sip.jsonl", line("sip", plan))

    minutes = sample("sel-referat")
    minutes["mote"]["dato"] = "2025-05-20"
    minutes["bruker"] = {"navn": ALEKSANDER["namn"]}  # a Swedish personnummer is no fødselsnummer: the name only
    for tiltak, deadline in zip(minutes["tiltak"], ("2025-06-15", "2025-09-30", "2025-11-20"), strict=True):
        tiltak["frist"] = deadline
    minutes["neste_mote"] = {"dato": "2025-06-17", "tid": "13:00", "sted": "Otta ungdomsskole, møterom 2"}
    write(folder / "sel-referat.jsonl", line("sel-referat", minutes))


MINH = {"namn": "Nguyễn Minh Anh", "personnummer": "20140309-2388", "adress": "Kopperödsvägen 14, 444 31 Stenungsund"}
HUE = {"namn": "Nguyễn Thị Huệ", "personnummer": "19810514-3922", "adress": "Kopperödsvägen 14, 444 31 Stenungsund"}
JONAS = {"namn": "Jonas Berglund", "personnummer": "19791128-4573", "adress": "Hasselvägen 3, 444 32 Stenungsund"}


def arende_3() -> None:
    folder = HERE / "arende-3"
    case = sample("vastbas")
    case["barn"], case["vardnadshavare"] = dict(MINH), [dict(HUE), dict(JONAS)]
    case["elevhalsoteam_senast"] = "2025-10-31"
    del case["elevhalsoteam_datum"]
    case["utvardering"] = {"senast": "2026-03-27"}
    write(folder / "vastbas.jsonl", line("vastbas", case))

    minutes = sample("minnesanteckningar")
    minutes["kommun"], minutes["rutin"] = "Stenungsunds kommun", "vastbas"
    minutes["mote"] = {"typ": "natverksmote", "datum": "2025-09-29", "fran": "09:00", "till": "10:30",
                       "plats": "Hallernaskolan, konferensrummet"}  # fmt: skip
    minutes["barn"] = dict(MINH)
    minutes["deltagare"] = [
        {"namn": "Patrik Holm", "verksamhet": "Socialförvaltningen, Stenungsunds kommun", "verksamhetstyp": "ifo",
         "roll": "Koordinator 1", "narvarande": True},
        {"namn": "Mirjam Åberg", "verksamhet": "Förskolan Solgården", "verksamhetstyp": "forskola", "roll": "Koordinator 2",
         "narvarande": True},
        {"namn": "Eero Niemi", "verksamhet": "Hallernaskolan", "verksamhetstyp": "grundskola", "roll": "Mentor",
         "narvarande": True},
        {"namn": "Nguyễn Thị Huệ", "verksamhet": "Vårdnadshavare", "roll": "Mamma", "narvarande": True},
    ]  # fmt: skip
    minutes["overenskommet"] = "Gemensam handlingsplan: mentorsamtal varje morgon, boendestöd och mostern som språkrör."
    minutes["uppgifter"] = [
        {"uppgift": "Ansöka om boendestöd tillsammans med familjen.", "ansvarig": "Patrik Holm", "senast": "2025-10-20"},
        {"uppgift": "Utvärdera morgonsamtalen med Minh Anh.", "ansvarig": "Eero Niemi", "senast": "2025-11-14"},
    ]  # fmt: skip
    minutes["nasta_mote"] = {"datum": "2025-11-20", "tid": "09:00", "plats": "Hallernaskolan"}
    minutes["delges"] = [{"namn": d["namn"], "verksamhet": d["verksamhet"]} for d in minutes["deltagare"]]
    minutes["antecknat_av"] = {"namn": "Mirjam Åberg", "verksamhet": "Förskolan Solgården", "verksamhetstyp": "forskola",
                               "roll": "Koordinator 2"}  # fmt: skip
    write(folder / "minnesanteckningar.jsonl", line("minnesanteckningar", minutes))

    consent = sample("samtycke")
    consent["kommun"] = "Stenungsunds kommun"
    consent["barn"] = dict(MINH)
    consent["vardnadshavare"] = [{**HUE, "gemensam_vardnad": True}, {**JONAS, "gemensam_vardnad": True}]
    consent["verksamheter"] = [
        {"namn": "Kopperödsskolan", "verksamhetstyp": "grundskola", "kontaktperson": "Eero Niemi, mentor"},
        {"namn": "Socialförvaltningen, Stenungsunds kommun", "verksamhetstyp": "ifo"},
        {"namn": "Elevhälsan, Hallernaskolan", "verksamhetstyp": "elevhalsa"},
    ]  # fmt: skip
    consent["giltig_fran"], consent["giltig_till"], consent["datum"] = "2025-08-27", "2026-08-26", "2025-08-27"
    consent["barnets_samtycke"] = {"inhamtat": True}
    write(folder / "samtycke.jsonl", line("samtycke", consent))

    invitation = sample("kallelse")
    invitation["kommun"], invitation["rutin"], invitation["motestyp"] = "Stenungsunds kommun", "vastbas", "uppfoljning"
    invitation["barn"], invitation["vardnadshavare"] = dict(MINH), [dict(HUE), dict(JONAS)]
    invitation["behov_aktualiserat"] = "2025-08-25"
    invitation["mote"] = {"datum": "2025-11-20", "fran": "09:00", "till": "10:00", "plats": "Hallernaskolan"}
    invitation["syfte"] = "Uppföljning av handlingsplanen från nätverksmöte 2."
    invitation["kallade"] = [
        {"namn": "Eero Niemi", "verksamhet": "Hallernaskolan", "verksamhetstyp": "grundskola", "roll": "Mentor"},
        {"namn": "Patrik Holm", "verksamhet": "Socialförvaltningen, Stenungsunds kommun", "verksamhetstyp": "ifo",
         "roll": "Koordinator 1"},
    ]  # fmt: skip
    invitation["kallad_av"] = {"namn": "Leila Karimi", "verksamhet": "Elevhälsan, Hallernaskolan", "verksamhetstyp": "elevhalsa",
                               "roll": "Kontaktperson"}  # fmt: skip
    invitation["beslutad_av"] = dict(invitation["kallad_av"])
    invitation["samtycke"] = {"inhamtat": True, "datum": "2025-08-27"}
    invitation["svar_senast"], invitation["skickad"] = "2025-11-14", "2025-10-30"
    write(folder / "kallelse.jsonl", line("kallelse", invitation))


def arende_4() -> None:
    folder = HERE / "arende-4"
    minutes = sample("sel-referat")
    minutes["mote"]["dato"] = "2025-09-09"
    for tiltak, deadline in zip(minutes["tiltak"], ("2025-10-15", "2025-11-07", "2025-12-01"), strict=True):
        tiltak["frist"] = deadline
    minutes["neste_mote"] = {"dato": "2025-11-18", "tid": "13:00", "sted": "Otta ungdomsskole, møterom 2"}
    write(folder / "sel-referat.jsonl", line("sel-referat", minutes))
    invitation = sample("innkalling")
    invitation["mote"]["dato"] = "2025-11-18"
    invitation["moteplan"] = ["2026-02-10", "2026-05-12"]
    invitation["sendt"], invitation["svar_innen"] = "2025-11-04", "2025-11-11"
    write(folder / "innkalling.jsonl", line("innkalling", invitation))


if __name__ == "__main__":
    arende_1()
    arende_2()
    arende_3()
    arende_4()
