"""Archival copies of filled PDFs: PDF/A-2 that passes the check, fonts embedded, every value in the text, clean metadata."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

from formkit.errors import RenderError
from formkit.i18n import LOCALES
from formkit.model.catalog import get_form
from formkit.model.paths import flatten
from formkit.pdfio.check import check_pdf
from formkit.pdfio.conformance.base import icc_header, raw_string
from formkit.pdfio.conformance.xmp import NS_DC, NS_PDF, NS_PDFAID, NS_PDFUAID, NS_XMP, parse_xmp
from formkit.render.context import display_context
from formkit.render.pdf.archive import PdfArchiveRenderer, archive_pdf
from formkit.render.pdf.fill import PdfRenderer, fill_pdf
from formkit.render.pdf.pdfa import XMP_NS, ArchiveMetadata, srgb_profile
from formkit.settings import Settings
from formkit.sources.pdf import extract_pdf_bytes
from tests.conftest import FORM_IDS
from tests.test_docx_libreoffice import _tool
from tests.test_pdf_fill import _pdftotext, _sample

CREATED = datetime(2025, 3, 12, 10, 15, tzinfo=UTC)


@pytest.fixture(scope="module")
def flattened() -> dict[str, bytes]:
    """The flattened copy of every sample, as `fill --flatten` writes it (the municipality on every page)."""
    return {
        form_id: PdfRenderer(get_form(form_id), flatten_form=True, settings=Settings()).render(_sample(form_id))
        for form_id in FORM_IDS
    }


@pytest.fixture(scope="module")
def archived() -> dict[str, bytes]:
    """The archival copy of every sample, made as `fill --archive` will: render, flatten, PDF/A."""
    return {
        form_id: PdfArchiveRenderer(get_form(form_id), Settings(), created=CREATED).render(_sample(form_id))
        for form_id in FORM_IDS
    }


def _meta(form_id: str = "samtycke", created: datetime = CREATED) -> ArchiveMetadata:
    return ArchiveMetadata.of(get_form(form_id), created)


def _rewrite(data: bytes, change: Any) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _squeeze(text: str) -> str:
    return "".join(text.split())


def record_texts(form_id: str) -> list[str]:
    """The sample's texts that metadata must never hold (dates and times could meet the creation time by chance,
    and the municipality may be part of the form's own title)."""
    title = get_form(form_id).full_title
    texts = flatten(_sample(form_id)).values()
    return [v for v in texts if isinstance(v, str) and len(v) >= 4 and not re.fullmatch(r"[\d:-]+", v) and v not in title]


def _root(data: bytes) -> Any:
    return PdfReader(io.BytesIO(data)).trailer["/Root"]


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_archival_copy_passes_the_check(archived: dict[str, bytes], form_id: str) -> None:
    """The flattened copy keeps the form's structure tree, so it claims (and meets) PDF/UA-1 as well."""
    result = check_pdf(archived[form_id])
    assert result.findings == []
    assert result.standard == "PDF/A-2u + PDF/UA-1"
    assert parse_xmp(_root(archived[form_id])["/Metadata"].get_data()).text(NS_PDFUAID, "part") == "1"


def test_an_untagged_copy_claims_pdfa_only(flattened: dict[str, bytes]) -> None:
    def untag(writer: PdfWriter) -> None:
        del writer.root_object["/StructTreeRoot"]
        del writer.root_object["/MarkInfo"]

    copy = archive_pdf(_rewrite(flattened["samtycke"], untag), _meta("samtycke"))
    assert b"pdfuaid" not in _root(copy)["/Metadata"].get_data()
    result = check_pdf(copy)
    assert result.conforms and result.standard == "PDF/A-2u"


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_pdffonts_lists_every_font_embedded(archived: dict[str, bytes], form_id: str, tmp_path: Path) -> None:
    path = tmp_path / "copy.pdf"
    path.write_bytes(archived[form_id])
    listing = subprocess.run([_tool("pdffonts", "poppler-utils"), str(path)], check=True, capture_output=True, text=True).stdout
    fonts = listing.splitlines()[2:]
    assert fonts
    for line in fonts:
        emb, _sub, uni = line.split()[-5:-2]  # name, type and encoding may hold spaces; emb sub uni object gen close the line
        assert (emb, uni) == ("yes", "yes"), line
    assert not any("ZapfDingbats" in line or "Helvetica" in line for line in fonts)


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_archival_text_holds_every_value(
    archived: dict[str, bytes], flattened: dict[str, bytes], form_id: str, tmp_path: Path
) -> None:
    """pdftotext finds each value of the record (as printed: raw, or its label or date as displayed) and every check mark."""
    record = _sample(form_id)
    text = _pdftotext(archived[form_id], tmp_path)
    squeezed = _squeeze(text)
    shown = flatten(display_context(get_form(form_id), record, Settings()))
    missing = []
    for path, value in flatten(record).items():
        if isinstance(value, str) and value.strip():
            candidates = {_squeeze(value), _squeeze(str(shown.get(path, value)))}
            if not any(c in squeezed for c in candidates):
                missing.append(path)
    assert missing == []
    assert text.count("\u2714") == sum(1 for value in flatten(record).values() if value is True)
    assert _squeeze(_pdftotext(flattened[form_id], tmp_path)) == squeezed  # the archival copy reads like the flattened one


def test_a_filled_copy_still_extracts() -> None:
    """Filling (not archiving) keeps the form: the values read back as the record."""
    for form_id in FORM_IDS:
        record = _sample(form_id)
        assert extract_pdf_bytes(fill_pdf(get_form(form_id), record)) == (form_id, record)


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_one_revision_without_form_or_standard_fonts(archived: dict[str, bytes], form_id: str) -> None:
    data = archived[form_id]
    assert data.startswith(b"%PDF-1.7\n%")
    assert data.count(b"%%EOF") == 1 and b"/Prev" not in data  # rewritten, not an incremental update of the filled copy
    for absent in (b"/AcroForm", b"/Widget", b"ZapfDingbats", b"/Helvetica", b"/NeedAppearances"):
        assert absent not in data
    ids: Any = PdfReader(io.BytesIO(data)).trailer["/ID"]
    # As written: pypdf may read 16 random bytes as UTF-16 text and hand back 8 characters.
    assert raw_string(ids[0]) == raw_string(ids[1]) and len(raw_string(ids[0])) == 16


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_metadata_describe_the_form(archived: dict[str, bytes], form_id: str) -> None:
    form = get_form(form_id)
    reader = PdfReader(io.BytesIO(archived[form_id]))
    root: Any = reader.trailer["/Root"]
    xmp = parse_xmp(root["/Metadata"].get_data())
    assert xmp.text(NS_PDFAID, "part") == "2" and xmp.text(NS_PDFAID, "conformance") == "U"
    assert xmp.lang_alt(NS_DC, "title") == {"x-default": form.title}
    assert xmp.items(NS_DC, "language") == [LOCALES[form.language]]
    assert xmp.text(NS_XMP, "CreateDate") == "2025-03-12T10:15:00+00:00"
    assert xmp.text(NS_XMP, "CreatorTool") == f"formkit {_meta().formkit_version}"
    assert (xmp.text(NS_PDF, "Producer") or "").startswith("formkit ")
    assert (xmp.text(XMP_NS, "formId"), xmp.text(XMP_NS, "formVersion")) == (form.id, form.version)
    assert xmp.text(XMP_NS, "formkitVersion") == _meta().formkit_version
    assert not XMP_NS.startswith("http") and ".invalid" not in XMP_NS
    info: Any = reader.metadata
    assert (info["/Title"], info["/FormkitForm"], info["/CreationDate"]) == (form.title, form.id, "D:20250312101500+00'00'")
    # Each version under its own name (the form's was under /FormkitVersion before 0.2, where formkit's is now).
    assert (info["/FormkitFormVersion"], info["/FormkitVersion"]) == (form.version, _meta().formkit_version)
    assert str(root["/Lang"]) == LOCALES[form.language]
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and intent["/DestOutputProfile"].get_object()["/N"] == 3


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_no_personal_data_in_the_metadata(archived: dict[str, bytes], form_id: str) -> None:
    reader = PdfReader(io.BytesIO(archived[form_id]))
    packet = _root(archived[form_id])["/Metadata"].get_data().decode("utf-8")
    info = " ".join(str(v) for v in (reader.metadata or {}).values())
    values = record_texts(form_id)
    assert len(values) > 5 and not [v for v in values if v in packet or v in info]


def test_check_marks_are_an_embedded_dejavu_glyph(archived: dict[str, bytes]) -> None:
    """A ticked box shows U+2714 from an embedded DejaVu Sans subset (no ZapfDingbats): same mark, same text."""
    marks = 0
    for page in PdfReader(io.BytesIO(archived["samtycke"])).pages:
        painted = re.findall(rb"/(FkA\d+) Do", page.get_contents().get_data())  # type: ignore[union-attr]
        xobjects = page["/Resources"]["/XObject"]  # type: ignore[index]
        for name in painted:
            stream = xobjects["/" + name.decode()].get_object()
            for font in stream.get("/Resources", {}).get("/Font", {}).values():
                font = font.get_object()
                if b"<2714>" in font["/ToUnicode"].get_object().get_data():
                    marks += 1
                    assert "/FontFile2" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    assert marks == 3  # both guardians' joint custody and the child's consent


def test_zapfdingbats_marks_of_another_tool_move_to_dejavu(flattened: dict[str, bytes], tmp_path: Path) -> None:
    """A form from another tool draws its check marks in ZapfDingbats (not embedded): the copy draws ✔ in DejaVu Sans."""

    def add_zapf_mark(writer: PdfWriter) -> None:
        page: Any = writer.pages[0]
        zapf = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/ZapfDingbats"),
            }
        )
        page["/Resources"]["/Font"][NameObject("/ZaDb")] = writer._add_object(zapf)
        stream = DecodedStreamObject()
        stream.set_data(b"/Artifact BMC q 0 g BT /ZaDb 9 Tf 100 100 Td (4) Tj ET Q EMC")
        page[NameObject("/Contents")] = ArrayObject([*page["/Contents"], writer._add_object(stream)])

    copy = archive_pdf(_rewrite(flattened["avvikelserapport"], add_zapf_mark), _meta("avvikelserapport"))
    assert check_pdf(copy).findings == [] and b"ZapfDingbats" not in copy
    assert "\u2714" in _pdftotext(copy, tmp_path)


def test_a_fillable_copy_is_refused() -> None:
    filled = fill_pdf(get_form("samtycke"), _sample("samtycke"))
    with pytest.raises(RenderError) as caught:
        archive_pdf(filled, _meta())
    assert caught.value.msg.key == "archive.not_flat"
    assert "platta ut" in caught.value.message("sv") and "flat ut" in caught.value.message("nb")


def test_level_b_when_a_glyph_has_no_unicode(flattened: dict[str, bytes]) -> None:
    def drop_to_unicode(writer: PdfWriter) -> None:
        for obj in writer._objects:
            if isinstance(obj, DictionaryObject) and obj.get("/Subtype") == "/Type0":
                del obj["/ToUnicode"]

    copy = archive_pdf(_rewrite(flattened["genomforandeplan"], drop_to_unicode), _meta("genomforandeplan"))
    assert parse_xmp(_root(copy)["/Metadata"].get_data()).text(NS_PDFAID, "conformance") == "B"
    result = check_pdf(copy)
    assert result.conforms and result.standard == "PDF/A-2b"


def test_text_in_an_unembedded_font_is_refused(flattened: dict[str, bytes]) -> None:
    def add_helvetica_text(writer: PdfWriter) -> None:
        page: Any = writer.pages[0]
        stream = DecodedStreamObject()
        helvetica = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        page["/Resources"]["/Font"][NameObject("/FHelv")] = writer._add_object(helvetica)
        stream.set_data(b"BT /FHelv 12 Tf 100 100 Td (Hello) Tj ET")  # a standard font, not embedded
        page[NameObject("/Contents")] = ArrayObject([*page["/Contents"], writer._add_object(stream)])

    with pytest.raises(RenderError) as caught:
        archive_pdf(_rewrite(flattened["avvikelserapport"], add_helvetica_text), _meta("avvikelserapport"))
    assert caught.value.msg.key == "archive.unembedded_font" and "Helvetica" in str(caught.value)


def test_an_encrypted_pdf_is_refused(flattened: dict[str, bytes]) -> None:
    encrypted = _rewrite(flattened["samtycke"], lambda w: w.encrypt("", "owner", algorithm="AES-128"))
    with pytest.raises(RenderError) as caught:
        archive_pdf(encrypted, _meta())
    assert caught.value.msg.key == "archive.encrypted"


def test_creation_time_keeps_its_zone(flattened: dict[str, bytes]) -> None:
    stockholm = datetime(2025, 6, 1, 9, 30, 5, tzinfo=timezone(timedelta(hours=2)))
    copy = archive_pdf(flattened["samtycke"], _meta(created=stockholm))
    info: Any = PdfReader(io.BytesIO(copy)).metadata
    assert info["/CreationDate"] == "D:20250601093005+02'00'"
    assert parse_xmp(_root(copy)["/Metadata"].get_data()).text(NS_XMP, "CreateDate") == "2025-06-01T09:30:05+02:00"
    assert check_pdf(copy).findings == []


def test_srgb_profile_is_one_pdfa_accepts() -> None:
    header = icc_header(srgb_profile())
    assert header is not None
    version, device_class, space = header
    assert 2 <= version < 5 and device_class == b"mntr" and space == b"RGB "
