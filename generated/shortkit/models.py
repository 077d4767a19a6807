# Body models of shortkit's error responses, generated from specs/shortkit.yaml
# by the error-contract generator with datamodel-code-generator; do not edit.

from __future__ import annotations

from typing import TypedDict


class _ErrorEnvelopeRequired(TypedDict):
    error: ErrorEnvelopeError


class ErrorEnvelope(_ErrorEnvelopeRequired, total=False):
    meta: ErrorEnvelopeMeta


class _ErrorEnvelopeErrorRequired(TypedDict):
    code: str
    message: str


class ErrorEnvelopeError(_ErrorEnvelopeErrorRequired, total=False):
    details: ErrorEnvelopeErrorDetails


class ErrorEnvelopeErrorDetails(TypedDict, total=False):
    errors: list[ValidationProblem]


class ErrorEnvelopeMeta(TypedDict):
    requestId: str


class ErrorItem(TypedDict):
    code: str
    message: str


class _ErrorListEnvelopeRequired(TypedDict):
    errors: list[ErrorItem]


class ErrorListEnvelope(_ErrorListEnvelopeRequired, total=False):
    data: None
    meta: ErrorListEnvelopeMeta


class ErrorListEnvelopeMeta(TypedDict, total=False):
    request_id: str


class _ValidationProblemRequired(TypedDict):
    field: str
    message: str


class ValidationProblem(_ValidationProblemRequired, total=False):
    reason: str
