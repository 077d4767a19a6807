"""The error every emitter raises for a package it cannot make safely (re-exported by
``render``): light, so that the body-models helper process imports no Jinja."""

from __future__ import annotations


class RenderError(Exception):
    """Generated source would not be safe: a value no filter made safe, or unchecked models.

    ``pointer`` says which part of the spec it came from, ``hint`` what to change.
    """

    def __init__(
        self, message: str, pointer: str = "", hint: str = "this is a generator bug: please report it"
    ) -> None:
        super().__init__(message)
        self.pointer = pointer
        self.hint = hint
