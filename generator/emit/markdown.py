"""Spec text made inert inside GitHub-flavoured Markdown (ERRORS.md, the diff report).

Spec strings are untrusted: a description can hold ``|`` (ends a table cell), a line
break (ends a table row), backticks, HTML, link or emphasis syntax, or an ``@mention``.
Every function here returns one line that is safe in running text and in a table cell.

- ``text``: running text; Markdown punctuation is backslash-escaped, so it shows as typed
- ``code``: an inline code span that no content can close early
- ``link``: ``[label](url)`` for an http(s) URL; anything else is shown as text
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

# ASCII punctuation that starts something inline in GFM: emphasis, code, links and
# images (``(`` and ``!`` act only next to ``[``/``]``), HTML, entities, table cells,
# strikethrough, mentions. Backslash-escaped, each shows as itself. Text is never put at
# the start of a line, so block syntax (``#``, ``-``, ``1.``) cannot apply.
_SPECIAL = frozenset("\\`*_[]<>|~&@")
_URL = re.compile(r"https?://[^\s]+\Z", re.IGNORECASE)
_URL_SAFE = "/:?#=&%+,;@$!*'-._~"  # kept as is; everything else is percent-encoded


_SPECIAL_RUN = re.compile("[" + re.escape("".join(sorted(_SPECIAL))) + "]")


def _one_line(value: Any) -> str:
    """``value`` as text on one line: control characters and line breaks become spaces."""
    text = str(value)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else " " for ch in text)


def text(value: Any) -> str:
    """Running text: shows exactly as typed (on one line), never as markup."""
    return _SPECIAL_RUN.sub(r"\\\g<0>", _one_line(value))


def code(value: Any) -> str:
    """An inline code span of ``value``; "" for empty text.

    The fence is one backtick longer than any run inside, so the content cannot end it;
    ``|`` is escaped as GFM requires inside table cells.
    """
    flat = _one_line(value).replace("|", "\\|")
    if not flat:
        return ""
    fence = "`" * (max((len(run) for run in re.findall("`+", flat)), default=0) + 1)
    # CommonMark strips one space from each end of a span unless it is all spaces
    pad = " " if flat.strip(" ") and (flat[0] in "` " or flat[-1] in "` ") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def link(url: Any, label: str = "docs") -> str:
    """``[label](url)`` for an http(s) URL (percent-encoded where Markdown would trip), else the text."""
    raw = _one_line(url).strip()
    if not _URL.match(raw):
        return text(raw)
    return f"[{text(label)}]({quote(raw, safe=_URL_SAFE)})"


FILTERS: dict[str, Callable[..., str]] = {"md": text, "mdcode": code, "mdlink": link}
