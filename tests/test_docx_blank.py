"""The blank Word form: a content control per field of the blank plan, tagged with its path, filled as Word fills it."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree  # type: ignore[import-untyped]

import formkit
from formkit.cli import main
from formkit.model.catalog import form_ids, get_form
from formkit.model.paths import flatten
from formkit.render.docx.blank import FORM_PROPERTY, blank_docx
from formkit.render.plan import build_plan, format_date
from formkit.settings import Settings

ROOT = Path(__file__).resolve().parent.parent

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W, "w14": W14}
FORMS = form_ids()


def _document(data: bytes, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(part))


def _controls(root: etree._Element) -> list[etree._Element]:
    return list(root.iter(f"{{{W}}}sdt"))


def _tag(control: etree._Element) -> str | None:
    tag = control.find("w:sdtPr/w:tag", NS)
    return None if tag is None else tag.get(f"{{{W}}}val")


@pytest.fixture(scope="module")
def blanks() -> dict[str, bytes]:
    return {form_id: blank_docx(get_form(form_id), Settings()) for form_id in FORMS}


@pytest.mark.parametrize("form_id", FORMS)
def test_every_field_of_the_blank_plan_is_one_control_tagged_with_its_path(blanks: dict[str, bytes], form_id: str) -> None:
    plan = build_plan(get_form(form_id), None, Settings(), "blank")
    tags = [_tag(control) for control in _controls(_document(blanks[form_id]))]
    assert tags == [field.path for field in plan.fields()]
    assert len(set(tags)) == len(tags)


def test_spare_rows_are_controls_too(blanks: dict[str, bytes]) -> None:
    tags = {_tag(control) for control in _controls(_document(blanks["genomforandeplan"]))}
    assert {"barn.namn", "vardnadshavare.0.namn", "vardnadshavare.3.epost", "insatser.2.ansvarig.verksamhet"} <= tags


def test_kinds_dates_in_the_forms_language_drop_downs_and_check_boxes(blanks: dict[str, bytes]) -> None:
    swedish = {_tag(c): c for c in _controls(_document(blanks["sip"]))}
    date = swedish["upprattad_datum"].find("w:sdtPr/w:date", NS)
    assert date.find("w:dateFormat", NS).get(f"{{{W}}}val") == "yyyy-MM-dd"
    assert date.find("w:lid", NS).get(f"{{{W}}}val") == "sv-SE"
    assert "".join(swedish["upprattad_datum"].itertext()) == "Välj datum"
    assert swedish["upprattad_datum"].find("w:sdtPr/w:showingPlcHdr", NS) is not None
    items = swedish["typ"].findall("w:sdtPr/w:dropDownList/w:listItem", NS)
    assert [(i.get(f"{{{W}}}value"), i.get(f"{{{W}}}displayText")) for i in items] == [
        ("ny", "Ny SIP"),
        ("uppfoljning", "Uppföljning av SIP"),
    ]
    box = swedish["samtycke.lamnat"].find("w:sdtPr/w14:checkbox", NS)
    assert box.find("w14:checked", NS).get(f"{{{W14}}}val") == "0"
    assert "".join(swedish["samtycke.lamnat"].itertext()) == "\u2610"
    assert swedish["motesplats"].find("w:sdtPr/w:text", NS) is not None
    norwegian = {_tag(c): c for c in _controls(_document(blanks["sel-referat"]))}
    date = norwegian["mote.dato"].find("w:sdtPr/w:date", NS)
    assert date.find("w:dateFormat", NS).get(f"{{{W}}}val") == "dd.MM.yyyy"
    assert "".join(norwegian["mote.sted"].itertext()) == "Skriv her"


def test_the_rest_is_protected_and_the_form_is_named(blanks: dict[str, bytes]) -> None:
    settings = _document(blanks["sip"], "word/settings.xml")
    protection = settings.find("w:documentProtection", NS)
    assert protection.get(f"{{{W}}}edit") == "forms" and protection.get(f"{{{W}}}enforcement") == "1"
    names = [child.tag.split("}")[1] for child in settings]
    assert names.index("documentProtection") < names.index("defaultTabStop")  # where the schema puts it
    custom = _document(blanks["sip"], "docProps/custom.xml")
    assert [p.get("name") for p in custom] == [FORM_PROPERTY, "FormkitFormVersion"]
    assert custom[0][0].text == "sip"
    for control in _controls(_document(blanks["sip"])):
        assert control.find("w:sdtPr/w:lock", NS).get(f"{{{W}}}val") == "sdtLocked"


def test_the_header_carries_the_settings_municipality_and_marking() -> None:
    settings = Settings(kommun="Åre kommun", sekretessmarkering=(("sip", "Sekretess enligt OSL 26 kap."),))
    header = "".join(_document(blank_docx(get_form("sip"), settings), "word/header1.xml").itertext())
    assert "Åre kommun" in header and "Sekretess enligt OSL 26 kap." in header


# --- filled as Word fills a content control ------------------------------------------------------------------------


def fill_as_word(blank: bytes, values: dict[str, Any], language: str) -> bytes:
    """Type *values* (path -> value) into the controls as Word does: the text in the control's run, the placeholder
    flag removed, a date's ``w:fullDate`` set, a drop-down's label shown, a check box's state and glyph."""
    with zipfile.ZipFile(io.BytesIO(blank)) as package:
        members = {info.filename: package.read(info) for info in package.infolist()}
    root = etree.fromstring(members["word/document.xml"])
    for control in _controls(root):
        path = _tag(control)
        if path not in values:
            continue
        value = values[path]
        properties = control.find("w:sdtPr", NS)
        content = control.find("w:sdtContent", NS)
        box = properties.find("w14:checkbox", NS)
        if box is not None:
            box.find("w14:checked", NS).set(f"{{{W14}}}val", "1" if value else "0")
            content.find(".//w:t", NS).text = "\u2612" if value else "\u2610"
            continue
        flag = properties.find("w:showingPlcHdr", NS)
        if flag is not None:
            properties.remove(flag)
        shown = str(value)
        date = properties.find("w:date", NS)
        if date is not None:
            date.set(f"{{{W}}}fullDate", f"{value}T00:00:00Z")
            shown = format_date(value, language)
        for item in properties.findall("w:dropDownList/w:listItem", NS):
            if item.get(f"{{{W}}}value") == value:
                shown = item.get(f"{{{W}}}displayText")
        for old in list(content):
            content.remove(old)
        typed = etree.SubElement(content, f"{{{W}}}r")
        lines = shown.split("\n")
        for index, line in enumerate(lines):
            if index:
                etree.SubElement(typed, f"{{{W}}}br")
            text = etree.SubElement(typed, f"{{{W}}}t")
            text.text = line
    members["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return out.getvalue()


def read_controls(filled: bytes) -> dict[str, Any]:
    """What a filled form's controls hold, by tag, as the module docstring of formkit.render.docx.blank defines it."""
    found: dict[str, Any] = {}
    for control in _controls(_document(filled)):
        properties = control.find("w:sdtPr", NS)
        box = properties.find("w14:checkbox", NS)
        if box is not None:
            found[_tag(control)] = box.find("w14:checked", NS).get(f"{{{W14}}}val") in ("1", "true")
            continue
        if properties.find("w:showingPlcHdr", NS) is not None:
            continue
        date = properties.find("w:date", NS)
        if date is not None and date.get(f"{{{W}}}fullDate"):
            found[_tag(control)] = date.get(f"{{{W}}}fullDate")[:10]
            continue
        pieces = []
        for node in control.find("w:sdtContent", NS).iter(f"{{{W}}}t", f"{{{W}}}br"):
            pieces.append("\n" if node.tag == f"{{{W}}}br" else node.text or "")
        shown = "".join(pieces)
        items = properties.findall("w:dropDownList/w:listItem", NS)
        codes = {i.get(f"{{{W}}}displayText"): i.get(f"{{{W}}}value") for i in items}
        found[_tag(control)] = codes.get(shown, shown)
    return found


@pytest.mark.parametrize("form_id", FORMS)
def test_a_sample_typed_into_the_blank_form_reads_back_by_tag(blanks: dict[str, bytes], form_id: str) -> None:
    form = get_form(form_id)
    record = json.loads(form.sample_path().read_text(encoding="utf-8"))
    tags = {_tag(control) for control in _controls(_document(blanks[form_id]))}
    values = {path: value for path, value in flatten(record).items() if path in tags}
    assert len(values) >= 10
    filled = fill_as_word(blanks[form_id], values, form.language)
    # A control holds text: a number typed into one reads back as its digits (extract converts it by the schema).
    typed = {path: str(v) if isinstance(v, int) and not isinstance(v, bool) else v for path, v in values.items()}
    assert read_controls(filled) == typed


def test_libreoffice_keeps_the_controls_protection_and_property_but_not_the_tags(
    blanks: dict[str, bytes], tmp_path: Path
) -> None:
    """What a form saved again by LibreOffice (7.4) holds: said in the README."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("soffice is not installed (apt-get install libreoffice-writer-nogui)")
    source = tmp_path / "sip.docx"
    source.write_bytes(blanks["sip"])
    out = tmp_path / "saved"
    profile = (tmp_path / "profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx:MS Word 2007 XML"]
    subprocess.run([*command, "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=240)
    saved = (out / "sip.docx").read_bytes()
    assert len(_controls(_document(saved))) >= len(_controls(_document(blanks["sip"])))  # LibreOffice may add some
    assert not [tag for tag in map(_tag, _controls(_document(saved))) if tag]  # 7.4 drops w:tag
    protection = _document(saved, "word/settings.xml").find("w:documentProtection", NS)
    assert protection is not None and protection.get(f"{{{W}}}edit") == "forms"
    assert _document(saved, "docProps/custom.xml")[0][0].text == "sip"


def test_cli_blank_writes_word_and_pdf_forms(empty_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["blank", "genomforandeplan", "--to", "docx", "--out", "bilaga2.docx"]) == 0
    assert _tag(_controls(_document(Path("bilaga2.docx").read_bytes()))[0]) == "upprattad_datum"
    assert main(["blank", "genomforandeplan", "--out", "bilaga2.docx"]) == 2
    assert "finns redan" in capsys.readouterr().err
    assert main(["blank", "samtycke", "--out", "samtycke.pdf"]) == 0
    assert Path("samtycke.pdf").read_bytes().startswith(b"%PDF")


def test_the_bundled_filled_word_form_reads_back_as_the_sample() -> None:
    """samples/ifyllda/ holds Bilaga 2 filled in Word as a school would (make demo reads it): every value is read,
    the municipality excepted (the blank form prints the settings' kommun in its header, not a control)."""
    record = json.loads(get_form("genomforandeplan").sample_path().read_text(encoding="utf-8"))
    found = formkit.extract(ROOT / "samples" / "ifyllda" / "genomforandeplan-ifylld.docx")
    assert found.form == "genomforandeplan"
    assert found.data == {key: value for key, value in record.items() if key != "kommun"}
