"""Atomic file writes: a crash or Ctrl-C leaves the old file or the new one, never half of one.

Every write goes to a temp file beside its target, named ``.<target name>.<8 random
characters>.tmp`` (:data:`TEMP_NAME` matches it), is fsynced and then moved into place.
With ``overwrite=False`` the move is an exclusive create: ``os.link`` fails when the target
exists, so a file that appeared after any check is never replaced (a check-then-rename
would replace it when the file appears between the two).

Only a regular file is ever replaced. A target that is a symbolic link, a folder, a FIFO,
a device or a socket is refused (:class:`SpecialTargetError`): a rename would replace the
link or the device node itself (run as root, ``/dev/sda``), and writing through it would
write where nobody looked. Commands check their outputs up front with
:func:`check_output_file`, before any work; the write checks again just before the move.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from formkit.errors import OutputError
from formkit.i18n import message

TEMP_NAME = re.compile(r"\.(?P<target>.+)\.[a-z0-9_]{8}\.tmp\Z")
"""The name of a temp file :func:`atomic_open` makes (``tempfile.mkstemp``: 8 characters of ``a-z0-9_``)."""

# The file systems on which a hard link is refused (a FAT stick, some SMB shares): exclusive create
# falls back to reserving the name with O_EXCL and renaming over the reservation.
_NO_LINK = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS})


_KINDS = (
    (stat.S_ISLNK, "link"),
    (stat.S_ISDIR, "folder"),
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISCHR, "device"),
    (stat.S_ISBLK, "device"),
    (stat.S_ISSOCK, "socket"),
)


def special_kind(path: str | os.PathLike[str]) -> str | None:
    """What *path* is when it exists but is not a regular file (``link``, ``folder``, ``fifo``, ``device``, ``socket``).

    Looks at the name itself (``lstat``): a link is a link, wherever it points.
    """
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), None if stat.S_ISREG(mode) else "other")


class SpecialTargetError(OutputError):
    """An output path is a link, folder, FIFO, device or socket: formkit replaces only regular files."""

    def __init__(self, path: str | os.PathLike[str], kind: str) -> None:
        super().__init__("output.special", path=path, kind=message(f"output.kind.{kind}"))


def check_output_file(path: str | os.PathLike[str]) -> None:
    """Refuse *path* as an output unless it is absent or a regular file (SpecialTargetError); call before any work."""
    kind = special_kind(path)
    if kind is not None:
        raise SpecialTargetError(path, kind)


def _place_exclusively(tmp_name: str, target: Path) -> None:
    """Move *tmp_name* to *target* only if *target* does not exist (FileExistsError otherwise)."""
    try:
        os.link(tmp_name, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINK:
            raise
        # Reserve the name atomically, then rename over our own empty reservation.
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        os.replace(tmp_name, target)
        return
    os.unlink(tmp_name)


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], *, overwrite: bool = True) -> Iterator[IO[bytes]]:
    """Open a temp file beside *path* for binary writing; on success fsync and move it into place.

    The temp file lives in the same folder so the move is a rename (or link) on one file
    system. With ``overwrite=False`` an existing *path* raises FileExistsError, before the
    writing when it is already there and at the move when it appeared meanwhile (the move
    is an exclusive create, never a replace).
    """
    target = Path(path)
    check_output_file(target)
    if not overwrite and target.exists():
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        # Name the folder that is missing or unwritable, not the temp file nobody asked for.
        raise type(exc)(exc.errno, exc.strerror, str(target.parent)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            check_output_file(target)  # again at the last moment: a link or a FIFO may have appeared meanwhile
            os.replace(tmp_name, target)
        else:
            _place_exclusively(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def write_atomic(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = True) -> None:
    """Write *data* to *path* atomically (see :func:`atomic_open`)."""
    with atomic_open(path, overwrite=overwrite) as handle:
        handle.write(data)
