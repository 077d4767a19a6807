"""The ``x-error-contract`` extension's JSON Schema: its structure, and its defaults.

The schema file is the one statement of what the extension may hold and of the value
an omitted key takes: validation checks a spec against it, and ``build`` reads the
defaults from it, so the two cannot disagree.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_FILE = Path(__file__).with_name("x-error-contract.schema.json")


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


@cache
def validator() -> Any:
    """A Draft 2020-12 validator of the extension (jsonschema is imported only here), stricter
    than jsonschema's defaults in two ways that generated code depends on:

    - ``integer`` means a whole number written as one: JSON Schema counts ``3.0`` as an
      integer, but ``max-attempts: 3.0`` would reach the package as a float and fail
      ``mypy --strict``;
    - a pattern's ``$`` ends the text, as in ECMA-262 regular expressions (JSON Schema's):
      Python's ``$`` also matches before a final newline, which let ``"Retry-After\\n"``
      pass as a header name. The patterns are the generator's own, never a spec's.
    """
    import re

    import jsonschema
    from jsonschema import validators
    from jsonschema.exceptions import ValidationError

    base = jsonschema.Draft202012Validator
    types = base.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
    )

    def pattern(_validator: Any, regex: str, instance: Any, _schema: Any) -> Any:
        if isinstance(instance, str) and not re.search(_ecma_end(regex), instance):
            yield ValidationError(f"{instance!r} does not match {regex!r}")

    extend: Any = validators.extend  # untyped in jsonschema
    strict = extend(base, {"pattern": pattern}, type_checker=types)
    return strict(schema())


def _ecma_end(regex: str) -> str:
    """``regex`` with a final ``$`` (ECMA-262: the end of the text) written as Python's ``\\Z``."""
    return regex[:-1] + r"\Z" if regex.endswith("$") and not regex.endswith(r"\$") else regex


def default(definition: str, *keys: str) -> Any:
    """The schema's ``default`` for an omitted key: ``default("retry", "backoff", "jitter")`` -> ``"full"``.

    ``definition`` names one of the schema's ``$defs`` (``shape``, ``retry``, ...);
    ``keys`` are property names inside it. A KeyError means the schema has no default
    there, a generator bug that the tests catch.
    """
    node = schema()["$defs"][definition]
    for key in keys:
        node = node["properties"][key]
    return node["default"]


@cache
def _fast(definition: str | None) -> Any:
    """``schemacheck``'s predicate for the schema (or one of its ``$defs``), None when it uses
    a keyword ``schemacheck`` does not restate."""
    from . import schemacheck

    root = schema() if definition is None else {"$defs": schema()["$defs"], "$ref": f"#/$defs/{definition}"}
    try:
        return schemacheck.compile_schema(root)
    except schemacheck.Unsupported:
        return None


def surely_valid(value: Any, definition: str | None = None) -> bool:
    """Whether ``value`` is valid against the extension's schema (or ``$defs/<definition>``),
    decided without jsonschema: True only when ``validator()`` (or
    ``openapi_example_validator()``) would find no error; False when it would, or when that
    is not decided here. So a caller asks jsonschema for the errors only when this is False."""
    from . import schemacheck

    check = _fast(definition)
    return check is not None and schemacheck.valid(check, value)


@cache
def openapi_example_validator() -> Any:
    """``validator()``'s rules for a standard OpenAPI Example Object that is a vector
    (``$defs/openapiExample``: ``x-source``, ``x-expect``, ``value``)."""
    return validator().evolve(schema={"$defs": schema()["$defs"], "$ref": "#/$defs/openapiExample"})
