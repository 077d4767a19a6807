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
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from ..model.pointers import Tokens


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

    class Validator(OpenAPIV31SpecValidator):
        resolver_handlers = _NoRetrieval()
        keyword_validators = {
            **OpenAPIV31SpecValidator.keyword_validators,
            "schema": located(keywords.OpenAPIV31SchemaValidator),
            "default": located(keywords.OpenAPIV31ValueValidator, ("default",)),
        }

    return Validator


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
