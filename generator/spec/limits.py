"""How large a spec may be (``Limits``), and the limits loads use now: light enough for the
command line to set them without importing the loader (``spec.loader``) and YAML."""

from __future__ import annotations

from ..records import record


@record
class Limits:
    """How large a spec may be. A real one is some 20 KB, a few thousand values, 15 levels deep."""

    spec_bytes: int = 256 * 1024  # the file (--max-spec-bytes)
    # The data after every alias and merge key is expanded: each value counts VALUE_BYTES
    # plus the characters of its text (keys and strings) (--max-expanded-bytes).
    expanded_bytes: int = 512 * 1024
    depth: int = 64  # nested mappings and lists, expanded


VALUE_BYTES = 16
_limits = Limits()


def set_limits(limits: Limits) -> None:
    """Use ``limits`` for every later load in this process (and in processes forked from it)."""
    global _limits
    _limits = limits


def limits() -> Limits:
    """The limits loads use now."""
    return _limits
