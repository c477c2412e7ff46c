"""formkit: the annex forms of cross-agency collaboration around children, defined once, checked, filled and counted.

The library in four calls (the command line is a thin shell over them)::

    import formkit

    problems = formkit.validate("sip", record)            # [] when the record is complete and valid
    pdf = formkit.fill("sip", record, to="pdf")           # the filled form's bytes
    found = formkit.extract(pdf)                          # found.form == "sip", found.data == the record
    filler = formkit.Filler("sip", ("docx", "pdf"))       # built once, for many records

Errors are :class:`FormkitError` subclasses; a record that does not validate is
never raised while validating (``validate`` returns its problems), only when
it is asked to be filled (:class:`InvalidRecordError`, with ``problems``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0.dev0"

# The public names, imported on first use (PEP 562): `import formkit` stays cheap, so a
# command that does not validate does not load jsonschema. Name -> (module, name there).
_EXPORTS = {
    "FormkitError": ("formkit.errors", "FormkitError"),
    "InvalidRecordError": ("formkit.errors", "InvalidRecordError"),
    "Form": ("formkit.model.catalog", "Form"),
    "get_form": ("formkit.model.catalog", "get_form"),
    "list_forms": ("formkit.model.catalog", "list_forms"),
    "Settings": ("formkit.settings", "Settings"),
    "load_settings": ("formkit.settings", "load_settings"),
    "Record": ("formkit.sources", "Record"),
    "read_records": ("formkit.sources", "read_records"),
    "Extracted": ("formkit.sources.pdf", "Extracted"),
    "extract": ("formkit.sources.pdf", "extract"),
    "Problem": ("formkit.problems", "Problem"),
    "RecordResult": ("formkit.problems", "RecordResult"),
    "Validator": ("formkit.validation.validator", "Validator"),
    "validate": ("formkit.validation.validator", "validate_record"),
    "validate_record": ("formkit.validation.validator", "validate_record"),
    "Filled": ("formkit.batch.filler", "Filled"),
    "Filler": ("formkit.batch.filler", "Filler"),
    "fill": ("formkit.batch.filler", "fill"),
}

if TYPE_CHECKING:
    from formkit.batch.filler import Filled, Filler, fill
    from formkit.errors import FormkitError, InvalidRecordError
    from formkit.model.catalog import Form, get_form, list_forms
    from formkit.problems import Problem, RecordResult
    from formkit.settings import Settings, load_settings
    from formkit.sources import Record, read_records
    from formkit.sources.pdf import Extracted, extract
    from formkit.validation.validator import Validator, validate_record
    from formkit.validation.validator import validate_record as validate


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module, attribute = _EXPORTS[name]
        value = getattr(importlib.import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'formkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


__all__ = [
    "Extracted",
    "Filled",
    "Filler",
    "Form",
    "FormkitError",
    "InvalidRecordError",
    "Problem",
    "Record",
    "RecordResult",
    "Settings",
    "Validator",
    "__version__",
    "extract",
    "fill",
    "get_form",
    "list_forms",
    "load_settings",
    "read_records",
    "validate",
    "validate_record",
]
