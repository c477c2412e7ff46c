"""The shape of the package: the pipeline's layers import only downwards, and every module says what it is for."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "formkit"
LAYERS = [
    {"formkit", "errors", "problems", "i18n", "log", "settings", "resources", "atomic", "formats", "personnummer_check",
     "workdays", "folderlock", "calendar", "privacy", "textclean"},
    {"model", "pdfio", "docxio"},
    {"sources"},
    {"validation"},
    {"render"},
    {"batch"},
    {"due", "summary", "reference"},
    {"cli", "__main__"},
]  # fmt: skip
"""Lowest first (docs/INTERNALS.md): a module may import its own layer and those below, never one above."""


def _layer(module: str) -> int:
    """The layer of a dotted module name: its first part under formkit (``formkit.render.pdf.fill`` -> render)."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "formkit"
    return next(index for index, names in enumerate(LAYERS) if top in names)


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found.append((".".join(parts[:-1] if parts[-1] == "__init__" else parts), path))
    return found


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every formkit import, at any depth (inside functions and TYPE_CHECKING too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return [(line, name) for line, name in found if name == "formkit" or name.startswith("formkit.")]


@pytest.mark.parametrize(("module", "path"), _modules(), ids=[name for name, _ in _modules()])
def test_a_module_imports_no_higher_layer(module: str, path: Path) -> None:
    if module == "formkit":
        return  # the library's face: it names the public API of every layer, each imported on first use (PEP 562)
    own = _layer(module)
    upward = [f"{path.name}:{line} imports {name}" for line, name in _imports(path) if _layer(name) > own]
    assert upward == []


@pytest.mark.parametrize(("module", "path"), _modules(), ids=[name for name, _ in _modules()])
def test_a_module_opens_with_a_line_saying_what_it_is_for(module: str, path: Path) -> None:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc, module
    first = doc.splitlines()[0]
    assert "TODO" not in first and len(first.split()) >= 4, module
