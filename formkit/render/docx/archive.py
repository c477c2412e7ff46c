"""The archival copy of a filled Word document: PDF/A-2 made by LibreOffice headless, with formkit's metadata.

LibreOffice lays the document out and exports PDF/A-2b (its ``writer_pdf_Export``
filter with ``SelectPdfVersion`` 2); formkit then replaces the metadata
LibreOffice copied from the document (a template's author, its dates) with the
archival copy's own (:func:`formkit.render.pdf.pdfa.finish_pdfa`: the form's
title, id and version, the creation time, formkit's version), claims level U
when every glyph maps to Unicode, and checks the result.

Layout is LibreOffice's, and LibreOffice can lose content: 7.4 drops a table
row that may not split across pages and moves to the next one under a repeated
header row, depending on the fonts installed (with Liberation Sans standing in
for Arial, the second goal of the sample genomförandeplan vanishes). An archival
copy missing a value is worse than none, so :class:`DocxArchiveRenderer` reads
the copy's text back (:func:`formkit.pdfio.text.shown_text`: the content in
reading order, page furniture left out, so a value across a page break reads
whole) and refuses it when a printed value is not there, naming the fields.

Each :class:`LibreOffice` has its own profile folder, so two processes (or a
LibreOffice the user has open) never share one; a conversion that does not
finish within the timeout is killed with everything LibreOffice started.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
import unicodedata
import weakref
from collections.abc import Collection, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter

from formkit.errors import RenderError
from formkit.i18n import os_reason
from formkit.model.catalog import Form
from formkit.model.fields import generic_path
from formkit.pdfio.safety import quiet_pypdf
from formkit.pdfio.text import shown_text
from formkit.render.docx.render import DocxRenderer
from formkit.render.docx.tags import tidy_structure
from formkit.render.pdf.pdfa import ArchiveMetadata, finish_pdfa
from formkit.render.plan import Plan
from formkit.settings import Settings

PROGRAM_ENV = "FORMKIT_SOFFICE"
"""Names the LibreOffice program when it is not ``soffice`` or ``libreoffice`` on the PATH."""
PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
"""LibreOffice's PDF export as PDF/A-2b. (Adding PDFUACompliance makes LibreOffice 7.4 write pdfuaid:part
without declaring its schema, which PDF/A-2 forbids: the copy would no longer be PDF/A.)"""
_LOST_SHOWN = 5
"""How many of the lost fields an error names."""
DEFAULT_TIMEOUT = 180.0
"""Seconds one conversion may take; the first one also creates the profile (a few seconds on a slow machine)."""


def find_libreoffice() -> str | None:
    """The LibreOffice program: ``$FORMKIT_SOFFICE``, else ``soffice`` or ``libreoffice`` on the PATH; None when there is none."""
    named = os.environ.get(PROGRAM_ENV)
    if named:
        return shutil.which(named)
    return shutil.which("soffice") or shutil.which("libreoffice")


class LibreOffice:
    """LibreOffice headless with a profile of its own, converting Word documents to PDF/A-2b one at a time.

    RenderError (``archive.no_libreoffice``) at construction when LibreOffice is
    not installed, so a batch stops before writing anything.
    """

    def __init__(self, program: str | None = None, timeout: float = DEFAULT_TIMEOUT, *, scratch: Path | None = None) -> None:
        """*scratch*: the folder to keep the profile in (a batch's, which the batch removes); default the system's temp folder."""
        found = program or find_libreoffice()
        if found is None:
            raise RenderError("archive.no_libreoffice")
        self.program = found
        self.timeout = timeout
        self.folder = Path(tempfile.mkdtemp(prefix="formkit-libreoffice-", dir=scratch))
        self.profile = (self.folder / "profile").as_uri()
        self._running: subprocess.Popen[bytes] | None = None
        # The profile goes with the object (or at exit), without the warning an implicit TemporaryDirectory cleanup gives.
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.folder, ignore_errors=True)
        _OPEN.add(self)

    def close(self) -> None:
        """Stop a conversion still running (with everything LibreOffice started) and remove the profile folder now."""
        running, self._running = self._running, None
        if running is not None:
            _kill_group(running, reap=False)
        self._cleanup()

    def to_pdfa(self, docx: bytes) -> bytes:
        """The PDF/A-2b export of one .docx (RenderError when LibreOffice fails, cannot start or runs past the timeout)."""
        work = Path(tempfile.mkdtemp(dir=self.folder))
        try:
            source = work / "document.docx"
            source.write_bytes(docx)
            command = [
                self.program,
                f"-env:UserInstallation={self.profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                PDFA_FILTER,
                "--outdir",
                str(work),
                str(source),
            ]
            code = self._run(command)
            target = work / "document.pdf"
            if code != 0 or not target.is_file():
                raise RenderError("archive.libreoffice_failed", code=code)
            return target.read_bytes()
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _run(self, command: list[str]) -> int:
        try:
            # A session of its own: soffice starts oosplash and soffice.bin, and a timeout must stop them all.
            process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
            )
        except OSError as exc:
            raise RenderError("archive.libreoffice_cannot_run", program=Path(self.program).name, reason=os_reason(exc)) from exc
        self._running = process
        try:
            return process.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise RenderError("archive.libreoffice_timeout", seconds=f"{self.timeout:g}") from None
        except BaseException:  # Ctrl-C: leave no LibreOffice behind
            _kill_group(process)
            raise
        finally:
            self._running = None


_OPEN: weakref.WeakSet[LibreOffice] = weakref.WeakSet()
"""Every LibreOffice of this process not yet collected (:func:`close_all`)."""


def close_all() -> None:
    """Stop every conversion of this process and remove every profile folder: for a process about to end (SIGTERM).

    Safe in a signal handler: the conversion is killed, not waited for (the
    interrupted ``wait`` may hold the process's lock).
    """
    for libreoffice in list(_OPEN):
        libreoffice.close()


def _kill_group(process: subprocess.Popen[bytes], *, reap: bool = True) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    if reap:
        process.wait()


def archive_docx(docx: bytes, meta: ArchiveMetadata, libreoffice: LibreOffice, name: str = "document.docx") -> bytes:
    """The PDF/A-2 archival copy of a Word document, with formkit's metadata (RenderError when it cannot be made)."""
    exported = libreoffice.to_pdfa(docx)
    with quiet_pypdf():
        try:
            writer = PdfWriter(clone_from=PdfReader(io.BytesIO(exported)))
        except Exception as exc:  # pypdf raises many kinds on a damaged file
            raise RenderError("archive.unreadable", path=name, kind=exc.__class__.__name__) from exc
        tidy_structure(writer)
        return finish_pdfa(writer, meta, name)


def printed_texts(form: Form, plan: Plan) -> dict[str, str]:
    """Field path -> the text the document prints for it, for every filled field of the form in the display plan
    (the plan the Word document was drawn from: what it prints, and nothing else)."""
    wanted = {node.path for node in form.model.leaves}
    texts: dict[str, str] = {}
    for item in plan.fields():
        if generic_path(item.path) in wanted and item.value.strip():
            texts[item.path] = item.value
    return texts


def _squeezed(text: str) -> str:
    # Whitespace differs between a value and its wrapped lines; presentation forms (Arabic) between text and PDF.
    return "".join(unicodedata.normalize("NFKC", text).split())


def lost_values(pdf: bytes, texts: Mapping[str, str], in_furniture: Collection[str] = ()) -> list[str]:
    """The field paths whose printed text is not in the PDF's text (each line of a multi-line value on its own).

    A value is looked for in the document's content without its page furniture
    (headers, footers, page numbers, repeated table headings: what the tagged
    export marks as artifacts), read in the structure's order (a table cell
    whole, not interleaved with its neighbour's) with line and page breaks
    taken out: a value that crosses a page break is found whole. The fields
    *in_furniture* are printed in the page header (the issuing municipality) and
    are looked for in everything the pages show.
    """
    read = shown_text(pdf)
    body, everything = _squeezed(read.content), _squeezed(read.everything)
    lost = []
    for path, value in texts.items():
        shown = everything if path in in_furniture else body
        for line in value.splitlines():
            wanted = _squeezed(line)
            if wanted and wanted not in shown and wanted[::-1] not in shown:  # right-to-left text may come out reversed
                lost.append(path)
                break
    return lost


class DocxArchiveRenderer:
    """A renderer (the interface ``formkit fill`` uses) writing the PDF/A copy of each record's Word document.

    One per process: it holds one prepared template and one LibreOffice profile.
    *created* is the creation time written into every copy (default: the moment each is made).
    """

    ext = "word-arkiv.pdf"

    def __init__(
        self,
        form: Form,
        settings: Settings,
        *,
        draft: bool = False,
        template: Path | None = None,
        created: datetime | None = None,
        libreoffice: LibreOffice | None = None,
        scratch: Path | None = None,
    ) -> None:
        self.form = form
        self.created = created
        self.libreoffice = libreoffice or LibreOffice(scratch=scratch)
        self.docx = DocxRenderer(form, settings, draft=draft, template=template, created=created)

    def close(self) -> None:
        """Stop LibreOffice and remove its profile folder."""
        self.libreoffice.close()

    def render(self, data: Mapping[str, Any]) -> bytes:
        """The PDF/A copy of one record's Word document (RenderError when it cannot be made or loses a value)."""
        meta = ArchiveMetadata.of(self.form, self.created)
        name = f"{self.form.id}.docx"
        plan = self.docx.plan(data)
        copy = archive_docx(self.docx.render_plan(plan), meta, self.libreoffice, name)
        header = plan.furniture.kommun_field
        texts = printed_texts(self.form, plan)
        if header is not None and plan.furniture.kommun_value.strip():
            texts[header] = plan.furniture.kommun  # printed in the page header, trimmed
        lost = lost_values(copy, texts, () if header is None else (header,))
        if lost:
            raise RenderError("archive.values_lost", path=name, count=len(lost), fields=", ".join(lost[:_LOST_SHOWN]))
        return copy


def archive_renderer_factory(form: Form, settings: Settings, options: Any) -> DocxArchiveRenderer:
    """Factory for ``formkit fill --to docx --archive`` (output type ``docx-arkiv``); RenderError without LibreOffice."""
    templates = getattr(options, "templates", None) or {}
    return DocxArchiveRenderer(
        form,
        settings,
        draft=bool(getattr(options, "draft", False)),
        template=templates.get("docx"),
        created=getattr(options, "created", None),
        scratch=getattr(options, "scratch", None),
    )


def _register() -> None:
    from formkit.render.base import register_renderer

    register_renderer("docx-arkiv", archive_renderer_factory)


_register()
