"""The text a PDF shows: all of it page by page, or its content in reading order without page furniture.

A tagged PDF marks what is not part of the document's content — running
headers and footers, page numbers, a table's header row repeated on the next
page, borders and shading — as artifacts (``/Artifact`` marked content,
ISO 32000-1 14.8.2.2), and gives the order its content is read in by its
structure tree, whose elements point at marked content by page and MCID
(14.7.4). Read so, a paragraph or a table cell that crosses a page break is one
text: not with the footer of one page and the header of the next in its
middle, nor with the part of the neighbouring cell that shares its page.
LibreOffice's tagged export marks headers, footers and repeated table headings
as artifacts and tags every cell.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject, PdfReader
from pypdf.generic import ContentStream, DecodedStreamObject, DictionaryObject, IndirectObject, NameObject, NumberObject

from formkit.pdfio.conformance.base import as_list
from formkit.pdfio.safety import quiet_pypdf

ARTIFACT = -1
"""Where text marked as an artifact goes (an MCID is never negative)."""
_UNMARKED = -2
_MARKS = frozenset({b"BMC", b"BDC", b"EMC"})
_FLUSH = ([NumberObject(1), NumberObject(0), NumberObject(0), NumberObject(1), NumberObject(0), NumberObject(0)], b"cm")
"""An identity ``cm``: changes nothing drawn, but pypdf hands over the text read so far (so each sequence gets its own)."""
_MAX_ELEMENTS = 200_000


@dataclass
class PageText:
    """One page's text as pieces, each with where it was marked: an MCID, :data:`ARTIFACT` or unmarked."""

    pieces: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ShownText:
    """What a PDF shows: its content without page furniture (in reading order), and all its text page by page."""

    content: str
    everything: str


def _properties(page: PageObject, operand: Any) -> Any:
    """A BDC's property list: inline, or named in the page's /Properties resources."""
    if isinstance(operand, NameObject):
        resources = page.get("/Resources")
        named = resources.get_object().get("/Properties") if resources is not None else None
        return named.get_object().get(operand) if named is not None else None
    return operand


def read_page(page: PageObject, reader: PdfReader) -> PageText:
    """The text of *page* (pypdf's extraction) in pieces, each with the marked-content sequence it was shown in.

    The page's content is changed in memory (an identity ``cm`` before every
    marked-content operator); the file is not.
    """
    read = PageText()
    contents = page.get_contents()
    if contents is None:
        return read
    stream = ContentStream(contents, reader)
    operations = []
    for operation in stream.operations:
        if operation[1] in _MARKS:
            operations.append(_FLUSH)
        operations.append(operation)
    stream.operations = operations
    replaced = DecodedStreamObject()
    replaced.set_data(stream.get_data())  # pypdf reads a page's content afresh from these bytes
    page[NameObject("/Contents")] = replaced
    open_marks: list[int] = []  # the sequence each open BMC/BDC belongs to

    def before(operator: bytes, operands: list[Any], *_: Any) -> None:
        if operator == b"EMC":
            if open_marks:
                open_marks.pop()
            return
        if operator not in _MARKS:
            return
        outer = open_marks[-1] if open_marks else _UNMARKED
        if outer == ARTIFACT or (operands and operands[0] == "/Artifact"):
            open_marks.append(ARTIFACT)
            return
        properties = _properties(page, operands[1]) if operator == b"BDC" and len(operands) > 1 else None
        mcid = properties.get("/MCID") if isinstance(properties, dict) else None
        open_marks.append(int(mcid) if isinstance(mcid, int) and mcid >= 0 else outer)

    def shown(text: str, *_: Any) -> None:
        if text:
            read.pieces.append((open_marks[-1] if open_marks else _UNMARKED, text))

    page.extract_text(visitor_operand_before=before, visitor_text=shown)
    return read


def shown_text(pdf: bytes) -> ShownText:
    """The document's text, read once: its content without page furniture, and everything it shows.

    The content is in the structure tree's order when the document is tagged,
    else page by page; text no structure element points at (untagged, or
    tagged but orphaned) follows it page by page, so what a page shows is never
    left out unless it is marked as an artifact. Pieces are joined by line breaks.
    """
    with quiet_pypdf():
        reader = PdfReader(io.BytesIO(pdf))
        pages = [read_page(page, reader) for page in reader.pages]
        numbers = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages) if page.indirect_reference}
        marked: dict[tuple[int, int], list[str]] = {}
        for index, page_text in enumerate(pages):
            for mark, text in page_text.pieces:
                if mark >= 0:
                    marked.setdefault((index, mark), []).append(text)
        ordered = [marked.pop(key) for key in _structure_order(reader, numbers) if key in marked]
    content = ["".join(texts) for texts in ordered]
    for index, page_text in enumerate(pages):
        content += [text for mark, text in page_text.pieces if mark == _UNMARKED or (index, mark) in marked]
    everything = "\n".join(text for page_text in pages for _, text in page_text.pieces)
    return ShownText("\n".join(content), everything)


def _structure_order(reader: PdfReader, numbers: dict[int, int]) -> Iterator[tuple[int, int]]:
    """(page index, MCID) of every marked-content reference of the structure tree, in the tree's order."""
    root: Any = reader.trailer["/Root"]
    tree = root.get("/StructTreeRoot")
    if tree is None:
        return
    tree = tree.get_object()
    stack: list[tuple[Any, int | None]] = [(kid, None) for kid in reversed(as_list(tree.get("/K")))]
    seen: set[int] = set()
    while stack and len(seen) < _MAX_ELEMENTS:
        ref, page = stack.pop()
        node = ref.get_object() if isinstance(ref, IndirectObject) else ref
        if isinstance(node, int):
            if page is not None:
                yield page, int(node)
            continue
        if not isinstance(node, DictionaryObject):
            continue
        if isinstance(ref, IndirectObject):
            if ref.idnum in seen:
                continue
            seen.add(ref.idnum)
        here = _page_of(node, numbers, page)
        kind = node.get("/Type")
        if kind == "/MCR":
            mcid = node.get("/MCID")
            if here is not None and isinstance(mcid, int):
                yield here, int(mcid)
        elif kind != "/OBJR":
            stack.extend((kid, here) for kid in reversed(as_list(node.get("/K"))))


def _page_of(node: DictionaryObject, numbers: dict[int, int], inherited: int | None) -> int | None:
    ref = node.get("/Pg")
    if isinstance(ref, IndirectObject):
        return numbers.get(ref.idnum, inherited)
    return inherited
