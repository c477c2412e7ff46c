"""Every schema error of a record the fast check refused, found without walking what is valid.

Why: jsonschema's ``iter_errors`` interprets the whole schema for the whole
record (about 1.5 ms for a genomförandeplan), so one invalid record in twenty
cost more than all the valid ones together. The errors are the same when the
walk skips every subtree whose compiled check (:mod:`formkit.validation.fastcheck`,
which gives exactly jsonschema's verdict) passes: a subschema that accepts its
value yields no error. Where a subschema refuses its value, its keywords are
taken in jsonschema's order (the schema's own key order); ``properties``,
``items`` and ``allOf`` descend as jsonschema's own keyword functions do, and
every other keyword is jsonschema's own keyword function, so the verdict of
each leaf keyword and the values an error carries are jsonschema's.

The walk runs over the form's inlined schema
(:meth:`formkit.model.fields.FormModel.inline_schema`). That yields errors in
the original schema's order as long as no ``$ref`` has a validating keyword
beside it (annotations are fine): the inlined node then *is* the target, where
jsonschema would have descended into it at the ``$ref``. The model says
whether a form is like that (``FormModel.refs_stand_alone``); otherwise, and
for boolean subschemas, the validator keeps jsonschema's own pass. tests/test_explain.py holds
the walk to jsonschema's errors, in order, on generated invalid records of every form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from formkit.validation.fastcheck import ANNOTATIONS, UnsupportedSchema, compile_checks

if TYPE_CHECKING:
    from jsonschema import FormatChecker

class KeywordError(NamedTuple):
    """One failed keyword: where in the record (path parts), which keyword, its value, the value checked, the subschema."""

    path: tuple[str | int, ...]
    keyword: str
    keyword_value: Any
    instance: Any
    schema: Mapping[str, Any]


def format_checker(checks: Mapping[str, Callable[[str], bool]]) -> FormatChecker:
    """A jsonschema FormatChecker that knows exactly *checks* (and no other formats)."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, check in checks.items():
        # JSON Schema applies a format to strings only; jsonschema asks the
        # checker about every type, so other types pass here (``type`` judges them).
        checker.checks(name)(lambda value, check=check: not isinstance(value, str) or check(value))
    return checker


class Explainer:
    """Finds jsonschema's errors of one form's inlined schema; build once per validator, on the first invalid record."""

    def __init__(self, schema: dict[str, Any], formats: Mapping[str, Callable[[str], bool]]) -> None:
        from jsonschema import Draft202012Validator  # only an invalid record needs jsonschema

        self.schema = schema
        _check_nodes(schema)
        # The keyword functions take the validator for is_type and format_checker only (leaf keywords
        # never descend): formkit's own checks, so each leaf verdict equals the compiled one.
        self._jsonschema = Draft202012Validator(schema, format_checker=format_checker(formats))
        self._keywords: Mapping[str, Any] = Draft202012Validator.VALIDATORS
        # Every subschema's check, compiled together; the ids stay valid while self.schema lives.
        self._checks = compile_checks(schema, formats)

    def errors(self, data: Any) -> Iterator[KeywordError]:
        """jsonschema's ``iter_errors(data)``, in its order, as :class:`KeywordError` tuples."""
        return self._walk(self.schema, data, ())

    def _walk(self, schema: dict[str, Any], instance: Any, path: tuple[str | int, ...]) -> Iterator[KeywordError]:
        if self._checks[id(schema)](instance):
            return
        for keyword, value in schema.items():
            if keyword == "properties":
                if isinstance(instance, dict):
                    for name, subschema in value.items():
                        if name in instance:
                            yield from self._walk(subschema, instance[name], (*path, name))
            elif keyword == "items":
                if isinstance(instance, list):
                    for index, item in enumerate(instance):
                        yield from self._walk(value, item, (*path, index))
            elif keyword == "allOf":
                for subschema in value:
                    yield from self._walk(subschema, instance, path)
            else:
                function = self._keywords.get(keyword)
                if function is None:
                    continue
                for _error in function(self._jsonschema, value, instance, schema) or ():
                    yield KeywordError(path, keyword, value, instance, schema)


def _check_nodes(schema: Any) -> None:
    """Refuse what the walk does not follow like jsonschema: a boolean subschema (its error has no keyword)."""
    if not isinstance(schema, dict):
        raise UnsupportedSchema("boolean subschema")
    for keyword, value in schema.items():
        if keyword in ANNOTATIONS or keyword.startswith("x-"):
            continue
        if keyword == "properties":
            for subschema in value.values():
                _check_nodes(subschema)
        elif keyword == "items":
            _check_nodes(value)
        elif keyword == "allOf":
            for subschema in value:
                _check_nodes(subschema)
