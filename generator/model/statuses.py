"""Standard error statuses and the class name each one gets.

A fixed table rather than names derived from ``http.HTTPStatus``, whose phrases change
between Python versions (413 and 422 were renamed in 3.13): generated code must not
depend on which Python ran the generator. The reason phrases that fallback messages
use live with the runtime (``templates/runtime/_http.py``, ``REASONS``).
"""

from __future__ import annotations

# status: class name
STATUSES: dict[int, str] = {
    400: "BadRequestError",
    401: "AuthenticationError",
    402: "PaymentRequiredError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    405: "MethodNotAllowedError",
    406: "NotAcceptableError",
    407: "ProxyAuthenticationRequiredError",
    408: "RequestTimeoutError",
    409: "ConflictError",
    410: "GoneError",
    411: "LengthRequiredError",
    412: "PreconditionFailedError",
    413: "PayloadTooLargeError",
    414: "UriTooLongError",
    415: "UnsupportedMediaTypeError",
    416: "RangeNotSatisfiableError",
    417: "ExpectationFailedError",
    421: "MisdirectedRequestError",
    422: "UnprocessableEntityError",
    423: "LockedError",
    424: "FailedDependencyError",
    425: "TooEarlyError",
    426: "UpgradeRequiredError",
    428: "PreconditionRequiredError",
    429: "RateLimitError",
    431: "RequestHeaderFieldsTooLargeError",
    451: "UnavailableForLegalReasonsError",
    500: "InternalServerError",
    501: "NotImplementedServerError",
    502: "BadGatewayError",
    503: "ServiceUnavailableError",
    504: "GatewayTimeoutError",
    505: "HttpVersionNotSupportedError",
    506: "VariantAlsoNegotiatesError",
    507: "InsufficientStorageError",
    508: "LoopDetectedError",
    510: "NotExtendedError",
    511: "NetworkAuthenticationRequiredError",
}


def status_class_name(status: int) -> str:
    """The class of an error status; ``Status418Error`` for one without a standard name."""
    return STATUSES.get(status, f"Status{status}Error")
