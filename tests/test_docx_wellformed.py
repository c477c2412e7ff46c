"""No value can break a rendered Word part: the renderer escapes every text it writes; these tests parse what it wrote."""

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

from formkit.model.catalog import form_ids, get_form
from formkit.render.docx.package import templated_parts
from formkit.render.docx.render import DocxRenderer, docx_paragraphs
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


@pytest.mark.parametrize("form_id", FORMS)
def test_the_precomputed_zip_has_what_zipfile_writes(form_id: str) -> None:
    """The same members in the same order, with the same headers and contents, as zipfile appending them to the
    static members; only the deflate data differs (ISA-L's, formkit/render/deflate.py), and every CRC checks."""
    form = get_form(form_id)
    renderer = DocxRenderer(form, Settings())
    record = json.loads(form.sample_path().read_text(encoding="utf-8"))
    package = renderer.render(record)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        parts = [archive.read(name) for name in renderer.prepared.writer.written]
    reference = renderer.prepared.writer._write_with_zipfile(parts)

    def members(data: bytes) -> list[tuple[Any, ...]]:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None  # every member's CRC checks
            return [
                (i.filename, i.compress_type, i.CRC, i.file_size, i.date_time, i.external_attr, i.flag_bits,
                 i.create_system, i.extract_version, archive.read(i))
                for i in archive.infolist()
            ]  # fmt: skip

    assert members(package) == members(reference)


def test_a_template_is_prepared_once_per_content(tmp_path: Path) -> None:
    from formkit.render.docx.render import prepared_template

    path = tmp_path / "mall.docx"
    for marking in ("Först", "Sedan"):
        document = docx.Document()
        document.add_paragraph("{{ dokument.innehall }}")
        document.sections[0].header.paragraphs[0].text = f"{marking} {{{{ dokument.kommun }}}}"
        document.save(str(path))
        prepared = prepared_template(path)
        assert prepared_template(path) is prepared  # a second renderer (or a forked worker) reuses it
        plan = DocxRenderer(get_form("sip"), Settings()).plan({"kommun": "Åre kommun"})
        assert f"{marking} Åre kommun" in docx_paragraphs(prepared.render(plan))
