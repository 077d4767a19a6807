"""One retry decision with a Retry-After hint: generated policy vs urllib3's Retry.

Same inputs on both sides: a 429 response to a GET carrying ``Retry-After: 2``,
first failure, a policy allowing 3 retries. urllib3's side is ``Retry.increment``
(which records history and returns the next Retry) plus ``get_backoff_time``, and,
in a second line, also ``get_retry_after`` (its hint parsing). Ours is
``DEFAULT_POLICY.decide(error, attempt=1, method="GET")``, which parses the wait
headers every time. Run: ``make bench`` or ``.venv/bin/python bench/bench_retry_decision.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import per_call, report  # noqa: E402
from urllib3.response import HTTPResponse  # noqa: E402
from urllib3.util.retry import Retry  # noqa: E402

from generated import shortkit  # noqa: E402

HEADERS = {"Retry-After": "2", "Content-Type": "application/json"}
BODY = b'{"error": {"code": "RATE_LIMITED", "message": "Too many requests"}, "meta": {"requestId": "req_1"}}'


def main() -> None:
    error = shortkit.from_response(429, HEADERS, BODY)
    policy = shortkit.DEFAULT_POLICY
    assert policy.decide(error, attempt=1, method="GET") == (True, 2.0, policy.decide(error, attempt=1, method="GET").reason)

    response = HTTPResponse(body=BODY, headers=HEADERS, status=429, preload_content=True)
    retry = Retry(total=3, status_forcelist=[429, 503], backoff_factor=1.0, respect_retry_after_header=True)
    assert retry.increment(method="GET", url="/v1/content", response=response).get_retry_after(response) == 2.0

    ours = per_call(lambda: policy.decide(error, attempt=1, method="GET"))
    theirs = per_call(lambda: retry.increment(method="GET", url="/v1/content", response=response).get_backoff_time())

    def with_hint() -> object:
        nxt = retry.increment(method="GET", url="/v1/content", response=response)
        return nxt.get_retry_after(response) or nxt.get_backoff_time()

    theirs_with_hint = per_call(with_hint)
    print(f"python {sys.version.split()[0]}, urllib3 {sys.modules['urllib3'].__version__}")
    report("retry decision (429, Retry-After: 2)", ours, theirs, "urllib3 increment+get_backoff_time")
    report("retry decision (429, Retry-After: 2)", ours, theirs_with_hint, "urllib3 increment+get_retry_after+backoff")


if __name__ == "__main__":
    main()
