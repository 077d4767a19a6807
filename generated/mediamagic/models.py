# Body models of mediamagic's error responses, generated from specs/mediamagic.yaml
# by the error-contract generator with datamodel-code-generator; do not edit.

from __future__ import annotations

from typing import TypedDict


class _DomainErrorBodyRequired(TypedDict):
    detail: str


class DomainErrorBody(_DomainErrorBodyRequired, total=False):
    docs_url: str


class FastApiValidationBody(TypedDict):
    detail: list[ValidationProblem]


class FieldProblem(TypedDict):
    field: str
    message: str


class _FieldsValidationBodyRequired(TypedDict):
    fields: list[FieldProblem]


class FieldsValidationBody(_FieldsValidationBodyRequired, total=False):
    detail: str
    message: str


class _PlanGatingBodyRequired(TypedDict):
    error_code: str
    message: str


class PlanGatingBody(_PlanGatingBodyRequired, total=False):
    bucket: str


class RateLimitBody(TypedDict):
    error: str


class ValidationProblem(TypedDict):
    loc: list[str | int]
    msg: str
    type: str
