"""Whether a value is valid against one of the generator's own JSON Schemas, quickly.

``validate`` reports a schema's errors with jsonschema (their messages and locations are
what spec authors read), but a valid spec has none, and jsonschema costs some 70 ms to
import and its ``$ref`` resolution a few more per spec. ``compile_schema`` turns a
Draft 2020-12 schema into a predicate for exactly the keywords this generator's schema
(``x-error-contract.schema.json``) uses, with the same meaning as jsonschema's
validator in ``extension.validator`` (whose ``integer`` is a whole number written as
one, and whose ``pattern`` ends with the text at ``$``): ``validate`` asks jsonschema
only when the predicate is False, so no diagnostic changes, and a fast path that
disagreed with jsonschema could only hide an error, which the tests rule out
(``tests/generator/test_schemacheck.py`` compares the two on mutated extensions).

A schema keyword not restated here raises ``Unsupported`` when compiling (then every
check goes to jsonschema); a value whose comparison is not restated here (``enum``
or ``uniqueItems`` of values other than strings, numbers, booleans and null) raises
``GiveUp`` while checking (then this check goes to jsonschema).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sized
from typing import Any

Check = Callable[[Any], bool]

# Keywords that only annotate: they never make a value invalid.
# Keywords bounding a size (of an object, array or string: the kind they apply to) or a number.
_SIZE_BOUNDS: dict[str, tuple[type[Sized], Callable[[int, Any], bool]]] = {
    "minProperties": (dict, operator.ge),
    "maxProperties": (dict, operator.le),
    "minItems": (list, operator.ge),
    "maxItems": (list, operator.le),
    "minLength": (str, operator.ge),
    "maxLength": (str, operator.le),
}
_NUMBER_BOUNDS: dict[str, Callable[[Any, Any], bool]] = {
    "minimum": operator.ge,
    "maximum": operator.le,
    "exclusiveMinimum": operator.gt,
    "exclusiveMaximum": operator.lt,
}
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default", "examples", "$defs"})
_SCALARS = (str, int, float, bool, type(None))


class Unsupported(Exception):
    """The schema uses a keyword whose meaning is not restated here."""


class GiveUp(Exception):
    """A value whose comparison is not restated here: ask jsonschema."""


def _is_type(kind: str) -> Check:
    if kind == "object":
        return lambda value: isinstance(value, dict)
    if kind == "array":
        return lambda value: isinstance(value, list)
    if kind == "string":
        return lambda value: isinstance(value, str)
    if kind == "integer":  # extension.validator: a whole number written as one, never a bool
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return lambda value: isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "boolean":
        return lambda value: isinstance(value, bool)
    if kind == "null":
        return lambda value: value is None
    raise Unsupported(f"type {kind!r}")


def _scalar_key(value: Any) -> tuple[str, Any]:
    """A hashable stand-in for a scalar under jsonschema's ``equal``: True is not 1, 1 is 1.0."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    if isinstance(value, str):
        return ("string", value)
    if value is None:
        return ("null", None)
    raise GiveUp("not a scalar")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _ecma_pattern(regex: str) -> re.Pattern[str]:
    """``extension.validator``'s pattern: a final ``$`` ends the text (ECMA-262), not a line."""
    return re.compile(regex[:-1] + r"\Z" if regex.endswith("$") and not regex.endswith(r"\$") else regex)


def compile_schema(root: dict[str, Any]) -> Check:
    """A predicate: whether a value is valid against ``root`` (Draft 2020-12, local ``$ref``s).
    Unsupported if ``root`` uses a keyword not restated here."""
    compiled: dict[int, Check] = {}

    def resolve(ref: str) -> Any:
        if ref == "#":
            return root
        if not ref.startswith("#/"):
            raise Unsupported(f"$ref {ref!r}")
        node: Any = root
        for token in ref[2:].split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or token not in node:
                raise Unsupported(f"$ref {ref!r} does not resolve")
            node = node[token]
        return node

    def build(schema: Any) -> Check:
        if schema is True:
            return lambda value: True
        if schema is False:
            return lambda value: False
        if not isinstance(schema, dict):
            raise Unsupported("a schema that is not an object or a boolean")
        if id(schema) in compiled:
            return compiled[id(schema)]
        checks: list[Check] = []

        def check(value: Any) -> bool:
            for one in checks:
                if not one(value):
                    return False
            return True

        compiled[id(schema)] = check  # before the parts: a $ref back to here finds it
        properties = schema.get("properties", {})
        for keyword, argument in schema.items():
            if keyword in _ANNOTATIONS:
                continue
            checks.append(keyword_check(keyword, argument, schema, properties))
        return check

    def keyword_check(keyword: str, argument: Any, schema: dict[str, Any], properties: dict[str, Any]) -> Check:
        if keyword == "$ref":
            target: Check | None = None

            def ref(value: Any) -> bool:
                nonlocal target
                if target is None:
                    target = build(resolve(argument))
                return target(value)

            resolve(argument)  # an unresolvable reference is Unsupported now
            return ref
        if keyword == "type":
            kinds = [argument] if isinstance(argument, str) else list(argument)
            tests = [_is_type(kind) for kind in kinds]
            return lambda value: any(test(value) for test in tests)
        if keyword == "properties":
            parts = {name: build(sub) for name, sub in argument.items()}

            def each_property(value: Any) -> bool:
                if not isinstance(value, dict):
                    return True
                for name, test in parts.items():
                    if name in value and not test(value[name]):
                        return False
                return True

            return each_property
        if keyword == "required":
            names = list(argument)
            return lambda value: not isinstance(value, dict) or all(name in value for name in names)
        if keyword == "additionalProperties":
            if "patternProperties" in schema:
                raise Unsupported("patternProperties")
            extra = build(argument)
            known = set(properties)

            def additional(value: Any) -> bool:
                if not isinstance(value, dict):
                    return True
                for name, item in value.items():
                    if name not in known and not extra(item):
                        return False
                return True

            return additional
        if keyword == "propertyNames":
            names_check = build(argument)
            return lambda value: not isinstance(value, dict) or all(names_check(name) for name in value)
        if keyword == "items":
            item = build(argument)
            start = len(schema.get("prefixItems", []))
            return lambda value: not isinstance(value, list) or all(item(one) for one in value[start:])
        if keyword == "prefixItems":
            prefix = [build(sub) for sub in argument]
            return lambda value: not isinstance(value, list) or all(
                test(one) for test, one in zip(prefix, value, strict=False)
            )
        if keyword == "uniqueItems":
            if not argument:
                return lambda value: True

            def unique(value: Any) -> bool:
                if not isinstance(value, list):
                    return True
                keys = [_scalar_key(one) for one in value]
                return len(set(keys)) == len(keys)

            return unique
        if keyword == "pattern":
            pattern = _ecma_pattern(argument)
            return lambda value: not isinstance(value, str) or pattern.search(value) is not None
        if keyword in _SIZE_BOUNDS:
            kind, compare = _SIZE_BOUNDS[keyword]
            return lambda value: not isinstance(value, kind) or compare(len(value), argument)
        if keyword in _NUMBER_BOUNDS:
            bound = _NUMBER_BOUNDS[keyword]
            return lambda value: not _number(value) or bound(value, argument)
        if keyword == "enum":
            allowed = {_scalar_key(one) for one in argument}  # GiveUp (at compile time: Unsupported) below
            return lambda value: _scalar_key(value) in allowed
        if keyword == "const":
            expected = _scalar_key(argument)
            return lambda value: _scalar_key(value) == expected
        if keyword in ("oneOf", "anyOf", "allOf"):
            options = [build(sub) for sub in argument]
            if keyword == "allOf":
                return lambda value: all(test(value) for test in options)
            if keyword == "anyOf":
                return lambda value: any(test(value) for test in options)
            return lambda value: sum(1 for test in options if test(value)) == 1
        if keyword == "not":
            negated = build(argument)
            return lambda value: not negated(value)
        raise Unsupported(keyword)

    try:
        return build(root)
    except GiveUp as exc:  # an enum or const of values not restated here
        raise Unsupported(str(exc)) from None


def valid(check: Check, value: Any) -> bool:
    """``check(value)``; False when the check gives up (then jsonschema decides)."""
    try:
        return check(value)
    except GiveUp:
        return False
