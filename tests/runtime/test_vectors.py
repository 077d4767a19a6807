"""Conformance vectors: every generated package's ``vectors.json`` run through that package.

The vectors are the specs' documented example responses (``x-error-contract.examples``
and standard OpenAPI examples with ``x-expect``), each citing its source, emitted by
the generator. Vendors come from ``conftest.VENDORS`` (the specs): a new spec with its
examples brings its own cases here, and no test names a vendor.

What is checked, per vector: ``from_response(status, headers, body bytes)`` gives an
error whose class name is exactly ``expect.class`` (``type(error).__name__``: a class
the runtime combines for a second ``except`` keeps the chosen class's name) and which
every class of ``expect.is-a`` catches; then each other key of ``expect`` when present:
the error attribute of the same name (``code``, ``kind``, ``message``, ``request_id``,
``retryable``, ``retry_after``, ``details``, ``problems`` as ``[field, message]``
pairs) and ``decisions``: ``DEFAULT_POLICY.decide`` for the given attempt, method,
request headers and elapsed time, with the policy's jitter source fixed at the file's
``jitter_draw``, gives ``retry`` and ``delay`` (to 1e-6).
"""

from __future__ import annotations

import importlib
import json
import math
from typing import Any

import pytest

from conftest import GENERATED, VENDORS, vector_params, vector_response, vectors, vendor_package

EXPECT_ATTRIBUTES = ("code", "kind", "message", "request_id", "retryable", "retry_after", "details")


def _classes(vendor: Any) -> dict[str, type]:
    """The package's exception classes by name."""
    errors = importlib.import_module(f"{vendor.__name__}.errors")
    return {name: obj for name, obj in vars(errors).items() if isinstance(obj, type) and issubclass(obj, BaseException)}


def _decide(vendor: Any, error: Any, case: dict[str, Any], draw: float) -> Any:
    policy = vendor.DEFAULT_POLICY.replace(random=lambda: draw)
    return policy.decide(
        error,
        attempt=case["attempt"],
        elapsed=case.get("elapsed", 0.0),
        method=case.get("method"),
        request_headers=case.get("request_headers"),
    )


def check_vector(slug: str, vector: dict[str, Any]) -> None:
    """Assert that ``slug``'s package makes of ``vector``'s response what it expects."""
    status, headers, body = vector_response(vector)
    check_error(slug, vector, vendor_package(slug).from_response(status, headers, body))


def check_error(slug: str, vector: dict[str, Any], error: Any, decisions: bool = True) -> None:
    """Assert that ``error``, made of ``vector``'s response, is what the vector expects;
    ``decisions`` False leaves out the retry decisions."""
    vendor = vendor_package(slug)
    status, _headers, body = vector_response(vector)
    expect = vector["expect"]
    assert isinstance(error, vendor.APIError) and error.status == status
    assert type(error).__name__ == expect["class"], [cls.__name__ for cls in type(error).__mro__]
    classes = _classes(vendor)
    for name in expect.get("is-a", []):
        assert isinstance(error, classes[name]), f"not caught by except {name}"
    for key in EXPECT_ATTRIBUTES:
        if key in expect:
            assert getattr(error, key) == expect[key], key
    if "retryable" in expect:
        assert error.retryable is expect["retryable"]
    if "problems" in expect:
        assert [list(problem) for problem in error.problems] == expect["problems"]
    assert error.content == body
    draw = json.loads((GENERATED / slug / "vectors.json").read_text(encoding="utf-8"))["jitter_draw"]
    for case in expect.get("decisions", []) if decisions else []:
        decision = _decide(vendor, error, case, draw)
        assert decision.retry is case["retry"], (case, decision)
        if "delay" in case:
            assert math.isclose(decision.delay, case["delay"], abs_tol=1e-6), (case, decision)


@pytest.mark.parametrize(("slug", "vector"), vector_params())
def test_vector(slug: str, vector: dict[str, Any]) -> None:
    check_vector(slug, vector)


@pytest.mark.parametrize("slug", VENDORS)
def test_every_documented_code_and_status_has_a_vector(slug: str) -> None:
    """Each documented code's class is some vector's class, each documented status some
    vector's status: a spec documents no error it gives no example of."""
    vendor = vendor_package(slug)
    found = vectors(slug)
    classes = {vector["expect"]["class"] for vector in found}
    statuses = {vector["status"] for vector in found}
    missing = [f"code {code}" for code, cls in vendor.ERRORS_BY_CODE.items() if cls.__name__ not in classes]
    missing += [f"status {status}" for status in vendor.ERRORS_BY_STATUS if status not in statuses]
    assert not missing, f"{slug}: no vector for {', '.join(missing)}"


@pytest.mark.parametrize("slug", VENDORS)
def test_vector_names_are_distinct_and_cited(slug: str) -> None:
    found = vectors(slug)
    names = [vector["name"] for vector in found]
    assert len(names) == len(set(names))
    assert all(vector["source"].strip() for vector in found)
