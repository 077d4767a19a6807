# Body models of mkio's error responses, generated from specs/mkio.yaml
# by the error-contract generator with datamodel-code-generator; do not edit.

from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class Error(TypedDict):
    code: str
    detail: str
    extraDetail: NotRequired[dict[str, Any]]


class ErrorBody(TypedDict):
    error: Error
    status: int
    ref: str
