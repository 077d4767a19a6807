"""Standard error statuses: the class name each one gets and its reason phrase.

A fixed table rather than ``http.HTTPStatus``, whose phrases change between Python
versions (413 and 422 were renamed in 3.13): generated code must not depend on which
Python ran the generator.
"""

from __future__ import annotations

# status: (class name, reason phrase)
STATUSES: dict[int, tuple[str, str]] = {
    400: ("BadRequestError", "Bad Request"),
    401: ("AuthenticationError", "Unauthorized"),
    402: ("PaymentRequiredError", "Payment Required"),
    403: ("PermissionDeniedError", "Forbidden"),
    404: ("NotFoundError", "Not Found"),
    405: ("MethodNotAllowedError", "Method Not Allowed"),
    406: ("NotAcceptableError", "Not Acceptable"),
    407: ("ProxyAuthenticationRequiredError", "Proxy Authentication Required"),
    408: ("RequestTimeoutError", "Request Timeout"),
    409: ("ConflictError", "Conflict"),
    410: ("GoneError", "Gone"),
    411: ("LengthRequiredError", "Length Required"),
    412: ("PreconditionFailedError", "Precondition Failed"),
    413: ("PayloadTooLargeError", "Payload Too Large"),
    414: ("UriTooLongError", "URI Too Long"),
    415: ("UnsupportedMediaTypeError", "Unsupported Media Type"),
    416: ("RangeNotSatisfiableError", "Range Not Satisfiable"),
    417: ("ExpectationFailedError", "Expectation Failed"),
    421: ("MisdirectedRequestError", "Misdirected Request"),
    422: ("UnprocessableEntityError", "Unprocessable Entity"),
    423: ("LockedError", "Locked"),
    424: ("FailedDependencyError", "Failed Dependency"),
    425: ("TooEarlyError", "Too Early"),
    426: ("UpgradeRequiredError", "Upgrade Required"),
    428: ("PreconditionRequiredError", "Precondition Required"),
    429: ("RateLimitError", "Too Many Requests"),
    431: ("RequestHeaderFieldsTooLargeError", "Request Header Fields Too Large"),
    451: ("UnavailableForLegalReasonsError", "Unavailable For Legal Reasons"),
    500: ("InternalServerError", "Internal Server Error"),
    501: ("NotImplementedServerError", "Not Implemented"),
    502: ("BadGatewayError", "Bad Gateway"),
    503: ("ServiceUnavailableError", "Service Unavailable"),
    504: ("GatewayTimeoutError", "Gateway Timeout"),
    505: ("HttpVersionNotSupportedError", "HTTP Version Not Supported"),
    506: ("VariantAlsoNegotiatesError", "Variant Also Negotiates"),
    507: ("InsufficientStorageError", "Insufficient Storage"),
    508: ("LoopDetectedError", "Loop Detected"),
    510: ("NotExtendedError", "Not Extended"),
    511: ("NetworkAuthenticationRequiredError", "Network Authentication Required"),
}


def status_class_name(status: int) -> str:
    """The class of an error status; ``Status418Error`` for one without a standard name."""
    return STATUSES.get(status, (f"Status{status}Error", ""))[0]
