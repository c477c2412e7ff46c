"""formkit: the annex forms of cross-agency collaboration around children, defined once, checked, filled and counted."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0.dev0"

# The public names, imported on first use (PEP 562): `import formkit` stays cheap, so a
# command that does not validate does not load jsonschema.
_EXPORTS = {
    "FormkitError": "formkit.errors",
    "Form": "formkit.model.catalog",
    "get_form": "formkit.model.catalog",
    "list_forms": "formkit.model.catalog",
    "Settings": "formkit.settings",
    "load_settings": "formkit.settings",
    "Record": "formkit.sources",
    "read_records": "formkit.sources",
    "Problem": "formkit.validation.problems",
    "RecordResult": "formkit.validation.problems",
    "Validator": "formkit.validation.validator",
    "validate_record": "formkit.validation.validator",
}

if TYPE_CHECKING:
    from formkit.errors import FormkitError
    from formkit.model.catalog import Form, get_form, list_forms
    from formkit.settings import Settings, load_settings
    from formkit.sources import Record, read_records
    from formkit.validation.problems import Problem, RecordResult
    from formkit.validation.validator import Validator, validate_record


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'formkit' has no attribute {name!r}")


__all__ = [
    "Form",
    "FormkitError",
    "Problem",
    "Record",
    "RecordResult",
    "Settings",
    "Validator",
    "__version__",
    "get_form",
    "list_forms",
    "load_settings",
    "read_records",
    "validate_record",
]
