"""The body schemas handed to datamodel-code-generator: prose removed, every model named here.

datamodel-code-generator names the classes of inline object schemas itself, after
their property (``meta`` -> ``Meta``) and with a number when two collide (``Meta1``),
so a schema added elsewhere can silently change which class a name means. Instead,
``name_models`` lifts every inline object schema out into a named schema of its own,
named by ``naming`` after its parent and property (``ErrorEnvelopeMeta``), and points
a ``$ref`` at it. ``validate`` reports a bad or colliding name with both locations;
``bodies`` then checks that the models are exactly the ones named here.

Only structure is kept: descriptions, titles, examples, comments, patterns and ``x-``
keys never reach models.py (property *names* such as ``title`` are of course kept).
"""

from __future__ import annotations

from typing import Any

from . import NamedSchema, naming
from .pointers import escape_pointer_token, unescape_pointer_token

SCHEMAS_POINTER = "/components/schemas"
REF_PREFIX = "#/components/schemas/"
_PROSE = frozenset({"description", "example", "examples", "title", "$comment"})
# Not prose, but nothing a TypedDict can say: datamodel-code-generator would match a
# spec's pattern against the spec's enum values and defaults, unbounded.
_UNTYPED = frozenset({"pattern"})
# keyword -> suffix of the class of an inline object schema found under it
_ONE_SCHEMA = {"items": "Item", "additionalProperties": "Value"}
_SCHEMA_LISTS = {"allOf": "Part", "anyOf": "Option", "oneOf": "Option", "prefixItems": "Item"}
# Other keywords whose values are schemas (cleaned of prose, not lifted: datamodel-code-
# generator makes no class of them) or maps of schemas. Any other keyword's value is data.
_OTHER_SCHEMA = frozenset(
    {
        "not",
        "if",
        "then",
        "else",
        "contains",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contentSchema",
    }
)
_SCHEMA_MAPS = frozenset({"patternProperties", "$defs", "dependentSchemas"})


def is_model(schema: Any) -> bool:
    """Whether datamodel-code-generator makes a class of ``schema`` (an object with properties)."""
    return isinstance(schema, dict) and isinstance(schema.get("properties"), dict)


def name_models(schemas: dict[str, Any]) -> list[NamedSchema]:
    """Every model of ``components/schemas``, the named ones first, in the spec's order."""
    top = {key: naming.model_class_name(key) for key in schemas}
    lifted: list[NamedSchema] = []

    def place(schema: Any, pointer: str, name: str) -> Any:
        """``schema`` in its parent: a $ref if it is an inline model, else rewritten."""
        if is_model(schema):
            lifted.append(NamedSchema(pointer, name, rewrite(schema, pointer, name)))
            return {"$ref": REF_PREFIX + name}
        return rewrite(schema, pointer, name)

    def rewrite(schema: Any, pointer: str, name: str) -> Any:
        if not isinstance(schema, dict):
            return schema
        out: dict[str, Any] = {}
        for key, value in schema.items():
            at = f"{pointer}/{escape_pointer_token(key)}"
            if key in _PROSE or key in _UNTYPED or key.startswith("x-"):
                continue
            if key == "$ref" and isinstance(value, str):
                out[key] = REF_PREFIX + top.get(ref_schema_name(value) or "", "")
            elif key == "properties" and isinstance(value, dict):
                out[key] = {
                    prop: place(sub, f"{at}/{escape_pointer_token(prop)}", property_model_name(name, prop, index))
                    for index, (prop, sub) in enumerate(value.items(), start=1)
                }
            elif key in _ONE_SCHEMA and isinstance(value, dict):
                out[key] = place(value, at, name + _ONE_SCHEMA[key])
            elif key in _SCHEMA_LISTS and isinstance(value, list):
                suffix = _SCHEMA_LISTS[key]
                out[key] = [place(sub, f"{at}/{i}", f"{name}{suffix}{i + 1}") for i, sub in enumerate(value)]
            elif key in _OTHER_SCHEMA:
                out[key] = rewrite(value, at, name)
            elif key in _SCHEMA_MAPS and isinstance(value, dict):
                out[key] = {k: rewrite(v, f"{at}/{escape_pointer_token(k)}", name) for k, v in value.items()}
            else:
                out[key] = value
        return out

    named = [
        NamedSchema(
            f"{SCHEMAS_POINTER}/{escape_pointer_token(key)}",
            top[key],
            rewrite(schema, f"{SCHEMAS_POINTER}/{escape_pointer_token(key)}", top[key]),
        )
        for key, schema in schemas.items()
    ]
    return named + lifted


def property_model_name(parent: str, prop: str, index: int) -> str:
    """The class of the inline object schema of property ``prop`` (the ``index``-th)."""
    return naming.nested_model_name(parent, prop if naming.pascal_words(prop) else f"property {index}")


def ref_schema_name(ref: str) -> str | None:
    """``Name`` for ``#/components/schemas/Name``; None for any other reference."""
    if not ref.startswith(REF_PREFIX):
        return None
    token = ref[len(REF_PREFIX) :]
    return unescape_pointer_token(token) if "/" not in token else None


# A body path step that means "each item of a list" (the items of ``problems.path``).
EACH_ITEM = None
# Schema nodes followed ($ref, allOf, anyOf, oneOf, a property) along one body path at
# most; past that a path is taken as possible: proving absence is a courtesy, not a must.
_MAX_DEPTH = 200


def path_absence(schemas: dict[str, Any], name: str, path: tuple[str | int | None, ...]) -> str:
    """Why no JSON body that ``components/schemas/<name>`` describes can hold ``path``, or "".

    "" unless the schema provably excludes the path: a step into an object needs the key
    among ``properties``, or ``additionalProperties`` not ``false``; a step into a list
    (a number, or ``EACH_ITEM``) needs ``items`` not ``false``; a declared ``type`` must
    allow the object or the list. ``$ref`` and every ``allOf`` part must allow the path,
    and at least one ``anyOf``/``oneOf`` member. ``patternProperties`` allow any key (a
    spec's regular expressions are never run), and a schema met again at the same step
    (a ``$ref`` cycle) proves nothing. Bounded: each (schema node, step) is judged once.
    """
    memo: dict[tuple[int, int], str] = {}

    def absent(node: Any, pointer: str, index: int, depth: int) -> str:
        if index == len(path) or depth > _MAX_DEPTH:
            return ""
        key = (id(node), index)
        if key not in memo:
            memo[key] = ""  # what a cycle back to here sees: no proof
            memo[key] = judge(node, pointer, index, depth)
        return memo[key]

    def judge(node: Any, pointer: str, index: int, depth: int) -> str:
        if node is False:
            return f"{pointer} allows no value"
        if not isinstance(node, dict):
            return ""
        target = ref_schema_name(node["$ref"]) if isinstance(node.get("$ref"), str) else None
        if target is not None and target in schemas:
            at = f"{SCHEMAS_POINTER}/{escape_pointer_token(target)}"
            if why := absent(schemas[target], at, index, depth + 1):
                return why
        parts = node.get("allOf")
        for i, part in enumerate(parts if isinstance(parts, list) else []):
            if why := absent(part, f"{pointer}/allOf/{i}", index, depth + 1):
                return why
        for combiner in ("anyOf", "oneOf"):
            members = node.get(combiner)
            if isinstance(members, list) and members:
                whys = [absent(m, f"{pointer}/{combiner}/{i}", index, depth + 1) for i, m in enumerate(members)]
                if all(whys):
                    return f"no member of {pointer}/{combiner} can hold it: {whys[0]}"
        step = path[index]
        declared = node.get("type")
        types = {declared} if isinstance(declared, str) else set(declared) if isinstance(declared, list) else None
        if isinstance(step, str):
            if types is not None and "object" not in types:
                return f"{pointer} is of type {'|'.join(sorted(map(str, types)))}, so it has no key {step!r}"
            properties = node.get("properties")
            extra = node.get("additionalProperties")
            if isinstance(properties, dict) and step in properties:
                child, at = properties[step], f"{pointer}/properties/{escape_pointer_token(step)}"
            elif node.get("patternProperties"):
                return ""
            elif extra is False:
                return f"{pointer} has no property {step!r} and allows no other (additionalProperties: false)"
            elif isinstance(extra, dict):
                child, at = extra, f"{pointer}/additionalProperties"
            else:
                return ""
        else:
            if types is not None and "array" not in types:
                return f"{pointer} is of type {'|'.join(sorted(map(str, types)))}, so it has no items"
            prefix, items = node.get("prefixItems"), node.get("items")
            if isinstance(step, int) and isinstance(prefix, list) and step < len(prefix):
                child, at = prefix[step], f"{pointer}/prefixItems/{step}"
            elif "items" in node:
                child, at = items, f"{pointer}/items"
            else:
                return ""
        return absent(child, at, index + 1, depth + 1)

    return absent(schemas.get(name), f"{SCHEMAS_POINTER}/{escape_pointer_token(name)}", 0, 0)
