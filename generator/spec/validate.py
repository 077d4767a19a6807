"""Check a loaded spec and report every problem at once, each with its location.

Four layers, each reported with file, line, column, JSON pointer and a hint:

- the document: OpenAPI 3.1 (openapi-spec-validator, see ``openapi.py``) plus what the
  generator needs of it (schemas, status-keyed responses, local ``$ref``s only);
- the ``x-error-contract`` extension's structure: ``x-error-contract.schema.json``;
- meaning: class names and their collisions, codes and the rules that name them,
  shapes, retry rules (each group checked once its part of the structure is sound);
- the body models' names (``schemas.name_models``) and their collisions.

Names are not derived here: the class names are the ones ``build`` derives
(``build.fixed_classes``, ``status_classes``, ``code_classes``) and the body model
names those of ``schemas.name_models``; this module judges them. Defaults come from
the extension's schema (``extension.default``), as in ``build``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..model import naming, runtime
from ..model.bodypath import parse_path, path_problem
from ..model.conditions import expand, status_ranges
from ..model.pointers import (
    EXTENSION,
    Tokens,
    Unresolved,
    deepest_ref,
    escape_pointer_token,
    follow_refs,
    ref_cycles,
    resolve_ref,
)
from ..model.pointers import json_pointer as _pointer
from ..model.schemas import EACH_ITEM, name_models, path_absence, ref_schema_name
from . import build, extension
from .diagnostics import Diagnostic
from .loader import LoadedSpec, limits
from .openapi import MAX_PATTERN_CHARS, MAX_PATTERN_GROUPS, openapi_errors, surely_valid

if TYPE_CHECKING:
    from ..output.cache import Artifacts

BASE_CLASSES = ("APIConnectionError", "APITimeoutError", "APIError", "ClientError", "ServerError")
SPEC_GUIDE = 'see README.md, "Writing a spec"'
OPENAPI_GUIDE = "see the OpenAPI 3.1 specification, https://spec.openapis.org/oas/v3.1.0"
# Keywords that change how references resolve; a spec is one self-contained file.
_UNSUPPORTED_REF_KEYWORDS = ("$id", "$anchor", "$dynamicRef", "$dynamicAnchor")
_KINDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}


def _mapping(value: Any) -> dict[str, Any]:
    """``value`` when it is a mapping, else an empty one (its shape is reported elsewhere)."""
    return value if isinstance(value, dict) else {}


def validate(spec: LoadedSpec, store: Artifacts | None = None) -> list[Diagnostic]:
    """All problems of one spec, loading problems included; no error means ``build`` may run.
    ``store`` remembers the documents the OpenAPI validator found no error in (``openapi_problems``)."""
    data = spec.data
    problems = _document_diagnostics(spec)
    ref_problems = _ref_diagnostics(spec)
    problems += ref_problems
    version = data.get("openapi")
    if not ref_problems and isinstance(version, str) and version.startswith("3.1"):
        problems += _schema_error_diagnostics(spec, openapi_problems(data, store), OPENAPI_GUIDE)
    components = _mapping(data.get("components"))
    schemas = _mapping(components.get("schemas"))
    problems += _model_diagnostics(spec, schemas)

    ext = data.get(EXTENSION)
    if ext is None:
        problems.append(_missing_extension(spec))
        return _with_load_problems(spec, problems)
    errors = [] if extension.surely_valid(ext) else list(extension.validator().iter_errors(ext))
    problems += _schema_error_diagnostics(spec, [((EXTENSION,), e) for e in errors], SPEC_GUIDE)
    sound = _sound_sections(ext, errors)
    if {"root-class", "codes"} <= sound:
        problems += _class_diagnostics(spec, ext)
    if {"rules", "codes", "kinds"} <= sound:
        problems += _rule_diagnostics(spec, ext)
    if "shapes" in sound:
        problems += _shape_diagnostics(spec, ext, schemas)
    if {"shapes", "codes", "rules", "kinds", "status-docs"} <= sound:
        problems += _kind_and_docs_diagnostics(spec, ext)
    if {"shapes", "codes", "rules"} <= sound:
        problems += _reachability_diagnostics(spec, ext)
    if {"retry", "codes"} <= sound:
        problems += _retry_diagnostics(spec, ext)
    problems += _example_diagnostics(spec, ext, sound)
    return _with_load_problems(spec, problems)


def openapi_problems(data: dict[str, Any], store: Artifacts | None = None) -> list[tuple[Tokens, Any]]:
    """``openapi.openapi_errors`` of the document without its extension, which OpenAPI leaves
    to the spec (an ``x-`` key): what the validator sees is exactly the artifact's key, so an
    edit of the extension alone (a retry number) finds the verdict in ``store`` and the
    validator is not even imported. Only "no error" is stored; errors are found again."""
    document = {key: value for key, value in data.items() if key != EXTENSION}
    if surely_valid(document):  # the part of OpenAPI a spec uses, restated (openapi.surely_valid)
        return []
    if store is None:
        return openapi_errors(document)
    key = store.key("openapi", repr(document))  # repr tells 1 from "1" and True, and keeps the order
    if store.get("openapi", key) == "valid":
        return []
    found = openapi_errors(document)
    if not found:
        store.put("openapi", key, "valid")
    return found


def _missing_extension(spec: LoadedSpec) -> Diagnostic:
    """No extension: at a root key that looks like a misspelling of it, if there is one."""
    by_folded = {key.casefold(): key for key in spec.data}
    close = difflib.get_close_matches(EXTENSION, list(by_folded), n=1, cutoff=0.75)
    if not close:
        return spec.diagnostic("", f"missing the {EXTENSION} extension", SPEC_GUIDE)
    key = by_folded[close[0]]
    return spec.diagnostic(
        _pointer(key), f"missing the {EXTENSION} extension; {key!r} is not it", f"did you mean {EXTENSION!r}?"
    )


def _with_load_problems(spec: LoadedSpec, problems: list[Diagnostic]) -> list[Diagnostic]:
    """The loader's problems, then the others except those at the same place (its echoes:
    a value the loader could not read is null, which is then also 'not a string')."""
    echoed = {d.pointer for d in spec.problems}
    return sorted(set(spec.problems) | {d for d in problems if d.pointer not in echoed})


def _document_diagnostics(spec: LoadedSpec) -> list[Diagnostic]:
    """What the generator needs of the OpenAPI document beyond OpenAPI itself."""
    data, found = spec.data, []
    if (why := naming.module_name_problem(spec.slug)) != "":
        found.append(
            spec.diagnostic(
                "", f"file name gives package name {spec.slug!r}: {why}", "rename the file, e.g. specs/acme.yaml"
            )
        )
    version = data.get("openapi")
    if not (isinstance(version, str) and version.startswith("3.1")):
        found.append(
            spec.diagnostic("/openapi", f"openapi must be a 3.1 version, not {version!r}", 'set "openapi: 3.1.0"')
        )
    components = data.get("components")
    if not isinstance(components, dict):
        found.append(spec.diagnostic("", "missing components", "add components/schemas and components/responses"))
        return found
    schemas, responses = components.get("schemas"), components.get("responses", {})
    if not isinstance(schemas, dict) or not schemas:
        found.append(
            spec.diagnostic(
                "/components",
                "components/schemas must describe every error body shape",
                "add one schema per body shape",
            )
        )
    if not isinstance(responses, dict):
        found.append(
            spec.diagnostic(
                "/components/responses",
                "components/responses must be a mapping",
                'key each error response by its status, e.g. "429":',
            )
        )
        return found
    for key in responses:
        if not (key.isascii() and key.isdigit() and 100 <= int(key) <= 599):
            found.append(
                spec.diagnostic(
                    _pointer("components", "responses", key),
                    f"response key {key!r} is not a status between 100 and 599",
                    'key each error response by its status code, e.g. "429":',
                )
            )
    return found


def _ref_diagnostics(spec: LoadedSpec) -> list[Diagnostic]:
    """``$ref``s must be local JSON pointers that resolve; schemas must refer to whole schemas."""
    found = []
    refs: list[tuple[str, str]] = []  # local_refs(spec.data), found by the walk below

    def resolves(ref: str) -> bool:
        try:
            resolve_ref(spec.data, ref)
        except Unresolved:
            return False
        return True

    def walk(node: Any, pointer: str) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                refs.append((pointer, ref))
            if isinstance(ref, str) and not resolves(ref):
                found.append(
                    spec.diagnostic(
                        pointer + "/$ref",
                        f"$ref {ref!r} does not resolve",
                        "refer to a definition in this file, such as #/components/schemas/Name",
                    )
                )
            elif isinstance(ref, str) and pointer.startswith("/components/schemas/") and ref_schema_name(ref) is None:
                found.append(
                    spec.diagnostic(
                        pointer + "/$ref",
                        f"$ref {ref!r} inside a schema must name a whole schema",
                        "refer to #/components/schemas/Name; give a nested part a schema of its own",
                    )
                )
            for keyword in _UNSUPPORTED_REF_KEYWORDS:
                if isinstance(node.get(keyword), str):
                    found.append(
                        spec.diagnostic(
                            f"{pointer}/{keyword}",
                            f"{keyword} is not supported: a spec is one self-contained file",
                            "remove it and use $ref: '#/components/schemas/Name'",
                        )
                    )
            for key, value in node.items():
                walk(value, pointer + "/" + escape_pointer_token(key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{pointer}/{index}")

    walk(spec.data, "")
    cycles = ref_cycles(spec.data, refs=refs)
    holder, ref, depth = deepest_ref(spec.data, refs)
    if depth > limits().depth:  # walkers descend once per level and per $ref: bounded like the YAML
        found.append(
            spec.diagnostic(
                holder + "/$ref",
                f"with $ref {ref!r} followed, the spec nests {depth} levels deep, more than {limits().depth}",
                "refer to the end of a chain of $refs directly, and nest fewer schemas inside each other",
            )
        )
    kinds = (
        (
            cycles,
            "error",
            "closes a cycle",
            "a definition cannot contain itself; describe the nested part in place, without a $ref back",
        ),
        (
            ref_cycles(spec.data, nesting=True, refs=refs),
            "warning",
            "makes a schema recursive",
            "fine for bodies that nest (errors inside errors): models.py gets a recursive TypedDict;"
            " if the nesting is not meant, describe the nested part in place",
        ),
    )
    for loops, level, what, hint in kinds:
        for cycle in loops:
            holder, ref = cycle[-1]
            chain = " -> ".join([ref] + [r for _, r in cycle])
            found.append(spec.diagnostic(holder + "/$ref", f"$ref {ref!r} {what}: {chain}", hint, level=level))
    return found


def _model_diagnostics(spec: LoadedSpec, schemas: dict[str, Any]) -> list[Diagnostic]:
    """Every body model gets a distinct, allowed class name (see ``model/schemas.py``)."""
    found = []
    owners: dict[str, str] = {}
    for model in name_models(schemas):
        if not model.name:
            found.append(
                spec.diagnostic(
                    model.pointer,
                    "schema name gives no Python class name",
                    "rename the schema with ASCII letters, e.g. ErrorBody",
                )
            )
        elif (why := naming.class_name_problem(model.name, module="models")) != "":
            found.append(spec.diagnostic(model.pointer, f"body model class name {why}", "rename the schema"))
        elif model.name in owners:
            found.append(
                spec.diagnostic(
                    model.pointer,
                    f"body model class name {model.name!r} collides with the one of {_where(spec, owners[model.name])}",
                    "rename one of them, or give the inline schema a name of its own in components/schemas and $ref it",
                )
            )
        else:
            owners[model.name] = model.pointer
    return found


def _where(spec: LoadedSpec, pointer: str) -> str:
    line, column = spec.where(pointer)
    return f"{pointer} (line {line}, column {column})"


def _sound_sections(ext: Any, errors: list[Any]) -> set[str]:
    """The extension's top-level keys whose structure has no error (meaning checks need it)."""
    keys = set(extension.schema()["properties"])
    if not isinstance(ext, dict):
        return set()
    for error in errors:
        path = list(error.absolute_path)
        if path:
            keys.discard(str(path[0]))
        elif error.validator == "required":
            keys -= set(error.validator_value) - set(ext)
        elif error.validator != "additionalProperties":
            return set()
    return keys


def _schema_error_diagnostics(spec: LoadedSpec, located: Iterable[tuple[Tokens, Any]], guide: str) -> list[Diagnostic]:
    """JSON Schema errors (``(path prefix, error)``) as diagnostics at their real location."""
    found = []
    for prefix, raw in located:
        error = _most_specific(raw)
        tokens = follow_refs(spec.data, prefix + tuple(error.absolute_path))
        pointer = _pointer(*tokens)
        if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
            allowed = sorted(error.schema.get("properties", {}))
            unknown = _extra_keys(error, set(allowed))
            for key in unknown:
                found.append(
                    spec.diagnostic(
                        f"{pointer}/{escape_pointer_token(key)}", f"unknown key {key!r}", _unknown_hint(key, allowed)
                    )
                )
            if unknown:
                continue
        if "propertyNames" in error.absolute_schema_path and isinstance(error.instance, str):
            found.append(
                spec.diagnostic(
                    f"{pointer}/{escape_pointer_token(error.instance)}",
                    f"name {_short(error.instance)} is not allowed here",
                    _hint(error, guide),
                )
            )
            continue
        found.append(spec.diagnostic(pointer, _describe(error), _hint(error, guide)))
    return found


def _extra_keys(error: Any, named: set[str]) -> list[str]:
    """The keys an additionalProperties (or unevaluatedProperties) error is about, in linear time.

    ``patternProperties`` here are the generator's or OpenAPI's own schemas' (``^x-``),
    never a spec's. Keys evaluated by other keywords (unevaluatedProperties) are the
    ones jsonschema's message names, read once.
    """
    patterns = error.schema.get("patternProperties", {}) if isinstance(error.schema, dict) else {}
    keys = [k for k in error.instance if k not in named and not any(re.search(p, k) for p in patterns)]
    if error.validator == "additionalProperties":
        return keys
    named_in_message = set(re.findall(r"'((?:[^'\\]|\\.)*)'", error.message))
    return [key for key in keys if repr(key)[1:-1] in named_in_message]


def _most_specific(error: Any) -> Any:
    """The cause of a oneOf/anyOf failure, unless every branch only wanted another type."""
    from jsonschema.exceptions import best_match

    if not error.context or _wanted_types(error) or _one_of_keys(error):
        return error
    try:
        return best_match(error.context)
    except AttributeError:  # openapi-spec-validator's copies of errors lack the type checker
        return error.context[0]


def _wanted_types(error: Any) -> list[str]:
    """The types a failed type check (or a oneOf/anyOf of type checks) asked for, else []."""
    if error.validator == "type":
        return error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    if error.validator in ("oneOf", "anyOf") and error.context:
        wanted = [t for c in error.context if not c.relative_path for t in _wanted_types(c)]
        if all(c.validator == "type" and not c.relative_path for c in error.context):
            return wanted
    return []


def _one_of_keys(error: Any) -> list[str]:
    """The keys of a ``oneOf`` whose branches each require one key (exactly one of them), else []."""
    branches = error.validator_value if error.validator == "oneOf" else None
    if not isinstance(branches, list) or not all(isinstance(b, dict) and list(b) == ["required"] for b in branches):
        return []
    return [key for branch in branches for key in branch["required"]]


def _describe(error: Any) -> str:
    """A short message: jsonschema's own repeats the whole offending value."""
    if (keys := _one_of_keys(error)) and isinstance(error.instance, dict):
        given = [key for key in keys if key in error.instance]
        if len(given) > 1:
            return f"has both {' and '.join(map(repr, given))}: give exactly one of them"
        return f"needs one of {' or '.join(map(repr, keys))}"
    if wanted := _wanted_types(error):
        return f"expected {' or '.join(_KINDS.get(w, str(w)) for w in wanted)}, not {_kind_of(error.instance)}"
    if error.validator == "required":
        missing = [key for key in error.validator_value if key not in error.instance]
        return f"missing key {missing[0]!r}" if missing else error.message
    if error.validator == "enum":
        return f"{_short(error.instance)} is not one of: {_some(error.validator_value)}"
    if error.validator == "format" and error.validator_value == "regex" and error.cause is not None:
        return f"{_short(error.instance)} is not a usable regular expression: {error.cause}"
    message: str = error.message
    return message if len(message) <= 160 else message[:159] + "\u2026"


def _some(values: list[Any], shown: int = 12) -> str:
    """The first ``shown`` of ``values``, and how many there are: a message stays short."""
    text = ", ".join(map(str, values[:shown]))
    return text if len(values) <= shown else f"{text}, \u2026 ({len(values)} in all)"


def _kind_of(value: Any) -> str:
    names = {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        list: "array",
        dict: "object",
        type(None): "null",
    }
    return f"{_KINDS[names.get(type(value), 'object')]} ({_short(value)})"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "\u2026"


def _hint(error: Any, guide: str) -> str:
    if _wanted_types(error) == ["integer"] and isinstance(error.instance, float) and error.instance.is_integer():
        return f"write {int(error.instance)}, without the decimal point: generated code needs a whole number"
    if error.validator == "format" and error.validator_value == "regex" and error.cause is not None:
        return f"write a regular expression of at most {MAX_PATTERN_CHARS} characters and {MAX_PATTERN_GROUPS} groups"
    if error.validator == "required":
        missing = [key for key in error.validator_value if key not in error.instance]
        return f"add `{missing[0]}:`" if missing else guide
    if error.validator == "enum" and isinstance(error.instance, str):
        options = [str(v) for v in error.validator_value]
        close = difflib.get_close_matches(error.instance, options, n=1)
        return (f"did you mean {close[0]!r}? " if close else "") + "use one of: " + _some(options)
    description = error.schema.get("description") if isinstance(error.schema, dict) else None
    return description if isinstance(description, str) else guide


def _unknown_hint(key: str, allowed: list[str]) -> str:
    if not allowed:
        return "remove the key"
    close = difflib.get_close_matches(key, allowed, n=1)
    return (
        f"did you mean {close[0]!r}? " if close else "check the spelling; "
    ) + f"allowed keys here: {', '.join(allowed)}"


def _class_diagnostics(spec: LoadedSpec, ext: dict[str, Any]) -> list[Diagnostic]:
    """Every class ``build`` names from the spec: an allowed name, distinct from all others."""
    found = []
    owners: dict[str, str] = {}  # class name -> pointer that introduced it

    def claim(name: str, pointer: str, hint: str) -> None:
        if (why := naming.class_name_problem(name)) != "":
            found.append(spec.diagnostic(pointer, f"class name {why}", hint))
        elif name in owners:
            found.append(
                spec.diagnostic(
                    pointer, f"class name {name!r} collides with the one of {_where(spec, owners[name])}", hint
                )
            )
        else:
            owners[name] = pointer

    root = build.fixed_classes(ext)[0]
    claim(root.name, root.pointer, "choose another root-class")
    statuses = build.status_classes(spec.data)
    for cls in statuses:
        claim(cls.name, cls.pointer, "status classes have fixed names: rename the other class")

    kinds = build.kind_classes(ext) if "kinds" in ext and isinstance(ext["kinds"], dict) else []
    for cls in kinds:
        claim(
            cls.name,
            cls.pointer,
            "give the kind an explicit `class:`" if not cls.pointer.endswith("/class") else "choose another `class:`",
        )
    declared_kinds = {cls.kind_name for cls in kinds}
    folded: dict[str, str] = {}
    for cls in build.code_classes(ext, statuses, kinds=kinds):
        code = cls.code or ""
        pointer = _pointer(EXTENSION, "codes", code)
        many = "statuses" in ext["codes"][code]
        for index, status in enumerate(cls.statuses):
            if status < 400:
                found.append(
                    spec.diagnostic(
                        pointer + (f"/statuses/{index}" if many else "/status"),
                        f"code {code!r} has status {status}, which is not an error",
                        "give the 4xx or 5xx status the vendor documents",
                    )
                )
        if cls.kind_name is not None and cls.kind_name not in declared_kinds:
            found.append(
                spec.diagnostic(
                    pointer + "/kind",
                    f"code {code!r} names undeclared kind {cls.kind_name!r}",
                    "declare the kind under kinds, or fix its spelling",
                )
            )
        if not cls.name:
            found.append(spec.diagnostic(pointer, f"code {code!r} gives no class name", "add an explicit `class:`"))
        elif cls.pointer.endswith("/class"):
            claim(cls.name, cls.pointer, "choose another `class:`")
        else:
            claim(cls.name, cls.pointer, f"give the code an explicit `class:` (the default is {cls.name})")
        key = code.casefold()
        if key in folded:
            found.append(
                spec.diagnostic(
                    pointer,
                    f"code {code!r} differs from {folded[key]!r} at {_where(spec, _pointer(EXTENSION, 'codes', folded[key]))} only by case",
                    "keep one spelling; `code-case` on a shape normalises what the body sends",
                )
            )
        folded[key] = code
    return found


def _rule_diagnostics(spec: LoadedSpec, ext: dict[str, Any]) -> list[Diagnostic]:
    """Every classification rule names a declared code or kind, and can fire."""
    found = []
    codes, kinds = ext.get("codes", {}), ext.get("kinds", {})
    seen: dict[Any, int] = {}  # condition -> index of the first rule with it
    for rule, raw in zip(build.rules(ext), ext.get("rules", []), strict=True):
        pointer = rule.pointer
        if "code" in raw and raw["code"] not in codes:
            found.append(
                spec.diagnostic(
                    pointer + "/code",
                    f"rule names undeclared code {raw['code']!r}",
                    "declare the code under codes, or fix its spelling",
                )
            )
        if "kind" in raw and raw["kind"] not in kinds:
            found.append(
                spec.diagnostic(
                    pointer + "/kind",
                    f"rule names undeclared kind {raw['kind']!r}",
                    "declare the kind under kinds, or fix its spelling",
                )
            )
        target = codes.get(raw.get("code"))
        if isinstance(target, dict) and rule.condition[0]:
            documented = build.code_statuses(target)
            if not any(low // 100 <= s // 100 <= high // 100 for low, high in rule.condition[0] for s in documented):
                found.append(
                    spec.diagnostic(
                        pointer + "/when/status",
                        f"rule gives code {raw['code']!r} only to statuses of another category than its "
                        f"documented {', '.join(map(str, documented))}: its class is never raised",
                        "give the code the status it arrives with (statuses: [...]), or fix the rule's status",
                        level="warning",
                    )
                )
        if rule.condition in seen:
            first = _pointer(EXTENSION, "rules", seen[rule.condition])
            found.append(
                spec.diagnostic(
                    pointer,
                    f"rule can never fire: {_where(spec, first)} has the same condition ({rule.words}) and comes first",
                    "remove one of the two rules",
                    level="warning",
                )
            )
        seen.setdefault(rule.condition, int(pointer.rsplit("/", 1)[1]))
        message = rule.condition[3]
        if message is not None and message[0] != "contains":
            op, text = message[0], message[1]
            if text != (text.lstrip() if op == "prefix" else text.rstrip()):
                found.append(
                    spec.diagnostic(
                        f"{pointer}/when/message/{op}",
                        f"rule's message {op} {text!r} can never match: messages are stripped of outer whitespace first",
                        f"remove the whitespace at the {'start' if op == 'prefix' else 'end'}",
                        level="warning",
                    )
                )
    return found


def _shape_diagnostics(spec: LoadedSpec, ext: dict[str, Any], schemas: dict[str, Any]) -> list[Diagnostic]:
    found = []
    for index, shape in enumerate(ext["shapes"]):
        pointer = _pointer(EXTENSION, "shapes", index)
        if "builtin" in shape:
            found += _builtin_shape_diagnostics(spec, pointer, shape)
            continue
        if shape["schema"] not in schemas:
            found.append(
                spec.diagnostic(
                    pointer + "/schema",
                    f"schema {shape['schema']!r} is not in components/schemas",
                    "add the schema or fix the name",
                )
            )
        if shape.get("format", extension.default("bodyShape", "format")) == "xml" and len(shape["match"]) != 1:
            found.append(
                spec.diagnostic(
                    pointer + "/match",
                    "an xml shape matches on exactly one key: the root element's tag",
                    "e.g. match: {errors: any}",
                )
            )
        paths = [(f"{pointer}/match/{escape_pointer_token(k)}", k) for k in shape["match"]]
        for key in ("code", "details", "request-id", "kind"):
            if key in shape:
                paths.append((f"{pointer}/{key}", shape[key]))
        messages = shape.get("message", [])
        for i, text in enumerate([messages] if isinstance(messages, str) else messages):
            paths.append((f"{pointer}/message" + ("" if isinstance(messages, str) else f"/{i}"), text))
        for key, text in shape.get("problems", {}).items():
            paths.append((f"{pointer}/problems/{key}", text))
        bad = set()
        for at, text in paths:
            if (why := path_problem(text)) != "":
                bad.add(at)
                found.append(
                    spec.diagnostic(
                        at, f"body path {why}", "write keys separated by dots, e.g. error.code, or $ for the whole body"
                    )
                )
        if shape["schema"] in schemas and shape.get("format", extension.default("bodyShape", "format")) == "json":
            found += _shape_path_diagnostics(spec, pointer, shape, schemas, [p for p in paths if p[0] not in bad])
        if "message" not in shape and "problems" not in shape:
            found.append(
                spec.diagnostic(
                    pointer, "shape has neither message nor problems", "say where the message is", level="warning"
                )
            )
    return found


def _kind_and_docs_diagnostics(spec: LoadedSpec, ext: dict[str, Any]) -> list[Diagnostic]:
    """A kind no shape reads and no rule or code names is unreachable; a status link
    for a status the spec does not document documents nothing."""
    found = []
    read = any("kind" in shape for shape in ext.get("shapes", []) if isinstance(shape, dict))
    named = {rule.get("kind") for rule in ext.get("rules", [])}
    named |= {entry.get("kind") for entry in ext.get("codes", {}).values() if isinstance(entry, dict)}
    for kind in ext.get("kinds", {}):
        if not read and kind not in named:
            found.append(
                spec.diagnostic(
                    _pointer(EXTENSION, "kinds", kind),
                    f"kind {kind!r} can never be matched: no shape reads a kind and no rule or code names it",
                    "add `kind:` (the body path of the kind) to a shape",
                    level="warning",
                )
            )
    responses = _mapping(_mapping(spec.data.get("components")).get("responses"))
    for key in _mapping(ext.get("status-docs")):
        if key not in responses:
            found.append(
                spec.diagnostic(
                    _pointer(EXTENSION, "status-docs", key),
                    f"status-docs links status {key}, which is not documented under components/responses",
                    "document the status, or drop the link",
                    level="warning",
                )
            )
    return found


def _builtin_shape_diagnostics(spec: LoadedSpec, pointer: str, shape: dict[str, Any]) -> list[Diagnostic]:
    """A built-in shape's own paths (request-id, kind, problems) are well formed."""
    paths = [(f"{pointer}/{key}", shape[key]) for key in ("request-id", "kind") if key in shape]
    paths += [(f"{pointer}/problems/{key}", text) for key, text in shape.get("problems", {}).items()]
    return [
        spec.diagnostic(
            at, f"body path {why}", "write keys separated by dots, e.g. error.code, or $ for the whole body"
        )
        for at, text in paths
        if (why := path_problem(text)) != ""
    ]


def _shape_path_diagnostics(
    spec: LoadedSpec, pointer: str, shape: dict[str, Any], schemas: dict[str, Any], paths: list[tuple[str, str]]
) -> list[Diagnostic]:
    """Body paths (well formed) that the shape's schema provably cannot hold (``schemas.path_absence``).

    ``problems.message`` and ``problems.field`` are read in each item of ``problems.path``.
    """
    items_at = f"{pointer}/problems/path"
    items = dict(paths).get(items_at)
    found = []
    for at, text in paths:
        if at in (f"{pointer}/problems/message", f"{pointer}/problems/field"):
            if items is None:
                continue  # problems.path is malformed, and reported
            steps = (*parse_path(items), EACH_ITEM, *parse_path(text))
        else:
            steps = parse_path(text)
        if absent := path_absence(schemas, shape["schema"], steps):
            found.append(
                spec.diagnostic(
                    at,
                    f"body path {text!r} can never be in a {shape['schema']} body: {absent}",
                    "fix the path, or declare the field in the schema",
                )
            )
    return found


def _reachability_diagnostics(spec: LoadedSpec, ext: dict[str, Any]) -> list[Diagnostic]:
    """A documented code that no body can ever be classified as is a spelling mistake."""
    readers = {shape.get("code-case") for shape in ext["shapes"] if "code" in shape or "builtin" in shape}
    by_message = {rule["code"] for rule in ext.get("rules", []) if "code" in rule}
    found = []
    for code in ext.get("codes", {}):
        forms = {None: code, "upper": code.upper(), "lower": code.lower()}
        if code in by_message or any(forms[case] == code for case in readers):
            continue
        why = (
            f"every shape that reads a code {' and '.join(sorted({c for c in readers if c}))}-cases it first"
            if readers
            else "no shape says where the code is"
        )
        found.append(
            spec.diagnostic(
                _pointer(EXTENSION, "codes", code),
                f"code {code!r} can never be matched: {why}",
                "spell the code as the shapes normalise it, or add `code:` to a shape",
                level="warning",
            )
        )
    return found


def _retry_diagnostics(spec: LoadedSpec, ext: dict[str, Any]) -> list[Diagnostic]:
    found = []
    retry, codes = ext["retry"], ext.get("codes", {})
    rules = build.retry_rules(retry)
    documented: dict[int, list[str]] = {}  # status -> the codes documented with it
    for code, entry in codes.items():
        for status in build.code_statuses(entry):
            documented.setdefault(status, []).append(code)

    def retried(statuses: Iterable[int]) -> bool:
        """Any of ``statuses`` retried by status, or as the documented status of a code
        whose retry rule says so (the runtime's own rule decides)."""
        return any(
            runtime.retried(rules, status) or any(runtime.retried(rules, status, c) for c in documented.get(status, ()))
            for status in statuses
        )

    def error(pointer: str, message: str, hint: str, level: str = "error") -> None:
        found.append(spec.diagnostic(pointer, message, hint, level=level))

    for code in retry.get("codes", {}):
        if code not in codes:
            error(
                _pointer(EXTENSION, "retry", "codes", code),
                f"retry rule names undeclared code {code!r}",
                "declare the code under codes, or fix its spelling",
            )
    kinds = ext.get("kinds", {})
    for kind in retry.get("kinds", {}):
        if kind not in kinds:
            error(
                _pointer(EXTENSION, "retry", "kinds", kind),
                f"retry rule names undeclared kind {kind!r}",
                "declare the kind under kinds, or fix its spelling",
            )
    for key in ("statuses",):
        for index, status in enumerate(retry[key]):
            if not _is_error_status(status):
                error(
                    _pointer(EXTENSION, "retry", key, index),
                    f"status {status} is not an error status",
                    "list 4xx or 5xx statuses",
                )
    refused = retry.get("refused", {})
    for index, status in enumerate(refused.get("statuses", [])):
        if not _is_error_status(status):
            error(
                _pointer(EXTENSION, "retry", "refused", "statuses", index),
                f"refused status {status} is not an error status",
                "list the 4xx or 5xx statuses the vendor documents as refused before processing",
            )
    for index, code in enumerate(refused.get("codes", [])):
        if code not in codes:
            error(
                _pointer(EXTENSION, "retry", "refused", "codes", index),
                f"refused code {code!r} is not a documented code",
                "declare the code under codes, or fix its spelling",
            )
    for key in retry.get("fallback-delays", {}):
        if not retried([int(key)]):
            error(
                _pointer(EXTENSION, "retry", "fallback-delays", key),
                f"fallback delay for {key}, which is not retried (by status, or through a code's retry rule)",
                "add the status to retry.statuses or drop the delay",
                level="warning",
            )
    for index, header in enumerate(retry.get("wait-headers", [])):
        at = _pointer(EXTENSION, "retry", "wait-headers", index)
        for status in header.get("statuses", []):
            if not retried(expand(status_ranges(status))):
                error(
                    at + "/statuses",
                    f"wait header {header['name']!r} is scoped to {status}, which is not retried "
                    "(by status, or through a code's retry rule)",
                    "add the status to retry.statuses or drop it here",
                    level="warning",
                )
        when = header.get("when", {})
        for part in ("body", "message"):
            if part in when:
                error(
                    f"{at}/when/{part}",
                    f"wait header {header['name']!r}: a wait header's condition sees only the status and headers",
                    "test headers (or the status) only",
                )
        if "status" in when and "statuses" in header:
            error(
                f"{at}/when/status",
                f"wait header {header['name']!r} gives its statuses twice (statuses and when.status)",
                "keep one of them",
            )
    directive = retry.get("directive-header")
    if directive is not None:
        overlap = {str(v).lower() for v in directive.get("retry", [])} & {
            str(v).lower() for v in directive.get("no-retry", [])
        }
        if overlap:
            error(
                _pointer(EXTENSION, "retry", "directive-header"),
                f"directive header {directive['name']!r}: {', '.join(sorted(overlap))} means both retry and no retry "
                "(values compare case-insensitively)",
                "list each value under retry or no-retry, not both",
            )
    if retry.get("idempotency-key") is not None and retry.get("idempotency-header") is None:
        error(
            _pointer(EXTENSION, "retry", "idempotency-key"),
            "idempotency-key without an idempotency-header",
            "name the request header the vendor documents for keys, or drop idempotency-key",
        )
    backoff = retry["backoff"]
    if backoff["initial"] > backoff["max"]:
        error(
            _pointer(EXTENSION, "retry", "backoff", "initial"),
            "backoff initial is above its max",
            "lower initial or raise max",
        )
    if backoff.get("min", 0) > backoff["max"]:
        error(_pointer(EXTENSION, "retry", "backoff", "min"), "backoff min is above its max", "lower min or raise max")
    known = _class_names(spec, ext)
    for index, override in enumerate(backoff.get("overrides", [])):
        at = _pointer(EXTENSION, "retry", "backoff", "overrides", index)
        cls = override.get("class")
        if cls is not None and cls not in known:
            close = difflib.get_close_matches(cls, sorted(known), n=1)
            error(
                at + "/class",
                f"backoff override names {cls!r}, which is not a class of this vendor",
                f"did you mean {close[0]!r}?" if close else "name one of the classes errors.py defines",
            )
        if not {"initial", "multiplier", "max"} & set(override):
            error(at, "backoff override changes no number", "give initial, multiplier or max")
        if override.get("initial", backoff["initial"]) > override.get("max", backoff["max"]):
            error(at, "backoff override's initial is above its max", "lower initial or raise max")
        for status in override.get("statuses", []):
            if not _is_error_status(status):
                error(at + "/statuses", f"status {status} is not an error status", "list 4xx or 5xx statuses")
    return found


def _is_error_status(status: int | str) -> bool:
    return all(low >= 400 for low, _ in status_ranges(status))


def _class_names(spec: LoadedSpec, ext: dict[str, Any]) -> set[str]:
    """Every class name ``build`` derives for this spec."""
    return {cls.name for cls in _package_classes(spec, ext)}


# --- conformance vectors (x-error-contract examples, OpenAPI examples with x-expect) --------


def _example_diagnostics(spec: LoadedSpec, ext: dict[str, Any], sound: set[str]) -> list[Diagnostic]:
    """The examples' structure (standard OpenAPI ones against ``$defs/openapiExample``),
    then their meaning once the classes are sound: one body at most, a body that can be
    sent, distinct names, classes of the package, and a code class only for its code (or
    a code a classification rule gives)."""
    found: list[Diagnostic] = []
    examples: list[tuple[str, str, str, dict[str, Any], dict[str, Any]]] = []  # (at, name, body at, body, expect)
    for index, example in enumerate(ext.get("examples", []) if "examples" in sound else []):
        at = _pointer(EXTENSION, "examples", index)
        given = [key for key in ("body", "body-json", "body-base64") if key in example]
        if len(given) > 1:
            found.append(
                spec.diagnostic(
                    at, f"example gives {' and '.join(given)}", "keep one body: body (text), body-json or body-base64"
                )
            )
        body_at = f"{at}/{given[0]}" if given else at
        examples.append((at, example["name"], body_at, example, {**example["expect"], "@": f"{at}/expect"}))
    for tokens, _status, _media, name, example in build.openapi_examples(spec.data):
        errors = (
            []
            if extension.surely_valid(example, "openapiExample")
            else list(extension.openapi_example_validator().iter_errors(example))
        )
        found += _schema_error_diagnostics(spec, [(tokens, e) for e in errors], SPEC_GUIDE)
        if not errors:
            at = _pointer(*follow_refs(spec.data, (*tokens, "value"))[:-1])  # where a $ref'd example is written
            body = {"body-json": example["value"]}
            examples.append(
                (
                    at,
                    example.get("summary") or name,
                    f"{at}/value",
                    body,
                    {**example["x-expect"], "@": f"{at}/x-expect"},
                )
            )
    if not {"root-class", "codes"} <= sound:
        return found
    classes = {cls.name: cls for cls in _package_classes(spec, ext)}
    by_rule = {
        rule["code"].casefold() for rule in ext.get("rules", []) if "code" in rule
    }  # a rule gives them whatever is sent
    names: dict[str, str] = {}
    for at, name, body_at, body, expect in examples:
        try:
            build.example_body(body)
        except (TypeError, ValueError) as exc:  # binascii.Error is a ValueError
            found.append(
                spec.diagnostic(
                    body_at,
                    f"example body cannot be sent: {_short(str(exc))}",
                    "give JSON values only (strings, numbers, true/false, null, lists, mappings), or valid base64",
                )
            )
        if name in names:
            found.append(
                spec.diagnostic(
                    at,
                    f"example name {name!r} is also the one of {_where(spec, names[name])}",
                    "give each example its own name",
                )
            )
        names.setdefault(name, at)
        wanted = [("class", expect["class"])] + [(f"is-a/{i}", c) for i, c in enumerate(expect.get("is-a", []))]
        for key, class_name in wanted:
            if class_name not in classes:
                found.append(
                    spec.diagnostic(
                        f"{expect['@']}/{key}",
                        f"expected class {class_name!r} is no class of the package",
                        f"name one of {_some(sorted(classes))}",
                    )
                )
        chosen = classes.get(expect["class"])
        code = expect.get("code")
        if (
            chosen is not None
            and chosen.code is not None
            and chosen.code.casefold() not in by_rule
            and "code" in expect
            and (code or "").casefold() != chosen.code.casefold()
        ):
            found.append(
                spec.diagnostic(
                    f"{expect['@']}/code",
                    f"expected code {code!r} does not give {chosen.name}, the class of the documented code {chosen.code!r}",
                    "expect the code the body sends, or the class that code gives",
                )
            )
    return found


def _package_classes(spec: LoadedSpec, ext: dict[str, Any]) -> list[Any]:
    """Every class ``build`` gives the package (``ErrorClass``es)."""
    statuses = build.status_classes(spec.data)
    kinds = build.kind_classes(ext)
    return build.fixed_classes(ext) + statuses + kinds + build.code_classes(ext, statuses, kinds=kinds)
