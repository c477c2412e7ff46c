"""fill --archive and --checksums: archival PDF/A copies an archivist can verify against their checksums."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from formkit.cli.fill import fill
from formkit.model.catalog import get_form
from formkit.pdfio.check import check_pdf
from formkit.sources.pdf import extract_pdf
from tests.test_documents import printed_values


def _sample(form_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(get_form(form_id).sample_path().read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two SIPs filled to Word and PDF with their archival copies and SHA256SUMS."""
    folder = tmp_path_factory.mktemp("arkiv")
    second = _sample("sip")
    second["person"]["namn"] = "Łukasz Ödmark-Yılmaz"
    source = folder / "planer.json"
    source.write_text(json.dumps([_sample("sip"), second], ensure_ascii=False), encoding="utf-8")
    out = folder / "ut"
    result = CliRunner().invoke(fill, ["sip", str(source), "--out", str(out), "--to", "pdf,docx", "--archive", "--checksums"])
    assert result.exit_code == 0, result.output
    return out


def test_each_record_gets_its_archival_copies(archived: Path) -> None:
    names = sorted(p.name for p in archived.iterdir())
    assert names == [
        "SHA256SUMS", "report.json",
        "sip-00001.arkiv.pdf", "sip-00001.docx", "sip-00001.pdf", "sip-00001.word-arkiv.pdf",
        "sip-00002.arkiv.pdf", "sip-00002.docx", "sip-00002.pdf", "sip-00002.word-arkiv.pdf",
    ]  # fmt: skip


def test_checksums_are_in_the_report_and_sha256sum_accepts_them(archived: Path) -> None:
    report = json.loads((archived / "report.json").read_text(encoding="utf-8"))
    listed = {name: digest for record in report["records"] for name, digest in record["sha256"].items()}
    assert set(listed) == {name for record in report["records"] for name in record["files"]}
    for name, digest in listed.items():
        assert hashlib.sha256((archived / name).read_bytes()).hexdigest() == digest
    lines = (archived / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert lines == [f"{listed[name]}  {name}" for name in sorted(listed)]
    sha256sum = shutil.which("sha256sum")
    assert sha256sum is not None, "sha256sum is part of coreutils"
    assert subprocess.run([sha256sum, "-c", "--quiet", "SHA256SUMS"], cwd=archived, check=False).returncode == 0
    (archived / "sip-00001.pdf").write_bytes(b"changed")  # a changed copy is found out
    try:
        assert subprocess.run([sha256sum, "-c", "--quiet", "SHA256SUMS"], cwd=archived, capture_output=True).returncode == 1
    finally:
        pass


@pytest.mark.parametrize("name", ["sip-00002.arkiv.pdf", "sip-00002.word-arkiv.pdf"])
def test_archival_copies_pass_the_check_hold_every_value_and_no_personal_metadata(archived: Path, name: str) -> None:
    data = (archived / name).read_bytes()
    result = check_pdf(data)
    assert result.conforms, [f.rule for f in result.findings]
    assert result.standard.startswith("PDF/A-2")
    fonts = subprocess.run(["pdffonts", str(archived / name)], capture_output=True, text=True, check=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts  # every font embedded
    text = "".join(subprocess.run(["pdftotext", str(archived / name), "-"], capture_output=True, text=True).stdout.split())
    record = _sample("sip")
    record["person"]["namn"] = "Łukasz Ödmark-Yılmaz"
    missing = [v for v in printed_values(get_form("sip"), record, booleans=False) if "".join(v.split()) not in text]
    assert missing == []
    reader = PdfReader(archived / name)
    metadata = reader.xmp_metadata
    assert metadata is not None
    xml = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    info = " ".join(str(v) for v in (reader.metadata or {}).values())
    for secret in ("Ödmark", "Yılmaz", "20090416", "Järpvägen"):
        assert secret not in xml and secret not in info


def test_the_fillable_copy_beside_the_archival_one_still_extracts(archived: Path) -> None:
    assert extract_pdf(archived / "sip-00002.pdf")[0] == "sip"
