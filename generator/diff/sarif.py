"""The diff report as a SARIF 2.1.0 log (``diff --format sarif``), for code scanning.

Every rule of ``rules.RULES`` is a SARIF rule with its default level: breaking -> error,
warning -> warning, info -> note (the diff's own level is kept in the rule's and each
result's ``properties``). Each change is a result at the spec line it is about: in the
HEAD version, or in the BASE version for what was removed (``Location.side``). A spec at
a git revision is placed where that file stands in the work tree, so a code-scanning
upload of a pull request shows a removal at its line in the base branch's version of
the file; ``properties.side`` and ``properties.spec`` (``REV:path``) say which version it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..display import printable
from ..sarif import Json, artifact_uri, log, result, rule
from .rules import RULES, Change

SARIF_LEVELS = {"breaking": "error", "warning": "warning", "info": "note"}

_RULES = [
    rule(
        rule_id,
        SARIF_LEVELS[r.level],
        r.what,
        f"{r.what} ({r.level}: {r.why})",
        {"diffLevel": r.level, "tags": ["error-surface", r.level]},
    )
    for rule_id, r in RULES.items()
]
_INDEX = {rule_id: index for index, rule_id in enumerate(RULES)}


def sarif_report(changes: list[Change], files: Mapping[str, Path], root: Path) -> str:
    """``changes`` as a SARIF log. ``files`` maps each spec as shown (``Location.file``) to
    where it stands in the file system (``sides.Side.files``); URIs are relative to ``root``."""
    results = []
    for c in changes:
        where = c.location
        path = files.get(where.file, Path(where.file))
        properties: Json = {
            "vendor": c.vendor,
            "diffLevel": c.level,
            "side": where.side,
            "spec": where.file,
            "pointer": where.pointer,
        }
        text = f"{printable(c.vendor)}: {c.message()}"
        results.append(
            result(
                c.rule_id,
                _INDEX[c.rule_id],
                SARIF_LEVELS[c.level],
                text,
                artifact_uri(root / path, root),
                where.line,
                where.column,
                properties,
            )
        )
    return log(_RULES, results)
