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

from ..records import record

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


def _key(source: str, version: str) -> str:
    import hashlib

    return hashlib.sha256(f"black {version} {LINE_LENGTH} {TARGET_VERSION}\0{source}".encode()).hexdigest()


def memo_key(source: str) -> str | None:
    """The key under which ``source``'s formatting is kept in a memo (None: it is not kept)."""
    version = black_version()
    return None if version is None else _key(source, version)


def recalled(source: str, memo: Memo | None = None) -> str | None:
    """What black made of ``source`` before: in ``memo`` (the run's artifacts, which also note
    that this spec used it) under a key of the text, black's version and the mode, else
    in this process; None when black has still to format it."""
    version = black_version()
    if memo is None or version is None:  # an unknown black is never looked up in a memo
        return _FORMATTED.get(source)
    stored = memo.get("black", _key(source, version))
    if isinstance(stored, str):
        _FORMATTED[source] = stored
        return stored
    return None


def remember(source: str, result: str, memo: Memo | None = None) -> None:
    """Note that black made ``result`` of ``source`` (in this process, and in ``memo``)."""
    _FORMATTED[source] = result
    version = black_version()
    if memo is not None and version is not None:
        memo.put("black", _key(source, version), result)


def formatted(source: str, memo: Memo | None = None) -> str:
    """``format_source(source)``, remembered by content (``recalled``, ``remember``)."""
    found = recalled(source, memo)
    if found is None:
        found = format_source(source)
        remember(source, found, memo)
    return found


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


def below(header: str, source: str) -> tuple[str, str]:
    """``(above, text)``: black's output for ``header`` (comment lines, perhaps a blank line)
    above ``source`` is ``above`` followed by black's output for ``text``. The header stays
    out of what black formats when black leaves it alone (``comment_safe``) and the source
    starts with code; so the same module under another header (another spec path or hash)
    is not formatted again."""
    if comment_safe(header) and source[:1] not in ("", "\n", " ", "#"):
        return header, source
    return "", header + source


@record
class FormatRequest:
    """A module black has still to format: its file is ``above`` and black's output for
    ``text`` (``below``), made in another process of the run (``pipeline.generate_specs``)."""

    above: str
    text: str


def with_header(header: str, source: str, memo: Memo | None = None) -> str:
    """What black makes of ``header`` above ``source`` (see ``below``), remembered by content."""
    above, text = below(header, source)
    return above + formatted(text, memo)
