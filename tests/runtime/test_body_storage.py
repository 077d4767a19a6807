"""An error keeps its body once: the raw bytes, with the text decoded when ``body`` is read.

Measured with tracemalloc: what a mapped error retains, and the peak while mapping it.
"""

from __future__ import annotations

import gc
import json
import pickle
import tracemalloc
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

MIB = 1 << 20
SIZE = 50 * MIB
SLACK = 16 * 1024  # the error object, its headers and message: a few KiB


def _measure(make_body: Callable[[], Any], map_it: Callable[[Any], Any]) -> tuple[Any, int, int, int]:
    """(error, bytes of the body as passed, bytes the error retains once the body is dropped,
    peak bytes above the baseline while mapping), all traced by tracemalloc."""
    gc.collect()
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        body = make_body()
        passed = tracemalloc.get_traced_memory()[0] - baseline
        tracemalloc.reset_peak()
        error = map_it(body)
        peak = tracemalloc.get_traced_memory()[1] - baseline
        del body
        gc.collect()
        retained = tracemalloc.get_traced_memory()[0] - baseline
    finally:
        tracemalloc.stop()
    return error, passed, retained, peak


BODIES: dict[str, Callable[[], Any]] = {
    "bytes": lambda: b"x" * SIZE,
    "non-ASCII bytes": lambda: "\u00e9\u4e2d".encode() * (SIZE // 5),
    "JSON-looking bytes": lambda: b'{"error": {"code": "X", "message": "' + b"y" * SIZE + b'"}}',
    "str": lambda: "x" * SIZE,
    "bytearray": lambda: bytearray(SIZE),
}


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_a_50_mib_error_body_is_retained_once(vendor: ModuleType, kind: str) -> None:
    for warm in (b'{"error": {}}', b"<errors/>", "text"):  # first-use imports (json, xml) are not the error's
        vendor.from_response(500, {}, warm)
    error, passed, retained, peak = _measure(BODIES[kind], lambda body: vendor.from_response(500, {"Content-Type": "text/plain"}, body))
    size = len(error.content)
    assert size >= SIZE
    # one copy: the raw bytes (`content`), plus a few KiB
    assert retained <= size + SLACK, f"retained {retained} bytes for a {size}-byte body"
    # mapping never decodes the whole body: at most one copy (the bytes of a str or buffer) beyond what was passed
    extra = 0 if kind in {"bytes", "non-ASCII bytes", "JSON-looking bytes"} else size
    assert peak <= passed + extra + SLACK, f"peak {peak} bytes for a {passed}-byte body"
    assert type(error).__name__ == "InternalServerError" or error.status == 500


def test_reading_body_decodes_without_keeping_a_second_copy() -> None:
    from conftest import VENDORS, vendor_package

    vendor = vendor_package(VENDORS[0])  # any vendor: the runtime is shared
    error = vendor.from_response(500, {}, "\u00e9".encode() * (SIZE // 2))
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        text = error.body
        assert text == "\u00e9" * (SIZE // 2)
        del text
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert after - before <= SLACK  # the decoded text is the caller's, not cached on the error


def test_body_reads_as_before(vendor: ModuleType) -> None:
    """Text bodies read as text (invalid UTF-8 replaced, no BOM), JSON as its value, on any error."""
    assert vendor.from_response(503, {}, b"\xef\xbb\xbfdown \xff").body == "down \ufffd"
    assert vendor.from_response(503, {}, "plain").body == "plain"
    assert vendor.from_response(503, {}, None).body == ""
    assert vendor.from_response(503, {}, b'{"a": [1]}').body == {"a": [1]}
    huge = json.dumps({"message": "z" * (2 * MIB)}).encode()
    assert vendor.from_response(503, {}, huge).body == huge.decode()  # too large to parse: its text
    made = vendor.APIError("by hand", status=418, body={"k": 1}, content=b"raw")
    assert made.body == {"k": 1} and vendor.APIError("no body").body is None
    made.body = "replaced"
    assert made.body == "replaced"
    error = vendor.from_response(404, {}, b"gone")
    copy = pickle.loads(pickle.dumps(error))
    assert copy.body == "gone" and copy.__dict__ == error.__dict__
