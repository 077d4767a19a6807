"""The one place that turns spec strings into Python identifiers."""

from __future__ import annotations

import builtins
import keyword
import re

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))


def pascal_words(text: str) -> list[str]:
    """ASCII words of ``text``: ``rate-limit.exceeded`` -> ``["Rate", "Limit", "Exceeded"]``."""
    return [word[:1].upper() + word[1:].lower() for word in _WORD.findall(text)]


def class_name_for_code(code: str) -> str:
    """The default exception class name of a documented error code.

    ``QUOTA_EXCEEDED`` -> ``QuotaExceededError``, ``INTERNAL_ERROR`` -> ``InternalError``,
    ``0day`` -> ``Code0DayError``. Returns "" when the code has no ASCII letters or digits;
    the caller reports that and asks for an explicit class name.
    """
    words = pascal_words(code)
    if not words:
        return ""
    if words[-1] != "Error":
        words.append("Error")
    name = "".join(words)
    if name[0].isdigit():
        name = "Code" + name
    return name


def class_name_problem(name: str) -> str:
    """Why ``name`` cannot be a generated class name, or "" when it can."""
    if not isinstance(name, str) or not _IDENTIFIER.match(name):
        return f"{name!r} is not an ASCII Python identifier"
    if name in _RESERVED:
        return f"{name!r} is a Python keyword or builtin name"
    if name.startswith("_"):
        return f"{name!r} starts with an underscore, which marks private names"
    if not name[0].isupper():
        return f"{name!r} does not start with an upper-case letter"
    return ""


def module_name_problem(slug: str) -> str:
    """Why ``slug`` cannot name a generated package, or "" when it can."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", slug):
        return f"{slug!r} is not a lower-case Python package name"
    if slug in _RESERVED:
        return f"{slug!r} is a Python keyword or builtin name"
    return ""
