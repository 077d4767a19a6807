"""End to end under real HTTP failures: a server on 127.0.0.1 (started here) that stalls,
resets, cuts bodies short, sends huge or compressed-bomb error bodies; real httpx and
httpx2 (sync and async), requests, aiohttp and urllib3 clients through the generated
adapters and loops (``http_clients``).

Vendors are chosen by what their DEFAULT_POLICY does, never by name."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import struct
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType, SimpleNamespace
from typing import Any

import aiohttp
import httpx
import pytest
import requests
import urllib3

import http_clients
from conftest import VENDORS, expand, serving, vector_params, vector_response, vectors, vendor_package
from http_clients import KINDS, send
from vector_checks import check_error

PACKAGES = [vendor_package(slug) for slug in VENDORS]
ATOMIC = [v for v in PACKAGES if v.DEFAULT_POLICY.atomic_failures]
NOT_ATOMIC = [v for v in PACKAGES if not v.DEFAULT_POLICY.atomic_failures]
# a vendor whose policy retries a 503 and transport failures: the generic subject
RETRYING = next(
    v for v in PACKAGES
    if v.DEFAULT_POLICY.is_retryable(503) and v.DEFAULT_POLICY.retry_connection_errors and v.DEFAULT_POLICY.retry_timeouts
)
FAST = {"backoff_initial": 0.01, "backoff_max": 0.01, "jitter": "none"}
MiB = 1_048_576

Action = Callable[["Handler"], None]


class Server(ThreadingHTTPServer):
    """Replays scripted actions, one per request; counts requests and open connections."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.actions: list[Action] = []
        self.received: list[tuple[str, bytes]] = []
        self.sizes: list[int] = []  # body sizes of the requests received
        self.keep_bodies = True  # False: bodies are counted and dropped (memory measurements)
        self.open_connections = 0
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hang up on purpose here

    def script(self, *actions: Action) -> None:
        self.actions = list(actions)
        self.received.clear()
        self.sizes.clear()

    def settled_connections(self, at_most: int, wait: float = 3.0) -> int:
        """The open connection count, once it is at most ``at_most`` or ``wait`` ran out."""
        ends = time.monotonic() + wait
        while self.open_connections > at_most and time.monotonic() < ends:
            time.sleep(0.02)
        return self.open_connections


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"  # keep-alive: a leaked response holds its connection

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no Nagle stalls
        with self.server.lock:
            self.server.open_connections += 1

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass
        with self.server.lock:
            self.server.open_connections -= 1

    def _body(self) -> tuple[bytes, int]:
        keep = self.server.keep_bodies
        parts, size = [], 0
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                length = int(self.rfile.readline().split(b";")[0], 16)
                if length == 0:
                    self.rfile.readline()
                    break
                piece = self.rfile.read(length)
                size += len(piece)
                parts.append(piece) if keep else None
                self.rfile.readline()
        else:
            piece = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            size += len(piece)
            parts.append(piece) if keep else None
        return b"".join(parts), size

    def _serve(self) -> None:
        body, size = self._body()
        with self.server.lock:
            self.server.received.append((self.command, body))
            self.server.sizes.append(size)
            action = self.server.actions.pop(0) if self.server.actions else reply(500, b"script ran out")
        try:
            action(self)
        except OSError:  # the client went away (it stopped reading a huge body)
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = _serve

    def log_message(self, *args: Any) -> None:
        pass

    def head(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()


def reply(status: int, body: bytes = b"", headers: dict[str, str] | None = None, delay: float = 0.0) -> Action:
    def act(h: Handler) -> None:
        time.sleep(delay)
        h.head(status, {**(headers or {}), "Content-Length": str(len(body))})
        h.wfile.write(body)

    return act


def reset() -> Action:
    """Close the connection with a TCP reset once the request was read: no response."""
    def act(h: Handler) -> None:
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.close_connection = True
        h.connection.close()

    return act


def cut(status: int, sent: bytes, declared: int, stall: float = 0.0) -> Action:
    """Announce ``declared`` body bytes, send ``sent``, (stall,) then close: a body cut short."""
    def act(h: Handler) -> None:
        h.head(status, {"Content-Length": str(declared)})
        h.wfile.write(sent)
        h.wfile.flush()
        time.sleep(stall)
        h.close_connection = True

    return act


def huge(status: int, size: int, headers: dict[str, str] | None = None, chunk: bytes = b"x" * 65536) -> Action:
    """A ``size``-byte body written chunk by chunk (the same chunk object: no server memory)."""
    def act(h: Handler) -> None:
        h.head(status, {**(headers or {}), "Content-Length": str(size)})
        left = size
        while left > 0:
            h.wfile.write(chunk if left >= len(chunk) else chunk[:left])
            left -= len(chunk)

    return act


def trickle(status: int, size: int, every: float) -> Action:
    """A ``size``-byte body sent one byte every ``every`` seconds: no read ever times out."""
    def act(h: Handler) -> None:
        h.head(status, {"Content-Length": str(size)})
        for _ in range(size):
            h.wfile.write(b"x")
            time.sleep(every)

    return act


def gzip_bomb(expanded: int) -> bytes:
    """``expanded`` zero bytes, gzip-compressed (about a thousandth of that), built in pieces."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(MiB)
    parts = [packer.compress(zeros) for _ in range(expanded // MiB)]
    return b"".join(parts) + packer.flush()


@pytest.fixture
def server() -> Iterator[Server]:
    yield from serving(Server(), poll_interval=0.02)


def adapter_client(kind: str, vendor: ModuleType, **options: Any) -> Any:
    """One of the one-line wirings of the vendor's retry policy, without a retry budget."""
    options.setdefault("budget", None)
    return http_clients.adapter_client(kind, vendor, **options)


@pytest.fixture(scope="module", autouse=True)
def event_loop_runner() -> Iterator[None]:
    """One event loop for every async call of this module: an AsyncClient's pooled
    connections belong to the loop that opened them."""
    global RUNNER
    with asyncio.Runner() as RUNNER:
        yield


RUNNER: asyncio.Runner


def call(client: Any, method: str, url: str, **kwargs: Any) -> Any:
    """One request through any client, async ones on the module's event loop."""
    return send(client, method, url, RUNNER.run, **kwargs)


def outcome(client: Any, method: str, url: str, **kwargs: Any) -> Any:
    """The response, or the exception raised."""
    try:
        return call(client, method, url, **kwargs)
    except Exception as exc:  # noqa: BLE001 - the test inspects it
        return exc


def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    sock.close()  # nothing listens there now: connections are refused
    return port


def socket_fds() -> int:
    """Open sockets of this process (client and server sides), counted in /proc/self/fd."""
    count = 0
    for name in os.listdir("/proc/self/fd"):
        try:
            count += os.readlink(f"/proc/self/fd/{name}").startswith("socket:")
        except OSError:
            pass
    return count


# 1. No resend when the outcome is unknown ---------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("vendor", ATOMIC, ids=lambda v: v.__name__)
def test_atomic_failures_never_resend_a_post_whose_outcome_is_unknown(server: Server, vendor: ModuleType, kind: str) -> None:
    policy = vendor.DEFAULT_POLICY.replace(**FAST)
    client = adapter_client(kind, vendor, policy=policy, timeout=0.2)
    url = server.url + "/titles"
    unknown = {
        "read timeout": (reply(503, b"late", delay=1.0), vendor.APITimeoutError),
        "reset after sending": (reset(), vendor.APIConnectionError),
        "error body cut mid-response": (cut(503, b"<error>", 1000), vendor.APIConnectionError),
    }
    for case, (action, expected) in unknown.items():
        server.script(action, reply(201))
        error = outcome(client, "POST", url, content=b"<title/>")
        assert type(error) is expected, (case, error)
        assert error.__cause__ is not None and not isinstance(error.__cause__, vendor.APIError), case
        assert [m for m, _ in server.received] == ["POST"], f"{case}: resent"
        assert "not idempotent" in error.attempts[0].reason, case
    server.script(reply(503, b"<error><message>busy</message></error>"), reply(201))
    assert call(client, "POST", url, content=b"<title/>").status_code == 201  # an error response: nothing changed
    assert len(server.received) == 2


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_outcomes_are_retried_for_idempotent_methods(server: Server, kind: str) -> None:
    client = adapter_client(kind, RETRYING, policy=RETRYING.DEFAULT_POLICY.replace(**FAST), timeout=0.2)
    server.script(reset(), cut(503, b"{", 50), reply(200, b"late", delay=1.0), reply(200, b"ok"))
    response = call(client, "GET", server.url + "/x")
    assert response.status_code == 200 and response.content == b"ok"
    assert len(server.received) == 4


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("vendor", [v for v in PACKAGES if v.DEFAULT_POLICY.retry_connection_errors], ids=lambda v: v.__name__)
def test_a_refused_connection_is_retried_for_any_method(vendor: ModuleType, kind: str) -> None:
    policy = vendor.DEFAULT_POLICY.replace(**FAST)
    client = adapter_client(kind, vendor, policy=policy)
    error = outcome(client, "POST", f"http://127.0.0.1:{closed_port()}/x", content=b"{}")
    assert type(error) is vendor.APIConnectionError, error
    assert len(error.attempts) == policy.max_attempts  # nothing was sent: every attempt made
    assert vendor.retry.failure_kind(error.__cause__) == "connect"


def test_requests_connection_error_is_classified_by_its_cause() -> None:
    """requests wraps urllib3's NewConnectionError in its own ConnectionError."""
    with pytest.raises(requests.ConnectionError) as caught:
        requests.post(f"http://127.0.0.1:{closed_port()}/x", data=b"{}", timeout=2)
    assert type(caught.value) is requests.ConnectionError
    assert RETRYING.retry.failure_kind(caught.value) == "connect"
    reset_error = requests.ConnectionError(ConnectionResetError("reset by peer"))
    assert RETRYING.retry.failure_kind(reset_error) == "network"  # sent: the outcome is unknown


# 4. Every response that is not returned is closed --------------------------------------

CALLS = 200
POOL = 5


def pooled(kind: str, vendor: ModuleType, **options: Any) -> Any:
    """A client with at most POOL connections, wrapped by the adapter; a leaked response
    holds its connection, so the pool runs dry (httpx, aiohttp, urllib3) or grows past
    POOL (requests)."""
    if kind in http_clients.HTTPX:
        module = http_clients.HTTPX[kind]
        limits = module.Limits(max_connections=POOL, max_keepalive_connections=POOL)
        inner = (module.AsyncHTTPTransport if kind.endswith("-async") else module.HTTPTransport)(limits=limits)
        return adapter_client(kind, vendor, inner=inner, timeout=module.Timeout(5.0, pool=2.0), **options)
    if kind == "aiohttp":
        return adapter_client(kind, vendor, limit=POOL, **options)
    if kind == "urllib3":  # a blocking pool: a connection never given back empties it
        return adapter_client(kind, vendor, num_pools=1, maxsize=POOL, block=True, **options)
    return adapter_client(kind, vendor, pool_connections=1, pool_maxsize=POOL, **options)


def failing_script(server: Server) -> None:
    """Failing calls: most end on a 404; every tenth on a retried 503 (closed before
    the retry), then a 503 whose 1 MiB body passes the 1 KiB cap (read in part: its
    connection cannot be reused, it must be closed; larger than what aiohttp reads ahead)."""
    steps = [[reply(503, b'{"error": "busy"}'), huge(503, MiB)] if n % 10 == 0 else [reply(404, b"{}")] for n in range(CALLS)]
    server.script(*[step for call_steps in steps for step in call_steps], reply(200, b"ok"))


def many_calls(kind: str, client: Any, url: str, stream: bool) -> list[Any]:
    """CALLS failing calls (streamed when ``stream``; aiohttp always streams), then one
    that succeeds; the outcomes."""
    if kind in ("httpx-async", "httpx2-async", "aiohttp"):
        async def go() -> list[Any]:
            results: list[Any] = []
            for _ in range(CALLS + 1):
                try:
                    if kind == "aiohttp":
                        results.append(await client.request("GET", url))
                        continue
                    request = client.build_request("GET", url)
                    response = await client.send(request, stream=stream)
                    await response.aread()
                    results.append(response)
                except Exception as exc:  # noqa: BLE001
                    results.append(exc)
            return results

        return asyncio.run(go())
    results = []
    for _ in range(CALLS + 1):
        try:
            if kind in ("httpx", "httpx2"):
                response = client.send(client.build_request("GET", url), stream=stream)
                response.read()
            elif kind == "urllib3":
                response = client.request("GET", url, stream=stream)
            else:
                response = client.get(url, stream=stream)
                _ = response.content  # read the body
            results.append(response)
        except Exception as exc:  # noqa: BLE001
            results.append(exc)
    return results


@pytest.mark.parametrize("kind", KINDS)
def test_200_failing_calls_leak_no_connection(server: Server, kind: str) -> None:
    stream = True
    policy = RETRYING.DEFAULT_POLICY.replace(max_attempts=2, max_error_body=1024, **FAST)
    client = pooled(kind, RETRYING, policy=policy)
    sockets_before = socket_fds()
    failing_script(server)
    results = many_calls(kind, client, server.url + "/x", stream)
    errors = results[:CALLS]
    assert all(isinstance(e, RETRYING.ClientError if n % 10 else RETRYING.ServerError) for n, e in enumerate(errors)), errors
    assert [len(e.attempts) for e in errors] == [1 if n % 10 else 2 for n in range(CALLS)]
    assert [n for n, e in enumerate(errors) if e.truncated and len(e.content) == 1024] == list(range(0, CALLS, 10))
    assert results[-1].status_code == 200 and results[-1].content == b"ok"  # the pool still serves
    assert len(server.received) == CALLS + CALLS // 10 + 1
    open_now = server.settled_connections(POOL)
    leaked_fds = socket_fds() - sockets_before
    print(f"\n{kind} stream={stream}: {open_now} connections open, {leaked_fds} more sockets after {CALLS} failing calls")
    assert open_now <= POOL
    assert leaked_fds <= 2 * POOL  # both ends of at most POOL pooled connections


def plain_calls(kind: str, url: str, calls: int, policy: Any, pool: int = POOL) -> list[Any]:
    """``calls`` streamed GETs of ``url`` through ``call_with_retry`` (``async_call_with_retry``)
    over a client of ``kind`` without the adapters: each ``(status, body)`` returned, or
    the exception raised."""
    vendor = RETRYING

    def run(call: Callable[[], Any]) -> Any:
        try:
            return call()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            return exc

    if kind not in ("httpx-async", "httpx2-async", "aiohttp"):
        client = http_clients.plain_client(kind, pool)
        send = http_clients.streamed(kind, client, "GET", url)

        def once() -> Any:
            response = vendor.call_with_retry(send, policy=policy, method="GET", budget=None)
            return http_clients.status(response), http_clients.read(response)

        try:
            return [run(once) for _ in range(calls)]
        finally:
            client.clear() if kind == "urllib3" else client.close()

    async def go() -> list[Any]:
        client = http_clients.plain_client(kind, pool)
        send = http_clients.streamed(kind, client, "GET", url)
        results: list[Any] = []
        try:
            for _ in range(calls):
                try:
                    response = await vendor.async_call_with_retry(send, policy=policy, method="GET", budget=None)
                    results.append((http_clients.status(response), await http_clients.aread(response)))
                except Exception as exc:  # noqa: BLE001
                    results.append(exc)
        finally:
            await (client.close() if kind == "aiohttp" else client.aclose())
        return results

    return asyncio.run(go())


@pytest.mark.parametrize("kind", KINDS)
def test_the_loops_close_streamed_responses_of_a_plain_client(server: Server, kind: str) -> None:
    """call_with_retry / async_call_with_retry over a client without the adapters, streaming."""
    policy = RETRYING.DEFAULT_POLICY.replace(max_attempts=2, max_error_body=1024, **FAST)
    failing_script(server)
    results = plain_calls(kind, server.url + "/x", CALLS + 1, policy)
    errors = results[:CALLS]
    assert all(isinstance(e, RETRYING.APIError) for e in errors), errors
    assert sum(e.truncated for e in errors) == CALLS // 10
    assert results[-1] == (200, b"ok")
    assert server.settled_connections(POOL) <= POOL


# 3. The budget only pays for retries that happen ---------------------------------------


def test_100_cancelled_calls_leave_the_budget_where_it_was(server: Server) -> None:
    budget = RETRYING.RetryBudget()
    asleep = asyncio.Event()

    async def long_sleep(seconds: float) -> None:
        asleep.set()
        await asyncio.sleep(30)  # never finishes: every call is cancelled here

    policy = RETRYING.DEFAULT_POLICY.replace(**FAST)
    server.script(*[reply(503)] * 100)

    async def go() -> list[BaseException]:
        raised: list[BaseException] = []
        transport = RETRYING.httpx_async_transport(policy=policy, budget=budget, sleep=long_sleep)
        async with httpx.AsyncClient(transport=transport, timeout=5) as client:
            for n in range(100):
                asleep.clear()
                task = asyncio.create_task(client.get(server.url + "/x"))
                if n % 10 == 9:  # some by wait_for's timeout, the rest by cancel()
                    try:
                        await asyncio.wait_for(asyncio.shield(asleep.wait()), 5)
                        await asyncio.wait_for(task, 0.01)
                    except BaseException as exc:  # noqa: BLE001
                        raised.append(exc)
                    continue
                await asyncio.wait_for(asleep.wait(), 5)
                assert budget.available < budget.capacity  # the retry was paid for...
                task.cancel()
                try:
                    await task
                except BaseException as exc:  # noqa: BLE001
                    raised.append(exc)
        return raised

    raised = asyncio.run(go())
    assert len(server.received) == 100
    assert budget.available == budget.capacity  # ...and given back, 100 times
    assert all(type(exc) is asyncio.CancelledError for n, exc in enumerate(raised) if n % 10 != 9)  # never converted
    assert all(type(exc) is TimeoutError for n, exc in enumerate(raised) if n % 10 == 9)


@pytest.mark.parametrize("kind", ["httpx", "requests"])
def test_an_interrupted_sleep_gives_its_tokens_back(server: Server, kind: str) -> None:
    budget = RETRYING.RetryBudget()

    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    client = adapter_client(kind, RETRYING, policy=RETRYING.DEFAULT_POLICY.replace(**FAST), budget=budget, sleep=interrupted)
    for _ in range(20):
        server.script(reply(503))
        with pytest.raises(KeyboardInterrupt):
            client.get(server.url + "/x")
    assert budget.available == budget.capacity
    assert server.settled_connections(1) <= 1  # the 503s were closed before sleeping


# 5. Transport failures are the package's -----------------------------------------------

HTTPX_KINDS = list(http_clients.HTTPX)  # httpx and httpx2, sync and async


@pytest.mark.parametrize("stream", [False, True], ids=["read", "streamed"])
@pytest.mark.parametrize("kind", HTTPX_KINDS)
def test_httpx_a_2xx_body_cut_or_stalled_raises_the_package_errors_unretried(server: Server, kind: str, stream: bool) -> None:
    vendor = RETRYING
    module = http_clients.HTTPX[kind]
    client = adapter_client(kind, vendor, policy=vendor.DEFAULT_POLICY.replace(**FAST), timeout=0.2)
    cases = [
        (cut(200, b'{"items": [', 500), vendor.APIConnectionError, module.RemoteProtocolError),
        (cut(200, b'{"items": [', 500, stall=1.0), vendor.APITimeoutError, module.ReadTimeout),
    ]
    for action, expected, original in cases:
        server.script(action, reply(200, b"{}"))

        async def read_async() -> Any:
            request = client.build_request("GET", server.url + "/x")
            response = await client.send(request, stream=stream)
            try:
                return await response.aread()
            finally:
                await response.aclose()

        def read_sync() -> Any:
            with client.stream("GET", server.url + "/x") if stream else _no_stream(client, server.url + "/x") as response:
                return response.read()

        with pytest.raises(expected) as caught:
            RUNNER.run(read_async()) if kind.endswith("-async") else read_sync()
        assert isinstance(caught.value.__cause__, original)
        assert len(server.received) == 1  # handed to the caller: the transport cannot resend it


class _no_stream:
    def __init__(self, client: httpx.Client, url: str) -> None:
        self.client, self.url = client, url

    def __enter__(self) -> httpx.Response:
        return self.client.get(self.url)

    def __exit__(self, *exc: object) -> None:
        pass


def test_requests_reads_a_2xx_body_inside_the_loop_unless_streamed(server: Server) -> None:
    vendor = RETRYING
    session = adapter_client("requests", vendor, policy=vendor.DEFAULT_POLICY.replace(**FAST), timeout=0.2)
    url = server.url + "/x"
    # not streamed: a body cut short or stalled is a failed attempt, retried for a GET
    server.script(cut(200, b"{", 50), cut(200, b"{", 50, stall=1.0), reply(200, b"{}"))
    assert session.get(url).content == b"{}" and len(server.received) == 3
    # ... and not for a POST that may have been applied
    server.script(cut(200, b"{", 50), reply(200, b"{}"))
    with pytest.raises(vendor.APIConnectionError) as caught:
        session.post(url, data=b"{}")
    assert isinstance(caught.value.__cause__, requests.exceptions.ChunkedEncodingError)
    assert len(server.received) == 1 and "not idempotent" in caught.value.attempts[0].reason
    # every attempt timing out mid-body ends as the package's timeout error
    twice = adapter_client("requests", vendor, policy=vendor.DEFAULT_POLICY.replace(max_attempts=2, **FAST), timeout=0.2)
    server.script(*[cut(200, b"{", 50, stall=1.0)] * 2)
    with pytest.raises(vendor.APITimeoutError) as timed_out:
        twice.get(url)
    assert len(timed_out.value.attempts) == 2
    assert isinstance(timed_out.value.__cause__, requests.ConnectionError)
    # streamed: the caller reads; a failure is raised as the package's error, unretried
    for action, expected in ((cut(200, b"{", 50), vendor.APIConnectionError), (cut(200, b"{", 50, stall=1.0), vendor.APITimeoutError)):
        server.script(action, reply(200, b"{}"))
        response = session.get(url, stream=True)
        with pytest.raises(expected) as streamed:
            _ = response.content
        assert isinstance(streamed.value.__cause__, requests.RequestException)
        assert len(server.received) == 1


def test_urllib3_reads_a_preloaded_2xx_body_inside_the_loop_unless_streamed(server: Server) -> None:
    vendor = RETRYING
    client = adapter_client("urllib3", vendor, policy=vendor.DEFAULT_POLICY.replace(**FAST), timeout=0.2)
    url = server.url + "/x"
    # preloaded (urllib3's default): a body cut short or stalled is a failed attempt, retried for a GET
    server.script(cut(200, b"{", 50), cut(200, b"{", 50, stall=1.0), reply(200, b"{}"))
    assert client.request("GET", url).content == b"{}" and len(server.received) == 3
    # ... and not for a POST that may have been applied
    server.script(cut(200, b"{", 50), reply(200, b"{}"))
    with pytest.raises(vendor.APIConnectionError) as caught:
        client.request("POST", url, content=b"{}")
    assert isinstance(caught.value.__cause__, urllib3.exceptions.ProtocolError)
    assert len(server.received) == 1 and "not idempotent" in caught.value.attempts[0].reason
    # every attempt timing out mid-body ends as the package's timeout error
    twice = adapter_client("urllib3", vendor, policy=vendor.DEFAULT_POLICY.replace(max_attempts=2, **FAST), timeout=0.2)
    server.script(*[cut(200, b"{", 50, stall=1.0)] * 2)
    with pytest.raises(vendor.APITimeoutError) as timed_out:
        twice.request("GET", url)
    assert len(timed_out.value.attempts) == 2
    assert isinstance(timed_out.value.__cause__, urllib3.exceptions.ReadTimeoutError)
    # streamed (preload_content=False): the caller reads; a failure is the package's error, unretried
    for action, expected in ((cut(200, b"{", 50), vendor.APIConnectionError), (cut(200, b"{", 50, stall=1.0), vendor.APITimeoutError)):
        for read in (lambda r: r.data, lambda r: b"".join(r.stream(7)), lambda r: r.read1(64), lambda r: r.json()):
            server.script(action, reply(200, b"{}"))
            response = client.manager.request("GET", url, preload_content=False, timeout=0.2)
            with pytest.raises(expected) as streamed:
                read(response)
                read(response)
            assert isinstance(streamed.value.__cause__, urllib3.exceptions.HTTPError)
            assert len(server.received) == 1


def test_aiohttp_a_2xx_body_cut_or_stalled_raises_the_package_errors_unretried(server: Server) -> None:
    """aiohttp reads a 2xx body after the middleware returns: ``read()``, ``text()`` and
    ``json()`` raise the package's errors for a body cut short or stalled."""
    vendor = RETRYING
    client = adapter_client("aiohttp", vendor, policy=vendor.DEFAULT_POLICY.replace(**FAST), timeout=0.2)
    cases = [
        (cut(200, b'{"items": [', 500), vendor.APIConnectionError, aiohttp.ClientPayloadError),
        (cut(200, b'{"items": [', 500, stall=1.0), vendor.APITimeoutError, asyncio.TimeoutError),
    ]
    for action, expected, original in cases:
        for read in ("read", "text", "json"):
            server.script(action, reply(200, b"{}"))

            async def go(read: str = read) -> Any:
                async with client.open().get(server.url + "/x") as response:
                    return await getattr(response, read)()

            with pytest.raises(expected) as caught:
                RUNNER.run(go())
            assert isinstance(caught.value.__cause__, original), (read, caught.value.__cause__)
            assert len(server.received) == 1  # handed to the caller: the middleware cannot resend it


@pytest.mark.parametrize("kind", KINDS)
def test_the_loops_retry_an_error_body_cut_short(server: Server, kind: str) -> None:
    """A plain streaming client under call_with_retry: the loop reads the error body."""
    vendor = RETRYING
    policy = vendor.DEFAULT_POLICY.replace(**FAST)
    url = server.url + "/x"
    server.script(cut(503, b"{", 50), reply(200, b"ok"))
    assert plain_calls(kind, url, 1, policy) == [(200, b"ok")]
    assert len(server.received) == 2
    server.script(cut(503, b"{", 50), reply(200, b"ok"))
    with requests.Session() as session, pytest.raises(vendor.APIConnectionError) as caught:
        vendor.call_with_retry(lambda: session.post(url, data=b"{}", stream=True, timeout=5), policy=policy, method="POST", budget=None)
    assert len(server.received) == 1 and caught.value.__cause__ is not None


# 8. retry_after and retryable come from the policy in use -------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("vendor", [v for v in PACKAGES if v.DEFAULT_POLICY.is_retryable(503)], ids=lambda v: v.__name__)
def test_the_raised_error_answers_with_the_policy_that_decided(server: Server, vendor: ModuleType, kind: str) -> None:
    default = vendor.DEFAULT_POLICY
    custom = default.replace(
        wait_headers=(("X-Backoff-Seconds", "seconds", (), ()),),
        max_server_wait=5.0,
        retry_statuses=sorted(expand(default.retry_statuses) - {503}),
    )
    headers = {"X-Backoff-Seconds": "90", "Retry-After": "2"}
    server.script(reply(503, b"", headers))
    error = outcome(adapter_client(kind, vendor, policy=custom), "GET", server.url + "/x")
    assert isinstance(error, vendor.ServerError) and len(error.attempts) == 1
    assert error.retry_after == 90.0 and error.retryable is False  # as the custom policy reads them
    bare = vendor.from_response(503, headers, b"")
    assert bare.retry_after == default.server_wait(headers, 503) and bare.retryable is True  # the default's reading
    server.script(reply(429, b"", {"X-Backoff-Seconds": "90"}))
    capped = outcome(adapter_client(kind, vendor, policy=custom), "GET", server.url + "/x")
    assert capped.retry_after == 90.0 and "above the 5s cap" in capped.attempts[0].reason


# 9. Field problems are kept ---------------------------------------------------------------


def _examples_with_problems() -> list[Any]:
    return [
        pytest.param(slug, vector, kind, id=f"{slug}: {vector['name']} [{kind}]")
        for slug, vector in (param.values for param in vector_params(lambda vector: bool(vector["expect"].get("problems"))))
        for kind in KINDS
    ]


@pytest.mark.parametrize(("slug", "case", "kind"), _examples_with_problems())
def test_documented_field_problems_survive_the_wire(server: Server, slug: str, case: dict[str, Any], kind: str) -> None:
    """A documented validation error served by a real server keeps its field problems,
    typed and in ``details``, through every adapter."""
    vendor = vendor_package(slug)
    status, headers, body = vector_response(case)
    server.script(reply(status, body, {"Content-Type": "application/json", **dict(headers)}))
    policy = vendor.DEFAULT_POLICY.replace(max_attempts=1)
    error = outcome(adapter_client(kind, vendor, policy=policy), "POST", server.url + "/x")
    assert isinstance(error, vendor.APIError) and type(error).__name__ == case["expect"]["class"]
    assert [tuple(p) for p in error.problems] == [tuple(p) for p in case["expect"]["problems"]]
    assert all(type(p) is vendor.Problem for p in error.problems)
    kept = json.dumps(error.details)
    assert all(json.dumps(p.message)[1:-1] in kept for p in error.problems)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("slug", VENDORS)
def test_every_vector_maps_through_raise_for_response_with_every_client(server: Server, slug: str, kind: str) -> None:
    """Each conformance vector served by a real server, its body left unread by the
    client, gives the error the vector expects from ``raise_for_response`` (from
    ``await araise_for_response`` with the async clients)."""
    vendor = vendor_package(slug)
    client = PlainClient(kind)
    try:
        for vector in vectors(slug):
            status, headers, body = vector_response(vector)
            server.script(reply(status, body, dict(headers)))
            check_error(vendor, vector, client.raised_for(server.url + "/x", vendor), None)
    finally:
        client.close()


@pytest.mark.parametrize(("slug", "vector"), vector_params())
def test_every_vector_holds_over_the_wire(server: Server, slug: str, vector: dict[str, Any]) -> None:
    """Each conformance vector served by a real server, read through the requests
    adapter's loop (one attempt), gives the error the vector expects (its retry
    decisions are checked without the wire, in test_vectors)."""
    vendor = vendor_package(slug)
    status, headers, body = vector_response(vector)
    server.script(reply(status, body, dict(headers)))
    error = outcome(adapter_client("requests", vendor, policy=vendor.DEFAULT_POLICY.replace(max_attempts=1)), "GET", server.url + "/x")
    check_error(vendor, vector, error, None)


# 7. The deadline bounds wall time -------------------------------------------------------


def test_each_attempt_is_cut_to_the_time_left_before_the_deadline(server: Server) -> None:
    vendor = RETRYING
    policy = vendor.DEFAULT_POLICY.replace(deadline=1.0, max_attempts=10, **FAST)
    took = {}
    for kind in KINDS:
        server.script(*[reply(503, b"", delay=0.8)] * 10)
        client = adapter_client(kind, vendor, policy=policy, timeout=30.0)  # the client alone would wait 30 s
        started = time.monotonic()
        error = outcome(client, "GET", server.url + "/slow")
        took[kind] = time.monotonic() - started
        assert isinstance(error, vendor.APITimeoutError), error  # the second attempt ran out of time
        assert [a.status for a in error.attempts] == [503, None]
    print(f"\nwall time with a 1 s deadline and 0.8 s responses: {took}")
    assert all(seconds <= 1.2 for seconds in took.values()), took


@pytest.mark.parametrize("kind", KINDS)
def test_an_error_body_trickling_past_the_deadline_is_cut_there(server: Server, kind: str) -> None:
    vendor = RETRYING
    policy = vendor.DEFAULT_POLICY.replace(deadline=0.5, **FAST)
    server.script(trickle(503, 100, every=0.05))
    started = time.monotonic()
    error = outcome(adapter_client(kind, vendor, policy=policy, timeout=30.0), "GET", server.url + "/x")
    took = time.monotonic() - started
    assert isinstance(error, vendor.ServiceUnavailableError) and error.truncated, error
    assert 0 < len(error.content) < 100 and "deadline" in error.attempts[-1].reason
    assert took <= 0.7, took


# 6. Bounded memory ----------------------------------------------------------------------

BOMB = gzip_bomb(50 * MiB)


def measured(run: Callable[[], Any]) -> tuple[Any, int, int]:
    """``(result, peak bytes while running, bytes still held with the result alive)``."""
    import gc

    gc.collect()
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        result = run()
        RUNNER.run(asyncio.sleep(0.01))  # the event loop finalizes the async generators left behind
        gc.collect()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak - baseline, current - baseline


@pytest.mark.parametrize("kind", KINDS)
def test_a_50_mib_error_body_and_a_gzip_bomb_cost_the_cap(server: Server, kind: str) -> None:
    vendor = RETRYING
    policy = vendor.DEFAULT_POLICY.replace(max_attempts=1)
    cap = policy.max_error_body
    assert cap == MiB  # the documented default
    bodies = {
        "50 MiB body": huge(503, 50 * MiB),
        "gzip bomb": reply(503, BOMB, {"Content-Encoding": "gzip"}),
    }
    for case, action in bodies.items():
        client = adapter_client(kind, vendor, policy=policy)
        server.script(reply(503, b"warm-up"), action)
        outcome(client, "GET", server.url + "/x")  # the client's own pools and caches, made before measuring
        error, peak, retained = measured(lambda client=client: outcome(client, "GET", server.url + "/x"))
        assert isinstance(error, vendor.ServiceUnavailableError), error
        assert error.truncated and "truncated" in str(error)
        assert len(error.content) == cap and set(error.content) == ({ord("x")} if case == "50 MiB body" else {0})
        # aiohttp inflates ahead of its reader into its own buffer (bounded, whatever the body's size)
        assert peak <= 3 * cap + (MiB if kind == "aiohttp" and case == "gzip bomb" else 0), (case, peak)
        # The error holds its body once (the raw bytes; the text is decoded on each read).
        assert "body" not in vars(error)
        print(f"\n{kind} {case}: peak {peak / MiB:.2f} MiB; the error retains {retained / MiB:.3f} MiB, "
              f"{(retained - cap) / 1024:.1f} KiB beyond the cap")
        assert retained <= cap + 32 * 1024, (case, retained)


ASYNC_KINDS = ("httpx-async", "httpx2-async", "aiohttp")


class PlainClient:
    """A client of ``kind`` without the adapters, for ``raise_for_response``; async ones
    live on the module's event loop."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

        async def make() -> Any:
            return http_clients.plain_client(kind)

        self.client = RUNNER.run(make()) if kind in ASYNC_KINDS else http_clients.plain_client(kind)

    def close(self) -> None:
        if self.kind == "aiohttp":
            RUNNER.run(self.client.close())
        elif self.kind in ASYNC_KINDS:
            RUNNER.run(self.client.aclose())
        else:
            self.client.clear() if self.kind == "urllib3" else self.client.close()

    def raised_for(self, url: str, vendor: ModuleType = RETRYING, **raise_options: Any) -> Any:
        """What ``vendor.raise_for_response`` (``await araise_for_response`` for the async
        clients) raises for a GET of ``url`` streamed, its body unread; None when nothing is."""
        send = http_clients.streamed(self.kind, self.client, "GET", url)
        if self.kind in ASYNC_KINDS:
            async def go() -> Any:
                response = await send()
                try:
                    await vendor.araise_for_response(response, **raise_options)
                except Exception as exc:  # noqa: BLE001 - the test inspects it
                    return exc
                finally:
                    response.close() if self.kind == "aiohttp" else await response.aclose()
                return None

            return RUNNER.run(go())
        response = send()
        try:
            vendor.raise_for_response(response, **raise_options)
        except Exception as exc:  # noqa: BLE001
            return exc
        finally:
            response.close()
        return None


def raised_for(kind: str, url: str, **raise_options: Any) -> Any:
    """``PlainClient.raised_for`` with a client made for the one request."""
    client = PlainClient(kind)
    try:
        return client.raised_for(url, **raise_options)
    finally:
        client.close()


@pytest.mark.parametrize("kind", KINDS)
def test_raise_for_response_reads_a_streamed_error_body_only_to_the_cap(server: Server, kind: str) -> None:
    """Outside the loops too: a streamed 50 MiB error body or gzip bomb costs the cap
    (``araise_for_response`` for the async clients)."""
    vendor = RETRYING
    cap = 256 * 1024
    for case, action in {"50 MiB body": huge(503, 50 * MiB), "gzip bomb": reply(503, BOMB, {"Content-Encoding": "gzip"})}.items():
        server.script(action)
        error, peak, _ = measured(lambda: raised_for(kind, server.url + "/x", max_error_body=cap))
        assert isinstance(error, vendor.ServiceUnavailableError), error
        assert error.truncated and len(error.content) == cap, (case, len(error.content))
        assert set(error.content) == ({ord("x")} if case == "50 MiB body" else {0})
        assert peak <= cap + 2 * MiB, (case, peak)  # the client and its pool on top of the cap; the body is 50 MiB


def test_raise_for_response_and_the_loops_need_an_int_status() -> None:
    """What is not a response of a supported client is a TypeError naming what was expected."""
    for thing in (object(), {"status_code": 503}, SimpleNamespace(status_code="503"), SimpleNamespace(status=True)):
        with pytest.raises(TypeError, match=r"expects an HTTP response with an int status_code .* or status .*, got "):
            RETRYING.raise_for_response(thing)
        with pytest.raises(TypeError, match="araise_for_response expects"):
            RUNNER.run(RETRYING.araise_for_response(thing))
    with pytest.raises(TypeError, match=r"call_with_retry: send\(\) expects .*, got builtins.int"):
        RETRYING.call_with_retry(lambda: 503, policy=RETRYING.DEFAULT_POLICY, budget=None)


def test_aiohttp_without_auto_decompress_hands_over_gzip_that_the_runtime_inflates(server: Server) -> None:
    """A session made with ``auto_decompress=False`` passes a gzip body as received: the
    runtime recognises it and inflates it, a bomb no further than the cap."""
    vendor = RETRYING
    message = json.dumps({"message": "busy"}).encode()

    async def go() -> Any:
        async with aiohttp.ClientSession(auto_decompress=False) as session, session.get(server.url + "/x") as response:
            try:
                await vendor.araise_for_response(response, max_error_body=4096)
            except vendor.APIError as error:
                return error
        return None

    server.script(reply(503, zlib.compress(message, 9, wbits=31), {"Content-Encoding": "gzip"}))
    assert RUNNER.run(go()).content == message
    server.script(reply(503, BOMB, {"Content-Encoding": "gzip"}))
    error, peak, _ = measured(lambda: RUNNER.run(go()))
    assert error.truncated and error.content == bytes(4096) and peak < MiB, peak


def test_sync_raise_for_response_on_an_unread_aiohttp_body_says_to_await_it(server: Server) -> None:
    """aiohttp reads bodies only with await: the sync function cannot, and says what to
    call instead; once the body was read, it maps it."""
    vendor = RETRYING

    async def go() -> tuple[Any, Any, bytes]:
        async with aiohttp.ClientSession() as session, session.get(server.url + "/x") as response:
            with pytest.raises(TypeError, match=r"await araise_for_response\(response\)") as unread:
                vendor.raise_for_response(response)
            body = await response.read()
            with pytest.raises(vendor.APIError) as read:
                vendor.raise_for_response(response)
            return unread.value, read.value, body

    server.script(reply(503, b'{"message": "busy"}'))
    _, error, body = RUNNER.run(go())
    assert error.status == 503 and error.content == body == b'{"message": "busy"}'


def outcome_of(run: Callable[[], Any]) -> Any:
    try:
        return run()
    except Exception as exc:  # noqa: BLE001 - the test inspects it
        return exc


def chunks_of(size: int, piece: int = 65536) -> Iterator[bytes]:
    """``size`` bytes in fresh ``piece``-byte chunks (each one allocated: memory is measured)."""
    for start in range(0, size, piece):
        yield b"u" * min(piece, size - start)


@pytest.mark.parametrize("kind", HTTPX_KINDS)
def test_httpx_streamed_uploads_are_kept_only_to_resend_and_only_up_to_the_cap(server: Server, kind: str) -> None:
    vendor = RETRYING
    policy = vendor.DEFAULT_POLICY.replace(**FAST)
    limit = 256 * 1024

    def upload(size: int) -> Any:
        if kind.endswith("-async"):
            async def agen() -> Any:
                for chunk in chunks_of(size):
                    yield chunk

            return agen()
        return chunks_of(size)

    url = server.url + "/assets/a"
    # within the cap, resendable (PUT): kept and resent intact
    client = adapter_client(kind, vendor, policy=policy, replay_buffer=limit)
    server.script(reply(503), reply(200))
    assert call(client, "PUT", url, content=upload(limit)).status_code == 200
    assert [len(body) for _, body in server.received] == [limit, limit]
    # beyond the cap: streamed, sent once, never resent after sending; memory stays near the cap
    server.script(reply(503), reply(200))
    server.keep_bodies = False
    error, peak, _ = measured(lambda: outcome(client, "PUT", url, content=upload(16 * MiB)))
    print(f"\n{kind}: peak {peak / MiB:.2f} MiB while streaming a 16 MiB resendable upload past a {limit // 1024} KiB cap")
    assert isinstance(error, vendor.ServiceUnavailableError)
    assert server.sizes == [16 * MiB] and "cannot be resent" in error.attempts[-1].reason
    assert peak < limit + MiB // 2
    # a stream never sent (connection refused) is still retried, whatever its size
    refused = outcome(client, "POST", f"http://127.0.0.1:{closed_port()}/x", content=upload(4 * limit))
    assert type(refused) is vendor.APIConnectionError and len(refused.attempts) == policy.max_attempts
    # a request that cannot be resent is not buffered at all: memory stays flat for 16 MiB
    never = policy.replace(rejected_statuses=())
    assert not never.might_resend("POST", {})
    client = adapter_client(kind, vendor, policy=never, replay_buffer=64 * MiB)
    server.script(reply(201))
    server.keep_bodies = False
    response, peak, _ = measured(lambda: call(client, "POST", server.url + "/jobs", content=upload(16 * MiB)))
    print(f"\n{kind}: peak {peak / MiB:.2f} MiB while streaming a 16 MiB upload that cannot be resent")
    assert response.status_code == 201 and server.sizes == [16 * MiB]
    assert peak < MiB


@pytest.mark.parametrize("kind", KINDS)
def test_raise_errors_false_returns_the_error_response_closed_and_readable(server: Server, kind: str) -> None:
    policy = RETRYING.DEFAULT_POLICY.replace(max_attempts=1, max_error_body=1000)
    client = adapter_client(kind, RETRYING, policy=policy, raise_errors=False)
    server.script(huge(503, 50_000), reply(200, b"ok"))
    response = call(client, "GET", server.url + "/x")
    assert response.status_code == 503 and response.content == b"x" * 1000  # the part read, no more
    assert call(client, "GET", server.url + "/x").content == b"ok"
    assert server.settled_connections(1) <= 1


@pytest.mark.parametrize("kind", ["requests", "urllib3", "aiohttp"])
def test_streamed_request_bodies_are_retried_only_when_nothing_was_sent(server: Server, tmp_path: Any, kind: str) -> None:
    """Generator and file bodies (async generators for aiohttp): resent after a refused
    connection, never once any of them was sent; aiohttp rewinds a seekable file itself,
    so there a file is resent intact."""
    vendor = RETRYING
    policy = vendor.DEFAULT_POLICY.replace(**FAST)
    client = adapter_client(kind, vendor, policy=policy)
    refused = f"http://127.0.0.1:{closed_port()}/x"
    upload = tmp_path / "upload.bin"
    upload.write_bytes(b"f" * 1000)

    def generated() -> Any:
        if kind != "aiohttp":
            return chunks_of(1000, 100)

        async def chunks() -> Any:
            for chunk in chunks_of(1000, 100):
                yield chunk

        return chunks()

    with upload.open("rb") as file:
        for body in (generated(), file):
            error = outcome(client, "PUT", refused, content=body)
            assert type(error) is vendor.APIConnectionError and len(error.attempts) == policy.max_attempts, error
    with upload.open("rb") as file:
        for body in (generated(), file):  # sent once: not again, even for a PUT
            server.script(reply(503), reply(200))
            result = outcome(client, "PUT", server.url + "/x", content=body)
            if kind == "aiohttp" and body is file:
                assert result.status_code == 200 and [b for _, b in server.received] == [b"f" * 1000] * 2
                continue
            assert isinstance(result, vendor.ServiceUnavailableError) and server.sizes == [1000], (result, server.sizes)
            assert "cannot be resent" in result.attempts[-1].reason
    server.script(reply(503), reply(200))
    assert call(client, "PUT", server.url + "/x", content=bytearray(b"b" * 10)).status_code == 200
    assert [body for _, body in server.received] == [b"b" * 10] * 2


def test_urllib3_follows_redirects_as_the_caller_configured_them(server: Server) -> None:
    """urllib3's own retries are off (the policy retries), its redirects are not: they
    follow the ``retries`` and ``redirect`` the caller gave, per request or to the manager."""
    vendor = RETRYING
    policy = vendor.DEFAULT_POLICY.replace(**FAST)
    manager = vendor.urllib3_pool_manager(policy=policy, budget=None)
    url = server.url + "/a"
    hop = reply(302, b"", {"Location": "/b"})
    server.script(hop, reply(200, b"moved"))
    assert manager.request("GET", url).data == b"moved" and [p for p, _ in server.received] == ["GET", "GET"]
    server.script(hop, reply(503), reply(200, b"again"))  # a 503 after a hop: the attempt is redone from the start
    assert manager.request("GET", url).data == b"again" and len(server.received) == 3
    server.script(hop)
    assert manager.request("GET", url, redirect=False).status == 302
    server.script(hop, hop)
    assert manager.request("GET", url, retries=urllib3.Retry(redirect=1, raise_on_redirect=False)).status == 302
    server.script(hop, hop)
    with pytest.raises(urllib3.exceptions.MaxRetryError) as caught:  # not a transport failure: raised as it is
        manager.request("GET", url, retries=urllib3.Retry(redirect=1))
    assert vendor.retry.failure_kind(caught.value) == "other" and len(server.received) == 2
    limited = vendor.urllib3_pool_manager(policy=policy, budget=None, retries=urllib3.Retry(total=0, raise_on_redirect=False))
    server.script(hop)
    assert limited.request("GET", url).status == 302  # the manager's retries, as urllib3 reads them
    # no retry of urllib3's own, whatever the caller's Retry says: the policy's attempts are all there are
    once = vendor.urllib3_pool_manager(policy=policy.replace(max_attempts=1), budget=None)
    for failure, status in ((reset(), None), (reply(503), 503)):
        server.script(failure, reply(200, b"ok"))
        retries = urllib3.Retry(10, backoff_factor=0, status_forcelist=[503])
        error = outcome_of(lambda retries=retries: once.request("GET", url, retries=retries))
        assert isinstance(error, (vendor.APIError, vendor.APIConnectionError)) and len(server.received) == 1, error
        assert [a.status for a in error.attempts] == [status]


def test_urllib3_and_aiohttp_failures_are_classified_by_cause() -> None:
    """The names the runtime looks up along each exception's MRO, on the real classes."""
    kind = RETRYING.retry.failure_kind
    refused = urllib3.exceptions.NewConnectionError(None, "refused")
    assert kind(refused) == "connect" and kind(urllib3.exceptions.ConnectTimeoutError()) == "connect"
    assert kind(urllib3.exceptions.ReadTimeoutError(None, "/", "slow")) == "timeout"
    assert kind(urllib3.exceptions.ProtocolError("reset", ConnectionResetError())) == "network"
    assert kind(urllib3.exceptions.MaxRetryError(None, "/", refused)) == "connect"
    assert kind(urllib3.exceptions.MaxRetryError(None, "/", urllib3.exceptions.ProtocolError("x"))) == "network"
    assert kind(urllib3.exceptions.MaxRetryError(None, "/", urllib3.exceptions.ResponseError("too many redirects"))) == "other"
    key = SimpleNamespace(host="h", port=1, is_ssl=False, ssl=None, proxy=None, proxy_auth=None, proxy_headers_hash=None)
    assert kind(aiohttp.ClientConnectorError(key, ConnectionRefusedError(111, "refused"))) == "connect"
    assert kind(aiohttp.ClientConnectorDNSError(key, OSError("no such host"))) == "connect"
    assert kind(aiohttp.ConnectionTimeoutError()) == "connect"
    assert kind(aiohttp.SocketTimeoutError()) == "timeout" and kind(aiohttp.ServerTimeoutError()) == "timeout"
    assert kind(TimeoutError()) == "timeout"
    for broken in (aiohttp.ServerDisconnectedError(), aiohttp.ClientPayloadError("cut"), aiohttp.ClientOSError(104, "reset")):
        assert kind(broken) == "network", broken
    assert kind(aiohttp.ClientResponseError(None, (), status=500)) == "other"  # type: ignore[arg-type]
