"""Where the form data (schemas, templates, samples, fonts) lives, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    """The folder holding ``schemas/``, ``templates/`` and ``samples/``.

    A wheel carries them inside the package as ``formkit/_data`` (see
    pyproject.toml); an editable install or a checkout uses the repository's
    top-level folders, so staff can edit a template and see the change at once.
    """
    bundled = _PACKAGE / "_data"
    if (bundled / "schemas").is_dir():
        return bundled
    return _PACKAGE.parent


def schemas_dir() -> Path:
    """The folder of ``<form>.schema.json`` files."""
    return data_root() / "schemas"


def templates_dir() -> Path:
    """The folder of ``<form>.docx`` and ``<form>.pdf`` templates."""
    return data_root() / "templates" / "bilagor"


def samples_dir() -> Path:
    """The folder of bundled fictitious sample records."""
    return data_root() / "samples"
