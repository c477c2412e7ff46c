"""docs/traceability.md names only fields, rules, x-formkit keys, settings and commands that exist."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from formkit.cli import COMMANDS
from formkit.model.catalog import form_ids, get_form
from formkit.settings import Settings
from formkit.validation.rules import rules_for

ROOT = Path(__file__).resolve().parent.parent
TRACE = ROOT / "docs" / "traceability.md"
REFERENCE = re.compile(r"`(field|rule|key|setting|command):([^`]+)`")
SETTINGS = {f.name for f in dataclasses.fields(Settings)}


def references() -> list[tuple[str, str]]:
    """Every reference in the trace (the legend's ``field:<form>:<path>`` patterns are not references)."""
    return [(kind, target) for kind, target in REFERENCE.findall(TRACE.read_text(encoding="utf-8")) if "<" not in target]


def exists(kind: str, target: str) -> bool:
    if kind == "setting":
        return target in SETTINGS
    if kind == "command":
        return target in COMMANDS
    form_id, _, name = target.partition(":")
    if form_id not in form_ids() or not name:
        return False
    form = get_form(form_id)
    if kind == "field":
        return form.model.node(name) is not None
    if kind == "rule":
        return name in {rule.__name__ for rule in rules_for(form)}
    return name in form.meta  # key


def test_the_trace_names_many_requirements_of_every_seed() -> None:
    rows = re.findall(r"^\| (\d{3})\.\d+ \|", TRACE.read_text(encoding="utf-8"), flags=re.M)
    assert {seed for seed in rows} == {"000", "002", "003", "004"}  # seed 001 is a copy of 000
    assert len(rows) >= 90
    assert len(references()) >= 150


@pytest.mark.parametrize(("kind", "target"), sorted(set(references())))
def test_every_reference_exists(kind: str, target: str) -> None:
    assert exists(kind, target), f"docs/traceability.md names {kind}:{target}, which does not exist"


def test_a_reference_to_something_gone_fails() -> None:
    assert not exists("field", "kallelse:finns_inte")
    assert not exists("rule", "sip:finns_inte")
    assert not exists("key", "sip:finns_inte")
    assert not exists("setting", "finns_inte")
    assert not exists("command", "finns-inte")
    assert not exists("field", "finns-inte:barn")


def test_every_row_has_a_status() -> None:
    for line in TRACE.read_text(encoding="utf-8").splitlines():
        if re.match(r"^\| \d{3}\.\d+ \|", line):
            status = line.rstrip(" |").rsplit("|", 1)[-1].strip()
            assert re.match(r"(done|partial|left out)\b", status), line
