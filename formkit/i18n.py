"""The language catalogue: every text formkit prints for a person, in Swedish (sv) and bokmål (nb).

One entry per message, both languages side by side, so a missing translation
shows in review (and ``tests/test_i18n.py`` fails on one). Texts take named
parameters from the program — paths, field paths, rules, counts, limits from
a schema — never a value from a record. The form decides the language;
a message that belongs to no form (a file that could hold any form) is in
:data:`DEFAULT_LANGUAGE`.
"""

from __future__ import annotations

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
}


def text(language: str | None, key: str, **values: Any) -> str:
    """The catalogue text *key* in *language*, filled with *values* (schema facts, paths, counts — never record values).

    An unknown key is a programming error and raises KeyError, so a typo is caught by the tests.
    """
    sv, nb = CATALOGUE[key]
    template = nb if language_of(language) == "nb" else sv
    return template.format(**values) if values else template


def has(key: str) -> bool:
    return key in CATALOGUE
