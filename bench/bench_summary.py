"""Benchmark: a year summary to xlsx against validating the same reports alone (issue 5: at most 1.5x, < 1 GB).

Usage: .venv/bin/python bench/bench_summary.py [--reports N] [--keep DIR]

Generates N fictitious avvikelserapporter as JSONL once, then times (1)
reading + validating them alone and (2) the whole summary: reading,
validating, counting and writing the workbook. Each step runs in a process of
its own (``--step``), so each peak memory is that step's alone; the steps
take turns. Prints wall and CPU times of the step itself, each the median of
--repeat runs with its range; the ratio is taken pair by pair in CPU time (the
machine is shared) and quoted the same way; and each step's process peak
memory (ru_maxrss, imports included). Every report but the deliberate 1 in 100
is valid (tests/test_bench_data.py holds the generator to it): the figure is
about counting reports, not rejecting them.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import e2e

from formkit.model.catalog import get_form
from formkit.settings import Settings
from formkit.sources import read_records
from formkit.summary.figures import summarize
from formkit.summary.workbook import write_workbook
from formkit.validation.validator import Validator

YEAR = 2025
TYPES = ["forskola", "grundskola", "gymnasieskola", "elevhalsa", "ifo", "primarvard", "bup", "habilitering", "polis"]
CATEGORIES = [
    "kallelse_ej_besvarad", "utebliven_fran_mote", "plan_ej_upprattad", "insats_ej_genomford",
    "information_ej_overford", "ansvarsfordelning_oklar", "uppfoljning_ej_genomford", "samtycke_saknas", "ovrigt",
]  # fmt: skip
STATUSES = ["rapporterad", "mottagen", "analyserad", "atgardad", "avslutad"]
NAMES = ["Åsa Öberg", "Łukasz Wójcik", "Şükrü Yılmaz", "Nguyễn Thị Huệ", "Tolvan Tolvansson"]


def report(rng: random.Random, number: int) -> dict[str, object]:
    """One fictitious report; about 1 in 100 is invalid (an unknown kategori) and 1 in 100 repeats an earlier id."""
    event = date(YEAR, 1, 1) + timedelta(days=rng.randrange(365))
    reported = event + timedelta(days=rng.randrange(5))
    ref = f"AVV-{YEAR}-{rng.randrange(number) if number and rng.random() < 0.01 else number:06d}"
    data: dict[str, object] = {
        "id": ref,
        "handelsedatum": event.isoformat(),
        "rapportdatum": reported.isoformat(),
        "rapportor": {"namn": rng.choice(NAMES), "arbetsplats": "Arbetsplatsen", "verksamhetstyp": rng.choice(TYPES)},
        "berord_verksamhet": {"namn": "Berörd enhet", "verksamhetstyp": rng.choice(TYPES)},
        "kategori": rng.choice(CATEGORIES),
        "klient": {"namn": "Tolvan Tolvansson", "personnummer": "19121212-1212"},
        "beskrivning": "Kallelse till nätverksmöte besvarades inte trots påminnelse. " * rng.randrange(1, 4),
        "konsekvenser_barn": "Stödet försenades.",
        "forslag_atgarder": "Utse en kontaktperson för kallelser och bekräfta mottagen kallelse inom tre dagar.",
        "underskrifter": {
            "rapportor": {"namn": rng.choice(NAMES), "datum": reported.isoformat()},
            "narmaste_chef": {"namn": rng.choice(NAMES), "datum": reported.isoformat()},
        },
    }
    status = rng.choice(STATUSES)
    if status != "rapporterad":
        # Each status carries what it claims (Bilaga 4 and the data contract), so every report but the deliberate
        # 1 in 100 is valid: the figure measures counting valid reports, not rejecting invalid ones.
        step = STATUSES.index(status)
        handling: dict[str, str] = {
            "mottagen": (reported + timedelta(days=1)).isoformat(),
            "aterkoppling": (reported + timedelta(days=rng.randrange(1, 40))).isoformat(),
            "status": status,
        }
        if step >= STATUSES.index("analyserad"):
            handling["analys"] = "Kallelsen hamnade i en funktionsbrevlåda som inte bevakades."
        if step >= STATUSES.index("atgardad"):
            handling["beslutade_atgarder"] = "Funktionsbrevlådan bevakas dagligen av mottagningsgruppen."
            handling["atgardat"] = (reported + timedelta(days=rng.randrange(2, 60))).isoformat()
        data["handlaggning"] = handling
    if rng.random() < 0.01:
        data["kategori"] = "okand"
    return data


def generate(path: Path, count: int) -> None:
    rng = random.Random(5)  # noqa: S311 - fictitious data, reproducible
    with path.open("w", encoding="utf-8") as handle:
        for number in range(count):
            handle.write(json.dumps(report(rng, number), ensure_ascii=False) + "\n")


def validate_only(path: Path) -> int:
    """What validation alone costs: read every record, judge it, and find the problems of the invalid ones.

    The same work ``formkit validate`` does per record: the fast path for a
    valid record, the full problem list for an invalid one.
    """
    form = get_form("avvikelserapport")
    validator = Validator(form, Settings())
    valid = 0
    for record in read_records(path, form):
        if record.problems:
            continue
        if validator.is_valid(record.data):
            valid += 1
        else:
            validator.validate(record.data)
    return valid


def step(name: str, source: Path, folder: Path) -> None:
    """Run one step in this process and print its own wall and CPU seconds (and what it found) as JSON."""
    wall, cpu = time.perf_counter(), time.process_time()
    if name == "validate":
        found = {"valid": validate_only(source)}
    else:
        result = summarize([source], YEAR)
        write_workbook(result, folder / "avvikelser.xlsx")
        found = {"counted": result.figures.total, "rejected": len(result.rejected), "duplicates": result.duplicates}
    print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, **found}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=5000, help="number of reports (default 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step, taking turns; medians are quoted")
    parser.add_argument("--keep", type=Path, help="write the input and workbook here instead of a temp folder")
    parser.add_argument("--step", choices=["validate", "summary"], help=argparse.SUPPRESS)
    parser.add_argument("--source", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        step(args.step, args.source, args.keep)
        return

    print(e2e.machine())
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        source = folder / "avvikelser.jsonl"
        generate(source, args.reports)
        size_mb = source.stat().st_size / 1e6
        print(f"{args.reports} reports, {size_mb:.1f} MB JSONL")
        runs: dict[str, list[dict[str, float]]] = {"validate": [], "summary": []}
        peaks = {"validate": 0.0, "summary": 0.0}
        for _ in range(args.repeat):
            for name in runs:  # taking turns, each in a process of its own
                output = folder / f"{name}.json"
                argv = [e2e.PYTHON, str(Path(__file__).resolve()), "--step", name, "--source", str(source), "--keep", str(folder)]
                _wall, _cpu, peak = e2e.run_checked(argv, (0,), output)
                runs[name].append(json.loads(output.read_text(encoding="utf-8")))
                peaks[name] = max(peaks[name], peak)
        v, s = runs["validate"], runs["summary"]
        spread = {
            name: {key: e2e.Spread(tuple(run[key] for run in found)) for key in ("wall", "cpu")} for name, found in runs.items()
        }
        ratio = e2e.Spread(tuple(b["cpu"] / a["cpu"] for a, b in zip(v, s, strict=True)))
        print(
            f"validate alone : {spread['validate']['wall'].shown(' s wall', 2)}  {spread['validate']['cpu'].shown(' s cpu', 2)}"
            f"  ({v[0]['valid']:.0f} valid)  peak {peaks['validate']:.0f} MB"
        )
        print(
            f"summary to xlsx: {spread['summary']['wall'].shown(' s wall', 2)}  {spread['summary']['cpu'].shown(' s cpu', 2)}"
            f"  ({s[0]['counted']:.0f} counted, {s[0]['rejected']:.0f} rejected, {s[0]['duplicates']:.0f} duplicates)"
            f"  peak {peaks['summary']:.0f} MB"
        )
        print(f"ratio summary / validate (cpu, pair by pair, median and range of {args.repeat}): {ratio.shown('x', 2)}")


if __name__ == "__main__":
    main()
