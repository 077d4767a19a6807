"""The generated contract every vendor package must meet (issue: typed error packages)."""

from __future__ import annotations

import importlib
import json
import pickle
from types import ModuleType
from typing import Any

import httpx
import pytest
import requests
import yaml
from requests.structures import CaseInsensitiveDict

from conftest import SPEC_FILES, VENDORS, vector_response, vectors, vendor_package

# The names the issue fixes for each status class.
STATUS_NAMES = {
    400: "BadRequestError", 401: "AuthenticationError", 402: "PaymentRequiredError",
    403: "PermissionDeniedError", 404: "NotFoundError", 405: "MethodNotAllowedError",
    406: "NotAcceptableError", 409: "ConflictError", 410: "GoneError", 413: "PayloadTooLargeError",
    415: "UnsupportedMediaTypeError", 422: "UnprocessableEntityError", 429: "RateLimitError",
    500: "InternalServerError", 502: "BadGatewayError", 503: "ServiceUnavailableError",
    504: "GatewayTimeoutError",
}


def _spec(slug: str) -> dict[str, Any]:
    """The spec the package was generated from."""
    data: dict[str, Any] = yaml.safe_load(SPEC_FILES[slug].read_text(encoding="utf-8"))
    return data


def documented_statuses(slug: str) -> set[int]:
    """The error statuses the spec documents (its 4xx and 5xx responses)."""
    return {int(key) for key in _spec(slug)["components"]["responses"] if key.isdigit() and 400 <= int(key) <= 599}


def test_hierarchy_roots(vendor: ModuleType) -> None:
    slug = vendor.__name__.rsplit(".", 1)[1]
    root = getattr(vendor, _spec(slug)["x-error-contract"]["root-class"])
    runtime = importlib.import_module(f"{vendor.__name__}._errors")
    # v2: the behaviour lives in the runtime's bases, the vendor's classes only declare
    assert issubclass(root, Exception) and root.__bases__ == (runtime.ContractError,)
    assert vendor.APIError.__bases__ == (root, runtime.ResponseError)
    assert vendor.APIConnectionError.__bases__ == (root, runtime.ConnectionFailure)
    assert vendor.APITimeoutError.__bases__ == (vendor.APIConnectionError, runtime.TimeoutFailure)
    assert vendor.ClientError.__bases__ == (vendor.APIError,)
    assert vendor.ServerError.__bases__ == (vendor.APIError,)


@pytest.mark.parametrize("slug", VENDORS)
def test_one_class_per_documented_status(slug: str) -> None:
    vendor = vendor_package(slug)
    assert set(vendor.ERRORS_BY_STATUS) == documented_statuses(slug)
    for status, cls in vendor.ERRORS_BY_STATUS.items():
        assert cls.__name__ == STATUS_NAMES.get(status, cls.__name__) and cls.__name__.endswith("Error")
        assert cls.__bases__ == ((vendor.ClientError,) if status < 500 else (vendor.ServerError,))
        error = vendor.from_response(status, {}, b"")
        assert type(error) is cls and error.status == status


def _category(vendor: ModuleType, status: int) -> type:
    return vendor.ClientError if status < 500 else vendor.ServerError


def test_code_classes_subclass_their_status_class(vendor: ModuleType) -> None:
    """One documented status: under its class; several: under the category they share
    (v2; a kind's class when the code names a kind)."""
    for code, cls in vendor.ERRORS_BY_CODE.items():
        assert cls.documented_code == code
        assert cls.documented_statuses[0] == cls.documented_status
        if cls.documented_kind is not None:
            expected_base = vendor.ERRORS_BY_KIND[cls.documented_kind]
        elif len(cls.documented_statuses) == 1:
            status_class = vendor.ERRORS_BY_STATUS.get(cls.documented_status)
            expected_base = status_class or _category(vendor, cls.documented_status)
        else:
            categories = {_category(vendor, status) for status in cls.documented_statuses}
            expected_base = categories.pop() if len(categories) == 1 else vendor.APIError
        assert cls.__bases__ == (expected_base,)
        assert getattr(vendor, cls.__name__) is cls


def test_unknown_statuses_fall_back_to_category_then_api_error(vendor: ModuleType) -> None:
    assert type(vendor.from_response(418, {}, b"")) is vendor.ClientError
    assert type(vendor.from_response(599, {}, b"")) is vendor.ServerError
    for status in (0, 200, 302, 600, -1, "\u00b2", "\u0664\u0660\u0664", "abc", None, 4.5, True):
        assert type(vendor.from_response(status, {}, b"")) is vendor.APIError, status
    assert type(vendor.from_response("404", {}, b"")) is vendor.ERRORS_BY_STATUS.get(404, vendor.ClientError)


def test_code_class_needs_the_same_category_as_the_status(vendor: ModuleType) -> None:
    for code, cls in vendor.ERRORS_BY_CODE.items():
        other = 503 if cls.documented_status < 500 else 400
        body = _body_with_code(vendor, code)
        if body is None:
            continue
        for status in cls.documented_statuses:  # v2: a code under several statuses is also the status's class
            raised = vendor.from_response(status, {}, body)
            assert isinstance(raised, cls) and type(raised).__name__ == cls.__name__
            assert isinstance(raised, vendor.ERRORS_BY_STATUS.get(status, _category(vendor, status)))
            assert type(raised) is cls or len(cls.documented_statuses) > 1 or cls.documented_kind is not None
        mapped = vendor.from_response(other, {}, body)
        assert not isinstance(mapped, cls)
        assert type(mapped) is vendor.ERRORS_BY_STATUS.get(other, vendor.ServerError if other >= 500 else vendor.ClientError)


def _body_with_code(vendor: ModuleType, code: str) -> bytes | None:
    """A body in the vendor's first shape carrying ``code``, from the shape's own paths."""
    shapes = vendor.CONTRACT.shapes
    for shape in shapes:
        if shape.format != "json" or shape.code is None:
            continue
        body: dict[str, object] = {}
        for path, kind in (*shape.match, (shape.code, "code")):
            node = body
            for step in path[:-1]:
                node = node.setdefault(step, {})  # type: ignore[assignment]
            node[path[-1]] = code if kind == "code" else {"string": "x", "object": {}, "array": []}.get(kind, "x")
        return json.dumps(body).encode()
    return None


def test_fields_str_and_repr(vendor: ModuleType) -> None:
    error = vendor.from_response(404, {"Content-Type": "text/plain"}, b"no such thing")
    assert error.status == 404
    assert error.message == "no such thing"
    assert error.body == "no such thing"
    assert error.content == b"no such thing"
    assert error.headers["content-type"] == "text/plain"
    assert "404" in str(error) and "no such thing" in str(error)
    assert type(error).__name__ in repr(error)


def test_str_shows_status_code_message_and_request_id() -> None:
    shown = 0
    for slug in VENDORS:
        for vector in vectors(slug):
            expect = vector["expect"]
            if expect.get("code") and expect.get("request_id") and expect.get("message"):
                error = vendor_package(slug).from_response(*vector_response(vector))
                status = vector["status"]
                assert str(error) == f"[{status} {expect['code']}] {expect['message']} (request id: {expect['request_id']})"
                shown += 1
    assert shown  # some vendor's vectors have all three


def test_headers_are_case_insensitive_and_read_only(vendor: ModuleType) -> None:
    headers = vendor.Headers([("Ratelimit-Reset", "5"), ("X-Request-Id", "a"), ("x-request-id", "b"), (b"Raw", b"v")])
    assert headers["RATELIMIT-RESET"] == "5"
    assert headers["x-request-id"] == "a, b"
    assert headers.get("raw") == "v"
    assert "ratelimit-reset" in headers and 3 not in headers
    assert len(headers) == 3
    with pytest.raises(TypeError):
        headers["new"] = "x"  # type: ignore[index]


def test_errors_survive_pickle_with_class_and_fields(vendor: ModuleType) -> None:
    classes = [vendor.APIError, vendor.ClientError, vendor.ServerError, *vendor.ERRORS_BY_STATUS.values(), *vendor.ERRORS_BY_CODE.values()]
    for cls in classes:
        error = cls(
            "message", status=cls.documented_status or 400, code=cls.documented_code, request_id="req",
            details={"a": [1]}, headers={"Retry-After": "3"}, body={"b": 2}, content=b"{}",
        )
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is cls
        assert copy.__dict__ == error.__dict__
        assert str(copy) == str(error)
        assert copy.headers["retry-after"] == "3"
        assert copy.retry_after == error.retry_after


def test_mapped_errors_survive_pickle(vendor: ModuleType) -> None:
    error = vendor.from_response(429, {"Retry-After": "2"}, b'{"unexpected": true}')
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and copy.__dict__ == error.__dict__


def test_raise_for_response_with_httpx_and_requests(vendor: ModuleType) -> None:
    assert vendor.raise_for_response(httpx.Response(200, content=b"ok")) is None
    assert vendor.raise_for_response(httpx.Response(399)) is None
    with pytest.raises(vendor.RateLimitError) as caught:
        vendor.raise_for_response(httpx.Response(429, headers={"Retry-After": "4"}, content=b"slow down"))
    assert caught.value.retry_after == 4.0 and caught.value.content == b"slow down"

    response = requests.Response()
    response.status_code = 404
    response.headers = CaseInsensitiveDict({"Content-Type": "text/plain"})
    response._content = b"gone fishing"
    with pytest.raises(vendor.NotFoundError) as caught_requests:
        vendor.raise_for_response(response)
    assert caught_requests.value.message == "gone fishing"
    response.status_code = 204
    assert vendor.raise_for_response(response) is None


def test_raise_for_response_on_an_unread_stream(vendor: ModuleType) -> None:
    def stream() -> httpx.SyncByteStream:
        class Stream(httpx.SyncByteStream):
            def __iter__(self):  # type: ignore[no-untyped-def]
                yield b"never read"

        return Stream()

    response = httpx.Response(503, stream=stream())
    with pytest.raises(vendor.ServerError) as caught:
        vendor.raise_for_response(response)  # read as the loops read it: up to the cap
    assert caught.value.status == 503 and caught.value.content == b"never read"
    assert caught.value.truncated is False
    assert response.content == b"never read"  # what was read stays readable on the response


def test_retryable_and_retry_after_come_from_the_default_policy(vendor: ModuleType) -> None:
    for status in range(400, 600):
        error = vendor.from_response(status, {"Retry-After": "3"}, b"")
        assert error.retryable == vendor.DEFAULT_POLICY.is_retryable(status, error.documented_code)
        assert error.retry_after == vendor.DEFAULT_POLICY.server_wait(error.headers, status)


def test_package_reexports_its_api(vendor: ModuleType) -> None:
    for name in ("from_response", "raise_for_response", "ERRORS_BY_CODE", "ERRORS_BY_STATUS", "APIError",
                 "ClientError", "ServerError", "RetryPolicy", "RetryDecision", "DEFAULT_POLICY", "Headers"):
        assert name in vendor.__all__ and hasattr(vendor, name)
    for cls in vendor.ERRORS_BY_CODE.values():
        assert cls.__name__ in vendor.__all__
