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

from ..model import (
    BackoffOverride,
    BodyField,
    DirectiveHeader,
    ErrorClass,
    Problems,
    RetryRules,
    Rule,
    Shape,
    Vector,
    Vendor,
    WaitHeader,
    naming,
)
from ..model.bodypath import parse_path
from ..model.conditions import condition, describe, status_ranges
from ..model.exports import public_names
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
    WaitHeader("RateLimit-Reset", "seconds", ((429, 429),)),
    WaitHeader("RateLimit", "ratelimit", ((429, 429),)),
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
        ErrorClass("ClientError", "APIError", "category", "A 4xx response (a client error status)."),
        ErrorClass("ServerError", "APIError", "category", "A 5xx response: the vendor failed to process the request."),
    ]


def status_classes(data: dict[str, Any], docs_url: str = "") -> list[ErrorClass]:
    """One class per documented error status (a 4xx or 5xx response key), sorted by status.

    A response key that is not a status is skipped here and reported by validation.
    The documentation link is the status's ``status-docs`` entry, else ``docs_url``.
    """
    responses = _mapping(_mapping(data.get("components")).get("responses"))
    own_docs = _mapping(_mapping(data.get(EXTENSION)).get("status-docs"))
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
                docs_url=own_docs.get(key, docs_url),
                pointer=json_pointer("components", "responses", key),
                statuses=(status,),
                docstring_notes=_docs_note(own_docs.get(key)),
            )
        )
    return found


def code_statuses(entry: dict[str, Any]) -> list[int]:
    """The statuses a code is documented under: ``statuses:``, else ``[status]``."""
    return list(entry["statuses"]) if "statuses" in entry else [entry["status"]]


def _docs_note(url: Any) -> tuple[str, ...]:
    return (f"Documentation: {url}",) if isinstance(url, str) and url else ()


def kind_classes(ext: dict[str, Any], docs_url: str = "") -> list[ErrorClass]:
    """One class per documented kind (a level above codes), in the spec's order, under
    ``APIError``: a kind spans statuses, and the raised error also derives from its
    status's class. The name is the kind's ``class:``, else one derived from the kind."""
    found = []
    for kind, entry in _mapping(ext.get("kinds")).items():
        at = json_pointer(EXTENSION, "kinds", kind)
        found.append(
            ErrorClass(
                naming.class_name_for_code(kind, entry.get("class")),
                "APIError",
                "kind",
                _first_line(entry.get("description", "")) or f"Every error of kind {kind}.",
                docs_url=entry.get("docs", docs_url),
                pointer=at + "/class" if "class" in entry else at,
                kind_name=kind,
                docstring_notes=_docs_note(entry.get("docs")),
            )
        )
    return found


def code_classes(
    ext: dict[str, Any], statuses: list[ErrorClass], docs_url: str = "", kinds: list[ErrorClass] | None = None
) -> list[ErrorClass]:
    """One class per documented code, in the spec's order.

    Its base is its kind's class when it names one, else its status's class when it
    has one documented status, else the category (``ClientError``/``ServerError``) its
    statuses share, else ``APIError``. The name is the code's ``class:`` (``pointer``
    then ends in ``/class``), else the one ``naming.class_name_for_code`` derives; ""
    when none can be derived (validation reports it).
    """
    by_status = {cls.status: cls.name for cls in statuses}
    by_kind = {cls.kind_name: cls.name for cls in kinds or ()}
    found = []
    for code, entry in _mapping(ext.get("codes")).items():
        documented = code_statuses(entry)
        status = documented[0]
        categories = {category_class(s) for s in documented}
        if entry.get("kind") in by_kind:
            base = by_kind[entry["kind"]]
        elif len(documented) == 1:
            base = by_status.get(status, category_class(status))
        else:
            base = categories.pop() if len(categories) == 1 else "APIError"
        inferred = entry.get("status-inferred", False) is True
        at = json_pointer(EXTENSION, "codes", code)
        doc = _first_line(entry.get("description", "")) or f"The {code} error."
        listed = " and ".join(str(s) for s in documented)
        notes = []
        if inferred:
            notes.append(f"Status {listed} inferred: the vendor's documentation gives no status for this code.")
        elif len(documented) > 1:
            notes.append(f"Documented under statuses {listed}.")
        found.append(
            ErrorClass(
                naming.class_name_for_code(code, entry.get("class")),
                base,
                "code",
                doc,
                status=status,
                code=code,
                docs_url=entry.get("docs", docs_url),
                pointer=at + "/class" if "class" in entry else at,
                statuses=tuple(documented),
                status_inferred=inferred,
                kind_name=entry.get("kind"),
                docstring_notes=(*notes, *_docs_note(entry.get("docs"))),
            )
        )
    return found


def rules(ext: dict[str, Any]) -> tuple[Rule, ...]:
    """The classification rules in the spec's order, conditions in their runtime form."""
    at = json_pointer(EXTENSION, "rules")
    built = []
    for index, raw in enumerate(ext.get("rules", [])):
        cond = condition(raw["when"])
        built.append(Rule(cond, raw.get("code"), raw.get("kind"), describe(cond), f"{at}/{index}"))
    return tuple(built)


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
    kinds = kind_classes(ext, docs_url)
    codes = sorted(code_classes(ext, statuses, docs_url, kinds), key=lambda cls: (cls.status or 0, cls.code or ""))
    schemas: dict[str, Any] = components["schemas"]
    shapes_at = json_pointer(EXTENSION, "shapes")
    classes = tuple(fixed_classes(ext) + statuses + kinds + codes)
    return Vendor(
        slug=spec.slug,
        name=ext["vendor"],
        docs_url=docs_url,
        spec_file=f"specs/{spec.slug}{Path(spec.path).suffix or '.yaml'}",
        root_class=ext["root-class"],
        classes=classes,
        status_classes=tuple((cls.status or 0, cls.name) for cls in statuses),
        code_classes=tuple(sorted((cls.code or "", cls.name) for cls in codes)),
        shapes=tuple(_shape(raw, f"{shapes_at}/{index}", schemas) for index, raw in enumerate(ext["shapes"])),
        request_id_headers=tuple(ext.get("request-id-headers", [])),
        rules=rules(ext),
        kind_classes=tuple(sorted((cls.kind_name or "", cls.name) for cls in kinds)),
        public=public_names(cls.name for cls in classes),
        retry=retry_rules(ext["retry"]),
        models=tuple(name_models(schemas)),
        source=spec.path,
        positions=MappingProxyType(spec.locations),
        vectors=vectors(data),
        spec_sha256=spec.sha256,
    )


# The built-in RFC 9457 shape: code from ``type`` (``about:blank``: none), message from
# ``detail`` else ``title``; the runtime recognises it by content type or members.
PROBLEM_JSON = "problem+json"


def _problems(problems: dict[str, Any] | None) -> Problems | None:
    if not problems:
        return None
    field = problems.get("field")
    return Problems(parse_path(problems["path"]), parse_path(problems["message"]), parse_path(field) if field else None)


def _problem_shape(raw: dict[str, Any], pointer: str) -> Shape:
    problems = raw.get("problems")
    return Shape(
        schema=PROBLEM_JSON,
        format="json",
        match=(),
        code=parse_path(raw.get("code", "type")),
        message=(("detail",), ("title",)),
        details=parse_path(problems["path"]) if problems else None,
        request_id=parse_path(raw["request-id"]) if "request-id" in raw else None,
        code_case=None,
        problems=_problems(problems),
        pointer=pointer,
        kind=parse_path(raw["kind"]) if "kind" in raw else None,
        problem=True,
    )


def _shape(raw: dict[str, Any], pointer: str, schemas: dict[str, Any]) -> Shape:
    if raw.get("builtin") == PROBLEM_JSON:
        return _problem_shape(raw, pointer)
    message = raw.get("message", [])
    problems = raw.get("problems")
    details = raw.get("details", problems["path"] if problems else None)  # problems are always kept in details
    return Shape(
        schema=raw["schema"],
        format=raw.get("format", default("bodyShape", "format")),
        match=tuple((parse_path(path), kind) for path, kind in raw["match"].items()),
        code=parse_path(raw["code"]) if "code" in raw else None,
        message=tuple(parse_path(p) for p in ([message] if isinstance(message, str) else message)),
        details=parse_path(details) if details is not None else None,
        request_id=parse_path(raw["request-id"]) if "request-id" in raw else None,
        code_case=raw.get("code-case"),
        problems=_problems(problems),
        pointer=pointer,
        fields=body_fields(schemas, raw["schema"]),
        kind=parse_path(raw["kind"]) if "kind" in raw else None,
    )


def retry_rules(raw: dict[str, Any]) -> RetryRules:
    """The retry section with its defaults (validation also judges what it says is retried)."""
    code_rules: dict[str, bool] = raw.get("codes", {})
    kind_rules: dict[str, bool] = raw.get("kinds", {})
    backoff = raw["backoff"]
    refused = raw.get("refused", {})
    return RetryRules(
        max_attempts=raw["max-attempts"],
        statuses=status_ranges(raw["statuses"]),
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
        retry_kinds=tuple(sorted(k for k, retry in kind_rules.items() if retry)),
        no_retry_kinds=tuple(sorted(k for k, retry in kind_rules.items() if not retry)),
        directive=_directive(raw.get("directive-header")),
        refused_statuses=status_ranges(refused.get("statuses", default("retry", "refused", "statuses"))),
        refused_codes=tuple(sorted(refused.get("codes", []))),
        backoff_min=float(backoff.get("min", 0)),
        backoff_overrides=tuple(
            BackoffOverride(
                statuses=status_ranges(o.get("statuses", [])),
                cls=o.get("class"),
                initial=float(o["initial"]) if "initial" in o else None,
                multiplier=float(o["multiplier"]) if "multiplier" in o else None,
                max=float(o["max"]) if "max" in o else None,
                pointer=json_pointer(EXTENSION, "retry", "backoff", "overrides", str(index)),
            )
            for index, o in enumerate(backoff.get("overrides", []))
        ),
        idempotency_key=raw.get("idempotency-key"),
    )


def _directive(raw: dict[str, Any] | None) -> DirectiveHeader | None:
    if raw is None:
        return None
    return DirectiveHeader(
        raw["name"],
        tuple(sorted({str(v).lower() for v in raw.get("retry", [])})),
        tuple(sorted({str(v).lower() for v in raw.get("no-retry", [])})),
        json_pointer(EXTENSION, "retry", "directive-header"),
    )


def _wait_headers(raw: dict[str, Any]) -> tuple[WaitHeader, ...]:
    at = json_pointer(EXTENSION, "retry", "wait-headers")
    declared = []
    for index, h in enumerate(raw.get("wait-headers", [])):
        when = condition(h["when"]) if "when" in h else ((), (), (), None)
        statuses = status_ranges(h["statuses"]) if "statuses" in h else when[0]
        declared.append(WaitHeader(h["name"], h["unit"], statuses, f"{at}/{index}", when[1]))
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
