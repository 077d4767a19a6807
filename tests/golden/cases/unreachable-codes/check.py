"""The upper-casing shape finds NOT_FOUND from not_found; not_found_lower can never be found."""

import json

import spec


def body(code: str) -> bytes:
    return json.dumps({"code": code, "message": "gone"}).encode()


error = spec.from_response(404, {}, body("not_found"))
assert type(error) is spec.ResourceNotFoundError and error.code == "not_found", type(error)
assert type(spec.from_response(404, {}, body("not_found_lower"))) is spec.NotFoundError  # the warning was right
print("  code-case: upper maps not_found to NOT_FOUND; not_found_lower falls back to the status class")
