"""Hostile PDFs: each gives a clear PdfError (and exit 1 from `extract`), never a traceback or a hang."""

from __future__ import annotations

import io
import json
import logging
import struct
import tracemalloc
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from formkit.cli.extract import extract
from formkit.errors import PdfError, TemplateError
from formkit.model.catalog import get_form
from formkit.pdfio.safety import MAX_PDF_BYTES, MAX_STREAM_BYTES
from formkit.render.pdf.fill import fill_pdf
from formkit.sources.pdf import MAX_FIELDS, extract_pdf


def _raw_pdf(objects: list[bytes], root: int = 1, xref: bool = True) -> bytes:
    """A hand-written PDF of numbered objects with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    at = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        out += b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root)
    out += b"startxref\n%d\n%%%%EOF\n" % at
    return bytes(out)


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    form = get_form("avvikelserapport")
    data = json.loads(form.sample_path().read_text(encoding="utf-8"))
    path = tmp_path / "filled.pdf"
    path.write_bytes(fill_pdf(form, data))
    return path


def _expect(path: Path, words: str) -> None:
    with pytest.raises(PdfError) as caught:
        extract_pdf(path)
    message = str(caught.value)
    assert message.startswith(path.name + ":")
    assert words in message


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "brev.pdf"
    path.write_text("Hej! Det här är inget PDF-dokument.", encoding="utf-8")
    _expect(path, "ingen PDF-fil")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "tom.pdf"
    path.write_bytes(b"")
    _expect(path, "ingen PDF-fil")


def test_truncated(tmp_path: Path, filled: Path) -> None:
    path = tmp_path / "avklippt.pdf"
    data = filled.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _expect(path, "avkortad")


def test_password_protected(tmp_path: Path, filled: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(filled))
    writer.encrypt(user_password="hemligt", owner_password="hemligt", algorithm="AES-128")  # noqa: S106
    path = tmp_path / "krypterad.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    _expect(path, "lösenord")


def test_owner_password_only_is_readable(tmp_path: Path, filled: Path) -> None:
    """Permissions-only encryption (empty user password) is common for forms: it must open."""
    writer = PdfWriter(clone_from=PdfReader(filled))
    writer.encrypt(user_password="", owner_password="agare", algorithm="AES-128")  # noqa: S106
    path = tmp_path / "rattigheter.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert extract_pdf(path) == extract_pdf(filled)


def test_no_form(tmp_path: Path) -> None:
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, "Bara text, inga fält.")
    pdf.save()
    path = tmp_path / "utan-falt.pdf"
    path.write_bytes(out.getvalue())
    _expect(path, "har inga formulärfält")


def test_xfa_only_form(tmp_path: Path) -> None:
    """A form made in Adobe's XML designer holds its fields in /XFA, not as AcroForm fields."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /XFA 4 0 R >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Length 25 >>\nstream\n<xdp:xdp>Tolvan</xdp:xdp>\nendstream",
    ]
    path = tmp_path / "xfa.pdf"
    path.write_bytes(_raw_pdf(objects))
    _expect(path, "ett XFA-formulär")


def test_decompression_bomb(tmp_path: Path) -> None:
    """An xref stream that inflates far beyond any form: refused at the stream limit."""
    entries = b"\x00\x00\x00\x00\x00\xff\xff" + b"\x01\x00\x00\x00\x09\x00\x00"
    bomb = zlib.compress(entries + bytes(8 * MAX_STREAM_BYTES), 9)
    catalog = b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] >> >>"
    head = b"%PDF-1.7\n"
    obj1 = b"1 0 obj\n" + catalog + b"\nendobj\n"
    at = len(head) + len(obj1)
    xref = (
        b"2 0 obj\n<< /Type /XRef /Size 3 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n" % len(bomb)
        + bomb
        + b"\nendstream\nendobj\n"
    )
    path = tmp_path / "bomb.pdf"
    path.write_bytes(head + obj1 + xref + b"startxref\n%d\n%%%%EOF\n" % at)
    assert path.stat().st_size < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(PdfError) as caught:
            extract_pdf(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(caught.value).startswith("bomb.pdf:")
    assert peak < 4 * MAX_STREAM_BYTES  # it stopped at the limit instead of inflating 128 MB


def test_huge_field_value_is_refused_before_parsing(tmp_path: Path) -> None:
    """A 20 MB field value: pypdf would need ~25 bytes of memory per byte to parse it."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /T (barn) /Kids [5 0 R] >>",
        b"<< /T (namn) /FT /Tx /V (" + b"A" * (20 * 1024 * 1024) + b") >>",
    ]
    path = tmp_path / "jattelang.pdf"
    path.write_bytes(_raw_pdf(objects))
    tracemalloc.start()
    try:
        _expect(path, "för stor")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * MAX_PDF_BYTES < 64 * 1024 * 1024


def test_a_device_without_a_size_is_read_only_up_to_the_cap() -> None:
    """/dev/zero reports size 0 and never ends: reading it whole would exhaust memory."""
    _expect(Path("/dev/zero"), "för stor")


def test_object_stream_that_is_not_one(tmp_path: Path) -> None:
    """The xref puts a field in object 5, which is no /ObjStm: pypdf fails an assert, formkit a file."""
    head = b"%PDF-1.7\n"
    plain = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        None,
        b"<< /Type /XObject /Length 4 >>\nstream\n4 0 \nendstream",
    ]
    out, offsets = bytearray(head), {}
    for number, body in enumerate(plain, start=1):
        if body is not None:
            offsets[number] = len(out)
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    at = len(out)
    rows = struct.pack(">BIH", 0, 0, 65535)
    for number in range(1, 7):
        rows += struct.pack(">BIH", 2, 5, 0) if number == 4 else struct.pack(">BIH", 1, offsets.get(number, at), 0)
    out += b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(rows)
    out += rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % at
    path = tmp_path / "objstm.pdf"
    path.write_bytes(bytes(out))
    _expect(path, "skadad")


def test_cyclic_field_tree(tmp_path: Path) -> None:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /T (barn) /Kids [5 0 R] >>",
        b"<< /T (namn) /Parent 4 0 R /Kids [4 0 R] >>",
    ]
    path = tmp_path / "cykel.pdf"
    path.write_bytes(_raw_pdf(objects))
    _expect(path, "cykel")


def test_self_referencing_fields_array(tmp_path: Path) -> None:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Fields [4 0 R] >>",
    ]
    path = tmp_path / "sjalv.pdf"
    path.write_bytes(_raw_pdf(objects))
    with pytest.raises(PdfError):
        extract_pdf(path)


@pytest.mark.parametrize("kind", [b"", b"/FT /Tx ", b"/FT /Btn "])
def test_kids_array_that_contains_itself(tmp_path: Path, kind: bytes) -> None:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /T (barn) " + kind + b"/Kids 5 0 R >>",
        b"[5 0 R]",
    ]
    path = tmp_path / "sjalvlista.pdf"
    path.write_bytes(_raw_pdf(objects))
    with pytest.raises(PdfError) as caught:
        extract_pdf(path)
    assert str(caught.value).startswith("sjalvlista.pdf: ")


def test_too_many_fields(tmp_path: Path) -> None:
    count = MAX_FIELDS + 5
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /T (delaktiga) /Kids [" + b" ".join(b"%d 0 R" % (5 + i) for i in range(count)) + b"] >>",
        *(b"<< /T (%d) /FT /Tx /V (x) >>" % i for i in range(count)),
    ]
    path = tmp_path / "manga.pdf"
    path.write_bytes(_raw_pdf(objects))
    _expect(path, "för stor")


def test_garbage_after_header(tmp_path: Path) -> None:
    path = tmp_path / "skrap.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 50 + b"\n%%EOF\n")
    with pytest.raises(PdfError):
        extract_pdf(path)


def test_cli_judges_every_file(tmp_path: Path, filled: Path) -> None:
    """One bad file does not stop the batch: the good one is printed, exit code 2 (unreadable input), no traceback."""
    bad = tmp_path / "trasig.pdf"
    bad.write_bytes(b"%PDF-1.7\nnonsense")
    result = CliRunner().invoke(extract, [str(bad), str(filled)])
    assert result.exit_code == 2
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["form"] == "avvikelserapport"
    assert result.stderr == "formkit: fel: trasig.pdf: avkortad (slutet av filen saknas)\n"
    assert "Traceback" not in result.output


def test_cyclic_template_is_refused() -> None:
    from formkit.render.pdf.fill import PdfRenderer

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /T (barn) /Kids [5 0 R] >>",
        b"<< /T (namn) /Parent 4 0 R /Kids [4 0 R] >>",
    ]
    with pytest.raises(TemplateError, match="cykel"):
        PdfRenderer(get_form("samtycke"), template=_raw_pdf(objects))


def test_pypdf_logs_nothing_while_formkit_reads(tmp_path: Path, filled: Path, caplog: pytest.LogCaptureFixture) -> None:
    """pypdf logs warnings that can quote field values: none may reach formkit's logs."""
    data = filled.read_bytes()
    at = data.rindex(b"startxref\n") + len(b"startxref\n")
    end = data.index(b"\n", at)
    path = tmp_path / "fel-pekare.pdf"
    path.write_bytes(data[:at] + str(int(data[at:end]) + 7).encode() + data[end:])  # a wrong xref offset
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="pypdf")
    PdfReader(path).get_fields()  # plain pypdf does log about this file
    assert [record for record in caplog.records if record.name.startswith("pypdf")]
    caplog.clear()
    assert extract_pdf(path)[0] == "avvikelserapport"
    assert not [record for record in caplog.records if record.name.startswith("pypdf")]



def test_no_field_value_reaches_logs_or_stderr(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    """A value written as a bare number makes pypdf log it: `formkit extract` prints values only as data."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /T (barn) /Kids [5 0 R 6 0 R] >>",
        b"<< /T (namn) /FT /Tx /V (Tolvan Tolvansson) >>",
        b"<< /T (personnummer) /FT /Tx /V 19121212-1212 >>",  # not a string: malformed
    ]
    path = tmp_path / "naket-tal.pdf"
    path.write_bytes(_raw_pdf(objects))
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="pypdf")
    PdfReader(path).get_fields()  # plain pypdf quotes the value in a warning
    assert any("19121212-1212" in record.getMessage() for record in caplog.records)
    caplog.clear()
    capsys.readouterr()
    assert extract_pdf(path)[1] == {"barn": {"namn": "Tolvan Tolvansson"}}  # the library, logger wide open
    assert not caplog.records
    assert capsys.readouterr().err == ""  # nor through logging's last-resort handler
    result = CliRunner().invoke(extract, [str(path)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["data"] == {"barn": {"namn": "Tolvan Tolvansson"}}
    assert result.stderr == ""
    assert not caplog.records
