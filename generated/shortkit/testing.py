"""Testing kit of shortkit: its documented error responses, replayed HTTP exchanges, recorded sleeps.

Generated from specs/shortkit.yaml by the error-contract generator; do not edit.
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
        name="documented validation details (no meta in the example; request id from the header)",
        source='seed 002 "Validation error details"',
        status=400,
        headers=(("X-Request-Id", "req_val456"),),
        body=b'{\n  "error": {\n    "code": "VALIDATION_ERROR",\n    "message": "Request validation failed",\n    "details": {\n      "errors": [\n        {\n          "field": "title",\n          "reason": "required",\n          "message": "Title is required"\n        },\n        {\n          "field": "duration",\n          "reason": "max",\n          "message": "Duration cannot exceed 180 seconds",\n          "max": 180\n        }\n      ]\n    }\n  }\n}\n',
        error_class="ValidationError",
    ),
    Example(
        name="validation problems without a message build the message",
        source="trap (seed 002 validation details with error.message empty)",
        status=400,
        headers=(("X-Request-Id", "req_val789"),),
        body=b'{"error": {"code": "VALIDATION_ERROR", "message": "", "details": {"errors": [{"field": "title", "reason": "required", "message": "Title is required"}, {"field": "duration", "reason": "max", "message": "Duration cannot exceed 180 seconds", "max": 180}]}}, "meta": {"requestId": "req_val789"}}\n',
        error_class="ValidationError",
    ),
    Example(
        name='trap: VALIDATION_ERROR sent with 422 (status table says 422 "Validation failed")',
        source='trap; seed 002 "422 Unprocessable Entity - Validation failed" vs "VALIDATION_ERROR 400"',
        status=422,
        headers=(("X-Request-Id", "req_422v"),),
        body=b'{"error": {"code": "VALIDATION_ERROR", "message": "Request validation failed"}, "meta": {"requestId": "req_422v"}}\n',
        error_class="ValidationError",
    ),
    Example(
        name="UNAUTHORIZED 401",
        source='seed 002 "UNAUTHORIZED 401 Missing or invalid API key"',
        status=401,
        headers=(("X-Request-Id", "req_a01"),),
        body=b'{"error": {"code": "UNAUTHORIZED", "message": "Missing or invalid API key"}, "meta": {"requestId": "req_a01"}}\n',
        error_class="UnauthorizedError",
    ),
    Example(
        name="KEY_REVOKED 401",
        source='seed 002 "KEY_REVOKED 401 API key has been revoked"',
        status=401,
        headers=(("X-Request-Id", "req_a02"),),
        body=b'{"error": {"code": "KEY_REVOKED", "message": "API key has been revoked"}, "meta": {"requestId": "req_a02"}}\n',
        error_class="KeyRevokedError",
    ),
    Example(
        name="KEY_EXPIRED 401",
        source='seed 002 "KEY_EXPIRED 401 API key has expired"',
        status=401,
        headers=(("X-Request-Id", "req_a03"),),
        body=b'{"error": {"code": "KEY_EXPIRED", "message": "API key has expired"}, "meta": {"requestId": "req_a03"}}\n',
        error_class="KeyExpiredError",
    ),
    Example(
        name="FORBIDDEN 403",
        source='seed 002 "FORBIDDEN 403 Insufficient permissions"',
        status=403,
        headers=(("X-Request-Id", "req_a04"),),
        body=b'{"error": {"code": "FORBIDDEN", "message": "Insufficient permissions"}, "meta": {"requestId": "req_a04"}}\n',
        error_class="ForbiddenError",
    ),
    Example(
        name="ENVIRONMENT_MISMATCH 403",
        source='seed 002 "ENVIRONMENT_MISMATCH 403 Wrong environment key"',
        status=403,
        headers=(("X-Request-Id", "req_a05"),),
        body=b'{"error": {"code": "ENVIRONMENT_MISMATCH", "message": "Wrong environment key"}, "meta": {"requestId": "req_a05"}}\n',
        error_class="EnvironmentMismatchError",
    ),
    Example(
        name="INVALID_REQUEST 400",
        source='seed 002 "INVALID_REQUEST 400 Malformed request body"',
        status=400,
        headers=(("X-Request-Id", "req_v01"),),
        body=b'{"error": {"code": "INVALID_REQUEST", "message": "Malformed request body"}, "meta": {"requestId": "req_v01"}}\n',
        error_class="InvalidRequestError",
    ),
    Example(
        name="MISSING_PARAMETER 400",
        source='seed 002 "MISSING_PARAMETER 400 Required parameter missing"',
        status=400,
        headers=(("X-Request-Id", "req_v02"),),
        body=b'{"error": {"code": "MISSING_PARAMETER", "message": "Required parameter missing", "details": {"field": "userId", "reason": "required"}}, "meta": {"requestId": "req_v02"}}\n',
        error_class="MissingParameterError",
    ),
    Example(
        name="INVALID_PARAMETER 400",
        source='seed 002 "INVALID_PARAMETER 400 Parameter value invalid"',
        status=400,
        headers=(("X-Request-Id", "req_v03"),),
        body=b'{"error": {"code": "INVALID_PARAMETER", "message": "Parameter value invalid"}, "meta": {"requestId": "req_v03"}}\n',
        error_class="InvalidParameterError",
    ),
    Example(
        name="NOT_FOUND 404",
        source='seed 002 "NOT_FOUND 404 Resource doesn\'t exist"',
        status=404,
        headers=(("X-Request-Id", "req_r01"),),
        body=b'{"error": {"code": "NOT_FOUND", "message": "Resource doesn\'t exist"}, "meta": {"requestId": "req_r01"}}\n',
        error_class="ResourceNotFoundError",
    ),
    Example(
        name="ALREADY_EXISTS 409",
        source='seed 002 "ALREADY_EXISTS 409 Resource already exists"',
        status=409,
        headers=(("X-Request-Id", "req_r02"),),
        body=b'{"error": {"code": "ALREADY_EXISTS", "message": "Resource already exists"}, "meta": {"requestId": "req_r02"}}\n',
        error_class="AlreadyExistsError",
    ),
    Example(
        name="CONFLICT 409",
        source='seed 002 "CONFLICT 409 Resource state conflict"',
        status=409,
        headers=(("X-Request-Id", "req_r03"),),
        body=b'{"error": {"code": "CONFLICT", "message": "Resource state conflict"}, "meta": {"requestId": "req_r03"}}\n',
        error_class="ResourceConflictError",
    ),
    Example(
        name="GONE 410",
        source='seed 002 "GONE 410 Resource has been deleted"',
        status=410,
        headers=(("X-Request-Id", "req_r04"),),
        body=b'{"error": {"code": "GONE", "message": "Resource has been deleted"}, "meta": {"requestId": "req_r04"}}\n',
        error_class="ResourceGoneError",
    ),
    Example(
        name="CONTENT_NOT_READY 409 (still processing, recognisable, not retried)",
        source='seed 002 "CONTENT_NOT_READY 409 Content still processing"; VENDORS.md "not an error to retry blindly"',
        status=409,
        headers=(("X-Request-Id", "req_c01"),),
        body=b'{"error": {"code": "CONTENT_NOT_READY", "message": "Content still processing"}, "meta": {"requestId": "req_c01"}}\n',
        error_class="ContentNotReadyError",
    ),
    Example(
        name="CONTENT_FAILED 422",
        source='seed 002 "CONTENT_FAILED 422 Content processing failed"',
        status=422,
        headers=(("X-Request-Id", "req_c02"),),
        body=b'{"error": {"code": "CONTENT_FAILED", "message": "Content processing failed"}, "meta": {"requestId": "req_c02"}}\n',
        error_class="ContentFailedError",
    ),
    Example(
        name="INVALID_MEDIA_TYPE 422",
        source='seed 002 "INVALID_MEDIA_TYPE 422 Unsupported file format"',
        status=422,
        headers=(("X-Request-Id", "req_c03"),),
        body=b'{"error": {"code": "INVALID_MEDIA_TYPE", "message": "Unsupported file format"}, "meta": {"requestId": "req_c03"}}\n',
        error_class="InvalidMediaTypeError",
    ),
    Example(
        name="FILE_TOO_LARGE 422",
        source='seed 002 "FILE_TOO_LARGE 422 File exceeds size limit"',
        status=422,
        headers=(("X-Request-Id", "req_c04"),),
        body=b'{"error": {"code": "FILE_TOO_LARGE", "message": "File exceeds size limit"}, "meta": {"requestId": "req_c04"}}\n',
        error_class="FileTooLargeError",
    ),
    Example(
        name="DURATION_EXCEEDED 422",
        source='seed 002 "DURATION_EXCEEDED 422 Video exceeds max duration"',
        status=422,
        headers=(("X-Request-Id", "req_c05"),),
        body=b'{"error": {"code": "DURATION_EXCEEDED", "message": "Video exceeds max duration", "details": {"max": 180}}, "meta": {"requestId": "req_c05"}}\n',
        error_class="DurationExceededError",
    ),
    Example(
        name="RATE_LIMITED 429 with Retry-After",
        source='seed 002 "RATE_LIMITED 429 Too many requests"; fetchWithRetry "response.headers.get(\'Retry-After\')"',
        status=429,
        headers=(("X-Request-Id", "req_l01"), ("Retry-After", "2")),
        body=b'{"error": {"code": "RATE_LIMITED", "message": "Too many requests"}, "meta": {"requestId": "req_l01"}}\n',
        error_class="RateLimitedError",
    ),
    Example(
        name="trap: QUOTA_EXCEEDED 429 is not retryable (monthly quota)",
        source='trap; seed 002 "QUOTA_EXCEEDED 429 Monthly quota exceeded"; VENDORS.md "the code, not the status, must decide"',
        status=429,
        headers=(("X-Request-Id", "req_l02"),),
        body=b'{"error": {"code": "QUOTA_EXCEEDED", "message": "Monthly quota exceeded"}, "meta": {"requestId": "req_l02"}}\n',
        error_class="QuotaExceededError",
    ),
    Example(
        name="INTERNAL_ERROR 500 (not retried by the documented policy)",
        source='seed 002 "INTERNAL_ERROR 500 Unexpected server error"; retry only "(429, 503)"',
        status=500,
        headers=(("X-Request-Id", "req_s01"),),
        body=b'{"error": {"code": "INTERNAL_ERROR", "message": "Unexpected server error"}, "meta": {"requestId": "req_s01"}}\n',
        error_class="InternalError",
    ),
    Example(
        name="UPSTREAM_ERROR 502",
        source='seed 002 "UPSTREAM_ERROR 502 Third-party service failure"',
        status=502,
        headers=(("X-Request-Id", "req_s02"),),
        body=b'{"error": {"code": "UPSTREAM_ERROR", "message": "Third-party service failure"}, "meta": {"requestId": "req_s02"}}\n',
        error_class="UpstreamError",
    ),
    Example(
        name="SERVICE_UNAVAILABLE 503 with Retry-After",
        source='seed 002 "SERVICE_UNAVAILABLE 503 Temporary service outage"; "For transient errors (429, 503)"',
        status=503,
        headers=(("X-Request-Id", "req_s03"), ("Retry-After", "5")),
        body=b'{"error": {"code": "SERVICE_UNAVAILABLE", "message": "Temporary service outage"}, "meta": {"requestId": "req_s03"}}\n',
        error_class="ServiceTemporarilyUnavailableError",
    ),
    Example(
        name="trap: newer envelope, lower-case not_found",
        source='trap; VENDORS.md newer envelope {"data": null, "meta": {"request_id": ...}, "errors": [{"code": "not_found", ...}]}',
        status=404,
        headers=(("X-Request-Id", "req_n01"),),
        body=b'{"data": null, "meta": {"request_id": "req_n01"}, "errors": [{"code": "not_found", "message": "Content cnt_abc123 not found"}]}\n',
        error_class="ResourceNotFoundError",
    ),
    Example(
        name="trap: newer envelope, quota_exceeded stays non-retryable after case normalisation",
        source="trap (VENDORS.md newer envelope + QUOTA_EXCEEDED rule)",
        status=429,
        headers=(),
        body=b'{"data": null, "meta": {"request_id": "req_n02"}, "errors": [{"code": "quota_exceeded", "message": "Monthly quota exceeded"}]}\n',
        error_class="QuotaExceededError",
    ),
    Example(
        name="trap: newer envelope, rate_limited with Retry-After",
        source="trap (VENDORS.md newer envelope)",
        status=429,
        headers=(("X-Request-Id", "req_n03"), ("Retry-After", "1")),
        body=b'{"data": null, "meta": {"request_id": "req_n03"}, "errors": [{"code": "rate_limited", "message": "Too many requests"}, {"code": "rate_limited", "message": "Burst limit reached"}]}\n',
        error_class="RateLimitedError",
    ),
    Example(
        name="trap: newer envelope, unknown code -> status class",
        source="trap (VENDORS.md newer envelope; code not in seed 002)",
        status=422,
        headers=(),
        body=b'{"data": null, "meta": {"request_id": "req_n04"}, "errors": [{"code": "unsupported_codec", "message": "Codec not supported"}]}\n',
        error_class="UnprocessableEntityError",
    ),
    Example(
        name="trap: newer envelope with an empty errors list",
        source="trap (VENDORS.md newer envelope must not crash)",
        status=500,
        headers=(("X-Request-Id", "req_n05"),),
        body=b'{"data": null, "meta": {"request_id": "req_n05"}, "errors": []}\n',
        error_class="InternalServerError",
    ),
    Example(
        name="unknown code on a documented status passes through",
        source="trap (code not in seed 002)",
        status=400,
        headers=(("X-Request-Id", "req_u01"),),
        body=b'{"error": {"code": "IDEMPOTENCY_KEY_REUSED", "message": "Idempotency key reused with a different body"}, "meta": {"requestId": "req_u01"}}\n',
        error_class="BadRequestError",
    ),
    Example(
        name="body request id wins over the header",
        source='trap; seed 002 "meta.requestId" and "X-Request-Id" both documented',
        status=404,
        headers=(("X-Request-Id", "req_header_value"),),
        body=b'{"error": {"code": "NOT_FOUND", "message": "Resource doesn\'t exist"}, "meta": {"requestId": "req_body_value"}}\n',
        error_class="ResourceNotFoundError",
    ),
    Example(
        name="503 HTML page from the edge, request id from the header",
        source='trap (HTML body); seed 002 "503 Service Unavailable - Temporary outage"',
        status=503,
        headers=(("X-Request-Id", "req_edge01"),),
        body=b"<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>\n",
        error_class="ServiceUnavailableError",
    ),
    Example(
        name="documented error envelope (400 VALIDATION_ERROR)",
        source='seed 002 "Error response format"',
        status=400,
        headers=(("Content-Type", "application/json"), ("X-Request-Id", "req_xyz789")),
        body=b'{"error": {"code": "VALIDATION_ERROR", "message": "Title is required", "details": {"field": "title", "reason": "required"}}, "meta": {"requestId": "req_xyz789"}}',
        error_class="ValidationError",
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
