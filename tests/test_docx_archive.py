"""PDF/A copies of filled Word documents made by LibreOffice: they pass the check, hold every value, say nothing personal.

The samples need `soffice` (apt-get install libreoffice-writer-nogui) and
`pdftotext` (poppler-utils), as tests/test_docx_libreoffice.py does; the
failure cases use a stand-in program and need neither.
"""

from __future__ import annotations

import io
import subprocess
import time
import zipfile
from pathlib import Path
from typing import Any

import pdfua
import pytest
from pypdf import PdfReader

from formkit.errors import RenderError
from formkit.i18n import LOCALES
from formkit.model.catalog import get_form
from formkit.pdfio.check import check_pdf
from formkit.pdfio.conformance.xmp import NS_DC, parse_xmp
from formkit.pdfio.text import shown_text
from formkit.render.docx.archive import PROGRAM_ENV, DocxArchiveRenderer, LibreOffice
from formkit.render.docx.render import render_docx
from formkit.render.pdf.archive import PdfArchiveRenderer
from formkit.render.pdf.pdfa import XMP_NS
from formkit.settings import Settings
from tests.conftest import FORM_IDS
from tests.test_docx_libreoffice import _squeeze, _tool, printed_values
from tests.test_pdf_archive import record_texts
from tests.test_pdf_fill import _sample


@pytest.fixture(scope="module")
def libreoffice() -> LibreOffice:
    """One LibreOffice (one profile) for every conversion of this module."""
    return LibreOffice(_tool("soffice", "libreoffice-writer-nogui"))


_COPIES: dict[str, bytes] = {}


def copy_of(form_id: str, libreoffice: LibreOffice) -> bytes:
    """The PDF/A copy of a sample's Word document, made once per test run (each form on its own: one failing spoils no other)."""
    if form_id not in _COPIES:
        settings = Settings(kommun="Testkommun", kommune="Testkommune")
        _COPIES[form_id] = DocxArchiveRenderer(get_form(form_id), settings, libreoffice=libreoffice).render(_sample(form_id))
    return _COPIES[form_id]


@pytest.mark.slow
@pytest.mark.parametrize("form_id", FORM_IDS)
def test_copy_passes_the_check_and_holds_every_value(libreoffice: LibreOffice, form_id: str, tmp_path: Path) -> None:
    data = copy_of(form_id, libreoffice)
    result = check_pdf(data)
    assert result.findings == [] and result.standard.startswith(("PDF/A-2u", "PDF/A-2b"))
    path = tmp_path / "copy.pdf"
    path.write_bytes(data)
    pdftotext = _tool("pdftotext", "poppler-utils")
    text = _squeeze(
        subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True).stdout
    )
    assert [v for v in printed_values(form_id, _sample(form_id)) if _squeeze(v) not in text] == []


@pytest.mark.slow
@pytest.mark.parametrize("form_id", FORM_IDS)
def test_copy_carries_formkit_metadata_not_the_documents(libreoffice: LibreOffice, form_id: str) -> None:
    form = get_form(form_id)
    reader = PdfReader(io.BytesIO(copy_of(form_id, libreoffice)))
    root: Any = reader.trailer["/Root"]
    packet = root["/Metadata"].get_data()
    xmp = parse_xmp(packet)
    assert xmp.lang_alt(NS_DC, "title") == {"x-default": form.title}
    assert xmp.text(XMP_NS, "formId") == form.id
    assert str(root["/Lang"]) == LOCALES[form.language]
    info: Any = reader.metadata
    assert "/Author" not in info and b"dc:creator" not in packet  # a template's author is not the copy's
    values = record_texts(form_id)
    assert len(values) > 5 and not [v for v in values if v.encode() in packet or v in " ".join(map(str, info.values()))]


PDFUA_SKIPS = {"UA-14-001"}
"""pdfua 0.1.3 cannot run its empty-heading rule with pikepdf 10 (``getattr`` on an Array raises ValueError); the
other eleven run. A rule that newly fails to run fails the test."""


@pytest.mark.slow
@pytest.mark.parametrize("form_id", FORM_IDS)
def test_copy_passes_pdf_ua_by_formkit_and_by_pdfua(libreoffice: LibreOffice, form_id: str, tmp_path: Path) -> None:
    """Tables tagged as PDF/UA wants them (header cells with their scope, free text not in a table): two checkers agree."""
    data = copy_of(form_id, libreoffice)
    result = check_pdf(data, ua=True)
    assert result.findings == [] and result.standard in ("PDF/A-2u + PDF/UA-1", "PDF/A-2b + PDF/UA-1")
    assert check_pdf(data).standard == result.standard  # the copy claims PDF/UA-1 itself
    path = tmp_path / "copy.pdf"
    path.write_bytes(data)
    report = pdfua.validate(str(path))
    assert [(finding.rule_id, finding.message) for finding in report.findings] == []
    assert {outcome.rule_id for outcome in report.skipped} <= PDFUA_SKIPS


EMBEDDED = {
    *(f"LiberationSans{style}" for style in ("", "-Bold", "-Italic", "-BoldItalic")),
    "DejaVuSans",
    "OpenSymbol",
}
"""What a Word archival copy may embed: the Liberation Sans the styles name, DejaVu Sans for scripts it lacks (an
Arabic name), and LibreOffice's OpenSymbol for the list bullets Word draws from Symbol."""


@pytest.mark.slow
@pytest.mark.parametrize("form_id", ["genomforandeplan", "sel-referat"])
def test_copy_embeds_the_fonts_the_document_names(libreoffice: LibreOffice, form_id: str) -> None:
    """Headings were in the theme's Calibri, which LibreOffice replaced with DejaVu Sans Bold: now Liberation Sans Bold."""
    reader = PdfReader(io.BytesIO(copy_of(form_id, libreoffice)))
    embedded = set()
    for page in reader.pages:
        fonts: Any = page["/Resources"].get("/Font", {})
        embedded |= {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}
    assert "LiberationSans-Bold" in embedded and embedded <= EMBEDDED


def _cells(data: bytes) -> list[tuple[str, str]]:
    """(cell type, its Table /Scope) of every TH and TD of a tagged PDF, in the tree's order."""
    reader = PdfReader(io.BytesIO(data))
    root: Any = reader.trailer["/Root"]
    found = []
    stack = [root["/StructTreeRoot"]]
    while stack:
        node = stack.pop(0).get_object()
        if not isinstance(node, dict):
            continue
        kind = str(node.get("/S", ""))
        if kind in ("/TH", "/TD"):
            attributes = node.get("/A")
            listed = attributes if isinstance(attributes, list) else [attributes]
            scopes = [str(a.get_object().get("/Scope")) for a in listed if a is not None and "/Scope" in a.get_object()]
            found.append((kind[1:], scopes[0] if scopes else ""))
        kids = node.get("/K")
        stack[:0] = list(kids) if isinstance(kids, list) else [kids] if kids is not None else []
    return found


@pytest.mark.slow
def test_labels_head_their_rows_and_list_headings_their_columns(libreoffice: LibreOffice) -> None:
    """The genomförandeplan's key-value labels are row headers; the Sel minutes' list of participants (a table of
    short, flat items) has column headers."""
    cells = _cells(copy_of("genomforandeplan", libreoffice))
    assert cells[:2] == [("TH", "/Row"), ("TD", "")]  # "Datum då planen upprättades" and its date
    listed = _cells(copy_of("sel-referat", libreoffice))
    assert ("TH", "/Column") in listed
    for found in (cells, listed):
        assert {kind for kind, scope in found if not scope} == {"TD"}
        assert {scope for kind, scope in found if kind == "TD"} == {""}


@pytest.mark.slow
def test_libreoffice_export_alone_passes_the_check(libreoffice: LibreOffice) -> None:
    """The filter formkit uses gives PDF/A-2b before formkit touches the file (a second producer for the checker)."""
    exported = libreoffice.to_pdfa(render_docx(get_form("sip"), _sample("sip"), Settings()))
    result = check_pdf(exported)
    assert result.conforms and result.standard.startswith("PDF/A-2")


def test_missing_libreoffice_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(PROGRAM_ENV, raising=False)
    with pytest.raises(RenderError) as caught:
        DocxArchiveRenderer(get_form("sel-referat"), Settings())
    assert caught.value.msg.key == "archive.no_libreoffice"
    assert caught.value.message("sv").startswith(
        "LibreOffice (soffice) behövs för PDF/A-exemplar av Word-dokument men finns inte"
    )
    assert caught.value.message("nb").startswith(
        "LibreOffice (soffice) trengs for PDF/A-eksemplarer av Word-dokumenter, men finnes ikke"
    )
    monkeypatch.setenv(PROGRAM_ENV, str(tmp_path / "soffice"))  # named, but not there
    with pytest.raises(RenderError):
        LibreOffice()


def _stand_in(tmp_path: Path, body: str) -> Path:
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    program.chmod(0o755)
    return program


def test_libreoffice_that_hangs_is_stopped_with_everything_it_started(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    program = _stand_in(tmp_path, f"sleep 600 &\necho $! > {pid_file}\nwait")
    monkeypatch.setenv(PROGRAM_ENV, str(program))
    with pytest.raises(RenderError) as caught:
        LibreOffice(timeout=1).to_pdfa(b"PK not really a docx")
    assert caught.value.message("sv") == "LibreOffice gjorde inte PDF/A-exemplaret inom 1 sekunder och avbröts"
    child = int(pid_file.read_text())
    stat = Path(f"/proc/{child}/stat")

    def gone() -> bool:  # no such process, or a zombie (dead, not yet reaped by init)
        try:
            return stat.read_text().split(")")[-1].split()[0] == "Z"
        except FileNotFoundError:
            return True

    for _ in range(500):  # SIGKILL is delivered at once, but the kernel may take a moment to finish the process
        if gone():
            break
        time.sleep(0.01)
    assert gone()


def test_libreoffice_that_fails_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(PROGRAM_ENV, str(_stand_in(tmp_path, "exit 3")))
    with pytest.raises(RenderError) as caught:
        LibreOffice().to_pdfa(b"PK not really a docx")
    assert caught.value.message("nb") == "LibreOffice kunne ikke lage et PDF/A-eksemplar (avslutningsstatus 3)"
    monkeypatch.setenv(PROGRAM_ENV, str(_stand_in(tmp_path, "exit 0")))  # says it worked, wrote nothing
    with pytest.raises(RenderError) as caught:
        LibreOffice().to_pdfa(b"PK not really a docx")
    assert caught.value.msg.key == "archive.libreoffice_failed"


def _stand_in_printing(tmp_path: Path, pdf: bytes) -> Path:
    """A stand-in LibreOffice whose "export" is the given PDF: lets a test choose what the layout shows."""
    made = tmp_path / "made.pdf"
    made.write_bytes(pdf)
    return _stand_in(tmp_path, f'for last; do :; done\ncp {made} "$(dirname "$last")/document.pdf"')


def _without_yes_no() -> dict[str, Any]:
    """The samtycke sample without its yes/no fields (Word prints "Ja", the PDF form a check mark)."""
    record = _sample("samtycke")
    for guardian in record["vardnadshavare"]:
        del guardian["gemensam_vardnad"]
    del record["barnets_samtycke"]["inhamtat"]
    return record


def test_a_copy_that_shows_every_value_is_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    form = get_form("samtycke")
    shown = PdfArchiveRenderer(form, Settings()).render(_without_yes_no())  # prints every value as the Word form does
    monkeypatch.setenv(PROGRAM_ENV, str(_stand_in_printing(tmp_path, shown)))
    copy = DocxArchiveRenderer(form, Settings()).render(_without_yes_no())
    assert check_pdf(copy).findings == []


def test_a_copy_that_lost_a_value_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """What LibreOffice 7.4 does to a table row in some font set-ups: the value is gone, so the copy is not written."""
    form = get_form("samtycke")
    other = _without_yes_no()
    other["barn"]["namn"] = "Tolvan Tolvansson"
    other["syfte"] = "Ett annat syfte."
    monkeypatch.setenv(PROGRAM_ENV, str(_stand_in_printing(tmp_path, PdfArchiveRenderer(form, Settings()).render(other))))
    with pytest.raises(RenderError) as caught:
        DocxArchiveRenderer(form, Settings()).render(_without_yes_no())
    assert caught.value.message("sv") == (
        "samtycke.docx: LibreOffice tappade 2 värden i PDF/A-exemplaret (barn.namn, syfte); exemplaret skrivs inte"
    )


ORGANISATION_96 = "Individ- och familjeomsorgen, socialförvaltningens mottagningsenhet för barn och unga i Arjeplog"
TEXT_3000 = " ".join(f"Händelseord{n:03d}" for n in range(250))[:3000]


def _long_avvikelse(kind: str) -> dict[str, Any]:
    record = _sample("avvikelserapport")
    if kind == "organisation":
        record["berord_verksamhet"]["namn"] = ORGANISATION_96
    else:
        record["beskrivning"] = TEXT_3000
    return record


def _crosses_a_page_break(copy: bytes, record_values: list[str]) -> bool:
    """Whether some value is not whole in the pages' text read in page order (the footer and next header in its middle)."""
    pages = _squeeze(shown_text(copy).everything)
    return any(_squeeze(line) not in pages for value in record_values for line in value.splitlines())


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["organisation", "text"])
def test_a_value_across_a_page_break_is_not_lost(libreoffice: LibreOffice, kind: str) -> None:
    """The records of issue 22: a 96-character organisation name (which pushed "Förslag till åtgärder" over a page
    break with the fonts of then) and a 3,000-character description (which crosses one itself) are archived."""
    assert len(ORGANISATION_96) == 96 and len(TEXT_3000) == 3000
    form = get_form("avvikelserapport")
    record = _long_avvikelse(kind)
    copy = DocxArchiveRenderer(form, Settings(), libreoffice=libreoffice).render(record)
    if kind == "text":
        assert _crosses_a_page_break(copy, printed_values(form.id, record))  # the case this test is about
    assert check_pdf(copy).findings == []


@pytest.mark.slow
def test_cells_of_one_row_across_a_page_break_are_not_lost(libreoffice: LibreOffice) -> None:
    """Two long cells of one row both cross a page: their parts interleave page by page, but each cell reads whole."""
    form = get_form("genomforandeplan")
    record = _sample("genomforandeplan")
    goal = " ".join(f"Målord{n:03d}" for n in range(400))
    record["mal"] = [{"mal": goal, "delmal": [" ".join(f"Delmålsord{n:03d}" for n in range(400))]}]
    copy = DocxArchiveRenderer(form, Settings(), libreoffice=libreoffice).render(record)
    assert _crosses_a_page_break(copy, [goal])


def _without(docx: bytes, value: str) -> bytes:
    """*docx* with the text *value* taken out of its main part, as someone editing the file would."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                assert data.count(value.encode()) == 1
                data = data.replace(value.encode(), b"")
            target.writestr(info, data)
    return out.getvalue()


@pytest.mark.slow
def test_a_value_cut_from_the_document_is_refused_naming_its_field(libreoffice: LibreOffice) -> None:
    form = get_form("avvikelserapport")
    record = _long_avvikelse("text")  # crosses a page break too: the furniture taken out does not hide a loss
    renderer = DocxArchiveRenderer(form, Settings(), libreoffice=libreoffice)
    rendered = renderer.docx.render_plan
    cut = record["konsekvenser_verksamhet"]
    renderer.docx.render_plan = lambda plan: _without(rendered(plan), cut)  # type: ignore[method-assign]
    with pytest.raises(RenderError) as caught:
        renderer.render(record)
    assert caught.value.message("sv") == (
        "avvikelserapport.docx: LibreOffice tappade 1 värden i PDF/A-exemplaret (konsekvenser_verksamhet); exemplaret skrivs inte"
    )
