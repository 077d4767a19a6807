"""Map a documented error body to an exception, raise it and catch it: ours vs openai's SDK.

Both sides get the same input: a 429 with a JSON body and headers. openai's side is the
Stainless-generated mapping ``OpenAI._make_status_error_from_response`` (decode the text,
parse JSON, pick the class by status) on a fresh response each call; ours is
``from_response(status, headers, body)``. Run: ``make bench``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import per_call, report  # noqa: E402

STATUS = 429
HEADERS = {"content-type": "application/json", "x-request-id": "req_xyz789", "retry-after": "2"}
# shortkit's documented envelope (seed 002)
BODY = b'{"error": {"code": "RATE_LIMITED", "message": "Too many requests"}, "meta": {"requestId": "req_xyz789"}}'
NUMBER = 2000


def ours() -> float:
    from generated import shortkit

    from_response = shortkit.from_response

    def once() -> None:
        try:
            raise from_response(STATUS, HEADERS, BODY)
        except shortkit.RateLimitError:
            pass

    error = from_response(STATUS, HEADERS, BODY)
    assert type(error).__name__ == "RateLimitedError" and error.request_id == "req_xyz789"
    return per_call(once, number=NUMBER)


def openai_mapping() -> float:
    """A fresh response per call (httpx caches a response's decoded text), made untimed."""
    import httpx2
    import openai

    client = openai.OpenAI(api_key="sk-bench", base_url="http://127.0.0.1:9/v1")
    request = httpx2.Request("POST", "http://127.0.0.1:9/v1/content")
    fresh = iter(())

    def refill() -> None:
        nonlocal fresh
        fresh = iter([httpx2.Response(STATUS, headers=HEADERS, content=BODY, request=request) for _ in range(NUMBER + 1)])

    def once() -> None:
        try:
            raise client._make_status_error_from_response(next(fresh))
        except openai.RateLimitError:
            pass

    refill()
    assert isinstance(client._make_status_error_from_response(next(fresh)), openai.RateLimitError)
    return per_call(once, number=NUMBER, before=refill)


def main() -> None:
    mine, theirs = ours(), openai_mapping()
    import openai

    print(f"python {sys.version.split()[0]}, openai {openai.__version__}")
    report("from_response + raise + catch (429, documented body)", mine, theirs, "openai status-error mapping")


if __name__ == "__main__":
    main()
