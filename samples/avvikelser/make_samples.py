"""Generate the fictitious register of avvikelserapporter in samples/avvikelser/ (deterministic; output is committed).

Run from the repository root: ``.venv/bin/python samples/avvikelser/make_samples.py``.
The reports cover handelsedatum in 2025 plus a few just before and after the
year, so year edges matter; they are spread over a JSONL file (most), a
semicolon CSV with BOM (school reporters) and an XLSX workbook (health care
reporters) so that every reader gets exercised. All people are invented.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
SCHEMAS = HERE.parent.parent / "schemas"
YEAR = 2025
SEED = 2025
CSV_TYPES = {"forskola", "grundskola", "gymnasieskola", "elevhalsa"}
XLSX_TYPES = {"primarvard", "bup", "habilitering"}
PER_TABLE = 10

# (organisation, verksamhetstyp, nearest manager, reporters); all invented.
ORGS: list[tuple[str, str, str, list[str]]] = [
    ("Lärkans förskola", "forskola", "Annika Rova", ["Sofia Hedlund", "Ljiljana Petrović"]),
    ("Arjeplogs skola", "grundskola", "Birgitta Holmqvist", ["Łukasz Wójcik", "Emma Nyström", "Tiina Keskitalo"]),
    ("Slättaskolan", "grundskola", "Per-Olof Sandberg", ["Ali Hussein", "Maja Lindberg"]),
    ("Arjeplogs gymnasium", "gymnasieskola", "Gunilla Åkerström", ["Şükrü Demir", "Jonas Berglund"]),
    ("Elevhälsan, Arjeplogs kommun", "elevhalsa", "Helena Forsberg", ["Maria Lindqvist", "Nguyễn Thị Huệ"]),
    (
        "Individ- och familjeomsorgen, Arjeplogs kommun",
        "ifo",
        "Anders Wikström",
        ["Karin Lundström", "محمد عبد الله", "Sara Blind"],
    ),
    ("Vårdcentralen Arjeplog", "primarvard", "Ewa Kowalska", ["Eero Niemi", "Johan Pavval", "Chiara Romano"]),
    ("BUP Norrbotten, mottagningen i Arvidsjaur", "bup", "Henrik Stål", ["Şebnem Aydın", "Fredrik Lund"]),
    ("Habiliteringen Piteå", "habilitering", "Lotta Engman", ["Amina Mohamud"]),
    ("Polisen, lokalpolisområde Arvidsjaur", "polis", "Kjell Sirkka", ["Daniel Öhman"]),
    ("Fritidsgården Kraftverket", "annan", "Ronja Tapio", ["Oscar Lehto"]),
]
REPORTER_WEIGHTS = [2, 6, 4, 4, 5, 7, 6, 5, 2, 2, 1]

# Invented children; one samordningsnummer, one number without a dash (readers must keep it a string).
KLIENTER: list[dict[str, str]] = [
    {"namn": "Jonatan Lindgren", "personnummer": "20140930-6154"},
    {"namn": "Oliver Niemi", "personnummer": "20080117-2735"},
    {"namn": "Sara Mäki", "personnummer": "201211058464"},
    {"namn": "Adam Kowalski", "personnummer": "20150722-1396"},
    {"namn": "Yonas Tesfaye", "personnummer": "20110563-2473"},
    {"namn": "Tolvan Tolvansson", "personnummer": "19121212-1212"},
]

# Per category: (beskrivning, konsekvenser_barn, konsekvenser_verksamhet, forslag_atgarder, analys, beslutade_atgarder).
TEXTS: dict[str, list[tuple[str, str, str, str, str, str]]] = {
    "kallelse_ej_besvarad": [
        (
            "Kallelse till nätverksmöte 3/4 besvarades inte & ingen återkoppling kom trots påminnelse.",
            "Barnet fick vänta längre på samordnat stöd.",
            "Mötet fick ställas in och kallas på nytt.",
            "Berörd verksamhet bekräftar mottagen kallelse inom tre arbetsdagar.",
            "Kallelsen skickades till en funktionsbrevlåda som inte bevakades under semestern.",
            "Funktionsbrevlådan bevakas dagligen; rutinen gicks igenom på arbetsplatsträff.",
        ),
        (
            "Kallelse till samverkansmöte skickades två gånger utan svar. Mötet kunde inte hållas inom två veckor.",
            "Familjen fick upprepa sin berättelse vid flera tillfällen.",
            "Extra administration och förskjuten planering.",
            "Utse en kontaktperson per verksamhet för kallelser enligt NORRBUS.",
            "Oklart vem som tar emot kallelser när ordinarie handläggare är ledig.",
            "Ersättare för kontaktpersonen utses och anges i kontaktlistan.",
        ),
    ],
    "utebliven_fran_mote": [
        (
            "Representanten uteblev från nätverksmötet utan att meddela förhinder. "
            'Kontoret svarade "vi återkommer" men inget hände.',
            "Mötet kunde inte fatta beslut om insatser.",
            "Övriga deltagare hade avsatt tid i onödan.",
            "Förhinder meddelas senast dagen före och en ersättare skickas.",
            "Mötet fanns inte i den deltagandes kalender efter ett byte av system.",
            "Kallelser skickas som kalenderinbjudan och bekräftas.",
        ),
        (
            "Ingen från verksamheten deltog på uppföljningsmötet trots att tiden var bokad sedan förra mötet.",
            "Uppföljningen av insatserna sköts upp en månad.",
            "Ny mötestid fick sökas för alla parter.",
            "Bokade uppföljningsmöten förs in i verksamhetens gemensamma kalender.",
            "Personalomsättning gjorde att överlämningen av ärendet brast.",
            "Checklista för överlämning av samverkansärenden införs.",
        ),
    ],
    "plan_ej_upprattad": [
        (
            "Nätverksmötet konstaterade behov av insatser från flera aktörer men ingen genomförandeplan upprättades.",
            "Oklart för barnet och vårdnadshavarna vem som gör vad.",
            "Insatserna startade utan gemensam målbild.",
            "Genomförandeplan (Bilaga 2) upprättas vid mötet eller senast inom en vecka.",
            "Mötet saknade utsedd samordnare och ingen tog ansvar för dokumentationen.",
            "Samordnare utses alltid innan nätverksmötet avslutas.",
        ),
    ],
    "insats_ej_genomford": [
        (
            "Beslutad insats (stödsamtal varannan vecka) har inte påbörjats sex veckor efter planen.",
            "Eleven har inte fått det stöd som utlovats och frånvaron har ökat.",
            "Skolan har fått ta ett större ansvar än planerat.",
            "Ansvarig verksamhet meddelar samordnaren om en insats försenas.",
            "Resursbrist under hösten; prioriteringen kommunicerades inte till övriga parter.",
            "Försenade insatser rapporteras till samordnaren inom en vecka.",
        ),
        (
            "Insatsen enligt genomförandeplanen; anpassad studiegång; har inte kommit igång.",
            "Eleven riskerar att inte nå kunskapskraven.",
            "Planen behöver revideras.",
            "Rektor följer upp anpassningarna vid varje arbetslagsmöte.",
            "Anpassningen var inte känd av all undervisande personal.",
            "Planen delges arbetslaget skriftligt.",
        ),
    ],
    "information_ej_overford": [
        (
            "Vid byte av handläggare fördes inte information om pågående samverkan över till den nya handläggaren.",
            "Vårdnadshavarna fick inte svar på sina frågor under flera veckor.",
            "Dubbelarbete och osäkerhet om vad som redan var gjort.",
            "Överlämning sker skriftligt och samordnaren informeras.",
            "Överlämningsrutin saknades för samverkansärenden.",
            "Överlämningsrutin tas fram och läggs i verksamhetens ledningssystem.",
        ),
        (
            "Remissvar från vården kom inte fram till skolan trots samtycke från vårdnadshavarna.",
            "Eleven fick vänta på anpassningar som redan var rekommenderade.",
            "Skolan saknade underlag för beslut om stöd.",
            "Samtycke och mottagare anges tydligt på remissvaret.",
            "Svaret skickades till fel enhet.",
            "Adresslista för skolornas elevhälsa uppdateras varje termin.",
        ),
    ],
    "ansvarsfordelning_oklar": [
        (
            "Det var oklart vem som skulle kalla till uppföljningsmöte; ingen kallade.",
            "Uppföljningen av barnets situation dröjde.",
            "Parterna väntade på varandra.",
            "Ansvar för kallelse skrivs in i genomförandeplanen.",
            "Sammankallande var inte angiven i planen.",
            "Mallen för genomförandeplan kompletteras med sammankallande.",
        ),
        (
            "Skolan och socialtjänsten var oense om vem som ansvarar för skolskjuts vid placering.",
            "Barnet missade skoldagar under en vecka.",
            "Ärendet fick lyftas till styrgruppen.",
            "Kostnadsansvar klargörs i genomförandeplanen innan placering.",
            "Kostnadsfördelningen var inte klarlagd före placeringen.",
            "Styrgruppen beslutade om ansvar och rutinen förtydligas.",
        ),
    ],
    "uppfoljning_ej_genomford": [
        (
            "Uppföljningsmötet enligt planen hölls inte och ingen ny tid bokades.",
            "Barnets behov har inte följts upp på fyra månader.",
            "Insatsernas effekt är okänd.",
            "Samordnaren bokar ny tid direkt om ett möte ställs in.",
            "Samordnaren var sjukskriven och ingen ersättare utsågs.",
            "Ersättare för samordnaren utses vid frånvaro längre än två veckor.",
        ),
    ],
    "samtycke_saknas": [
        (
            "Information om eleven lämnades till annan verksamhet innan vårdnadshavarnas samtycke fanns.",
            "Förtroendet hos familjen skadades.",
            "Risk för brott mot sekretessen.",
            "Samtyckesblankett (Bilaga 1) inhämtas före första nätverksmötet.",
            "Personalen kände inte till att samtycket inte var undertecknat av båda vårdnadshavarna.",
            "Samtycket kontrolleras av sammankallande innan mötet.",
        ),
    ],
    "ovrigt": [
        (
            "Mötet hölls i en lokal där obehöriga kunde höra samtalet.",
            "Barnet kände sig utsatt.",
            "Risk för att sekretessbelagda uppgifter sprids.",
            "Samverkansmöten hålls i bokade samtalsrum.",
            "Ordinarie rum var upptaget och ingen alternativ lokal fanns.",
            "Ett samtalsrum reserveras för den stående samverkanstiden.",
        ),
    ],
}
# How often each category occurs after the first walk through all of them.
CATEGORY_WEIGHTS = {
    "kallelse_ej_besvarad": 5,
    "utebliven_fran_mote": 4,
    "plan_ej_upprattad": 2,
    "insats_ej_genomford": 3,
    "information_ej_overford": 4,
    "ansvarsfordelning_oklar": 2,
    "uppfoljning_ej_genomford": 3,
    "samtycke_saknas": 1,
    "ovrigt": 1,
}
# Texts that exercise the readers and the summary: a formula look-alike, a semicolon and quotes, a line break.
FORMULA_TEXT = "=Uppföljningsmötet 12/5 ställdes in utan förvarning; ingen ny tid föreslogs."
MULTILINE_TEXT = 'Kallelse skickad 2/9 och 9/9.\nInget svar; "läst" enligt e-postkvittens.'

MONTH_WEIGHTS = {1: 6, 2: 7, 3: 9, 4: 5, 5: 8, 6: 4, 7: 1, 8: 4, 9: 8, 10: 9, 11: 6, 12: 3}
LAST_DAY = dt.date(2026, 11, 22)  # nothing in the register is dated after this


def weekday_on_or_after(day: dt.date) -> dt.date:
    """Move a Saturday or Sunday to the next Monday: reports are written on working days."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def random_day(rng: random.Random, year: int, month: int, first: int = 1, last: int = 28) -> dt.date:
    return weekday_on_or_after(dt.date(year, month, rng.randint(first, last)))


def pick_status(rng: random.Random, handelse: dt.date) -> str | None:
    """Older reports are further along; None means no handlaggning at all (status rapporterad)."""
    age = (dt.date(2026, 1, 31) - handelse).days
    if age > 240:
        options = [None, "mottagen", "analyserad", "atgardad", "avslutad"], [1, 1, 2, 3, 7]
    elif age > 90:
        options = [None, "mottagen", "analyserad", "atgardad", "avslutad"], [2, 2, 3, 2, 3]
    else:
        options = [None, "rapporterad", "mottagen", "analyserad", "avslutad"], [5, 1, 3, 1, 1]
    return rng.choices(*options)[0]


def handlaggning(rng: random.Random, status: str, rapport: dt.date, text: tuple[str, ...]) -> dict[str, Any]:
    """The handling section, filled as far as the status has come, with dates in order."""
    done: dict[str, Any] = {}
    if status == "rapporterad":
        return {"status": status}
    mottagen = weekday_on_or_after(rapport + dt.timedelta(days=rng.randint(0, 4)))
    done["mottagen"] = mottagen
    if status == "mottagen":
        if rng.random() < 0.4:
            done["aterkoppling"] = weekday_on_or_after(mottagen + dt.timedelta(days=rng.randint(3, 14)))
        done["status"] = status
        return done
    aterkoppling = weekday_on_or_after(mottagen + dt.timedelta(days=rng.randint(3, 20)))
    done["aterkoppling"] = aterkoppling
    done["analys"] = text[4]
    if status in ("atgardad", "avslutad"):
        done["beslutade_atgarder"] = text[5]
        done["atgardat"] = weekday_on_or_after(aterkoppling + dt.timedelta(days=rng.randint(5, 45)))
    done["status"] = status
    return done


def build_report(rng: random.Random, handelse: dt.date, kategori: str, variant: int) -> dict[str, Any]:
    org_index = rng.choices(range(len(ORGS)), REPORTER_WEIGHTS)[0]
    arbetsplats, typ, chef, reporters = ORGS[org_index]
    berord = rng.choice([org for i, org in enumerate(ORGS) if i != org_index and org[1] != typ])
    text = TEXTS[kategori][variant % len(TEXTS[kategori])]
    rapport = min(weekday_on_or_after(handelse + dt.timedelta(days=rng.randint(0, 8))), LAST_DAY)
    reporter = rng.choice(reporters)
    report: dict[str, Any] = {
        "handelsedatum": handelse,
        "rapportdatum": rapport,
        "rapportor": {"namn": reporter, "arbetsplats": arbetsplats, "verksamhetstyp": typ},
        "berord_verksamhet": {"namn": berord[0], "verksamhetstyp": berord[1]},
        "kategori": kategori,
        "beskrivning": text[0],
        "konsekvenser_barn": text[1],
        "konsekvenser_verksamhet": text[2],
        "forslag_atgarder": text[3],
        "underskrifter": {
            "rapportor": {"namn": reporter, "datum": rapport},
            "narmaste_chef": {"namn": chef, "datum": rapport},
        },
    }
    status = pick_status(rng, handelse)
    if status is not None:
        report["handlaggning"] = handlaggning(rng, status, rapport, text)
    return report


def retext(report: dict[str, Any], kategori: str, beskrivning: str) -> None:
    """Give a report another category, with that category's texts and a special description."""
    text = TEXTS[kategori][0]
    report["kategori"] = kategori
    report["beskrivning"] = beskrivning
    report["konsekvenser_barn"], report["konsekvenser_verksamhet"], report["forslag_atgarder"] = text[1:4]
    handling = report.get("handlaggning", {})
    if "analys" in handling:
        handling["analys"] = text[4]
    if "beslutade_atgarder" in handling:
        handling["beslutade_atgarder"] = text[5]


def build_register() -> list[dict[str, Any]]:
    """Every report, ids assigned in order of rapportdatum per year of registration."""
    rng = random.Random(SEED)  # noqa: S311 -- reproducible sample data, not security
    categories = list(CATEGORY_WEIGHTS)
    weights = list(CATEGORY_WEIGHTS.values())
    reports: list[dict[str, Any]] = []
    count = 0
    for month, weight in MONTH_WEIGHTS.items():
        for _ in range(weight):
            # the first reports walk through every category so all of them occur
            kategori = categories[count] if count < len(categories) else rng.choices(categories, weights)[0]
            reports.append(build_report(rng, random_day(rng, YEAR, month), kategori, count))
            count += 1
    # year edges: two events in late December 2024 (one registered in January 2025), two in January 2026
    reports.append(build_report(rng, dt.date(2024, 12, 18), "utebliven_fran_mote", 0))
    edge = build_report(rng, dt.date(2024, 12, 30), "kallelse_ej_besvarad", 1)
    edge["rapportdatum"] = dt.date(2025, 1, 7)
    edge["underskrifter"]["rapportor"]["datum"] = edge["underskrifter"]["narmaste_chef"]["datum"] = edge["rapportdatum"]
    edge.pop("handlaggning", None)
    edge["handlaggning"] = handlaggning(rng, "avslutad", edge["rapportdatum"], TEXTS["kallelse_ej_besvarad"][1])
    reports.append(edge)
    reports.append(build_report(rng, dt.date(2026, 1, 8), "insats_ej_genomford", 0))
    reports.append(build_report(rng, dt.date(2026, 1, 20), "samtycke_saknas", 0))

    for index, klient in zip(rng.sample(range(len(reports) - 4), len(KLIENTER)), KLIENTER, strict=True):
        reports[index]["klient"] = dict(klient)
    special = [r for r in reports if r["rapportor"]["verksamhetstyp"] in ("ifo", "polis", "annan")]
    retext(special[3], "uppfoljning_ej_genomford", FORMULA_TEXT)  # stays in the JSONL file
    school = [r for r in reports if r["rapportor"]["verksamhetstyp"] in CSV_TYPES]
    retext(school[2], "kallelse_ej_besvarad", MULTILINE_TEXT)  # lands in the CSV file
    # a school report that names a klient, so the CSV has klient.* columns
    school[4]["klient"] = {"namn": "Elias Rantatalo", "personnummer": "130619-3713"}  # short form, normalised later

    reports.sort(key=lambda r: (r["rapportdatum"], r["handelsedatum"]))
    serial: dict[int, int] = {2024: 46}
    for report in reports:
        year = report["rapportdatum"].year
        serial[year] = serial.get(year, 0) + 1
        report["id"] = f"AVV-{year}-{serial[year]:04d}"
    return [order_like_schema(report) for report in reports]


def schema_paths() -> list[str]:
    """Every leaf dot path of the avvikelserapport schema, in schema order (the table header order)."""
    form = json.loads((SCHEMAS / "avvikelserapport.schema.json").read_text(encoding="utf-8"))
    common = json.loads((SCHEMAS / "common.schema.json").read_text(encoding="utf-8"))

    def walk(node: dict[str, Any], prefix: str) -> list[str]:
        if "$ref" in node:
            node = common["$defs"][node["$ref"].rsplit("/", 1)[1]]
        if node.get("type") != "object":
            return [prefix]
        paths: list[str] = []
        for key, child in node["properties"].items():
            paths += walk(child, f"{prefix}.{key}" if prefix else key)
        return paths

    return walk(form, "")


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            flat.update(flatten(value, path))
        else:
            flat[path] = value
    return flat


def order_like_schema(report: dict[str, Any]) -> dict[str, Any]:
    """Rebuild the report with keys in schema order, so the files read like the form."""
    ordered: dict[str, Any] = {}
    flat = flatten(report)
    for path in schema_paths():
        if path in flat:
            node = ordered
            *parents, leaf = path.split(".")
            for parent in parents:
                node = node.setdefault(parent, {})
            node[leaf] = flat[path]
    return ordered


def as_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def write_jsonl(path: Path, reports: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for report in reports:
            line = json.dumps(report, ensure_ascii=False, default=as_json)
            handle.write(line + "\n")


def table_header(reports: list[dict[str, Any]]) -> list[str]:
    used = {path for report in reports for path in flatten(report)}
    return [path for path in schema_paths() if path in used]


def write_csv(path: Path, reports: list[dict[str, Any]]) -> None:
    header = table_header(reports)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        for report in reports:
            flat = flatten(report)
            writer.writerow([as_json(flat.get(column, "")) for column in header])


def write_xlsx(path: Path, reports: list[dict[str, Any]]) -> None:
    header = table_header(reports)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Avvikelser"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, report in enumerate(reports, start=2):
        flat = flatten(report)
        for column_number, column in enumerate(header, start=1):
            value = flat.get(column)
            if value is None:
                continue
            cell = sheet.cell(row=row_number, column=column_number, value=value)
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            else:
                cell.data_type = "s"  # a text starting with "=" must stay text, never a formula
    sheet.freeze_panes = "A2"
    workbook.properties.creator = "formkit"
    # fixed timestamps keep the committed file stable between runs
    workbook.properties.created = workbook.properties.modified = dt.datetime(2026, 1, 31, 12, 0)
    workbook.save(path)


def main() -> None:
    reports = build_register()
    in_year = [r for r in reports if r["handelsedatum"].year == YEAR]
    csv_part = [r for r in in_year if r["rapportor"]["verksamhetstyp"] in CSV_TYPES][:PER_TABLE]
    xlsx_part = [r for r in in_year if r["rapportor"]["verksamhetstyp"] in XLSX_TYPES][:PER_TABLE]
    taken = {r["id"] for r in csv_part + xlsx_part}
    jsonl_part = [r for r in reports if r["id"] not in taken]
    write_jsonl(HERE / "avvikelser-2025.jsonl", jsonl_part)
    write_csv(HERE / "avvikelser-2025-skola.csv", csv_part)
    write_xlsx(HERE / "avvikelser-2025-vard.xlsx", xlsx_part)
    print(f"{len(jsonl_part)} jsonl, {len(csv_part)} csv, {len(xlsx_part)} xlsx")


if __name__ == "__main__":
    main()
