"""Property: any record a form's schema accepts renders to a sound .docx that prints every value its plan holds."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]

from formkit.model.catalog import get_form
from formkit.render.docx.render import DocxRenderer, docx_paragraphs
from formkit.settings import Settings
from tests.conftest import FORM_IDS
from tests.strategies import records

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
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_any_schema_valid_record_renders_every_value_of_its_plan(form_id: str, data: st.DataObject) -> None:
    record: dict[str, Any] = data.draw(records(form_id))
    renderer = _renderer(form_id)
    rendered = renderer.render(record)
    with zipfile.ZipFile(io.BytesIO(rendered)) as package:
        for name in package.namelist():
            if name.endswith(".xml"):
                etree.fromstring(package.read(name))
    docx.Document(io.BytesIO(rendered))  # python-docx opens it
    texts = docx_paragraphs(rendered)
    joined = "\n".join(texts)
    for field in renderer.plan(record).fields():
        if field.value:
            assert field.value in joined, field.path
