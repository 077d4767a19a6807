"""Turn a validated spec into the intermediate model: names, order and defaults decided here.

The class-name functions also serve validation, which judges the names they derive
(allowed, distinct) rather than deriving them a second time; so does
``model.schemas.name_models`` for the body models.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..model import BodyField, ErrorClass, MessageRule, Problems, RetryRules, Shape, Vector, Vendor, WaitHeader, naming
from ..model.bodypath import parse_path
from ..model.pointers import EXTENSION, deref, escape_pointer_token, json_pointer
from ..model.schemas import name_models, ref_schema_name
from ..model.statuses import status_class_name
from .extension import default
from .loader import LoadedSpec

# Honoured after a vendor's own wait headers unless its spec says standard-wait-headers: false.
# Rate-limit fields describe the quota on every response; they ask for a wait only on a 429.
STANDARD_WAIT_HEADERS = (
    WaitHeader("Retry-After", "retry-after"),
    WaitHeader("retry-after-ms", "milliseconds"),
    WaitHeader("RateLimit-Reset", "seconds", (429,)),
    WaitHeader("RateLimit", "ratelimit", (429,)),
)


def _first_line(text: str) -> str:
    """The first sentence-ish line of a description, whitespace folded."""
    for paragraph in text.strip().split("\n\n"):
        folded = " ".join(paragraph.split())
        if folded:
            return folded
    return ""


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def category_class(status: int) -> str:
    """``ClientError`` or ``ServerError``: the base of a status's class."""
    return "ClientError" if status < 500 else "ServerError"


def fixed_classes(ext: dict[str, Any]) -> list[ErrorClass]:
    """The vendor's root class, then the classes every package has under it."""
    vendor_name = ext.get("vendor", "")
    root = ext["root-class"]
    return [
        ErrorClass(
            root,
            "Exception",
            "root",
            f"Base class of every error raised for {vendor_name}.",
            pointer=json_pointer(EXTENSION, "root-class"),
        ),
        ErrorClass("APIConnectionError", root, "transport", "No response arrived: the connection failed or broke."),
        ErrorClass(
            "APITimeoutError", "APIConnectionError", "transport", "The request timed out before a response arrived."
        ),
        ErrorClass("APIError", root, "api", f"An HTTP error response from {vendor_name}."),
        ErrorClass("ClientError", "APIError", "category", "A 4xx response: the request needs correcting."),
        ErrorClass("ServerError", "APIError", "category", "A 5xx response: the vendor failed to process the request."),
    ]


def status_classes(data: dict[str, Any], docs_url: str = "") -> list[ErrorClass]:
    """One class per documented error status (a 4xx or 5xx response key), sorted by status.

    A response key that is not a status is skipped here and reported by validation.
    """
    responses = _mapping(_mapping(data.get("components")).get("responses"))
    found = []
    for key in sorted((k for k in responses if k.isascii() and k.isdigit() and 400 <= int(k) <= 599), key=int):
        status = int(key)
        description = _mapping(deref(data, responses[key])).get("description", "")
        doc = _first_line(description) if isinstance(description, str) else ""
        found.append(
            ErrorClass(
                status_class_name(status),
                category_class(status),
                "status",
                doc or f"HTTP {status}.",
                status=status,
                docs_url=docs_url,
                pointer=json_pointer("components", "responses", key),
            )
        )
    return found


def code_classes(ext: dict[str, Any], statuses: list[ErrorClass], docs_url: str = "") -> list[ErrorClass]:
    """One class per documented code, in the spec's order, under its status's class.

    The name is the code's ``class:`` (``pointer`` then ends in ``/class``), else the one
    ``naming.class_name_for_code`` derives; "" when none can be derived (validation
    reports it).
    """
    by_status = {cls.status: cls.name for cls in statuses}
    found = []
    for code, entry in _mapping(ext.get("codes")).items():
        status = entry["status"]
        at = json_pointer(EXTENSION, "codes", code)
        doc = _first_line(entry.get("description", "")) or f"The {code} error."
        found.append(
            ErrorClass(
                naming.class_name_for_code(code, entry.get("class")),
                by_status.get(status, category_class(status)),
                "code",
                doc,
                status=status,
                code=code,
                docs_url=docs_url,
                pointer=at + "/class" if "class" in entry else at,
            )
        )
    return found


def build(spec: LoadedSpec) -> Vendor:
    """The model of one validated spec (``validate`` found no error in it).

    Every name, order and default of the package is decided here, once: class names
    (``fixed_classes``, ``status_classes``, ``code_classes``, which validation also runs
    to judge the names), body paths, the defaults of omitted keys (read from the
    extension's schema), the standard wait headers, the named body models and each
    shape's fields. Each part records the JSON pointer it came from.
    """
    data = spec.data
    ext: dict[str, Any] = data[EXTENSION]
    components = data["components"]
    docs_url: str = ext.get("docs", "")

    statuses = status_classes(data, docs_url)
    codes = sorted(code_classes(ext, statuses, docs_url), key=lambda cls: (cls.status or 0, cls.code or ""))
    schemas: dict[str, Any] = components["schemas"]
    shapes_at = json_pointer(EXTENSION, "shapes")
    rules_at = json_pointer(EXTENSION, "message-codes")
    return Vendor(
        slug=spec.slug,
        name=ext["vendor"],
        docs_url=docs_url,
        spec_file=f"specs/{spec.slug}{Path(spec.path).suffix or '.yaml'}",
        root_class=ext["root-class"],
        classes=tuple(fixed_classes(ext) + statuses + codes),
        status_classes=tuple((cls.status or 0, cls.name) for cls in statuses),
        code_classes=tuple(sorted((cls.code or "", cls.name) for cls in codes)),
        shapes=tuple(_shape(raw, f"{shapes_at}/{index}", schemas) for index, raw in enumerate(ext["shapes"])),
        request_id_headers=tuple(ext.get("request-id-headers", [])),
        message_rules=tuple(
            MessageRule(
                "prefix" if "prefix" in r else "suffix",
                r.get("prefix", r.get("suffix", "")),
                r["code"],
                f"{rules_at}/{index}",
            )
            for index, r in enumerate(ext.get("message-codes", []))
        ),
        retry=retry_rules(ext["retry"]),
        models=tuple(name_models(schemas)),
        source=spec.path,
        positions=MappingProxyType(spec.locations),
        vectors=vectors(data),
    )


def _shape(raw: dict[str, Any], pointer: str, schemas: dict[str, Any]) -> Shape:
    message = raw.get("message", [])
    problems = raw.get("problems")
    details = raw.get("details", problems["path"] if problems else None)  # problems are always kept in details
    return Shape(
        schema=raw["schema"],
        format=raw.get("format", default("shape", "format")),
        match=tuple((parse_path(path), kind) for path, kind in raw["match"].items()),
        code=parse_path(raw["code"]) if "code" in raw else None,
        message=tuple(parse_path(p) for p in ([message] if isinstance(message, str) else message)),
        details=parse_path(details) if details is not None else None,
        request_id=parse_path(raw["request-id"]) if "request-id" in raw else None,
        code_case=raw.get("code-case"),
        problems=(
            Problems(
                parse_path(problems["path"]),
                parse_path(problems["message"]),
                parse_path(problems["field"]) if "field" in problems else None,
            )
            if problems
            else None
        ),
        pointer=pointer,
        fields=body_fields(schemas, raw["schema"]),
    )


def retry_rules(raw: dict[str, Any]) -> RetryRules:
    """The retry section with its defaults (validation also judges what it says is retried)."""
    code_rules: dict[str, bool] = raw.get("codes", {})
    backoff = raw["backoff"]
    return RetryRules(
        max_attempts=raw["max-attempts"],
        statuses=tuple(sorted(raw["statuses"])),
        retry_codes=tuple(sorted(c for c, retry in code_rules.items() if retry)),
        no_retry_codes=tuple(sorted(c for c, retry in code_rules.items() if not retry)),
        backoff_initial=float(backoff["initial"]),
        backoff_multiplier=float(backoff["multiplier"]),
        backoff_max=float(backoff["max"]),
        jitter=backoff.get("jitter", default("retry", "backoff", "jitter")),
        wait_headers=_wait_headers(raw),
        fallback_delays=tuple(sorted((int(k), float(v)) for k, v in raw.get("fallback-delays", {}).items())),
        max_server_wait=float(raw["max-server-wait"]),
        deadline=float(raw["deadline"]) if raw.get("deadline") is not None else None,
        connection_errors=raw.get("connection-errors", default("retry", "connection-errors")),
        timeouts=raw.get("timeouts", default("retry", "timeouts")),
        atomic_failures=raw.get("atomic-failures", default("retry", "atomic-failures")),
        idempotency_header=raw.get("idempotency-header", default("retry", "idempotency-header")),
    )


def _wait_headers(raw: dict[str, Any]) -> tuple[WaitHeader, ...]:
    at = json_pointer(EXTENSION, "retry", "wait-headers")
    declared = [
        WaitHeader(h["name"], h["unit"], tuple(sorted(h.get("statuses", []))), f"{at}/{index}")
        for index, h in enumerate(raw.get("wait-headers", []))
    ]
    if raw.get("standard-wait-headers", default("retry", "standard-wait-headers")):
        names = {header.name.lower() for header in declared}
        declared.extend(header for header in STANDARD_WAIT_HEADERS if header.name.lower() not in names)
    return tuple(declared)


def body_fields(schemas: dict[str, Any], name: str) -> tuple[BodyField, ...]:
    """Every field reachable in schema ``name``: ``error.details.errors[].field`` -> its type.

    Follows local ``$ref``s into ``components/schemas`` (each at most once per path, so
    recursive schemas end) and ``allOf``; ``oneOf``/``anyOf`` count as one type.
    """
    found: dict[str, BodyField] = {}

    def resolve(node: Any, pointer: str, seen: frozenset[str]) -> tuple[Any, str, frozenset[str]]:
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            target = ref_schema_name(node["$ref"])
            if target is None or target in seen or target not in schemas:
                break
            seen = seen | {target}
            node, pointer = schemas[target], json_pointer("components", "schemas", target)
        return node, pointer, seen

    def walk(node: Any, path: str, pointer: str, seen: frozenset[str]) -> None:
        node, pointer, seen = resolve(node, pointer, seen)
        if not isinstance(node, dict) or "$ref" in node:
            return
        for index, part in enumerate(node.get("allOf", [])):
            walk(part, path, f"{pointer}/allOf/{index}", seen)
        required = set(node.get("required", []))
        for key, child in (node.get("properties") or {}).items():
            child_path = f"{path}.{key}" if path else key
            child_pointer = f"{pointer}/properties/{escape_pointer_token(key)}"
            found[child_path] = BodyField(child_path, _type(child), key in required, child_pointer)
            walk(child, child_path, child_pointer, seen)
        if "items" in node:
            walk(node["items"], f"{path}[]", f"{pointer}/items", seen)

    walk(schemas.get(name), "", json_pointer("components", "schemas", name), frozenset({name}))
    return tuple(found[path] for path in sorted(found))


def _type(node: Any) -> str:
    """A field's type in words: ``string``, ``array of ErrorItem``, ``string|null``, ``enum ["a"]``."""
    if not isinstance(node, dict):
        return "any"
    if isinstance(node.get("$ref"), str):
        return str(node["$ref"]).rsplit("/", 1)[1]
    for combiner in ("oneOf", "anyOf"):
        if isinstance(node.get(combiner), list):
            return f"{combiner}({', '.join(_type(member) for member in node[combiner])})"
    kinds = node.get("type", "any")
    text = "|".join(sorted(kinds)) if isinstance(kinds, list) else str(kinds)
    if text == "array" and "items" in node:
        text = f"array of {_type(node['items'])}"
    if "enum" in node:
        text += " enum " + json.dumps(node["enum"], sort_keys=True)
    if "const" in node:
        text += " const " + json.dumps(node["const"], sort_keys=True)
    return text


# --- conformance vectors ------------------------------------------------------------------


def example_body(example: dict[str, Any]) -> bytes:
    """The bytes of an ``x-error-contract`` example's body: ``body`` as UTF-8, ``body-json``
    as compact JSON text, ``body-base64`` decoded; no body key is an empty body."""
    if "body" in example:
        return str(example["body"]).encode("utf-8")
    if "body-json" in example:
        return json_body(example["body-json"])
    if "body-base64" in example:
        return base64.b64decode(example["body-base64"], validate=True)
    return b""


def header_pairs(headers: Any) -> tuple[tuple[str, str], ...]:
    """An example's headers (a mapping, or a list of ``[name, value]`` pairs) as pairs, in order."""
    items = headers.items() if isinstance(headers, dict) else headers
    return tuple((str(name), str(value)) for name, value in items)


def json_body(value: Any) -> bytes:
    """A JSON value as the body a server would send: its text, non-ASCII kept, UTF-8."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")


def openapi_examples(data: dict[str, Any]) -> list[tuple[tuple[str, ...], int, str, str, dict[str, Any]]]:
    """Every standard OpenAPI Example Object under an error response's content that
    carries ``x-expect``: ``(JSON pointer tokens, status, media type, name, example)``, responses
    by status, then in the spec's order; a ``$ref``'d response or example is followed."""
    found: list[tuple[tuple[str, ...], int, str, str, dict[str, Any]]] = []
    responses = _mapping(_mapping(data.get("components")).get("responses"))
    for key in sorted((k for k in responses if k.isascii() and k.isdigit() and 400 <= int(k) <= 599), key=int):
        content = _mapping(_mapping(deref(data, responses[key])).get("content"))
        for media, entry in content.items():
            for name, example in _mapping(_mapping(entry).get("examples")).items():
                example = _mapping(deref(data, example))
                if "x-expect" in example:
                    tokens = ("components", "responses", key, "content", str(media), "examples", str(name))
                    found.append((tokens, int(key), str(media), str(name), example))
    return found


def vectors(data: dict[str, Any]) -> tuple[Vector, ...]:
    """The spec's conformance vectors: ``x-error-contract/examples`` in order, then the
    standard OpenAPI examples that carry ``x-expect`` (``openapi_examples``)."""
    found = [
        Vector(
            name=example["name"],
            source=example["source"],
            status=example["status"],
            headers=header_pairs(example.get("headers", {})),
            body=example_body(example),
            expect=example["expect"],
            pointer=json_pointer(EXTENSION, "examples", index),
        )
        for index, example in enumerate(data[EXTENSION].get("examples", []))
    ]
    for tokens, status, media, name, example in openapi_examples(data):
        headers = (("Content-Type", media), *header_pairs(example.get("x-headers", {})))
        found.append(
            Vector(
                name=example.get("summary") or name,
                source=example["x-source"],
                status=status,
                headers=headers,
                body=json_body(example["value"]),
                expect=example["x-expect"],
                pointer=json_pointer(*tokens),
            )
        )
    return tuple(found)
