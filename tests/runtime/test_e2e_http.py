"""End to end: real httpx and httpx2 (sync and async), requests, aiohttp and urllib3
clients, wrapped by the generated adapters (``http_clients``), against a real HTTP server on
127.0.0.1 (started here) that replays scripted responses: the vendors' documented
responses (their conformance vectors), each test picking the first one, in ``VENDORS``
order, with the property it needs."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from conftest import VENDORS, Documented, first_documented, serving, vector_response, vendor_package
from http_clients import KINDS, adapter_client, is_async, send

Step = tuple[int, list[tuple[str, str]], bytes]
FRAMING = {"content-length", "transfer-encoding", "connection"}  # the handler frames the body itself


class Scripted(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.steps: list[Step] = []
        self.received: list[tuple[str, str, bytes, dict[str, str]]] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: Scripted

    def _reply(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server.lock:
            self.server.received.append((self.command, self.path, body, dict(self.headers)))
            status, headers, content = self.server.steps.pop(0) if self.server.steps else (500, [], b"script ran out")
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = do_POST = do_PUT = do_DELETE = _reply

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[Scripted]:
    yield from serving(Scripted(), poll_interval=0.05)


FAST = {"backoff_initial": 0.05, "backoff_max": 0.05, "jitter": "none"}


def clients(vendor: Any, **options: Any) -> dict[str, Any]:
    """Every way an SDK wires the vendor policy in, each in one line, by kind."""
    options.setdefault("budget", vendor.RetryBudget())
    return {kind: adapter_client(kind, vendor, **options) for kind in KINDS}


def request(client: Any, method: str, url: str, **kwargs: Any) -> Any:
    """One request on a client used once, closed after it (async ones on a loop of their own)."""
    if is_async(client):
        async def go() -> Any:
            async with client:
                return await client.request(method, url, **kwargs)

        return asyncio.run(go())
    with client:
        return send(client, method, url, asyncio.run, **kwargs)


def step(case: Documented) -> Step:
    """The documented response as the server sends it."""
    status, headers, body = vector_response(case.vector)
    return status, [(n, v) for n, v in headers if n.lower() not in FRAMING], body


def retried_at_once(case: Documented, policy: Any, method: str) -> bool:
    """Whether ``policy`` resends ``method`` after ``case``'s response, after a backoff (no server wait)."""
    decision = policy.decide(case.error, attempt=1, method=method)
    return bool(decision.retry) and case.error.retry_after is None and decision.delay <= FAST["backoff_max"]


def fast(case: Documented, **changes: Any) -> Any:
    return case.vendor.DEFAULT_POLICY.replace(**FAST, **changes)


@pytest.mark.parametrize("kind", KINDS)
def test_a_documented_wait_is_honoured_then_200(server: Scripted, kind: str) -> None:
    """A vendor's documented retryable response with the shortest server wait (Retry-After or
    its own header): the client waits at least that long, then gets the 200."""
    case = first_documented(
        "asks for a short wait and is retried",
        lambda c: 0.5 <= (c.error.retry_after or 0) <= 3 and c.vendor.DEFAULT_POLICY.decide(c.error, attempt=1, method="GET").retry,
        prefer=lambda c: c.error.retry_after,
    )
    server.steps = [step(case), (200, [], b'{"ok": true}')]
    started = time.monotonic()
    response = request(clients(case.vendor)[kind], "GET", server.url + "/v1/content")
    elapsed = time.monotonic() - started
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert len(server.received) == 2
    assert case.error.retry_after <= elapsed < 15.0  # waited as asked; loose above: a behaviour bound, not a speed one


@pytest.mark.parametrize("kind", KINDS)
def test_503_three_times_then_200_resends_the_body_intact(server: Scripted, kind: str) -> None:
    case = first_documented(
        "is a 503 retried without a server wait",
        lambda c: c.error.status == 503 and retried_at_once(c, fast(c), "PUT"),
    )
    server.steps = [step(case)] * 3 + [(200, [], b"created")]
    payload = json.dumps({"name": "asset-\u00e9", "blob": "x" * 5000}).encode()
    policy = fast(case, max_attempts=4)
    started = time.monotonic()
    response = request(clients(case.vendor, policy=policy)[kind], "PUT", server.url + "/api/v1/assets/a", content=payload)
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert [r[0] for r in server.received] == ["PUT"] * 4
    assert [r[2] for r in server.received] == [payload] * 4
    assert 0.15 <= elapsed < 15.0  # three backoffs slept


def _server_error_retried_for_get(c: Documented) -> bool:
    """A 5xx the vendor retries for a GET (not one refused before processing, which is resent whatever the method)."""
    policy = fast(c, atomic_failures=False, idempotency_header=None)
    return (
        500 <= c.error.status < 600
        and retried_at_once(c, policy, "GET")
        and not policy.decide(c.error, attempt=1, method="POST").retry
    )


@pytest.mark.parametrize("kind", KINDS)
def test_post_failing_with_a_retried_5xx_is_not_replayed(server: Scripted, kind: str) -> None:
    case = first_documented(
        "is a retried 5xx with a message",
        lambda c: _server_error_retried_for_get(c) and bool(c.vector["expect"].get("message")),
    )
    server.steps = [step(case), (200, [], b"")]
    client = clients(case.vendor, policy=fast(case, atomic_failures=False, idempotency_header=None))[kind]
    with pytest.raises(case.vendor.APIError) as caught:
        request(client, "POST", server.url + "/submissions", content=b'{"asset": 1}')
    assert len(server.received) == 1
    assert type(caught.value).__name__ == case.vector["expect"]["class"]
    assert caught.value.message == case.vector["expect"]["message"]
    assert "not idempotent" in caught.value.attempts[0].reason


@pytest.mark.parametrize("kind", KINDS)
def test_post_with_idempotency_key_or_atomic_vendor_is_retried(server: Scripted, kind: str) -> None:
    case = first_documented("is a retried 5xx", _server_error_retried_for_get)
    server.steps = [step(case), (200, [], b"ok")]
    keyed = fast(case, atomic_failures=False, idempotency_header="Idempotency-Key")  # as if it documented one
    client = clients(case.vendor, policy=keyed)[kind]
    response = request(client, "POST", server.url + "/submissions", content=b'{"asset": 1}', headers={"Idempotency-Key": "abc"})
    assert response.status_code == 200
    assert [r[2] for r in server.received] == [b'{"asset": 1}'] * 2
    assert all(r[3].get("Idempotency-Key") == "abc" for r in server.received)

    # A vendor documenting atomic failures (else any, made so), on a body that is not JSON where it has one.
    server.received.clear()
    atomic = first_documented(
        "is a retried 5xx",
        _server_error_retried_for_get,
        prefer=lambda c: (not c.vendor.DEFAULT_POLICY.atomic_failures, vector_response(c.vector)[2].lstrip()[:1] == b"{"),
    )
    server.steps = [step(atomic), (201, [], b"")]
    client = clients(atomic.vendor, policy=fast(atomic, atomic_failures=True))[kind]
    assert request(client, "POST", server.url + "/api/titles", content=b"<title/>").status_code == 201
    assert len(server.received) == 2


@pytest.mark.parametrize("kind", KINDS)
def test_a_wait_above_the_cap_raises_at_once(server: Scripted, kind: str) -> None:
    """A documented retryable status whose server wait is above the vendor's cap: no sleep, no retry."""
    case = first_documented(
        "asks for a wait above the cap",
        lambda c: c.vendor.DEFAULT_POLICY.is_retryable(c.error.status) and (c.error.retry_after or 0) > c.vendor.DEFAULT_POLICY.max_server_wait,
    )
    server.steps = [step(case)]
    started = time.monotonic()
    with pytest.raises(case.vendor.APIError) as caught:
        request(clients(case.vendor)[kind], "GET", server.url + "/api/titles")
    assert time.monotonic() - started < min(15.0, case.error.retry_after)  # nowhere near what the server asked for
    assert len(server.received) == 1
    assert type(caught.value).__name__ == case.vector["expect"]["class"]
    assert caught.value.retry_after == case.error.retry_after and len(caught.value.attempts) == 1


def test_connection_refused_is_retried_then_raised_as_connection_error() -> None:
    vendor = vendor_package(VENDORS[0])
    with socket_closed_port() as port:
        policy = vendor.DEFAULT_POLICY.replace(**FAST, retry_connection_errors=True)
        client = httpx.Client(transport=vendor.httpx_transport(policy=policy, budget=None))
        with pytest.raises(vendor.APIConnectionError) as caught:
            client.get(f"http://127.0.0.1:{port}/x")
        assert isinstance(caught.value.__cause__, httpx.ConnectError)
        assert len(caught.value.attempts) == policy.max_attempts


class socket_closed_port:
    """A loopback port with nothing listening on it."""

    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        return int(self.sock.getsockname()[1])

    def __exit__(self, *exc: object) -> None:
        self.sock.close()


@pytest.mark.parametrize("kind", KINDS)
def test_a_generated_idempotency_key_is_sent_on_every_attempt(server: Scripted, kind: str) -> None:
    """With generate_idempotency_key (and a documented header) a POST carries one fresh key,
    the same on each retry, so the gate lets it be resent."""
    vendor = next(v for v in (vendor_package(slug) for slug in VENDORS) if v.DEFAULT_POLICY.is_retryable(503))
    policy = vendor.DEFAULT_POLICY.replace(
        **FAST, atomic_failures=False, idempotency_header="Idempotency-Key", generate_idempotency_key=True
    )
    server.steps = [(503, [], b""), (503, [], b""), (200, [], b"ok")]
    response = request(clients(vendor, policy=policy)[kind], "POST", server.url + "/x", content=b"{}")
    assert response.status_code == 200 and len(server.received) == 3
    keys = {r[3].get("Idempotency-Key") for r in server.received}
    assert len(keys) == 1 and None not in keys and len(keys.pop() or "") == 36
