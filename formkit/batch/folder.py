"""The output folder: file names from a record's position and id only, the check for earlier output, leftovers of killed runs."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formkit.atomic import TEMP_NAME, check_output_file, special_kind
from formkit.batch.report import CHECKSUMS_NAME, REPORT_NAME
from formkit.errors import OutputError, OutputExistsError
from formkit.i18n import os_reason
from formkit.model.catalog import Form
from formkit.privacy import has_identity_number

_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")
_MAX_ID_LENGTH = 40


def safe_id(value: Any) -> str:
    """A record ``id`` reduced to a short file-name-safe token ("" when nothing is left)."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return ""
    token = _SAFE_ID.sub("_", str(value)).strip("_-")[:_MAX_ID_LENGTH]
    # A draft, or a form without the id rule, may carry a personnummer in its id: the position alone names the file.
    return "" if has_identity_number(str(value)) or has_identity_number(token) else token


def base_name(form: Form, position: int, data: Any) -> str:
    """``<form>-<position>`` plus ``-<id>`` when the form has an ``id`` property and the record one."""
    name = f"{form.id}-{position:05d}"
    if "id" in form.model.root.children and isinstance(data, Mapping):
        token = safe_id(data.get("id"))
        if token:
            name = f"{name}-{token}"
    return name


_SAFE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")


def inside(out_dir: Path, name: str) -> Path:
    """*name* in *out_dir* (already resolved), refusing anything that is not one plain file name.

    A string check, no file system calls: a name of this charset without a
    leading dot cannot be ``..`` or hold a separator. (A link planted in DIR under
    an output name is refused before any work and again at the write.)
    """
    if not _SAFE_NAME.fullmatch(name) or ".." in name:
        raise OutputError("fill.bad_name", name=name)
    return out_dir / name


def _output_names(form_id: str) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(form_id)}-\d{{5,}}(-[A-Za-z0-9_-]+)?\.")


_ANY_OUTPUT = re.compile(
    rf"(?:{re.escape(REPORT_NAME)}|{re.escape(CHECKSUMS_NAME)}|[a-z0-9_-]+-\d{{5,}}(?:-[A-Za-z0-9_-]+)?\.[A-Za-z0-9.-]+)\Z"
)
"""A file name a batch writes (any form's): the temp files of such names are a batch's own."""


def prepare_out_dir(out_dir: Path) -> Path:
    """Create DIR if needed; OutputError when it cannot be made or is not a folder."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise OutputError("fill.not_folder", path=out_dir) from exc
    except OSError as exc:
        raise OutputError("fill.cannot_create", path=out_dir, reason=os_reason(exc)) from exc
    if not out_dir.is_dir():
        raise OutputError("fill.not_folder", path=out_dir)
    return out_dir


@dataclass(frozen=True)
class Earlier:
    """What DIR held of this form before a batch: its files, and the SHA-256 the earlier report.json gave each.

    A file no report lists (a run killed with ``kill -9``, a file put there by
    hand) has None. A file is removed only when the new batch ends complete,
    did not write it, and the earlier report lists it with the SHA-256 it still
    has; every other one is kept and listed as stale.
    """

    files: Mapping[str, str | None] = field(default_factory=dict)

    def settle(self, out_dir: Path, written: set[str], *, complete: bool) -> list[str]:
        """Remove the earlier batch's files this batch replaced by nothing (see above); the names kept, sorted."""
        stale = []
        for name, digest in sorted(self.files.items()):
            if name in written:
                continue
            path = out_dir / name
            if complete and digest is not None and special_kind(path) is None and _sha256(path) == digest:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                continue
            if path.exists() or path.is_symlink():
                stale.append(name)
        return stale


def survey(out_dir: Path, form: Form, *, force: bool) -> Earlier:
    """Check DIR before any work (call with it locked) and say what it holds of this form's earlier output.

    Refused: a link, FIFO, device or folder under a name the batch writes (even
    with *force*: only a regular file is replaced); without *force*, this form's
    output, any report.json or SHA256SUMS; with *force*, the report.json of another
    form (or not of formkit), whose files would lose their report.
    """
    ours = _output_names(form.id)
    names = sorted(p.name for p in out_dir.iterdir())
    mine = [name for name in names if ours.match(name)]
    for name in [*mine, *(n for n in (REPORT_NAME, CHECKSUMS_NAME) if n in names)]:
        check_output_file(out_dir / name)
    if not force:
        clash = [name for name in names if name in (REPORT_NAME, CHECKSUMS_NAME) or ours.match(name)]
        if clash:
            raise OutputExistsError("fill.exists", path=out_dir, first=clash[0], more=" …" if len(clash) > 1 else "")
        return Earlier()
    listed = _listed_by_report(out_dir, form)
    files: dict[str, str | None] = {name: listed.get(name) for name in mine}
    if CHECKSUMS_NAME in names:
        files[CHECKSUMS_NAME] = None  # it names the earlier files: kept for whoever checks them, listed as stale
    return Earlier(files)


def _listed_by_report(out_dir: Path, form: Form) -> dict[str, str]:
    """The files DIR's report.json lists as written, with their SHA-256 (empty when there is no readable report)."""
    try:
        report = json.loads((out_dir / REPORT_NAME).read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}  # cut short (a full disk) or damaged: its files are kept and listed as stale
    if not isinstance(report, dict) or report.get("form") != form.id:
        other = report.get("form") if isinstance(report, dict) and isinstance(report.get("form"), str) else None
        raise OutputError("fill.other_report", path=out_dir / REPORT_NAME, form=form.id, other=_shown_id(other))
    listed: dict[str, str] = {}
    for record in report.get("records") or ():
        if isinstance(record, dict) and isinstance(record.get("sha256"), dict):
            listed.update((str(k), str(v)) for k, v in record["sha256"].items() if isinstance(v, str))
    return listed


def _shown_id(value: str | None) -> str:
    """A form id from a file, shown only when it looks like one (it came from disk, not from formkit)."""
    return value if value is not None and _FORM_ID.fullmatch(value) else "?"


_FORM_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,40}")


def _sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def remove_stale_temp_files(out_dir: Path) -> int:
    """Remove the temp files an earlier batch left in *out_dir* (call with the folder locked); how many."""
    removed = 0
    for path in out_dir.iterdir():
        found = TEMP_NAME.match(path.name)
        if found and _ANY_OUTPUT.match(found["target"]):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed += 1
    return removed
