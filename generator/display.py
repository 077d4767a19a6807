"""Text from outside shown on one line, as typed: the one escaping function of every diagnostic.

Spec keys, file names, JSON pointers, revision names and git's messages reach terminals
and CI logs. Shown raw, a line break in a key would start a line of its own (GitHub
Actions reads a line starting ``::error`` as a workflow command), a bidi override
(U+202A-U+202E, U+2066-U+2069) would reorder what is shown, and a lone surrogate (a
file name that is not UTF-8) would crash ``print``. ``printable`` escapes every
character Python does not call printable, as ``repr`` would: C0 and C1 controls, DEL,
line and paragraph separators, format characters (bidi controls, zero-width spaces),
surrogates and unassigned code points. Everything else, backslashes included, is kept,
so text that ``repr`` already quoted is unchanged.
"""

from __future__ import annotations


def printable(text: object) -> str:
    """``str(text)`` with every non-printable character escaped: ``"a\\nb"`` -> ``a\\\\nb``."""
    value = str(text)
    if value.isprintable():
        return value
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in value)


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in "\t\n\r":
        return {"\t": "\\t", "\n": "\\n", "\r": "\\r"}[ch]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
