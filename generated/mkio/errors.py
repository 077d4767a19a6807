"""Typed errors of MK.IO: one class per documented status, kind and code.

Generated from specs/mkio.yaml by the error-contract generator; do not edit,
run ``make generate``. Vendor documentation: https://docs.mediakind.com/api-guides/understanding/error-handling/

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
    "BadRequestError",
    "CONTRACT",
    "ClientError",
    "ConflictError",
    "ERRORS_BY_CODE",
    "ERRORS_BY_KIND",
    "ERRORS_BY_STATUS",
    "Headers",
    "InternalServerError",
    "MkioError",
    "NotFoundError",
    "PermissionDeniedError",
    "Problem",
    "RateLimitError",
    "ServerError",
    "ServiceUnavailableError",
    "araise_for_response",
    "from_response",
    "raise_for_response",
]

Headers = _http.Headers
Problem = _http.Problem


class MkioError(_errors.ContractError):
    """Base class of every error raised for MK.IO."""


class APIConnectionError(MkioError, _errors.ConnectionFailure):
    """No response arrived: the connection failed, broke or (``APITimeoutError``) timed out.

    Raised by the retry loops once they give up, from the transport's own exception;
    ``attempts`` holds the history.
    """


class APITimeoutError(APIConnectionError, _errors.TimeoutFailure):
    """The request timed out before a response arrived."""


class APIError(MkioError, _errors.ResponseError):
    """An HTTP error response from MK.IO.

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
    """Bad Request. Recheck the path, query parameters, and body format."""

    documented_status = 400
    documented_statuses = (400,)
    docs_url = "https://docs.mediakind.com/api-guides/understanding/error-handling/"


class AuthenticationError(ClientError):
    """Unauthorized. Recheck the bearer token and Authorization header."""

    documented_status = 401
    documented_statuses = (401,)
    docs_url = "https://docs.mediakind.com/api-guides/understanding/error-handling/"


class PermissionDeniedError(ClientError):
    """Forbidden. Recheck organization, project, and operation access for the token's user."""

    documented_status = 403
    documented_statuses = (403,)
    docs_url = "https://docs.mediakind.com/api-guides/understanding/error-handling/"


class NotFoundError(ClientError):
    """Not Found. Recheck names and path parameters, especially project-scoped names."""

    documented_status = 404
    documented_statuses = (404,)
    docs_url = "https://docs.mediakind.com/api-guides/understanding/error-handling/"


class ConflictError(ClientError):
    """Conflict. Recheck the resource state, or whether the operation conflicts with an existing reference. Usually the operation is valid but the target resource is not in the right state yet, or is still referenced elsewhere."""

    documented_status = 409
    documented_statuses = (409,)
    docs_url = "https://docs.mediakind.com/api-guides/understanding/error-handling/"


class RateLimitError(ClientError):
    """Too Many Requests. Back off and retry later."""

    documented_status = 429
    documented_statuses = (429,)
    docs_url = "https://docs.mediakind.com/api-guides/understanding/error-handling/"


class InternalServerError(ServerError):
    """Internal Server Error. Retry carefully and keep the ref value."""

    documented_status = 500
    documented_statuses = (500,)
    docs_url = "https://docs.mediakind.com/api-guides/understanding/error-handling/"


class ServiceUnavailableError(ServerError):
    """Service Unavailable. Treat it as temporary and keep the ref value if it persists."""

    documented_status = 503
    documented_statuses = (503,)
    docs_url = "https://docs.mediakind.com/api-guides/understanding/error-handling/"


class AlreadyExistsError(ConflictError):
    """The resource already exists (inferred: MK.IO signals it only by an error.detail ending in \"already exists.\", sometimes with status 400).

    Status 409 inferred: the vendor's documentation gives no status for this code.
    """

    documented_status = 409
    documented_statuses = (409,)
    status_inferred = True
    documented_code = "ALREADY_EXISTS"
    docs_url = "https://docs.mediakind.com/api-guides/understanding/error-handling/"


ERRORS_BY_STATUS: Mapping[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
    500: InternalServerError,
    503: ServiceUnavailableError,
}

# Documented codes, as the vendor spells them in its bodies (a problem type as its URI).
ERRORS_BY_CODE: Mapping[str, type[APIError]] = {
    "ALREADY_EXISTS": AlreadyExistsError,
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
        _http.Shape(  # ErrorBody
            format="json",
            match=((("error",), "object"),),
            code=("error", "code"),
            message=(("error", "detail"),),
            details=("error", "extraDetail"),
            request_id=("ref",),
            code_case=None,
            problems=None,
            kind=None,
            problem=False,
        ),
    ),
    # Classification rules in the spec's order, (condition, code, kind): the first that holds wins.
    rules=(
        # message ends with 'already exists.'
        (((), (), (), ("suffix", "already exists.", False)), "ALREADY_EXISTS", None),
    ),
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
