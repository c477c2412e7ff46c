"""A real client opens what we make: LibreOffice converts every rendered sample, and the PDF text holds the values.

Needs `soffice` (apt-get install libreoffice-writer-nogui) and `pdftotext`
(poppler-utils); .ci/run installs them. Without them these tests fail, on purpose.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from typing import Any

import pytest

from formkit.model.catalog import get_form
from formkit.model.paths import flatten
from formkit.render.context import display_context
from formkit.render.docx.render import render_docx
from formkit.settings import Settings
from tests.conftest import FORM_IDS


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed; install it with: apt-get install -y --no-install-recommends {package}")
    return path


def _squeeze(text: str) -> str:
    """Text without any whitespace: line wrapping in table cells must not matter."""
    return "".join(text.split())


def printed_values(form_id: str, record: dict[str, Any]) -> list[str]:
    """The record's values as the document prints them (labels for enums, formatted dates), left to right."""
    form = get_form(form_id)
    printed = flatten(display_context(form, record, Settings()))
    wanted = {field.path for field in form.model.leaves}
    values = []
    for path, value in printed.items():
        template = ".".join("*" if part.isdigit() else part for part in path.split("."))
        if template in wanted and isinstance(value, str) and value.strip():
            values.append(value)
    return values


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each sample rendered, converted by LibreOffice in one run, and read back by pdftotext."""
    soffice = _tool("soffice", "libreoffice-writer-nogui")
    pdftotext = _tool("pdftotext", "poppler-utils")
    folder = tmp_path_factory.mktemp("libreoffice")
    import copy
    import json

    documents = []
    for form_id in FORM_IDS:
        record = json.loads(get_form(form_id).sample_path().read_text(encoding="utf-8"))
        path = folder / f"{form_id}.docx"
        settings = Settings(kommun="Testkommun", kommune="Testkommune")
        path.write_bytes(render_docx(get_form(form_id), copy.deepcopy(record), settings))
        documents.append(str(path))
    # An own profile folder: a second LibreOffice on the machine must not share (and lock) ours.
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder), *documents],
        check=True,
        capture_output=True,
        timeout=240,
    )
    texts = {}
    for form_id in FORM_IDS:
        pdf = folder / f"{form_id}.pdf"
        assert pdf.is_file(), f"LibreOffice did not convert {form_id}.docx"
        texts[form_id] = subprocess.run(
            [pdftotext, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
        ).stdout
    return texts


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_libreoffice_pdf_holds_every_value(
    form_id: str, converted: dict[str, str], sample: Callable[[str], dict[str, Any]]
) -> None:
    text = _squeeze(converted[form_id])
    values = printed_values(form_id, sample(form_id))
    assert len(values) > 10
    missing = [value for value in values if _squeeze(value) not in text]
    assert missing == []


def sample_municipality(form_id: str) -> str:
    import json

    record = json.loads(get_form(form_id).sample_path().read_text(encoding="utf-8"))
    return str(record.get("kommun") or record.get("kommune"))


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_libreoffice_pdf_has_header_title_and_page_numbers(form_id: str, converted: dict[str, str]) -> None:
    text = converted[form_id]
    form = get_form(form_id)
    # The record's own municipality heads the document (the setting is only the default).
    assert sample_municipality(form_id) in text and "Testkommun" not in text
    assert form.title in text
    word = "Side" if form.language == "nb" else "Sida"
    assert f"{word} 1 av " in text
