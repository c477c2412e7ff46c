"""No value can break a rendered Word part, and a template whose blocks could is refused when prepared.

The renderer no longer parses each rendered part (formkit.render.docx.blocks
says why it need not); these tests parse them.
"""

from __future__ import annotations

import copy
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]

from formkit.errors import TemplateError
from formkit.model.catalog import form_ids, get_form
from formkit.render.docx.blocks import Unbalanced, check_blocks
from formkit.render.docx.render import DocxRenderer, PreparedDocx, docx_paragraphs, jinja_environment, templated_parts
from formkit.settings import Settings
from formkit.validation.normalize import normalize_record

FORMS = form_ids()
NASTY = [
    "</w:t></w:r></w:p><w:p><w:r><w:t>",
    '" w:val="x',
    "' onload='x",
    "]]><![CDATA[",
    "<!-- -->",
    "<?xml version='1.0'?>",
    "&amp;&#0;&#x1;&bogus;",
    "{{ 7*7 }}{% if 1 %}x{% endif %}{# c #}",
    "{%p endif %}{%tr endfor %}",
    "\x00\x01\x08\x0b\x0c\x1f\ufffe\uffff\ud800\udfff",
    "a\r\nb\rc\td\n\ne",
    "\u2028\u2029\x85\xa0",
]
values = st.one_of(st.sampled_from(NASTY), st.text(st.characters(codec=None, blacklist_categories=()), max_size=40))


def _parts(package: bytes) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    for name in templated_parts(members):
        yield name, members[name]


def _strings(record: Any) -> Iterator[tuple[Any, Any]]:
    """(container, key) of every string in *record*."""
    items = record.items() if isinstance(record, dict) else enumerate(record) if isinstance(record, list) else ()
    for key, value in items:
        if isinstance(value, str):
            yield record, key
        else:
            yield from _strings(value)


@pytest.fixture(scope="module", params=FORMS)
def renderer(request: pytest.FixtureRequest) -> DocxRenderer:
    return DocxRenderer(get_form(request.param), Settings())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_any_value_in_any_field_leaves_every_part_well_formed(renderer: DocxRenderer, data: st.DataObject) -> None:
    form = renderer.form
    record = normalize_record(form, json.loads(form.sample_path().read_text(encoding="utf-8")), Settings().reference_date())
    for container, key in list(_strings(record)):
        container[key] = data.draw(values)
    package = renderer.render(record)
    for _name, xml in _parts(package):
        etree.fromstring(xml)  # strict: raises on anything ill-formed
    docx.Document(io.BytesIO(package))  # and python-docx opens the package


@pytest.mark.parametrize("form_id", FORMS)
def test_every_nasty_value_everywhere_at_once(form_id: str) -> None:
    form = get_form(form_id)
    record = copy.deepcopy(json.loads(form.sample_path().read_text(encoding="utf-8")))
    for index, (container, key) in enumerate(list(_strings(record))):
        container[key] = NASTY[index % len(NASTY)]
    package = DocxRenderer(form, Settings()).render(record)
    for _name, xml in _parts(package):
        etree.fromstring(xml)


ENV = jinja_environment()
W = '<w:document xmlns:w="w"><w:body>{}</w:body></w:document>'


@pytest.mark.parametrize(
    "body",
    [
        "<w:p><w:r><w:t>{% if a %}ja{% else %}nej{% endif %}</w:t></w:r></w:p>",
        "{% for x in xs %}<w:p><w:r><w:t>{{ x }}</w:t></w:r></w:p>{% endfor %}",
        '<w:p w:val="{{ a }}"><w:r><w:t>{% if a %}x{% elif b %}<w:br/>{% endif %}</w:t></w:r></w:p>',
        "{% for x in xs %}{% if x %}<w:p/>{% endif %}{% else %}<w:p/>{% endfor %}",
        "{% set n = 1 %}<w:p/><!-- <w:p> --><?pi x?><w:p/>",
    ],
)
def test_blocks_around_whole_elements_are_accepted(body: str) -> None:
    check_blocks(ENV, W.format(body))


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("<w:p><w:r><w:t>{% if a %}ja</w:t></w:r></w:p><w:p><w:r><w:t>{% endif %}</w:t></w:r></w:p>", "if a"),
        ("<w:p>{% for x in xs %}<w:r></w:p><w:p>{% endfor %}</w:r></w:p>", "for x in xs"),
        ("<w:p><w:r>{% if a %}<w:t/>{% else %}<w:t>{% endif %}</w:t></w:r></w:p>", "if a"),
        ("<w:p {% if a %}w:x='1'{% endif %}/>", "if a"),
        ("<w:p {{ a }}/>", "{{"),
        ("{% macro m() %}<w:p>{% endmacro %}", "macro"),
        ("{% set x %}<w:p/>{% endset %}", "set x"),
        ("{% filter upper %}<w:p/>{% endfilter %}", "filter"),
    ],
)
def test_blocks_that_could_unbalance_the_xml_are_refused(body: str, named: str) -> None:
    with pytest.raises(Unbalanced, match=named.replace("{", r"\{")):
        check_blocks(ENV, W.format(body))


def test_a_template_with_a_block_across_paragraphs_is_refused_when_prepared(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("{% if visas %}Början")
    document.add_paragraph("Slut{% endif %}")
    path = tmp_path / "mall.docx"
    document.save(str(path))
    with pytest.raises(TemplateError, match="omsluter inte hela XML-element"):
        PreparedDocx(path)


def test_the_shipped_templates_pass_the_check() -> None:
    for form_id in FORMS:
        PreparedDocx(get_form(form_id).template_path("docx"))


@pytest.mark.parametrize("form_id", FORMS)
def test_the_precomputed_zip_is_byte_for_byte_what_zipfile_writes(form_id: str) -> None:
    from formkit.render.context import display_context
    from formkit.render.docx.properties import DocumentProperties

    form = get_form(form_id)
    prepared = DocxRenderer(form, Settings()).prepared
    record = json.loads(form.sample_path().read_text(encoding="utf-8"))
    context = display_context(form, record, Settings())
    parts = DocumentProperties.of(form, context).parts()  # written per record, after the templated parts
    package = prepared.render(context, parts)
    assert package == prepared._render_with_zipfile(context, parts)  # zipfile appending to the static members
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.testzip() is None  # every member's CRC checks


def test_a_template_is_prepared_once_per_content(tmp_path: Path) -> None:
    from formkit.render.docx.render import prepared_template

    path = tmp_path / "mall.docx"
    for text in ("Först {{ namn }}", "Sedan {{ namn }}"):
        document = docx.Document()
        document.add_paragraph(text)
        document.save(str(path))
        prepared = prepared_template(path)
        assert prepared_template(path) is prepared  # a second renderer (or a forked worker) reuses it
        assert text.replace("{{ namn }}", "Åsa") in docx_paragraphs(prepared.render({"namn": "Åsa"}))
