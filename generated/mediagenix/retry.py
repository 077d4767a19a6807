"""Retry policy of Mediagenix On-Demand, with the vendor's documented rules as defaults.

Generated from specs/mediagenix.yaml by the error-contract generator; do not edit,
run ``make generate``. Every default below cites its source in that spec.

``DEFAULT_POLICY.decide(error, attempt=n, elapsed=s)`` says whether to retry after the
``n``-th failed attempt and how long to wait first. Server wait headers win over the
computed backoff; a server wait above ``max_server_wait`` is not slept on: the
decision is not to retry, and the caller can reschedule using ``decision.delay``.
Imports only the standard library.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from .errors import APIError

__all__ = ["DEFAULT_POLICY", "RetryDecision", "RetryPolicy", "parse_wait"]

Jitter = Literal["none", "full", "equal"]
WaitUnit = Literal["seconds", "milliseconds", "epoch-seconds", "retry-after"]

# No server hint is believed beyond this many seconds (ten years); larger values are
# treated as garbage rather than as a reason to wait forever.
_MAX_HINT_SECONDS = 315_360_000.0


class RetryDecision(NamedTuple):
    """Whether to retry, after how many seconds, and why (for logs)."""

    retry: bool
    delay: float
    reason: str


@dataclass(frozen=True)
class RetryPolicy:
    """The vendor's retry rules; ``replace()`` returns a copy with some fields changed.

    ``max_attempts`` counts every attempt, the first included. ``retry_codes`` and
    ``no_retry_codes`` are documented codes that override ``retry_statuses``.
    ``random`` is the jitter source (``random.random`` when None), injectable for tests.
    """

    max_attempts: int = 5
    retry_statuses: frozenset[int] = frozenset({429, 500, 502, 503, 504})
    retry_codes: frozenset[str] = frozenset()
    no_retry_codes: frozenset[str] = frozenset()
    backoff_initial: float = 2.0
    backoff_multiplier: float = 2.0
    backoff_max: float = 16.0
    jitter: Jitter = "none"
    # (header, unit, statuses it is honoured on; empty for any status)
    wait_headers: tuple[tuple[str, WaitUnit, frozenset[int]], ...] = (
        ("Ratelimit-Reset", "seconds", frozenset({429})),
        ("Retry-After", "retry-after", frozenset()),
    )
    fallback_delays: tuple[tuple[int, float], ...] = ((429, 30.0),)
    max_server_wait: float = 60.0
    deadline: float | None = 120.0
    random: Callable[[], float] | None = field(default=None, compare=False, repr=False)

    def replace(self, **changes: object) -> RetryPolicy:
        """A copy of this policy with ``changes`` applied."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def is_retryable(self, status: int, code: str | None = None) -> bool:
        """Whether ``status`` (and documented ``code``, which wins) may be retried."""
        if code is not None:
            if code in self.no_retry_codes:
                return False
            if code in self.retry_codes:
                return True
        return status in self.retry_statuses

    def server_wait(
        self,
        headers: Mapping[str, str] | None,
        status: int | None = None,
        *,
        now: float | None = None,
    ) -> float | None:
        """Seconds the server asked to wait, from the first usable wait header, or None.

        A header scoped to some statuses is read only when ``status`` is one of them.
        """
        if not headers:
            return None
        for name, unit, statuses in self.wait_headers:
            value = headers.get(name)
            if value is None or (statuses and status not in statuses):
                continue
            seconds = parse_wait(value, unit, now=now, date=headers.get("Date"))
            if seconds is not None:
                return seconds
        return None

    def backoff(self, attempt: int) -> float:
        """The computed delay before retry number ``attempt`` (1 for the first retry)."""
        exponent = min(max(attempt - 1, 0), 64)
        base = min(self.backoff_max, self.backoff_initial * self.backoff_multiplier**exponent)
        if self.jitter == "none":
            return base
        draw = _uniform(self.random)
        if self.jitter == "equal":
            return base / 2 + draw * base / 2
        return draw * base

    def decide(self, error: APIError, *, attempt: int, elapsed: float = 0.0) -> RetryDecision:
        """Whether to retry after ``error``, which ended attempt number ``attempt``.

        ``attempt`` counts the attempts made so far (1 after the first failure);
        ``elapsed`` is the seconds spent since the first attempt started.
        """
        status, code = error.status, error.documented_code
        label = f"{status} {code}" if code else str(status)
        if not self.is_retryable(status, code):
            return RetryDecision(False, 0.0, f"{label} is not retryable")
        if attempt >= self.max_attempts:
            return RetryDecision(
                False, 0.0, f"{label}: gave up after {attempt} of {self.max_attempts} attempts"
            )
        hint = self.server_wait(error.headers, status)
        fixed = dict(self.fallback_delays).get(status)
        if hint is not None:
            if hint > self.max_server_wait:
                return RetryDecision(
                    False,
                    hint,
                    f"{label}: server asked to wait {hint:g}s, above the {self.max_server_wait:g}s cap",
                )
            delay, why = hint, f"server asked to wait {hint:g}s"
        elif fixed is not None:
            delay, why = fixed, f"no server hint, fixed wait {fixed:g}s"
        else:
            delay = self.backoff(max(attempt, 1))
            why = f"backoff {delay:.3g}s"
        if self.deadline is not None and not (elapsed + delay <= self.deadline):
            return RetryDecision(
                False,
                delay,
                f"{label}: waiting {delay:g}s would pass the {self.deadline:g}s deadline",
            )
        return RetryDecision(
            True, delay, f"{label}: retry {attempt} of {self.max_attempts - 1}, {why}"
        )


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
    response's ``date`` when given). Never negative, never infinite, never raises.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if unit == "retry-after" and not _is_number(text):
        moment = _http_date(text)
        if moment is None:
            return None
        reference = _http_date(date) if isinstance(date, str) else None
        if reference is None:
            reference = time.time() if now is None else now
        return _bounded(moment - reference, clamp_past=True)
    if not _is_number(text):
        return None
    number = float(text)
    if unit == "milliseconds":
        return _bounded(number / 1000.0)
    if unit == "epoch-seconds":
        return _bounded(number - (time.time() if now is None else now), clamp_past=True)
    if unit in ("seconds", "retry-after"):
        return _bounded(number)
    return None


def _is_number(text: str) -> bool:
    digits = text.replace(".", "", 1)
    return 0 < len(text) <= 32 and digits.isascii() and digits.isdigit()


def _bounded(seconds: float, *, clamp_past: bool = False) -> float | None:
    if not math.isfinite(seconds) or seconds > _MAX_HINT_SECONDS:
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


DEFAULT_POLICY = RetryPolicy()
