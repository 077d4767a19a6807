"""black, the formatter of every generated module, and where its work is not repeated.

Every rendered module and models.py goes through black at generation time. Each text
black formats is remembered by its content (``formatted``: per process, and in the cache
directory when one is given), so the same text is never formatted twice; and a module
is formatted before its provenance header is put above it (``with_header``), so the same
module under another header (another spec path or hash) is not formatted again.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any, Protocol

LINE_LENGTH = 100
TARGET_VERSION = "PY311"  # black's TargetVersion member


class Memo(Protocol):
    """Where formatted texts are kept between runs (``output.cache.Artifacts``)."""

    def get(self, kind: str, key: str) -> Any: ...

    def put(self, kind: str, key: str, value: Any) -> None: ...


@cache
def _mode() -> Any:
    from black.mode import Mode, TargetVersion

    return Mode(target_versions={TargetVersion[TARGET_VERSION]}, line_length=LINE_LENGTH)


@cache
def black_version() -> str | None:
    """The installed black's version, read from its distribution's metadata directory
    (``black-<version>.dist-info`` beside the package), without importing black."""
    import importlib.util

    spec = importlib.util.find_spec("black")
    if spec is None or not spec.submodule_search_locations:
        return None
    site = os.path.dirname(list(spec.submodule_search_locations)[0])
    found = [name for name in os.listdir(site) if name.startswith("black-") and name.endswith(".dist-info")]
    return found[0][len("black-") : -len(".dist-info")] if len(found) == 1 else None


def format_source(source: str) -> str:
    """black's output for ``source``, in this process's mode (line length 100, Python 3.11)."""
    import black

    return black.format_str(source, mode=_mode())


_FORMATTED: dict[str, str] = {}


def formatted(source: str, memo: Memo | None = None) -> str:
    """``format_source(source)``, remembered by content: in ``memo`` (the run's artifacts, which
    also note that this spec used it) under a key of the text, black's version and the mode,
    else in this process."""
    key = ""
    version = black_version()
    if memo is None or version is None:  # an unknown black is never looked up in a memo
        if (found := _FORMATTED.get(source)) is not None:
            return found
    else:
        import hashlib

        key = hashlib.sha256(f"black {version} {LINE_LENGTH} {TARGET_VERSION}\0{source}".encode()).hexdigest()
        stored = memo.get("black", key)
        if isinstance(stored, str):
            _FORMATTED[source] = stored
            return stored
    result = format_source(source)
    _FORMATTED[source] = result
    if key and memo is not None:
        memo.put("black", key, result)
    return result


def comment_safe(header: str) -> bool:
    """Whether black leaves ``header`` (comment lines, then perhaps one blank line) as it is,
    and as it is above any module that starts with code: every line ``# `` and printable text
    without trailing space, none a type comment or a formatter directive."""
    lines = header.split("\n")
    if header.endswith("\n\n"):  # one blank line between the comments and the code: black keeps it
        lines = lines[:-1]
    return header.endswith("\n") and all(
        line.startswith("# ")
        and line.isprintable()
        and line == line.rstrip()
        and not line.startswith("# type:")
        and "fmt:" not in line
        and "yapf:" not in line
        for line in lines[:-1]
    )


def with_header(header: str, source: str, memo: Memo | None = None) -> str:
    """What black makes of ``header`` (comment lines, perhaps a blank line) above ``source``:
    the header as it is above the formatted source, when black leaves the header alone
    (``comment_safe``) and the source starts with code; so the same module under another
    header (another spec path or hash) is not formatted again."""
    if comment_safe(header) and source[:1] not in ("", "\n", " ", "#"):
        return header + formatted(source, memo)
    return formatted(header + source, memo)
