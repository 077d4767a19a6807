"""A RetryPolicy is checked when it is built: a bad value is a ValueError naming the field and
what is allowed, from ``RetryPolicy(...)`` and from ``replace(...)`` alike, and ``replace``
knows its fields (a misspelled one is a TypeError, and a mypy error: see test_packaging)."""

from __future__ import annotations

import math
import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import VENDORS, vendor_package

ANY = vendor_package(VENDORS[0])  # the runtime is the same in every package
RetryPolicy = ANY.RetryPolicy

# (field, bad value, words the message must hold besides the field's name)
BAD = [
    ("max_attempts", 0, ">= 1"),
    ("max_attempts", -3, ">= 1"),
    ("max_attempts", 2.0, "int"),
    ("max_attempts", True, "int"),
    ("max_attempts", "3", "int"),
    ("deadline", 0, "> 0"),
    ("deadline", -1.5, "> 0"),
    ("deadline", "10", "number"),
    ("deadline", math.nan, "number"),
    ("backoff_initial", -0.1, ">= 0"),
    ("backoff_initial", "1", "number"),
    ("backoff_multiplier", 0.5, ">= 1"),
    ("backoff_multiplier", None, "number"),
    ("backoff_max", -1, ">= 0"),
    ("backoff_min", -1, ">= 0"),
    ("backoff_min", False, "number"),
    ("jitter", "fulll", "decorrelated"),
    ("jitter", None, "decorrelated"),
    ("max_server_wait", -5, ">= 0"),
    ("max_server_wait", "60", "number"),
    ("max_error_body", -1, ">= 0"),
    ("max_error_body", 1.5, "int"),
    ("retry_statuses", [99], "100-599"),
    ("retry_statuses", [600], "100-599"),
    ("retry_statuses", [(500, 700)], "100-599"),
    ("retry_statuses", [(599, 500)], "100-599"),
    ("retry_statuses", ["503"], "100-599"),
    ("retry_statuses", 503, "collection"),
    ("rejected_statuses", [True], "100-599"),
    ("retry_codes", "RATE_LIMITED", "collection"),
    ("retry_codes", [429], "strings"),
    ("idempotent_methods", "POST", "collection"),
    ("retry_timeouts", "no", "True or False"),
    ("atomic_failures", 1, "True or False"),
    ("idempotency_header", 5, "string"),
    ("fallback_delays", [(429, -1.0)], ">= 0"),
    ("fallback_delays", [(42, 1.0)], "100-599"),
    ("wait_headers", [("Retry-After", "retry-after", (700,), ())], "100-599"),
    ("backoff_overrides", [((), None, 1.0, 0.5, None)], ">= 1"),
    ("directive_header", "x-should-retry", "yes values"),
]


@pytest.mark.parametrize(("field", "value", "allowed"), BAD, ids=[f"{f}={v!r}" for f, v, _ in BAD])
def test_a_bad_value_is_refused_naming_the_field(field: str, value: Any, allowed: str) -> None:
    for build in (lambda: RetryPolicy(**{field: value}), lambda: ANY.DEFAULT_POLICY.replace(**{field: value})):
        with pytest.raises(ValueError) as raised:
            build()
        assert field in str(raised.value) and allowed in str(raised.value), str(raised.value)


def test_backoff_min_above_backoff_max_is_refused() -> None:
    with pytest.raises(ValueError, match="backoff_min .* backoff_max"):
        RetryPolicy(backoff_min=9.0, backoff_max=8.0)
    policy = RetryPolicy(backoff_min=2.0, backoff_max=4.0)
    with pytest.raises(ValueError, match="backoff_min .* backoff_max"):
        policy.replace(backoff_max=1.0)


@pytest.mark.parametrize(
    "changes",
    [
        {"max_attempts": 1},
        {"deadline": None},
        {"deadline": 0.001},
        {"backoff_min": 8.0, "backoff_max": 8.0},
        {"backoff_multiplier": 1},
        {"max_error_body": 0},
        {"max_server_wait": math.inf},
        {"retry_statuses": [100, (500, 599)], "rejected_statuses": ()},
        {"jitter": "decorrelated"},
    ],
)
def test_the_edges_of_what_is_allowed_build(changes: dict[str, Any]) -> None:
    policy = ANY.DEFAULT_POLICY.replace(**changes)
    assert all(getattr(policy, name) == getattr(RetryPolicy(**changes), name) for name in changes)


@pytest.mark.parametrize("slug", VENDORS)
def test_every_vendor_default_policy_rebuilds_through_the_checks(slug: str) -> None:
    policy = vendor_package(slug).DEFAULT_POLICY
    assert policy.replace() == policy and pickle.loads(pickle.dumps(policy)) == policy


def test_replace_changes_only_what_it_is_given() -> None:
    policy = ANY.DEFAULT_POLICY.replace(deadline=30.0)
    changed = policy.replace(max_attempts=policy.max_attempts + 1, deadline=None)
    assert changed.max_attempts == policy.max_attempts + 1 and changed.deadline is None  # None is a value
    assert changed.replace(max_attempts=policy.max_attempts, deadline=30.0) == policy
    assert changed.contract is policy.contract


def test_a_misspelled_field_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="max_attemps"):
        ANY.DEFAULT_POLICY.replace(max_attemps=2)
    with pytest.raises(TypeError):
        ANY.DEFAULT_POLICY.replace(2)  # keywords only


NUMBERS = ["max_attempts", "deadline", "backoff_initial", "backoff_multiplier", "backoff_max",
           "backoff_min", "max_server_wait", "max_error_body"]
FLAGS = ["retry_connection_errors", "retry_timeouts", "atomic_failures", "generate_idempotency_key"]
STATUSES = ["retry_statuses", "rejected_statuses"]
NAMES = ["retry_codes", "no_retry_codes", "retry_kinds", "no_retry_kinds", "rejected_codes", "idempotent_methods"]
NOT_A_NUMBER = st.one_of(
    st.text(), st.binary(), st.booleans(), st.lists(st.integers()), st.dictionaries(st.text(), st.integers()),
    st.complex_numbers(), st.just(object()),
)
WRONG: dict[str, Any] = {
    **{name: NOT_A_NUMBER | st.none() for name in NUMBERS if name != "deadline"},
    "deadline": NOT_A_NUMBER,
    **{name: st.one_of(st.integers(), st.text(), st.none(), st.floats()) for name in FLAGS},
    **{name: st.one_of(st.text(), st.integers(), st.lists(st.text() | st.floats() | st.none(), min_size=1))
       for name in STATUSES},
    **{name: st.one_of(st.text(), st.integers(), st.floats(), st.lists(st.integers() | st.none(), min_size=1))
       for name in NAMES},
    "jitter": st.one_of(st.text().filter(lambda t: t not in ("none", "full", "equal", "decorrelated")),
                        st.integers(), st.none()),
    "idempotency_header": st.one_of(st.integers(), st.binary(), st.lists(st.text())),
}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(WRONG)).flatmap(lambda name: st.tuples(st.just(name), WRONG[name])))
def test_a_value_of_a_wrong_type_never_builds_a_policy(change: tuple[str, Any]) -> None:
    field, value = change
    for build in (lambda: RetryPolicy(**{field: value}), lambda: ANY.DEFAULT_POLICY.replace(**{field: value})):
        with pytest.raises((ValueError, TypeError)) as raised:
            build()
        assert field in str(raised.value)
