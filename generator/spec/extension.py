"""The ``x-error-contract`` extension's JSON Schema: its structure, and its defaults.

The schema file is the one statement of what the extension may hold and of the value
an omitted key takes: validation checks a spec against it, and ``build`` reads the
defaults from it, so the two cannot disagree.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_FILE = Path(__file__).with_name("x-error-contract.schema.json")


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


@cache
def validator() -> Any:
    """A Draft 2020-12 validator of the extension (jsonschema is imported only here)."""
    import jsonschema

    return jsonschema.Draft202012Validator(schema())


def default(definition: str, *keys: str) -> Any:
    """The schema's ``default`` for an omitted key: ``default("retry", "backoff", "jitter")`` -> ``"full"``.

    ``definition`` names one of the schema's ``$defs`` (``shape``, ``retry``, ...);
    ``keys`` are property names inside it. A KeyError means the schema has no default
    there, a generator bug that the tests catch.
    """
    node = schema()["$defs"][definition]
    for key in keys:
        node = node["properties"][key]
    return node["default"]
