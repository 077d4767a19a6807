"""JSON pointers (RFC 6901) into a spec and its local ``$ref``s: the one implementation.

Every stage names a place in a spec by a JSON pointer (``/x-error-contract/codes/GONE``):
the loader maps pointers to lines, diagnostics and diff changes carry them, and a
``$ref`` is ``#`` followed by one. A spec is one self-contained file, so the only
references are local (``#/components/schemas/Name``), and they step through mappings.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping
from typing import Any

EXTENSION = "x-error-contract"  # the spec's root extension key; everything OpenAPI cannot say
LOCAL_REF = "#/"  # how a local ``$ref`` starts
MAX_REF_CHAIN = 32  # a ``$ref`` naming a ``$ref`` ...: followed this far at most

Tokens = tuple[str | int, ...]


class Unresolved(LookupError):
    """A ``$ref`` that is not local or names nothing in the spec."""


def escape_pointer_token(token: object) -> str:
    """One token of a pointer: ``a/b~c`` -> ``a~1b~0c``."""
    text = str(token)
    if "~" in text or "/" in text:
        return text.replace("~", "~0").replace("/", "~1")
    return text


def unescape_pointer_token(token: str) -> str:
    """The inverse of ``escape_pointer_token``."""
    return token.replace("~1", "/").replace("~0", "~")


def json_pointer(*tokens: object) -> str:
    """``json_pointer("components", "schemas", "a/b")`` -> ``/components/schemas/a~1b``."""
    return "".join("/" + escape_pointer_token(token) for token in tokens)


def ref_tokens(ref: str) -> list[str]:
    """The tokens of a local ``$ref``: ``#/components/schemas/a~1b`` -> ``["components", "schemas", "a/b"]``.

    Raises Unresolved for any other reference (another file, a URL, an anchor).
    """
    if not ref.startswith(LOCAL_REF):
        raise Unresolved(ref)
    return [unescape_pointer_token(token) for token in ref[len(LOCAL_REF) :].split("/")]


def resolve_ref(data: Any, ref: str) -> Any:
    """What the local ``$ref`` names in ``data``; Unresolved when it names nothing."""
    node = data
    for token in ref_tokens(ref):
        if not isinstance(node, dict) or token not in node:
            raise Unresolved(ref)
        node = node[token]
    return node


def deref(data: Any, node: Any) -> Any:
    """``node``, or what its ``$ref`` (and theirs, up to MAX_REF_CHAIN) names; None when one does not resolve."""
    for _ in range(MAX_REF_CHAIN):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        try:
            node = resolve_ref(data, node["$ref"])
        except Unresolved:
            return None
    return node


def follow_refs(data: Any, tokens: Tokens) -> Tokens:
    """``tokens`` with every ``$ref`` on the way followed, so the path names real text.

    A validator walking through a ``$ref`` reports a schema under the referring path
    (``.../items/properties/x``); the author needs the referenced schema's own path.
    A ``$ref`` that does not resolve ends the following there.
    """
    node, out = data, list[str | int]()
    for token in tokens:
        for _ in range(MAX_REF_CHAIN):
            if not (isinstance(node, dict) and token not in node and isinstance(node.get("$ref"), str)):
                break
            try:
                target = resolve_ref(data, node["$ref"])
            except Unresolved:
                break
            out, node = list(ref_tokens(node["$ref"])), target
        out.append(token)
        node = _child(node, token)
    return tuple(out)


def local_refs(data: Any) -> Iterator[tuple[str, str]]:
    """``(pointer of the object holding it, ref)`` for every string ``$ref`` in ``data``, in document order."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                yield pointer, node["$ref"]
            children = [(f"{pointer}/{escape_pointer_token(key)}", value) for key, value in node.items()]
        elif isinstance(node, list):
            children = [(f"{pointer}/{index}", value) for index, value in enumerate(node)]
        else:
            continue
        stack.extend(reversed(children))


def ref_cycles(
    data: Any, *, nesting: bool = False, refs: list[tuple[str, str]] | None = None
) -> list[list[tuple[str, str]]]:
    """Every loop of local ``$ref``s in ``data`` that no value could ever satisfy, each as
    its ``(pointer of the holder, ref)`` steps.

    A loop whose every step stands for the same value (a schema that is itself, directly,
    through ``allOf``/``anyOf``/``oneOf`` or through another schema; a response naming a
    response that names it back) has no finite meaning to generate from. A loop that
    passes through a property, an item or another nested value at least once is
    recursion, which real error contracts use (an error whose ``details`` are a list of
    errors, an ``innererror`` chain): it describes finite bodies, is generated as a
    recursive ``TypedDict``, and every walker here stops where it comes back;
    ``nesting=True`` returns those loops instead. The search is iterative and
    near-linear: each ``$ref`` lies inside at most as many definitions as the spec is
    deep. Refs that do not resolve are left out (reported elsewhere). ``refs``: ``local_refs(data)``
    when the caller has it already.
    """
    refs = sorted((holder, ref) for holder, ref in (local_refs(data) if refs is None else refs) if _resolves(data, ref))
    holders = [holder for holder, _ in refs]
    targets = {json_pointer(*ref_tokens(ref)) for _, ref in refs}

    def inside(target: str) -> list[tuple[str, str]]:
        """The refs held by ``target`` or anything under it."""
        start, end = bisect_left(holders, target), bisect_left(holders, target + "0")  # "0" follows "/"
        return [step for step in refs[start:end] if step[0] == target or step[0].startswith(target + "/")]

    edges = {target: [s for s in inside(target) if nesting or not _nests(target, s[0])] for target in targets}
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    cycles: list[list[tuple[str, str]]] = []
    for root in sorted(targets):
        if root in state:
            continue
        path: list[tuple[str, str]] = []  # the steps taken to the node on top of ``work``
        work = [(root, iter(edges[root]))]
        state[root] = 1
        while work:
            node, pending = work[-1]
            step = next(pending, None)
            if step is None:
                state[node] = 2
                work.pop()
                if path:
                    path.pop()
                continue
            target = json_pointer(*ref_tokens(step[1]))
            if state.get(target) == 1:
                start = next((i for i, (n, _) in enumerate(work) if n == target), 0)
                cycle = path[start:] + [step]
                if not nesting or any(_nests(n, s[0]) for (n, _), s in zip(work[start:], cycle, strict=True)):
                    cycles.append(cycle)
            elif target not in state:
                state[target] = 1
                path.append(step)
                work.append((target, iter(edges[target])))
    return cycles


# Keywords whose subschemas describe a value nested inside the instance, not the instance itself.
_NESTED = frozenset(
    {
        "additionalItems",
        "additionalProperties",
        "contains",
        "dependentSchemas",
        "items",
        "patternProperties",
        "prefixItems",
        "properties",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
    }
)


def _nests(definition: str, holder: str) -> bool:
    """Whether the ``$ref`` at ``holder`` describes a value nested inside the instance
    that ``definition`` describes (under a property, an item, ...)."""
    return not _NESTED.isdisjoint(holder[len(definition) :].split("/"))


def deepest_ref(data: Any, refs: list[tuple[str, str]] | None = None) -> tuple[str, str, int]:
    """The ``$ref`` below which ``data`` nests deepest with every reference inlined:
    ``(pointer of its holder, ref, levels from the root)``; ``("", "", 0)`` without refs.

    Each ``$ref`` counts one level, as a walker following it descends once more; so a
    chain of 3000 schemas each naming the next is 3000 levels deep, however flat its
    text. A reference back to a definition being measured (recursion) counts as a
    walker that stops there: one level. ``refs``: ``local_refs(data)`` when the caller has it.
    """
    refs = sorted((holder, ref) for holder, ref in (local_refs(data) if refs is None else refs) if _resolves(data, ref))
    if not refs:
        return ("", "", 0)
    holders = [holder for holder, _ in refs]
    nodes = sorted(_depths(data))
    names = [pointer for pointer, _ in nodes]

    def below(target: str, items: list[Any], keys: list[str]) -> list[Any]:
        start, end = bisect_left(keys, target + "/"), bisect_left(keys, target + "0")  # "0" follows "/"
        return items[start:end] + [item for item in items[bisect_left(keys, target) : start] if _key(item) == target]

    def levels(pointer: str) -> int:
        return pointer.count("/")

    inlined: dict[str, int] = {}  # target -> levels below it, references inlined
    entered: set[str] = set()  # targets whose references have been pushed
    for root in sorted({json_pointer(*ref_tokens(ref)) for _, ref in refs}):
        work = [root]
        while work:  # post-order without recursion: a target once every target it names is known
            target = work[-1]
            if target in inlined:
                work.pop()
                continue
            inside = below(target, refs, holders)
            named = [json_pointer(*ref_tokens(ref)) for _, ref in inside]
            waiting = [t for t in named if t not in inlined and t not in entered]
            entered.add(target)
            if waiting:
                work.extend(waiting)
                continue
            own = max((depth - levels(target) for _, depth in below(target, nodes, names)), default=0)
            through = (
                levels(holder) - levels(target) + 1 + inlined.get(json_pointer(*ref_tokens(ref)), 0)
                for holder, ref in inside
            )
            inlined[target] = max(own, *through) if inside else own
            work.pop()
    return max(
        ((holder, ref, levels(holder) + 1 + inlined[json_pointer(*ref_tokens(ref))]) for holder, ref in refs),
        key=lambda found: found[2],
    )


def _key(item: Any) -> str:
    return str(item[0])


def _depths(data: Any) -> Iterator[tuple[str, int]]:
    """``(pointer, levels)`` of every value in ``data``."""
    stack: list[tuple[str, int, Any]] = [("", 0, data)]
    while stack:
        pointer, depth, node = stack.pop()
        yield pointer, depth
        if isinstance(node, dict):
            stack.extend((f"{pointer}/{escape_pointer_token(key)}", depth + 1, value) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((f"{pointer}/{index}", depth + 1, value) for index, value in enumerate(node))


def _resolves(data: Any, ref: str) -> bool:
    try:
        resolve_ref(data, ref)
    except Unresolved:
        return False
    return True


def nearest(positions: Mapping[str, tuple[int, int]], pointer: str) -> tuple[int, int]:
    """The ``(line, column)`` of ``pointer``, or of its nearest ancestor that has one."""
    while pointer:
        if pointer in positions:
            return positions[pointer]
        pointer = pointer.rsplit("/", 1)[0]
    return positions.get("", (1, 1))


def _child(node: Any, token: str | int) -> Any:
    """``node[token]`` for a key of a mapping or an index of a list, else None."""
    if isinstance(node, dict):
        return node.get(token)
    if isinstance(node, list) and isinstance(token, int) and 0 <= token < len(node):
        return node[token]
    return None
