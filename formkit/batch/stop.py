"""How a batch ends early: signals set a flag read between records (BatchInterrupted), a full disk (BatchIncomplete)."""

from __future__ import annotations

import signal
import threading
from typing import TYPE_CHECKING, Any

from formkit.errors import OutputError

if TYPE_CHECKING:
    from formkit.batch.report import FillReport


class BatchIncomplete(OutputError):
    """The batch stopped before its last record for want of space; report.json (``complete: false``) says how far it got."""

    def __init__(self, key: str, report: FillReport, /, **params: object) -> None:
        super().__init__(key, **params)
        self.report = report


class BatchInterrupted(KeyboardInterrupt):
    """The batch was ended by a signal (Ctrl-C, SIGTERM, SIGHUP) after report.json was written."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class StopRequest:
    """SIGINT, SIGTERM and SIGHUP during a batch set a flag instead of raising wherever the program is.

    The batch reads the flag between records, so an interruption never lands
    between a file's write and its entry in report.json. Installed only in the
    main thread (Python allows signal handlers nowhere else); the old handlers
    come back when the batch ends.
    """

    def __init__(self) -> None:
        self.signum: int | None = None
        self._old: dict[int, Any] = {}

    def __enter__(self) -> StopRequest:
        if threading.current_thread() is threading.main_thread():
            for name in ("SIGINT", "SIGTERM", "SIGHUP"):
                number = getattr(signal, name, None)
                if number is not None:
                    self._old[number] = signal.signal(number, self._handle)
        return self

    def _handle(self, signum: int, frame: object) -> None:
        self.signum = signum

    def requested(self) -> bool:
        return self.signum is not None

    def __exit__(self, *exc_info: object) -> None:
        for number, handler in self._old.items():
            signal.signal(number, handler)
