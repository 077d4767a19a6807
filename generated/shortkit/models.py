# Body models of shortkit's error responses, generated from specs/shortkit.yaml
# by the error-contract generator with datamodel-code-generator; do not edit.

from __future__ import annotations

from typing import NotRequired, TypedDict


class Details(TypedDict):
    errors: NotRequired[list[ValidationProblem]]


class Error(TypedDict):
    code: str
    message: str
    details: NotRequired[Details]


class ErrorEnvelope(TypedDict):
    error: Error
    meta: NotRequired[Meta]


class ErrorItem(TypedDict):
    code: str
    message: str


class ErrorListEnvelope(TypedDict):
    data: NotRequired[None]
    meta: NotRequired[Meta1]
    errors: list[ErrorItem]


class Meta(TypedDict):
    requestId: str


class Meta1(TypedDict):
    request_id: NotRequired[str]


class ValidationProblem(TypedDict):
    field: str
    reason: NotRequired[str]
    message: str
