"""The language catalogue: every text formkit prints for a person, in Swedish (sv) and bokmål (nb).

One entry per message, both languages side by side, so a missing translation
shows in review (and ``tests/test_rule_messages.py`` fails on one). Texts take named
parameters from the program — paths, field paths, rules, counts, limits from
a schema — never a value from a record. The form decides the language;
a message that belongs to no form (a file that could hold any form) is in
:data:`DEFAULT_LANGUAGE`.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from formkit.privacy import mask_identity_numbers

DEFAULT_LANGUAGE = "sv"
"""The language of a message that belongs to no form."""
LANGUAGES = ("sv", "nb")
_NORWEGIAN = frozenset({"nb", "no", "nn", "nb-NO", "nn-NO"})
LOCALES = {"sv": "sv-SE", "nb": "nb-NO"}
"""The document language tag written into Word (proofing) and PDF (/Lang)."""


def language_of(language: str | None) -> str:
    """The catalogue language for a declared language: bokmål for Norwegian, else Swedish."""
    if language in _NORWEGIAN:
        return "nb"
    return DEFAULT_LANGUAGE


CATALOGUE: dict[str, tuple[str, str]] = {
    # --- words printed on the documents
    "doc.yes": ("Ja", "Ja"),
    "doc.no": ("Nej", "Nei"),
    "doc.page": ("Sida", "Side"),
    "doc.of": ("av", "av"),
    "doc.draft": ("UTKAST", "UTKAST"),
    "doc.date": ("Datum", "Dato"),
    "doc.signatures": ("Underskrifter", "Underskrifter"),
    "doc.continued": ("Fortsättning", "Fortsettelse"),
    "doc.continued_from": ("Fortsättning från sida {page}", "Fortsettelse fra side {page}"),
    "doc.continues_on": ("→ Fortsätter på sida {page}", "→ Fortsetter på side {page}"),
    "doc.continuation_of": ("Fortsättningsblad till {title}", "Fortsettelsesark til {title}"),
    "doc.item": ("{title} {number}", "{title} {number}"),
    "doc.none": ("Inga uppgifter.", "Ingen opplysninger."),
    "doc.required_legend": ("Fält markerade med * ska fyllas i.", "Felt merket med * må fylles ut."),
    "doc.forts": ("(forts.)", "(forts.)"),
    "doc.read_only_continued": (
        "Texten fortsätter på nästa sida och kan därför inte ändras här: ändra den i posten och fyll i blanketten på nytt.",
        "Teksten fortsetter på neste side og kan derfor ikke endres her: endre den i posten og fyll ut skjemaet på nytt.",
    ),
    "routing.mottagare": ("Lämnas till", "Sendes til"),
    "routing.kopia": ("Kopia till", "Kopi til"),
    # --- validation: schema keywords (filled with schema facts only)
    "schema.required": ("Obligatorisk uppgift saknas.", "Obligatorisk opplysning mangler."),
    "schema.type": ("Fel typ: ska vara {expected}.", "Feil type: skal være {expected}."),
    "schema.enum": ("Ogiltigt värde: ska vara ett av {allowed}.", "Ugyldig verdi: skal være en av {allowed}."),
    "schema.const": ("Ogiltigt värde: ska vara {allowed}.", "Ugyldig verdi: skal være {allowed}."),
    "schema.minLength.empty": ("Får inte vara tomt.", "Kan ikke være tomt."),
    "schema.minLength": ("För kort: minst {limit} tecken.", "For kort: minst {limit} tegn."),
    "schema.maxLength": ("För långt: högst {limit} tecken.", "For langt: høyst {limit} tegn."),
    "schema.minItems": ("För få: minst {limit}.", "For få: minst {limit}."),
    "schema.maxItems": ("För många: högst {limit}.", "For mange: høyst {limit}."),
    "schema.minimum": ("För litet: minst {limit}.", "For lite: minst {limit}."),
    "schema.maximum": ("För stort: högst {limit}.", "For stort: høyst {limit}."),
    "schema.pattern": ("Har fel form.", "Har feil form."),
    "schema.additionalProperties": ("Okänt fält: finns inte i blanketten.", "Ukjent felt: finnes ikke i skjemaet."),
    "schema.format.date": (
        "Ogiltigt datum: ska skrivas ÅÅÅÅ-MM-DD och finnas i kalendern.",
        "Ugyldig dato: skal skrives ÅÅÅÅ-MM-DD og finnes i kalenderen.",
    ),
    "schema.format.time-hm": ("Ogiltig tid: ska skrivas TT:MM.", "Ugyldig klokkeslett: skal skrives TT:MM."),
    "schema.format.email": ("Ogiltig e-postadress.", "Ugyldig e-postadresse."),
    "schema.format.personnummer": (
        "Ogiltigt personnummer eller samordningsnummer (datum eller kontrollsiffra stämmer inte).",
        "Ugyldig svensk personnummer eller samordningsnummer.",
    ),
    "schema.format.personnummer_future": (
        "Personnumret anger ett födelsedatum efter dagens datum ({today}); kontrollera siffrorna.",
        "Personnummeret angir en fødselsdato etter dagens dato ({today}); kontroller sifrene.",
    ),
    "schema.format.personnummer_too_old": (
        "Personnumret anger ett födelsedatum för mer än {years} år sedan; kontrollera siffrorna (och århundradet).",
        "Personnummeret angir en fødselsdato for mer enn {years} år siden; kontroller sifrene (og århundret).",
    ),
    "schema.format.fodselsnummer": (
        "Ogiltigt fødselsnummer eller D-nummer.",
        "Ugyldig fødselsnummer eller D-nummer (dato eller kontrollsiffer stemmer ikke).",
    ),
    "schema.format": ("Har fel format.", "Har feil format."),
    "schema.other": ("Ogiltigt värde.", "Ugyldig verdi."),
    "schema.empty_item": (
        "Posten i listan är tom: fyll i den eller ta bort den.",
        "Elementet i listen er tomt: fyll det ut eller fjern det.",
    ),
    "type.string": ("text", "tekst"),
    "type.boolean": ("ja/nej (true/false)", "ja/nei (true/false)"),
    "type.array": ("en lista", "en liste"),
    "type.object": ("en grupp av fält", "en gruppe av felt"),
    "type.integer": ("ett heltal", "et heltall"),
    "type.number": ("ett tal", "et tall"),
    "type.null": ("tomt", "tomt"),
    "word.or": ("eller", "eller"),
    "word.and": ("och", "og"),
    "doc.legal_basis": ("Lagrum: {references}.", "Lovgrunnlag: {references}."),
    "weekday.0": ("måndagen", "mandagen"),
    "weekday.1": ("tisdagen", "tirsdagen"),
    "weekday.2": ("onsdagen", "onsdagen"),
    "weekday.3": ("torsdagen", "torsdagen"),
    "weekday.4": ("fredagen", "fredagen"),
    "weekday.5": ("lördagen", "lørdagen"),
    "weekday.6": ("söndagen", "søndagen"),
    "ordinal.1": ("första", "første"),
    "ordinal.2": ("andra", "andre"),
    "ordinal.3": ("tredje", "tredje"),
    "ordinal.4": ("fjärde", "fjerde"),
    "ordinal.-1": ("sista", "siste"),
    "standing.describe": ("{ordinal} {day} varje månad kl. {start}–{end}", "{ordinal} {day} hver måned kl. {start}–{end}"),
    "unknown_field": ("(okänt fält)", "(ukjent felt)"),
    # --- reasons the operating system gives (instead of its English strerror)
    "os.ENOENT": ("finns inte", "finnes ikke"),
    "os.EACCES": ("åtkomst nekad", "ingen tilgang"),
    "os.EPERM": ("åtkomst nekad", "ingen tilgang"),
    "os.ENOSPC": ("disken är full", "disken er full"),
    "os.EROFS": ("skrivskyddat filsystem", "skrivebeskyttet filsystem"),
    "os.EISDIR": ("är en mapp", "er en mappe"),
    "os.ENOTDIR": ("en del av sökvägen är ingen mapp", "en del av stien er ikke en mappe"),
    "os.EEXIST": ("finns redan", "finnes allerede"),
    "os.other": ("systemfel {code}", "systemfeil {code}"),
    # --- forms and schemas
    "form.unknown": ("okänd blankett {form!r}; kända blanketter: {known}", "ukjent skjema {form!r}; kjente skjemaer: {known}"),
    "schema.unreadable": ("{path}: schemat kan inte läsas ({kind})", "{path}: skjemaet kan ikke leses ({kind})"),
    "schema.not_object": ("{path}: ett schema ska vara ett JSON-objekt", "{path}: et skjema skal være et JSON-objekt"),
    "schema.no_folder": ("{path}: mappen med blanketter finns inte", "{path}: mappen med skjemaer finnes ikke"),
    "schema.duplicate": (
        "{path}: blankett-id {form!r} finns redan i {other}",
        "{path}: skjema-id {form!r} finnes allerede i {other}",
    ),
    "schema.no_id": ("{path}: schemat saknar $id", "{path}: skjemaet mangler $id"),
    "schema.id_mismatch": (
        "{path}: x-formkit.id {given!r} stämmer inte med filnamnet",
        "{path}: x-formkit.id {given!r} stemmer ikke med filnavnet",
    ),
    "schema.recursive": (
        "{path}: schemat hänvisar till sig självt (en blankett kan inte vara rekursiv)",
        "{path}: skjemaet viser til seg selv (et skjema kan ikke være rekursivt)",
    ),
    "schema.unresolvable": ("{path}: kan inte följa $ref {ref!r}", "{path}: kan ikke følge $ref {ref!r}"),
    "schema.too_deep": ("{path}: schemat har för många nivåer", "{path}: skjemaet har for mange nivåer"),
    "schema.invalid": (
        "{form}: schemat är inte giltigt JSON Schema ({detail})",
        "{form}: skjemaet er ikke gyldig JSON Schema ({detail})",
    ),
    "presentation.unknown_keys": (
        "{path}: {where}: okända nycklar i x-formkit {keys}; kända: {known}",
        "{path}: {where}: ukjente nøkler i x-formkit {keys}; kjente: {known}",
    ),
    "presentation.texts": (
        "{path}: x-formkit {key} ska vara en text eller en lista av texter",
        "{path}: x-formkit {key} skal være en tekst eller en liste av tekster",
    ),
    "presentation.legal": (
        "{path}: x-formkit legal: {ref!r} finns inte i schemas/lagrum.json; kända: {known}",
        "{path}: x-formkit legal: {ref!r} finnes ikke i schemas/lagrum.json; kjente: {known}",
    ),
    "presentation.object": ("{path}: x-formkit {key} ska vara ett objekt", "{path}: x-formkit {key} skal være et objekt"),
    "presentation.signer_anchor": (
        "{path}: underskrift {caption!r} ska ange precis en av list och field",
        "{path}: underskrift {caption!r} skal angi nøyaktig én av list og field",
    ),
    "presentation.signer_target": (
        "{path}: underskrift {caption!r}: {anchor!r} finns inte i blanketten (eller är ingen lista)",
        "{path}: underskrift {caption!r}: {anchor!r} finnes ikke i skjemaet (eller er ingen liste)",
    ),
    "presentation.subject": (
        "{path}: x-formkit subject {field!r} är inget fält i blanketten",
        "{path}: x-formkit subject {field!r} er ikke et felt i skjemaet",
    ),
    "presentation.routes": (
        "{path}: x-formkit routing.routes ska koppla en kod till dess mottagare",
        "{path}: x-formkit routing.routes skal koble en kode til mottakerne",
    ),
    # --- settings
    "config.missing": ("{path}: inställningsfilen finns inte", "{path}: innstillingsfilen finnes ikke"),
    "config.missing_env": (
        "{path}: inställningsfilen finns inte (från ${env})",
        "{path}: innstillingsfilen finnes ikke (fra ${env})",
    ),
    "config.unreadable": (
        "{path}: inställningarna kan inte läsas ({detail})",
        "{path}: innstillingene kan ikke leses ({detail})",
    ),
    "config.unknown_table": (
        "{path}: okänd tabell [{table}]; kända: {known}",
        "{path}: ukjent tabell [{table}]; kjente: {known}",
    ),
    "config.not_table": ("{path}: [{table}] ska vara en tabell", "{path}: [{table}] skal være en tabell"),
    "config.unknown_setting": (
        "{path}: okänd inställning {table}.{key}; kända: {known}",
        "{path}: ukjent innstilling {table}.{key}; kjente: {known}",
    ),
    "config.type": ("{path}: {table}.{key} ska vara {expected}", "{path}: {table}.{key} skal være {expected}"),
    "config.negative": ("{path}: {table}.{key} får inte vara negativ", "{path}: {table}.{key} kan ikke være negativ"),
    "config.folders": (
        "{path}: formular.kataloger ska vara en lista med mappnamn",
        "{path}: formular.kataloger skal være en liste med mappenavn",
    ),
    "rules.none": (
        '{path}: registrerar ingen regel för formuläret {form} (skriv @rule("{form}") över varje regel, '
        "eller ta bort filen om formuläret inte har några regler)",
        '{path}: registrerer ingen regel for skjemaet {form} (skriv @rule("{form}") over hver regel, '
        "eller fjern filen hvis skjemaet ikke har noen regler)",
    ),
    "rules.broken": (
        "{path}: regelmodulen kan inte köras ({kind})",
        "{path}: regelmodulen kan ikke kjøres ({kind})",
    ),
    "config.where": ("{path}, rad {line}, kolumn {column}", "{path}, linje {line}, kolonne {column}"),
    "config.syntax": (
        "{path}: inställningarna kan inte läsas: inte giltig TOML här (en text inom citattecken, en tabell inom [ ])",
        "{path}: innstillingene kan ikke leses: ikke gyldig TOML her (en tekst i anførselstegn, en tabell i [ ])",
    ),
    "config.not_utf8": (
        "{path}: inställningarna kan inte läsas: inte UTF-8-text; spara filen som UTF-8",
        "{path}: innstillingene kan ikke leses: ikke UTF-8-tekst; lagre filen som UTF-8",
    ),
    "config.cannot_read": (
        "{path}: inställningarna kan inte läsas ({reason})",
        "{path}: innstillingene kan ikke leses ({reason})",
    ),
    "config.type.int": ("ett heltal", "et heltall"),
    "config.type.str": ("en text", "en tekst"),
    "config.type.bool": ("true eller false", "true eller false"),
    "config.type.date": ("ett datum (2025-11-01)", "en dato (2025-11-01)"),
    "config.type.standing": (
        '{veckodag = "onsdag", ordning = 1, fran = "13:00", till = "15:00"} (ordning 1–4 eller -1 för den sista)',
        '{veckodag = "onsdag", ordning = 1, fran = "13:00", till = "15:00"} (ordning 1–4 eller -1 for den siste)',
    ),
    "config.type.routine": ("en av {known}", "en av {known}"),
    "config.type.channels": (
        'en tabell verksamhetstyp = "kanal" (primarvard = "enhetschef HC Järpen")',
        'en tabell verksamhetstyp = "kanal" (primarvard = "enhetschef HC Järpen")',
    ),
    "config.type.language": ('"sv" eller "nb"', '"sv" eller "nb"'),
    # --- input files
    "source.missing": ("{path}: filen finns inte", "{path}: filen finnes ikke"),
    "source.unknown_type": (
        "{path}: okänd filtyp {suffix!r}; formkit läser {known}",
        "{path}: ukjent filtype {suffix!r}; formkit leser {known}",
    ),
    "source.not_utf8": (
        "{path}: inte UTF-8-text (byte {byte}); spara filen som UTF-8 (i Excel: CSV UTF-8)",
        "{path}: ikke UTF-8-tekst (byte {byte}); lagre filen som UTF-8 (i Excel: CSV UTF-8)",
    ),
    "source.bad_utf16": (
        "{path}: UTF-16-texten är trasig; spara filen som UTF-8",
        "{path}: UTF-16-teksten er ødelagt; lagre filen som UTF-8",
    ),
    "source.cannot_read": ("{path}: kan inte läsas ({reason})", "{path}: kan ikke leses ({reason})"),
    "source.bad_json": (
        "{path}: inte giltig JSON (rad {line}, kolumn {column})",
        "{path}: ikke gyldig JSON (linje {line}, kolonne {column})",
    ),
    "source.too_deep": ("{path}: vägrad: JSON i för många nivåer", "{path}: avvist: JSON i for mange nivåer"),
    "source.sample": ("{path}: det medföljande exemplet kan inte läsas", "{path}: det medfølgende eksemplet kan ikke leses"),
    "row.bad_json": ("Raden är inte giltig JSON (kolumn {column}).", "Linjen er ikke gyldig JSON (kolonne {column})."),
    "row.too_deep": ("Raden har JSON i för många nivåer.", "Linjen har JSON i for mange nivåer."),
    "row.csv": (
        "Raden kan inte läsas som CSV (ett citattecken som inte avslutas eller står mitt i ett fält).",
        "Raden kan ikke leses som CSV (et anførselstegn som ikke avsluttes eller står midt i et felt).",
    ),
    "row.extra_cells": ("Raden har fler celler än det finns rubriker.", "Raden har flere celler enn det finnes overskrifter."),
    "row.conflict": (
        "Raden kan inte läsas: en rubrik är både ett fält och en grupp av fält.",
        "Raden kan ikke leses: en overskrift er både et felt og en gruppe av felt.",
    ),
    "header.shown": ("rubriken {header!r}", "overskriften {header!r}"),
    "header.hidden": (
        "rubriken (visas inte: den ser inte ut som ett fältnamn; saknas rubrikraden?)",
        "overskriften (vises ikke: den ser ikke ut som et feltnavn; mangler overskriftsraden?)",
    ),
    "header.empty": ("{path}: kolumn {column} saknar rubrik", "{path}: kolonne {column} mangler overskrift"),
    "header.unknown": (
        "{path}: kolumn {column}: {header} är inget fält i blanketten {form}",
        "{path}: kolonne {column}: {header} er ikke et felt i skjemaet {form}",
    ),
    "header.twice": (
        "{path}: kolumn {column}: {header} förekommer två gånger",
        "{path}: kolonne {column}: {header} forekommer to ganger",
    ),
    "header.inside": ("{path}: {header} ligger inuti {outer}", "{path}: {header} ligger inni {outer}"),
    "csv.unreadable": ("{path}: ingen läsbar CSV-tabell (rad {line})", "{path}: ingen lesbar CSV-tabell (linje {line})"),
    "xlsx.not_zip": ("{path}: ingen .xlsx-arbetsbok (inte en zip-fil)", "{path}: ingen .xlsx-arbeidsbok (ikke en zip-fil)"),
    "xlsx.bomb": (
        "{path}: vägrad: packas upp till {size} byte (kvot {ratio}), troligen en zip-bomb",
        "{path}: avvist: pakkes ut til {size} byte (forhold {ratio}), trolig en zip-bombe",
    ),
    "xlsx.sheet_read": ("{file}, blad {sheet}", "{file}, ark {sheet}"),
    "xlsx.unreadable": ("{path}: ingen läsbar .xlsx-arbetsbok ({kind})", "{path}: ingen lesbar .xlsx-arbeidsbok ({kind})"),
    "xlsx.sheet": (
        "{path}: ett kalkylblad i .xlsx-filen kan inte läsas ({kind})",
        "{path}: et regneark i .xlsx-filen kan ikke leses ({kind})",
    ),
    "folder.unreadable": ("{path}: mappen kan inte läsas ({reason})", "{path}: mappen kan ikke leses ({reason})"),
    "folder.empty": ("{path}: inga filer som formkit läser ({known})", "{path}: ingen filer som formkit leser ({known})"),
    "source.unreadable_entry": ("{path}: kan inte läsas ({reason})", "{path}: kan ikke leses ({reason})"),
    "source.broken_link": (
        "{path}: länken pekar på en fil som inte finns",
        "{path}: lenken peker på en fil som ikke finnes",
    ),
    "source.special": (
        "{path}: ingen vanlig fil (en namngiven pipe eller en enhet) och läses inte",
        "{path}: ingen vanlig fil (en navngitt pipe eller en enhet) og leses ikke",
    ),
    "folder.skipped.hidden": ("dold fil eller mapp", "skjult fil eller mappe"),
    "folder.skipped.office_lock": ("Office-låsfil", "Office-låsefil"),
    "folder.skipped.macos": ("macOS-hjälpfil", "macOS-hjelpefil"),
    "folder.skipped.own_output": ("formkits egen utdata", "formkits egne utdata"),
    "folder.skipped.other_type": ("en filtyp som inte läses", "en filtype som ikke leses"),
    "folder.skipped.special": (
        "ingen vanlig fil (namngiven pipe eller enhet)",
        "ingen vanlig fil (navngitt pipe eller enhet)",
    ),
    "folder.skipped.broken_link": ("länk till en fil som inte finns", "lenke til en fil som ikke finnes"),
    "folder.skipped.folder_link": ("länk till en mapp (följs inte)", "lenke til en mappe (følges ikke)"),
    # --- PDF files
    "pdf.cannot_read": ("{path}: kan inte läsas ({reason})", "{path}: kan ikke leses ({reason})"),
    "pdf.too_big": ("{path}: för stor för en blankett (över {limit} MB)", "{path}: for stor for et skjema (over {limit} MB)"),
    "pdf.not_pdf": ("{path}: ingen PDF-fil", "{path}: ikke en PDF-fil"),
    "pdf.truncated": ("{path}: avkortad (slutet av filen saknas)", "{path}: avkortet (slutten av filen mangler)"),
    "pdf.encrypted_method": (
        "{path}: krypterad med en metod som formkit inte kan öppna",
        "{path}: kryptert med en metode formkit ikke kan åpne",
    ),
    "pdf.password": ("{path}: skyddad med lösenord", "{path}: beskyttet med passord"),
    "pdf.damaged": ("{path}: skadad eller ingen läsbar PDF ({kind})", "{path}: skadet eller ikke en lesbar PDF ({kind})"),
    "pdf.no_catalog": ("{path}: skadad (dokumentkatalog saknas)", "{path}: skadet (dokumentkatalog mangler)"),
    "pdf.xfa": (
        "{path}: ett XFA-formulär (LiveCycle/AEM Designer); formkit läser bara AcroForm-fält",
        "{path}: et XFA-skjema (LiveCycle/AEM Designer); formkit leser bare AcroForm-felt",
    ),
    "pdf.no_fields": ("{path}: har inga formulärfält", "{path}: har ingen skjemafelt"),
    "pdf.cycle": ("{path}: fältträdet har en cykel", "{path}: felttreet har en syklus"),
    "pdf.tree_too_large": ("{path}: fältträdet är för stort eller för djupt", "{path}: felttreet er for stort eller for dypt"),
    "pdf.unknown_form": (
        "{path}: gjord för blanketten {form!r}, som formkit inte känner till",
        "{path}: laget for skjemaet {form!r}, som formkit ikke kjenner",
    ),
    "pdf.not_formkit": (
        "{path}: ingen formkit-blankett (fälten passar ingen känd blankett)",
        "{path}: ikke et formkit-skjema (feltene passer ikke noe kjent skjema)",
    ),
    "pdf.not_record": ("{path}: formulärfälten kan inte läsas som en post", "{path}: skjemafeltene kan ikke leses som en post"),
    "pdf.wrong_form": ("{path}: är blanketten {found!r}, inte {wanted!r}", "{path}: er skjemaet {found!r}, ikke {wanted!r}"),
    "pdf.other_form": ("PDF-filen är blanketten {found!r}, inte {wanted!r}", "PDF-filen er skjemaet {found!r}, ikke {wanted!r}"),
    "pdf.other_version": (
        "PDF-filen gjordes med version {made} av blanketten, nu gäller version {now}",
        "PDF-filen ble laget med versjon {made} av skjemaet, nå gjelder versjon {now}",
    ),
    "pdf.template_unreadable": (
        "{path}: kan inte förberedas som PDF-mall ({kind})",
        "{path}: kan ikke klargjøres som PDF-mal ({kind})",
    ),
    "pdf.template_no_fields": ("{path}: mallen har inga formulärfält", "{path}: malen har ingen skjemafelt"),
    "pdf.template_cycle": ("{path}: mallens fältträd har en cykel", "{path}: malens felttre har en syklus"),
    "pdf.no_box": ("fältet {field!r} har ingen ruta i PDF-mallen", "feltet {field!r} har ingen rute i PDF-malen"),
    "pdf.template_missing": ("{path}: PDF-mallen kan inte läsas", "{path}: PDF-malen kan ikke leses"),
    "template.docx_comment": (
        "formkit-mall (formatmallar, sidhuvud och sidfot); kontrollera den efter ändringar med: formkit templates check",
        "formkit-mal (stiler, topptekst og bunntekst); kontroller den etter endringer med: formkit templates check",
    ),
    "template.check.not_xml": (
        "inte välformad XML (rad {line}): Word kan inte heller öppna den",
        "ikke velformet XML (linje {line}): Word kan heller ikke åpne den",
    ),
    "pdf.template_other_form": (
        "{path}: mallen är gjord för blanketten {found!r}, inte {form!r}",
        "{path}: malen er laget for skjemaet {found!r}, ikke {form!r}",
    ),
    "pdf.template_unknown_field": (
        "{path}: fältet {field!r} motsvarar ingen sökväg i schemat",
        "{path}: feltet {field!r} svarer ikke til noen sti i skjemaet",
    ),
    "pdf.template_no_box": (
        "{path}: det obligatoriska fältet {field!r} har ingen ruta i mallen",
        "{path}: det obligatoriske feltet {field!r} har ingen boks i malen",
    ),
    "pdf.template_no_row": (
        "{path}: det obligatoriska listfältet {field!r} har ingen rad i mallen",
        "{path}: det obligatoriske listefeltet {field!r} har ingen rad i malen",
    ),
    "pdf.template_unfit": (
        "{path}: PDF-mallen passar inte blanketten {form}: {problems}; kontrollera den med formkit templates check",
        "{path}: PDF-malen passer ikke skjemaet {form}: {problems}; kontroller den med formkit templates check",
    ),
    # --- templates and rendering
    "template.missing": ("{form}: ingen .docx-mall i {path}", "{form}: ingen .docx-mal i {path}"),
    "template.bad_rels": ("{part} är inte välformad XML (är det en .docx?)", "{part} er ikke velformet XML (er det en .docx?)"),
    "template.no_main": ("mallen har ingen huvuddel (är det en .docx?)", "malen har ingen hoveddel (er det en .docx?)"),
    "template.too_big": (
        "{path}: mallen packas upp till mer än {limit} byte",
        "{path}: malen pakkes ut til mer enn {limit} byte",
    ),
    "template.unreadable": (
        "{path}: mallen kan inte läsas som .docx ({kind})",
        "{path}: malen kan ikke leses som .docx ({kind})",
    ),
    "template.bad_xml": ("{path}: {part} är inte välformad XML", "{path}: {part} er ikke velformet XML"),
    "render.bad_xml": (
        "{path}: {part}: den ifyllda XML:en är inte välformad ({code})",
        "{path}: {part}: den utfylte XML-en er ikke velformet ({code})",
    ),
    "render.unexpected": ("{step}: oväntat {kind}", "{step}: uventet {kind}"),
    # --- the fill batch
    "fill.unknown_type": (
        "okänd utdatatyp {kind!r}; tillgängliga: {known}",
        "ukjent utdatatype {kind!r}; tilgjengelige: {known}",
    ),
    "fill.no_type": ("ingen utdatatyp angiven", "ingen utdatatype angitt"),
    "fill.invalid_record": (
        "{form}: posten är inte giltig och fylls inte i ({count} fel, först {first})",
        "{form}: posten er ikke gyldig og fylles ikke ut ({count} feil, først {first})",
    ),
    "fill.bad_name": ("utdatanamnet {name!r} skulle hamna utanför mappen", "utdatanavnet {name!r} ville havne utenfor mappen"),
    "fill.cannot_create": (
        "{path}: utdatamappen kan inte skapas ({reason})",
        "{path}: utdatamappen kan ikke opprettes ({reason})",
    ),
    "fill.not_folder": ("{path}: ingen mapp", "{path}: ikke en mappe"),
    "fill.exists": (
        "{path}: innehåller redan utdata ({first}{more}); använd --force för att skriva över eller välj en annan mapp",
        "{path}: inneholder allerede utdata ({first}{more}); bruk --force for å overskrive eller velg en annen mappe",
    ),
    "fill.report": ("{path}: rapporten kan inte skrivas ({reason})", "{path}: rapporten kan ikke skrives ({reason})"),
    "fill.report_lost": (
        "{path}: rapporten kan inte skrivas ({reason}); de {files} filer körningen skrev är hela, "
        "men report.json säger fortfarande att körningen inte blev klar",
        "{path}: rapporten kan ikke skrives ({reason}); de {files} filene kjøringen skrev er hele, "
        "men report.json sier fortsatt at kjøringen ikke ble ferdig",
    ),
    "fill.disk_full": (
        "{path}: disken blev full och körningen stoppades; {files} filer ({records} poster) är hela och listas i "
        "report.json, posten som skrevs när disken blev full togs bort",
        "{path}: disken ble full og kjøringen ble stoppet; {files} filer ({records} poster) er hele og står i "
        "report.json, posten som ble skrevet da disken ble full ble fjernet",
    ),
    "fill.other_report": (
        "{path}: är rapporten för en annan blankett ({other}); {form} skrivs inte i samma mapp (välj en annan mapp)",
        "{path}: er rapporten for et annet skjema ({other}); {form} skrives ikke i samme mappe (velg en annen mappe)",
    ),
    "fill.stale": (
        '{path}: {count} äldre filer som denna körning inte skrev ligger kvar och listas under "stale" i report.json',
        '{path}: {count} eldre filer som denne kjøringen ikke skrev ligger igjen og er listet under "stale" i report.json',
    ),
    "fill.file_exists": ("{name} finns redan (använd --force)", "{name} finnes allerede (bruk --force)"),
    "fill.cannot_write": ("{name} kan inte skrivas ({reason})", "{name} kan ikke skrives ({reason})"),
    "cli.aborted": ("formkit: avbruten (Ctrl-C)", "formkit: avbrutt (Ctrl-C)"),
    "fill.stopped": (
        "formkit: avbruten; {path} listar varje post och varje fil som skrevs",
        "formkit: avbrutt; {path} viser hver post og hver fil som ble skrevet",
    ),
    "fill.interrupted": ("avbruten (Ctrl-C) innan posten fylldes i", "avbrutt (Ctrl-C) før posten ble fylt ut"),
    "fill.not_written": (
        "skrevs inte: disken blev full innan posten fylldes i",
        "ble ikke skrevet: disken ble full før posten ble fylt ut",
    ),
    "fill.worker": (
        "arbetsprocessen stannade innan posten var klar ({kind})",
        "arbeidsprosessen stoppet før posten var ferdig ({kind})",
    ),
    "fill.summary": (
        "{form}: {total} {records}, {written} skrivna, {invalid} ogiltiga, {failed} misslyckade -> {path}",
        "{form}: {total} {records}, {written} skrevet, {invalid} ugyldige, {failed} mislykket -> {path}",
    ),
    "word.record": ("post", "post"),
    "word.records": ("poster", "poster"),
    # --- the command line
    "cli.error": ("formkit: fel: {message}", "formkit: feil: {message}"),
    # click's own usage errors, in these words (formkit/cli/usage.py)
    "cli.usage.help": ("Se '{command} -h' för hjälp.", "Se '{command} -h' for hjelp."),
    "cli.usage.path_missing": ("{path}: finns inte", "{path}: finnes ikke"),
    "cli.usage.path_is_folder": ("{path}: är en mapp, inte en fil", "{path}: er en mappe, ikke en fil"),
    "cli.usage.path_is_file": ("{path}: är en fil, inte en mapp", "{path}: er en fil, ikke en mappe"),
    "cli.usage.path_unreadable": ("{path}: kan inte läsas (behörighet saknas)", "{path}: kan ikke leses (mangler tilgang)"),
    "cli.usage.path_unwritable": ("{path}: kan inte skrivas (behörighet saknas)", "{path}: kan ikke skrives (mangler tilgang)"),
    "cli.usage.date": (
        "{param}: inte ett datum; skriv ÅÅÅÅ-MM-DD, till exempel 2025-11-01",
        "{param}: ikke en dato; skriv ÅÅÅÅ-MM-DD, for eksempel 2025-11-01",
    ),
    "cli.usage.int_range": (
        "{param}: ska vara ett heltal från {low} till {high}",
        "{param}: skal være et heltall fra {low} til {high}",
    ),
    "cli.usage.int_min": ("{param}: ska vara ett heltal, minst {low}", "{param}: skal være et heltall, minst {low}"),
    "cli.usage.int": ("{param}: ska vara ett heltal", "{param}: skal være et heltall"),
    "cli.usage.choice": ("{param}: ska vara ett av: {choices}", "{param}: skal være en av: {choices}"),
    "cli.usage.bad_value": ("{param}: ogiltigt värde", "{param}: ugyldig verdi"),
    "cli.usage.missing_option": ("flaggan {param} saknas", "valget {param} mangler"),
    "cli.usage.missing_argument": ("argumentet {param} saknas", "argumentet {param} mangler"),
    "cli.usage.no_option": ("okänd flagga {option}", "ukjent valg {option}"),
    "cli.usage.did_you_mean": (" (menade du {options}?)", " (mente du {options}?)"),
    "cli.usage.takes_no_value": ("flaggan {option} tar inget värde", "valget {option} tar ingen verdi"),
    "cli.usage.needs_value": ("flaggan {option} behöver ett värde", "valget {option} trenger en verdi"),
    "cli.usage.no_command": (
        "okänt kommando {name} (formkit -h listar kommandona)",
        "ukjent kommando {name} (formkit -h viser kommandoene)",
    ),
    "cli.usage.missing_command": (
        "kommando saknas (formkit -h listar kommandona)",
        "kommando mangler (formkit -h viser kommandoene)",
    ),
    "cli.usage.extra": ("för många argument: {args}", "for mange argumenter: {args}"),
    "cli.usage.other": ("kommandot används fel", "kommandoen brukes feil"),
    "cli.unexpected": (
        "formkit: oväntat fel ({kind}); kör med --debug för att se var (utskriften kan innehålla personuppgifter)",
        "formkit: uventet feil ({kind}); kjør med --debug for å se hvor (utskriften kan inneholde personopplysninger)",
    ),
    "cli.template_type": ("{path}: en mall är en .docx- eller .pdf-fil", "{path}: en mal er en .docx- eller .pdf-fil"),
    "cli.flatten_needs_pdf": (
        "--flatten gäller PDF, men --to är {kinds} (ett Word-dokument har inga formulärfält att platta till)",
        "--flatten gjelder PDF, men --to er {kinds} (et Word-dokument har ingen skjemafelt å flate ut)",
    ),
    "cli.template_twice": ("--template angiven två gånger för {kind}", "--template angitt to ganger for {kind}"),
    "cli.template_unused": ("{path}: en .{kind}-mall, men --to är {kinds}", "{path}: en .{kind}-mal, men --to er {kinds}"),
    "cli.unknown_template_type": (
        "okänd malltyp {kind!r}; använd docx eller pdf",
        "ukjent maltype {kind!r}; bruk docx eller pdf",
    ),
    "cli.output_needs_one": (
        "--output kräver en FORM och en typ (--to, eller filens ändelse)",
        "--output krever ett FORM og én type (--to, eller filens endelse)",
    ),
    "cli.exists": (
        "{path} finns redan; använd --force för att skriva över",
        "{path} finnes allerede; bruk --force for å overskrive",
    ),
    "cli.cannot_write_template": ("{path}: mallen kan inte skrivas ({reason})", "{path}: malen kan ikke skrives ({reason})"),
    "cli.template_needs_form": ("--template kräver en FORM", "--template krever et FORM"),
    "cli.output_is_input": (
        "{path}: är också en indatafil; sammanställningen skulle skriva över rapporterna den läser",
        "{path}: er også en inndatafil; sammenstillingen ville overskrive rapportene den leser",
    ),
    "cli.cannot_write": ("{path} kan inte skrivas ({reason})", "{path} kan ikke skrives ({reason})"),
    "summary.counted": (
        "{year}: {total} rapporter räknade, {duplicates} dubbletter, {rejected} avvisade",
        "{year}: {total} rapporter talt, {duplicates} duplikater, {rejected} avvist",
    ),
    "summary.wrote": ("skrev {path}", "skrev {path}"),
    "summary.rejected": (
        "avvisad: {source}:{record}: {where}: {message} [{rule}]",
        "avvist: {source}:{record}: {where}: {message} [{rule}]",
    ),
    "summary.record": ("(posten)", "(posten)"),
    "summary.too_many": (
        "{count} rapporter ryms inte i ett kalkylblad (högst {limit}); använd --per-verksamhet eller färre indata",
        "{count} rapporter får ikke plass i ett regneark (høyst {limit}); bruk --per-verksamhet eller færre inndata",
    ),
    "summary.no_sheet_data": ("listbladet saknar sheetData att fylla", "listearket mangler sheetData å fylle"),
    "summaryspec.path": (
        "{path}: x-formkit {key}: {field!r} är inget fält av rätt slag i blanketten",
        "{path}: x-formkit {key}: {field!r} er ikke et felt av riktig slag i skjemaet",
    ),
    "summaryspec.status": (
        "{path}: x-formkit summary: default_status och closed ska vara statusar i blanketten; kända: {known}",
        "{path}: x-formkit summary: default_status og closed skal være statuser i skjemaet; kjente: {known}",
    ),
    "summary.no_spec": (
        "{form}: blanketten anger inte vad årssammanställningen räknar (x-formkit summary)",
        "{form}: skjemaet angir ikke hva årssammenstillingen teller (x-formkit summary)",
    ),
    # --- due dates, consent coverage and calendar files (kallelse/due)
    "casework.path": (
        "{path}: x-formkit {key}: {field!r} är inget fält i blanketten",
        "{path}: x-formkit {key}: {field!r} er ikke et felt i skjemaet",
    ),
    "casework.setting": (
        "{path}: x-formkit {key}: {name!r} är ingen inställning med ett antal; kända: {known}",
        "{path}: x-formkit {key}: {name!r} er ingen innstilling med et antall; kjente: {known}",
    ),
    "casework.kind": (
        "{path}: x-formkit due: okänd sorts frist {kind!r}: ge den en label (texten som skrivs ut) eller använd en av {known}",
        "{path}: x-formkit due: ukjent slags frist {kind!r}: gi den en label (teksten som skrives ut) eller bruk en av {known}",
    ),
    "casework.days_twice": (
        "{path}: x-formkit due {kind!r}: ange högst en av days, workdays, months och standing",
        "{path}: x-formkit due {kind!r}: angi høyst én av days, workdays, months og standing",
    ),
    "casework.needs_case": (
        "{path}: x-formkit {key} kräver case med person och dated",
        "{path}: x-formkit {key} krever case med person og dated",
    ),
    "casework.consent_kind": (
        "{path}: x-formkit consent anger antingen grants (med from och to) eller needs",
        "{path}: x-formkit consent angir enten grants (med from og to) eller needs",
    ),
    "ics.no_calendar": (
        "{form}: blanketten anger inget möte (x-formkit calendar) och kan inte skrivas som ics",
        "{form}: skjemaet angir ikke noe møte (x-formkit calendar) og kan ikke skrives som ics",
    ),
    "ics.no_date": ("{field}: inget datum, så ingen kalenderpost", "{field}: ingen dato, så ingen kalenderoppføring"),
    "ics.reference": ("{form} – referens: {reference}", "{form} – referanse: {reference}"),
    "ics.no_personal_data": (
        "Namn och personnummer står i handlingen, inte i kalenderposten.",
        "Navn og fødselsnummer står i dokumentet, ikke i kalenderoppføringen.",
    ),
    "due.kind.uppfoljning": ("Uppföljningsmöte", "Oppfølgingsmøte"),
    "due.kind.tiltak": ("Åtgärd med tidsfrist", "Tiltak med frist"),
    "due.kind.aterkoppling": ("Återkoppling till rapporterande verksamhet", "Tilbakemelding til rapporterende virksomhet"),
    "due.kind.kostnadsfordelning": (
        "Kostnadsfördelning efter akutplacering ska vara överenskommen",
        "Kostnadsfordeling etter akuttplassering skal være avtalt",
    ),
    "due.kind.mote": ("Kallat möte", "Innkalt møte"),
    "due.kind.uppgift": ("Överenskommen uppgift", "Avtalt oppgave"),
    "due.kind.elevhalsoteam": (
        "Kontaktpersonen lyfter ärendet i elevhälsoteamet",
        "Kontaktpersonen tar saken opp i elevhelseteamet",
    ),
    "due.kind.utvardering": ("Utvärdering av insatserna", "Evaluering av tiltakene"),
    "due.kind.staende_tid": ("Stående tid för samverkan", "Fast tid for samarbeid"),
    "due.kind.informera": (
        "Chefen informerar organisationen om beslutade förbättringar",
        "Lederen informerer organisasjonen om vedtatte forbedringer",
    ),
    "due.kind.samtycke_upphor": ("Samtycket upphör", "Samtykket opphører"),
    "due.kind.samtycke_upphort": (
        "Samtycket har upphört, men en plan gäller fortfarande barnet",
        "Samtykket har opphørt, men en plan gjelder fortsatt barnet",
    ),
    "due.kind.samtycke_saknas": ("Samtycke saknas för: {types}", "Samtykke mangler for: {types}"),
    "due.kind.samtycke_typ": (
        "Samtycket nämner inte verksamheten, bara dess typ: {types}",
        "Samtykket nevner ikke virksomheten, bare typen: {types}",
    ),
    "due.overdue": ("försenad", "forsinket"),
    "due.upcoming": ("kommande", "kommende"),
    "due.where": ("{source}, post {record}", "{source}, post {record}"),
    "due.where_via": ("{source}, rad {record} i {via}", "{source}, linje {record} i {via}"),
    "due.heading": (
        "Att göra per {date} (försenat, och det som förfaller inom {days} dagar):",
        "Å gjøre per {date} (forsinket, og det som forfaller innen {days} dager):",
    ),
    "due.nothing": (
        "Inget försenat per {date}, och inget som förfaller inom {days} dagar.",
        "Ikke noe forsinket per {date}, og ikke noe som forfaller innen {days} dager.",
    ),
    "due.standing": ("{what} ({kommun}): {dates} kl. {hours}", "{what} ({kommun}): {dates} kl. {hours}"),
    "due.summary": (
        "{total} att göra: {overdue} försenade, {upcoming} kommande.",
        "{total} å gjøre: {overdue} forsinket, {upcoming} kommende.",
    ),
    "due.unreadable": ("kan inte läsas: {source}: {message}", "kan ikke leses: {source}: {message}"),
    "docs.stale": (
        "{path}: stämmer inte med schemana; kör formkit docs (make docs)",
        "{path}: stemmer ikke med skjemaene; kjør formkit docs (make docs)",
    ),
    "docs.wrote": ("skrev {path}", "skrev {path}"),
    "docs.no_checkout": (
        "ingen docs/-mapp här (formkit är installerat som paket): ange --out MAPP",
        "ingen docs/-mappe her (formkit er installert som pakke): angi --out MAPPE",
    ),
    "due.skipped": ("läses inte: {source}: {reason}", "leses ikke: {source}: {reason}"),
    "due.line": ("posten kan inte läsas ({message})", "posten kan ikke leses ({message})"),
    "due.bad_date": (
        "{path}: inget giltigt datum (ska skrivas ÅÅÅÅ-MM-DD och finnas i kalendern); fristen kan inte beräknas",
        "{path}: ingen gyldig dato (skal skrives ÅÅÅÅ-MM-DD og finnes i kalenderen); fristen kan ikke beregnes",
    ),
    "due.nothing_read": (
        "Inget kunde läsas: ingen post i indata, så inget att lista per {date}.",
        "Ingenting kunne leses: ingen post i inndata, så ingenting å liste per {date}.",
    ),
    "due.no_form": (
        '{count} {records} utan blankett; formkit due läser rader från formkit extract (med "form" och "data")',
        '{count} {records} uten skjema; formkit due leser linjer fra formkit extract (med "form" og "data")',
    ),
    "due.not_record": ('"data" är ingen post (inget JSON-objekt)', '"data" er ingen post (ikke et JSON-objekt)'),
    "due.table_needs_form": (
        "{path}: en tabell anger ingen blankett; läs den med formkit validate FORM",
        "{path}: en tabell angir ikke noe skjema; les den med formkit validate FORM",
    ),
    "coverage.not_needed": (
        "--with-consents: blanketten {form} behöver inget samtycke (x-formkit consent needs)",
        "--with-consents: skjemaet {form} trenger ikke samtykke (x-formkit consent needs)",
    ),
    "coverage.unreadable": (
        "--with-consents: {source}: {message}",
        "--with-consents: {source}: {message}",
    ),
    "coverage.unreadable_named": ("--with-consents: {message}", "--with-consents: {message}"),
    "coverage.no_consents": (
        "--with-consents: inget samtycke i {paths} (bara andra blanketter, eller inga poster)",
        "--with-consents: ingen samtykke i {paths} (bare andre skjemaer, eller ingen poster)",
    ),
    "casework.timezone": (
        "{path}: x-formkit calendar: okänd tidszon {name!r}",
        "{path}: x-formkit calendar: ukjent tidssone {name!r}",
    ),
    # --- PDF/A and PDF/UA conformance check (archive: formkit check-pdf; pdfio/conformance/)
    "check.object": ("objekt {number}", "objekt {number}"),
    "check.direct_object": ("ett direkt objekt", "et direkte objekt"),
    "check.more": ("… och {count} till av samma slag", "… og {count} til av samme slag"),
    "check.where.page": ("sida {page}", "side {page}"),
    "check.where.annotation": ("{subtype}-annotering ({object}) på {where}", "{subtype}-annotasjon ({object}) på {where}"),
    "check.where.appearance": ("utseendet för {annotation}", "utseendet til {annotation}"),
    "check.where.xobject": ("XObject {xobject}, {where}", "XObject {xobject}, {where}"),
    "check.where.font": ("{font} ({object}), {where}", "{font} ({object}), {where}"),
    "check.where.type3": ("Type 3-typsnittet {font}", "Type 3-skriften {font}"),
    "check.where.dr": ("AcroForm /DR", "AcroForm /DR"),
    "check.where.acroform_da": ("AcroForm /DA", "AcroForm /DA"),
    "check.where.field_da": ("/DA i fältet {field}", "/DA i feltet {field}"),
    "check.unreadable": ("ingen läsbar PDF ({kind})", "ikke en lesbar PDF ({kind})"),
    "check.no_catalog": ("trailern pekar inte på någon dokumentkatalog", "traileren peker ikke på noen dokumentkatalog"),
    "check.too_deep": ("objekten är för djupt nästlade för att kontrolleras", "objektene er for dypt nøstet til å kontrolleres"),
    "check.encrypted": (
        "filen är krypterad (/Encrypt): PDF/A förbjuder kryptering",
        "filen er kryptert (/Encrypt): PDF/A forbyr kryptering",
    ),
    "check.ua_encryption": (
        "krypteringen stänger ute hjälpmedel (behörighetsbit 10 är inte satt)",
        "krypteringen stenger ute hjelpemidler (tillatelsesbit 10 er ikke satt)",
    ),
    "check.header": (
        "filen börjar inte med %PDF-1.0 … %PDF-1.7 och ett radslut",
        "filen begynner ikke med %PDF-1.0 … %PDF-1.7 og et linjeskift",
    ),
    "check.header_binary": (
        "rubrikraden följs inte av en kommentar med fyra byte över 127",
        "overskriftslinjen følges ikke av en kommentar med fire byte over 127",
    ),
    "check.eof_missing": ("filen saknar %%EOF", "filen mangler %%EOF"),
    "check.eof_trailing": ("data efter sista %%EOF", "data etter siste %%EOF"),
    "check.trailer_id": ("trailern saknar filidentitet /ID", "traileren mangler filidentitet /ID"),
    "check.catalog_aa": (
        "dokumentkatalogen har /AA (automatiska åtgärder)",
        "dokumentkatalogen har /AA (automatiske handlinger)",
    ),
    "check.requirements": ("dokumentkatalogen har /Requirements", "dokumentkatalogen har /Requirements"),
    "check.needs_rendering": (
        "dokumentkatalogen har /NeedsRendering true (dynamisk XFA)",
        "dokumentkatalogen har /NeedsRendering true (dynamisk XFA)",
    ),
    "check.name_tree": ("namnträdet {key} finns i /Names", "navnetreet {key} finnes i /Names"),
    "check.perms": ("/Perms har andra nycklar än UR3 och DocMDP: {keys}", "/Perms har andre nøkler enn UR3 og DocMDP: {keys}"),
    "check.oc_no_name": (
        "en konfiguration för valfritt innehåll saknar /Name",
        "en konfigurasjon for valgfritt innhold mangler /Name",
    ),
    "check.oc_same_name": (
        "två konfigurationer för valfritt innehåll har samma /Name",
        "to konfigurasjoner for valgfritt innhold har samme /Name",
    ),
    "check.oc_as": ("en konfiguration för valfritt innehåll har /AS", "en konfigurasjon for valgfritt innhold har /AS"),
    "check.lang_missing": (
        "dokumentkatalogen saknar /Lang: dokumentets språk är inte angivet",
        "dokumentkatalogen mangler /Lang: dokumentets språk er ikke angitt",
    ),
    "check.lang_syntax": (
        "dokumentkatalogens /Lang är ingen språkkod (RFC 3066)",
        "dokumentkatalogens /Lang er ingen språkkode (RFC 3066)",
    ),
    "check.level_a_untagged": (
        "nivå A anges men filen är inte taggad (MarkInfo, StructTreeRoot)",
        "nivå A er oppgitt, men filen er ikke tagget (MarkInfo, StructTreeRoot)",
    ),
    "check.ua_marked": (
        "dokumentkatalogen saknar /MarkInfo med /Marked true",
        "dokumentkatalogen mangler /MarkInfo med /Marked true",
    ),
    "check.ua_suspects": ("/MarkInfo /Suspects är true", "/MarkInfo /Suspects er true"),
    "check.ua_display_title": (
        "/ViewerPreferences /DisplayDocTitle är inte true (fönstret visar filnamnet, inte titeln)",
        "/ViewerPreferences /DisplayDocTitle er ikke true (vinduet viser filnavnet, ikke tittelen)",
    ),
    "check.ua_struct_tree": (
        "dokumentkatalogen saknar /StructTreeRoot (ingen taggning)",
        "dokumentkatalogen mangler /StructTreeRoot (ingen tagging)",
    ),
    "check.ua_title": ("XMP-metadata saknar dc:title", "XMP-metadataene mangler dc:title"),
    "check.object_unreadable": ("objekt {number} kan inte läsas ({kind})", "objekt {number} kan ikke leses ({kind})"),
    "check.limit_integer": ("ett heltal ligger utanför 32-bitarsintervallet", "et heltall ligger utenfor 32-bitsområdet"),
    "check.limit_real": (
        "ett decimaltal ligger utanför det tillåtna intervallet",
        "et desimaltall ligger utenfor det tillatte området",
    ),
    "check.limit_string": ("en sträng är längre än 32 767 byte", "en streng er lengre enn 32 767 byte"),
    "check.limit_name": ("ett namn är längre än 127 byte", "et navn er lengre enn 127 byte"),
    "check.javascript": ("JavaScript i {where}", "JavaScript i {where}"),
    "check.action_forbidden": ("en otillåten åtgärd {action} ({where})", "en ikke tillatt handling {action} ({where})"),
    "check.action_remote": (
        "en GoToR-åtgärd öppnar en annan fil ({where}); tillåtet, men arkivexemplaret är inte självständigt",
        "en GoToR-handling åpner en annen fil ({where}); tillatt, men arkiveksemplaret er ikke selvstendig",
    ),
    "check.gs_key": ("ett ExtGState har {key} ({where})", "en ExtGState har {key} ({where})"),
    "check.halftone_type": (
        "en rastrering av annan typ än 1 eller 5 ({where})",
        "en rastrering av annen type enn 1 eller 5 ({where})",
    ),
    "check.blend_mode": (
        "blandningsläget {mode} finns inte i ISO 32000-1 ({where})",
        "blandingsmodusen {mode} finnes ikke i ISO 32000-1 ({where})",
    ),
    "check.intent": ("återgivningsavsikten {intent} ({where})", "gjengivelseshensikten {intent} ({where})"),
    "check.embedded_file": (
        "en inbäddad fil ({where}); PDF/A-2 tillåter bara PDF/A-bilagor och formkit använder inga",
        "en innebygd fil ({where}); PDF/A-2 tillater bare PDF/A-vedlegg og formkit bruker ingen",
    ),
    "check.external_stream": (
        "en ström hänvisar till externa data med {key} ({where})",
        "en strøm viser til eksterne data med {key} ({where})",
    ),
    "check.filter": ("en ström använder filtret {filter} ({where})", "en strøm bruker filteret {filter} ({where})"),
    "check.reference_xobject": ("ett referens-XObject ({where})", "et referanse-XObject ({where})"),
    "check.form_postscript": (
        "ett form-XObject har OPI, PS eller Subtype2 PS ({where})",
        "et form-XObject har OPI, PS eller Subtype2 PS ({where})",
    ),
    "check.postscript": ("ett PostScript-XObject ({where})", "et PostScript-XObject ({where})"),
    "check.image_key": ("en bild har {key} ({where})", "et bilde har {key} ({where})"),
    "check.image_interpolate": ("en bild har /Interpolate true ({where})", "et bilde har /Interpolate true ({where})"),
    "check.image_bits": ("en bild har BitsPerComponent {bits} ({where})", "et bilde har BitsPerComponent {bits} ({where})"),
    "check.xmp_missing": (
        "dokumentkatalogen saknar XMP-metadata (/Metadata)",
        "dokumentkatalogen mangler XMP-metadata (/Metadata)",
    ),
    "check.xmp_stream": (
        "metadataströmmen saknar /Type /Metadata /Subtype /XML",
        "metadatastrømmen mangler /Type /Metadata /Subtype /XML",
    ),
    "check.xmp_undecodable": ("metadataströmmen kan inte avkodas ({kind})", "metadatastrømmen kan ikke dekodes ({kind})"),
    "check.xmp_packet_header": (
        "xpacket-rubriken har attributet {attribute}",
        "xpacket-overskriften har attributtet {attribute}",
    ),
    "check.xmp_syntax": ("XMP-paketet kan inte läsas: {reason}", "XMP-pakken kan ikke leses: {reason}"),
    "check.xmp_reason.doctype": ("det deklarerar en DOCTYPE eller entiteter", "den deklarerer en DOCTYPE eller entiteter"),
    "check.xmp_reason.utf8": ("det är inte UTF-8", "den er ikke UTF-8"),
    "check.xmp_reason.xml": ("det är inte välformad XML", "den er ikke velformet XML"),
    "check.xmp_reason.rdf": ("det saknar rdf:RDF", "den mangler rdf:RDF"),
    "check.pdfa_id_missing": (
        "XMP-metadata saknar pdfaid:part (PDF/A-identifiering)",
        "XMP-metadataene mangler pdfaid:part (PDF/A-identifikasjon)",
    ),
    "check.pdfa_id_part": (
        "pdfaid:part är {part}; kontrollen gäller PDF/A-2",
        "pdfaid:part er {part}; kontrollen gjelder PDF/A-2",
    ),
    "check.pdfa_id_conformance": ("pdfaid:conformance är inte A, B eller U", "pdfaid:conformance er ikke A, B eller U"),
    "check.id_prefix": (
        "schemat {schema} har prefixet {prefix!r}, inte {wanted!r}",
        "skjemaet {schema} har prefikset {prefix!r}, ikke {wanted!r}",
    ),
    "check.ua_id_missing": ("XMP-metadata saknar pdfuaid:part", "XMP-metadataene mangler pdfuaid:part"),
    "check.ua_id_part": ("pdfuaid:part är {part}, inte 1", "pdfuaid:part er {part}, ikke 1"),
    "check.xmp_not_predefined": (
        "XMP-egenskapen {property} finns inte i det fördefinierade schemat {namespace}",
        "XMP-egenskapen {property} finnes ikke i det forhåndsdefinerte skjemaet {namespace}",
    ),
    "check.xmp_not_declared": (
        "XMP-egenskapen {property} är inte deklarerad i tilläggsschemat för {namespace}",
        "XMP-egenskapen {property} er ikke deklarert i utvidelsesskjemaet for {namespace}",
    ),
    "check.xmp_unknown_namespace": (
        "XMP-egenskapen {property} i {namespace}: namnrymden är varken fördefinierad eller deklarerad i ett tilläggsschema",
        "XMP-egenskapen {property} i {namespace}: navnerommet er verken forhåndsdefinert eller deklarert i et utvidelsesskjema",
    ),
    "check.xmp_container": ("{property} är ingen {kind}", "{property} er ingen {kind}"),
    "check.xmp_not_date": ("{property} är inget datum", "{property} er ingen dato"),
    "check.xmp_not_integer": ("{property} är inget heltal", "{property} er ikke et heltall"),
    "check.ext_not_bag": ("pdfaExtension:schemas är ingen rdf:Bag", "pdfaExtension:schemas er ingen rdf:Bag"),
    "check.ext_lacks": ("ett tilläggsschema saknar {field}", "et utvidelsesskjema mangler {field}"),
    "check.ext_not_seq": ("pdfaSchema:property är ingen rdf:Seq", "pdfaSchema:property er ingen rdf:Seq"),
    "check.ext_category": (
        "pdfaProperty:category är varken internal eller external",
        "pdfaProperty:category er verken internal eller external",
    ),
    "check.ext_value_type": (
        "pdfaProperty:valueType {value_type!r} är varken en XMP-typ eller deklarerad",
        "pdfaProperty:valueType {value_type!r} er verken en XMP-type eller deklarert",
    ),
    "check.info_mismatch": (
        "Info {key} har ingen likadan {property} i XMP-metadata",
        "Info {key} har ingen lik {property} i XMP-metadataene",
    ),
    "check.info_date": ("Info {key} är inget PDF-datum", "Info {key} er ingen PDF-dato"),
    "check.intent_profile_ref": (
        "en PDF/X-OutputIntent har /DestOutputProfileRef",
        "en PDF/X-OutputIntent har /DestOutputProfileRef",
    ),
    "check.intent_no_profile": (
        "PDF/A-OutputIntent (GTS_PDFA1) saknar inbäddad /DestOutputProfile",
        "PDF/A-OutputIntent (GTS_PDFA1) mangler innebygd /DestOutputProfile",
    ),
    "check.icc_header": (
        "OutputIntents ICC-profil har ingen giltig rubrik",
        "OutputIntents ICC-profil har ingen gyldig overskrift",
    ),
    "check.icc_kind": (
        "utdataprofilen ska vara en ICC v2/v4-profil av klass mntr eller prtr i GRAY, RGB eller CMYK"
        " (här version {version}, klass {device_class!r}, färgrymd {space!r})",
        "utdataprofilen skal være en ICC v2/v4-profil av klasse mntr eller prtr i GRAY, RGB eller CMYK"
        " (her versjon {version}, klasse {device_class!r}, fargerom {space!r})",
    ),
    "check.icc_n": ("ICC-profilens /N stämmer inte med dess färgrymd", "ICC-profilens /N stemmer ikke med fargerommet"),
    "check.intent_profiles_differ": (
        "PDF/A-OutputIntents pekar på olika profiler",
        "PDF/A-OutputIntents peker på ulike profiler",
    ),
    "check.device_no_intent": (
        "{space} används men det finns ingen PDF/A-OutputIntent (GTS_PDFA1 med en ICC-profil)",
        "{space} brukes, men det finnes ingen PDF/A-OutputIntent (GTS_PDFA1 med en ICC-profil)",
    ),
    "check.device_other_intent": (
        "{space} används men OutputIntents profil är {profile}",
        "{space} brukes, men OutputIntents profil er {profile}",
    ),
    "check.no_intent": (
        "ingen PDF/A-OutputIntent (behövs så snart enhetsfärger används)",
        "ingen PDF/A-OutputIntent (trengs så snart enhetsfarger brukes)",
    ),
    "check.transparency": (
        "sida {page} använder genomskinlighet utan OutputIntent eller /Group /CS",
        "side {page} bruker gjennomsiktighet uten OutputIntent eller /Group /CS",
    ),
    "check.page_aa": ("{where} har /AA (automatiska åtgärder)", "{where} har /AA (automatiske handlinger)"),
    "check.pres_steps": ("{where} har /PresSteps", "{where} har /PresSteps"),
    "check.page_size": (
        "{where}: {key} är mindre än 3 eller större än 14 400 enheter",
        "{where}: {key} er mindre enn 3 eller større enn 14 400 enheter",
    ),
    "check.content_unreadable": (
        "{where}: innehållsströmmen kan inte avkodas ({kind})",
        "{where}: innholdsstrømmen kan ikke dekodes ({kind})",
    ),
    "check.content_unparsable": (
        "{where}: innehållsströmmen kan inte tolkas ({kind})",
        "{where}: innholdsstrømmen kan ikke tolkes ({kind})",
    ),
    "check.ua_tabs": ("{where} har annoteringar men inte /Tabs /S", "{where} har annotasjoner, men ikke /Tabs /S"),
    "check.annotation_type": ("{where}: annoteringstypen är inte tillåten", "{where}: annotasjonstypen er ikke tillatt"),
    "check.annotation_no_flags": ("{where} saknar /F (Print ska vara satt)", "{where} mangler /F (Print skal være satt)"),
    "check.annotation_flags": (
        "{where}: Print ska vara satt och Invisible, Hidden, NoView, ToggleNoView inte",
        "{where}: Print skal være satt og Invisible, Hidden, NoView, ToggleNoView ikke",
    ),
    "check.appearance_missing": ("{where} saknar utseende (/AP /N)", "{where} mangler utseende (/AP /N)"),
    "check.appearance_only_n": ("{where}: utseendeordboken får bara ha /N", "{where}: utseendeordboken kan bare ha /N"),
    "check.appearance_states": (
        "{where}: en knapps /N ska vara en ordbok med lägen",
        "{where}: en knapps /N skal være en ordbok med tilstander",
    ),
    "check.appearance_stream": ("{where}: /N ska vara en utseendeström", "{where}: /N skal være en utseendestrøm"),
    "check.widget_actions": ("{where} har /A eller /AA", "{where} har /A eller /AA"),
    "check.ua_contents": ("{where} saknar /Contents (textalternativ)", "{where} mangler /Contents (tekstalternativ)"),
    "check.tf_missing": (
        "{where}: Tf väljer {font}, som resurserna inte definierar",
        "{where}: Tf velger {font}, som ressursene ikke definerer",
    ),
    "check.do_missing": (
        "{where}: Do ritar {xobject}, som resurserna inte definierar",
        "{where}: Do tegner {xobject}, som ressursene ikke definerer",
    ),
    "check.xobject_recursive": ("{where}: ett form-XObject ritar sig självt", "{where}: et form-XObject tegner seg selv"),
    "check.inline_interpolate": ("{where}: en inbäddad bild har /I true", "{where}: et innebygd bilde har /I true"),
    "check.inline_filter": (
        "{where}: en inbäddad bild använder filtret {filter}",
        "{where}: et innebygd bilde bruker filteret {filter}",
    ),
    "check.inherited_resources": (
        "{where} har inga egna /Resources men använder namngivna resurser",
        "{where} har ingen egne /Resources, men bruker navngitte ressurser",
    ),
    "check.need_appearances": (
        "AcroForm /NeedAppearances är true: läsprogram skulle rita om fälten på sitt eget sätt",
        "AcroForm /NeedAppearances er true: leseprogrammer ville tegne feltene på sin egen måte",
    ),
    "check.xfa": ("AcroForm har /XFA", "AcroForm har /XFA"),
    "check.field_aa": ("formulärfältet {field} har /AA", "skjemafeltet {field} har /AA"),
    "check.ua_field_tu": (
        "formulärfältet {field} saknar /TU (tillgängligt namn)",
        "skjemafeltet {field} mangler /TU (tilgjengelig navn)",
    ),
    "check.da_font_missing": (
        "{where} anger typsnittet {font}, som AcroForm /DR inte definierar",
        "{where} angir skriften {font}, som AcroForm /DR ikke definerer",
    ),
    "check.font_no_type": ("typsnittet {font} saknar /Type /Font", "skriften {font} mangler /Type /Font"),
    "check.font_subtype": ("typsnittet {font} har undertypen {subtype}", "skriften {font} har undertypen {subtype}"),
    "check.font_no_basefont": ("typsnittet {font} saknar /BaseFont", "skriften {font} mangler /BaseFont"),
    "check.font_not_embedded_text": (
        "typsnittet {base} är inte inbäddat; {font} visar text med det",
        "skriften {base} er ikke innebygd; {font} viser tekst med den",
    ),
    "check.font_not_embedded_text.standard": (
        "standardtypsnittet {base} är inte inbäddat; {font} visar text med det",
        "standardskriften {base} er ikke innebygd; {font} viser tekst med den",
    ),
    "check.font_not_embedded_form": (
        "typsnittet {base} är inte inbäddat; {font} anger det för formulärfält",
        "skriften {base} er ikke innebygd; {font} angir den for skjemafelt",
    ),
    "check.font_not_embedded_form.standard": (
        "standardtypsnittet {base} är inte inbäddat; {font} anger det för formulärfält",
        "standardskriften {base} er ikke innebygd; {font} angir den for skjemafelt",
    ),
    "check.font_unused": (
        "det icke inbäddade typsnittet {base} ({font}) deklareras men används aldrig; ta bort det",
        "den ikke innebygde skriften {base} ({font}) deklareres, men brukes aldri; fjern den",
    ),
    "check.cidfont_not_embedded": (
        "CID-typsnittet {base} i {font} är inte inbäddat",
        "CID-skriften {base} i {font} er ikke innebygd",
    ),
    "check.font_no_widths": (
        "typsnittet {font} saknar FirstChar, LastChar eller Widths",
        "skriften {font} mangler FirstChar, LastChar eller Widths",
    ),
    "check.font_widths_count": (
        "typsnittet {font}: /Widths har {count} värden, inte LastChar − FirstChar + 1",
        "skriften {font}: /Widths har {count} verdier, ikke LastChar − FirstChar + 1",
    ),
    "check.fontfile3": (
        "typsnittet {font}: FontFile3 av undertypen {kind} passar inte",
        "skriften {font}: FontFile3 av undertypen {kind} passer ikke",
    ),
    "check.font_program_undecodable": (
        "ett inbäddat typsnittsprogram ({key}) kan inte avkodas",
        "et innebygd skriftprogram ({key}) kan ikke dekodes",
    ),
    "check.truetype_unreadable": (
        "typsnittet {font}: det inbäddade TrueType-programmet kan inte läsas ({kind})",
        "skriften {font}: det innebygde TrueType-programmet kan ikke leses ({kind})",
    ),
    "check.truetype_symbolic_encoding": (
        "det symboliska TrueType-typsnittet {font} har /Encoding",
        "den symbolske TrueType-skriften {font} har /Encoding",
    ),
    "check.truetype_encoding": (
        "det icke-symboliska TrueType-typsnittet {font} saknar WinAnsi- eller MacRoman-kodning",
        "den ikke-symbolske TrueType-skriften {font} mangler WinAnsi- eller MacRoman-koding",
    ),
    "check.truetype_cmap_symbolic": (
        "det symboliska TrueType-typsnittet {font}: cmap ska ha en deltabell eller (3,0)",
        "den symbolske TrueType-skriften {font}: cmap skal ha én deltabell eller (3,0)",
    ),
    "check.truetype_cmap": (
        "det icke-symboliska TrueType-typsnittet {font}: cmap saknar en icke-symbolisk deltabell",
        "den ikke-symbolske TrueType-skriften {font}: cmap mangler en ikke-symbolsk deltabell",
    ),
    "check.glyph_missing": (
        "typsnittet {font}: kod {code} motsvarar inget tecken i det inbäddade programmet",
        "skriften {font}: kode {code} svarer ikke til noe tegn i det innebygde programmet",
    ),
    "check.notdef": ("typsnittet {font}: kod {code} visar .notdef", "skriften {font}: kode {code} viser .notdef"),
    "check.widths": (
        "typsnittet {font}: bredden för kod {code} är {declared} i /Widths men {actual} i programmet",
        "skriften {font}: bredden for kode {code} er {declared} i /Widths, men {actual} i programmet",
    ),
    "check.type0_no_cidfont": ("Type0-typsnittet {font} saknar CID-typsnitt", "Type0-skriften {font} mangler CID-skrift"),
    "check.usecmap": (
        "typsnittet {font}: CMap använder en CMap som varken är inbäddad eller fördefinierad",
        "skriften {font}: CMap bruker en CMap som verken er innebygd eller forhåndsdefinert",
    ),
    "check.cmap": (
        "typsnittet {font}: CMap {cmap} är varken inbäddad eller fördefinierad",
        "skriften {font}: CMap {cmap} er verken innebygd eller forhåndsdefinert",
    ),
    "check.cid_system_info": (
        "typsnittet {font}: CIDSystemInfo i CID-typsnittet och CMap stämmer inte överens",
        "skriften {font}: CIDSystemInfo i CID-skriften og CMap stemmer ikke overens",
    ),
    "check.cid_to_gid": (
        "CIDFontType2-typsnittet {font} saknar /CIDToGIDMap",
        "CIDFontType2-skriften {font} mangler /CIDToGIDMap",
    ),
    "check.cid_glyph_missing": (
        "typsnittet {font}: CID {code} motsvarar inget tecken i det inbäddade programmet",
        "skriften {font}: CID {code} svarer ikke til noe tegn i det innebygde programmet",
    ),
    "check.cid_notdef": ("typsnittet {font}: CID {code} visar .notdef", "skriften {font}: CID {code} viser .notdef"),
    "check.cid_widths": (
        "typsnittet {font}: bredden för CID {code} är {declared} i /W men {actual} i programmet",
        "skriften {font}: bredden for CID {code} er {declared} i /W, men {actual} i programmet",
    ),
    "check.tounicode_missing": ("typsnittet {font} saknar ToUnicode-CMap", "skriften {font} mangler ToUnicode-CMap"),
    "check.tounicode_unreadable": (
        "typsnittet {font}: ToUnicode-CMap kan inte läsas",
        "skriften {font}: ToUnicode-CMap kan ikke leses",
    ),
    "check.tounicode_unmapped": (
        "typsnittet {font}: {count} visade koder utan Unicode-värde ({codes})",
        "skriften {font}: {count} viste koder uten Unicode-verdi ({codes})",
    ),
    "check.ua_rolemap_standard": (
        "standardstrukturtypen {type} är omdöpt i RoleMap",
        "standardstrukturtypen {type} er omdøpt i RoleMap",
    ),
    "check.ua_rolemap_self": (
        "strukturtypen {type} pekar på sig själv i RoleMap",
        "strukturtypen {type} peker på seg selv i RoleMap",
    ),
    "check.ua_rolemap_cycle": ("RoleMap har en cykel", "RoleMap har en syklus"),
    "check.ua_no_parent": ("strukturelementet {type} ({object}) saknar /P", "strukturelementet {type} ({object}) mangler /P"),
    "check.ua_figure_alt": (
        "Figure-elementet ({object}) saknar Alt eller ActualText",
        "Figure-elementet ({object}) mangler Alt eller ActualText",
    ),
    "check.ua_table_headers": (
        "tabellen ({object}) har {cells} dataceller men ingen rubrikcell (TH)",
        "tabellen ({object}) har {cells} dataceller, men ingen overskriftscelle (TH)",
    ),
    "check.ua_table_scope": (
        "tabellen ({object}): {count} rubrikceller (TH) utan Scope, och inga celler med Headers",
        "tabellen ({object}): {count} overskriftsceller (TH) uten Scope, og ingen celler med Headers",
    ),
    "check.ua_table_nesting": (
        "{type}-elementet ({object}) ligger i {parent}, inte i {expected}",
        "{type}-elementet ({object}) ligger i {parent}, ikke i {expected}",
    ),
    "check.ua_widget_form": (
        "{where} ligger inte i något Form-strukturelement",
        "{where} ligger ikke i noe Form-strukturelement",
    ),
    "check.ua_link_tag": ("{where} ligger inte i något Link-strukturelement", "{where} ligger ikke i noe Link-strukturelement"),
    "check.ua_annot_tag": (
        "{where} ligger inte i något Annot-strukturelement",
        "{where} ligger ikke i noe Annot-strukturelement",
    ),
    "check.cli.error": ("fel", "feil"),
    "check.cli.warning": ("varning", "advarsel"),
    "check.cli.conforms": (
        "{path}: uppfyller {standard} i allt som kontrolleras ({warnings})",
        "{path}: oppfyller {standard} i alt som kontrolleres ({warnings})",
    ),
    "check.cli.fails": (
        "{path}: uppfyller inte {standard}: {errors} fel, {warnings}",
        "{path}: oppfyller ikke {standard}: {errors} feil, {warnings}",
    ),
    "check.cli.warnings.one": ("1 varning", "1 advarsel"),
    "check.cli.warnings.many": ("{count} varningar", "{count} advarsler"),
    # --- archival copies (archive: render/pdf/archive.py, render/docx/archive.py)
    "archive.unreadable": ("{path}: kan inte läsas som PDF ({kind})", "{path}: kan ikke leses som PDF ({kind})"),
    "archive.encrypted": (
        "{path}: krypterad; ett PDF/A-exemplar får inte vara krypterat",
        "{path}: kryptert; et PDF/A-eksemplar kan ikke være kryptert",
    ),
    "archive.not_flat": (
        "sida {page} har kvar ett ifyllt formulärfält: platta ut PDF-filen innan den arkiveras",
        "side {page} har fortsatt et utfylt skjemafelt: flat ut PDF-filen før den arkiveres",
    ),
    "archive.unembedded_font": (
        "texten använder typsnittet {font}, som inte är inbäddat; bädda in det innan filen arkiveras",
        "teksten bruker skriften {font}, som ikke er innebygd; bygg den inn før filen arkiveres",
    ),
    "archive.zapf_code": (
        "ZapfDingbats-tecknet med kod {code} har ingen ersättning i det inbäddade typsnittet",
        "ZapfDingbats-tegnet med kode {code} har ingen erstatning i den innebygde skriften",
    ),
    "archive.no_glyph": ("det inbäddade typsnittet saknar tecknet {char}", "den innebygde skriften mangler tegnet {char}"),
    "archive.check_failed": (
        "{path}: arkivexemplaret klarar inte PDF/A-kontrollen ({rules}); kör `formkit check-pdf` på det",
        "{path}: arkiveksemplaret består ikke PDF/A-kontrollen ({rules}); kjør `formkit check-pdf` på det",
    ),
    "archive.no_libreoffice": (
        "LibreOffice (soffice) behövs för PDF/A-exemplar av Word-dokument men finns inte;"
        " installera det (apt-get install libreoffice-writer-nogui) eller ange programmet i $FORMKIT_SOFFICE",
        "LibreOffice (soffice) trengs for PDF/A-eksemplarer av Word-dokumenter, men finnes ikke;"
        " installer det (apt-get install libreoffice-writer-nogui) eller angi programmet i $FORMKIT_SOFFICE",
    ),
    "archive.libreoffice_timeout": (
        "LibreOffice gjorde inte PDF/A-exemplaret inom {seconds} sekunder och avbröts",
        "LibreOffice laget ikke PDF/A-eksemplaret innen {seconds} sekunder og ble avbrutt",
    ),
    "archive.libreoffice_failed": (
        "LibreOffice kunde inte göra ett PDF/A-exemplar (slutstatus {code})",
        "LibreOffice kunne ikke lage et PDF/A-eksemplar (avslutningsstatus {code})",
    ),
    "archive.values_lost": (
        "{path}: LibreOffice tappade {count} värden i PDF/A-exemplaret ({fields}); exemplaret skrivs inte",
        "{path}: LibreOffice mistet {count} verdier i PDF/A-eksemplaret ({fields}); eksemplaret skrives ikke",
    ),
    "archive.libreoffice_cannot_run": (
        "LibreOffice ({program}) kan inte startas ({reason})",
        "LibreOffice ({program}) kan ikke startes ({reason})",
    ),
    # --- real folders, real faults (issue 10): locks, interruptions, encodings, active content
    "fill.locked": (
        "{path}: en annan formkit-körning (process {pid}) skriver redan i mappen; "
        "vänta tills den är klar eller välj en annan mapp",
        "{path}: en annen formkit-kjøring (prosess {pid}) skriver allerede i mappen; "
        "vent til den er ferdig eller velg en annen mappe",
    ),
    "fill.stale_lock": (
        "{path}: tog över låset från en körning som avbröts utan att städa (process {pid})",
        "{path}: overtok låsen fra en kjøring som ble avbrutt uten å rydde (prosess {pid})",
    ),
    "fill.stale_temp": (
        "{path}: tog bort {count} halvskrivna temporärfiler från en avbruten körning",
        "{path}: fjernet {count} halvskrevne midlertidige filer fra en avbrutt kjøring",
    ),
    "fill.cannot_write_folder": (
        "{path}: kan inte skriva i utdatamappen ({reason})",
        "{path}: kan ikke skrive i utdatamappen ({reason})",
    ),
    "pdf.template_active": (
        "{path}: PDF-mallen har aktivt innehåll ({what}) som skulle kopieras till varje ifylld blankett; ta bort det",
        "{path}: PDF-malen har aktivt innhold ({what}) som ville bli kopiert til hvert utfylte skjema; fjern det",
    ),
    "pdf.active": (
        "PDF-filen har aktivt innehåll ({what}); värdena lästes, inget kördes",
        "PDF-filen har aktivt innhold ({what}); verdiene ble lest, ingenting ble kjørt",
    ),
    "row.not_utf8": (
        "Raden är inte UTF-8-text (tecken {column}); spara filen som UTF-8.",
        "Linjen er ikke UTF-8-tekst (tegn {column}); lagre filen som UTF-8.",
    ),
    "row.field_too_long": (
        "Kolumn {column} är för lång (över {limit} tecken).",
        "Kolonne {column} er for lang (over {limit} tegn).",
    ),
    "row.formula": (
        "Cell {cell} är en formel utan sparat värde (arket är skrivet av ett program); "
        "öppna filen i Excel eller LibreOffice och spara den, så sparas värdet.",
        "Celle {cell} er en formel uten lagret verdi (arket er skrevet av et program); "
        "åpne filen i Excel eller LibreOffice og lagre den, så lagres verdien.",
    ),
    "xlsx.formula_header": (
        "{path}: rubriken i cell {cell} är en formel utan sparat värde; "
        "öppna filen i Excel eller LibreOffice och spara den, eller skriv rubriken som text",
        "{path}: overskriften i celle {cell} er en formel uten lagret verdi; "
        "åpne filen i Excel eller LibreOffice og lagre den, eller skriv overskriften som tekst",
    ),
    "csv.encoding": (
        "{path}: ingen textfil i en teckenkodning som Excel sparar (UTF-8, Windows-1252, UTF-16); "
        "är det en CSV-fil? Öppna den i Excel och välj Spara som > CSV UTF-8 (kommaavgränsad)",
        "{path}: ikke en tekstfil i en tegnkoding Excel lagrer (UTF-8, Windows-1252, UTF-16); "
        "er det en CSV-fil? Åpne den i Excel og velg Lagre som > CSV UTF-8 (kommadelt)",
    ),
    "csv.encoding_ambiguous": (
        "{path}: teckenkodningen kan inte avgöras säkert (texten kan läsas både som Windows-1252 och som en "
        "annan kodning); öppna filen i Excel och välj Spara som > CSV UTF-8 (kommaavgränsad)",
        "{path}: tegnkodingen kan ikke avgjøres sikkert (teksten kan leses både som Windows-1252 og som en "
        "annen koding); åpne filen i Excel og velg Lagre som > CSV UTF-8 (kommadelt)",
    ),
    "rule.id_personnummer": (
        "Diarienumret innehåller ett personnummer; ett diarienummer är en registerkod och får inte innehålla personuppgifter.",
        "Journalnummeret inneholder et personnummer; et journalnummer er en registerkode "
        "og kan ikke inneholde personopplysninger.",
    ),
    "rule.avvikelserapport.status_motsager": (
        "Datumet hör till ett senare steg i handläggningen än status {status}; rätta status eller datumet.",
        "Datoen hører til et senere trinn i behandlingen enn status {status}; rett status eller datoen.",
    ),
    "rule.before_mottagen": (
        "Datumet kan inte ligga före datumet då rapporten mottogs.",
        "Datoen kan ikke ligge før datoen da rapporten ble mottatt.",
    ),
    "rule.future_date": (
        "Datumet ligger efter referensdatumet {today}.",
        "Datoen ligger etter referansedatoen {today}.",
    ),
    "rule.status_needs": (
        "Saknas för status {status}: handläggningen har inte kommit så långt utan den uppgiften.",
        "Mangler for status {status}: behandlingen har ikke kommet så langt uten den opplysningen.",
    ),
    "pdf.info_mismatch": (
        "{path}: dokumentinformationen säger blanketten {said!r}, men fälten är blanketten {found!r}; filen läses inte",
        "{path}: dokumentinformasjonen sier skjemaet {said!r}, men feltene er skjemaet {found!r}; filen leses ikke",
    ),
    "cli.summary_no_output": (
        "ange minst en utdata: --out (arbetsbok), --report, --json eller --per-verksamhet",
        "angi minst én utdata: --out (arbeidsbok), --report, --json eller --per-verksamhet",
    ),
    "cli.report_suffix": (
        "{path}: rapporten skrivs som .pdf eller .docx; ge --report ett sådant namn",
        "{path}: rapporten skrives som .pdf eller .docx; gi --report et slikt navn",
    ),
    "cli.out_not_xlsx": (
        "{path}: sammanställningen är en Excel-arbetsbok; ge --out ett namn som slutar på .xlsx",
        "{path}: sammenstillingen er en Excel-arbeidsbok; gi --out et navn som slutter på .xlsx",
    ),
    "cli.no_parent": (
        "{path}: mappen finns inte (för {name}); skapa den först eller välj en annan",
        "{path}: mappen finnes ikke (for {name}); opprett den først eller velg en annen",
    ),
    "output.special": (
        "{path}: är {kind}, inte en vanlig fil; formkit ersätter bara vanliga filer (välj ett annat namn)",
        "{path}: er {kind}, ikke en vanlig fil; formkit erstatter bare vanlige filer (velg et annet navn)",
    ),
    "output.kind.link": ("en symbolisk länk", "en symbolsk lenke"),
    "output.kind.folder": ("en mapp", "en mappe"),
    "output.kind.fifo": ("en namngiven pipe (FIFO)", "et navngitt rør (FIFO)"),
    "output.kind.device": ("en enhetsfil", "en enhetsfil"),
    "output.kind.socket": ("en socket", "en socket"),
    "output.kind.other": ("en specialfil", "en spesialfil"),
    "fill.not_folder_file": ("{path}: är en mapp, inte en fil", "{path}: er en mappe, ikke en fil"),
    "pdf.unknown_field_file": (
        "{path}: varning: fältet {field} finns inte i blanketten {form} (det är tillagt av ett annat program); "
        "dess värde lästes inte",
        "{path}: advarsel: feltet {field} finnes ikke i skjemaet {form} (det er lagt til av et annet program); "
        "verdien ble ikke lest",
    ),
    "pdf.unknown_field": (
        "Fältet finns inte i blanketten (det är tillagt av ett annat program); dess värde lästes inte.",
        "Feltet finnes ikke i skjemaet (det er lagt til av et annet program); verdien ble ikke lest.",
    ),
    "pdf.changed_file": (
        "{path}: varning: fältet {field} ändrades efter ifyllningen, men fortsättningssidorna visar fortfarande den "
        "gamla texten; fyll i blanketten på nytt med formkit innan den skrivs ut eller arkiveras",
        "{path}: advarsel: feltet {field} ble endret etter utfyllingen, men fortsettelsessidene viser fortsatt den "
        "gamle teksten; fyll ut skjemaet på nytt med formkit før det skrives ut eller arkiveres",
    ),
    "pdf.changed": (
        "Fältet ändrades efter ifyllningen; fortsättningssidorna visar fortfarande den gamla texten.",
        "Feltet ble endret etter utfyllingen; fortsettelsessidene viser fortsatt den gamle teksten.",
    ),
    "pdf.active_file": (
        "{path}: har aktivt innehåll ({what}); värdena lästes, inget kördes",
        "{path}: har aktivt innhold ({what}); verdiene ble lest, ingenting ble kjørt",
    ),
    # --- secrecy marking (archive2: [dokument] sekretessmarkering)
    "config.secrecy": (
        "{path}: dokument.sekretessmarkering ska vara en tabell av formulär-id och texter på en rad, "
        'högst {limit} tecken (sip = "Sekretess enligt OSL 26 kap. 1 §")',
        "{path}: dokument.sekretessmarkering skal være en tabell av skjema-id og tekster på én linje, "
        'høyst {limit} tegn (sel-referat = "Unntatt offentlighet jf. offl. § 13")',
    ),
    "config.secrecy_unknown_form": (
        "inställningarna: dokument.sekretessmarkering nämner formulär som inte finns: {forms}",
        "innstillingene: dokument.sekretessmarkering nevner skjemaer som ikke finnes: {forms}",
    ),
    # --- rule messages (rulemsgs): the form rules of formkit/validation/rules, in the language of the form they judge
    "rule.uppfoljning_efter_plan": (
        "Uppföljningen måste ligga efter datumet då planen upprättades.",
        "Oppfølgingen må ligge etter datoen da planen ble utarbeidet.",
    ),
    "rule.motetid": ("Mötet måste sluta efter att det börjar.", "Møtet må slutte etter at det starter."),
    "rule.avvikelserapport.rapportdatum_fore_handelse": (
        "Rapportdatum kan inte ligga före datum för händelsen.",
        "Rapportdatoen kan ikke ligge før datoen for hendelsen.",
    ),
    "rule.avvikelserapport.rapportdatum_framtid": (
        "Rapportdatum kan inte ligga i framtiden.",
        "Rapportdatoen kan ikke ligge i fremtiden.",
    ),
    "rule.avvikelserapport.handlaggning_datum": (
        "Datumet kan inte ligga före rapportdatum.",
        "Datoen kan ikke ligge før rapportdatoen.",
    ),
    "rule.avvikelserapport.underskrift_rapportor": ("Rapportörens underskrift saknas.", "Rapportørens underskrift mangler."),
    "rule.avvikelserapport.underskrift_narmaste_chef": (
        "Närmaste chefens underskrift saknas.",
        "Nærmeste leders underskrift mangler.",
    ),
    "rule.genomforandeplan.natverksmote_i_tid": (
        "Nätverksmötet hölls mer än {days} dagar efter att behovet aktualiserades.",
        "Nettverksmøtet ble holdt mer enn {days} dager etter at behovet ble aktualisert.",
    ),
    "rule.genomforandeplan.flera_aktorer": (
        "Alla insatser ligger på en och samma verksamhet; en genomförandeplan gäller stöd från flera aktörer.",
        "Alle tiltak ligger hos én og samme virksomhet; en gjennomføringsplan gjelder støtte fra flere aktører.",
    ),
    "rule.kallelse.samtycke_sip": ("Ett SIP-möte kräver samtycke.", "Et SIP-møte krever samtykke."),
    "rule.kallelse.samtycke_inhamtat": (
        "Vårdnadshavarnas samtycke bör inhämtas innan mötet.",
        "Samtykke fra de foresatte bør innhentes før møtet.",
    ),
    "rule.kallelse.skickad_fore_mote": ("Kallelsen kan inte skickas efter mötet.", "Innkallingen kan ikke sendes etter møtet."),
    "rule.kallelse.svar_fore_mote": ("Svarsdatumet ligger efter mötet.", "Svardatoen ligger etter møtet."),
    "rule.kallelse.mote_i_tid": (
        "Mötet ligger mer än {days} dagar efter att behovet aktualiserades.",
        "Møtet ligger mer enn {days} dager etter at behovet ble aktualisert.",
    ),
    "rule.kallelse.bada_huvudmannen": (
        "Till ett SIP-möte bör både socialtjänsten (ifo) och hälso- och sjukvården (primärvård, BUP eller habilitering) kallas.",
        "Til et SIP-møte bør både sosialtjenesten (ifo) og helse- og omsorgstjenesten (primærhelsetjenesten, BUP eller "
        "habilitering) kalles inn.",
    ),
    "rule.kallelse.barn_saknas": (
        "Obligatorisk uppgift saknas: ett möte kring ett barn anger barnet (bara konsultation, gruppmöte och "
        "styrgruppsmöte anger inget barn).",
        "Obligatorisk opplysning mangler: et møte om et barn angir barnet (bare konsultasjon, gruppemøte og "
        "styringsgruppemøte angir ikke barnet).",
    ),
    "rule.kallelse.samtycke_saknas": (
        "Obligatorisk uppgift saknas: ett möte kring ett barn anger om samtycke har inhämtats.",
        "Obligatorisk opplysning mangler: et møte om et barn angir om samtykke er innhentet.",
    ),
    "rule.kallelse.utan_barn": (
        "En konsultation i ett avidentifierat ärende, ett gruppmöte eller ett styrgruppsmöte anger inga personuppgifter "
        "om barnet eller familjen.",
        "En konsultasjon i en anonymisert sak, et gruppemøte eller et styringsgruppemøte angir ingen personopplysninger "
        "om barnet eller familien.",
    ),
    "rule.kallelse.staende_tid": (
        "SIP-mötet ligger utanför kommunens stående tid för samverkan (kl. {start}–{end}); den stående tiden prioriteras.",
        "SIP-møtet ligger utenfor kommunens faste tid for samarbeid (kl. {start}–{end}); den faste tiden prioriteres.",
    ),
    "rule.malgrupp": (
        "Personen är äldre än {age} år: Jämtbus gäller barn och unga 0–{age} år.",
        "Personen er eldre enn {age} år: Jämtbus gjelder barn og unge 0–{age} år.",
    ),
    "rule.sip.kostnadsfordelning_efter_placering": (
        "Kostnadsfördelningen ska vara klarlagd innan placering sker utanför hemmet: den kom överens efter beslutet om "
        "placering.",
        "Kostnadsfordelingen skal være avklart før plassering utenfor hjemmet: den ble avtalt etter vedtaket om plassering.",
    ),
    "rule.sel-referat.neste_mote_mangler": (
        "Obligatorisk uppgift saknas: referatet anger nästa möte, om inte samarbetsgruppen avslutas.",
        "Obligatorisk opplysning mangler: referatet angir neste møte, med mindre samarbeidsgruppen avsluttes.",
    ),
    "rule.minnesanteckningar.nasta_mote": (
        "Nästa möte måste ligga efter detta möte.",
        "Neste møte må ligge etter dette møtet.",
    ),
    "rule.minnesanteckningar.uppgift_senast": (
        "Uppgiften ska vara klar före mötet som kom överens om den; troligen ett skrivfel.",
        "Oppgaven skal være ferdig før møtet som avtalte den; trolig en skrivefeil.",
    ),
    "rule.minnesanteckningar.delges_deltagarna": (
        "Deltagaren var närvarande men står inte bland dem som får minnesanteckningarna.",
        "Deltakeren var til stede, men står ikke blant dem som får notatene.",
    ),
    "rule.innkalling.sendt_etter_mote": (
        "Innkallingen kan inte skickas efter mötet.",
        "Innkallingen kan ikke sendes etter møtet.",
    ),
    "rule.innkalling.saksliste_i_tide": (
        "Sakslistan skickas ut senast {days} dagar före mötet (1–2 veckor före).",
        "Sakslisten sendes ut senest {days} dager før møtet (1–2 uker før).",
    ),
    "rule.innkalling.moteplan": (
        "Ett datum i mötesplanen ligger före detta möte; troligen ett skrivfel.",
        "En dato i møteplanen ligger før dette møtet; trolig en skrivefeil.",
    ),
    "rule.vastbas.samtycke": (
        "Familjens samtycke ska finnas för ett Västbasärende.",
        "Familiens samtykke skal foreligge for en Västbas-sak.",
    ),
    "rule.vastbas.koordinator_handlaggare": (
        "Koordinatorn är ärendets handläggare: koordinatorerna ska vara så fria som möjligt i förhållande till uppdraget.",
        "Koordinatoren er sakens saksbehandler: koordinatorene skal være så frie som mulig i forhold til oppdraget.",
    ),
    "rule.vastbas.kontaktperson_roll": (
        "Rektorer eller socialsekreterare ska inte ha kontaktpersonsuppdrag.",
        "Rektorer eller sosialarbeidere skal ikke ha kontaktpersonoppdrag.",
    ),
    "rule.vastbas.kontaktperson_rektor": (
        "Kontaktpersonen ska vara utsedd av rektor.",
        "Kontaktpersonen skal være utpekt av rektor.",
    ),
    "rule.vastbas.mote_efter_forfragan": (
        "Nätverksmötet kan inte ligga före förfrågan.",
        "Nettverksmøtet kan ikke ligge før forespørselen.",
    ),
    "rule.vastbas.mote_ordning": (
        "Nätverksmöte 2 måste ligga efter nätverksmöte 1.",
        "Nettverksmøte 2 må ligge etter nettverksmøte 1.",
    ),
    "rule.vastbas.elevhalsoteam": (
        "Ärendet ska lyftas i elevhälsoteamet inom {months} månader från att handlingsplanen upprättats.",
        "Saken skal tas opp i elevhelseteamet innen {months} måneder etter at handlingsplanen ble utarbeidet.",
    ),
    "rule.vastbas.elevhalsoteam_saknas": (
        "Ange när ärendet senast ska lyftas i elevhälsoteamet (inom {months} månader från handlingsplanen).",
        "Angi når saken senest skal tas opp i elevhelseteamet (innen {months} måneder etter handlingsplanen).",
    ),
    "rule.vastbas.utvardering": (
        "Utvärderingen ska ske inom {months} månader från att handlingsplanen upprättats.",
        "Evalueringen skal skje innen {months} måneder etter at handlingsplanen ble utarbeidet.",
    ),
    "rule.vastbas.utvardering_saknas": (
        "Ange när insatserna senast ska utvärderas (efter {months} månader).",
        "Angi når tiltakene senest skal evalueres (etter {months} måneder).",
    ),
    "rule.vastbas.utvardering_datum": (
        "Ett resultat av utvärderingen kräver datumet då den gjordes.",
        "Et resultat av evalueringen krever datoen da den ble gjort.",
    ),
    "rule.samtycke.gemensam_vardnad": (
        "Gemensam vårdnad: båda vårdnadshavarna ska lämna samtycke och stå med på blanketten.",
        "Felles foreldreansvar: begge de foresatte skal gi samtykke og stå på skjemaet.",
    ),
    "rule.samtycke.vardnadshavare_kravs": (
        "Vårdnadshavare saknas: krävs när barnet inte har fyllt {age} år på datumet.",
        "Foresatte mangler: kreves når barnet ikke har fylt {age} år på datoen.",
    ),
    "rule.samtycke.barnets_samtycke": (
        "Barnet har fyllt {age} år: barnets eget samtycke bör inhämtas.",
        "Barnet har fylt {age} år: barnets eget samtykke bør innhentes.",
    ),
    "rule.samtycke.giltighet": ("Giltig till måste vara efter giltig från.", "Gyldig til må være etter gyldig fra."),
    "rule.samtycke.giltighet_lang": (
        "Samtycket gäller längre än {months} månader.",
        "Samtykket gjelder lenger enn {months} måneder.",
    ),
    "rule.sel-referat.neste_mote": ("Nästa möte måste vara efter detta möte.", "Neste møte må være etter dette møtet."),
    "rule.sel-referat.tiltak_frist": ("Fristen är före mötesdatumet.", "Fristen er før møtedatoen."),
    "rule.sip.samtycke_lamnat": (
        "En SIP kräver samtycke från den enskilde eller vårdnadshavarna.",
        "En SIP krever samtykke fra den enkelte eller de foresatte.",
    ),
    "rule.sip.bada_huvudmannen": (
        "Deltagarna bör omfatta både socialtjänsten (ifo) och hälso- och sjukvården (primärvård, BUP eller habilitering).",
        "Deltakerne bør omfatte både sosialtjenesten (ifo) og helse- og omsorgstjenesten (primærhelsetjenesten, BUP eller "
        "habilitering).",
    ),
    "rule.sip.huvudansvar_huvudman": (
        "Huvudansvaret bör ligga hos socialtjänsten eller hälso- och sjukvården.",
        "Hovedansvaret bør ligge hos sosialtjenesten eller helse- og omsorgstjenesten.",
    ),
    "rule.sip.kostnadsfordelning": (
        "Kostnadsfördelningen ska vara klarlagd innan placering sker utanför hemmet (Jämtbus 5.6).",
        "Kostnadsfordelingen skal være avklart før plassering skjer utenfor hjemmet (Jämtbus 5.6).",
    ),
    "rule.sip.kostnadsansvar": (
        "Ange vilken verksamhet som har kostnadsansvaret: ingen part kan i efterhand kräva kostnadstäckning "
        "om ansvaret inte framgår av planen.",
        "Angi hvilken virksomhet som har kostnadsansvaret: ingen part kan i etterkant kreve kostnadsdekning "
        "hvis ansvaret ikke fremgår av planen.",
    ),
    "rule.sip.akutplacering_i_tid": (
        "Vid akutplacering ska kostnadsfördelningen vara klarlagd senast {days} arbetsdagar efter beslut om placering.",
        "Ved akuttplassering skal kostnadsfordelingen være avklart senest {days} arbeidsdager etter vedtak om plassering.",
    ),
    # the lines of `formkit validate --format text` (were a table of their own in validation/report.py)
    "report.row": ("rad", "rad"),
    "report.valid": ("giltig", "gyldig"),
    "report.invalid": ("ogiltig", "ugyldig"),
    "report.warnings": ("giltig med varningar", "gyldig med advarsler"),
    "report.error": ("fel", "feil"),
    "report.warning": ("varning", "advarsel"),
    "report.unreadable": ("kan inte läsas: {message}", "kan ikke leses: {message}"),
    "report.more": ("… och {count} till (se report.json)", "… og {count} til (se report.json)"),
    "report.failed": ("misslyckades", "mislyktes"),
    "report.summary": (
        "{total} {records}: {valid} giltiga, {invalid} med fel, {warned} med varningar.",
        "{total} {records}: {valid} gyldige, {invalid} med feil, {warned} med advarsler.",
    ),
    "template.check.ok": ("ok", "ok"),
    "template.check.sample_fails": (
        "exempelposten (formkit sample) kan inte fyllas i mallen: {message}",
        "eksempelposten (formkit sample) kan ikke fylles inn i malen: {message}",
    ),
    "template.check.no_sample": (
        "ingen exempelpost ({path}): mallen är inte provfylld",
        "ingen eksempelpost ({path}): malen er ikke prøvefylt",
    ),
    # the yearly deviation summary (summary/figures.py, summary/workbook.py): in the avvikelserapport form's language
    "summary.skipped.hidden": ("dold fil", "skjult fil"),
    "summary.skipped.office_lock": ("Office-låsfil", "Office-låsefil"),
    "summary.skipped.macos": ("macOS-metadata", "macOS-metadata"),
    "summary.skipped.own_output": ("formkits egen utdata", "formkits egne utdata"),
    "summary.skipped.other_type": ("annan filtyp", "annen filtype"),
    "summary.input_file": ("indatafil {position}", "inndatafil {position}"),
    "workbook.month.1": ("januari", "januar"),
    "workbook.month.2": ("februari", "februar"),
    "workbook.month.3": ("mars", "mars"),
    "workbook.month.4": ("april", "april"),
    "workbook.month.5": ("maj", "mai"),
    "workbook.month.6": ("juni", "juni"),
    "workbook.month.7": ("juli", "juli"),
    "workbook.month.8": ("augusti", "august"),
    "workbook.month.9": ("september", "september"),
    "workbook.month.10": ("oktober", "oktober"),
    "workbook.month.11": ("november", "november"),
    "workbook.month.12": ("december", "desember"),
    "workbook.sheet.overview": ("Översikt", "Oversikt"),
    "workbook.sheet.cross": ("Rapporterande × berörd", "Rapporterende × berørt"),
    "workbook.sheet.list": ("Avvikelser", "Avvik"),
    "workbook.sheet.basis": ("Underlag", "Grunnlag"),
    "workbook.title": ("Avvikelser {year}", "Avvik {year}"),
    "workbook.title_by": ("Avvikelser {year} – rapporterade av {label}", "Avvik {year} – rapportert av {label}"),
    "workbook.note": (
        "Sammanställning av avvikelserapporter (NORRBUS Bilaga 3 och 4). Året är händelsedatumets år.",
        "Sammenstilling av avviksrapporter (NORRBUS Bilag 3 og 4). Året er hendelsesdatoens år.",
    ),
    "workbook.note.text": (
        "Innehåller fritext: endast för verksamhetens interna bruk.",
        "Inneholder fritekst: kun til virksomhetens interne bruk.",
    ),
    "workbook.note.no_text": ("Innehåller inga personuppgifter.", "Inneholder ingen personopplysninger."),
    "workbook.key_figures": ("Nyckeltal", "Nøkkeltall"),
    "workbook.count": ("Antal", "Antall"),
    "workbook.total": ("Avvikelser", "Avvik"),
    "workbook.aterkoppling": ("Har fått återkoppling", "Har fått tilbakemelding"),
    "workbook.median": ("Mediantid från rapport till återkoppling (dagar)", "Mediantid fra rapport til tilbakemelding (dager)"),
    "workbook.open": ("Ej avslutade", "Ikke avsluttet"),
    "workbook.rejected": ("Avvisade rapporter (se Underlag)", "Avviste rapporter (se Grunnlag)"),
    "workbook.duplicates": ("Dubbletter (samma referens, räknade en gång)", "Duplikater (samme referanse, talt én gang)"),
    "workbook.per_month": ("Per månad", "Per måned"),
    "workbook.per_reporting": ("Per rapporterande verksamhetstyp", "Per rapporterende virksomhetstype"),
    "workbook.per_affected": ("Per berörd verksamhetstyp", "Per berørt virksomhetstype"),
    "workbook.per_category": ("Per kategori", "Per kategori"),
    "workbook.per_status": ("Per status", "Per status"),
    "workbook.chart.month": ("Avvikelser per månad", "Avvik per måned"),
    "workbook.chart.category": ("Avvikelser per kategori", "Avvik per kategori"),
    "workbook.cross.title": ("{title}: rapporterande × berörd verksamhetstyp", "{title}: rapporterende × berørt virksomhetstype"),
    "workbook.cross.note": (
        "Rader: rapporterande verksamhetstyp. Kolumner: berörd verksamhetstyp.",
        "Rader: rapporterende virksomhetstype. Kolonner: berørt virksomhetstype.",
    ),
    "workbook.cross.corner": ("Rapporterande \\ berörd", "Rapporterende \\ berørt"),
    "workbook.cross.sum": ("Summa", "Sum"),
    "workbook.list.referens": ("Referens", "Referanse"),
    "workbook.list.handelsedatum": ("Händelsedatum", "Hendelsesdato"),
    "workbook.list.rapportdatum": ("Rapportdatum", "Rapportdato"),
    "workbook.list.rapporterande": ("Rapporterande verksamhetstyp", "Rapporterende virksomhetstype"),
    "workbook.list.berord": ("Berörd verksamhetstyp", "Berørt virksomhetstype"),
    "workbook.list.kategori": ("Kategori", "Kategori"),
    "workbook.list.status": ("Status", "Status"),
    "workbook.list.mottagen": ("Mottagen", "Mottatt"),
    "workbook.list.aterkoppling": ("Återkoppling", "Tilbakemelding"),
    "workbook.list.dagar": ("Dagar till återkoppling", "Dager til tilbakemelding"),
    "workbook.list.atgardat": ("Åtgärdat", "Tiltak gjennomført"),
    "workbook.list.beskrivning": ("Beskrivning", "Beskrivelse"),
    "workbook.list.forslag_atgarder": ("Förslag till åtgärder", "Forslag til tiltak"),
    "workbook.basis.title": ("{title}: underlag", "{title}: grunnlag"),
    "workbook.basis.about": ("Om sammanställningen", "Om sammenstillingen"),
    "workbook.basis.made": ("Skapad (UTC)", "Laget (UTC)"),
    "workbook.basis.made_with": ("Skapad med formkit, version", "Laget med formkit, versjon"),
    "workbook.basis.form": ("Blankett", "Skjema"),
    "workbook.basis.form_version": ("{form}, version {version}", "{form}, versjon {version}"),
    "workbook.basis.year": ("År (händelsedatum)", "År (hendelsesdato)"),
    "workbook.basis.selection": ("Urval", "Utvalg"),
    "workbook.basis.free_text": ("Fritext medtagen", "Fritekst tatt med"),
    "workbook.basis.free_text.yes": (
        "ja (personnummerliknande uppgifter maskerade)",
        "ja (personnummerlignende opplysninger maskert)",
    ),
    "workbook.yes": ("ja", "ja"),
    "workbook.no": ("nej", "nei"),
    "workbook.basis.definitions": ("Definitioner", "Definisjoner"),
    "workbook.basis.input": ("Indata (fil)", "Inndata (fil)"),
    "workbook.basis.records": ("Poster", "Poster"),
    "workbook.basis.rejected_count": ("Avvisade", "Avvist"),
    "workbook.basis.in_year": ("Med händelsedatum året", "Med hendelsesdato i året"),
    "workbook.basis.rejected": ("Avvisade rapporter (fil)", "Avviste rapporter (fil)"),
    "workbook.basis.record": ("Post", "Post"),
    "workbook.basis.field": ("Fält", "Felt"),
    "workbook.basis.rule": ("Regel", "Regel"),
    "workbook.basis.problem": ("Problem", "Problem"),
    "workbook.basis.none": ("Inga", "Ingen"),
    "workbook.basis.whole_record": ("(hela posten)", "(hele posten)"),
    "workbook.basis.more_problems": (
        "… och {count} problem till som inte ryms i bladet (se --json)",
        "… og {count} problemer til som ikke får plass i arket (se --json)",
    ),
    "workbook.basis.skipped": ("Ej lästa filer i mapparna (slag)", "Ikke leste filer i mappene (type)"),
    "workbook.basis.conflicts": (
        "Konflikter: samma rapport med olika innehåll (referens)",
        "Konflikter: samme rapport med ulikt innhold (referanse)",
    ),
    "workbook.basis.file": ("Fil", "Fil"),
    "workbook.basis.counted": ("Räknad", "Talt"),
    "workbook.def.year": ("År", "År"),
    "workbook.def.year.text": (
        "Händelsedatumets år: en rapport hör till året då händelsen inträffade, inte då den rapporterades.",
        "Hendelsesdatoens år: en rapport hører til året da hendelsen skjedde, ikke da den ble rapportert.",
    ),
    "workbook.def.status": ("Status", "Status"),
    "workbook.def.status.text": (
        "Handläggningens status; {default} när handläggning saknas.",
        "Behandlingens status; {default} når behandling mangler.",
    ),
    "workbook.def.open": ("Ej avslutade", "Ikke avsluttet"),
    "workbook.def.open.text": ("Rapporter med annan status än {closed}.", "Rapporter med annen status enn {closed}."),
    "workbook.def.median": ("Mediantid till återkoppling", "Mediantid til tilbakemelding"),
    "workbook.def.median.text": (
        "Dagar från rapportdatum till återkoppling, median över de rapporter som har fått återkoppling.",
        "Dager fra rapportdato til tilbakemelding, median over rapportene som har fått tilbakemelding.",
    ),
    "workbook.def.duplicates": ("Dubbletter", "Duplikater"),
    "workbook.def.duplicates.text": (
        "Samma arbetsplats och referens räknas en gång: kopian som kommit längst i handläggningen, "
        "vid lika den senast rapporterade.",
        "Samme arbeidssted og referanse telles én gang: kopien som har kommet lengst i behandlingen, "
        "ved likhet den sist rapporterte.",
    ),
    "workbook.def.rejected": ("Avvisade rapporter", "Avviste rapporter"),
    "workbook.def.rejected.text": (
        "Rapporter som inte klarar valideringen räknas inte; de listas nedan oavsett år.",
        "Rapporter som ikke består valideringen, telles ikke; de listes nedenfor uansett år.",
    ),
    # Filled Word forms (formkit/sources/docx.py, formkit/docxio/safety.py)
    "docx.unreadable": ("{path}: kan inte läsas ({reason})", "{path}: kan ikke leses ({reason})"),
    "docx.not_docx": ("{path}: inget Word-dokument (.docx)", "{path}: ikke et Word-dokument (.docx)"),
    "docx.too_large": (
        "{path}: större än {megabytes} MB; ett ifyllt formulär är mycket mindre, filen läses inte",
        "{path}: større enn {megabytes} MB; et utfylt skjema er mye mindre, filen leses ikke",
    ),
    "docx.too_large_part": (
        "{path}: en del av dokumentet är för stor uppackad; filen läses inte",
        "{path}: en del av dokumentet er for stor utpakket; filen leses ikke",
    ),
    "docx.bomb": (
        "{path}: packas upp till mycket mer än ett formulär (en zip-bomb?); filen läses inte",
        "{path}: pakkes ut til mye mer enn et skjema (en zip-bombe?); filen leses ikke",
    ),
    "docx.encrypted": (
        "{path}: dokumentet är lösenordsskyddat; spara det utan lösenord och skicka det igen",
        "{path}: dokumentet er passordbeskyttet; lagre det uten passord og send det igjen",
    ),
    "docx.macros": (
        "{path}: innehåller makron (.docm, VBA); ett formulär behöver inga, filen läses inte. "
        "Spara som Word-dokument (.docx) och skicka det igen",
        "{path}: inneholder makroer (.docm, VBA); et skjema trenger ingen, filen leses ikke. "
        "Lagre som Word-dokument (.docx) og send det igjen",
    ),
    "docx.external": (
        "{path}: hämtar innehåll utanför filen (en extern mall, länkad bild eller länkat objekt); filen läses inte",
        "{path}: henter innhold utenfor filen (en ekstern mal, et lenket bilde eller objekt); filen leses ikke",
    ),
    "docx.entities": (
        "{path}: XML med DTD eller entiteter, som Word aldrig skriver; filen läses inte",
        "{path}: XML med DTD eller entiteter, som Word aldri skriver; filen leses ikke",
    ),
    "docx.damaged": ("{path}: dokumentet är skadat (XML kan inte läsas)", "{path}: dokumentet er skadet (XML kan ikke leses)"),
    "docx.too_many_controls": (
        "{path}: fler innehållskontroller än ett formulär har; filen läses inte",
        "{path}: flere innholdskontroller enn et skjema har; filen leses ikke",
    ),
    "docx.duplicate_tag": (
        "{path}: fältet {field} finns två gånger med olika värden; filen läses inte",
        "{path}: feltet {field} finnes to ganger med ulike verdier; filen leses ikke",
    ),
    "docx.no_tags": (
        "{path}: innehållskontrollerna saknar sina fältnamn (taggar), som när LibreOffice 7.4 sparar om ett "
        "Word-formulär; fyll i och spara formuläret i Word, eller be om originalfilen",
        "{path}: innholdskontrollene mangler feltnavnene sine (tagger), som når LibreOffice 7.4 lagrer et "
        "Word-skjema på nytt; fyll ut og lagre skjemaet i Word, eller be om originalfilen",
    ),
    "docx.not_formkit": (
        "{path}: inget formkit-formulär (innehållskontrollerna passar ingen känd blankett)",
        "{path}: ikke et formkit-skjema (innholdskontrollene passer ikke noe kjent skjema)",
    ),
    "docx.unknown_form": (
        "{path}: gjort för blanketten {form!r}, som formkit inte känner till",
        "{path}: laget for skjemaet {form!r}, som formkit ikke kjenner",
    ),
    "docx.info_mismatch": (
        "{path}: dokumentegenskaperna säger blanketten {said!r}, men fälten är blanketten {found!r}; filen läses inte",
        "{path}: dokumentegenskapene sier skjemaet {said!r}, men feltene er skjemaet {found!r}; filen leses ikke",
    ),
    "docx.not_record": (
        "{path}: innehållskontrollerna kan inte läsas som en post",
        "{path}: innholdskontrollene kan ikke leses som en post",
    ),
    "docx.other_form": (
        "Word-dokumentet är blanketten {found!r}, inte {wanted!r}",
        "Word-dokumentet er skjemaet {found!r}, ikke {wanted!r}",
    ),
    "docx.other_version": (
        "Word-dokumentet gjordes med version {made} av blanketten, nu gäller version {now}",
        "Word-dokumentet ble laget med versjon {made} av skjemaet, nå gjelder versjon {now}",
    ),
    # Word templates drawn from the display plan (render/docx/frame.py, template.py, check.py) and the blank Word form
    "template.legacy": (
        "{path}: mallen skriver blanketten med egna platshållare ({tag}) som i formkit 0.x; gör om den med: "
        "formkit templates upgrade {path} --out NY.docx",
        "{path}: malen skriver skjemaet med egne plassholdere ({tag}) som i formkit 0.x; gjør den om med: "
        "formkit templates upgrade {path} --out NY.docx",
    ),
    "template.unknown_placeholder": (
        "{path}: {part}: okänd platshållare {tag}; kör formkit templates check",
        "{path}: {part}: ukjent plassholder {tag}; kjør formkit templates check",
    ),
    "template.no_marker": (
        "{path}: mallen har inget stycke med bara {{{{ dokument.innehall }}}}, där blanketten skrivs in; "
        "kör formkit templates check",
        "{path}: malen har ikke noe avsnitt med bare {{{{ dokument.innehall }}}}, der skjemaet skrives inn; "
        "kjør formkit templates check",
    ),
    "template.styles_added": (
        "{path}: mallen saknar formatmallarna {styles}; formkits egna används",
        "{path}: malen mangler stilene {styles}; formkits egne brukes",
    ),
    "template.check.legacy": (
        "brödtexten har blankettens egna platshållare ({tag}) som i formkit 0.x; gör om mallen med formkit templates upgrade",
        "brødteksten har skjemaets egne plassholdere ({tag}) som i formkit 0.x; gjør om malen med formkit templates upgrade",
    ),
    "template.check.no_marker": (
        "inget stycke med bara {marker}: där skriver formkit in blanketten",
        "ikke noe avsnitt med bare {marker}: der skriver formkit inn skjemaet",
    ),
    "template.check.unknown_furniture": (
        "okänd platshållare {tag} (kända: {known})",
        "ukjent plassholder {tag} (kjente: {known})",
    ),
    "template.check.missing_style": (
        "formatmallarna {styles} saknas; formkits egna används för dem",
        "stilene {styles} mangler; formkits egne brukes for dem",
    ),
    "template.upgraded": ("{path}: ny mall skriven", "{path}: ny mal skrevet"),
    "docx.placeholder.text": ("Skriv här", "Skriv her"),
    "docx.placeholder.long": ("Skriv här", "Skriv her"),
    "docx.placeholder.time": ("TT:MM", "TT:MM"),
    "docx.placeholder.date": ("Välj datum", "Velg dato"),
    "docx.placeholder.choice": ("Välj", "Velg"),
    # the yearly summary, issue 20: suppression, handling, actions, organisations, previous year; the report
    "workbook.note.suppressed": (
        "Inga personuppgifter. Antal från 1 till {below} visas som {mark}; .. är dolt så "
        "att en summa inte avslöjar ett litet antal.",
        "Ingen personopplysninger. Antall fra 1 til {below} vises som {mark}; .. er skjult "
        "slik at en sum ikke avslører et lite antall.",
    ),
    "workbook.note.detail": (
        "Exakta antal och datum (--detail): för ledningsgruppens sekreterare, lämnas inte ut.",
        "Eksakte antall og datoer (--detail): for ledergruppens sekretær, gis ikke ut.",
    ),
    "workbook.title_org": ("Avvikelser {year} – rapporterade av {name}", "Avvik {year} – rapportert av {name}"),
    "workbook.page": ("Sida &P av &N", "Side &P av &N"),
    "workbook.previous": ("{year}", "{year}"),
    "workbook.feedback_due": (
        "Rapporter där återkoppling skulle ha skett",
        "Rapporter der tilbakemelding skulle vært gitt",
    ),
    "workbook.feedback_in_time": ("Återkoppling inom {days} dagar", "Tilbakemelding innen {days} dager"),
    "workbook.feedback_share": (
        "Andel med återkoppling inom {days} dagar (%)",
        "Andel med tilbakemelding innen {days} dager (%)",
    ),
    "workbook.atgardade": ("Har åtgärdats", "Tiltak gjennomført"),
    "workbook.median_atgard": ("Mediantid från rapport till åtgärd (dagar)", "Mediantid fra rapport til tiltak (dager)"),
    "workbook.per_age": (
        "Ej avslutade efter dagar sedan rapport (den {date})",
        "Ikke avsluttet etter dager siden rapport ({date})",
    ),
    "workbook.age.0-30": ("0–30 dagar", "0–30 dager"),
    "workbook.age.31-90": ("31–90 dagar", "31–90 dager"),
    "workbook.age.91-180": ("91–180 dagar", "91–180 dager"),
    "workbook.age.181-": ("mer än 180 dagar", "mer enn 180 dager"),
    "workbook.sheet.charts": ("Diagram", "Diagram"),
    "workbook.sheet.organisations": ("Verksamheter", "Virksomheter"),
    "workbook.sheet.actions": ("Åtgärder", "Tiltak"),
    "workbook.org.title": ("{title}: per verksamhet", "{title}: per virksomhet"),
    "workbook.org.role": ("Roll", "Rolle"),
    "workbook.org.reporting": ("Rapporterande", "Rapporterende"),
    "workbook.org.affected": ("Berörd", "Berørt"),
    "workbook.org.type": ("Verksamhetstyp", "Virksomhetstype"),
    "workbook.org.name": ("Verksamhet", "Virksomhet"),
    "workbook.org.unnamed": ("(namn saknas)", "(navn mangler)"),
    "workbook.actions.title": ("{title}: beslutade åtgärder per kategori", "{title}: vedtatte tiltak per kategori"),
    "workbook.action.reports": ("Rapporter", "Rapporter"),
    "workbook.action.utan_beslut": ("Ingen åtgärd beslutad", "Ingen tiltak vedtatt"),
    "workbook.action.beslutad": ("Beslutad, ej genomförd", "Vedtatt, ikke gjennomført"),
    "workbook.action.genomford": ("Genomförd", "Gjennomført"),
    "workbook.chart.reporting": ("Avvikelser per rapporterande verksamhetstyp", "Avvik per rapporterende virksomhetstype"),
    "workbook.chart.compare": ("Avvikelser per kategori, {previous} och {year}", "Avvik per kategori, {previous} og {year}"),
    "workbook.chart.note": (
        "Staplar för dolda antal (<{minsta}, ..) ritas inte.",
        "Søyler for skjulte antall (<{minsta}, ..) tegnes ikke.",
    ),
    "workbook.list.handelsedatum.month": ("Händelsemånad", "Hendelsesmåned"),
    "workbook.list.rapportdatum.month": ("Rapportmånad", "Rapportmåned"),
    "workbook.list.mottagen.month": ("Mottagen (månad)", "Mottatt (måned)"),
    "workbook.list.aterkoppling.month": ("Återkoppling (månad)", "Tilbakemelding (måned)"),
    "workbook.list.atgardat.month": ("Åtgärdat (månad)", "Tiltak gjennomført (måned)"),
    "workbook.basis.reference": ("Referensdatum (ålder, återkoppling i tid)", "Referansedato (alder, tilbakemelding i tide)"),
    "workbook.basis.minsta": ("Minsta antal som visas", "Minste antall som vises"),
    "workbook.basis.detail": ("Exakta antal och datum (--detail)", "Eksakte antall og datoer (--detail)"),
    "workbook.def.feedback": ("Återkoppling i tid", "Tilbakemelding i tide"),
    "workbook.def.feedback.text": (
        "Av rapporterna med återkoppling eller vars {days} dagar gått ut på referensdatumet: andelen med den inom {days} dagar.",
        "Av rapportene med tilbakemelding eller der {days} dager er gått på referansedatoen: andelen med den innen {days} dager.",
    ),
    "workbook.def.atgard": ("Mediantid till åtgärd", "Mediantid til tiltak"),
    "workbook.def.atgard.text": (
        "Dagar från rapportdatum till åtgärdat, median över rapporterna med åtgärdsdatum.",
        "Dager fra rapportdato til tiltak gjennomført, median over rapportene med tiltaksdato.",
    ),
    "workbook.def.actions": ("Åtgärder", "Tiltak"),
    "workbook.def.actions.text": (
        "Beslutad: fältet för beslutade åtgärder är ifyllt; genomförd: ett åtgärdsdatum finns.",
        "Vedtatt: feltet for vedtatte tiltak er fylt ut; gjennomført: en tiltaksdato finnes.",
    ),
    "workbook.def.small": ("Små antal", "Små antall"),
    "workbook.def.small.text": (
        "1 till {below} visas som {mark}; fler celler döljs (..) så att ingen summa "
        "avslöjar dem, och andelar och medianer av små antal.",
        "1 til {below} vises som {mark}; flere celler skjules (..) slik at ingen sum "
        "avslører dem, og andeler og medianer av små antall.",
    ),
    "report.title": ("Avvikelser {year}", "Avvik {year}"),
    "report.subtitle": (
        "Årlig sammanställning av avvikelserapporter och vidtagna åtgärder",
        "Årlig sammenstilling av avviksrapporter og tiltak som er gjennomført",
    ),
    "report.cover.kommun": ("Kommun", "Kommune"),
    "report.cover.year": ("År", "År"),
    "report.cover.routine": ("Rutin", "Rutine"),
    "report.cover.selection": ("Urval", "Utvalg"),
    "report.cover.made": ("Upprättad", "Laget"),
    "report.cover.reports": ("Rapporter", "Rapporter"),
    "report.cover.for": (
        "För ledningsgruppen (Bilaga 4: avvikelserapporter och vidtagna åtgärder sammanställs en gång per år).",
        "For ledergruppen (avviksrapporter og tiltak sammenstilles én gang i året).",
    ),
    "report.all": ("Alla rapporterande verksamheter", "Alle rapporterende virksomheter"),
    "report.h.totals": ("Nyckeltal", "Nøkkeltall"),
    "report.h.month": ("Per månad", "Per måned"),
    "report.h.category": ("Per kategori", "Per kategori"),
    "report.h.types": ("Per verksamhetstyp", "Per virksomhetstype"),
    "report.h.reporting_org": ("Rapporterande verksamheter", "Rapporterende virksomheter"),
    "report.h.affected_org": ("Berörda verksamheter", "Berørte virksomheter"),
    "report.h.handling": ("Handläggning", "Behandling"),
    "report.h.actions": ("Beslutade åtgärder per kategori", "Vedtatte tiltak per kategori"),
    "report.h.compare": ("Jämförelse med {previous}", "Sammenligning med {previous}"),
    "report.h.about": ("Om sammanställningen", "Om sammenstillingen"),
    "report.figure": ("Uppgift", "Opplysning"),
    "report.change": ("Förändring", "Endring"),
    "report.no_previous": (
        "Inga rapporter från {previous} fanns i underlaget, så ingen jämförelse görs (ge dem med --compare).",
        "Ingen rapporter fra {previous} fantes i grunnlaget, så ingen sammenligning gjøres (gi dem med --compare).",
    ),
    "report.rejected": (
        "{count} rapporter klarade inte valideringen och räknas inte; de listas i arbetsboken (Underlag).",
        "{count} rapporter besto ikke valideringen og telles ikke; de listes i arbeidsboken (Grunnlag).",
    ),
    "report.alt": ("Stapeldiagram, {title}: {values}.", "Søylediagram, {title}: {values}."),
    "report.alt.hidden": ("dolt", "skjult"),
    "report.header": ("{kommun} · Avvikelser {year}", "{kommun} · Avvik {year}"),
    "report.page": ("Sida {page} av {pages}", "Side {page} av {pages}"),
    "report.percent": ("{value} %", "{value} %"),
    "report.none": ("Inga", "Ingen"),
}


def shown_path(path: str | os.PathLike[str]) -> str:
    """A file name as printed: a name that is not valid UTF-8 (surrogate escapes) shows its bytes as ``\\xNN``.

    Such a name (a cp1252 name from an old share or zip) would make every UTF-8
    writer fail: report.json, stdout, the workbook. A control character (a
    newline in a name) shows escaped (``\\n``, ``\\x1b``), so one message stays one
    line and no terminal sequence is sent; an identity number in a name is masked
    (:func:`formkit.privacy.mask_identity_numbers`): messages, report.json, the
    summary and ``due`` all show names through here.
    """
    name = os.fspath(path)
    if isinstance(name, bytes):
        name = name.decode("utf-8", "backslashreplace")
    else:
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _shown(name)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(found: re.Match[str]) -> str:
    char = found.group(0)
    return _ESCAPES.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


@lru_cache(maxsize=1024)
def _shown(name: str) -> str:
    return mask_identity_numbers(_CONTROL.sub(_escaped, name))


def _printable(value: Any) -> Any:
    return shown_path(value) if isinstance(value, str | os.PathLike) else value


def text(language: str | None, key: str, /, **values: Any) -> str:
    """The catalogue text *key* in *language*, filled with *values* (schema facts, paths, counts — never record values).

    An unknown key is a programming error and raises KeyError, so a typo is caught by the tests.
    A path or text parameter is printed with :func:`shown_path` (no message fails on a file name).
    """
    sv, nb = CATALOGUE[key]
    template = nb if language_of(language) == "nb" else sv
    return template.format(**{name: _printable(value) for name, value in values.items()}) if values else template


def has(key: str) -> bool:
    return key in CATALOGUE


@dataclass(frozen=True)
class Message:
    """A catalogue text not yet put into words: its key and parameters, rendered in a language on demand.

    A parameter may itself be a Message (an OS reason, a header shown or not),
    rendered in the same language.
    """

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.key not in CATALOGUE:
            raise KeyError(f"no catalogue text {self.key!r}")

    def render(self, language: str | None = None) -> str:
        values = {name: value.render(language) if isinstance(value, Message) else value for name, value in self.params.items()}
        return text(language, self.key, **values)

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)


def message(key: str, **params: Any) -> Message:
    """A :class:`Message` for *key* with *params* (paths, field paths, counts — never record values)."""
    return Message(key, params)


def os_reason(exc: OSError) -> Message:
    """Why the operating system refused, in the catalogue's words (its own strerror is English)."""
    name = errno.errorcode.get(exc.errno or 0, "")
    key = f"os.{name}"
    return Message(key) if key in CATALOGUE else Message("os.other", {"code": exc.errno or 0})
