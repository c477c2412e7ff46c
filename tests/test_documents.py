"""Tests that look: each form filled, printed by a real client, and read as the person who signs it reads it.

Word documents go through LibreOffice (with Arial's metrics: Liberation Sans) and PDFs through
poppler's pdftotext; the checks are on the text a reader sees. Every value is there in full
(a 3,000-character text and a 200-character name included), every sentence the form's
presentation prints, every signer by name, and no word of a value or a heading is broken
inside itself by a narrow column. Page images of each sample are kept in tests/output/pages/
so a person can look at them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from formkit.model.catalog import Form, get_form
from formkit.model.paths import flatten
from formkit.pdfio.text import shown_text
from formkit.render.base import RenderOptions
from formkit.render.context import display_context
from formkit.render.docx.render import render_docx
from formkit.render.pdf.fill import pdf_renderer_factory
from formkit.settings import Settings
from tests.conftest import FORM_IDS

PAGES = Path(__file__).parent / "output" / "pages"
LONG_TEXT = " ".join(f"Stödord{n:04d}" for n in range(330))  # about 3,000 characters
LONG_NAME = "Aurora " + " ".join(f"Efternamnsdel{n:02d}" for n in range(13))  # about 200 characters
_WORD = re.compile(r"\w+")


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed; install it with: apt-get install -y --no-install-recommends {package}")
    return path


def _sample(form_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(get_form(form_id).sample_path().read_text(encoding="utf-8"))
    return data


def _set(record: dict[str, Any], path: str, value: Any) -> None:
    node = record
    parts = path.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def long_record(form: Form) -> dict[str, Any]:
    """The sample with its first free-text field 3,000 characters long and the person's name 200."""
    record = _sample(form.id)
    free = next(leaf.path for leaf in form.model.leaves if (leaf.max_length or 0) > 500 and "*" not in leaf.path)
    _set(record, free, LONG_TEXT)
    if form.presentation.subject:
        _set(record, form.presentation.subject, LONG_NAME)
    return record


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _pdftotext(path: Path) -> str:
    done = subprocess.run([_tool("pdftotext", "poppler-utils"), str(path), "-"], check=True, capture_output=True, text=True)
    return done.stdout


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], str]:
    """(form, sample|long, docx|pdf) -> the text a reader sees; page images of each sample kept in tests/output/pages/."""
    soffice = _tool("soffice", "libreoffice-writer-nogui")
    matched = subprocess.run([_tool("fc-match", "fontconfig"), "Arial"], capture_output=True, text=True).stdout
    if "Liberation" not in matched and "Arial" not in matched:
        pytest.fail("no font with Arial's metrics: install it with: apt-get install -y --no-install-recommends fonts-liberation2")
    folder = tmp_path_factory.mktemp("documents")
    texts: dict[tuple[str, str, str], str] = {}
    documents = []
    for form_id in FORM_IDS:
        form = get_form(form_id)
        renderer = pdf_renderer_factory(form, Settings(), RenderOptions(flatten=True))
        for kind, record in (("sample", _sample(form_id)), ("long", long_record(form))):
            stem = folder / f"{form_id}-{kind}"
            stem.with_suffix(".docx").write_bytes(render_docx(form, record, Settings()))
            stem.with_suffix(".pdf").write_bytes(renderer.render(record))
            texts[form_id, kind, "pdf"] = _pdftotext(stem.with_suffix(".pdf"))
            documents.append(stem.with_suffix(".docx"))
    word = folder / "word"
    profile = (folder / "profile").as_uri()
    # Tagged, as the archival copy is: the text read without page furniture (formkit.pdfio.text) is the content.
    tagged = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", tagged, "--outdir", str(word)]
    subprocess.run([*command, *map(str, documents)], check=True, capture_output=True, timeout=300)
    for document in documents:
        form_id, kind = document.stem.rsplit("-", 1)
        texts[form_id, kind, "docx"] = _pdftotext(word / f"{document.stem}.pdf")
        texts[form_id, kind, "docx-content"] = shown_text((word / f"{document.stem}.pdf").read_bytes()).content
    PAGES.mkdir(parents=True, exist_ok=True)
    pdftoppm = _tool("pdftoppm", "poppler-utils")
    for form_id in FORM_IDS:
        sources = ((word / f"{form_id}-sample.pdf", f"{form_id}-word"), (folder / f"{form_id}-sample.pdf", f"{form_id}-pdf"))
        for source, name in sources:
            subprocess.run([pdftoppm, "-r", "50", "-png", str(source), str(PAGES / name)], check=True)
    return texts


def printed_values(form: Form, record: dict[str, Any], *, booleans: bool = True) -> list[str]:
    """Every value of the record as the documents print it (labels for codes, dates in the form's language).

    Without *booleans*, yes/no values are left out (a PDF shows them as a ticked box, not a word).
    """
    shown = flatten(display_context(form, record, Settings()))
    wanted = {leaf.path for leaf in form.model.leaves if booleans or leaf.kind != "boolean"}
    values = []
    for path, value in shown.items():
        generic = ".".join("*" if part.isdigit() else part for part in path.split("."))
        if generic in wanted and isinstance(value, str) and value.strip():
            values.append(value)
    return values


def required_sentences(form: Form, record: dict[str, Any] | None = None) -> list[str]:
    """Every sentence the form's presentation prints: intro, instructions, closing, recipients' and signers' intros.

    The slots a form's variants change are the ones the record's variant chooses (a routine's own words).
    """
    presentation = form.presentation
    chosen = presentation.texts(record or {}, Settings(), form.language)
    slots = set(chosen)
    sentences = [*(chosen["intro"] if "intro" in slots else presentation.intro)]
    sentences += chosen["closing"] if "closing" in slots else presentation.closing
    for path in presentation.hints:
        for kind in ("instruction", "after"):
            slot = f"{kind}:{path}"
            own = presentation.instruction(path) if kind == "instruction" else presentation.after(path)
            sentences += chosen[slot] if slot in slots else own
    for slot, texts in chosen.items():
        if slot.partition(":")[2] not in presentation.hints and slot not in ("intro", "closing"):
            sentences += texts
    if presentation.signatures is not None:
        sentences += presentation.signatures.intro
    if presentation.routing is not None:
        sentences += presentation.routing.intro
    return sentences


@pytest.mark.parametrize("output", ["docx", "pdf"])
@pytest.mark.parametrize("kind", ["sample", "long"])
@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_value_is_printed_in_full(printed: dict[tuple[str, str, str], str], form_id: str, kind: str, output: str) -> None:
    form = get_form(form_id)
    record = _sample(form_id) if kind == "sample" else long_record(form)
    text = printed[form_id, kind, output]
    # A Word document's value may cross a page break wherever Word or LibreOffice breaks it: it is whole in the content.
    content = _squeeze(printed.get((form_id, kind, f"{output}-content"), ""))
    values = printed_values(form, record, booleans=output == "docx")
    missing = [value[:40] for value in values if not (_in_full(value, text) or _squeeze(value) in content)]
    assert missing == []
    if kind == "long":
        assert _in_full(LONG_TEXT, text)
        if form.presentation.subject:
            assert _in_full(LONG_NAME, text)


def _in_full(value: str, text: str) -> bool:
    """*value* is printed whole: as one run of text, or (a text over pages or continued on a continuation page)
    every word of it in order, with only page headers, footers and a continuation note between."""
    if _squeeze(value) in _squeeze(text):
        return True
    words, shown = _WORD.findall(value), _WORD.findall(text)
    position = 0
    for word in words:
        try:
            position = shown.index(word, position) + 1
        except ValueError:
            return False
    return len(words) > 20  # only a long text may be interrupted; a short value must be one run


@pytest.mark.parametrize("output", ["docx", "pdf"])
@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_sentence_and_signer_is_printed(printed: dict[tuple[str, str, str], str], form_id: str, output: str) -> None:
    form = get_form(form_id)
    text = _squeeze(printed[form_id, "sample", output])
    sentences = required_sentences(form, _sample(form_id))
    assert sentences
    assert [s for s in sentences if _squeeze(s) not in text] == []
    rows = display_context(form, _sample(form_id), Settings())["dokument"]["underskrifter"]
    assert bool(rows) == (form.presentation.signatures is not None)  # an invitation is not signed
    for row in rows:
        assert _squeeze(row["rubrik"]) in text
        assert _squeeze(row["namn"]) in text


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_no_word_breaks_inside_itself_in_word(printed: dict[tuple[str, str, str], str], form_id: str) -> None:
    """With Arial's metrics, every word of the values, labels and headings prints whole (no 'Verksamhet styp')."""
    form = get_form(form_id)
    record = _sample(form_id)
    words = {word for value in printed_values(form, record) for word in _WORD.findall(value)}
    printed_parts = [node for node in form.model.root.children.values() if form.presentation.is_section(node.path)]
    # Titles of fields and groups (a list item's own title shows only when items are printed as blocks).
    titled = [node for part in printed_parts for node in part.walk() if not node.path.endswith("*")]
    words |= {word for node in titled for word in _WORD.findall(node.title)}
    shown = set(_WORD.findall(printed[form_id, "sample", "docx"]))
    broken = sorted(word for word in words if len(word) > 3 and not word.isdigit() and word not in shown)
    assert broken == []


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_page_images_are_kept_for_a_person_to_look_at(printed: dict[tuple[str, str, str], str], form_id: str) -> None:
    for output in ("word", "pdf"):
        assert sorted(PAGES.glob(f"{form_id}-{output}-*.png")), f"no page images of {form_id} ({output})"
