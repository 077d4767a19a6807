"""Problems found in a spec, reported as ``file:line:col: level: message (pointer)``."""

from __future__ import annotations

from collections.abc import Callable

from ..display import printable
from ..records import record


@record(order=True)
class Diagnostic:
    """One problem in one spec file, located by line, column and JSON pointer."""

    file: str
    line: int
    column: int
    pointer: str
    message: str
    hint: str = ""
    level: str = "error"  # "error" or "warning"

    def format(self, level: Callable[[str], str] = str) -> str:
        """One line (and a hint line); spec text in file, pointer, message and hint is
        escaped (``display.printable``), so it can neither break a line nor hide text.
        ``level`` decorates the level word alone (``terminal`` colours it)."""
        text = f"{printable(self.file)}:{self.line}:{self.column}: {level(self.level)}: {printable(self.message)}"
        if self.pointer:
            text += f" ({printable(self.pointer)})"
        if self.hint:
            text += f"\n    hint: {printable(self.hint)}"
        return text


class SpecError(Exception):
    """Raised when one or more specs cannot be turned into code."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))
