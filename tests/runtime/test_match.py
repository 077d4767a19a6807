"""Conditions (``_match.py``): the spec's ``when`` as the generator builds it, as the runtime evaluates it.

The generator side (``generator/model/conditions.py``) and the runtime side are tested
together: a ``when`` node is built, then evaluated on responses, so the two agree on
the tuple form. The runtime module is the same in every package; the first one is used.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import VENDORS
from generator.model.conditions import condition, describe, expand, status_ranges

match = importlib.import_module(f"generated.{VENDORS[0]}._match")
http = importlib.import_module(f"generated.{VENDORS[0]}._http")


def holds(when: dict[str, Any], status: int = 403, headers: Any = None, body: Any = None, message: str = "") -> bool:
    root = http.MISSING if body is None else body
    return bool(match.holds(condition(when), status, http.Headers(headers), root, "json", message))


def test_status_ranges_merge_and_expand() -> None:
    assert status_ranges([429, "5XX", 503]) == ((429, 429), (500, 599))
    assert status_ranges(["4XX", "5XX"]) == ((400, 599),)
    assert expand(status_ranges([500, 501])) == (500, 501)
    assert holds({"status": "4XX"}, status=418)
    assert not holds({"status": "4XX"}, status=500)
    assert holds({"status": [403, 429]}, status=429)


def test_header_tests() -> None:
    remaining_zero = {"headers": [{"name": "X-RateLimit-Remaining", "number": {"op": "==", "value": 0}}]}
    assert holds(remaining_zero, headers={"x-ratelimit-remaining": "0"})
    assert holds(remaining_zero, headers={"X-RATELIMIT-REMAINING": "0.0"})
    assert not holds(remaining_zero, headers={"x-ratelimit-remaining": "12"})
    assert not holds(remaining_zero, headers={})
    assert not holds(remaining_zero, headers={"x-ratelimit-remaining": "zero"})
    assert not holds(remaining_zero, headers={"x-ratelimit-remaining": "nan"})
    # a repeated header: any piece
    assert holds(remaining_zero, headers=[("X-RateLimit-Remaining", "5"), ("X-RateLimit-Remaining", "0")])
    assert holds({"headers": [{"name": "Retry-After", "present": True}]}, headers={"retry-after": "1"})
    assert holds({"headers": [{"name": "Retry-After", "present": False}]}, headers={})
    assert not holds({"headers": [{"name": "Retry-After", "present": False}]}, headers={"Retry-After": "1"})
    should = {"headers": [{"name": "Stripe-Should-Retry", "equals": "true", "case": "insensitive"}]}
    assert holds(should, headers={"stripe-should-retry": "TRUE"})
    assert not holds({"headers": [{"name": "X", "equals": "true"}]}, headers={"x": "TRUE"})
    assert holds({"headers": [{"name": "X", "one-of": ["a", "b"]}]}, headers={"x": "b"})
    both = {"headers": [{"name": "A", "equals": "1"}, {"name": "B", "number": {"op": ">", "value": 2}}]}
    assert holds(both, headers={"a": "1", "b": "3"})
    assert not holds(both, headers={"a": "1", "b": "2"})


def test_body_and_message_tests() -> None:
    body = {"error": {"type": "card_error", "retry": True, "count": 3}}
    assert holds({"body": [{"path": "error.type", "equals": "card_error"}]}, body=body)
    assert holds({"body": [{"path": "error.type", "one-of": ["api_error", "card_error"]}]}, body=body)
    assert holds({"body": [{"path": "error.retry", "equals": True}]}, body=body)
    assert holds({"body": [{"path": "error.count", "equals": 3}]}, body=body)
    assert holds({"body": [{"path": "error.code", "present": False}]}, body=body)
    assert not holds({"body": [{"path": "error", "equals": "card_error"}]}, body=body)
    assert not holds({"body": [{"path": "error.type", "present": True}]}, body=None)
    assert holds({"message": {"prefix": "API rate limit"}}, message="API rate limit exceeded for 1.2.3.4")
    assert not holds({"message": {"prefix": "api rate limit"}}, message="API rate limit exceeded")
    assert holds({"message": {"prefix": "api rate limit", "case": "insensitive"}}, message="API rate limit exceeded")
    assert holds({"message": {"suffix": "exceeded"}}, message="quota exceeded")
    assert holds({"message": {"contains": "secondary rate limit"}}, message="You have exceeded a secondary rate limit.")
    combined = {"status": 403, "message": {"contains": "rate limit"}, "headers": [{"name": "X-RateLimit-Remaining", "equals": "0"}]}
    assert holds(combined, 403, {"x-ratelimit-remaining": "0"}, None, "rate limit exceeded")
    assert not holds(combined, 403, {"x-ratelimit-remaining": "1"}, None, "rate limit exceeded")
    assert not holds(combined, 429, {"x-ratelimit-remaining": "0"}, None, "rate limit exceeded")


def test_describe_names_every_part() -> None:
    text = describe(
        condition(
            {
                "status": [403, "5XX"],
                "headers": [{"name": "X-RateLimit-Remaining", "number": {"op": "==", "value": 0}}],
                "body": [{"path": "error.type", "equals": "card_error"}],
                "message": {"contains": "limit", "case": "insensitive"},
            }
        )
    )
    assert text == (
        "status 403, 5XX and header x-ratelimit-remaining == 0 and body error.type is 'card_error'"
        " and message contains 'limit' (any case)"
    )


_header_values = st.one_of(st.text(max_size=30), st.sampled_from(["0", "1", "-1", "1e3", "inf", "0x10", " 0 ", "0, 1"]))
_ops = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])


@given(
    headers=st.one_of(
        st.none(),
        st.dictionaries(st.sampled_from(["X-A", "x-a", "X-B"]), _header_values, max_size=3),
        st.lists(st.tuples(st.sampled_from(["X-A", "x-b"]), _header_values), max_size=4),
    ),
    op=_ops,
    value=st.integers(-5, 5),
    status=st.integers(-1, 1000),
    body=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=10,
    ),
    message=st.text(max_size=20),
)
def test_conditions_never_raise_on_any_response(
    headers: Any, op: str, value: int, status: int, body: Any, message: str
) -> None:
    when = {
        "status": ["4XX", 503],
        "headers": [{"name": "X-A", "number": {"op": op, "value": value}}, {"name": "X-B", "present": True}],
        "body": [{"path": "error.type", "one-of": ["a", "b"]}],
        "message": {"contains": "x", "case": "insensitive"},
    }
    result = match.holds(condition(when), status, http.Headers(headers), body, "json", message)
    assert isinstance(result, bool)
    # a header number test only holds on a value that is a plain decimal number
    single = condition({"headers": [{"name": "X-A", "number": {"op": op, "value": value}}]})
    raw = http.Headers(headers).get("X-A")
    if match.holds(single, status, http.Headers(headers)):
        assert raw is not None
        assert any(piece.strip().lstrip("+-").replace(".", "", 1).isdigit() for piece in raw.split(","))


@pytest.mark.parametrize("text", ["1e3", "inf", "nan", "0x10", "1_000", "", "--1", "٣"])
def test_only_plain_decimals_are_numbers(text: str) -> None:
    assert not holds({"headers": [{"name": "X", "number": {"op": ">=", "value": -1e9}}]}, headers={"x": text})
