"""Render the package modules from ``templates/``.

Templates only lay out what the model says. Every value that reaches generated source
goes through a filter made for its context, and the environment's ``finalize`` refuses
anything that did not: a spec string can never be pasted into code raw.

- ``py``: a Python literal (str, bytes, int, finite float, bool, None, tuples of those)
- ``pykw(name, indent)``: ``name=`` and such a literal, as a line of an exploded call
- ``frozenset``: a frozenset literal of such values
- ``ident``: a name already validated as an identifier
- ``doc``: text inside a triple-quoted docstring
- ``comment``: text after ``#`` on one line
- ``md``, ``mdcode``, ``mdlink``: Markdown text, code span and link (``markdown.py``)
"""

from __future__ import annotations

import keyword
import math
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from ..model import Vendor, runtime
from ..output.cache import Artifacts
from ..paths import RUNTIME_DIR as RUNTIME_DIR  # re-exported: where the runtime is
from ..paths import TEMPLATES_DIR, runtime_files
from ..paths import runtime_modules as runtime_modules
from ..provenance import Provenance
from . import markdown
from .errors import RenderError as RenderError
from .formatting import LINE_LENGTH

# template file -> module it renders, inside generated/<slug>/
MODULE_TEMPLATES = {
    "__init__.py.j2": "__init__.py",
    "errors.py.j2": "errors.py",
    "retry.py.j2": "retry.py",
    "adapters.py.j2": "adapters.py",
    "bridges.py.j2": "bridges.py",
    "testing.py.j2": "testing.py",
    "provenance.py.j2": "provenance.py",
}

# Every module of templates/runtime/ is part of every package; sorted for byte-stable output.
RUNTIME_FILES = runtime_files()


class Code(str):
    """Text that a filter made safe for its place in generated source."""

    __slots__ = ()


def py_literal(value: Any) -> Code:
    if value is None or isinstance(value, bool):
        return Code(repr(value))
    if isinstance(value, int):
        return Code(repr(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise RenderError(f"non-finite number {value!r} cannot be a literal")
        return Code(repr(value).replace("e+", "e"))  # 1e16, as black writes 1e+16
    if isinstance(value, (str, bytes)):
        return Code(_string_literal(value))
    if isinstance(value, (tuple, list)):
        items = [py_literal(item) for item in value]
        if len(items) == 1:
            return Code(f"({items[0]},)")
        return Code("(" + ", ".join(items) + ")")
    raise RenderError(f"value of type {type(value).__name__} has no literal form")


def _string_literal(value: str | bytes) -> str:
    """``repr``, which escapes quotes, backslashes, NUL, ``\\r``, U+2028, every byte that is not
    printable ASCII ..., in the quotes black chooses: double quotes unless they need more
    backslashes than single ones (black's ``normalize_string_quotes``). So black finds the
    literal as it writes it, and a line holding it is as long as black will make it
    (``keyword_argument``).
    """
    literal = repr(value)
    prefix = "b" if isinstance(value, bytes) else ""
    if literal[len(prefix)] == '"':
        return literal  # repr chose double quotes: the text holds ' and no "
    body = literal[len(prefix) + 1 : -1]
    if "\\" not in body and '"' not in body:
        return f'{prefix}"{body}"'  # nothing escaped either way
    if isinstance(value, bytes):
        single, double = value.count(b"'"), value.count(b'"')
    else:
        single, double = value.count("'"), value.count('"')
    if double > single:
        return literal  # black keeps the single quotes rather than escape more
    out: list[str] = []
    index = 0
    while index < len(body):  # repr's escapes are whole: a backslash and the character after it
        char = body[index]
        if char == "\\":
            pair = body[index : index + 2]
            out.append("'" if pair == "\\'" else pair)
            index += 2
            continue
        out.append('\\"' if char == '"' else char)
        index += 1
    return f'{prefix}"{"".join(out)}"'


def keyword_argument(value: Any, name: Any, indent: int) -> Code:
    """``name=<literal>,``, an argument of a call already written one argument per line, at
    ``indent`` columns (the template writes the indentation of its first line): on one line
    when it fits black's line length, else the tuple one item per line, each laid out the
    same way, as black writes a collection it splits.

    black formats the module either way; this is only so that black finds the module
    already in its layout and makes one pass over it rather than two (``black.format_str``
    formats a text again when the first pass changed it). A line this gets wrong (its
    width in columns, a long item black splits otherwise) costs that second pass, never a
    different output: black never joins lines, and splits a line too long as here.
    """
    return Code(_element(value, identifier(name) + "=", indent))


def _element(value: Any, head: str, indent: int) -> str:
    literal = py_literal(value)
    line = f"{head}{literal},"
    if indent + len(line) <= LINE_LENGTH or not isinstance(value, (tuple, list)) or not value:
        return line
    inner = " " * (indent + 4)
    items = "".join(f"{inner}{_element(item, '', indent + 4)}\n" for item in value)
    return f"{head}(\n{items}{' ' * indent}),"


def frozenset_literal(values: Any) -> Code:
    """``frozenset({...})`` of sorted literals; ``frozenset()`` when empty."""
    items = [py_literal(item) for item in sorted(values)]
    return Code("frozenset({" + ", ".join(items) + "})" if items else "frozenset()")


def identifier(name: Any) -> Code:
    if not isinstance(name, str) or not name.isidentifier() or not name.isascii() or keyword.iskeyword(name):
        raise RenderError(f"{name!r} is not a safe identifier")
    return Code(name)


def docstring_text(text: Any) -> Code:
    """Escape text for the inside of a non-raw triple-double-quoted docstring, on one line.

    The docstring's value is exactly ``text``, also after black, which strips a
    docstring's outer whitespace, re-indents its lines and pads a closing quote: so
    line breaks, the first and last space, and a final quote are written as escapes.
    """
    chars = str(text)
    if chars.isprintable() and "\\" not in chars and '"' not in chars and chars[:1] != " " and chars[-1:] != " ":
        return Code(chars)  # nothing to escape (the loop below would keep every character)
    out = []
    for index, ch in enumerate(chars):
        edge = index in (0, len(chars) - 1)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append("\\x22" if index == len(chars) - 1 else '\\"')
        elif ch == " " and edge:
            out.append("\\x20")
        elif ch == "\n":
            out.append("\\n")
        elif not ch.isprintable():
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return Code("".join(out))


def comment_text(text: Any) -> Code:
    """Text for a single-line comment: no line breaks, no control characters."""
    chars = str(text)
    return Code(chars if chars.isprintable() else "".join(ch if ch.isprintable() else " " for ch in chars))


def _made_safe(escape: Any) -> Any:
    return lambda value, *args: Code(escape(value, *args))


# Every filter that makes a value safe for one context of generated source or Markdown.
CONTEXT_FILTERS: dict[str, Any] = {
    "py": py_literal,
    "pykw": keyword_argument,
    "frozenset": frozenset_literal,
    "ident": identifier,
    "doc": docstring_text,
    "comment": comment_text,
    **{name: _made_safe(escape) for name, escape in markdown.FILTERS.items()},
}


def _refuse_unfiltered(value: Any) -> Any:
    if isinstance(value, Code):
        return value
    raise RenderError(f"value {value!r} reached a template without a filter ({', '.join(CONTEXT_FILTERS)})")


@cache
def environment(templates_dir: Path = TEMPLATES_DIR) -> jinja2.Environment:
    """The one environment of a process for ``templates_dir``: each template is compiled once
    (by Jinja's own cache of loaded templates, which checks the file's modification time)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_refuse_unfiltered,
    )
    env.filters.update(CONTEXT_FILTERS)
    return env


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates as artifacts (``output.cache.Artifacts``, kind ``jinja``): a
    run with a cache directory loads them instead of compiling every template again. The
    key is the template's name, its source's checksum and the toolchain (the generator,
    Jinja and Python); Jinja itself refuses byte code of another Jinja or Python."""

    def __init__(self, store: Artifacts) -> None:
        self.store = store
        self.names: set[str] = set()  # the artifacts of the templates loaded or compiled

    def _key(self, bucket: jinja2.bccache.Bucket) -> str:
        key = self.store.key("jinja", bucket.key, bucket.checksum)
        self.names.add(self.store.name("jinja", key))
        return key

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        stored = self.store.get("jinja", self._key(bucket))
        if isinstance(stored, str):
            import base64

            bucket.bytecode_from_string(base64.b64decode(stored))

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        import base64

        self.store.put("jinja", self._key(bucket), base64.b64encode(bucket.bytecode_to_string()).decode("ascii"))


def compiled_by(env: jinja2.Environment, store: Artifacts | None) -> jinja2.Environment:
    """``env``, loading and keeping its compiled templates in ``store`` from now on (this
    process's environment is shared: the store is that of the run)."""
    if store is not None and store.cache_dir is not None:
        if not (isinstance(env.bytecode_cache, CompiledTemplates) and env.bytecode_cache.store is store):
            env.bytecode_cache = CompiledTemplates(store)
        store.used |= env.bytecode_cache.names  # every spec uses them, also once they are in memory
    return env


def testing_examples(vendor: Vendor) -> list[dict[str, Any]]:
    """The documented examples (the spec's conformance vectors) as ``testing.py`` embeds
    them: the response as sent and the name of the class the package raises for it."""
    return [
        {
            "name": vector.name,
            "source": vector.source,
            "status": vector.status,
            "headers": vector.headers,
            "body": vector.body,
            "error_class": vector.expect["class"],
        }
        for vector in vendor.vectors
    ]


def render_modules(vendor: Vendor, env: jinja2.Environment, provenance: Provenance | None = None) -> dict[str, str]:
    """``{module file name: source}`` for one vendor, before formatting and without the
    provenance header (``provenance.py`` holds its values; by default the vendor's own)."""
    provenance = provenance or Provenance(vendor.spec_file, vendor.spec_sha256)
    policy = runtime.policy_fields(vendor.retry)
    examples = testing_examples(vendor)
    return {
        module: env.get_template(template).render(
            vendor=vendor, policy=policy, examples=examples, provenance=provenance
        )
        for template, module in MODULE_TEMPLATES.items()
    }
