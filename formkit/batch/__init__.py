"""The fill engine behind ``formkit fill``: many records validated, rendered and written to a folder, with report.json."""

from __future__ import annotations

from formkit.batch.report import CHECKSUMS_NAME, REPORT_NAME, FillReport, RecordOutcome
from formkit.batch.run import ARCHIVE_TYPES, fill_batch, fill_records
from formkit.batch.stop import BatchInterrupted

__all__ = [
    "ARCHIVE_TYPES",
    "CHECKSUMS_NAME",
    "REPORT_NAME",
    "BatchInterrupted",
    "FillReport",
    "RecordOutcome",
    "fill_batch",
    "fill_records",
]
