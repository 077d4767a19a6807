# Body models of mkio's error responses, generated from specs/mkio.yaml
# by the error-contract generator with datamodel-code-generator; do not edit.

from __future__ import annotations

from typing import Any, TypedDict


class ErrorBody(TypedDict):
    error: ErrorBodyError
    status: int
    ref: str


class _ErrorBodyErrorRequired(TypedDict):
    code: str
    detail: str


class ErrorBodyError(_ErrorBodyErrorRequired, total=False):
    extraDetail: dict[str, Any]
