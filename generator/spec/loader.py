"""Load a spec: YAML (safe) into plain JSON-like data, remembering where each value stood.

The result keeps a map from JSON pointer to ``(line, column)`` (1-based) so that every
later stage can point a spec author at the exact place of a problem. Duplicate keys,
non-string keys and YAML-only types (timestamps, binary, sets) are reported here, since
plain ``yaml.safe_load`` silently keeps the last duplicate.

A spec is untrusted input, so loading is bounded (``Limits``): the file's size, the
size it expands to through aliases and merge keys (``<<``), and its nesting depth.
PyYAML's composers (libyaml's and the pure-Python one) recurse once per level and
have no limit (libyaml's crashes the process beyond some ten thousand levels), so the
node tree is composed here from the parser's events, which come without recursion;
merge keys are expanded here too, inside the same budget.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any

import yaml

from ..model.pointers import escape_pointer_token, nearest
from ..records import field, record
from .diagnostics import Diagnostic, SpecError
from .limits import VALUE_BYTES as VALUE_BYTES
from .limits import Limits as Limits
from .limits import limits as limits
from .limits import set_limits as set_limits


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
        while python.check_event():  # events only: composing recurses once per level
            python.get_event()  # type: ignore[no-untyped-call]
    except yaml.MarkedYAMLError as exc:
        return exc
    except yaml.YAMLError:
        pass
    finally:
        python.dispose()
    return error


_JSON_SCALARS = (str, int, float, bool, type(None))
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"


class _TooDeep(Exception):
    """Nesting beyond ``Limits.depth`` at ``mark``."""

    def __init__(self, mark: Any) -> None:
        super().__init__(mark)
        self.mark = mark


def _compose(loader: Any, depth: int) -> yaml.Node | None:
    """The single document's node tree, as ``loader.get_single_node`` would give, composed
    from the parser's events without recursion; _TooDeep beyond ``depth`` levels."""
    loader.get_event()  # StreamStartEvent
    if loader.check_event(yaml.StreamEndEvent):
        loader.get_event()
        return None
    loader.get_event()  # DocumentStartEvent
    anchors: dict[str, yaml.Node] = {}
    open_nodes: list[yaml.Node] = []  # mappings and sequences not ended yet, outermost first
    root: yaml.Node | None = None
    while not loader.check_event(yaml.DocumentEndEvent):
        event = loader.get_event()
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            done = open_nodes.pop()
            done.end_mark = event.end_mark
            if isinstance(done, yaml.MappingNode):  # children were collected key, value, key, ...
                done.value = list(zip(done.value[::2], done.value[1::2], strict=True))
            continue
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}", _mark(event))
            node = anchors[event.anchor]
        else:
            node = _node(loader, event)
            if event.anchor is not None:
                if event.anchor in anchors:
                    first = anchors[event.anchor].start_mark.line + 1
                    raise yaml.composer.ComposerError(
                        None,
                        None,
                        f"anchor {event.anchor!r} is defined twice (first on line {first})",
                        event.start_mark,
                    )
                anchors[event.anchor] = node
        if open_nodes:
            open_nodes[-1].value.append(node)
        else:
            root = node
        if isinstance(event, yaml.CollectionStartEvent):
            open_nodes.append(node)
            if len(open_nodes) > depth:
                raise _TooDeep(event.start_mark)
    loader.get_event()  # DocumentEndEvent
    if not loader.check_event(yaml.StreamEndEvent):
        raise yaml.composer.ComposerError(
            None, None, "a spec is a single YAML document, but another one starts here", loader.get_event().start_mark
        )
    return root


def _mark(event: Any) -> yaml.Mark:
    """An event's start (libyaml's marks have the same line and column as PyYAML's)."""
    mark: yaml.Mark = event.start_mark
    return mark


def _node(loader: Any, event: Any) -> yaml.Node:
    """The node an event starts, its tag resolved as PyYAML's composer resolves it."""
    if isinstance(event, yaml.ScalarEvent):
        tag = (
            event.tag if event.tag not in (None, "!") else loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        )
        return yaml.ScalarNode(tag, event.value, _mark(event), event.end_mark, style=event.style)  # type: ignore[arg-type]
    kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
    tag = event.tag if event.tag not in (None, "!") else loader.resolve(kind, None, event.implicit)
    return kind(tag, [], event.start_mark, None, flow_style=event.flow_style)


@record
class LoadedSpec:
    """A spec file's data and where each JSON pointer came from."""

    path: str  # as shown in diagnostics, e.g. "specs/shortkit.yaml"
    slug: str
    data: dict[str, Any]
    locations: dict[str, tuple[int, int]] = field(repr=False)
    problems: tuple[Diagnostic, ...] = ()  # found while loading; the data is still usable
    sha256: str = ""  # of the spec's UTF-8 bytes (a file's bytes): the generated files' provenance

    def where(self, pointer: str) -> tuple[int, int]:
        """The position of ``pointer``, or of its nearest ancestor that has one."""
        return nearest(self.locations, pointer)

    def diagnostic(self, pointer: str, message: str, hint: str = "", level: str = "error") -> Diagnostic:
        line, column = self.where(pointer)
        return Diagnostic(self.path, line, column, pointer, message, hint, level)


class _NotPlain(Exception):
    """The document needs ``load_text``'s full path: an anchor, an alias, a merge key, a tag,
    a problem to report, or anything near a limit."""


def _load_plain(text: str, bounds: Limits) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    """The data and locations ``load_text`` gives a plain document, straight from the
    parser's events (no node tree, no second walk): a spec without anchors, aliases,
    merge keys, tags or problems, well inside the limits. _NotPlain for anything else,
    and the full path (which says what is wrong) runs instead."""
    loader = _Loader(text)
    try:
        get_event = loader.get_event
        resolve = loader.resolve
        if not isinstance(get_event(), yaml.StreamStartEvent) or not isinstance(get_event(), yaml.DocumentStartEvent):
            raise _NotPlain
        locations: dict[str, tuple[int, int]] = {}
        budget = bounds.expanded_bytes
        # open collections: [value, pointer, key (None in a mapping until one is read)]
        stack: list[list[Any]] = []
        root: Any = None
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if event.anchor is not None:
                    raise _NotPlain
                raw = event.value
                tag = event.tag if event.tag not in (None, "!") else resolve(yaml.ScalarNode, raw, event.implicit)
                budget -= VALUE_BYTES + len(raw)
                if tag == _STR_TAG:
                    value: Any = raw
                else:
                    if tag == _MERGE_TAG:
                        raise _NotPlain
                    node = yaml.ScalarNode(tag, raw, event.start_mark, event.end_mark, style=event.style)
                    value = loader.construct_object(node, deep=True)
                    if not isinstance(value, _JSON_SCALARS) or (isinstance(value, float) and not math.isfinite(value)):
                        raise _NotPlain
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None or event.tag not in (None, "!") or len(stack) + 1 >= bounds.depth:
                    raise _NotPlain
                budget -= VALUE_BYTES
                value = {} if kind is yaml.MappingStartEvent else []
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                done = stack.pop()
                if isinstance(done[0], dict) and done[2] is not None:
                    raise _NotPlain  # a key without a value: not from the parser
                if not stack:
                    break
                continue
            else:  # an alias, or another document
                raise _NotPlain
            if budget < 0:
                raise _NotPlain
            mark = event.start_mark
            if not stack:
                if not isinstance(value, dict):
                    raise _NotPlain
                root = value
                locations[""] = (mark.line + 1, mark.column + 1)
                stack.append([value, "", None])
                continue
            top = stack[-1]
            container = top[0]
            if isinstance(container, dict):
                if top[2] is None:  # this is a key
                    if not (isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))):
                        raise _NotPlain
                    key = str(value)
                    if key in container:
                        raise _NotPlain  # a duplicate key: reported by the full path
                    child = f"{top[1]}/{escape_pointer_token(key) if '~' in key or '/' in key else key}"
                    locations[child] = (mark.line + 1, mark.column + 1)
                    top[2] = (key, child)
                    continue
                key, child = top[2]
                top[2] = None
                container[key] = value
            else:
                child = f"{top[1]}/{len(container)}"
                locations[child] = (mark.line + 1, mark.column + 1)
                container.append(value)
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                stack.append([value, child, None])
        if not isinstance(get_event(), yaml.DocumentEndEvent) or not isinstance(get_event(), yaml.StreamEndEvent):
            raise _NotPlain
        return root, locations
    except (yaml.YAMLError, ValueError, TypeError):  # what the full path reports as a problem
        raise _NotPlain from None
    finally:
        loader.dispose()


def load_text(text: str, path: str, slug: str | None = None) -> LoadedSpec:
    """Parse ``text`` (the content of ``path``).

    Raise SpecError when there is no document to check (invalid YAML, empty, not a
    mapping, beyond ``limits()``). Duplicate keys (the first is kept), non-string keys
    (skipped) and values that are not JSON (null) are kept in ``problems`` so validation
    can report the rest of the file in the same run. A plain document is read in one
    pass (``_load_plain``); anything else by composing its node tree first.
    """
    bounds = limits()
    try:
        data, found = _load_plain(text, bounds)
    except _NotPlain:
        pass
    else:
        return LoadedSpec(
            path=path,
            slug=slug or Path(path).stem,
            data=data,
            locations=found,
            sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        )
    problems: list[Diagnostic] = []
    locations: dict[str, tuple[int, int]] = {}
    loader = _Loader(text)
    budget = [bounds.expanded_bytes]

    def at(n: yaml.Node, pointer: str, message: str, hint: str) -> Diagnostic:
        return Diagnostic(path, n.start_mark.line + 1, n.start_mark.column + 1, pointer, message, hint)

    def spend(n: yaml.Node, pointer: str) -> None:
        budget[0] -= VALUE_BYTES + (len(n.value) if isinstance(n, yaml.ScalarNode) else 0)
        if budget[0] < 0:
            raise SpecError(
                [
                    at(
                        n,
                        pointer,
                        f"the spec's data is larger than {bounds.expanded_bytes} bytes, YAML aliases and merge "
                        f"keys (<<) expanded (each value counts {VALUE_BYTES} bytes plus its text)",
                        "use fewer aliases or split the spec; if it really is this large, raise --max-expanded-bytes",
                    )
                ]
            )

    def scalar(n: yaml.Node, pointer: str) -> Any:
        spend(n, pointer)
        if n.tag == _STR_TAG:  # what PyYAML's constructor makes of a string: its text
            return n.value
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

    def merged(n: yaml.MappingNode, pointer: str, ancestors: frozenset[int], depth: int) -> dict[str, Any]:
        """What the merge keys (``<<``) of ``n`` bring in, earlier mappings first, as PyYAML orders them."""
        found: dict[str, Any] = {}
        for key_node, value_node in n.value:
            if key_node.tag != _MERGE_TAG:
                continue
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            parts = []
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    problems.append(
                        at(source, pointer, "a merge key (<<) must name mappings", "merge only aliases of mappings")
                    )
                    continue
                part = convert(source, pointer, ancestors, depth)
                parts.append(part if isinstance(part, dict) else {})
            for part in reversed(parts):  # the first mapping named wins, as in PyYAML
                found.update(part)
        return found

    def convert(n: yaml.Node, pointer: str, ancestors: frozenset[int], depth: int) -> Any:
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
        if isinstance(n, yaml.ScalarNode):
            return scalar(n, pointer)
        spend(n, pointer)
        if depth >= bounds.depth:
            raise SpecError([_too_deep(path, n.start_mark, pointer, bounds.depth)])
        inside = ancestors | {id(n)}
        if isinstance(n, yaml.MappingNode):
            result = merged(n, pointer, inside, depth)
            own: set[str] = set()
            for key_node, value_node in n.value:
                if key_node.tag == _MERGE_TAG:
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    problems.append(at(key_node, pointer, "a list or mapping cannot be a key", "use a string key"))
                    continue
                key = scalar(key_node, pointer)
                if isinstance(key, bool) or not isinstance(key, (str, int)):
                    problems.append(at(key_node, pointer, f"mapping key {key!r} is not a string", "quote the key"))
                    continue
                key = str(key)
                child = f"{pointer}/{escape_pointer_token(key) if '~' in key or '/' in key else key}"
                if key in own:
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
                own.add(key)
                locations[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = convert(value_node, child, inside, depth + 1)
            return result
        items = []
        for index, item in enumerate(n.value):
            child = f"{pointer}/{index}"
            locations[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
            items.append(convert(item, child, inside, depth + 1))
        return items

    try:
        try:
            node = _compose(loader, bounds.depth)
        except _TooDeep as deep:
            raise SpecError([_too_deep(path, deep.mark, "", bounds.depth)]) from None
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
        data = convert(node, "", frozenset(), 0)
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise SpecError(
            [Diagnostic(path, 1, 1, "", "the spec must be a YAML mapping", "start from another spec in specs/")]
        )
    return LoadedSpec(
        path=path,
        slug=slug or Path(path).stem,
        data=data,
        locations=locations,
        problems=tuple(problems),
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),  # a file's bytes, as decoded
    )


def _too_deep(path: str, mark: Any, pointer: str, depth: int) -> Diagnostic:
    return Diagnostic(
        path,
        mark.line + 1,
        mark.column + 1,
        pointer,
        f"the spec is nested more than {depth} levels deep",
        "flatten the structure: give a nested schema a name of its own in components/schemas and $ref it",
    )


def too_large(path: str) -> SpecError:
    return SpecError(
        [
            Diagnostic(
                path,
                1,
                1,
                "",
                f"the spec file is larger than the limit of {limits().spec_bytes} bytes",
                "a spec describes one vendor's errors; if it really is this large, raise --max-spec-bytes",
            )
        ]
    )


def load_bytes(content: bytes, path: str, slug: str) -> LoadedSpec:
    """Parse the raw bytes of a spec; undecodable or too many bytes are a diagnostic, not a crash."""
    if len(content) > limits().spec_bytes:
        raise too_large(path)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError(
            [Diagnostic(path, 1, 1, "", f"not UTF-8 ({exc.reason} at byte {exc.start})", "save the file as UTF-8")]
        ) from None
    return load_text(text, path, slug)


def load_file(file: Path, display: str | None = None) -> LoadedSpec:
    """Read and parse one spec file; an unreadable or oversized file, or a symbolic link
    leading out of the file's directory, is a diagnostic, not a crash and never a read.

    At most one byte beyond the limit is read, so a huge file or a device costs no memory.
    """
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
        with file.open("rb") as stream:
            content = stream.read(limits().spec_bytes + 1)
    except OSError as exc:
        raise SpecError(
            [
                Diagnostic(
                    shown, 1, 1, "", f"cannot read the file: {exc.strerror or exc}", "check the file's permissions"
                )
            ]
        ) from None
    if len(content) > limits().spec_bytes:
        raise too_large(shown)
    return load_bytes(content, shown, Path(file).stem)
