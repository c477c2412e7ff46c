"""Benchmark: formkit's validator against jsonschema's Draft202012Validator on the same records.

Run: .venv/bin/python bench/bench_validate.py [--records N] [--form FORM]

Both sides check the same schema with the same format checks (formkit's), on
the same records, in this one process on one core; every verdict must agree.
The records are the form's bundled sample with varied personnummer and names,
every twentieth one made invalid, so both paths do real work.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from stdnum import luhn

from formkit.model.catalog import get_form
from formkit.validation.validator import Validator


def personnummer(n: int) -> str:
    month, day, serial = 1 + n % 12, 1 + n % 28, 1 + n % 999
    short = f"14{month:02d}{day:02d}{serial:03d}"
    return f"20{short[:6]}-{serial:03d}{luhn.calc_check_digit(short)}"


def make_records(form_id: str, count: int) -> list[dict[str, Any]]:
    sample = json.loads(get_form(form_id).sample_path().read_text(encoding="utf-8"))
    records = []
    for n in range(count):
        record = copy.deepcopy(sample)
        if isinstance(record.get("barn"), dict):
            record["barn"]["personnummer"] = personnummer(n)
            record["barn"]["namn"] = f"Barn {n}"
        if n % 20 == 19:
            record.setdefault("barn", {})["personnummer"] = "20140101-0000"
        records.append(record)
    return records


def rate(check: Callable[[Any], bool], records: list[dict[str, Any]], repeats: int = 3) -> tuple[float, list[bool]]:
    best = float("inf")
    verdicts: list[bool] = []
    for _ in range(repeats):
        start = time.perf_counter()
        verdicts = [check(record) for record in records]
        best = min(best, time.perf_counter() - start)
    return len(records) / best, verdicts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--form", default="genomforandeplan")
    args = parser.parse_args()

    records = make_records(args.form, args.records)
    validator = Validator(args.form)
    baseline = validator._full  # Draft202012Validator built once with a FormatChecker
    base_rate, base_verdicts = rate(baseline.is_valid, records)
    fast_rate, fast_verdicts = rate(validator.schema_valid, records)
    full_rate, _ = rate(validator.is_valid, records)
    if base_verdicts != fast_verdicts:
        print("verdicts differ between jsonschema and formkit", file=sys.stderr)
        return 1
    print(f"form {args.form}, {len(records)} records ({base_verdicts.count(False)} invalid), one core")
    print(f"jsonschema Draft202012Validator.is_valid : {base_rate:10.0f} records/s")
    print(f"formkit schema verdict (compiled)        : {fast_rate:10.0f} records/s  ({fast_rate / base_rate:.1f}x)")
    print(f"formkit schema + form rules              : {full_rate:10.0f} records/s  ({full_rate / base_rate:.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
