"""Validation of records: the form's JSON Schema (fast path first) plus its rule functions.

When to raise, warn or log: a problem in a record is never raised — it is
returned as a ``Problem`` (collected, not thrown one at a time). Only a broken
form definition raises (``SchemaError``). Nothing here logs: record content
must not reach a log, and the caller decides what a person sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError as JsonSchemaError
from jsonschema.exceptions import ValidationError

from formkit.errors import SchemaError
from formkit.formats import format_checks
from formkit.i18n import text
from formkit.model.catalog import Form, as_form
from formkit.settings import Settings
from formkit.validation.fastcheck import UnsupportedSchema, compile_schema
from formkit.validation.messages import schema_message, unknown_field_label
from formkit.validation.problems import ERROR, Problem, dot_path, looks_like_field_name
from formkit.validation.rules import Rule, RuleContext, rules_for

MISSING_VALUE_RULES = frozenset({"required", "minItems", "empty_item"})
"""Rules about values not yet given; ``draft=True`` lets them pass (``fill --draft``)."""


def format_checker(today: dt.date | None = None) -> FormatChecker:
    """A FormatChecker that knows exactly formkit's formats (and no others), personnummer read against *today*."""
    checker = FormatChecker(formats=())
    for name, check in format_checks(today).items():
        # JSON Schema applies a format to strings only; jsonschema asks the
        # checker about every type, so other types pass here (``type`` judges them).
        checker.checks(name)(lambda value, check=check: not isinstance(value, str) or check(value))
    return checker


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
        try:
            Draft202012Validator.check_schema(self.form.schema)
        except JsonSchemaError as exc:
            raise SchemaError("schema.invalid", form=self.form.id, detail=exc.message) from exc
        model = self.form.model
        checks = format_checks(self.today)
        # A schema from an outside folder may have no $id: its relative $refs then mean the shipped base.
        schema = self.form.schema if "$id" in self.form.schema else {"$id": self.form.base_uri, **self.form.schema}
        self._full = Draft202012Validator(schema, registry=model.registry, format_checker=format_checker(self.today))
        self._fast: Callable[[Any], bool]
        try:
            self._fast = compile_schema(model.inline_schema(), checks, self.form.id)
        except UnsupportedSchema:
            self._fast = self._full.is_valid
        # extra_rules: checks that need more than the record, such as the consents of validate --with-consents.
        self._rules = (*rules_for(self.form), *extra_rules)
        self._context = RuleContext(self.settings, self.language, self.today)

    def schema_valid(self, data: Any) -> bool:
        """The JSON Schema verdict alone, by the fast path."""
        return self._fast(data)

    def is_valid(self, data: Any, *, draft: bool = False) -> bool:
        """True when the record has no error (warnings allowed)."""
        if draft:
            return not any(p.severity == ERROR for p in self.validate(data, draft=True))
        # A schema failure is always an error: no need for jsonschema's detailed pass.
        return self._fast(data) and not any(p.severity == ERROR for p in self._rule_problems(data))

    def validate(self, data: Any, *, draft: bool = False) -> list[Problem]:
        """Every problem of the record, schema problems first, each at its own path."""
        problems: list[Problem] = []
        if not self._fast(data):
            problems.extend(self._schema_problems(data))
        problems.extend(self._rule_problems(data))
        if draft:
            problems = [p for p in problems if p.rule not in MISSING_VALUE_RULES]
        return _unique(problems)

    def _rule_problems(self, data: Any) -> list[Problem]:
        if not isinstance(data, dict):
            return []
        problems = list(empty_items(data, self.language))
        problems.extend(problem for rule in self._rules for problem in rule(data, self._context))
        return problems

    def _schema_problems(self, data: Any) -> Iterator[Problem]:
        for error in self._full.iter_errors(data):
            yield from self._from_error(error)

    def _from_error(self, error: ValidationError) -> Iterator[Problem]:
        where = list(error.absolute_path)
        keyword = str(error.validator)
        instance = error.instance
        if keyword == "required" and isinstance(instance, dict):
            # A missing property is reported at its own path, not its parent's.
            for name in error.validator_value:
                if name not in instance:
                    yield Problem(dot_path([*where, name]), ERROR, "required", schema_message(self.language, "required", None))
            return
        if keyword == "additionalProperties" and isinstance(instance, dict):
            known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
            for name in instance:
                if name not in known:
                    shown = name if looks_like_field_name(name) else unknown_field_label(self.language)
                    yield Problem(dot_path([*where, shown]), ERROR, keyword, schema_message(self.language, keyword, None))
            return
        yield Problem(dot_path(where), ERROR, keyword, schema_message(self.language, keyword, error.validator_value))


def _has_value(node: Any) -> bool:
    if node is None:
        return False
    if isinstance(node, str):
        return node.strip() != ""
    if isinstance(node, dict):
        return any(_has_value(value) for value in node.values())
    if isinstance(node, list):
        return any(_has_value(value) for value in node)
    return True  # a number, a boolean (False is a value: a box left unticked on purpose)


def empty_items(data: Any, language: str, path: tuple[str | int, ...] = ()) -> Iterator[Problem]:
    """An item of a list without any value (``{}``, only empty strings) is an error at its own path (FORMS.md).

    Generic for every form: a filled PDF cannot hold an empty item (its row is just
    empty), so a record with one would get another verdict once read back.
    """
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict | list):
                yield from empty_items(value, language, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            if isinstance(item, dict | list | str) and not _has_value(item):
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
    form: Form | str, data: Any, settings: Settings | None = None, *, draft: bool = False
) -> list[Problem]:
    """Every problem of one record (builds a Validator: for batches, build one and reuse it)."""
    return Validator(form, settings).validate(data, draft=draft)
