"""Message texts for validation problems, in Swedish (sv) and bokmål (nb), never with the value."""

from __future__ import annotations

from typing import Any

_TYPE_NAMES = {
    "sv": {
        "string": "text",
        "boolean": "ja/nej (true/false)",
        "array": "en lista",
        "object": "en grupp av fält",
        "integer": "ett heltal",
        "number": "ett tal",
        "null": "tomt",
    },
    "nb": {
        "string": "tekst",
        "boolean": "ja/nei (true/false)",
        "array": "en liste",
        "object": "en gruppe av felt",
        "integer": "et heltall",
        "number": "et tall",
        "null": "tomt",
    },
}

_TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "required": "Obligatorisk uppgift saknas.",
        "type": "Fel typ: ska vara {expected}.",
        "enum": "Ogiltigt värde: ska vara ett av {allowed}.",
        "const": "Ogiltigt värde: ska vara {allowed}.",
        "minLength.empty": "Får inte vara tomt.",
        "minLength": "För kort: minst {limit} tecken.",
        "maxLength": "För långt: högst {limit} tecken.",
        "minItems": "För få: minst {limit}.",
        "maxItems": "För många: högst {limit}.",
        "minimum": "För litet: minst {limit}.",
        "maximum": "För stort: högst {limit}.",
        "pattern": "Har fel form.",
        "additionalProperties": "Okänt fält: finns inte i blanketten.",
        "format.date": "Ogiltigt datum: ska skrivas ÅÅÅÅ-MM-DD och finnas i kalendern.",
        "format.time-hm": "Ogiltig tid: ska skrivas TT:MM.",
        "format.email": "Ogiltig e-postadress.",
        "format.personnummer": "Ogiltigt personnummer eller samordningsnummer (datum eller kontrollsiffra stämmer inte).",
        "format.fodselsnummer": "Ogiltigt fødselsnummer eller D-nummer.",
        "format": "Har fel format.",
        "other": "Ogiltigt värde.",
    },
    "nb": {
        "required": "Obligatorisk opplysning mangler.",
        "type": "Feil type: skal være {expected}.",
        "enum": "Ugyldig verdi: skal være en av {allowed}.",
        "const": "Ugyldig verdi: skal være {allowed}.",
        "minLength.empty": "Kan ikke være tomt.",
        "minLength": "For kort: minst {limit} tegn.",
        "maxLength": "For langt: høyst {limit} tegn.",
        "minItems": "For få: minst {limit}.",
        "maxItems": "For mange: høyst {limit}.",
        "minimum": "For lite: minst {limit}.",
        "maximum": "For stort: høyst {limit}.",
        "pattern": "Har feil form.",
        "additionalProperties": "Ukjent felt: finnes ikke i skjemaet.",
        "format.date": "Ugyldig dato: skal skrives ÅÅÅÅ-MM-DD og finnes i kalenderen.",
        "format.time-hm": "Ugyldig klokkeslett: skal skrives TT:MM.",
        "format.email": "Ugyldig e-postadresse.",
        "format.personnummer": "Ugyldig svensk personnummer eller samordningsnummer.",
        "format.fodselsnummer": "Ugyldig fødselsnummer eller D-nummer (dato eller kontrollsiffer stemmer ikke).",
        "format": "Har feil format.",
        "other": "Ugyldig verdi.",
    },
}


def language_of(language: str) -> str:
    """The message language for a form language (bokmål for nb/no, Swedish otherwise)."""
    return "nb" if language in ("nb", "no", "nn") else "sv"


def text(language: str, key: str, **values: Any) -> str:
    """The message *key* in *language*, filled with schema facts (never record values)."""
    texts = _TEXTS[language_of(language)]
    return texts.get(key, texts["other"]).format(**values)


def schema_message(language: str, keyword: str, schema_value: Any) -> str:
    """The message for a failed schema keyword, built only from the schema's own value."""
    lang = language_of(language)
    if keyword == "type":
        names = _TYPE_NAMES[lang]
        types = schema_value if isinstance(schema_value, list) else [schema_value]
        return text(lang, "type", expected=" eller ".join(names.get(str(t), str(t)) for t in types))
    if keyword in ("enum", "const"):
        allowed = schema_value if keyword == "enum" else [schema_value]
        return text(lang, keyword, allowed=", ".join(str(v) for v in allowed))
    if keyword == "format":
        return text(lang, f"format.{schema_value}") if f"format.{schema_value}" in _TEXTS[lang] else text(lang, "format")
    if keyword == "minLength" and schema_value == 1:
        return text(lang, "minLength.empty")
    if keyword in ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"):
        return text(lang, keyword, limit=schema_value)
    return text(lang, keyword if keyword in _TEXTS[lang] else "other")


def unknown_field_label(language: str) -> str:
    """Stands in a path for a key that is not shown because it may be a value."""
    return "(ukjent felt)" if language_of(language) == "nb" else "(okänt fält)"
