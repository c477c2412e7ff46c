"""The .docx renderer: golden text of every sample, hostile values stay literal, values as the form's language prints them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree  # type: ignore[import-untyped]

from formkit.errors import TemplateError
from formkit.model.catalog import get_form
from formkit.render.docx.render import DocxRenderer, PreparedDocx, docx_paragraphs, render_docx
from formkit.settings import Settings
from tests.conftest import assert_golden

FORM_IDS = ("samtycke", "genomforandeplan", "avvikelserapport", "sip", "sel-referat", "kallelse")
GOLDEN = Path(__file__).parent / "resources" / "docx"
HOSTILE = [
    "Anna & Bo <AB>",
    "{{ 7*7 }}",
    "{% if true %}x{% endif %}",
    "</w:t></w:r><w:r><w:t>x",
    "]]><w:p/>",
    "&amp; &lt; \"quoted\" 'single'",
]


def golden_lines(data: bytes) -> str:
    """One paragraph a line; a line break inside a paragraph as \\n, a tab as \\t."""
    return "".join(p.replace("\n", "\\n").replace("\t", "\\t") + "\n" for p in docx_paragraphs(data))


def body_texts(data: bytes) -> list[str]:
    """Paragraph texts as python-docx reads them (body paragraphs and table cells)."""
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return texts


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_sample_matches_golden_text(form_id: str, sample: Callable[[str], dict[str, Any]]) -> None:
    rendered = render_docx(get_form(form_id), sample(form_id), Settings())
    assert_golden(GOLDEN / f"{form_id}.txt", golden_lines(rendered))


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_come_out_literally(value: str, sample: Callable[[str], dict[str, Any]]) -> None:
    record = sample("genomforandeplan")
    record["barn"]["namn"] = value
    record["behov"] = value
    record["insatser"][0]["insats"] = value
    rendered = render_docx(get_form("genomforandeplan"), record, Settings())
    texts = docx_paragraphs(rendered)
    assert texts.count(value) >= 3
    assert "49" not in texts  # {{ 7*7 }} was not evaluated
    # the package is sound for python-docx too
    assert value in body_texts(rendered)


def test_xml_forbidden_characters_are_removed(sample: Callable[[str], dict[str, Any]]) -> None:
    record = sample("genomforandeplan")
    record["behov"] = "a\x00b\x07c\x0bd\x0ce\x1ff\ufffeg\ud800h"
    rendered = render_docx(get_form("genomforandeplan"), record, Settings())
    assert "abc\nd\nefgh" in docx_paragraphs(rendered)  # vertical tab and form feed are line breaks
    with zipfile.ZipFile(io.BytesIO(rendered)) as package:
        etree.fromstring(package.read("word/document.xml"))  # well-formed


def test_newline_is_a_line_break_in_the_same_paragraph(sample: Callable[[str], dict[str, Any]]) -> None:
    record = sample("genomforandeplan")
    record["behov"] = "första raden\nandra raden\r\ntredje"
    rendered = render_docx(get_form("genomforandeplan"), record, Settings())
    assert "första raden\nandra raden\ntredje" in docx_paragraphs(rendered)
    with zipfile.ZipFile(io.BytesIO(rendered)) as package:
        xml = package.read("word/document.xml").decode()
    assert '<w:t xml:space="preserve">första raden</w:t><w:br/><w:t xml:space="preserve">andra raden' in xml


def test_windows_text_prints_no_box(sample: Callable[[str], dict[str, Any]]) -> None:
    """Word's own line and page breaks, CR and tabs from Windows: line breaks and spaces, never a glyph box."""
    record = sample("genomforandeplan")
    record["behov"] = "kolumn ett\tkolumn två\x0bny rad\x0cny sida\rslut"
    texts = docx_paragraphs(render_docx(get_form("genomforandeplan"), record, Settings()))
    assert "kolumn ett kolumn två\nny rad\nny sida\nslut" in texts


def test_kommun_from_settings_and_draft_mark_in_header(sample: Callable[[str], dict[str, Any]]) -> None:
    form = get_form("samtycke")
    record = sample("samtycke")
    del record["kommun"]
    texts = docx_paragraphs(render_docx(form, record, Settings(kommun="Åre kommun"), draft=True))
    assert any(text.startswith("Åre kommun\t") or text == "Åre kommun" for text in texts)
    assert any(text.endswith("UTKAST") for text in texts)
    assert "UTKAST" not in docx_paragraphs(render_docx(form, sample("samtycke"), Settings()))


def test_the_records_own_municipality_wins_over_the_setting(sample: Callable[[str], dict[str, Any]]) -> None:
    """The data contract: a SIP made in Åre says Åre kommun even when the installation's default is Arjeplog."""
    record = sample("sip")
    assert record["kommun"] == "Åre kommun"
    texts = docx_paragraphs(render_docx(get_form("sip"), record, Settings(kommun="Arjeplogs kommun")))
    assert any(text.startswith("Åre kommun\t") or text == "Åre kommun" for text in texts)
    assert not any("Arjeplogs kommun" in text for text in texts)


def test_norwegian_dates_print_day_month_year(sample: Callable[[str], dict[str, Any]]) -> None:
    record = sample("sel-referat")
    record["mote"]["dato"] = "2025-03-12"
    texts = docx_paragraphs(render_docx(get_form("sel-referat"), record, Settings()))
    assert "12.03.2025" in texts
    assert "2025-03-12" not in texts


def test_swedish_dates_print_iso(sample: Callable[[str], dict[str, Any]]) -> None:
    record = sample("genomforandeplan")
    record["upprattad_datum"] = "2025-03-12"
    assert "2025-03-12" in docx_paragraphs(render_docx(get_form("genomforandeplan"), record, Settings()))


def test_enum_prints_its_label_and_booleans_yes_no(sample: Callable[[str], dict[str, Any]]) -> None:
    record = sample("avvikelserapport")
    record["berord_verksamhet"]["verksamhetstyp"] = "bup"
    texts = docx_paragraphs(render_docx(get_form("avvikelserapport"), record, Settings()))
    assert "Barn- och ungdomspsykiatri (BUP)" in texts
    assert "bup" not in texts


def test_missing_optional_values_print_empty(sample: Callable[[str], dict[str, Any]]) -> None:
    record = sample("genomforandeplan")
    del record["fungerar_bra"]
    del record["barn"]["telefon"]
    texts = docx_paragraphs(render_docx(get_form("genomforandeplan"), record, Settings()))
    heading = texts.index("Vad fungerar bra")
    assert texts[heading + 1].startswith("Uppge även vad som fungerar bra")  # the seed's instruction
    assert texts[heading + 2] == ""  # an empty box (a draft and the blank form leave room to write)


def test_renderer_reuses_its_prepared_template(sample: Callable[[str], dict[str, Any]]) -> None:
    renderer = DocxRenderer(get_form("sip"), Settings())
    prepared = renderer.prepared
    first = renderer.render(sample("sip"))
    other = sample("sip")
    other["nulage"] = "Annat nuläge"
    second = renderer.render(other)
    assert renderer.prepared is prepared
    assert "Annat nuläge" in docx_paragraphs(second)
    assert "Annat nuläge" not in docx_paragraphs(first)


def test_not_a_docx_is_a_template_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(TemplateError):
        PreparedDocx(path)


@pytest.mark.parametrize("member", ["_rels/.rels", "word/_rels/document.xml.rels"])
def test_broken_relationships_are_a_template_error(tmp_path: Path, member: str) -> None:
    from formkit.render.docx.check import check_template

    document = docx.Document()
    document.add_paragraph("{{ dokument.innehall }}")
    path = tmp_path / "t.docx"
    document.save(str(path))
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data[: len(data) // 2] if info.filename == member else data)
    with pytest.raises(TemplateError, match="inte välformad"):
        PreparedDocx(broken)
    with pytest.raises(TemplateError, match="inte välformad"):
        check_template(get_form("sip"), broken)


def test_a_template_with_entities_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("{{ dokument.innehall }}")
    path = tmp_path / "t.docx"
    document.save(str(path))
    hostile = tmp_path / "entity.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(hostile, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
                data = data.replace(b"</w:body>", b"<w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body>")
            target.writestr(info, data)
    with pytest.raises(TemplateError, match="inte välformad"):
        PreparedDocx(hostile)
