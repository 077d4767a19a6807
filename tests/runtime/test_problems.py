"""Field problems: every shape that declares ``problems`` keeps them in ``details`` and as
typed ``APIError.problems``, ``(field, message)`` pairs; every other error has none.

Vendors and shapes are picked by what their generated ``CONTRACT.shapes`` declare.
"""

from __future__ import annotations

import importlib
import json
import pickle
from types import ModuleType
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import VENDORS, vector_params, vector_response, vectors, vendor_package


def _shapes(slug: str) -> tuple[Any, ...]:
    return tuple(importlib.import_module(f"generated.{slug}").CONTRACT.shapes)


def _error(slug: str, vector: dict[str, Any]) -> Any:
    return vendor_package(slug).from_response(*vector_response(vector))


@pytest.mark.parametrize(("slug", "vector"), vector_params())
def test_documented_examples_give_their_problems(slug: str, vector: dict[str, Any]) -> None:
    """A vector lists its problems exactly when the vendor's shapes find some in it
    (a vector that says nothing of problems expects none)."""
    vendor = vendor_package(slug)
    error = _error(slug, vector)
    assert type(error.problems) is tuple and all(type(p) is vendor.Problem for p in error.problems)
    expected = [tuple(pair) for pair in vector["expect"].get("problems", [])]
    assert [tuple(p) for p in error.problems] == expected
    if error.problems:
        assert any(shape.problems for shape in _shapes(slug))
        kept = json.dumps(error.details)  # always kept in details, with everything else the items hold
        assert all(json.dumps(p.message)[1:-1] in kept for p in error.problems)


def test_every_vendor_with_problem_shapes_has_an_example_of_each() -> None:
    for slug in VENDORS:
        cases = vectors(slug)
        found = {id(_found_shape(slug, case)) for case in cases if _error(slug, case).problems}
        for shape in _shapes(slug):
            if shape.problems is not None:
                assert id(shape) in found, f"{slug}: no example with problems for the shape of {shape.problems.path}"


def _found_shape(slug: str, vector: dict[str, Any]) -> Any:
    http = importlib.import_module(f"generated.{slug}._http")
    content = vector_response(vector)[2]
    return http._find_shape(_shapes(slug), json.loads(content), content, http.Headers())[0]


def test_errors_without_problems_have_an_empty_tuple(vendor: ModuleType) -> None:
    assert vendor.APIError("made by hand").problems == ()
    assert vendor.from_response(500, {}, b"<html>oops</html>").problems == ()
    error = vendor.APIError("x", status=422, problems=(vendor.Problem("title", "required"),))
    copy = pickle.loads(pickle.dumps(error))
    assert copy.problems == (("title", "required"),) and copy.problems[0].field == "title"


def _problem_shapes() -> list[Any]:
    return [
        pytest.param(slug, index, id=f"{slug}: {shape.problems.path}")
        for slug in VENDORS
        for index, shape in enumerate(_shapes(slug))
        if shape.problems is not None and shape.format == "json"
    ]


def _put(node: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    for step in path[:-1]:
        node = node.setdefault(step, {})
    node[path[-1]] = value


texts = st.text(max_size=12)
fields = texts | st.lists(texts | st.integers(min_value=0, max_value=9), max_size=3) | st.none() | st.integers() | st.just({"x": 1})
messages = texts | st.none() | st.integers() | st.lists(texts, max_size=2)
items = st.fixed_dictionaries({}, optional={"field": fields, "message": messages}) | st.integers() | st.text(max_size=5)


@pytest.mark.parametrize(("slug", "index"), _problem_shapes())
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_any_problem_list_gives_the_items_with_a_message(slug: str, index: int, data: st.DataObject) -> None:
    vendor = vendor_package(slug)
    shape = _shapes(slug)[index]
    spec = shape.problems
    assume(all(type(step) is str for step in (*spec.path, *spec.message, *(spec.field or ()))) and spec.path)
    drawn = data.draw(st.lists(items, max_size=6), label="items")
    listed = []
    for item in drawn:  # each item laid out at the shape's own message and field paths
        if not isinstance(item, dict):
            listed.append(item)
            continue
        built: dict[str, Any] = {}
        if "message" in item:
            _put(built, spec.message, item["message"])
        if "field" in item and spec.field:
            _put(built, spec.field, item["field"])
        listed.append(built)
    body: dict[str, Any] = {}
    for path, kind in shape.match:
        _put(body, path, {"string": "x", "object": {}, "array": [], "integer": 1, "boolean": True}.get(kind, "x"))
    _put(body, spec.path, listed)
    content = json.dumps(body).encode()
    http = importlib.import_module(f"generated.{slug}._http")
    assume(http._find_shape(_shapes(slug), json.loads(content), content, http.Headers())[0] is shape)  # no earlier shape took it

    error = vendor.from_response(422, {}, content)
    expected = []
    for item in drawn:
        if not isinstance(item, dict) or type(item.get("message")) is not str or not item["message"]:
            continue
        where = item.get("field") if spec.field else None
        if type(where) is list:
            where = ".".join(str(part) for part in where)
        expected.append((where if type(where) is str and where else None, item["message"]))
    assert [tuple(p) for p in error.problems] == expected
    assert error.details is not None
