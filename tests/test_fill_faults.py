"""The fill batch under real faults: two runs in one folder, signals, killed workers and parents, leftovers.

The invariant every test here checks (issue 10): a file in the output folder
is exactly a file report.json lists, no temp file survives, and no file is
replaced without --force.
"""

from __future__ import annotations

import contextlib
import faulthandler
import json
import os
import random
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from formkit.atomic import write_atomic
from formkit.batch import fill_batch
from formkit.cli import main
from formkit.cli.fill import fill
from formkit.folderlock import LOCK_NAME, lock_folder
from formkit.model.catalog import get_form
from formkit.render.base import register_renderer
from tests.test_fill import write_json

Sample = Callable[[str], dict[str, Any]]


def report_of(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return data


def assert_report_matches_disk(out: Path, *, total: int | None = None) -> dict[str, Any] | None:
    """Every file in *out* is one report.json lists (written or stale), every listed file is there, no temp file is left."""
    if not out.exists():
        return None
    names = sorted(p.name for p in out.iterdir())
    assert not [n for n in names if n.endswith(".tmp")], names
    assert LOCK_NAME not in names, names
    if "report.json" not in names:
        assert names == [], names  # a run stopped before it began leaves nothing
        return None
    report = report_of(out)
    listed = sorted([*(f for r in report["records"] for f in r["files"]), *report["stale"]])
    assert listed == [n for n in names if n != "report.json"]
    for record in report["records"]:
        assert bool(record["files"]) == (record["status"] == "written") or record["status"] == "failed", record
    positions = [r["position"] for r in report["records"]]
    assert positions == list(range(1, len(positions) + 1))
    if total is not None:
        assert len(positions) == total
    return report


# ------------------------------------------------------------------ item 1: one run per folder, exclusive create


def test_a_second_run_is_refused_while_the_first_holds_the_folder(tmp_path: Path, sample: Sample) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    source = write_json(tmp_path / "sip.json", [sample("sip")] * 3)
    held = lock_folder(out)
    try:
        result = CliRunner().invoke(fill, ["sip", str(source), "--out", str(out)])
        assert result.exit_code == 2, result.output
        assert f"{out}: en annan formkit-körning (process {os.getpid()}) skriver redan i mappen" in result.output
        assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]  # nothing written, nothing replaced
    finally:
        held.release()
    assert CliRunner().invoke(fill, ["sip", str(source), "--out", str(out)]).exit_code == 0
    assert_report_matches_disk(out, total=3)


def test_a_stale_lock_and_a_killed_runs_temp_files_are_taken_over_and_said_so(tmp_path: Path, sample: Sample) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    (out / LOCK_NAME).write_text("4194999 kommun-server\n", encoding="ascii")  # nobody holds it
    (out / ".sip-00001.docx.k3x9_a0b.tmp").write_bytes(b"half a document with a name in it")
    (out / ".report.json.a1b2c3d4.tmp").write_bytes(b'{"form": ')
    (out / ".anteckningar.txt.a1b2c3d4.tmp").write_bytes(b"someone else's temp file")
    source = write_json(tmp_path / "sip.json", sample("sip"))
    result = CliRunner().invoke(fill, ["sip", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"formkit: {out}: tog över låset från en körning som avbröts utan att städa (process 4194999)" in result.output
    assert f"formkit: {out}: tog bort 2 halvskrivna temporärfiler från en avbruten körning" in result.output
    assert (out / ".anteckningar.txt.a1b2c3d4.tmp").exists()  # not a name formkit writes
    (out / ".anteckningar.txt.a1b2c3d4.tmp").unlink()
    assert_report_matches_disk(out, total=1)


def test_a_file_that_appears_after_every_check_is_still_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "sip-00001.docx"
    # A check cannot see the future: make every exists() answer "not there", as a racing run's file would.
    monkeypatch.setattr(Path, "exists", lambda self: False)

    with pytest.raises(FileExistsError):
        from formkit.atomic import atomic_open

        with atomic_open(target, overwrite=False) as handle:
            target.write_bytes(b"the other run's file")
            handle.write(b"ours")
    assert target.read_bytes() == b"the other run's file"
    assert [p.name for p in tmp_path.iterdir()] == ["sip-00001.docx"]
    write_atomic(target, b"forced", overwrite=True)
    assert target.read_bytes() == b"forced"


_STACKS: dict[int, int] = {}
"""A forked run's pid -> the read end of the pipe its Python stacks go to on SIGUSR1 (see _wait)."""


def _forked(args: list[str] | Callable[[], int]) -> int:
    """Run ``formkit ARGS`` (or a function returning an exit status) in a forked child; its pid.

    Forked, not started: no interpreter start-up to wait for.
    """
    stacks, stacks_out = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 99
        try:
            os.close(stacks)
            # Its worker processes inherit this too: a run that does not end tells where each one waits.
            faulthandler.register(signal.SIGUSR1, file=stacks_out, all_threads=True)
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            code = args() if callable(args) else main(args)
        except BaseException:
            code = 98
        finally:
            os._exit(code)
    os.close(stacks_out)
    _STACKS[pid] = stacks
    return pid


def _wait(pid: int, timeout: float = 60.0) -> int:
    """The exit status of the run :func:`_forked` started as *pid*.

    One that has not ended within *timeout* (a bound, not a speed test) is killed, and the
    failure shows where each of its processes waited: its Python stacks and its workers'.
    """
    stacks = _STACKS.pop(pid)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.005)
        stuck = [pid, *_children(pid)]
        os.set_blocking(stacks, False)
        dump = []
        for process in stuck:  # one at a time: their handlers write to the same pipe
            with contextlib.suppress(ProcessLookupError):
                os.kill(process, signal.SIGUSR1)
                time.sleep(0.5)  # it writes its stacks from its signal handler
            with contextlib.suppress(BlockingIOError):
                dump.append(f"--- process {process}:\n" + os.read(stacks, 1 << 20).decode("utf-8", "replace"))
        for process in stuck:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise AssertionError("the run did not end; where each of its processes waited:\n" + "".join(dump))
    finally:
        os.close(stacks)


def test_two_runs_started_together_never_share_a_folder(tmp_path: Path, sample: Sample) -> None:
    source = write_json(tmp_path / "sip.json", [sample("sip")] * 40)
    for attempt in range(4):
        out = tmp_path / f"ut{attempt}"
        pids = [_forked(["fill", "sip", str(source), "--out", str(out), "--to", "docx"]) for _ in range(2)]
        codes = sorted(_wait(pid) for pid in pids)
        assert codes == [0, 2]  # one ran; the other was refused (locked, or finding the first one's output)
        report = assert_report_matches_disk(out, total=40)
        assert report is not None and report["summary"]["written"] == 40


# ------------------------------------------------------------------ item 2: SIGTERM and SIGHUP end a run as Ctrl-C does


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_rendering_ends_the_run_with_every_record_reported(
    tmp_path: Path, sample: Sample, signum: int
) -> None:
    class Signalled:
        """Renders; the fifth record's rendering is where the signal arrives."""

        ext = "txt"

        def __init__(self) -> None:
            self.calls = 0

        def render(self, data: dict[str, Any]) -> bytes:
            self.calls += 1
            if self.calls == 5:
                os.kill(os.getpid(), signum)
            return b"ok"

    register_renderer("signalled", lambda form, settings, options: Signalled())
    source = write_json(tmp_path / "sip.json", [sample("sip")] * 40)
    out = tmp_path / "ut"
    before = signal.getsignal(signum)
    with pytest.raises(KeyboardInterrupt):
        fill_batch(get_form("sip"), [source], out, to=("signalled",))
    assert signal.getsignal(signum) == before  # the batch's handler is gone again
    report = assert_report_matches_disk(out, total=16)  # the chunk handed out, to its last record
    assert report is not None
    assert [r["status"] for r in report["records"]] == ["written"] * 5 + ["failed"] * 11
    assert {p["rule"] for r in report["records"][5:] for p in r["problems"]} == {"interrupted"}


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # pid (comm) state ppid ...: comm may hold spaces, so split after its closing parenthesis
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_signalled_run_exits_with_128_plus_the_signal_number(tmp_path: Path, sample: Sample) -> None:
    """A script wrapping formkit tells "stopped by SIGTERM" (143) from "records failed" (1)."""

    class Slow:
        ext = "txt"

        def render(self, data: dict[str, Any]) -> bytes:
            time.sleep(0.02)
            return b"ok"

    register_renderer("slow", lambda form, settings, options: Slow())
    source = write_json(tmp_path / "sip.json", [sample("sip")] * 400)
    out = tmp_path / "ut"
    pid = _forked(["fill", "sip", str(source), "--out", str(out), "--to", "slow"])
    deadline = time.monotonic() + 30
    while not list(out.glob("sip-*.txt")) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(pid, signal.SIGTERM)
    assert _wait(pid) == 128 + signal.SIGTERM
    report = assert_report_matches_disk(out)  # every record handed out is listed, to the last
    assert report is not None and 0 < report["summary"]["written"] < 400


@pytest.mark.parametrize("starting", [False, True], ids=["running", "still-starting"])
def test_workers_exit_by_themselves_when_the_parent_is_killed(
    tmp_path: Path, sample: Sample, monkeypatch: pytest.MonkeyPatch, starting: bool
) -> None:
    """Also a worker still starting when the parent dies (a loaded machine): it must watch the parent it had."""
    if not Path("/proc/self/stat").exists():
        pytest.fail("needs /proc (Linux) to find the worker processes")

    class Slow:
        ext = "txt"

        def render(self, data: dict[str, Any]) -> bytes:
            time.sleep(0.05)
            return b"ok"

    released = tmp_path / "parent-killed"
    if starting:
        from formkit.batch import pool

        start = pool._init_process

        def late_start(*args: Any) -> None:
            """The pool's initializer runs only once the parent is gone (the order fixed, not left to timing)."""
            while not released.exists():
                time.sleep(0.01)
            start(*args)

        monkeypatch.setattr(pool, "_init_process", late_start)
    register_renderer("slow", lambda form, settings, options: Slow())
    source = write_json(tmp_path / "sip.json", [sample("sip")] * 400)
    out = tmp_path / "ut"
    parent = _forked(["fill", "sip", str(source), "--out", str(out), "--to", "slow", "--jobs", "2"])
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline:
        workers = _children(parent)
        time.sleep(0.01)
    assert len(workers) == 2
    os.kill(parent, signal.SIGKILL)
    os.waitpid(parent, 0)
    os.close(_STACKS.pop(parent))
    released.touch()
    deadline = time.monotonic() + 10  # the watchdog polls twice a second: a generous bound, not a speed test
    while any(_running(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [w for w in workers if _running(w)]
    for w in alive:
        os.kill(w, signal.SIGKILL)
    assert alive == []
    # The next run takes the folder over and removes what the killed one left half-written.
    one = write_json(tmp_path / "one.json", sample("sip"))
    result = CliRunner().invoke(fill, ["sip", str(one), "--out", str(out), "--to", "slow", "--force"])
    assert "tog över låset" in result.output
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def _main_thread_stack() -> list[Any]:
    """The frames of this process's main thread, innermost first."""
    frame = sys._current_frames().get(threading.main_thread().ident or 0)
    stack = []
    while frame is not None:
        stack.append(frame)
        frame = frame.f_back
    return stack


def _take_the_result_queue_lock_when_idle(marker: Path) -> None:
    """In a pool worker: once it has sent its chunk back and waits for the next task, take the result queue's lock for good.

    That lock is shared by all workers of a pool: a worker must hold it to send anything
    back, its answer to the stop message too. A worker killed while sending a result leaves it
    taken; this keeps it taken from a thread of a live worker, so that the pool never learns of
    it (a dead worker it may or may not notice, depending on timing). The pool's frames are
    CPython's own: if they change, the marker never appears and the test fails, never passes idly.
    """
    while True:
        names = [frame.f_code.co_name for frame in _main_thread_stack()]
        if "_process_worker" in names and "get" in names and "_run_chunk_in_process" not in names:
            break
        time.sleep(0.001)
    worker = next(frame for frame in _main_thread_stack() if frame.f_code.co_name == "_process_worker")
    worker.f_locals["result_queue"]._wlock.acquire()
    marker.write_text(str(os.getpid()), encoding="ascii")


def test_a_pool_whose_workers_can_no_longer_stop_still_ends_the_batch(tmp_path: Path, sample: Sample) -> None:
    """The hang of a worker killed at the wrong moment: the pool's stop handshake would wait for ever.

    With the result queue's lock taken for good (as a worker killed while sending its last
    result leaves it), no worker can answer the pool's stop message and
    ``ProcessPoolExecutor.shutdown(wait=True)`` would join them for ever. The batch ends its
    workers itself once every chunk has come back, so it ends, with every record reported.
    """
    marker = tmp_path / "held"

    class Holding:
        ext = "txt"

        def render(self, data: dict[str, Any]) -> bytes:
            if data.get("nulage") == "lås":
                threading.Thread(target=_take_the_result_queue_lock_when_idle, args=(marker,), daemon=True).start()
            return b"ok"

    def wait_until_held(outcome: Any) -> None:
        """The batch goes on (to its end) only once the lock is taken: the order is fixed, not left to timing."""
        deadline = time.monotonic() + 30
        while not marker.exists():
            if time.monotonic() > deadline:
                raise AssertionError("the worker never took the lock")
            time.sleep(0.001)

    register_renderer("holding", lambda form, settings, options: Holding())
    records = [sample("sip") for _ in range(3)]  # one chunk: one worker renders it, the other waits
    records[2]["nulage"] = "lås"
    source = write_json(tmp_path / "sip.json", records)
    out = tmp_path / "ut"

    def batch() -> int:
        return fill_batch(get_form("sip"), [source], out, to=("holding",), jobs=2, progress=wait_until_held).exit_code

    assert _wait(_forked(batch)) == 0
    assert marker.exists()
    assert not _running(int(marker.read_text(encoding="ascii")))  # the stuck worker was ended, not left behind
    report = assert_report_matches_disk(out, total=3)
    assert report is not None and report["summary"]["written"] == 3


# ------------------------------------------------------------------ item 3: the report/disk invariant under random interruptions


def _fault_run(tmp_path: Path, source: Path, name: str, jobs: int) -> tuple[int, Path]:
    out = tmp_path / name
    return _forked(["fill", "sip", str(source), "--out", str(out), "--to", "docx", "--jobs", str(jobs)]), out


@pytest.mark.slow
def test_random_interruptions_leave_a_folder_whose_report_matches_the_disk(tmp_path: Path, sample: Sample) -> None:
    """SIGINT and SIGTERM to the run and SIGKILL to one of its workers, at random points, 20 times each."""
    if not Path("/proc/self/stat").exists():
        pytest.fail("needs /proc (Linux) to find the worker processes")
    total = 64
    source = write_json(tmp_path / "sip.json", [sample("sip")] * total)
    rng = random.Random(20260310)  # noqa: S311 - reproducible points, not secrets
    # How long an uninterrupted run takes here sets the range of the random points (not asserted on).
    start = time.monotonic()
    pid, out = _fault_run(tmp_path, source, "calibration", 2)
    assert _wait(pid) == 0
    span = time.monotonic() - start
    assert_report_matches_disk(out, total=total)
    seen = {"interrupted": 0, "killed": 0}
    for kind in ("SIGINT", "SIGTERM", "SIGKILL-worker"):
        for attempt in range(20):
            jobs = 2 if kind == "SIGKILL-worker" else 1 + attempt % 2
            pid, out = _fault_run(tmp_path, source, f"{kind}-{attempt}", jobs)
            time.sleep(rng.uniform(0, span))
            if kind == "SIGKILL-worker":
                workers = _children(pid)
                if workers:
                    # The worker may have ended between the listing and the kill (the batch ended its pool).
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(rng.choice(workers), signal.SIGKILL)
            else:
                os.kill(pid, getattr(signal, kind))
            code = _wait(pid)
            if kind == "SIGKILL-worker":
                # The run goes on in a new pool: every record is in the report.
                assert code in (0, 1), code
                report = assert_report_matches_disk(out, total=total)
                assert report is not None
                seen["killed"] += any(p["rule"] == "worker" for r in report["records"] for p in r["problems"])
            else:
                report = assert_report_matches_disk(out)
                seen["interrupted"] += report is not None and report["summary"]["written"] < total
    # The random points did land inside batches, not only before or after them.
    assert seen["interrupted"] > 0 and seen["killed"] > 0, seen
