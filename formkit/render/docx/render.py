"""Word documents drawn from the display plan: a template read once per process, then one body and header per record.

:class:`PreparedDocx` reads a template (:mod:`formkit.render.docx.frame`):
the document around its marker paragraph, the header and footer with their
placeholders, the styles it lacks (added from
:mod:`formkit.render.docx.styles`, with a warning), and zips every member that
never changes once (:class:`formkit.render.docx.package.PackageWriter`).
Rendering a record is then: build its plan, write the body XML as text
(:mod:`formkit.render.docx.body`), fill in the furniture, zip three parts.

Safety: every text is escaped when it is written, and the plan has dropped
what XML 1.0 forbids, so no value can add Word markup; the template's own XML
was parsed (entities off) and serialised when it was read.
"""

from __future__ import annotations

import hashlib
import logging
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formkit.errors import TemplateError
from formkit.i18n import text
from formkit.render.base import RenderOptions, register_renderer
from formkit.render.docx.body import body_xml
from formkit.render.docx.frame import Frame, LegacyTemplate, read_template
from formkit.render.docx.package import PackageWriter, docx_paragraphs, read_package
from formkit.render.plan import Mode, Plan, build_plan

if TYPE_CHECKING:
    from formkit.model.catalog import Form
    from formkit.settings import Settings

__all__ = ["DocxRenderer", "PreparedDocx", "docx_paragraphs", "prepared_template", "render_docx"]

_log = logging.getLogger("formkit")


class PreparedDocx:
    """A template prepared once: its frame read, its unchanging members zipped; :meth:`render` draws a plan into it."""

    def __init__(self, path: Path, *, data: bytes | None = None, members: Mapping[str, bytes] | None = None) -> None:
        """*members* replace or add package members (the blank form's settings and properties)."""
        self.path = path
        infos, contents = read_package(path, data)
        reading, frame = read_template(contents, path.name)
        if frame is None:
            if reading.legacy:
                raise LegacyTemplate("template.legacy", path=path.name, tag=reading.legacy[0][:60])
            if reading.unknown:
                part, tag = reading.unknown[0]
                raise TemplateError("template.unknown_placeholder", path=path.name, part=part, tag=tag[:60])
            raise TemplateError("template.no_marker", path=path.name)
        if reading.missing_styles:
            _log.warning(text("sv", "template.styles_added", path=path.name, styles=", ".join(reading.missing_styles)))
        self.frame: Frame = frame
        self.missing_styles = reading.missing_styles
        changed = {**frame.members, **(members or {})}
        for name, value in changed.items():
            contents[name] = value
        known = {info.filename for info in infos}
        infos = infos + [zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)) for name in changed if name not in known]
        self.parts = [frame.main, *frame.furniture]
        self.writer = PackageWriter(infos, contents, self.parts)

    def render(self, plan: Plan, *, controls: bool = False) -> bytes:
        """The .docx that draws *plan* (*controls*: content controls in every value cell, the blank Word form)."""
        frame = self.frame
        body = body_xml(plan, frame.width, controls=controls).encode("utf-8")
        parts = [frame.before + body + frame.after]
        parts += [frame.furniture_part(name, plan.furniture, plan.form_id) for name in self.parts[1:]]
        return self.writer.write(parts)


_PREPARED: dict[tuple[str, bytes], PreparedDocx] = {}
_PREPARED_KEPT = 8


def prepared_template(path: Path) -> PreparedDocx:
    """*path* prepared once per process and content: a batch's worker processes, forked after the parent
    prepared it to check it, start rendering at once instead of preparing it again."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError("template.unreadable", path=path.name, kind=exc.__class__.__name__) from exc
    key = (str(path.resolve()), hashlib.sha256(data).digest())
    prepared = _PREPARED.get(key)
    if prepared is None:
        if len(_PREPARED) >= _PREPARED_KEPT:
            _PREPARED.clear()
        prepared = _PREPARED[key] = PreparedDocx(path, data=data)
    return prepared


def default_template(form: Form) -> PreparedDocx:
    """The form's shipped template, or (a form from an outside folder without one) the default built from its schema."""
    path = form.template_path("docx")
    if path.is_file():
        return prepared_template(path)
    from formkit.render.docx.template import template_bytes

    return PreparedDocx(path, data=template_bytes(form))


class DocxRenderer:
    """The ``docx`` renderer of the fill engine: one prepared template, many records."""

    ext = "docx"

    def __init__(self, form: Form, settings: Settings, *, draft: bool = False, template: Path | None = None) -> None:
        self.form = form
        self.settings = settings
        self.draft = draft
        self.mode: Mode = "draft" if draft else "filled"
        if template is None:
            self.prepared = default_template(form)
        elif template.is_file():
            self.prepared = prepared_template(template)
        else:
            raise TemplateError("template.missing", form=form.id, path=template)

    def plan(self, data: Mapping[str, Any]) -> Plan:
        return build_plan(self.form, data, self.settings, self.mode)

    def render(self, data: Mapping[str, Any]) -> bytes:
        """The filled .docx of one (validated) record."""
        return self.prepared.render(self.plan(data))


def renderer_factory(form: Form, settings: Settings, options: RenderOptions) -> DocxRenderer:
    """The factory the fill engine registers for ``--to docx``."""
    return DocxRenderer(form, settings, draft=options.draft, template=options.templates.get("docx"))


def render_docx(form: Form, data: Mapping[str, Any], settings: Settings, *, draft: bool = False) -> bytes:
    """One record to .docx bytes (use DocxRenderer for batches)."""
    return DocxRenderer(form, settings, draft=draft).render(data)


register_renderer("docx", renderer_factory)
