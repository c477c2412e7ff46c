"""Compile a form's JSON Schema into one plain Python function that answers valid or not.

Why by hand: jsonschema walks the schema for every record, which costs most of
a batch's time; fastjsonschema does the same trick but stops at draft 7 and
cannot resolve our cross-file ``$ref``. The compiler takes the self-contained
schema the form model inlines (:meth:`formkit.model.fields.FormModel.inline_schema`),
so it never resolves a reference itself. The schemas use a small, fixed set of
keywords (see ``SUPPORTED``); a schema with any other keyword (``$ref``
included) is refused with ``UnsupportedSchema`` and the caller falls back to
jsonschema. The verdict must equal jsonschema's exactly;
tests/test_fastcheck.py checks that on generated records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default"})
SUPPORTED = frozenset(
    {
        "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
        "enum", "const", "format", "allOf", "minLength", "maxLength", "pattern", "minimum", "maximum",
    }
)  # fmt: skip

_TYPE_TESTS = {
    "string": "type({v}) is str",
    "boolean": "type({v}) is bool",
    "object": "type({v}) is dict",
    "array": "type({v}) is list",
    "null": "{v} is None",
    "number": "(type({v}) is int or type({v}) is float)",
    # JSON Schema counts 1.0 as an integer.
    "integer": "(type({v}) is int or (type({v}) is float and {v}.is_integer()))",
}


_INLINE_REQUIRED = 8
"""Up to this many required keys are tested one by one in the generated code (faster than a set test)."""


class UnsupportedSchema(Exception):
    """The schema uses a keyword this compiler does not handle."""


class _Compiler:
    def __init__(self, formats: Mapping[str, Callable[[str], bool]], *, split: bool = False, values_given: bool = False) -> None:
        self.formats = formats
        self.split = split
        self.values_given = values_given
        """Also refuse a value that is not there: a blank text where one is wanted, an empty list item (see compile_schema)."""
        """One function per subschema, each calling its children's (for :func:`compile_checks`); else inlined."""
        self.functions: list[list[str]] = []
        self.names: dict[int, str] = {}
        self.constants: dict[str, Any] = {}
        self.counter = 0

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def constant(self, value: Any, prefix: str = "c") -> str:
        name = self.fresh(prefix)
        self.constants[name] = value
        return name

    def function_for(self, schema: Any) -> str:
        """The name of a generated function checking *schema* (one per distinct subschema)."""
        key = id(schema)
        if key in self.names:
            return self.names[key]
        name = self.fresh("check")
        self.names[key] = name
        body: list[str] = []
        self.emit(schema, "d", body, 1)
        self.functions.append([f"def {name}(d):", *body, "    return True"])
        return name

    def emit(self, schema: Any, v: str, out: list[str], depth: int) -> None:
        pad = "    " * depth
        if schema is True:
            return
        if schema is False:
            out.append(f"{pad}return False")
            return
        if not isinstance(schema, dict):
            raise UnsupportedSchema("a schema must be an object or a boolean")
        unknown = {k for k in schema if k not in SUPPORTED and k not in ANNOTATIONS and not k.startswith("x-")}
        if unknown:
            raise UnsupportedSchema(f"unsupported keywords: {sorted(unknown)}")

        for part in schema.get("allOf", ()):
            name = self.function_for(part)
            out.append(f"{pad}if not {name}({v}): return False")

        # After a test of a single type the value is known to be of it, and the checks of that
        # type need no guard of their own (the generated code is the hot path of a batch).
        known: str | None = None
        types: list[str] | None = None
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            tests = [_TYPE_TESTS[t].format(v=v) for t in types]
            out.append(f"{pad}if not ({' or '.join(tests)}): return False")
            if len(types) == 1:
                known = types[0]

        def may_be(*names: str) -> bool:
            return types is None or any(name in types for name in names)

        if "enum" in schema:
            self.emit_enum(schema["enum"], v, out, pad, known)
        if "const" in schema:
            self.emit_enum([schema["const"]], v, out, pad, known)

        string_checks: list[str] = []
        low, high = schema.get("minLength"), schema.get("maxLength")
        # A blank text where one is wanted; a format, or an enum without a blank member, refuses one already.
        formatted = schema.get("format") in self.formats
        listed = "enum" in schema and all(isinstance(e, str) and e.strip() for e in schema["enum"])
        if low == 1 and high is not None and self.values_given and not formatted and not listed:
            # The commonest leaf, a text of 1 to N characters, in one test (the hot path of a batch).
            string_checks.append(f"if not {v} or {v}.isspace() or len({v}) > {int(high)}: return False")
            low = high = None
        elif low is not None and low >= 1 and self.values_given and not formatted and not listed:
            string_checks.append(f"if {v}.isspace(): return False")
        if low is not None and high is not None:
            string_checks.append(f"if not {int(low)} <= len({v}) <= {int(high)}: return False")
        elif low is not None:
            string_checks.append(f"if len({v}) < {int(low)}: return False")
        elif high is not None:
            string_checks.append(f"if len({v}) > {int(high)}: return False")
        if "pattern" in schema:
            pattern = self.constant(re.compile(schema["pattern"]), "pattern")
            string_checks.append(f"if {pattern}.search({v}) is None: return False")
        if "format" in schema and schema["format"] in self.formats:
            check = self.constant(self.formats[schema["format"]], "fmt")
            string_checks.append(f"if not {check}({v}): return False")
        if string_checks and may_be("string"):
            self.guarded(out, pad, None if known == "string" else f"type({v}) is str", string_checks)

        number_checks: list[str] = []
        if "minimum" in schema:
            number_checks.append(f"if {v} < {schema['minimum']!r}: return False")
        if "maximum" in schema:
            number_checks.append(f"if {v} > {schema['maximum']!r}: return False")
        if number_checks and may_be("number", "integer"):
            numeric = known in ("number", "integer")
            self.guarded(out, pad, None if numeric else f"(type({v}) is int or type({v}) is float)", number_checks)

        if may_be("array"):
            self.emit_array(schema, v, out, depth, known == "array")
        if may_be("object"):
            self.emit_object(schema, v, out, depth, known == "object")

    @staticmethod
    def guarded(out: list[str], pad: str, guard: str | None, lines: list[str]) -> None:
        """*lines* at *pad*, under ``if guard:`` when there is one."""
        if guard is None:
            out.extend(f"{pad}{line}" for line in lines)
        else:
            out.append(f"{pad}if {guard}:")
            out.extend(f"{pad}    {line}" for line in lines)

    def emit_enum(self, values: list[Any], v: str, out: list[str], pad: str, known: str | None) -> None:
        if all(type(value) is str for value in values):
            allowed = self.constant(frozenset(values), "enum")
            if known == "string":
                out.append(f"{pad}if {v} not in {allowed}: return False")
            else:
                out.append(f"{pad}if not (type({v}) is str and {v} in {allowed}): return False")
        else:
            allowed = self.constant(list(values), "enum")
            eq = self.constant(json_equal, "equal")
            out.append(f"{pad}if not any({eq}({v}, item) for item in {allowed}): return False")

    def emit_array(self, schema: dict[str, Any], v: str, out: list[str], depth: int, known: bool) -> None:
        inner = depth if known else depth + 1
        lines: list[str] = []
        low, high = schema.get("minItems"), schema.get("maxItems")
        if low is not None and high is not None:
            lines.append(f"{'    ' * inner}if not {int(low)} <= len({v}) <= {int(high)}: return False")
        elif low is not None:
            lines.append(f"{'    ' * inner}if len({v}) < {int(low)}: return False")
        elif high is not None:
            lines.append(f"{'    ' * inner}if len({v}) > {int(high)}: return False")
        if "items" in schema:
            item = self.fresh("i")
            item_lines: list[str] = []
            if self.values_given and not _has_value_when_valid(schema["items"]):
                empty = self.constant(is_empty_item, "empty")
                item_lines.append(f"{'    ' * (inner + 1)}if {empty}({item}): return False")
            if self.split and isinstance(schema["items"], dict):
                item_lines.append(f"{'    ' * (inner + 1)}if not {self.function_for(schema['items'])}({item}): return False")
            else:
                self.emit(schema["items"], item, item_lines, inner + 1)
            if item_lines:
                lines.append(f"{'    ' * inner}for {item} in {v}:")
                lines.extend(item_lines)
        if lines:
            if not known:
                out.append(f"{'    ' * depth}if type({v}) is list:")
            out.extend(lines)

    def emit_object(self, schema: dict[str, Any], v: str, out: list[str], depth: int, known: bool) -> None:
        inner = "    " * (depth if known else depth + 1)
        lines: list[str] = []
        properties = schema.get("properties", {})
        required = list(dict.fromkeys(schema.get("required", [])))
        if required and len(required) <= _INLINE_REQUIRED:
            lines.append(f"{inner}if {' or '.join(f'{name!r} not in {v}' for name in required)}: return False")
        elif required:
            keys = self.constant(frozenset(required), "req")
            lines.append(f"{inner}if not {v}.keys() >= {keys}: return False")
        additional = schema.get("additionalProperties", True)
        if additional is False:
            allowed = self.constant(frozenset(properties), "props")
            lines.append(f"{inner}if not {allowed}.issuperset({v}): return False")
        elif additional is not True:
            raise UnsupportedSchema("additionalProperties must be true or false")
        for name, subschema in properties.items():
            value = self.fresh("p")
            sub: list[str] = []
            if self.split and isinstance(subschema, dict):
                check = self.function_for(subschema)
                if name in required:
                    lines.append(f"{inner}if not {check}({v}[{name!r}]): return False")
                else:
                    lines.append(f"{inner}{value} = {v}.get({name!r}, _MISSING)")
                    lines.append(f"{inner}if {value} is not _MISSING and not {check}({value}): return False")
                continue
            if name in required:  # present: checked just above
                self.emit(subschema, value, sub, len(inner) // 4)
                if sub:
                    lines.append(f"{inner}{value} = {v}[{name!r}]")
                    lines.extend(sub)
                continue
            self.emit(subschema, value, sub, len(inner) // 4 + 1)
            if sub:
                lines.append(f"{inner}{value} = {v}.get({name!r}, _MISSING)")
                lines.append(f"{inner}if {value} is not _MISSING:")
                lines.extend(sub)
        if lines:
            if not known:
                out.append(f"{'    ' * depth}if type({v}) is dict:")
            out.extend(lines)


def has_value_at_all(node: Any) -> bool:
    """Whether *node* holds any value: not None, not a blank text, not a list or object of only such.

    A number or a boolean is a value (False: a box left unticked on purpose).
    """
    if node is None:
        return False
    if isinstance(node, str):
        return not (node == "" or node.isspace())
    if isinstance(node, dict | list):
        for value in node.values() if isinstance(node, dict) else node:  # noqa: SIM110 - a loop, not any(): walked for every record
            if has_value_at_all(value):
                return True
        return False
    return True


def is_empty_item(item: Any) -> bool:
    """An item of a list that holds no value: ``{}``, ``[]``, a blank text, or only such inside (an error at its path)."""
    return isinstance(item, dict | list | str) and not has_value_at_all(item)


_SCALARS = frozenset({"boolean", "integer", "number"})


def _has_value_when_valid(schema: Any) -> bool:
    """Whether a value that passes *schema* (with values_given) surely has a value, so no item check is needed.

    True for a scalar type, a text of at least one character (the blank check
    refuses spaces), and an object that requires such a property.
    """
    if not isinstance(schema, dict):
        return False
    if any(_has_value_when_valid(part) for part in schema.get("allOf", ())):
        return True
    kind = schema.get("type")
    if kind in _SCALARS:
        return True
    if kind == "string":
        return int(schema.get("minLength", 0)) >= 1
    if kind == "object":
        properties = schema.get("properties", {})
        return any(_has_value_when_valid(properties.get(name)) for name in schema.get("required", ()))
    return False


def json_equal(one: Any, other: Any) -> bool:
    """Equality as JSON Schema defines it for ``enum``/``const``: a boolean is not a number, 1 equals 1.0.

    Written here because jsonschema's own helper is private API; the tests check it
    against jsonschema's verdict on mixed enums.
    """
    if isinstance(one, bool) or isinstance(other, bool):
        return type(one) is type(other) and one == other
    if isinstance(one, str) or isinstance(other, str):
        return type(one) is type(other) and one == other
    if isinstance(one, list) and isinstance(other, list):
        return len(one) == len(other) and all(json_equal(a, b) for a, b in zip(one, other, strict=True))
    if isinstance(one, dict) and isinstance(other, dict):
        return one.keys() == other.keys() and all(json_equal(one[key], other[key]) for key in one)
    if isinstance(one, (list, dict)) or isinstance(other, (list, dict)):
        return False
    return bool(one == other)


def compile_schema(
    schema: dict[str, Any], formats: Mapping[str, Callable[[str], bool]], name: str = "", *, values_given: bool = False
) -> Callable[[Any], bool]:
    """A function ``check(record) -> bool`` with jsonschema's verdict for a self-contained *schema*.

    ``formats`` must be the same checks the jsonschema FormatChecker uses;
    formats not in it are not checked (as jsonschema does). With
    *values_given* a value that is not there also fails: a text of only white
    space (spaces, no-break spaces) where the schema asks for at least one
    character, and an item of a list without any value (:func:`has_value_at_all`;
    checked only where the item's schema does not already ensure one). The
    validator then finds what it is on its slow path (:mod:`formkit.validation.validator`).
    """
    compiler = _Compiler(formats, values_given=values_given)
    entry = compiler.function_for(schema)
    namespace = _load(compiler, name or schema.get("$id", ""))
    check: Callable[[Any], bool] = namespace[entry]
    return check


def compile_checks(
    schema: dict[str, Any], formats: Mapping[str, Callable[[str], bool]], name: str = ""
) -> dict[int, Callable[[Any], bool]]:
    """A check like :func:`compile_schema`'s for *schema* and each subschema under it, by ``id()`` of the subschema.

    One compilation for all of them (each function calls its children's), for
    :mod:`formkit.validation.explain`, which asks where in a record the verdict fails.
    """
    compiler = _Compiler(formats, split=True)
    compiler.function_for(schema)
    namespace = _load(compiler, name or schema.get("$id", ""))
    return {key: namespace[function] for key, function in compiler.names.items()}


def _load(compiler: _Compiler, base: str) -> dict[str, Any]:
    source = "\n\n".join("\n".join(lines) for lines in compiler.functions)
    namespace: dict[str, Any] = {"_MISSING": object(), **compiler.constants}
    exec(compile(source, f"<formkit schema {base}>", "exec"), namespace)  # noqa: S102 - code generated from our own schema
    return namespace
