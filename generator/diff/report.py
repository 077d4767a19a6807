"""The diff report in three formats, from a list of ``Change`` records. Pure functions.

- ``text``: one line per change, ``file:line:col: level: message [rule-id]``, then a summary
- ``markdown``: for a pull-request comment; one section per vendor, breaking changes first
- ``json``: ``{"base", "head", "summary", "changes": [{rule_id, level, vendor, location, message}]}``
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby

from ..display import printable
from ..emit import markdown
from .rules import LEVELS, Change, counts

Formatter = Callable[[list[Change], str, str], str]


def _summary(changes: list[Change], strong: Callable[[str], str] = str) -> str:
    tally = counts(changes)
    parts = [f"{tally[level]} {level}" for level in LEVELS if tally[level]]
    if parts and parts[0].endswith("breaking"):
        parts[0] = strong(parts[0])
    return ", ".join(parts)


def _noun(changes: list[Change]) -> str:
    return f"{len(changes)} change{'s' if len(changes) != 1 else ''}"


def text_report(changes: list[Change], base: str, head: str, level: Callable[[str], str] = str) -> str:
    """One line per change; file names and side names escaped (``display.printable``).
    ``level`` decorates each level word alone (``terminal`` colours it on a terminal)."""
    base, head = printable(base), printable(head)
    if not changes:
        return f"no changes to the error surface from {base} to {head}\n"
    lines = [
        f"{printable(c.location.file)}:{c.location.line}:{c.location.column}: {level(c.level)}: {printable(c.vendor)}: "
        f"{c.message()} [{c.rule_id}]"
        for c in changes
    ]
    tally = counts(changes)
    summary = ", ".join(f"{tally[name]} {level(name)}" for name in LEVELS if tally[name])
    lines.append(f"{_noun(changes)} to the error surface from {base} to {head} ({summary})")
    return "\n".join(lines) + "\n"


def markdown_report(changes: list[Change], base: str, head: str) -> str:
    title = "### Error-surface changes"
    span = f"from {markdown.code(base)} to {markdown.code(head)}"
    if not changes:
        return f"{title}\n\nNo changes to the error surface {span}.\n"
    out = [title, "", f"{_noun(changes)} {span}: {_summary(changes, lambda s: f'**{s}**')}."]
    for vendor, group in groupby(changes, key=lambda c: c.vendor):
        items = list(group)
        out += ["", f"#### {markdown.text(vendor)}: {_summary(items)}", ""]
        out += ["| level | change | rule | where |", "|---|---|---|---|"]
        for c in items:
            level = f"**{c.level}**" if c.level == "breaking" else c.level
            where = markdown.code(f"{c.location.file}:{c.location.line}")
            out.append(f"| {level} | {c.message(markdown.code)} | {markdown.code(c.rule_id)} | {where} |")
    return "\n".join(out) + "\n"


def json_report(changes: list[Change], base: str, head: str) -> str:
    document = {
        "base": base,
        "head": head,
        "summary": counts(changes),
        "changes": [
            {
                "rule_id": c.rule_id,
                "level": c.level,
                "vendor": c.vendor,
                "location": {
                    "side": c.location.side,
                    "file": c.location.file,
                    "line": c.location.line,
                    "column": c.location.column,
                    "pointer": c.location.pointer,
                },
                "message": c.message(),
            }
            for c in changes
        ],
    }
    return json.dumps(document, indent=2) + "\n"


FORMATS: dict[str, Formatter] = {"text": text_report, "markdown": markdown_report, "json": json_report}
