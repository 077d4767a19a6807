"""Conditions of the spec extension (``when:``), in the form the runtime evaluates.

A ``when`` node of a classification rule or of a conditional wait header becomes
``(statuses, header_tests, body_tests, message_test)``, the tuple that
``templates/runtime/_match.py`` evaluates (its docstring defines each part). The
spec was checked against the extension's JSON Schema (``$defs/when``) first, so
this module only translates; it decides nothing a diagnostic would have to explain.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import BodyPath
from .bodypath import parse_path
from .runtime import module

Ranges = tuple[tuple[int, int], ...]
HeaderTest = tuple[str, str, Any, bool]
BodyTest = tuple[BodyPath, str, Any, bool]
MessageTest = tuple[str, str, bool]
Condition = tuple[Ranges, tuple[HeaderTest, ...], tuple[BodyTest, ...], MessageTest | None]

ANY: Condition = ((), (), (), None)


def status_ranges(value: int | str | Iterable[int | str]) -> Ranges:
    """``429`` -> ``((429, 429),)``; ``"5XX"`` -> ``((500, 599),)``; a list of either.

    Ranges are sorted and merged where they touch, so equal sets give equal tuples.
    """
    items = [value] if isinstance(value, (int, str)) else list(value)
    merged: Ranges = module("_policy").ranges(  # the runtime's own merge: package and model agree
        [_range(item) for item in items]
    )
    return merged


def _range(item: int | str) -> tuple[int, int]:
    if isinstance(item, int):
        return (item, item)
    hundred = int(item[0]) * 100  # "4XX": the schema allows only [1-5]XX
    return (hundred, hundred + 99)


def expand(ranges: Ranges) -> tuple[int, ...]:
    """Every status in ``ranges``, for tables that list statuses one by one."""
    return tuple(status for low, high in ranges for status in range(low, high + 1))


def describe_ranges(ranges: Ranges) -> str:
    """``((429, 429), (500, 599))`` -> ``"429, 5XX"`` (as a spec writes them)."""
    parts = []
    for low, high in ranges:
        if low == high:
            parts.append(str(low))
        elif low % 100 == 0 and high == low + 99:
            parts.append(f"{low // 100}XX")
        else:
            parts.append(f"{low}-{high}")
    return ", ".join(parts)


def condition(when: dict[str, Any]) -> Condition:
    """The runtime form of a validated ``when`` node."""
    statuses = status_ranges(when["status"]) if "status" in when else ()
    headers = tuple(_test(test, test["name"].lower()) for test in when.get("headers", ()))
    body = tuple(_test(test, parse_path(test["path"])) for test in when.get("body", ()))
    message = when.get("message")
    message_test: MessageTest | None = None
    if message is not None:
        op = next(op for op in ("prefix", "suffix", "contains") if op in message)
        message_test = (op, message[op], message.get("case") == "insensitive")
    return (statuses, headers, body, message_test)


def _test(test: dict[str, Any], subject: Any) -> tuple[Any, str, Any, bool]:
    insensitive = test.get("case") == "insensitive"
    if "present" in test:
        return (subject, "present" if test["present"] else "absent", None, False)
    if "equals" in test:
        return (subject, "equals", _text(test["equals"]), insensitive)
    if "one-of" in test:
        return (subject, "one-of", tuple(_text(item) for item in test["one-of"]), insensitive)
    number = test["number"]
    return (subject, number["op"], float(number["value"]), False)


def _text(value: Any) -> str:
    """A spec's expected value as the runtime compares it: its text form."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def describe(cond: Condition) -> str:
    """A condition in words, for ERRORS.md and diff reports."""
    statuses, headers, body, message = cond
    parts = []
    if statuses:
        parts.append("status " + describe_ranges(statuses))
    for name, op, value, insensitive in headers:
        parts.append(f"header {name} {_describe_test(op, value, insensitive)}")
    for path, op, value, insensitive in body:
        dotted = ".".join(str(step) for step in path) or "$"
        parts.append(f"body {dotted} {_describe_test(op, value, insensitive)}")
    if message is not None:
        op, text, insensitive = message
        verb = {"prefix": "starts with", "suffix": "ends with", "contains": "contains"}[op]
        parts.append(f"message {verb} {text!r}" + (" (any case)" if insensitive else ""))
    return " and ".join(parts) or "always"


def _describe_test(op: str, value: Any, insensitive: bool) -> str:
    case = " (any case)" if insensitive else ""
    if op in ("present", "absent"):
        return "is " + op
    if op == "equals":
        return f"is {value!r}{case}"
    if op == "one-of":
        return "is one of " + ", ".join(repr(item) for item in value) + case
    return f"{op} {value:g}"
