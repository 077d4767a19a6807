"""Property tests: no response, however malformed, makes error mapping fail."""

from __future__ import annotations

import importlib
import json
import re
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


# Responses of every supported client: raise_for_response reads them, or says why not ------


class _Stream:
    """aiohttp's ``content`` stream as the runtime reads it (``read(n)``, ``readany``)."""

    def __init__(self, data: bytes, piece: int) -> None:
        self.data, self.piece = data, piece

    async def read(self, n: int = -1) -> bytes:
        size = min(n if n > 0 else len(self.data), self.piece)
        chunk, self.data = self.data[:size], self.data[size:]
        return chunk

    readany = read


class _AiohttpLike:
    """The attributes of an aiohttp ``ClientResponse`` the runtime reads."""

    def __init__(self, status: int, headers: Any, body: bytes | None, wire: bytes, piece: int) -> None:
        self.status, self.headers, self._body = status, headers, body
        self.content = _Stream(wire, piece)
        self.closed = False

    def close(self) -> None:
        self.closed = True


_header_names = st.sampled_from(["Retry-After", "retry-after", "X-Request-Id", "Content-Type", "Ratelimit-Reset", "Date"]) | st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,10}", fullmatch=True)
_header_pairs = st.lists(st.tuples(_header_names, st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=30)), max_size=6)
SHAPES = ["httpx", "httpx-stream", "requests", "urllib3", "urllib3-preloaded", "aiohttp", "aiohttp-stream", "plain-status", "plain-status-code"]


def _wire(body: bytes, encoding: str | None) -> bytes:
    import zlib

    if encoding is None:
        return body
    packer = zlib.compressobj(6, zlib.DEFLATED, 31 if encoding == "gzip" else 15)
    return packer.compress(body) + packer.flush()


def _response(shape: str, status: int, pairs: list[tuple[str, str]], body: bytes, encoding: str | None, piece: int) -> Any:
    """A response of ``shape`` with ``status``, header ``pairs`` and ``body`` sent with
    ``encoding`` (streamed shapes only), its body in ``piece``-byte reads where streamed."""
    import io
    from types import SimpleNamespace

    import httpx
    import multidict
    import requests
    import urllib3

    wire = _wire(body, encoding)
    if encoding is not None:
        pairs = [*pairs, ("Content-Encoding", encoding)]
    if shape == "httpx":
        return httpx.Response(status, headers=pairs, content=body)
    if shape == "httpx-stream":
        return httpx.Response(status, headers=pairs, stream=httpx.ByteStream(wire))
    if shape in ("urllib3", "requests"):
        raw = urllib3.HTTPResponse(io.BytesIO(wire), headers=urllib3.HTTPHeaderDict(pairs), status=status, preload_content=False, decode_content=False)
        if shape == "urllib3":
            return raw
        response = requests.Response()
        response.status_code, response.raw = status, raw
        response.headers = requests.structures.CaseInsensitiveDict(raw.headers)
        return response
    if shape == "urllib3-preloaded":
        return urllib3.HTTPResponse(body, headers=urllib3.HTTPHeaderDict(pairs), status=status, preload_content=True)
    headers = multidict.CIMultiDictProxy(multidict.CIMultiDict(pairs))
    if shape == "aiohttp":
        return _AiohttpLike(status, headers, body, b"", piece)
    if shape == "aiohttp-stream":
        return _AiohttpLike(status, headers, None, wire, piece)
    if shape == "plain-status":
        return SimpleNamespace(status=status, headers=dict(pairs), data=body)
    return SimpleNamespace(status_code=status, headers=pairs, content=body)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(PACKAGES),
    st.sampled_from(SHAPES),
    st.integers(min_value=400, max_value=999),
    _header_pairs,
    st.binary(max_size=3000) | json_values.map(lambda v: json.dumps(v).encode()),
    st.sampled_from([None, "gzip", "deflate"]),
    st.integers(1, 700),
)
def test_raise_for_response_maps_any_error_response_of_every_client(
    vendor: ModuleType, shape: str, status: int, pairs: list[tuple[str, str]], body: bytes, encoding: str | None, piece: int
) -> None:
    """Any int status >= 400 with any headers and body, read by either function, from any
    supported client's response (streamed ones gzip- or deflate-encoded): the mapped error
    of that status holding the body, never another exception; an aiohttp body not read
    yet is a TypeError for the sync function, which cannot await it."""
    import asyncio

    streamed = shape in ("httpx-stream", "requests", "urllib3", "aiohttp-stream")
    if not streamed or (shape == "aiohttp-stream" and encoding == "deflate"):
        encoding = None  # aiohttp decodes itself; what the runtime inflates is gzip it gets raw
    for asynchronous in (False, True):
        response = _response(shape, status, pairs, body, encoding, piece)
        with pytest.raises(Exception) as caught:  # noqa: B017, PT011 - what is raised is the test's subject
            if asynchronous:
                asyncio.run(vendor.araise_for_response(response))
            else:
                vendor.raise_for_response(response)
        if shape == "aiohttp-stream" and not asynchronous:
            assert type(caught.value) is TypeError and "await araise_for_response(response)" in str(caught.value)
            continue
        error = caught.value
        assert isinstance(error, vendor.APIError), repr(error)
        _check(vendor, error, status)
        assert error.status == status and error.content == body and not error.truncated, (shape, asynchronous)


unreadable = st.none() | st.booleans() | st.text(max_size=5) | st.floats() | st.binary(max_size=5) | st.lists(st.integers(), max_size=2)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(PACKAGES),
    st.one_of(
        st.builds(lambda v: __import__("types").SimpleNamespace(status_code=v, headers={}, content=b"x"), unreadable),
        st.builds(lambda v: __import__("types").SimpleNamespace(status=v, headers={}, data=b"x"), unreadable),
        st.integers() | st.text(max_size=5) | st.none() | st.binary(max_size=5) | st.dictionaries(st.sampled_from(["status", "status_code"]), st.integers()),
    ),
)
def test_anything_without_an_int_status_is_a_type_error(vendor: ModuleType, thing: object) -> None:
    """Neither function nor loop passes over what it cannot read: a TypeError naming what
    it expects and what it got."""
    import asyncio

    expected = r"expects an HTTP response with an int status_code \(httpx, httpx2, requests\) or status \(aiohttp ClientResponse, urllib3 HTTPResponse\), got "
    given = re.escape(f"{type(thing).__module__}.{type(thing).__qualname__} (")
    with pytest.raises(TypeError, match="^raise_for_response " + expected + given):
        vendor.raise_for_response(thing)
    with pytest.raises(TypeError, match="araise_for_response " + expected):
        asyncio.run(vendor.araise_for_response(thing))
    with pytest.raises(TypeError, match=expected):
        vendor.call_with_retry(lambda: thing, budget=None)
