"""JSON pointers (RFC 6901) into a spec and its local ``$ref``s: the one implementation.

Every stage names a place in a spec by a JSON pointer (``/x-error-contract/codes/GONE``):
the loader maps pointers to lines, diagnostics and diff changes carry them, and a
``$ref`` is ``#`` followed by one. A spec is one self-contained file, so the only
references are local (``#/components/schemas/Name``), and they step through mappings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

EXTENSION = "x-error-contract"  # the spec's root extension key; everything OpenAPI cannot say
LOCAL_REF = "#/"  # how a local ``$ref`` starts
MAX_REF_CHAIN = 32  # a ``$ref`` naming a ``$ref`` ...: followed this far at most

Tokens = tuple[str | int, ...]


class Unresolved(LookupError):
    """A ``$ref`` that is not local or names nothing in the spec."""


def escape_pointer_token(token: object) -> str:
    """One token of a pointer: ``a/b~c`` -> ``a~1b~0c``."""
    return str(token).replace("~", "~0").replace("/", "~1")


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
