"""Typed errors of Mediagenix On-Demand: one class per documented status, kind and code.

Generated from specs/mediagenix.yaml by the error-contract generator; do not edit,
run ``make generate``. Vendor documentation: https://docs.bebanjo.com/developer-guides/status-codes-and-errors

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
    "InternalServerError",
    "MediagenixError",
    "MethodNotAllowedError",
    "NotAcceptableError",
    "NotFoundError",
    "Problem",
    "RateLimitError",
    "ServerError",
    "ServiceUnavailableError",
    "UnprocessableEntityError",
    "UnsupportedMediaTypeError",
    "araise_for_response",
    "from_response",
    "raise_for_response",
]

Headers = _http.Headers
Problem = _http.Problem


class MediagenixError(_errors.ContractError):
    """Base class of every error raised for Mediagenix On-Demand."""


class APIConnectionError(MediagenixError, _errors.ConnectionFailure):
    """No response arrived: the connection failed, broke or (``APITimeoutError``) timed out.

    Raised by the retry loops once they give up, from the transport's own exception;
    ``attempts`` holds the history.
    """


class APITimeoutError(APIConnectionError, _errors.TimeoutFailure):
    """The request timed out before a response arrived."""


class APIError(MediagenixError, _errors.ResponseError):
    """An HTTP error response from Mediagenix On-Demand.

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
    """Bad Request: the request cannot be fulfilled due to bad syntax. Maybe the body of your request is not a valid XML document. Also returned for restricted characters in subtitle, image, rendition and audio_track file names (\"The request could not be processed by the server due to malformed syntax\")."""

    documented_status = 400
    documented_statuses = (400,)
    docs_url = "https://docs.bebanjo.com/developer-guides/status-codes-and-errors"


class AuthenticationError(ClientError):
    """Authorization Required: the credentials used in the request are missing or invalid. Maybe you're not using digest authentication properly or your credentials are wrong."""

    documented_status = 401
    documented_statuses = (401,)
    docs_url = "https://docs.bebanjo.com/developer-guides/status-codes-and-errors"


class NotFoundError(ClientError):
    """Not Found: the resource can't be found. The URL you're using is wrong for some reason; maybe an old link of a resource that no longer exists."""

    documented_status = 404
    documented_statuses = (404,)
    docs_url = "https://docs.bebanjo.com/developer-guides/status-codes-and-errors"


class MethodNotAllowedError(ClientError):
    """Method Not Allowed: the HTTP method is not appropriate; not every resource supports GET, POST, PUT and DELETE."""

    documented_status = 405
    documented_statuses = (405,)
    docs_url = "https://docs.bebanjo.com/developer-guides/status-codes-and-errors"


class NotAcceptableError(ClientError):
    """Not Acceptable: the Accept header that you sent (GET requests) is not supported."""

    documented_status = 406
    documented_statuses = (406,)
    docs_url = "https://docs.bebanjo.com/developer-guides/status-codes-and-errors"


class UnsupportedMediaTypeError(ClientError):
    """Unsupported Media Type: the Content-Type header that you sent (POST and PUT requests) is not supported."""

    documented_status = 415
    documented_statuses = (415,)
    docs_url = "https://docs.bebanjo.com/developer-guides/status-codes-and-errors"


class UnprocessableEntityError(ClientError):
    """Unprocessable Entity: the resource submitted in the request can't be processed; invalid attribute values or values that result in validation errors. Check the response body for more details."""

    documented_status = 422
    documented_statuses = (422,)
    docs_url = "https://docs.bebanjo.com/developer-guides/status-codes-and-errors"


class RateLimitError(ClientError):
    """Too Many Requests: rate limiting is enabled and has been exceeded; use the Ratelimit-Reset response header (seconds) to determine when to retry."""

    documented_status = 429
    documented_statuses = (429,)
    docs_url = "https://docs.bebanjo.com/developer-guides/status-codes-and-errors"


class InternalServerError(ServerError):
    """Internal Server Error: the request is apparently valid, but some problem in the server prevented it from being processed (part of the infrastructure temporarily down, a bug, connectivity issues). Support is notified automatically."""

    documented_status = 500
    documented_statuses = (500,)
    docs_url = "https://docs.bebanjo.com/developer-guides/status-codes-and-errors"


class ServiceUnavailableError(ServerError):
    """Service Unavailable: returned when the Mediagenix On-Demand and Sequence applications are in maintenance mode."""

    documented_status = 503
    documented_statuses = (503,)
    docs_url = "https://docs.bebanjo.com/developer-guides/status-codes-and-errors"


ERRORS_BY_STATUS: Mapping[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    404: NotFoundError,
    405: MethodNotAllowedError,
    406: NotAcceptableError,
    415: UnsupportedMediaTypeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: InternalServerError,
    503: ServiceUnavailableError,
}

# Documented codes, as the vendor spells them in its bodies (a problem type as its URI).
ERRORS_BY_CODE: Mapping[str, type[APIError]] = {}

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
        _http.Shape(  # ErrorsDocument
            format="xml",
            match=((("errors",), "any"),),
            code=None,
            message=(("error",),),
            details=("error",),
            request_id=None,
            code_case=None,
            problems=None,
            kind=None,
            problem=False,
        ),
        _http.Shape(  # ErrorDocument
            format="xml",
            match=((("error",), "any"),),
            code=None,
            message=(("message",),),
            details=None,
            request_id=None,
            code_case=None,
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
