"""A Word template read once: the body around its marker, headers and footers with their placeholders, its styles.

A formkit template holds style, page set-up and page furniture, and no word
of the form: its body is one paragraph holding only the marker
``{{ dokument.innehall }}``, which formkit replaces with the body drawn from
the display plan. Headers and footers may hold these placeholders (each
replaced by escaped text; a paragraph holding only placeholders that are all
empty is left out, e.g. the secrecy marking line of a form without one):

=========================================  ===============================================
``{{ dokument.kommun }}``                  the issuing municipality
``{{ dokument.titel }}``                   the form's title
``{{ dokument.undertitel }}``              routine and annex (``NORRBUS · Bilaga 2``)
``{{ dokument.person }}``                  whose document (the name, at most 60 characters)
``{{ dokument.rubrik }}``                  title and name (``Genomförandeplan · Aisha Abdullah``)
``{{ dokument.sekretessmarkering }}``      the secrecy marking
``{{ dokument.utkast }}``                  ``UTKAST`` on a draft
``{{ dokument.blankett }}``                the form id; ``{{ dokument.version }}`` its version
``{{ dokument.sida }}``, ``{{ dokument.av }}``  "Sida" and "av" ("Side", "av"), around PAGE and NUMPAGES fields
=========================================  ===============================================

Word splits typed text into runs as it likes; a placeholder spread over runs
is joined into its first run when the template is read. A template whose
body holds other placeholders or Jinja tags (a template for formkit 0.x, which
printed the form from docxtpl tags) is refused with :class:`LegacyTemplate`:
``formkit templates upgrade`` makes a new one from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lxml import etree  # type: ignore[import-untyped]

from formkit.errors import TemplateError
from formkit.render.docx.package import XML_DECLARATION, main_part, templated_parts
from formkit.render.docx.styles import STYLES, TEXT_TWIPS, Style
from formkit.render.plan import Furniture

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_W = f"{{{W}}}"
MARKER = "{{ dokument.innehall }}"
MARKER_NAME = "innehall"
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TAG = re.compile(r"\{[{%#].*?[}%#]\}", re.S)
PLACEHOLDER = re.compile(r"\{\{\s*dokument\.([A-Za-z_]+)\s*\}\}")
_OPTIONAL = re.compile(r"<\?formkit-optional ?\?>(.*?)<\?formkit-end ?\?>", re.S)
_BODY_MARK = re.compile(r"<\?formkit-body ?\?>")
STYLES_PART = "word/styles.xml"


def _short(value: str) -> str:
    return " ".join(value.split())


FURNITURE: dict[str, Callable[[Furniture, str], str]] = {
    "kommun": lambda f, _: f.kommun,
    "titel": lambda f, _: f.title,
    "undertitel": lambda f, _: f.subtitle,
    "person": lambda f, _: _short(f.person_short),
    "rubrik": lambda f, _: _short(f.title_line),
    "sekretessmarkering": lambda f, _: f.secrecy,
    "utkast": lambda f, _: f.draft,
    "blankett": lambda _, form_id: form_id,
    "version": lambda f, _: f.version,
    "sida": lambda f, _: f.page_word,
    "av": lambda f, _: f.of_word,
}
"""What each header and footer placeholder prints, from the plan's furniture (and the form id)."""


class LegacyTemplate(TemplateError):
    """A template whose body prints the form from docxtpl tags (formkit 0.x): ``templates upgrade`` replaces it."""


@dataclass(frozen=True)
class Optional:
    """Pieces of a paragraph left out when every placeholder in it is empty."""

    pieces: tuple[str | tuple[str], ...]


Piece = str | tuple[str] | Optional


@dataclass
class Frame:
    """A template read once: what surrounds the body, the furniture parts as pieces, the styles added."""

    main: str
    before: bytes
    after: bytes
    furniture: dict[str, list[Piece]]
    width: int
    missing_styles: list[str]
    members: dict[str, bytes] = field(default_factory=dict)
    """Members that differ from the template's own (styles.xml with the missing styles added)."""

    def furniture_part(self, name: str, furniture: Furniture, form_id: str) -> bytes:
        values = {key: _escape(make(furniture, form_id)) for key, make in FURNITURE.items()}
        return XML_DECLARATION + "".join(_draw(self.furniture[name], values)).encode("utf-8")


def _escape(value: str) -> str:
    if not value.isprintable():
        value = " ".join(_XML_FORBIDDEN.sub("", value).split())
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def _draw(pieces: list[Piece] | tuple[Piece, ...], values: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif isinstance(piece, tuple):
            out.append(values[piece[0]])
        elif any(values[p[0]] for p in piece.pieces if isinstance(p, tuple)):
            out.extend(_draw(piece.pieces, values))
    return out


def paragraph_text(paragraph: etree._Element) -> str:
    return "".join(node.text or "" for node in paragraph.iter(f"{_W}t"))


def join_tags(root: etree._Element) -> None:
    """Each ``{{ … }}``, ``{% … %}`` or ``{# … #}`` spread over runs moved whole into its first run."""
    for paragraph in root.iter(f"{_W}p"):
        nodes = list(paragraph.iter(f"{_W}t"))
        if len(nodes) < 2:
            continue
        texts = [node.text or "" for node in nodes]
        joined = "".join(texts)
        if "{" not in joined:
            continue
        starts = []
        position = 0
        for piece in texts:
            starts.append(position)
            position += len(piece)

        for match in reversed(list(_TAG.finditer(joined))):
            first, last = _holder(starts, match.start()), _holder(starts, match.end() - 1)
            if first == last:
                continue
            head = texts[first][: match.start() - starts[first]]
            tail = texts[last][match.end() - starts[last] :]
            texts[first] = head + match.group(0) + tail
            for index in range(first + 1, last + 1):
                texts[index] = ""
        for node, piece in zip(nodes, texts, strict=True):
            if node.text != piece:
                node.text = piece
                node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _holder(starts: list[int], offset: int) -> int:
    """The index of the text node holding character *offset* of the joined text (*starts*: each node's first offset)."""
    index = 0
    while index + 1 < len(starts) and starts[index + 1] <= offset:
        index += 1
    return index


def _pieces(xml: str) -> list[Piece]:
    pieces: list[Piece] = []
    position = 0
    for match in _OPTIONAL.finditer(xml):
        pieces += _values(xml[position : match.start()])
        pieces.append(Optional(tuple(_values(match.group(1)))))  # type: ignore[arg-type]
        position = match.end()
    pieces += _values(xml[position:])
    return pieces


def _values(xml: str) -> list[Piece]:
    pieces: list[Piece] = []
    position = 0
    for match in PLACEHOLDER.finditer(xml):
        pieces.append(xml[position : match.start()])
        pieces.append((match.group(1),))
        position = match.end()
    pieces.append(xml[position:])
    return [piece for piece in pieces if piece != ""]


@dataclass
class TemplateReading:
    """What reading a template found, for rendering and for ``templates check``."""

    has_marker: bool = False
    legacy: list[str] = field(default_factory=list)
    """Tags in the body other than the marker (the form's own placeholders: an old template)."""
    unknown: list[tuple[str, str]] = field(default_factory=list)
    """(part, placeholder) in a header or footer that formkit does not know."""
    missing_styles: list[str] = field(default_factory=list)


def _unknown_in(part: str, root: etree._Element) -> list[tuple[str, str]]:
    found = []
    for paragraph in root.iter(f"{_W}p"):
        text = paragraph_text(paragraph)
        for match in _TAG.finditer(text):
            placeholder = PLACEHOLDER.fullmatch(match.group(0))
            if placeholder is None or placeholder.group(1) not in FURNITURE:
                found.append((part, match.group(0)))
    return found


def _parse(part: str, data: bytes) -> etree._Element:
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        # Word never writes a DTD; entities in a template are an attack (or a broken file), not a style.
        raise TemplateError("template.bad_xml", path=part, part=part)
    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as exc:
        raise TemplateError("template.bad_xml", path=part, part=part) from exc


def read_template(members: Mapping[str, bytes], name: str = "") -> tuple[TemplateReading, Frame | None]:
    """Read a template's parts; the frame to render with, or None when it cannot be used (see the reading)."""
    reading = TemplateReading()
    main = main_part(members)
    document = _parse(main, members[main])
    join_tags(document)
    body = document.find(f"{_W}body")
    if body is None:
        raise TemplateError("template.no_main")
    marker: etree._Element | None = None
    for paragraph in body.iter(f"{_W}p"):
        text = paragraph_text(paragraph)
        for match in _TAG.finditer(text):
            found = PLACEHOLDER.fullmatch(match.group(0))
            if found is not None and found.group(1) == MARKER_NAME and marker is None and text.strip() == match.group(0):
                marker = paragraph
            else:
                reading.legacy.append(match.group(0))
    reading.has_marker = marker is not None
    furniture: dict[str, list[Piece]] = {}
    for part in templated_parts(members)[1:]:
        root = _parse(part, members[part])
        join_tags(root)
        reading.unknown += _unknown_in(part, root)
        for paragraph in list(root.iter(f"{_W}p")):
            text = paragraph_text(paragraph)
            if PLACEHOLDER.search(text) and not PLACEHOLDER.sub("", text).strip():
                paragraph.addprevious(etree.PI("formkit-optional"))
                paragraph.addnext(etree.PI("formkit-end"))
        xml = etree.tostring(root, encoding="unicode")
        if PLACEHOLDER.search(xml):
            furniture[part] = _pieces(xml)
    styles = members.get(STYLES_PART)
    present = set(re.findall(rb'w:styleId="([^"]+)"', styles or b""))
    missing = [style for style in STYLES if style.id.encode() not in present]
    reading.missing_styles = [style.id for style in missing]
    if marker is None or reading.legacy or reading.unknown:
        return reading, None
    marker.addprevious(etree.PI("formkit-body"))
    marker.getparent().remove(marker)
    source = etree.tostring(document, encoding="unicode")
    source = _with_w14(source)
    before, after = _BODY_MARK.split(source)
    changed: dict[str, bytes] = {}
    if missing:
        changed[STYLES_PART] = add_styles(styles, missing)
    frame = Frame(
        main,
        XML_DECLARATION + before.encode("utf-8"),
        after.encode("utf-8"),
        furniture,
        text_width(body),
        reading.missing_styles,
        changed,
    )
    return reading, frame


def _with_w14(source: str) -> str:
    """The document's XML with the w14 namespace declared on its root (for content controls' check boxes)."""
    root_end = source.index(">")
    if f'"{W14}"' in source[:root_end]:
        return source
    return source[:root_end] + f' xmlns:w14="{W14}"' + source[root_end:]


def text_width(body: etree._Element) -> int:
    """The text width (twips) of the body's last section: page width less the margins."""
    section = body.find(f"{_W}sectPr")
    if section is None:
        return TEXT_TWIPS
    size, margins = section.find(f"{_W}pgSz"), section.find(f"{_W}pgMar")
    try:
        width = int(size.get(f"{_W}w")) - int(margins.get(f"{_W}left")) - int(margins.get(f"{_W}right"))
    except (AttributeError, TypeError, ValueError):
        return TEXT_TWIPS
    return width if width > 1000 else TEXT_TWIPS


def add_styles(styles: bytes | None, missing: list[Style]) -> bytes:
    """*styles* (a template's styles.xml) with the default definitions of *missing* added."""
    added = "".join(style.xml for style in missing).encode("utf-8")
    if styles is None or b"</w:styles>" not in styles:
        return XML_DECLARATION + f'<w:styles xmlns:w="{W}" xmlns:w14="{W14}">'.encode() + added + b"</w:styles>"
    at = styles.rindex(b"</w:styles>")
    return styles[:at] + added + styles[at:]
