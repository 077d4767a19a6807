"""The one place that turns spec strings into Python identifiers, and judges them.

Every name in generated code that comes from a spec is made here (``class_name_for_code``,
``model_class_name``, ``nested_model_name``) and checked here (``class_name_problem``,
``module_name_problem``). A name that would be a keyword, a soft keyword, a builtin, a
name the generated module already binds, private, or not ASCII is a problem to report,
never something to fix silently; so is a collision, which the callers report with both
locations. Nothing here appends a number to make a name unique.
"""

from __future__ import annotations

import builtins
import keyword
import re
import sys
import unicodedata
from typing import Literal

from .exports import FIXED

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))

# Module-level names of the generated errors.py and __init__.py besides the vendor's own
# classes (the public ones from exports.FIXED) (tests/generator/test_naming.py checks this against the rendered templates). Only those
# starting with an upper-case letter matter: other names are refused anyway.
PACKAGE_NAMES = frozenset(
    {
        "APIConnectionError",
        "APIError",
        "APITimeoutError",
        "Any",
        "ClientError",
        "Mapping",
        "ServerError",
        "TYPE_CHECKING",
    }
    | {name for name, _ in FIXED if name[0].isupper()}
)
# Names that datamodel-code-generator may import into models.py (emit/bodies.py refuses any other).
MODELS_IMPORTS = frozenset({"Any", "Literal", "NotRequired", "Optional", "Required", "TypeAlias", "TypedDict", "Union"})

# Top-level modules an SDK is likely to import besides the standard library's: a vendored
# package of that name would shadow it (``import requests`` would import the package).
COMMON_MODULES = frozenset(
    {
        "aiohttp",
        "anyio",
        "attr",
        "attrs",
        "boto3",
        "botocore",
        "certifi",
        "charset_normalizer",
        "click",
        "generator",  # this tool's own package
        "google",
        "grpc",
        "h11",
        "httpcore",
        "httpx",
        "idna",
        "jsonschema",
        "mypy",
        "numpy",
        "pip",
        "pkg_resources",
        "pydantic",
        "pytest",
        "requests",
        "setuptools",
        "six",
        "tests",
        "typing_extensions",
        "urllib3",
        "yaml",
    }
)
# sys.stdlib_module_names differs between Python versions; modules removed since 3.11
# stay refused, so a spec valid on one Python is valid on all.
STDLIB_MODULES = frozenset(sys.stdlib_module_names) | frozenset(
    {
        # removed in 3.12
        *("asynchat", "asyncore", "distutils", "imp", "smtpd"),
        # removed in 3.13 (PEP 594)
        *("aifc", "audioop", "cgi", "cgitb", "chunk", "crypt", "imghdr", "lib2to3", "mailcap", "msilib", "nis"),
        *("nntplib", "ossaudiodev", "pipes", "sndhdr", "spwd", "sunau", "telnetlib", "uu", "xdrlib"),
    }
)

Module = Literal["errors", "models"]


def pascal_words(text: str) -> list[str]:
    """ASCII words of ``text``: ``rate-limit.exceeded`` -> ``["Rate", "Limit", "Exceeded"]``.

    Accents are folded first (``café`` -> ``Cafe``); other characters with no ASCII form
    separate words, like spaces.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch if ch.isascii() else "" if unicodedata.combining(ch) else " " for ch in decomposed)
    return [word[:1].upper() + word[1:].lower() for word in _WORD.findall(ascii_text)]


def class_name_for_code(code: str, explicit: str | None = None) -> str:
    """The exception class name of a documented error code.

    ``explicit`` (the spec's ``class:``) wins. Otherwise ``QUOTA_EXCEEDED`` ->
    ``QuotaExceededError``, ``INTERNAL_ERROR`` -> ``InternalError``, ``0day`` ->
    ``Code0DayError``. Returns "" when the code has no ASCII letters or digits; the caller
    reports that and asks for an explicit class name.
    """
    if explicit:
        return explicit
    words = pascal_words(code)
    if not words:
        return ""
    if words[-1] != "Error":
        words.append("Error")
    return _leading_letter("".join(words), "Code")


def model_class_name(schema_name: str) -> str:
    """The body model class of ``components/schemas/<schema_name>``.

    A name that already is a class name stays as written (``ErrorEnvelope``,
    ``XMLErrors``); any other becomes PascalCase words (``rate-limit.exceeded`` ->
    ``RateLimitExceeded``, ``0day`` -> ``Model0Day``). "" when nothing is left.
    """
    if _IDENTIFIER.match(schema_name) and schema_name[0].isupper():
        return schema_name
    return _leading_letter("".join(pascal_words(schema_name)), "Model")


def nested_model_name(parent: str, part: str, suffix: str = "") -> str:
    """The class of an inline object schema: its parent's class, the property, a suffix.

    ``("ErrorEnvelope", "meta")`` -> ``ErrorEnvelopeMeta``; ``("Body", "errors", "Item")``
    -> ``BodyErrorsItem``. ``part`` may be a position (``Option2``) when it has no words.
    """
    return parent + "".join(pascal_words(part)) + suffix


def _leading_letter(name: str, prefix: str) -> str:
    return prefix + name if name[:1].isdigit() else name


def class_name_problem(name: object, module: Module = "errors") -> str:
    """Why ``name`` cannot be a class of the generated ``module``, or "" when it can."""
    if not isinstance(name, str) or not _IDENTIFIER.match(name):
        return f"{name!r} is not an ASCII Python identifier"
    if name in _RESERVED:
        return f"{name!r} is a Python keyword or builtin name"
    if name.startswith("_"):
        return f"{name!r} starts with an underscore, which marks private names"
    if not name[0].isupper():
        return f"{name!r} does not start with an upper-case letter"
    taken = PACKAGE_NAMES if module == "errors" else MODELS_IMPORTS
    if name in taken:
        return f"{name!r} is already a name of the generated {module}.py"
    return ""


def module_name_problem(slug: str) -> str:
    """Why ``slug`` cannot name a generated package, or "" when it can."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", slug):
        return f"{slug!r} is not a lower-case Python package name"
    if slug in _RESERVED:
        return f"{slug!r} is a Python keyword or builtin name"
    if slug in STDLIB_MODULES:
        return f"{slug!r} would shadow the standard-library module {slug} wherever the package is vendored"
    if slug in COMMON_MODULES:
        return f"{slug!r} would shadow the widely used module {slug} wherever the package is vendored"
    return ""
