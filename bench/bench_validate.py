"""Benchmark: formkit's validator against jsonschema's Draft202012Validator on the same records.

Run: .venv/bin/python bench/bench_validate.py [--records N] [--form FORM] [--repeat N] [--skip-e2e] [--memory]

In process: both sides check the same schema with the same format checks
(formkit's), on the same records, in this one process on one core; every
verdict must agree.

End to end (issues 13 and 21, target 25x by median): the same records as a
JSONL file; ``formkit validate FORM file.jsonl --format json`` as a user runs
it, from process start to exit, against a script that reads the file line by
line and asks a ``Draft202012Validator`` (built once, with the form's registry
and formkit's FormatChecker) ``is_valid`` per record. The two take turns,
--repeat pairs; each pair gives a ratio, quoted as the median with its range.
The verdict counts must agree. ``--jsonschema-rs`` also runs the same loop with
jsonschema-rs (if installed) and formkit's format functions.

``--memory``: the peak memory of ``formkit validate`` at 10,000 and 100,000
records, JSON and text output (target: at most 1.2x the 10,000-record peak).

The records are the form's bundled sample with varied personnummer and names,
every twentieth one made invalid, so both paths do real work.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import e2e
from stdnum import luhn

from formkit.model.catalog import get_form
from formkit.settings import Settings
from formkit.validation.validator import Validator


def personnummer(n: int, century: str = "20", year: int = 14) -> str:
    month, day, serial = 1 + n % 12, 1 + n % 28, 1 + n % 999
    short = f"{year:02d}{month:02d}{day:02d}{serial:03d}"
    return f"{century}{short[:6]}-{serial:03d}{luhn.calc_check_digit(short)}"


def make_records(form_id: str, count: int) -> list[dict[str, Any]]:
    """The form's sample, once per record, with what differs between families differing.

    Each record has its own child (name, personnummer, e-mail), its own
    guardians (names, personnummer, e-mail) and its own dates (every date moved
    back by the same number of days, 0 to 179, so their order holds); the staff are
    the sample's, as a municipality's case workers recur across its records.
    Every twentieth record has a child's personnummer with födelsenummer 000 (invalid).
    """
    form = get_form(form_id)
    sample = json.loads(form.sample_path().read_text(encoding="utf-8"))
    dates = [leaf.path.split(".") for leaf in form.model.leaves if leaf.format == "date"]
    records = []
    for n in range(count):
        record = copy.deepcopy(sample)
        for person, guardian in ((record.get("barn"), None), *((g, i) for i, g in enumerate(record.get("vardnadshavare", ())))):
            if not isinstance(person, dict):
                continue
            who = f"barn{n}" if guardian is None else f"vh{n}-{guardian}"
            person["namn"] = f"Barn {n}" if guardian is None else f"Vårdnadshavare {n}:{guardian}"
            if "personnummer" in person:
                person["personnummer"] = personnummer(n) if guardian is None else personnummer(n + guardian, "19", 80)
            if "epost" in person:
                person["epost"] = f"{who}@example.org"
        for parts in dates:
            _move_dates(record, parts, n % 180)
        if n % 20 == 19:
            record.setdefault("barn", {})["personnummer"] = "20140101-0000"
        records.append(record)
    return records


def _move_dates(node: Any, parts: list[str], days: int) -> None:
    """Every date at the generic path *parts* (``*`` for a list's items) moved *days* back."""
    if not parts:
        return
    head, rest = parts[0], parts[1:]
    children = node if head == "*" and isinstance(node, list) else [node.get(head)] if isinstance(node, dict) else []
    for index, child in enumerate(children):
        if rest:
            _move_dates(child, rest, days)
        elif isinstance(child, str):
            moved = (dt.date.fromisoformat(child) - dt.timedelta(days=days)).isoformat()
            if head == "*":
                node[index] = moved
            else:
                node[head] = moved


BASELINE = """
import datetime as dt, json, sys
from jsonschema import Draft202012Validator
from formkit.model.catalog import get_form
from formkit.validation.validator import format_checker
form = get_form(sys.argv[1])
validator = Draft202012Validator(
    form.schema, registry=form.model.registry, format_checker=format_checker(dt.date.fromisoformat(sys.argv[3]))
)
valid = invalid = 0
with open(sys.argv[2], encoding="utf-8") as handle:
    for line in handle:
        if validator.is_valid(json.loads(line)):
            valid += 1
        else:
            invalid += 1
print(json.dumps({"valid": valid, "invalid": invalid}))
"""
TODAY = "2025-06-01"

RUST_LOOP = BASELINE.replace("from jsonschema import Draft202012Validator\n", "import jsonschema_rs\n").replace(
    """validator = Draft202012Validator(
    form.schema, registry=form.model.registry, format_checker=format_checker(dt.date.fromisoformat(sys.argv[3]))
)""",
    """from formkit.formats import format_checks
validator = jsonschema_rs.validator_for(
    form.model.inline_schema(), formats=format_checks(dt.date.fromisoformat(sys.argv[3])), validate_formats=True
)""",
)
"""The same loop with jsonschema-rs (Rust; ``pip install jsonschema-rs``, not a formkit dependency): the form's
schema inlined (one document, no $ref to resolve) and formkit's format functions, called back from Rust."""


def write_jsonl(path: Path, form_id: str, count: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for start in range(0, count, 5000):
            for record in make_records(form_id, min(5000, count - start)):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def end_to_end(form_id: str, count: int, repeat: int, rust: bool) -> None:
    """formkit validate against the jsonschema loop (and jsonschema-rs), each a process of its own, on the same JSONL file.

    The commands run in turn, pair by pair; each ratio is taken per pair and quoted as the median with its range.
    """
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "records.jsonl"
        write_jsonl(source, form_id, count)
        ours_out, base_out = Path(folder) / "formkit.json", Path(folder) / "baseline.json"
        command = [e2e.FORMKIT, "--today", TODAY, "validate", form_id, str(source), "--format", "json"]
        e2e.run_checked(command, output=ours_out)
        e2e.run_checked([e2e.PYTHON, "-c", BASELINE, form_id, str(source), TODAY], output=base_out)
        results = json.loads(ours_out.read_text(encoding="utf-8"))["results"]
        counted = {"valid": sum(r["valid"] for r in results), "invalid": sum(not r["valid"] for r in results)}
        if counted != json.loads(base_out.read_text(encoding="utf-8")):
            raise SystemExit(f"verdicts differ: formkit {counted}, jsonschema {base_out.read_text()}")
        found = e2e.paired(command, [e2e.PYTHON, "-c", BASELINE, form_id, str(source), TODAY], repeat)
        rs = e2e.paired(command, [e2e.PYTHON, "-c", RUST_LOOP, form_id, str(source), TODAY], repeat) if rust else None

    def times(found: dict[str, e2e.Spread], who: str) -> str:
        return f"{found[who + '_wall'].shown(' s wall', 2)}  {found[who + '_cpu'].shown(' s cpu', 2)}"

    def ratios(found: dict[str, e2e.Spread], digits: int = 1) -> str:
        return f"{found['wall_ratio'].shown('x wall', digits)}  {found['cpu_ratio'].shown('x cpu', digits)}"

    print(f"end to end, {count} records from JSONL, process start to exit, {repeat} pairs in turn (median and range):")
    print(f"  jsonschema loop (is_valid per line)  : {times(found, 'base')}")
    print(f"  formkit validate --format json       : {times(found, 'ours')}")
    met = "met" if found["wall_ratio"].median >= 25 else "NOT met"
    print(f"  formkit / jsonschema                 : {ratios(found)}  (target 25x by median: {met})")
    print(f"  formkit peak {found['ours_peak'].shown(' MiB')}, jsonschema loop peak {found['base_peak'].shown(' MiB')}")
    if rs is not None:
        print(f"  jsonschema-rs loop (the same script) : {times(rs, 'base')}")
        print(f"  formkit / jsonschema-rs              : {ratios(rs, 2)}")


def memory(form_id: str, counts: tuple[int, int] = (10_000, 100_000)) -> None:
    """Peak memory of formkit validate at two input sizes, JSON and text output (issue 13: at most 1.2x)."""
    with tempfile.TemporaryDirectory() as folder:
        peaks: dict[tuple[str, int], float] = {}
        for count in counts:
            source = Path(folder) / f"records-{count}.jsonl"
            write_jsonl(source, form_id, count)
            for output in ("json", "text"):
                command = [e2e.FORMKIT, "--today", TODAY, "validate", form_id, str(source), "--format", output]
                peaks[output, count] = e2e.measure(command, 1).peak_mib
            source.unlink()
    small, large = counts
    for output in ("json", "text"):
        grow = peaks[output, large] / peaks[output, small]
        verdict = "met" if grow <= 1.2 else "NOT met"
        print(
            f"memory, --format {output:4s}: peak {peaks[output, small]:5.0f} MiB at {small} records, "
            f"{peaks[output, large]:5.0f} MiB at {large} ({grow:.2f}x; target at most 1.2x: {verdict})"
        )


def rate(check: Callable[[Any], bool], records: list[dict[str, Any]], repeats: int = 5) -> tuple[e2e.Spread, list[bool]]:
    """Records per second of *check* over *records*, each of *repeats* passes (quote the median), and its verdicts."""
    rates = []
    verdicts: list[bool] = []
    for _ in range(repeats):
        start = time.perf_counter()
        verdicts = [check(record) for record in records]
        rates.append(len(records) / (time.perf_counter() - start))
    return e2e.Spread(tuple(rates)), verdicts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--form", default="genomforandeplan")
    parser.add_argument("--repeat", type=int, default=5, help="end-to-end pairs of runs; the median counts")
    parser.add_argument("--jsonschema-rs", dest="rust", action="store_true", help="also the loop with jsonschema-rs")
    parser.add_argument("--skip-e2e", action="store_true", help="only the in-process figures")
    parser.add_argument("--memory", action="store_true", help="also peak memory at 10,000 and 100,000 records")
    args = parser.parse_args()
    print(e2e.machine())

    records = make_records(args.form, args.records)
    validator = Validator(args.form, Settings(referensdatum=dt.date.fromisoformat(TODAY)))
    baseline = validator._full  # Draft202012Validator built once with a FormatChecker
    base_rate, base_verdicts = rate(baseline.is_valid, records, 3)
    validator.schema_valid(records[0])  # compiled on first use: not inside a timed pass
    fast_rate, fast_verdicts = rate(validator.schema_valid, records)
    full_rate, _ = rate(validator.is_valid, records)
    if base_verdicts != fast_verdicts:
        print("verdicts differ between jsonschema and formkit", file=sys.stderr)
        return 1
    base = base_rate.median

    def line(label: str, found: e2e.Spread) -> str:
        return f"{label}: {found.shown(' records/s', 0)}  ({found.median / base:.0f}x)"

    print(f"form {args.form}, {len(records)} records ({base_verdicts.count(False)} invalid), one core, median and range:")
    print(line("jsonschema Draft202012Validator.is_valid", base_rate))
    print(line("formkit schema verdict (compiled)       ", fast_rate))
    print(line("formkit schema + form rules             ", full_rate))
    problems_rate, _ = rate(validator.validate, records)
    print(line("formkit every problem (validate)        ", problems_rate))
    if not args.skip_e2e:
        end_to_end(args.form, args.records, args.repeat, args.rust)
    if args.memory:
        memory(args.form)
    return 0


if __name__ == "__main__":
    sys.exit(main())
