"""The display plan and the PDF drawn from it: what a filled copy prints, kept together on pages, every value whole."""

from __future__ import annotations

import copy
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from formkit.model.catalog import get_form
from formkit.render.pdf.fill import PdfRenderer
from formkit.render.pdf.template import build_pdf_template
from formkit.render.plan import Fields, Group, Signatures, Table, build_plan, printable
from formkit.settings import Settings
from formkit.sources.pdf import extract_pdf_bytes
from tests.conftest import FORM_IDS

ORGANISATION_86 = "Barn- och ungdomspsykiatriska mottagningen, Region Norrbotten, öppenvården i Arvidsjaur"
ORGANISATION_96 = "Individ- och familjeomsorgen, socialtjänstens barn- och ungdomsenhet i Arjeplogs kommun, Norrbotten"


def _sample(form_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(get_form(form_id).sample_path().read_text(encoding="utf-8"))
    return data


def _pages(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page as poppler reads it in the order it is drawn, whitespace made single spaces."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


def _widget_pages(pdf: bytes) -> dict[str, int]:
    """Each field's qualified name -> the page its widget is on."""
    reader = PdfReader(io.BytesIO(pdf))
    found: dict[str, int] = {}
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            node = annot.get_object()
            parts = []
            while node is not None:
                if "/T" in node:
                    parts.append(str(node["/T"]))
                node = node["/Parent"].get_object() if "/Parent" in node else None
            found[".".join(reversed(parts))] = number
    return found


def test_a_filled_copy_prints_the_items_it_has_the_blank_form_its_spare_rows() -> None:
    form = get_form("genomforandeplan")
    record = _sample("genomforandeplan")
    assert len(record["vardnadshavare"]) == 2
    filled = {f.path for f in build_plan(form, record, Settings()).fields()}
    blank = {f.path for f in build_plan(form, None, Settings()).fields()}
    draft = {f.path for f in build_plan(form, record, Settings(), "draft").fields()}
    assert "vardnadshavare.1.namn" in filled and "vardnadshavare.2.namn" not in filled
    assert {"vardnadshavare.2.namn", "vardnadshavare.3.namn"} <= blank
    assert "vardnadshavare.3.namn" in draft  # a draft is completed by hand: the spare rows stay


def test_no_third_guardian_in_the_filled_pdf_but_in_the_blank_one(tmp_path: Path) -> None:
    form = get_form("genomforandeplan")
    filled = " ".join(_pages(PdfRenderer(form, settings=Settings()).render(_sample("genomforandeplan")), tmp_path))
    blank = " ".join(_pages(build_pdf_template(form), tmp_path))
    assert "Vårdnadshavare 2" in filled and "Vårdnadshavare 3" not in filled
    assert "Vårdnadshavare 3" in blank and "Vårdnadshavare 4" in blank


def test_stars_only_where_a_person_fills_in_and_never_without_their_legend(tmp_path: Path) -> None:
    form = get_form("samtycke")
    legend = "Fält markerade med * ska fyllas i."
    filled = " ".join(_pages(PdfRenderer(form, settings=Settings()).render(_sample("samtycke")), tmp_path))
    blank = " ".join(_pages(build_pdf_template(form), tmp_path))
    assert " * " not in filled + " " and legend not in filled
    assert "Namn *" in blank and legend in blank


def test_a_long_signer_and_recipient_print_whole(tmp_path: Path) -> None:
    """A signer's name, role and organisation wrap in place; a recipient line wraps at the margin."""
    form = get_form("genomforandeplan")
    record = _sample("genomforandeplan")
    record["delaktiga"][0].update(namn="Şebnem Aydın-Lindqvist", roll="Legitimerad psykolog", verksamhet=ORGANISATION_86)
    text = " ".join(_pages(PdfRenderer(form, settings=Settings()).render(record), tmp_path))
    assert f"Şebnem Aydın-Lindqvist, Legitimerad psykolog, {ORGANISATION_86}" in text
    report = _sample("avvikelserapport")
    report["berord_verksamhet"]["namn"] = ORGANISATION_96
    text = " ".join(_pages(PdfRenderer(get_form("avvikelserapport"), settings=Settings()).render(report), tmp_path))
    assert f"Kopia till: Berörd verksamhet: {ORGANISATION_96}" in text


def test_a_96_character_name_wraps_in_its_box_on_its_own_page(tmp_path: Path) -> None:
    form = get_form("avvikelserapport")
    renderer = PdfRenderer(form, settings=Settings())
    short = renderer.render(_sample("avvikelserapport"))
    record = _sample("avvikelserapport")
    record["berord_verksamhet"]["namn"] = ORGANISATION_96
    pdf = renderer.render(record)
    pages = _pages(pdf, tmp_path)
    assert len(pages) == len(_pages(short, tmp_path))  # no page of its own
    page = _widget_pages(pdf)["berord_verksamhet.namn"]
    assert ORGANISATION_96 in pages[page]
    assert extract_pdf_bytes(pdf)[1] == record


def _long_record() -> dict[str, Any]:
    record = _sample("genomforandeplan")
    record["insatser"] = [copy.deepcopy(record["insatser"][i % 3]) for i in range(7)]
    record["delaktiga"] = [copy.deepcopy(record["delaktiga"][i % 4]) for i in range(9)]
    record["behov"] = " ".join([record["behov"]] * 25)
    return record


@pytest.mark.parametrize("flatten", [False, True])
def test_no_person_insats_or_signer_splits_across_pages(flatten: bool, tmp_path: Path) -> None:
    """Every field of one insats, one delaktig, one guardian sits on one page; a heading is never last on a page."""
    form = get_form("genomforandeplan")
    record = _long_record()
    pdf = PdfRenderer(form, settings=Settings(), flatten_form=flatten).render(record)
    pages = _pages(pdf, tmp_path)
    if not flatten:
        where = _widget_pages(pdf)
        for group in ("insatser", "delaktiga", "vardnadshavare"):
            for index in range(len(record[group])):
                on = {page for name, page in where.items() if name.startswith(f"{group}.{index}.")}
                assert len(on) == 1, (group, index, on)
    for number in range(1, 10):
        found = [i for i, page in enumerate(pages) if f"Delaktig: {record['delaktiga'][number - 1]['namn']}" in page]
        assert found  # every signer printed, whole
    for page in pages[:-1]:
        # A page never ends with a heading: the last line before the footer is not a section title.
        assert not page.rsplit("Genomförandeplan · Sida", 1)[0].rstrip().endswith(("Insatser", "Delaktiga i genomförandeplanen"))


def test_a_long_free_text_continues_under_its_title_and_stays_whole_in_the_field(tmp_path: Path) -> None:
    form = get_form("genomforandeplan")
    record = _long_record()
    pdf = PdfRenderer(form, settings=Settings()).render(record)
    pages = _pages(pdf, tmp_path)
    assert any("Barnets/den unges behov (forts.)" in page for page in pages)
    reader = PdfReader(io.BytesIO(pdf))
    field = (reader.get_fields() or {})["behov"]
    assert field["/V"] == record["behov"]
    assert int(field.get("/Ff", 0)) & 1  # read-only where it continues: an edit here would leave the rest as it was
    assert "kan därför inte ändras här" in " ".join(pages)
    assert extract_pdf_bytes(pdf)[1] == record
    flat = " ".join(_pages(PdfRenderer(form, settings=Settings(), flatten_form=True).render(record), tmp_path))
    assert "kan därför inte ändras här" not in flat  # an archival copy holds no field to edit


def test_a_seed_heading_is_a_heading_in_the_pdf() -> None:
    """ "Barnets/den unges behov" is a section heading (H2), not a 7-pt label of its box."""
    form = get_form("genomforandeplan")
    plan = build_plan(form, _sample("genomforandeplan"), Settings())
    behov = next(b for b in plan.blocks if isinstance(b, Group) and b.path == "behov")
    assert behov.kind == "section" and behov.title == "Barnets/den unges behov"
    assert isinstance(behov.blocks[0], Fields) and not behov.blocks[0].fields[0].show_label


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_form_has_a_plan_whose_fields_are_the_contract(form_id: str) -> None:
    """The blank plan shows every leaf of the schema (list items numbered), signatures and no unknown field."""
    form = get_form(form_id)
    plan = build_plan(form, None, Settings())
    generic = {".".join("*" if p.isdigit() else p for p in f.path.split(".")) for f in plan.fields()}
    leaves = {leaf.path for leaf in form.model.leaves if leaf.path != form.presentation.header_field()}
    assert generic == leaves
    if form.presentation.signatures is not None:
        assert any(isinstance(b, Signatures) for b in plan.blocks)


def test_short_flat_lists_are_tables_in_the_plan() -> None:
    plan = build_plan(get_form("sel-referat"), _sample("sel-referat"), Settings())
    tables = [b for b in plan.walk() if isinstance(b, Table)]
    assert {t.path for t in tables} >= {"deltakere", "frafall"}


def test_text_from_windows_prints_as_lines_and_spaces() -> None:
    assert printable("rad 1\r\nrad 2\rrad 3\vrad 4\fsida 2\tflik\x07") == "rad 1\nrad 2\nrad 3\nrad 4\nsida 2 flik"
    assert printable("Åsa\u2028Öberg\u0085x") == "Åsa\nÖberg\nx"


def test_a_changed_title_changes_the_pdf_with_no_other_edit(tmp_path: Path) -> None:
    """A label lives in the schema: a copy of the SIP's schema with "Plats för mötet" prints it, no template built."""
    folder = tmp_path / "egna"
    folder.mkdir()
    schema = json.loads(get_form("sip").path.read_text(encoding="utf-8"))
    schema["x-formkit"]["id"] = "egen-sip"
    schema["properties"]["motesplats"]["title"] = "Plats för mötet"
    (folder / "egen-sip.schema.json").write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    config = tmp_path / "formkit.toml"
    config.write_text('[formular]\nkataloger = ["egna"]\n', encoding="utf-8")
    from formkit.settings import load_settings

    settings = load_settings(config)
    form = get_form("egen-sip", settings)
    record = _sample("sip")
    text = " ".join(_pages(PdfRenderer(form, settings=settings).render(record), tmp_path))
    assert "Plats för mötet" in text and "Mötesplats" not in text
