"""Typed errors of KonPro: one class per documented status, kind and code.

Generated from specs/konpro.yaml by the error-contract generator; do not edit,
run ``make generate``. Vendor documentation: https://docs.konpro.ai/api/error-responses

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
    "AuthenticationError",
    "BadRequestError",
    "CONTRACT",
    "ClientError",
    "ERRORS_BY_CODE",
    "ERRORS_BY_KIND",
    "ERRORS_BY_STATUS",
    "Headers",
    "InsufficientPermissionsError",
    "InternalServerError",
    "InvalidApiKeyError",
    "InvalidRequestError",
    "KonProError",
    "NotFoundError",
    "PermissionDeniedError",
    "Problem",
    "ProcessingError",
    "RateLimitError",
    "RateLimitExceededError",
    "ResourceNotFoundError",
    "ServerError",
    "ServiceTemporarilyUnavailableError",
    "ServiceUnavailableError",
    "UnprocessableEntityError",
    "ValidationError",
    "araise_for_response",
    "from_response",
    "raise_for_response",
]

Headers = _http.Headers
Problem = _http.Problem


class KonProError(_errors.ContractError):
    """Base class of every error raised for KonPro."""


class APIConnectionError(KonProError, _errors.ConnectionFailure):
    """No response arrived: the connection failed, broke or (``APITimeoutError``) timed out.

    Raised by the retry loops once they give up, from the transport's own exception;
    ``attempts`` holds the history.
    """


class APITimeoutError(APIConnectionError, _errors.TimeoutFailure):
    """The request timed out before a response arrived."""


class APIError(KonProError, _errors.ResponseError):
    """An HTTP error response from KonPro.

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
    """Bad Request - Invalid parameters."""

    documented_status = 400
    documented_statuses = (400,)
    docs_url = "https://docs.konpro.ai/api/error-responses"


class AuthenticationError(ClientError):
    """Unauthorized - Invalid or missing API key."""

    documented_status = 401
    documented_statuses = (401,)
    docs_url = "https://docs.konpro.ai/api/error-responses"


class PermissionDeniedError(ClientError):
    """Forbidden - Insufficient permissions."""

    documented_status = 403
    documented_statuses = (403,)
    docs_url = "https://docs.konpro.ai/api/error-responses"


class NotFoundError(ClientError):
    """Not Found - Resource doesn't exist."""

    documented_status = 404
    documented_statuses = (404,)
    docs_url = "https://docs.konpro.ai/api/error-responses"


class UnprocessableEntityError(ClientError):
    """Unprocessable Entity - request validation failed (inferred: FastAPI default validation response; not in KonPro's status table)."""

    documented_status = 422
    documented_statuses = (422,)
    docs_url = "https://docs.konpro.ai/api/error-responses"


class RateLimitError(ClientError):
    """Too Many Requests - Rate limit exceeded."""

    documented_status = 429
    documented_statuses = (429,)
    docs_url = "https://docs.konpro.ai/api/error-responses"


class InternalServerError(ServerError):
    """Internal Server Error."""

    documented_status = 500
    documented_statuses = (500,)
    docs_url = "https://docs.konpro.ai/api/error-responses"


class ServiceUnavailableError(ServerError):
    """Service Unavailable."""

    documented_status = 503
    documented_statuses = (503,)
    docs_url = "https://docs.konpro.ai/api/error-responses"


class InvalidRequestError(BadRequestError):
    """The request body is invalid.

    Status 400 inferred: the vendor's documentation gives no status for this code.
    """

    documented_status = 400
    documented_statuses = (400,)
    status_inferred = True
    documented_code = "INVALID_REQUEST"
    docs_url = "https://docs.konpro.ai/api/error-responses"


class ValidationError(BadRequestError):
    """Request validation failed.

    Status 400 inferred: the vendor's documentation gives no status for this code.
    """

    documented_status = 400
    documented_statuses = (400,)
    status_inferred = True
    documented_code = "VALIDATION_ERROR"
    docs_url = "https://docs.konpro.ai/api/error-responses"


class InvalidApiKeyError(AuthenticationError):
    """API key is invalid or expired.

    Status 401 inferred: the vendor's documentation gives no status for this code.
    """

    documented_status = 401
    documented_statuses = (401,)
    status_inferred = True
    documented_code = "INVALID_API_KEY"
    docs_url = "https://docs.konpro.ai/api/error-responses"


class InsufficientPermissionsError(PermissionDeniedError):
    """API key lacks required scopes.

    Status 403 inferred: the vendor's documentation gives no status for this code.
    """

    documented_status = 403
    documented_statuses = (403,)
    status_inferred = True
    documented_code = "INSUFFICIENT_PERMISSIONS"
    docs_url = "https://docs.konpro.ai/api/error-responses"


class ResourceNotFoundError(NotFoundError):
    """Requested resource doesn't exist.

    Status 404 inferred: the vendor's documentation gives no status for this code.
    """

    documented_status = 404
    documented_statuses = (404,)
    status_inferred = True
    documented_code = "RESOURCE_NOT_FOUND"
    docs_url = "https://docs.konpro.ai/api/error-responses"


class RateLimitExceededError(RateLimitError):
    """Too many requests.

    Status 429 inferred: the vendor's documentation gives no status for this code.
    """

    documented_status = 429
    documented_statuses = (429,)
    status_inferred = True
    documented_code = "RATE_LIMIT_EXCEEDED"
    docs_url = "https://docs.konpro.ai/api/error-responses"


class ProcessingError(InternalServerError):
    """Server processing error.

    Status 500 inferred: the vendor's documentation gives no status for this code.
    """

    documented_status = 500
    documented_statuses = (500,)
    status_inferred = True
    documented_code = "PROCESSING_ERROR"
    docs_url = "https://docs.konpro.ai/api/error-responses"


class ServiceTemporarilyUnavailableError(ServiceUnavailableError):
    """Service temporarily unavailable.

    Status 503 inferred: the vendor's documentation gives no status for this code.
    """

    documented_status = 503
    documented_statuses = (503,)
    status_inferred = True
    documented_code = "SERVICE_UNAVAILABLE"
    docs_url = "https://docs.konpro.ai/api/error-responses"


ERRORS_BY_STATUS: Mapping[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: InternalServerError,
    503: ServiceUnavailableError,
}

# Documented codes, as the vendor spells them in its bodies (a problem type as its URI).
ERRORS_BY_CODE: Mapping[str, type[APIError]] = {
    "INSUFFICIENT_PERMISSIONS": InsufficientPermissionsError,
    "INVALID_API_KEY": InvalidApiKeyError,
    "INVALID_REQUEST": InvalidRequestError,
    "PROCESSING_ERROR": ProcessingError,
    "RATE_LIMIT_EXCEEDED": RateLimitExceededError,
    "RESOURCE_NOT_FOUND": ResourceNotFoundError,
    "SERVICE_UNAVAILABLE": ServiceTemporarilyUnavailableError,
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
            request_id=("request_id",),
            code_case=None,
            problems=None,
            kind=None,
            problem=False,
        ),
        _http.Shape(  # FastApiValidationBody
            format="json",
            match=((("detail",), "array"),),
            code=None,
            message=(),
            details=("detail",),
            request_id=None,
            code_case=None,
            problems=_http.Problems(
                path=("detail",),
                message=("msg",),
                field=("loc",),
            ),
            kind=None,
            problem=False,
        ),
    ),
    # Classification rules in the spec's order, (condition, code, kind): the first that holds wins.
    rules=(),
    request_id_headers=(),
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
