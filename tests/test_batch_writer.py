"""How fill writes files: inline while a write does not wait on the device, on a writer thread once it does."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from formkit.batch import writer as batch_writer


@pytest.fixture
def ctrl_c_caught() -> Iterator[None]:
    """As during a batch: Ctrl-C sets a flag instead of raising (the batch's handler)."""
    old = signal.signal(signal.SIGINT, lambda signum, frame: None)
    yield
    signal.signal(signal.SIGINT, old)


def _writer_thread_used(writer: batch_writer.Writer, folder: Path, count: int) -> list[bool]:
    """For each write, whether it ran on a thread other than this one."""
    threads: list[bool] = []
    original = batch_writer.write_atomic

    def recording(target: Path, data: bytes, *, overwrite: bool = True) -> None:
        threads.append(threading.current_thread() is not threading.main_thread())
        original(target, data, overwrite=overwrite)

    batch_writer.write_atomic = recording  # type: ignore[assignment]
    try:
        futures = [writer.submit(folder / f"f{i}.docx", b"x" * 100, False) for i in range(count)]
        for future in futures:
            future.result()
    finally:
        batch_writer.write_atomic = original
        writer.shutdown()
    return threads


def test_writes_that_do_not_wait_stay_inline(tmp_path: Path, ctrl_c_caught: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch_writer, "WRITE_WAIT_THREAD", 10.0)  # no write waits that long: every write counts as CPU
    threads = _writer_thread_used(batch_writer.Writer(), tmp_path, 40)
    assert threads == [False] * 40
    assert len(list(tmp_path.iterdir())) == 40


def test_writes_that_wait_move_to_the_thread(tmp_path: Path, ctrl_c_caught: None, monkeypatch: pytest.MonkeyPatch) -> None:
    original = batch_writer.write_atomic

    def slow_device(target: Path, data: bytes, *, overwrite: bool = True) -> None:
        time.sleep(0.002)  # waiting, not computing: what an fsync to a disk looks like
        original(target, data, overwrite=overwrite)

    monkeypatch.setattr(batch_writer, "write_atomic", slow_device)
    threads = _writer_thread_used(batch_writer.Writer(), tmp_path, 40)
    assert threads[: batch_writer.WRITE_WAITS] == [False] * batch_writer.WRITE_WAITS
    assert threads[batch_writer.WRITE_WAITS :] == [True] * (40 - batch_writer.WRITE_WAITS)
    assert len(list(tmp_path.iterdir())) == 40


def test_inline_only_where_ctrl_c_cannot_land_inside_a_write(tmp_path: Path) -> None:
    """With Python's own SIGINT handler a KeyboardInterrupt could cut a write off from its report entry."""
    # Python's own handler, whatever the test run inherited (a job started in the background ignores SIGINT).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        assert _writer_thread_used(batch_writer.Writer(), tmp_path, 3) == [True] * 3
    finally:
        signal.signal(signal.SIGINT, previous)


def test_a_failed_inline_write_is_the_records_error(tmp_path: Path, ctrl_c_caught: None) -> None:
    writer = batch_writer.Writer()
    (tmp_path / "taken.docx").write_bytes(b"old")
    future = writer.submit(tmp_path / "taken.docx", b"new", False)  # exists, not forced
    with pytest.raises(FileExistsError):
        future.result()
    assert (tmp_path / "taken.docx").read_bytes() == b"old"
