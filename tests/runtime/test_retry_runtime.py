"""The generated retry runtime: loops, idempotency gate, budget, hints, hooks (fake clock).

The runtime is the same in every package, so most tests run it with one vendor's package
(``ANY``: the first of ``VENDORS``) and the policy they need, built with
``DEFAULT_POLICY.replace(...)``. Tests of a vendor's own rules pick the vendor by property,
with the vendor's documented responses (its conformance vectors) as bodies.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import threading
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import VENDORS, Documented, first_documented, vector_params, vector_response, vendor_package

ANY = vendor_package(VENDORS[0])  # any vendor would do
ANY_BODY = importlib.import_module(f"{ANY.__name__}._body")


def loop_policy(vendor: ModuleType = ANY, **changes: Any) -> Any:
    """``vendor``'s policy with the numbers these tests assert on: 4 attempts, 429 and
    500-599 retried, backoff 1, 2, 4 s without jitter, no deadline, no vendor retry rules
    (codes, kinds, directive, idempotency header, atomic failures), 429 refused before processing."""
    base: dict[str, Any] = dict(
        max_attempts=4,
        retry_statuses=((429, 429), (500, 599)),
        retry_codes=(),
        no_retry_codes=(),
        retry_kinds=(),
        no_retry_kinds=(),
        directive_header=None,
        backoff_initial=1.0,
        backoff_multiplier=2.0,
        backoff_max=30.0,
        backoff_min=0.0,
        backoff_overrides=(),
        jitter="none",
        fallback_delays=(),
        max_server_wait=60.0,
        deadline=None,
        atomic_failures=False,
        idempotency_header=None,
        rejected_statuses=((429, 429),),
        rejected_codes=(),
        retry_connection_errors=True,
        retry_timeouts=True,
    )
    return vendor.DEFAULT_POLICY.replace(**{**base, **changes})


POLICY = loop_policy()
# The standard wait headers, as a spec that lists none gets them.
STANDARD_WAITS = (
    ("Retry-After", "retry-after", (), ()),
    ("retry-after-ms", "milliseconds", (), ()),
    ("RateLimit-Reset", "seconds", ((429, 429),), ()),
    ("RateLimit", "ratelimit", ((429, 429),), ()),
)


def root_class(vendor: ModuleType) -> type:
    """The vendor's root class: the most basic class its ``errors`` module defines."""
    return [cls for cls in vendor.APIError.__mro__ if cls.__module__ == vendor.APIError.__module__][-1]


def reads_request_id_header(vendor: ModuleType, name: str = "X-Request-Id") -> bool:
    return bool(vendor.from_response(503, {name: "r"}, b"").request_id == "r")


RID = next(v for v in map(vendor_package, VENDORS) if reads_request_id_header(v))  # a vendor reading X-Request-Id


class FakeResponse:
    def __init__(self, status: int, headers: dict[str, str] | None = None, content: bytes = b"") -> None:
        self.status_code = status
        self.headers = headers or {}
        self.content = content
        self.closed = False

    def close(self) -> None:
        self.closed = True


def documented(case: Documented) -> FakeResponse:
    """A vendor's documented response, as a client would hand it to the loop."""
    status, headers, body = vector_response(case.vector)
    return FakeResponse(status, dict(headers), body)


class Clock:
    """A fake monotonic clock that advances only when the fake sleep is called."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def script(*outcomes: Any) -> Any:
    """A send() that returns or raises each outcome in turn, counting calls."""
    items: Iterator[Any] = iter(outcomes)

    def send() -> Any:
        send.calls += 1  # type: ignore[attr-defined]
        item = next(items)
        if isinstance(item, BaseException):
            raise item
        return item

    send.calls = 0  # type: ignore[attr-defined]
    return send


def run(vendor: ModuleType, send: Any, clock: Clock, **options: Any) -> Any:
    options.setdefault("budget", None)
    return vendor.call_with_retry(send, sleep=clock.sleep, clock=clock, **options)


def test_a_documented_wait_then_success_even_for_a_post() -> None:
    """A documented response with a server wait that the vendor resends whatever the method
    (refused before processing): the loop sleeps exactly the wait, then succeeds."""
    case = first_documented(
        "asks for a wait and is resent for a POST",
        lambda c: c.error.retry_after is not None
        and (decision := c.vendor.DEFAULT_POLICY.decide(c.error, attempt=1, method="POST")).retry
        and decision.delay == c.error.retry_after,
        prefer=lambda c: c.error.retry_after,
    )
    clock = Clock()
    ok = FakeResponse(200, content=b"done")
    send = script(documented(case), ok)
    assert run(case.vendor, send, clock, method="POST") is ok
    assert send.calls == 2 and clock.sleeps == [case.error.retry_after]


def test_exhausted_retries_raise_the_last_error_with_its_history() -> None:
    clock = Clock()
    responses = [FakeResponse(503, {"X-Request-Id": f"req-{n}"}) for n in range(4)]
    send = script(*responses)
    with pytest.raises(RID.APIError) as caught:
        run(RID, send, clock, policy=loop_policy(RID))
    error = caught.value
    assert error.status == 503
    assert send.calls == 4 and clock.sleeps == [1.0, 2.0, 4.0]
    assert [a.number for a in error.attempts] == [1, 2, 3, 4]
    assert [a.status for a in error.attempts] == [503] * 4
    assert [a.request_id for a in error.attempts] == ["req-0", "req-1", "req-2", "req-3"]
    assert [a.delay for a in error.attempts] == [1.0, 2.0, 4.0, 0.0]
    assert "gave up after 4 of 4 attempts" in error.attempts[-1].reason
    assert str(error).endswith("after 4 attempts")
    assert all(r.closed for r in responses[:3])  # retried responses are released


def test_server_wait_above_the_cap_raises_at_once_with_the_hint() -> None:
    case = first_documented(
        "asks for a wait above the cap on a retried status",
        lambda c: c.vendor.DEFAULT_POLICY.is_retryable(c.error.status)
        and (c.error.retry_after or 0) > c.vendor.DEFAULT_POLICY.max_server_wait,
    )
    clock = Clock()
    send = script(documented(case))
    with pytest.raises(case.vendor.APIError) as caught:
        run(case.vendor, send, clock)
    assert send.calls == 1 and clock.sleeps == []
    assert type(caught.value).__name__ == case.vector["expect"]["class"]
    assert caught.value.retry_after == case.error.retry_after
    assert f"above the {case.vendor.DEFAULT_POLICY.max_server_wait:g}s cap" in caught.value.attempts[0].reason
    assert str(caught.value).endswith("after 1 attempt")


def test_deadline_stops_retrying_in_time() -> None:
    clock = Clock()
    policy = loop_policy(deadline=10.0, max_attempts=50, backoff_initial=4.0, backoff_max=4.0)
    send = script(*[FakeResponse(500)] * 50)
    with pytest.raises(ANY.APIError) as caught:
        run(ANY, send, clock, policy=policy)
    assert caught.value.status == 500
    assert clock.sleeps == [4.0, 4.0] and sum(clock.sleeps) <= 10.0
    assert "deadline" in caught.value.attempts[-1].reason


# The idempotency gate: (policy changes, method, request headers, status, retried?)
GATE = [
    ({}, "POST", {}, 502, False),  # may have been applied
    ({}, "POST", {"Idempotency-Key": "k1"}, 502, False),  # no idempotency header documented
    ({}, "GET", {}, 502, True),
    ({}, "PUT", {}, 500, True),
    ({}, "POST", {}, 429, True),  # refused before processing
    ({}, "PATCH", {}, 503, False),
    ({}, "DELETE", {}, 503, True),
    ({"atomic_failures": True}, "POST", {}, 503, True),  # documented atomic: nothing changed on 4xx/5xx
    ({"atomic_failures": True}, "POST", {}, 502, True),
    ({"idempotency_header": "Idempotency-Key"}, "POST", {"Idempotency-Key": "k1"}, 502, True),
]


@pytest.mark.parametrize(("changes", "method", "headers", "status", "retried"), GATE, ids=str)
def test_idempotency_gate(changes: dict[str, Any], method: str, headers: dict[str, str], status: int, retried: bool) -> None:
    clock = Clock()
    send = script(FakeResponse(status), FakeResponse(200))
    policy = loop_policy(**changes)
    if retried:
        assert run(ANY, send, clock, policy=policy, method=method, request_headers=headers).status_code == 200
        assert send.calls == 2
    else:
        with pytest.raises(ANY.APIError) as caught:
            run(ANY, send, clock, policy=policy, method=method, request_headers=headers)
        assert send.calls == 1 and "not idempotent" in caught.value.attempts[0].reason


@pytest.mark.parametrize("slug", [s for s in VENDORS if vendor_package(s).DEFAULT_POLICY.atomic_failures])
def test_a_vendor_documenting_atomic_failures_resends_a_post_after_a_retried_error(slug: str) -> None:
    vendor = vendor_package(slug)
    status = next(s for s in (503, 502, 500, 429) if vendor.DEFAULT_POLICY.is_retryable(s))
    clock = Clock()
    send = script(FakeResponse(status), FakeResponse(200))
    assert run(vendor, send, clock, method="POST").status_code == 200 and send.calls == 2


def test_vendor_idempotency_header_is_configurable() -> None:
    policy = POLICY.replace(idempotency_header="X-Dedupe")
    error = ANY.from_response(503, {}, b"")
    assert policy.decide(error, attempt=1, method="POST", request_headers={"x-dedupe": "1"}).retry is True
    assert policy.decide(error, attempt=1, method="POST", request_headers={"Idempotency-Key": "1"}).retry is False


class ConnectError(Exception):
    """Named like httpx.ConnectError: the connection was never made."""


class ReadTimeout(Exception):
    """Named like httpx.ReadTimeout: the request may have reached the server."""


def test_connection_errors_are_retried_for_any_method() -> None:
    clock = Clock()
    send = script(ConnectionRefusedError("refused"), ConnectError("dns"), FakeResponse(200))
    assert run(ANY, send, clock, policy=POLICY, method="POST").status_code == 200
    assert send.calls == 3


def test_timeouts_after_sending_respect_the_gate() -> None:
    clock = Clock()
    send = script(ReadTimeout("slow"), FakeResponse(200))
    with pytest.raises(ANY.APITimeoutError) as caught:
        run(ANY, send, clock, policy=POLICY, method="POST")
    assert isinstance(caught.value.__cause__, ReadTimeout)
    assert send.calls == 1
    send = script(ReadTimeout("slow"), FakeResponse(200))
    assert run(ANY, send, clock, policy=POLICY, method="GET").status_code == 200


@pytest.mark.parametrize("slug", VENDORS)
def test_transport_failures_end_as_connection_errors_with_history(slug: str) -> None:
    vendor = vendor_package(slug)
    clock = Clock()
    send = script(*[ConnectionResetError("reset")] * 4)
    with pytest.raises(vendor.APIConnectionError) as caught:
        run(vendor, send, clock, policy=loop_policy(vendor), method="GET")
    assert isinstance(caught.value, root_class(vendor))
    assert not isinstance(caught.value, vendor.APITimeoutError)
    assert isinstance(caught.value.__cause__, ConnectionResetError)
    assert len(caught.value.attempts) == 4 and str(caught.value).endswith("after 4 attempts")
    assert [a.status for a in caught.value.attempts] == [None] * 4


def test_connection_and_timeout_retries_can_be_switched_off() -> None:
    policy = POLICY.replace(retry_connection_errors=False, retry_timeouts=False)
    assert policy.decide(ConnectionRefusedError(), attempt=1).retry is False
    assert policy.decide(TimeoutError(), attempt=1).retry is False
    assert POLICY.decide(TimeoutError(), attempt=1).retry is True


def test_other_exceptions_propagate_unchanged_without_retry() -> None:
    clock = Clock()
    bug = ValueError("a bug in the caller")
    send = script(bug, FakeResponse(200))
    with pytest.raises(ValueError) as caught:
        run(ANY, send, clock, policy=POLICY)
    assert caught.value is bug and send.calls == 1


def test_raise_errors_false_returns_the_last_response() -> None:
    clock = Clock()
    last = FakeResponse(404, content=b"missing")
    assert run(ANY, script(last), clock, policy=POLICY, raise_errors=False) is last


def test_a_body_that_cannot_be_resent_is_not_retried() -> None:
    clock = Clock()
    send = script(FakeResponse(503), FakeResponse(200))
    with pytest.raises(ANY.APIError) as caught:
        run(ANY, send, clock, policy=POLICY, replayable=False)
    assert caught.value.status == 503 and "cannot be resent" in caught.value.attempts[0].reason


def test_on_retry_hook_and_logging(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    seen: list[Any] = []
    send = script(FakeResponse(503, {"X-Request-Id": "req_a"}), FakeResponse(200))
    with caplog.at_level(logging.INFO, logger=f"{RID.__name__}.retry"):
        run(RID, send, clock, policy=loop_policy(RID), on_retry=seen.append)
    assert [(a.number, a.status, a.request_id, a.delay) for a in seen] == [(1, 503, "req_a", 1.0)]
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    for part in ("attempt 1", "status=503", "request_id=req_a", "delay=1.000s", "reason=503: retry 1 of 3"):
        assert part in message


def test_retry_budget_stops_a_storm_and_refills_on_success() -> None:
    budget = ANY.RetryBudget(capacity=10, retry_cost=5, success_refund=1)
    clock = Clock()
    send = script(*[FakeResponse(503)] * 10)

    def call(send: Any) -> Any:
        return ANY.call_with_retry(send, policy=POLICY, budget=budget, sleep=clock.sleep, clock=clock)

    with pytest.raises(ANY.APIError) as caught:
        call(send)
    assert send.calls == 3 and budget.available == 0  # two retries paid, the third refused
    assert "retry budget exhausted" in caught.value.attempts[-1].reason
    # a success that needed no retry refunds success_refund
    call(script(FakeResponse(200)))
    assert budget.available == 1
    budget.release(100)
    assert budget.available == 10  # never above capacity
    # a success after a retry gives that retry's cost back
    call(script(FakeResponse(503), FakeResponse(200)))
    assert budget.available == 10


def test_retry_budget_is_thread_safe() -> None:
    budget = ANY.RetryBudget(capacity=1000, retry_cost=1)
    granted: list[bool] = []

    def spend() -> None:
        for _ in range(500):
            granted.append(budget.acquire(1))

    threads = [threading.Thread(target=spend) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert granted.count(True) == 1000 and budget.available == 0


def test_decorrelated_jitter_stays_between_initial_and_cap() -> None:
    policy = POLICY.replace(jitter="decorrelated", backoff_initial=1.0, backoff_max=20.0)
    assert policy.replace(random=lambda: 0.0).backoff(3, previous=5.0) == 1.0
    assert policy.replace(random=lambda: 1.0).backoff(3, previous=5.0) == 15.0
    assert policy.replace(random=lambda: 1.0).backoff(3, previous=50.0) == 20.0
    assert policy.replace(random=lambda: 1.0).backoff(1) == 3.0


def test_async_twin_follows_the_same_rules() -> None:
    clock = Clock()

    async def fake_sleep(seconds: float) -> None:
        clock.sleep(seconds)

    outcomes = iter([FakeResponse(503), ConnectionRefusedError(), FakeResponse(200)])

    async def send() -> Any:
        item = next(outcomes)
        if isinstance(item, BaseException):
            raise item
        return item

    result = asyncio.run(ANY.async_call_with_retry(send, policy=POLICY, sleep=fake_sleep, clock=clock, budget=None))
    assert result.status_code == 200 and clock.sleeps == [1.0, 2.0]

    # A documented response its vendor does not retry although its status is retried (a code's rule).
    case = first_documented(
        "is not retried on a retried status",
        lambda c: c.vendor.DEFAULT_POLICY.is_retryable(c.error.status) and c.vector["expect"].get("retryable") is False,
    )

    async def refused() -> Any:
        return documented(case)

    with pytest.raises(case.vendor.APIError) as caught:
        asyncio.run(case.vendor.async_call_with_retry(refused, sleep=fake_sleep, clock=clock, budget=None))
    assert type(caught.value).__name__ == case.vector["expect"]["class"] and len(caught.value.attempts) == 1


@pytest.mark.parametrize(("slug", "vector"), vector_params(lambda vector: "retryable" in vector["expect"]))
def test_documented_responses_through_the_loop(slug: str, vector: dict[str, Any]) -> None:
    """Every vendor's documented response, through the loop for a GET: retried once then
    succeeding when the vendor documents it as retryable (unless the wait it asks, or the
    fixed one, is above its cap), else raised at once."""
    vendor = vendor_package(slug)
    clock = Clock()
    status, headers, body = vector_response(vector)
    send = script(FakeResponse(status, dict(headers), body), FakeResponse(200))
    decision = vendor.DEFAULT_POLICY.decide(vendor.from_response(status, headers, body), attempt=1, method="GET")
    assert decision.retry is vector["expect"]["retryable"] or "cap" in decision.reason, decision
    if decision.retry:
        assert run(vendor, send, clock, method="GET").status_code == 200
        assert send.calls == 2
    else:
        with pytest.raises(vendor.APIError) as caught:
            run(vendor, send, clock, method="GET")
        assert send.calls == 1 and type(caught.value).__name__ == vector["expect"]["class"]


@pytest.mark.parametrize(
    ("headers", "status", "expected"),
    [
        ({"retry-after-ms": "1500"}, 503, (1.5, "retry-after-ms (milliseconds)")),
        ({"Retry-After": "2", "retry-after-ms": "1500"}, 503, (2.0, "Retry-After (seconds)")),
        ({"Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT", "Date": "Sun, 06 Nov 1994 08:49:07 GMT"}, 503, (30.0, "Retry-After (HTTP-date)")),
        ({"RateLimit": '"default";r=0;t=30, "burst";r=5;t=1'}, 429, (30.0, "RateLimit (RateLimit field)")),
        ({"RateLimit": '"a";r=0;t=10, "b";r=0;t=40'}, 429, (40.0, "RateLimit (RateLimit field)")),
        ({"RateLimit": "limit=100, remaining=0, reset=12"}, 429, (12.0, "RateLimit (RateLimit field)")),
        ({"RateLimit": '"default";r=3;t=30'}, 429, None),  # quota not exhausted: no wait asked
        ({"RateLimit-Reset": "20"}, 429, (20.0, "RateLimit-Reset (seconds)")),
        ({"RateLimit-Reset": "20"}, 503, None),  # quota state on every response: a wait only on 429
        ({"Retry-After": "garbage", "retry-after-ms": "-5", "RateLimit-Reset": "nan"}, 429, None),
        ({"Retry-After": "\u00b9", "retry-after-ms": "\u0664"}, 503, None),  # digits, but not ASCII ones
    ],
)
def test_standard_hints_with_their_sources(headers: dict[str, str], status: int, expected: tuple[float, str] | None) -> None:
    hint = POLICY.replace(wait_headers=STANDARD_WAITS).wait_hint(ANY.Headers(headers), status)
    assert (None if hint is None else (hint.seconds, hint.source)) == expected


def test_vendor_declared_hint_scoping() -> None:
    """A vendor's own header listed first, scoped to 429, wins there and nowhere else."""
    policy = POLICY.replace(wait_headers=(("Ratelimit-Reset", "seconds", ((429, 429),), ()), *STANDARD_WAITS))
    headers = ANY.Headers({"Ratelimit-Reset": "12", "Retry-After": "3"})
    assert policy.wait_hint(headers, 429) == (12.0, "Ratelimit-Reset", "seconds")
    assert policy.wait_hint(headers, 503) == (3.0, "Retry-After", "seconds")


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([vendor_package(s) for s in VENDORS]),
    st.dictionaries(
        st.sampled_from(["Retry-After", "retry-after-ms", "RateLimit-Reset", "Ratelimit-Reset", "RateLimit", "Date"]),
        st.text(max_size=40) | st.sampled_from(['"q";r=0;t=1e999', "limit=1, remaining=0, reset=-3", '"q";r=0;t=99999999999', "1e400", "-0", "0.5"]),
    ),
    st.integers(min_value=400, max_value=599),
)
def test_hints_from_any_headers_are_bounded(vendor: ModuleType, headers: dict[str, str], status: int) -> None:
    hint = vendor.DEFAULT_POLICY.wait_hint(vendor.Headers(headers), status)
    assert hint is None or (0.0 <= hint.seconds <= vendor.retry.MAX_HINT_SECONDS and hint.source)
    error = vendor.from_response(status, headers, b"")
    for attempt in (1, 2, 50):
        decision = vendor.DEFAULT_POLICY.decide(error, attempt=attempt, method="POST", elapsed=5.0)
        assert 0.0 <= decision.delay <= vendor.retry.MAX_HINT_SECONDS
        policy = vendor.DEFAULT_POLICY
        longest = max(policy.max_server_wait, policy.backoff_max, *(d for _, d in policy.fallback_delays))
        assert not decision.retry or decision.delay <= longest


def test_retry_decision_behaves_as_the_tuple_retry_delay_reason() -> None:
    import pickle

    case = first_documented(
        "is a 429 with a documented code", lambda c: c.error.status == 429 and c.error.documented_code is not None
    )
    _status, _headers, body = vector_response(case.vector)
    policy = loop_policy(case.vendor, wait_headers=STANDARD_WAITS)
    error = case.vendor.from_response(429, {"Retry-After": "7"}, body)
    decision = policy.decide(error, attempt=1)
    reason = f"429 {error.documented_code}: retry 1 of 3, Retry-After (seconds) asks to wait 7s"
    assert decision.reason == reason  # built on first read
    assert tuple(decision) == (True, 7.0, reason) == decision
    assert decision == case.vendor.RetryDecision(True, 7.0, reason)
    retry, delay, why = decision
    assert (retry, delay, why) == (True, 7.0, reason) and decision[1] == 7.0 and len(decision) == 3
    assert hash(decision) == hash((True, 7.0, reason))
    assert pickle.loads(pickle.dumps(policy.decide(error, attempt=9))) == (
        False, 0.0, f"429 {error.documented_code}: gave up after 9 of 4 attempts"
    )
    assert repr(decision) == f"RetryDecision(retry=True, delay=7.0, reason={reason!r})"


# Reading error bodies in bounded memory (the loops' reader), closing, refunds, the gate


class StreamedResponse:
    """Like httpx's streamed responses: ``iter_raw`` yields the body as received,
    ``content`` answers once it was read (kept in ``_content``)."""

    def __init__(self, status: int, headers: dict[str, str], chunks: list[bytes]) -> None:
        self.status_code = status
        self.headers = headers
        self.chunks = chunks
        self.pulled = 0
        self.closed = False

    @property
    def content(self) -> bytes:
        return self._content  # type: ignore[no-any-return, attr-defined]

    def close(self) -> None:
        self.closed = True

    def iter_raw(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.pulled += 1
            yield chunk

    iter_bytes = iter_raw  # what the client would decode (encodings the runtime leaves to it)


def _encode(data: bytes, encoding: str) -> bytes:
    import zlib

    if encoding == "gzip":
        packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    elif encoding == "deflate":
        packer = zlib.compressobj(6, zlib.DEFLATED, 15)
    else:  # "deflate" as some servers send it: raw, without the zlib header
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=3000) | st.integers(0, 50_000).map(lambda n: b"\0" * n),
    st.sampled_from(["identity", "gzip", "deflate", "raw-deflate"]),
    st.integers(0, 4000),
    st.integers(1, 700),
)
def test_read_capped_gives_the_first_cap_decoded_bytes_in_any_chunking(data: bytes, encoding: str, cap: int, size: int) -> None:
    wire = data if encoding == "identity" else _encode(data, encoding)
    header = {"raw-deflate": "deflate"}.get(encoding, encoding)
    response = StreamedResponse(503, {"Content-Encoding": header}, [wire[i : i + size] for i in range(0, len(wire), size)])
    body, truncated = ANY_BODY.read_capped(response, cap)
    assert body == data[:cap] and truncated == (len(data) > cap)
    assert response.content == body  # what was read stays readable on the response


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["gzip", "deflate", "br", "x-unknown"]), st.integers(0, 3000))
def test_read_capped_never_raises_on_garbage_and_never_exceeds_the_cap(wire: bytes, encoding: str, cap: int) -> None:
    body, truncated = ANY_BODY.read_capped(StreamedResponse(500, {"Content-Encoding": encoding}, [wire]), cap)
    assert body is not None and len(body) <= cap


def test_a_gzip_bomb_stops_inflating_at_the_cap() -> None:
    import tracemalloc

    bomb = _encode(b"\0" * (64 * 1_048_576), "gzip")  # 64 MiB expanded, 64 KiB on the wire
    response = StreamedResponse(503, {"Content-Encoding": "gzip"}, [bomb])
    tracemalloc.start()
    body, truncated = ANY_BODY.read_capped(response, 4096)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert body == b"\0" * 4096 and truncated and peak < 256 * 1024


def test_the_final_error_response_is_closed_and_says_its_body_was_truncated() -> None:
    clock = Clock()
    policy = POLICY.replace(max_error_body=10)
    final = StreamedResponse(404, {}, [b"x" * 8, b"y" * 8, b"z" * 8])
    with pytest.raises(ANY.APIError) as caught:
        run(ANY, script(final), clock, policy=policy)
    assert caught.value.status == 404
    assert final.closed and final.pulled == 2  # read no further than the cap
    assert caught.value.truncated and caught.value.content == b"x" * 8 + b"yy"
    assert "body truncated after 10 bytes" in str(caught.value)
    assert ANY.from_response(404, {}, b"x").truncated is False
    assert ANY.from_response(404, {}, b"x", truncated=True).truncated is True


def test_a_body_broken_off_is_a_failed_attempt_under_the_gate() -> None:
    class Broken(StreamedResponse):
        def iter_raw(self) -> Iterator[bytes]:
            yield b"{"
            raise ConnectionResetError("reset mid-body")

    clock = Clock()
    first = Broken(503, {}, [])
    assert run(ANY, script(first, FakeResponse(200)), clock, policy=POLICY, method="GET").status_code == 200
    assert first.closed
    retrying = [v for v in map(vendor_package, VENDORS) if v.DEFAULT_POLICY.max_attempts > 1]
    for vendor in retrying:  # atomic or not: the outcome is unknown
        broken = Broken(503, {}, [])
        with pytest.raises(vendor.APIConnectionError) as caught:
            run(vendor, script(broken, FakeResponse(200)), clock, method="POST")
        assert broken.closed and isinstance(caught.value.__cause__, ConnectionResetError)
        assert "not idempotent" in caught.value.attempts[0].reason


@pytest.mark.parametrize("vendor", [vendor_package(s) for s in VENDORS if vendor_package(s).DEFAULT_POLICY.atomic_failures], ids=str)
def test_atomic_failures_apply_only_when_an_error_response_arrived(vendor: ModuleType) -> None:
    policy = vendor.DEFAULT_POLICY
    for unknown in (ReadTimeout("slow"), ConnectionResetError("reset after sending")):
        assert policy.decide(unknown, attempt=1, method="POST").retry is False
        assert policy.decide(unknown, attempt=1, method="GET").retry is True
    assert policy.decide(vendor.from_response(503, {}, b""), attempt=1, method="POST").retry is True
    assert policy.decide(ConnectionRefusedError(), attempt=1, method="POST").retry is True


def test_failure_kind_looks_at_the_cause() -> None:
    class NewConnectionError(Exception):
        pass

    class MaxRetryError(Exception):
        def __init__(self, reason: BaseException) -> None:
            super().__init__("max retries")
            self.reason = reason

    class ReadTimeoutError(TimeoutError):
        pass

    class ConnectionError(OSError):  # named like requests.ConnectionError
        pass

    kind = ANY.retry.failure_kind
    assert kind(ConnectionError(MaxRetryError(NewConnectionError("refused")))) == "connect"
    assert kind(ConnectionError(ReadTimeoutError("read timed out"))) == "timeout"
    assert kind(ConnectionError(ConnectionResetError("reset"))) == "network"
    chained = ConnectionError("aborted")
    chained.__context__ = ConnectionResetError()
    assert kind(chained) == "network"
    looped = ConnectionError("a cycle")
    looped.__cause__ = looped
    assert kind(looped) == "network"
    # A reset raised while handling an earlier refused connection: the request may have
    # been sent, so the implicit context must not make it look safe to resend.
    during = ConnectionError("reset after sending")
    during.__context__ = NewConnectionError("refused, earlier")
    assert kind(during) == "network"


class _Suspend:
    """An awaitable that suspends its coroutine once, driven by hand."""

    def __await__(self) -> Iterator[None]:
        yield


def test_an_abandoned_or_interrupted_retry_gives_its_tokens_back() -> None:
    budget = ANY.RetryBudget(capacity=100, retry_cost=5)

    async def sleep(seconds: float) -> None:
        await _Suspend()

    async def send() -> Any:
        return FakeResponse(503)

    for _ in range(30):
        coroutine = ANY.async_call_with_retry(send, policy=POLICY, budget=budget, sleep=sleep)
        coroutine.send(None)  # runs the attempt, pays for the retry, suspends in the sleep
        assert budget.available == 95
        coroutine.close()  # abandoned: the retry never runs
        assert budget.available == 100

    def hook(attempt: Any) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ANY.call_with_retry(script(FakeResponse(503)), policy=POLICY, budget=budget, on_retry=hook, sleep=lambda s: None)
    assert budget.available == 100


def test_the_error_a_loop_raises_reads_wait_and_retryable_with_its_policy() -> None:
    """The loop's policy, not the vendor's default, decides the raised error's wait and retryable."""
    vendor = next(
        v
        for v in map(vendor_package, VENDORS)
        if v.DEFAULT_POLICY.is_retryable(503) and v.DEFAULT_POLICY.server_wait({"Retry-After": "1"}, 503) == 1.0
    )  # a vendor whose DEFAULT_POLICY retries 503 and honours Retry-After
    clock = Clock()
    policy = vendor.DEFAULT_POLICY.replace(
        wait_headers=(("X-Wait", "milliseconds", (), ()),), retry_statuses=(), max_attempts=2
    )
    headers = {"X-Wait": "2500", "Retry-After": "1"}
    with pytest.raises(vendor.APIError) as caught:
        run(vendor, script(FakeResponse(503, headers)), clock, policy=policy)
    assert caught.value.retry_after == 2.5 and caught.value.retryable is False
    bare = vendor.from_response(503, headers, b"")
    assert bare.retry_after == 1.0 and bare.retryable is True


def test_attempt_timeouts_are_cut_to_the_time_left() -> None:
    _adapters = importlib.import_module(f"{ANY.__name__}._adapters")
    shorter = _adapters._shorter
    assert shorter(None, 2.0) == 2.0  # no timeout: the time left is one
    assert shorter(5, 2.0) == 2.0 and shorter(1.5, 2.0) == 1.5
    assert shorter((3.0, None), 2.0) == (2.0, 2.0)  # requests' (connect, read)
    assert shorter(None, -3.0) == 0.001  # past the deadline: fail at once, never "no timeout"
    other = object()  # e.g. urllib3's Timeout: kept as given
    assert shorter(other, 2.0) is other


def test_might_resend_follows_the_gate() -> None:
    policy = POLICY
    assert policy.might_resend("POST", {})  # a 429 refuses before processing: any method
    strict = policy.replace(rejected_statuses=())
    assert not strict.might_resend("POST", {}) and strict.might_resend("PUT", {})
    assert not strict.might_resend("POST", {"idempotency-key": "k"})  # no idempotency header documented
    assert strict.replace(idempotency_header="Idempotency-Key").might_resend("POST", {"idempotency-key": "k"})
    assert not strict.replace(max_attempts=1).might_resend("PUT", {})
