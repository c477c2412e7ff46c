"""Opening untrusted PDFs safely: size limits, decompression limits, a quiet pypdf logger, PdfError only.

Policy: a PDF that cannot be read raises ``PdfError`` with a message naming the
file and what is wrong (never a field value). pypdf logs warnings that quote
field values, so its logger is silenced while formkit calls it.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pypdf.filters
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from formkit.errors import PdfError
from formkit.i18n import os_reason

MAX_PDF_BYTES = 16 * 1024 * 1024
"""Larger files are refused before parsing: a filled form is a few hundred kilobytes.

pypdf's parser needs about 25 bytes of memory per byte of one long string
value (and hex strings cost about a second per megabyte), so this cap is what
bounds a hostile file to a few hundred megabytes and seconds.
"""
MAX_STREAM_BYTES = 16 * 1024 * 1024
"""No single stream may inflate to more than this (decompression bombs)."""


@contextlib.contextmanager
def quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's logger (its warnings can contain field values) and cap decompression."""
    logger = logging.getLogger("pypdf")
    old_level, old_propagate = logger.level, logger.propagate
    logger.setLevel(logging.CRITICAL + 1)
    logger.propagate = False
    try:
        with _limits():
            yield
    finally:
        logger.setLevel(old_level)
        logger.propagate = old_propagate


def _limits() -> contextlib.AbstractContextManager[object]:
    """pypdf's decompression limits lowered to MAX_STREAM_BYTES (pypdf 6.x configuration API)."""
    try:
        from pypdf import apply_configuration  # type: ignore[attr-defined]
    except ImportError:  # older pypdf: the module constant is the only knob
        return _legacy_limits()
    return apply_configuration(  # type: ignore[no-any-return]
        zlib_maximum_output_length=MAX_STREAM_BYTES,
        lzw_maximum_output_length=MAX_STREAM_BYTES,
        run_length_maximum_output_length=MAX_STREAM_BYTES,
        maximum_declared_stream_length=MAX_STREAM_BYTES,
    )


@contextlib.contextmanager
def _legacy_limits() -> Iterator[None]:
    old = getattr(pypdf.filters, "ZLIB_MAX_OUTPUT_LENGTH", None)
    if old is None:  # a pypdf too old to have any limit: the file size cap is what remains
        yield
        return
    pypdf.filters.ZLIB_MAX_OUTPUT_LENGTH = MAX_STREAM_BYTES
    try:
        yield
    finally:
        pypdf.filters.ZLIB_MAX_OUTPUT_LENGTH = old


def read_pdf_bytes(path: Path) -> bytes:
    """The bytes of a file that claims to be a PDF, checked for size and the %PDF header."""
    try:
        # Read at most one byte past the cap: a device or pipe (/dev/zero) reports
        # no size, and a file may grow between stat and read.
        with path.open("rb") as handle:
            data = handle.read(MAX_PDF_BYTES + 1)
    except OSError as exc:
        raise PdfError("pdf.cannot_read", path=path.name, reason=os_reason(exc)) from exc
    if len(data) > MAX_PDF_BYTES:
        raise PdfError("pdf.too_big", path=path.name, limit=MAX_PDF_BYTES // (1024 * 1024))
    if b"%PDF-" not in data[:1024]:
        raise PdfError("pdf.not_pdf", path=path.name)
    return data


def open_pdf(data: bytes, name: str) -> PdfReader:
    """A pypdf reader over data; encrypted files are opened only when they have no password."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError) as exc:
                raise PdfError("pdf.encrypted_method", path=name) from exc
            if not opened:
                raise PdfError("pdf.password", path=name)
        _ = reader.trailer["/Root"]
    except PdfError:
        raise
    except FileNotDecryptedError as exc:
        raise PdfError("pdf.password", path=name) from exc
    except Exception as exc:  # pypdf raises many kinds on a damaged file, even AssertionError
        raise PdfError("pdf.damaged", path=name, kind=exc.__class__.__name__) from exc
    return reader
