"""Rendered modules in black's layout without running black, where that is certain.

black is the formatter of every generated module, and the one pass over a vendor's
modules used to be a quarter of a cold ``generate``. But the templates already write
black's layout: blank lines, indentation, magic trailing commas that keep every table
exploded, and filters that write literals as black normalises them (``string_literal``,
``float_literal``). What is left for black is a line too long to stay on one line:
``lay_out`` splits those lines of the few shapes the templates write (a keyword
argument, a collection element, a dict entry or an assignment whose value is a tuple
literal) exactly as black splits them, and gives up (returns None) on anything else;
``formatting.format_module`` then runs black on the module as before.

So black's rules are restated here only for tuples of literals, and whether this module
agrees with black is not taken on trust: ``tests/generator/test_layout.py`` formats with
black every module laid out here (the golden vendors, the golden cases and
hypothesis-made vendors and literals) and requires black to leave it unchanged, and
``supported`` limits the layout to the black release whose stable style it restates
(black changes its stable style only in a January release, its major version).

Lines the rules below leave alone, as black does: docstrings (black never splits
them; the closing quotes of a multi-line docstring whose last line is too long make the
module go to black), comments, and a too-long element that has no brackets to split at.
"""

from __future__ import annotations

import os
import re
from functools import cache

LINE_LENGTH = 100
INDENT = "    "
BLACK_MAJOR = "26"  # the stable style restated here; another black formats every module itself


class _Unlaid(Exception):
    """A line whose layout black decides by rules not restated here."""


# --- literals as black normalises them ------------------------------------------------------------

_PREFIX_CHARS = "fturbFTURB"


@cache
def _quote_patterns(quote: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(rf"(([^\\]|^)(\\\\)*){quote}"), re.compile(rf"([^\\]|^)\\((?:\\\\)*){quote}")


def _sub_twice(regex: re.Pattern[str], replacement: str, text: str) -> str:
    return regex.sub(replacement, regex.sub(replacement, text))


def _normalize_quotes(literal: str) -> str:
    """black's ``normalize_string_quotes`` for a one-line, non-raw, non-f string literal:
    double quotes unless they need more backslashes."""
    value = literal.lstrip(_PREFIX_CHARS)
    if value[0] == '"':
        orig_quote, new_quote = '"', "'"
    else:
        orig_quote, new_quote = "'", '"'
    first = literal.find(orig_quote)
    prefix = literal[:first]
    body = literal[first + 1 : -1]
    unescaped_new, escaped_new = _quote_patterns(new_quote)
    escaped_orig = _quote_patterns(orig_quote)[1]
    new_body = _sub_twice(escaped_new, rf"\1\2{new_quote}", body)
    if body != new_body:
        body = new_body
        literal = f"{prefix}{orig_quote}{body}{orig_quote}"
    new_body = _sub_twice(escaped_orig, rf"\1\2{orig_quote}", new_body)
    new_body = _sub_twice(unescaped_new, rf"\1\\{new_quote}", new_body)
    orig_escapes, new_escapes = body.count("\\"), new_body.count("\\")
    if new_escapes > orig_escapes or (new_escapes == orig_escapes and orig_quote == '"'):
        return literal
    return f"{prefix}{new_quote}{new_body}{new_quote}"


def string_literal(value: str | bytes) -> str:
    """``repr(value)`` as black writes it: ``repr`` escapes quotes, backslashes and every
    character that is not printable (lower-case hex, as black writes escapes); black then
    prefers double quotes unless they need more backslashes."""
    literal = repr(value)
    if literal[-1] == "'":  # repr chose single quotes: black may prefer double ones
        if '"' not in literal:
            return literal[:-1].replace("'", '"', 1) + '"' if literal[0] == "b" else '"' + literal[1:-1] + '"'
        return _normalize_quotes(literal)
    return literal


def float_literal(value: float) -> str:
    """``repr(value)`` (finite) as black writes it: ``1e+16`` is ``1e16``."""
    return repr(value).replace("e+", "e")


# --- line widths as black measures them -----------------------------------------------------------


@cache
def _wide_ranges() -> tuple[tuple[int, int], ...] | None:
    """The code point ranges black counts as two columns wide (East Asian wide and
    full-width), read from the installed black's own table without importing black."""
    import ast
    import importlib.util

    try:
        spec = importlib.util.find_spec("black")
        folders = list(spec.submodule_search_locations or []) if spec else []
        text = open(os.path.join(folders[0], "_width_table.py"), encoding="utf-8").read()  # noqa: SIM115
        table = ast.literal_eval(text[text.index("[", text.index("WIDTH_TABLE")) :])
        if not all(width == 2 for _, _, width in table):
            return None
        return tuple((start, end) for start, end, _ in table)
    except (OSError, ValueError, IndexError, SyntaxError, ImportError):
        return None


def width(line: str) -> int:
    """The columns black counts for ``line``; _Unlaid when they cannot be known here."""
    if line.isascii():
        return len(line)
    ranges = _wide_ranges()
    if ranges is None:
        raise _Unlaid("no width table")
    wide = 0
    for char in line:
        code = ord(char)
        if code >= 0x1100 and any(start <= code <= end for start, end in ranges):
            wide += 1
    return len(line) + wide


def _fits(line: str) -> bool:
    return width(line) <= LINE_LENGTH


# --- splitting the lines black would split ------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\ +)
    | (?P<string>b?(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'))
    | (?P<number>-?(?:\d+(?:\.\d*)?|\.\d+)(?:e-?\d+)?)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<op>[()\[\]{},:=])
    """,
    re.VERBOSE,
)
_OPEN = {"(": ")", "[": "]", "{": "}"}


def _tokens(text: str) -> list[tuple[str, str, int, int]]:
    """``(kind, text, start, end)`` of every token but spaces; _Unlaid on anything else."""
    found = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise _Unlaid(f"no token at {text[position:position + 20]!r}")
        kind = match.lastgroup or ""
        if kind != "space":
            found.append((kind, match.group(), match.start(), match.end()))
        position = match.end()
    return found


def _closing(tokens: list[tuple[str, str, int, int]], opening: int) -> int:
    """The index of the bracket that closes ``tokens[opening]``."""
    depth = 0
    for index in range(opening, len(tokens)):
        text = tokens[index][1]
        if text in _OPEN:
            depth += 1
        elif text in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                if _OPEN[tokens[opening][1]] != text:
                    raise _Unlaid("mismatched brackets")
                return index
    raise _Unlaid("unclosed bracket")


def _items(tokens: list[tuple[str, str, int, int]], text: str) -> tuple[str, list[str]] | None:
    """A tuple display ``(a, b, ...)`` as its items' text, or None when ``tokens`` is one
    atom (a literal or a name). _Unlaid for anything else."""
    if len(tokens) == 1 and tokens[0][0] in ("string", "number", "name"):
        return None
    if not tokens or tokens[0][1] != "(" or _closing(tokens, 0) != len(tokens) - 1:
        raise _Unlaid("not a tuple display")
    items: list[str] = []
    start = 1
    depth = 0
    for index in range(1, len(tokens) - 1):
        kind, token, _, _ = tokens[index]
        if token in _OPEN:
            depth += 1
        elif token in (")", "]", "}"):
            depth -= 1
        elif depth == 0 and token == ",":
            if index == start:
                raise _Unlaid("empty item")
            items.append(text[tokens[start][2] : tokens[index - 1][3]])
            start = index + 1
        elif depth == 0 and token in (":", "="):
            raise _Unlaid("not a literal")
        elif kind == "op" and token not in (",", ":", "="):
            raise _Unlaid("unexpected operator")
    trailing = start == len(tokens) - 1  # the last item ended with a comma
    if not trailing:
        items.append(text[tokens[start][2] : tokens[-2][3]])
    if not items:
        raise _Unlaid("an empty tuple cannot be split")
    if trailing and len(items) > 1:
        raise _Unlaid("a magic trailing comma")  # never written by the filters
    if not trailing and len(items) == 1:
        raise _Unlaid("parentheses around one value")
    for item in items:  # every item is a literal, a name or a tuple of them
        item_tokens = _tokens(item)
        if [token for _, token, _, _ in item_tokens] != ["(", ")"]:  # () is a literal too
            _items(item_tokens, item)
    return text[tokens[0][2] : tokens[-1][3]], items


def _element(indent: str, head: str, value: str, tail: str) -> list[str]:
    """``indent + head + value + tail`` as black lays out an element of an exploded
    bracket (a keyword argument, an item, a dict entry): on one line when it fits, else
    its tuple value exploded, one item per line with a trailing comma, each item laid
    out the same way. An atom that does not fit stays on its too-long line."""
    line = indent + head + value + tail
    if _fits(line):
        return [line]
    split = _items(_tokens(value), value)
    if split is None:
        return [line]  # black has no bracket to split at
    opening = indent + head + "("
    if not _fits(opening):
        raise _Unlaid("the text before the bracket does not fit")
    lines = [opening]
    for item in split[1]:
        lines.extend(_element(indent + INDENT, "", item, ","))
    lines.append(indent + ")" + tail)
    return lines


_ASSIGNMENT = re.compile(r"(?P<target>[A-Za-z_][A-Za-z0-9_]*) = (?P<value>.*)")
_KEYWORD = re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_]*=)(?P<value>.*),")


def _split(line: str) -> list[str]:
    """A line too long for black, as black splits it; _Unlaid when black's rules for it
    are not restated here."""
    body = line.lstrip(" ")
    indent = line[: len(line) - len(body)]
    if len(indent) % 4:
        raise _Unlaid("indentation")
    if match := _ASSIGNMENT.fullmatch(body):  # a statement: black may also add parentheses
        if _items(_tokens(match["value"]), match["value"]) is None:
            raise _Unlaid("an assignment of one long value")
        return _element(indent, match["target"] + " = ", match["value"], "")
    if not body.endswith(","):
        raise _Unlaid("an element without its magic trailing comma")
    if match := _KEYWORD.fullmatch(body):
        return _element(indent, match["key"], match["value"], ",")
    tokens = _tokens(body[:-1])
    if len(tokens) > 2 and tokens[0][0] in ("string", "number", "name") and tokens[1][1] == ":":
        key = body[: tokens[1][3]] + " "
        return _element(indent, key, body[len(key) : -1], ",")
    return _element(indent, "", body[:-1], ",")


def template_lines(template: str) -> frozenset[str]:
    """The lines of a template's text too long to fit that hold no Jinja syntax: they are
    the same in every module rendered from it, and black leaves them as they are (the
    templates are kept black's layout: a test formats every module rendered from them)."""
    return frozenset(
        line
        for line in template.split("\n")
        if len(line) > LINE_LENGTH and "{{" not in line and "{%" not in line and "{#" not in line
    )


def lay_out(source: str, constant: frozenset[str] = frozenset()) -> str | None:
    """``source``, a rendered module, as black would format it; None when that is not
    certain here (then black formats it). ``constant``: lines of the template's own text
    (``template_lines``), left as they are. See the module's docstring."""
    if "fmt:" in source or "yapf:" in source or "\t" in source or "\r" in source or "\f" in source:
        return None  # formatter directives (even inside data), and whitespace black normalises
    lines = source.split("\n")
    out: list[str] = []
    in_docstring = False
    try:
        for line in lines:
            if line.endswith(" "):
                return None  # black strips trailing whitespace
            stripped = line.lstrip(" ")
            if in_docstring:
                if line.endswith('"""'):
                    in_docstring = False
                    if not _fits(line):  # black would move the closing quotes to a line of their own
                        return None
                out.append(line)
                continue
            if stripped.startswith('"""'):
                in_docstring = not (len(stripped) >= 6 and stripped.endswith('"""'))
                out.append(line)  # black never splits a docstring line
                continue
            if '"""' in line or "'''" in line:
                return None  # a triple quote that does not open a docstring: not the templates'
            if stripped.startswith("#"):
                if stripped.startswith("# type:"):
                    return None  # black reads type comments
                out.append(line)  # black never splits a comment
                continue
            if _fits(line) or line in constant:
                out.append(line)
                continue
            out.extend(_split(line))
    except _Unlaid:
        return None
    if in_docstring:
        return None
    return "\n".join(out)


def supported(black_version: str | None) -> bool:
    """Whether ``lay_out`` restates the stable style of that black (its version string)."""
    return black_version is not None and black_version.split(".")[0] == BLACK_MAJOR
