"""``templates check`` for Word: the marker the body goes into, the header and footer placeholders, formkit's styles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lxml import etree  # type: ignore[import-untyped]

from formkit.errors import TemplateError
from formkit.i18n import text
from formkit.model.catalog import Form
from formkit.render.docx.frame import FURNITURE, MARKER, read_template
from formkit.render.docx.package import read_package, templated_parts

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class TemplateIssue:
    """Something wrong with a template: where (its part), what, how bad."""

    severity: Severity
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.where}: {self.message}" if self.where else f"{self.severity}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return {"severity": self.severity, "where": self.where, "message": self.message}


def check_template(form: Form, path: Path | None = None) -> list[TemplateIssue]:
    """Whether a .docx template (the shipped one unless *path*) can draw *form*'s documents.

    Errors: a part that is not well-formed XML; no paragraph holding only the
    marker ``{{ dokument.innehall }}``; the form's own placeholders or Jinja
    tags in the body (a template of formkit 0.x: ``templates upgrade`` makes a
    new one); a header or footer placeholder formkit does not know. Warning: a
    style formkit's body uses that the template lacks (rendering adds
    formkit's default for it). TemplateError when the file is not a .docx.
    """
    template = path or form.template_path("docx")
    if not template.is_file():
        raise TemplateError("template.missing", form=form.id, path=template)
    _, members = read_package(template)
    language = form.language
    issues: list[TemplateIssue] = []
    for part in templated_parts(members):
        try:
            etree.fromstring(members[part], etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as exc:
            issues.append(TemplateIssue("error", part, text(language, "template.check.not_xml", line=exc.lineno)))
    if issues:
        return issues
    reading, _frame = read_template(members, template.name)
    main = templated_parts(members)[0]
    if reading.legacy:
        shown = ", ".join(dict.fromkeys(tag[:40] for tag in reading.legacy[:3]))
        # An old template: upgrading it also clears its header's statements and adds the styles.
        return [TemplateIssue("error", main, text(language, "template.check.legacy", tag=shown))]
    if not reading.has_marker:
        issues.append(TemplateIssue("error", main, text(language, "template.check.no_marker", marker=MARKER)))
    known = ", ".join(f"dokument.{name}" for name in FURNITURE)
    for part, tag in reading.unknown:
        issues.append(TemplateIssue("error", part, text(language, "template.check.unknown_furniture", tag=tag[:60], known=known)))
    if reading.missing_styles:
        styles = ", ".join(reading.missing_styles)
        issues.append(TemplateIssue("warning", "word/styles.xml", text(language, "template.check.missing_style", styles=styles)))
    return issues
