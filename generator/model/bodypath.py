"""Dotted body paths of the spec extension: ``errors.0.code``, ``$`` for the whole body."""

from __future__ import annotations

from . import BodyPath


def path_problem(text: str) -> str:
    """Why ``text`` is not a body path, or ""."""
    if text == "$":
        return ""
    if any(segment == "" for segment in text.split(".")):
        return f"{text!r} has an empty segment"
    return ""


def parse_path(text: str) -> BodyPath:
    """``"errors.0.code"`` -> ``("errors", 0, "code")``; ``"$"`` -> ``()``."""
    if text == "$":
        return ()
    return tuple(int(s) if s.isascii() and s.isdigit() else s for s in text.split("."))
