"""The tenacity and stamina bridges: the same retries and delays as the package's own loop.

Each scenario is a vendor's documented responses (picked by property) played by the
package's testing kit (``Replay.send``, standard-library failures) to four runners:
``call_with_retry``, tenacity's ``Retrying`` and ``AsyncRetrying`` with
``tenacity_kwargs``, and ``stamina.retry`` with ``stamina_on`` and ``stamina_kwargs``.
Sleeps are recorded, never slept. Every runner must end the same way (the response
returned, or the same error raised), after the same requests and the same delays.
"""

from __future__ import annotations

import asyncio
import importlib
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any, NamedTuple

import pytest
import stamina
import tenacity

from conftest import GENERATED, VENDORS, Documented, first_documented, vendor_package

ANY = vendor_package(VENDORS[0])  # the bridges are the same runtime in every package


def kit(vendor: ModuleType) -> Any:
    return importlib.import_module(f"{vendor.__name__}.testing")


def fixed(vendor: ModuleType, **changes: Any) -> Any:
    """The vendor's policy with its jitter source fixed (the same draws for every runner)."""
    return vendor.DEFAULT_POLICY.replace(random=lambda: 0.5, **changes)


class Run(NamedTuple):
    """How a runner ended: ``200``, or the error raised (a transport failure as the
    original exception: the loop raises it as the package's, from the original)."""

    outcome: Any
    delays: list[float]
    requests: int
    error: Any = None


def _ended(vendor: ModuleType, replay: Any, delays: list[float], result: Any = None, error: Any = None) -> Run:
    if error is None:
        return Run(result.status_code, delays, len(replay.requests))
    original = error.__cause__ if isinstance(error, vendor.APIConnectionError) else error
    return Run(type(original).__name__, delays, len(replay.requests), error)


def send_raising(vendor: ModuleType, replay: Any, method: str) -> Any:
    """A request function for a retry library: error responses raise the package's errors."""
    response = replay.send(method, "https://api.test/things")
    vendor.raise_for_response(response)
    return response


def run_loop(vendor: ModuleType, steps: list[Any], method: str, policy: Any, headers: Any = None) -> Run:
    replay, slept = kit(vendor).replay(*steps), kit(vendor).SleepRecorder()
    try:
        result = vendor.call_with_retry(
            lambda: replay.send(method, "https://api.test/things", headers),
            policy=policy, method=method, request_headers=headers, budget=None, sleep=slept,
        )
    except Exception as error:
        return _ended(vendor, replay, slept.delays, error=error)
    return _ended(vendor, replay, slept.delays, result)


def run_tenacity(vendor: ModuleType, steps: list[Any], method: str, policy: Any, headers: Any = None) -> Run:
    replay, delays = kit(vendor).replay(*steps), []
    retrying = tenacity.Retrying(
        **vendor.tenacity_kwargs(method=method, request_headers=headers, policy=policy), sleep=delays.append
    )
    try:
        result = retrying(send_raising, vendor, replay, method)
    except Exception as error:
        return _ended(vendor, replay, delays, error=error)
    return _ended(vendor, replay, delays, result)


def run_async_tenacity(vendor: ModuleType, steps: list[Any], method: str, policy: Any, headers: Any = None) -> Run:
    replay, delays = kit(vendor).replay(*steps), []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)
        await asyncio.sleep(0)

    async def send() -> Any:
        await asyncio.sleep(0)
        return send_raising(vendor, replay, method)

    retrying = tenacity.AsyncRetrying(
        **vendor.tenacity_kwargs(method=method, request_headers=headers, policy=policy), sleep=sleep
    )
    try:
        result = asyncio.run(retrying(send))
    except Exception as error:
        return _ended(vendor, replay, delays, error=error)
    return _ended(vendor, replay, delays, result)


@pytest.fixture
def run_stamina(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """stamina sleeps through tenacity's default sleep (``time.sleep``): recorded here."""
    delays: list[float] = []
    monkeypatch.setattr(tenacity.nap.time, "sleep", delays.append)

    def run(vendor: ModuleType, steps: list[Any], method: str, policy: Any, headers: Any = None) -> Run:
        delays.clear()
        replay = kit(vendor).replay(*steps)

        @stamina.retry(
            on=vendor.stamina_on(method=method, request_headers=headers, policy=policy),
            **vendor.stamina_kwargs(policy=policy),
        )
        def call() -> Any:
            return send_raising(vendor, replay, method)

        try:
            result = call()
        except Exception as error:
            return _ended(vendor, replay, list(delays), error=error)
        return _ended(vendor, replay, list(delays), result)

    return run


RUNNERS = {"tenacity": run_tenacity, "async tenacity": run_async_tenacity}


def _same(expected: Run, got: Run) -> None:
    assert (got.outcome, got.requests) == (expected.outcome, expected.requests)
    assert got.delays == pytest.approx(expected.delays, abs=1e-9)


# -- scenarios: documented responses, by property -------------------------------------


def asks_to_wait() -> Documented:
    return first_documented(
        "asks for a wait that the policy sleeps on for a GET",
        lambda c: c.error.retry_after is not None
        and (d := fixed(c.vendor).decide(c.error, attempt=1, method="GET")).retry
        and d.delay == c.error.retry_after,
        prefer=lambda c: (c.error.status != 429, "Retry-After" not in c.error.headers),
    )


def not_retried_code() -> Documented:
    return first_documented(
        "carries a code the policy never retries",
        lambda c: c.error.code is not None and not c.error.retryable,
        prefer=lambda c: not c.vendor.DEFAULT_POLICY.is_retryable(c.error.status),  # one overriding its status first
    )


def retried_without_wait() -> Documented:
    return first_documented(
        "is a retried 5xx without a server wait",
        lambda c: c.error.status >= 500 and c.error.retry_after is None
        and fixed(c.vendor).decide(c.error, attempt=1, method="GET").retry
        and not any(status == c.error.status for status, _ in c.vendor.DEFAULT_POLICY.fallback_delays),
        prefer=lambda c: c.error.status != 503,
    )


def scenarios() -> list[Any]:
    wait, code, server = asks_to_wait(), not_retried_code(), retried_without_wait()
    policy = server.vendor.DEFAULT_POLICY
    return [
        pytest.param(wait.vendor, [wait.vector["name"], 200], "GET", id="a documented wait, then success"),
        pytest.param(code.vendor, [code.vector["name"]], "GET", id="a documented code never retried"),
        pytest.param(server.vendor, [server.vector["name"], 200], "GET", id="a documented 5xx, then success"),
        pytest.param(
            server.vendor, [server.vector["name"]] * policy.max_attempts, "GET", id="a 5xx until max_attempts"
        ),
        pytest.param(ANY, ["TIMEOUT"], "POST", id="a POST is not resent after a timeout"),
        pytest.param(ANY, ["TIMEOUT", 200], "GET", id="a GET is resent after a timeout"),
        pytest.param(ANY, ["CONNECT_ERROR", 200], "POST", id="a POST is resent after a refused connection"),
        pytest.param(ANY, ["NETWORK_ERROR"], "PATCH", id="a PATCH is not resent after a reset"),
    ]


def steps_of(vendor: ModuleType, steps: list[Any]) -> list[Any]:
    """Failures by their name in the kit; example names stay strings (the kit looks them up)."""
    return [getattr(kit(vendor), step) if step in ("TIMEOUT", "CONNECT_ERROR", "NETWORK_ERROR") else step for step in steps]


@pytest.mark.parametrize(("vendor", "steps", "method"), scenarios())
@pytest.mark.parametrize("runner", sorted(RUNNERS))
def test_tenacity_retries_and_waits_as_the_package_loop(vendor: ModuleType, steps: list[Any], method: str, runner: str) -> None:
    policy = fixed(vendor)
    expected = run_loop(vendor, steps_of(vendor, steps), method, policy)
    got = RUNNERS[runner](vendor, steps_of(vendor, steps), method, policy)
    _same(expected, got)
    if expected.error is not None and isinstance(expected.error, vendor.APIError):
        # the error that ends the call carries the same history and reads as the policy did
        assert [(a.number, a.status, a.delay) for a in got.error.attempts] == [
            (a.number, a.status, a.delay) for a in expected.error.attempts
        ]
        assert (got.error.retry_after, got.error.retryable) == (expected.error.retry_after, expected.error.retryable)


@pytest.mark.parametrize(("vendor", "steps", "method"), scenarios())
def test_stamina_retries_and_waits_as_the_package_loop(
    vendor: ModuleType, steps: list[Any], method: str, run_stamina: Callable[..., Run]
) -> None:
    """Without jitter (stamina's is its own), stamina's exponential backoff is the policy's."""
    policy = fixed(vendor, jitter="none")
    expected = run_loop(vendor, steps_of(vendor, steps), method, policy)
    _same(expected, run_stamina(vendor, steps_of(vendor, steps), method, policy))


def test_a_server_wait_above_the_cap_stops_at_once_and_is_not_shortened(run_stamina: Callable[..., Run]) -> None:
    case = asks_to_wait()
    policy = fixed(case.vendor, max_server_wait=case.error.retry_after / 2)
    steps = [case.vector["name"], 200]
    for got in (run_tenacity(case.vendor, steps, "GET", policy), run_stamina(case.vendor, steps, "GET", policy)):
        assert (got.outcome, got.delays, got.requests) == (case.vector["expect"]["class"], [], 1)
        assert got.error.retry_after == case.error.retry_after  # for the caller to reschedule


def test_the_idempotency_header_lets_a_post_be_resent_after_a_timeout(run_stamina: Callable[..., Run]) -> None:
    policy = fixed(ANY, idempotency_header="Idempotency-Key")
    steps = [kit(ANY).TIMEOUT, 200]
    keyed = {"Idempotency-Key": "k-1"}
    for runner in (run_loop, run_tenacity, run_async_tenacity, run_stamina):
        assert runner(ANY, steps, "POST", policy, keyed).outcome == 200, runner
        assert runner(ANY, steps, "POST", policy, {}).outcome == "TimeoutError", runner


def test_transport_failures_follow_the_policy_switches() -> None:
    steps = [kit(ANY).TIMEOUT, 200]
    off = fixed(ANY, retry_timeouts=False)
    assert run_tenacity(ANY, steps, "GET", off).outcome == "TimeoutError"
    connect = [kit(ANY).CONNECT_ERROR, 200]
    assert run_tenacity(ANY, connect, "GET", fixed(ANY, retry_connection_errors=False)).outcome == "ConnectionRefusedError"
    assert run_tenacity(ANY, connect, "GET", fixed(ANY)).outcome == 200


# -- one decision per attempt, per call ------------------------------------------------


class Counting(ANY.RetryPolicy):  # type: ignore[misc, name-defined]
    """A policy counting its decisions (RetryPolicy's slots hold no room for a counter)."""

    calls: list[int] = []

    def decide(self, error: BaseException, *, attempt: int, **options: Any) -> Any:
        Counting.calls.append(attempt)
        return super().decide(error, attempt=attempt, **options)


def test_retry_wait_and_stop_share_one_decision_per_attempt() -> None:
    case = retried_without_wait()
    policy = Counting(**fixed(case.vendor)._fields())
    Counting.calls = []
    steps = [case.vector["name"]] * policy.max_attempts
    got = run_tenacity(case.vendor, steps, "GET", policy)
    assert got.requests == policy.max_attempts
    assert Counting.calls == list(range(1, policy.max_attempts + 1))  # retry, wait and stop asked each time


def test_concurrent_calls_of_one_decorated_function_keep_their_own_decisions() -> None:
    """Two threads through one ``tenacity.retry`` function (one bridge), interleaving:
    each call's attempts count from 1 and its delays are those of its own attempts."""
    case = retried_without_wait()
    policy = fixed(case.vendor)
    scripts = {3: [case.vector["name"]] * 3 + [200], 1: [case.vector["name"], 200]}
    expected = {failures: run_loop(case.vendor, steps, "GET", policy).delays for failures, steps in scripts.items()}
    local = threading.local()
    delays: dict[int, list[float]] = {3: [], 1: []}
    barrier = threading.Barrier(2)

    def sleep(seconds: float) -> None:
        delays[local.failures].append(seconds)
        time.sleep(0.002)  # let the other thread run its attempt

    @tenacity.retry(**case.vendor.tenacity_kwargs(method="GET", policy=policy), sleep=sleep)
    def call() -> Any:
        return send_raising(case.vendor, local.replay, "GET")

    def thread(failures: int) -> None:
        local.failures = failures
        local.replay = kit(case.vendor).replay(*scripts[failures])
        barrier.wait()
        call()
        local.replay.assert_played()

    threads = [threading.Thread(target=thread, args=(failures,)) for failures in scripts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert delays == expected and len(expected[3]) == 3 and expected[1] == expected[3][:1]


def test_concurrent_async_calls_keep_their_own_decisions() -> None:
    case = retried_without_wait()
    policy = fixed(case.vendor)
    kwargs = case.vendor.tenacity_kwargs(method="GET", policy=policy)  # one set shared by both calls
    slept: dict[int, list[float]] = {1: [], 3: []}

    async def run(failures: int) -> Any:
        replay = kit(case.vendor).replay(*[case.vector["name"]] * failures, 200)

        async def sleep(seconds: float) -> None:
            slept[failures].append(seconds)
            await asyncio.sleep(0)

        async def send() -> Any:
            await asyncio.sleep(0)
            return send_raising(case.vendor, replay, "GET")

        return await tenacity.AsyncRetrying(**kwargs, sleep=sleep)(send)

    async def both() -> list[Any]:
        return list(await asyncio.gather(run(3), run(1)))

    assert [r.status_code for r in asyncio.run(both())] == [200, 200]
    steps = [case.vector["name"]] * 3 + [200]
    assert slept[3] == run_loop(case.vendor, steps, "GET", policy).delays
    assert slept[1] == slept[3][:1]


def test_a_decorated_function_starts_afresh_on_every_call() -> None:
    case = retried_without_wait()
    policy = fixed(case.vendor)
    delays: list[float] = []
    replay = kit(case.vendor).replay(case.vector["name"], 200, case.vector["name"], 200)

    @tenacity.retry(**case.vendor.tenacity_kwargs(method="GET", policy=policy), sleep=delays.append)
    def call() -> Any:
        return send_raising(case.vendor, replay, "GET")

    call()
    call()
    assert len(delays) == 2 and delays[0] == delays[1] == policy.backoff(1)
    replay.assert_played()


def test_the_deadline_is_read_from_the_retry_state() -> None:
    case = retried_without_wait()
    policy = fixed(case.vendor, deadline=10.0, jitter="none")
    bridge = case.vendor.tenacity_bridge(method="GET", policy=policy)
    first_delay = policy.backoff(1)

    def state(elapsed: float) -> Any:
        s = tenacity.RetryCallState(tenacity.Retrying(), None, (), {})
        s.set_exception((type(case.error), case.error, None))
        s.outcome_timestamp = s.start_time + elapsed
        return s

    assert bridge.retry(state(0.0)) and bridge.wait(state(0.0)) == first_delay
    late = state(10.0 - first_delay / 2)
    assert not bridge.retry(late) and bridge.stop(late) and "deadline" in bridge.decision(late).reason


def test_a_returned_value_retried_by_another_condition_gets_the_policy_backoff_and_limits() -> None:
    policy = fixed(ANY, jitter="none", max_attempts=3)
    bridge = ANY.tenacity_bridge(policy=policy)
    results = iter([None, None, None, "done"])
    delays: list[float] = []
    retrying = tenacity.Retrying(
        retry=tenacity.retry_any(bridge.retry, tenacity.retry_if_result(lambda r: r is None)),
        wait=bridge.wait, stop=bridge.stop, sleep=delays.append,
    )
    with pytest.raises(tenacity.RetryError):
        retrying(lambda: next(results))
    assert delays == [policy.backoff(1), policy.backoff(2)]  # and no third retry: max_attempts


def test_tenacitys_explicit_try_again_gets_the_policy_backoff_and_limits() -> None:
    policy = fixed(ANY, jitter="none", max_attempts=3)
    slept = kit(ANY).SleepRecorder()
    calls: list[int] = []

    def again() -> None:
        calls.append(1)
        raise tenacity.TryAgain

    with pytest.raises(tenacity.RetryError):
        tenacity.Retrying(**ANY.tenacity_kwargs(policy=policy) | {"reraise": False}, sleep=slept.record)(again)
    assert slept.delays == [policy.backoff(1), policy.backoff(2)] and len(calls) == 3


def test_on_retry_and_the_log_see_each_retry(caplog: pytest.LogCaptureFixture) -> None:
    case = retried_without_wait()
    seen: list[Any] = []
    replay = kit(case.vendor).replay(case.vector["name"], case.vector["name"], 200)
    retrying = tenacity.Retrying(
        **case.vendor.tenacity_kwargs(method="GET", on_retry=seen.append), sleep=lambda s: None
    )
    with caplog.at_level("INFO"):
        retrying(send_raising, case.vendor, replay, "GET")
    assert [(a.number, a.status) for a in seen] == [(1, case.error.status), (2, case.error.status)]
    assert sum("retrying after attempt" in r.getMessage() for r in caplog.records) == 2


# -- stamina's part ------------------------------------------------------------------


def test_stamina_on_answers_with_the_policy() -> None:
    wait, code, server = asks_to_wait(), not_retried_code(), retried_without_wait()
    assert wait.vendor.stamina_on(method="GET")(wait.error) == wait.error.retry_after  # a server wait, exact
    assert code.vendor.stamina_on()(code.error) is False
    assert server.vendor.stamina_on(method="GET")(server.error) is True  # stamina's own backoff
    assert ANY.stamina_on(method="POST")(TimeoutError()) is False  # the idempotency gate
    assert ANY.stamina_on(method="POST")(ConnectionRefusedError()) is True
    assert ANY.stamina_on()(ValueError()) is False  # not a transport or HTTP error


def test_stamina_kwargs_map_the_policy_numbers() -> None:
    policy = ANY.DEFAULT_POLICY.replace(
        max_attempts=5, deadline=None, backoff_initial=0.5, backoff_multiplier=3.0, backoff_max=9.0, jitter="full"
    )
    assert ANY.stamina_kwargs(policy=policy) == {
        "attempts": 5, "timeout": None, "wait_initial": 0.5, "wait_max": 9.0, "wait_jitter": 0.5, "wait_exp_base": 3.0,
    }
    assert ANY.stamina_kwargs(policy=policy.replace(jitter="none", deadline=30.0))["wait_jitter"] == 0.0
    assert ANY.stamina_kwargs()["attempts"] == ANY.DEFAULT_POLICY.max_attempts


# -- imports ---------------------------------------------------------------------------


def test_the_bridges_import_neither_library() -> None:
    slug = VENDORS[0]
    script = (
        f"import sys; sys.path.insert(0, {str(GENERATED)!r})\n"
        f"import {slug} as pkg\n"
        "kw = pkg.tenacity_kwargs(method='GET'); b = pkg.tenacity_bridge(); pkg.stamina_on()(TimeoutError())\n"
        "pkg.stamina_kwargs()\n"
        "loaded = sorted(n for n in sys.modules if n.split('.')[0] in ('tenacity', 'stamina', 'httpx', 'requests'))\n"
        "assert not loaded, loaded\n"
        f"assert {slug + '.testing'!r} not in sys.modules\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-I", "-c", script], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
