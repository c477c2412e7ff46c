"""Word's layout rules, read back from the pages LibreOffice lays out: kept parts are never split, captions wrap in place.

Needs `soffice` and `pdftotext` (.ci/run installs them). The records are the
samples made long enough to cross pages, each value unique, so the page a
value lands on can be read from the text of the pages.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

from formkit.model.catalog import get_form
from formkit.render.docx.body import kept
from formkit.render.docx.render import DocxRenderer
from formkit.render.plan import Fields, Group, Plan, Signatures
from formkit.settings import Settings

ORGANISATION = "Individ- och familjeomsorgen, socialtjänstens mottagningsenhet för barn och unga i Arjeplogs kommun"  # 96


def _sample(form_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(get_form(form_id).sample_path().read_text(encoding="utf-8"))
    return data


def _plan_record() -> dict[str, Any]:
    record = _sample("genomforandeplan")
    people = [
        {"namn": f"Delaktig Namnsdotter{n}", "verksamhet": f"Verksamhet nummer {n}", "verksamhetstyp": "grundskola",
         "roll": f"Roll{n}", "telefon": f"0961-100 0{n}", "epost": f"delaktig{n}@example.org"}
        for n in range(1, 9)
    ]  # fmt: skip
    record["delaktiga"] = people
    record["delaktiga"][1]["verksamhet"] = ORGANISATION
    insats = record["insatser"][0]
    record["insatser"] = [
        dict(insats, insats=f"Insatsens text nummer {n}.", varaktighet=f"Varaktighet{n}",
             ansvarig=dict(insats["ansvarig"], namn=f"Ansvarig Personsson{n}"))
        for n in range(1, 7)
    ]  # fmt: skip
    return record


def _sip_record() -> dict[str, Any]:
    record = _sample("sip")
    template = record["deltagare"][0]
    record["deltagare"] = [dict(template, namn=f"Deltagare Efternamn{n}", roll=f"Deltagarroll{n}") for n in range(1, 8)]
    record["deltagare"][0]["verksamhet"] = ORGANISATION
    return record


def _report_record() -> dict[str, Any]:
    record = _sample("avvikelserapport")
    record["berord_verksamhet"]["namn"] = ORGANISATION
    return record


DOCUMENTS = {
    "plan": ("genomforandeplan", _plan_record),
    "sip": ("sip", _sip_record),
    "rapport": ("avvikelserapport", _report_record),
}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed (apt-get install libreoffice-writer-nogui poppler-utils)")
    return path


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Plan, list[str]]]:
    """Each document's plan and the text of each of its pages, as LibreOffice laid them out."""
    folder = tmp_path_factory.mktemp("layout")
    plans = {}
    for name, (form_id, make) in DOCUMENTS.items():
        renderer = DocxRenderer(get_form(form_id), Settings())
        record = make()
        plans[name] = renderer.plan(record)
        (folder / f"{name}.docx").write_bytes(renderer.render(record))
    profile = (folder / "profile").as_uri()
    documents = [str(folder / f"{name}.docx") for name in DOCUMENTS]
    command = [_tool("soffice"), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder)]
    subprocess.run([*command, *documents], check=True, capture_output=True, timeout=300)
    pages = {}
    for name in DOCUMENTS:
        done = subprocess.run([_tool("pdftotext"), str(folder / f"{name}.pdf"), "-"], check=True, capture_output=True, text=True)
        pages[name] = (plans[name], done.stdout.split("\f")[:-1])
    return pages


BIDI_MARKS = dict.fromkeys([0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def _page_of(pages: list[str], text: str, *, line: bool = False) -> list[int]:
    """The pages *text* is on (as a whole line with *line*, else squeezed anywhere)."""
    found = []
    for number, page in enumerate(pages):
        # pdftotext wraps a right-to-left name (Arabic) in bidi embedding marks; the page's text is without them.
        page = page.translate(BIDI_MARKS)
        if line:
            if text in (row.strip() for row in page.splitlines()):
                found.append(number)
        elif "".join(text.split()) in "".join(page.split()):
            found.append(number)
    return found


def _values(group: Group) -> list[str]:
    values: list[str] = []
    for block in group.blocks:
        if isinstance(block, Fields):
            values += [field.value for field in block.fields if field.value]
        elif isinstance(block, Group):
            values += _values(block)
    return values


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_the_documents_cross_pages(laid_out: dict[str, tuple[Plan, list[str]]], name: str) -> None:
    assert len(laid_out[name][1]) >= 2


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_a_kept_part_is_never_split_across_pages(laid_out: dict[str, tuple[Plan, list[str]]], name: str) -> None:
    """A person, an insats, a participant, a kept section: its heading and all its values on one page."""
    plan, pages = laid_out[name]
    checked = 0
    for block in plan.walk():
        if not isinstance(block, Group) or block.kind == "list" or not kept(block):
            continue
        values = [value for value in _values(block) if len(_page_of(pages, value, line=True)) == 1]
        assert values, block.path
        on = {_page_of(pages, value, line=True)[0] for value in values}
        heading = _page_of(pages, block.title, line=True)
        assert len(on) == 1 and on & set(heading), (block.path, on, heading)
        checked += 1
    assert checked >= 2


@pytest.mark.parametrize("name", ["plan", "sip", "rapport"])
def test_the_signature_block_is_kept_whole_and_captions_wrap_in_place(
    laid_out: dict[str, tuple[Plan, list[str]]], name: str
) -> None:
    plan, pages = laid_out[name]
    block = next(b for b in plan.blocks if isinstance(b, Signatures))
    heading = _page_of(pages, block.heading, line=True)[-1]
    for signer in block.signers:
        caption = f"{signer.caption}: {signer.named}" if signer.named else signer.caption
        assert _page_of(pages, caption) == [heading] or heading in _page_of(pages, caption), caption
    text = "\n".join(pages)
    assert f"{ORGANISATION.split()[-1]}{block.date_label}" not in text  # no "…kommunDatum" run-on


def test_the_header_prints_whose_document_on_one_line(laid_out: dict[str, tuple[Plan, list[str]]]) -> None:
    plan, pages = laid_out["plan"]
    for page in pages:
        assert plan.furniture.person_short in (row.strip() for row in page.splitlines()[:6])


def test_a_long_organisation_prints_whole_with_no_continuation_page(laid_out: dict[str, tuple[Plan, list[str]]]) -> None:
    _plan, pages = laid_out["rapport"]
    assert len(_page_of(pages, ORGANISATION)) >= 1
    assert len(pages) <= 3
