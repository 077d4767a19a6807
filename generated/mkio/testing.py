"""Testing kit of MK.IO: its documented error responses, replayed HTTP exchanges, recorded sleeps.

Generated from specs/mkio.yaml by the error-contract generator; do not edit.
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
        name="documented body template, verbatim",
        source='seed 000 "When an operation fails, the API returns a JSON object with this shape"',
        status=400,
        headers=(),
        body=b'{\n"error": {\n"code": "<error_code>",\n"detail": "<error_message>",\n"extraDetail": {}\n},\n"status": 400,\n"ref": "<request_reference>"\n}\n',
        error_class="BadRequestError",
    ),
    Example(
        name="401 bad bearer token, unknown code passes through",
        source='seed 000 "401 Unauthorized: Recheck the bearer token" (body constructed from the documented shape)',
        status=401,
        headers=(),
        body=b'{"error": {"code": "InvalidToken", "detail": "The bearer token is invalid or has expired.", "extraDetail": {}}, "status": 401, "ref": "c0a8012e-7f3b-4c1e-9d2a-000000000401"}\n',
        error_class="AuthenticationError",
    ),
    Example(
        name="403 no project access",
        source='seed 000 "403 Forbidden: Recheck organization, project, and operation access" (body constructed)',
        status=403,
        headers=(),
        body=b'{"error": {"code": "Forbidden", "detail": "The user has no access to project \'demo\'.", "extraDetail": {"project": "demo"}}, "status": 403, "ref": "ref-403-demo"}\n',
        error_class="PermissionDeniedError",
    ),
    Example(
        name="404 unknown asset (the seed's curl example path), unknown code passes through",
        source='seed 000 curl ".../media/assets/nonexistent" (body constructed)',
        status=404,
        headers=(),
        body=b'{"error": {"code": "NotFound", "detail": "Asset \'nonexistent\' not found.", "extraDetail": {}}, "status": 404, "ref": "ref-404-nonexistent"}\n',
        error_class="NotFoundError",
    ),
    Example(
        name="409 resource still referenced, not an already-exists case",
        source='seed 000 "409 ... the target resource is not in the right state yet, or is still referenced elsewhere" (body constructed)',
        status=409,
        headers=(),
        body=b'{"error": {"code": "Conflict", "detail": "Streaming locator is still referenced by a live output.", "extraDetail": {}}, "status": 409, "ref": "ref-409-referenced"}\n',
        error_class="ConflictError",
    ),
    Example(
        name='409 whose detail ends in "already exists." maps to the synthetic code',
        source='VENDORS.md "a detail ending in already exists." (inferred; body constructed)',
        status=409,
        headers=(),
        body=b'{"error": {"code": "Conflict", "detail": "Asset \'intro\' already exists.", "extraDetail": {}}, "status": 409, "ref": "ref-409-exists"}\n',
        error_class="AlreadyExistsError",
    ),
    Example(
        name="trap: 400 instead of 409 for an existing resource -> AlreadyExistsError",
        source='trap; VENDORS.md "MK.IO sometimes answers 400 instead of 409 when a resource already exists"',
        status=400,
        headers=(),
        body=b'{"error": {"code": "BadRequest", "detail": "Transform \'h264-720p\' already exists.", "extraDetail": {}}, "status": 400, "ref": "ref-400-exists"}\n',
        error_class="AlreadyExistsError",
    ),
    Example(
        name='trap: "already exists." on a 5xx keeps the 5xx class (category mismatch)',
        source="trap (category rule; body constructed)",
        status=500,
        headers=(),
        body=b'{"error": {"code": "InternalError", "detail": "Storage container already exists.", "extraDetail": {}}, "status": 500, "ref": "ref-500-exists"}\n',
        error_class="InternalServerError",
    ),
    Example(
        name="trap: unknown code on an undocumented 4xx status -> ClientError",
        source="trap (MK.IO documents no 422; body constructed)",
        status=422,
        headers=(),
        body=b'{"error": {"code": "SomeFutureCode", "detail": "Unsupported encoder preset.", "extraDetail": {"preset": "x"}}, "status": 422, "ref": "ref-422"}\n',
        error_class="ClientError",
    ),
    Example(
        name="429 with Retry-After (undocumented header, honoured)",
        source='seed 000 "429 Too Many Requests: Back off and retry later"; VENDORS.md "honour Retry-After if present anyway"',
        status=429,
        headers=(("Retry-After", "5"),),
        body=b'{"error": {"code": "TooManyRequests", "detail": "Rate limit exceeded.", "extraDetail": {}}, "status": 429, "ref": "ref-429-a"}\n',
        error_class="RateLimitError",
    ),
    Example(
        name="429 without any wait header",
        source='seed 000 "429" (no Retry-After documented, VENDORS.md)',
        status=429,
        headers=(),
        body=b'{"error": {"code": "TooManyRequests", "detail": "Rate limit exceeded.", "extraDetail": {}}, "status": 429, "ref": "ref-429-b"}\n',
        error_class="RateLimitError",
    ),
    Example(
        name="500 retried carefully, ref kept",
        source='seed 000 "500 Internal Server Error: Retry carefully and keep the ref value" (body constructed)',
        status=500,
        headers=(),
        body=b'{"error": {"code": "InternalServerError", "detail": "An unexpected error occurred.", "extraDetail": {}}, "status": 500, "ref": "ref-500"}\n',
        error_class="InternalServerError",
    ),
    Example(
        name="503 temporary",
        source='seed 000 "503 Service Unavailable: Treat it as temporary" (body constructed)',
        status=503,
        headers=(),
        body=b'{"error": {"code": "ServiceUnavailable", "detail": "The service is temporarily unavailable.", "extraDetail": {}}, "status": 503, "ref": "ref-503"}\n',
        error_class="ServiceUnavailableError",
    ),
    Example(
        name="503 with an empty body",
        source="trap (empty body from a proxy)",
        status=503,
        headers=(),
        body=b"",
        error_class="ServiceUnavailableError",
    ),
    Example(
        name="502 HTML page from a gateway (undocumented status, not retried)",
        source="trap (HTML body; 502 is not in seed 000's tables)",
        status=502,
        headers=(),
        body=b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>\n",
        error_class="ServerError",
    ),
    Example(
        name="JSON body without the error object falls back to the status line",
        source="trap (documented error object missing; ref is not read outside the shape)",
        status=400,
        headers=(),
        body=b'{"status": 400, "ref": "ref-400-noshape"}\n',
        error_class="BadRequestError",
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
