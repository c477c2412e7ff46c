"""click's own usage errors in the catalogue's language, one exit code per failure, no option ignored (issue 19, 27 and 28)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from formkit.cli import main
from formkit.model.catalog import get_form
from tests.conftest import run_cli as run

Sample = Callable[[str], dict[str, Any]]
ENGLISH = ("Usage:", "Error:", "Invalid value", "does not exist", "Missing", "No such", "Try ", "Aborted", "requires an argument")

pytestmark = pytest.mark.usefixtures("empty_folder")


@pytest.fixture
def sip_file(sample: Sample) -> str:
    Path("sip.json").write_text(json.dumps(sample("sip")), encoding="utf-8")
    return "sip.json"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["due", "x.json", "--date", "2025-13-01"],
         "formkit: fel: --date: inte ett datum; skriv ÅÅÅÅ-MM-DD, till exempel 2025-11-01\nSe 'formkit due -h' för hjälp.\n"),
        (["--today", "idag", "forms"], "formkit: fel: --today: inte ett datum; skriv ÅÅÅÅ-MM-DD, till exempel 2025-11-01\n"
         "Se 'formkit -h' för hjälp.\n"),
        (["validate"], "formkit: fel: argumentet FORM saknas\nSe 'formkit validate -h' för hjälp.\n"),
        (["validate", "sip"], "formkit: fel: argumentet INPUT... saknas\nSe 'formkit validate -h' för hjälp.\n"),
        (["fill", "sip", "sip.json"], "formkit: fel: flaggan --out saknas\nSe 'formkit fill -h' för hjälp.\n"),
        (["fill", "sip", "sip.json", "--out"],
         "formkit: fel: flaggan --out behöver ett värde\nSe 'formkit fill -h' för hjälp.\n"),
        (["validate", "sip", "sip.json", "--forma", "json"],
         "formkit: fel: okänd flagga --forma (menade du --format?)\nSe 'formkit validate -h' för hjälp.\n"),
        (["validate", "sip", "sip.json", "--format", "xml"],
         "formkit: fel: --format: ska vara ett av: text, json\nSe 'formkit validate -h' för hjälp.\n"),
        (["fill", "sip", "sip.json", "--out", "ut", "--jobs", "0"],
         "formkit: fel: --jobs: ska vara ett heltal från 1 till 64\nSe 'formkit fill -h' för hjälp.\n"),
        (["fill", "sip", "sip.json", "--out", "ut", "--template", "saknas.docx"],
         "formkit: fel: saknas.docx: finns inte\nSe 'formkit fill -h' för hjälp.\n"),
        (["fill", "sip", "sip.json", "--out", "ut", "--template", "."],
         "formkit: fel: .: är en mapp, inte en fil\nSe 'formkit fill -h' för hjälp.\n"),
        (["vallidate"], "formkit: fel: okänt kommando vallidate (formkit -h listar kommandona)\nSe 'formkit -h' för hjälp.\n"),
        (["forms", "extra"], "formkit: fel: för många argument: extra\nSe 'formkit forms -h' för hjälp.\n"),
        # A Norwegian form: its language from FORM on, whatever the order on the line.
        (["fill", "sel-referat", "x.json", "--out", "ut", "--jobs", "x"],
         "formkit: feil: --jobs: skal være et heltall fra 1 til 64\nSe 'formkit fill -h' for hjelp.\n"),
        (["fill", "--jobs", "x", "sel-referat", "x.json", "--out", "ut"],
         "formkit: feil: --jobs: skal være et heltall fra 1 til 64\nSe 'formkit fill -h' for hjelp.\n"),
        (["fill", "sel-referat", "x.json"], "formkit: feil: valget --out mangler\nSe 'formkit fill -h' for hjelp.\n"),
    ],
)  # fmt: skip
def test_clicks_own_usage_errors_speak_the_catalogues_language(
    sip_file: str, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)
    assert main(args) == 2  # the console script's way in says the same
    assert capsys.readouterr().err == expected
    assert not [word for word in ENGLISH if word in expected]


def test_an_unknown_form_is_said_once_without_clicks_frame() -> None:
    result = run("validate", "sipp", "x.json")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "formkit: fel: okänd blankett 'sipp'; kända blanketter: avvikelserapport, genomforandeplan, innkalling, kallelse, "
        "minnesanteckningar, samtycke, sel-referat, sip, vastbas",
        "Se 'formkit validate -h' för hjälp.",
    ]


@pytest.mark.parametrize(
    ("form_id", "said"), [("sip", "formkit: avbruten (Ctrl-C)\n"), ("sel-referat", "formkit: avbrutt (Ctrl-C)\n")]
)
def test_ctrl_c_is_said_in_the_forms_language_with_status_130(
    sip_file: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], form_id: str, said: str
) -> None:
    import formkit.cli.validate

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(formkit.cli.validate, "ValidationRun", interrupted)
    result = run("validate", form_id, sip_file)
    assert (result.exit_code, result.stderr) == (130, said)
    assert main(["validate", form_id, sip_file]) == 130
    assert capsys.readouterr().err == said


def test_an_unreadable_file_is_named_once_in_due(sample: Sample) -> None:
    Path("trasig.pdf").write_bytes(b"%PDF-1.7\nx")
    result = run("due", "trasig.pdf", "saknas.json", "--date", "2025-11-01")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "kan inte läsas: trasig.pdf: avkortad (slutet av filen saknas)",
        "kan inte läsas: saknas.json: filen finns inte",
    ]


def test_extract_exits_as_validate_does_on_a_file_it_cannot_read(sample: Sample) -> None:
    Path("trasig.pdf").write_bytes(b"%PDF-1.7\nx")
    assert run("validate", "sip", "trasig.pdf").exit_code == 2
    assert run("extract", "trasig.pdf").exit_code == 2
    assert run("extract", "saknas.pdf").exit_code == 2


def test_flatten_without_pdf_is_refused_before_any_work(sip_file: str) -> None:
    result = run("fill", "sip", sip_file, "--out", "ut", "--to", "docx", "--flatten")
    assert result.exit_code == 2
    assert result.stderr == (
        "formkit: fel: --flatten gäller PDF, men --to är docx (ett Word-dokument har inga formulärfält att platta till)\n"
    )
    assert not Path("ut").exists()


def test_an_unknown_output_type_lists_only_the_documented_ones(sip_file: str) -> None:
    for kind in ("xml", "pdf-arkiv"):  # the archive renderers are reached through --archive
        result = run("fill", "sip", sip_file, "--out", "ut", "--to", kind)
        assert result.exit_code == 2
        head, known = result.stderr.rstrip("\n").split("; tillgängliga: ")
        assert head == f"formkit: fel: okänd utdatatyp {kind!r}"
        assert {"docx", "pdf", "ics"} <= set(known.split(", ")) and "arkiv" not in known  # (other tests register more)


# ------------------------------------------------------------------ item 28: templates check fills the sample


def _failing_template(target: Path) -> Path:
    """The shipped SIP template plus a paragraph that divides by zero: valid Jinja, known names, fails every record."""
    with zipfile.ZipFile(get_form("sip").template_path("docx")) as shipped:
        parts = {name: shipped.read(name) for name in shipped.namelist()}
    document = parts["word/document.xml"].decode("utf-8")
    at = document.rindex("<w:sectPr")
    failing = "<w:p><w:r><w:t>{{ dokument.titel|length // 0 }}</w:t></w:r></w:p>"
    parts["word/document.xml"] = (document[:at] + failing + document[at:]).encode("utf-8")
    with zipfile.ZipFile(target, "w") as made:
        for name, data in parts.items():
            made.writestr(name, data)
    return target


def test_templates_check_fills_the_sample_so_a_template_that_fails_every_record_is_not_ok(sip_file: str) -> None:
    template = _failing_template(Path("egen.docx"))
    assert run("fill", "sip", sip_file, "--out", "ut", "--template", str(template)).exit_code == 1  # every record fails
    result = run("templates", "check", "sip", "--template", str(template))
    assert result.exit_code == 1
    assert result.stdout == (
        "sip.docx: fel: exempelposten (formkit sample) kan inte fyllas i mallen: "
        "egen.docx: word/document.xml: ZeroDivisionError i mallen\n"
    )
    assert run("templates", "check", "sip").stdout == "sip.docx: ok\nsip.pdf: ok\n"
