"""PDF templates built from the schemas: the shipped files, their fields, labels and the template check."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject, TextStringObject

from formkit.model.catalog import get_form
from formkit.model.fields import LIST_MARK
from formkit.pdfio.info import FORM_KEY, FORM_VERSION_KEY, FORMKIT_VERSION_KEY
from formkit.render.pdf.template import build_pdf_template, check_pdf_template, template_summary
from formkit.render.plan import compiled_plan
from formkit.sources.pdf import read_field_tree
from tests.conftest import FORM_IDS


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_shipped_template_is_current(form_id: str, tmp_path: Path) -> None:
    """The shipped PDF has exactly the fields a fresh build from the schema has (run `templates build`)."""
    form = get_form(form_id)
    fresh = tmp_path / f"{form_id}.pdf"
    fresh.write_bytes(build_pdf_template(form))
    shipped_info, shipped = read_field_tree(form.template_path("pdf"))
    _, built = read_field_tree(fresh)
    assert sorted(shipped) == sorted(built)
    assert shipped_info[FORM_KEY] == form_id
    assert shipped_info[FORM_VERSION_KEY] == form.version
    assert FORMKIT_VERSION_KEY not in shipped_info  # a template names no formkit version: it would date it


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_template_check_passes(form_id: str) -> None:
    assert check_pdf_template(get_form(form_id)) == []


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_leaf_has_a_box(form_id: str, tmp_path: Path) -> None:
    """Each leaf of the schema has a field; each list has its fixed rows, numbered from 0."""
    form = get_form(form_id)
    _, fields = read_field_tree(form.template_path("pdf"))
    # Besides the form's own fields, only formkit's display fields (recipients, signers: filled by formkit).
    generic = {".".join(LIST_MARK if p.isdigit() else p for p in name.split(".")) for name in fields if not name.startswith("_")}
    assert generic == {leaf.path for leaf in form.model.leaves}
    for part in compiled_plan(form).sections:
        if getattr(part, "rows", 0):
            rows = {int(name.split(".")[1]) for name in fields if name.startswith(part.name + ".")}
            assert rows == set(range(part.rows))


def test_field_names_are_a_hierarchy() -> None:
    """Dots separate levels of the field tree (a partial name /T never holds a dot)."""
    reader = PdfReader(get_form("genomforandeplan").template_path("pdf"))
    partials = []
    stack = list(reader.trailer["/Root"]["/AcroForm"]["/Fields"])
    while stack:
        node = stack.pop().get_object()
        partials.append(str(node["/T"]))
        stack.extend(node.get("/Kids", []))
    assert "insatser" in partials and "ansvarig" in partials
    assert not any("." in partial for partial in partials)


def test_field_kinds() -> None:
    reader = PdfReader(get_form("sip").template_path("pdf"))
    fields = reader.get_fields() or {}
    assert fields["samtycke.lamnat"]["/FT"] == "/Btn"
    kind = fields["deltagare.0.verksamhetstyp"]
    assert kind["/FT"] == "/Ch"
    options = kind.indirect_reference.get_object()["/Opt"]  # type: ignore[union-attr]
    assert ["ifo", "Individ- och familjeomsorg (socialtjänst)"] in [[str(a), str(b)] for a, b in options]
    assert fields["nulage"]["/Ff"] & 4096  # free text is multi-line
    assert fields["upprattad_datum"].indirect_reference.get_object()["/MaxLen"] == 10  # type: ignore[union-attr]


def test_labels_in_the_forms_language(tmp_path: Path) -> None:
    def text(form_id: str) -> str:
        path = get_form(form_id).template_path("pdf")
        return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True).stdout.decode()

    plan = text("genomforandeplan")
    assert "Barnets/den unges behov" in plan
    assert "Kostnadsansvaret följer ansvaret för insatserna." in plan
    assert "Underskrifter" in plan and "Delaktig 4" in plan
    assert "kan när som helst återkallas" in text("samtycke")
    assert "Neste møte" in text("sel-referat") or "neste møte" in text("sel-referat").lower()


def _edited(form_id: str, edit: str, tmp_path: Path) -> Path:
    """The shipped template with one field renamed, removed or added."""
    writer = PdfWriter(clone_from=PdfReader(get_form(form_id).template_path("pdf")))
    fields = writer.root_object["/AcroForm"]["/Fields"]
    if edit == "add":
        fields.append(
            writer._add_object(
                DictionaryObject(
                    {
                        NameObject("/T"): TextStringObject("hemlig_anteckning"),
                        NameObject("/FT"): NameObject("/Tx"),
                        NameObject("/Ff"): NumberObject(0),
                    }
                )
            )
        )
    elif edit == "remove":
        kept = ArrayObject(f for f in fields if f.get_object()["/T"] != "kategori")
        writer.root_object["/AcroForm"][NameObject("/Fields")] = kept
    out = tmp_path / f"{form_id}-{edit}.pdf"
    with out.open("wb") as handle:
        writer.write(handle)
    return out


def test_check_finds_a_field_the_schema_does_not_know(tmp_path: Path) -> None:
    path = _edited("avvikelserapport", "add", tmp_path)
    problems = check_pdf_template(get_form("avvikelserapport"), path)
    assert problems == [f"{path.name}: fältet 'hemlig_anteckning' motsvarar ingen sökväg i schemat"]


def test_check_finds_a_required_field_without_a_box(tmp_path: Path) -> None:
    path = _edited("avvikelserapport", "remove", tmp_path)
    problems = check_pdf_template(get_form("avvikelserapport"), path)
    assert problems == [f"{path.name}: det obligatoriska fältet 'kategori' har ingen ruta i mallen"]


def test_check_finds_a_template_of_another_form() -> None:
    form = get_form("sip")
    problems = check_pdf_template(form, get_form("samtycke").template_path("pdf"))
    assert problems[0] == "samtycke.pdf: mallen är gjord för blanketten 'samtycke', inte 'sip'"


def test_check_reports_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "trasig.pdf"
    path.write_bytes(b"not a pdf")
    assert check_pdf_template(get_form("sip"), path) == ["trasig.pdf: ingen PDF-fil"]


def test_build_is_reproducible() -> None:
    form = get_form("samtycke")
    assert build_pdf_template(form) == build_pdf_template(form)


def test_summary() -> None:
    summary = template_summary(get_form("genomforandeplan"))
    assert summary["form"] == "genomforandeplan"
    assert summary["rows"] == {"vardnadshavare": 4, "mal": 2, "insatser": 3, "delaktiga": 4}


def _reachable(reader: PdfReader) -> set[int]:
    """The numbers of the objects a reader reaches from the trailer."""
    seen: set[int] = set()
    stack: list[object] = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.idnum not in seen:
                seen.add(item.idnum)
                stack.append(reader.get_object(item))
        elif isinstance(item, DictionaryObject):  # stream dictionaries too
            stack.extend(item.raw_get(key) for key in item)
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
    return seen


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_template_holds_no_object_nothing_refers_to(form_id: str) -> None:
    """Filling keeps the template's bytes as they are: whatever it holds, every filled copy carries (issue 13).

    A form without check boxes once embedded the check mark's font anyway.
    """
    data = build_pdf_template(get_form(form_id))
    reader = PdfReader(io.BytesIO(data))
    written = {num for numbers in reader.xref.values() for num in numbers}
    # The object stream and the cross-reference stream hold the others; nothing else may be left over.
    packing = {num for num in written if reader.get_object(num).get("/Type") in ("/ObjStm", "/XRef")}
    assert written - packing - _reachable(reader) == set()
