"""The one check of a conformance vector against a package, shared by the tests that
run vectors (``test_vectors``, over the wire in ``test_e2e_failures``, a synthetic
spec's in ``test_vectors_spec``).

What is checked, per vector: ``from_response(status, headers, body bytes)`` gives an
error whose class name is exactly ``expect.class`` (``type(error).__name__``: a class
the runtime combines for a second ``except`` keeps the chosen class's name) and which
every class of ``expect.is-a`` catches; then each other key of ``expect`` when present:
the error attribute of the same name (``code``, ``kind``, ``message``, ``request_id``,
``retryable``, ``retry_after``, ``details``, ``problems`` as ``[field, message]``
pairs) and ``decisions``: ``DEFAULT_POLICY.decide`` for the given attempt, method,
request headers and elapsed time, with the policy's jitter source fixed at the file's
``jitter_draw``, gives ``retry`` and ``delay`` (to 1e-6).

Imports only the standard library at module level (``conftest`` only inside
``check_vector``), so ``test_python_versions`` runs these checks under interpreters
that have no pytest.
"""

from __future__ import annotations

import base64
import importlib
import json
import math
from types import ModuleType
from typing import Any

EXPECT_ATTRIBUTES = (
    "code", "kind", "message", "request_id", "retryable", "retry_after", "details", "title", "detail", "instance", "extensions",
)


def vector_response(vector: dict[str, Any]) -> tuple[int, list[tuple[str, str]], bytes]:
    """A vector's response as ``from_response`` takes it: status, header pairs, body bytes."""
    body = base64.b64decode(vector["body_base64"]) if "body_base64" in vector else vector["body"].encode("utf-8")
    return vector["status"], [(name, value) for name, value in vector["headers"]], body


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
    from conftest import GENERATED, vendor_package

    draw = json.loads((GENERATED / slug / "vectors.json").read_text(encoding="utf-8"))["jitter_draw"]
    check_response(vendor_package(slug), vector, draw)


def check_response(vendor: ModuleType, vector: dict[str, Any], draw: float) -> None:
    """``check_error`` on what ``vendor.from_response`` makes of the vector's response."""
    check_error(vendor, vector, vendor.from_response(*vector_response(vector)), draw)


def check_error(vendor: ModuleType, vector: dict[str, Any], error: Any, draw: float | None) -> None:
    """Assert that ``error``, made by ``vendor`` of ``vector``'s response, is what the
    vector expects; its retry decisions with the jitter source at ``draw`` (None: not
    checked)."""
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
        if not expect["retryable"]:  # what is not retryable no loop retries
            assert vendor.DEFAULT_POLICY.decide(error, attempt=1).retry is False
    if "problems" in expect:
        assert [list(problem) for problem in error.problems] == expect["problems"]
    assert error.content == body
    for case in expect.get("decisions", []) if draw is not None else []:
        decision = _decide(vendor, error, case, draw)
        assert decision.retry is case["retry"], (case, decision)
        if "delay" in case:
            assert math.isclose(decision.delay, case["delay"], abs_tol=1e-6), (case, decision)
