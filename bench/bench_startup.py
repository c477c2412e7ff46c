"""Benchmark: how long a person waits for a short command, against importing click alone (issue 13: at most 3x).

Run: .venv/bin/python bench/bench_startup.py [--repeat 20]

Each command runs in a fresh process as a user runs it (bytecode cached), the
three taking turns so a busy moment of the machine hits all alike; the best
of --repeat runs counts. ``python -c "import click"`` is the floor every
click program pays: the interpreter starting and the command-line library.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import e2e

from formkit.model.catalog import get_form

TARGET = 3.0
TARGETED = ("formkit forms", "formkit validate (one record)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs of each command; the best counts (default 20)")
    args = parser.parse_args()
    print(e2e.machine())
    with tempfile.TemporaryDirectory() as folder:
        record = Path(folder) / "plan.json"
        sample = json.loads(get_form("genomforandeplan").sample_path().read_text(encoding="utf-8"))
        record.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
        commands = {
            'python -c "import click"': [e2e.PYTHON, "-c", "import click"],
            "formkit forms": [e2e.FORMKIT, "forms"],
            "formkit validate (one record)": [e2e.FORMKIT, "validate", "genomforandeplan", str(record)],
            # No target: a fill prepares the form's pieces (fonts, blocks) before its first record.
            "formkit fill --to pdf (one record)": [
                *(e2e.FORMKIT, "fill", "genomforandeplan", str(record), "--to", "pdf"),
                *("--out", str(Path(folder) / "out"), "--force"),
            ],
        }
        for argv in commands.values():
            e2e.run_once(argv)  # warm: bytecode written, files in the page cache
        results = e2e.interleaved(commands, args.repeat)
    floor = results['python -c "import click"']
    print(f"process start to exit, best of {args.repeat}, taking turns:")
    for name, measure in results.items():
        ratio = measure.wall / floor.wall
        verdict = ""
        if measure is not floor and name in TARGETED:
            verdict = f"  target at most {TARGET:g}x: {'met' if ratio <= TARGET else 'NOT met'}"
        print(f"  {name:32s} {measure.wall * 1000:7.1f} ms wall {measure.cpu * 1000:7.1f} ms cpu  {ratio:5.2f}x{verdict}")


if __name__ == "__main__":
    main()
