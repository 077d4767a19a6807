"""Typed errors and retry runtime of MK.IO.

Generated from specs/mkio.yaml by the error-contract generator; do not edit,
run ``make generate``. Copy this package anywhere: it imports only the standard library
and itself, relatively. Body models live in ``.models``. The httpx and requests adapters
import those clients only when called.
"""

from .adapters import httpx_async_transport, httpx_transport, requests_adapter
from .errors import (
    ERRORS_BY_CODE,
    ERRORS_BY_STATUS,
    Headers,
    from_response,
    raise_for_response,
    MkioError,
    APIConnectionError,
    APITimeoutError,
    APIError,
    ClientError,
    ServerError,
    BadRequestError,
    AuthenticationError,
    PermissionDeniedError,
    NotFoundError,
    ConflictError,
    RateLimitError,
    InternalServerError,
    ServiceUnavailableError,
    AlreadyExistsError,
)
from .retry import (
    DEFAULT_BUDGET,
    DEFAULT_POLICY,
    Attempt,
    RetryBudget,
    RetryDecision,
    RetryPolicy,
    WaitHint,
    async_call_with_retry,
    call_with_retry,
    parse_wait,
)

__all__ = [
    "DEFAULT_BUDGET",
    "DEFAULT_POLICY",
    "ERRORS_BY_CODE",
    "ERRORS_BY_STATUS",
    "Attempt",
    "Headers",
    "RetryBudget",
    "RetryDecision",
    "RetryPolicy",
    "WaitHint",
    "async_call_with_retry",
    "call_with_retry",
    "from_response",
    "httpx_async_transport",
    "httpx_transport",
    "parse_wait",
    "raise_for_response",
    "requests_adapter",
    "MkioError",
    "APIConnectionError",
    "APITimeoutError",
    "APIError",
    "ClientError",
    "ServerError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "RateLimitError",
    "InternalServerError",
    "ServiceUnavailableError",
    "AlreadyExistsError",
]
