"""Load a spec: YAML (safe) into plain JSON-like data, remembering where each value stood.

The result keeps a map from JSON pointer to ``(line, column)`` (1-based) so that every
later stage can point a spec author at the exact place of a problem. Duplicate keys,
non-string keys and YAML-only types (timestamps, binary, sets) are reported here, since
plain ``yaml.safe_load`` silently keeps the last duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, SpecError


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps: ``2026-11-22`` stays a string."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_JSON_SCALARS = (str, int, float, bool, type(None))


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def json_pointer(*tokens: object) -> str:
    """``json_pointer("components", "schemas", "a/b")`` -> ``/components/schemas/a~1b``."""
    return "".join("/" + escape_pointer_token(str(token)) for token in tokens)


@dataclass(frozen=True)
class LoadedSpec:
    """A spec file's data and where each JSON pointer came from."""

    path: str  # as shown in diagnostics, e.g. "specs/shortkit.yaml"
    slug: str
    data: dict[str, Any]
    locations: dict[str, tuple[int, int]] = field(repr=False)

    def where(self, pointer: str) -> tuple[int, int]:
        """The position of ``pointer``, or of its nearest ancestor that has one."""
        while pointer:
            if pointer in self.locations:
                return self.locations[pointer]
            pointer = pointer.rsplit("/", 1)[0]
        return self.locations.get("", (1, 1))

    def diagnostic(self, pointer: str, message: str, hint: str = "", level: str = "error") -> Diagnostic:
        line, column = self.where(pointer)
        return Diagnostic(self.path, line, column, pointer, message, hint, level)


def load_text(text: str, path: str, slug: str | None = None) -> LoadedSpec:
    """Parse ``text`` (the content of ``path``); raise SpecError on any problem."""
    problems: list[Diagnostic] = []
    locations: dict[str, tuple[int, int]] = {}
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise SpecError(
                [Diagnostic(path, line, column, "", f"invalid YAML: {exc.problem or exc}", "fix the YAML syntax")]
            ) from None
        except yaml.YAMLError as exc:
            raise SpecError([Diagnostic(path, 1, 1, "", f"invalid YAML: {exc}", "fix the YAML syntax")]) from None

        def mark_of(n: yaml.Node) -> tuple[int, int]:
            return (n.start_mark.line + 1, n.start_mark.column + 1)

        def convert(n: yaml.Node, pointer: str) -> Any:
            if isinstance(n, yaml.MappingNode):
                loader.flatten_mapping(n)  # resolve YAML merge keys (<<)
                result: dict[str, Any] = {}
                for key_node, value_node in n.value:
                    key = loader.construct_object(key_node, deep=True)
                    if isinstance(key, bool) or not isinstance(key, (str, int)):
                        line, column = mark_of(key_node)
                        problems.append(
                            Diagnostic(path, line, column, pointer, f"mapping key {key!r} is not a string",
                                       "quote the key")
                        )
                        continue
                    key = str(key)
                    child = f"{pointer}/{escape_pointer_token(key)}"
                    if key in result:
                        line, column = mark_of(key_node)
                        first_line, _ = locations[child]
                        problems.append(
                            Diagnostic(path, line, column, child, f"duplicate key {key!r} (first defined on line {first_line})",
                                       "remove one of the two entries; YAML would silently keep only the last")
                        )
                        continue
                    locations[child] = mark_of(key_node)
                    result[key] = convert(value_node, child)
                return result
            if isinstance(n, yaml.SequenceNode):
                items = []
                for index, item in enumerate(n.value):
                    child = f"{pointer}/{index}"
                    locations[child] = mark_of(item)
                    items.append(convert(item, child))
                return items
            value = loader.construct_object(n, deep=True)
            if not isinstance(value, _JSON_SCALARS):
                line, column = mark_of(n)
                problems.append(
                    Diagnostic(path, line, column, pointer, f"value of YAML type {type(value).__name__} is not JSON",
                               "quote it to make it a string")
                )
                return None
            return value

        if node is None:
            raise SpecError([Diagnostic(path, 1, 1, "", "the spec is empty", "start from another spec in specs/")])
        locations[""] = mark_of(node)
        data = convert(node, "")
    finally:
        loader.dispose()
    if problems:
        raise SpecError(problems)
    if not isinstance(data, dict):
        raise SpecError([Diagnostic(path, 1, 1, "", "the spec must be a YAML mapping", "start from another spec in specs/")])
    return LoadedSpec(path=path, slug=slug or Path(path).stem, data=data, locations=locations)


def load_bytes(content: bytes, path: str, slug: str) -> LoadedSpec:
    """Parse the raw bytes of a spec; undecodable bytes are a diagnostic, not a crash."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError([Diagnostic(path, 1, 1, "", f"not UTF-8 ({exc.reason} at byte {exc.start})", "save the file as UTF-8")]) from None
    return load_text(text, path, slug)


def load_file(file: Path, display: str | None = None) -> LoadedSpec:
    """Read and parse one spec file."""
    return load_bytes(file.read_bytes(), display or str(file), Path(file).stem)
