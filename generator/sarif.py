"""SARIF 2.1.0 logs: ``diff --format sarif`` (``diff/sarif.py``) and ``validate``/``check --format sarif``.

One run: ``tool.driver`` names the generator and its version and lists its rules, each
with its default level (there is no ``informationUri``: the project has no public page).
Each result names its rule, level and message, and one physical location: the spec file
as a URI reference relative to the top of the git work tree holding the working
directory (else to the working directory), posix, percent-encoded, and a 1-based line
and column counted in Unicode code points (``columnKind``), as the loaders count them.
Messages are escaped as in the text form (``display.printable``): a SARIF viewer shows
them to a reviewer, where a bidi control could reorder what is read. Pure apart from
``artifact_root``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from . import __version__
from .config import DEFAULT_COMMAND
from .display import printable
from .report import stale_message
from .spec.diagnostics import Diagnostic

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
VERSION = "2.1.0"
TOOL = "error-contract-generator"
Json = dict[str, object]


def artifact_root(cwd: Path) -> Path:
    """The directory artifact paths are relative to: the top of the git work tree holding
    ``cwd`` (a code-scanning upload resolves them against the checkout), else ``cwd``."""
    for directory in (cwd, *cwd.parents):
        try:
            if (directory / ".git").exists():
                return directory
        except OSError:
            continue
    return cwd


def artifact_uri(path: Path, root: Path) -> str:
    """``path`` relative to ``root``, posix, as a URI reference (a file name that is not
    UTF-8 keeps its bytes, percent-encoded). Absolute only when no relative path exists (another drive)."""
    try:
        relative = Path(os.path.relpath(path, root)).as_posix()
    except ValueError:
        return path.absolute().as_uri()
    return quote(relative, safe="/", errors="surrogateescape")


def rule(rule_id: str, level: str, short: str, full: str, properties: Json | None = None) -> Json:
    """A ``reportingDescriptor``; ``level`` is a SARIF level (error, warning, note)."""
    descriptor: Json = {
        "id": rule_id,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": level},
    }
    if properties:
        descriptor["properties"] = properties
    return descriptor


def result(
    rule_id: str,
    rule_index: int,
    level: str,
    text: str,
    uri: str,
    line: int,
    column: int,
    properties: Json | None = None,
) -> Json:
    """A ``result`` at ``uri``, ``line``, ``column`` (both 1-based; lower values are raised to 1)."""
    found: Json = {
        "ruleId": rule_id,
        "ruleIndex": rule_index,
        "level": level,
        "message": {"text": printable(text)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": max(line, 1), "startColumn": max(column, 1)},
                }
            }
        ],
    }
    if properties:
        found["properties"] = properties
    return found


def log(rules: Sequence[Json], results: Sequence[Json]) -> str:
    """The SARIF log (and a newline): one run of the generator."""
    document = {
        "$schema": SCHEMA,
        "version": VERSION,
        "runs": [
            {
                "tool": {"driver": {"name": TOOL, "version": __version__, "rules": list(rules)}},
                "columnKind": "unicodeCodePoints",
                "results": list(results),
            }
        ],
    }
    return json.dumps(document, indent=2) + "\n"


# --- validate and check -------------------------------------------------------------------------------

DIAGNOSTIC_RULES = (
    rule(
        "spec-error",
        "error",
        "a problem in a spec that stops generation",
        "The spec cannot be turned into a package as it is: nothing is generated until it is fixed.",
    ),
    rule(
        "spec-warning",
        "warning",
        "a problem in a spec that does not stop generation",
        "The package is generated, but probably not as meant (a code no shape can match, a delay for a status "
        "that is not retried, ...); --strict makes it an error.",
    ),
    rule(
        "stale-output",
        "error",
        "a generated file does not match the specs",
        "The output directory was edited by hand or not regenerated after a spec or the generator changed: "
        "regenerate it and commit the result.",
    ),
)
_INDEX = {str(descriptor["id"]): index for index, descriptor in enumerate(DIAGNOSTIC_RULES)}


def as_sarif(
    diagnostics: Sequence[Diagnostic],
    stale: Sequence[tuple[str, str]] | None = None,
    cwd: Path | None = None,
    command: str = DEFAULT_COMMAND,
) -> str:
    """The diagnostics (``spec-error``, ``spec-warning``) and, for ``check``, each stale file
    (``stale-output``, at its line 1) as a SARIF log. Paths as shown are relative to ``cwd``;
    ``command`` is the configured generate-command the stale files' messages name."""
    here = cwd or Path.cwd()
    root = artifact_root(here)
    results = []
    for d in diagnostics:
        rule_id = "spec-warning" if d.level == "warning" else "spec-error"
        text = d.message + (f" (hint: {d.hint})" if d.hint else "")
        properties: Json = {"pointer": d.pointer} if d.pointer else {}
        uri = artifact_uri(here / d.file, root)
        results.append(
            result(
                rule_id,
                _INDEX[rule_id],
                d.level if d.level == "warning" else "error",
                text,
                uri,
                d.line,
                d.column,
                properties,
            )
        )
    for path, state in stale or ():
        text = stale_message(path, state, command)
        results.append(
            result(
                "stale-output",
                _INDEX["stale-output"],
                "error",
                text,
                artifact_uri(here / path, root),
                1,
                1,
                {"state": state},
            )
        )
    return log(DIAGNOSTIC_RULES, results)
