"""Property: any record a form's schema accepts renders to a sound .docx, with the same text as docxtpl's own loop."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
import pytest
from docxtpl import DocxTemplate
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]

from formkit.model.catalog import get_form
from formkit.render.context import display_context
from formkit.render.docx.render import DocxRenderer, docx_paragraphs, jinja_environment
from formkit.settings import Settings
from tests.strategies import records

FORM_IDS = (
    "samtycke", "genomforandeplan", "avvikelserapport", "sip", "sel-referat", "kallelse",
    "minnesanteckningar", "innkalling", "vastbas",
)
_RENDERERS: dict[str, DocxRenderer] = {}


def _renderer(form_id: str) -> DocxRenderer:
    if form_id not in _RENDERERS:
        _RENDERERS[form_id] = DocxRenderer(get_form(form_id), Settings())
    return _RENDERERS[form_id]


@pytest.mark.parametrize("form_id", FORM_IDS)
@pytest.mark.slow
@settings(
    max_examples=10,
    deadline=None,
    # no shrinking: docxtpl makes each example slow, and a failing record is printed anyway
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_any_schema_valid_record_renders_like_docxtpl(form_id: str, data: st.DataObject) -> None:
    record: dict[str, Any] = data.draw(records(form_id))
    rendered = _renderer(form_id).render(record)
    with zipfile.ZipFile(io.BytesIO(rendered)) as package:
        for name in package.namelist():
            if name.endswith(".xml"):
                etree.fromstring(package.read(name))
    docx.Document(io.BytesIO(rendered))  # python-docx opens it

    form = get_form(form_id)
    template = DocxTemplate(form.template_path("docx"))
    template.render(display_context(form, record, Settings()), jinja_env=jinja_environment(), autoescape=True)
    naive = io.BytesIO()
    template.save(naive)
    assert [_docxtpl_unescaped(text) for text in docx_paragraphs(rendered)] == docx_paragraphs(naive.getvalue())


def _docxtpl_unescaped(text: str) -> str:
    """docxtpl turns its template escapes ({_{ }_} {_% %_}) back into braces in the *output*, values included.

    formkit resolves them in the template only, so a value keeps its text; this
    applies docxtpl's rewrite to compare everything else.
    """
    return text.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
