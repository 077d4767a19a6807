"""Typed errors and retry runtime of KonPro.

Generated from specs/konpro.yaml by the error-contract generator; do not edit,
run ``make generate``. Copy this package anywhere: it imports only the standard library
and itself, relatively. Importing it costs nearly nothing: each name below loads its
module on first use. Body models live in ``.models``. The httpx and requests adapters
import those clients only when called.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .adapters import httpx_async_transport, httpx_transport, requests_adapter
    from .errors import (
        ERRORS_BY_CODE,
        ERRORS_BY_STATUS,
        Headers,
        from_response,
        raise_for_response,
        KonProError,
        APIConnectionError,
        APITimeoutError,
        APIError,
        ClientError,
        ServerError,
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        UnprocessableEntityError,
        RateLimitError,
        InternalServerError,
        ServiceUnavailableError,
        InvalidRequestError,
        ValidationError,
        InvalidApiKeyError,
        InsufficientPermissionsError,
        ResourceNotFoundError,
        RateLimitExceededError,
        ProcessingError,
        ServiceTemporarilyUnavailableError,
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
    "KonProError",
    "APIConnectionError",
    "APITimeoutError",
    "APIError",
    "ClientError",
    "ServerError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "ServiceUnavailableError",
    "InvalidRequestError",
    "ValidationError",
    "InvalidApiKeyError",
    "InsufficientPermissionsError",
    "ResourceNotFoundError",
    "RateLimitExceededError",
    "ProcessingError",
    "ServiceTemporarilyUnavailableError",
]

# Where each public name is defined; the module is imported on first use (PEP 562).
_EXPORTS = {
    "DEFAULT_BUDGET": "retry",
    "DEFAULT_POLICY": "retry",
    "ERRORS_BY_CODE": "errors",
    "ERRORS_BY_STATUS": "errors",
    "Attempt": "retry",
    "Headers": "errors",
    "RetryBudget": "retry",
    "RetryDecision": "retry",
    "RetryPolicy": "retry",
    "WaitHint": "retry",
    "async_call_with_retry": "retry",
    "call_with_retry": "retry",
    "from_response": "errors",
    "httpx_async_transport": "adapters",
    "httpx_transport": "adapters",
    "parse_wait": "retry",
    "raise_for_response": "errors",
    "requests_adapter": "adapters",
    "KonProError": "errors",
    "APIConnectionError": "errors",
    "APITimeoutError": "errors",
    "APIError": "errors",
    "ClientError": "errors",
    "ServerError": "errors",
    "BadRequestError": "errors",
    "AuthenticationError": "errors",
    "PermissionDeniedError": "errors",
    "NotFoundError": "errors",
    "UnprocessableEntityError": "errors",
    "RateLimitError": "errors",
    "InternalServerError": "errors",
    "ServiceUnavailableError": "errors",
    "InvalidRequestError": "errors",
    "ValidationError": "errors",
    "InvalidApiKeyError": "errors",
    "InsufficientPermissionsError": "errors",
    "ResourceNotFoundError": "errors",
    "RateLimitExceededError": "errors",
    "ProcessingError": "errors",
    "ServiceTemporarilyUnavailableError": "errors",
}


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module("." + module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
