"""Load a spec: YAML (safe) into plain JSON-like data, remembering where each value stood.

The result keeps a map from JSON pointer to ``(line, column)`` (1-based) so that every
later stage can point a spec author at the exact place of a problem. Duplicate keys,
non-string keys and YAML-only types (timestamps, binary, sets) are reported here, since
plain ``yaml.safe_load`` silently keeps the last duplicate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..model.pointers import escape_pointer_token, nearest
from .diagnostics import Diagnostic, SpecError


class _PythonLoader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps: ``2026-11-22`` stays a string."""


class _Loader(getattr(yaml, "CSafeLoader", _PythonLoader)):  # type: ignore[misc]
    """The same with libyaml's parser (7x faster, same nodes and positions) where PyYAML has it."""


_PythonLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _syntax_error(text: str, error: yaml.MarkedYAMLError) -> yaml.MarkedYAMLError:
    """The pure-Python parser's account of a syntax error, so that messages do not
    depend on whether PyYAML was built with libyaml."""
    python = _PythonLoader(text)
    try:
        python.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return exc
    except yaml.YAMLError:
        pass
    finally:
        python.dispose()
    return error


_JSON_SCALARS = (str, int, float, bool, type(None))
# A spec is a few hundred values; YAML aliases can make a short file expand without bound.
MAX_VALUES = 200_000


@dataclass(frozen=True)
class LoadedSpec:
    """A spec file's data and where each JSON pointer came from."""

    path: str  # as shown in diagnostics, e.g. "specs/shortkit.yaml"
    slug: str
    data: dict[str, Any]
    locations: dict[str, tuple[int, int]] = field(repr=False)
    problems: tuple[Diagnostic, ...] = ()  # found while loading; the data is still usable

    def where(self, pointer: str) -> tuple[int, int]:
        """The position of ``pointer``, or of its nearest ancestor that has one."""
        return nearest(self.locations, pointer)

    def diagnostic(self, pointer: str, message: str, hint: str = "", level: str = "error") -> Diagnostic:
        line, column = self.where(pointer)
        return Diagnostic(self.path, line, column, pointer, message, hint, level)


def load_text(text: str, path: str, slug: str | None = None) -> LoadedSpec:
    """Parse ``text`` (the content of ``path``).

    Raise SpecError when there is no document to check (invalid YAML, empty, not a
    mapping). Duplicate keys (the first is kept), non-string keys (skipped) and values
    that are not JSON (null) are kept in ``problems`` so validation can report the
    rest of the file in the same run.
    """
    problems: list[Diagnostic] = []
    locations: dict[str, tuple[int, int]] = {}
    loader = _Loader(text)
    budget = [MAX_VALUES]

    def at(n: yaml.Node, pointer: str, message: str, hint: str) -> Diagnostic:
        return Diagnostic(path, n.start_mark.line + 1, n.start_mark.column + 1, pointer, message, hint)

    def scalar(n: yaml.Node, pointer: str) -> Any:
        try:
            value = loader.construct_object(n, deep=True)
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            problems.append(at(n, pointer, f"cannot read this value: {problem}", "quote it to make it a string"))
            return None
        if not isinstance(value, _JSON_SCALARS) or (isinstance(value, float) and not math.isfinite(value)):
            what = (
                f"{value!r} is not a JSON number"
                if isinstance(value, float)
                else f"value of YAML type {type(value).__name__} is not JSON"
            )
            problems.append(at(n, pointer, what, "quote it to make it a string"))
            return None
        return value

    def convert(n: yaml.Node, pointer: str, ancestors: frozenset[int]) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise SpecError(
                [at(n, pointer, f"the spec expands to more than {MAX_VALUES} values", "use fewer YAML aliases")]
            )
        if id(n) in ancestors:
            line, column = locations.get(pointer, (n.start_mark.line + 1, n.start_mark.column + 1))
            problems.append(
                Diagnostic(
                    path,
                    line,
                    column,
                    pointer,
                    "a YAML alias refers to a value that contains it",
                    "remove the recursive alias",
                )
            )
            return None
        inside = ancestors | {id(n)}
        if isinstance(n, yaml.MappingNode):
            loader.flatten_mapping(n)  # resolve YAML merge keys (<<)
            result: dict[str, Any] = {}
            for key_node, value_node in n.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    problems.append(at(key_node, pointer, "a list or mapping cannot be a key", "use a string key"))
                    continue
                key = scalar(key_node, pointer)
                if isinstance(key, bool) or not isinstance(key, (str, int)):
                    problems.append(at(key_node, pointer, f"mapping key {key!r} is not a string", "quote the key"))
                    continue
                key = str(key)
                child = f"{pointer}/{escape_pointer_token(key)}"
                if key in result:
                    first_line, _ = locations[child]
                    problems.append(
                        at(
                            key_node,
                            child,
                            f"duplicate key {key!r} (first defined on line {first_line})",
                            "remove one of the two entries; YAML would silently keep only the last",
                        )
                    )
                    continue
                locations[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = convert(value_node, child, inside)
            return result
        if isinstance(n, yaml.SequenceNode):
            items = []
            for index, item in enumerate(n.value):
                child = f"{pointer}/{index}"
                locations[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
                items.append(convert(item, child, inside))
            return items
        return scalar(n, pointer)

    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as found:
            exc = _syntax_error(text, found)
            mark = exc.problem_mark or exc.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise SpecError(
                [Diagnostic(path, line, column, "", f"invalid YAML: {exc.problem or exc}", "fix the YAML syntax")]
            ) from None
        except yaml.YAMLError as exc:
            raise SpecError([Diagnostic(path, 1, 1, "", f"invalid YAML: {exc}", "fix the YAML syntax")]) from None
        if node is None:
            raise SpecError([Diagnostic(path, 1, 1, "", "the spec is empty", "start from another spec in specs/")])
        locations[""] = (node.start_mark.line + 1, node.start_mark.column + 1)
        data = convert(node, "", frozenset())
    except RecursionError:
        raise SpecError(
            [Diagnostic(path, 1, 1, "", "the spec is nested too deeply", "flatten the structure")]
        ) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise SpecError(
            [Diagnostic(path, 1, 1, "", "the spec must be a YAML mapping", "start from another spec in specs/")]
        )
    return LoadedSpec(path=path, slug=slug or Path(path).stem, data=data, locations=locations, problems=tuple(problems))


def load_bytes(content: bytes, path: str, slug: str) -> LoadedSpec:
    """Parse the raw bytes of a spec; undecodable bytes are a diagnostic, not a crash."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError(
            [Diagnostic(path, 1, 1, "", f"not UTF-8 ({exc.reason} at byte {exc.start})", "save the file as UTF-8")]
        ) from None
    return load_text(text, path, slug)


def load_file(file: Path, display: str | None = None) -> LoadedSpec:
    """Read and parse one spec file; an unreadable file, or a symbolic link leading out of
    the file's directory, is a diagnostic, not a crash and never a read."""
    shown = display or str(file)
    if file.is_symlink() and file.parent.resolve() not in file.resolve().parents:
        raise SpecError(
            [
                Diagnostic(
                    shown,
                    1,
                    1,
                    "",
                    f"the spec is a symbolic link to a file outside {Path(shown).parent.as_posix()}/; "
                    "it was not read",
                    "copy the spec into the specs directory instead of linking to it",
                )
            ]
        )
    try:
        content = file.read_bytes()
    except OSError as exc:
        raise SpecError(
            [
                Diagnostic(
                    shown, 1, 1, "", f"cannot read the file: {exc.strerror or exc}", "check the file's permissions"
                )
            ]
        ) from None
    return load_bytes(content, shown, Path(file).stem)
