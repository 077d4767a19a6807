"""Typed errors and retry runtime of MediaMagic (named in ``errors.py``).

Generated from specs/mediamagic.yaml by the error-contract generator; do not
edit, run ``make generate``. Copy this package anywhere: it imports only the standard
library and itself, relatively. Importing it costs nearly nothing: each public name
loads its module on first use (PEP 562); type checkers see the explicit re-exports
below. Body models live in ``.models``.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .adapters import aiohttp_middleware as aiohttp_middleware
    from .adapters import httpx2_async_transport as httpx2_async_transport
    from .adapters import httpx2_transport as httpx2_transport
    from .adapters import httpx_async_transport as httpx_async_transport
    from .adapters import httpx_transport as httpx_transport
    from .adapters import requests_adapter as requests_adapter
    from .adapters import urllib3_pool_manager as urllib3_pool_manager
    from .errors import APIConnectionError as APIConnectionError
    from .errors import APIError as APIError
    from .errors import APITimeoutError as APITimeoutError
    from .errors import AuthenticationError as AuthenticationError
    from .errors import BadGatewayError as BadGatewayError
    from .errors import BadRequestError as BadRequestError
    from .errors import CONTRACT as CONTRACT
    from .errors import ClientError as ClientError
    from .errors import ConflictError as ConflictError
    from .errors import ERRORS_BY_CODE as ERRORS_BY_CODE
    from .errors import ERRORS_BY_KIND as ERRORS_BY_KIND
    from .errors import ERRORS_BY_STATUS as ERRORS_BY_STATUS
    from .errors import Headers as Headers
    from .errors import InternalServerError as InternalServerError
    from .errors import MediaMagicError as MediaMagicError
    from .errors import NotFoundError as NotFoundError
    from .errors import PayloadTooLargeError as PayloadTooLargeError
    from .errors import PaymentRequiredError as PaymentRequiredError
    from .errors import PermissionDeniedError as PermissionDeniedError
    from .errors import Problem as Problem
    from .errors import RateLimitError as RateLimitError
    from .errors import ServerError as ServerError
    from .errors import TierNotAuthorizedError as TierNotAuthorizedError
    from .errors import UnprocessableEntityError as UnprocessableEntityError
    from .errors import UnsupportedMediaTypeError as UnsupportedMediaTypeError
    from .errors import araise_for_response as araise_for_response
    from .errors import from_response as from_response
    from .errors import raise_for_response as raise_for_response
    from .retry import Attempt as Attempt
    from .retry import DEFAULT_BUDGET as DEFAULT_BUDGET
    from .retry import DEFAULT_POLICY as DEFAULT_POLICY
    from .retry import MAX_HINT_SECONDS as MAX_HINT_SECONDS
    from .retry import RetryBudget as RetryBudget
    from .retry import RetryDecision as RetryDecision
    from .retry import RetryPolicy as RetryPolicy
    from .retry import WaitHint as WaitHint
    from .retry import async_call_with_retry as async_call_with_retry
    from .retry import call_with_retry as call_with_retry
    from .retry import failure_kind as failure_kind
    from .retry import parse_wait as parse_wait

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "Attempt",
    "AuthenticationError",
    "BadGatewayError",
    "BadRequestError",
    "CONTRACT",
    "ClientError",
    "ConflictError",
    "DEFAULT_BUDGET",
    "DEFAULT_POLICY",
    "ERRORS_BY_CODE",
    "ERRORS_BY_KIND",
    "ERRORS_BY_STATUS",
    "Headers",
    "InternalServerError",
    "MAX_HINT_SECONDS",
    "MediaMagicError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "Problem",
    "RateLimitError",
    "RetryBudget",
    "RetryDecision",
    "RetryPolicy",
    "ServerError",
    "TierNotAuthorizedError",
    "UnprocessableEntityError",
    "UnsupportedMediaTypeError",
    "WaitHint",
    "aiohttp_middleware",
    "araise_for_response",
    "async_call_with_retry",
    "call_with_retry",
    "failure_kind",
    "from_response",
    "httpx2_async_transport",
    "httpx2_transport",
    "httpx_async_transport",
    "httpx_transport",
    "parse_wait",
    "raise_for_response",
    "requests_adapter",
    "urllib3_pool_manager",
]

# Every public name and the module that defines it.
_MODULES = {
    "APIConnectionError": "errors",
    "APIError": "errors",
    "APITimeoutError": "errors",
    "Attempt": "retry",
    "AuthenticationError": "errors",
    "BadGatewayError": "errors",
    "BadRequestError": "errors",
    "CONTRACT": "errors",
    "ClientError": "errors",
    "ConflictError": "errors",
    "DEFAULT_BUDGET": "retry",
    "DEFAULT_POLICY": "retry",
    "ERRORS_BY_CODE": "errors",
    "ERRORS_BY_KIND": "errors",
    "ERRORS_BY_STATUS": "errors",
    "Headers": "errors",
    "InternalServerError": "errors",
    "MAX_HINT_SECONDS": "retry",
    "MediaMagicError": "errors",
    "NotFoundError": "errors",
    "PayloadTooLargeError": "errors",
    "PaymentRequiredError": "errors",
    "PermissionDeniedError": "errors",
    "Problem": "errors",
    "RateLimitError": "errors",
    "RetryBudget": "retry",
    "RetryDecision": "retry",
    "RetryPolicy": "retry",
    "ServerError": "errors",
    "TierNotAuthorizedError": "errors",
    "UnprocessableEntityError": "errors",
    "UnsupportedMediaTypeError": "errors",
    "WaitHint": "retry",
    "aiohttp_middleware": "adapters",
    "araise_for_response": "errors",
    "async_call_with_retry": "retry",
    "call_with_retry": "retry",
    "failure_kind": "retry",
    "from_response": "errors",
    "httpx2_async_transport": "adapters",
    "httpx2_transport": "adapters",
    "httpx_async_transport": "adapters",
    "httpx_transport": "adapters",
    "parse_wait": "retry",
    "raise_for_response": "errors",
    "requests_adapter": "adapters",
    "urllib3_pool_manager": "adapters",
}


def __getattr__(name: str) -> object:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module("." + module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
