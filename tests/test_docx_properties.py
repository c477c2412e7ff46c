"""A filled Word document describes itself: the form, its language, the municipality, formkit, the time of the fill."""

from __future__ import annotations

import io
import posixpath
import zipfile
from datetime import UTC, datetime
from typing import Any

import docx
import pytest
from lxml import etree  # type: ignore[import-untyped]

from formkit import __version__
from formkit.i18n import LOCALES
from formkit.model.catalog import get_form
from formkit.model.paths import flatten
from formkit.render.base import RenderOptions
from formkit.render.docx.properties import tidy_package
from formkit.render.docx.render import DocxRenderer, read_package, renderer_factory
from formkit.settings import Settings
from tests.conftest import FORM_IDS
from tests.test_pdf_fill import _sample

FILLED_AT = datetime(2025, 11, 3, 14, 5, 9, tzinfo=UTC)
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        return {name: package.read(name) for name in package.namelist()}


def _filled(form_id: str) -> bytes:
    return DocxRenderer(get_form(form_id), Settings(), created=FILLED_AT).render(_sample(form_id))


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_properties_describe_the_filled_document(form_id: str) -> None:
    form = get_form(form_id)
    data = _filled(form_id)
    core = docx.Document(io.BytesIO(data)).core_properties
    assert (core.title, core.subject, core.language) == (form.title, form.full_title, LOCALES[form.language])
    assert core.created == core.modified == FILLED_AT
    assert (core.author, core.last_modified_by, core.comments, core.keywords, core.category) == ("", "", "", "", "")
    app = etree.fromstring(_members(data)["docProps/app.xml"])
    said = {element.tag.split("}")[1]: element.text for element in app}
    assert said["Application"] == f"formkit {__version__}"
    assert said["Company"] == _sample(form_id).get("kommun", _sample(form_id).get("kommune"))
    assert "Template" not in said and "AppVersion" not in said


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_no_template_text_personal_data_or_leftover_parts(form_id: str) -> None:
    members = _members(_filled(form_id))
    properties = members["docProps/core.xml"] + members["docProps/app.xml"]
    assert b"formkit-mall" not in properties and b"Macintosh" not in properties and b"2025-01-01" not in properties
    values = [v for v in flatten(_sample(form_id)).values() if isinstance(v, str) and len(v) > 3]
    kommun = _sample(form_id).get("kommun", _sample(form_id).get("kommune"))
    assert [v for v in values if v != kommun and v.encode() in properties] == []
    leftovers = [n for n in members if n.endswith(("thumbnail.jpeg", "stylesWithEffects.xml")) or n.startswith("customXml/")]
    assert leftovers == []
    locale = LOCALES[get_form(form_id).language].encode()
    assert [name for name, data in members.items() if b"en-US" in data] == []
    assert b'w:val="' + locale in members["word/styles.xml"] and b'w:val="' + locale in members["word/settings.xml"]


@pytest.mark.parametrize("form_id", ["samtycke", "sel-referat"])
def test_every_part_is_declared_and_every_relationship_points_at_a_part(form_id: str) -> None:
    members = _members(_filled(form_id))
    types = etree.fromstring(members["[Content_Types].xml"])
    overrides = {o.get("PartName").lstrip("/") for o in types.iter(f"{TYPES}Override")}
    defaults = {d.get("Extension") for d in types.iter(f"{TYPES}Default")}
    assert [n for n in members if n not in overrides and n.rsplit(".", 1)[-1] not in defaults] == []
    assert overrides <= set(members)
    for name, data in members.items():
        if name.endswith(".rels"):
            base = posixpath.dirname(posixpath.dirname(name))
            for relation in etree.fromstring(data).iter(f"{RELS}Relationship"):
                assert posixpath.normpath(posixpath.join(base, relation.get("Target"))) in members


def test_a_batch_stamps_its_time_and_a_single_fill_its_own() -> None:
    form = get_form("avvikelserapport")
    batch = renderer_factory(form, Settings(), RenderOptions(created=FILLED_AT))
    assert docx.Document(io.BytesIO(batch.render(_sample(form.id)))).core_properties.created == FILLED_AT
    before = datetime.now(UTC).replace(microsecond=0)
    single = docx.Document(io.BytesIO(DocxRenderer(form, Settings()).render(_sample(form.id)))).core_properties
    assert before <= single.created <= datetime.now(UTC)


def test_the_municipality_setting_is_the_company_when_the_record_has_none() -> None:
    record: dict[str, Any] = _sample("avvikelserapport")
    del record["kommun"]
    data = DocxRenderer(get_form("avvikelserapport"), Settings(kommun="Testkommun")).render(record)
    assert b"<Company>Testkommun</Company>" in _members(data)["docProps/app.xml"]


def test_a_template_keeps_parts_staff_added() -> None:
    """Only the parts named go: a staff member's own custom XML part stays (under another relationship type)."""
    path = get_form("samtycke").template_path("docx")
    _infos, members = read_package(path)
    members["customXml/item9.xml"] = b"<data/>"
    rels = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdStaff" Type="http://example.org/staff" Target="../customXml/item9.xml"/></Relationships>',
    )
    members["word/_rels/document.xml.rels"] = rels
    tidied = tidy_package(members, "sv-SE")
    assert "customXml/item9.xml" in tidied and "customXml/item1.xml" not in tidied
    assert "word/stylesWithEffects.xml" not in tidied and "docProps/core.xml" not in tidied
