"""Fast, safe .docx rendering: prepare a docxtpl template once per process, then render each record's XML.

docxtpl's documented use (a new ``DocxTemplate`` per record) re-parses the
package, re-runs its XML pre-processing and re-compiles Jinja for every record.
Here all of that happens once in :class:`PreparedDocx`: the parts that hold
Jinja tags are patched with docxtpl's own ``patch_xml`` (so templates mean the
same thing as in docxtpl) and compiled; every other zip member is kept as
bytes. Rendering a record is then a Jinja render per templated part and one
zip write.

Safety: a sandboxed environment with autoescape and StrictUndefined. Every value
passes :func:`finalize_value`, which removes characters XML 1.0 forbids,
escapes ``&``/``<``/``>`` and turns a newline into a line break in the same
paragraph (``w:br``) and a tab into ``w:tab``, so a value can never add Word
markup or Jinja code. A broken package is never produced: the rendered XML is
not parsed again per record, because :mod:`formkit.render.docx.blocks` proves
when the template is prepared that no record can unbalance it (the argument is
in that module's docstring).

Writing: the unchanged members are compressed once, with their local headers
and central directory entries; a record's package is those bytes, each
rendered part behind a copy of its precomputed local header with the CRC and
sizes filled in, and the central directory — the bytes :mod:`zipfile` writes,
without reading the static part's directory back for every record.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree  # type: ignore[import-untyped]
from markupsafe import Markup, escape

from formkit.errors import RenderError, TemplateError
from formkit.render.base import RenderOptions, register_renderer
from formkit.render.context import display_context
from formkit.render.docx.blocks import Unbalanced, check_blocks
from formkit.textclean import clean_text as clean_text_everywhere

if TYPE_CHECKING:
    from formkit.model.catalog import Form
    from formkit.settings import Settings

# XML 1.0 allows \t \n \r and everything from U+0020 except surrogates and U+FFFE/U+FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'
_JINJA_MARK = re.compile(r"\{[{%#]")
_TABLE_FIX = re.compile(r"\{%-?\s*(?:tc|hm|vm|colspan)\b")
_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\sid=")\d+(")')
_XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
# docxtpl's escapes for a literal "{{" etc. in template text; resolved once at compile time
# instead of on every output (where they would also rewrite a value).
LITERAL_ESCAPES = {"{_{": "{{ '{{' }}", "}_}": "{{ '}}' }}", "{_%": "{{ '{%' }}", "%_}": "{{ '%}' }}"}

_REL_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_RENDERED_RELS = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes",
}
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
"""A template larger than this (uncompressed) is refused: templates are small; this is a zip-bomb guard."""


def clean_text(value: str) -> str:
    """*value* as every output prints it (:func:`formkit.textclean.clean_text`), and without what XML 1.0 forbids."""
    return _XML_FORBIDDEN.sub("", clean_text_everywhere(value))


def finalize_value(value: Any) -> Markup:
    """Every ``{{ … }}`` output: escaped, cleaned, newline -> ``w:br``, tab -> ``w:tab``.

    Markup is not escaped again: with autoescape on it only comes from filters
    such as ``join`` that escaped their items already. It is still cleaned, so
    a control character cannot slip through a filter.
    """
    if isinstance(value, Markup):
        markup = value
    else:
        markup = escape("" if value is None else value if isinstance(value, str) else str(value))
    if markup.isprintable():
        # Most values: nothing XML forbids (controls, surrogates, U+FFFE/FFFF are not printable), no
        # line break or tab to turn into Word markup.
        return markup
    text = clean_text(str(markup))
    if "\n" in text or "\t" in text:
        text = text.replace("\n", _LINE_BREAK).replace("\t", _TAB)
    return Markup(text)  # noqa: S704 - escaped above; only our own w:br/w:tab markup added


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _WordEnvironment(SandboxedEnvironment):
    """The sandbox, with ``a.b`` on a plain dict looked up as the item directly.

    Jinja tries the attribute first and the item when that raises
    AttributeError; a display context is dicts, so every ``{{ barn.namn }}``
    raised and caught an exception (a fifth of rendering a record). A plain
    dict has no attribute but its class's, so for any other name the item is
    what the sandbox returns too.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def jinja_environment() -> SandboxedEnvironment:
    """The environment every template is compiled in (also handed to docxtpl in tests and the benchmark)."""
    env = _WordEnvironment(autoescape=True, undefined=jinja2.StrictUndefined, finalize=finalize_value)
    # |safe would print a value as Word XML, and |urlize wraps a link or address found in a value
    # in HTML <a> tags (well-formed, so not caught below, but Word refuses the file): not available.
    for name in ("safe", "urlize"):
        del env.filters[name]
    # lipsum() prints HTML markup; a Word template has no use for it (formkit.render.docx.blocks).
    del env.globals["lipsum"]
    return env


def _patcher() -> DocxTemplate:
    # patch_xml uses no state of the instance; the constructor does not read the file.
    return DocxTemplate(io.BytesIO())


def patch_part_xml(xml: str) -> str:
    """docxtpl's pre-processing of a part's XML (merges split runs inside tags, ``{%tr``, …)."""
    return str(_patcher().patch_xml(xml))


def part_source(data: bytes) -> str:
    """A part's XML as docxtpl sees it: parsed by python-docx and serialised without pretty printing."""
    return str(etree.tostring(parse_xml(data), encoding="unicode"))


def template_source(data: bytes) -> str:
    """The Jinja source of a templated part: docxtpl's pre-processing, its literal-brace escapes resolved.

    Shared by rendering and ``templates check`` so both read a template the same
    way. Raises lxml's XMLSyntaxError when the part is not well-formed.
    """
    source = patch_part_xml(part_source(data))
    for escaped, literal in LITERAL_ESCAPES.items():
        source = source.replace(escaped, literal)
    return source


def _rels_targets(members: Mapping[str, bytes], rels_name: str, base: str) -> list[tuple[str, str]]:
    """``(type, member name)`` of each internal relationship in *rels_name*."""
    raw = members.get(rels_name)
    if raw is None:
        return []
    try:
        root = etree.fromstring(raw)
    except etree.XMLSyntaxError as exc:
        raise TemplateError("template.bad_rels", part=rels_name) from exc
    found = []
    for rel in root.iter(f"{_RELS_NS}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        found.append((rel.get("Type", ""), name))
    return found


def templated_parts(members: Mapping[str, bytes]) -> list[str]:
    """The members docxtpl renders: the main document, its headers, footers and footnotes."""
    main = [name for kind, name in _rels_targets(members, "_rels/.rels", "") if kind == _REL_OFFICE_DOCUMENT]
    if not main or main[0] not in members:
        raise TemplateError("template.no_main")
    folder, base = posixpath.split(main[0])
    rels = posixpath.join(folder, "_rels", base + ".rels")
    extra = [name for kind, name in _rels_targets(members, rels, folder) if kind in _RENDERED_RELS and name in members]
    return [main[0], *extra]


def read_package(path: Path, data: bytes | None = None) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    """Every member of a .docx (the file *path*, or its bytes *data*), refusing what is not a zip or unpacks too large."""
    try:
        with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as package:
            infos = package.infolist()
            if sum(info.file_size for info in infos) > MAX_TEMPLATE_BYTES:
                raise TemplateError("template.too_big", path=path.name, limit=MAX_TEMPLATE_BYTES)
            return infos, {info.filename: package.read(info) for info in infos}
    except (OSError, zipfile.BadZipFile) as exc:
        raise TemplateError("template.unreadable", path=path.name, kind=exc.__class__.__name__) from exc


def _member(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    member = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = info.external_attr
    return member


@dataclass
class _Part:
    name: str
    template: jinja2.Template
    fix_tables: bool
    renumber_docpr: bool
    local_header: bytes
    """The member's local file header as zipfile writes it, CRC and sizes zero (filled in per record)."""
    central_entry: bytes
    """Its central directory entry likewise, CRC, sizes and offset zero."""


_CRC_AND_SIZES = struct.Struct("<LLL")
# Where CRC-32, compressed and uncompressed size sit in a local file header and a central directory
# entry, and where the entry's local header offset sits (PKWARE APPNOTE 4.3.7 and 4.3.12).
_LOCAL_CRC_AT, _CENTRAL_CRC_AT, _CENTRAL_OFFSET_AT = 14, 16, 42
_LOCAL_FIXED, _CENTRAL_FIXED = 30, 46
_OFFSET = struct.Struct("<L")
_END = struct.Struct("<4s4H2LH")  # end of central directory record (APPNOTE 4.3.16), no comment
_END_SIGNATURE = b"PK\x05\x06"
_COMPRESS_LEVEL = 1
"""Fast deflate for the rendered parts: a record's XML compresses about as well at 1 as at 6."""
_PLAIN_ZIP_LIMIT = 1 << 31
"""A part this large would need zip64, which the precomputed headers do not write (never for a form)."""


def _directory(package: bytes) -> tuple[int, int, int]:
    """(entries, central directory size, its offset) from the end record of a zip written by zipfile (no comment)."""
    _signature, _disk, _start, _here, entries, size, offset, _comment = _END.unpack(package[-_END.size :])
    return entries, size, offset


def _end(entries: int, size: int, offset: int) -> bytes:
    return _END.pack(_END_SIGNATURE, 0, 0, entries, entries, size, offset, 0)


def _entry_bytes(info: zipfile.ZipInfo) -> tuple[bytes, bytes]:
    """The local header and central directory entry zipfile writes for *info* (CRC, sizes, offset zero)."""
    scratch = io.BytesIO()
    with zipfile.ZipFile(scratch, "w") as package:
        package.writestr(info, b"", compresslevel=_COMPRESS_LEVEL)
    data = scratch.getvalue()
    _count, size, offset = _directory(data)
    central = bytearray(data[offset : offset + size])
    local = bytearray(data[: _LOCAL_FIXED + len(central) - _CENTRAL_FIXED])  # the same name and extra follow both
    _CRC_AND_SIZES.pack_into(local, _LOCAL_CRC_AT, 0, 0, 0)
    _CRC_AND_SIZES.pack_into(central, _CENTRAL_CRC_AT, 0, 0, 0)
    return bytes(local), bytes(central)


class PreparedDocx:
    """A .docx template prepared once: compiled Jinja for the templated parts, the rest as zipped bytes."""

    def __init__(self, path: Path, env: SandboxedEnvironment | None = None, *, data: bytes | None = None) -> None:
        self.path = path
        self.env = env or jinja_environment()
        infos, members = read_package(path, data)
        # Members keep the template's timestamps, so the same record always gives the same bytes.
        self._infos = {info.filename: _member(info) for info in infos}
        self.parts: list[_Part] = []
        for name in templated_parts(members):
            try:
                source = template_source(members[name])
            except etree.XMLSyntaxError as exc:
                raise TemplateError("template.bad_xml", path=path.name, part=name) from exc
            if not _JINJA_MARK.search(source):
                continue
            try:
                template = self.env.from_string(source)
                check_blocks(self.env, source)
            except jinja2.TemplateSyntaxError as exc:
                raise TemplateError("template.syntax", path=path.name, part=name, detail=exc.message) from exc
            except Unbalanced as exc:
                raise TemplateError("template.unbalanced", path=path.name, part=name, tag=str(exc)[:80]) from exc
            local, central = _entry_bytes(self._infos[name])
            self.parts.append(
                _Part(name, template, bool(_TABLE_FIX.search(source)), "<wp:docPr" in source, local, central)
            )
        rendered = {part.name for part in self.parts}
        # The unchanged members are zipped once: their local entries and central directory entries.
        static = io.BytesIO()
        with zipfile.ZipFile(static, "w") as package:
            for info in infos:
                if info.filename not in rendered:
                    package.writestr(self._infos[info.filename], members[info.filename])
        data = static.getvalue()
        self._static_count, size, offset = _directory(data)
        self._static_local = data[:offset]
        self._static_central = data[offset : offset + size]

    def render(self, context: Mapping[str, Any]) -> bytes:
        """The filled .docx for a prepared context (see :func:`formkit.render.context.display_context`)."""
        pieces: list[bytes | bytearray] = [self._static_local]
        central: list[bytes | bytearray] = [self._static_central]
        offset = len(self._static_local)
        for part in self.parts:
            xml = self._render_part(part, context)
            if len(xml) >= _PLAIN_ZIP_LIMIT:
                return self._render_with_zipfile(context)
            compressor = zlib.compressobj(_COMPRESS_LEVEL, zlib.DEFLATED, -15)
            packed = compressor.compress(xml) + compressor.flush()
            crc = zlib.crc32(xml)
            local = bytearray(part.local_header)
            _CRC_AND_SIZES.pack_into(local, _LOCAL_CRC_AT, crc, len(packed), len(xml))
            entry = bytearray(part.central_entry)
            _CRC_AND_SIZES.pack_into(entry, _CENTRAL_CRC_AT, crc, len(packed), len(xml))
            _OFFSET.pack_into(entry, _CENTRAL_OFFSET_AT, offset)
            pieces += (local, packed)
            central.append(entry)
            offset += len(local) + len(packed)
        directory = b"".join(central)
        return b"".join([*pieces, directory, _end(self._static_count + len(self.parts), len(directory), offset)])

    def _render_with_zipfile(self, context: Mapping[str, Any]) -> bytes:
        """The package written by zipfile itself, which knows zip64 (a part over 2 GiB)."""
        static = self._static_local + self._static_central
        out = io.BytesIO(static + _end(self._static_count, len(self._static_central), len(self._static_local)))
        out.seek(0, io.SEEK_END)
        with zipfile.ZipFile(out, "a") as package:
            for part in self.parts:
                package.writestr(self._infos[part.name], self._render_part(part, context), compresslevel=_COMPRESS_LEVEL)
        return out.getvalue()

    def _render_part(self, part: _Part, context: Mapping[str, Any]) -> bytes:
        try:
            xml = part.template.render(context)
        except jinja2.TemplateError as exc:
            # Jinja's messages name template variables, never values.
            kind = exc.__class__.__name__
            raise RenderError("render.jinja", path=self.path.name, part=part.name, kind=kind, detail=exc.message) from exc
        except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
            # e.g. arithmetic on a text in the template: these messages may quote the value, so not them.
            raise RenderError("render.template_error", path=self.path.name, part=part.name, kind=exc.__class__.__name__) from exc
        if part.fix_tables:
            xml = etree.tostring(_patcher().fix_tables(xml), encoding="unicode")
        if part.renumber_docpr:
            counter = iter(range(1001, 1 << 30))
            xml = _DOCPR_ID.sub(lambda m: f"{m.group(1)}{next(counter)}{m.group(2)}", xml)
        # Not parsed again: formkit.render.docx.blocks proved, when the template was prepared, that
        # no record can make this XML ill-formed.
        return _XML_DECLARATION + xml.encode("utf-8")


_PREPARED: dict[tuple[str, bytes], PreparedDocx] = {}
_PREPARED_KEPT = 8


def prepared_template(path: Path) -> PreparedDocx:
    """*path* prepared once per process and content: a batch's worker processes, forked after the parent
    prepared it to check it, start rendering at once instead of preparing it again (~30 ms each)."""
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


class DocxRenderer:
    """The ``docx`` renderer of :mod:`formkit.batch`: one prepared template, many records."""

    ext = "docx"

    def __init__(self, form: Form, settings: Settings, *, draft: bool = False, template: Path | None = None) -> None:
        self.form = form
        self.settings = settings
        self.draft = draft
        path = template or form.template_path("docx")
        if path.is_file():
            self.prepared = prepared_template(path)
        elif template is None:
            # No template beside the form (a form from an outside folder): the default one, built from its schema.
            from formkit.render.docx.template import template_bytes

            self.prepared = PreparedDocx(path, data=template_bytes(form))
        else:
            raise TemplateError("template.missing", form=form.id, path=path)

    def render(self, data: Mapping[str, Any]) -> bytes:
        """The filled .docx of one (validated) record."""
        return self.prepared.render(display_context(self.form, data, self.settings, draft=self.draft))


def renderer_factory(form: Form, settings: Settings, options: RenderOptions) -> DocxRenderer:
    """The factory :mod:`formkit.batch` registers for ``--to docx``."""
    return DocxRenderer(form, settings, draft=options.draft, template=options.templates.get("docx"))


def render_docx(form: Form, data: Mapping[str, Any], settings: Settings, *, draft: bool = False) -> bytes:
    """One record to .docx bytes (prepares the template each call: use DocxRenderer for batches)."""
    return DocxRenderer(form, settings, draft=draft).render(data)


register_renderer("docx", renderer_factory)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_paragraphs(data: bytes) -> list[str]:
    """The text of every paragraph of a .docx's templated parts (document, headers, footers), in order.

    A line break reads as ``\\n`` and a tab as ``\\t``; table cells are paragraphs
    too. This is what a person sees, used for golden files and comparisons.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = {name: package.read(name) for name in package.namelist() if name.endswith((".xml", ".rels"))}
    texts: list[str] = []
    for name in templated_parts(members):
        for paragraph in etree.fromstring(members[name]).iter(f"{_W}p"):
            pieces = []
            for node in paragraph.iter(f"{_W}t", f"{_W}br", f"{_W}tab", f"{_W}instrText"):
                if node.tag == f"{_W}t":
                    pieces.append(node.text or "")
                elif node.tag == f"{_W}br":
                    pieces.append("\n")
                elif node.tag == f"{_W}tab" and node.getparent().tag == f"{_W}r":  # not a tab stop
                    pieces.append("\t")
            texts.append("".join(pieces))
    return texts
