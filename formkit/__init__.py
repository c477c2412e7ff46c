"""formkit: the annex forms of cross-agency collaboration around children, defined once, checked, filled and counted."""

from __future__ import annotations

__version__ = "0.1.0"

from formkit.errors import FormkitError
from formkit.model.catalog import Form, get_form, list_forms
from formkit.settings import Settings, load_settings
from formkit.sources import Record, read_records
from formkit.validation.problems import Problem, RecordResult
from formkit.validation.validator import Validator, validate_record

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
