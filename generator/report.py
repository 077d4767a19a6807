"""How ``validate`` and ``check`` report diagnostics: ``--format text|json|github|sarif``.

``text`` is the human form (``Diagnostic.format``, on stderr). ``json`` is one document
on stdout: every diagnostic's fields, the counts and, for ``check``, the stale files.
``github`` prints one GitHub Actions workflow command per diagnostic (``::error`` or
``::warning``) on stdout, the hint appended to the message. Spec text reaches these
lines escaped twice: ``display.printable`` first (no line break, control or bidi
character survives, as in the text form), then GitHub's own escaping (``%``, CR, LF;
in properties also ``:`` and ``,``), so a spec string can neither end the command nor
start a second one. ``sarif`` is a SARIF 2.1.0 log on stdout (``sarif.as_sarif``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .config import DEFAULT_COMMAND
from .display import printable
from .spec.diagnostics import Diagnostic

FORMATS = ("text", "json", "github", "sarif")


def github_message(text: str) -> str:
    """``text`` as the message of a workflow command (after ``::``)."""
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """``text`` as a property value of a workflow command (``file=``, ``title=``)."""
    return github_message(text).replace(":", "%3A").replace(",", "%2C")


def github_command(diagnostic: Diagnostic) -> str:
    """One ``::error``/``::warning`` line for ``diagnostic``."""
    level = "warning" if diagnostic.level == "warning" else "error"
    title = f"spec {level}" + (f" at {diagnostic.pointer}" if diagnostic.pointer else "")
    properties = ",".join(
        f"{name}={github_property(value)}"
        for name, value in (
            ("file", diagnostic.file),
            ("line", str(diagnostic.line)),
            ("col", str(diagnostic.column)),
            ("title", title),
        )
    )
    message = diagnostic.message + (f" (hint: {diagnostic.hint})" if diagnostic.hint else "")
    return f"::{level} {properties}::{github_message(message)}"


def stale_message(path: str, state: str, command: str = DEFAULT_COMMAND) -> str:
    """What is said of an output file that does not match the specs (github and sarif);
    ``command`` is the configured generate-command."""
    return f"{path} is {state}: run `{command}` and commit the result (`check --format text` shows the diff)"


def stale_command(path: str, state: str, command: str = DEFAULT_COMMAND) -> str:
    """One ``::error`` line for an output file that does not match the specs."""
    message = stale_message(path, state, command)
    return f"::error file={github_property(path)},title=stale output::{github_message(message)}"


def as_json(diagnostics: Sequence[Diagnostic], stale: Sequence[tuple[str, str]] | None = None, diff: str = "") -> str:
    """One JSON document (and a newline): the diagnostics, their counts and, for ``check``
    (``stale`` given), each stale file with its state and the diff."""
    document: dict[str, object] = {
        "diagnostics": [
            {
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "level": d.level,
                "message": d.message,
                "hint": d.hint,
                "pointer": d.pointer,
            }
            for d in diagnostics
        ],
        "errors": sum(d.level == "error" for d in diagnostics),
        "warnings": sum(d.level == "warning" for d in diagnostics),
    }
    if stale is not None:
        document["stale"] = [{"file": path, "state": state} for path, state in stale]
        document["diff"] = diff
    return json.dumps(document, indent=2) + "\n"


def as_github(
    diagnostics: Sequence[Diagnostic], stale: Sequence[tuple[str, str]] = (), command: str = DEFAULT_COMMAND
) -> str:
    """One workflow command a line: each diagnostic, then each stale file."""
    lines = [github_command(d) for d in diagnostics] + [stale_command(path, state, command) for path, state in stale]
    return "".join(line + "\n" for line in lines)
