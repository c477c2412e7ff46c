"""What the form schemas promise by themselves: the forms contract, the keyword conventions, and valid samples."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from openpyxl import load_workbook
from personnummer import personnummer
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from stdnum.no import fodselsnummer

from tests.conftest import FORM_IDS

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
SAMPLES = ROOT / "samples"
REGISTER = SAMPLES / "avvikelser"
BASE_ID = "https://formkit.invalid/schemas/"

ALLOWED_KEYWORDS = {
    "$schema", "$id", "$ref", "$defs", "$comment",
    "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
    "enum", "const", "format", "minLength", "maxLength", "pattern", "minimum", "maximum",
    "title", "description", "examples",
}  # fmt: skip
ANNOTATIONS = {"title", "description", "examples", "$comment", "x-formkit"}

# ---------------------------------------------------------------- the forms contract as data
# A path names a property; "[]" steps into list items; a trailing "*" marks [req] in its parent.
PERSON = "namn* personnummer adress telefon epost"
AKTOR = "namn* verksamhet* verksamhetstyp roll telefon epost"
SHAPES = {"person": PERSON, "aktor": AKTOR}

CONTRACT: dict[str, str] = {
    "samtycke": """
        barn*:person vardnadshavare vardnadshavare[]:person vardnadshavare[].gemensam_vardnad
        syfte* verksamheter* verksamheter[].namn verksamheter[].verksamhetstyp verksamheter[].kontaktperson
        uppgifter undantag giltig_fran* giltig_till* barnets_samtycke barnets_samtycke.inhamtat
        barnets_samtycke.kommentar upprattad_av:aktor datum*
    """,
    "genomforandeplan": """
        upprattad_datum* ansvarig_handlaggare*:aktor barn*:person vardnadshavare vardnadshavare[]:person
        behov* fungerar_bra mal* mal[].mal* mal[].delmal
        insatser* insatser[].insats* insatser[].ansvarig*:aktor insatser[].verksamhetstyp insatser[].start
        insatser[].frekvens insatser[].varaktighet barnets_uppfattning vardnadshavarens_uppfattning
        samordningsansvarig*:aktor uppfoljning* uppfoljning.datum* uppfoljning.tid uppfoljning.plats
        sammankallande:aktor delaktiga delaktiga[]:aktor arende arende.aktualiserat arende.natverksmote
    """,
    "avvikelserapport": """
        id handelsedatum* rapportdatum* rapportor* rapportor.namn* rapportor.arbetsplats*
        rapportor.verksamhetstyp* berord_verksamhet* berord_verksamhet.namn berord_verksamhet.verksamhetstyp*
        kategori* klient:person beskrivning* konsekvenser_barn konsekvenser_verksamhet forslag_atgarder*
        underskrifter underskrifter.rapportor underskrifter.rapportor.namn underskrifter.rapportor.datum
        underskrifter.narmaste_chef underskrifter.narmaste_chef.namn underskrifter.narmaste_chef.datum
        handlaggning handlaggning.mottagen handlaggning.aterkoppling handlaggning.analys
        handlaggning.beslutade_atgarder handlaggning.atgardat handlaggning.status handlaggning.informerat
    """,
    "sip": """
        upprattad_datum* typ motesplats person*:person vardnadshavare vardnadshavare[]:person
        samtycke* samtycke.lamnat* samtycke.datum samtycke.undantag
        deltagare* deltagare[].namn* deltagare[].verksamhet* deltagare[].verksamhetstyp* deltagare[].roll
        deltagare[].narvarande den_enskildes_mal nulage behov* behov[].behov* behov[].mal
        insatser* insatser[].insats* insatser[].ansvarig_verksamhet* insatser[].kontaktperson
        insatser[].start insatser[].klart huvudansvar*:aktor
        uppfoljning* uppfoljning.datum* uppfoljning.tid uppfoljning.plats uppfoljning.ansvarig
    """,
    "sel-referat": """
        mote* mote.type* mote.dato* mote.fra* mote.til* mote.sted* bruker bruker.navn* bruker.fodselsnummer
        leder* leder.navn* leder.tjeneste referent* referent.navn* deltakere* deltakere[].navn*
        deltakere[].tjeneste deltakere[].rolle frafall frafall[].navn* frafall[].tjeneste saksliste
        forrige_referat utfordringer utfordringer[].tjeneste utfordringer[].beskrivelse* tiltak*
        tiltak[].tiltak* tiltak[].ansvarlig* tiltak[].frist* tiltak[].niva malkonklusjoner evaluering
        neste_mote neste_mote.dato* neste_mote.tid neste_mote.sted samtykke_signert
        avsluttet brukers_ord ip deltakere[].fast sendes_til sendes_til[].navn* sendes_til[].tjeneste
    """,
    "kallelse": """
        rutin motestyp* kallad_av*:aktor beslutad_av:aktor barn:person vardnadshavare vardnadshavare[]:person
        behov_aktualiserat mote* mote.datum* mote.fran* mote.till* mote.plats* mote.distans
        syfte* dagordning kallade* kallade[].namn kallade[].verksamhet* kallade[].verksamhetstyp* kallade[].roll
        kallade[].via samtycke samtycke.inhamtat* samtycke.datum svar_senast skickad
    """,
    "minnesanteckningar": """
        rutin mote* mote.typ* mote.datum* mote.fran mote.till mote.plats barn:person
        deltagare* deltagare[].namn* deltagare[].verksamhet* deltagare[].verksamhetstyp deltagare[].roll
        deltagare[].narvarande dagordning overenskommet uppgifter uppgifter[].uppgift* uppgifter[].ansvarig*
        uppgifter[].senast* nasta_mote nasta_mote.datum nasta_mote.tid nasta_mote.plats
        delges* delges[].namn delges[].verksamhet antecknat_av*:aktor
    """,
    "innkalling": """
        mote* mote.type* mote.dato* mote.fra* mote.til* mote.sted* bruker bruker.navn* bruker.fodselsnummer
        leder* leder.navn* leder.tjeneste referent* referent.navn* innkalte* innkalte[].navn innkalte[].tjeneste*
        innkalte[].rolle innkalte[].formote saksliste* sendt* svar_innen moteplan
    """,
    "vastbas": """
        forfragan* forfragan.datum* forfragan.fran:aktor forfragan.bakgrund* forfragan.aktuell_situation
        forfragan.mojligheter forfragan.svarigheter forfragan.tidigare_losningar samtycke samtycke.familjen*
        handlaggare:aktor bedomning bedomning.datum bedomning.beslut bedomning.motivering koordinatorer koordinatorer[]:aktor
        kontaktperson kontaktperson.namn* kontaktperson.utsedd_av_rektor sprakror sprakror.namn sprakror.relation
        natverkskarta natverkskarta[].namn* natverkskarta[].relation natverkskarta[].verksamhet
        barn*:person vardnadshavare vardnadshavare[]:person natverksmoten natverksmoten[].nummer*
        natverksmoten[].datum natverksmoten[].behovsanalys natverksmoten[].hemlaxa elevhalsoteam_senast
        utvardering utvardering.senast utvardering.datum utvardering.resultat
    """,
}

ENUMS: dict[tuple[str, str], list[str]] = {
    ("avvikelserapport", "rapportor.verksamhetstyp"): [
        "forskola", "grundskola", "gymnasieskola", "elevhalsa", "ifo",
        "primarvard", "bup", "habilitering", "polis", "trossamfund", "annan",
    ],
    ("avvikelserapport", "kategori"): [
        "kallelse_ej_besvarad", "utebliven_fran_mote", "plan_ej_upprattad", "insats_ej_genomford",
        "information_ej_overford", "ansvarsfordelning_oklar", "uppfoljning_ej_genomford",
        "samtycke_saknas", "ovrigt",
    ],
    ("avvikelserapport", "handlaggning.status"): ["rapporterad", "mottagen", "analyserad", "atgardad", "avslutad"],
    ("sip", "typ"): ["ny", "uppfoljning"],
    ("sel-referat", "mote.type"): ["samarbeidsmote", "ansvarsgruppemote", "formote"],
    ("sel-referat", "tiltak[].niva"): ["system", "person"],
    ("kallelse", "motestyp"): [
        "natverksmote", "sip", "samverkansmote", "uppfoljning", "konsultation", "gruppmote", "styrgruppsmote",
    ],
    ("kallelse", "rutin"): ["norrbus", "jamtbus", "vastbas"],
    ("vastbas", "bedomning.beslut"): ["vastbasarende", "andra_atgarder"],
    ("vastbas", "utvardering.resultat"): ["avslutat", "fortsatta_insatser"],
    ("sel-referat", "ip"): ["har_ip", "onsker_ikke_ip", "ikke_vurdert"],
    ("kallelse", "kallade[].verksamhetstyp"): [
        "forskola", "grundskola", "gymnasieskola", "elevhalsa", "ifo",
        "primarvard", "bup", "habilitering", "polis", "trossamfund", "annan",
    ],
}  # fmt: skip

# Lists whose length the forms contract bounds: (minItems, maxItems or None for "any generous bound").
BOUNDED_LISTS: dict[tuple[str, str], tuple[int, int | None]] = {
    ("samtycke", "vardnadshavare"): (1, 2),
    ("samtycke", "verksamheter"): (2, None),
    ("genomforandeplan", "mal"): (1, None),
    ("genomforandeplan", "insatser"): (1, None),
    ("sip", "deltagare"): (2, None),
    ("sip", "insatser"): (1, None),
    ("sel-referat", "deltakere"): (1, None),
    ("kallelse", "kallade"): (2, None),
    ("minnesanteckningar", "deltagare"): (1, None),
    ("minnesanteckningar", "delges"): (1, None),
    ("innkalling", "innkalte"): (1, None),
    ("innkalling", "saksliste"): (1, None),
    ("vastbas", "koordinatorer"): (2, 2),
}


def contract_paths(form_id: str) -> dict[str, bool]:
    """Every contract path of a form, mapped to whether it is [req] in its parent."""
    paths: dict[str, bool] = {}
    for token in CONTRACT[form_id].split():
        token, _, shape = token.partition(":")
        path, required = token.rstrip("*"), token.endswith("*")
        paths[path] = required
        for child in SHAPES.get(shape, "").split():
            child_path = f"{path}.{child.rstrip('*')}"
            paths[child_path] = child.endswith("*")
    return paths


# ---------------------------------------------------------------- schema access
def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    return data


def resolve(node: dict[str, Any], doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Follow $ref (relative file or local #/$defs) to the node it names, with the document it lives in."""
    while "$ref" in node:
        target, _, pointer = node["$ref"].partition("#")
        if target:
            doc = load(target.removesuffix(".schema.json"))
        node = doc
        for part in pointer.strip("/").split("/"):
            node = node[part]
    return node, doc


def find(form_id: str, path: str) -> tuple[dict[str, Any], dict[str, Any], bool]:
    """The schema node at a dot path, its parent object node, and whether the parent requires it."""
    doc = load(form_id)
    node, parent = doc, doc
    required = False
    for step in path.split("."):
        name, is_list = step.removesuffix("[]"), step.endswith("[]")
        node, doc = resolve(node, doc)
        assert name in node.get("properties", {}), f"{form_id}: no property {path}"
        parent, required = node, name in node.get("required", [])
        node = node["properties"][name]
        if is_list:
            node, doc = resolve(node, doc)
            assert node.get("type") == "array", f"{form_id}: {path} is not a list"
            node = node["items"]
    node, _ = resolve(node, doc)
    return node, parent, required


def walk(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema node in a document (properties, items, $defs), with a readable location."""
    if not isinstance(node, dict):
        return
    yield where, node
    for name, child in node.get("properties", {}).items():
        yield from walk(child, f"{where}.{name}")
    for name, child in node.get("$defs", {}).items():
        yield from walk(child, f"{where}$defs.{name}")
    if "items" in node:
        yield from walk(node["items"], f"{where}[]")


ALL_SCHEMAS = ["common", *FORM_IDS]


# ---------------------------------------------------------------- schema tests
@pytest.mark.parametrize("name", ALL_SCHEMAS)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = load(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"{BASE_ID}{name}.schema.json"


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_form_metadata(form_id: str) -> None:
    schema = load(form_id)
    meta = schema["x-formkit"]
    assert meta["id"] == form_id
    assert meta["language"] == ("nb" if form_id in ("sel-referat", "innkalling") else "sv")
    # An invitation or minutes serve every routine (NORRBUS, Jämtbus, Västbas): they name none; the record's rutin chooses.
    routines = {"NORRBUS", "Jämtbus", "Västbas", "Sel kommune"}
    assert meta["routine"] in routines or (form_id in ("kallelse", "minnesanteckningar") and meta["routine"] is None)
    assert re.fullmatch(r"\d+\.\d+\.\d+", meta["version"])
    assert meta["title"] and meta["source"] and "annex" in meta
    # The source names the seed it comes from by number (docs/traceability.md lists them), never a file outside the repo.
    assert re.search(r"seed 00[0-4]", meta["source"]) and "seeds/" not in meta["source"]
    assert schema["type"] == "object" and schema["title"] and schema["description"]


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_contract_properties_exist_with_their_required_ness(form_id: str) -> None:
    for path, required in contract_paths(form_id).items():
        _, _, actual = find(form_id, path)
        assert actual == required, f"{form_id}: {path} should {'' if required else 'not '}be required"


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_required_is_exactly_the_contract(form_id: str) -> None:
    """Properties a schema adds beyond the contract are optional, so contract data stays valid."""
    expected = {path for path, required in contract_paths(form_id).items() if required}
    found: set[str] = set()

    def collect(node: dict[str, Any], doc: dict[str, Any], prefix: str) -> None:
        node, doc = resolve(node, doc)
        if node.get("type") == "array":
            collect(node["items"], doc, prefix + "[]")
            return
        for name, child in node.get("properties", {}).items():
            path = f"{prefix}.{name}" if prefix else name
            if name in node.get("required", []):
                found.add(path)
            collect(child, doc, path)

    collect(load(form_id), load(form_id), "")
    assert found == expected


@pytest.mark.parametrize(("form_id", "path"), list(ENUMS))
def test_enums_and_their_labels(form_id: str, path: str) -> None:
    node, _, _ = find(form_id, path)
    assert node["enum"] == ENUMS[form_id, path]
    assert list(node["x-enum-titles"]) == node["enum"]
    assert all(isinstance(label, str) and label for label in node["x-enum-titles"].values())


@pytest.mark.parametrize(("form_id", "path"), list(BOUNDED_LISTS))
def test_bounded_lists(form_id: str, path: str) -> None:
    node, _, _ = find(form_id, path.removesuffix("[]"))
    low, high = BOUNDED_LISTS[form_id, path]
    assert node["minItems"] == low
    if high is not None:
        assert node["maxItems"] == high


@pytest.mark.parametrize("name", ALL_SCHEMAS)
def test_conventions_hold_on_every_node(name: str) -> None:
    for where, node in walk(load(name)):
        loc = f"{name}:{where or '/'}"
        unknown = {key for key in node if key not in ALLOWED_KEYWORDS and not key.startswith("x-")}
        assert not unknown, f"{loc} uses {unknown}"
        if "$ref" in node:
            assert set(node) - {"$ref"} <= ANNOTATIONS, f"{loc}: $ref beside {set(node) - {'$ref'}}"
            assert not node["$ref"].startswith("http"), f"{loc}: refs are relative"
        if node.get("type") == "object" or "properties" in node:
            assert node.get("additionalProperties") is False, f"{loc}: additionalProperties must be false"
            assert set(node.get("required", [])) <= set(node["properties"]), f"{loc}: requires an unknown property"
        if node.get("type") == "string" and "enum" not in node:
            assert node.get("minLength", 0) >= 1 and "maxLength" in node, f"{loc}: strings are bounded"
        if node.get("type") == "array":
            assert "maxItems" in node, f"{loc}: lists are bounded"
        if "enum" in node:
            assert list(node.get("x-enum-titles", {})) == node["enum"], f"{loc}: every enum value has a label"


@pytest.mark.parametrize("name", ALL_SCHEMAS)
def test_every_property_and_definition_has_a_title(name: str) -> None:
    schema = load(name)
    for where, node in walk(schema):
        if where:  # the document root has its own title test
            assert isinstance(node.get("title"), str) and node["title"].strip(), f"{name}:{where} has no title"


def test_norwegian_form_does_not_use_the_swedish_shapes() -> None:
    text = (SCHEMAS / "sel-referat.schema.json").read_text(encoding="utf-8")
    assert "common.schema.json" not in text
    assert "Fødselsnummer" in text


# ---------------------------------------------------------------- samples
def format_checker() -> FormatChecker:
    """Plain jsonschema formats plus minimal stand-ins for formkit's own (formkit.formats replaces these)."""

    def pnr(value: object) -> bool:
        return not isinstance(value, str) or bool(personnummer.valid(value))

    def fnr(value: object) -> bool:
        return not isinstance(value, str) or bool(fodselsnummer.is_valid(value))

    def time_hm(value: object) -> bool:
        return not isinstance(value, str) or re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value) is not None

    checker = FormatChecker()
    checker.checks("personnummer")(pnr)
    checker.checks("fodselsnummer")(fnr)
    checker.checks("time-hm")(time_hm)
    return checker


def validator(form_id: str) -> Draft202012Validator:
    registry: Registry[Any] = Registry().with_resources(
        (f"{BASE_ID}{name}.schema.json", Resource.from_contents(load(name), default_specification=DRAFT202012))
        for name in ALL_SCHEMAS
    )
    return Draft202012Validator(load(form_id), registry=registry, format_checker=format_checker())


def problems(form_id: str, record: dict[str, Any]) -> list[str]:
    return [f"{'.'.join(map(str, error.path))}: {error.validator}" for error in validator(form_id).iter_errors(record)]


def sample(form_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / f"{form_id}.json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_sample_is_valid(form_id: str) -> None:
    assert problems(form_id, sample(form_id)) == []


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_sample_fills_every_property(form_id: str) -> None:
    """Templates are generated from the samples' shape, so every property must be shown."""
    missing: list[str] = []

    def check(node: dict[str, Any], doc: dict[str, Any], values: list[Any], path: str) -> None:
        node, doc = resolve(node, doc)
        if node.get("type") == "array":
            items = [item for value in values for item in value]
            if not items:
                missing.append(path + "[]")
            check(node["items"], doc, items, path + "[]")
        elif node.get("type") == "object":
            for name, child in node["properties"].items():
                present = [value[name] for value in values if name in value]
                if not present:
                    missing.append(f"{path}.{name}".lstrip("."))
                else:
                    check(child, doc, present, f"{path}.{name}")

    check(load(form_id), load(form_id), [sample(form_id)], "")
    assert missing == []


def test_schemas_reject_what_they_should() -> None:
    """The validator used above is not vacuous: it catches typos, bad formats and missing fields."""
    record = sample("avvikelserapport")
    assert problems("avvikelserapport", {**record, "kategorie": "ovrigt"}) == [": additionalProperties"]
    bad_pnr = {**record, "klient": {"namn": "X", "personnummer": "19121212-1213"}}
    assert problems("avvikelserapport", bad_pnr) == ["klient.personnummer: format"]
    assert problems("avvikelserapport", {**record, "handelsedatum": "2025-02-30"}) == ["handelsedatum: format"]
    referat = sample("sel-referat")
    assert problems("sel-referat", {**referat, "bruker": {"navn": "X", "fodselsnummer": "52071151264"}}) == [
        "bruker.fodselsnummer: format"
    ]
    assert problems("sel-referat", {**referat, "mote": {**referat["mote"], "fra": "24:00"}}) == ["mote.fra: format"]
    assert problems("samtycke", {**sample("samtycke"), "vardnadshavare": []}) == ["vardnadshavare: minItems"]


# ---------------------------------------------------------------- the register of avvikelserapporter
def unflatten(flat: dict[str, Any]) -> dict[str, Any]:
    """Dot paths back to nested objects; an empty cell means the property is absent."""
    record: dict[str, Any] = {}
    for path, value in flat.items():
        if value is None or value == "":
            continue
        node = record
        *parents, leaf = path.split(".")
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = value.isoformat() if isinstance(value, dt.date) else value
    return record


def read_jsonl() -> list[dict[str, Any]]:
    lines = (REGISTER / "avvikelser-2025.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def read_csv() -> list[dict[str, Any]]:
    with (REGISTER / "avvikelser-2025-skola.csv").open(encoding="utf-8-sig", newline="") as handle:
        return [unflatten(row) for row in csv.DictReader(handle, delimiter=";")]


def read_xlsx() -> list[dict[str, Any]]:
    workbook = load_workbook(REGISTER / "avvikelser-2025-vard.xlsx", read_only=True)
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    header = [str(cell) for cell in rows[0]]
    records = []
    for row in rows[1:]:
        # openpyxl returns date cells as datetime at midnight
        cells = [value.date() if isinstance(value, dt.datetime) else value for value in row]
        records.append(unflatten(dict(zip(header, cells, strict=True))))
    return records


def register() -> list[dict[str, Any]]:
    return read_jsonl() + read_csv() + read_xlsx()


def test_register_files_have_their_shape() -> None:
    assert (REGISTER / "avvikelser-2025-skola.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert 8 <= len(read_csv()) <= 12
    assert 8 <= len(read_xlsx()) <= 12
    sheet = load_workbook(REGISTER / "avvikelser-2025-vard.xlsx").worksheets[0]
    header = [cell.value for cell in sheet[1]]
    dates = sheet.cell(row=2, column=header.index("handelsedatum") + 1).value
    assert isinstance(dates, dt.datetime), "dates are real date cells"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row), "no formulas"


def test_register_is_a_valid_year_with_unique_ids() -> None:
    reports = register()
    ids = [report["id"] for report in reports]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"AVV-\d{4}-\d{4}", i) for i in ids)
    for report in reports:
        assert problems("avvikelserapport", report) == [], report["id"]
    years = [report["handelsedatum"][:4] for report in reports]
    assert years.count("2025") >= 60
    assert years.count("2024") == 2 and years.count("2026") == 2
    assert all(report["rapportdatum"] < "2026-11-23" for report in reports)


def test_register_covers_what_the_summary_needs() -> None:
    reports = register()
    in_year = [r for r in reports if r["handelsedatum"].startswith("2025")]
    assert {r["kategori"] for r in in_year} == set(ENUMS["avvikelserapport", "kategori"])
    assert len({r["rapportor"]["verksamhetstyp"] for r in in_year}) >= 7
    statuses = {r.get("handlaggning", {}).get("status") for r in reports}
    assert {None, "mottagen", "analyserad", "avslutad"} <= statuses
    months = [int(r["handelsedatum"][5:7]) for r in in_year]
    assert len(set(months)) == 12 and max(map(months.count, set(months))) >= 3 * min(map(months.count, set(months)))
    assert 3 <= sum("klient" in r for r in reports) <= 10
    assert any(r["beskrivning"].startswith("=") for r in reports)
    assert any("&" in r["beskrivning"] for r in reports)


def test_register_matches_its_generator() -> None:
    """The committed files are what make_samples.py writes, so the generator stays the source."""
    spec = importlib.util.spec_from_file_location("make_samples", REGISTER / "make_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generated = [json.loads(json.dumps(r, default=module.as_json)) for r in module.build_register()]
    assert sorted(generated, key=lambda r: r["id"]) == sorted(register(), key=lambda r: r["id"])
