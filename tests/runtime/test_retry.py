"""Each vendor's documented retry rules, asserted on the generated policies.

Expected numbers come from the vendors' pages (seeds) and VENDORS.md, not from the specs.
"""

from __future__ import annotations

import dataclasses
import json
from types import ModuleType

import pytest

from conftest import vendor_package

shortkit = vendor_package("shortkit")
mediagenix = vendor_package("mediagenix")
mediamagic = vendor_package("mediamagic")
mkio = vendor_package("mkio")
konpro = vendor_package("konpro")


def _err(vendor: ModuleType, status: int, body: object = b"", headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    raw = json.dumps(body).encode() if isinstance(body, dict) else body
    return vendor.from_response(status, headers or {}, raw)


def _shortkit(code: str, status: int, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return _err(shortkit, status, {"error": {"code": code, "message": "m"}, "meta": {"requestId": "r"}}, headers)


# (vendor, status, retried?) for every documented status
STATUS_RULES = [
    # MK.IO: "429, 500, and 503 are the cases where careful retry logic pays off"
    *[(mkio, s, s in (429, 500, 503)) for s in (400, 401, 403, 404, 409, 429, 500, 503)],
    # MediaMagic: retry only 429, 500, 502; "Other 4xx: No"
    *[(mediamagic, s, s in (429, 500, 502)) for s in (400, 401, 402, 403, 404, 409, 413, 415, 422, 429, 500, 502)],
    # shortkit: "For transient errors (429, 503)"
    *[(shortkit, s, s in (429, 503)) for s in (400, 401, 403, 404, 409, 410, 422, 429, 500, 502, 503)],
    # KonPro (inferred): 429, 503, and 500 with backoff
    *[(konpro, s, s in (429, 500, 503)) for s in (400, 401, 403, 404, 422, 429, 500, 503)],
    # Mediagenix: "only do it for 5xx or 429 errors"
    *[(mediagenix, s, s == 429 or s >= 500) for s in (400, 401, 404, 405, 406, 415, 422, 429, 500, 502, 503, 504)],
]


@pytest.mark.parametrize(("vendor", "status", "retried"), STATUS_RULES, ids=lambda v: getattr(v, "__name__", str(v)))
def test_documented_statuses_are_retried_or_not(vendor: ModuleType, status: int, retried: bool) -> None:
    error = _err(vendor, status)
    assert error.retryable is retried
    assert vendor.DEFAULT_POLICY.decide(error, attempt=1).retry is retried


def test_shortkit_quota_exceeded_is_never_retried_although_429() -> None:
    quota = _shortkit("QUOTA_EXCEEDED", 429, {"Retry-After": "1"})
    assert isinstance(quota, shortkit.RateLimitError) and type(quota).__name__ == "QuotaExceededError"
    assert quota.retryable is False
    decision = shortkit.DEFAULT_POLICY.decide(quota, attempt=1)
    assert decision.retry is False and "QUOTA_EXCEEDED" in decision.reason
    assert shortkit.DEFAULT_POLICY.decide(_shortkit("RATE_LIMITED", 429), attempt=1).retry is True


def test_shortkit_quota_exceeded_in_the_newer_lowercase_envelope_is_not_retried() -> None:
    body = {"data": None, "meta": {"request_id": "r"}, "errors": [{"code": "quota_exceeded", "message": "monthly"}]}
    error = _err(shortkit, 429, body)
    assert type(error).__name__ == "QuotaExceededError" and error.code == "quota_exceeded"
    assert error.retryable is False


def test_shortkit_backoff_is_two_to_the_attempt_seconds_with_at_most_three_retries() -> None:
    error = _shortkit("SERVICE_UNAVAILABLE", 503)
    delays = [shortkit.DEFAULT_POLICY.decide(error, attempt=n) for n in (1, 2, 3, 4)]
    assert [d.delay for d in delays[:3]] == [1.0, 2.0, 4.0]  # Math.pow(2, attempt) * 1000 ms
    assert [d.retry for d in delays] == [True, True, True, False]


def test_shortkit_retry_after_wins_over_backoff() -> None:
    error = _shortkit("RATE_LIMITED", 429, {"Retry-After": "7"})
    assert error.retry_after == 7.0
    assert shortkit.DEFAULT_POLICY.decide(error, attempt=2) == shortkit.RetryDecision(
        True, 7.0, shortkit.DEFAULT_POLICY.decide(error, attempt=2).reason
    )
    assert shortkit.DEFAULT_POLICY.decide(error, attempt=2).delay == 7.0


def test_mediagenix_429_waits_for_ratelimit_reset_not_backoff() -> None:
    error = _err(mediagenix, 429, b"", {"Ratelimit-Limit": "150", "Ratelimit-Remaining": "0", "Ratelimit-Reset": "12"})
    assert error.retry_after == 12.0
    assert [mediagenix.DEFAULT_POLICY.decide(error, attempt=n).delay for n in (1, 2, 3)] == [12.0, 12.0, 12.0]


def test_mediagenix_429_without_reset_waits_a_whole_quota_window() -> None:
    decision = mediagenix.DEFAULT_POLICY.decide(_err(mediagenix, 429), attempt=1)
    assert decision.retry and decision.delay == 30.0  # 150 requests per 30 seconds


def test_mediagenix_ban_length_wait_is_not_slept_on() -> None:
    error = _err(mediagenix, 429, b"", {"Ratelimit-Reset": "300"})
    decision = mediagenix.DEFAULT_POLICY.decide(error, attempt=1)
    assert decision.retry is False and decision.delay == 300.0 and "cap" in decision.reason


def test_mediagenix_5xx_backs_off_exponentially_even_with_ratelimit_headers() -> None:
    # Ratelimit-* counters come on every response; a 5xx must still back off.
    error = _err(mediagenix, 503, b"", {"Ratelimit-Reset": "200", "Ratelimit-Remaining": "100"})
    assert error.retry_after is None
    decisions = [mediagenix.DEFAULT_POLICY.decide(error, attempt=n) for n in (1, 2, 3, 4, 5)]
    assert [d.delay for d in decisions[:4]] == [2.0, 4.0, 8.0, 16.0]  # "four retries should probably be enough"
    assert [d.retry for d in decisions] == [True, True, True, True, False]


def test_mediamagic_backoff_has_full_jitter_and_honours_retry_after() -> None:
    error = _err(mediamagic, 502, {"detail": "Failed to load results from storage"})
    low = mediamagic.DEFAULT_POLICY.replace(random=lambda: 0.0)
    high = mediamagic.DEFAULT_POLICY.replace(random=lambda: 1.0)
    assert low.decide(error, attempt=3).delay == 0.0
    assert high.decide(error, attempt=3).delay > high.decide(error, attempt=2).delay > 0
    limited = _err(mediamagic, 429, {"error": "Rate limit exceeded: too many submission writes"}, {"Retry-After": "9"})
    assert low.decide(limited, attempt=1).delay == 9.0


def test_mediamagic_plan_gating_is_never_retried() -> None:
    body = {"error_code": "tier_not_authorized_for_integrations_api", "message": "Your plan does not include access.",
            "bucket": "submission_write"}
    error = _err(mediamagic, 402, body, {"Retry-After": "1"})
    assert error.retryable is False
    assert mediamagic.DEFAULT_POLICY.decide(error, attempt=1).retry is False


@pytest.mark.parametrize("vendor", [mkio, konpro, mediamagic], ids=lambda v: v.__name__)
def test_retry_after_is_honoured_even_where_undocumented(vendor: ModuleType) -> None:
    error = _err(vendor, 429, b"", {"Retry-After": "5"})
    assert vendor.DEFAULT_POLICY.decide(error, attempt=1).delay == 5.0


def test_deadline_stops_a_retry_that_would_pass_it() -> None:
    error = _shortkit("RATE_LIMITED", 429, {"Retry-After": "5"})
    policy = shortkit.DEFAULT_POLICY
    assert policy.deadline is not None
    assert policy.decide(error, attempt=1, elapsed=policy.deadline - 5).retry is True
    late = policy.decide(error, attempt=1, elapsed=policy.deadline - 4)
    assert late.retry is False and "deadline" in late.reason
    assert policy.replace(deadline=None).decide(error, attempt=1, elapsed=1e9).retry is True


def test_jitter_modes_and_caps() -> None:
    policy = mkio.DEFAULT_POLICY.replace(backoff_initial=1.0, backoff_multiplier=2.0, backoff_max=8.0)
    assert [policy.replace(jitter="none").backoff(n) for n in (1, 2, 3, 4, 5, 60)] == [1, 2, 4, 8, 8, 8]
    assert policy.replace(jitter="equal", random=lambda: 0.0).backoff(3) == 2.0
    assert policy.replace(jitter="equal", random=lambda: 1.0).backoff(3) == 4.0
    assert policy.replace(jitter="full", random=lambda: 0.25).backoff(3) == 1.0
    # a broken jitter source cannot make a negative or larger delay
    assert policy.replace(jitter="full", random=lambda: -3.0).backoff(3) == 0.0
    assert policy.replace(jitter="full", random=lambda: 7.0).backoff(3) == 0.0


def test_policy_is_frozen_and_overridable(vendor: ModuleType) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        vendor.DEFAULT_POLICY.max_attempts = 1
    fewer = vendor.DEFAULT_POLICY.replace(max_attempts=1)
    assert fewer.max_attempts == 1 and vendor.DEFAULT_POLICY.max_attempts > 1
    for retried in sorted(vendor.DEFAULT_POLICY.retry_statuses)[:1]:  # a vendor may retry no status
        assert vendor.DEFAULT_POLICY.decide(_err(vendor, retried), attempt=1).retry is True
        assert fewer.decide(_err(vendor, retried), attempt=1).retry is False


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
        ("784111817", "epoch-seconds", 40.0),
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
    assert shortkit.parse_wait(value, unit, now=784111777.0, date="Sun, 06 Nov 1994 08:49:00 GMT") == expected


def test_http_date_without_a_date_header_is_measured_from_now() -> None:
    assert shortkit.parse_wait("Sun, 06 Nov 1994 08:49:37 GMT", "retry-after", now=784111757.0) == 20.0
