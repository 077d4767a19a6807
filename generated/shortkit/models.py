# Body models of shortkit's error responses, generated from specs/shortkit.yaml
# by the error-contract generator with datamodel-code-generator; do not edit.

from __future__ import annotations

from typing import NotRequired, TypedDict


class ErrorEnvelope(TypedDict):
    error: ErrorEnvelopeError
    meta: NotRequired[ErrorEnvelopeMeta]


class ErrorEnvelopeError(TypedDict):
    code: str
    message: str
    details: NotRequired[ErrorEnvelopeErrorDetails]


class ErrorEnvelopeErrorDetails(TypedDict):
    errors: NotRequired[list[ValidationProblem]]


class ErrorEnvelopeMeta(TypedDict):
    requestId: str


class ErrorItem(TypedDict):
    code: str
    message: str


class ErrorListEnvelope(TypedDict):
    data: NotRequired[None]
    meta: NotRequired[ErrorListEnvelopeMeta]
    errors: list[ErrorItem]


class ErrorListEnvelopeMeta(TypedDict):
    request_id: NotRequired[str]


class ValidationProblem(TypedDict):
    field: str
    reason: NotRequired[str]
    message: str
