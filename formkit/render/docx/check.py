"""Check a .docx template against its form's schema: unknown placeholders, Jinja syntax errors, required fields never shown."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import jinja2
from jinja2 import nodes
from lxml import etree  # type: ignore[import-untyped]

from formkit.errors import TemplateError
from formkit.i18n import text
from formkit.model.catalog import Form
from formkit.render.context import RESERVED, document_fields
from formkit.render.docx.render import jinja_environment, read_package, template_source, templated_parts
from formkit.render.docx.template import Node, form_root

Severity = Literal["error", "warning"]
_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"<w:p([ >])")
_JINJA_NAMES = frozenset({"loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace", "true", "false", "none"})
# Filters that hand on the list (or value) they were given, so what follows can still be checked.
_KEEP_FILTERS = frozenset({"select", "reject", "selectattr", "rejectattr", "sort", "list", "unique", "reverse", "default", "d"})


@dataclass(frozen=True)
class TemplateIssue:
    """Something wrong with a template: where (part and paragraph text), what, how bad."""

    severity: Severity
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.where}: {self.message}" if self.where else f"{self.severity}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return {"severity": self.severity, "where": self.where, "message": self.message}


def _document_node(form: Form | None = None) -> Node:
    """The reserved ``dokument`` context as fields (with *form*'s varying texts), so its placeholders are checked too."""
    return Node(document_fields(form))


_Target = tuple[Node, str] | None


class _Checker:
    """Walks a Jinja AST, resolving each placeholder against the schema."""

    def __init__(self, form: Form, part: str, lines: list[str]) -> None:
        self.root = form_root(form)
        self.language = form.language
        self.document = _document_node(form)
        self.part = part
        self.lines = lines
        self.issues: list[TemplateIssue] = []
        self.used: set[str] = set()

    def where(self, node: nodes.Node) -> str:
        return _location(self.part, self.lines, getattr(node, "lineno", 0), self.language)

    def unknown(self, node: nodes.Node, name: str) -> None:
        message = text(self.language, "template.check.unknown", name=name)
        self.issues.append(TemplateIssue("error", self.where(node), message))

    def use(self, path: str) -> None:
        parts = path.split(".")
        for end in range(1, len(parts) + 1):
            self.used.add(".".join(parts[:end]))

    def statements(self, body: list[nodes.Node], scope: dict[str, _Target]) -> None:
        for node in body:
            self.visit(node, scope)

    def visit(self, node: nodes.Node, scope: dict[str, _Target]) -> None:
        if isinstance(node, nodes.For):
            found = self.expr(node.iter, scope)
            inner = dict(scope)
            item: _Target = None
            if found is not None and found[0].kind == "array":
                item = (found[0].item(), f"{found[1]}.*")
            if isinstance(node.target, nodes.Name):
                inner[node.target.name] = item
            for name in node.target.find_all(nodes.Name):
                inner[name.name] = None
            inner["loop"] = None
            if node.test is not None:
                self.expr(node.test, inner)
            self.statements(node.body, inner)
            self.statements(node.else_, scope)
        elif isinstance(node, nodes.Assign | nodes.AssignBlock | nodes.With | nodes.Macro | nodes.CallBlock):
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Expr) and not (isinstance(child, nodes.Name) and child.ctx in ("store", "param")):
                    self.expr(child, scope)
            for name in node.find_all(nodes.Name):
                if name.ctx in ("store", "param"):
                    scope[name.name] = None
            for child in node.iter_child_nodes():
                if not isinstance(child, nodes.Expr):
                    self.visit(child, scope)
        elif isinstance(node, nodes.Expr):
            self.expr(node, scope)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)

    def expr(self, node: nodes.Node, scope: dict[str, _Target]) -> _Target:
        if isinstance(node, nodes.Name):
            return self.name(node, scope)
        if isinstance(node, nodes.Getattr):
            return self.attribute(node, self.expr(node.node, scope), node.attr)
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, scope)
            self.expr(node.arg, scope)
            if base is not None and isinstance(node.arg, nodes.Const):
                if base[0].kind == "array" and isinstance(node.arg.value, int):
                    return base[0].item(), f"{base[1]}.*"
                if isinstance(node.arg.value, str):
                    return self.attribute(node, base, node.arg.value)
            return None
        if isinstance(node, nodes.Filter):
            base = self.expr(node.node, scope) if node.node is not None else None
            for argument in (*node.args, *(k.value for k in node.kwargs)):
                self.expr(argument, scope)
            if node.name == "map" and base is not None and base[0].kind == "array":
                for keyword in node.kwargs:
                    if keyword.key == "attribute" and isinstance(keyword.value, nodes.Const):
                        self.attribute(node, (base[0].item(), f"{base[1]}.*"), str(keyword.value.value))
            return base if node.name in _KEEP_FILTERS else None
        for child in node.iter_child_nodes():
            self.expr(child, scope) if isinstance(child, nodes.Expr) else self.visit(child, scope)
        return None

    def name(self, node: nodes.Name, scope: dict[str, _Target]) -> _Target:
        if node.name in scope:
            return scope[node.name]
        if node.name == RESERVED:
            return self.document, RESERVED
        for child in self.root.children():
            if child.name == node.name:
                self.use(child.name)
                return child, child.name
        if node.name not in _JINJA_NAMES:
            self.unknown(node, node.name)
        return None

    def attribute(self, node: nodes.Node, base: _Target, attr: str) -> _Target:
        if base is None or base[0].kind != "object":
            return None  # a method of a list or a string, or something not from the schema
        for child in base[0].children():
            if child.name == attr:
                path = f"{base[1]}.{attr}"
                self.use(path)
                return child, path
        self.unknown(node, f"{base[1]}.{attr}".replace(".*", ".N"))
        return None


def _location(part: str, lines: list[str], lineno: int, language: str) -> str:
    """``word/document.xml, stycke 12 “Namn: {{ barn.namx }}”`` (lines are paragraphs, see docxtpl)."""
    if not 0 < lineno <= len(lines):
        return part
    shown = " ".join(_TAG.sub("", lines[lineno - 1]).split())
    if len(shown) > 80:
        shown = shown[:77] + "…"
    return text(language, "template.check.where", part=part, paragraph=lineno - 1, text=shown)


def _context(lines: list[str], lineno: int) -> str:
    """The template text around a syntax error: the paragraph before, the one with it and the next."""
    around = [" ".join(_TAG.sub("", line).split()) for line in lines[max(lineno - 2, 0) : lineno + 1]]
    return " | ".join(line for line in around if line)


def _missing_required(node: Node, prefix: str, used: set[str]) -> Iterator[str]:
    target = node.item() if node.kind == "array" else node
    for child in target.children() if target.kind == "object" else []:
        path = f"{prefix}.{child.name}" if prefix else child.name
        if node.kind == "array":
            path = f"{prefix}.*.{child.name}"
        if path not in used:
            if child.required:
                yield path
            continue
        if child.kind in ("object", "array"):
            yield from _missing_required(child, path, used)


def check_template(form: Form, path: Path | None = None) -> list[TemplateIssue]:
    """Compare a .docx template with *form*'s schema (the shipped one unless *path*).

    Errors: a part that is not well-formed XML, a Jinja syntax error (with the
    text around it), a placeholder the schema does not know (with its part and
    paragraph), a filter that does not exist (``safe`` is removed on purpose).
    Warning: a required property the template never shows (not judged when a
    part could not be read). TemplateError when the file is not a .docx at all.
    """
    template = path or form.template_path("docx")
    if not template.is_file():
        raise TemplateError("template.missing", form=form.id, path=template)
    _, members = read_package(template)
    env = jinja_environment()
    issues: list[TemplateIssue] = []
    used: set[str] = set()
    unread = False  # a part not parsed: what it shows is unknown, so "never shown" would be guesswork
    for part in templated_parts(members):
        try:
            source = template_source(members[part])
        except etree.XMLSyntaxError as exc:
            issues.append(TemplateIssue("error", part, text(form.language, "template.check.not_xml", line=exc.lineno)))
            unread = True
            continue
        # docxtpl's trick: one paragraph per line, so Jinja's line numbers name paragraphs.
        numbered = _PARAGRAPH.sub(r"\n<w:p\1", source)
        lines = numbered.split("\n")
        try:
            env.from_string(numbered)
        except jinja2.TemplateSyntaxError as exc:
            where = _location(part, lines, exc.lineno, form.language)
            message = text(form.language, "template.check.syntax", detail=exc.message, around=_context(lines, exc.lineno))
            issues.append(TemplateIssue("error", where, message))
            unread = True
            continue
        checker = _Checker(form, part, lines)
        checker.statements(env.parse(numbered).body, {})
        issues.extend(checker.issues)
        used |= checker.used
    for missing in [] if unread else _missing_required(form_root(form), "", used):
        issues.append(TemplateIssue("warning", "", text(form.language, "template.check.never_shown", name=missing)))
    return issues
