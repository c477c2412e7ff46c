"""The blank PDF form of a form: its display plan with the form's spare rows, composed like any filled copy.

Every fillable field is named by its contract dot path; the document is tagged
(PDF/UA-1) and carries in its Info which form and version it is, so a filled
copy identifies itself (:mod:`formkit.sources.pdf`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from formkit.errors import PdfError
from formkit.i18n import text as say
from formkit.model.catalog import Form
from formkit.model.fields import generic_path
from formkit.pdfio.fields import is_display_field
from formkit.pdfio.info import FORM_KEY
from formkit.settings import Settings

__all__ = ["build_pdf_template", "check_pdf_template", "template_summary"]


def _blank(form: Form, settings: Settings | None, secrecy: str | None) -> Any:
    from formkit.render.plan import build_plan

    plan = build_plan(form, None, settings or Settings())
    if secrecy is not None:
        plan.furniture = replace(plan.furniture, secrecy=secrecy)
    return plan


def build_pdf_template(form: Form, counts: Any = None, secrecy: str | None = None, *, settings: Settings | None = None) -> bytes:
    """The blank, fillable PDF of *form* (its spare rows; the settings' municipality and marking).

    *secrecy* replaces the marking the settings (or the form's presentation) give.
    *counts* is accepted for callers of the old template builder and ignored:
    a filled copy has the rows its record has.
    """
    from formkit.render.pdf.compose import Composer, Fonts
    from formkit.render.pdf.document import DocumentWriter
    from formkit.render.pdf.fonts import bold_font, unicode_font

    del counts
    composition = Composer(Fonts(unicode_font(), bold_font())).compose(_blank(form, settings, secrecy))
    return bytes(DocumentWriter(form).write(composition))


def check_pdf_template(form: Form, path: Path | None = None) -> list[str]:
    """Problems of a PDF template against its schema: unknown fields, required fields without a box."""
    from formkit.sources.pdf import read_field_tree

    target = path or form.template_path("pdf")
    try:
        info, fields = read_field_tree(target)
    except PdfError as exc:
        return [exc.message(form.language)]
    problems: list[str] = []
    language = form.language
    if info.get(FORM_KEY) not in (None, form.id):
        problems.append(say(language, "pdf.template_other_form", path=target.name, found=info.get(FORM_KEY), form=form.id))
    templates = {f.path: f for f in form.model.leaves}
    fields = {name: value for name, value in fields.items() if not is_display_field(name)}
    for name in sorted(fields):
        if generic_path(name) not in templates:
            problems.append(say(language, "pdf.template_unknown_field", path=target.name, field=name))
    present = {generic_path(n) for n in fields}
    for leaf in templates.values():
        if leaf.required and not leaf.list_paths and leaf.path not in present:
            problems.append(say(language, "pdf.template_no_box", path=target.name, field=leaf.path))
        elif leaf.required and leaf.list_paths and leaf.path not in present:
            problems.append(say(language, "pdf.template_no_row", path=target.name, field=leaf.path))
    return problems


def template_summary(form: Form) -> dict[str, Any]:
    """Counts for `formkit templates build` to print: pages, fields, spare rows per list."""
    from formkit.render.pdf.compose import Composer, Fonts
    from formkit.render.pdf.fonts import bold_font, unicode_font
    from formkit.render.plan import Fields, Group, Table

    plan = _blank(form, None, None)
    composition = Composer(Fonts(unicode_font(), bold_font())).compose(plan)
    lists = {name for name, node in form.model.root.children.items() if node.kind == "array"}
    rows: dict[str, int] = {}
    for block in plan.blocks:
        if isinstance(block, Group) and block.path in lists and block.blocks:
            first = block.blocks[0]
            if isinstance(first, Table):
                rows[block.path] = len(first.rows)
            elif isinstance(first, Fields):
                rows[block.path] = len(first.fields)
            else:
                rows[block.path] = len(block.blocks)
    return {"form": form.id, "pages": len(composition.pages), "fields": sum(1 for _ in plan.fields()), "rows": rows}
