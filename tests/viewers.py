"""Filling PDF forms as people's viewers do: PDFium (Chrome, Edge) through pypdfium2's form API, pdf.js (Firefox) in node.

Each returns the file the viewer saves; the tests then read it back as other
viewers would (poppler, MuPDF, PDFium) and flatten it with qpdf.
"""

from __future__ import annotations

import ctypes
import io
import json
import re
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

PDFJS_DIR = Path(__file__).resolve().parent / "pdfjs"
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _field_name(env: object, annot: object) -> str:
    size = pdfium_c.FPDFAnnot_GetFormFieldName(env, annot, None, 0)
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFAnnot_GetFormFieldName(env, annot, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size)
    return buffer.raw[: size - 2].decode("utf-16-le")


def type_with_pdfium(data: bytes, values: dict[str, str]) -> bytes:
    """Type each value into its field as a person does in Chrome: focus, select all, replace the selection, leave the field.

    PDFium writes the field's appearance itself when the focus leaves (with the
    /DA font), and the document is saved as Chrome's "save" does (a full copy).
    """
    pdf = pdfium.PdfDocument(data)
    pdf.init_forms()
    env = pdf.formenv
    typed: set[str] = set()
    for index in range(len(pdf)):
        page = pdf[index]
        for number in range(pdfium_c.FPDFPage_GetAnnotCount(page)):
            annot = pdfium_c.FPDFPage_GetAnnot(page, number)
            name = _field_name(env, annot)
            if name in values:
                assert pdfium_c.FORM_SetFocusedAnnot(env, annot)
                pdfium_c.FORM_SelectAllText(env, page)
                text = ctypes.create_string_buffer((values[name] + "\0").encode("utf-16-le"))
                pdfium_c.FORM_ReplaceSelection(env, page, ctypes.cast(text, pdfium_c.FPDF_WIDESTRING))
                assert pdfium_c.FORM_ForceToKillFocus(env)
                typed.add(name)
            pdfium_c.FPDFPage_CloseAnnot(annot)
        page.close()
    assert typed == set(values), f"no such fields: {sorted(set(values) - typed)}"
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


def fill_with_pdfjs(data: bytes, values: dict[str, str | bool], tmp_path: Path) -> bytes:
    """Fill the fields as Firefox's viewer does and save (pdf.js's saveDocument, in node: tests/pdfjs/fill.mjs)."""
    if not (PDFJS_DIR / "node_modules" / "pdfjs-dist").is_dir():
        raise RuntimeError("pdf.js is not installed: run `npm ci --prefix tests/pdfjs` (make test does)")
    source, target, given = tmp_path / "pdfjs-in.pdf", tmp_path / "pdfjs-out.pdf", tmp_path / "pdfjs-values.json"
    source.write_bytes(data)
    given.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    subprocess.run(["node", str(PDFJS_DIR / "fill.mjs"), str(source), str(target), str(given)], check=True, timeout=120)
    return target.read_bytes()


def flatten_with_qpdf(data: bytes, tmp_path: Path) -> bytes:
    """The pages with every annotation's appearance drawn into them, as qpdf flattens (what prints)."""
    source, target = tmp_path / "qpdf-in.pdf", tmp_path / "qpdf-out.pdf"
    source.write_bytes(data)
    subprocess.run(["qpdf", "--flatten-annotations=all", str(source), str(target)], check=True, timeout=120)
    return target.read_bytes()


def poppler_text(data: bytes, tmp_path: Path) -> str:
    """What poppler's pdftotext reads (bidi control marks taken out)."""
    path = tmp_path / "poppler.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, timeout=120).stdout
    return _BIDI_CONTROLS.sub("", text.decode("utf-8"))


def mupdf_text(data: bytes, tmp_path: Path) -> str:
    """What MuPDF draws as text, annotations' appearances included (mutool draw -F txt)."""
    path = tmp_path / "mupdf.pdf"
    path.write_bytes(data)
    command = ["mutool", "draw", "-q", "-F", "txt", "-o", "-", str(path)]
    done = subprocess.run(command, check=True, capture_output=True, timeout=120)
    return _BIDI_CONTROLS.sub("", done.stdout.decode("utf-8"))


def pdfium_text(data: bytes) -> str:
    """What PDFium reads on every page (of a flattened file: the values drawn into the pages)."""
    pdf = pdfium.PdfDocument(data)
    parts = []
    for page in pdf:
        textpage = page.get_textpage()
        parts.append(textpage.get_text_range())
        textpage.close()
        page.close()
    pdf.close()
    return _BIDI_CONTROLS.sub("", "\n".join(parts))
