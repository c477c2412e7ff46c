"""The blank PDF form of ``formkit blank``: the fillable template with the settings' municipality and secrecy marking."""

from __future__ import annotations

from formkit.model.catalog import Form
from formkit.render.base import RenderOptions
from formkit.settings import Settings


def blank_pdf(form: Form, settings: Settings) -> bytes:
    """The fillable PDF of *form*, its municipality field holding the settings' municipality (editable), nothing else."""
    from formkit.render.pdf.fill import pdf_renderer_factory

    header = form.presentation.header_field()
    record = {header: settings.municipality(form.language)} if header else {}
    return pdf_renderer_factory(form, settings, RenderOptions(settings=settings)).render(record)
