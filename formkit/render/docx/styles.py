"""The named Word styles formkit's document body uses, with the default definition of each (template and fallback).

A template's look is its styles: a municipality restyles ``Normal``, the
headings or the label cells in Word and formkit's body follows. The body
names only these styles (and sets nothing a style can say), so a template
that lost one still renders: the missing style's default definition below is
added to the copy, and ``formkit templates check`` warns about it.
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT_FONT = "Liberation Sans"
"""Body and headings: Arial's metrics (column widths are measured in them), installed with LibreOffice
(fonts-liberation2) and embedded in the archival copy; Word without it takes Arial (the font table's
``w:altName``, see :mod:`formkit.render.docx.template`)."""
SCRIPT_FONT = "DejaVu Sans"
"""Right-to-left and complex scripts (an Arabic name): the font formkit ships, which has them."""
MONO_FONT = "Liberation Mono"
FONT = TEXT_FONT


@dataclass(frozen=True)
class Style:
    """A style formkit's body or page furniture names: its id, its kind and its default XML."""

    id: str
    kind: str
    xml: str


def _fonts(size: int | None = None, *, bold: bool = False, italic: bool = False, colour: str | None = None) -> str:
    """A run-properties body: the font, then bold, italic, colour and size in the schema's order."""
    parts = [f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{SCRIPT_FONT}"/>']
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if colour:
        parts.append(f'<w:color w:val="{colour}"/>')
    if size:
        parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    return "".join(parts)


def _paragraph(
    style_id: str, name: str, ppr: str, rpr: str, *, based: str | None = "Normal", nxt: str | None = None, default: bool = False
) -> Style:
    flag = ' w:default="1"' if default else ""
    head = f'<w:style w:type="paragraph"{flag} w:styleId="{style_id}"><w:name w:val="{name}"/>'
    if based:
        head += f'<w:basedOn w:val="{based}"/>'
    if nxt:
        head += f'<w:next w:val="{nxt}"/>'
    return Style(style_id, "paragraph", f"{head}<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>")


TEXT_TWIPS = 9638
"""The text width of the default page: A4 (11906 twips) less 20 mm margins each side."""
_RIGHT_TAB = (
    '<w:tabs><w:tab w:val="clear" w:pos="4513"/><w:tab w:val="clear" w:pos="9026"/>'
    f'<w:tab w:val="right" w:pos="{TEXT_TWIPS}"/></w:tabs>'
)
# The box's border stands where the tables' borders do and its text where theirs does: 5 pt from the text at the
# sides inside an indent of 108 twips (a cell's padding), 1 pt above and below.
_BOX_SPACE = {"top": 1, "left": 5, "bottom": 1, "right": 5}
BOX_BORDERS = (
    "<w:pBdr>"
    + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="{space}" w:color="auto"/>' for side, space in _BOX_SPACE.items())
    + "</w:pBdr>"
)
_CELL_MARGINS = (
    '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
)
_GRID = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)

STYLES: tuple[Style, ...] = (
    _paragraph(
        "Normal", "Normal", '<w:spacing w:after="40" w:line="252" w:lineRule="auto"/>', _fonts(20), based=None, default=True
    ),
    _paragraph("Title", "Title", '<w:keepNext/><w:spacing w:after="60"/>', _fonts(36, bold=True), nxt="Normal"),
    _paragraph("Subtitle", "Subtitle", '<w:keepNext/><w:spacing w:after="160"/>', _fonts(18, colour="404040"), nxt="Normal"),
    _paragraph(
        "Heading1",
        "heading 1",
        '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="60"/><w:outlineLvl w:val="0"/>',
        _fonts(26, bold=True),
        nxt="Normal",
    ),
    _paragraph(
        "Heading2",
        "heading 2",
        '<w:keepNext/><w:keepLines/><w:spacing w:before="160" w:after="40"/><w:outlineLvl w:val="1"/>',
        _fonts(22, bold=True),
        nxt="Normal",
    ),
    _paragraph(
        "Heading3",
        "heading 3",
        '<w:keepNext/><w:keepLines/><w:spacing w:before="120" w:after="40"/><w:outlineLvl w:val="2"/>',
        _fonts(20, bold=True),
        nxt="Normal",
    ),
    _paragraph("FormkitInstruction", "Instruktion", '<w:keepNext/><w:spacing w:after="60"/>', _fonts(18, italic=True)),
    _paragraph("FormkitSentence", "Mening", '<w:spacing w:before="120" w:after="60"/>', _fonts(20)),
    _paragraph("FormkitClosing", "Slutmening", '<w:spacing w:before="120" w:after="60"/>', _fonts(20, bold=True)),
    _paragraph("FormkitLegend", "Förklaring", '<w:spacing w:after="120"/>', _fonts(18, italic=True)),
    _paragraph(
        "FormkitBox",
        "Fritext",
        BOX_BORDERS + '<w:spacing w:before="80" w:after="120"/><w:ind w:left="108" w:right="108"/>',
        _fonts(20),
    ),
    _paragraph("FormkitRecipient", "Mottagare", '<w:spacing w:after="20"/><w:ind w:left="284"/>', _fonts(20)),
    _paragraph("FormkitSignatureLine", "Underskriftslinje", '<w:keepNext/><w:spacing w:before="480" w:after="20"/>', _fonts(18)),
    _paragraph("FormkitSignature", "Underskrift", '<w:spacing w:after="60"/>', _fonts(18)),
    _paragraph("FormkitSpacer", "Mellanrum", '<w:spacing w:after="0" w:line="120" w:lineRule="exact"/>', _fonts(8)),
    # LibreOffice's tagged PDF export makes a cell whose paragraph has the style "Table Heading" a TH.
    _paragraph("TableHeading", "Table Heading", '<w:spacing w:after="0"/>', _fonts(18, bold=True)),
    _paragraph("TableContents", "Table Contents", '<w:spacing w:after="0"/>', _fonts(20)),
    _paragraph("Header", "header", _RIGHT_TAB + '<w:spacing w:after="0"/>', _fonts(18)),
    _paragraph("Footer", "footer", _RIGHT_TAB + '<w:spacing w:after="0"/>', _fonts(16)),
    Style(
        "PlaceholderText",
        "character",
        '<w:style w:type="character" w:styleId="PlaceholderText"><w:name w:val="Placeholder Text"/>'
        '<w:rPr><w:color w:val="767171"/></w:rPr></w:style>',
    ),
    Style(
        "FormkitTable",
        "table",
        '<w:style w:type="table" w:styleId="FormkitTable"><w:name w:val="formkit tabell"/><w:basedOn w:val="TableNormal"/>'
        f'<w:pPr><w:spacing w:after="0"/></w:pPr><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{_GRID}</w:tblBorders>'
        f"{_CELL_MARGINS}</w:tblPr></w:style>",
    ),
)
LABEL_SHADE = "E7E6E6"
"""The label cells' shading (a cell property: Word's table styles cannot shade one column of a plain table)."""
