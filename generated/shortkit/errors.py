"""Typed errors of shortkit: one class per documented status, kind and code.

Generated from specs/shortkit.yaml by the error-contract generator; do not edit,
run ``make generate``. Vendor documentation: https://docs.shortkit.dev/api/errors

Vendor data only: the classes (docstrings and class variables), the tables and
``CONTRACT``, which the runtime (``_contract.py``, ``_errors.py``) works from.
``from_response(status, headers, body)`` maps any HTTP response to the most specific
exception and never raises; ``raise_for_response(response)`` raises it for an httpx,
httpx2, requests, aiohttp or urllib3 response, ``await araise_for_response(response)``
also for an aiohttp or async httpx response whose body is still to be read. Imports
only the standard library.
"""

from __future__ import annotations

from . import _contract, _errors, _http

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AlreadyExistsError",
    "AuthenticationError",
    "BadGatewayError",
    "BadRequestError",
    "CONTRACT",
    "ClientError",
    "ConflictError",
    "ContentFailedError",
    "ContentNotReadyError",
    "DurationExceededError",
    "ERRORS_BY_CODE",
    "ERRORS_BY_KIND",
    "ERRORS_BY_STATUS",
    "EnvironmentMismatchError",
    "FileTooLargeError",
    "ForbiddenError",
    "GoneError",
    "Headers",
    "InternalError",
    "InternalServerError",
    "InvalidMediaTypeError",
    "InvalidParameterError",
    "InvalidRequestError",
    "KeyExpiredError",
    "KeyRevokedError",
    "MissingParameterError",
    "NotFoundError",
    "PermissionDeniedError",
    "Problem",
    "QuotaExceededError",
    "RateLimitError",
    "RateLimitedError",
    "ResourceConflictError",
    "ResourceGoneError",
    "ResourceNotFoundError",
    "ServerError",
    "ServiceTemporarilyUnavailableError",
    "ServiceUnavailableError",
    "ShortkitError",
    "UnauthorizedError",
    "UnprocessableEntityError",
    "UpstreamError",
    "ValidationError",
    "araise_for_response",
    "from_response",
    "raise_for_response",
]

Headers = _http.Headers
Problem = _http.Problem


class ShortkitError(_errors.ContractError):
    """Base class of every error raised for shortkit."""


class APIConnectionError(ShortkitError, _errors.ConnectionFailure):
    """No response arrived: the connection failed, broke or (``APITimeoutError``) timed out.

    Raised by the retry loops once they give up, from the transport's own exception;
    ``attempts`` holds the history.
    """


class APITimeoutError(APIConnectionError, _errors.TimeoutFailure):
    """The request timed out before a response arrived."""


class APIError(ShortkitError, _errors.ResponseError):
    """An HTTP error response from shortkit.

    Attributes: ``status`` (int), ``code`` (the machine-readable code exactly as sent,
    or None), ``kind`` (the error's kind as sent, a level above codes, or None),
    ``message`` (never empty), ``request_id``, ``details`` (structured details or
    None), ``problems`` (a validation error's field problems as ``Problem(field,
    message)`` tuples, empty when none), ``headers`` (case-insensitive), ``body``
    (parsed JSON, or the text), ``content`` (the raw bytes), ``truncated`` (True when
    the retry loops read only the first ``max_error_body`` bytes of the body),
    ``attempts`` (the history, when raised by a retry loop); for RFC 9457 problem
    details ``title``, ``detail``, ``instance`` and ``extensions`` (the other
    members); and the derived ``retry_after`` (seconds the server asked to wait, or
    None) and ``retryable``: as the policy of the loop that raised the error read
    them, else as the vendor's ``DEFAULT_POLICY`` does.
    """


class ClientError(APIError):
    """A 4xx response (a client error status)."""


class ServerError(APIError):
    """A 5xx response: the vendor failed to process the request."""


class BadRequestError(ClientError):
    """Bad Request - Invalid request parameters."""

    documented_status = 400
    documented_statuses = (400,)
    docs_url = "https://docs.shortkit.dev/api/errors"


class AuthenticationError(ClientError):
    """Unauthorized - Invalid or missing API key."""

    documented_status = 401
    documented_statuses = (401,)
    docs_url = "https://docs.shortkit.dev/api/errors"


class PermissionDeniedError(ClientError):
    """Forbidden - Key lacks required permissions."""

    documented_status = 403
    documented_statuses = (403,)
    docs_url = "https://docs.shortkit.dev/api/errors"


class NotFoundError(ClientError):
    """Not Found - Resource doesn't exist."""

    documented_status = 404
    documented_statuses = (404,)
    docs_url = "https://docs.shortkit.dev/api/errors"


class ConflictError(ClientError):
    """Conflict - Resource state conflict."""

    documented_status = 409
    documented_statuses = (409,)
    docs_url = "https://docs.shortkit.dev/api/errors"


class GoneError(ClientError):
    """Gone - Resource has been deleted."""

    documented_status = 410
    documented_statuses = (410,)
    docs_url = "https://docs.shortkit.dev/api/errors"


class UnprocessableEntityError(ClientError):
    """Unprocessable Entity - Validation failed."""

    documented_status = 422
    documented_statuses = (422,)
    docs_url = "https://docs.shortkit.dev/api/errors"


class RateLimitError(ClientError):
    """Too Many Requests - Rate limit exceeded (RATE_LIMITED), or the monthly quota is exhausted (QUOTA_EXCEEDED)."""

    documented_status = 429
    documented_statuses = (429,)
    docs_url = "https://docs.shortkit.dev/api/errors"


class InternalServerError(ServerError):
    """Internal Server Error - Server-side issue."""

    documented_status = 500
    documented_statuses = (500,)
    docs_url = "https://docs.shortkit.dev/api/errors"


class BadGatewayError(ServerError):
    """Bad Gateway - Third-party service failure."""

    documented_status = 502
    documented_statuses = (502,)
    docs_url = "https://docs.shortkit.dev/api/errors"


class ServiceUnavailableError(ServerError):
    """Service Unavailable - Temporary outage."""

    documented_status = 503
    documented_statuses = (503,)
    docs_url = "https://docs.shortkit.dev/api/errors"


class InvalidParameterError(BadRequestError):
    """Parameter value invalid."""

    documented_status = 400
    documented_statuses = (400,)
    documented_code = "INVALID_PARAMETER"
    docs_url = "https://docs.shortkit.dev/api/errors"


class InvalidRequestError(BadRequestError):
    """Malformed request body."""

    documented_status = 400
    documented_statuses = (400,)
    documented_code = "INVALID_REQUEST"
    docs_url = "https://docs.shortkit.dev/api/errors"


class MissingParameterError(BadRequestError):
    """Required parameter missing."""

    documented_status = 400
    documented_statuses = (400,)
    documented_code = "MISSING_PARAMETER"
    docs_url = "https://docs.shortkit.dev/api/errors"


class ValidationError(ClientError):
    """Request validation failed.

    Documented under statuses 400 and 422.
    """

    documented_status = 400
    documented_statuses = (400, 422)
    documented_code = "VALIDATION_ERROR"
    docs_url = "https://docs.shortkit.dev/api/errors"


class KeyExpiredError(AuthenticationError):
    """API key has expired."""

    documented_status = 401
    documented_statuses = (401,)
    documented_code = "KEY_EXPIRED"
    docs_url = "https://docs.shortkit.dev/api/errors"


class KeyRevokedError(AuthenticationError):
    """API key has been revoked."""

    documented_status = 401
    documented_statuses = (401,)
    documented_code = "KEY_REVOKED"
    docs_url = "https://docs.shortkit.dev/api/errors"


class UnauthorizedError(AuthenticationError):
    """Missing or invalid API key."""

    documented_status = 401
    documented_statuses = (401,)
    documented_code = "UNAUTHORIZED"
    docs_url = "https://docs.shortkit.dev/api/errors"


class EnvironmentMismatchError(PermissionDeniedError):
    """Wrong environment key (live vs test)."""

    documented_status = 403
    documented_statuses = (403,)
    documented_code = "ENVIRONMENT_MISMATCH"
    docs_url = "https://docs.shortkit.dev/api/errors"


class ForbiddenError(PermissionDeniedError):
    """Insufficient permissions."""

    documented_status = 403
    documented_statuses = (403,)
    documented_code = "FORBIDDEN"
    docs_url = "https://docs.shortkit.dev/api/errors"


class ResourceNotFoundError(NotFoundError):
    """Resource doesn't exist."""

    documented_status = 404
    documented_statuses = (404,)
    documented_code = "NOT_FOUND"
    docs_url = "https://docs.shortkit.dev/api/errors"


class AlreadyExistsError(ConflictError):
    """Resource already exists."""

    documented_status = 409
    documented_statuses = (409,)
    documented_code = "ALREADY_EXISTS"
    docs_url = "https://docs.shortkit.dev/api/errors"


class ResourceConflictError(ConflictError):
    """Resource state conflict."""

    documented_status = 409
    documented_statuses = (409,)
    documented_code = "CONFLICT"
    docs_url = "https://docs.shortkit.dev/api/errors"


class ContentNotReadyError(ConflictError):
    """Content still processing."""

    documented_status = 409
    documented_statuses = (409,)
    documented_code = "CONTENT_NOT_READY"
    docs_url = "https://docs.shortkit.dev/api/errors"


class ResourceGoneError(GoneError):
    """Resource has been deleted."""

    documented_status = 410
    documented_statuses = (410,)
    documented_code = "GONE"
    docs_url = "https://docs.shortkit.dev/api/errors"


class ContentFailedError(UnprocessableEntityError):
    """Content processing failed."""

    documented_status = 422
    documented_statuses = (422,)
    documented_code = "CONTENT_FAILED"
    docs_url = "https://docs.shortkit.dev/api/errors"


class DurationExceededError(UnprocessableEntityError):
    """Video exceeds max duration."""

    documented_status = 422
    documented_statuses = (422,)
    documented_code = "DURATION_EXCEEDED"
    docs_url = "https://docs.shortkit.dev/api/errors"


class FileTooLargeError(UnprocessableEntityError):
    """File exceeds size limit."""

    documented_status = 422
    documented_statuses = (422,)
    documented_code = "FILE_TOO_LARGE"
    docs_url = "https://docs.shortkit.dev/api/errors"


class InvalidMediaTypeError(UnprocessableEntityError):
    """Unsupported file format."""

    documented_status = 422
    documented_statuses = (422,)
    documented_code = "INVALID_MEDIA_TYPE"
    docs_url = "https://docs.shortkit.dev/api/errors"


class QuotaExceededError(RateLimitError):
    """Monthly quota exceeded."""

    documented_status = 429
    documented_statuses = (429,)
    documented_code = "QUOTA_EXCEEDED"
    docs_url = "https://docs.shortkit.dev/api/errors"


class RateLimitedError(RateLimitError):
    """Too many requests."""

    documented_status = 429
    documented_statuses = (429,)
    documented_code = "RATE_LIMITED"
    docs_url = "https://docs.shortkit.dev/api/errors"


class InternalError(InternalServerError):
    """Unexpected server error."""

    documented_status = 500
    documented_statuses = (500,)
    documented_code = "INTERNAL_ERROR"
    docs_url = "https://docs.shortkit.dev/api/errors"


class UpstreamError(BadGatewayError):
    """Third-party service failure."""

    documented_status = 502
    documented_statuses = (502,)
    documented_code = "UPSTREAM_ERROR"
    docs_url = "https://docs.shortkit.dev/api/errors"


class ServiceTemporarilyUnavailableError(ServiceUnavailableError):
    """Temporary service outage."""

    documented_status = 503
    documented_statuses = (503,)
    documented_code = "SERVICE_UNAVAILABLE"
    docs_url = "https://docs.shortkit.dev/api/errors"


ERRORS_BY_STATUS: Mapping[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    410: GoneError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: InternalServerError,
    502: BadGatewayError,
    503: ServiceUnavailableError,
}

# Documented codes, as the vendor spells them in its bodies (a problem type as its URI).
ERRORS_BY_CODE: Mapping[str, type[APIError]] = {
    "ALREADY_EXISTS": AlreadyExistsError,
    "CONFLICT": ResourceConflictError,
    "CONTENT_FAILED": ContentFailedError,
    "CONTENT_NOT_READY": ContentNotReadyError,
    "DURATION_EXCEEDED": DurationExceededError,
    "ENVIRONMENT_MISMATCH": EnvironmentMismatchError,
    "FILE_TOO_LARGE": FileTooLargeError,
    "FORBIDDEN": ForbiddenError,
    "GONE": ResourceGoneError,
    "INTERNAL_ERROR": InternalError,
    "INVALID_MEDIA_TYPE": InvalidMediaTypeError,
    "INVALID_PARAMETER": InvalidParameterError,
    "INVALID_REQUEST": InvalidRequestError,
    "KEY_EXPIRED": KeyExpiredError,
    "KEY_REVOKED": KeyRevokedError,
    "MISSING_PARAMETER": MissingParameterError,
    "NOT_FOUND": ResourceNotFoundError,
    "QUOTA_EXCEEDED": QuotaExceededError,
    "RATE_LIMITED": RateLimitedError,
    "SERVICE_UNAVAILABLE": ServiceTemporarilyUnavailableError,
    "UNAUTHORIZED": UnauthorizedError,
    "UPSTREAM_ERROR": UpstreamError,
    "VALIDATION_ERROR": ValidationError,
}

# Documented kinds (a level above codes), as the vendor spells them in its bodies.
ERRORS_BY_KIND: Mapping[str, type[APIError]] = {}


def _default_policy() -> Any:
    from .retry import DEFAULT_POLICY

    return DEFAULT_POLICY


CONTRACT = _contract.Contract(
    api_error=APIError,
    client_error=ClientError,
    server_error=ServerError,
    connection_error=APIConnectionError,
    timeout_error=APITimeoutError,
    by_status=ERRORS_BY_STATUS,
    by_code=ERRORS_BY_CODE,
    by_kind=ERRORS_BY_KIND,
    # Body shapes in the spec's order: the first whose ``match`` holds is used.
    shapes=(
        _http.Shape(  # ErrorEnvelope
            format="json",
            match=((("error",), "object"),),
            code=("error", "code"),
            message=(("error", "message"),),
            details=("error", "details"),
            request_id=("meta", "requestId"),
            code_case=None,
            problems=_http.Problems(
                path=("error", "details", "errors"),
                message=("message",),
                field=("field",),
            ),
            kind=None,
            problem=False,
        ),
        _http.Shape(  # ErrorListEnvelope
            format="json",
            match=((("errors",), "array"),),
            code=("errors", 0, "code"),
            message=(("errors", 0, "message"),),
            details=("errors",),
            request_id=("meta", "request_id"),
            code_case="upper",
            problems=None,
            kind=None,
            problem=False,
        ),
    ),
    # Classification rules in the spec's order, (condition, code, kind): the first that holds wins.
    rules=(),
    request_id_headers=("X-Request-Id",),
    policy=_default_policy,
)


def from_response(
    status: object, headers: object = None, body: object = None, *, truncated: bool = False
) -> APIError:
    """The most specific exception for an HTTP response; never raises.

    ``body`` is the raw body as bytes or str (None for no body); ``truncated`` says
    it is only the first part of the body, kept on the error. The class is chosen by
    the first classification rule that holds, else the body's documented code (when
    one of its statuses agrees with the status's category, 4xx/5xx) or kind, else the
    exact status's class, else ``ClientError``/``ServerError``, else ``APIError``; the
    error is also an instance of its status's class.
    """
    return CONTRACT.from_response(status, headers, body, truncated=truncated)  # type: ignore[return-value]


def raise_for_response(response: Any, *, max_error_body: int | None = None) -> None:
    """Raise the mapped exception for a response of status >= 400.

    ``response`` is an httpx, httpx2, requests, aiohttp or urllib3 response (its status
    read from ``status_code``, else ``status``); anything else is a ``TypeError``.
    Returns None for any status below 400. The body is read as the retry loops read
    it: at most ``max_error_body`` bytes after decompression (default 1 MiB), from the
    stream when the client has not read it yet, the rest discarded (``truncated``).
    An aiohttp response whose body has not been read cannot be read here: that is a
    ``TypeError`` saying to ``await araise_for_response(response)``.
    """
    error = _contract.raised_for(CONTRACT, response, max_error_body)
    if error is not None:
        raise error


async def araise_for_response(response: Any, *, max_error_body: int | None = None) -> None:
    """``raise_for_response`` for async code: awaits the body of an aiohttp response or
    a streamed httpx/httpx2 ``AsyncClient`` response (read up to ``max_error_body``
    bytes) before mapping it; any other response is read as ``raise_for_response`` does.
    """
    error = await _contract.araised_for(CONTRACT, response, max_error_body)
    if error is not None:
        raise error
