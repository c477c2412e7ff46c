"""The archival copy of a filled PDF: PDF/A-2 (level U when the text allows, else B), flattened, every font embedded.

It also claims PDF/UA-1 when the document stays tagged and passes those rules (formkit's own forms do).

A flattened formkit PDF is close to PDF/A already (the values are drawn with an
embedded DejaVu Sans subset); what is missing is added or taken away here: the
AcroForm and widgets go (a flattened copy has no values left in them), fonts
are fixed (:mod:`formkit.render.pdf.fontfix`), and :func:`formkit.render.pdf.pdfa.finish_pdfa`
adds XMP, Info, the sRGB output intent and /Lang, rewrites the file in one
revision and checks it. A copy that fails the check is an error, never a file
that only claims to be PDF/A.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from formkit.errors import RenderError
from formkit.model.catalog import Form
from formkit.pdfio.conformance.base import name, obj
from formkit.pdfio.safety import quiet_pypdf
from formkit.render.pdf.fill import PdfRenderer
from formkit.render.pdf.fontfix import FontFixer
from formkit.render.pdf.pdfa import ArchiveMetadata, finish_pdfa
from formkit.settings import Settings

_MAX_FIELD_DEPTH = 64


def archive_pdf(data: bytes, meta: ArchiveMetadata, name_in_errors: str = "PDF", *, ua: bool = True) -> bytes:
    """The PDF/A-2 archival copy of a flattened PDF (RenderError when it is encrypted, still has values in fields,
    draws text in an unembedded font other than ZapfDingbats, or the copy fails its check).

    A tagged copy that passes the PDF/UA-1 rules claims them too, unless *ua* is False."""
    with quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data))
            encrypted = reader.is_encrypted
        except Exception as exc:  # pypdf raises many kinds on a damaged file
            raise RenderError("archive.unreadable", path=name_in_errors, kind=exc.__class__.__name__) from exc
        if encrypted:
            raise RenderError("archive.encrypted", path=name_in_errors)
        # clone_from copies what the catalog reaches: earlier revisions' objects stay behind.
        writer = PdfWriter(clone_from=reader)
        _drop_form(writer)
        fixer = FontFixer(writer)
        for page in writer.pages:
            fixer.page(page)
        fixer.finish()
        return finish_pdfa(writer, meta, name_in_errors, ua=ua)


def _drop_form(writer: PdfWriter) -> None:
    """Remove the AcroForm and every widget; a widget that still holds a value means the copy was not flattened."""
    root = writer.root_object
    if "/AcroForm" in root:
        del root["/AcroForm"]
    for index, page in enumerate(writer.pages):
        annots = obj(page.get("/Annots"))
        if annots is None:
            continue
        kept = ArrayObject()
        for ref in annots:
            annot = obj(ref)
            if isinstance(annot, DictionaryObject) and name(annot.get("/Subtype")) == "Widget":
                if _has_value(annot):
                    raise RenderError("archive.not_flat", page=index + 1)
                continue
            kept.append(ref)
        if kept:
            page[NameObject("/Annots")] = kept
        else:
            del page["/Annots"]


def _field_of(widget: DictionaryObject) -> DictionaryObject:
    """The field a widget belongs to: itself when merged, else the nearest ancestor with /FT."""
    node: Any = widget
    for _ in range(_MAX_FIELD_DEPTH):
        if not isinstance(node, DictionaryObject):
            break
        if "/FT" in node or "/Parent" not in node:
            return node
        node = obj(node["/Parent"])
    return widget


def _has_value(widget: DictionaryObject) -> bool:
    field = _field_of(widget)
    value = obj(field.get("/V"))
    if name(field.get("/FT")) == "Btn":
        return name(value) not in (None, "Off") or name(widget.get("/AS")) not in (None, "Off")
    if isinstance(value, ArrayObject):
        return len(value) > 0
    return value is not None and str(value) != ""


class PdfArchiveRenderer:
    """A renderer (the interface ``formkit fill`` uses) writing the archival copy of each record: flattened, PDF/A-2.

    *created* is the creation time written into every copy's metadata (default:
    the moment each copy is made).
    """

    ext = "arkiv.pdf"

    def __init__(
        self, form: Form, settings: Settings | None = None, *, template: bytes | None = None, created: datetime | None = None
    ) -> None:
        self.form = form
        self.created = created
        self.renderer = PdfRenderer(form, template=template, flatten_form=True, settings=settings or Settings())

    def render(self, data: dict[str, Any]) -> bytes:
        flattened = self.renderer.render(data)
        return archive_pdf(flattened, ArchiveMetadata.of(self.form, self.created), f"{self.form.id}.pdf")


def archive_filled_pdf(
    form: Form, data: dict[str, Any], settings: Settings | None = None, created: datetime | None = None
) -> bytes:
    """One archival copy of a record without keeping a renderer (tests, one-off use)."""
    return PdfArchiveRenderer(form, settings, created=created).render(data)


def archive_renderer_factory(form: Form, settings: Settings, options: Any) -> PdfArchiveRenderer:
    """Factory for ``formkit fill --to pdf --archive`` (output type ``pdf-arkiv``)."""
    from formkit.render.pdf.fill import custom_template

    templates = getattr(options, "templates", None) or {}
    template = custom_template(form, Path(templates["pdf"])) if "pdf" in templates else None
    return PdfArchiveRenderer(form, settings, template=template, created=getattr(options, "created", None))


def _register() -> None:
    from formkit.render.base import register_renderer

    register_renderer("pdf-arkiv", archive_renderer_factory)


_register()
