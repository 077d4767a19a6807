# Body models of konpro's error responses, generated from specs/konpro.yaml
# by the error-contract generator with datamodel-code-generator; do not edit.

from __future__ import annotations

from typing import Any, TypedDict


class ErrorEnvelope(TypedDict):
    error: ErrorEnvelopeError
    request_id: str


class _ErrorEnvelopeErrorRequired(TypedDict):
    code: str
    message: str


class ErrorEnvelopeError(_ErrorEnvelopeErrorRequired, total=False):
    details: dict[str, Any]


class FastApiValidationBody(TypedDict):
    detail: list[ValidationProblem]


class ValidationProblem(TypedDict):
    loc: list[str | int]
    msg: str
    type: str
