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
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formkit.errors import TemplateError
from formkit.i18n import LOCALES, text
from formkit.render.base import RenderOptions, register_renderer
from formkit.render.docx.body import body_xml
from formkit.render.docx.frame import Frame, LegacyTemplate, read_template
from formkit.render.docx.package import PackageWriter, docx_paragraphs, read_package
from formkit.render.docx.properties import PROPERTY_PARTS, DocumentProperties, tidy_package
from formkit.render.plan import Mode, Plan, build_plan

if TYPE_CHECKING:
    from formkit.model.catalog import Form
    from formkit.settings import Settings

__all__ = ["DocxRenderer", "PreparedDocx", "docx_paragraphs", "prepared_template", "render_docx"]

_log = logging.getLogger("formkit")


class PreparedDocx:
    """A template prepared once: its frame read, its unchanging members zipped; :meth:`render` draws a plan into it."""

    def __init__(
        self, path: Path, *, data: bytes | None = None, members: Mapping[str, bytes] | None = None, locale: str | None = None
    ) -> None:
        """*members* replace or add package members (the blank form's settings and properties). With *locale*
        (``sv-SE``), prepared as a filled copy's package: parts Word does not need dropped, every language tag
        the form's, and each document's own properties (:mod:`formkit.render.docx.properties`)."""
        self.path = path
        infos, contents = read_package(path, data)
        if locale is not None:
            contents = tidy_package(contents, locale)
            infos = [info for info in infos if info.filename in contents]
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
        self.properties = locale is not None
        self.parts = [frame.main, *frame.furniture, *(PROPERTY_PARTS if self.properties else ())]
        self.writer = PackageWriter(infos, contents, self.parts)

    def render(self, plan: Plan, *, controls: bool = False, properties: Mapping[str, bytes] | None = None) -> bytes:
        """The .docx that draws *plan* (*controls*: content controls in every value cell, the blank Word form).

        *properties*: the document's property parts (:meth:`DocumentProperties.parts`), required when prepared with a
        locale (the renderer knows the form, its creation time and what it keeps between records)."""
        frame = self.frame
        body = body_xml(plan, frame.width, controls=controls).encode("utf-8")
        parts = [frame.before + body + frame.after]
        parts += [frame.furniture_part(name, plan.furniture, plan.form_id) for name in frame.furniture]
        if self.properties:
            if properties is None:
                raise ValueError("a template prepared with a locale is rendered with its document's properties")
            parts += [properties[name] for name in PROPERTY_PARTS]
        return self.writer.write(parts)


_PREPARED: dict[tuple[str, bytes, str | None], PreparedDocx] = {}
_PREPARED_KEPT = 8


def prepared_template(path: Path, locale: str | None = None) -> PreparedDocx:
    """*path* prepared once per process, content and *locale* (see :class:`PreparedDocx`): a batch's worker
    processes, forked after the parent prepared it to check it, start rendering at once."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError("template.unreadable", path=path.name, kind=exc.__class__.__name__) from exc
    key = (str(path.resolve()), hashlib.sha256(data).digest(), locale)
    prepared = _PREPARED.get(key)
    if prepared is None:
        if len(_PREPARED) >= _PREPARED_KEPT:
            _PREPARED.clear()
        prepared = _PREPARED[key] = PreparedDocx(path, data=data, locale=locale)
    return prepared


def default_template(form: Form) -> PreparedDocx:
    """The form's shipped template, or (a form from an outside folder without one) the default built from its schema."""
    path = form.template_path("docx")
    locale = LOCALES[form.language]
    if path.is_file():
        return prepared_template(path, locale)
    from formkit.render.docx.template import template_bytes

    return PreparedDocx(path, data=template_bytes(form), locale=locale)


class DocxRenderer:
    """The ``docx`` renderer of the fill engine: one prepared template, many records."""

    ext = "docx"

    def __init__(
        self,
        form: Form,
        settings: Settings,
        *,
        draft: bool = False,
        template: Path | None = None,
        created: datetime | None = None,
    ) -> None:
        """*created*: the time every document's properties give (one for a batch); None: when each is made."""
        self.form = form
        self.settings = settings
        self.draft = draft
        self.created = created
        self.mode: Mode = "draft" if draft else "filled"
        if template is None:
            self.prepared = default_template(form)
        elif template.is_file():
            self.prepared = prepared_template(template, LOCALES[form.language])
        else:
            raise TemplateError("template.missing", form=form.id, path=template)
        self._properties: tuple[DocumentProperties, dict[str, bytes]] | None = None

    def plan(self, data: Mapping[str, Any]) -> Plan:
        return build_plan(self.form, data, self.settings, self.mode)

    def render(self, data: Mapping[str, Any]) -> bytes:
        """The filled .docx of one (validated) record."""
        return self.render_plan(self.plan(data))

    def render_plan(self, plan: Plan) -> bytes:
        """The .docx of a record's plan (:meth:`plan`), for a caller that reads the plan too."""
        properties = DocumentProperties.of(self.form, plan.furniture.kommun, self.created)
        if self._properties is None or self._properties[0] != properties:  # a batch's records mostly share theirs
            self._properties = (properties, properties.parts())
        return self.prepared.render(plan, properties=self._properties[1])


def renderer_factory(form: Form, settings: Settings, options: RenderOptions) -> DocxRenderer:
    """The factory the fill engine registers for ``--to docx``."""
    return DocxRenderer(form, settings, draft=options.draft, template=options.templates.get("docx"), created=options.created)


def render_docx(form: Form, data: Mapping[str, Any], settings: Settings, *, draft: bool = False) -> bytes:
    """One record to .docx bytes (use DocxRenderer for batches)."""
    return DocxRenderer(form, settings, draft=draft).render(data)


register_renderer("docx", renderer_factory)
