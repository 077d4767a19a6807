# Body models of mediamagic's error responses, generated from specs/mediamagic.yaml
# by the error-contract generator with datamodel-code-generator; do not edit.

from __future__ import annotations

from typing import NotRequired, TypedDict


class DomainErrorBody(TypedDict):
    detail: str
    docs_url: NotRequired[str]


class FastApiValidationBody(TypedDict):
    detail: list[ValidationProblem]


class FieldProblem(TypedDict):
    field: str
    message: str


class FieldsValidationBody(TypedDict):
    detail: NotRequired[str]
    message: NotRequired[str]
    fields: list[FieldProblem]


class PlanGatingBody(TypedDict):
    error_code: str
    message: str
    bucket: NotRequired[str]


class RateLimitBody(TypedDict):
    error: str


class ValidationProblem(TypedDict):
    loc: list[str | int]
    msg: str
    type: str
