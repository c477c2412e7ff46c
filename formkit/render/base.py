"""The renderer interface and registry: how the batch engine finds the Word, PDF (and other) renderers.

A renderer module registers its factory here when imported; the batch engine
looks the factory up by output type (``--to docx``). Renderers import this
module, never the engine, so the engine sits above them.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from formkit.errors import OutputError
from formkit.model.catalog import Form
from formkit.settings import Settings


class Renderer(Protocol):
    """Renders one validated record of a form into one file's bytes.

    A renderer holding something beyond memory (a LibreOffice process, a folder)
    also has ``close()``, which :func:`close_renderers` calls.
    """

    ext: str

    def render(self, data: dict[str, Any]) -> bytes: ...


class HashedBytes(bytes):
    """A file's bytes with their SHA-256 (hex digits), known to the renderer that assembled them.

    The batch lists every file's SHA-256 in report.json. A filled PDF is its
    template's bytes, hashed once per template, plus an update: hashing only
    the update spares the batch a pass over every byte of every copy.
    """

    sha256: str

    def __new__(cls, data: bytes, sha256: str) -> HashedBytes:
        made = super().__new__(cls, data)
        made.sha256 = sha256
        return made


def sha256_of(data: bytes) -> str:
    """The SHA-256 of a rendered file: the one its renderer gave, else computed."""
    return data.sha256 if isinstance(data, HashedBytes) else hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class RenderOptions:
    """How to render: passed to every renderer factory, pickled to every worker."""

    draft: bool = False
    """Render incomplete records; missing values print as empty lines."""
    flatten: bool = False
    """PDF: flatten the filled form (no effect on .docx)."""
    settings: Settings = field(default_factory=Settings)
    templates: Mapping[str, Path] = field(default_factory=dict)
    """A template per output type that replaces the shipped one (``{"docx": Path(...)}``)."""
    created: datetime | None = None
    """The creation time written into archival copies (one for a whole batch); None: when each is made."""
    scratch: Path | None = None
    """A folder for the renderers' own temporary files (LibreOffice's profile), made and removed by the batch.

    The batch removes it after its workers have ended however they ended (a worker
    process ends without running its clean-up); None: each renderer makes its own."""


RendererFactory = Callable[[Form, Settings, RenderOptions], Renderer]
_FACTORIES: dict[str, RendererFactory] = {}
# Output types whose module registers its factory when imported.
_RENDERER_MODULES = {
    "docx": "formkit.render.docx.render",
    "pdf": "formkit.render.pdf.fill",
    "ics": "formkit.render.ics",
    "pdf-arkiv": "formkit.render.pdf.archive",
    "docx-arkiv": "formkit.render.docx.archive",
}


def register_renderer(output_type: str, factory: RendererFactory) -> None:
    """Make ``--to <output_type>`` use *factory* (called once per worker process)."""
    _FACTORIES[output_type] = factory


def output_types() -> list[str]:
    """The output types that can be rendered now."""
    return [kind for kind in sorted({*_FACTORIES, *_RENDERER_MODULES}) if _factory_or_none(kind) is not None]


def can_render(output_type: str) -> bool:
    """Whether *output_type* can be rendered now (imports only that type's renderer, not every one's)."""
    return _factory_or_none(output_type) is not None


def _factory_or_none(output_type: str) -> RendererFactory | None:
    if output_type not in _FACTORIES and output_type in _RENDERER_MODULES:
        try:
            importlib.import_module(_RENDERER_MODULES[output_type])
        except ImportError:
            return None
    return _FACTORIES.get(output_type)


def renderer_factory(output_type: str) -> RendererFactory:
    """The factory for *output_type*; FormkitError naming the available types otherwise."""
    factory = _factory_or_none(output_type)
    if factory is None:
        raise OutputError("fill.unknown_type", kind=output_type, known=", ".join(output_types()))
    return factory


def make_renderers(form: Form, to: tuple[str, ...], options: RenderOptions) -> list[Renderer]:
    """One renderer per output type (a missing or broken template raises its FormkitError here)."""
    return [renderer_factory(kind)(form, options.settings, options) for kind in to]


def close_renderers(renderers: Iterable[Renderer]) -> None:
    """Release what renderers hold beyond memory: each one's ``close()``, where it has one."""
    for renderer in renderers:
        close = getattr(renderer, "close", None)
        if callable(close):
            close()
