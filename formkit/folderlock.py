"""One formkit run per output folder: a lock file that the operating system releases when its process dies.

Why ``flock`` rather than a file that merely exists: a lock held with ``fcntl.flock`` ends with
its process however it ends (``kill -9``, a power cut of the process, the OOM killer), so a
lock file nobody holds is always stale and can be taken over without guessing from a process
id that may since have been reused. The file still records who held it (process id and host),
so the run that takes a stale lock over can say whose run ended without cleaning up.
Where ``fcntl`` does not exist (Windows) the file is created exclusively and a file of a
process that no longer runs is taken over.
"""

from __future__ import annotations

import contextlib
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from formkit.errors import OutputError
from formkit.i18n import os_reason

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".formkit.lock"
"""The lock file in an output folder (hidden: the summary and the clash check ignore it)."""


@dataclass
class FolderLock:
    """A held lock on an output folder; :meth:`release` removes the file."""

    folder: Path
    fd: int
    stale_holder: str | None
    """The process id a stale lock named, when this run took it over (None when the folder was free)."""

    @property
    def path(self) -> Path:
        return self.folder / LOCK_NAME

    def release(self) -> None:
        # Unlink while still holding the lock: a run that opened the old file meanwhile sees it is gone.
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        with contextlib.suppress(OSError):
            os.close(self.fd)


def _holder(fd: int) -> str:
    """The process id written in a lock file ("?" when it holds none)."""
    with contextlib.suppress(OSError):
        os.lseek(fd, 0, os.SEEK_SET)
        words = os.read(fd, 200).decode("ascii", "replace").split()
        if words and words[0].isdigit():
            return words[0]
    return "?"


def _stamp(fd: int) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f"{os.getpid()} {socket.gethostname()}\n".encode("ascii", "replace"))


def lock_folder(folder: Path) -> FolderLock:
    """Lock *folder* for this process, or OutputError when another run holds it or it cannot be written.

    A lock file left by a run that died is taken over (``stale_holder`` names it).
    """
    path = folder / LOCK_NAME
    for _attempt in range(10):
        try:
            if fcntl is None:  # pragma: no cover - Windows
                return _lock_exclusive(folder)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            # A read-only folder, a full disk: refused here, before any record is rendered.
            raise OutputError("fill.cannot_write_folder", path=folder, reason=os_reason(exc)) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise OutputError("fill.locked", path=folder, pid=holder) from None
        try:
            current = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            current = False
        if not current:  # the run before us removed the file between our open and our lock: start again
            os.close(fd)
            continue
        stale = _holder(fd) if os.fstat(fd).st_size else None
        try:
            _stamp(fd)
        except OSError as exc:
            os.close(fd)
            raise OutputError("fill.cannot_write_folder", path=folder, reason=os_reason(exc)) from exc
        return FolderLock(folder, fd, stale)
    raise OutputError("fill.locked", path=folder, pid="?")


def _alive(pid: int) -> bool:  # pragma: no cover - Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _lock_exclusive(folder: Path) -> FolderLock:  # pragma: no cover - Windows
    path = folder / LOCK_NAME
    stale: str | None = None
    for _attempt in range(2):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            with open(path, "rb") as handle:
                words = handle.read(200).decode("ascii", "replace").split()
            holder = words[0] if words and words[0].isdigit() else "?"
            if holder != "?" and _alive(int(holder)):
                raise OutputError("fill.locked", path=folder, pid=holder) from None
            stale = holder
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            continue
        _stamp(fd)
        return FolderLock(folder, fd, stale)
    raise OutputError("fill.locked", path=folder, pid="?")
