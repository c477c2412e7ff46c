"""Word templates hold style, page set-up and furniture around one marker: the words come from the schema at render time."""

from __future__ import annotations

import copy
import io
import json
import logging
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Mm, RGBColor

from formkit.cli.templates import templates
from formkit.errors import TemplateError
from formkit.model.catalog import Form, get_form
from formkit.render.docx.check import check_template
from formkit.render.docx.frame import LegacyTemplate
from formkit.render.docx.render import DocxRenderer, docx_paragraphs, render_docx
from formkit.render.docx.template import write_template
from formkit.settings import Settings
from tests.conftest import FORM_IDS

# A 1x1 red PNG: the municipality's logo in a restyled header.
LOGO = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63f8cfc000000301"
    "0100c9fe92ef0000000049454e44ae426082"
)


def _parts(path_or_bytes: Path | bytes) -> dict[str, str]:
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name).decode() for name in package.namelist() if name.endswith(".xml")}


def _docx(tmp_path: Path, *paragraphs: str, header: tuple[str, ...] = (), name: str = "template.docx") -> Path:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    for line in header:
        document.sections[0].header.add_paragraph(line)
    path = tmp_path / name
    document.save(str(path))
    return path


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_shipped_template_passes_check_without_any_issue(form_id: str) -> None:
    assert check_template(get_form(form_id)) == []


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_a_template_holds_no_word_of_the_form(form_id: str) -> None:
    form = get_form(form_id)
    body = _parts(form.template_path("docx"))["word/document.xml"]
    assert "{{ dokument.innehall }}" in body
    printed = [node.title for node in form.model.leaves] + list(form.presentation.intro)
    assert [title for title in printed if f">{title}<" in body] == []


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_built_template_is_the_shipped_one_and_a4(form_id: str, tmp_path: Path) -> None:
    path = write_template(get_form(form_id), tmp_path / f"{form_id}.docx")
    assert path.read_bytes() == get_form(form_id).template_path("docx").read_bytes()
    section = docx.Document(str(path)).sections[0]
    assert section.page_width is not None and round(section.page_width.mm) == 210
    assert section.page_height is not None and round(section.page_height.mm) == 297


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_header_names_kommun_title_person_and_footer_numbers_pages(form_id: str, sample: Callable[[str], dict[str, Any]]) -> None:
    form = get_form(form_id)
    record = sample(form_id)
    texts = docx_paragraphs(render_docx(form, record, Settings()))
    kommun = record.get("kommun") or record.get("kommune")
    assert any(text.startswith(f"{kommun}\t") or text == kommun for text in texts)
    assert form.title in texts
    footers = "".join(text for name, text in _parts(form.template_path("docx")).items() if name.startswith("word/footer"))
    assert " PAGE " in footers and " NUMPAGES " in footers
    word = "Side" if form.language == "nb" else "Sida"
    assert any(text.endswith(f"\t{word} 1 av 1") for text in texts)


def test_the_header_prints_the_short_name_on_one_line(sample: Callable[[str], dict[str, Any]]) -> None:
    record = sample("genomforandeplan")
    record["barn"]["namn"] = "Aurora " + " ".join(f"Efternamnsdel{n:02d}" for n in range(13))
    texts = docx_paragraphs(render_docx(get_form("genomforandeplan"), record, Settings()))
    header_line = next(text for text in texts if text.startswith("Aurora ") and len(text) < 100)
    assert len(header_line) == 60 and header_line.endswith("…")
    assert record["barn"]["namn"] in texts  # in full in the document


def test_an_empty_secrecy_line_is_left_out_and_a_marking_is_printed(sample: Callable[[str], dict[str, Any]]) -> None:
    form = get_form("sip")
    plain = docx_paragraphs(render_docx(form, sample("sip"), Settings()))
    marked = docx_paragraphs(
        render_docx(form, sample("sip"), Settings(sekretessmarkering=(("sip", "Sekretess enligt OSL 26 kap. 1 §"),)))
    )
    assert len(marked) == len(plain)
    assert any(text.endswith("\tSekretess enligt OSL 26 kap. 1 §") for text in marked)


# --- the schema decides the words; the template keeps its look ------------------------------------------------------


def _restyled(path: Path, target: Path) -> Path:
    """The template as a municipality restyles it: another body font and colour, wider margins, a logo in the header."""
    document = docx.Document(str(path))
    normal = document.styles["Normal"]
    normal.font.name = "Georgia"
    normal.font.color.rgb = RGBColor(0x1F, 0x3A, 0x93)
    document.sections[0].left_margin = Mm(30)
    logo = target.parent / "logo.png"
    logo.write_bytes(LOGO)
    document.sections[0].header.paragraphs[0].add_run().add_picture(str(logo), width=Mm(10))
    document.save(str(target))
    return target


def test_a_changed_title_reaches_word_with_no_rebuild_and_a_restyled_template_keeps_its_look(
    tmp_path: Path, sample: Callable[[str], dict[str, Any]]
) -> None:
    shipped = get_form("sip")
    template = _restyled(shipped.template_path("docx"), tmp_path / "var-sip.docx")
    schema = copy.deepcopy(shipped.schema)
    schema["properties"]["motesplats"]["title"] = "Plats för mötet"
    # Another id: forms are told apart by id, and the shipped one's plan is kept per process.
    changed = Form(id="sip-ny", schema=schema, path=shipped.path.with_name("sip-ny.schema.json"))
    record = sample("sip")
    before = DocxRenderer(shipped, Settings(), template=template).render(record)
    after = DocxRenderer(changed, Settings(), template=template).render(record)
    assert "Mötesplats" in docx_paragraphs(before) and "Plats för mötet" not in docx_paragraphs(before)
    assert "Plats för mötet" in docx_paragraphs(after) and "Mötesplats" not in docx_paragraphs(after)
    for rendered in (before, after):
        document = docx.Document(io.BytesIO(rendered))
        assert document.styles["Normal"].font.name == "Georgia"
        assert document.styles["Normal"].font.color.rgb == RGBColor(0x1F, 0x3A, 0x93)
        assert document.sections[0].left_margin is not None and round(document.sections[0].left_margin.mm) == 30
        assert any(name.startswith("word/media/") for name in zipfile.ZipFile(io.BytesIO(rendered)).namelist())
        assert "<a:blip" in _parts(rendered)["word/header1.xml"]
        # the body's tables are as wide as the restyled page's text (210 - 30 - 20 mm), not the default 170 mm
        assert 'w:tblW w:w="9071"' in _parts(rendered)["word/document.xml"]


def test_a_template_missing_formkits_styles_renders_with_the_defaults_and_check_warns(
    tmp_path: Path, sample: Callable[[str], dict[str, Any]], caplog: pytest.LogCaptureFixture
) -> None:
    path = _docx(tmp_path, "{{ dokument.innehall }}", header=("{{ dokument.kommun }}",))
    issues = check_template(get_form("sip"), path)
    assert [(issue.severity, issue.where) for issue in issues] == [("warning", "word/styles.xml")]
    assert "FormkitBox" in issues[0].message
    with caplog.at_level(logging.WARNING, logger="formkit"):
        rendered = DocxRenderer(get_form("sip"), Settings(), template=path).render(sample("sip"))
    assert 'w:styleId="FormkitBox"' in _parts(rendered)["word/styles.xml"]
    assert "Åre kommun" in docx_paragraphs(rendered)


def test_a_template_without_the_marker_is_refused(tmp_path: Path) -> None:
    path = _docx(tmp_path, "Bara text")
    assert [i.severity for i in check_template(get_form("sip"), path)] == ["error", "warning"]  # no marker; no styles
    with pytest.raises(TemplateError, match=r"dokument\.innehall"):
        DocxRenderer(get_form("sip"), Settings(), template=path)


def test_an_unknown_header_placeholder_is_an_error_naming_its_part(tmp_path: Path) -> None:
    path = _docx(tmp_path, "{{ dokument.innehall }}", header=("{{ dokument.kommunen }}",))
    errors = [i for i in check_template(get_form("sip"), path) if i.severity == "error"]
    assert [(e.where, "{{ dokument.kommunen }}" in e.message) for e in errors] == [("word/header1.xml", True)]
    with pytest.raises(TemplateError, match="kommunen"):
        DocxRenderer(get_form("sip"), Settings(), template=path)


def test_a_placeholder_split_into_runs_by_word_is_still_found(tmp_path: Path, sample: Callable[[str], dict[str, Any]]) -> None:
    document = docx.Document()
    document.add_paragraph("{{ dokument.innehall }}")
    header = document.sections[0].header.paragraphs[0]
    for index, piece in enumerate(("{{ dokument.", "kom", "mun }}")):
        header.add_run(piece).bold = index == 1
    path = tmp_path / "split.docx"
    document.save(str(path))
    texts = docx_paragraphs(DocxRenderer(get_form("sip"), Settings(), template=path).render(sample("sip")))
    assert "Åre kommun" in texts


# --- templates of formkit 0.x --------------------------------------------------------------------------------------


def _old_template(tmp_path: Path) -> Path:
    """A template as formkit 0.x shipped it: the form in docxtpl tags, a conditional paragraph in the header."""
    document = docx.Document()
    document.add_paragraph("Barnets namn: {{ barn.namn }}")
    document.add_paragraph("{%p for v in vardnadshavare %}")
    document.add_paragraph("{{ v.namn }}")
    document.add_paragraph("{%p endfor %}")
    document.styles["Normal"].font.name = "Garamond"
    document.sections[0].top_margin = Mm(35)
    header = document.sections[0].header
    header.paragraphs[0].add_run("{{ dokument.kommun }}").bold = True
    header.add_paragraph("{%p if dokument.sekretessmarkering %}")
    header.add_paragraph("{{ dokument.sekretessmarkering }}")
    header.add_paragraph("{%p endif %}")
    header.add_paragraph("{{ dokument.person }}{% if dokument.utkast %} {% endif %}{{ dokument.utkast }}")
    path = tmp_path / "gammal.docx"
    document.save(str(path))
    return path


def test_an_old_template_is_refused_with_the_upgrade_command(tmp_path: Path) -> None:
    path = _old_template(tmp_path)
    issues = check_template(get_form("genomforandeplan"), path)
    assert [(i.severity, i.where) for i in issues] == [("error", "word/document.xml")]
    assert "{{ barn.namn }}" in issues[0].message and "templates upgrade" in issues[0].message
    with pytest.raises(LegacyTemplate) as caught:
        DocxRenderer(get_form("genomforandeplan"), Settings(), template=path)
    assert f"formkit templates upgrade {path.name} --out NY.docx" in str(caught.value)


def test_upgrade_keeps_styles_margins_and_header_and_puts_the_marker_in(
    tmp_path: Path, sample: Callable[[str], dict[str, Any]]
) -> None:
    old = _old_template(tmp_path)
    new = tmp_path / "ny.docx"
    result = CliRunner().invoke(templates, ["upgrade", str(old), "--out", str(new)])
    assert result.exit_code == 0, result.output
    form = get_form("genomforandeplan")
    assert check_template(form, new) == []
    settings = Settings(sekretessmarkering=(("genomforandeplan", "Sekretess"),))
    rendered = DocxRenderer(form, settings, template=new).render(sample("genomforandeplan"))
    document = docx.Document(io.BytesIO(rendered))
    assert document.styles["Normal"].font.name == "Garamond"
    assert document.sections[0].top_margin is not None and round(document.sections[0].top_margin.mm) == 35
    texts = docx_paragraphs(rendered)
    assert texts[-3:] == ["Arjeplogs kommun", "Sekretess", "Aisha Abdullah "]  # the header, its statements gone
    assert "Barnets namn: " not in "".join(texts)
    assert sample("genomforandeplan")["vardnadshavare"][0]["namn"] in texts
    again = CliRunner().invoke(templates, ["upgrade", str(old), "--out", str(new)])
    assert again.exit_code == 2 and "finns redan" in again.output


# --- what the body prints ------------------------------------------------------------------------------------------


def test_required_sentences_and_signature_lines(sample: Callable[[str], dict[str, Any]]) -> None:
    plan = sample("genomforandeplan")
    texts = docx_paragraphs(render_docx(get_form("genomforandeplan"), plan, Settings()))
    assert "Kostnadsansvaret följer ansvaret för insatserna." in texts
    signatures = [t for t in texts if t.startswith("Delaktig: ")]
    assert signatures == [f"Delaktig: {d['namn']}, {d['roll']}, {d['verksamhet']}" for d in plan["delaktiga"]]

    consent = sample("samtycke")
    texts = docx_paragraphs(render_docx(get_form("samtycke"), consent, Settings()))
    sentence = next(t for t in texts if t.startswith("Samtycket är frivilligt"))
    assert "när som helst återkallas" in sentence
    guardians = [t for t in texts if t.startswith("Vårdnadshavare: ")]
    assert [g.split(": ", 1)[1].split(", ")[0] for g in guardians] == [v["namn"] for v in consent["vardnadshavare"]]
    assert any(t.startswith(f"Barnet/den unge: {consent['barn']['namn']}") for t in texts)

    report = sample("avvikelserapport")
    texts = docx_paragraphs(render_docx(get_form("avvikelserapport"), report, Settings()))
    assert "Rapportörens underskrift" in texts
    assert "Närmaste chefens underskrift" in texts


def test_lists_print_the_items_the_record_has(sample: Callable[[str], dict[str, Any]]) -> None:
    record = sample("genomforandeplan")
    record["insatser"].append(dict(record["insatser"][0], insats="En fjärde insats"))
    texts = docx_paragraphs(render_docx(get_form("genomforandeplan"), record, Settings()))
    assert [t for t in texts if t.startswith("Insats ")] == ["Insats 1", "Insats 2", "Insats 3", "Insats 4"]
    assert "En fjärde insats" in texts
    assert [t for t in texts if t.startswith("Vårdnadshavare ")] == ["Vårdnadshavare 1", "Vårdnadshavare 2"]
    referat = sample("sel-referat")
    document = docx.Document(io.BytesIO(render_docx(get_form("sel-referat"), referat, Settings())))
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:3] == ["Navn", "Tjeneste", "Rolle"])
    assert len(table.rows) == 1 + len(referat["deltakere"])
    assert "<w:tblHeader/>" in table.rows[0]._tr.xml


def test_a_draft_keeps_spare_rows_stars_and_their_legend(sample: Callable[[str], dict[str, Any]]) -> None:
    record = sample("genomforandeplan")
    filled = docx_paragraphs(render_docx(get_form("genomforandeplan"), record, Settings()))
    draft = docx_paragraphs(render_docx(get_form("genomforandeplan"), record, Settings(), draft=True))
    assert "Vårdnadshavare 3" in draft and "Vårdnadshavare 3" not in filled
    assert "Fält markerade med * ska fyllas i." in draft and not any("*" in t for t in filled)
    assert any(t.endswith("UTKAST") for t in draft)


# --- the CLI -------------------------------------------------------------------------------------------------------


def test_cli_check_all_shipped_templates() -> None:
    result = CliRunner().invoke(templates, ["check"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"{form_id}.{kind}: ok" for form_id in sorted(FORM_IDS) for kind in ("docx", "pdf")]


def test_cli_check_bad_template_exits_1_with_location(tmp_path: Path) -> None:
    path = _docx(tmp_path, "{{ dokument.innehall }}", header=("{{ dokument.okand }}",))
    result = CliRunner().invoke(templates, ["check", "genomforandeplan", "--template", str(path)])
    assert result.exit_code == 1
    assert any(
        line.startswith("genomforandeplan.docx: fel: word/header1.xml: okänd platshållare {{ dokument.okand }}")
        for line in result.output.splitlines()
    )


def test_part_that_is_not_well_formed_xml_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = _docx(tmp_path, "{{ dokument.innehall }}")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data[: len(data) // 2] if info.filename == "word/document.xml" else data)
    issues = check_template(get_form("genomforandeplan"), broken)
    assert [(i.severity, i.where) for i in issues] == [("error", "word/document.xml")]
    assert "inte välformad XML" in issues[0].message
    result = CliRunner().invoke(templates, ["check", "genomforandeplan", "--template", str(broken)])
    assert result.exit_code == 1


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
                        "vad": {"title": "Vad", "type": "string", "maxLength": 100},
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
    record = {
        "datum": "2025-05-02",
        "ansvarig": {"namn": "Åsa Öberg", "akut": True},
        "steg": [{"vad": "Första", "typ": "b"}, {"vad": "Andra"}],
        "punkter": ["ett", "två"],
        "anteckning": "rad 1\nrad 2",
    }
    texts = docx_paragraphs(DocxRenderer(form, Settings(), template=path).render(record))
    assert "Ny blankett" in texts and "NORRBUS · Bilaga 9" in texts
    for expected in ("2025-05-02", "Åsa Öberg", "Ja", "Första", "Beta", "Andra", "ett", "två", "rad 1\nrad 2"):
        assert expected in texts


def test_build_is_deterministic(tmp_path: Path) -> None:
    form = get_form("avvikelserapport")
    first = write_template(form, tmp_path / "a.docx").read_bytes()
    second = write_template(form, tmp_path / "b.docx").read_bytes()
    assert first == second


def test_sample_json_is_unchanged_by_rendering(sample: Callable[[str], dict[str, Any]]) -> None:
    record = sample("sip")
    kept = json.dumps(record, sort_keys=True)
    render_docx(get_form("sip"), record, Settings())
    assert json.dumps(record, sort_keys=True) == kept


@pytest.mark.parametrize("form_id", ["avvikelserapport", "sel-referat"])
def test_styles_and_theme_name_fonts_formkit_installs_or_ships(form_id: str) -> None:
    """No theme font (Calibri, Cambria) anywhere a style could take it from: what is named is what prints and embeds."""
    import re

    from formkit.render.docx.template import MONO_FONT, SCRIPT_FONT, TEXT_FONT, template_bytes

    with zipfile.ZipFile(io.BytesIO(template_bytes(get_form(form_id)))) as package:
        styles, theme = package.read("word/styles.xml"), package.read("word/theme/theme1.xml")
        fonts = package.read("word/fontTable.xml")
    assert b"Theme=" not in styles and b"cstheme" not in styles
    named = {name for fonts in re.findall(rb"<w:rFonts [^>]*>", styles) for name in re.findall(rb'="([^"]+)"', fonts)}
    assert named == {TEXT_FONT.encode(), MONO_FONT.encode(), SCRIPT_FONT.encode()}
    assert set(re.findall(rb'<a:latin typeface="([^"]*)"', theme)) == {TEXT_FONT.encode()}
    assert b'<w:font w:name="Liberation Sans"><w:altName w:val="Arial"/>' in fonts  # Word without it takes Arial
