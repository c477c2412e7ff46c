"""Writing a record's files: inline while writes do not wait on the device, on one writer thread once they do."""

from __future__ import annotations

import collections
import concurrent.futures as cf
import signal
import threading
import time
from pathlib import Path

from formkit.atomic import write_atomic

WRITER_THREADS = 1
WRITE_WAIT_THREAD = 100e-6
"""A write whose wall time exceeds its CPU time by this much waited on the device."""
WRITE_WINDOW, WRITE_WAITS = 16, 12
"""Once WRITE_WAITS of the last WRITE_WINDOW writes waited, files go to the writer thread."""


class Writer:
    """Writes a record's files inline while writing does not wait on the device, on a writer thread once it does.

    Measured (bench/bench_docx.py --e2e, 6,000 documents): into a memory folder
    (tmpfs) a write is all CPU and a thread only adds hand-overs between two
    threads taking turns with the GIL: ``--jobs 2`` ran 11% faster inline. On a
    disk the fsync waits for the device, and a thread overlaps that wait with
    rendering the next record: ``--jobs 1`` ran 1.4x faster threaded. So each
    write's wait (wall time minus the thread's CPU time) is measured: on this
    VM's disk nine in ten writes waited 200-380 µs, in tmpfs 99 in 100 waited
    under 5 µs (the rest: the scheduler giving the core to another process).
    Once most of the last writes waited (WRITE_WAITS of WRITE_WINDOW, longer
    than WRITE_WAIT_THREAD), the thread takes over for good. Inline only
    where no KeyboardInterrupt can land inside a write (a worker process
    ignores SIGINT; the batch's own handler only sets a flag): an interrupted
    write could leave a file report.json does not list.
    """

    def __init__(self) -> None:
        self._pool: cf.ThreadPoolExecutor | None = None
        self._waited: collections.deque[bool] = collections.deque(maxlen=WRITE_WINDOW)

    def submit(self, target: Path, data: bytes, overwrite: bool) -> cf.Future[None]:
        if self._pool is None and signals_held():
            future: cf.Future[None] = cf.Future()
            started, cpu = time.perf_counter(), time.thread_time()
            try:
                write_atomic(target, data, overwrite=overwrite)
            except Exception as exc:  # reported with the record, as the thread's future would
                future.set_exception(exc)
            else:
                future.set_result(None)
            self._waited.append((time.perf_counter() - started) - (time.thread_time() - cpu) > WRITE_WAIT_THREAD)
            if sum(self._waited) >= WRITE_WAITS:
                self._pool = cf.ThreadPoolExecutor(WRITER_THREADS, thread_name_prefix="formkit-write")
            return future
        if self._pool is None:
            self._pool = cf.ThreadPoolExecutor(WRITER_THREADS, thread_name_prefix="formkit-write")
        return self._pool.submit(write_atomic, target, data, overwrite=overwrite)

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)


def signals_held() -> bool:
    """Whether Ctrl-C here cannot raise KeyboardInterrupt: the main thread, SIGINT ignored or caught by the batch."""
    main = threading.current_thread() is threading.main_thread()
    return main and signal.getsignal(signal.SIGINT) is not signal.default_int_handler
