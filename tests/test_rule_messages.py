"""Rule messages come from the language catalogue, in the language of the form they judge (one catalogue, sv and nb)."""

from __future__ import annotations

import ast
import datetime as dt
import json
import string
from pathlib import Path
from typing import Any

import pytest

import formkit.validation.rules as rules_package
from formkit.cli import main
from formkit.i18n import CATALOGUE, text
from formkit.settings import Settings
from formkit.validation.rules import RuleContext
from formkit.validation.rules._shared import uppfoljning_efter_plan
from formkit.validation.validator import validate_record

RULES_DIR = Path(rules_package.__file__).parent
RULE_MODULES = sorted(RULES_DIR.glob("*.py"))
RULE_KEYS = sorted(key for key in CATALOGUE if key.startswith("rule."))


def literal_messages(source: str) -> list[str]:
    """Each ``Problem(...)`` in *source* whose message is not ``text(ctx.language, ...)``, as ``line: message``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Problem"):
            continue
        keyword = next((k.value for k in node.keywords if k.arg == "message"), None)
        message = node.args[3] if len(node.args) > 3 else keyword
        from_catalogue = (
            isinstance(message, ast.Call)
            and isinstance(message.func, ast.Name)
            and message.func.id == "text"
            and len(message.args) == 2
            and ast.unparse(message.args[0]) == "ctx.language"
        )
        if not from_catalogue:
            found.append(f"{node.lineno}: {ast.unparse(message) if message else '(no message)'}")
    return found


def test_the_checker_finds_literal_and_formatted_messages() -> None:
    source = (
        'yield Problem("a", ERROR, "r", "Datumet saknas.")\n'
        'yield Problem("a", ERROR, "r", f"Mer än {days} dagar.")\n'
        'yield Problem("a", ERROR, "r", message="Saknas.")\n'
        'yield Problem("a", ERROR, "r", text("sv", "rule.motetid"))\n'
        'yield Problem("a", ERROR, "r", text(ctx.language, "rule.motetid"))\n'
    )
    assert [line.split(":")[0] for line in literal_messages(source)] == ["1", "2", "3", "4"]


@pytest.mark.parametrize("module", RULE_MODULES, ids=lambda path: path.name)
def test_every_rule_message_is_a_catalogue_text_in_the_forms_language(module: Path) -> None:
    assert literal_messages(module.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("module", RULE_MODULES, ids=lambda path: path.name)
def test_every_rule_key_a_module_names_is_in_the_catalogue(module: Path) -> None:
    named = {
        node.value
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("rule.")
    }
    assert named - CATALOGUE.keys() == set()


def test_every_rule_key_is_used_by_a_rule_module() -> None:
    sources = "".join(module.read_text(encoding="utf-8") for module in RULE_MODULES)
    assert [key for key in RULE_KEYS if f'"{key}"' not in sources] == []


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_catalogue_text_has_swedish_and_bokmal_with_the_same_parameters() -> None:
    lacking = [key for key, (swedish, bokmal) in CATALOGUE.items() if not swedish.strip() or not bokmal.strip()]
    differing = [key for key, (swedish, bokmal) in CATALOGUE.items() if _placeholders(swedish) != _placeholders(bokmal)]
    assert (lacking, differing) == ([], [])


def test_every_rule_message_is_translated_not_copied() -> None:
    # Each is a whole sentence: the same text in both languages is a missing translation.
    assert RULE_KEYS and [key for key in RULE_KEYS if CATALOGUE[key][0] == CATALOGUE[key][1]] == []


def test_a_shared_rule_speaks_the_language_of_the_form_it_judges() -> None:
    record = {"upprattad_datum": "2025-03-01", "uppfoljning": {"datum": "2025-02-01"}}
    said = {
        language: [p.message for p in uppfoljning_efter_plan(record, RuleContext(Settings(), language, dt.date(2025, 6, 1)))]
        for language in ("sv", "nb")
    }
    assert said == {
        "sv": ["Uppföljningen måste ligga efter datumet då planen upprättades."],
        "nb": ["Oppfølgingen må ligge etter datoen da planen ble utarbeidet."],
    }


def test_a_setting_reaches_the_message_in_both_languages(sample: Any) -> None:
    record = sample("samtycke")
    record["giltig_till"] = "2027-12-31"
    (problem,) = validate_record("samtycke", record, Settings(samtycke_max_manader=6))
    assert problem.message == "Samtycket gäller längre än 6 månader."
    assert text("nb", "rule.samtycke.giltighet_lang", months=6) == "Samtykket gjelder lenger enn 6 måneder."


# An outside bokmål form that reuses the shared follow-up rule through its own rules module.
OPPFOLGING: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Plan med oppfølging",
    "x-formkit": {"title": "Plan med oppfølging", "language": "nb", "version": "1.0.0"},
    "type": "object",
    "properties": {
        "upprattad_datum": {"$ref": "common.schema.json#/$defs/datum", "title": "Utarbeidet"},
        "uppfoljning": {
            "title": "Oppfølging",
            "type": "object",
            "properties": {"datum": {"$ref": "common.schema.json#/$defs/datum", "title": "Dato"}},
        },
    },
    "required": ["upprattad_datum"],
    "additionalProperties": False,
}
OPPFOLGING_RULES = """
from formkit.validation.rules import rule
from formkit.validation.rules._shared import uppfoljning_efter_plan

rule("oppfolgingsplan")(uppfoljning_efter_plan)
"""


def test_an_outside_bokmal_form_hears_a_shared_rule_in_bokmal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "skjemaer"
    folder.mkdir()
    (folder / "oppfolgingsplan.schema.json").write_text(json.dumps(OPPFOLGING, ensure_ascii=False), encoding="utf-8")
    (folder / "oppfolgingsplan.rules.py").write_text(OPPFOLGING_RULES, encoding="utf-8")
    (tmp_path / "formkit.toml").write_text('[formular]\nkataloger = ["skjemaer"]\n', encoding="utf-8")
    (tmp_path / "plan.json").write_text('{"upprattad_datum": "2025-03-01", "uppfoljning": {"datum": "2025-03-01"}}')
    monkeypatch.delenv("FORMKIT_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "oppfolgingsplan", "plan.json", "--format", "json"]) == 1
    (problem,) = json.loads(capsys.readouterr().out)["results"][0]["problems"]
    assert problem == {
        "path": "uppfoljning.datum",
        "severity": "error",
        "rule": "uppfoljning_efter_plan",
        "message": "Oppfølgingen må ligge etter datoen da planen ble utarbeidet.",
    }
