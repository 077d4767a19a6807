"""Testing kit of KonPro: its documented error responses, replayed HTTP exchanges, recorded sleeps.

Generated from specs/konpro.yaml by the error-contract generator; do not edit.
For an SDK's tests: nothing in the package imports this module; import it explicitly
(``from anysdk._vendor.<package> import testing``). ``EXAMPLES`` are the vendor's
documented example responses, embedded here (no data file to ship); what the functions
do is ``_testing.py``. Imports only the standard library; httpx and requests are
imported when a replay transport for them is made.

    replay = testing.replay(503, (429, {"Retry-After": "2"}), 200)
    slept = testing.SleepRecorder()
    client = httpx.Client(transport=httpx_transport(inner=replay.httpx_transport(), sleep=slept))
"""

from __future__ import annotations

from . import _testing
from ._testing import (
    CONNECT_ERROR,
    NETWORK_ERROR,
    TIMEOUT,
    Example,
    Failure,
    RecordedRequest,
    Replay,
    Response,
    ScriptExhausted,
    SleepRecorder,
    Step,
)
from .errors import CONTRACT, APIError

__all__ = [
    "CONNECT_ERROR",
    "EXAMPLES",
    "NETWORK_ERROR",
    "TIMEOUT",
    "Example",
    "Failure",
    "RecordedRequest",
    "Replay",
    "Response",
    "ScriptExhausted",
    "SleepRecorder",
    "Step",
    "error",
    "example",
    "replay",
    "response",
]

# The vendor's documented example responses (the spec's conformance vectors), in the
# spec's order: each as sent, and the class the package raises for it.
EXAMPLES: tuple[Example, ...] = (
    Example(
        name="INVALID_API_KEY 401 (details omitted, as allowed)",
        source='seed 003 "INVALID_API_KEY API key is invalid or expired"; "error.details: (Optional)"',
        status=401,
        headers=(),
        body=b'{"error": {"code": "INVALID_API_KEY", "message": "API key is invalid or expired"}, "request_id": "req-200001"}\n',
        error_class="InvalidApiKeyError",
    ),
    Example(
        name="INSUFFICIENT_PERMISSIONS 403",
        source='seed 003 "INSUFFICIENT_PERMISSIONS API key lacks required scopes"',
        status=403,
        headers=(),
        body=b'{"error": {"code": "INSUFFICIENT_PERMISSIONS", "message": "API key lacks required scopes"}, "request_id": "req-200002"}\n',
        error_class="InsufficientPermissionsError",
    ),
    Example(
        name="RESOURCE_NOT_FOUND 404",
        source='seed 003 "RESOURCE_NOT_FOUND Requested resource doesn\'t exist"',
        status=404,
        headers=(),
        body=b'{"error": {"code": "RESOURCE_NOT_FOUND", "message": "Requested resource doesn\'t exist", "details": {"avatar_id": "av_missing"}}, "request_id": "req-200003"}\n',
        error_class="ResourceNotFoundError",
    ),
    Example(
        name="VALIDATION_ERROR 400",
        source='seed 003 "VALIDATION_ERROR Request validation failed"',
        status=400,
        headers=(),
        body=b'{"error": {"code": "VALIDATION_ERROR", "message": "Request validation failed", "details": {"field": "text", "reason": "Text must not be empty"}}, "request_id": "req-200004"}\n',
        error_class="ValidationError",
    ),
    Example(
        name="RATE_LIMIT_EXCEEDED 429",
        source='seed 003 "RATE_LIMIT_EXCEEDED Too many requests"; VENDORS.md "Retry (inferred): 429"',
        status=429,
        headers=(),
        body=b'{"error": {"code": "RATE_LIMIT_EXCEEDED", "message": "Too many requests"}, "request_id": "req-200005"}\n',
        error_class="RateLimitExceededError",
    ),
    Example(
        name="RATE_LIMIT_EXCEEDED 429 with a Retry-After header (not documented, honoured)",
        source="trap; our choice in specs/konpro.yaml wait-headers",
        status=429,
        headers=(("Retry-After", "10"),),
        body=b'{"error": {"code": "RATE_LIMIT_EXCEEDED", "message": "Too many requests"}, "request_id": "req-200006"}\n',
        error_class="RateLimitExceededError",
    ),
    Example(
        name="PROCESSING_ERROR 500",
        source='seed 003 "PROCESSING_ERROR Server processing error"; VENDORS.md "500 with backoff"',
        status=500,
        headers=(),
        body=b'{"error": {"code": "PROCESSING_ERROR", "message": "Server processing error"}, "request_id": "req-200007"}\n',
        error_class="ProcessingError",
    ),
    Example(
        name="SERVICE_UNAVAILABLE 503",
        source='seed 003 "SERVICE_UNAVAILABLE Service temporarily unavailable"',
        status=503,
        headers=(),
        body=b'{"error": {"code": "SERVICE_UNAVAILABLE", "message": "Service temporarily unavailable"}, "request_id": "req-200008"}\n',
        error_class="ServiceTemporarilyUnavailableError",
    ),
    Example(
        name="FastAPI 422 validation body",
        source='VENDORS.md "may answer 422 with {"detail": [{"loc", "msg", "type"}]}" (inferred; values constructed)',
        status=422,
        headers=(),
        body=b'{"detail": [{"loc": ["body", "avatar_id"], "msg": "field required", "type": "value_error.missing"}, {"loc": ["body", "settings", "speed"], "msg": "ensure this value is less than or equal to 2", "type": "value_error.number.not_le"}]}\n',
        error_class="UnprocessableEntityError",
    ),
    Example(
        name="trap: RATE_LIMIT_EXCEEDED sent with 400 keeps its code class (same 4xx category), not retried",
        source='trap; VENDORS.md "A code seen with an unexpected status must still produce a sensible exception"',
        status=400,
        headers=(),
        body=b'{"error": {"code": "RATE_LIMIT_EXCEEDED", "message": "Too many requests"}, "request_id": "req-300001"}\n',
        error_class="RateLimitExceededError",
    ),
    Example(
        name="trap: PROCESSING_ERROR sent with 400 -> category mismatch -> BadRequestError",
        source='trap; VENDORS.md "status decides the category"',
        status=400,
        headers=(),
        body=b'{"error": {"code": "PROCESSING_ERROR", "message": "Server processing error"}, "request_id": "req-300002"}\n',
        error_class="BadRequestError",
    ),
    Example(
        name="trap: SERVICE_UNAVAILABLE sent with 500 keeps its code class (both 5xx)",
        source="trap (category rule)",
        status=500,
        headers=(),
        body=b'{"error": {"code": "SERVICE_UNAVAILABLE", "message": "Service temporarily unavailable"}, "request_id": "req-300003"}\n',
        error_class="ServiceTemporarilyUnavailableError",
    ),
    Example(
        name="trap: INVALID_API_KEY sent with 500 -> InternalServerError",
        source="trap (category rule)",
        status=500,
        headers=(),
        body=b'{"error": {"code": "INVALID_API_KEY", "message": "API key is invalid or expired"}, "request_id": "req-300004"}\n',
        error_class="InternalServerError",
    ),
    Example(
        name="trap: VALIDATION_ERROR sent with 422 keeps its code class",
        source="trap (category rule; 422 is inferred for KonPro)",
        status=422,
        headers=(),
        body=b'{"error": {"code": "VALIDATION_ERROR", "message": "Request validation failed"}, "request_id": "req-300005"}\n',
        error_class="ValidationError",
    ),
    Example(
        name="trap: RESOURCE_NOT_FOUND on an undocumented 4xx status (410) keeps its code class",
        source="trap (category rule)",
        status=410,
        headers=(),
        body=b'{"error": {"code": "RESOURCE_NOT_FOUND", "message": "Requested resource doesn\'t exist"}, "request_id": "req-300006"}\n',
        error_class="ResourceNotFoundError",
    ),
    Example(
        name="trap: unknown code on an undocumented 5xx status -> ServerError, not retried",
        source="trap (502 is not in seed 003's table)",
        status=502,
        headers=(),
        body=b'{"error": {"code": "UPSTREAM_TIMEOUT", "message": "Video renderer did not respond"}, "request_id": "req-300007"}\n',
        error_class="ServerError",
    ),
    Example(
        name="trap: unknown code on an undocumented 4xx status -> ClientError",
        source="trap (402 is not in seed 003's table)",
        status=402,
        headers=(),
        body=b'{"error": {"code": "INSUFFICIENT_CREDITS", "message": "Not enough credits"}, "request_id": "req-300008"}\n',
        error_class="ClientError",
    ),
    Example(
        name="503 with an empty body",
        source="trap (empty body)",
        status=503,
        headers=(),
        body=b"",
        error_class="ServiceUnavailableError",
    ),
    Example(
        name="documented example error response (INVALID_REQUEST)",
        source='seed 003 "Example Error Response"',
        status=400,
        headers=(("Content-Type", "application/json"),),
        body=b'{"error": {"code": "INVALID_REQUEST", "message": "The request body is invalid", "details": {"field": "avatar_id", "reason": "Avatar ID is required"}}, "request_id": "req-123456"}',
        error_class="InvalidRequestError",
    ),
)

_KIT = _testing.Kit(CONTRACT, EXAMPLES)


def example(key: str | int) -> Example:
    """The documented example of that name, else the first whose error carries that
    code (a string), else the first of that status (an int); KeyError lists them."""
    return _KIT.example(key)


def response(key: str | int | Example) -> Response:
    """A documented error response (see ``example``) as a ``Response`` value, for
    ``raise_for_response`` or a retry loop's ``send``."""
    return _KIT.response(key)


def error(key: str | int | Example) -> APIError:
    """The exception the package raises for a documented error response."""
    found: APIError = _KIT.error(key)
    return found


def replay(*steps: Step) -> Replay:
    """A scripted sequence of responses and failures, one per request (see
    ``_testing.py``); a string step names a documented example."""
    return _KIT.replay(*steps)
