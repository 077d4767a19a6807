"""The retry language, as the generated package of ratelimited.yaml behaves."""

from pathlib import Path

import ratelimited

DATE = "Tue, 14 Nov 2023 22:13:20 GMT"  # 1_700_000_000
policy = ratelimited.DEFAULT_POLICY


def error(status, headers=None, body=b""):
    return ratelimited.from_response(status, headers or {}, body)


# ranges: any 5xx
assert all(error(s).retryable for s in (500, 501, 505, 599)) and not error(400).retryable
# a conditional reset: a permissions 403 with quota left has no retry_after
quota_left = error(403, {"X-RateLimit-Reset": "1700000050", "X-RateLimit-Remaining": "12", "Date": DATE})
assert quota_left.retry_after is None and not quota_left.retryable
limited = error(429, {"X-RateLimit-Reset": "1700000050", "X-RateLimit-Remaining": "0", "Date": DATE})
assert limited.retry_after == 50.0 and policy.decide(limited, attempt=1).delay == 50.0
# the directive: "false" stops a retried status, "true" retries a 403, never past the gate
assert not policy.decide(error(503, {"X-Should-Retry": "false"}), attempt=1).retry
assert policy.decide(error(403, {"X-Should-Retry": "TRUE"}), attempt=1).retry
assert not policy.decide(error(403, {"X-Should-Retry": "true"}), attempt=1, method="POST").retry
# refused code: a POST is resent after LOCKED, with the ConflictError override's backoff
locked = error(409, {}, b'{"code": "LOCKED", "message": "busy"}')
decision = policy.decide(locked, attempt=3, method="POST")
assert decision.retry and decision.delay == 1.0, decision  # 0.25 * 2**2, capped at 1
# a per-status override and the minimum
assert policy.decide(error(503), attempt=2).delay == 10.0
assert policy.replace(backoff_initial=0.1).decide(error(500), attempt=1).delay == 0.5
# a generated key, only when opted in
headers = {}
assert policy.add_idempotency_key("POST", headers) is None and headers == {}
assert policy.replace(generate_idempotency_key=True).add_idempotency_key("POST", headers) == headers["Idempotency-Key"]
print("  ranges, the directive, a conditional reset, refused codes, overrides and the minimum behave as written")

# ERRORS.md shows every rule (the page is the reviewer's record of them)
page = (Path(ratelimited.__file__).parent / "ERRORS.md").read_text()
section = page[page.index("## Retry policy") : page.index("## Body shapes")].strip()
print("\n".join("  " + line for line in section.splitlines()))
for row in page.splitlines():
    if row.startswith("| 403 ") or row.startswith("| 409 "):
        print("  " + row)
