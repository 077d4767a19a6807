"""The model's single sources: JSON pointers and $refs, defaults from the schema, names and locations from build."""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from conftest import SPECS, VENDORS
from generator.model.pointers import (
    EXTENSION,
    Unresolved,
    deepest_ref,
    deref,
    escape_pointer_token,
    follow_refs,
    json_pointer,
    ref_cycles,
    ref_tokens,
    resolve_ref,
    unescape_pointer_token,
)
from generator.spec import build, extension
from generator.spec.loader import LoadedSpec, load_file, load_text
from generator.spec.validate import validate


@given(st.lists(st.text(), max_size=5))
def test_pointers_round_trip(tokens: list[str]) -> None:
    assert all(unescape_pointer_token(escape_pointer_token(token)) == token for token in tokens)
    if tokens:
        assert ref_tokens("#" + json_pointer(*tokens)) == tokens


@given(st.dictionaries(st.text(max_size=4), st.integers(), min_size=1))
def test_every_key_resolves_by_its_ref(mapping: dict[str, int]) -> None:
    data = {"a/b~": mapping}
    for key, value in mapping.items():
        assert resolve_ref(data, "#" + json_pointer("a/b~", key)) == value


def test_unresolvable_and_cyclic_refs_end() -> None:
    data: dict[str, Any] = {"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}, "c": {"$ref": "https://example.com/x"}}
    for ref in ("#/nope", "https://example.com/x", "other.yaml#/a"):
        try:
            resolve_ref(data, ref)
        except Unresolved:
            continue
        raise AssertionError(ref)
    assert deref(data, data["c"]) is None
    assert isinstance(deref(data, data["a"]), dict)  # a cycle stops after a bounded number of steps
    assert follow_refs(data, ("a", "x")) in {("a", "x"), ("b", "x")}


def _without(data: dict[str, Any], *path: str) -> None:
    node = data
    for key in path[:-1]:
        node = node[key]
    node.pop(path[-1], None)


def test_omitted_keys_take_the_extension_schemas_defaults() -> None:
    data = yaml.safe_load((SPECS / f"{VENDORS[0]}.yaml").read_text())
    ext = data[EXTENSION]
    for key in ("standard-wait-headers", "connection-errors", "timeouts", "atomic-failures", "idempotency-header"):
        _without(ext, "retry", key)
    _without(ext, "retry", "backoff", "jitter")
    for shape in ext["shapes"]:
        shape.pop("format", None)
    vendor = build.build(load_text(yaml.safe_dump(data, sort_keys=False), f"specs/{VENDORS[0]}.yaml"))
    retry = vendor.retry
    assert retry.jitter == extension.default("retry", "backoff", "jitter")
    assert retry.connection_errors is extension.default("retry", "connection-errors")
    assert retry.timeouts is extension.default("retry", "timeouts")
    assert retry.atomic_failures is extension.default("retry", "atomic-failures")
    assert retry.idempotency_header == extension.default("retry", "idempotency-header")
    standard = {h.name.lower() for h in build.STANDARD_WAIT_HEADERS}
    honoured = {h.name.lower() for h in retry.wait_headers}
    assert (standard <= honoured) is extension.default("retry", "standard-wait-headers")
    assert {s.format for s in vendor.shapes} == {extension.default("bodyShape", "format")}


def _spec(slug: str) -> LoadedSpec:
    return load_file(SPECS / f"{slug}.yaml", f"specs/{slug}.yaml")


def test_every_part_of_the_model_points_at_the_spec_text_it_came_from() -> None:
    for slug in VENDORS:
        spec = _spec(slug)
        vendor = build.build(spec)
        pointed = [cls.pointer for cls in vendor.classes if cls.kind not in ("api", "transport", "category")]
        pointed += [s.pointer for s in vendor.shapes] + [r.pointer for r in vendor.rules]
        pointed += [h.pointer for h in vendor.retry.wait_headers if h.pointer]
        pointed += [f.pointer for s in vendor.shapes for f in s.fields]
        missing = [p for p in pointed if p not in spec.locations]
        assert not missing, (slug, missing)
        for cls in vendor.classes:
            if cls.kind == "code":
                entry = spec.data[EXTENSION]["codes"][cls.code]
                assert cls.pointer.endswith("/class") == ("class" in entry)
                assert ("class" not in entry) or cls.name == entry["class"]
        assert vendor.source == spec.path and vendor.where("/openapi") == spec.where("/openapi")


def test_validation_judges_the_names_build_derives() -> None:
    """A name build derives is the one validation reports on, at the pointer build records."""
    slug = VENDORS[0]
    data = yaml.safe_load((SPECS / f"{slug}.yaml").read_text())
    codes = data[EXTENSION]["codes"]
    first, second = list(codes)[:2]
    broken = copy.deepcopy(data)
    broken[EXTENSION]["codes"][second]["class"] = build.code_classes(data[EXTENSION], build.status_classes(data))[0].name
    spec = load_text(yaml.safe_dump(broken, sort_keys=False), f"specs/{slug}.yaml")
    pointers = {d.pointer for d in validate(spec) if "collides" in d.message}
    assert pointers == {json_pointer(EXTENSION, "codes", second, "class")}, (first, second, pointers)


def _schemas(**schemas: object) -> dict[str, object]:
    return {"components": {"schemas": schemas}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def test_ref_cycles_tell_recursion_from_a_schema_that_is_itself() -> None:
    recursive = _schemas(
        Error={"type": "object", "properties": {"details": {"type": "array", "items": _ref("Error")}}},
        A={"type": "object", "properties": {"b": _ref("B")}},
        B={"allOf": [_ref("A")]},
    )
    assert ref_cycles(recursive) == []  # each loop passes through a property or an item
    assert sorted(cycle[-1][1] for cycle in ref_cycles(recursive, nesting=True)) == [
        "#/components/schemas/A",
        "#/components/schemas/Error",
    ]
    assert deepest_ref(recursive)[2] < 20  # finite: measuring stops where the recursion comes back
    itself = _schemas(
        X={"allOf": [_ref("Y")], "properties": {"z": _ref("Z")}},  # X -> Y -> X directly, X -> Z -> Y too
        Y={"anyOf": [_ref("X")]},
        Z={"$ref": "#/components/schemas/Y"},
    )
    direct = ref_cycles(itself)
    assert [[ref for _, ref in cycle] for cycle in direct] == [["#/components/schemas/Y", "#/components/schemas/X"]]
    assert all(not any(part == "properties" for part in holder.split("/")) for holder, _ in direct[0])
