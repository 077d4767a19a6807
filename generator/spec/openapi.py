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
from collections.abc import Callable, Iterator
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


# --- a valid document, proven without the validator -----------------------------------------------
#
# openapi-spec-validator costs some 0.35 s to import (it brings requests, urllib3 and
# pydantic-settings) and its walk 0.1 s per spec, for what a generator's spec uses of
# OpenAPI: info, components (schemas, responses, headers, examples) and no paths.
# ``surely_valid`` restates the rules OpenAPI 3.1 (the 2022-10-07 schema, and the 3.1
# schema dialect for every schema object) has for exactly that part, and says True only
# when the document is inside it and follows them; anything else (a path, a parameter, a
# keyword of JSON Schema not restated here, a schema ``default`` the validator checks
# against its schema, an ``allOf`` whose ``required`` it checks) is False, and the
# validator decides as before. So no diagnostic changes: a spec with a problem is never
# inside, and tests/generator/test_openapi_fast.py checks on mutated specs that whatever
# is said valid here, the validator finds valid too.

_X = re.compile(r"^x-")
_VERSION = re.compile(r"^3\.1\.\d+(-.+)?$")  # the schema's pattern for "openapi", as jsonschema searches it
_COMPONENT_NAME = re.compile(r"^[a-zA-Z0-9._-]+$")
_SIMPLE_TYPES = frozenset({"array", "boolean", "integer", "null", "number", "object", "string"})
_SCHEMA_REF = re.compile(r"#/components/schemas/([a-zA-Z0-9._-]+)")


class _Outside(Exception):
    """The document is not inside the part restated here, or breaks a rule: ask the validator."""


def _need(condition: bool) -> None:
    if not condition:
        raise _Outside


def _string(value: Any) -> None:
    _need(isinstance(value, str))


def _boolean(value: Any) -> None:
    _need(isinstance(value, bool))


def _count(value: Any) -> None:  # nonNegativeInteger; an integral float is one too, but not restated
    _need(isinstance(value, int) and not isinstance(value, bool) and value >= 0)


def _number(value: Any) -> None:
    _need(isinstance(value, (int, float)) and not isinstance(value, bool))


def _object(value: Any, allowed: dict[str, Callable[[Any], None]], required: tuple[str, ...] = ()) -> None:
    """A mapping of only the ``allowed`` keys (each value checked) and ``x-`` extensions."""
    _need(isinstance(value, dict))
    for key, item in value.items():
        _need(isinstance(key, str))
        if key in allowed:
            allowed[key](item)
        else:
            _need(_X.search(key) is not None)
    for key in required:
        _need(key in value)


def _schema_keywords(names: frozenset[str]) -> dict[str, Callable[[Any], None]]:
    """The JSON Schema keywords restated, each with the rule of the 3.1 dialect's metaschema."""

    def schema(value: Any) -> None:
        _schema(value, names)

    def schemas(value: Any) -> None:
        _need(isinstance(value, list) and len(value) >= 1)
        for item in value:
            schema(item)

    def properties(value: Any) -> None:
        _need(isinstance(value, dict))
        for item in value.values():
            schema(item)

    def type_(value: Any) -> None:
        if isinstance(value, str):
            _need(value in _SIMPLE_TYPES)
        else:
            _need(isinstance(value, list) and len(value) >= 1)
            _need(all(isinstance(item, str) and item in _SIMPLE_TYPES for item in value))
            _need(len(set(value)) == len(value))

    def strings(value: Any) -> None:  # stringArray: unique strings
        _need(isinstance(value, list) and all(isinstance(item, str) for item in value))
        _need(len(set(value)) == len(value))

    def array(value: Any) -> None:
        _need(isinstance(value, list))

    def anything(value: Any) -> None:
        pass

    def positive(value: Any) -> None:
        _number(value)
        _need(value > 0)

    def pattern(value: Any) -> None:
        _string(value)
        _need(pattern_problem(value) == "")  # format: regex, bounded as the validator's checker is

    def ref(value: Any) -> None:
        found = _SCHEMA_REF.fullmatch(value) if isinstance(value, str) else None
        _need(found is not None and found.group(1) in names)  # a schema of components/schemas

    def xml(value: Any) -> None:
        _object(
            value,
            {"name": _string, "namespace": _string, "prefix": _string, "attribute": _boolean, "wrapped": _boolean},
        )

    def external_docs(value: Any) -> None:
        _object(value, {"url": _string, "description": _string}, ("url",))

    def discriminator(value: Any) -> None:
        def mapping(item: Any) -> None:
            _need(isinstance(item, dict) and all(isinstance(v, str) for v in item.values()))

        _object(value, {"propertyName": _string, "mapping": mapping}, ("propertyName",))

    return {
        "$ref": ref,
        "$comment": _string,
        "type": type_,
        "enum": array,
        "const": anything,
        "properties": properties,
        "additionalProperties": schema,
        "propertyNames": schema,
        "items": schema,
        "prefixItems": schemas,
        "not": schema,
        "oneOf": schemas,
        "anyOf": schemas,
        "required": strings,
        "minLength": _count,
        "maxLength": _count,
        "minItems": _count,
        "maxItems": _count,
        "minProperties": _count,
        "maxProperties": _count,
        "uniqueItems": _boolean,
        "minimum": _number,
        "maximum": _number,
        "exclusiveMinimum": _number,
        "exclusiveMaximum": _number,
        "multipleOf": positive,
        "pattern": pattern,
        "format": _string,
        "title": _string,
        "description": _string,
        "deprecated": _boolean,
        "readOnly": _boolean,
        "writeOnly": _boolean,
        "examples": array,
        "example": anything,
        "xml": xml,
        "externalDocs": external_docs,
        "discriminator": discriminator,
    }


def _schema(value: Any, names: frozenset[str]) -> None:
    """A schema object of the restated keywords (unknown ones, and x- ones, are left to the validator)."""
    if isinstance(value, bool):
        return
    _need(isinstance(value, dict))
    keywords = _keywords_for(names)
    for key, item in value.items():
        _need(key in keywords)
        keywords[key](item)


@cache
def _keywords_for(names: frozenset[str]) -> dict[str, Callable[[Any], None]]:
    return _schema_keywords(names)


def _reference(value: Any) -> None:
    """A Reference Object: ``$ref`` and its summary and description, nothing else (no x-)."""
    _need(isinstance(value, dict) and "$ref" in value)
    for key, item in value.items():
        _need(key in ("$ref", "summary", "description"))
        _string(item)


def _or_reference(check: Callable[[Any], None]) -> Callable[[Any], None]:
    def either(value: Any) -> None:
        if isinstance(value, dict) and "$ref" in value:
            _reference(value)
        else:
            check(value)

    return either


def _map_of(check: Callable[[Any], None]) -> Callable[[Any], None]:
    def each(value: Any) -> None:
        _need(isinstance(value, dict))
        for item in value.values():
            check(item)

    return each


def _example(value: Any) -> None:
    def anything(item: Any) -> None:
        pass

    _object(value, {"summary": _string, "description": _string, "value": anything, "externalValue": _string})
    _need(not ("value" in value and "externalValue" in value))


def surely_valid(document: Any) -> bool:
    """Whether OpenAPI 3.1 finds no error in ``document`` (``openapi_errors`` would be empty),
    decided here without the validator: False when it would find one, or when the document
    uses what is not restated here. See above."""
    if _format_libraries():
        return False  # the validator would also check URIs: not restated here
    try:
        _document(document)
    except _Outside:
        return False
    except (RecursionError, TypeError, ValueError):
        return False
    return True


@cache
def _format_libraries() -> bool:
    """Whether jsonschema would check ``uri`` and ``uri-reference`` formats (it does with one of
    these installed); the checks here do not."""
    import importlib.util

    return any(importlib.util.find_spec(name) is not None for name in ("rfc3987", "rfc3986_validator"))


def _document(document: Any) -> None:
    _need(isinstance(document, dict))
    components = document.get("components")
    names = frozenset(
        components["schemas"] if isinstance(components, dict) and isinstance(components.get("schemas"), dict) else ()
    )

    def schema(value: Any) -> None:
        _schema(value, names)

    def anything(value: Any) -> None:
        pass

    def openapi(value: Any) -> None:
        _need(isinstance(value, str) and _VERSION.search(value) is not None)

    def info(value: Any) -> None:
        def contact(item: Any) -> None:
            _object(item, {"name": _string, "url": _string, "email": _string})

        def license_(item: Any) -> None:
            _object(item, {"name": _string, "identifier": _string, "url": _string}, ("name",))
            _need(not ("identifier" in item and "url" in item))

        _object(
            value,
            {
                "title": _string,
                "summary": _string,
                "description": _string,
                "termsOfService": _string,
                "contact": contact,
                "license": license_,
                "version": _string,
            },
            ("title", "version"),
        )

    def external_docs(value: Any) -> None:
        _object(value, {"description": _string, "url": _string}, ("url",))

    def paths(value: Any) -> None:
        _need(value == {})  # a path (and an extension there, which the validator's walk trips on): not restated

    examples = _map_of(_or_reference(_example))

    def header(value: Any) -> None:
        def style(item: Any) -> None:
            _need(item == "simple" and isinstance(item, str))

        _object(
            value,
            {
                "description": _string,
                "required": _boolean,
                "deprecated": _boolean,
                "schema": schema,  # with a schema (content is not restated): style, explode, examples
                "style": style,
                "explode": _boolean,
                "example": anything,
                "examples": examples,
            },
            ("schema",),
        )

    def media_type(value: Any) -> None:
        _object(value, {"schema": schema, "example": anything, "examples": examples})

    def response(value: Any) -> None:
        _object(
            value,
            {
                "description": _string,
                "headers": _map_of(_or_reference(header)),
                "content": _map_of(media_type),
            },
            ("description",),
        )

    def components_(value: Any) -> None:
        def named(check: Callable[[Any], None]) -> Callable[[Any], None]:
            def each(item: Any) -> None:
                _need(isinstance(item, dict))
                for name, part in item.items():
                    _need(isinstance(name, str) and _COMPONENT_NAME.search(name) is not None)
                    check(part)

            return each

        _object(
            value,
            {
                "schemas": named(schema),
                "responses": named(_or_reference(response)),
                "headers": named(_or_reference(header)),
                "examples": named(_or_reference(_example)),
            },
        )

    _object(
        document,
        {
            "openapi": openapi,
            "info": info,
            "externalDocs": external_docs,
            "paths": paths,
            "components": components_,
        },
        ("openapi", "info"),
    )
    _need(any(key in document for key in ("paths", "components", "webhooks")))
    _need(not _checked_further(document))


def _checked_further(document: Any) -> bool:
    """Whether a schema holds what the validator's walk checks beyond the dialect: a ``default``
    (against its schema) or an ``allOf`` (its ``required`` names against the properties)."""
    pending = [document.get("components")]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if "default" in node or "allOf" in node:
                return True
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return False
