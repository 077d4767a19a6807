"""Rendered modules in black's layout without running black, where that is certain.

black is the formatter of every generated module, and the one pass over a vendor's
modules used to be a quarter of a cold ``generate``. But the templates already write
nearly all of black's layout: blank lines, indentation, magic trailing commas that keep
every table exploded, and filters that write literals as black normalises them
(``string_literal``, ``float_literal``). ``lay_out`` does the rest as black does it:

- it splits a line too long to stay on one line, of the few shapes the templates write
  (a keyword argument, a collection element, a dict entry or an assignment whose value is
  a tuple literal): the tuple exploded, one item per line with a trailing comma, each
  item split the same way; an element with no bracket to split at stays too long;
- it joins an empty pair of brackets a template opened at the end of a line and closed
  on the next (``rules=(`` ``),``);
- it puts the closing quotes of a multi-line docstring, alone on their line, at the
  docstring's indentation, and one blank line after a class's docstring.

It gives up (returns None) on anything else, and ``formatting.format_module`` runs black
on the module as before. ``models_module`` lays out ``models.py`` (``ast.unparse`` of each
statement, black's blank lines between them) the same way.

So black's rules are restated here only for what the templates write, and whether this
module agrees with black is not taken on trust: ``tests/generator/test_layout.py`` formats
with black every module laid out here (the golden vendors, the golden cases and
hypothesis-made vendors and literals) and requires black's output to be the same, and
``supported`` limits the layout to the black release whose stable style it restates
(black changes its stable style only in a January release, its major version).

Lines left alone, as black leaves them: docstrings (black never splits them; the closing
quotes of a multi-line docstring whose last line is too long make the module go to black),
comments, and the templates' own long lines (``template_lines``).
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
    if literal[-1] != "'":
        return literal  # repr chose double quotes (the text holds a single one): black keeps them
    if '"' not in literal:  # the same escapes are valid between double quotes
        return literal[:-1].replace("'", '"', 1) + '"' if literal[0] == "b" else '"' + literal[1:-1] + '"'
    if "\\'" not in literal:
        return literal  # double quotes would need a backslash for each '"' and save none: black keeps these
    return _normalize_quotes(literal)


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


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _docstrings(source: str, edits: dict[int, list[str]]) -> set[int] | None:
    """The numbers of the lines inside docstrings (the quotes' lines too), or None when a
    triple quote is not the templates' (a docstring opens a line and closes one), or when
    black would do to a docstring what is not restated here.

    Two things black does to a docstring are done here, into ``edits`` (line number ->
    its lines): the closing quotes of a multi-line docstring alone on their line go to the
    docstring's indentation (black re-indents its last line), and a class's docstring is
    followed by exactly one blank line before the class's next statement."""
    inside: set[int] = set()
    position = 0
    while (start := source.find('"""', position)) != -1:
        end = source.find('"""', start + 3)
        if end == -1:
            return None
        line_start = source.rfind("\n", 0, start) + 1
        after = end + 3
        indent = source[line_start:start]
        if indent.strip(" ") or (after < len(source) and source[after] != "\n"):
            return None  # a triple quote inside a line: not a docstring of the templates
        first = source.count("\n", 0, start)
        last = first + source.count("\n", start, end)
        closing = source[source.rfind("\n", 0, end) + 1 : after]
        if last > first and not _fits(closing):
            return None  # black would put the closing quotes on a line of their own
        if last > first and closing.strip(" ") == '"""' and closing != indent + '"""':
            body = source[source.find("\n", start) + 1 : source.rfind("\n", 0, end)].split("\n")
            if re.search(r"\\\s*\n", source[start:end]) or (
                any(line.strip() for line in body)
                and min(_indent(line) for line in body if line.strip()) != len(indent)
            ):
                return None  # black would re-indent other lines too, or leave the docstring as it is
            edits[last] = [indent + '"""']
        header_start = source.rfind("\n", 0, max(line_start - 1, 0)) + 1
        header = source[header_start : max(line_start - 1, 0)] if line_start else ""
        if _CLASS.fullmatch(header) and _indent(header) + 4 == len(indent):
            blank = len(_NEWLINES.match(source, after + 1).group())  # type: ignore[union-attr]
            following = source[after + 1 + blank : after + 1 + blank + len(indent) + 1]
            if following.strip() and _indent(following) >= len(indent):  # the class's next statement
                if blank == 0:
                    edits[last] = [*edits.get(last, [closing]), ""]  # black's blank line after a class docstring
                elif blank > 1:
                    return None  # black keeps one blank line inside a class: not restated
        inside.update(range(first, last + 1))
        position = after
    return inside


_CLASS = re.compile(r" *class [^\n]*:")
_NEWLINES = re.compile(r"\n*")
_EMPTY_PAIR = re.compile(r"[(\[{]\n( *)[)\]}],?(?=\n)")
_PAIRS = {"(": ")", "[": "]", "{": "}"}
_TYPE_COMMENT = re.compile(r"^ *# type:", re.M)


def lay_out(source: str, constant: frozenset[str] = frozenset()) -> str | None:
    """``source``, a rendered module, as black would format it; None when that is not
    certain here (then black formats it). ``constant``: lines of the template's own text
    (``template_lines``), left as they are. See the module's docstring."""
    if any(mark in source for mark in ("fmt:", "yapf:", "\t", "\r", "\f", "'''", " \n")) or source.endswith(" "):
        return None  # formatter directives (even inside data), whitespace black normalises
    if _TYPE_COMMENT.search(source):
        return None  # black reads type comments
    edits: dict[int, list[str]] = {}
    docstrings = _docstrings(source, edits)
    if docstrings is None:
        return None
    try:
        # A bracket opened at the end of a line and closed alone on the next: black
        # writes the empty pair on one line (nothing inside it to keep exploded).
        for match in _EMPTY_PAIR.finditer(source):
            number = source.count("\n", 0, match.start())
            opener = source[source.rfind("\n", 0, match.start()) + 1 : match.start() + 1]
            closer = match.group()[len(match.group(1)) + 2 :]
            if number in docstrings or opener.lstrip(" ").startswith("#") or _PAIRS[opener[-1]] != closer[0]:
                continue
            if len(match.group(1)) != _indent(opener) or not _fits(opener + closer):
                return None  # not a layout the templates write: let black decide
            edits[number] = [opener + closer]
            edits[number + 1] = []
        # Only a line longer than the limit can need black: in characters, or in columns,
        # which are at most two per character.
        wide = _LONG if source.isascii() else _MAYBE_LONG
        for match in wide.finditer(source):
            line = match.group()
            if _fits(line):
                continue
            number = source.count("\n", 0, match.start())
            if number in docstrings or line.lstrip(" ").startswith("#") or line in constant:
                continue  # black never splits a docstring or a comment; the templates' own lines fit their rules
            if number in edits:
                return None
            edits[number] = _split(line)
    except _Unlaid:
        return None
    if not edits:
        return source
    lines = source.split("\n")
    return "\n".join(part for number, line in enumerate(lines) for part in edits.get(number, (line,)))


_LONG = re.compile(rf"^[^\n]{{{LINE_LENGTH + 1},}}$", re.M)
_MAYBE_LONG = re.compile(rf"^[^\n]{{{LINE_LENGTH // 2 + 1},}}$", re.M)


def supported(black_version: str | None) -> bool:
    """Whether ``lay_out`` restates the stable style of that black (its version string)."""
    return black_version is not None and black_version.split(".")[0] == BLACK_MAJOR


# --- models.py: statements from ast.unparse -----------------------------------------------------


def _normalized_literals(line: str) -> str:
    """``line`` (from ``ast.unparse``) with every string and float literal as black writes it;
    _Unlaid when it has a literal black may write otherwise (a triple-quoted string, a prefix)."""
    if '"""' in line or "'''" in line:
        raise _Unlaid("a triple-quoted string")
    out: list[str] = []
    position = 0
    for match in _LITERAL.finditer(line):
        out.append(line[position : match.start()])
        text = match.group()
        if match.lastgroup == "string":
            out.append(_normalize_quotes(text) if text[-1] == "'" else text)
        else:
            out.append(text.replace("e+", "e"))
        position = match.end()
    out.append(line[position:])
    return "".join(out)


_LITERAL = re.compile(
    r"""(?P<string>(?<![A-Za-z0-9_])(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'))"""
    r"""|(?P<number>(?<![A-Za-z0-9_.])\d+(?:\.\d*)?e\+\d+)"""
)


def models_module(statements: list[str], kinds: list[str]) -> str | None:
    """The body of models.py as black formats it, from ``ast.unparse`` of each top-level
    statement and its kind ("import", "class" or "assignment"), after ``from __future__
    import annotations``; None when a line would not fit (black would split it) or holds
    a literal not restated here. black's blank lines: one after the future import (as
    written), two around a class, at least one after an import, none between assignments."""
    lines = ["from __future__ import annotations"]
    previous = "future"
    try:
        for text, kind in zip(statements, kinds, strict=True):
            if kind == "class" or previous == "class":
                blank = 2
            elif previous in ("future", "import"):
                blank = 1
            else:
                blank = 0
            lines.extend([""] * blank)
            for line in text.split("\n"):
                line = _normalized_literals(line)
                if not _fits(line) or line.endswith(" ") or "#" in line:
                    return None
                lines.append(line)
            previous = kind
    except _Unlaid:
        return None
    return "\n".join(lines) + "\n"
