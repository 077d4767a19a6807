"""The hostile package behaves as its spec says."""

import json

import hostile as pkg

PAYLOAD = "\"\"\"; open('pwned', 'w'); \"\"\""


def body(code: str, message: str = "m") -> bytes:
    return json.dumps({"code": code, "message": message}).encode()


# every code, however spelled, maps to its own class
for code, name in [("class", "ClassError"), ("__init__", "InitError"), ("0day", "Code0DayError"),
                   ("rate-limit.exceeded", "RateLimitExceededError"), (PAYLOAD, "OpenPwnedWError"),
                   ("line\u2028break\r\0", "LineBreakError"), (" padded ", "PaddedError")]:
    error = pkg.from_response(429 if code == "rate-limit.exceeded" else 400, {}, body(code))
    assert type(error).__name__ == name and error.code == code, (code, type(error))
    assert pkg.ERRORS_BY_CODE[code].__name__ == name

# docstrings are the spec's text, exactly
assert pkg.OpenPwnedWError.__doc__ == PAYLOAD
assert pkg.LineBreakError.__doc__ == 'ends with a quote"'
assert pkg.PaddedError.__doc__ == "padded"  # descriptions are folded to one line
assert pkg.BadRequestError.__doc__ == "Bad " + PAYLOAD + " request\\"
assert pkg.EvilError.__doc__ == "Base class of every error raised for Evil \"\"\" Co\\ \r\u2028\0 {{ x }} #."

# message rules match the literal text
assert type(pkg.from_response(400, {}, body("UNKNOWN", PAYLOAD + " and more"))) is pkg.ClassError
assert type(pkg.from_response(400, {}, body("UNKNOWN", "ends in \u2028\\ {{ x }}"))) is pkg.Code0DayError

# retry rules keep the hostile code as data
assert pkg.DEFAULT_POLICY.retry_codes == frozenset({PAYLOAD})
assert pkg.DEFAULT_POLICY.decide(pkg.from_response(400, {}, body(PAYLOAD)), attempt=1).retry
assert not pkg.DEFAULT_POLICY.decide(pkg.from_response(400, {}, body("class")), attempt=1).retry
print("  hostile codes, docstrings, message rules and retry rules behave as specified")
