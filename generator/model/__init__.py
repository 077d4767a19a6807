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
from dataclasses import dataclass, field
from typing import Any, Literal

from .pointers import nearest

# A location in a parsed body: dict keys and list indices; () is the whole body.
BodyPath = tuple[str | int, ...]

ClassKind = Literal["root", "api", "transport", "category", "status", "code"]


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Problems:
    """A list of per-field problems inside a body (validation errors)."""

    path: BodyPath
    message: BodyPath
    field: BodyPath | None


@dataclass(frozen=True)
class BodyField:
    """One field reachable in a shape's schema, as the diff compares them."""

    path: str  # error.details.errors[].field
    type: str  # in words: "string", "array of ErrorItem", "string|null", 'enum ["a"]'
    required: bool
    pointer: str  # the property's schema


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class MessageRule:
    """Classify by message text when the body carries no documented code."""

    kind: Literal["prefix", "suffix"]
    text: str
    code: str
    pointer: str = ""


@dataclass(frozen=True)
class WaitHeader:
    """A response header that tells how long to wait, and how to read it."""

    name: str
    unit: Literal["seconds", "milliseconds", "epoch-seconds", "retry-after", "ratelimit"]
    statuses: tuple[int, ...] = ()  # honoured only on these statuses; () means any
    pointer: str = ""  # "" for a standard header the spec did not list


@dataclass(frozen=True)
class RetryRules:
    """The vendor's retry rules with every default filled in (the extension schema's)."""

    max_attempts: int
    statuses: tuple[int, ...]
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
    idempotency_header: str

    def retries(self, status: int, code: str | None = None) -> bool:
        """Whether an error with ``status`` is retried; a documented ``code``'s rule wins."""
        if code is not None and code in self.no_retry_codes:
            return False
        if code is not None and code in self.retry_codes:
            return True
        return status in self.statuses


@dataclass(frozen=True)
class NamedSchema:
    """One class of models.py: where its schema is in the spec, its name, its schema."""

    pointer: str
    name: str
    schema: Any  # structure only; inline object schemas replaced by $refs to their own NamedSchema


@dataclass(frozen=True)
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
    message_rules: tuple[MessageRule, ...]
    retry: RetryRules
    models: tuple[NamedSchema, ...]  # the body models, named (schemas.name_models)
    source: str = ""  # the spec as diagnostics name it: "specs/x.yaml", "origin/main:specs/x.yaml"
    positions: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)
    vectors: tuple[Vector, ...] = ()  # the documented examples with their expected outcome

    def where(self, pointer: str) -> tuple[int, int]:
        """The ``(line, column)`` of ``pointer`` in ``source``, or of its nearest ancestor that has one."""
        return nearest(self.positions, pointer)


# --- conformance vectors (x-error-contract examples; emitted as vectors.json) -------------


@dataclass(frozen=True)
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
