"""Fill -> extract gives back the record: samples, any schema-valid record (hypothesis), long lists, other fillers."""

from __future__ import annotations

import copy
import functools
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from formkit.cli.extract import extract
from formkit.model.catalog import get_form
from formkit.model.fields import LIST_MARK
from formkit.render.pdf.fill import PdfRenderer
from formkit.render.pdf.template import build_pdf_template
from formkit.sources import read_records
from formkit.sources.pdf import extract_pdf, extract_pdf_bytes, read_pdf_records
from formkit.textclean import clean_record
from tests.conftest import FORM_IDS
from tests.strategies import records


@functools.cache
def _renderer(form_id: str, flatten: bool = False) -> PdfRenderer:
    return PdfRenderer(get_form(form_id), flatten_form=flatten)


def _sample(form_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(get_form(form_id).sample_path().read_text(encoding="utf-8"))
    return data


def _pruned(node: Any) -> Any:
    """The record as a form can hold it: empty lists and groups have no fields to carry them."""
    if isinstance(node, dict):
        kept = {key: _pruned(value) for key, value in node.items()}
        return {key: value for key, value in kept.items() if value not in ({}, [])}
    if isinstance(node, list):
        kept_items = [_pruned(value) for value in node]
        return [value for value in kept_items if value not in ({}, [])]
    return node


def _as_printed(record: dict[str, Any]) -> Any:
    """The record as fill prints it and extract reads it back: text cleaned (line breaks, tabs, controls), then pruned."""

    def drop_empty(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: drop_empty(value) for key, value in node.items() if value != ""}
        if isinstance(node, list):
            return [drop_empty(value) for value in node if value != ""]
        return node

    return _pruned(drop_empty(clean_record(record)))


def _round_trip(form_id: str, data: dict[str, Any]) -> dict[str, Any]:
    found, extracted = extract_pdf_bytes(_renderer(form_id).render(data))
    assert found == form_id
    return extracted


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_sample_round_trip(form_id: str) -> None:
    data = _sample(form_id)
    assert _round_trip(form_id, data) == data


@pytest.mark.parametrize("form_id", FORM_IDS)
@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_any_valid_record_round_trips(form_id: str, data: st.DataObject) -> None:
    record = data.draw(records(form_id))
    assert _round_trip(form_id, copy.deepcopy(record)) == _as_printed(record)


LIST_FORMS = tuple(f for f in FORM_IDS if any(c.kind == "array" for c in get_form(f).model.root.children.values()))


def _longest_list(record: Any) -> int:
    if isinstance(record, dict):
        return max((_longest_list(value) for value in record.values()), default=0)
    if isinstance(record, list):
        return max([len(record), *(_longest_list(value) for value in record)])
    return 0


@pytest.mark.parametrize("form_id", LIST_FORMS)
@pytest.mark.slow
@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_any_valid_record_with_a_long_list_round_trips(form_id: str, data: st.DataObject) -> None:
    """Records with a list longer than the blank form's spare rows: every item is printed and read back."""
    record = data.draw(records(form_id))
    assume(_longest_list(record) > 4)
    assert _round_trip(form_id, copy.deepcopy(record)) == _as_printed(record)


def _page_of(reader: PdfReader, name: str) -> int:
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            node = annot.get_object()
            parts = [str(node.get("/T", ""))]
            while "/Parent" in node:
                node = node["/Parent"].get_object()
                parts.append(str(node.get("/T", "")))
            if ".".join(reversed([p for p in parts if p])) == name:
                return number
    raise AssertionError(f"no widget {name}")


def test_long_lists_print_every_item_in_place() -> None:
    """A list longer than the form's rows prints all its items where the list is (no empty slots left behind)."""
    data = _sample("genomforandeplan")
    data["insatser"] = data["insatser"] * 4  # 12 insatser, the form has rows for 3
    data["mal"][0]["delmal"] = [f"Delmål {i}" for i in range(1, 8)]
    data["vardnadshavare"] = data["vardnadshavare"] * 3
    renderer = _renderer("genomforandeplan")
    pdf = renderer.render(data)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > len(PdfReader(io.BytesIO(renderer.render(_sample("genomforandeplan")))).pages)
    fields = reader.get_fields() or {}
    assert fields["insatser.11.ansvarig.namn"]["/V"] == data["insatser"][11]["ansvarig"]["namn"]
    assert fields["mal.0.delmal.6"]["/V"] == "Delmål 7"
    # In document order: the 12th insats comes before the follow-up that follows the insatser on the form.
    assert _page_of(reader, "insatser.11.insats") <= _page_of(reader, "uppfoljning.datum")
    assert _page_of(reader, "mal.0.delmal.6") <= _page_of(reader, "insatser.0.insats")
    assert extract_pdf_bytes(pdf)[1] == data


def test_addendum_field_of_an_overflow_item_holds_its_inner_list() -> None:
    data = _sample("genomforandeplan")
    extra = {"mal": "Fjärde målet", "delmal": ["a", "b", "c", "d"]}
    data["mal"] = [*data["mal"], data["mal"][0], extra]
    assert extract_pdf_bytes(_renderer("genomforandeplan").render(data))[1] == data


def test_pdf_filled_by_another_program(tmp_path: Path) -> None:
    """pypdf's own fill with NeedAppearances (no formkit appearances at all) reads back the same."""
    form = get_form("avvikelserapport")
    data = _sample("avvikelserapport")
    flat = {k: v for k, v in _flatten(data).items()}
    writer = PdfWriter(clone_from=io.BytesIO(build_pdf_template(form)))
    writer.set_need_appearances_writer(True)
    for page in writer.pages:
        writer.update_page_form_field_values(page, flat, auto_regenerate=False)
    out = tmp_path / "annan.pdf"
    with out.open("wb") as handle:
        writer.write(handle)
    assert extract_pdf(out) == ("avvikelserapport", data)


def _flatten(node: Any, prefix: str = "") -> dict[str, str]:
    """Leaves as other programs write them: every value a string, checkboxes by export name."""
    flat: dict[str, str] = {}
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else None
    if items is None:
        flat[prefix[:-1]] = ("/Ja" if node else "/Off") if isinstance(node, bool) else str(node)
        return flat
    for key, value in items:
        flat.update(_flatten(value, f"{prefix}{key}."))
    return flat


def test_checkbox_filled_elsewhere_reads_as_bool(tmp_path: Path) -> None:
    form = get_form("sip")
    data = _sample("sip")
    writer = PdfWriter(clone_from=io.BytesIO(build_pdf_template(form)))
    values = _flatten(data)
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = tmp_path / "sip.pdf"
    with out.open("wb") as handle:
        writer.write(handle)
    assert extract_pdf(out)[1] == data


def test_choice_filled_with_its_label_reads_as_the_enum_value(tmp_path: Path) -> None:
    """Some fillers store the text a choice list shows ("Grundskola") rather than its export value."""
    form = get_form("sip")
    data = _sample("sip")
    values = _flatten(data)
    titles = {f.path: f.enum_titles for f in form.model.leaves if f.enum_titles}
    labelled = 0
    for path, value in values.items():
        generic = ".".join(LIST_MARK if part.isdigit() else part for part in path.split("."))
        if generic in titles and value in titles[generic]:
            values[path] = titles[generic][value]
            labelled += 1
    assert labelled >= 2
    writer = PdfWriter(clone_from=io.BytesIO(build_pdf_template(form)))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = tmp_path / "etiketter.pdf"
    with out.open("wb") as handle:
        writer.write(handle)
    assert extract_pdf(out)[1] == data


def test_flattened_pdf_is_not_a_form() -> None:
    from formkit.errors import PdfError

    pdf = _renderer("samtycke", True).render(_sample("samtycke"))
    with pytest.raises(PdfError, match="har inga formulärfält"):
        extract_pdf_bytes(pdf, "platt.pdf")


def test_pdf_source_for_validate(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(_renderer("genomforandeplan").render(_sample("genomforandeplan")))
    (record,) = read_records(path, get_form("genomforandeplan"))
    assert record.data == _sample("genomforandeplan") and not record.problems


def test_pdf_of_another_form_names_it(tmp_path: Path) -> None:
    path = tmp_path / "fel.pdf"
    path.write_bytes(_renderer("sip").render(_sample("sip")))
    (record,) = read_pdf_records(path, get_form("samtycke"))
    (problem,) = record.problems
    assert problem.severity == "error" and problem.rule == "form"
    assert problem.message == "PDF-filen är blanketten 'sip', inte 'samtycke'"


def test_cli_extract_prints_one_json_line_per_file(tmp_path: Path) -> None:
    paths = []
    for form_id in ("samtycke", "sel-referat"):
        path = tmp_path / f"{form_id}.pdf"
        path.write_bytes(_renderer(form_id).render(_sample(form_id)))
        paths.append(str(path))
    result = CliRunner().invoke(extract, paths)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    forms = ("samtycke", "sel-referat")
    assert lines == [{"source": p, "form": f, "data": _sample(f)} for p, f in zip(paths, forms, strict=True)]


def test_cli_extract_form_option_rejects_other_forms(tmp_path: Path) -> None:
    path = tmp_path / "sip.pdf"
    path.write_bytes(_renderer("sip").render(_sample("sip")))
    result = CliRunner().invoke(extract, [str(path), "--form", "samtycke"])
    assert result.exit_code == 2
    assert result.stderr == "formkit: fel: sip.pdf: är blanketten 'sip', inte 'samtycke'\n"


def test_cli_extract_unknown_form_option_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "sip.pdf"
    path.write_bytes(_renderer("sip").render(_sample("sip")))
    result = CliRunner().invoke(extract, [str(path), "--form", "samtyke"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("formkit: fel: ") and "samtyke" in result.stderr
    assert "sip.pdf" not in result.stderr


def _two_widget_template() -> bytes:
    """A template from elsewhere: the field barn.namn shown twice (two widgets as kids of one field)."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    widgets = []
    for y in (700, 300):
        widgets.append(
            writer._add_object(
                DictionaryObject(
                    {
                        NameObject("/Type"): NameObject("/Annot"),
                        NameObject("/Subtype"): NameObject("/Widget"),
                        NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (50, y, 300, y + 18)]),
                        NameObject("/P"): page.indirect_reference,
                    }
                )
            )
        )
    namn = writer._add_object(
        DictionaryObject(
            {
                NameObject("/T"): TextStringObject("namn"),
                NameObject("/FT"): NameObject("/Tx"),
                NameObject("/Kids"): ArrayObject(widgets),
            }
        )
    )
    barn = writer._add_object(
        DictionaryObject({NameObject("/T"): TextStringObject("barn"), NameObject("/Kids"): ArrayObject([namn])})
    )
    namn.get_object()[NameObject("/Parent")] = barn
    for widget in widgets:
        widget.get_object()[NameObject("/Parent")] = namn
    page[NameObject("/Annots")] = ArrayObject(widgets)
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): ArrayObject([barn])})
    writer.add_metadata({"/FormkitForm": "samtycke"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_field_with_two_widgets() -> None:
    renderer = PdfRenderer(get_form("samtycke"), template=_two_widget_template())
    pdf = renderer.render({"barn": {"namn": "Łukasz Wójcik"}})
    assert extract_pdf_bytes(pdf) == ("samtycke", {"barn": {"namn": "Łukasz Wójcik"}})
    reader = PdfReader(io.BytesIO(pdf))
    widgets = [annot.get_object() for annot in reader.pages[0]["/Annots"]]
    assert all("/AP" in widget for widget in widgets) and len(widgets) == 2
    flat = PdfRenderer(get_form("samtycke"), template=_two_widget_template(), flatten_form=True)
    text = PdfReader(io.BytesIO(flat.render({"barn": {"namn": "Łukasz Wójcik"}}))).pages[0].extract_text()
    assert text.count("Łukasz Wójcik") == 2


def test_radio_group_from_elsewhere_reads_as_its_enum_value() -> None:
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    radio = writer._add_object(
        DictionaryObject(
            {
                NameObject("/T"): TextStringObject("typ"),
                NameObject("/FT"): NameObject("/Btn"),
                NameObject("/Ff"): NumberObject(1 << 15),
                NameObject("/V"): NameObject("/uppfoljning"),
            }
        )
    )
    kids = ArrayObject()
    for state, x in (("ny", 50), ("uppfoljning", 100)):
        kids.append(
            writer._add_object(
                DictionaryObject(
                    {
                        NameObject("/Type"): NameObject("/Annot"),
                        NameObject("/Subtype"): NameObject("/Widget"),
                        NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (x, 700, x + 12, 712)]),
                        NameObject("/Parent"): radio,
                        NameObject("/AS"): NameObject("/" + state if state == "uppfoljning" else "/Off"),
                    }
                )
            )
        )
    radio.get_object()[NameObject("/Kids")] = kids
    page[NameObject("/Annots")] = kids
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): ArrayObject([radio])})
    writer.add_metadata({"/FormkitForm": "sip"})
    out = io.BytesIO()
    writer.write(out)
    assert extract_pdf_bytes(out.getvalue()) == ("sip", {"typ": "uppfoljning"})


@pytest.mark.parametrize("made_before_0_2", [False, True])
def test_pdf_of_an_older_form_version_warns(tmp_path: Path, made_before_0_2: bool) -> None:
    """The form's version is /FormkitFormVersion; a file made before formkit 0.2 held it in /FormkitVersion."""
    form = get_form("samtycke")
    writer = PdfWriter(clone_from=io.BytesIO(_renderer("samtycke").render(_sample("samtycke"))))
    info = {str(key): value for key, value in (writer.metadata or {}).items() if key != "/FormkitFormVersion"}
    writer.metadata = None
    writer.metadata = {**info, "/FormkitVersion": "0.9.0"} if made_before_0_2 else {**info, "/FormkitFormVersion": "0.9.0"}
    path = tmp_path / "gammal.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    (record,) = read_pdf_records(path, form)
    assert record.data == _sample("samtycke")
    (problem,) = record.problems
    assert problem.severity == "warning" and problem.rule == "version"
    assert problem.message == f"PDF-filen gjordes med version 0.9.0 av blanketten, nu gäller version {form.version}"


def test_formkits_own_version_is_not_the_forms(tmp_path: Path) -> None:
    """A file made by another formkit version, of the current form version: nothing to warn about."""
    writer = PdfWriter(clone_from=io.BytesIO(_renderer("samtycke").render(_sample("samtycke"))))
    writer.add_metadata({"/FormkitVersion": "9.9.9"})
    path = tmp_path / "ny.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    (record,) = read_pdf_records(path, get_form("samtycke"))
    assert record.problems == ()


def test_info_strings_from_the_file_are_printed_plain_and_short(tmp_path: Path) -> None:
    """The form id and version in a PDF's info are the sender's text: no control characters, no essays."""
    from formkit.errors import PdfError

    writer = PdfWriter(clone_from=io.BytesIO(_renderer("samtycke").render(_sample("samtycke"))))
    writer.add_metadata({"/FormkitFormVersion": "2.0\x1b]0;Tolvan Tolvansson\x07" + "x" * 5000})
    path = tmp_path / "konstig.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    (record,) = read_pdf_records(path, get_form("samtycke"))
    (problem,) = record.problems
    assert "\x1b" not in problem.message and "\x07" not in problem.message
    assert len(problem.message) < 200
    writer.add_metadata({"/FormkitForm": "\x1b[2Jokand" + "y" * 5000})
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(PdfError) as caught:
        extract_pdf(path)
    assert "\x1b" not in str(caught.value) and len(str(caught.value)) < 200
