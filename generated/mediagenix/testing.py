"""Testing kit of Mediagenix On-Demand: its documented error responses, replayed HTTP exchanges, recorded sleeps.

Generated from specs/mediagenix.yaml by the error-contract generator; do not edit.
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
        name="errors document with one error (vendor client example)",
        source='VENDORS.md "<errors><error>Name is taken</error>..."; almodovar UnprocessableEntityError spec',
        status=422,
        headers=(("X-Request-Id", "7f9c1c1e-0001"),),
        body=b"<errors>\n  <error>Name is taken</error>\n</errors>\n",
        error_class="UnprocessableEntityError",
    ),
    Example(
        name="errors document with two errors, joined",
        source='almodovar UnprocessableEntityError spec (["Name is taken", "External ID is required"])',
        status=422,
        headers=(("X-Request-Id", "7f9c1c1e-0002"),),
        body=b"<errors>\n  <error>Name is taken</error>\n  <error>External ID is required</error>\n</errors>\n",
        error_class="UnprocessableEntityError",
    ),
    Example(
        name="error document with a message (vendor client example)",
        source='VENDORS.md "<error><message>per_page maximum value is 200</message></error>"; almodovar spec',
        status=422,
        headers=(("X-Request-Id", "7f9c1c1e-0003"),),
        body=b"<error>\n  <message>per_page maximum value is 200</message>\n</error>\n",
        error_class="UnprocessableEntityError",
    ),
    Example(
        name="400 restricted file-name characters (XML declaration, errors form)",
        source='seed 004 "The request could not be processed by the server due to malformed syntax" (the XML wrapping is inferred)',
        status=400,
        headers=(("X-Request-Id", "7f9c1c1e-0004"),),
        body=b'<?xml version="1.0" encoding="UTF-8"?>\n<errors><error>The request could not be processed by the server due to malformed syntax</error></errors>\n',
        error_class="BadRequestError",
    ),
    Example(
        name="401 digest authentication failed, empty body",
        source='seed 004 "401 Authorization Required: The credentials used in the request are missing or invalid"',
        status=401,
        headers=(("X-Request-Id", "7f9c1c1e-0005"),),
        body=b"",
        error_class="AuthenticationError",
    ),
    Example(
        name="404 empty body",
        source='seed 004 "404 Not Found: The resource can\'t be found"; VENDORS.md "Error bodies are XML or empty"',
        status=404,
        headers=(("X-Request-Id", "7f9c1c1e-0006"),),
        body=b"",
        error_class="NotFoundError",
    ),
    Example(
        name="405 method not allowed, empty body",
        source='seed 004 "405 Method Not Allowed"',
        status=405,
        headers=(("X-Request-Id", "7f9c1c1e-0007"),),
        body=b"",
        error_class="MethodNotAllowedError",
    ),
    Example(
        name="406 not acceptable, empty body",
        source='seed 004 "406 Not Acceptable: the Accept header that you sent (GET requests) is not supported"',
        status=406,
        headers=(("X-Request-Id", "7f9c1c1e-0008"),),
        body=b"",
        error_class="NotAcceptableError",
    ),
    Example(
        name="415 unsupported media type, empty body",
        source='seed 004 "415 Unsupported Media Type: the Content-Type header that you sent"',
        status=415,
        headers=(("X-Request-Id", "7f9c1c1e-0009"),),
        body=b"",
        error_class="UnsupportedMediaTypeError",
    ),
    Example(
        name="429 waits for Ratelimit-Reset",
        source='seed 004 "429 ... use the Ratelimit-Reset response header to determine when to retry (its value is in seconds)"',
        status=429,
        headers=(
            ("X-Request-Id", "7f9c1c1e-0010"),
            ("Ratelimit-Limit", "150"),
            ("Ratelimit-Remaining", "0"),
            ("Ratelimit-Reset", "12"),
        ),
        body=b"",
        error_class="RateLimitError",
    ),
    Example(
        name="429 with the documented Ratelimit-Reset value 200 (above max-server-wait; still retryable, hint kept)",
        source='seed 004 Throttling example "Ratelimit-Limit: 150 Ratelimit-Remaining: 100 Ratelimit-Reset: 200" (shown on a 200; reused on a 429)',
        status=429,
        headers=(
            ("X-Request-Id", "7f9c1c1e-0011"),
            ("Ratelimit-Limit", "150"),
            ("Ratelimit-Remaining", "0"),
            ("Ratelimit-Reset", "200"),
        ),
        body=b"",
        error_class="RateLimitError",
    ),
    Example(
        name="429 Ratelimit-Reset wins over Retry-After",
        source="trap; wait-headers order in specs/mediagenix.yaml (seed 004 names Ratelimit-Reset)",
        status=429,
        headers=(
            ("X-Request-Id", "7f9c1c1e-0012"),
            ("Ratelimit-Reset", "7"),
            ("Retry-After", "25"),
        ),
        body=b"",
        error_class="RateLimitError",
    ),
    Example(
        name="429 with only Retry-After",
        source="trap (our choice, Retry-After honoured second)",
        status=429,
        headers=(("X-Request-Id", "7f9c1c1e-0013"), ("Retry-After", "20")),
        body=b"",
        error_class="RateLimitError",
    ),
    Example(
        name="429 with no wait header (the fixed 200 s wait is above the cap, so it is raised at once)",
        source='trap; VENDORS.md "Default quota is 150 requests per 30 seconds" (body constructed in the documented error form)',
        status=429,
        headers=(("X-Request-Id", "7f9c1c1e-0014"),),
        body=b"<error><message>Rate limit exceeded</message></error>\n",
        error_class="RateLimitError",
    ),
    Example(
        name='500 empty body ("there\'s a bug")',
        source='seed 004 "5xx ... some problem in the server prevented the request from being processed"',
        status=500,
        headers=(("X-Request-Id", "7f9c1c1e-0015"),),
        body=b"",
        error_class="InternalServerError",
    ),
    Example(
        name="503 maintenance mode HTML page",
        source='seed 004 "When the Mediagenix On-Demand and Sequence applications are in maintenance mode then their APIs will return a 503"; VENDORS.md "An HTML or empty body is possible too"',
        status=503,
        headers=(("X-Request-Id", "7f9c1c1e-0016"),),
        body=b"<!DOCTYPE html>\n<html>\n<head><title>Down for maintenance</title></head>\n<body><h1>We are performing scheduled maintenance.</h1><p>Please try again later.</p></body>\n</html>\n",
        error_class="ServiceUnavailableError",
    ),
    Example(
        name="502 (undocumented 5xx) retried by the status list",
        source='seed 004 "retry any 5xx failing request a few times"',
        status=502,
        headers=(("X-Request-Id", "7f9c1c1e-0017"),),
        body=b"",
        error_class="ServerError",
    ),
    Example(
        name="504 (undocumented 5xx) retried by the status list",
        source='seed 004 "retry any 5xx failing request a few times"',
        status=504,
        headers=(),
        body=b"",
        error_class="ServerError",
    ),
    Example(
        name="trap: 501 is a 5xx without its own class, and is retried like any 5xx",
        source='seed 004 "Ideally your code should automatically retry any 5xx failing request"',
        status=501,
        headers=(),
        body=b"",
        error_class="ServerError",
    ),
    Example(
        name="trap: JSON error body is not an error format of this API",
        source='almodovar spec "returns an empty array on json response bodies" ({"wadus": "foo"})',
        status=400,
        headers=(("X-Request-Id", "7f9c1c1e-0018"),),
        body=b'{"wadus": "foo"}\n',
        error_class="BadRequestError",
    ),
    Example(
        name="trap: XML declaring an entity is not expanded (body treated as unparseable)",
        source='trap; VENDORS.md "extracted from XML safely (no entity expansion, no external entities)"',
        status=400,
        headers=(("X-Request-Id", "7f9c1c1e-0019"),),
        body=b'<?xml version="1.0"?>\n<!DOCTYPE error [<!ENTITY name "EXPANDED">]>\n<error><message>&name;</message></error>\n',
        error_class="BadRequestError",
    ),
    Example(
        name="5xx backs off exponentially although Ratelimit-* counters came with it",
        source='seed 004 "retry any 5xx failing request a few times ... four retries should probably be enough" and "exponential backoff"; Ratelimit-* fields come on every response (seed 004 Throttling)',
        status=503,
        headers=(
            ("X-Request-Id", "7f9c1c1e-0030"),
            ("Ratelimit-Limit", "150"),
            ("Ratelimit-Remaining", "100"),
            ("Ratelimit-Reset", "200"),
        ),
        body=b"",
        error_class="ServiceUnavailableError",
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
