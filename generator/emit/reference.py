"""``ERRORS.md``: a reviewer's page per vendor, laid out by ``templates/ERRORS.md.j2``.

Everything the page says is decided here, in a small view of the model: the class
tree's order and depth, one table row per status and code with whether it is retried
and which wait headers apply, and the retry numbers in words. The template only lays
the view out, and every value passes a Markdown filter (spec text is untrusted).
"""

from __future__ import annotations

import jinja2

from ..model import BodyPath, ErrorClass, RetryRules, Rule, Vendor, WaitHeader, runtime
from ..model.conditions import describe, describe_ranges
from ..records import record

TEMPLATE = "ERRORS.md.j2"
FILE_NAME = "ERRORS.md"


@record
class TreeLine:
    depth: int
    cls: ErrorClass


@record
class Row:
    """One documented status or code, as the SDK user meets it."""

    status: int
    code: str  # "" on a status's own row
    cls: str
    retried: str  # "yes" or "no", with "(code rule)" when the code overrides its status
    wait_headers: tuple[tuple[str, str], ...]  # (name, how it is read) honoured on this status; empty when not retried
    fallback: str  # the fixed delay when no header is usable, e.g. "30 s"; "" for backoff
    meaning: str
    docs_url: str
    inferred: bool = False  # the status is inferred: the vendor's docs give none for the code
    statuses: tuple[int, ...] = ()  # every status the code is documented under
    kind: str = ""  # the documented kind of the code


@record
class RuleLine:
    """One classification rule in words."""

    words: str  # the condition (conditions.describe)
    code: str
    kind: str
    cls: str  # the class it gives


@record
class ShapeLine:
    schema: str
    format: str
    match: tuple[tuple[str, str], ...]  # (path, JSON type)
    code: str
    message: tuple[str, ...]
    details: str
    request_id: str
    code_case: str
    kind: str = ""
    problem: bool = False


@record
class RetryWords:
    """The retry numbers in words; the template reads the rest from ``vendor.retry``."""

    statuses: str  # "429, 5XX" or "none"
    backoff: str
    overrides: tuple[str, ...]  # one line per backoff override, in the order tried
    directive: str  # "" without a directive header
    refused: str  # statuses and codes refused before processing
    wait_headers: tuple[tuple[str, str], ...]  # (name, how and when it is read)
    fallbacks: tuple[tuple[int, str], ...]
    max_server_wait: str
    deadline: str
    transport: str  # what happens to connection errors and timeouts
    resend: str  # when a failed non-idempotent request is sent again


@record
class Reference:
    vendor: Vendor
    tree: tuple[TreeLine, ...]
    rows: tuple[Row, ...]
    retry: RetryWords
    shapes: tuple[ShapeLine, ...]
    rules: tuple[RuleLine, ...]
    kinds: tuple[ErrorClass, ...]  # the kind classes, in the model's order
    combined: bool  # a code or kind class, which may arrive with a status it does not derive from


def seconds(value: float) -> str:
    """``4.0`` -> ``"4 s"``, ``0.5`` -> ``"0.5 s"``."""
    return f"{value:g} s"


def dotted(path: BodyPath | None) -> str:
    """A body path as the spec writes it: ``errors.0.code``, ``$`` for the whole body."""
    if path is None:
        return ""
    return ".".join(str(segment) for segment in path) if path else "$"


def class_tree(classes: tuple[ErrorClass, ...]) -> tuple[TreeLine, ...]:
    """Depth-first from the root, children in the model's order."""
    children: dict[str, list[ErrorClass]] = {}
    for cls in classes[1:]:
        children.setdefault(cls.base, []).append(cls)
    lines: list[TreeLine] = []

    def visit(cls: ErrorClass, depth: int) -> None:
        lines.append(TreeLine(depth, cls))
        for child in children.get(cls.name, []):
            visit(child, depth + 1)

    visit(classes[0], 0)
    return tuple(lines)


def wait_words(header: WaitHeader, scoped: bool = True) -> str:
    """How a wait header is read, in words: ``epoch-seconds, on 403, 429, if header ... is '0'``."""
    parts: list[str] = [header.unit]
    if scoped and header.statuses:
        parts.append("on " + describe_ranges(header.statuses))
    if header.when:
        parts.append("if " + describe(((), header.when, (), None)))
    return ", ".join(parts)


def applicable_headers(retry: RetryRules, status: int) -> tuple[WaitHeader, ...]:
    """The wait headers read for an error of ``status``, in the order they are tried
    (the runtime's rule; a conditional one is listed with its condition)."""
    return tuple(retry.wait_headers[index] for index in runtime.applies_on(retry, status))


def _row(vendor: Vendor, cls: ErrorClass, status: int) -> Row:
    """The row of ``cls`` as it arrives with ``status`` (a code may be documented under several)."""
    retry = vendor.retry
    retried = runtime.retried(retry, status, cls.code, cls.kind_name)
    overridden = cls.code is not None and cls.code in retry.retry_codes + retry.no_retry_codes
    fallback = dict(retry.fallback_delays).get(status)
    return Row(
        status=status,
        code=cls.code or "",
        cls=cls.name,
        retried=("yes" if retried else "no") + (" (code rule)" if overridden else ""),
        wait_headers=(
            tuple((h.name, wait_words(h, scoped=False)) for h in applicable_headers(retry, status)) if retried else ()
        ),
        fallback=seconds(fallback) if retried and fallback is not None else "",
        meaning=cls.doc,
        docs_url=cls.docs_url,
        inferred=cls.status_inferred,
        statuses=cls.statuses,
        kind=cls.kind_name or "",
    )


_JITTER = {
    "none": "no jitter",
    "full": "full jitter: a random delay up to it",
    "equal": "equal jitter: from half of it up to it",
    "decorrelated": "decorrelated jitter: a random delay up to it",
}


def backoff_words(retry: RetryRules, status: int | None = None, classes: tuple[str, ...] = ()) -> str:
    """The computed delays before each retry, from the runtime's own backoff."""
    delays = runtime.backoff_delays(retry, status, classes)
    if not delays:
        return "none (a single attempt)"
    series = ", ".join(seconds(delay) for delay in delays)
    floor = f", never below {seconds(retry.backoff_min)}" if retry.backoff_min else ""
    return f"before retries 1 to {len(delays)}: {series} ({_JITTER[retry.jitter]}){floor}"


def _rule_line(vendor: Vendor, rule: Rule) -> RuleLine:
    names = {cls.code: cls.name for cls in vendor.classes if cls.kind == "code"}
    names_by_kind = {cls.kind_name: cls.name for cls in vendor.classes if cls.kind == "kind"}
    cls = names.get(rule.code, "") if rule.code is not None else names_by_kind.get(rule.kind, "")
    return RuleLine(rule.words, rule.code or "", rule.kind or "", cls)


def _retry_words(retry: RetryRules) -> RetryWords:
    retried = [
        label for label, on in (("connection errors", retry.connection_errors), ("timeouts", retry.timeouts)) if on
    ]
    overrides = []
    for override in retry.backoff_overrides:
        scope = " and ".join(
            part
            for part in (
                "status " + describe_ranges(override.statuses) if override.statuses else "",
                f"class {override.cls} (and its subclasses)" if override.cls else "",
            )
            if part
        )
        first = override.statuses[0][0] if override.statuses else None
        overrides.append(f"{scope}: {backoff_words(retry, first, (override.cls,) if override.cls else ())}")
    directive = ""
    if retry.directive is not None:
        says = "; ".join(
            part
            for part in (
                (
                    ("retry when it is " + " or ".join(repr(v) for v in retry.directive.retry))
                    if retry.directive.retry
                    else ""
                ),
                (
                    ("no retry when it is " + " or ".join(repr(v) for v in retry.directive.no_retry))
                    if retry.directive.no_retry
                    else ""
                ),
            )
            if part
        )
        directive = (
            f"{retry.directive.name} response header: {says} (any case); it overrides the status, code and kind"
            " rules, never the idempotency gate, the attempts, the server-wait cap or the deadline"
        )
    refused = ", ".join(
        part
        for part in (
            "status " + describe_ranges(retry.refused_statuses) if retry.refused_statuses else "",
            "code " + ", ".join(retry.refused_codes) if retry.refused_codes else "",
        )
        if part
    )
    return RetryWords(
        statuses=describe_ranges(retry.statuses) or "none",
        backoff=backoff_words(retry),
        overrides=tuple(overrides),
        directive=directive,
        refused=refused or "none",
        wait_headers=tuple((h.name, wait_words(h)) for h in retry.wait_headers),
        fallbacks=tuple((status, seconds(delay)) for status, delay in retry.fallback_delays),
        max_server_wait=seconds(retry.max_server_wait),
        deadline=seconds(retry.deadline) if retry.deadline is not None else "",
        transport=(
            (" and ".join(retried) + " are retried like a retried status")
            if retried
            else "connection errors and timeouts are not retried"
        ),
        resend=_resend_words(retry),
    )


def _resend_words(retry: RetryRules) -> str:
    refused = "any request refused before processing (above)"
    carrying = f", requests carrying {retry.idempotency_header}" if retry.idempotency_header else ""
    if retry.atomic_failures:
        text = (
            "requests are atomic only once an error response arrived: any method is sent again after an error"
            " response (4xx/5xx), which the vendor documents as changing nothing; never after a read timeout,"
            " a reset after the request was sent, or a body cut mid-response, where only idempotent methods"
            f"{carrying} and {refused} are sent again"
        )
    else:
        text = (
            f"idempotent methods{carrying} and {refused}; other requests are not sent again once they may"
            " have reached the server"
        )
    if retry.idempotency_header and retry.idempotency_key:
        text += (
            f"; with RetryPolicy(generate_idempotency_key=True) the loops and adapters add a generated"
            f" {retry.idempotency_header} ({retry.idempotency_key}) to non-idempotent requests, the same on every retry"
        )
    return text


def reference(vendor: Vendor) -> Reference:
    documented = [cls for cls in vendor.classes if cls.kind in ("status", "code")]
    rows = sorted(
        (_row(vendor, cls, status) for cls in documented for status in cls.statuses or (cls.status or 0,)),
        key=lambda row: (row.status, row.code),
    )
    shapes = tuple(
        ShapeLine(
            schema=shape.schema,
            format=shape.format,
            match=tuple((dotted(path), kind) for path, kind in shape.match),
            code=dotted(shape.code),
            message=tuple(dotted(path) for path in shape.message),
            details=dotted(shape.details),
            request_id=dotted(shape.request_id),
            code_case=shape.code_case or "",
            kind=dotted(shape.kind),
            problem=shape.problem,
        )
        for shape in vendor.shapes
    )
    kinds = tuple(cls for cls in vendor.classes if cls.kind == "kind")
    combined = any(cls.kind in ("code", "kind") for cls in vendor.classes)
    return Reference(
        vendor,
        class_tree(vendor.classes),
        tuple(rows),
        _retry_words(vendor.retry),
        shapes,
        tuple(_rule_line(vendor, rule) for rule in vendor.rules),
        kinds,
        combined,
    )


def render_reference(vendor: Vendor, env: jinja2.Environment) -> str:
    """The text of ``<slug>/ERRORS.md``."""
    return env.get_template(TEMPLATE).render(ref=reference(vendor))
