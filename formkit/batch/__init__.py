"""The fill engine: records validated, normalised and rendered (:class:`Filler`), many at once into a folder with report.json.

The names below are imported on first use (PEP 562): ``formkit.fill`` of one
record loads the filler, not the worker processes of a batch.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Filled": "formkit.batch.filler",
    "Filler": "formkit.batch.filler",
    "CHECKSUMS_NAME": "formkit.batch.report",
    "REPORT_NAME": "formkit.batch.report",
    "FillReport": "formkit.batch.report",
    "RecordOutcome": "formkit.batch.report",
    "ARCHIVE_TYPES": "formkit.batch.run",
    "fill_batch": "formkit.batch.run",
    "fill_records": "formkit.batch.run",
    "BatchIncomplete": "formkit.batch.stop",
    "BatchInterrupted": "formkit.batch.stop",
}

if TYPE_CHECKING:
    from formkit.batch.filler import Filled, Filler
    from formkit.batch.report import CHECKSUMS_NAME, REPORT_NAME, FillReport, RecordOutcome
    from formkit.batch.run import ARCHIVE_TYPES, fill_batch, fill_records
    from formkit.batch.stop import BatchIncomplete, BatchInterrupted


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'formkit.batch' has no attribute {name!r}")


__all__ = [
    "ARCHIVE_TYPES",
    "CHECKSUMS_NAME",
    "REPORT_NAME",
    "BatchIncomplete",
    "BatchInterrupted",
    "FillReport",
    "Filled",
    "Filler",
    "RecordOutcome",
    "fill_batch",
    "fill_records",
]
