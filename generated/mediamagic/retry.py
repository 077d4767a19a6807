"""Retry policy of MediaMagic: the vendor's documented rules as data.

Generated from specs/mediamagic.yaml by the error-contract generator; do not edit,
run ``make generate``. The numbers below are the spec's (its comments cite the vendor's
documentation for each); what a policy does with them is ``RetryPolicy`` in ``_policy.py``.

- ``DEFAULT_POLICY.decide(error, attempt=n, ...)``: one decision, pure, no sleeping;
  ``DEFAULT_POLICY.replace(...)`` for another policy.
- ``call_with_retry(send)`` / ``async_call_with_retry(send)``: run a request function,
  map responses with ``from_response``, sleep, log, and raise the final error with
  the history of attempts (``policy=`` for another policy).
- ``RetryBudget`` / ``DEFAULT_BUDGET``: a process-wide token bucket that stops a
  failing vendor from turning into a retry storm.

Server wait headers win over the computed backoff; a server wait above
``max_server_wait`` is not slept on: the error is raised at once, its
``retry_after`` holding the hint, so the caller can reschedule. Imports only the
standard library.
"""

from __future__ import annotations

from . import _retrying
from ._policy import RetryDecision, RetryPolicy, bind
from ._retrying import DEFAULT_BUDGET, Attempt, RetryBudget
from ._waits import MAX_HINT_SECONDS, WaitHint, parse_wait
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

DEFAULT_POLICY = RetryPolicy(
    contract=CONTRACT,
    max_attempts=5,
    deadline=120.0,
    retry_statuses=((429, 429), (500, 500), (502, 502)),
    retry_codes=(),
    no_retry_codes=("tier_not_authorized_for_integrations_api",),
    retry_kinds=(),
    no_retry_kinds=(),
    directive_header=None,
    retry_connection_errors=True,
    retry_timeouts=True,
    backoff_initial=1.0,
    backoff_multiplier=2.0,
    backoff_max=30.0,
    backoff_min=0.0,
    jitter="full",
    backoff_overrides=(),
    wait_headers=(("Retry-After", "retry-after", (), ()),),
    fallback_delays=(),
    max_server_wait=60.0,
    atomic_failures=False,
    idempotency_header=None,
    idempotency_key=None,
    rejected_statuses=((429, 429),),
    rejected_codes=(),
)

call_with_retry = bind(_retrying.call_with_retry, DEFAULT_POLICY)
async_call_with_retry = bind(_retrying.async_call_with_retry, DEFAULT_POLICY)
failure_kind = DEFAULT_POLICY.failure_kind
