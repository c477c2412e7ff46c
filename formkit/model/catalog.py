"""The form catalogue: every form is a schema file, shipped in ``schemas/`` or in a folder named in formkit.toml.

A ``<id>.schema.json`` file is a form when it carries an ``x-formkit`` object
(title, language, version, presentation); other schema files in a folder
(the shipped ``common.schema.json``) are shared definitions that forms
``$ref``. A schema from an outside folder without an ``$id`` is given the
shipped forms' base URI, so ``"$ref": "common.schema.json#/$defs/person"``
means the shipped common schema there too; with its own ``$id``, a relative
``$ref`` to a schema file name the catalogue has still finds that file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formkit.errors import ConfigError, SchemaError, UnknownFormError
from formkit.i18n import DEFAULT_LANGUAGE, language_of
from formkit.resources import samples_dir, schemas_dir, templates_dir

if TYPE_CHECKING:
    from referencing import Registry

    from formkit.model.fields import FormModel
    from formkit.model.presentation import Presentation
    from formkit.settings import Settings

COMMON_SCHEMA = "common"
SCHEMA_SUFFIX = ".schema.json"
BASE_URI = "https://formkit.invalid/schemas/"
"""The base of the shipped schemas' ``$id``s; outside schemas without an ``$id`` get it too."""


@dataclass(frozen=True)
class Form:
    """One form: its id, schema and where it came from; ``model`` is its compiled field tree.

    ``meta`` is the schema's ``x-formkit`` object (title, routine, annex,
    language, version, source and the presentation). A form pickles as its id
    and catalogue folders (worker processes rebuild it from the files).
    """

    id: str
    schema: dict[str, Any] = field(repr=False, compare=False, hash=False)
    path: Path = field(compare=False, hash=False)
    folders: tuple[Path, ...] = field(default=(), compare=False, hash=False)
    """The outside folders of the catalogue this form belongs to (empty: shipped forms only)."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (_reload, (self.id, self.folders))

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
        return language_of(str(self.meta.get("language", DEFAULT_LANGUAGE)))

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "1.0.0"))

    @property
    def shipped(self) -> bool:
        """True for a form shipped with formkit, False for one from an outside folder."""
        return self.path.parent == schemas_dir()

    @cached_property
    def model(self) -> FormModel:
        """The form's field tree (built once per form and process)."""
        from formkit.model.fields import FormModel

        return FormModel(self.schema, catalog(self.folders).registry, base_uri=self.base_uri, where=self.path.name)

    @cached_property
    def presentation(self) -> Presentation:
        """What the documents print beyond the fields (sections, sentences, signatures, routing)."""
        from formkit.model.presentation import Presentation

        return Presentation.of(self.meta, self.model, self.path.name)

    @property
    def base_uri(self) -> str:
        schema_id = self.schema.get("$id")
        return schema_id if isinstance(schema_id, str) else f"{BASE_URI}{self.id}{SCHEMA_SUFFIX}"

    def template_path(self, ext: str) -> Path:
        """The template ``<form>.<ext>``: shipped in templates/bilagor/, or beside an outside form's schema."""
        folder = templates_dir() if self.shipped else self.path.parent
        return folder / f"{self.id}.{ext}"

    def sample_path(self) -> Path:
        """The complete sample record ``<form>.json`` (bundled, or ``<id>.sample.json`` beside an outside form)."""
        if self.shipped:
            return samples_dir() / f"{self.id}.json"
        return self.path.parent / f"{self.id}.sample.json"


def _load_json(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise SchemaError("schema.unreadable", path=path, kind=exc.__class__.__name__) from exc
    if not isinstance(data, dict):
        raise SchemaError("schema.not_object", path=path)
    return data


class Catalog:
    """The forms of the shipped folder plus any outside folders, and one registry for ``$ref`` between them."""

    def __init__(self, folders: tuple[Path, ...] = ()) -> None:
        self.folders = folders
        self.schemas: dict[str, tuple[Path, dict[str, Any]]] = {}
        self.forms: dict[str, Form] = {}
        for folder in (schemas_dir(), *folders):
            if not folder.is_dir():
                raise SchemaError("schema.no_folder", path=folder)
            for path in sorted(folder.glob(f"*{SCHEMA_SUFFIX}")):
                self._add(path, folder == schemas_dir())

    @cached_property
    def registry(self) -> Registry:  # type: ignore[type-arg]
        """Every schema of the catalogue by its ``$id``, for ``$ref`` between them (built when first needed:
        ``formkit forms`` does not import referencing)."""
        from referencing import Registry, Resource
        from referencing.exceptions import NoSuchResource
        from referencing.jsonschema import DRAFT202012

        resources: list[tuple[str, Resource[Any]]] = []
        by_name: dict[str, Resource[Any]] = {}
        for form_id, (_path, schema) in self.schemas.items():
            schema_id = schema.get("$id")
            uri = schema_id if isinstance(schema_id, str) else f"{BASE_URI}{form_id}{SCHEMA_SUFFIX}"
            resource = Resource.from_contents(schema, default_specification=DRAFT202012)
            resources.append((uri, resource))
            by_name[f"{form_id}{SCHEMA_SUFFIX}"] = resource

        def by_file_name(uri: str) -> Resource[Any]:
            # An outside schema with its own $id makes "common.schema.json" mean a file beside that $id; the
            # catalogue's folders are one folder, so a schema file's name finds it whatever the base. Nothing is fetched.
            found = by_name.get(uri.rsplit("/", 1)[-1])
            if found is None:
                raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # an attrs class mypy does not read
            return found

        registry: Registry = Registry(retrieve=by_file_name).with_resources(resources)  # type: ignore[call-arg,type-arg]
        return registry

    def _add(self, path: Path, shipped: bool) -> None:
        form_id = path.name[: -len(SCHEMA_SUFFIX)]
        schema = _load_json(path)
        if form_id in self.schemas:
            raise SchemaError("schema.duplicate", path=path, form=form_id, other=self.schemas[form_id][0])
        if shipped and not isinstance(schema.get("$id"), str):
            raise SchemaError("schema.no_id", path=path.name)
        self.schemas[form_id] = (path, schema)
        meta = schema.get("x-formkit")
        if form_id != COMMON_SCHEMA and isinstance(meta, dict):
            if meta.get("id", form_id) != form_id:
                raise SchemaError("schema.id_mismatch", path=path, given=meta.get("id"))
            self.forms[form_id] = Form(id=form_id, schema=schema, path=path, folders=self.folders)

    def ids(self) -> list[str]:
        return sorted(self.forms)

    def get(self, form_id: str) -> Form:
        form = self.forms.get(form_id)
        if form is None:
            raise UnknownFormError("form.unknown", form=form_id, known=", ".join(self.ids()))
        return form

    def all(self) -> list[Form]:
        return [self.forms[form_id] for form_id in self.ids()]


@cache
def catalog(folders: tuple[Path, ...] = ()) -> Catalog:
    """The catalogue of the shipped forms plus *folders* (read once per process)."""
    return Catalog(folders)


def _reload(form_id: str, folders: tuple[Path, ...]) -> Form:
    return catalog(folders).get(form_id)


def _folders(settings: Settings | None) -> tuple[Path, ...]:
    return tuple(settings.formular_kataloger) if settings is not None else ()


def get_form(form_id: str, settings: Settings | None = None) -> Form:
    """The form with this id (shipped, or from the settings' outside folders); UnknownFormError otherwise.

    ConfigError when the settings give a secrecy marking for a form that does
    not exist (a misspelt id would otherwise leave a form unmarked unnoticed).
    """
    found = catalog(_folders(settings))
    if settings is not None and settings.sekretessmarkering:
        unknown = sorted({form for form, _ in settings.sekretessmarkering} - set(found.ids()))
        if unknown:
            raise ConfigError("config.secrecy_unknown_form", forms=", ".join(unknown))
    return found.get(form_id)


def list_forms(settings: Settings | None = None) -> list[Form]:
    """Every form, sorted by id."""
    return catalog(_folders(settings)).all()


def form_ids(settings: Settings | None = None) -> list[str]:
    """Ids of every form, sorted; the common schema is not a form."""
    return catalog(_folders(settings)).ids()


def as_form(form: Form | str, settings: Settings | None = None) -> Form:
    """*form*, or the form with that id."""
    return get_form(form, settings) if isinstance(form, str) else form
