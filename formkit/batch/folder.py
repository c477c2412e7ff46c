"""The output folder: file names from a record's position and id only, the check for earlier output, leftovers of killed runs."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from formkit.atomic import TEMP_NAME
from formkit.batch.report import CHECKSUMS_NAME, REPORT_NAME
from formkit.errors import OutputError, OutputExistsError
from formkit.i18n import os_reason
from formkit.model.catalog import Form

_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")
_MAX_ID_LENGTH = 40


def safe_id(value: Any) -> str:
    """A record ``id`` reduced to a short file-name-safe token ("" when nothing is left)."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return ""
    return _SAFE_ID.sub("_", str(value)).strip("_-")[:_MAX_ID_LENGTH]


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
    leading dot cannot be ``..`` or hold a separator. A symlink planted in DIR
    under an output name is replaced (rename does not follow it), not written through.
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


def prepare_out_dir(out_dir: Path, form: Form, *, force: bool) -> Path:
    """Create DIR if needed and refuse (unless *force*) when it holds this form's output or a report."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise OutputError("fill.not_folder", path=out_dir) from exc
    except OSError as exc:
        raise OutputError("fill.cannot_create", path=out_dir, reason=os_reason(exc)) from exc
    if not out_dir.is_dir():
        raise OutputError("fill.not_folder", path=out_dir)
    check_no_output(out_dir, form, force=force)
    return out_dir


def check_no_output(out_dir: Path, form: Form, *, force: bool) -> None:
    """Refuse (unless *force*) when *out_dir* holds this form's output or a report."""
    if force:
        return
    ours = _output_names(form.id)
    clash = sorted(p.name for p in out_dir.iterdir() if p.name == REPORT_NAME or ours.match(p.name))
    if clash:
        raise OutputExistsError("fill.exists", path=out_dir, first=clash[0], more=" …" if len(clash) > 1 else "")


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
