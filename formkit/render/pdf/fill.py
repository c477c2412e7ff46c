"""The PDF renderer of ``formkit fill``: a record's document composed from its display plan, or a template of one's own filled.

formkit's own forms are composed whole for each record (:mod:`formkit.render.pdf.compose`
lays the plan out, :mod:`formkit.render.pdf.document` writes it from pieces
prepared once per process); a template given with ``--template`` is filled as
it is (:mod:`formkit.render.pdf.custom`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from formkit.errors import RenderError, TemplateError
from formkit.model.catalog import Form
from formkit.model.paths import flatten
from formkit.render.context import display_context, municipality, secrecy_marking
from formkit.render.pdf.syntax import pdf_string
from formkit.settings import Settings

if TYPE_CHECKING:
    from formkit.render.pdf.custom import PreparedTemplate

__all__ = ["PdfRenderer", "custom_template", "fill_pdf", "pdf_renderer_factory", "pdf_string"]


class PdfRenderer:
    """The PDF renderer `formkit fill` uses: one per worker process, `render` once per record.

    A record's document is composed from its display plan (:mod:`formkit.render.plan`):
    only the list items it has, its signers by name, its recipients, every value
    whole in its box (:mod:`formkit.render.pdf.compose`), written as a tagged PDF
    from pieces prepared once per process (:mod:`formkit.render.pdf.document`).
    A template given by the user (``--template``) is filled as it is instead.
    """

    ext = "pdf"

    def __init__(
        self,
        form: Form,
        template: bytes | None = None,
        flatten_form: bool = False,
        header: str = "",
        settings: Settings | None = None,
        draft: bool = False,
        template_name: str = "",
    ) -> None:
        """*template_name* names a given *template* in errors (its file's name)."""
        self.form = form
        self.flatten = flatten_form
        self.header = header
        self.settings = settings or Settings()
        self.draft = draft
        self.marking = secrecy_marking(form, settings)
        """The secrecy marking of every page (the settings', else the form's presentation's)."""
        from formkit.render.pdf.fonts import bold_font, unicode_font

        self.font = unicode_font()
        self.custom = template is not None
        self._template: PreparedTemplate | None = None
        if template is not None:
            from formkit.render.pdf.cache import AppearanceCache, SubsetCache
            from formkit.render.pdf.custom import HeaderCache, PreparedTemplate

            self._template = PreparedTemplate(template, template_name or form.template_path("pdf").name)
            self._appearances = AppearanceCache()
            self._subsets = SubsetCache()
            self._headers = HeaderCache()
        else:
            from formkit.render.pdf.compose import Composer, Fonts
            from formkit.render.pdf.document import DocumentWriter

            self._composer = Composer(Fonts(self.font, bold_font()), flat=flatten_form)
            self._writer = DocumentWriter(form, flat=flatten_form)

    @property
    def template(self) -> PreparedTemplate:
        """The template as given, or the form's blank document (prepared when first asked for)."""
        if self._template is None:
            from formkit.render.pdf.custom import PreparedTemplate
            from formkit.render.pdf.template import build_pdf_template

            self._template = PreparedTemplate(build_pdf_template(self.form, settings=self.settings), self.form.id, resave=False)
        return self._template

    def clear_caches(self) -> None:
        """Forget what earlier records left for later ones (benchmarks measure the cold cost with it)."""
        if self.custom:
            for cache in (self._appearances, self._subsets, self._headers):
                cache.clear()
        else:
            self._writer.clear_caches()
        self.font._widths.clear()

    def render(self, data: dict[str, Any]) -> bytes:
        """The filled PDF of one record."""
        if self.custom:
            return self._fill_custom(data)
        from formkit.render.plan import build_plan

        model = self.form.model
        for path in flatten(data):
            if model.node(path) is None:
                raise RenderError("pdf.no_box", field=path)
        plan = build_plan(self.form, data, self.settings, "draft" if self.draft else "filled")
        return self._writer.write(self._composer.compose(plan))

    def _fill_custom(self, data: dict[str, Any]) -> bytes:
        """A record in a template of the user's own: its fields filled as they are, the municipality on every page."""
        from formkit.render.pdf.custom import PrintedRecord

        settings = self.settings
        header = municipality(self.form, data, settings) if settings is not None else self.header
        context = display_context(self.form, data, settings, draft=self.draft)
        printed = PrintedRecord()
        shown = flatten(context)
        model = self.form.model
        for path, value in flatten(data).items():
            node = model.node(path)
            if node is None or value is None or isinstance(value, bool):
                continue
            display = shown.get(path)
            if isinstance(display, str) and display:
                printed.shown[path] = display
                if node.format == "date":
                    printed.values[path] = display  # a date is stored as the form's language writes it
        return self.template.fill(
            data,
            self.font,
            self.flatten,
            header,
            self.form.presentation.header_field(),
            printed,
            appearances=self._appearances,
            marking=self.marking,
            subsets=self._subsets,
            headers=self._headers,
        )


def pdf_renderer_factory(form: Form, settings: Any = None, options: Any = None) -> PdfRenderer:
    """Factory for `formkit fill --to pdf`: (form, settings, options).

    Prints the municipality (``settings.municipality``) at the top of every page (as the Word forms do);
    honours ``options.flatten`` and ``options.templates["pdf"]`` (a template
    that replaces the shipped one); ``draft`` needs nothing here, since empty
    fields simply stay empty.
    """
    templates = getattr(options, "templates", None) or {}
    template, name = None, ""
    if "pdf" in templates:
        path = Path(templates["pdf"])
        template, name = custom_template(form, path), path.name
    flatten_form = bool(getattr(options, "flatten", False))
    draft = bool(getattr(options, "draft", False))
    return PdfRenderer(
        form, template=template, flatten_form=flatten_form, settings=settings or Settings(), draft=draft, template_name=name
    )


def custom_template(form: Form, path: Path) -> bytes:
    """The bytes of a PDF template given with ``--template``, checked against *form* before any record.

    A template of another form, or one without a box for a required field, would fail
    every record one by one; TemplateError says so once, naming the first problems.
    """
    from formkit.i18n import text
    from formkit.render.pdf.template import check_pdf_template

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError("pdf.template_missing", path=path.name) from exc
    problems = check_pdf_template(form, path)
    if problems:
        shown = "; ".join(problem.removeprefix(f"{path.name}: ") for problem in problems[:3])
        if len(problems) > 3:
            shown += " " + text(form.language, "check.more", count=len(problems) - 3)
        raise TemplateError("pdf.template_unfit", path=path.name, form=form.id, problems=shown)
    return data


def fill_pdf(form: Form, data: dict[str, Any], flatten_form: bool = False) -> bytes:
    """One filled PDF without keeping a renderer (tests, one-off use)."""
    return PdfRenderer(form, flatten_form=flatten_form).render(data)


def _register() -> None:
    from formkit.render.base import register_renderer

    register_renderer("pdf", pdf_renderer_factory)


_register()
