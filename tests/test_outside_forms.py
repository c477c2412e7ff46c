"""A form from a folder outside the package is data only: formkit.toml names the folder, and every command works."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from formkit.cli import main
from formkit.model.catalog import get_form
from formkit.render.docx.render import docx_paragraphs
from formkit.settings import load_settings
from tests.conftest import FORM_IDS

# A home-visit note (hembesök): its own fields, a shared shape reached through allOf and a $ref to
# the shipped common schema, its presentation (intro, instruction, signatures) and one rule module.
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Anteckning från hembesök",
    "x-formkit": {
        "title": "Hembesök",
        "language": "sv",
        "version": "1.0.0",
        "intro": ["Anteckning från ett hembesök i samverkan."],
        "signatures": {
            "heading": "Underskrifter",
            "signers": [{"caption": "Besökare", "list": "besokare", "name": "namn", "role": ["verksamhet"], "blank": 2}],
        },
    },
    "type": "object",
    "allOf": [
        {
            "properties": {
                "datum": {"$ref": "common.schema.json#/$defs/datum", "title": "Datum för besöket"},
                "barn": {"$ref": "common.schema.json#/$defs/person", "title": "Barnet/den unge"},
            },
            "required": ["datum", "barn"],
        }
    ],
    "properties": {
        "datum": True,
        "barn": True,
        "besokare": {
            "title": "Besökare",
            "type": "array",
            "items": {"$ref": "common.schema.json#/$defs/aktor", "title": "Besökare"},
            "minItems": 1,
            "maxItems": 10,
        },
        "iakttagelser": {
            "$ref": "common.schema.json#/$defs/fritext",
            "title": "Iakttagelser",
            "x-formkit": {"instruction": ["Skriv vad ni såg och hörde, inte tolkningar."]},
        },
        "nasta_besok": {"$ref": "common.schema.json#/$defs/datum", "title": "Nästa besök"},
    },
    "required": ["besokare"],
    "additionalProperties": False,
}

RULES = '''
from formkit.problems import ERROR, Problem
from formkit.validation.rules import rule
from formkit.validation.rules._fields import date_at


@rule("hembesok")
def nasta_besok_efter(record, ctx):
    if (first := date_at(record, "datum")) and (then := date_at(record, "nasta_besok")) and then <= first:
        yield Problem("nasta_besok", ERROR, "nasta_besok_efter", "Nästa besök måste ligga efter detta.")
'''

RECORD: dict[str, Any] = {
    "datum": "2025-10-06",
    "barn": {"namn": "Tolvan Tolvansson", "personnummer": "19121212-1212"},
    "besokare": [
        {"namn": "Łukasz Wójcik", "verksamhet": "Arjeplogs skola", "verksamhetstyp": "grundskola"},
        {"namn": "Karin Lundström", "verksamhet": "IFO Arjeplog", "verksamhetstyp": "ifo"},
    ],
    "iakttagelser": "Familjen tog emot oss i köket & visade Tolvans schema <vecka 41>.",
    "nasta_besok": "2025-11-03",
}


@pytest.fixture
def outside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder whose formkit.toml names the folder egna-blanketter/ (a relative path)."""
    folder = tmp_path / "egna-blanketter"
    folder.mkdir()
    (folder / "hembesok.schema.json").write_text(json.dumps(SCHEMA, ensure_ascii=False), encoding="utf-8")
    (folder / "hembesok.rules.py").write_text(RULES, encoding="utf-8")
    (tmp_path / "formkit.toml").write_text('[formular]\nkataloger = ["egna-blanketter"]\n', encoding="utf-8")
    (tmp_path / "besok.json").write_text(json.dumps(RECORD, ensure_ascii=False), encoding="utf-8")
    monkeypatch.delenv("FORMKIT_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_model_resolves_allof_and_refs_of_an_outside_form(outside: Path) -> None:
    form = get_form("hembesok", load_settings())
    leaves = [leaf.path for leaf in form.model.leaves]
    assert leaves[:2] == ["datum", "barn.namn"]  # the allOf part's fields, in document order
    assert "besokare.*.verksamhetstyp" in leaves
    assert form.model.node("barn.personnummer").format == "personnummer"  # type: ignore[union-attr]
    assert form.model.node("datum").title == "Datum för besöket"  # type: ignore[union-attr]
    assert not form.shipped


def test_it_is_listed_and_validated_with_its_own_rule(outside: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms"]) == 0
    assert "hembesok" in capsys.readouterr().out
    assert main(["validate", "hembesok", "besok.json"]) == 0
    late = dict(RECORD, nasta_besok="2025-10-01", barn={"personnummer": "19121212-1212"})
    Path("sen.json").write_text(json.dumps(late), encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "hembesok", "sen.json", "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)["results"][0]["problems"]
    assert [(p["path"], p["rule"]) for p in problems] == [("barn.namn", "required"), ("nasta_besok", "nasta_besok_efter")]


def test_a_table_of_it_is_read_by_its_fields(outside: Path) -> None:
    Path("besok.csv").write_text(
        "datum;barn.namn;besokare.0.namn;besokare.0.verksamhet\n06.10.2025;Tolvan;Eero Niemi;Vårdcentralen\n", encoding="utf-8"
    )
    assert main(["validate", "hembesok", "besok.csv"]) == 0


def test_it_fills_word_and_pdf_from_templates_built_from_its_schema_and_extracts(
    outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert not (outside / "egna-blanketter" / "hembesok.docx").exists()  # no template in the folder
    assert main(["fill", "hembesok", "besok.json", "--out", "ut", "--to", "docx,pdf"]) == 0
    texts = docx_paragraphs((outside / "ut" / "hembesok-00001.docx").read_bytes())
    for expected in (
        "Anteckning från ett hembesök i samverkan.",
        "Skriv vad ni såg och hörde, inte tolkningar.",
        RECORD["iakttagelser"],
        "Besökare: Łukasz Wójcik, Arjeplogs skola\tDatum",
    ):
        assert expected in texts
    capsys.readouterr()
    assert main(["extract", "ut/hembesok-00001.pdf"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["form"] == "hembesok"
    assert line["data"] == RECORD


def test_templates_are_built_beside_the_outside_form(outside: Path) -> None:
    assert main(["templates", "build", "hembesok"]) == 0
    assert (outside / "egna-blanketter" / "hembesok.docx").is_file()
    assert (outside / "egna-blanketter" / "hembesok.pdf").is_file()
    assert main(["templates", "check", "hembesok"]) == 0


def test_a_form_id_defined_twice_is_refused(outside: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (outside / "egna-blanketter" / "sip.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    assert main(["forms"]) == 2
    assert "sip" in capsys.readouterr().err


def test_the_compiled_check_handles_its_allof_and_agrees_with_jsonschema(outside: Path) -> None:
    from formkit.validation.validator import Validator

    validator = Validator("hembesok", load_settings())
    assert validator._fast != validator._full.is_valid  # compiled, not the fallback
    broken = [dict(RECORD, datum="2025-13-01"), dict(RECORD, barn={}), dict(RECORD, besokare=[]), {"extra": 1}, RECORD]
    for record in broken:
        assert validator.schema_valid(record) == validator._full.is_valid(record)


# ------------------------------------------------------------------ issue 19 item 23


@pytest.mark.parametrize(
    "rules",
    [
        "# nothing yet\n",
        RULES.replace('@rule("hembesok")', '@rule("hembesk")'),  # a misspelt id registers for no form of ours
    ],
)
def test_a_rules_module_that_registers_no_rule_is_an_error_at_load(
    outside: Path, capsys: pytest.CaptureFixture[str], rules: str
) -> None:
    (outside / "egna-blanketter" / "hembesok.rules.py").write_text(rules, encoding="utf-8")
    assert main(["validate", "hembesok", "besok.json"]) == 2
    err = capsys.readouterr().err
    assert "hembesok.rules.py: registrerar ingen regel för formuläret hembesok" in err


def test_a_rules_module_that_fails_is_an_error_naming_the_file(outside: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (outside / "egna-blanketter" / "hembesok.rules.py").write_text("raise ValueError('19121212-1212')\n", encoding="utf-8")
    assert main(["validate", "hembesok", "besok.json"]) == 2
    err = capsys.readouterr().err
    assert "hembesok.rules.py: regelmodulen kan inte köras (ValueError)" in err
    assert "1212" not in err


def test_an_outside_schema_with_its_own_id_refs_the_shipped_common_schema(
    outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = dict(SCHEMA, **{"$id": "https://kommun.example/blanketter/hembesok.schema.json"})
    (outside / "egna-blanketter" / "hembesok.schema.json").write_text(json.dumps(own, ensure_ascii=False), encoding="utf-8")
    assert main(["validate", "hembesok", "besok.json"]) == 0
    Path("fel.json").write_text(json.dumps(dict(RECORD, datum="2025-13-01")), encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "hembesok", "fel.json", "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)["results"][0]["problems"]
    assert [(p["path"], p["rule"]) for p in problems] == [("datum", "format")]


def _bundle(form_id: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["schema", form_id, "--bundle"]) == 0
    bundle: dict[str, Any] = json.loads(capsys.readouterr().out)
    return bundle


@pytest.mark.parametrize("form_id", ["hembesok", *FORM_IDS])
def test_a_bundled_schema_stands_alone_in_any_2020_12_validator(
    outside: Path, capsys: pytest.CaptureFixture[str], sample: Any, form_id: str
) -> None:
    import jsonschema
    import jsonschema_rs
    import referencing

    bundle = _bundle(form_id, capsys)
    text = json.dumps(bundle)
    assert "$ref" not in text and "$defs" not in text and "formkit.invalid" not in text
    assert bundle["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(bundle)
    record = RECORD if form_id == "hembesok" else sample(form_id)
    broken = {key: value for key, value in record.items() if key not in bundle["required"]} | {"okand_uppgift": 1}
    # No registry: a reference left over could not be followed, and would raise.
    python = jsonschema.Draft202012Validator(bundle, registry=referencing.Registry())
    rust = jsonschema_rs.Draft202012Validator(bundle)
    assert python.is_valid(record) and rust.is_valid(record)
    assert not python.is_valid(broken) and not rust.is_valid(broken)
