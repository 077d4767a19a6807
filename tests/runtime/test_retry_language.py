"""The retry language of issue 11, on every generated package's runtime policy.

Each feature is a field of the runtime's ``RetryPolicy``; the tests give each vendor's
``DEFAULT_POLICY`` the feature with ``replace`` (or pick the vendors whose spec uses
it), so they hold for any spec, and assert what RETRY-INVARIANTS.md promises:
a directive never bypasses the gate or the caps (8), server waits are never
shortened (7), ``retry_after`` is the deciding policy's reading or None (10).
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import VENDORS, expand, vendor_package

PACKAGES = [vendor_package(slug) for slug in VENDORS]
DATE = "Tue, 14 Nov 2023 22:13:20 GMT"
DATE_EPOCH = 1_700_000_000


def _error(vendor: ModuleType, status: int, headers: Any = None) -> Any:
    return vendor.from_response(status, headers or {}, b"")


def _status_class(vendor: ModuleType, status: int) -> str:
    return type(_error(vendor, status)).__name__


@pytest.fixture(params=PACKAGES, ids=lambda v: v.__name__)
def vendor(request: pytest.FixtureRequest) -> ModuleType:
    return request.param  # type: ignore[no-any-return]


# --- status ranges ----------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(status=st.integers(400, 599), index=st.integers(0, len(PACKAGES) - 1))
def test_retried_statuses_are_the_policys_ranges(status: int, index: int) -> None:
    vendor = PACKAGES[index]
    # no code rules and no fixed waits (a fixed wait above the cap is not slept on):
    # what is left is the status rule
    policy = vendor.DEFAULT_POLICY.replace(retry_codes=(), no_retry_codes=(), fallback_delays=())
    error = _error(vendor, status)
    expected = status in expand(policy.retry_statuses)
    assert policy.is_retryable(status) is expected
    assert policy.decide(error, attempt=1).retry is (expected and error.documented_code is None)


def test_a_range_is_kept_as_a_range_not_a_hundred_statuses(vendor: ModuleType) -> None:
    policy = vendor.DEFAULT_POLICY.replace(retry_statuses=[429, (500, 599), 503])
    assert policy.retry_statuses == ((429, 429), (500, 599))
    assert all(policy.is_retryable(s) for s in (429, 501, 505, 599)) and not policy.is_retryable(428)


# --- refused before processing -----------------------------------------------------


def test_refused_statuses_and_codes_resend_any_method(vendor: ModuleType) -> None:
    policy = vendor.DEFAULT_POLICY.replace(
        retry_statuses=[503], rejected_statuses=[503], atomic_failures=False, no_retry_codes=()
    )
    assert policy.decide(_error(vendor, 503), attempt=1, method="POST").retry is True
    strict = policy.replace(rejected_statuses=())
    decision = strict.decide(_error(vendor, 503), attempt=1, method="POST")
    assert decision.retry is False and "not idempotent" in decision.reason
    codes = [code for code, cls in vendor.ERRORS_BY_CODE.items() if 400 <= (cls.documented_status or 0) < 600]
    for code in codes[:3]:
        error = vendor.ERRORS_BY_CODE[code]("m", status=vendor.ERRORS_BY_CODE[code].documented_status)
        refused = strict.replace(retry_codes=[error.documented_code], rejected_codes=[error.documented_code])
        assert refused.decide(error, attempt=1, method="POST").retry is True
        assert strict.replace(retry_codes=[error.documented_code]).decide(error, attempt=1, method="POST").retry is False


# --- the server's retry directive ----------------------------------------------------

DIRECTIVE = ("X-Should-Retry", ("true",), ("false",))


@settings(max_examples=120, deadline=None)
@given(
    index=st.integers(0, len(PACKAGES) - 1),
    status=st.integers(400, 599),
    value=st.sampled_from(["true", "TRUE", "false", "False", "true, false", "maybe", ""]) | st.text(max_size=12),
    method=st.sampled_from([None, "GET", "POST"]),
    attempt=st.integers(1, 6),
    wait=st.sampled_from([None, "1", "100000"]),
)
def test_a_directive_overrides_the_rules_but_never_the_gate_or_caps(
    index: int, status: int, value: str, method: str | None, attempt: int, wait: str | None
) -> None:
    vendor = PACKAGES[index]
    base = vendor.DEFAULT_POLICY.replace(max_server_wait=60.0, atomic_failures=False, random=lambda: 0.5)
    policy = base.replace(directive_header=DIRECTIVE)
    headers = {"X-Should-Retry": value, **({"Retry-After": wait} if wait else {})}
    error = _error(vendor, status, headers)
    decision = policy.decide(error, attempt=attempt, method=method)
    pieces = {piece.strip().lower() for piece in value.split(",")}
    if "false" in pieces:
        assert decision.retry is False  # "no" wins, at any time (invariant 8)
        assert policy.retryable(error) is False
        return
    if "true" not in pieces:  # an undocumented value: the rules decide, as without a directive
        assert decision == base.decide(error, attempt=attempt, method=method)
        return
    assert policy.retryable(error) is True
    # "yes" never bypasses max_attempts, the idempotency gate or the server-wait cap
    forced = base.replace(retry_statuses=[(400, 599)], retry_codes=(), no_retry_codes=())
    assert decision == forced.decide(error, attempt=attempt, method=method)._replace(reason=decision.reason)
    if attempt >= policy.max_attempts or (wait == "100000"):
        assert decision.retry is False
    if decision.retry and wait == "1":
        assert decision.delay == 1.0  # the server's wait is never shortened (invariant 7)


def test_a_directive_with_a_joined_value_says_no_when_any_value_does(vendor: ModuleType) -> None:
    policy = vendor.DEFAULT_POLICY.replace(directive_header=DIRECTIVE)
    status = policy.retry_statuses[0][0] if policy.retry_statuses else 503
    error = _error(vendor, status, [("X-Should-Retry", "true"), ("x-should-retry", "false")])
    assert policy.directive(error.headers) is False and policy.decide(error, attempt=1).retry is False


# --- wait headers that apply only when a condition holds ------------------------------

RESET = ("X-RateLimit-Reset", "epoch-seconds", [403, 429], (("x-ratelimit-remaining", "equals", "0", False),))


@settings(max_examples=100, deadline=None)
@given(
    index=st.integers(0, len(PACKAGES) - 1),
    remaining=st.sampled_from(["0", "1", "59", "0, 0", "1, 0", ""]) | st.text(max_size=6),
    ahead=st.integers(0, 5000),
    status=st.sampled_from([403, 429, 500]),
)
def test_a_conditional_reset_applies_only_when_its_condition_holds(
    index: int, remaining: str, ahead: int, status: int
) -> None:
    vendor = PACKAGES[index]
    policy = vendor.DEFAULT_POLICY.replace(
        wait_headers=[RESET], retry_statuses=[403, 429], max_server_wait=10_000, deadline=None
    )
    headers = {"X-RateLimit-Reset": str(DATE_EPOCH + ahead), "X-RateLimit-Remaining": remaining, "Date": DATE}
    error = _error(vendor, status, headers)
    holds = status in (403, 429) and "0" in [piece.strip() for piece in remaining.split(",")]
    assert policy.retry_after(error) == (float(ahead) if holds else None)
    decision = policy.decide(error, attempt=1)
    if holds:
        assert decision.retry and decision.delay == float(ahead)


def test_a_permissions_403_with_a_reset_but_quota_left_has_no_retry_after(vendor: ModuleType) -> None:
    policy = vendor.DEFAULT_POLICY.replace(wait_headers=[RESET])
    headers = {"X-RateLimit-Reset": str(DATE_EPOCH + 3000), "X-RateLimit-Remaining": "4999", "Date": DATE}
    error = _error(vendor, 403, headers)
    assert policy.retry_after(error) is None and policy.wait_hint(error.headers, 403) is None


def test_retry_after_is_none_when_no_wait_header_applies(vendor: ModuleType) -> None:
    policy = vendor.DEFAULT_POLICY
    assert policy.retry_after(_error(vendor, 503, {"X-Unrelated": "5"})) is None


# --- one clock: epoch resets and HTTP-dates against the response's Date ---------------


@settings(max_examples=100, deadline=None)
@given(ahead=st.integers(0, 10**6), skew=st.integers(-10**6, 10**6), index=st.integers(0, len(PACKAGES) - 1))
def test_epoch_resets_and_http_dates_are_measured_against_the_date(ahead: int, skew: int, index: int) -> None:
    vendor = PACKAGES[index]
    waits = [("X-Reset", "epoch-seconds", (), ()), ("Retry-After", "retry-after", (), ())]
    policy = vendor.DEFAULT_POLICY.replace(wait_headers=waits)
    now = float(DATE_EPOCH + skew)  # the client's clock, skewed either way
    epoch = vendor.Headers({"X-Reset": str(DATE_EPOCH + ahead), "Date": DATE})
    assert policy.server_wait(epoch, 429, now=now) == float(ahead)
    moment = _http_date(DATE_EPOCH + ahead)
    dated = vendor.Headers({"Retry-After": moment, "Date": DATE})
    assert policy.server_wait(dated, 429, now=now) == float(ahead)
    undated = vendor.Headers({"X-Reset": str(DATE_EPOCH + ahead)})  # no Date: the client's clock
    assert policy.server_wait(undated, 429, now=now) == float(max(ahead - skew, 0))


def _http_date(epoch: int) -> str:
    import email.utils

    return email.utils.formatdate(epoch, usegmt=True)


# --- backoff overrides and the minimum delay ------------------------------------------


def test_backoff_overrides_by_status_and_by_class_along_the_mro(vendor: ModuleType) -> None:
    policy = vendor.DEFAULT_POLICY.replace(
        jitter="none",
        backoff_initial=1.0,
        backoff_multiplier=2.0,
        backoff_max=8.0,
        backoff_overrides=[((503, 503), None, 5.0, None, 60.0), ((), "ServerError", 3.0, 1.0, None)],
    )
    assert policy.backoff(2, error=_error(vendor, 503)) == 10.0  # 5 * 2, capped at 60
    assert policy.backoff(2, error=_error(vendor, 500)) == 3.0  # ServerError is a base of 500's class
    assert policy.backoff(2, error=_error(vendor, 400)) == 2.0  # no override: the policy's own
    assert policy.backoff(2) == 2.0
    named = policy.replace(backoff_overrides=[((), _status_class(vendor, 429), 7.0, None, None)])
    assert named.backoff(1, error=_error(vendor, 429)) == 7.0


@settings(max_examples=100, deadline=None)
@given(
    draw=st.floats(-2, 2),
    attempt=st.integers(1, 70),
    jitter=st.sampled_from(["none", "full", "equal", "decorrelated"]),
    floor=st.floats(0, 8),
)
def test_the_backoff_never_goes_below_its_minimum_nor_above_its_max(
    draw: float, attempt: int, jitter: str, floor: float
) -> None:
    policy = PACKAGES[0].DEFAULT_POLICY.replace(
        jitter=jitter, backoff_min=floor, backoff_initial=0.5, backoff_max=8.0, random=lambda: draw
    )
    delay = policy.backoff(attempt, previous=1.0)
    assert floor <= delay <= max(8.0, floor)
    assert delay <= policy.backoff_ceiling(attempt) or jitter == "decorrelated"


def test_the_minimum_never_changes_a_server_wait(vendor: ModuleType) -> None:
    policy = vendor.DEFAULT_POLICY.replace(
        backoff_min=5.0, backoff_max=10.0, retry_statuses=[429], wait_headers=[("Retry-After", "retry-after", (), ())]
    )
    decision = policy.decide(_error(vendor, 429, {"Retry-After": "1"}), attempt=1)
    assert decision.retry and decision.delay == 1.0


# --- idempotency: no header by default; a generated key when opted in --------------------


def test_a_vendor_without_an_idempotency_header_suggests_none(vendor: ModuleType) -> None:
    policy = vendor.DEFAULT_POLICY.replace(retry_statuses=[503], atomic_failures=False, idempotency_header=None)
    decision = policy.decide(_error(vendor, 503), attempt=1, method="POST", request_headers={"Idempotency-Key": "k"})
    assert decision.retry is False and "header" not in decision.reason
    keyed = policy.replace(idempotency_header="Idempotency-Key")
    assert "send an Idempotency-Key header" in keyed.decide(_error(vendor, 503), attempt=1, method="POST").reason
    assert keyed.decide(_error(vendor, 503), attempt=1, method="POST", request_headers={"idempotency-key": "k"}).retry


class _Recorder:
    """A send() that fails with 503 twice then succeeds, recording the request headers it sent."""

    def __init__(self, headers: dict[str, str]) -> None:
        self.headers, self.sent = headers, []  # type: list[dict[str, str]]

    def __call__(self) -> Any:
        self.sent.append(dict(self.headers))
        status = 503 if len(self.sent) < 3 else 200
        return type("R", (), {"status_code": status, "headers": {}, "content": b""})()


UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_a_generated_idempotency_key_is_the_same_on_every_retry(vendor: ModuleType) -> None:
    policy = vendor.DEFAULT_POLICY.replace(
        retry_statuses=[503], atomic_failures=False, idempotency_header="Idempotency-Key",
        idempotency_key="uuid4", generate_idempotency_key=True, max_attempts=3, jitter="none", backoff_initial=0.0,
        deadline=None,
    )
    send = _Recorder({})
    vendor.call_with_retry(send, policy=policy, method="POST", request_headers=send.headers, budget=None, sleep=lambda _: None)
    keys = [sent["Idempotency-Key"] for sent in send.sent]
    assert len(keys) == 3 and len(set(keys)) == 1 and UUID4.match(keys[0])
    # a request that already carries a key keeps it; an idempotent one gets none
    given_key = _Recorder({"idempotency-key": "mine"})
    vendor.call_with_retry(given_key, policy=policy, method="POST", request_headers=given_key.headers, budget=None, sleep=lambda _: None)
    assert all(sent == {"idempotency-key": "mine"} for sent in given_key.sent)
    get = _Recorder({})
    vendor.call_with_retry(get, policy=policy, method="GET", request_headers=get.headers, budget=None, sleep=lambda _: None)
    assert all(sent == {} for sent in get.sent)


def test_no_key_is_generated_without_a_documented_header(vendor: ModuleType) -> None:
    policy = vendor.DEFAULT_POLICY.replace(generate_idempotency_key=True, idempotency_header=None)
    headers: dict[str, str] = {}
    assert policy.add_idempotency_key("POST", headers) is None and headers == {}


# --- kinds ---------------------------------------------------------------------------


def test_kind_rules_sit_between_code_and_status_rules(vendor: ModuleType) -> None:
    kinded = type("CardError", (vendor.ClientError,), {"documented_kind": "card_error"})
    error = kinded("declined", status=402)
    policy = vendor.DEFAULT_POLICY.replace(retry_statuses=(), retry_kinds=["card_error"])
    assert policy.retryable(error) is True
    assert policy.replace(retry_kinds=(), no_retry_kinds=["card_error"], retry_statuses=[402]).retryable(error) is False
    coded = type("Declined", (kinded,), {"documented_code": "DECLINED"})("d", status=402)
    assert policy.replace(no_retry_codes=["DECLINED"]).retryable(coded) is False  # a code's rule wins


# --- the policy object ------------------------------------------------------------------


def test_replace_keeps_every_field_and_equality_ignores_the_jitter_source(vendor: ModuleType) -> None:
    policy = vendor.DEFAULT_POLICY
    assert policy.replace() == policy and hash(policy.replace()) == hash(policy)
    assert policy.replace(random=lambda: 0.5) == policy
    assert policy.replace(max_attempts=policy.max_attempts + 1) != policy
    assert policy.replace().contract is policy.contract
    with pytest.raises(TypeError):
        policy.replace(no_such_field=1)
    import pickle

    assert pickle.loads(pickle.dumps(policy.replace(contract=None))) == policy


def test_decision_is_a_plain_named_tuple(vendor: ModuleType) -> None:
    decision = vendor.DEFAULT_POLICY.decide(_error(vendor, 400), attempt=1)
    retry, delay, reason = decision
    assert isinstance(decision, tuple) and decision._fields == ("retry", "delay", "reason")
    assert (retry, delay) == (False, 0.0) and reason == decision.reason


@settings(max_examples=100, deadline=None)
@given(index=st.integers(0, len(PACKAGES) - 1), fixed=st.floats(0, 1000), cap=st.floats(0, 1000))
def test_a_fixed_wait_above_the_cap_is_not_slept_on(index: int, fixed: float, cap: float) -> None:
    """Invariant 9: every sleep is at most the server-wait cap, fixed waits included."""
    vendor = PACKAGES[index]
    policy = vendor.DEFAULT_POLICY.replace(
        retry_statuses=[429], fallback_delays=[(429, fixed)], max_server_wait=cap, deadline=None, no_retry_codes=()
    )
    decision = policy.decide(_error(vendor, 429), attempt=1)
    assert decision.retry is (fixed <= cap)
    assert decision.delay == fixed
