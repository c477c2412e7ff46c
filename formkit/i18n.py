"""The language catalogue: every text formkit prints for a person, in Swedish (sv) and bokmål (nb).

One entry per message, both languages side by side, so a missing translation
shows in review (and ``tests/test_i18n.py`` fails on one). Texts take named
parameters from the program — paths, field paths, rules, counts, limits from
a schema — never a value from a record. The form decides the language;
a message that belongs to no form (a file that could hold any form) is in
:data:`DEFAULT_LANGUAGE`.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

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
    "doc.continues_on": ("Fortsätter på sida {page}", "Fortsetter på side {page}"),
    "doc.continuation_of": ("Fortsättningsblad till {title}", "Fortsettelsesark til {title}"),
    "doc.item": ("{title} {number}", "{title} {number}"),
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
    "presentation.object": ("{path}: x-formkit {key} ska vara ett objekt", "{path}: x-formkit {key} skal være et objekt"),
    "presentation.signer_anchor": (
        "{path}: underskrift {caption!r} ska ange precis en av list och field",
        "{path}: underskrift {caption!r} skal angi nøyaktig én av list og field",
    ),
    "presentation.signer_target": (
        "{path}: underskrift {caption!r}: {anchor!r} finns inte i blanketten (eller är ingen lista)",
        "{path}: underskrift {caption!r}: {anchor!r} finnes ikke i skjemaet (eller er ingen liste)",
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
    "config.type.int": ("ett heltal", "et heltall"),
    "config.type.str": ("en text", "en tekst"),
    "config.type.bool": ("true eller false", "true eller false"),
    "config.type.date": ("ett datum (2025-11-01)", "en dato (2025-11-01)"),
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
    "source.cannot_read": ("{path}: kan inte läsas ({reason})", "{path}: kan ikke leses ({reason})"),
    "source.bad_json": (
        "{path}: inte giltig JSON (rad {line}, kolumn {column})",
        "{path}: ikke gyldig JSON (linje {line}, kolonne {column})",
    ),
    "source.too_deep": ("{path}: vägrad: JSON i för många nivåer", "{path}: avvist: JSON i for mange nivåer"),
    "source.sample": ("{path}: det medföljande exemplet kan inte läsas", "{path}: det medfølgende eksemplet kan ikke leses"),
    "row.bad_json": ("Raden är inte giltig JSON (kolumn {column}).", "Linjen er ikke gyldig JSON (kolonne {column})."),
    "row.too_deep": ("Raden har JSON i för många nivåer.", "Linjen har JSON i for mange nivåer."),
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
    "xlsx.unreadable": ("{path}: ingen läsbar .xlsx-arbetsbok ({kind})", "{path}: ingen lesbar .xlsx-arbeidsbok ({kind})"),
    "xlsx.sheet": (
        "{path}: ett kalkylblad i .xlsx-filen kan inte läsas ({kind})",
        "{path}: et regneark i .xlsx-filen kan ikke leses ({kind})",
    ),
    "folder.unreadable": ("{path}: mappen kan inte läsas ({reason})", "{path}: mappen kan ikke leses ({reason})"),
    "folder.empty": ("{path}: inga filer som formkit läser ({known})", "{path}: ingen filer som formkit leser ({known})"),
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
    "template.syntax": (
        "{path}: {part}: syntaxfel i mallen ({detail}); kör `formkit templates check`",
        "{path}: {part}: syntaksfeil i malen ({detail}); kjør `formkit templates check`",
    ),
    "render.jinja": ("{path}: {part}: {kind}: {detail}", "{path}: {part}: {kind}: {detail}"),
    "render.template_error": ("{path}: {part}: {kind} i mallen", "{path}: {part}: {kind} i malen"),
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
    "fill.file_exists": ("{name} finns redan (använd --force)", "{name} finnes allerede (bruk --force)"),
    "fill.cannot_write": ("{name} kan inte skrivas ({reason})", "{name} kan ikke skrives ({reason})"),
    "fill.interrupted": ("avbruten (Ctrl-C) innan posten fylldes i", "avbrutt (Ctrl-C) før posten ble fylt ut"),
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
    "cli.unexpected": (
        "formkit: oväntat fel ({kind}); kör med --debug för att se var (utskriften kan innehålla personuppgifter)",
        "formkit: uventet feil ({kind}); kjør med --debug for å se hvor (utskriften kan inneholde personopplysninger)",
    ),
    "cli.template_type": ("{path}: en mall är en .docx- eller .pdf-fil", "{path}: en mal er en .docx- eller .pdf-fil"),
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
    # --- speed (issue 13): a Word template whose Jinja blocks could leave the XML unbalanced
    "template.unbalanced": (
        "{path}: {part}: {{% {tag} %}} omsluter inte hela XML-element (ett villkor eller en slinga skulle kunna "
        "bryta dokumentet); använd {{%p …%}}, {{%tr …%}} eller {{%r …%}}",
        "{path}: {part}: {{% {tag} %}} omslutter ikke hele XML-elementer (en betingelse eller en løkke kunne "
        "ødelegge dokumentet); bruk {{%p …%}}, {{%tr …%}} eller {{%r …%}}",
    ),
}


def text(language: str | None, key: str, /, **values: Any) -> str:
    """The catalogue text *key* in *language*, filled with *values* (schema facts, paths, counts — never record values).

    An unknown key is a programming error and raises KeyError, so a typo is caught by the tests.
    """
    sv, nb = CATALOGUE[key]
    template = nb if language_of(language) == "nb" else sv
    return template.format(**values) if values else template


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
