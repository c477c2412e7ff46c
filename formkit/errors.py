"""The exceptions formkit raises: one root, a short tree, none carrying personal data."""

from __future__ import annotations


class FormkitError(Exception):
    """Base class of every error formkit raises on purpose.

    Messages name files, forms, fields and rules; they never contain a value
    from a record, so they are safe to print and to log.
    """

    def __init__(self, message: str = "", **details: object) -> None:
        super().__init__(message)
        self.details = details


class UnknownFormError(FormkitError):
    """The form id does not name a form in schemas/."""


class SchemaError(FormkitError):
    """A form's schema is missing, unreadable or not valid JSON Schema."""


class SourceError(FormkitError):
    """An input file cannot be read as records (missing, bad JSON, bad table)."""


class TemplateError(FormkitError):
    """A template is missing, unreadable or does not fit its form's schema."""


class RenderError(FormkitError):
    """A record could not be rendered into a document."""


class PdfError(FormkitError):
    """A PDF cannot be read, filled or extracted (damaged, encrypted, no form, too large)."""


class ConfigError(FormkitError):
    """formkit.toml is unreadable or holds a setting of the wrong type."""
