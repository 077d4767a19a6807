"""Property tests: no response, however malformed, makes error mapping fail."""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VENDORS, vendor_package

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


def test_huge_and_deep_bodies_keep_the_raw_body() -> None:
    vendor = vendor_package("shortkit")
    deep = b"[" * 200_000 + b"]" * 200_000
    error = vendor.from_response(500, {}, deep)
    assert type(error) is vendor.InternalServerError and error.content == deep
    huge = json.dumps({"error": {"code": "INTERNAL_ERROR", "message": "x" * 2_000_000}}).encode()
    error = vendor.from_response(500, {}, huge)
    assert type(error) is vendor.InternalServerError and error.content == huge and error.body == huge.decode()
    long_message = json.dumps({"error": {"code": "INTERNAL_ERROR", "message": "y" * 10_000}}).encode()
    error = vendor.from_response(500, {}, long_message)
    assert type(error).__name__ == "InternalError" and len(error.message) <= 2_000


def test_invalid_utf8_keeps_raw_bytes_and_class() -> None:
    vendor = vendor_package("konpro")
    raw = b'{"error": {"code": "RATE_LIMIT_EXCEEDED", "message": "caf\xe9"}}'
    error = vendor.from_response(429, {}, raw)
    assert isinstance(error, vendor.RateLimitError) and error.content == raw


def test_xml_entities_are_never_expanded() -> None:
    vendor = vendor_package("mediagenix")
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b"<error><message>&lol2;</message></error>"
    )
    error = vendor.from_response(422, {}, bomb)
    assert type(error) is vendor.UnprocessableEntityError
    assert "lollol" not in error.message and error.content == bomb
    external = b'<!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><error><message>&x;</message></error>'
    assert "root:" not in vendor.from_response(400, {}, external).message
