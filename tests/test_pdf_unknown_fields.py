"""A field another tool added to a filled PDF is reported, never dropped without a word (issue 19 item 8)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from formkit.cli.extract import extract
from formkit.model.catalog import get_form
from formkit.render.pdf.fill import PdfRenderer
from formkit.sources import read_records

SAMPLE = json.loads(get_form("samtycke").sample_path().read_text(encoding="utf-8"))


def filled_with_extra_fields(path: Path, extra: dict[str, str]) -> Path:
    """The sample samtycke filled by formkit, then fields *extra* (name: value) added as another tool would."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(PdfRenderer(get_form("samtycke")).render(SAMPLE))))
    fields = writer.root_object["/AcroForm"]["/Fields"]
    for name, value in extra.items():
        field = DictionaryObject({NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject(name)})
        field[NameObject("/V")] = TextStringObject(value)
        fields.append(writer._add_object(field))
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def test_extract_names_a_field_the_form_does_not_have_on_stderr(tmp_path: Path) -> None:
    path = filled_with_extra_fields(tmp_path / "samtycke.pdf", {"Kommentar": "Ring efter kl. 15", "Tom": ""})
    result = CliRunner().invoke(extract, [str(path)])
    assert result.exit_code == 0
    [line] = [line for line in result.stdout.splitlines() if line.strip()]
    assert json.loads(line)["data"] == SAMPLE  # the record is the form's; the extra value is not in it
    assert result.stderr.splitlines() == [
        f"formkit: {path}: varning: fältet Kommentar finns inte i blanketten samtycke (det är tillagt av ett annat program); "
        "dess värde lästes inte"
    ]  # an extra field without a value loses nothing and is not named
    assert "Ring efter" not in result.stderr


def test_validate_warns_at_the_unknown_fields_path(tmp_path: Path) -> None:
    path = filled_with_extra_fields(tmp_path / "samtycke.pdf", {"Kommentar": "Ring efter kl. 15"})
    [record] = read_records(path, "samtycke")
    assert record.data == SAMPLE
    assert [(p.path, p.severity, p.rule) for p in record.problems] == [("Kommentar", "warning", "unknown_field")]


@pytest.mark.parametrize("name", ["Tolvan 191212121212", "Namn på förälder", "x" * 81])
def test_a_field_name_that_may_hold_personal_data_is_not_shown(tmp_path: Path, name: str) -> None:
    path = filled_with_extra_fields(tmp_path / "samtycke.pdf", {name: "värde"})
    result = CliRunner().invoke(extract, [str(path)])
    assert "(okänt fält)" in result.stderr and name not in result.stderr
    [record] = read_records(path, "samtycke")
    assert [p.path for p in record.problems] == ["(okänt fält)"]
