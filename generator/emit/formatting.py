"""The one black pass over every generated module, in-process."""

from __future__ import annotations

from functools import cache
from typing import Any

LINE_LENGTH = 100


@cache
def _mode() -> Any:
    from black.mode import Mode, TargetVersion

    return Mode(target_versions={TargetVersion.PY311}, line_length=LINE_LENGTH)


def format_source(source: str) -> str:
    import black

    return black.format_str(source, mode=_mode())
