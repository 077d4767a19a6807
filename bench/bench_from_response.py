"""Map an error response to an exception, raise it and catch it: ours vs openai's SDK.

Both sides get the same input: the runtime figures' documented 429 (status, headers and
body from the vendor's conformance vectors, see ``_project.runtime_input``) as an
``httpx2.Response``, the response type openai's client maps (a fresh one for every
call, made untimed: httpx caches a response's decoded text). openai's side is its
client's ``_make_status_error_from_response(response)`` (decode the text, parse JSON,
pick the class by status; the Stainless-generated mapping), raised and caught as
``openai.APIStatusError``; ours is ``pkg.from_response(response.status_code,
response.headers, response.content)``, raised and caught as ``pkg.APIError``. The two
alternate within each round (ABBA); the figure is how many times faster ours is.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Collection
from typing import Any

from _runtime import package
from _timing import Figure, Target, fmt_seconds, interleave, median_of_ratios, per_call

FIGURES = ("from-response",)
NUMBER = 2000  # calls per sample


def run(selected: Collection[str], rounds: int, log: Callable[[str], None], quick: bool = False) -> list[Figure]:
    import httpx2
    import openai

    pkg, case = package()
    client = openai.OpenAI(api_key="sk-bench", base_url="http://127.0.0.1:9/v1")
    request = httpx2.Request("GET", "http://127.0.0.1:9/v1/models")
    pool: list[Any] = []

    def refill() -> None:
        pool[:] = [
            httpx2.Response(case.status, headers=case.headers, content=case.body, request=request)
            for _ in range(NUMBER)
        ]
        pool.reverse()

    def ours_once() -> None:
        response = pool.pop()
        try:
            raise pkg.from_response(response.status_code, response.headers, response.content)
        except pkg.APIError:
            pass

    plain_headers = dict(case.headers)

    def ours_dict_once() -> None:  # a diagnostic for the notes: the same call with headers as a dict
        response = pool.pop()
        try:
            raise pkg.from_response(response.status_code, plain_headers, response.content)
        except pkg.APIError:
            pass

    def theirs_once() -> None:
        try:
            raise client._make_status_error_from_response(pool.pop())
        except openai.APIStatusError:
            pass

    refill()
    made = pkg.from_response(case.status, case.headers, case.body)
    assert made.status == case.status and made.retryable, made
    theirs = client._make_status_error_from_response(pool[-1])
    assert isinstance(theirs, openai.RateLimitError) and isinstance(theirs.body, dict), theirs  # the body was parsed
    log(
        f"from-response: {case.slug} ({case.name!r}), openai {openai.__version__}; {NUMBER} calls a sample, {rounds} rounds"
    )
    samples = interleave(
        {
            "ours": lambda: per_call(ours_once, NUMBER, before=refill),
            "openai": lambda: per_call(theirs_once, NUMBER, before=refill),
            "ours, headers as a dict": lambda: per_call(ours_dict_once, NUMBER, before=refill),
        },
        rounds,
        palindrome=True,
        progress=log,
    )
    diagnostic = median_of_ratios(samples["openai"], samples["ours, headers as a dict"])
    return [
        Figure(
            name="from-response",
            what=f"from_response + raise + catch ({case.slug}, 429)",
            ours=fmt_seconds(statistics.median(samples["ours"])),
            alternative=f"openai _make_status_error_from_response: {fmt_seconds(statistics.median(samples['openai']))}",
            kind="speedup",
            value=median_of_ratios(samples["openai"], samples["ours"]),
            target=Target(">=", 3.0),
            notes=[
                f"openai {openai.__version__}, httpx2 {httpx2.__version__}; the same 429 on both sides: {case.name!r}",
                "diagnostic, not the figure: ours given the headers as a dict instead of the response's httpx2.Headers: "
                f"{fmt_seconds(statistics.median(samples['ours, headers as a dict']))}, "
                f"{diagnostic.median:.2f}x faster than openai",
            ],
            samples=samples,
        )
    ]
