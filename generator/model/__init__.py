"""The intermediate model: everything the templates lay out, decided and ordered.

Built by ``spec/build.py`` from a validated spec, the one place where names, order and
defaults are decided; read by ``emit/`` (the package, ERRORS.md, the body models) and
compared by ``diff/``. Frozen and made of tuples so that the same spec always yields
the same model, and the same model always renders to the same bytes.

Each part that comes from a spec carries ``pointer``, the JSON pointer of the spec text
it was derived from, and the ``Vendor`` keeps the positions of every pointer, so a
diagnostic or a diff change can name ``file:line:col`` without the spec at hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from ..records import field, record
from .pointers import nearest

# A location in a parsed body: dict keys and list indices; () is the whole body.
BodyPath = tuple[str | int, ...]

ClassKind = Literal["root", "api", "transport", "category", "status", "kind", "code"]


@record
class ErrorClass:
    """One exception class of the generated ``errors.py``.

    ``kind`` says where it sits: the vendor's ``root``, the fixed ``api``, ``transport``
    and ``category`` classes every package has, a documented ``status`` (its standard
    name), or a documented ``code`` (its ``class:`` or the name derived from the code).
    """

    name: str
    base: str  # "Exception" for the root, else another class of the same vendor
    kind: ClassKind
    doc: str  # first line of the docstring (from the spec, escaped at render time)
    status: int | None = None  # for status and code classes
    code: str | None = None  # for code classes
    docs_url: str = ""  # where the vendor documents it
    pointer: str = ""  # where the name comes from: root-class, the response, the code or its class:; "" if fixed
    # Contract v2 (errors side): every documented status (status is the first), whether
    # the spec infers it (the docs name none), the documented kind of a kind or code class.
    statuses: tuple[int, ...] = ()
    status_inferred: bool = False
    kind_name: str | None = None
    docstring_notes: tuple[str, ...] = ()  # lines after the docstring's first: statuses, docs


@record
class Problems:
    """A list of per-field problems inside a body (validation errors)."""

    path: BodyPath
    message: BodyPath
    field: BodyPath | None


@record
class BodyField:
    """One field reachable in a shape's schema, as the diff compares them."""

    path: str  # error.details.errors[].field
    type: str  # in words: "string", "array of ErrorItem", "string|null", 'enum ["a"]'
    required: bool
    pointer: str  # the property's schema


@record
class Shape:
    """One recognisable body shape and where its fields live.

    Paths are parsed (``model.bodypath``); omitted keys already hold their defaults.
    """

    schema: str
    format: Literal["json", "xml"]
    match: tuple[tuple[BodyPath, str], ...]  # (path, JSON type or "any"); all must hold
    code: BodyPath | None
    message: tuple[BodyPath, ...]
    details: BodyPath | None
    request_id: BodyPath | None
    code_case: Literal["upper", "lower"] | None
    problems: Problems | None
    pointer: str = ""  # the shape in x-error-contract/shapes
    fields: tuple[BodyField, ...] = ()  # every field of its schema, sorted by path
    kind: BodyPath | None = None  # where the body names its kind (a level above codes)
    problem: bool = False  # the built-in RFC 9457 problem+json shape


@record
class Rule:
    """One classification rule: when ``condition`` holds (the first in order), the
    response is classified as documented ``code`` or ``kind`` (exactly one is set)."""

    condition: Any  # conditions.Condition, the tuple templates/runtime/_match.py evaluates
    code: str | None
    kind: str | None
    words: str  # the condition in words (conditions.describe)
    pointer: str = ""


# A status set as the runtime keeps it: sorted, merged (low, high) inclusive ranges.
StatusRanges = tuple[tuple[int, int], ...]


@record
class WaitHeader:
    """A response header that tells how long to wait, and how to read it."""

    name: str
    unit: Literal["seconds", "milliseconds", "epoch-seconds", "retry-after", "ratelimit"]
    statuses: StatusRanges = ()  # honoured only on these statuses; () means any
    pointer: str = ""  # "" for a standard header the spec did not list
    when: tuple[tuple[str, str, Any, bool], ...] = ()  # header tests (model.conditions) that must hold


@record
class DirectiveHeader:
    """A response header by which the server says whether to retry (``retry.directive-header``)."""

    name: str
    retry: tuple[str, ...]  # values meaning retry, lower-cased
    no_retry: tuple[str, ...]  # values meaning do not retry, lower-cased
    pointer: str = ""


@record
class BackoffOverride:
    """Other backoff numbers for some statuses or one class (``retry.backoff.overrides``)."""

    statuses: StatusRanges  # () means any status
    cls: str | None  # a class of the vendor, matched along the error's MRO
    initial: float | None  # None: the backoff's own number
    multiplier: float | None
    max: float | None
    pointer: str = ""


@record
class RetryRules:
    """The vendor's retry rules with every default filled in (the extension schema's).

    What they mean (is a status retried, which wait header applies, what backoff) is
    the runtime's ``RetryPolicy`` alone: ``model.runtime.policy(rules)`` builds it.
    """

    max_attempts: int
    statuses: StatusRanges
    retry_codes: tuple[str, ...]  # codes retried whatever their status
    no_retry_codes: tuple[str, ...]  # codes never retried whatever their status
    backoff_initial: float
    backoff_multiplier: float
    backoff_max: float
    jitter: Literal["none", "full", "equal", "decorrelated"]
    wait_headers: tuple[WaitHeader, ...]  # the vendor's, then the standard ones it did not list
    fallback_delays: tuple[tuple[int, float], ...]
    max_server_wait: float
    deadline: float | None
    connection_errors: bool
    timeouts: bool
    atomic_failures: bool
    idempotency_header: str | None  # None: the vendor documents none
    retry_kinds: tuple[str, ...] = ()  # documented kinds retried whatever their status
    no_retry_kinds: tuple[str, ...] = ()
    directive: DirectiveHeader | None = None
    refused_statuses: StatusRanges = ((429, 429),)  # refused before processing: safe to resend
    refused_codes: tuple[str, ...] = ()
    backoff_min: float = 0.0
    backoff_overrides: tuple[BackoffOverride, ...] = ()
    idempotency_key: str | None = None  # the key format the vendor documents ("uuid4"), or None


@record
class NamedSchema:
    """One class of models.py: where its schema is in the spec, its name, its schema."""

    pointer: str
    name: str
    schema: Any  # structure only; inline object schemas replaced by $refs to their own NamedSchema


@record
class Vendor:
    """Everything one generated package is made of; one per spec file."""

    slug: str
    name: str
    docs_url: str
    spec_file: str
    root_class: str
    classes: tuple[ErrorClass, ...]  # parents before children
    status_classes: tuple[tuple[int, str], ...]  # sorted by status
    code_classes: tuple[tuple[str, str], ...]  # (lookup key, class), sorted by key
    shapes: tuple[Shape, ...]  # in the spec's order: first match wins
    request_id_headers: tuple[str, ...]
    rules: tuple[Rule, ...]  # classification rules, in the spec's order
    retry: RetryRules
    models: tuple[NamedSchema, ...]  # the body models, named (schemas.name_models)
    kind_classes: tuple[tuple[str, str], ...] = ()  # (documented kind, class), sorted by kind
    public: tuple[tuple[str, str], ...] = ()  # (public name, module defining it), sorted by name
    source: str = ""  # the spec as diagnostics name it: "specs/x.yaml", "origin/main:specs/x.yaml"
    positions: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)
    vectors: tuple[Vector, ...] = ()  # the documented examples with their expected outcome
    spec_sha256: str = field(default="", compare=False)  # of the spec file's bytes: the provenance header

    def public_names(self, module: str) -> tuple[str, ...]:
        """The public names ``module`` defines, as its ``__all__`` lists them."""
        return tuple(name for name, owner in self.public if owner == module)

    def public_modules(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """``(module, its public names)`` for every module that defines one, by module name."""
        modules = sorted({owner for _, owner in self.public})
        return tuple((module, self.public_names(module)) for module in modules)

    def where(self, pointer: str) -> tuple[int, int]:
        """The ``(line, column)`` of ``pointer`` in ``source``, or of its nearest ancestor that has one."""
        return nearest(self.positions, pointer)


# --- conformance vectors (x-error-contract examples; emitted as vectors.json) -------------


@record
class Vector:
    """One documented example response and what the package must make of it.

    ``expect`` holds the spec's expectation as written (JSON values: ``class``,
    ``is-a``, ``code``, ``kind``, ``message``, ``request_id``, ``retryable``,
    ``retry_after``, ``details``, ``problems``, ``decisions``), checked when present.
    """

    name: str
    source: str  # the citation: a document section or a URL
    status: int
    headers: tuple[tuple[str, str], ...]  # in the spec's order; a name may repeat
    body: bytes
    expect: Mapping[str, Any]
    pointer: str = ""  # the example in x-error-contract/examples or a response's content examples
