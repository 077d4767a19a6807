"""The retry policy's own rules, on every vendor's generated policy.

Each vendor's documented retry facts (which statuses and codes are retried, the
backoff per attempt, the waits honoured, the deadline) are conformance vectors in its
spec (``decisions``), run by ``test_vectors.py``.
"""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import pytest

from conftest import VENDORS, vendor_package

ANY = vendor_package(VENDORS[0])  # the runtime is the same in every package


def _retried(policy: Any) -> list[int]:
    """The error statuses ``policy`` retries, asked of the policy whatever form it keeps them in."""
    return [status for status in range(400, 600) if policy.is_retryable(status)]


def _err(vendor: ModuleType, status: int, body: object = b"", headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    raw = json.dumps(body).encode() if isinstance(body, dict) else body
    return vendor.from_response(status, headers or {}, raw)


def test_jitter_modes_and_caps(vendor: ModuleType) -> None:
    policy = vendor.DEFAULT_POLICY.replace(backoff_initial=1.0, backoff_multiplier=2.0, backoff_max=8.0)
    assert [policy.replace(jitter="none").backoff(n) for n in (1, 2, 3, 4, 5, 60)] == [1, 2, 4, 8, 8, 8]
    assert policy.replace(jitter="equal", random=lambda: 0.0).backoff(3) == 2.0
    assert policy.replace(jitter="equal", random=lambda: 1.0).backoff(3) == 4.0
    assert policy.replace(jitter="full", random=lambda: 0.25).backoff(3) == 1.0
    # a broken jitter source cannot make a negative or larger delay
    assert policy.replace(jitter="full", random=lambda: -3.0).backoff(3) == 0.0
    assert policy.replace(jitter="full", random=lambda: 7.0).backoff(3) == 0.0


def test_policy_is_frozen_and_overridable(vendor: ModuleType) -> None:
    with pytest.raises(AttributeError):
        vendor.DEFAULT_POLICY.max_attempts = 1
    fewer = vendor.DEFAULT_POLICY.replace(max_attempts=1)
    assert fewer.max_attempts == 1 and vendor.DEFAULT_POLICY.max_attempts > 1
    for retried in _retried(vendor.DEFAULT_POLICY)[:1]:  # a vendor may retry no status
        error = _err(vendor, retried, b"", {"Retry-After": "1"})  # a short server wait: no fixed wait above the cap
        assert vendor.DEFAULT_POLICY.decide(error, attempt=1).retry is True
        assert fewer.decide(error, attempt=1).retry is False


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("120", "retry-after", 120.0),
        (" 3 ", "seconds", 3.0),
        ("1.5", "seconds", 1.5),
        ("2500", "milliseconds", 2.5),
        ("Sun, 06 Nov 1994 08:49:37 GMT", "retry-after", 37.0),  # IMF-fixdate
        ("Sunday, 06-Nov-94 08:49:37 GMT", "retry-after", 37.0),  # RFC 850
        ("Sun Nov  6 08:49:37 1994", "retry-after", 37.0),  # asctime
        ("Sun, 06 Nov 1994 08:48:00 GMT", "retry-after", 0.0),  # in the past: no wait
        ("784111817", "epoch-seconds", 77.0),  # measured against the Date, as HTTP-dates are
        ("784111700", "epoch-seconds", 0.0),
        ("-5", "seconds", None),
        ("nan", "seconds", None),
        ("inf", "seconds", None),
        ("1e400", "seconds", None),
        ("1_000", "seconds", None),
        ("soon", "retry-after", None),
        ("", "retry-after", None),
        ("99999999999999", "seconds", None),
        ("5", "fortnights", None),
        ("Sun, 32 Nov 1994 08:49:37 GMT", "retry-after", None),
    ],
)
def test_parse_wait(value: str, unit: str, expected: float | None) -> None:
    # the response's Date header is 1994-11-06 08:49:00 GMT (Unix 784111740); "now" is 37 s later
    assert ANY.parse_wait(value, unit, now=784111777.0, date="Sun, 06 Nov 1994 08:49:00 GMT") == expected


def test_http_date_without_a_date_header_is_measured_from_now() -> None:
    assert ANY.parse_wait("Sun, 06 Nov 1994 08:49:37 GMT", "retry-after", now=784111757.0) == 20.0


@pytest.mark.parametrize("slug", [s for s in VENDORS if vendor_package(s).DEFAULT_POLICY.deadline is not None])
def test_deadline_stops_a_retry_that_would_pass_it(slug: str) -> None:
    vendor = vendor_package(slug)
    policy = vendor.DEFAULT_POLICY.replace(random=lambda: 0.5)
    for status in _retried(policy)[:1]:
        error = _err(vendor, status, b"", {"Retry-After": "5"})
        delay = policy.decide(error, attempt=1).delay
        assert policy.decide(error, attempt=1, elapsed=policy.deadline - delay).retry is True
        late = policy.decide(error, attempt=1, elapsed=policy.deadline - delay + 0.5)
        assert late.retry is False and "deadline" in late.reason
        assert policy.replace(deadline=None).decide(error, attempt=1, elapsed=1e9).retry is True
