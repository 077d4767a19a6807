"""Retry runtime of MK.IO, with the vendor's documented rules as defaults.

Generated from specs/mkio.yaml by the error-contract generator; do not edit,
run ``make generate``. Every default below cites its source in that spec.

- ``RetryPolicy`` / ``DEFAULT_POLICY``: the rules; ``policy.replace(...)`` overrides.
- ``policy.decide(error, attempt=n, ...)``: one decision, pure, no sleeping.
- ``call_with_retry(send)`` / ``async_call_with_retry(send)``: run a request function,
  map responses with ``from_response``, sleep, log, and raise the final error with
  the history of attempts.
- ``RetryBudget`` / ``DEFAULT_BUDGET``: a process-wide token bucket that stops a
  failing vendor from turning into a retry storm.

Server wait headers win over the computed backoff; a server wait above
``max_server_wait`` is not slept on: the error is raised at once, its
``retry_after`` holding the hint, so the caller can reschedule. Imports only the
standard library.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, NamedTuple, TypeVar

from .errors import APIConnectionError, APIError, APITimeoutError, from_response

__all__ = [
    "DEFAULT_BUDGET",
    "DEFAULT_POLICY",
    "Attempt",
    "RetryBudget",
    "RetryDecision",
    "RetryPolicy",
    "WaitHint",
    "async_call_with_retry",
    "call_with_retry",
    "parse_wait",
]

Jitter = Literal["none", "full", "equal", "decorrelated"]
WaitUnit = Literal["seconds", "milliseconds", "epoch-seconds", "retry-after", "ratelimit"]
Response = TypeVar("Response")

# No server hint is believed beyond this many seconds (ten years); larger values are
# treated as garbage rather than as a reason to wait forever.
MAX_HINT_SECONDS = 315_360_000.0


class RetryDecision(NamedTuple):
    """Whether to retry, after how many seconds, and why (for logs).

    When ``retry`` is False, ``delay`` is the server's requested wait if that was
    the reason (above the cap), else 0.
    """

    retry: bool
    delay: float
    reason: str


class WaitHint(NamedTuple):
    """A server's wait request: seconds, and which header (and form) said so."""

    seconds: float
    source: str


class Attempt(NamedTuple):
    """One attempt of a retried call, as kept in the final error's ``attempts``."""

    number: int
    status: int | None  # None when no response arrived
    error: str  # exception class name
    request_id: str | None
    delay: float  # seconds slept before the next attempt (0 for the last one)
    reason: str
    elapsed: float  # seconds since the first attempt started, when this one ended


@dataclass(frozen=True)
class RetryPolicy:
    """The vendor's retry rules; ``replace()`` returns a copy with some fields changed.

    ``max_attempts`` counts every attempt, the first included. ``retry_codes`` and
    ``no_retry_codes`` are documented codes that override ``retry_statuses``.
    Requests with a non-idempotent method are retried after the request may have
    reached the server only when ``atomic_failures`` is set, when the request
    carries ``idempotency_header``, or when the status is in ``rejected_statuses``
    (the server refused the request before processing it). ``random`` is the
    jitter source (``random.random`` when None), injectable for tests.
    """

    max_attempts: int = 4
    deadline: float | None = 120.0
    retry_statuses: frozenset[int] = frozenset({429, 500, 503})
    retry_codes: frozenset[str] = frozenset()
    no_retry_codes: frozenset[str] = frozenset()
    retry_connection_errors: bool = True
    retry_timeouts: bool = True
    backoff_initial: float = 0.5
    backoff_multiplier: float = 2.0
    backoff_max: float = 8.0
    jitter: Jitter = "full"
    # (header, unit, statuses it is honoured on; empty for any status), first usable wins
    wait_headers: tuple[tuple[str, WaitUnit, frozenset[int]], ...] = (
        ("Retry-After", "retry-after", frozenset()),
        ("retry-after-ms", "milliseconds", frozenset()),
        ("RateLimit-Reset", "seconds", frozenset({429})),
        ("RateLimit", "ratelimit", frozenset({429})),
    )
    fallback_delays: tuple[tuple[int, float], ...] = ()
    max_server_wait: float = 60.0
    atomic_failures: bool = False
    idempotency_header: str = "Idempotency-Key"
    idempotent_methods: frozenset[str] = frozenset(
        {"DELETE", "GET", "HEAD", "OPTIONS", "PUT", "TRACE"}
    )
    rejected_statuses: frozenset[int] = frozenset({429})
    random: Callable[[], float] | None = field(default=None, compare=False, repr=False)

    def replace(self, **changes: Any) -> RetryPolicy:
        """A copy of this policy with ``changes`` applied."""
        return replace(self, **changes)

    def is_retryable(self, status: int, code: str | None = None) -> bool:
        """Whether ``status`` (and documented ``code``, which wins) may be retried."""
        if code is not None:
            if code in self.no_retry_codes:
                return False
            if code in self.retry_codes:
                return True
        return status in self.retry_statuses

    def wait_hint(
        self,
        headers: Mapping[str, str] | None,
        status: int | None = None,
        *,
        now: float | None = None,
    ) -> WaitHint | None:
        """The server's wait request from the first usable wait header, or None.

        A header scoped to some statuses is read only when ``status`` is one of them.
        """
        if not headers:
            return None
        for name, unit, statuses in self.wait_headers:
            if statuses and status not in statuses:
                continue
            value = headers.get(name)
            if value is None:
                continue
            hint = _parse_hint(value, unit, now, headers.get("Date"))
            if hint is not None:
                return WaitHint(hint[0], f"{name} ({hint[1]})")
        return None

    def server_wait(
        self,
        headers: Mapping[str, str] | None,
        status: int | None = None,
        *,
        now: float | None = None,
    ) -> float | None:
        """Seconds the server asked to wait (see ``wait_hint``), or None."""
        hint = self.wait_hint(headers, status, now=now)
        return None if hint is None else hint.seconds

    def backoff(self, attempt: int, previous: float | None = None) -> float:
        """The computed delay before retry number ``attempt`` (1 for the first retry).

        ``previous`` is the last delay slept, used by decorrelated jitter.
        """
        if self.jitter == "decorrelated":
            low = self.backoff_initial
            high = max(low, 3 * (previous if previous is not None else low))
            return min(self.backoff_max, low + _uniform(self.random) * (high - low))
        exponent = min(max(attempt - 1, 0), 64)
        base = min(self.backoff_max, self.backoff_initial * self.backoff_multiplier**exponent)
        if self.jitter == "none":
            return base
        draw = _uniform(self.random)
        if self.jitter == "equal":
            return base / 2 + draw * base / 2
        return draw * base

    def decide(
        self,
        error: BaseException,
        *,
        attempt: int,
        elapsed: float = 0.0,
        method: str | None = None,
        request_headers: Mapping[str, str] | None = None,
        previous_delay: float | None = None,
    ) -> RetryDecision:
        """Whether to retry after ``error``, which ended attempt number ``attempt``.

        ``error`` is an ``APIError`` (a response arrived) or the exception a transport
        raised. ``attempt`` counts the attempts made so far (1 after the first
        failure); ``elapsed`` is the seconds since the first attempt started.
        ``method`` and ``request_headers``, when given, apply the idempotency gate.
        """
        kind = failure_kind(error)
        status = error.status if isinstance(error, APIError) else None
        code = error.documented_code if isinstance(error, APIError) else None
        label = (
            (f"{status} {code}" if code else str(status))
            if status is not None
            else type(error).__name__
        )
        if kind == "response":
            if not self.is_retryable(status or 0, code):
                return RetryDecision(False, 0.0, f"{label} is not retryable")
        elif kind == "other":
            return RetryDecision(False, 0.0, f"{label} is not a transport or HTTP error")
        elif kind == "timeout" and not self.retry_timeouts:
            return RetryDecision(False, 0.0, f"{label}: timeouts are not retried")
        elif kind in ("connect", "network") and not self.retry_connection_errors:
            return RetryDecision(False, 0.0, f"{label}: connection errors are not retried")
        if attempt >= self.max_attempts:
            return RetryDecision(
                False, 0.0, f"{label}: gave up after {attempt} of {self.max_attempts} attempts"
            )
        if (
            kind != "connect"
            and status not in self.rejected_statuses
            and not self._may_resend(method, request_headers)
        ):
            return RetryDecision(
                False,
                0.0,
                f"{label}: {method} is not idempotent and may have been applied; "
                f"send an {self.idempotency_header} header to allow retries",
            )
        hint = self.wait_hint(error.headers, status) if isinstance(error, APIError) else None
        fixed = dict(self.fallback_delays).get(status) if status is not None else None
        if hint is not None:
            if hint.seconds > self.max_server_wait:
                return RetryDecision(
                    False,
                    hint.seconds,
                    f"{label}: {hint.source} asks to wait {hint.seconds:g}s, above the {self.max_server_wait:g}s cap",
                )
            delay, why = hint.seconds, f"{hint.source} asks to wait {hint.seconds:g}s"
        elif fixed is not None:
            delay, why = fixed, f"no server hint, fixed wait {fixed:g}s"
        else:
            delay = self.backoff(max(attempt, 1), previous_delay)
            why = f"{self.jitter} jitter backoff {delay:.3g}s"
        if self.deadline is not None and not (elapsed + delay <= self.deadline):
            return RetryDecision(
                False,
                0.0,
                f"{label}: waiting {delay:g}s would pass the {self.deadline:g}s deadline",
            )
        return RetryDecision(
            True, delay, f"{label}: retry {attempt} of {self.max_attempts - 1}, {why}"
        )

    def _may_resend(self, method: str | None, request_headers: Mapping[str, str] | None) -> bool:
        if method is None or self.atomic_failures or method.upper() in self.idempotent_methods:
            return True
        return request_headers is not None and _has_header(request_headers, self.idempotency_header)


def _has_header(headers: Mapping[str, str], name: str) -> bool:
    if name in headers:
        return True
    wanted = name.lower()
    return any(isinstance(key, str) and key.lower() == wanted for key in headers)


# Transport exception class names (httpx, requests/urllib3, the standard library),
# looked up by name so that no HTTP client is imported to recognise its errors.
_CONNECT_ERRORS = frozenset(
    {
        "ConnectError",
        "ConnectTimeout",
        "ConnectionRefusedError",
        "NewConnectionError",
        "NameResolutionError",
        "PoolTimeout",
    }
)
_TIMEOUT_ERRORS = frozenset(
    {"TimeoutError", "TimeoutException", "Timeout", "ReadTimeout", "WriteTimeout", "timeout"}
)
_NETWORK_ERRORS = frozenset(
    {
        "ConnectionError",
        "NetworkError",
        "RemoteProtocolError",
        "ReadError",
        "WriteError",
        "ProtocolError",
        "ChunkedEncodingError",
        "IncompleteRead",
    }
)


def failure_kind(
    error: BaseException,
) -> Literal["response", "connect", "timeout", "network", "other"]:
    """How a failure happened: a response, a connection never made (the request did
    not reach the server), a timeout or a broken connection (it may have), or other."""
    if isinstance(error, APIError):
        return "response"
    names = {cls.__name__ for cls in type(error).__mro__}
    if names & _CONNECT_ERRORS:
        return "connect"
    if names & _TIMEOUT_ERRORS:
        return "timeout"
    if names & _NETWORK_ERRORS:
        return "network"
    return "other"


def _uniform(source: Callable[[], float] | None) -> float:
    if source is None:
        import random

        source = random.random
    draw = source()
    return draw if 0.0 <= draw <= 1.0 else 0.0


def parse_wait(
    value: str, unit: str, *, now: float | None = None, date: str | None = None
) -> float | None:
    """Seconds to wait from one header value in ``unit``, or None when unusable.

    Units: ``seconds`` and ``milliseconds`` (delta), ``epoch-seconds`` (a Unix time),
    ``retry-after`` (RFC 9110: delta seconds or an HTTP-date, measured from the
    response's ``date`` when given, else from ``now``), ``ratelimit`` (the IETF
    ``RateLimit`` field: ``"q";r=0;t=30`` or ``limit=10, remaining=0, reset=30``).
    Never negative, never infinite, never raises.
    """
    hint = _parse_hint(value, unit, now, date)
    return None if hint is None else hint[0]


def _parse_hint(
    value: object, unit: str, now: float | None, date: object
) -> tuple[float, str] | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    if unit == "ratelimit":
        seconds = _ratelimit_field(text)
        return None if seconds is None else (seconds, "RateLimit field")
    if unit == "retry-after" and not _is_number(text):
        moment = _http_date(text)
        if moment is None:
            return None
        reference = _http_date(date) if isinstance(date, str) else None
        if reference is None:
            reference = time.time() if now is None else now
        seconds = _bounded(moment - reference, clamp_past=True)
        return None if seconds is None else (seconds, "HTTP-date")
    if not _is_number(text):
        return None
    number = float(text)
    if unit == "milliseconds":
        seconds = _bounded(number / 1000.0)
    elif unit == "epoch-seconds":
        seconds = _bounded(number - (time.time() if now is None else now), clamp_past=True)
    elif unit in ("seconds", "retry-after"):
        seconds = _bounded(number)
    else:
        return None
    return None if seconds is None else (seconds, unit if unit != "retry-after" else "seconds")


def _ratelimit_field(text: str) -> float | None:
    """The wait from an IETF RateLimit field: the longest reset among exhausted quotas.

    Structured form (draft 08+): ``"default";r=0;t=30, "burst";r=5;t=1``; older
    form: ``limit=100, remaining=0, reset=30``. None when no quota is exhausted.
    """
    waits: list[float] = []
    if "remaining=" in text or "reset=" in text:
        items = [dict(_pair(p) for p in text.replace(";", ",").split(","))]
        keys = ("remaining", "reset")
    else:
        items = [dict(_pair(p) for p in item.split(";")[1:]) for item in text.split(",")]
        keys = ("r", "t")
    for params in items:
        remaining, reset = params.get(keys[0], ""), params.get(keys[1], "")
        if (
            remaining.isascii()
            and remaining.isdigit()
            and int(remaining) == 0
            and _is_number(reset)
        ):
            seconds = _bounded(float(reset))
            if seconds is not None:
                waits.append(seconds)
    return max(waits) if waits else None


def _pair(text: str) -> tuple[str, str]:
    key, _, val = text.partition("=")
    return key.strip().lower(), val.strip()


def _is_number(text: str) -> bool:
    digits = text.replace(".", "", 1)
    return 0 < len(text) <= 32 and digits.isascii() and digits.isdigit()


def _bounded(seconds: float, *, clamp_past: bool = False) -> float | None:
    if not math.isfinite(seconds) or seconds > MAX_HINT_SECONDS:
        return None
    if seconds < 0:
        return 0.0 if clamp_past else None
    return seconds


_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


def _http_date(text: str) -> float | None:
    """A Unix time from an HTTP-date in any of RFC 9110's three formats, or None."""
    parts = text.replace(",", " ").split()
    if len(parts) == 6 and parts[5] == "GMT":  # IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        day, month, year, clock = parts[1], parts[2], parts[3], parts[4]
    elif len(parts) == 4 and parts[3] == "GMT" and parts[1].count("-") == 2:  # RFC 850
        day, month, year = parts[1].split("-")
        clock = parts[2]
        if len(year) == 2 and year.isdigit():
            year = str(2000 + int(year) if int(year) < 70 else 1900 + int(year))
    elif len(parts) == 5:  # asctime: Sun Nov  6 08:49:37 1994
        month, day, clock, year = parts[1], parts[2], parts[3], parts[4]
    else:
        return None
    pieces = clock.split(":")
    numbers = (day, year, *pieces)
    if len(pieces) != 3 or not all(p.isascii() and p.isdigit() and len(p) <= 4 for p in numbers):
        return None
    m = _MONTHS.get(month.lower())
    d, y, hh, mm, ss = (int(p) for p in numbers)
    if m is None or not (1 <= d <= 31 and 1900 <= y <= 9999 and hh <= 23 and mm <= 59 and ss <= 60):
        return None
    return float(_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss)


def _days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


class RetryBudget:
    """A thread-safe token bucket shared by every call that uses it (botocore's retry quota).

    Each retry spends ``retry_cost`` tokens (``timeout_cost`` after a timeout); a
    success gives back what its last retry spent, or ``success_refund`` when it
    needed no retry. With the bucket empty, failures are raised instead of retried
    until successes refill it. Pass ``budget=None`` to a loop to disable it.
    """

    def __init__(
        self,
        capacity: int = 500,
        *,
        retry_cost: int = 5,
        timeout_cost: int = 10,
        success_refund: int = 1,
    ) -> None:
        self.capacity = capacity
        self.retry_cost = retry_cost
        self.timeout_cost = timeout_cost
        self.success_refund = success_refund
        self._tokens = capacity
        self._lock = threading.Lock()

    @property
    def available(self) -> int:
        return self._tokens

    def acquire(self, cost: int) -> bool:
        """Spend ``cost`` tokens for a retry; False (spending nothing) when short."""
        with self._lock:
            if cost > self._tokens:
                return False
            self._tokens -= cost
            return True

    def release(self, amount: int) -> None:
        """Give ``amount`` tokens back, up to the capacity."""
        with self._lock:
            self._tokens = min(self.capacity, self._tokens + amount)


DEFAULT_POLICY = RetryPolicy()
DEFAULT_BUDGET = RetryBudget()


class _Loop:
    """The state of one retried call, shared by the sync and async loops.

    ``after_response`` / ``after_exception`` return the seconds to sleep before the
    next attempt, None to hand the response back, or raise the final error.
    """

    def __init__(
        self,
        policy: RetryPolicy | None,
        budget: RetryBudget | None,
        method: str | None,
        request_headers: Mapping[str, str] | None,
        clock: Callable[[], float],
        on_retry: Callable[[Attempt], None] | None,
        raise_errors: bool,
        replayable: bool,
    ) -> None:
        self.policy = DEFAULT_POLICY if policy is None else policy
        self.budget = budget
        self.method = method
        self.request_headers = request_headers
        self.clock = clock
        self.on_retry = on_retry
        self.raise_errors = raise_errors
        self.replayable = replayable
        self.started = clock()
        self.history: list[Attempt] = []
        self.previous_delay: float | None = None
        self.spent = 0

    def after_response(self, response: Any) -> float | None:
        status = getattr(response, "status_code", None)
        if not isinstance(status, int) or status < 400:
            if self.budget is not None:
                self.budget.release(self.spent or self.budget.success_refund)
            return None
        try:
            content = response.content
        except Exception:  # an unread stream
            content = None
        error = from_response(status, getattr(response, "headers", None), content)
        delay = self._next(error)
        if delay is None and not self.raise_errors:
            return None
        if delay is None:
            raise error
        return delay

    def after_exception(self, exc: Exception) -> float:
        delay = self._next(exc)
        if delay is not None:
            return delay
        kind = failure_kind(exc)
        if kind == "other":
            raise exc
        wrapper = APITimeoutError if kind == "timeout" else APIConnectionError
        raise wrapper(f"{type(exc).__name__}: {exc}", attempts=tuple(self.history)) from exc

    def _next(self, error: BaseException) -> float | None:
        elapsed = self.clock() - self.started
        number = len(self.history) + 1
        decision = self.policy.decide(
            error,
            attempt=number,
            elapsed=elapsed,
            method=self.method,
            request_headers=self.request_headers,
            previous_delay=self.previous_delay,
        )
        if decision.retry and not self.replayable:
            decision = RetryDecision(
                False, 0.0, "the request body is a stream that cannot be resent"
            )
        if decision.retry and self.budget is not None:
            cost = (
                self.budget.timeout_cost
                if failure_kind(error) == "timeout"
                else self.budget.retry_cost
            )
            if self.budget.acquire(cost):
                self.spent = cost
            else:
                decision = RetryDecision(
                    False, 0.0, f"retry budget exhausted ({self.budget.available} tokens left)"
                )
        record = Attempt(
            number=number,
            status=error.status if isinstance(error, APIError) else None,
            error=type(error).__name__,
            request_id=error.request_id if isinstance(error, APIError) else None,
            delay=decision.delay if decision.retry else 0.0,
            reason=decision.reason,
            elapsed=elapsed,
        )
        self.history.append(record)
        if isinstance(error, APIError):
            error.attempts = tuple(self.history)
        if not decision.retry:
            return None
        _log(record)
        if self.on_retry is not None:
            self.on_retry(record)
        self.previous_delay = decision.delay
        return decision.delay


def _log(record: Attempt) -> None:
    import logging

    logging.getLogger(__name__).info(
        "retrying after attempt %d: status=%s error=%s request_id=%s delay=%.3fs reason=%s",
        record.number,
        record.status,
        record.error,
        record.request_id,
        record.delay,
        record.reason,
    )


def call_with_retry(
    send: Callable[[], Response],
    *,
    policy: RetryPolicy | None = None,
    method: str | None = None,
    request_headers: Mapping[str, str] | None = None,
    budget: RetryBudget | None = DEFAULT_BUDGET,
    sleep: Callable[[float], object] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    on_retry: Callable[[Attempt], None] | None = None,
    raise_errors: bool = True,
    replayable: bool = True,
) -> Response:
    """Call ``send()`` until it succeeds or the policy gives up.

    ``send`` returns a response (anything with ``status_code``, ``headers`` and
    ``content``, such as httpx or requests responses) or raises a transport error.
    Responses below 400 are returned. Error responses are mapped with
    ``from_response``; the final one is raised (or, with ``raise_errors=False``,
    its response returned) carrying ``attempts``. Transport errors that are not
    retried are raised as ``APIConnectionError``/``APITimeoutError`` from the
    original. Pass ``method`` (and ``request_headers``) to apply the idempotency
    gate, ``replayable=False`` when the request body cannot be sent twice.
    """
    loop = _Loop(policy, budget, method, request_headers, clock, on_retry, raise_errors, replayable)
    while True:
        try:
            response = send()
        except Exception as exc:
            delay = loop.after_exception(exc)
        else:
            after = loop.after_response(response)
            if after is None:
                return response
            delay = after
            close = getattr(response, "close", None)
            if callable(close):
                close()  # release the connection before sleeping
        sleep(delay)


async def async_call_with_retry(
    send: Callable[[], Awaitable[Response]],
    *,
    policy: RetryPolicy | None = None,
    method: str | None = None,
    request_headers: Mapping[str, str] | None = None,
    budget: RetryBudget | None = DEFAULT_BUDGET,
    sleep: Callable[[float], Awaitable[object]] | None = None,
    clock: Callable[[], float] = time.monotonic,
    on_retry: Callable[[Attempt], None] | None = None,
    raise_errors: bool = True,
    replayable: bool = True,
) -> Response:
    """The async twin of ``call_with_retry``; sleeps with ``asyncio.sleep`` by default."""
    if sleep is None:
        import asyncio

        sleep = asyncio.sleep
    loop = _Loop(policy, budget, method, request_headers, clock, on_retry, raise_errors, replayable)
    while True:
        try:
            response = await send()
        except Exception as exc:
            delay = loop.after_exception(exc)
        else:
            after = loop.after_response(response)
            if after is None:
                return response
            delay = after
            aclose = getattr(response, "aclose", None)
            if callable(aclose):
                await aclose()  # release the connection before sleeping
        await sleep(delay)
