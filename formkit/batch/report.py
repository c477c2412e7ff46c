"""report.json and SHA256SUMS: what happened to each record of a batch, and every file written with its SHA-256."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import orjson

from formkit.i18n import text
from formkit.problems import Problem

REPORT_NAME = "report.json"
CHECKSUMS_NAME = "SHA256SUMS"
"""With ``checksums``: every file written and its SHA-256, in the format ``sha256sum -c`` reads."""


Status = Literal["written", "invalid", "failed"]


@dataclass
class RecordOutcome:
    """What happened to one record: the entry of report.json."""

    source: str
    record: int
    position: int
    status: Status
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sha256: dict[str, str] = field(default_factory=dict)
    """The SHA-256 of every file written, by name (an archivist verifies the copies against it)."""
    missing: list[str] | None = None
    """With ``draft``: the paths of what the record still lacks (required values, too few list items)."""

    def to_dict(self) -> dict[str, Any]:
        entry = {
            "source": self.source,
            "record": self.record,
            "position": self.position,
            "status": self.status,
            "files": list(self.files),
            "sha256": {name: self.sha256[name] for name in self.files if name in self.sha256},
            "problems": [problem.to_dict() for problem in self.problems],
        }
        if self.missing is not None:
            entry["missing"] = list(self.missing)
        return entry


@dataclass
class FillReport:
    """The result of a batch; ``exit_code`` is 1 when any record was invalid or failed."""

    form: str
    out_dir: Path
    to: tuple[str, ...]
    draft: bool
    records: list[RecordOutcome] = field(default_factory=list)
    complete: bool = False
    """True once every record was handed out and came back; false while the run goes on and when it was stopped."""
    reason: str | None = "running"
    """Why the run is not complete: ``running`` (in progress, or killed before it could say), the signal
    (``SIGINT``, ``SIGTERM``, ``SIGHUP``), ``disk_full``, ``write_error`` or ``input_error``; None when complete."""
    stale: list[str] = field(default_factory=list)
    """Files of an earlier run this one did not write and did not remove (see :class:`formkit.batch.folder.Earlier`)."""

    def files(self) -> int:
        """How many files this run wrote (each whole: written atomically)."""
        return sum(len(outcome.files) for outcome in self.records)

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.records if outcome.status == status)

    @property
    def exit_code(self) -> int:
        return 0 if all(outcome.status == "written" for outcome in self.records) else 1

    def summary_line(self, language: str | None = None) -> str:
        """One line without personal data, for the end of a run, in *language*."""
        total = len(self.records)
        return text(
            language,
            "fill.summary",
            form=self.form,
            total=total,
            records=text(language, "word.record" if total == 1 else "word.records"),
            written=self.count("written"),
            invalid=self.count("invalid"),
            failed=self.count("failed"),
            path=self.out_dir,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "to": list(self.to),
            "draft": self.draft,
            "complete": self.complete,
            "reason": self.reason,
            "summary": {status: self.count(status) for status in ("written", "invalid", "failed")},
            "stale": list(self.stale),
            "records": [outcome.to_dict() for outcome in self.records],
        }


def report_json(report: FillReport) -> bytes:
    """report.json as ``json.dumps(..., ensure_ascii=False, indent=2)`` writes it, made by orjson.

    The json module indents in pure Python: 0.2-0.3 s for 6,000 records, at
    the end of the batch when nothing else runs.
    """
    return orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def checksum_lines(report: FillReport) -> str:
    """SHA256SUMS: one ``<sha256>  <name>`` line per file written, by name (``sha256sum -c SHA256SUMS`` checks them)."""
    pairs = sorted((name, digest) for outcome in report.records for name, digest in outcome.sha256.items())
    return "".join(f"{digest}  {name}\n" for name, digest in pairs)
