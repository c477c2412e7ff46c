"""Validation of records: the form's JSON Schema (fast path first) plus its rule functions.

When to raise, warn or log: a problem in a record is never raised — it is
returned as a ``Problem`` (collected, not thrown one at a time). Only a broken
form definition raises (``SchemaError``). Nothing here logs: record content
must not reach a log, and the caller decides what a person sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from formkit.errors import SchemaError
from formkit.formats import format_checks
from formkit.i18n import text
from formkit.model.catalog import Form, as_form
from formkit.personnummer_check import MAX_AGE_YEARS, implausible_birth
from formkit.problems import ERROR, Problem, dot_path, looks_like_field_name
from formkit.settings import Settings
from formkit.validation import explain
from formkit.validation.fastcheck import UnsupportedSchema, compile_schema, is_empty_item
from formkit.validation.messages import schema_message, unknown_field_label
from formkit.validation.normalize import without_absent
from formkit.validation.rules import Rule, RuleContext, rules_for

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, FormatChecker


# jsonschema is imported only where it is used: a run whose records are all valid never needs it
# (the compiled check decides), and importing it costs a command's start-up more than it checks.

MISSING_VALUE_RULES = frozenset({"required", "minItems", "empty_item"})
"""Rules about values not yet given; ``draft=True`` lets them pass (``fill --draft``)."""


def format_checker(today: dt.date | None = None) -> FormatChecker:
    """A FormatChecker that knows exactly formkit's formats (and no others), personnummer read against *today*."""
    return explain.format_checker(format_checks(today))


class Validator:
    """Validates records of one form; build once, use for a whole batch."""

    def __init__(
        self,
        form: Form | str,
        settings: Settings | None = None,
        *,
        today: dt.date | None = None,
        extra_rules: Sequence[Rule] = (),
    ) -> None:
        self.form = as_form(form, settings)
        self.settings = settings or Settings()
        self.language = self.form.language
        self.today = today or self.settings.reference_date()
        """The reference date of every record judged by this validator (read once: never the clock per record)."""
        if not self.form.shipped:
            # A form from an outside folder is held to the meta-schema here; the shipped ones are
            # by the test suite (tests/test_schemas.py), so a run that meets no invalid record
            # never imports jsonschema.
            self._check_schema()
        model = self.form.model
        # When the schema closes every object, a record the compiled check accepts has lists only where
        # the model has them, and the check has looked at each of their items: no empty item is left.
        self._exact = all(node.exact for node in model.root.walk())
        self._checks = format_checks(self.today)
        self._inline = model.inline_schema()
        self._fast: Callable[[Any], bool]
        """The verdict's fast path: the schema, and no text of only white space where one is required."""
        self._compiled = True
        try:
            self._fast = compile_schema(self._inline, self._checks, self.form.id, values_given=True)
        except UnsupportedSchema:
            self._compiled = False
            self._fast = self._full_without_blanks
        # extra_rules: checks that need more than the record, such as the consents of validate --with-consents.
        self._rules = (*rules_for(self.form), *extra_rules)
        self._context = RuleContext(self.settings, self.language, self.today)

    def _check_schema(self) -> None:
        from jsonschema import Draft202012Validator
        from jsonschema.exceptions import SchemaError as JsonSchemaError

        try:
            Draft202012Validator.check_schema(self.form.schema)
        except JsonSchemaError as exc:
            raise SchemaError("schema.invalid", form=self.form.id, detail=exc.message) from exc

    @cached_property
    def _full(self) -> Draft202012Validator:
        """jsonschema's validator of the form (the reference the compiled check and the walk are held to)."""
        from jsonschema import Draft202012Validator

        model = self.form.model
        # A schema from an outside folder may have no $id: its relative $refs then mean the shipped base.
        schema = self.form.schema if "$id" in self.form.schema else {"$id": self.form.base_uri, **self.form.schema}
        return Draft202012Validator(schema, registry=model.registry, format_checker=format_checker(self.today))

    @cached_property
    def _explainer(self) -> explain.Explainer | None:
        """The walk that finds the schema problems of an invalid record (None: jsonschema's own pass)."""
        if not self._compiled or not self.form.model.refs_stand_alone:
            return None
        try:
            return explain.Explainer(self._inline, self._checks)
        except UnsupportedSchema:
            return None

    def _full_without_blanks(self, data: Any) -> bool:
        """The verdict's path for a schema the compiler does not take: jsonschema's, and no value that is not there."""
        return without_absent(data) is data and not _holds_empty_item(data) and self._full.is_valid(data)

    @cached_property
    def _schema_only(self) -> Callable[[Any], bool]:
        """jsonschema's verdict exactly (a text of spaces passes ``minLength``), compiled."""
        if not self._compiled:
            check: Callable[[Any], bool] = self._full.is_valid
            return check
        return compile_schema(self._inline, self._checks, self.form.id)

    def schema_valid(self, data: Any) -> bool:
        """The JSON Schema verdict alone, by the fast path (exactly jsonschema's: no value is left out)."""
        return self._schema_only(data)

    def cleaned(self, data: Any) -> Any:
        """*data* as it is judged: ``null`` fields and texts of only white space left out, texts trimmed.

        *data* itself when it has none (see :func:`~formkit.validation.normalize.without_absent`).
        A caller that counts a valid record uses this (the summary does; ``normalize_record``, which
        prints one, leaves the same values out).
        """
        return without_absent(data)

    def is_valid(self, data: Any, *, draft: bool = False) -> bool:
        """True when the record has no error (warnings allowed)."""
        if draft:
            return not any(p.severity == ERROR for p in self.validate(data, draft=True))
        # A schema failure is always an error: no need for jsonschema's detailed pass.
        if not self._fast(data):
            cleaned = without_absent(data)
            if cleaned is data or not self._fast(cleaned):
                return False
            data = cleaned
        return not any(p.severity == ERROR for p in self._rule_problems(data, schema_ok=True))

    def validate(self, data: Any, *, draft: bool = False) -> list[Problem]:
        """Every problem of the record, schema problems first, each at its own path.

        A field that is ``null`` or a text of only white space is judged as not
        given (missing where it is required), and texts are judged trimmed
        (:meth:`cleaned`).
        """
        schema_ok = self._fast(data)
        if not schema_ok:
            cleaned = without_absent(data)
            if cleaned is not data:
                data = cleaned
                schema_ok = self._fast(data)
        problems = self._rule_problems(data, schema_ok=schema_ok)
        if not schema_ok:
            problems = [*self._schema_problems(data), *problems]
        if draft:
            problems = [p for p in problems if p.rule not in MISSING_VALUE_RULES]
        return _unique(problems) if len(problems) > 1 else problems

    def _rule_problems(self, data: Any, *, schema_ok: bool) -> list[Problem]:
        if not isinstance(data, dict):
            return []
        # The compiled check refuses an empty list item (values_given): a record it accepted has none,
        # when every object is closed (no list hides under a key the schema does not know).
        checked = schema_ok and self._compiled and self._exact
        problems = list(empty_items(data, self.language)) if not checked and _holds_empty_item(data) else []
        context = self._context
        for rule in self._rules:
            problems.extend(rule(data, context))
        return problems

    def _schema_problems(self, data: Any) -> Iterator[Problem]:
        explainer = self._explainer
        if explainer is None:
            for error in self._full.iter_errors(data):
                where, keyword = error.absolute_path, str(error.validator)
                yield from self._problems(where, keyword, error.validator_value, error.instance, error.schema)
            return
        for found in explainer.errors(data):
            yield from self._problems(found.path, found.keyword, found.keyword_value, found.instance, found.schema)

    def _problems(self, path: Iterable[str | int], keyword: str, value: Any, instance: Any, schema: Any) -> Iterator[Problem]:
        """The problems of one failed keyword, each at its own path (jsonschema's error, as data)."""
        where = list(path)
        if keyword == "required" and isinstance(instance, dict):
            # A missing property is reported at its own path, not its parent's.
            for name in value:
                if name not in instance:
                    yield Problem(dot_path([*where, name]), ERROR, "required", schema_message(self.language, "required", None))
            return
        if keyword == "additionalProperties" and isinstance(instance, dict):
            known = schema.get("properties", {}) if isinstance(schema, dict) else {}
            for name in instance:
                if name not in known:
                    shown = name if looks_like_field_name(name) else unknown_field_label(self.language)
                    yield Problem(dot_path([*where, shown]), ERROR, keyword, schema_message(self.language, keyword, None))
            return
        if keyword == "format" and value == "personnummer" and isinstance(instance, str):
            # A number right in every other way, for a birth date no one living has: say which.
            reason = implausible_birth(instance, self.today)
            if reason is not None:
                key = f"schema.format.personnummer_{reason}"
                said = text(self.language, key, today=self.today.isoformat(), years=MAX_AGE_YEARS)
                yield Problem(dot_path(where), ERROR, keyword, said)
                return
        yield Problem(dot_path(where), ERROR, keyword, schema_message(self.language, keyword, value))


def _holds_empty_item(node: Any) -> bool:
    """Whether :func:`empty_items` finds anything: the same walk without paths or generators."""
    if isinstance(node, dict):
        for value in node.values():
            if isinstance(value, dict | list) and _holds_empty_item(value):
                return True
    elif isinstance(node, list):
        for item in node:
            if is_empty_item(item) or (isinstance(item, dict | list) and _holds_empty_item(item)):
                return True
    return False


def empty_items(data: Any, language: str, path: tuple[str | int, ...] = ()) -> Iterator[Problem]:
    """An item of a list without any value (``{}``, only empty strings) is an error at its own path (the forms contract).

    Generic for every form: a filled PDF cannot hold an empty item (its row is just
    empty), so a record with one would get another verdict once read back.
    """
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict | list):
                yield from empty_items(value, language, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            if is_empty_item(item):
                yield Problem(dot_path((*path, index)), ERROR, "empty_item", text(language, "schema.empty_item"))
            elif isinstance(item, dict | list):
                yield from empty_items(item, language, (*path, index))


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    result = []
    for problem in problems:
        if problem not in seen:
            seen.add(problem)
            result.append(problem)
    return result


def validate_record(
    form: Form | str, data: Any, settings: Settings | None = None, *, draft: bool = False, today: dt.date | None = None
) -> list[Problem]:
    """Every problem of one record, errors and warnings, each at its field's path (``formkit.validate``).

    *today* is the reference date of the form's rules (default: the settings'
    ``referensdatum``, else the clock); with *draft* missing values are no
    error. Builds a Validator: for many records build one and reuse it.
    """
    return Validator(form, settings, today=today).validate(data, draft=draft)
