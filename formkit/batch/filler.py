"""One record through validate → normalise → render: the order of a fill, in one place, for the library and the batch engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from formkit.errors import FormkitError, InvalidRecordError
from formkit.i18n import text
from formkit.log import log
from formkit.model.catalog import Form, as_form
from formkit.problems import ERROR, Problem
from formkit.render.base import Renderer, RenderOptions, close_renderers, make_renderers
from formkit.settings import Settings
from formkit.validation.normalize import normalize_record
from formkit.validation.validator import MISSING_VALUE_RULES, Validator

__all__ = ["Filled", "Filler", "fill"]

FillStatus = Literal["rendered", "invalid", "failed"]


@dataclass
class Filled:
    """What filling one record gave: its problems and the bytes of each output type that rendered.

    ``invalid``: the record has an error and nothing was rendered. ``failed``:
    something went wrong while normalising or rendering (``files`` holds the
    output types that rendered all the same); ``error`` is what went wrong,
    for a caller that raises it — its message may quote a value, so it is
    never printed by formkit.
    """

    status: FillStatus
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    """The rendered bytes by output type (``"pdf"``), in the filler's order."""
    error: BaseException | None = field(default=None, repr=False)
    missing: list[Problem] | None = None
    """With ``draft``: what the record still lacks (required values, too few list items), each at its path."""


class Filler:
    """Fills records of one form into one or more output types; build once, fill many records.

    Building it loads the validator and prepares every renderer (templates read
    and checked once); :meth:`fill` then costs only the record. The batch
    engine's workers use one each, so a record is filled the same way in
    ``formkit fill`` and in a program.

    >>> filler = Filler("genomforandeplan", ("docx", "pdf"))   # doctest: +SKIP
    >>> files = filler.fill(record)                            # doctest: +SKIP
    >>> files["pdf"][:5]                                       # doctest: +SKIP
    b'%PDF-'
    """

    def __init__(
        self,
        form: Form | str,
        to: str | Iterable[str] = "pdf",
        *,
        settings: Settings | None = None,
        draft: bool = False,
        flatten: bool = False,
        templates: Mapping[str, str | Path] | None = None,
        created: dt.datetime | None = None,
    ) -> None:
        """*to*: an output type (``"docx"``, ``"pdf"``, ``"ics"``, ``"pdf-arkiv"``, ``"docx-arkiv"``) or several.

        *draft* renders incomplete records (missing values print as empty
        lines), *flatten* flattens a filled PDF, *templates* replaces the shipped
        template of an output type (``{"docx": "var-mall.docx"}``), *created* is
        the creation time written into archival copies. Raises FormkitError for
        an unknown form or output type or a broken template.
        """
        resolved = as_form(form, settings)
        options = RenderOptions(
            draft=draft,
            flatten=flatten,
            settings=settings or Settings(),
            templates={kind: Path(path) for kind, path in (templates or {}).items()},
            created=created,
        )
        kinds = (to,) if isinstance(to, str) else tuple(dict.fromkeys(to))
        self._setup(resolved, kinds, options, None)

    @classmethod
    def with_options(
        cls, form: Form, to: Sequence[str], options: RenderOptions, renderers: Sequence[Renderer] | None = None
    ) -> Filler:
        """A filler from the engine's :class:`RenderOptions` (and *renderers* already made for *to*, if any)."""
        filler = cls.__new__(cls)
        filler._setup(form, tuple(to), options, renderers)
        return filler

    def _setup(self, form: Form, to: tuple[str, ...], options: RenderOptions, renderers: Sequence[Renderer] | None) -> None:
        self.form = form
        self.types = to
        """The output types, in order."""
        self.options = options
        self.validator = Validator(form, options.settings)
        made = list(renderers) if renderers is not None else make_renderers(form, to, options)
        self.renderers: dict[str, Renderer] = dict(zip(to, made, strict=True))
        """The renderer of each output type (its ``ext`` names the file)."""

    def run(self, data: Any, read_problems: Sequence[Problem] = ()) -> Filled:
        """Validate, normalise and render *data*; never raises for the record's sake (a batch goes on).

        *read_problems* are what reading the record found (an error there makes
        it invalid without validating it).
        """
        problems = list(read_problems)
        missing: list[Problem] | None = [] if self.options.draft else None
        if not any(p.severity == ERROR for p in problems):
            try:
                found = self.validator.validate(data)
            except Exception as exc:  # a validator bug must not stop the batch either
                return Filled("failed", [*problems, self._unexpected("validate", exc)], error=exc)
            if missing is not None:  # a draft: what is not there yet is listed, not an error
                missing = [p for p in found if p.rule in MISSING_VALUE_RULES]
                found = [p for p in found if p.rule not in MISSING_VALUE_RULES]
            problems.extend(found)
        if any(p.severity == ERROR for p in problems):
            return Filled("invalid", problems, missing=missing)
        try:
            # Printed in the contract's spelling: a personnummer as YYYYMMDD-NNNN (the forms contract).
            record = normalize_record(self.form, data, self.validator.today)
        except Exception as exc:  # as for the validator: a bug here fails only this record
            return Filled("failed", [*problems, self._unexpected("normalize", exc)], error=exc, missing=missing)
        filled = Filled("rendered", problems, missing=missing)
        for kind, renderer in self.renderers.items():
            try:
                filled.files[kind] = renderer.render(record)
            except FormkitError as exc:
                filled.problems.append(Problem("", ERROR, "render", exc.message(self.form.language)))
                filled.status, filled.error = "failed", filled.error or exc
            except Exception as exc:  # one bad record must not stop the batch
                filled.problems.append(self._unexpected("render", exc, renderer.ext))
                filled.status, filled.error = "failed", filled.error or exc
        return filled

    def fill(self, data: Any) -> dict[str, bytes]:
        """The bytes of each output type for one record; raises InvalidRecordError (with its problems) or what failed."""
        filled = self.run(data)
        if filled.status == "invalid":
            raise InvalidRecordError(self.form.id, filled.problems)
        if filled.error is not None:
            raise filled.error
        return filled.files

    def close(self) -> None:
        """Release what the renderers hold beyond memory (a LibreOffice process and its profile folder)."""
        close_renderers(self.renderers.values())

    def __enter__(self) -> Filler:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _unexpected(self, rule: str, exc: BaseException, step: str = "") -> Problem:
        return unexpected(self.form, rule, exc, step)


def unexpected(form: Form, rule: str, exc: BaseException, step: str = "") -> Problem:
    """A bug met on one record, as its problem: only the exception's class (a library's message may quote the value)."""
    log.debug("unexpected %s while %s a record", type(exc).__name__, rule, exc_info=exc)
    return Problem("", ERROR, rule, text(form.language, "render.unexpected", step=step or rule, kind=type(exc).__name__))


def fill(
    form: Form | str,
    record: Any,
    to: str = "pdf",
    *,
    settings: Settings | None = None,
    draft: bool = False,
    flatten: bool = False,
    template: str | Path | None = None,
    created: dt.datetime | None = None,
) -> bytes:
    """One record of *form* as the bytes of one document (``to``: ``"pdf"``, ``"docx"``, ``"ics"`` …).

    The record is validated first: one with an error raises InvalidRecordError
    (``.problems`` says what is wrong, path by path); with *draft* only missing
    values are let through. A personnummer prints as ``YYYYMMDD-NNNN``. For many
    records build a :class:`Filler` once instead (each call here prepares the
    template anew). *template* replaces the shipped template of *to*.
    """
    templates = {to: template} if template is not None else None
    with Filler(form, to, settings=settings, draft=draft, flatten=flatten, templates=templates, created=created) as filler:
        return filler.fill(record)[to]
