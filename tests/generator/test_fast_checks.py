"""The fast checks agree with the validators they stand in for.

``spec.schemacheck`` (the extension's schema) and ``spec.openapi.surely_valid`` (OpenAPI
3.1) say "valid" without importing jsonschema or openapi-spec-validator; the validators
still find and word every problem. A fast check that said "valid" where its validator
finds a problem would hide that problem, so each is compared with its validator on the
golden specs and on hypothesis-made mutations of them.
"""

from __future__ import annotations

import copy
import glob
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SPEC_FILES, VENDORS
from generator.model.pointers import EXTENSION
from generator.spec import extension, openapi, schemacheck
from generator.spec.build import openapi_examples
from generator.spec.loader import load_file

CORPUS = [str(SPEC_FILES[slug]) for slug in VENDORS] + sorted(
    glob.glob(str(ROOT / "tests" / "golden" / "cases" / "*" / "*.y*ml"))
    + glob.glob(str(ROOT / "tests" / "contracts" / "*.yaml"))
)


@cache
def loaded(file: str) -> dict[str, Any] | None:
    try:
        data = load_file(Path(file), file).data
    except Exception:  # noqa: BLE001 - a case that does not load
        return None
    return data


def documents() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for file in CORPUS:
        data = loaded(file)
        if data is not None:
            found.append((file, data))
    return found


def extension_errors(value: Any, definition: str | None = None) -> list[Any]:
    validator = extension.validator() if definition is None else extension.openapi_example_validator()
    return list(validator.iter_errors(value))


def openapi_document(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != EXTENSION}


# --- mutations ------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", "x", "a b", "^x$", "3.1.0", "#/components/schemas/Nope", "object", "string", "x-ok"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "type", "x-a", "$ref"]), inner, max_size=3),
    max_leaves=6,
)


def paths_in(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths_in(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths_in(item, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, root: Any) -> Any:
    """``root`` with one to three edits: a value replaced (often by one of another type), a
    key removed, a key added, a string or number nudged."""
    value = copy.deepcopy(root)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths_in(value)))
        if not path:
            continue
        parent = value
        for token in path[:-1]:
            parent = parent[token]
        last = path[-1]
        action = draw(st.sampled_from(["replace", "delete", "add", "nudge"]))
        if action == "replace":
            parent[last] = draw(json_values)
        elif action == "delete" and isinstance(parent, dict):
            del parent[last]
        elif action == "add" and isinstance(parent[last], dict):
            parent[last][draw(st.sampled_from(["extra", "x-extra", "default", "nullable", "type", "allOf"]))] = draw(
                json_values
            )
        elif action == "nudge":
            item = parent[last]
            if isinstance(item, bool):
                parent[last] = int(item)
            elif isinstance(item, int):
                parent[last] = draw(st.sampled_from([item - 1, item + 1, float(item), -item, str(item)]))
            elif isinstance(item, str):
                parent[last] = draw(st.sampled_from([item + "\n", item.upper(), item[:1], item + " x", 1]))
    return value


# --- the extension's schema -----------------------------------------------------------------------


def test_the_extension_schema_is_restated_entirely() -> None:
    """Every keyword of x-error-contract.schema.json is one schemacheck restates."""
    assert extension._fast(None) is not None and extension._fast("openapiExample") is not None


@pytest.mark.parametrize("file", CORPUS, ids=lambda file: str(Path(file).relative_to(ROOT)))
def test_the_fast_extension_check_agrees_with_jsonschema_on_every_golden_spec(file: str) -> None:
    data = loaded(file)
    if data is None or not isinstance(data.get(EXTENSION), (dict, list, str)):
        return
    assert extension.surely_valid(data[EXTENSION]) == (not extension_errors(data[EXTENSION]))
    for _tokens, _status, _media, _name, example in openapi_examples(data):
        assert extension.surely_valid(example, "openapiExample") == (not extension_errors(example, "example"))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_what_the_fast_extension_check_calls_valid_jsonschema_finds_valid(data: st.DataObject) -> None:
    file = data.draw(st.sampled_from([str(SPEC_FILES[slug]) for slug in VENDORS]))
    ext = data.draw(mutated(loaded(file)[EXTENSION]))  # type: ignore[index]
    if extension.surely_valid(ext):
        assert extension_errors(ext) == []


SCHEMA_CASES: list[tuple[dict[str, Any], Any]] = [
    ({"type": "integer"}, 3.0),  # the extension's integer is a whole number written as one
    ({"type": "integer"}, True),
    ({"type": "number"}, False),
    ({"enum": [1]}, True),
    ({"enum": [1]}, 1.0),
    ({"enum": ["a"]}, ["a"]),
    ({"const": 0}, False),
    ({"uniqueItems": True}, [1, True]),
    ({"uniqueItems": True}, [1, 1.0]),
    ({"uniqueItems": True}, [[1], [1]]),
    ({"pattern": "^a$"}, "a\n"),  # $ ends the text
    ({"maxLength": 1}, "\U0001f600"),
    ({"minItems": 1, "items": {"type": "string"}}, ["a", 1]),
    ({"prefixItems": [{"type": "string"}], "items": False}, ["a", "b"]),
    ({"oneOf": [{"type": "string"}, {"minLength": 1}]}, "a"),
    ({"properties": {"a": {"type": "string"}}, "additionalProperties": False, "required": ["a"]}, {"a": "x", "b": 1}),
    ({"propertyNames": {"pattern": "^x"}}, {"y": 1}),
]


@pytest.mark.parametrize(("schema", "value"), SCHEMA_CASES)
def test_schemacheck_means_what_jsonschema_means(schema: dict[str, Any], value: Any) -> None:
    """The extension validator's own jsonschema class (integer and pattern as the generator
    reads them) and schemacheck agree, or schemacheck gives up."""
    strict = type(extension.validator())
    expected = not list(strict(schema).iter_errors(value))
    try:
        found = schemacheck.compile_schema(schema)(value)
    except schemacheck.GiveUp:
        return
    assert found == expected


def test_a_keyword_not_restated_is_left_to_jsonschema() -> None:
    with pytest.raises(schemacheck.Unsupported):
        schemacheck.compile_schema({"if": {"type": "string"}, "then": {"minLength": 1}})
    with pytest.raises(schemacheck.Unsupported):
        schemacheck.compile_schema({"patternProperties": {"^x": {}}, "additionalProperties": False})


# --- OpenAPI ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", VENDORS)
def test_every_spec_is_surely_valid_without_the_openapi_validator(slug: str) -> None:
    """The specs stay inside what surely_valid restates: generating them imports no validator."""
    assert openapi.surely_valid(openapi_document(loaded(str(SPEC_FILES[slug]))))  # type: ignore[arg-type]


@pytest.mark.parametrize("file", CORPUS, ids=lambda file: str(Path(file).relative_to(ROOT)))
def test_what_surely_valid_calls_valid_the_openapi_validator_finds_valid(file: str) -> None:
    data = loaded(file)
    if data is None:
        return
    document = openapi_document(data)
    if openapi.surely_valid(document):
        assert openapi.openapi_errors(document) == []


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_on_mutated_documents_what_surely_valid_calls_valid_the_validator_finds_valid(data: st.DataObject) -> None:
    file = data.draw(st.sampled_from([file for file, _ in documents()]))
    document = data.draw(mutated(openapi_document(loaded(file))))  # type: ignore[arg-type]
    if openapi.surely_valid(document):
        assert openapi.openapi_errors(document) == []


def _base() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {"Body": {"type": "object", "properties": {"code": {"type": "string"}}}},
            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
            "responses": {
                "400": {
                    "description": "bad",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Body"}}},
                    "headers": {"Retry-After": {"$ref": "#/components/headers/Retry-After"}},
                }
            },
        },
    }


def _edit(path: str, value: Any) -> dict[str, Any]:
    document = _base()
    *parents, last = path.split("/")
    node: Any = document
    for token in parents:
        node = node[token]
    if value is KeyError:
        del node[last]
    else:
        node[last] = value
    return document


OUTSIDE = {
    "no version": _edit("info/version", KeyError),
    "openapi 3.0": _edit("openapi", "3.0.3"),
    "a path": _edit("paths", {"/x": {}}),
    "a component name with a space": _edit("components/schemas/Bad Name", {"type": "object"}),
    "a response without description": _edit("components/responses/400/description", KeyError),
    "a header with content": _edit("components/headers/Retry-After", {"content": {"text/plain": {}}}),
    "an unknown keyword": _edit("components/schemas/Body/nullable", True),
    "a default": _edit("components/schemas/Body/default", {}),
    "an allOf": _edit("components/schemas/Body/allOf", [{"type": "object"}]),
    "a type that is no type": _edit("components/schemas/Body/type", "strin"),
    "duplicate types": _edit("components/schemas/Body/type", ["object", "object"]),
    "a float length": _edit("components/schemas/Body/minProperties", 1.0),
    "a ref to no schema": _edit("components/schemas/Body/properties/code", {"$ref": "#/info/title"}),
    "a reference with a sibling": _edit("components/responses/400/headers/Retry-After/x-a", 1),
    "a bad pattern": _edit("components/schemas/Body/properties/code", {"type": "string", "pattern": "(" * 60}),
    "a jsonSchemaDialect": _edit("jsonSchemaDialect", "https://json-schema.org/draft/2020-12/schema"),
    "links": _edit("components/responses/400/links", {}),
    "an example with value and externalValue": _edit(
        "components/responses/400/content/application~1json", {"examples": {"e": {"value": 1, "externalValue": "x"}}}
    ),
}


def test_the_base_document_is_surely_valid() -> None:
    assert openapi.surely_valid(_base()) and openapi.openapi_errors(_base()) == []


@pytest.mark.parametrize("name", sorted(OUTSIDE))
def test_a_document_outside_or_wrong_is_left_to_the_validator(name: str) -> None:
    assert not openapi.surely_valid(OUTSIDE[name])


def test_with_a_uri_format_checker_installed_every_document_goes_to_the_validator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openapi, "_format_libraries", lambda: True)
    assert not openapi.surely_valid(_base())


# --- YAML: the one-pass reading of a plain document -------------------------------------------------

from generator.spec import loader  # noqa: E402
from generator.spec.diagnostics import SpecError  # noqa: E402


def _full_path(text: str) -> Any:
    """What load_text gives (or raises) when the one-pass reading is not tried."""
    real = loader._load_plain

    def refuse(*args: object) -> Any:
        raise loader._NotPlain

    loader._load_plain = refuse  # type: ignore[assignment]
    try:
        return _outcome(text)
    finally:
        loader._load_plain = real  # type: ignore[assignment]


def _outcome(text: str) -> Any:
    try:
        spec = loader.load_text(text, "specs/x.yaml")
    except SpecError as exc:
        return ("error", [d.format() for d in exc.diagnostics])
    return (repr(spec.data), spec.locations, spec.problems, spec.sha256)


yaml_scalars = st.one_of(
    st.text(max_size=12),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.sampled_from(["yes", "No", "0x1F", "1e3", "~", "null", "2026-01-01", ".inf", "<<", "a/b~c", "!!", "&a", "*a"]),
)
yaml_data = st.recursive(
    yaml_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6) | st.integers(0, 9), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_data, st.booleans(), st.sampled_from(["", "a: &x 1\nb: *x\n", "<<: {k: 1}\n", "a: 1\na: 2\n", "t: !!str 3\n", "u: !!binary aGk=\n", "---\nb: 1\n"]))
def test_a_document_reads_the_same_in_one_pass_as_through_its_node_tree(data: Any, flow: bool, extra: str) -> None:
    import yaml

    text = yaml.safe_dump({"root": data}, default_flow_style=flow, allow_unicode=True) + extra
    assert _outcome(text) == _full_path(text)


@pytest.mark.parametrize("file", CORPUS, ids=lambda file: str(Path(file).relative_to(ROOT)))
def test_every_golden_spec_reads_the_same_in_one_pass(file: str) -> None:
    text = Path(file).read_bytes().decode("utf-8", "replace")
    assert _outcome(text) == _full_path(text)
