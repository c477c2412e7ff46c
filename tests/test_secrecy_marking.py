"""The secrecy marking: a per-form setting (default from the form's presentation) printed in every page header."""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from formkit.errors import ConfigError
from formkit.model.catalog import get_form
from formkit.pdfio.check import check_pdf
from formkit.render.context import display_context, secrecy_marking
from formkit.render.docx.render import docx_paragraphs, render_docx
from formkit.render.pdf.archive import PdfArchiveRenderer
from formkit.render.pdf.fill import PdfRenderer
from formkit.render.pdf.template import build_pdf_template
from formkit.settings import Settings, load_settings
from tests.conftest import FORM_IDS
from tests.test_pdf_fill import _sample

OSL = "Sekretess enligt OSL 26 kap. 1 §"
OFFL = "Unntatt offentlighet jf. offl. § 13, jf. fvl. § 13"
MARKED = Settings(sekretessmarkering=(("sel-referat", OFFL), ("sip", OSL)))


def _pages_text(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "copy.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True).stdout.decode()
    return text.split("\f")[:-1]


# --- the setting ----------------------------------------------------------------------------------------------------


def test_no_shipped_form_is_marked_by_default() -> None:
    """The seeds call for no marking on any form (SEEDTEXT 7.2): empty unless the installation sets one."""
    assert [secrecy_marking(get_form(form_id), Settings()) for form_id in FORM_IDS] == [""] * len(FORM_IDS)


def test_formkit_toml_sets_a_marking_per_form(tmp_path: Path) -> None:
    path = tmp_path / "formkit.toml"
    path.write_text(f'[dokument]\nsekretessmarkering = {{ sip = "{OSL}", kallelse = "{OSL}" }}\n', encoding="utf-8")
    settings = load_settings(path)
    assert secrecy_marking(get_form("sip"), settings) == OSL
    assert secrecy_marking(get_form("kallelse"), settings) == OSL
    assert secrecy_marking(get_form("samtycke"), settings) == ""


def test_the_table_form_of_the_setting(tmp_path: Path) -> None:
    path = tmp_path / "formkit.toml"
    path.write_text(f'[dokument.sekretessmarkering]\nsel-referat = "{OFFL}"\n', encoding="utf-8")
    assert secrecy_marking(get_form("sel-referat"), load_settings(path)) == OFFL


@pytest.mark.parametrize(
    "value",
    ['"Sekretess"', "{ sip = 5 }", '{ sip = "rad ett\\nrad två" }', '{ sip = "' + "x" * 121 + '" }'],
)
def test_a_bad_marking_is_a_config_error(tmp_path: Path, value: str) -> None:
    path = tmp_path / "formkit.toml"
    path.write_text(f"[dokument]\nsekretessmarkering = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert "dokument.sekretessmarkering" in caught.value.message("sv")
    assert "dokument.sekretessmarkering" in caught.value.message("nb")


def test_a_marking_for_a_form_that_does_not_exist_is_an_error() -> None:
    """A misspelt form id would leave that form unmarked without anyone noticing."""
    with pytest.raises(ConfigError) as caught:
        get_form("sip", Settings(sekretessmarkering=(("sipp", OSL),)))
    assert "sipp" in caught.value.message("sv")


def test_the_presentation_gives_the_default_and_the_setting_wins(tmp_path: Path) -> None:
    """A form whose presentation names a marking prints it; the setting replaces it, and an empty setting removes it."""
    schema: dict[str, Any] = json.loads(get_form("sip").path.read_text(encoding="utf-8"))
    schema["x-formkit"]["secrecy"] = OSL
    schema["x-formkit"]["id"] = "sip-markerad"
    schema.pop("$id", None)
    (tmp_path / "sip-markerad.schema.json").write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    folders = (tmp_path,)
    form = get_form("sip-markerad", Settings(formular_kataloger=folders))
    assert secrecy_marking(form, Settings(formular_kataloger=folders)) == OSL
    other = Settings(formular_kataloger=folders, sekretessmarkering=(("sip-markerad", "Sekretess enligt OSL 25 kap. 1 §"),))
    assert secrecy_marking(form, other) == "Sekretess enligt OSL 25 kap. 1 §"
    off = Settings(formular_kataloger=folders, sekretessmarkering=(("sip-markerad", ""),))
    assert secrecy_marking(form, off) == ""


# --- Word -------------------------------------------------------------------------------------------------------------


def test_word_prints_the_marking_in_the_header() -> None:
    texts = docx_paragraphs(render_docx(get_form("sip"), _sample("sip"), MARKED))
    assert "Åre kommun\t" + OSL in texts  # the municipality on the left, the marking on the right
    assert display_context(get_form("sip"), _sample("sip"), MARKED)["dokument"]["sekretessmarkering"] == OSL


def test_word_without_a_marking_prints_no_empty_line() -> None:
    marked = docx_paragraphs(render_docx(get_form("sip"), _sample("sip"), MARKED))
    plain = docx_paragraphs(render_docx(get_form("sip"), _sample("sip"), Settings()))
    assert [t.replace(OSL, "") for t in marked] == plain


# --- PDF --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("flatten", [False, True])
def test_pdf_prints_the_marking_on_every_page(flatten: bool, tmp_path: Path) -> None:
    for form_id, marking in (("sip", OSL), ("sel-referat", OFFL)):
        data = PdfRenderer(get_form(form_id), settings=MARKED, flatten_form=flatten).render(_sample(form_id))
        pages = _pages_text(data, tmp_path)
        assert len(pages) > 1 and all(page.count(marking) == 1 for page in pages), form_id
        assert check_pdf(data, ua=True).findings == []


def test_unmarked_forms_print_no_marking(tmp_path: Path) -> None:
    data = PdfRenderer(get_form("samtycke"), settings=MARKED).render(_sample("samtycke"))
    assert not any("Sekretess" in page or "Unntatt" in page for page in _pages_text(data, tmp_path))


def test_the_marking_is_read_once_then_a_page_header(tmp_path: Path) -> None:
    """Page 1's marking is a paragraph in the structure (a screen reader reads it first); later pages' are artifacts."""
    data = build_pdf_template(get_form("sip"), secrecy=OSL)
    reader = PdfReader(io.BytesIO(data))
    first = reader.pages[0].get_contents().get_data()  # type: ignore[union-attr]
    later = reader.pages[1].get_contents().get_data()  # type: ignore[union-attr]
    assert first.index(b"/P <</MCID 0>> BDC") < first.index(b"/H1 ")
    assert b"/Artifact <</Type /Pagination /Subtype /Header>> BDC" in later
    assert reader.metadata is not None and reader.metadata["/FormkitSecrecy"] == OSL
    assert check_pdf(data, ua=True).findings == []


def test_a_template_of_ones_own_gets_the_marking_at_fill_once(tmp_path: Path) -> None:
    """A template given with --template is filled as it is: formkit adds the marking unless the template prints it."""
    form = get_form("sip")
    plain = build_pdf_template(form, secrecy="")
    marked = build_pdf_template(form, secrecy=OSL)
    for template in (plain, marked):
        data = PdfRenderer(form, template=template, settings=MARKED).render(_sample("sip"))
        assert all(page.count(OSL) == 1 for page in _pages_text(data, tmp_path))
        assert check_pdf(data, ua=True).findings == []


def test_the_archival_copy_keeps_the_marking(tmp_path: Path) -> None:
    data = PdfArchiveRenderer(get_form("sip"), MARKED).render(_sample("sip"))
    pages = _pages_text(data, tmp_path)
    assert all(OSL in page for page in pages)
    assert check_pdf(data).findings == []


def test_a_long_marking_shrinks_to_fit_the_page(tmp_path: Path) -> None:
    marking = "Sekretess enligt OSL 26 kap. 1 § och 25 kap. 1 §; sekretessprövning vid varje begäran om utlämnande."
    settings = Settings(sekretessmarkering=(("sip", marking),))
    data = PdfRenderer(get_form("sip"), settings=settings, flatten_form=True).render(_sample("sip"))
    for page in _pages_text(data, tmp_path):
        assert re.sub(r"\s+", " ", marking) in re.sub(r"\s+", " ", page)
