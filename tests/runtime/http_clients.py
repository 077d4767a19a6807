"""The HTTP clients the end-to-end tests drive, each wired to a vendor's retry policy in
the package's one line, and one way to send a request through any of them.

Kinds: httpx and httpx2 (sync and ``-async``), requests, aiohttp (through
``aiohttp_middleware``) and urllib3 (``urllib3_pool_manager``). What httpx and requests
return is theirs; aiohttp and urllib3 responses are read whole into a ``Reply`` with the
same ``status_code``, ``content``, ``headers`` and ``json()``, so one test reads all.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from types import ModuleType
from typing import Any

import aiohttp
import httpx
import httpx2
import requests
import urllib3

KINDS = ["httpx", "requests", "httpx-async", "httpx2", "httpx2-async", "aiohttp", "urllib3"]
HTTPX = {"httpx": httpx, "httpx-async": httpx, "httpx2": httpx2, "httpx2-async": httpx2}
ASYNC_CLIENTS = (httpx.AsyncClient, httpx2.AsyncClient)


class Reply:
    """An aiohttp or urllib3 response, read whole."""

    def __init__(self, status_code: int, content: bytes, headers: Any) -> None:
        self.status_code, self.content, self.headers = status_code, content, headers

    def json(self) -> Any:
        return json.loads(self.content)


class AiohttpClient:
    """An ``aiohttp.ClientSession`` with ``middlewares``, made in the event loop of its first
    request (a session belongs to one loop); ``timeout`` is each socket read and connect's,
    ``limit`` the connector's number of connections."""

    def __init__(self, middlewares: tuple[Any, ...], timeout: float | None = 5.0, limit: int = 100) -> None:
        self.middlewares, self.timeout, self.limit = middlewares, timeout, limit
        self.session: aiohttp.ClientSession | None = None

    def open(self) -> aiohttp.ClientSession:
        if self.session is None:
            timeout = aiohttp.ClientTimeout(total=None, connect=10.0, sock_connect=self.timeout, sock_read=self.timeout)
            connector = aiohttp.TCPConnector(limit=self.limit)
            self.session = aiohttp.ClientSession(middlewares=self.middlewares, timeout=timeout, connector=connector)
        return self.session

    async def request(self, method: str, url: str, content: Any = None, **kwargs: Any) -> Reply:
        async with self.open().request(method, url, data=content, **kwargs) as response:
            return Reply(response.status, await response.read(), response.headers)

    async def __aenter__(self) -> AiohttpClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.session is not None:
            await self.session.close()
            self.session = None


class Urllib3Client:
    """A urllib3 ``PoolManager`` sending ``content`` as the body; each request gets ``timeout``."""

    def __init__(self, manager: urllib3.PoolManager, timeout: float | None = 5.0) -> None:
        self.manager, self.timeout = manager, timeout

    def request(self, method: str, url: str, content: Any = None, stream: bool = False, **kwargs: Any) -> Reply:
        """The response read whole (``stream``: read after ``request`` returns, not preloaded)."""
        kwargs.setdefault("timeout", self.timeout)
        kwargs.setdefault("pool_timeout", 2.0)  # a blocking pool run dry raises EmptyPoolError then
        response = self.manager.request(method, url, body=content, preload_content=not stream, **kwargs)
        return Reply(response.status, response.data, response.headers)

    def __enter__(self) -> Urllib3Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.manager.clear()


def adapter_client(kind: str, vendor: ModuleType, *, timeout: float | None = 5.0, inner: Any = None, **options: Any) -> Any:
    """The client of ``kind`` wired to ``vendor``'s retry policy in the package's one line
    (``options`` go to the adapter; ``inner`` is an httpx transport)."""
    if kind in ("httpx", "httpx2"):
        module = HTTPX[kind]
        transport = (vendor.httpx_transport if kind == "httpx" else vendor.httpx2_transport)(inner, **options)
        return module.Client(transport=transport, timeout=timeout)
    if kind in ("httpx-async", "httpx2-async"):
        module = HTTPX[kind]
        factory = vendor.httpx_async_transport if kind == "httpx-async" else vendor.httpx2_async_transport
        return module.AsyncClient(transport=factory(inner, **options), timeout=timeout)
    if kind == "aiohttp":
        limit = options.pop("limit", 100)
        return AiohttpClient((vendor.aiohttp_middleware(**options),), timeout, limit)
    if kind == "urllib3":
        return Urllib3Client(vendor.urllib3_pool_manager(**options), timeout)
    session = requests.Session()
    session.mount("http://", vendor.requests_adapter(**options))
    session.request = _with_timeout(session.request, timeout)  # type: ignore[method-assign]
    return session


def _with_timeout(request: Any, timeout: float | None) -> Any:
    def call(method: str, url: str, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", timeout)
        return request(method, url, **kwargs)

    return call


def is_async(client: Any) -> bool:
    return isinstance(client, (*ASYNC_CLIENTS, AiohttpClient))


def send(client: Any, method: str, url: str, run: Callable[[Awaitable[Any]], Any], **kwargs: Any) -> Any:
    """One request through any client (``run`` runs a coroutine to its end); ``content`` is
    the body for every client (requests calls it ``data``)."""
    if is_async(client):
        async def go() -> Any:
            return await client.request(method, url, **kwargs)

        return run(go())
    if isinstance(client, requests.Session) and "content" in kwargs:
        kwargs["data"] = kwargs.pop("content")
    return client.request(method, url, **kwargs)


# Clients without the adapters, for the loops and raise_for_response -------------------


def plain_client(kind: str, pool: int = 10) -> Any:
    """A client of ``kind`` with at most ``pool`` connections and no retrying of its own
    (an aiohttp session must be made inside its event loop)."""
    if kind in HTTPX:
        module = HTTPX[kind]
        limits = module.Limits(max_connections=pool, max_keepalive_connections=pool)
        factory = module.AsyncClient if kind.endswith("-async") else module.Client
        return factory(limits=limits, timeout=module.Timeout(5.0, pool=2.0))
    if kind == "aiohttp":
        return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=pool), timeout=aiohttp.ClientTimeout(total=10.0))
    if kind == "urllib3":
        return urllib3.PoolManager(num_pools=1, maxsize=pool, block=True, retries=False, timeout=5.0)
    session = requests.Session()
    session.mount("http://", requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=pool))
    return session


def streamed(kind: str, client: Any, method: str, url: str, **kwargs: Any) -> Callable[[], Any]:
    """A ``send`` for the loops: one request of the plain ``client``, its body left unread
    (an awaitable for the async clients)."""
    if kind in HTTPX:
        return lambda: client.send(client.build_request(method, url, **kwargs), stream=True)
    if kind == "aiohttp":
        return lambda: client.request(method, url, **kwargs)
    if kind == "urllib3":
        return lambda: client.request(method, url, preload_content=False, pool_timeout=2.0, **kwargs)
    return lambda: client.request(method, url, stream=True, timeout=5, **kwargs)


def status(response: Any) -> int:
    """A response's status, whichever client's."""
    found = getattr(response, "status_code", None)
    return int(found if found is not None else response.status)


def read(response: Any) -> bytes:
    """The rest of a sync client's response body."""
    if isinstance(response, (httpx.Response, httpx2.Response)):
        return response.read()
    if isinstance(response, urllib3.BaseHTTPResponse):
        return bytes(response.data)
    return bytes(response.content)


async def aread(response: Any) -> bytes:
    """The rest of an async client's response body."""
    if isinstance(response, aiohttp.ClientResponse):
        return await response.read()
    return bytes(await response.aread())
