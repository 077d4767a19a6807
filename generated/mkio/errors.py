"""Typed errors of MK.IO: one class per documented status and code.

Generated from specs/mkio.yaml by the error-contract generator; do not edit,
run ``make generate``. Vendor documentation: https://docs.mediakind.com/api-guides/understanding/error-handling/

``from_response(status, headers, body)`` maps any HTTP response to the most specific
exception and never raises; ``raise_for_response(response)`` raises it for an httpx or
requests response. Imports only the standard library.
"""

from __future__ import annotations

from . import _http

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, ClassVar

    from .retry import Attempt

__all__ = [
    "ERRORS_BY_CODE",
    "ERRORS_BY_STATUS",
    "Headers",
    "Problem",
    "from_response",
    "raise_for_response",
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

Headers = _http.Headers
Problem = _http.Problem


def _after(attempts: tuple[Attempt, ...]) -> str:
    if not attempts:
        return ""
    return f" after {len(attempts)} attempt" + ("s" if len(attempts) != 1 else "")


class MkioError(Exception):
    """Base class of every error raised for MK.IO."""


class APIConnectionError(MkioError):
    """No response arrived: the connection failed, broke or (``APITimeoutError``) timed out.

    Raised by the retry loops once they give up, from the transport's own exception;
    ``attempts`` holds the history.
    """

    def __init__(self, message: str = "", *, attempts: tuple[Attempt, ...] = ()) -> None:
        self.message: str = message or "the connection failed"
        super().__init__(self.message)
        self.attempts: tuple[Attempt, ...] = attempts

    def __str__(self) -> str:
        return self.message + _after(self.attempts)


class APITimeoutError(APIConnectionError):
    """The request timed out before a response arrived."""


class APIError(MkioError):
    """An HTTP error response from MK.IO.

    Attributes: ``status`` (int), ``code`` (the machine-readable code as sent, or
    None), ``message`` (never empty), ``request_id``, ``details`` (structured
    details or None), ``problems`` (a validation error's field problems as
    ``Problem(field, message)`` tuples, empty when none), ``headers``
    (case-insensitive), ``body`` (parsed JSON, or the text), ``content`` (the raw
    bytes), ``truncated`` (True when the retry loops read only the first
    ``max_error_body`` bytes of the body), ``attempts`` (the history, when raised by a
    retry loop), and the derived ``retry_after`` (seconds the server asked to wait, or
    None) and ``retryable``: as the policy of the loop that raised the error read
    them, else as the vendor's ``DEFAULT_POLICY`` does.
    """

    documented_status: ClassVar[int | None] = None
    documented_code: ClassVar[str | None] = None

    def __init__(
        self,
        message: str = "",
        *,
        status: int = 0,
        code: str | None = None,
        request_id: str | None = None,
        details: Any = None,
        problems: tuple[_http.Problem, ...] = (),
        headers: object = None,
        body: Any = None,
        content: bytes = b"",
        truncated: bool = False,
    ) -> None:
        self.message: str = message or _http.fallback_message(status, "")
        super().__init__(self.message)
        self.status: int = status
        self.code: str | None = code
        self.request_id: str | None = request_id
        self.details: Any = details
        self.problems: tuple[_http.Problem, ...] = problems
        self.headers: _http.Headers = (
            headers if type(headers) is _http.Headers else _http.Headers(headers)
        )
        self._body: Any = body
        self.content: bytes = content
        self.truncated: bool = truncated
        self.attempts: tuple[Attempt, ...] = ()
        # (retry_after, retryable) as read by the policy of the retry loop that gave up
        self._decided: tuple[float | None, bool] | None = None

    @property
    def body(self) -> Any:
        """The parsed JSON body, else the text of ``content``, decoded on each read so
        that an error keeps one copy of its body: the raw bytes."""
        body = self._body
        return _http.decode(self.content) if body is _http.TEXT else body

    @body.setter
    def body(self, value: Any) -> None:
        self._body = value

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait (from the policy's wait headers), or None
        when no wait header applies to this response."""
        if self._decided is not None:
            return self._decided[0]
        from .retry import DEFAULT_POLICY

        return DEFAULT_POLICY.retry_after(self)

    @property
    def retryable(self) -> bool:
        """Whether the policy (the loop's, else the vendor's documented one) retries
        this response (its directive header, documented code and kind, status)."""
        if self._decided is not None:
            return self._decided[1]
        from .retry import DEFAULT_POLICY

        return DEFAULT_POLICY.retryable(self)

    def __str__(self) -> str:
        head = f"{self.status} {self.code}" if self.code else str(self.status)
        text = f"[{head}] {self.message}"
        if self.request_id:
            text += f" (request id: {self.request_id})"
        if self.truncated:
            text += f" (body truncated after {len(self.content)} bytes)"
        return text + _after(self.attempts)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
            f"message={self.message!r}, request_id={self.request_id!r})"
        )


class ClientError(APIError):
    """A 4xx response: the request needs correcting."""


class ServerError(APIError):
    """A 5xx response: the vendor failed to process the request."""


class BadRequestError(ClientError):
    """Bad Request. Recheck the path, query parameters, and body format."""

    documented_status = 400


class AuthenticationError(ClientError):
    """Unauthorized. Recheck the bearer token and Authorization header."""

    documented_status = 401


class PermissionDeniedError(ClientError):
    """Forbidden. Recheck organization, project, and operation access for the token's user."""

    documented_status = 403


class NotFoundError(ClientError):
    """Not Found. Recheck names and path parameters, especially project-scoped names."""

    documented_status = 404


class ConflictError(ClientError):
    """Conflict. Recheck the resource state, or whether the operation conflicts with an existing reference. Usually the operation is valid but the target resource is not in the right state yet, or is still referenced elsewhere."""

    documented_status = 409


class RateLimitError(ClientError):
    """Too Many Requests. Back off and retry later."""

    documented_status = 429


class InternalServerError(ServerError):
    """Internal Server Error. Retry carefully and keep the ref value."""

    documented_status = 500


class ServiceUnavailableError(ServerError):
    """Service Unavailable. Treat it as temporary and keep the ref value if it persists."""

    documented_status = 503


class AlreadyExistsError(ConflictError):
    """The resource already exists (inferred: MK.IO signals it only by an error.detail ending in \"already exists.\", sometimes with status 400)."""

    documented_status = 409
    documented_code = "ALREADY_EXISTS"


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

# Documented codes, as the vendor spells them in its bodies.
ERRORS_BY_CODE: Mapping[str, type[APIError]] = {
    "ALREADY_EXISTS": AlreadyExistsError,
}

# Body shapes in the spec's order: the first whose ``match`` holds is used.
_SHAPES = (
    _http.Shape(  # ErrorBody
        format="json",
        match=((("error",), "object"),),
        code=("error", "code"),
        message=(("error", "detail"),),
        details=("error", "extraDetail"),
        request_id=("ref",),
        code_case=None,
        problems=None,
    ),
)

_REQUEST_ID_HEADERS: tuple[str, ...] = ()

# (kind, text, code): classify by message when the body has no documented code.
_MESSAGE_RULES: tuple[tuple[str, str, str], ...] = (
    ("suffix", "already exists.", "ALREADY_EXISTS"),
)

_BASES = (APIError, ClientError, ServerError)


def from_response(
    status: object, headers: object = None, body: object = None, *, truncated: bool = False
) -> APIError:
    """The most specific exception for an HTTP response; never raises.

    ``body`` is the raw body as bytes or str (None for no body); ``truncated`` says
    it is only the first part of the body, kept on the error. The class is the
    documented code's class when it agrees with the status's category (4xx/5xx),
    else the exact status's class, else ``ClientError``/``ServerError``, else
    ``APIError``.
    """
    try:
        read = _http.read_response(status, headers, body, _SHAPES, _REQUEST_ID_HEADERS)
        cls: type[APIError] = _http.select_class(
            read.status,
            read.lookup,
            read.message,
            ERRORS_BY_CODE,
            ERRORS_BY_STATUS,
            _MESSAGE_RULES,
            _BASES,
        )
        return cls(
            read.message,
            status=read.status,
            code=read.code,
            request_id=read.request_id,
            details=read.details,
            problems=read.problems,
            headers=read.headers,
            body=read.body,
            content=read.content,
            truncated=truncated is True,
        )
    except Exception:  # the last line of defence: mapping an error must not fail
        code = status if type(status) is int else 0
        content = body if type(body) is bytes else b""
        return APIError(f"HTTP {code}", status=code, content=content, truncated=truncated is True)


def raise_for_response(response: Any, *, max_error_body: int | None = None) -> None:
    """Raise the mapped exception for an httpx or requests response of status >= 400.

    Returns None for any status below 400. The body is read as the retry loops read
    it: at most ``max_error_body`` bytes after decompression (default 1 MiB), from the
    stream when the client has not read it yet, the rest discarded (``truncated``).
    """
    status = getattr(response, "status_code", None)
    if not isinstance(status, int) or status < 400:
        return None
    from . import _body

    cap = _body.MAX_ERROR_BODY if max_error_body is None else max_error_body
    try:
        content, truncated = _body.read_capped(response, cap)
    except Exception:  # the body broke off, or a stream read elsewhere: map by status
        content, truncated = None, False
    raise from_response(status, getattr(response, "headers", None), content, truncated=truncated)


class _InterimContract:  # interim: the v2-errors branch replaces this with _contract.Contract
    """What the retry runtime needs of the vendor's contract (its classes, mapping)."""

    api_error = APIError
    connection_error = APIConnectionError
    timeout_error = APITimeoutError
    from_response = staticmethod(from_response)


CONTRACT = _InterimContract()
