"""Templates: the shipped ones pass `templates check`, build makes a usable one, check finds what is wrong."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner

from formkit.cli.templates import templates
from formkit.model.catalog import get_form
from formkit.render.docx.check import check_template
from formkit.render.docx.render import docx_paragraphs, render_docx
from formkit.render.docx.template import write_template
from formkit.settings import Settings

FORM_IDS = (
    "samtycke", "genomforandeplan", "avvikelserapport", "sip", "sel-referat", "kallelse",
    "minnesanteckningar", "innkalling", "vastbas",
)


def _docx(tmp_path: Path, *paragraphs: str | list[str]) -> Path:
    """A template with these paragraphs; a list is one paragraph split into runs (as Word splits text)."""
    document = docx.Document()
    for paragraph in paragraphs:
        if isinstance(paragraph, list):
            target = document.add_paragraph()
            for index, run in enumerate(paragraph):
                target.add_run(run).bold = index % 2 == 1
        else:
            document.add_paragraph(paragraph)
    path = tmp_path / "template.docx"
    document.save(str(path))
    return path


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_shipped_template_passes_check_without_any_issue(form_id: str) -> None:
    assert check_template(get_form(form_id)) == []


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_built_template_passes_check_and_is_a4(form_id: str, tmp_path: Path) -> None:
    path = write_template(get_form(form_id), tmp_path / f"{form_id}.docx")
    assert check_template(get_form(form_id), path) == []
    section = docx.Document(str(path)).sections[0]
    # python-docx stores twips: compare to the millimetre
    assert section.page_width is not None and round(section.page_width.mm) == 210
    assert section.page_height is not None and round(section.page_height.mm) == 297


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_header_names_kommun_and_footer_numbers_pages(form_id: str) -> None:
    with zipfile.ZipFile(get_form(form_id).template_path("docx")) as package:
        parts = {name: package.read(name).decode() for name in package.namelist() if name.endswith(".xml")}
    headers = "".join(text for name, text in parts.items() if name.startswith("word/header"))
    footers = "".join(text for name, text in parts.items() if name.startswith("word/footer"))
    assert "{{ dokument.kommun }}" in headers
    assert " PAGE " in footers
    assert " NUMPAGES " in footers
    assert ("Side " if get_form(form_id).language == "nb" else "Sida ") in footers


def test_unknown_placeholder_is_an_error_with_its_location(tmp_path: Path) -> None:
    path = _docx(tmp_path, "{{ barn.namn }}", "Namn: {{ barn.namx }}")
    errors = [i for i in check_template(get_form("genomforandeplan"), path) if i.severity == "error"]
    assert len(errors) == 1
    assert "'barn.namx'" in errors[0].message
    assert errors[0].where == "word/document.xml, stycke 2 “Namn: {{ barn.namx }}”"


def test_unknown_top_level_name_and_loop_item_property(tmp_path: Path) -> None:
    path = _docx(
        tmp_path,
        "{{ barnet }}",
        "{%p for rad in insatser %}",
        "{{ rad.ansvarig.namn }} {{ rad.insatsx }}",
        "{%p endfor %}",
        "{{ dokument.kommun }} {{ dokument.okand }}",
    )
    messages = [i.message for i in check_template(get_form("genomforandeplan"), path) if i.severity == "error"]
    assert any("'barnet'" in m for m in messages)
    assert any("'insatser.N.insatsx'" in m for m in messages)
    assert any("'dokument.okand'" in m for m in messages)
    assert len(messages) == 3


def test_placeholder_split_into_runs_is_still_checked(tmp_path: Path) -> None:
    path = _docx(tmp_path, ["Namn: {{ barn.", "namx", " }}"])
    issues = check_template(get_form("genomforandeplan"), path)
    assert any("'barn.namx'" in i.message and i.severity == "error" for i in issues)


def test_jinja_syntax_error_reported_with_surrounding_text(tmp_path: Path) -> None:
    path = _docx(tmp_path, "Före felet", "{% if barn.namn %}Namn saknas", "Efter felet")
    issues = check_template(get_form("genomforandeplan"), path)
    errors = [i for i in issues if i.severity == "error"]
    assert len(errors) == 1
    assert "syntaxfel i mallen" in errors[0].message
    assert "Före felet" in errors[0].message or "Efter felet" in errors[0].message
    assert errors[0].where.startswith("word/document.xml")


def test_part_that_is_not_well_formed_xml_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = _docx(tmp_path, "{{ barn.namn }}")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data[: len(data) // 2] if info.filename == "word/document.xml" else data)
    issues = check_template(get_form("genomforandeplan"), broken)
    # one error; no "never shown" warnings guessed from a part that could not be read
    assert [(i.severity, i.where) for i in issues] == [("error", "word/document.xml")]
    assert "inte välformad XML" in issues[0].message
    result = CliRunner().invoke(templates, ["check", "genomforandeplan", "--template", str(broken)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_jinja_syntax_error_gives_no_guessed_warnings(tmp_path: Path) -> None:
    path = _docx(tmp_path, "{{ barn.namn }}", "{% if barn.namn %}")
    assert [i.severity for i in check_template(get_form("genomforandeplan"), path)] == ["error"]


def test_safe_filter_is_an_error(tmp_path: Path) -> None:
    path = _docx(tmp_path, "{{ barn.namn|safe }}")
    assert any(i.severity == "error" and "safe" in i.message for i in check_template(get_form("genomforandeplan"), path))


def test_required_property_never_shown_is_a_warning(tmp_path: Path) -> None:
    path = _docx(tmp_path, "{{ barn.namn }}", "{%p for m in mal %}", "{{ m.mal }}", "{%p endfor %}")
    issues = check_template(get_form("genomforandeplan"), path)
    assert all(i.severity == "warning" for i in issues)
    warned = {i.message for i in issues}
    assert "det obligatoriska fältet 'upprattad_datum' visas aldrig" in warned
    assert "det obligatoriska fältet 'insatser' visas aldrig" in warned
    assert not any("'barn" in m or "'mal" in m for m in warned)


def test_required_sentences_and_signature_lines(sample: Callable[[str], dict[str, Any]]) -> None:
    plan = sample("genomforandeplan")
    texts = docx_paragraphs(render_docx(get_form("genomforandeplan"), plan, Settings()))
    assert "Kostnadsansvaret följer ansvaret för insatserna." in texts
    signatures = [t for t in texts if t.startswith("Delaktig: ")]
    assert [t.split("\t")[0] for t in signatures] == [
        f"Delaktig: {d['namn']}, {d['roll']}, {d['verksamhet']}" for d in plan["delaktiga"]
    ]

    consent = sample("samtycke")
    texts = docx_paragraphs(render_docx(get_form("samtycke"), consent, Settings()))
    sentence = next(t for t in texts if t.startswith("Samtycket är frivilligt"))
    assert "när som helst återkallas" in sentence
    guardians = [t for t in texts if t.startswith("Vårdnadshavare: ")]
    assert [g.split(": ", 1)[1].split("\t")[0] for g in guardians] == [v["namn"] for v in consent["vardnadshavare"]]
    assert any(t.startswith(f"Barnet/den unge: {consent['barn']['namn']}") for t in texts)

    report = sample("avvikelserapport")
    texts = docx_paragraphs(render_docx(get_form("avvikelserapport"), report, Settings()))
    assert any(t.startswith("Rapportörens underskrift") for t in texts)
    assert any(t.startswith("Närmaste chefens underskrift") for t in texts)


def test_list_tables_grow_with_the_data(sample: Callable[[str], dict[str, Any]]) -> None:
    record = sample("genomforandeplan")
    record["mal"].append({"mal": "Ett tredje mål"})
    extra = dict(record["insatser"][0], insats="En fjärde insats")
    record["insatser"].append(extra)
    rendered = render_docx(get_form("genomforandeplan"), record, Settings())
    document = docx.Document(io.BytesIO(rendered))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Mål")
    assert len(table.rows) == 1 + len(record["mal"])
    assert table.rows[-1].cells[0].text == "Ett tredje mål"
    # Items too wide for table columns get a labelled block each: one more insats, one more block.
    texts = docx_paragraphs(rendered)
    assert [t for t in texts if t.startswith("Insats ")] == ["Insats 1", "Insats 2", "Insats 3", "Insats 4"]
    assert texts[texts.index("Insats 4") + 2] == "En fjärde insats"


# --- the CLI -------------------------------------------------------------------


def test_cli_check_all_shipped_templates() -> None:
    result = CliRunner().invoke(templates, ["check"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"{form_id}.{kind}: ok" for form_id in sorted(FORM_IDS) for kind in ("docx", "pdf")]


def test_cli_check_bad_template_exits_1_with_location(tmp_path: Path) -> None:
    path = _docx(tmp_path, "{{ barn.namn }}", "{{ barn.namx }}")
    result = CliRunner().invoke(templates, ["check", "genomforandeplan", "--template", str(path)])
    assert result.exit_code == 1
    assert (
        "genomforandeplan.docx: fel: word/document.xml, stycke 2 “{{ barn.namx }}”: "
        "okänd platshållare 'barn.namx': schemat har inget sådant fält"
    ) in result.output.splitlines()


def test_cli_check_unknown_form_exits_2() -> None:
    result = CliRunner().invoke(templates, ["check", "nosuchform"])
    assert result.exit_code == 2
    assert "okänd blankett 'nosuchform'" in result.output


def test_cli_build_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "sip.docx"
    first = CliRunner().invoke(templates, ["build", "sip", "--output", str(target)])
    assert first.exit_code == 0, first.output
    assert check_template(get_form("sip"), target) == []
    again = CliRunner().invoke(templates, ["build", "sip", "--output", str(target)])
    assert again.exit_code == 2
    assert "finns redan" in again.output
    forced = CliRunner().invoke(templates, ["build", "sip", "--output", str(target), "--force"])
    assert forced.exit_code == 0
    assert not [p for p in tmp_path.iterdir() if p.name != "sip.docx"]  # no temp files left


def test_a_new_form_gets_a_usable_template_without_code(tmp_path: Path) -> None:
    from formkit.model.catalog import Form

    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://formkit.invalid/schemas/ny-blankett.schema.json",
        "x-formkit": {"title": "Ny blankett", "routine": "NORRBUS", "annex": "Bilaga 9", "language": "sv"},
        "type": "object",
        "properties": {
            "datum": {"title": "Datum", "type": "string", "format": "date"},
            "ansvarig": {
                "title": "Ansvarig",
                "type": "object",
                "properties": {"namn": {"title": "Namn", "type": "string"}, "akut": {"title": "Akut", "type": "boolean"}},
                "required": ["namn"],
            },
            "steg": {
                "title": "Steg",
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "vad": {"title": "Vad", "type": "string"},
                        "typ": {
                            "title": "Typ",
                            "type": "string",
                            "enum": ["a", "b"],
                            "x-enum-titles": {"a": "Alfa", "b": "Beta"},
                        },
                    },
                    "required": ["vad"],
                },
            },
            "punkter": {"title": "Punkter", "type": "array", "items": {"type": "string"}},
            "anteckning": {"title": "Anteckning", "type": "string", "maxLength": 4000},
        },
        "required": ["datum", "ansvarig", "steg"],
    }
    form = Form(id="ny-blankett", schema=schema, path=tmp_path / "ny-blankett.schema.json")
    path = write_template(form, tmp_path / "ny-blankett.docx")
    assert check_template(form, path) == []
    from formkit.render.docx.render import DocxRenderer

    record = {
        "datum": "2025-05-02",
        "ansvarig": {"namn": "Åsa Öberg", "akut": True},
        "steg": [{"vad": "Första", "typ": "b"}, {"vad": "Andra"}],
        "punkter": ["ett", "två"],
        "anteckning": "rad 1\nrad 2",
    }
    texts = docx_paragraphs(DocxRenderer(form, Settings(), template=path).render(record))
    assert texts[0] == "NORRBUS Bilaga 9 – Ny blankett"
    for expected in ("2025-05-02", "Åsa Öberg", "Ja", "Första", "Beta", "Andra", "ett", "två", "rad 1\nrad 2"):
        assert expected in texts


def test_build_is_deterministic(tmp_path: Path) -> None:
    form = get_form("avvikelserapport")
    first = write_template(form, tmp_path / "a.docx").read_bytes()
    second = write_template(form, tmp_path / "b.docx").read_bytes()
    assert first == second
