"""Messages for failed schema keywords, built from the catalogue and the schema's own values, never the record's."""

from __future__ import annotations

from typing import Any

from formkit.i18n import has, text


def schema_message(language: str, keyword: str, schema_value: Any) -> str:
    """The message for a failed schema keyword, built only from the schema's own value."""
    if keyword == "type":
        types = schema_value if isinstance(schema_value, list) else [schema_value]
        names = [text(language, f"type.{t}") if has(f"type.{t}") else str(t) for t in types]
        return text(language, "schema.type", expected=f" {text(language, 'word.or')} ".join(names))
    if keyword in ("enum", "const"):
        allowed = schema_value if keyword == "enum" else [schema_value]
        return text(language, f"schema.{keyword}", allowed=", ".join(str(v) for v in allowed))
    if keyword == "format":
        key = f"schema.format.{schema_value}"
        return text(language, key if has(key) else "schema.format")
    if keyword == "minLength" and schema_value == 1:
        return text(language, "schema.minLength.empty")
    if keyword in ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"):
        return text(language, f"schema.{keyword}", limit=schema_value)
    key = f"schema.{keyword}"
    return text(language, key if has(key) else "schema.other")


def unknown_field_label(language: str) -> str:
    """Stands in a path for a key that is not shown because it may be a value."""
    return text(language, "unknown_field")
