"""One retry decision: the package's ``DEFAULT_POLICY.decide`` vs urllib3's ``Retry``.

Same inputs on both sides: the runtime figures' documented 429 with its Retry-After
header (``_project.runtime_input``), a GET, the first failure. urllib3's side is what
its pool manager does for such a response: ``Retry.increment`` (which records the
history and returns the next ``Retry``), then ``get_retry_after`` (its parsing of the
header) and ``get_backoff_time``. Ours is ``DEFAULT_POLICY.decide(error, attempt=1,
method="GET")`` on the error ``from_response`` made (made once, untimed), which parses
the wait headers every time. The two alternate within each round (ABBA); the figure
is how many times faster ours is.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Collection

from _runtime import package
from _timing import Figure, Target, fmt_seconds, interleave, median_of_ratios, per_call

FIGURES = ("retry-decision",)
NUMBER = 5000  # calls per sample


def run(selected: Collection[str], rounds: int, log: Callable[[str], None], quick: bool = False) -> list[Figure]:
    import urllib3
    from urllib3.response import HTTPResponse
    from urllib3.util.retry import Retry

    pkg, case = package()
    error = pkg.from_response(case.status, case.headers, case.body)
    policy = pkg.DEFAULT_POLICY
    decision = policy.decide(error, attempt=1, method="GET")
    assert decision.retry and decision.delay > 0, decision

    response = HTTPResponse(body=case.body, headers=dict(case.headers), status=case.status, preload_content=True)
    retries = max(1, int(getattr(policy, "max_attempts", 4)) - 1)  # as many retries as ours allows
    retry = Retry(total=retries, status_forcelist=[case.status], backoff_factor=0.5, respect_retry_after_header=True)
    assert retry.increment(method="GET", url="/", response=response).get_retry_after(response) is not None

    def ours() -> object:
        return policy.decide(error, attempt=1, method="GET")

    def theirs() -> object:
        following = retry.increment(method="GET", url="/", response=response)
        return following.get_retry_after(response), following.get_backoff_time()

    log(
        f"retry-decision: {case.slug} ({case.name!r}), urllib3 {urllib3.__version__}; {NUMBER} calls a sample, {rounds} rounds"
    )
    samples = interleave(
        {"ours": lambda: per_call(ours, NUMBER), "urllib3": lambda: per_call(theirs, NUMBER)},
        rounds,
        palindrome=True,
        progress=log,
    )
    return [
        Figure(
            name="retry-decision",
            what=f"one retry decision ({case.slug}, 429 + Retry-After)",
            ours=fmt_seconds(statistics.median(samples["ours"])),
            alternative=f"urllib3 increment + get_retry_after + get_backoff_time: {fmt_seconds(statistics.median(samples['urllib3']))}",
            kind="speedup",
            value=median_of_ratios(samples["urllib3"], samples["ours"]),
            target=Target(">=", 6.0),
            notes=[f"urllib3 {urllib3.__version__}; decision: {decision.reason}"],
            samples=samples,
        )
    ]
