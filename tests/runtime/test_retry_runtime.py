"""The generated retry runtime: loops, idempotency gate, budget, hints, hooks (fake clock)."""

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

from conftest import VENDORS, vendor_package

shortkit = vendor_package("shortkit")
mediagenix = vendor_package("mediagenix")
mediamagic = vendor_package("mediamagic")
mkio = vendor_package("mkio")
konpro = vendor_package("konpro")
mkio_body = importlib.import_module("generated.mkio._body")


class FakeResponse:
    def __init__(self, status: int, headers: dict[str, str] | None = None, content: bytes = b"") -> None:
        self.status_code = status
        self.headers = headers or {}
        self.content = content
        self.closed = False

    def close(self) -> None:
        self.closed = True


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


def test_429_with_retry_after_then_success() -> None:
    clock = Clock()
    ok = FakeResponse(200, content=b"done")
    send = script(FakeResponse(429, {"Retry-After": "3"}, b'{"error": {"code": "RATE_LIMITED", "message": "slow"}}'), ok)
    assert run(shortkit, send, clock, method="POST") is ok
    assert send.calls == 2 and clock.sleeps == [3.0]


def test_exhausted_retries_raise_the_last_error_with_its_history() -> None:
    clock = Clock()
    responses = [FakeResponse(503, {"X-Request-Id": f"req-{n}"}) for n in range(4)]
    send = script(*responses)
    with pytest.raises(shortkit.ServiceUnavailableError) as caught:
        run(shortkit, send, clock)
    error = caught.value
    assert send.calls == 4 and clock.sleeps == [1.0, 2.0, 4.0]
    assert [a.number for a in error.attempts] == [1, 2, 3, 4]
    assert [a.status for a in error.attempts] == [503] * 4
    assert [a.request_id for a in error.attempts] == ["req-0", "req-1", "req-2", "req-3"]
    assert [a.delay for a in error.attempts] == [1.0, 2.0, 4.0, 0.0]
    assert "gave up after 4 of 4 attempts" in error.attempts[-1].reason
    assert str(error).endswith("after 4 attempts")
    assert all(r.closed for r in responses[:3])  # retried responses are released


def test_server_wait_above_the_cap_raises_at_once_with_the_hint() -> None:
    clock = Clock()
    send = script(FakeResponse(429, {"Ratelimit-Reset": "300"}))
    with pytest.raises(mediagenix.RateLimitError) as caught:
        run(mediagenix, send, clock)
    assert send.calls == 1 and clock.sleeps == []
    assert caught.value.retry_after == 300.0
    assert "above the 60s cap" in caught.value.attempts[0].reason
    assert str(caught.value).endswith("after 1 attempt")


def test_deadline_stops_retrying_in_time() -> None:
    clock = Clock()
    policy = mkio.DEFAULT_POLICY.replace(deadline=10.0, max_attempts=50, jitter="none", backoff_initial=4.0, backoff_max=4.0)
    send = script(*[FakeResponse(500)] * 50)
    with pytest.raises(mkio.InternalServerError) as caught:
        run(mkio, send, clock, policy=policy)
    assert clock.sleeps == [4.0, 4.0] and sum(clock.sleeps) <= 10.0
    assert "deadline" in caught.value.attempts[-1].reason


# The idempotency gate: (vendor, method, request headers, status, retried?)
GATE = [
    (mediamagic, "POST", {}, 502, False),  # may have been applied
    (mediamagic, "POST", {"Idempotency-Key": "k1"}, 502, False),  # it documents no idempotency header
    (mediamagic, "GET", {}, 502, True),
    (mediamagic, "PUT", {}, 500, True),
    (mediamagic, "POST", {}, 429, True),  # refused before processing
    (mkio, "PATCH", {}, 503, False),
    (mkio, "DELETE", {}, 503, True),
    (mediagenix, "POST", {}, 503, True),  # documented atomic: nothing changed on 4xx/5xx
    (mediagenix, "POST", {}, 502, True),
]


@pytest.mark.parametrize(("vendor", "method", "headers", "status", "retried"), GATE, ids=lambda v: getattr(v, "__name__", str(v)))
def test_idempotency_gate(vendor: ModuleType, method: str, headers: dict[str, str], status: int, retried: bool) -> None:
    clock = Clock()
    send = script(FakeResponse(status), FakeResponse(200))
    if retried:
        assert run(vendor, send, clock, method=method, request_headers=headers).status_code == 200
        assert send.calls == 2
    else:
        with pytest.raises(vendor.APIError) as caught:
            run(vendor, send, clock, method=method, request_headers=headers)
        assert send.calls == 1 and "not idempotent" in caught.value.attempts[0].reason


def test_vendor_idempotency_header_is_configurable() -> None:
    policy = mkio.DEFAULT_POLICY.replace(idempotency_header="X-Dedupe")
    error = mkio.from_response(503, {}, b"")
    assert policy.decide(error, attempt=1, method="POST", request_headers={"x-dedupe": "1"}).retry is True
    assert policy.decide(error, attempt=1, method="POST", request_headers={"Idempotency-Key": "1"}).retry is False


class ConnectError(Exception):
    """Named like httpx.ConnectError: the connection was never made."""


class ReadTimeout(Exception):
    """Named like httpx.ReadTimeout: the request may have reached the server."""


def test_connection_errors_are_retried_for_any_method() -> None:
    clock = Clock()
    send = script(ConnectionRefusedError("refused"), ConnectError("dns"), FakeResponse(200))
    assert run(mkio, send, clock, method="POST").status_code == 200
    assert send.calls == 3


def test_timeouts_after_sending_respect_the_gate() -> None:
    clock = Clock()
    send = script(ReadTimeout("slow"), FakeResponse(200))
    with pytest.raises(mkio.APITimeoutError) as caught:
        run(mkio, send, clock, method="POST")
    assert isinstance(caught.value.__cause__, ReadTimeout)
    assert send.calls == 1
    send = script(ReadTimeout("slow"), FakeResponse(200))
    assert run(mkio, send, clock, method="GET").status_code == 200


def test_transport_failures_end_as_connection_errors_with_history() -> None:
    clock = Clock()
    send = script(*[ConnectionResetError("reset")] * 4)
    with pytest.raises(konpro.APIConnectionError) as caught:
        run(konpro, send, clock, method="GET")
    assert isinstance(caught.value, konpro.KonProError)
    assert not isinstance(caught.value, konpro.APITimeoutError)
    assert isinstance(caught.value.__cause__, ConnectionResetError)
    assert len(caught.value.attempts) == 4 and str(caught.value).endswith("after 4 attempts")
    assert [a.status for a in caught.value.attempts] == [None] * 4


def test_connection_and_timeout_retries_can_be_switched_off() -> None:
    policy = mkio.DEFAULT_POLICY.replace(retry_connection_errors=False, retry_timeouts=False)
    assert policy.decide(ConnectionRefusedError(), attempt=1).retry is False
    assert policy.decide(TimeoutError(), attempt=1).retry is False
    assert mkio.DEFAULT_POLICY.decide(TimeoutError(), attempt=1).retry is True


def test_other_exceptions_propagate_unchanged_without_retry() -> None:
    clock = Clock()
    bug = ValueError("a bug in the caller")
    send = script(bug, FakeResponse(200))
    with pytest.raises(ValueError) as caught:
        run(mkio, send, clock)
    assert caught.value is bug and send.calls == 1


def test_raise_errors_false_returns_the_last_response() -> None:
    clock = Clock()
    last = FakeResponse(404, content=b"missing")
    assert run(mkio, script(last), clock, raise_errors=False) is last


def test_a_body_that_cannot_be_resent_is_not_retried() -> None:
    clock = Clock()
    send = script(FakeResponse(503), FakeResponse(200))
    with pytest.raises(mkio.ServiceUnavailableError) as caught:
        run(mkio, send, clock, replayable=False)
    assert "cannot be resent" in caught.value.attempts[0].reason


def test_on_retry_hook_and_logging(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    seen: list[Any] = []
    send = script(FakeResponse(503, {"X-Request-Id": "req_a"}), FakeResponse(200))
    with caplog.at_level(logging.INFO, logger="generated.shortkit.retry"):
        run(shortkit, send, clock, on_retry=seen.append)
    assert [(a.number, a.status, a.request_id, a.delay) for a in seen] == [(1, 503, "req_a", 1.0)]
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    for part in ("attempt 1", "status=503", "request_id=req_a", "delay=1.000s", "reason=503: retry 1 of 3"):
        assert part in message


def test_retry_budget_stops_a_storm_and_refills_on_success() -> None:
    budget = shortkit.RetryBudget(capacity=10, retry_cost=5, success_refund=1)
    clock = Clock()
    send = script(*[FakeResponse(503)] * 10)
    with pytest.raises(shortkit.ServiceUnavailableError) as caught:
        shortkit.call_with_retry(send, budget=budget, sleep=clock.sleep, clock=clock)
    assert send.calls == 3 and budget.available == 0  # two retries paid, the third refused
    assert "retry budget exhausted" in caught.value.attempts[-1].reason
    # a success that needed no retry refunds success_refund
    shortkit.call_with_retry(script(FakeResponse(200)), budget=budget, sleep=clock.sleep, clock=clock)
    assert budget.available == 1
    budget.release(100)
    assert budget.available == 10  # never above capacity
    # a success after a retry gives that retry's cost back
    shortkit.call_with_retry(script(FakeResponse(503), FakeResponse(200)), budget=budget, sleep=clock.sleep, clock=clock)
    assert budget.available == 10


def test_retry_budget_is_thread_safe() -> None:
    budget = mkio.RetryBudget(capacity=1000, retry_cost=1)
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
    policy = mkio.DEFAULT_POLICY.replace(jitter="decorrelated", backoff_initial=1.0, backoff_max=20.0)
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

    result = asyncio.run(shortkit.async_call_with_retry(send, sleep=fake_sleep, clock=clock, budget=None))
    assert result.status_code == 200 and clock.sleeps == [1.0, 2.0]

    async def quota() -> Any:
        return FakeResponse(429, {}, b'{"error": {"code": "QUOTA_EXCEEDED", "message": "monthly"}}')

    with pytest.raises(shortkit.RateLimitError) as caught:
        asyncio.run(shortkit.async_call_with_retry(quota, sleep=fake_sleep, clock=clock, budget=None))
    assert type(caught.value).__name__ == "QuotaExceededError" and len(caught.value.attempts) == 1


# Each vendor's retryable and non-retryable cases from VENDORS.md, through the loop:
# (vendor, status, headers, body, attempts until success or final failure)
SCENARIOS = [
    (mkio, 429, {}, b'{"error": {"code": "TooManyRequests", "detail": "slow"}, "status": 429, "ref": "r"}', 2),
    (mkio, 409, {}, b'{"error": {"code": "Conflict", "detail": "in use"}, "status": 409, "ref": "r"}', 1),
    (mkio, 400, {}, b'{"error": {"code": "BadRequest", "detail": "Asset a already exists."}, "ref": "r"}', 1),
    (mediamagic, 429, {"Retry-After": "1"}, b'{"error": "Rate limit exceeded: too many submission writes"}', 2),
    (mediamagic, 402, {}, b'{"error_code": "tier_not_authorized_for_integrations_api", "message": "no"}', 1),
    (mediamagic, 404, {}, b'{"detail": "Submission not found"}', 1),
    (shortkit, 429, {}, b'{"error": {"code": "RATE_LIMITED", "message": "slow"}}', 2),
    (shortkit, 429, {}, b'{"error": {"code": "QUOTA_EXCEEDED", "message": "monthly"}}', 1),
    (shortkit, 409, {}, b'{"error": {"code": "CONTENT_NOT_READY", "message": "processing"}}', 1),
    (konpro, 503, {}, b'{"error": {"code": "SERVICE_UNAVAILABLE", "message": "down"}, "request_id": "r"}', 2),
    (konpro, 401, {}, b'{"error": {"code": "INVALID_API_KEY", "message": "bad key"}, "request_id": "r"}', 1),
    (mediagenix, 429, {"Ratelimit-Reset": "2"}, b"", 2),
    (mediagenix, 422, {}, b"<errors><error>Name is taken</error></errors>", 1),
    (mediagenix, 503, {"Ratelimit-Reset": "250"}, b"", 2),  # 5xx backs off, ignoring the quota reset
]


@pytest.mark.parametrize(("vendor", "status", "headers", "body", "attempts"), SCENARIOS, ids=lambda v: getattr(v, "__name__", str(v)))
def test_documented_vendor_scenarios(vendor: ModuleType, status: int, headers: dict[str, str], body: bytes, attempts: int) -> None:
    clock = Clock()
    send = script(FakeResponse(status, headers, body), FakeResponse(200))
    if attempts == 2:
        assert run(vendor, send, clock, method="GET").status_code == 200
    else:
        with pytest.raises(vendor.APIError):
            run(vendor, send, clock, method="GET")
    assert send.calls == attempts


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
    hint = mkio.DEFAULT_POLICY.wait_hint(mkio.Headers(headers), status)
    assert (None if hint is None else (hint.seconds, hint.source)) == expected


def test_vendor_declared_hint_scoping() -> None:
    headers = mediagenix.Headers({"Ratelimit-Reset": "12", "Retry-After": "3"})
    assert mediagenix.DEFAULT_POLICY.wait_hint(headers, 429) == (12.0, "Ratelimit-Reset", "seconds")
    assert mediagenix.DEFAULT_POLICY.wait_hint(headers, 503) == (3.0, "Retry-After", "seconds")


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

    error = shortkit.from_response(429, {"Retry-After": "7"}, b'{"error": {"code": "RATE_LIMITED", "message": "m"}}')
    decision = shortkit.DEFAULT_POLICY.decide(error, attempt=1)
    reason = "429 RATE_LIMITED: retry 1 of 3, Retry-After (seconds) asks to wait 7s"
    assert decision.reason == reason  # built on first read
    assert tuple(decision) == (True, 7.0, reason) == decision
    assert decision == shortkit.RetryDecision(True, 7.0, reason)
    retry, delay, why = decision
    assert (retry, delay, why) == (True, 7.0, reason) and decision[1] == 7.0 and len(decision) == 3
    assert hash(decision) == hash((True, 7.0, reason))
    assert pickle.loads(pickle.dumps(shortkit.DEFAULT_POLICY.decide(error, attempt=9))) == (
        False, 0.0, "429 RATE_LIMITED: gave up after 9 of 4 attempts"
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
    body, truncated = mkio_body.read_capped(response, cap)
    assert body == data[:cap] and truncated == (len(data) > cap)
    assert response.content == body  # what was read stays readable on the response


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["gzip", "deflate", "br", "x-unknown"]), st.integers(0, 3000))
def test_read_capped_never_raises_on_garbage_and_never_exceeds_the_cap(wire: bytes, encoding: str, cap: int) -> None:
    body, truncated = mkio_body.read_capped(StreamedResponse(500, {"Content-Encoding": encoding}, [wire]), cap)
    assert body is not None and len(body) <= cap


def test_a_gzip_bomb_stops_inflating_at_the_cap() -> None:
    import tracemalloc

    bomb = _encode(b"\0" * (64 * 1_048_576), "gzip")  # 64 MiB expanded, 64 KiB on the wire
    response = StreamedResponse(503, {"Content-Encoding": "gzip"}, [bomb])
    tracemalloc.start()
    body, truncated = mkio_body.read_capped(response, 4096)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert body == b"\0" * 4096 and truncated and peak < 256 * 1024


def test_the_final_error_response_is_closed_and_says_its_body_was_truncated() -> None:
    clock = Clock()
    policy = mkio.DEFAULT_POLICY.replace(max_error_body=10)
    final = StreamedResponse(404, {}, [b"x" * 8, b"y" * 8, b"z" * 8])
    with pytest.raises(mkio.NotFoundError) as caught:
        run(mkio, script(final), clock, policy=policy)
    assert final.closed and final.pulled == 2  # read no further than the cap
    assert caught.value.truncated and caught.value.content == b"x" * 8 + b"yy"
    assert "body truncated after 10 bytes" in str(caught.value)
    assert mkio.from_response(404, {}, b"x").truncated is False
    assert mkio.from_response(404, {}, b"x", truncated=True).truncated is True


def test_a_body_broken_off_is_a_failed_attempt_under_the_gate() -> None:
    class Broken(StreamedResponse):
        def iter_raw(self) -> Iterator[bytes]:
            yield b"{"
            raise ConnectionResetError("reset mid-body")

    clock = Clock()
    first = Broken(503, {}, [])
    assert run(mkio, script(first, FakeResponse(200)), clock, method="GET").status_code == 200
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

    kind = mkio.retry.failure_kind
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
    budget = mkio.RetryBudget(capacity=100, retry_cost=5)

    async def sleep(seconds: float) -> None:
        await _Suspend()

    async def send() -> Any:
        return FakeResponse(503)

    for _ in range(30):
        coroutine = mkio.async_call_with_retry(send, budget=budget, sleep=sleep)
        coroutine.send(None)  # runs the attempt, pays for the retry, suspends in the sleep
        assert budget.available == 95
        coroutine.close()  # abandoned: the retry never runs
        assert budget.available == 100

    def hook(attempt: Any) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        mkio.call_with_retry(script(FakeResponse(503)), budget=budget, on_retry=hook, sleep=lambda s: None)
    assert budget.available == 100


def test_the_error_a_loop_raises_reads_wait_and_retryable_with_its_policy() -> None:
    clock = Clock()
    policy = mkio.DEFAULT_POLICY.replace(
        wait_headers=(("X-Wait", "milliseconds", (), ()),), retry_statuses=(), max_attempts=2
    )
    headers = {"X-Wait": "2500", "Retry-After": "1"}
    with pytest.raises(mkio.ServiceUnavailableError) as caught:
        run(mkio, script(FakeResponse(503, headers)), clock, policy=policy)
    assert caught.value.retry_after == 2.5 and caught.value.retryable is False
    bare = mkio.from_response(503, headers, b"")
    assert bare.retry_after == 1.0 and bare.retryable is True


def test_attempt_timeouts_are_cut_to_the_time_left() -> None:
    from generated.mkio import _adapters

    shorter = _adapters._shorter
    assert shorter(None, 2.0) == 2.0  # no timeout: the time left is one
    assert shorter(5, 2.0) == 2.0 and shorter(1.5, 2.0) == 1.5
    assert shorter((3.0, None), 2.0) == (2.0, 2.0)  # requests' (connect, read)
    assert shorter(None, -3.0) == 0.001  # past the deadline: fail at once, never "no timeout"
    other = object()  # e.g. urllib3's Timeout: kept as given
    assert shorter(other, 2.0) is other


def test_might_resend_follows_the_gate() -> None:
    policy = mkio.DEFAULT_POLICY
    assert policy.might_resend("POST", {})  # a 429 refuses before processing: any method
    strict = policy.replace(rejected_statuses=())
    assert not strict.might_resend("POST", {}) and strict.might_resend("PUT", {})
    assert not strict.might_resend("POST", {"idempotency-key": "k"})  # MK.IO documents no idempotency header
    assert strict.replace(idempotency_header="Idempotency-Key").might_resend("POST", {"idempotency-key": "k"})
    assert not strict.replace(max_attempts=1).might_resend("PUT", {})
