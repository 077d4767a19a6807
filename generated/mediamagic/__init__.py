"""Typed errors and retry policy of MediaMagic.

Generated from specs/mediamagic.yaml by the error-contract generator; do not edit,
run ``make generate``. Copy this package anywhere: it imports only the standard library
and itself, relatively. Body models live in ``.models``.
"""

from .errors import (
    ERRORS_BY_CODE,
    ERRORS_BY_STATUS,
    Headers,
    from_response,
    raise_for_response,
    MediaMagicError,
    APIError,
    ClientError,
    ServerError,
    BadRequestError,
    AuthenticationError,
    PaymentRequiredError,
    PermissionDeniedError,
    NotFoundError,
    ConflictError,
    PayloadTooLargeError,
    UnsupportedMediaTypeError,
    UnprocessableEntityError,
    RateLimitError,
    InternalServerError,
    BadGatewayError,
    TierNotAuthorizedError,
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
    "MediaMagicError",
    "APIError",
    "ClientError",
    "ServerError",
    "BadRequestError",
    "AuthenticationError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "PayloadTooLargeError",
    "UnsupportedMediaTypeError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "BadGatewayError",
    "TierNotAuthorizedError",
]
