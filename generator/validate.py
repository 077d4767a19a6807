"""Check a loaded spec and report every problem at once, each with its location.

Structure comes from the JSON Schema of the extension (``x-error-contract.schema.json``);
meaning (references, collisions, cross-references) from the checks below.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from . import naming
from .bodypath import path_problem
from .diagnostics import Diagnostic
from .http_statuses import status_class_name
from .loader import LoadedSpec, escape_pointer_token

EXTENSION = "x-error-contract"
SCHEMA_FILE = Path(__file__).with_name("x-error-contract.schema.json")
BASE_CLASSES = ("APIConnectionError", "APITimeoutError", "APIError", "ClientError", "ServerError")


@cache
def _extension_validator() -> Any:
    import jsonschema

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _pointer(*tokens: object) -> str:
    return "".join("/" + escape_pointer_token(str(t)) for t in tokens)


def _schema_hint(error: Any) -> str:
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        return f"check the spelling; allowed keys here: {', '.join(allowed)}" if allowed else "remove the key"
    if error.validator == "required":
        return "add the missing key (see specs/README.md)"
    if error.validator == "enum":
        return "use one of: " + ", ".join(map(str, error.validator_value))
    return "see specs/README.md for the expected form"


def _schema_diagnostics(spec: LoadedSpec, ext: Any) -> list[Diagnostic]:
    found = []
    for error in _extension_validator().iter_errors(ext):
        tokens = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - allowed):
                found.append(spec.diagnostic(_pointer(EXTENSION, *tokens, key), f"unknown key {key!r}", _schema_hint(error)))
            continue
        found.append(spec.diagnostic(_pointer(EXTENSION, *tokens), error.message, _schema_hint(error)))
    return found


def validate(spec: LoadedSpec) -> list[Diagnostic]:
    """All problems of one spec; an empty list means ``build`` may run."""
    data = spec.data
    problems: list[Diagnostic] = []
    report = problems.append

    if (why := naming.module_name_problem(spec.slug)) != "":
        report(spec.diagnostic("", f"file name gives package name {spec.slug!r}: {why}", "rename the file, e.g. specs/acme.yaml"))
    version = data.get("openapi")
    if not (isinstance(version, str) and version.startswith("3.1")):
        report(spec.diagnostic("/openapi", f"openapi must be a 3.1 version, not {version!r}", 'set "openapi: 3.1.0"'))
    components = data.get("components")
    if not isinstance(components, dict):
        report(spec.diagnostic("", "missing components", "add components/schemas and components/responses"))
        components = {}
    schemas = components.get("schemas", {})
    responses = components.get("responses", {})
    if not isinstance(schemas, dict) or not schemas:
        report(spec.diagnostic("/components", "components/schemas must describe every error body shape", "add one schema per body shape"))
        schemas = {}
    if not isinstance(responses, dict):
        report(spec.diagnostic("/components/responses", "components/responses must be a mapping", 'key each error response by its status, e.g. "429":'))
        responses = {}
    for key in responses:
        if not (key.isascii() and key.isdigit() and 100 <= int(key) <= 599):
            report(spec.diagnostic(_pointer("components", "responses", key), f"response key {key!r} is not a status between 100 and 599",
                                   'key each error response by its status code, e.g. "429":'))
    problems.extend(_ref_diagnostics(spec))

    ext = data.get(EXTENSION)
    if ext is None:
        report(spec.diagnostic("", f"missing the {EXTENSION} extension", "see specs/README.md"))
        return problems
    schema_problems = _schema_diagnostics(spec, ext)
    if schema_problems:
        return problems + schema_problems  # meaning checks assume the structure holds
    problems.extend(_meaning_diagnostics(spec, ext, schemas, responses))
    return problems


def _ref_diagnostics(spec: LoadedSpec) -> list[Diagnostic]:
    found = []

    def resolves(ref: str) -> bool:
        if not ref.startswith("#/"):
            return False
        node: Any = spec.data
        for token in ref[2:].split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or token not in node:
                return False
            node = node[token]
        return True

    def walk(node: Any, pointer: str) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not resolves(ref):
                found.append(spec.diagnostic(pointer + "/$ref", f"$ref {ref!r} does not resolve",
                                             "refer to a local definition such as #/components/schemas/Name"))
            for key, value in node.items():
                walk(value, pointer + "/" + escape_pointer_token(key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{pointer}/{index}")

    walk(spec.data, "")
    return found


def _meaning_diagnostics(spec: LoadedSpec, ext: dict[str, Any], schemas: dict[str, Any], responses: dict[str, Any]) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    report = problems.append
    ext_ptr = "/" + EXTENSION

    # Class names: every class of the package must be distinct.
    owners: dict[str, str] = {}  # class name -> pointer that introduced it

    def claim(name: str, pointer: str) -> None:
        if (why := naming.class_name_problem(name)) != "":
            report(spec.diagnostic(pointer, f"class name {why}", "choose another class name"))
            return
        if name in owners:
            line, _ = spec.where(owners[name])
            other = owners[name] or "a built-in base class"
            report(spec.diagnostic(pointer, f"class name {name!r} collides with the one from {other} (line {line})",
                                   "give this code an explicit, distinct `class:`"))
            return
        owners[name] = pointer

    for base in BASE_CLASSES:
        owners[base] = ""
    claim(ext["root-class"], f"{ext_ptr}/root-class")
    statuses = sorted(int(key) for key in responses if key.isdigit() and 400 <= int(key) <= 599)
    for status in statuses:
        claim(status_class_name(status), _pointer("components", "responses", str(status)))

    codes: dict[str, Any] = ext.get("codes", {})
    folded: dict[str, str] = {}
    for code, entry in codes.items():
        pointer = _pointer(EXTENSION, "codes", code)
        if entry["status"] < 400:
            report(spec.diagnostic(pointer + "/status", f"code {code!r} has status {entry['status']}, which is not an error",
                                   "give the 4xx or 5xx status the vendor documents"))
        name = entry.get("class") or naming.class_name_for_code(code)
        if not name:
            report(spec.diagnostic(pointer, f"code {code!r} gives no class name", "add an explicit `class:`"))
            continue
        claim(name, pointer + ("/class" if "class" in entry else ""))
        key = code.casefold()
        if key in folded:
            line, _ = spec.where(_pointer(EXTENSION, "codes", folded[key]))
            report(spec.diagnostic(pointer, f"code {code!r} differs from {folded[key]!r} (line {line}) only by case",
                                   "keep one spelling; `code-case` on a shape normalises what the body sends"))
        folded[key] = code

    for index, rule in enumerate(ext.get("message-codes", [])):
        if rule["code"] not in codes:
            report(spec.diagnostic(_pointer(EXTENSION, "message-codes", index, "code"), f"message rule names undeclared code {rule['code']!r}",
                                   "declare the code under codes"))

    for index, shape in enumerate(ext["shapes"]):
        pointer = _pointer(EXTENSION, "shapes", index)
        if shape["schema"] not in schemas:
            report(spec.diagnostic(pointer + "/schema", f"schema {shape['schema']!r} is not in components/schemas",
                                   "add the schema or fix the name"))
        if shape.get("format", "json") == "xml" and len(shape["match"]) != 1:
            report(spec.diagnostic(pointer + "/match", "an xml shape matches on exactly one key: the root element's tag",
                                   "e.g. match: {errors: any}"))
        paths = [(f"{pointer}/match/{escape_pointer_token(k)}", k) for k in shape["match"]]
        for key in ("code", "details", "request-id"):
            if key in shape:
                paths.append((f"{pointer}/{key}", shape[key]))
        messages = shape.get("message", [])
        for i, text in enumerate([messages] if isinstance(messages, str) else messages):
            paths.append((f"{pointer}/message" + ("" if isinstance(messages, str) else f"/{i}"), text))
        for key, text in shape.get("problems", {}).items():
            paths.append((f"{pointer}/problems/{key}", text))
        for at, text in paths:
            if (why := path_problem(text)) != "":
                report(spec.diagnostic(at, f"body path {why}", "write keys separated by dots, e.g. error.code, or $ for the whole body"))
        if "message" not in shape and "problems" not in shape:
            report(spec.diagnostic(pointer, "shape has neither message nor problems", "say where the message is", level="warning"))

    retry = ext["retry"]
    for code in retry.get("codes", {}):
        if code not in codes:
            report(spec.diagnostic(_pointer(EXTENSION, "retry", "codes", code), f"retry rule names undeclared code {code!r}",
                                   "declare the code under codes, or fix its spelling"))
    for status in retry["statuses"]:
        if status < 400:
            report(spec.diagnostic(f"{ext_ptr}/retry/statuses", f"status {status} is not an error status", "list 4xx or 5xx statuses"))
    for key in retry.get("fallback-delays", {}):
        if int(key) not in retry["statuses"]:
            report(spec.diagnostic(_pointer(EXTENSION, "retry", "fallback-delays", key), f"fallback delay for {key}, which is not retried",
                                   "add the status to retry.statuses or drop the delay", level="warning"))
    for index, header in enumerate(retry.get("wait-headers", [])):
        for status in header.get("statuses", []):
            if status not in retry["statuses"]:
                report(spec.diagnostic(_pointer(EXTENSION, "retry", "wait-headers", index, "statuses"),
                                       f"wait header {header['name']!r} is scoped to {status}, which is not retried",
                                       "add the status to retry.statuses or drop it here", level="warning"))
    backoff = retry["backoff"]
    if backoff["initial"] > backoff["max"]:
        report(spec.diagnostic(f"{ext_ptr}/retry/backoff/initial", "backoff initial is above its max", "lower initial or raise max"))
    return problems
