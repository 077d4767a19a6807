# Body models of mediagenix's error responses, generated from specs/mediagenix.yaml
# by the error-contract generator with datamodel-code-generator; do not edit.

from __future__ import annotations

from typing import TypedDict


class ErrorDocument(TypedDict):
    message: str


class ErrorsDocument(TypedDict):
    error: list[str]
