"""Typed errors of KonPro: one class per documented status and code.

Generated from specs/konpro.yaml by the error-contract generator; do not edit,
run ``make generate``. Vendor documentation: https://docs.konpro.ai/api/error-responses

``from_response(status, headers, body)`` maps any HTTP response to the most specific
exception and never raises; ``raise_for_response(response)`` raises it for an httpx or
requests response. Imports only the standard library.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

if TYPE_CHECKING:
    from .retry import Attempt

__all__ = [
    "ERRORS_BY_CODE",
    "ERRORS_BY_STATUS",
    "Headers",
    "from_response",
    "raise_for_response",
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

# Bodies larger than this are kept as text but not parsed.
MAX_PARSED_BYTES = 1_048_576
# Messages longer than this are shortened (the whole body stays in ``body``).
MAX_MESSAGE_CHARS = 2_000


class Headers(Mapping[str, str]):
    """Read-only response headers with case-insensitive names.

    Accepts a mapping (dict, httpx.Headers, requests' CaseInsensitiveDict) or an
    iterable of ``(name, value)`` pairs; a repeated header's values are joined with
    ", ". Names and values that are not text are skipped, never raised on.
    """

    __slots__ = ("_items",)

    def __init__(self, raw: object = None) -> None:
        items: dict[str, tuple[str, str]] = {}
        for name, value in _header_pairs(raw):
            key = name.lower()
            if key in items:
                items[key] = (items[key][0], items[key][1] + ", " + value)
            else:
                items[key] = (name, value)
        self._items = items

    def __getitem__(self, name: str) -> str:
        if not isinstance(name, str):
            raise KeyError(name)
        return self._items[name.lower()][1]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"

    def __reduce__(self) -> tuple[type[Headers], tuple[list[tuple[str, str]]]]:
        return (Headers, (list(self._items.values()),))


def _text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _header_pairs(raw: object) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    if raw is None:
        return pairs
    try:
        items: Any = raw.items() if hasattr(raw, "items") else raw
        for pair in items:
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                continue
            name, value = _text(pair[0]), _text(pair[1])
            if name is not None and value is not None:
                pairs.append((name, value))
    except Exception:  # a broken headers object must not stop error mapping
        pass
    return pairs


def _after(attempts: tuple[Attempt, ...]) -> str:
    if not attempts:
        return ""
    return f" after {len(attempts)} attempt" + ("s" if len(attempts) != 1 else "")


class KonProError(Exception):
    """Base class of every error raised for KonPro."""


class APIConnectionError(KonProError):
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


class APIError(KonProError):
    """An HTTP error response from KonPro.

    Attributes: ``status`` (int), ``code`` (the machine-readable code as sent, or
    None), ``message`` (never empty), ``request_id``, ``details`` (structured
    details or None), ``headers`` (case-insensitive), ``body`` (parsed JSON, or the
    text), ``content`` (the raw bytes), ``attempts`` (the history, when raised by a
    retry loop), and the derived ``retry_after`` (seconds the server asked to wait,
    or None) and ``retryable`` (from the vendor's policy).
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
        headers: object = None,
        body: Any = None,
        content: bytes = b"",
    ) -> None:
        self.message: str = message or _fallback_message(status, "")
        super().__init__(self.message)
        self.status: int = status
        self.code: str | None = code
        self.request_id: str | None = request_id
        self.details: Any = details
        self.headers: Headers = headers if isinstance(headers, Headers) else Headers(headers)
        self.body: Any = body
        self.content: bytes = content
        self.attempts: tuple[Attempt, ...] = ()

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait (from the vendor's wait headers), or None."""
        from .retry import DEFAULT_POLICY

        return DEFAULT_POLICY.server_wait(self.headers, self.status)

    @property
    def retryable(self) -> bool:
        """Whether the vendor's documented policy retries this status and code."""
        from .retry import DEFAULT_POLICY

        return DEFAULT_POLICY.is_retryable(self.status, self.documented_code)

    def __str__(self) -> str:
        head = f"{self.status} {self.code}" if self.code else str(self.status)
        text = f"[{head}] {self.message}"
        if self.request_id:
            text += f" (request id: {self.request_id})"
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
    """Bad Request - Invalid parameters."""

    documented_status = 400


class AuthenticationError(ClientError):
    """Unauthorized - Invalid or missing API key."""

    documented_status = 401


class PermissionDeniedError(ClientError):
    """Forbidden - Insufficient permissions."""

    documented_status = 403


class NotFoundError(ClientError):
    """Not Found - Resource doesn't exist."""

    documented_status = 404


class UnprocessableEntityError(ClientError):
    """Unprocessable Entity - request validation failed (inferred: FastAPI default validation response; not in KonPro's status table)."""

    documented_status = 422


class RateLimitError(ClientError):
    """Too Many Requests - Rate limit exceeded."""

    documented_status = 429


class InternalServerError(ServerError):
    """Internal Server Error."""

    documented_status = 500


class ServiceUnavailableError(ServerError):
    """Service Unavailable."""

    documented_status = 503


class InvalidRequestError(BadRequestError):
    """The request body is invalid."""

    documented_status = 400
    documented_code = "INVALID_REQUEST"


class ValidationError(BadRequestError):
    """Request validation failed."""

    documented_status = 400
    documented_code = "VALIDATION_ERROR"


class InvalidApiKeyError(AuthenticationError):
    """API key is invalid or expired."""

    documented_status = 401
    documented_code = "INVALID_API_KEY"


class InsufficientPermissionsError(PermissionDeniedError):
    """API key lacks required scopes."""

    documented_status = 403
    documented_code = "INSUFFICIENT_PERMISSIONS"


class ResourceNotFoundError(NotFoundError):
    """Requested resource doesn't exist."""

    documented_status = 404
    documented_code = "RESOURCE_NOT_FOUND"


class RateLimitExceededError(RateLimitError):
    """Too many requests."""

    documented_status = 429
    documented_code = "RATE_LIMIT_EXCEEDED"


class ProcessingError(InternalServerError):
    """Server processing error."""

    documented_status = 500
    documented_code = "PROCESSING_ERROR"


class ServiceTemporarilyUnavailableError(ServiceUnavailableError):
    """Service temporarily unavailable."""

    documented_status = 503
    documented_code = "SERVICE_UNAVAILABLE"


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

# Documented codes, as the vendor spells them in its bodies.
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

_REASONS: Mapping[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    407: "Proxy Authentication Required",
    408: "Request Timeout",
    409: "Conflict",
    410: "Gone",
    411: "Length Required",
    412: "Precondition Failed",
    413: "Payload Too Large",
    414: "URI Too Long",
    415: "Unsupported Media Type",
    416: "Range Not Satisfiable",
    417: "Expectation Failed",
    421: "Misdirected Request",
    422: "Unprocessable Entity",
    423: "Locked",
    424: "Failed Dependency",
    425: "Too Early",
    426: "Upgrade Required",
    428: "Precondition Required",
    429: "Too Many Requests",
    431: "Request Header Fields Too Large",
    451: "Unavailable For Legal Reasons",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    505: "HTTP Version Not Supported",
    506: "Variant Also Negotiates",
    507: "Insufficient Storage",
    508: "Loop Detected",
    510: "Not Extended",
    511: "Network Authentication Required",
}

_Path = tuple[str | int, ...]


class _Problems(NamedTuple):
    path: _Path
    message: _Path
    field: _Path | None


class _Shape(NamedTuple):
    format: str
    match: tuple[tuple[_Path, str], ...]
    code: _Path | None
    message: tuple[_Path, ...]
    details: _Path | None
    request_id: _Path | None
    code_case: str | None
    problems: _Problems | None


# Body shapes in the spec's order: the first whose ``match`` holds is used.
_SHAPES: tuple[_Shape, ...] = (
    _Shape(  # ErrorEnvelope
        format="json",
        match=((("error",), "object"),),
        code=("error", "code"),
        message=(("error", "message"),),
        details=("error", "details"),
        request_id=("request_id",),
        code_case=None,
        problems=None,
    ),
    _Shape(  # FastApiValidationBody
        format="json",
        match=((("detail",), "array"),),
        code=None,
        message=(),
        details=None,
        request_id=None,
        code_case=None,
        problems=_Problems(
            path=("detail",),
            message=("msg",),
            field=("loc",),
        ),
    ),
)

_REQUEST_ID_HEADERS: tuple[str, ...] = ()

# (kind, text, code): classify by message when the body has no documented code.
_MESSAGE_RULES: tuple[tuple[str, str, str], ...] = ()

_MISSING = object()
_GENERIC_MESSAGE_KEYS = ("message", "detail", "error_description", "error", "title")


def from_response(status: object, headers: object = None, body: object = None) -> APIError:
    """The most specific exception for an HTTP response; never raises.

    ``body`` is the raw body as bytes or str (None for no body). The class is the
    documented code's class when it agrees with the status's category (4xx/5xx),
    else the exact status's class, else ``ClientError``/``ServerError``, else
    ``APIError``.
    """
    try:
        return _from_response(status, headers, body)
    except Exception:  # the last line of defence: mapping an error must not fail
        code = status if isinstance(status, int) and not isinstance(status, bool) else 0
        raw = body if isinstance(body, bytes) else b""
        return APIError(f"HTTP {code}", status=code, content=raw)


def raise_for_response(response: Any) -> None:
    """Raise the mapped exception for an httpx or requests response of status >= 400.

    Returns None for any status below 400.
    """
    status = getattr(response, "status_code", None)
    if not isinstance(status, int) or status < 400:
        return None
    try:
        content = response.content
    except Exception:  # e.g. a streamed httpx response that was not read
        content = None
    raise from_response(status, getattr(response, "headers", None), content)


def _from_response(status_in: object, headers_in: object, body_in: object) -> APIError:
    status = _status_int(status_in)
    headers = Headers(headers_in)
    content = _raw_bytes(body_in)
    text = _decode(body_in, content)
    body: Any = text
    code: str | None = None
    lookup: str | None = None
    message = ""
    request_id: str | None = None
    details: Any = None

    parsed = _parse_json(text, len(content))
    if parsed is not _MISSING:
        body = parsed
    shape, root = _find_shape(parsed, content)
    if shape is not None:
        code = _scalar_text(_get(root, shape.code, shape.format))
        lookup = code
        if lookup is not None and shape.code_case == "upper":
            lookup = lookup.upper()
        elif lookup is not None and shape.code_case == "lower":
            lookup = lookup.lower()
        message = _first_message(root, shape)
        if shape.details is not None:
            found = _get(root, shape.details, shape.format)
            details = None if found is _MISSING else found
        if shape.request_id is not None:
            request_id = _scalar_text(_get(root, shape.request_id, shape.format))
    elif isinstance(parsed, dict):
        message = _generic_message(parsed)
    if request_id is None:
        for name in _REQUEST_ID_HEADERS:
            value = headers.get(name)
            if value:
                request_id = value
                break
    message = _clip(message.strip()) or _fallback_message(status, text)
    cls = _select_class(status, lookup, message)
    return cls(
        message,
        status=status,
        code=code,
        request_id=request_id,
        details=details,
        headers=headers,
        body=body,
        content=content,
    )


def _status_int(status: object) -> int:
    if isinstance(status, bool):
        return 0
    if isinstance(status, int):
        return int(status)
    if (
        isinstance(status, (str, bytes))
        and status.strip().isascii()
        and status.strip().isdigit()
        and len(status) < 10
    ):
        return int(status)
    if isinstance(status, float) and status.is_integer() and 0 <= status < 1000:
        return int(status)
    return 0


def _raw_bytes(body: object) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8", "surrogatepass")
    return b""


def _decode(body: object, content: bytes) -> str:
    if isinstance(body, str):
        return body
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("utf-8", "replace")


def _parse_json(text: str, size: int) -> Any:
    if size > MAX_PARSED_BYTES:
        return _MISSING
    start = text.lstrip()[:1]
    if start not in ("{", "["):
        return _MISSING
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return _MISSING


def _parse_xml(content: bytes) -> Any:
    """The root element of a well-formed XML body, or _MISSING.

    Bodies with a DOCTYPE or ENTITY declaration are refused unparsed: no entity
    expansion, no external entities.
    """
    if len(content) > MAX_PARSED_BYTES or not content.lstrip()[:1] == b"<":
        return _MISSING
    upper = content.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        return _MISSING
    from xml.etree import ElementTree  # only vendors with XML bodies pay for it

    try:
        return ElementTree.fromstring(content)
    except (ElementTree.ParseError, ValueError, RecursionError, LookupError):
        return _MISSING


def _find_shape(parsed: Any, content: bytes) -> tuple[_Shape | None, Any]:
    xml_root: Any = None
    for shape in _SHAPES:
        if shape.format == "xml":
            if xml_root is None:
                xml_root = _parse_xml(content) if parsed is _MISSING else _MISSING
            if xml_root is not _MISSING and _local(xml_root.tag) == shape.match[0][0][0]:
                return shape, xml_root
        elif isinstance(parsed, dict) and all(
            _is_kind(_get(parsed, path, "json"), kind) for path, kind in shape.match
        ):
            return shape, parsed
    return None, None


def _local(tag: object) -> str:
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1]


def _get(root: Any, path: _Path | None, fmt: str) -> Any:
    """The value at ``path``: a JSON value, or for XML the list of texts reached."""
    if path is None:
        return _MISSING
    if fmt == "xml":
        elements = [root]
        for step in path:
            elements = [child for e in elements for child in e if _local(child.tag) == step]
        texts = [" ".join("".join(e.itertext()).split()) for e in elements]
        return [t for t in texts if t] or _MISSING
    node = root
    for step in path:
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                return _MISSING
        elif not isinstance(node, dict) or step not in node:
            return _MISSING
        node = node[step]
    return node


def _is_kind(value: Any, kind: str) -> bool:
    if value is _MISSING:
        return False
    if kind == "any":
        return True
    if kind == "string":
        return isinstance(value, str)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    return kind == "null" and value is None


def _scalar_text(value: Any) -> str | None:
    if isinstance(value, list) and value and isinstance(value[0], str):
        value = value[0]  # XML: the first text reached
    if isinstance(value, str):
        return value or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _first_message(root: Any, shape: _Shape) -> str:
    for path in shape.message:
        value = _get(root, path, shape.format)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return "; ".join(value)
    if shape.problems is not None:
        return _problems_message(_get(root, shape.problems.path, shape.format), shape.problems)
    return ""


def _problems_message(items: Any, spec: _Problems) -> str:
    if not isinstance(items, list):
        return ""
    parts = []
    for item in items[:20]:
        text = _get(item, spec.message, "json")
        if not isinstance(text, str) or not text:
            continue
        where = _get(item, spec.field, "json")
        if isinstance(where, list):
            where = ".".join(str(part) for part in where if isinstance(part, (str, int)))
        parts.append(f"{where}: {text}" if isinstance(where, str) and where else text)
    return "; ".join(parts)


def _generic_message(body: dict[str, Any]) -> str:
    for key in _GENERIC_MESSAGE_KEYS:
        value = body.get(key)
        if isinstance(value, dict):
            value = value.get("message")
        if isinstance(value, str) and value.strip():
            return value
    return ""


def _clip(text: str) -> str:
    if len(text) <= MAX_MESSAGE_CHARS:
        return text
    return text[: MAX_MESSAGE_CHARS - 1] + "\u2026"


def _fallback_message(status: int, text: str) -> str:
    """A body that is short plain text, else ``HTTP <status> <reason>``."""
    line = text.strip()
    if (
        line
        and len(line) <= 300
        and "\n" not in line
        and not line.startswith(("<", "{", "["))
        and line.isprintable()
    ):
        return line
    reason = _REASONS.get(status, "")
    return f"HTTP {status} {reason}" if reason else f"HTTP {status}"


def _select_class(status: int, lookup: str | None, message: str) -> type[APIError]:
    cls = ERRORS_BY_CODE.get(lookup) if lookup is not None else None
    if cls is None:
        for kind, text, code in _MESSAGE_RULES:
            if message.endswith(text) if kind == "suffix" else message.startswith(text):
                cls = ERRORS_BY_CODE.get(code)
                break
    if (
        cls is not None
        and cls.documented_status is not None
        and cls.documented_status // 100 == status // 100
    ):
        return cls
    exact = ERRORS_BY_STATUS.get(status)
    if exact is not None:
        return exact
    if 400 <= status <= 499:
        return ClientError
    if 500 <= status <= 599:
        return ServerError
    return APIError
