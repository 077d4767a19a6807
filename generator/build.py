"""Turn a validated spec into the intermediate model: names, order and defaults decided here."""

from __future__ import annotations

from typing import Any

from . import naming
from .bodypath import parse_path
from .http_statuses import status_class_name
from .loader import LoadedSpec
from .model import ErrorClass, MessageRule, Problems, RetryRules, Shape, Vendor, WaitHeader
from .schemas import name_models
from .validate import EXTENSION

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


def category_class(status: int) -> str:
    """``ClientError`` or ``ServerError``: the base of a status's class."""
    return "ClientError" if status < 500 else "ServerError"


def build(spec: LoadedSpec) -> Vendor:
    data = spec.data
    ext: dict[str, Any] = data[EXTENSION]
    components = data["components"]
    responses: dict[str, Any] = components.get("responses", {})
    vendor_name: str = ext["vendor"]
    docs_url: str = ext.get("docs", "")
    root = ext["root-class"]

    classes = [
        ErrorClass(root, "Exception", "root", f"Base class of every error raised for {vendor_name}."),
        ErrorClass("APIConnectionError", root, "transport", "No response arrived: the connection failed or broke."),
        ErrorClass("APITimeoutError", "APIConnectionError", "transport", "The request timed out before a response arrived."),
        ErrorClass("APIError", root, "api", f"An HTTP error response from {vendor_name}."),
        ErrorClass("ClientError", "APIError", "category", "A 4xx response: the request needs correcting."),
        ErrorClass("ServerError", "APIError", "category", "A 5xx response: the vendor failed to process the request."),
    ]

    documented = sorted(int(k) for k in responses if 400 <= int(k) <= 599)
    status_classes = []
    for status in documented:
        name = status_class_name(status)
        description = _first_line(_resolve(data, responses[str(status)]).get("description", ""))
        classes.append(ErrorClass(name, category_class(status), "status", description or f"HTTP {status}.", status=status, docs_url=docs_url))
        status_classes.append((status, name))
    by_status = dict(status_classes)

    code_classes = []
    codes: dict[str, Any] = ext.get("codes", {})
    for code, entry in sorted(codes.items(), key=lambda item: (item[1]["status"], item[0])):
        status = entry["status"]
        name = naming.class_name_for_code(code, entry.get("class"))
        base = by_status.get(status, category_class(status))
        doc = _first_line(entry.get("description", "")) or f"The {code} error."
        classes.append(ErrorClass(name, base, "code", doc, status=status, code=code, docs_url=docs_url))
        code_classes.append((code, name))
    code_classes.sort()

    shapes = tuple(_shape(s) for s in ext["shapes"])
    rules = tuple(
        MessageRule("prefix" if "prefix" in r else "suffix", r.get("prefix", r.get("suffix", "")), r["code"])
        for r in ext.get("message-codes", [])
    )
    return Vendor(
        slug=spec.slug,
        name=vendor_name,
        docs_url=docs_url,
        spec_file=f"specs/{spec.slug}.yaml",
        root_class=root,
        classes=tuple(classes),
        status_classes=tuple(status_classes),
        code_classes=tuple(code_classes),
        shapes=shapes,
        request_id_headers=tuple(ext.get("request-id-headers", [])),
        message_rules=rules,
        retry=_retry(ext["retry"], codes),
        models=tuple(name_models(components["schemas"])),
    )


def _resolve(data: dict[str, Any], node: Any) -> dict[str, Any]:
    """Follow a local ``$ref`` (validated to resolve) to the object it names."""
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 32:
        target: Any = data
        for token in node["$ref"][2:].split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node, seen = target, seen + 1
    return node if isinstance(node, dict) else {}


def _shape(raw: dict[str, Any]) -> Shape:
    message = raw.get("message", [])
    problems = raw.get("problems")
    details = raw.get("details", problems["path"] if problems else None)  # problems are always kept in details
    return Shape(
        schema=raw["schema"],
        format=raw.get("format", "json"),
        match=tuple((parse_path(path), kind) for path, kind in raw["match"].items()),
        code=parse_path(raw["code"]) if "code" in raw else None,
        message=tuple(parse_path(p) for p in ([message] if isinstance(message, str) else message)),
        details=parse_path(details) if details is not None else None,
        request_id=parse_path(raw["request-id"]) if "request-id" in raw else None,
        code_case=raw.get("code-case"),
        problems=Problems(
            parse_path(problems["path"]),
            parse_path(problems["message"]),
            parse_path(problems["field"]) if "field" in problems else None,
        )
        if problems
        else None,
    )


def _retry(raw: dict[str, Any], codes: dict[str, Any]) -> RetryRules:
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
        jitter=backoff.get("jitter", "full"),
        wait_headers=_wait_headers(raw),
        fallback_delays=tuple(sorted((int(k), float(v)) for k, v in raw.get("fallback-delays", {}).items())),
        max_server_wait=float(raw["max-server-wait"]),
        deadline=float(raw["deadline"]) if raw.get("deadline") is not None else None,
        connection_errors=raw.get("connection-errors", True),
        timeouts=raw.get("timeouts", True),
        atomic_failures=raw.get("atomic-failures", False),
        idempotency_header=raw.get("idempotency-header", "Idempotency-Key"),
    )


def _wait_headers(raw: dict[str, Any]) -> tuple[WaitHeader, ...]:
    declared = [WaitHeader(h["name"], h["unit"], tuple(sorted(h.get("statuses", [])))) for h in raw.get("wait-headers", [])]
    if raw.get("standard-wait-headers", True):
        names = {header.name.lower() for header in declared}
        declared.extend(header for header in STANDARD_WAIT_HEADERS if header.name.lower() not in names)
    return tuple(declared)
