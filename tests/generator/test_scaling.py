"""Validation time grows linearly with a spec's size: large enums, many schemas, codes and keys.

Each size is measured in CPU time of this process (best of two runs, so other work on
the machine matters little). Eight times the spec must take well under 64 times as long
(what a quadratic step gives); the bound, 20, leaves room for noise and n log n sorting.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
import yaml

from generator.spec import limits
from generator.spec import validate as validate_module
from generator.spec.loader import Limits, load_text
from generator.spec.validate import validate


@pytest.fixture(autouse=True)
def _room_for_large_specs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The large sizes are past the default size limits on purpose: what is measured is
    the checks' growth, as for a spec whose author raised --max-spec-bytes."""
    monkeypatch.setattr(limits, "_limits", Limits(spec_bytes=64 * 1024 * 1024, expanded_bytes=256 * 1024 * 1024))


def _spec(n: int, unknown: int) -> str:
    """``10n`` enum values and codes, ``4n`` schemas, ``n`` shapes, ``unknown`` unknown keys."""
    schemas: dict[str, Any] = {
        "Body": {"type": "object", "properties": {"code": {"type": "string", "enum": [f"c{i}" for i in range(10 * n)]}}}
    }
    for i in range(4 * n):
        schemas[f"S{i}"] = {"type": "object", "properties": {"code": {"type": "string"}, "body": {"$ref": "#/components/schemas/Body"}}}
    ext: dict[str, Any] = {
        "vendor": "Scale",
        "root-class": "ScaleError",
        "shapes": [{"schema": f"S{i}", "match": {"code": "string"}, "code": "code", "message": "body.code", "code-case": "upper"}
                   for i in range(n)],
        "codes": {f"c{i}": {"status": 400} for i in range(10 * n)},  # lower case: no shape can match them (warnings)
        "retry": {"max-attempts": 1, "statuses": [], "backoff": {"initial": 1, "multiplier": 1, "max": 1}, "max-server-wait": 0},
    }
    ext.update({f"unknown-key-{i}": True for i in range(unknown)})
    data = {"openapi": "3.1.0", "info": {"title": "scale", "version": "1"}, "paths": {}, "components": {"schemas": schemas},
            "x-error-contract": ext}
    return yaml.safe_dump(data, sort_keys=False)


def _seconds(n: int, unknown: int) -> tuple[float, int]:
    spec = load_text(_spec(n, unknown), "specs/scale.yaml")
    best, found = float("inf"), 0
    for _ in range(2):
        begun = time.process_time()
        found = len(validate(spec))
        best = min(best, time.process_time() - begun)
    return best, found


def _assert_linear(small: tuple[float, int], large: tuple[float, int], expected: tuple[int, int]) -> None:
    assert (small[1], large[1]) == expected  # every unknown key and unmatched code is reported
    assert large[0] < 20 * small[0], f"8x the spec took {large[0] / small[0]:.1f}x as long ({small[0]:.2f}s -> {large[0]:.2f}s)"


def test_the_generators_own_checks_are_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the OpenAPI layer (a library's), with many unknown keys: each used to be
    looked up in jsonschema's message that lists them all."""
    monkeypatch.setattr(validate_module, "openapi_errors", lambda data: [])
    _assert_linear(_seconds(12, 2_500), _seconds(96, 20_000), (2_500 + 120, 20_000 + 960))


def test_the_whole_validation_is_linear() -> None:
    _assert_linear(_seconds(5, 50), _seconds(40, 400), (50 + 50, 400 + 400))
