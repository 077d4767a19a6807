"""Typed errors and retry policy of MK.IO.

Generated from specs/mkio.yaml by the error-contract generator; do not edit,
run ``make generate``. Copy this package anywhere: it imports only the standard library
and itself, relatively. Body models live in ``.models``.
"""

from .errors import (
    ERRORS_BY_CODE,
    ERRORS_BY_STATUS,
    Headers,
    from_response,
    raise_for_response,
    MkioError,
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
from .retry import DEFAULT_POLICY, RetryDecision, RetryPolicy, parse_wait

__all__ = [
    "DEFAULT_POLICY",
    "ERRORS_BY_CODE",
    "ERRORS_BY_STATUS",
    "Headers",
    "RetryDecision",
    "RetryPolicy",
    "from_response",
    "parse_wait",
    "raise_for_response",
    "MkioError",
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
