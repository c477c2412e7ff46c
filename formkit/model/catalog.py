"""The form registry: every form is a schema file in schemas/, found by its id."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from formkit.errors import SchemaError, UnknownFormError
from formkit.resources import samples_dir, schemas_dir, templates_dir

COMMON_SCHEMA = "common"
SCHEMA_SUFFIX = ".schema.json"


@dataclass(frozen=True)
class Form:
    """One annex form: its id, metadata and schema.

    ``meta`` is the schema's ``x-formkit`` object (title, annex, language,
    version, source); ``schema`` is the whole JSON Schema document.
    """

    id: str
    schema: dict[str, Any] = field(repr=False, compare=False, hash=False)
    path: Path = field(compare=False, hash=False)

    @property
    def meta(self) -> dict[str, Any]:
        meta = self.schema.get("x-formkit", {})
        return meta if isinstance(meta, dict) else {}

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.schema.get("title") or self.id)

    @property
    def full_title(self) -> str:
        """The title with routine and annex, as listed to people (``NORRBUS Bilaga 2 Genomförandeplan``)."""
        return str(self.schema.get("title") or self.title)

    @property
    def language(self) -> str:
        """``sv`` or ``nb``: the language of every label and message for this form."""
        return str(self.meta.get("language", "sv"))

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "1.0.0"))

    def template_path(self, ext: str) -> Path:
        """The shipped template ``templates/bilagor/<form>.<ext>`` (may not exist)."""
        return templates_dir() / f"{self.id}.{ext}"

    def sample_path(self) -> Path:
        """The bundled complete sample record ``samples/<form>.json``."""
        return samples_dir() / f"{self.id}.json"


def _load_json(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise SchemaError(f"{path.name}: cannot read schema ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise SchemaError(f"{path.name}: a schema must be a JSON object")
    return data


@cache
def _all_schemas() -> dict[str, tuple[Path, dict[str, Any]]]:
    found: dict[str, tuple[Path, dict[str, Any]]] = {}
    for path in sorted(schemas_dir().glob(f"*{SCHEMA_SUFFIX}")):
        form_id = path.name[: -len(SCHEMA_SUFFIX)]
        found[form_id] = (path, _load_json(path))
    return found


def form_ids() -> list[str]:
    """Ids of every form, sorted; the common schema is not a form."""
    return [form_id for form_id in _all_schemas() if form_id != COMMON_SCHEMA]


def list_forms() -> list[Form]:
    """Every form, sorted by id."""
    return [get_form(form_id) for form_id in form_ids()]


@cache
def get_form(form_id: str) -> Form:
    """The form with this id; UnknownFormError names the known ids otherwise."""
    schemas = _all_schemas()
    if form_id == COMMON_SCHEMA or form_id not in schemas:
        known = ", ".join(form_ids())
        raise UnknownFormError(f"unknown form {form_id!r}; known forms: {known}")
    path, schema = schemas[form_id]
    return Form(id=form_id, schema=schema, path=path)


@cache
def schema_registry() -> Registry:  # type: ignore[type-arg]
    """A referencing registry holding every schema under its ``$id``, for ``$ref`` between them."""
    resources = []
    for path, schema in _all_schemas().values():
        schema_id = schema.get("$id")
        if not isinstance(schema_id, str):
            raise SchemaError(f"{path.name}: the schema has no $id")
        resources.append((schema_id, Resource.from_contents(schema, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)
