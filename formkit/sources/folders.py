"""What a folder of inputs holds: the files to read, and every entry left out with the reason (never a silent drop).

A shared folder holds more than records: subfolders (read, in name order),
Office lock files (``~$…``), the ``._…`` files a Mac leaves on a share,
hidden files, formkit's own outputs (``report.json``, ``SHA256SUMS``,
archival copies ``*.arkiv.pdf``), files of other types, and entries that are
no regular file at all: a named pipe (FIFO) or device, which would block or
misbehave if opened, and a link whose target is gone. Each of those is
listed as skipped with its kind (catalogue ``folder.skipped.<kind>``), so a
command can say what it did not read. A link to a file is read as that file;
a link to a folder is skipped (it may lead back into the tree).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from formkit.i18n import Message, message, os_reason

SKIPPED_KINDS = ("hidden", "office_lock", "macos", "own_output", "other_type", "special", "broken_link", "folder_link")
"""Why an entry of a folder is not read; each has a text ``folder.skipped.<kind>``."""
OWN_OUTPUTS = frozenset({"report.json", "SHA256SUMS", ".formkit.lock"})
"""Files formkit itself writes into an output folder, by name."""
OWN_SUFFIXES = (".arkiv.pdf", ".word-arkiv.pdf")
"""Archival copies formkit writes beside the files it fills: flattened, no form left to read."""


@dataclass
class FolderListing:
    """The files to read under the folders and files given, the entries skipped, and folders that could not be listed."""

    files: list[Path] = field(default_factory=list)
    named: set[Path] = field(default_factory=set)
    """The files named directly (not found in a folder): read or refused whatever they are."""
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    """(entry, kind of :data:`SKIPPED_KINDS`)."""
    unreadable: list[tuple[Path, Message]] = field(default_factory=list)


def skipped_kind(path: Path, suffixes: Iterable[str], mode: int | None = None) -> str | None:
    """Why *path*, met in a folder, is not read (a kind of :data:`SKIPPED_KINDS`), or None to read it.

    *mode* is the entry's own ``lstat`` mode when the caller has it (a link is judged by its target).
    """
    name = path.name
    if mode is not None and stat.S_ISLNK(mode):
        try:
            target = path.stat().st_mode
        except OSError:
            return "broken_link"
        if stat.S_ISDIR(target):
            return "folder_link"
        mode = target
    if mode is not None and not stat.S_ISREG(mode):
        return "special"
    if name.startswith("~$"):
        return "office_lock"
    if name.startswith("._"):
        return "macos"
    if name.startswith("."):
        return "hidden"
    if name in OWN_OUTPUTS or name.lower().endswith(OWN_SUFFIXES):
        return "own_output"
    if path.suffix.lower() not in {suffix.lower() for suffix in suffixes}:
        return "other_type"
    return None


def _walk(folder: Path, suffixes: tuple[str, ...], listing: FolderListing) -> int:
    """Add *folder*'s files (recursively, in name order) to *listing*; the number of files found."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        listing.unreadable.append((folder, message("folder.unreadable", path=folder, reason=os_reason(exc))))
        return 0
    found = 0
    for entry in entries:
        path = Path(entry.path)
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as exc:
            listing.unreadable.append((path, message("source.unreadable_entry", path=path, reason=os_reason(exc))))
            continue
        if stat.S_ISDIR(mode):
            if entry.name.startswith("."):
                listing.skipped.append((path, "hidden"))
            else:
                found += _walk(path, suffixes, listing)
            continue
        kind = skipped_kind(path, suffixes, mode)
        if kind is None:
            listing.files.append(path)
            found += 1
        else:
            listing.skipped.append((path, kind))
    return found


def list_inputs(inputs: Iterable[str | Path], suffixes: Iterable[str]) -> FolderListing:
    """The files to read under *inputs*: a folder is walked (subfolders too), a file named is kept as it is.

    A named path that does not exist, a folder with no file of *suffixes*, and a named entry that is no
    regular file (a FIFO would block the read) are unreadable, each with its message; the rest are still listed.
    """
    wanted = tuple(suffixes)
    listing = FolderListing()
    for given in inputs:
        path = Path(given)
        try:
            mode = path.stat().st_mode
        except OSError:
            key = "source.missing" if not path.is_symlink() else "source.broken_link"
            listing.unreadable.append((path, message(key, path=path)))
            continue
        if stat.S_ISDIR(mode):
            if _walk(path, wanted, listing) == 0:
                listing.unreadable.append((path, message("folder.empty", path=path, known=", ".join(wanted))))
        elif not stat.S_ISREG(mode):
            listing.unreadable.append((path, message("source.special", path=path)))
        else:
            listing.files.append(path)
            listing.named.add(path)
    return listing
