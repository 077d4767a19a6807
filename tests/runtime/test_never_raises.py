"""Property tests: no response, however malformed, makes error mapping fail."""

from __future__ import annotations

import importlib
import json
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VENDORS, vector_params, vector_response, vendor_package

PACKAGES = [vendor_package(slug) for slug in VENDORS]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["error", "code", "message", "detail", "errors", "meta", "requestId", "request_id", "ref",
                         "error_code", "fields", "loc", "msg", "status", "details", "extraDetail"]) | st.text(max_size=8),
        inner, max_size=5),
    max_leaves=20,
)
statuses = st.integers(min_value=-1000, max_value=100_000) | st.sampled_from([400, 401, 402, 404, 409, 422, 429, 500, 502, 503]) | st.none() | st.text(max_size=4) | st.floats() | st.booleans()
header_values = st.text(max_size=30) | st.binary(max_size=30) | st.integers() | st.none() | st.floats()
headers = (
    st.dictionaries(st.sampled_from(["Retry-After", "Ratelimit-Reset", "X-Request-Id", "Date", "retry-after"]) | st.text(max_size=10), header_values, max_size=5)
    | st.lists(st.tuples(st.text(max_size=10), header_values), max_size=5)
    | st.lists(st.lists(st.text(max_size=5), max_size=3), max_size=3)
    | st.none() | st.integers() | st.text(max_size=10)
)
bodies = (
    st.none()
    | st.binary(max_size=300)
    | st.text(max_size=300)
    | json_values.map(lambda v: json.dumps(v))
    | json_values.map(lambda v: json.dumps(v).encode())
    | st.lists(st.sampled_from(["<errors>", "<error>", "</error>", "</errors>", "<message>", "</message>", "text", "&amp;", "<!DOCTYPE x>", "<html>", "\xff", "\x00"]), max_size=10).map("".join)
    | st.integers() | st.dictionaries(st.text(max_size=5), st.integers(), max_size=3)
)


def _check(vendor: ModuleType, error: Any, status: object) -> None:
    assert isinstance(error, vendor.APIError)
    assert isinstance(error.status, int)
    assert isinstance(error.message, str) and error.message.strip()
    assert error.code is None or isinstance(error.code, str)
    assert error.request_id is None or isinstance(error.request_id, str)
    assert isinstance(error.content, bytes)
    assert isinstance(str(error), str) and isinstance(repr(error), str)
    wait = error.retry_after
    assert wait is None or (0.0 <= wait < float("inf"))
    assert isinstance(error.retryable, bool)
    decision = vendor.DEFAULT_POLICY.decide(error, attempt=1)
    assert decision.delay >= 0.0 and decision.delay < float("inf")
    if isinstance(status, int) and not isinstance(status, bool) and 400 <= status <= 499:
        assert isinstance(error, vendor.ClientError)
    if isinstance(status, int) and not isinstance(status, bool) and 500 <= status <= 599:
        assert isinstance(error, vendor.ServerError)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PACKAGES), statuses, headers, bodies)
def test_from_response_never_raises(vendor: ModuleType, status: object, raw_headers: object, body: object) -> None:
    _check(vendor, vendor.from_response(status, raw_headers, body), status)


shape_bodies = st.fixed_dictionaries(
    {},
    optional={
        "error": json_values | st.fixed_dictionaries({}, optional={"code": json_values, "message": json_values, "detail": json_values, "details": json_values, "extraDetail": json_values}),
        "errors": json_values | st.lists(st.fixed_dictionaries({}, optional={"code": json_values, "message": json_values}), max_size=3),
        "meta": json_values | st.fixed_dictionaries({}, optional={"requestId": json_values, "request_id": json_values}),
        "detail": json_values | st.lists(st.fixed_dictionaries({}, optional={"loc": json_values, "msg": json_values}), max_size=3),
        "fields": json_values,
        "error_code": json_values,
        "request_id": json_values,
        "ref": json_values,
    },
)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(PACKAGES), st.integers(min_value=400, max_value=599), shape_bodies)
def test_near_miss_shapes_with_wrong_types_never_raise(vendor: ModuleType, status: int, body: dict[str, Any]) -> None:
    _check(vendor, vendor.from_response(status, {}, json.dumps(body).encode()), status)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PACKAGES), st.text(max_size=40), st.sampled_from(["seconds", "milliseconds", "epoch-seconds", "retry-after", "ratelimit", "?"]), st.floats(allow_nan=True) | st.none(), st.text(max_size=40) | st.none())
def test_parse_wait_is_never_negative_or_unbounded(vendor: ModuleType, value: str, unit: str, now: float | None, date: str | None) -> None:
    wait = vendor.parse_wait(value, unit, now=now, date=date)
    assert wait is None or (0.0 <= wait <= 315_360_000.0)


def _coded_vectors() -> list[Any]:
    """Vectors whose class comes from a documented code sent in a JSON body with its message."""

    def by_code(slug: str, vector: dict[str, Any]) -> bool:
        expect, body = vector["expect"], vector_response(vector)[2]
        code, message = expect.get("code"), expect.get("message") or ""
        documented = vendor_package(slug).ERRORS_BY_CODE
        cls = next((documented[c] for c in (code, str(code).upper(), str(code).lower()) if c in documented), None)
        return cls is not None and cls.__name__ == expect["class"] and len(message) > 3 and json.dumps(message)[1:-1].encode() in body

    return [param for param in vector_params() if by_code(*param.values)]


@pytest.mark.parametrize(("slug", "vector"), _coded_vectors())
def test_huge_deep_and_non_utf8_bodies_keep_the_raw_body_and_class(slug: str, vector: dict[str, Any]) -> None:
    """A documented error whose message is 10 kB or not UTF-8 keeps its class, one of
    2 MB or nested 200,000 deep gives the status's class; each keeps its raw body."""
    vendor = vendor_package(slug)
    status, headers, body = vector_response(vector)
    message = json.dumps(vector["expect"]["message"])[1:-1].encode()
    huge = body.replace(message, b"x" * 2_000_000, 1)
    error = vendor.from_response(status, headers, huge)
    assert isinstance(error, vendor.ERRORS_BY_STATUS.get(status, vendor.APIError))  # too large to parse: the status decides
    assert error.content == huge and error.body == huge.decode()
    error = vendor.from_response(status, headers, body.replace(message, b"y" * 10_000, 1))
    assert type(error).__name__ == vector["expect"]["class"] and len(error.message) <= 2_000
    broken = body.replace(message, b"caf\xe9", 1)
    error = vendor.from_response(status, headers, broken)
    assert type(error).__name__ == vector["expect"]["class"] and error.content == broken
    deep = b"[" * 200_000 + b"]" * 200_000
    error = vendor.from_response(status, headers, deep)
    assert isinstance(error, vendor.ERRORS_BY_STATUS.get(status, vendor.APIError)) and error.content == deep


XML_VENDORS = [slug for slug in VENDORS if any(shape.format == "xml" for shape in importlib.import_module(f"generated.{slug}.errors").CONTRACT.shapes)]


@pytest.mark.parametrize("slug", XML_VENDORS)
def test_xml_entities_are_never_expanded(slug: str) -> None:
    vendor = vendor_package(slug)
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b"<error><message>&lol2;</message></error>"
    )
    error = vendor.from_response(422, {}, bomb)
    assert type(error) is vendor.ERRORS_BY_STATUS.get(422, vendor.ClientError)
    assert "lollol" not in error.message and error.content == bomb
    external = b'<!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><error><message>&x;</message></error>'
    assert "root:" not in vendor.from_response(400, {}, external).message
