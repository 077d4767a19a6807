"""Wrap an httpx or requests client in MK.IO's retry policy, in one line.

Generated from specs/mkio.yaml by the error-contract generator; do not edit,
run ``make generate``.

    client = httpx.Client(transport=httpx_transport())
    client = httpx.AsyncClient(transport=httpx_async_transport())
    session.mount("https://", requests_adapter())

Each retries as ``call_with_retry`` does, with the request's method and headers for
the idempotency gate. Error responses that are not retried are raised as the mapped
exception (``raise_errors=False`` returns them instead). httpx and requests are
imported only when one of these functions is called.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from typing import Any

from .retry import (
    DEFAULT_BUDGET,
    Attempt,
    RetryBudget,
    RetryPolicy,
    async_call_with_retry,
    call_with_retry,
)

__all__ = ["httpx_async_transport", "httpx_transport", "requests_adapter"]


def httpx_transport(
    inner: Any = None,
    *,
    policy: RetryPolicy | None = None,
    budget: RetryBudget | None = DEFAULT_BUDGET,
    sleep: Callable[[float], object] = time.sleep,
    on_retry: Callable[[Attempt], None] | None = None,
    raise_errors: bool = True,
) -> Any:
    """An ``httpx.BaseTransport`` retrying through ``inner`` (default ``httpx.HTTPTransport()``).

    The request body is read into memory once so that every attempt resends it intact.
    """
    httpx: Any = importlib.import_module("httpx")
    transport = httpx.HTTPTransport() if inner is None else inner
    base: Any = httpx.BaseTransport

    class RetryTransport(base):  # type: ignore[misc]
        def handle_request(self, request: Any) -> Any:
            request.read()

            def send() -> Any:
                response = transport.handle_request(request)
                if response.status_code >= 400:
                    response.read()
                return response

            return call_with_retry(
                send,
                policy=policy,
                method=request.method,
                request_headers=request.headers,
                budget=budget,
                sleep=sleep,
                on_retry=on_retry,
                raise_errors=raise_errors,
            )

        def close(self) -> None:
            transport.close()

    return RetryTransport()


def httpx_async_transport(
    inner: Any = None,
    *,
    policy: RetryPolicy | None = None,
    budget: RetryBudget | None = DEFAULT_BUDGET,
    sleep: Callable[[float], Any] | None = None,
    on_retry: Callable[[Attempt], None] | None = None,
    raise_errors: bool = True,
) -> Any:
    """An ``httpx.AsyncBaseTransport`` retrying through ``inner`` (default ``httpx.AsyncHTTPTransport()``)."""
    httpx: Any = importlib.import_module("httpx")
    transport = httpx.AsyncHTTPTransport() if inner is None else inner
    base: Any = httpx.AsyncBaseTransport

    class AsyncRetryTransport(base):  # type: ignore[misc]
        async def handle_async_request(self, request: Any) -> Any:
            await request.aread()

            async def send() -> Any:
                response = await transport.handle_async_request(request)
                if response.status_code >= 400:
                    await response.aread()
                return response

            return await async_call_with_retry(
                send,
                policy=policy,
                method=request.method,
                request_headers=request.headers,
                budget=budget,
                sleep=sleep,
                on_retry=on_retry,
                raise_errors=raise_errors,
            )

        async def aclose(self) -> None:
            await transport.aclose()

    return AsyncRetryTransport()


def requests_adapter(
    *,
    policy: RetryPolicy | None = None,
    budget: RetryBudget | None = DEFAULT_BUDGET,
    sleep: Callable[[float], object] = time.sleep,
    on_retry: Callable[[Attempt], None] | None = None,
    raise_errors: bool = True,
    **adapter_options: Any,
) -> Any:
    """A ``requests.adapters.HTTPAdapter`` that retries; mount it on a ``requests.Session``.

    Bodies given as bytes or str are resent intact; a file or generator body cannot
    be resent, so such requests are not retried.
    """
    base: Any = importlib.import_module("requests.adapters").HTTPAdapter

    class RetryAdapter(base):  # type: ignore[misc]
        def send(self, request: Any, **kwargs: Any) -> Any:
            def once() -> Any:
                return super(RetryAdapter, self).send(request, **kwargs)

            return call_with_retry(
                once,
                policy=policy,
                method=request.method,
                request_headers=request.headers,
                budget=budget,
                sleep=sleep,
                on_retry=on_retry,
                raise_errors=raise_errors,
                replayable=request.body is None or isinstance(request.body, (bytes, str)),
            )

    return RetryAdapter(**adapter_options)
