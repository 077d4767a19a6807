"""End to end: real httpx and requests clients, wrapped by the generated adapters, against a
real HTTP server on 127.0.0.1 (started here) that replays scripted responses."""

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
import requests

from conftest import VENDORS, serving, vendor_package

shortkit = vendor_package("shortkit")
mkio = vendor_package("mkio")
mediamagic = vendor_package("mediamagic")
mediagenix = vendor_package("mediagenix")

Step = tuple[int, dict[str, str], bytes]


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
            status, headers, content = self.server.steps.pop(0) if self.server.steps else (500, {}, b"script ran out")
        self.send_response(status)
        for name, value in headers.items():
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
    """The three ways an SDK wires the vendor policy in, each in one line."""
    options.setdefault("budget", vendor.RetryBudget())
    session = requests.Session()
    session.mount("http://", vendor.requests_adapter(**options))
    return {
        "httpx": httpx.Client(transport=vendor.httpx_transport(**options)),
        "requests": session,
        "httpx-async": httpx.AsyncClient(transport=vendor.httpx_async_transport(**options)),
    }


def request(client: Any, method: str, url: str, **kwargs: Any) -> Any:
    if isinstance(client, httpx.AsyncClient):
        async def go() -> Any:
            async with client:
                return await client.request(method, url, **kwargs)

        return asyncio.run(go())
    if isinstance(client, requests.Session) and "content" in kwargs:
        kwargs["data"] = kwargs.pop("content")  # requests spells the raw body `data`
    with client:
        return client.request(method, url, **kwargs)


KINDS = ["httpx", "requests", "httpx-async"]


@pytest.mark.parametrize("kind", KINDS)
def test_429_with_retry_after_then_200(server: Scripted, kind: str) -> None:
    rate_limited = json.dumps({"error": {"code": "RATE_LIMITED", "message": "slow down"}, "meta": {"requestId": "r1"}})
    server.steps = [(429, {"Retry-After": "1"}, rate_limited.encode()), (200, {}, b'{"ok": true}')]
    started = time.monotonic()
    response = request(clients(shortkit)[kind], "GET", server.url + "/v1/content")
    elapsed = time.monotonic() - started
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert len(server.received) == 2
    assert 1.0 <= elapsed < 15.0  # waited for Retry-After; loose above: a behaviour bound, not a speed one


@pytest.mark.parametrize("kind", KINDS)
def test_503_three_times_then_200_resends_the_body_intact(server: Scripted, kind: str) -> None:
    server.steps = [(503, {}, b"")] * 3 + [(200, {}, b"created")]
    payload = json.dumps({"name": "asset-\u00e9", "blob": "x" * 5000}).encode()
    policy = mkio.DEFAULT_POLICY.replace(**FAST)
    started = time.monotonic()
    response = request(clients(mkio, policy=policy)[kind], "PUT", server.url + "/api/v1/assets/a", content=payload)
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert [r[0] for r in server.received] == ["PUT"] * 4
    assert [r[2] for r in server.received] == [payload] * 4
    assert 0.15 <= elapsed < 15.0  # three backoffs slept


@pytest.mark.parametrize("kind", KINDS)
def test_post_failing_with_502_is_not_replayed(server: Scripted, kind: str) -> None:
    server.steps = [(502, {}, b'{"detail": "Failed to load results from storage"}'), (200, {}, b"")]
    client = clients(mediamagic, policy=mediamagic.DEFAULT_POLICY.replace(**FAST))[kind]
    with pytest.raises(mediamagic.BadGatewayError) as caught:
        request(client, "POST", server.url + "/submissions", content=b'{"asset": 1}')
    assert len(server.received) == 1
    assert caught.value.message == "Failed to load results from storage"
    assert "not idempotent" in caught.value.attempts[0].reason


@pytest.mark.parametrize("kind", KINDS)
def test_post_with_idempotency_key_or_atomic_vendor_is_retried(server: Scripted, kind: str) -> None:
    server.steps = [(502, {}, b"{}"), (200, {}, b"ok")]
    keyed = mediamagic.DEFAULT_POLICY.replace(**FAST, idempotency_header="Idempotency-Key")  # as if it documented one
    client = clients(mediamagic, policy=keyed)[kind]
    response = request(client, "POST", server.url + "/submissions", content=b'{"asset": 1}', headers={"Idempotency-Key": "abc"})
    assert response.status_code == 200
    assert [r[2] for r in server.received] == [b'{"asset": 1}'] * 2
    assert all(r[3].get("Idempotency-Key") == "abc" for r in server.received)

    server.received.clear()
    server.steps = [(503, {}, b"<error><message>maintenance</message></error>"), (201, {}, b"")]
    client = clients(mediagenix, policy=mediagenix.DEFAULT_POLICY.replace(**FAST))[kind]
    assert request(client, "POST", server.url + "/api/titles", content=b"<title/>").status_code == 201
    assert len(server.received) == 2


@pytest.mark.parametrize("kind", KINDS)
def test_429_with_a_wait_above_the_cap_raises_at_once(server: Scripted, kind: str) -> None:
    server.steps = [(429, {"Ratelimit-Reset": "300", "Ratelimit-Remaining": "0"}, b"")]
    started = time.monotonic()
    with pytest.raises(mediagenix.RateLimitError) as caught:
        request(clients(mediagenix)[kind], "GET", server.url + "/api/titles")
    assert time.monotonic() - started < 15.0  # nowhere near the 300 s the server asked for
    assert len(server.received) == 1
    assert caught.value.retry_after == 300.0 and len(caught.value.attempts) == 1


def test_connection_refused_is_retried_then_raised_as_connection_error() -> None:
    with socket_closed_port() as port:
        policy = mkio.DEFAULT_POLICY.replace(**FAST)
        client = httpx.Client(transport=mkio.httpx_transport(policy=policy, budget=None))
        with pytest.raises(mkio.APIConnectionError) as caught:
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
    server.steps = [(503, {}, b""), (503, {}, b""), (200, {}, b"ok")]
    response = request(clients(vendor, policy=policy)[kind], "POST", server.url + "/x", content=b"{}")
    assert response.status_code == 200 and len(server.received) == 3
    keys = {r[3].get("Idempotency-Key") for r in server.received}
    assert len(keys) == 1 and None not in keys and len(keys.pop() or "") == 36
