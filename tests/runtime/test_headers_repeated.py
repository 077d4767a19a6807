"""Repeated headers: a wait header sent twice is read as its longest wait, never as garbage.

httpx and urllib3 (so requests) join a repeated field as ``"a, b"``; ``Headers`` joins
repeated ``(name, value)`` pairs the same way. Every wait unit, the ``Date`` an
HTTP-date is measured from, and the request id headers are checked here, in joined
form and as repeated pairs, for every vendor's declared wait headers.
"""

from __future__ import annotations

import asyncio
import datetime
import importlib
from types import ModuleType
from typing import Any

import httpx
import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import VENDORS, expand, vendor_package
from test_e2e_http import Scripted, server  # noqa: F401 (the server fixture)

PACKAGES = [vendor_package(slug) for slug in VENDORS]
runtime = PACKAGES[0]  # parse_wait is the shared runtime's, the same in every package
_waits = importlib.import_module(f"{runtime.__name__}._waits")
_http_date, MAX_HINT_SECONDS = _waits._http_date, _waits.MAX_HINT_SECONDS

NOW = 1_700_000_000.0  # "now" for epoch-seconds and HTTP-dates without a Date header
DATE = "Tue, 14 Nov 2023 22:13:20 GMT"  # the response's Date: NOW as an IMF-fixdate

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _imf(moment: datetime.datetime) -> str:
    return f"{_DAYS[moment.weekday()][:3]}, {moment:%d} {_MONTHS[moment.month - 1]} {moment:%Y %H:%M:%S} GMT"


def _rfc850(moment: datetime.datetime) -> str:
    return f"{_DAYS[moment.weekday()]}, {moment:%d}-{_MONTHS[moment.month - 1]}-{moment:%y %H:%M:%S} GMT"


def _asctime(moment: datetime.datetime) -> str:
    return f"{_DAYS[moment.weekday()][:3]} {_MONTHS[moment.month - 1]} {moment.day:>2} {moment:%H:%M:%S %Y}"


moments = st.datetimes(min_value=datetime.datetime(1970, 1, 1), max_value=datetime.datetime(2069, 12, 31))
http_dates = st.builds(lambda form, moment: form(moment), st.sampled_from([_imf, _rfc850, _asctime]), moments)
deltas = st.integers(min_value=0, max_value=10**9).map(str) | st.builds(
    "{}.{}".format, st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=999)
)
epochs = st.integers(min_value=int(NOW) - 10**6, max_value=int(NOW) + 10**6).map(str)
structured = st.lists(
    st.builds('"{}";r={};t={}'.format, st.sampled_from(["default", "burst", "day"]), st.integers(0, 3), st.integers(0, 10**5)),
    min_size=1,
    max_size=3,
).map(", ".join)
older = st.builds("limit={}, remaining={}, reset={}".format, st.integers(1, 100), st.integers(0, 3), st.integers(0, 10**5))
VALID: dict[str, Any] = {
    "seconds": deltas,
    "milliseconds": deltas,
    "epoch-seconds": epochs,
    "retry-after": deltas | http_dates,
    "ratelimit": structured | older,
}
garbage = st.text(max_size=20) | st.sampled_from(["", "soon", "-5", "nan", "Wed", "GMT", "1e400", "Wed, soon"])
header_garbage = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=20) | garbage.filter(str.isascii)
separators = st.sampled_from([", ", ",", " , ", ",  "])


def _wait(value: str, unit: str, date: str | None = DATE) -> float | None:
    return runtime.parse_wait(value, unit, now=NOW, date=date)


def _singles(values: list[str], unit: str, date: str | None = DATE) -> list[float]:
    return [wait for wait in (_wait(v, unit, date) for v in values) if wait is not None]


@settings(max_examples=300, deadline=None)
@given(st.data(), st.sampled_from(sorted(VALID)), separators)
def test_joined_values_wait_at_least_as_long_as_each_value(data: st.DataObject, unit: str, separator: str) -> None:
    values = data.draw(st.lists(VALID[unit] | garbage, min_size=1, max_size=5))
    joined = separator.join(values)
    wait = _wait(joined, unit)
    singles = _singles(values, unit)
    if singles:
        assert wait is not None and wait >= max(singles), (joined, singles)
    assert wait is None or 0.0 <= wait <= MAX_HINT_SECONDS


@settings(max_examples=300, deadline=None)
@given(st.data(), st.sampled_from(["seconds", "milliseconds", "epoch-seconds", "retry-after"]), separators)
def test_joined_valid_values_wait_exactly_the_longest_in_any_order(data: st.DataObject, unit: str, separator: str) -> None:
    values = data.draw(st.lists(VALID[unit], min_size=1, max_size=5))
    singles = _singles(values, unit)
    expected = max(singles) if singles else None  # a value may be above MAX_HINT_SECONDS
    assert _wait(separator.join(values), unit) == expected
    assert _wait(separator.join(reversed(values)), unit) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(structured, min_size=1, max_size=4), separators)
def test_repeated_ratelimit_fields_are_one_list_of_quotas(fields: list[str], separator: str) -> None:
    singles = _singles(fields, "ratelimit")
    assert _wait(separator.join(fields), "ratelimit") == (max(singles) if singles else None)


@settings(max_examples=200, deadline=None)
@given(http_dates, st.lists(http_dates | garbage, min_size=1, max_size=4), separators)
def test_repeated_date_gives_the_longest_wait(retry_at: str, dates: list[str], separator: str) -> None:
    """An HTTP-date is measured from the response's Date; of several Dates, the longest wait wins."""
    references = [date for date in dates if _http_date(date) is not None]  # Dates that parse alone
    singles = [_wait(retry_at, "retry-after", date) for date in references or [None]]
    usable = [wait for wait in singles if wait is not None]
    assert _wait(retry_at, "retry-after", separator.join(dates)) == (max(usable) if usable else None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Wed, 15 Nov 2023 22:13:20 GMT", 86400.0),  # one IMF-fixdate: its comma is not a separator
        ("Wed, 15 Nov 2023 22:13:20 GMT, Wed, 15 Nov 2023 22:13:20 GMT", 86400.0),  # identical: once
        ("Tue, 14 Nov 2023 22:13:50 GMT, Wed, 15 Nov 2023 22:13:20 GMT", 86400.0),  # differing: longest
        ("Wednesday, 15-Nov-23 22:13:20 GMT, 30", 86400.0),  # RFC 850 and delta seconds
        ("Wed Nov 15 22:13:20 2023, 30", 86400.0),  # asctime and delta seconds
        ("30, 30", 30.0),
        ("5, 120", 120.0),
        ("120,5", 120.0),
        ("soon, 7", 7.0),  # one unusable value does not hide the usable one
        ("Wed, 7", 7.0),
    ],
)
def test_joined_retry_after(value: str, expected: float) -> None:
    assert _wait(value, "retry-after") == expected


def test_many_joined_dates_are_read_without_quadratic_work() -> None:
    """10,000 HTTP-dates against 10,000 Date values: one pass each, not every pair."""
    import time

    retry_at = ", ".join([f"Wed, 15 Nov 2023 {h:02d}:{m:02d}:00 GMT" for h in range(24) for m in range(60)] * 7)
    dates = ", ".join([DATE] * 10_000)
    started = time.monotonic()
    assert _wait(retry_at, "retry-after", dates) == 86_400.0 + 6_340.0  # 23:59:00 on the 15th from 22:13:20 on the 14th
    assert time.monotonic() - started < 5.0  # linear: well under a second here; pairwise it is minutes


def test_older_ratelimit_form_repeated_takes_the_longest_reset() -> None:
    assert _wait("limit=10, remaining=0, reset=60, limit=10, remaining=0, reset=30", "ratelimit") == 60.0
    assert _wait("limit=10, remaining=0, reset=30, limit=10, remaining=0, reset=60", "ratelimit") == 60.0
    assert _wait("limit=10, remaining=4, reset=30, limit=10, remaining=4, reset=60", "ratelimit") is None


def _wait_headers() -> list[Any]:
    """(vendor, header name, unit, a status it is honoured on) for every declared wait header."""
    cases = []
    for vendor in PACKAGES:
        policy = vendor.DEFAULT_POLICY
        retried = expand(policy.retry_statuses)
        for name, unit, scope, _ in policy.wait_headers:
            # a status the header is honoured on, retried if possible; any (429) when unscoped and nothing is retried
            statuses = expand(scope)
            status = min(statuses & retried or statuses or retried or {429})
            cases.append(pytest.param(vendor, name, unit, status, id=f"{vendor.__name__}: {name}"))
    return cases


def _pairs_forms(name: str, values: list[str]) -> list[Any]:
    """The same repeated header as each client hands it over."""
    pairs = [(name, value) for value in values]
    return [pairs, httpx.Headers(pairs), requests.structures.CaseInsensitiveDict({name: ", ".join(values)})]


@pytest.mark.parametrize(("vendor", "name", "unit", "status"), _wait_headers())
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_wait_header_repeated_waits_the_longest(vendor: ModuleType, name: str, unit: str, status: int, data: st.DataObject) -> None:
    policy = vendor.DEFAULT_POLICY
    values = data.draw(st.lists(VALID[unit] | header_garbage, min_size=2, max_size=4), label="values")
    singles = [policy.server_wait(vendor.Headers([(name, v), ("Date", DATE)]), status, now=NOW) for v in values]
    usable = [wait for wait in singles if wait is not None]
    for form in _pairs_forms(name, values):
        headers = vendor.Headers(form)
        wait = policy.server_wait(vendor.Headers([*headers.items(), ("Date", DATE), ("Date", DATE)]), status, now=NOW)
        if usable:
            assert wait is not None and wait >= max(usable)
        assert vendor.from_response(status, form, b"").status == status  # never raises


@pytest.mark.parametrize(("vendor", "name", "unit", "status"), _wait_headers())
def test_repeated_identical_wait_is_slept_not_backed_off(vendor: ModuleType, name: str, unit: str, status: int) -> None:
    """A server asking twice for the same wait gets that wait, not the policy's own backoff."""
    policy = vendor.DEFAULT_POLICY.replace(jitter="full", random=lambda: 0.0)  # backoff would be 0
    value = {"seconds": "7", "milliseconds": "7000", "epoch-seconds": str(int(NOW) + 7)}.get(unit, "7")
    if unit == "ratelimit":
        value = '"default";r=0;t=7'
    if not policy.is_retryable(status):
        pytest.skip(f"{name} is honoured only on statuses this vendor does not retry")
    error = vendor.from_response(status, [(name, value), (name, value)], b"")
    hint = policy.wait_hint(error.headers, status, now=NOW)
    assert hint is not None and hint.seconds == pytest.approx(7.0, abs=1.0) and hint.header == name
    if unit != "epoch-seconds":  # decide() measures epoch seconds from the real clock
        decision = policy.decide(error, attempt=1)
        assert decision.retry and decision.delay == 7.0 and name in decision.reason


def _request_id_headers(vendor: ModuleType) -> tuple[str, ...]:
    return tuple(vendor.CONTRACT.request_id_headers)


@pytest.mark.parametrize("vendor", [v for v in PACKAGES if _request_id_headers(v)], ids=lambda v: v.__name__)
def test_request_id_header_keeps_the_first_value(vendor: ModuleType) -> None:
    name = _request_id_headers(vendor)[0]
    for form in _pairs_forms(name, ["req-first", "req-second", "req-first"]):
        error = vendor.from_response(503, form, b"")
        assert error.request_id == "req-first"
        assert error.headers[name] == "req-first, req-second, req-first"  # the header itself is kept whole


# End to end: a real server on 127.0.0.1 (test_e2e_http's) sending Retry-After three
# times, as separate field lines, through each client.


class _FieldLines(list[tuple[str, str]]):
    """Response headers for the scripted server, where a name may stand more than once."""

    def items(self) -> list[tuple[str, str]]:
        return list(self)


def _honouring_retry_after() -> tuple[ModuleType, int]:
    """The first vendor honouring Retry-After on a status it retries, and that status."""
    for vendor in PACKAGES:
        policy = vendor.DEFAULT_POLICY
        for name, _, scope, _ in policy.wait_headers:
            retried = sorted(expand(scope or policy.retry_statuses) & expand(policy.retry_statuses))
            if name.lower() == "retry-after" and retried:
                return vendor, retried[0]
    pytest.skip("no vendor honours Retry-After on a status it retries")


@pytest.mark.parametrize("kind", ["httpx", "httpx-async", "requests"])
def test_repeated_retry_after_from_a_real_server_sleeps_the_longest(server: Scripted, kind: str) -> None:  # noqa: F811 (the fixture imported above)
    vendor, status = _honouring_retry_after()
    lines = _FieldLines([("Retry-After", "1"), ("Retry-After", "0"), ("Retry-After", "1")])
    server.steps = [(status, lines, b""), (200, {}, b"ok")]  # type: ignore[list-item]
    slept: list[float] = []

    async def async_sleep(seconds: float) -> None:
        slept.append(seconds)

    options: dict[str, Any] = {"budget": vendor.RetryBudget()}
    if kind == "httpx":
        with httpx.Client(transport=vendor.httpx_transport(sleep=slept.append, **options)) as client:
            response = client.get(server.url)
    elif kind == "httpx-async":
        async def go() -> Any:
            transport = vendor.httpx_async_transport(sleep=async_sleep, **options)
            async with httpx.AsyncClient(transport=transport) as client:
                return await client.get(server.url)

        response = asyncio.run(go())
    else:
        with requests.Session() as session:
            session.mount("http://", vendor.requests_adapter(sleep=slept.append, **options))
            response = session.get(server.url)
    assert response.status_code == 200 and len(server.received) == 2
    assert slept == [1.0]  # "1, 0, 1": the longest, not garbage and then backoff
