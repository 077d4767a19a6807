"""Recursive body models resolve, and a body nesting as deep as a server likes still maps."""

import typing

import nested_errors
from nested_errors import models

hints = typing.get_type_hints(models.ErrorDetail)
assert hints["details"] == list[models.ErrorDetail], hints["details"]
assert typing.get_type_hints(models.InnerError)["innererror"] is models.InnerError



def body(depth: int) -> bytes:
    """An error whose innererror chain is ``depth`` deep, built as text (json.dumps could not)."""
    inner = '{"code": "inner", "innererror": ' * depth + '{"code": "deepest"}' + "}" * depth
    details = '[{"code": "x", "message": "y"}]'
    return f'{{"error": {{"code": "InvalidInput", "message": "bad", "details": {details}, "innererror": {inner}}}}}'.encode()


error = nested_errors.from_response(400, {}, body(20))
assert type(error).__name__ == "InvalidInputError" and error.message == "bad", error
assert error.details == [{"code": "x", "message": "y"}]
deep = nested_errors.from_response(400, {}, body(10_000))  # deeper than the runtime parses: mapped by status
assert type(deep) is nested_errors.BadRequestError and deep.content == body(10_000), deep
print("  recursive models resolve; a nested body maps to its code's class, a 10,000-level one by status")
