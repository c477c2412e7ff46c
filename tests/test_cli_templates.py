"""`formkit templates build/check` cover PDF templates too, and `fill --template` picks the type by suffix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from formkit.cli import cli
from formkit.model.catalog import get_form
from formkit.sources.pdf import extract_pdf


def test_build_pdf_writes_a_template_that_checks_clean(tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    result = CliRunner().invoke(cli, ["templates", "build", "genomforandeplan", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == get_form("genomforandeplan").template_path("pdf").read_bytes()
    checked = CliRunner().invoke(cli, ["templates", "check", "genomforandeplan", "--template", str(target)])
    assert checked.exit_code == 0
    assert checked.output.splitlines() == ["genomforandeplan.pdf: ok"]


def test_check_pdf_of_another_form_is_an_error(tmp_path: Path) -> None:
    other = tmp_path / "other.pdf"
    shutil.copy(get_form("sip").template_path("pdf"), other)
    result = CliRunner().invoke(cli, ["templates", "check", "genomforandeplan", "--template", str(other)])
    assert result.exit_code == 1
    assert "genomforandeplan.pdf: fel: other.pdf: mallen är gjord för blanketten 'sip', inte 'genomforandeplan'" in result.output


def test_check_only_one_type(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["templates", "check", "sip", "--to", "pdf"])
    assert result.exit_code == 0
    assert result.output.splitlines() == ["sip.pdf: ok"]


def test_build_refuses_unknown_type() -> None:
    result = CliRunner().invoke(cli, ["templates", "build", "sip", "--to", "odt"])
    assert result.exit_code == 2
    assert "okänd malltyp 'odt'" in result.output


def test_fill_uses_a_pdf_template_given_by_suffix(tmp_path: Path) -> None:
    own = tmp_path / "egen.pdf"
    shutil.copy(get_form("sip").template_path("pdf"), own)
    out = tmp_path / "out"
    sample = get_form("sip").sample_path()
    result = CliRunner().invoke(cli, ["fill", "sip", str(sample), "--out", str(out), "--to", "pdf", "--template", str(own)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    (written,) = report["records"][0]["files"]
    form_id, data = extract_pdf(out / written)
    assert form_id == "sip"
    assert data == json.loads(sample.read_text(encoding="utf-8"))


def test_fill_refuses_a_template_of_another_kind(tmp_path: Path) -> None:
    odd = tmp_path / "mall.odt"
    odd.write_bytes(b"x")
    sample = get_form("sip").sample_path()
    result = CliRunner().invoke(cli, ["fill", "sip", str(sample), "--out", str(tmp_path / "o"), "--template", str(odd)])
    assert result.exit_code == 2
    assert "en mall är en .docx- eller .pdf-fil" in result.output


def test_build_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    for name in ("plan.docx", "plan.pdf"):
        target = tmp_path / "saknas" / name
        result = CliRunner().invoke(cli, ["templates", "build", "genomforandeplan", "--output", str(target)])
        assert result.exit_code == 2, result.output
        assert result.output == f"formkit: fel: {target}: mallen kan inte skrivas (finns inte)\n"


def test_fill_refuses_a_template_for_a_type_it_does_not_write(tmp_path: Path) -> None:
    sample = get_form("sip").sample_path()
    template = get_form("sip").template_path("pdf")
    out = tmp_path / "o"
    result = CliRunner().invoke(cli, ["fill", "sip", str(sample), "--out", str(out), "--template", str(template)])
    assert result.exit_code == 2
    assert result.output == f"formkit: fel: {template}: en .pdf-mall, men --to är docx\n"
    assert not out.exists()
