"""Typed errors of MediaMagic: one class per documented status, kind and code.

Generated from specs/mediamagic.yaml by the error-contract generator; do not edit,
run ``make generate``. Vendor documentation: https://docs.mediamagic-lite.northell.io/reference/error-codes

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
    "BadGatewayError",
    "BadRequestError",
    "CONTRACT",
    "ClientError",
    "ConflictError",
    "ERRORS_BY_CODE",
    "ERRORS_BY_KIND",
    "ERRORS_BY_STATUS",
    "Headers",
    "InternalServerError",
    "MediaMagicError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "Problem",
    "RateLimitError",
    "ServerError",
    "TierNotAuthorizedError",
    "UnprocessableEntityError",
    "UnsupportedMediaTypeError",
    "araise_for_response",
    "from_response",
    "raise_for_response",
]

Headers = _http.Headers
Problem = _http.Problem


class MediaMagicError(_errors.ContractError):
    """Base class of every error raised for MediaMagic."""


class APIConnectionError(MediaMagicError, _errors.ConnectionFailure):
    """No response arrived: the connection failed, broke or (``APITimeoutError``) timed out.

    Raised by the retry loops once they give up, from the transport's own exception;
    ``attempts`` holds the history.
    """


class APITimeoutError(APIConnectionError, _errors.TimeoutFailure):
    """The request timed out before a response arrived."""


class APIError(MediaMagicError, _errors.ResponseError):
    """An HTTP error response from MediaMagic.

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
    """Bad request: simulationDelaySeconds sent on a live key; subscription missing a delivery destination."""

    documented_status = 400
    documented_statuses = (400,)
    docs_url = "https://docs.mediamagic-lite.northell.io/reference/error-codes"


class AuthenticationError(ClientError):
    """Missing, invalid, expired, or revoked API key (\"Missing X-API-Key header\", \"Invalid API key\", \"This API key has expired\", \"This API key has been revoked\")."""

    documented_status = 401
    documented_statuses = (401,)
    docs_url = "https://docs.mediamagic-lite.northell.io/reference/error-codes"


class PaymentRequiredError(ClientError):
    """Tier not authorized for the Integrations API (plan gating). Not a transient rate limit: never retry."""

    documented_status = 402
    documented_statuses = (402,)
    docs_url = "https://docs.mediamagic-lite.northell.io/reference/error-codes"


class PermissionDeniedError(ClientError):
    """Sandbox-only endpoint called with a live key; invalid blob path."""

    documented_status = 403
    documented_statuses = (403,)
    docs_url = "https://docs.mediamagic-lite.northell.io/reference/error-codes"


class NotFoundError(ClientError):
    """Resource not found in your workspace; asset not finished (topics or issues still pending)."""

    documented_status = 404
    documented_statuses = (404,)
    docs_url = "https://docs.mediamagic-lite.northell.io/reference/error-codes"


class ConflictError(ClientError):
    """Asset already submitted; asset not retryable; retry already in progress."""

    documented_status = 409
    documented_statuses = (409,)
    docs_url = "https://docs.mediamagic-lite.northell.io/reference/error-codes"


class PayloadTooLargeError(ClientError):
    """Upload too large: the file exceeds the direct-upload limit; use the presigned upload URL."""

    documented_status = 413
    documented_statuses = (413,)
    docs_url = "https://docs.mediamagic-lite.northell.io/reference/error-codes"


class UnsupportedMediaTypeError(ClientError):
    """Unsupported or mismatched content type."""

    documented_status = 415
    documented_statuses = (415,)
    docs_url = "https://docs.mediamagic-lite.northell.io/reference/error-codes"


class UnprocessableEntityError(ClientError):
    """Request validation failed."""

    documented_status = 422
    documented_statuses = (422,)
    docs_url = "https://docs.mediamagic-lite.northell.io/reference/error-codes"


class RateLimitError(ClientError):
    """Rate limit exceeded (includes Retry-After). Wait for the Retry-After header, then retry with backoff."""

    documented_status = 429
    documented_statuses = (429,)
    docs_url = "https://docs.mediamagic-lite.northell.io/reference/error-codes"


class InternalServerError(ServerError):
    """Storage error or internal failure. Retry with exponential backoff and jitter."""

    documented_status = 500
    documented_statuses = (500,)
    docs_url = "https://docs.mediamagic-lite.northell.io/reference/error-codes"


class BadGatewayError(ServerError):
    """Failed to load an issue or topic blob from storage. Retry with exponential backoff and jitter."""

    documented_status = 502
    documented_statuses = (502,)
    docs_url = "https://docs.mediamagic-lite.northell.io/reference/error-codes"


class TierNotAuthorizedError(PaymentRequiredError):
    """Your plan does not include access to the Integrations API (plan gating). Not transient; never retry."""

    documented_status = 402
    documented_statuses = (402,)
    documented_code = "tier_not_authorized_for_integrations_api"
    docs_url = "https://docs.mediamagic-lite.northell.io/reference/error-codes"


ERRORS_BY_STATUS: Mapping[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    415: UnsupportedMediaTypeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: InternalServerError,
    502: BadGatewayError,
}

# Documented codes, as the vendor spells them in its bodies (a problem type as its URI).
ERRORS_BY_CODE: Mapping[str, type[APIError]] = {
    "tier_not_authorized_for_integrations_api": TierNotAuthorizedError,
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
        _http.Shape(  # PlanGatingBody
            format="json",
            match=((("error_code",), "string"),),
            code=("error_code",),
            message=(("message",),),
            details=(),
            request_id=None,
            code_case=None,
            problems=None,
            kind=None,
            problem=False,
        ),
        _http.Shape(  # RateLimitBody
            format="json",
            match=((("error",), "string"),),
            code=None,
            message=(("error",),),
            details=None,
            request_id=None,
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
        _http.Shape(  # FieldsValidationBody
            format="json",
            match=((("fields",), "array"),),
            code=None,
            message=(("detail",), ("message",)),
            details=("fields",),
            request_id=None,
            code_case=None,
            problems=_http.Problems(
                path=("fields",),
                message=("message",),
                field=("field",),
            ),
            kind=None,
            problem=False,
        ),
        _http.Shape(  # DomainErrorBody
            format="json",
            match=((("detail",), "string"),),
            code=None,
            message=(("detail",),),
            details=(),
            request_id=None,
            code_case=None,
            problems=None,
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
