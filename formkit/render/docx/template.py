"""The default Word template of a form (style, page set-up, header and footer, one marker), and upgrading old templates.

A template holds no word of the form: its body is the marker paragraph
``{{ dokument.innehall }}``, replaced by the body drawn from the display plan
when a document is rendered (:mod:`formkit.render.docx.frame` lists the
header and footer placeholders). So a changed title in a schema reaches every
Word document with no rebuild, and a municipality's restyled template (fonts,
colours, a logo in the header, margins) keeps its look.

The default one: A4, 20 mm margins; formkit's named styles
(:mod:`formkit.render.docx.styles`); a header with the municipality and the
secrecy marking on the first line, the title and the draft mark on the
second, whose document it is on the third; the form id, version and "Sida N
av M" in the footer; the text marked as the form's language.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from lxml import etree  # type: ignore[import-untyped]

from formkit.atomic import write_atomic
from formkit.i18n import LOCALES
from formkit.i18n import text as say
from formkit.model.catalog import Form
from formkit.render.docx.frame import MARKER, W, add_styles, join_tags, paragraph_text
from formkit.render.docx.package import main_part, read_package, templated_parts
from formkit.render.docx.styles import MONO_FONT, SCRIPT_FONT, STYLES, TEXT_FONT

_EPOCH = (2025, 1, 1, 0, 0, 0)
_THEME_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
_THEME_LATIN = re.compile(rb'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*')
_FONT_TABLE_ENTRIES = (
    f'<w:font w:name="{TEXT_FONT}"><w:altName w:val="Arial"/><w:panose1 w:val="020B0604020202020204"/>'
    '<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
    f'<w:font w:name="{SCRIPT_FONT}"><w:panose1 w:val="020B0603030804020204"/>'
    '<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
    f'<w:font w:name="{MONO_FONT}"><w:altName w:val="Courier New"/><w:panose1 w:val="02070409020205020404"/>'
    '<w:charset w:val="00"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
).encode()
"""How Word finds a font a machine lacks: Liberation Sans has Arial's metrics, Liberation Mono Courier New's."""
_STATEMENT = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)


def _add_field(paragraph: Paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay out the pages."""
    for kind, value in (("begin", ""), ("", f" {code} "), ("separate", ""), ("", "1"), ("end", "")):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif value.startswith(" "):
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = value
            run._r.append(instruction)
        else:
            run.text = value


def _document_language(doc: Document, locale: str) -> None:
    """Mark the text as *locale* (sv-SE, nb-NO) in the document defaults, so Word and LibreOffice proof it in that language."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        doc.styles.element.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), locale)
    lang.set(qn("w:eastAsia"), locale)
    lang.set(qn("w:bidi"), "ar-SA")
    properties.append(lang)


def _named_fonts(doc: Document) -> None:
    """Every style, the document defaults and the theme name fonts formkit installs or ships, never a theme font.

    A theme font attribute (``w:asciiTheme``) wins over a named one, so the
    default document's Calibri and Cambria headings printed in whatever a
    machine had instead; now Word, LibreOffice and the archival copy agree.
    """
    for fonts in doc.styles.element.iter(qn("w:rFonts")):
        mono = (fonts.get(qn("w:ascii")) or "").startswith(("Courier", "Liberation Mono"))
        for attribute in _THEME_ATTRIBUTES:
            fonts.attrib.pop(qn(f"w:{attribute}"), None)
        for attribute in ("ascii", "hAnsi", "eastAsia"):
            fonts.set(qn(f"w:{attribute}"), MONO_FONT if mono else TEXT_FONT)
        fonts.set(qn("w:cs"), SCRIPT_FONT)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    properties = run.find(qn("w:rPr")) if run is not None else None
    if properties is not None and properties.find(qn("w:rFonts")) is None:
        fonts = OxmlElement("w:rFonts")
        for attribute in ("ascii", "hAnsi", "eastAsia"):
            fonts.set(qn(f"w:{attribute}"), TEXT_FONT)
        fonts.set(qn("w:cs"), SCRIPT_FONT)
        properties.insert(0, fonts)
    for relation in doc.part.rels.values():
        part = relation.target_part
        # python-docx keeps a part's bytes in _blob and has no public setter for them (bounded in pyproject).
        if relation.reltype.endswith("/theme"):
            # The theme's major and minor Latin fonts (Calibri, Cambria) are what a new style in Word would take.
            part._blob = _THEME_LATIN.sub(rb"\g<1>" + TEXT_FONT.encode(), part.blob)
        elif relation.reltype.endswith("/fontTable") and TEXT_FONT.encode() not in part.blob:
            part._blob = part.blob.replace(b"</w:fonts>", _FONT_TABLE_ENTRIES + b"</w:fonts>")


def _install_styles(doc: Document) -> None:
    """formkit's styles replace python-docx's definitions of the same ids."""
    element = doc.styles.element
    for style in STYLES:
        for old in element.findall(qn("w:style")):
            if old.get(qn("w:styleId")) == style.id:
                element.remove(old)
        element.append(
            parse_xml(
                f'<w:styles xmlns:w="{W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">{style.xml}</w:styles>'
            )[0]
        )


def _placeholder_line(paragraph: Paragraph, left: str, right: str = "", *, bold: bool = False) -> None:
    run = paragraph.add_run(left)
    run.bold = bold or None
    if right:
        paragraph.add_run("\t")
        paragraph.add_run(right).bold = True


def build_template(form: Form) -> Document:
    """The default template of *form*: styles, page, header and footer, and the marker paragraph."""
    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(27), Mm(18)
    section.header_distance = section.footer_distance = Mm(9)
    _install_styles(doc)
    _document_language(doc, LOCALES[form.language])
    _named_fonts(doc)
    header = section.header
    first = header.paragraphs[0]
    first.style = doc.styles["header"]
    _placeholder_line(first, "{{ dokument.kommun }}", "{{ dokument.sekretessmarkering }}", bold=True)
    second = header.add_paragraph(style=doc.styles["header"])
    _placeholder_line(second, "{{ dokument.titel }}", "{{ dokument.utkast }}")
    third = header.add_paragraph(style=doc.styles["header"])
    _placeholder_line(third, "{{ dokument.person }}")
    foot = section.footer.paragraphs[0]
    foot.style = doc.styles["footer"]
    foot.add_run("{{ dokument.blankett }} {{ dokument.version }}\t{{ dokument.sida }} ")
    _add_field(foot, "PAGE")
    foot.add_run(" {{ dokument.av }} ")
    _add_field(foot, "NUMPAGES")
    marker = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    marker.text = MARKER
    properties = doc.core_properties
    properties.title = form.title
    properties.language = LOCALES[form.language]
    # Fixed, so a rebuilt template only differs where its content does.
    properties.created = properties.modified = datetime(*_EPOCH)
    properties.author = properties.last_modified_by = "formkit"
    properties.revision = 1
    properties.comments = say(form.language, "template.docx_comment")
    return doc


def template_bytes(form: Form) -> bytes:
    """*form*'s default template as .docx bytes (fixed timestamps: rebuilding an unchanged form changes no byte)."""
    buffer = io.BytesIO()
    build_template(form).save(buffer)
    return _fixed_timestamps(buffer.getvalue())


def write_template(form: Form, path: Path | None = None) -> Path:
    """Build *form*'s template and write it (atomically) to *path* or the form's template location."""
    target = path or form.template_path("docx")
    write_atomic(target, template_bytes(form))
    return target


def _fixed_timestamps(package: bytes, replaced: dict[str, bytes] | None = None) -> bytes:
    """The same package with fixed member times (and *replaced* members), so an unchanged template changes no byte."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, (replaced or {}).get(info.filename, source.read(info)))
    return out.getvalue()


# --- upgrading a template of formkit 0.x ------------------------------------------------------------------------------

_W = f"{{{W}}}"


def upgrade_template(path: Path) -> bytes:
    """A template for this formkit made from an old one (the form printed by docxtpl tags in its body).

    Kept: the styles, the page set-up and margins, the headers and footers
    (with their images and ``{{ dokument.… }}`` placeholders; docxtpl's
    ``{% … %}`` statements are dropped, and a paragraph that held only one is
    removed). The body becomes the marker paragraph; formkit's named styles the
    template lacks are added with their defaults.
    """
    _, members = read_package(path)
    replaced: dict[str, bytes] = {}
    main = main_part(members)
    document = etree.fromstring(members[main], etree.XMLParser(resolve_entities=False, no_network=True))
    body = document.find(f"{_W}body")
    if body is None:
        from formkit.errors import TemplateError

        raise TemplateError("template.no_main")
    for child in list(body):
        if child.tag == f"{_W}sectPr":
            continue
        body.remove(child)
    marker = etree.SubElement(body, f"{_W}p")
    run = etree.SubElement(marker, f"{_W}r")
    etree.SubElement(run, f"{_W}t").text = MARKER
    section = body.find(f"{_W}sectPr")
    if section is not None:
        body.remove(section)
        body.append(section)
    replaced[main] = _serialise(document)
    for part in templated_parts(members)[1:]:
        root = etree.fromstring(members[part], etree.XMLParser(resolve_entities=False, no_network=True))
        join_tags(root)
        for paragraph in list(root.iter(f"{_W}p")):
            text = paragraph_text(paragraph)
            if not _STATEMENT.search(text):
                continue
            if not _STATEMENT.sub("", text).strip() and paragraph.getparent() is not None:
                paragraph.getparent().remove(paragraph)
                continue
            for node in paragraph.iter(f"{_W}t"):
                node.text = _STATEMENT.sub("", node.text or "")
        replaced[part] = _serialise(root)
    styles = members.get("word/styles.xml")
    if styles is not None:
        present = set(re.findall(rb'w:styleId="([^"]+)"', styles))
        missing = [style for style in STYLES if style.id.encode() not in present]
        if missing:
            replaced["word/styles.xml"] = add_styles(styles, missing)
    data = path.read_bytes()
    return _fixed_timestamps(data, replaced)


def _serialise(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
