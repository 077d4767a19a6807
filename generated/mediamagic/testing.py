"""Testing kit of MediaMagic: its documented error responses, replayed HTTP exchanges, recorded sleeps.

Generated from specs/mediamagic.yaml by the error-contract generator; do not edit.
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
        name="domain error with docs_url (409 asset already submitted)",
        source='VENDORS.md domain error {"detail": "Asset already submitted", "docs_url": ...}; URL from the vendor\'s error-handling guide',
        status=409,
        headers=(),
        body=b'{\n  "detail": "Asset already submitted",\n  "docs_url": "https://docs.mediamagic.app/concepts/assets"\n}\n',
        error_class="ConflictError",
    ),
    Example(
        name="401 missing API key header",
        source='seed 001 "messages such as Missing X-API-Key header"',
        status=401,
        headers=(),
        body=b'{"detail": "Missing X-API-Key header"}\n',
        error_class="AuthenticationError",
    ),
    Example(
        name="401 invalid API key",
        source='seed 001 "401 Missing or bad API key Invalid API key"',
        status=401,
        headers=(),
        body=b'{"detail": "Invalid API key"}\n',
        error_class="AuthenticationError",
    ),
    Example(
        name="401 expired API key",
        source='seed 001 "This API key has expired"',
        status=401,
        headers=(),
        body=b'{"detail": "This API key has expired"}\n',
        error_class="AuthenticationError",
    ),
    Example(
        name="401 revoked API key",
        source='seed 001 "This API key has been revoked"',
        status=401,
        headers=(),
        body=b'{"detail": "This API key has been revoked"}\n',
        error_class="AuthenticationError",
    ),
    Example(
        name="400 simulationDelaySeconds on a live key",
        source='seed 001 "400 simulationDelaySeconds sent on a live key" (message wording constructed)',
        status=400,
        headers=(),
        body=b'{"detail": "simulationDelaySeconds is only allowed with a sandbox key"}\n',
        error_class="BadRequestError",
    ),
    Example(
        name="402 plan gating",
        source='VENDORS.md plan gating (402) example; seed 001 "402 Tier not authorized for the Integrations API"',
        status=402,
        headers=(),
        body=b'{\n  "error_code": "tier_not_authorized_for_integrations_api",\n  "message": "Your plan does not include access to the Integrations API.",\n  "bucket": "submission_write"\n}\n',
        error_class="TierNotAuthorizedError",
    ),
    Example(
        name="trap: plan gating body on a 429 is still not retryable (code override)",
        source='trap; VENDORS.md "Not transient; never retry"',
        status=429,
        headers=(("Retry-After", "30"),),
        body=b'{"error_code": "tier_not_authorized_for_integrations_api", "message": "Your plan does not include access to the Integrations API.", "bucket": "upload"}\n',
        error_class="TierNotAuthorizedError",
    ),
    Example(
        name="403 invalid blob path",
        source='seed 001 "403 ... Invalid blob path"',
        status=403,
        headers=(),
        body=b'{"detail": "Invalid blob path"}\n',
        error_class="PermissionDeniedError",
    ),
    Example(
        name="404 submission not found",
        source='seed 001 "404 ... Submission not found"',
        status=404,
        headers=(),
        body=b'{"detail": "Submission not found"}\n',
        error_class="NotFoundError",
    ),
    Example(
        name="413 direct upload too large",
        source='seed 001 "413 File exceeds the direct-upload limit File too large; use the presigned upload URL"',
        status=413,
        headers=(),
        body=b'{"detail": "File too large; use the presigned upload URL"}\n',
        error_class="PayloadTooLargeError",
    ),
    Example(
        name="415 unsupported content type",
        source='seed 001 "415 ... Unsupported content type"',
        status=415,
        headers=(),
        body=b'{"detail": "Unsupported content type"}\n',
        error_class="UnsupportedMediaTypeError",
    ),
    Example(
        name="422 validation, FastAPI default form",
        source='VENDORS.md "FastAPI-based, whose default is {"detail": [{"loc": [...], "msg": "...", "type": "..."}]}" (inferred; values constructed)',
        status=422,
        headers=(),
        body=b'{"detail": [\n  {"loc": ["body", "assets", 0, "blobPath"], "msg": "field required", "type": "value_error.missing"},\n  {"loc": ["body", "simulationDelaySeconds"], "msg": "ensure this value is less than or equal to 60", "type": "value_error.number.not_le"}\n]}\n',
        error_class="UnprocessableEntityError",
    ),
    Example(
        name="422 validation, fields form with a summary detail",
        source='seed 001 "the fields array for validation errors" (envelope lost in capture; constructed)',
        status=422,
        headers=(),
        body=b'{"detail": "Request validation failed", "fields": [{"field": "assets", "message": "at least one asset is required"}]}\n',
        error_class="UnprocessableEntityError",
    ),
    Example(
        name="422 validation, fields form without a summary",
        source='seed 001 "Note the HTTP status code and the detail or fields message" (constructed)',
        status=422,
        headers=(),
        body=b'{"fields": [{"field": "url", "message": "must be an https URL"}, {"field": "events", "message": "must not be empty"}]}\n',
        error_class="UnprocessableEntityError",
    ),
    Example(
        name="429 rate limit with Retry-After",
        source='VENDORS.md rate limit (429) {"error": "Rate limit exceeded: too many submission writes"} plus Retry-After; vendor rate-limiting page "Retry-After: 30"',
        status=429,
        headers=(("Retry-After", "30"),),
        body=b'{"error": "Rate limit exceeded: too many submission writes"}\n',
        error_class="RateLimitError",
    ),
    Example(
        name="429 rate limit without Retry-After",
        source="trap (header missing although documented)",
        status=429,
        headers=(),
        body=b'{"error": "Rate limit exceeded: too many submission reads"}\n',
        error_class="RateLimitError",
    ),
    Example(
        name="500 internal server error",
        source='seed 001 "500 Storage write or internal error Internal server error"',
        status=500,
        headers=(),
        body=b'{"detail": "Internal server error"}\n',
        error_class="InternalServerError",
    ),
    Example(
        name="502 failed to load results",
        source='seed 001 "502 Issue or topic blob could not be loaded Failed to load results from storage"',
        status=502,
        headers=(),
        body=b'{"detail": "Failed to load results from storage"}\n',
        error_class="BadGatewayError",
    ),
    Example(
        name="500 with an empty body",
        source="trap (empty body)",
        status=500,
        headers=(),
        body=b"",
        error_class="InternalServerError",
    ),
    Example(
        name="trap: undocumented 503 HTML page from the hosting platform is not retried",
        source="trap; seed 001 retries only 429, 500, 502",
        status=503,
        headers=(),
        body=b"<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>\n",
        error_class="ServerError",
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
