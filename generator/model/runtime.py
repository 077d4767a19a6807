"""The generated packages' runtime, loaded into the generator: one implementation of every rule.

``templates/runtime/`` is imported here as a package of its own (it imports only the
standard library and itself, relatively), without any vendor module. The generator
asks it what a rule means (is this status retried, which wait headers apply, what
delays the backoff gives) for ERRORS.md, ``diff`` and validation, so the page and the
package can never disagree. ``policy_fields`` is also what ``retry.py`` renders, so
the policy built here equals the package's ``DEFAULT_POLICY``.
"""

from __future__ import annotations

import importlib
import sys
import types
from functools import cache
from typing import Any

from ..paths import TEMPLATES_DIR
from . import RetryRules

PACKAGE = "_error_contract_runtime"


def module(name: str) -> Any:
    """The runtime module ``name`` (``"_policy"``, ``"_waits"``, ...)."""
    if PACKAGE not in sys.modules:
        package = types.ModuleType(PACKAGE, "The generated packages' runtime, as the generator uses it.")
        package.__path__ = [str(TEMPLATES_DIR / "runtime")]
        sys.modules[PACKAGE] = package
    # No __pycache__ in templates/: the generator writes only its output and its cache
    # (and the template loader would list the byte code as templates).
    writing, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        return importlib.import_module(f"{PACKAGE}.{name}")
    finally:
        sys.dont_write_bytecode = writing


def policy_fields(rules: RetryRules) -> tuple[tuple[str, Any], ...]:
    """``RetryPolicy`` keyword arguments for ``rules``, as literals (tuples, not sets)."""
    directive = rules.directive
    fields: list[tuple[str, Any]] = [
        ("max_attempts", rules.max_attempts),
        ("deadline", rules.deadline),
        ("retry_statuses", rules.statuses),
        ("retry_codes", rules.retry_codes),
        ("no_retry_codes", rules.no_retry_codes),
        ("retry_kinds", rules.retry_kinds),
        ("no_retry_kinds", rules.no_retry_kinds),
        ("directive_header", None if directive is None else (directive.name, directive.retry, directive.no_retry)),
        ("retry_connection_errors", rules.connection_errors),
        ("retry_timeouts", rules.timeouts),
        ("backoff_initial", rules.backoff_initial),
        ("backoff_multiplier", rules.backoff_multiplier),
        ("backoff_max", rules.backoff_max),
        ("backoff_min", rules.backoff_min),
        ("jitter", rules.jitter),
        (
            "backoff_overrides",
            tuple((o.statuses, o.cls, o.initial, o.multiplier, o.max) for o in rules.backoff_overrides),
        ),
        ("wait_headers", tuple((h.name, h.unit, h.statuses, h.when) for h in rules.wait_headers)),
        ("fallback_delays", rules.fallback_delays),
        ("max_server_wait", rules.max_server_wait),
        ("atomic_failures", rules.atomic_failures),
        ("idempotency_header", rules.idempotency_header),
        ("idempotency_key", rules.idempotency_key),
        ("rejected_statuses", rules.refused_statuses),
        ("rejected_codes", rules.refused_codes),
    ]
    return tuple(fields)


@cache
def policy(rules: RetryRules) -> Any:
    """The runtime's ``RetryPolicy`` for ``rules`` (no contract: the generator asks it
    about statuses, codes, kinds and headers, never about a live error)."""
    return module("_policy").RetryPolicy(**dict(policy_fields(rules)))


@cache
def _classifier(rules: RetryRules) -> Any:
    """A ``RetryPolicy`` holding only ``rules``' status, code and kind rules: validation asks
    it before the rest of the section (backoff numbers, waits), which the runtime's own
    checks would refuse, is known to be consistent."""
    fields = dict(policy_fields(rules))
    kept = ("retry_statuses", "retry_codes", "no_retry_codes", "retry_kinds", "no_retry_kinds")
    return module("_policy").RetryPolicy(**{name: fields[name] for name in kept})


def retried(rules: RetryRules, status: int, code: str | None = None, kind: str | None = None) -> bool:
    """Whether an error of ``status`` (with documented ``code`` / ``kind``) is retried."""
    return bool(_classifier(rules).is_retryable(status, code, kind))


def applies_on(rules: RetryRules, status: int) -> tuple[int, ...]:
    """The indices of ``rules.wait_headers`` read on an error of ``status`` (their
    header conditions aside), in the order they are tried."""
    waits = module("_waits")
    entries = policy(rules).wait_headers
    return tuple(index for index, entry in enumerate(entries) if waits.applies((*entry[:3], ()), status, None))


def backoff_delays(rules: RetryRules, status: int | None = None, classes: tuple[str, ...] = ()) -> tuple[float, ...]:
    """The longest computed delay before each retry (jitter draws below it) for an
    error of ``status`` whose class and bases are ``classes``."""
    rule = policy(rules)
    initial, multiplier, most = rule.backoff_numbers(status, classes)
    plain = rule.replace(backoff_overrides=(), backoff_initial=initial, backoff_multiplier=multiplier, backoff_max=most)
    return tuple(float(plain.backoff_ceiling(n)) for n in range(1, rules.max_attempts))
