"""End-to-end measuring for the benchmarks: a command run as a user runs it, in its own process, best of N.

Each run is a fresh process started from this one; its wall time (start to
exit), CPU time (user + system, from ``wait4``) and peak resident memory are
taken for that process alone. The best of N runs counts: the machine may be
shared, and the least disturbed run is the one closest to what the code costs.
Ratios are taken between commands measured in the same run of a benchmark.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FORMKIT = str(BIN / "formkit")
PYTHON = sys.executable


@dataclass(frozen=True)
class Measure:
    """The best (least) wall and CPU seconds over the runs, and the largest peak RSS of one run."""

    wall: float
    cpu: float
    peak_mib: float
    runs: int

    def rate(self, count: int) -> str:
        return f"{count / self.wall:10.0f}/s wall  {count / self.cpu:10.0f}/s cpu"


def user_env() -> dict[str, str]:
    """The environment a user's shell gives formkit: bytecode caching on (an installed package has its .pyc)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


# Run by a small launcher process, not from here: Linux counts the memory of the process that
# starts a command into the command's peak (ru_maxrss keeps the high-water mark across exec), and
# this benchmark may hold many records. The launcher is small, and times the command itself.
_LAUNCHER = """
import json, os, sys, time
out = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
null = os.open(os.devnull, os.O_WRONLY)
argv = sys.argv[2:]
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, out, 1), (os.POSIX_SPAWN_DUP2, null, 2)])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(json.dumps([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)]))
"""


def run_once(argv: Sequence[str], output: Path | None = None) -> tuple[float, float, float, int]:
    """(wall s, cpu s, peak MiB, exit status) of one run of *argv* (an absolute path first) in a process of its own."""
    launcher = [PYTHON, "-c", _LAUNCHER, str(output or os.devnull), *argv]
    done = subprocess.run(launcher, capture_output=True, text=True, env=user_env(), check=True)
    wall, cpu, peak, code = json.loads(done.stdout)
    return float(wall), float(cpu), float(peak), int(code)


def run_checked(argv: Sequence[str], ok: Sequence[int] = (0, 1), output: Path | None = None) -> tuple[float, float, float]:
    """(wall s, cpu s, peak MiB) of one run of *argv*; stops the benchmark when it exits other than *ok* (a run
    that failed must not be quoted as a fast or lean one)."""
    wall, cpu, peak, code = run_once(argv, output)
    if code not in ok:
        raise SystemExit(f"{' '.join(argv)} exited {code}")
    return wall, cpu, peak


def measure(argv: Sequence[str], repeat: int = 3, *, ok: Sequence[int] = (0, 1), output: Path | None = None) -> Measure:
    """The best of *repeat* runs of *argv* (stdout to *output* when given, else discarded)."""
    wall = cpu = float("inf")
    peak = 0.0
    for _ in range(repeat):
        w, c, p = run_checked(argv, ok, output)
        wall, cpu, peak = min(wall, w), min(cpu, c), max(peak, p)
    return Measure(wall, cpu, peak, repeat)


def interleaved(commands: dict[str, Sequence[str]], repeat: int) -> dict[str, Measure]:
    """Each command run *repeat* times, taking turns, so a slow moment of the machine hits all alike."""
    best: dict[str, list[float]] = {name: [float("inf"), float("inf"), 0.0] for name in commands}
    for _ in range(repeat):
        for name, argv in commands.items():
            w, c, p = run_checked(argv)
            best[name] = [min(best[name][0], w), min(best[name][1], c), max(best[name][2], p)]
    return {name: Measure(w, c, p, repeat) for name, (w, c, p) in best.items()}


@dataclass(frozen=True)
class Spread:
    """Every run's figure: quoted as the median with its range (one slow or lucky run must not move it)."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def shown(self, unit: str = "", digits: int = 1) -> str:
        return f"{self.median:.{digits}f}{unit} ({min(self.values):.{digits}f}-{max(self.values):.{digits}f})"


def paired(ours: Sequence[str], base: Sequence[str], repeat: int, *, ok: Sequence[int] = (0, 1)) -> dict[str, Spread]:
    """*ours* and *base* run in turn *repeat* times after one warm-up each; their figures and ratios pair by pair.

    Keys: ``ours_wall``, ``ours_cpu``, ``ours_peak``, the same for ``base``, and
    ``wall_ratio``/``cpu_ratio`` (base / ours: how many times faster ours is),
    each a :class:`Spread` (quote the median).
    """
    run_once(ours)
    run_once(base)
    found: dict[str, list[float]] = {}
    for _ in range(repeat):
        figures = {}
        for name, argv in (("ours", ours), ("base", base)):
            wall, cpu, peak = run_checked(argv, ok)
            figures.update({f"{name}_wall": wall, f"{name}_cpu": cpu, f"{name}_peak": peak})
        figures["wall_ratio"] = figures["base_wall"] / figures["ours_wall"]
        figures["cpu_ratio"] = figures["base_cpu"] / figures["ours_cpu"]
        for key, value in figures.items():
            found.setdefault(key, []).append(value)
    return {key: Spread(tuple(values)) for key, values in found.items()}


def machine() -> str:
    """The line every benchmark prints first: cores and Python."""
    return f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}"


def ratio_line(label: str, ours: Measure, base: Measure, target: float | None = None) -> str:
    """*ours* against *base* in wall and CPU time, and whether the wall ratio meets *target*."""
    wall, cpu = base.wall / ours.wall, base.cpu / ours.cpu
    verdict = "" if target is None else f"  target {target:g}x: {'met' if wall >= target else 'NOT met'}"
    return f"{label}: {wall:6.1f}x wall, {cpu:6.1f}x cpu{verdict}"
