"""Check a spec against OpenAPI 3.1 with openapi-spec-validator, keeping every error's location.

openapi-spec-validator checks the document in two passes: the OpenAPI 3.1 JSON Schema
over the whole document (its errors carry their path from the root), then a walk that
checks each schema object against the 3.1 dialect (its errors carry a path relative to
the schema it was checking, or none). The walk's validators are wrapped here so that
each error learns which schema it came from; ``openapi_errors`` returns every error
with its path from the document's root.

Nothing is fetched: the caller runs this only on a spec whose ``$ref``s are all local,
and the resolver refuses every URI scheme besides (a ``file:`` or ``https:`` reference
would otherwise be read).

No regular expression from a spec is ever matched against anything. openapi-spec-validator
checks each schema's ``default`` against the schema, ``pattern`` included, so
``pattern: '^(a+)+$'`` with a 36-character default would backtrack for hours; here the
``default`` check ignores ``pattern`` and ``patternProperties``. A pattern is only
compiled (``format: regex`` of the dialect), and only once ``pattern_problem`` found it
short and shallow enough to compile quickly (``re.compile`` recurses once per nested group).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from ..model.pointers import Tokens

MAX_PATTERN_CHARS = 1000  # a spec's regular expression: longer ones are refused, never compiled
MAX_PATTERN_GROUPS = 50  # nor ones with more parentheses


class PatternRefused(ValueError):
    """A spec's regular expression that is not compiled, and why."""


def pattern_problem(pattern: str) -> str:
    """Why ``pattern`` is not a usable regular expression, or "" (then it compiles quickly)."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return f"it is longer than {MAX_PATTERN_CHARS} characters"
    if pattern.count("(") > MAX_PATTERN_GROUPS:
        return f"it has more than {MAX_PATTERN_GROUPS} groups"
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError, MemoryError, ValueError) as exc:
        return f"it does not compile: {exc}"
    return ""


def _is_regex(instance: object) -> bool:
    if isinstance(instance, str) and (problem := pattern_problem(instance)):
        raise PatternRefused(problem)
    return True


class RetrievalRefused(Exception):
    """A spec tried to make the validator read another document."""


def _refuse(uri: str) -> Any:
    raise RetrievalRefused(f"{uri}: a spec must be one self-contained file")


class _NoRetrieval(dict[str, Any]):
    """Resolver handlers that claim every URI scheme and refuse it."""

    def __contains__(self, scheme: object) -> bool:
        return True

    def __missing__(self, scheme: str) -> Any:
        return _refuse


@cache
def _validator_class() -> Any:
    from openapi_spec_validator import OpenAPIV31SpecValidator
    from openapi_spec_validator.validation import keywords
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    def located(base: type, suffix: Tokens = ()) -> type:
        class Located(base):  # type: ignore[misc]
            def __call__(self, path: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
                for error in super().__call__(path, *args, **kwargs):
                    if not isinstance(error, OpenAPIValidationError):
                        error = OpenAPIValidationError.create_from(error)
                    if not hasattr(error, "spec_tokens"):
                        # not a declared attribute of the error class; read back in openapi_errors
                        setattr(error, "spec_tokens", tuple(path.parts) + suffix)  # noqa: B010
                    yield error

        return Located

    checker = _format_checker()

    class SchemaValidator(keywords.OpenAPIV31SchemaValidator):
        schema_validator_format_checker = checker

    class ValueValidator(keywords.OpenAPIV31ValueValidator):
        value_validator_cls = _value_validator_class()
        value_validator_format_checker = checker

    class Validator(OpenAPIV31SpecValidator):
        resolver_handlers = _NoRetrieval()
        keyword_validators = {
            **OpenAPIV31SpecValidator.keyword_validators,
            "schema": located(SchemaValidator),
            "default": located(ValueValidator, ("default",)),
        }

    return Validator


def _format_checker() -> Any:
    """openapi-schema-validator's format checks, with ``regex`` bounded by ``pattern_problem``."""
    from jsonschema import FormatChecker
    from openapi_schema_validator import oas31_format_checker

    checker = FormatChecker(formats=())
    checker.checkers = {**oas31_format_checker.checkers, "regex": (_is_regex, PatternRefused)}
    return checker


def _value_validator_class() -> Any:
    """The validator of a ``default``: OAS 3.1's, except that it never runs a spec's pattern."""
    from jsonschema.validators import extend
    from openapi_schema_validator import OAS31Validator

    def unchecked(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[Any]:
        return iter(())

    def additional(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[Any]:
        if "patternProperties" in schema:  # which keys are additional is a pattern search
            return iter(())
        found: Iterator[Any] = OAS31Validator.VALIDATORS["additionalProperties"](validator, value, instance, schema)
        return found

    # unevaluatedProperties searches the patternProperties of every subschema
    keywords = {"pattern": unchecked, "patternProperties": unchecked, "unevaluatedProperties": unchecked}
    return extend(OAS31Validator, {**keywords, "additionalProperties": additional})  # type: ignore[no-untyped-call]


def openapi_errors(data: dict[str, Any]) -> list[tuple[Tokens, Any]]:
    """Every OpenAPI 3.1 error in ``data`` as ``(path prefix, jsonschema error)``.

    The error's location is the prefix followed by its ``absolute_path`` (then
    ``pointers.follow_refs``). ``data`` must hold only local ``$ref``s that resolve
    (``validate`` checks that first).
    """
    validator = _validator_class()(data)
    found: list[tuple[Tokens, Any]] = [(getattr(e, "spec_tokens", ()), e) for e in validator.iter_errors()]
    # Schemas under components/responses and headers are not walked by the validator
    # when there are no paths, so check them the same way the walk checks its own.
    check_schema = validator.keyword_validators_registry["schema"]
    for tokens in _response_schemas(data):
        path = validator.schema_path
        for token in tokens:
            path = path / token
        found.extend((getattr(error, "spec_tokens", tokens), error) for error in check_schema(path))
    return found


def _response_schemas(data: dict[str, Any]) -> list[Tokens]:
    """Paths of the schemas inside ``components/responses`` and ``components/headers``."""
    components = data.get("components")
    if not isinstance(components, dict):
        return []
    found: list[Tokens] = []

    def header_schemas(headers: Any, at: Tokens) -> None:
        if isinstance(headers, dict):
            for name, header in headers.items():
                if isinstance(header, dict) and isinstance(header.get("schema"), dict):
                    found.append((*at, name, "schema"))

    header_schemas(components.get("headers"), ("components", "headers"))
    responses = components.get("responses")
    for key, response in (responses.items() if isinstance(responses, dict) else []):
        if not isinstance(response, dict):
            continue
        header_schemas(response.get("headers"), ("components", "responses", key, "headers"))
        content = response.get("content")
        for media, entry in (content.items() if isinstance(content, dict) else []):
            if isinstance(entry, dict) and isinstance(entry.get("schema"), dict):
                found.append(("components", "responses", key, "content", media, "schema"))
    return found
