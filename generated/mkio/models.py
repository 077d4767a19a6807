# Body models of mkio's error responses, generated from specs/mkio.yaml
# by the error-contract generator with datamodel-code-generator; do not edit.

from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class ErrorBody(TypedDict):
    error: ErrorBodyError
    status: int
    ref: str


class ErrorBodyError(TypedDict):
    code: str
    detail: str
    extraDetail: NotRequired[dict[str, Any]]
