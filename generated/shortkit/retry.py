"""Retry policy of shortkit: the vendor's documented rules as defaults.

Generated from specs/shortkit.yaml by the error-contract generator; do not edit,
run ``make generate``. Every default below cites its source in that spec; what the
policy does with them is ``PolicyMethods`` in ``_retrying.py``.

- ``DEFAULT_POLICY.decide(error, attempt=n, ...)``: one decision, pure, no sleeping;
  ``DEFAULT_POLICY.replace(...)`` for another policy.
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

import dataclasses
from collections.abc import Callable
from typing import Any

from ._body import MAX_ERROR_BODY
from ._contract import Contract
from ._retrying import (
    DEFAULT_BUDGET,
    MAX_HINT_SECONDS,
    Attempt,
    Jitter,
    PolicyMethods,
    RetryBudget,
    RetryDecision,
    WaitHint,
    WaitUnit,
    async_call_with_retry,
    call_with_retry,
    failure_kind,
    parse_wait,
)
from .errors import CONTRACT

__all__ = [
    "DEFAULT_BUDGET",
    "DEFAULT_POLICY",
    "MAX_HINT_SECONDS",
    "Attempt",
    "RetryBudget",
    "RetryDecision",
    "RetryPolicy",
    "WaitHint",
    "async_call_with_retry",
    "call_with_retry",
    "failure_kind",
    "parse_wait",
]


@dataclasses.dataclass(frozen=True)
class RetryPolicy(PolicyMethods):
    """The retry rules of shortkit; ``replace()`` returns a changed copy."""

    max_attempts: int = 4
    deadline: float | None = 120.0
    retry_statuses: frozenset[int] = frozenset({429, 503})
    retry_codes: frozenset[str] = frozenset()
    no_retry_codes: frozenset[str] = frozenset({"QUOTA_EXCEEDED"})
    retry_connection_errors: bool = True
    retry_timeouts: bool = True
    backoff_initial: float = 1.0
    backoff_multiplier: float = 2.0
    backoff_max: float = 4.0
    jitter: Jitter = "none"
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
    max_error_body: int = (
        MAX_ERROR_BODY  # bytes of an error body the loops read, after decompression
    )
    random: Callable[[], float] | None = dataclasses.field(default=None, compare=False, repr=False)
    contract: Contract = dataclasses.field(default=CONTRACT, compare=False, repr=False)

    def replace(self, **changes: Any) -> RetryPolicy:
        """A copy of this policy with ``changes`` applied."""
        return dataclasses.replace(self, **changes)


DEFAULT_POLICY = RetryPolicy()
