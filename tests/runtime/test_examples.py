"""The vendors' documented example responses, mapped to the right class and fields.

Cases live in tests/examples/<vendor>.yaml (source cited per case): every documented
body shape, status and code, plus the traps from VENDORS.md.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from conftest import ROOT, VENDORS, vendor_package

EXAMPLES = ROOT / "tests" / "examples"


def _cases() -> list[Any]:
    params = []
    for slug in VENDORS:
        for case in yaml.safe_load((EXAMPLES / f"{slug}.yaml").read_text(encoding="utf-8")):
            params.append(pytest.param(slug, case, id=f"{slug}: {case['name']}"))
    return params


@pytest.mark.parametrize(("slug", "case"), _cases())
def test_documented_example(slug: str, case: dict[str, Any]) -> None:
    vendor = vendor_package(slug)
    body = case.get("body")
    raw = body.encode("utf-8") if isinstance(body, str) else None
    error = vendor.from_response(case["status"], case.get("headers", {}), raw)
    expect = case["expect"]
    assert type(error).__name__ == expect["class"]
    assert isinstance(error, vendor.APIError)
    assert error.status == case["status"]
    assert error.code == expect["code"]
    assert error.message == expect["message"]
    assert error.request_id == expect["request_id"]
    assert error.retryable is expect["retryable"]
    if "retry_after" in expect:
        assert error.retry_after == expect["retry_after"]
    if "details" in expect:
        assert error.details == expect["details"]
    assert error.content == (raw or b"")


def test_every_documented_code_and_status_has_an_example() -> None:
    for slug in VENDORS:
        vendor = vendor_package(slug)
        cases = yaml.safe_load((EXAMPLES / f"{slug}.yaml").read_text(encoding="utf-8"))
        classes = {case["expect"]["class"] for case in cases}
        statuses = {case["status"] for case in cases}
        for code, cls in vendor.ERRORS_BY_CODE.items():
            assert cls.__name__ in classes, f"{slug}: no example for code {code}"
        for status in vendor.ERRORS_BY_STATUS:
            assert status in statuses, f"{slug}: no example for status {status}"
