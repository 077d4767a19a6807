"""The scratch SDK of ``test_scratch_sdk.py``, file by file: an SDK written the way the
README tells an SDK author to, vendoring two error contracts into ``src/anysdk/_vendor``.

``anysdk`` talks to two APIs: its main API (``$api``, the vendor package imported as
``contract``) through every common HTTP client, and a catalog API (``$docs``, imported
as ``catalog``) whose vendor sends its errors in another document format. The vendors
are chosen by property when the test runs, so each file is a ``string.Template``:
``$api`` and ``$docs`` are the two packages' names, the other placeholders documented
examples (see ``files``). Everything else is literal: read it as an example SDK.

Layout::

    pyproject.toml                 [project], [tool.error-contracts], mypy, pyright, pytest
    contracts/*.yaml               the vendors' specs (copied from the repository's specs/)
    src/anysdk/__init__.py         the SDK's own
    src/anysdk/_vendor/__init__.py the SDK's own: generation leaves it alone
    src/anysdk/_vendor/<vendor>/   written by `error-contracts generate`
    src/anysdk/errors.py           the exceptions anysdk raises (the vendor's, re-exported)
    src/anysdk/client.py           one client per HTTP library, wrapped once (the adapters)
    src/anysdk/plain.py            plain clients: raise_for_response, araise_for_response, the loops
    src/anysdk/retrying.py         tenacity and stamina, with the vendor's rules
    src/anysdk/catalog.py          the second vendor's API and its error documents
    src/anysdk/readme_*.py         the README's examples for SDK authors (type-checked only)
    tests/conftest.py              a scripted HTTP server on 127.0.0.1
    tests/test_replayed.py         the testing kit: replayed httpx and requests exchanges
    tests/test_served.py           aiohttp, urllib3 and httpx2 against the real server
"""

from __future__ import annotations

import re
from string import Template

GENERATE_COMMAND = "nox -s vendor"

PYPROJECT = '''\
[project]
name = "anysdk"
version = "1.0.0"
description = "An SDK vendoring its APIs' error contracts."
requires-python = ">=3.9"
dependencies = ["aiohttp>=3.12", "httpx", "httpx2", "requests", "stamina", "tenacity", "urllib3>=2"]

# error-contracts generate / check / validate read this (from here or any directory below)
[tool.error-contracts]
specs = "contracts"
out = "src/anysdk/_vendor"
vendors = ["$api", "$docs"]
generate-command = "$generate_command"

[tool.mypy]
mypy_path = "src"
python_version = "3.10"

[tool.pyright]
include = ["src", "tests"]
pythonVersion = "3.9"
typeCheckingMode = "standard"  # the vendored packages: clean in standard mode
strict = ["src/anysdk/*.py", "tests"]  # the SDK's own code

[tool.pytest.ini_options]
testpaths = ["tests"]
pythonpath = ["src"]
addopts = "-p no:cacheprovider"
'''

INIT = '''\
"""anysdk: one client per HTTP library; errors and retries as its vendors document them."""

from .client import AsyncClient, Client
from .errors import APIConnectionError, APIError, APITimeoutError, ClientError, ServerError

__all__ = ["APIConnectionError", "APIError", "APITimeoutError", "AsyncClient", "Client", "ClientError", "ServerError"]
__version__ = "1.0.0"
'''

VENDOR_INIT = '''\
"""Third-party code vendored into anysdk. The error-contract packages in here are written
by `$generate_command` (error-contracts generate, configured in pyproject.toml); this
file is anysdk's own, and the generator leaves it alone."""
'''

ERRORS = '''\
"""The exceptions anysdk raises: its main API's documented errors, re-exported.

Catch ``APIError`` for any error response, ``ClientError``/``ServerError`` by category,
``APIConnectionError``/``APITimeoutError`` when no response came; every documented
status and code has its own class in ``anysdk._vendor.$api``.
"""

from __future__ import annotations

from ._vendor.$api import APIConnectionError as APIConnectionError
from ._vendor.$api import APIError as APIError
from ._vendor.$api import APITimeoutError as APITimeoutError
from ._vendor.$api import ClientError as ClientError
from ._vendor.$api import ServerError as ServerError

__all__ = ["APIConnectionError", "APIError", "APITimeoutError", "ClientError", "ServerError"]
'''

CLIENT = '''\
"""anysdk's clients: each HTTP library wrapped once in the vendor's retry policy.

Every request then follows the vendor's documented rules: an error response raises
the vendored package's exception (``anysdk.errors``), a retry waits as long as the
server or the policy says, and nothing whose outcome is unknown is resent unless the
request carries the vendor's idempotency key. ``policy`` and ``sleep`` (and ``inner``
for httpx) are for tests, which replay exchanges with the package's testing kit.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any, Dict, Optional

import aiohttp
import httpx
import httpx2
import requests
import urllib3
from requests.adapters import HTTPAdapter

from ._vendor import $api as contract

BASE_URL = "https://api.anysdk.test"
Thing = Dict[str, Any]  # what the API returns (evaluated at run time: Dict for Python 3.9)
Sleep = Callable[[float], object]
AsyncSleep = Optional[Callable[[float], Awaitable[object]]]

# Where the vendor documents an idempotency key, every POST gets one (the same on each retry).
POLICY: contract.RetryPolicy = contract.DEFAULT_POLICY.replace(generate_idempotency_key=True)


class Client:
    """anysdk over httpx."""

    def __init__(
        self,
        base_url: str = BASE_URL,
        *,
        policy: contract.RetryPolicy = POLICY,
        inner: httpx.BaseTransport | None = None,
        sleep: Sleep = time.sleep,
    ) -> None:
        transport = contract.httpx_transport(inner, policy=policy, sleep=sleep)
        self.http = httpx.Client(base_url=base_url, transport=transport, timeout=10.0)

    def get_thing(self, thing_id: str) -> Thing:
        thing: Thing = self.http.get(f"/v1/things/{thing_id}").json()
        return thing

    def create_thing(self, fields: Thing) -> Thing:
        thing: Thing = self.http.post("/v1/things", json=fields).json()
        return thing

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.http.close()


class AsyncClient:
    """anysdk over httpx's ``AsyncClient``."""

    def __init__(
        self,
        base_url: str = BASE_URL,
        *,
        policy: contract.RetryPolicy = POLICY,
        inner: httpx.AsyncBaseTransport | None = None,
        sleep: AsyncSleep = None,
    ) -> None:
        transport = contract.httpx_async_transport(inner, policy=policy, sleep=sleep)
        self.http = httpx.AsyncClient(base_url=base_url, transport=transport, timeout=10.0)

    async def get_thing(self, thing_id: str) -> Thing:
        thing: Thing = (await self.http.get(f"/v1/things/{thing_id}")).json()
        return thing

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.http.aclose()


class Client2:
    """anysdk over httpx2, the fork of httpx that openai's client uses."""

    def __init__(self, base_url: str = BASE_URL, *, policy: contract.RetryPolicy = POLICY, sleep: Sleep = time.sleep) -> None:
        transport = contract.httpx2_transport(policy=policy, sleep=sleep)
        self.http = httpx2.Client(base_url=base_url, transport=transport, timeout=10.0)

    def get_thing(self, thing_id: str) -> Thing:
        thing: Thing = self.http.get(f"/v1/things/{thing_id}").json()
        return thing

    def close(self) -> None:
        self.http.close()


class AsyncClient2:
    """anysdk over httpx2's ``AsyncClient``."""

    def __init__(self, base_url: str = BASE_URL, *, policy: contract.RetryPolicy = POLICY, sleep: AsyncSleep = None) -> None:
        transport = contract.httpx2_async_transport(policy=policy, sleep=sleep)
        self.http = httpx2.AsyncClient(base_url=base_url, transport=transport, timeout=10.0)

    async def get_thing(self, thing_id: str) -> Thing:
        thing: Thing = (await self.http.get(f"/v1/things/{thing_id}")).json()
        return thing

    async def aclose(self) -> None:
        await self.http.aclose()


class RequestsClient:
    """anysdk over a requests ``Session``, with the vendor's adapter mounted."""

    def __init__(self, base_url: str = BASE_URL, *, policy: contract.RetryPolicy = POLICY, sleep: Sleep = time.sleep) -> None:
        self.base_url = base_url
        self.adapter: HTTPAdapter = contract.requests_adapter(policy=policy, sleep=sleep)
        self.session = requests.Session()
        self.session.mount("https://", self.adapter)
        self.session.mount("http://", self.adapter)

    def get_thing(self, thing_id: str) -> Thing:
        thing: Thing = self.session.get(f"{self.base_url}/v1/things/{thing_id}", timeout=10.0).json()
        return thing

    def create_thing(self, fields: Thing) -> Thing:
        thing: Thing = self.session.post(f"{self.base_url}/v1/things", json=fields, timeout=10.0).json()
        return thing


class AiohttpClient:
    """anysdk over aiohttp (3.12 or later): the vendor's middleware retries and raises.
    Make it inside the event loop that uses it (an aiohttp session belongs to one)."""

    def __init__(self, base_url: str = BASE_URL, *, policy: contract.RetryPolicy = POLICY, sleep: AsyncSleep = None) -> None:
        middleware = contract.aiohttp_middleware(policy=policy, sleep=sleep)
        self.session = aiohttp.ClientSession(base_url, middlewares=(middleware,), timeout=aiohttp.ClientTimeout(total=30.0))

    async def get_thing(self, thing_id: str) -> Thing:
        async with self.session.get(f"/v1/things/{thing_id}") as response:
            thing: Thing = await response.json()
            return thing

    async def create_thing(self, fields: Thing) -> Thing:
        async with self.session.post("/v1/things", json=fields) as response:
            thing: Thing = await response.json()
            return thing

    async def __aenter__(self) -> AiohttpClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.session.close()


class Urllib3Client:
    """anysdk over urllib3: the vendor's ``PoolManager`` retries (urllib3's own retries
    are turned off for what the policy decides; redirects stay urllib3's)."""

    def __init__(self, base_url: str = BASE_URL, *, policy: contract.RetryPolicy = POLICY, sleep: Sleep = time.sleep) -> None:
        self.base_url = base_url
        self.http: urllib3.PoolManager = contract.urllib3_pool_manager(
            policy=policy, sleep=sleep, num_pools=4, timeout=urllib3.Timeout(total=10.0)
        )

    def get_thing(self, thing_id: str) -> Thing:
        thing: Thing = self.http.request("GET", f"{self.base_url}/v1/things/{thing_id}").json()
        return thing

    def create_thing(self, fields: Thing) -> Thing:
        thing: Thing = self.http.request("POST", f"{self.base_url}/v1/things", json=fields).json()
        return thing
'''

PLAIN = '''\
"""Without the adapters: clients anysdk is handed (it does not own their transports),
mapped with ``raise_for_response`` / ``araise_for_response``, retried by the loops."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import aiohttp
import httpx
import requests
import urllib3

from ._vendor import $api as contract
from .client import POLICY, Thing


def get_thing(http: httpx.Client, thing_id: str) -> Thing:
    response = http.get(f"/v1/things/{thing_id}")
    contract.raise_for_response(response)  # None below 400, else the documented exception
    thing: Thing = response.json()
    return thing


def get_thing_requests(session: requests.Session, url: str) -> Thing:
    response = session.get(url, timeout=10.0)
    contract.raise_for_response(response)
    thing: Thing = response.json()
    return thing


def get_thing_urllib3(http: urllib3.PoolManager, url: str) -> Thing:
    response = http.request("GET", url, retries=False)
    contract.raise_for_response(response)
    thing: Thing = response.json()
    return thing


async def get_thing_aiohttp(session: aiohttp.ClientSession, url: str) -> Thing:
    async with session.get(url) as response:
        await contract.araise_for_response(response)  # awaits the error body (up to 1 MiB)
        thing: Thing = await response.json()
        return thing


def get_thing_with_retry(
    http: httpx.Client, thing_id: str, *, policy: contract.RetryPolicy = POLICY, sleep: Callable[[float], object] = time.sleep
) -> Thing:
    response = contract.call_with_retry(lambda: http.get(f"/v1/things/{thing_id}"), method="GET", policy=policy, sleep=sleep)
    thing: Thing = response.json()
    return thing


async def aget_thing_with_retry(
    session: aiohttp.ClientSession,
    url: str,
    *,
    policy: contract.RetryPolicy = POLICY,
    sleep: Callable[[float], Awaitable[object]] | None = None,
) -> Thing:
    response = await contract.async_call_with_retry(lambda: session.get(url), method="GET", policy=policy, sleep=sleep)
    async with response:
        thing: Thing = await response.json()
        return thing
'''

RETRYING = '''\
"""For code that already retries with tenacity or stamina: the vendor's rules in each
library's terms (``bridges``). The retried function sends through a plain client (a
retrying adapter under it would retry twice) and raises with ``raise_for_response``."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import stamina
import tenacity

from ._vendor import $api as contract
from .client import POLICY, Thing


def get_thing_tenacity(
    http: httpx.Client, thing_id: str, *, policy: contract.RetryPolicy = POLICY, sleep: Callable[[float], None] = time.sleep
) -> Thing:
    def attempt() -> Thing:
        response = http.get(f"/v1/things/{thing_id}")
        contract.raise_for_response(response)
        thing: Thing = response.json()
        return thing

    retrying = tenacity.Retrying(**contract.tenacity_kwargs(method="GET", policy=policy), sleep=sleep)
    return retrying(attempt)


@stamina.retry(on=contract.stamina_on(method="GET"), **contract.stamina_kwargs())
def get_thing_stamina(http: httpx.Client, thing_id: str) -> Thing:
    response = http.get(f"/v1/things/{thing_id}")
    contract.raise_for_response(response)
    thing: Thing = response.json()
    return thing
'''

CATALOG = '''\
"""anysdk's catalog API: another vendor, another error contract (vendored as
``anysdk._vendor.$docs``), whose error bodies are not the main API's JSON."""

from __future__ import annotations

import time
from collections.abc import Callable

import requests
from requests.adapters import HTTPAdapter

from ._vendor import $docs as catalog

CATALOG_URL = "https://catalog.anysdk.test"


class CatalogClient:
    def __init__(
        self, base_url: str = CATALOG_URL, *, policy: catalog.RetryPolicy | None = None, sleep: Callable[[float], object] = time.sleep
    ) -> None:
        self.base_url = base_url
        self.adapter: HTTPAdapter = catalog.requests_adapter(policy=policy, sleep=sleep)
        self.session = requests.Session()
        self.session.mount("https://", self.adapter)

    def create_title(self, document: bytes) -> bytes:
        response = self.session.post(f"{self.base_url}/titles", data=document, timeout=10.0)
        return response.content


def explain(error: catalog.APIError) -> str:
    """One line for anysdk's logs: what the vendor said, and how to find the request."""
    line = f"{error.status} {type(error).__name__}: {error.message}"
    return f"{line} (request id {error.request_id})" if error.request_id else line
'''

CONFTEST = '''\
"""A scripted HTTP server on 127.0.0.1. The vendored testing kit replays httpx and
requests exchanges without a server; aiohttp, urllib3 and httpx2 are tested here."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple, cast

import pytest

JSON = (("Content-Type", "application/json"),)


class Reply(NamedTuple):
    status: int
    headers: Iterable[tuple[str, str]] = ()
    body: bytes = b""


class Received(NamedTuple):
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class ScriptedServer(ThreadingHTTPServer):
    """Answers each request with the next ``Reply`` of its script, recording requests."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script: list[Reply] = []
        self.received: list[Received] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"

    def play(self, *replies: Reply) -> None:
        with self.lock:
            self.script, self.received = list(replies), []

    def next_reply(self, request: Received) -> Reply:
        with self.lock:
            self.received.append(request)
            return self.script.pop(0) if self.script else Reply(599, (), b"script exhausted")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        server = cast(ScriptedServer, self.server)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        reply = server.next_reply(Received(self.command, self.path, dict(self.headers.items()), body))
        self.send_response(reply.status)
        for name, value in reply.headers:
            if name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    httpd = ScriptedServer()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
'''

TEST_REPLAYED = '''\
"""anysdk's error handling without a server and without waiting: the vendored testing
kit replays scripted exchanges through httpx and requests and records the sleeps."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import requests
import stamina

from anysdk import AsyncClient, Client, plain, retrying
from anysdk._vendor import $api as contract
from anysdk._vendor import $docs as catalog
from anysdk._vendor.$api import testing
from anysdk._vendor.$docs import testing as catalog_testing
from anysdk.catalog import CatalogClient, explain
from anysdk.client import POLICY, RequestsClient
from anysdk.errors import APIError, APITimeoutError

THING = {"id": "abc", "name": "a thing"}
OK = (200, {"Content-Type": "application/json"}, json.dumps(THING))
POLICY_FIXED = POLICY.replace(random=lambda: 0.5)  # jitter drawn from a constant: exact delays


def backoff(attempt: int) -> float:
    """The policy's wait before retrying a bare 503 after ``attempt`` (a GET)."""
    return POLICY_FIXED.decide(contract.from_response(503, {}, b""), attempt=attempt, method="GET").delay


def test_a_503_backs_off_then_succeeds() -> None:
    replay, slept = testing.replay(503, 503, OK), testing.SleepRecorder()
    with Client(policy=POLICY_FIXED, inner=replay.httpx_transport(), sleep=slept) as client:
        assert client.get_thing("abc") == THING
    assert slept.delays == [backoff(1), backoff(2)]
    replay.assert_played()


def test_the_async_client_backs_off_too() -> None:
    replay, slept = testing.replay(503, OK), testing.SleepRecorder()

    async def main() -> object:
        async with AsyncClient(policy=POLICY_FIXED, inner=replay.httpx_async_transport(), sleep=slept) as client:
            return await client.get_thing("abc")

    assert asyncio.run(main()) == THING
    assert slept.delays == [backoff(1)]


def test_a_rate_limited_post_is_resent_after_the_servers_wait() -> None:
    replay, slept = testing.replay((429, {"Retry-After": "2"}), OK), testing.SleepRecorder()
    client = RequestsClient(sleep=slept)
    replay.requests_adapter(retrying=client.adapter)  # the client's own adapter, over the replay
    assert client.create_thing({"name": "a thing"}) == THING
    assert slept.delays == [2.0]  # the server's wait, not the backoff
    assert [r.body for r in replay.requests] == [b'{"name": "a thing"}'] * 2  # a 429 was refused: resent
    header = POLICY.idempotency_header
    if header is not None:  # the vendor documents idempotency keys: one key, on every try
        assert len({r.headers[header] for r in replay.requests}) == 1


def test_after_a_timeout_a_post_is_resent_only_with_an_idempotency_key() -> None:
    replay, slept = testing.replay(testing.TIMEOUT, OK), testing.SleepRecorder()
    with Client(inner=replay.httpx_transport(), sleep=slept) as client:
        if POLICY.idempotency_header is None:  # it may have been applied: never sent twice
            with pytest.raises(APITimeoutError):
                client.create_thing({"name": "a thing"})
            assert len(replay.requests) == 1 and replay.remaining == 1
        else:
            assert client.create_thing({"name": "a thing"}) == THING


def test_a_documented_rate_limit_waits_as_long_as_it_says() -> None:
    documented = testing.example($rate_limited)
    replay, slept = testing.replay(documented, OK), testing.SleepRecorder()
    with Client(inner=replay.httpx_transport(), sleep=slept) as client:
        assert client.get_thing("abc") == THING
    assert slept.delays == [testing.error(documented).retry_after]


def test_a_documented_error_that_is_not_retried_is_raised_at_once() -> None:
    documented = testing.example($final)
    replay, slept = testing.replay(documented, OK), testing.SleepRecorder()
    with Client(inner=replay.httpx_transport(), sleep=slept) as client, pytest.raises(APIError) as raised:
        client.get_thing("abc")
    assert type(raised.value).__name__ == documented.error_class and not raised.value.retryable
    assert slept.delays == [] and len(replay.requests) == 1


def test_every_documented_example_raises_its_documented_class() -> None:
    for example in testing.EXAMPLES:
        assert type(testing.error(example)).__name__ == example.error_class, example.name
        with pytest.raises(contract.APIError) as raised:
            contract.raise_for_response(testing.response(example))
        assert type(raised.value).__name__ == example.error_class, example.name
    for document in catalog_testing.EXAMPLES:
        with pytest.raises(catalog.APIError) as caught:
            catalog.raise_for_response(catalog_testing.response(document))
        assert type(caught.value).__name__ == document.error_class, document.name


def test_plain_clients_raise_documented_errors() -> None:
    documented = testing.example($final)
    replay = testing.replay(documented, OK)
    with httpx.Client(base_url="https://api.anysdk.test", transport=replay.httpx_transport()) as http:
        with pytest.raises(APIError) as raised:
            plain.get_thing(http, "abc")
        assert type(raised.value).__name__ == documented.error_class
        assert plain.get_thing(http, "abc") == THING
    session = requests.Session()
    session.mount("https://", testing.replay(documented).requests_adapter())
    with pytest.raises(APIError) as raised:
        plain.get_thing_requests(session, "https://api.anysdk.test/v1/things/abc")
    assert type(raised.value).__name__ == documented.error_class


def test_the_loop_retries_a_plain_client() -> None:
    replay, slept = testing.replay(testing.CONNECT_ERROR, 503, OK), testing.SleepRecorder()
    with httpx.Client(base_url="https://api.anysdk.test", transport=replay.httpx_transport()) as http:
        assert plain.get_thing_with_retry(http, "abc", policy=POLICY_FIXED, sleep=slept) == THING
    assert len(slept.delays) == 2 and slept.delays[1] == backoff(2)


def test_tenacity_waits_as_the_policy_decides() -> None:
    replay, slept = testing.replay(503, 503, OK), testing.SleepRecorder()
    with httpx.Client(base_url="https://api.anysdk.test", transport=replay.httpx_transport()) as http:
        assert retrying.get_thing_tenacity(http, "abc", policy=POLICY_FIXED, sleep=slept.record) == THING
    assert slept.delays == [backoff(1), backoff(2)]


def test_stamina_retries_what_the_policy_retries() -> None:
    final = testing.example($final)
    with stamina.set_testing(True, attempts=3, cap=True):  # no waiting, at most 3 attempts
        replay = testing.replay(503, OK)
        with httpx.Client(base_url="https://api.anysdk.test", transport=replay.httpx_transport()) as http:
            assert retrying.get_thing_stamina(http, "abc") == THING
        assert len(replay.requests) == 2
        replay = testing.replay(final, OK)
        with httpx.Client(base_url="https://api.anysdk.test", transport=replay.httpx_transport()) as http:
            with pytest.raises(APIError):
                retrying.get_thing_stamina(http, "abc")
        assert len(replay.requests) == 1


def test_the_catalog_reads_its_vendors_error_documents() -> None:
    documented = catalog_testing.example($document)
    replay = catalog_testing.replay(documented)
    client = CatalogClient()
    replay.requests_adapter(retrying=client.adapter)
    with pytest.raises(catalog.APIError) as raised:
        client.create_title(b"<title><name>A title</name></title>")
    assert type(raised.value).__name__ == documented.error_class
    assert raised.value.message == $document_message
    assert explain(raised.value).startswith(f"{documented.status} {documented.error_class}: {raised.value.message}")
'''

TEST_SERVED = '''\
"""anysdk over aiohttp, urllib3 and httpx2, against a real server on 127.0.0.1 (the
testing kit replays httpx and requests only); sleeps are recorded, never waited."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest
import urllib3
from conftest import JSON, Reply, ScriptedServer

from anysdk import plain
from anysdk._vendor.$api import testing
from anysdk.client import POLICY, AiohttpClient, AsyncClient2, Client2, Thing, Urllib3Client
from anysdk.errors import APIError

THING = {"id": "abc", "name": "a thing"}
OK = Reply(200, JSON, json.dumps(THING).encode())
POLICY_FIXED = POLICY.replace(random=lambda: 0.5)


def documented(key: str) -> Reply:
    example = testing.example(key)
    return Reply(example.status, example.headers, example.body)


def test_the_aiohttp_middleware_retries_a_503(server: ScriptedServer) -> None:
    server.play(Reply(503), OK)
    slept = testing.SleepRecorder()

    async def main() -> Thing:
        async with AiohttpClient(server.url, policy=POLICY_FIXED, sleep=slept) as client:
            return await client.get_thing("abc")

    assert asyncio.run(main()) == THING
    assert len(server.received) == 2 and len(slept.delays) == 1


def test_the_aiohttp_middleware_resends_a_rate_limited_post_after_its_wait(server: ScriptedServer) -> None:
    server.play(Reply(429, [("Retry-After", "1")]), OK)
    slept = testing.SleepRecorder()

    async def main() -> Thing:
        async with AiohttpClient(server.url, sleep=slept) as client:
            return await client.create_thing({"name": "a thing"})

    assert asyncio.run(main()) == THING
    assert slept.delays == [1.0] and [r.body for r in server.received] == [b'{"name": "a thing"}'] * 2


def test_araise_for_response_on_a_plain_aiohttp_session(server: ScriptedServer) -> None:
    server.play(documented($final), OK)

    async def main() -> None:
        async with aiohttp.ClientSession() as session:
            with pytest.raises(APIError) as raised:
                await plain.get_thing_aiohttp(session, f"{server.url}/v1/things/abc")
            assert type(raised.value).__name__ == testing.example($final).error_class
            assert await plain.get_thing_aiohttp(session, f"{server.url}/v1/things/abc") == THING

    asyncio.run(main())


def test_the_async_loop_over_a_plain_aiohttp_session(server: ScriptedServer) -> None:
    server.play(Reply(503), OK)
    slept = testing.SleepRecorder()

    async def main() -> Thing:
        async with aiohttp.ClientSession() as session:
            return await plain.aget_thing_with_retry(session, f"{server.url}/v1/things/abc", sleep=slept)

    assert asyncio.run(main()) == THING
    assert len(slept.delays) == 1 and len(server.received) == 2


def test_the_urllib3_pool_manager_waits_for_retry_after(server: ScriptedServer) -> None:
    server.play(Reply(429, [("Retry-After", "1")]), OK)
    slept = testing.SleepRecorder()
    assert Urllib3Client(server.url, sleep=slept).get_thing("abc") == THING
    assert slept.delays == [1.0] and len(server.received) == 2


def test_raise_for_response_on_a_plain_urllib3_pool(server: ScriptedServer) -> None:
    server.play(documented($final))
    with pytest.raises(APIError) as raised:
        plain.get_thing_urllib3(urllib3.PoolManager(), f"{server.url}/v1/things/abc")
    assert type(raised.value).__name__ == testing.example($final).error_class


def test_httpx2_sync_and_async(server: ScriptedServer) -> None:
    server.play(Reply(503), OK)
    slept = testing.SleepRecorder()
    client = Client2(server.url, policy=POLICY_FIXED, sleep=slept)
    try:
        assert client.get_thing("abc") == THING
    finally:
        client.close()
    assert len(slept.delays) == 1
    server.play(documented($final))

    async def main() -> None:
        client = AsyncClient2(server.url, sleep=slept)
        try:
            with pytest.raises(APIError) as raised:
                await client.get_thing("abc")
            assert type(raised.value).__name__ == testing.example($final).error_class
        finally:
            await client.aclose()

    asyncio.run(main())
    assert len(server.received) == 1
'''

# The README's examples for SDK authors, each the first Python block of its section: the
# SDK has each as a module (never imported, only type-checked), written as the README
# writes it but for the vendor's name, after this prelude defining the names it assumes.
README_EXAMPLES = {
    "src/anysdk/readme_runtime.py": "## The retry runtime, for SDK authors",
    "src/anysdk/readme_bridges.py": "### Retry libraries: tenacity and stamina",
}
README_PRELUDE = '''\
"""The README's example under "$heading", as written there but for the vendor's name
($named there): mypy --strict and pyright check it; nothing imports it."""

from __future__ import annotations

import logging
from typing import Any

from httpx import Client

BASE = "https://api.anysdk.test"
client = Client(base_url=BASE)
log = logging.getLogger(__name__)
xml = b"<title><name>A title</name></title>"
headers: dict[str, str] = {}
body: dict[str, Any] = {}


def reschedule(after: float | None) -> None:
    log.info("again in %s s", after)


# -- the README's example --------------------------------------------------------------
'''


def readme_examples(readme: str, api: str) -> dict[str, str]:
    """The modules of ``README_EXAMPLES`` from the text of the README, each naming ``api``
    where its example names a vendor package (``from anysdk._vendor import <vendor>``)."""
    modules = {}
    for path, heading in README_EXAMPLES.items():
        section = readme.split(f"\n{heading}\n", 1)[1]
        block = re.search(r"^```python\n(.*?)^```$", section, re.DOTALL | re.MULTILINE)
        assert block is not None, f"the README's section {heading!r} lost its example"
        named = re.search(r"^from anysdk\._vendor import (\w+)$", block[1], re.MULTILINE)
        assert named is not None, f"the example under {heading!r} no longer imports a vendored package"
        prelude = Template(README_PRELUDE).substitute(heading=heading.lstrip("# "), named=named[1])
        modules[path] = prelude + re.sub(rf"\b{named[1]}\b", api, block[1])
    return modules


# Each file of the SDK but the specs and the generated packages, by path.
TEMPLATES = {
    "pyproject.toml": PYPROJECT,
    "src/anysdk/__init__.py": INIT,
    "src/anysdk/py.typed": "",
    "src/anysdk/_vendor/__init__.py": VENDOR_INIT,
    "src/anysdk/errors.py": ERRORS,
    "src/anysdk/client.py": CLIENT,
    "src/anysdk/plain.py": PLAIN,
    "src/anysdk/retrying.py": RETRYING,
    "src/anysdk/catalog.py": CATALOG,
    "tests/conftest.py": CONFTEST,
    "tests/test_replayed.py": TEST_REPLAYED,
    "tests/test_served.py": TEST_SERVED,
}

# The SDK's tests, by file: what its pytest run must report as passed.
TESTS = {
    path: text.count("\ndef test_")
    for path, text in TEMPLATES.items()
    if path.startswith("tests/test_")
}


def files(api: str, docs: str, *, rate_limited: str, final: str, document: str, document_message: str) -> dict[str, str]:
    """The SDK's files for vendor packages ``api`` and ``docs``, by path: ``rate_limited``
    names a documented example of ``api`` retried after the server's wait, ``final`` one
    not retried, ``document`` one of ``docs`` whose message is read from its error
    document, ``document_message`` that message."""
    values = {
        "api": api,
        "docs": docs,
        "generate_command": GENERATE_COMMAND,
        "rate_limited": repr(rate_limited),
        "final": repr(final),
        "document": repr(document),
        "document_message": repr(document_message),
    }
    return {path: Template(text).substitute(values) for path, text in TEMPLATES.items()}
