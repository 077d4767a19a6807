"""What changes for an SDK that vendors the generated packages, between two spec versions.

``compare(base, head)`` takes the intermediate models of both sides, never the specs
(each model knows where its parts stand in its spec), and returns ``Change`` records,
each under one rule of ``rules.RULES``.

Pure: no I/O. Output order is stable: vendor, then level (breaking first), then rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..emit.reference import backoff_words, dotted, seconds
from ..model import (
    BackoffOverride,
    ErrorClass,
    RetryRules,
    Shape,
    StatusRanges,
    Vendor,
    WaitHeader,
    runtime,
)
from ..model.conditions import describe, describe_ranges, expand, status_ranges
from ..model.pointers import EXTENSION, json_pointer
from ..records import record
from ..spec.build import category_class
from .rules import Arg, Change, Location, SideName, order

EXT = "/" + EXTENSION
RETRY = EXT + "/retry"


# --- where a change stands ------------------------------------------------------------


@record
class _Vendors:
    """One vendor on both sides, and how to record a change to it."""

    slug: str
    base: Vendor
    head: Vendor

    def change(self, rule_id: str, side: SideName, pointer: str, template: str, *args: Arg) -> Change:
        return Change(rule_id, self.slug, locate(self.base, self.head, side, pointer), template, args)


def locate(base: Vendor, head: Vendor, side: SideName, pointer: str) -> Location:
    """The spec position of ``pointer`` on ``side``.

    When that side has no such pointer but the other one does (a rule that was deleted
    rather than changed), the other side's exact position is the more useful one.
    """
    models = {"base": base, "head": head}
    other: SideName = "head" if side == "base" else "base"
    if pointer not in models[side].positions and pointer in models[other].positions:
        side = other
    vendor = models[side]
    line, column = vendor.where(pointer)
    return Location(side, vendor.source, line, column, pointer)


# --- comparison -----------------------------------------------------------------------


def compare(base: tuple[Vendor, ...], head: tuple[Vendor, ...]) -> list[Change]:
    """Every change from the models ``base`` to the models ``head``."""
    before = {vendor.slug: vendor for vendor in base}
    after = {vendor.slug: vendor for vendor in head}
    changes: list[Change] = []
    for slug in sorted(before.keys() | after.keys()):
        if slug not in after:
            vendor = before[slug]
            where = Location("base", vendor.source, *vendor.where(""), "")
            changes.append(
                Change(
                    "vendor-removed", slug, where, "vendor {0} was removed with its package {1}", (vendor.name, slug)
                )
            )
        elif slug not in before:
            vendor = after[slug]
            where = Location("head", vendor.source, *vendor.where(""), "")
            changes.append(
                Change("vendor-added", slug, where, "vendor {0} was added: new package {1}", (vendor.name, slug))
            )
        else:
            pair = _Vendors(slug, before[slug], after[slug])
            changes.extend(_classes(pair))
            changes.extend(_rules(pair))
            changes.extend(_kinds(pair))
            changes.extend(_code_details(pair))
            changes.extend(_shapes(pair))
            changes.extend(_retry(pair))
    return sorted(changes, key=order)  # stable


def _raised_for(vendor: Vendor, status: int) -> str:
    """The class a response of ``status`` without a documented code raises."""
    return dict(vendor.status_classes).get(status, category_class(status))


def _ancestors(vendor: Vendor, name: str) -> list[str]:
    """Names above ``name``, nearest first, stopping below the root (whose name can change)."""
    bases = {cls.name: cls.base for cls in vendor.classes}
    found = []
    while (name := bases.get(name, vendor.root_class)) not in (vendor.root_class, "Exception"):
        found.append(name)
    return found


def _codes(vendor: Vendor) -> dict[str, ErrorClass]:
    return {cls.code: cls for cls in vendor.classes if cls.kind == "code" and cls.code is not None}


def _classes(v: _Vendors) -> Iterator[Change]:
    old, new = v.base, v.head
    if old.root_class != new.root_class:
        yield v.change(
            "class-renamed",
            "head",
            EXT + "/root-class",
            "the root class {0} was renamed to {1}: {2} fails",
            old.root_class,
            new.root_class,
            f"except {old.root_class}",
        )

    old_statuses, new_statuses = dict(old.status_classes), dict(new.status_classes)
    for status in sorted(old_statuses.keys() - new_statuses.keys()):
        yield v.change(
            "status-removed",
            "base",
            json_pointer("components", "responses", status),
            f"status {status} is no longer documented: class {{0}} is gone ({{1}} fails); such responses now raise {{2}}",
            old_statuses[status],
            f"except {old_statuses[status]}",
            category_class(status),
        )
    for status in sorted(new_statuses.keys() - old_statuses.keys()):
        yield v.change(
            "status-added",
            "head",
            json_pointer("components", "responses", status),
            f"status {status} is now documented: new class {{0}}, a subclass of {{1}}",
            new_statuses[status],
            category_class(status),
        )

    old_codes, new_codes = _codes(old), _codes(new)
    removed = sorted(old_codes.keys() - new_codes.keys())
    added = sorted(new_codes.keys() - old_codes.keys())
    for code in list(removed):
        cls = old_codes[code]
        twin = next((c for c in added if new_codes[c].name == cls.name and new_codes[c].status == cls.status), None)
        if twin is not None:
            removed.remove(code)
            added.remove(twin)
            yield v.change(
                "code-renamed",
                "head",
                json_pointer(EXTENSION, "codes", twin),
                "code {0} is now spelled {1}; its class {2} stays",
                code,
                twin,
                cls.name,
            )
    for code in removed:
        cls = old_codes[code]
        yield v.change(
            "code-removed",
            "base",
            json_pointer(EXTENSION, "codes", code),
            f"code {{0}} (status {cls.status}) was removed with its class {{1}}: {{2}} fails; such responses now raise {{3}}",
            code,
            cls.name,
            f"except {cls.name}",
            _raised_for(new, cls.status or 0),
        )
    for code in added:
        cls = new_codes[code]
        status = cls.status or 0
        retried = "retried" if runtime.retried(new.retry, status, code) else "not retried"
        yield v.change(
            "code-added",
            "head",
            json_pointer(EXTENSION, "codes", code),
            f"code {{0}} (status {status}, {retried}) was added: new class {{1}}, a subclass of {{2}}; such responses raised {{3}} before",
            code,
            cls.name,
            cls.base,
            _raised_for(old, status),
        )
    for code in sorted(old_codes.keys() & new_codes.keys()):
        yield from _code_class(v, code, old_codes[code], new_codes[code])


def _code_class(v: _Vendors, code: str, was: ErrorClass, now: ErrorClass) -> Iterator[Change]:
    at = json_pointer(EXTENSION, "codes", code)
    if was.name != now.name:
        yield v.change(
            "class-renamed",
            "head",
            at + "/class",
            "the class of code {0} was renamed from {1} to {2}: {3} fails",
            code,
            was.name,
            now.name,
            f"except {was.name}",
        )
    # A response with one of the code's documented statuses also raises that status's
    # class (combined at run time), so those classes and theirs are not lost.
    statuses = dict(v.head.status_classes)
    raised = [statuses[s] for s in now.statuses if s in statuses]
    combined = {name for cls in raised for name in (cls, *_ancestors(v.head, cls))}
    kept = set(_ancestors(v.head, now.name)) | combined
    lost = tuple(name for name in _ancestors(v.base, was.name) if name not in kept)
    gained = [name for name in _ancestors(v.head, now.name) if name not in _ancestors(v.base, was.name)]
    moved = was.status != now.status
    subject = (
        f"code {{1}} moved from status {was.status} to {now.status}: its class {{0}}"
        if moved
        else "class {0} of code {1}"
    )
    if lost:
        yield v.change(
            "code-moved-status" if moved else "class-reparented",
            "head",
            at + ("/status" if moved else ""),
            subject + " now subclasses {2}, no longer {3}: except clauses for {3} no longer catch it",
            now.name,
            code,
            now.base,
            lost,
        )
    elif moved:
        yield v.change(
            "code-moved-status-compatible",
            "head",
            at + "/status",
            subject + " now subclasses {2} (was {3}) and keeps every ancestor it had",
            now.name,
            code,
            now.base,
            was.base,
        )
    elif gained:
        yield v.change(
            "class-ancestor-added",
            "head",
            at,
            subject + " now subclasses {2}, under {3} as before",
            now.name,
            code,
            now.base,
            was.base,
        )


def _rule_target(vendor: Vendor, code: str | None, kind: str | None) -> str:
    """``code X (Class)`` or ``kind Y (Class)``: what a rule gives, in words."""
    for cls in vendor.classes:
        if (code is not None and cls.kind == "code" and cls.code == code) or (
            kind is not None and cls.kind == "kind" and cls.kind_name == kind
        ):
            return f"{'code ' + code if code is not None else 'kind ' + str(kind)} ({cls.name})"
    return f"code {code}" if code is not None else f"kind {kind}"


def _rules(v: _Vendors) -> Iterator[Change]:
    """Rules are compared by what they say (condition and target), not by position."""
    old = {(r.condition, r.code, r.kind): r for r in v.base.rules}
    new = {(r.condition, r.code, r.kind): r for r in v.head.rules}
    for key in sorted(old.keys() - new.keys(), key=repr):
        rule = old[key]
        target = _rule_target(v.base, rule.code, rule.kind)
        yield v.change("rule-removed", "base", rule.pointer, "rule {0} -> {1} was removed", rule.words, target)
    for key in sorted(new.keys() - old.keys(), key=repr):
        rule = new[key]
        target = _rule_target(v.head, rule.code, rule.kind)
        yield v.change(
            "rule-added",
            "head",
            rule.pointer,
            "rule {0} -> {1} was added, tried before the body's code",
            rule.words,
            target,
        )
    kept_old = tuple(k for k in old if k in new)
    kept_new = tuple(k for k in new if k in old)
    if kept_old != kept_new:
        yield v.change(
            "rule-reordered",
            "head",
            EXT + "/rules",
            "classification rules are now tried in the order {0} (was {1})",
            tuple(new[k].words for k in kept_new),
            tuple(old[k].words for k in kept_old),
        )


def _kinds(v: _Vendors) -> Iterator[Change]:
    old = {cls.kind_name: cls for cls in v.base.classes if cls.kind == "kind"}
    new = {cls.kind_name: cls for cls in v.head.classes if cls.kind == "kind"}
    for kind in sorted(k or "" for k in old.keys() - new.keys()):
        cls = old[kind]
        yield v.change(
            "kind-removed", "base", cls.pointer, "kind {0} is no longer documented: class {1} is gone", kind, cls.name
        )
    for kind in sorted(k or "" for k in new.keys() - old.keys()):
        cls = new[kind]
        yield v.change("kind-added", "head", cls.pointer, "kind {0} is now documented: new class {1}", kind, cls.name)
    for kind in sorted(k or "" for k in old.keys() & new.keys()):
        was, now = old[kind], new[kind]
        if was.name != now.name:
            yield v.change(
                "class-renamed", "head", now.pointer, "kind {0}: class {1} was renamed to {2}", kind, was.name, now.name
            )
        yield from _docs_link(v, now.pointer, "kind", kind, was, now)


def _docs_link(v: _Vendors, at: str, what: str, name: str, was: ErrorClass, now: ErrorClass) -> Iterator[Change]:
    """``what`` (kind, code, status) ``name``'s documentation link, when it changed."""
    if was.docs_url != now.docs_url:
        template = what + " {0}: documentation now {1} (was {2})"
        yield v.change("docs-link-changed", "head", at, template, name, now.docs_url, was.docs_url)


def _code_details(v: _Vendors) -> Iterator[Change]:
    """What v2 adds to a code that stays: its statuses, whether inferred, its link."""
    old, new = _codes(v.base), _codes(v.head)
    for code in sorted(old.keys() & new.keys()):
        was, now = old[code], new[code]
        at = json_pointer(EXTENSION, "codes", code)
        if was.statuses != now.statuses and was.status == now.status:
            yield v.change(
                "code-statuses-changed",
                "head",
                at,
                "code {0} is now documented under {1} (was {2})",
                code,
                tuple(str(s) for s in now.statuses),
                tuple(str(s) for s in was.statuses),
            )
        if was.status_inferred != now.status_inferred:
            state = "now marked inferred" if now.status_inferred else "no longer marked inferred"
            yield v.change("status-inferred-changed", "head", at, f"code {{0}}: its status is {state}", code)
        yield from _docs_link(v, at, "code", code, was, now)
    old_statuses = {cls.status: cls for cls in v.base.classes if cls.kind == "status"}
    for cls in (c for c in v.head.classes if c.kind == "status"):
        was_status = old_statuses.get(cls.status)
        if was_status is not None:
            yield from _docs_link(v, EXT + f"/status-docs/{cls.status}", "status", str(cls.status), was_status, cls)


# --- body shapes and their fields -----------------------------------------------------

_SHAPE_ASPECTS: tuple[tuple[str, str, Callable[[Shape], Arg]], ...] = (
    ("format", "format is", lambda s: s.format),
    ("match", "it matches when", lambda s: tuple(f"{dotted(path)} is {kind}" for path, kind in s.match)),
    ("code", "code path is", lambda s: dotted(s.code) or None),
    ("code-case", "code case is", lambda s: s.code_case),
    ("message", "message paths are", lambda s: tuple(dotted(p) for p in s.message)),
    ("details", "details path is", lambda s: dotted(s.details) or None),
    ("kind", "kind path is", lambda s: dotted(s.kind) or None),
    (
        "problems",
        "problems (list, message, field) are",
        lambda s: (
            tuple(dotted(p) for p in (s.problems.path, s.problems.message, s.problems.field)) if s.problems else None
        ),
    ),
)


def _shapes(v: _Vendors) -> Iterator[Change]:
    old = {shape.schema: shape for shape in v.base.shapes}
    new = {shape.schema: shape for shape in v.head.shapes}
    for schema in sorted(old.keys() - new.keys()):
        yield v.change(
            "shape-removed",
            "base",
            old[schema].pointer,
            "body shape {0} was removed: such bodies no longer give a code, message or request id",
            schema,
        )
    for schema in sorted(new.keys() - old.keys()):
        yield v.change("shape-added", "head", new[schema].pointer, "body shape {0} was added", schema)
    common_old = tuple(s.schema for s in v.base.shapes if s.schema in new)
    common_new = tuple(s.schema for s in v.head.shapes if s.schema in old)
    if common_old != common_new:
        yield v.change(
            "shape-changed",
            "head",
            EXT + "/shapes",
            "body shapes are now tried in the order {0} (was {1})",
            common_new,
            common_old,
        )
    for schema in common_new:
        was, now = old[schema], new[schema]
        at = now.pointer
        for key, label, read in _SHAPE_ASPECTS:
            if read(was) != read(now):
                yield v.change(
                    "shape-changed",
                    "head",
                    f"{at}/{key}",
                    f"body shape {{0}}: {label} now {{1}} (was {{2}})",
                    schema,
                    read(now),
                    read(was),
                )
        if was.request_id != now.request_id:
            yield v.change(
                "request-id-changed",
                "head",
                f"{at}/request-id",
                "body shape {0}: the request id is now read from {1} (was {2})",
                schema,
                dotted(now.request_id) or None,
                dotted(was.request_id) or None,
            )
        yield from _fields(v, was, now)
    if v.base.request_id_headers != v.head.request_id_headers:
        yield v.change(
            "request-id-changed",
            "head",
            EXT + "/request-id-headers",
            "request id headers are now {0} (were {1})",
            v.head.request_id_headers,
            v.base.request_id_headers,
        )


def _fields(v: _Vendors, was_shape: Shape, now_shape: Shape) -> Iterator[Change]:
    schema = now_shape.schema
    old = {f.path: f for f in was_shape.fields}
    new = {f.path: f for f in now_shape.fields}
    for path in sorted(old.keys() - new.keys()):
        yield v.change(
            "field-removed", "base", old[path].pointer, "body shape {0}: field {1} was removed", schema, path
        )
    for path in sorted(new.keys() - old.keys()):
        yield v.change(
            "field-added",
            "head",
            new[path].pointer,
            "body shape {0}: field {1} ({2}) was added",
            schema,
            path,
            new[path].type,
        )
    for path in sorted(old.keys() & new.keys()):
        was, now = old[path], new[path]
        if was.type != now.type:
            yield v.change(
                "field-retyped",
                "head",
                now.pointer,
                "body shape {0}: field {1} is now {2} (was {3})",
                schema,
                path,
                now.type,
                was.type,
            )
        if was.required and not now.required:
            yield v.change(
                "field-optional", "head", now.pointer, "body shape {0}: field {1} is no longer required", schema, path
            )
        elif now.required and not was.required:
            yield v.change(
                "field-required", "head", now.pointer, "body shape {0}: field {1} is now required", schema, path
            )


# --- retry ----------------------------------------------------------------------------


def _retry(v: _Vendors) -> Iterator[Change]:
    old, new = v.base.retry, v.head.retry
    was_retried, now_retried = set(expand(old.statuses)), set(expand(new.statuses))
    if added := now_retried - was_retried:
        yield v.change("retry-status-added", "head", RETRY + "/statuses", f"{_statuses(added)} now retried")
    if removed := was_retried - now_retried:
        yield v.change("retry-status-removed", "head", RETRY + "/statuses", f"{_statuses(removed)} no longer retried")
    yield from _retried_codes(v)
    yield from _retried_kinds(v)
    if old.max_attempts != new.max_attempts:
        yield v.change(
            "retry-attempts-changed",
            "head",
            RETRY + "/max-attempts",
            f"max attempts (the first included) is now {new.max_attempts} (was {old.max_attempts})",
        )
    for key, label, read in _BACKOFF:
        if read(old) != read(new):
            yield v.change(
                "retry-backoff-changed",
                "head",
                f"{RETRY}/backoff/{key}",
                f"backoff {label} is now {read(new)} (was {read(old)})",
            )
    for status in sorted(dict(old.fallback_delays).keys() | dict(new.fallback_delays).keys()):
        was, now = dict(old.fallback_delays).get(status), dict(new.fallback_delays).get(status)
        if was != now:
            yield v.change(
                "retry-fallback-delay-changed",
                "head",
                json_pointer(EXTENSION, "retry", "fallback-delays", status),
                f"the fixed delay for {status} without a server wait is now {_seconds(now)} (was {_seconds(was)})",
            )
    if old.max_server_wait != new.max_server_wait:
        yield v.change(
            "retry-max-server-wait-changed",
            "head",
            RETRY + "/max-server-wait",
            f"a server wait above {seconds(new.max_server_wait)} is now not slept on (was {seconds(old.max_server_wait)})",
        )
    if old.deadline != new.deadline:
        yield v.change(
            "retry-deadline-changed",
            "head",
            RETRY + "/deadline",
            f"the retry deadline is now {_seconds(new.deadline)} (was {_seconds(old.deadline)})",
        )
    for key, label, now_on, was_on in (
        ("connection-errors", "connection errors", new.connection_errors, old.connection_errors),
        ("timeouts", "timeouts", new.timeouts, old.timeouts),
    ):
        if now_on != was_on:
            yield v.change(
                "retry-transport-changed",
                "head",
                f"{RETRY}/{key}",
                f"{label} are {'now' if now_on else 'no longer'} retried",
            )
    if old.atomic_failures != new.atomic_failures:
        yield v.change(
            "retry-resend-changed",
            "head",
            RETRY + "/atomic-failures",
            (
                "failed requests of every method are now retried (documented atomic failures)"
                if new.atomic_failures
                else "failed non-idempotent requests are no longer retried unless they carry the idempotency header"
            ),
        )
    if (old.idempotency_header or "").lower() != (new.idempotency_header or "").lower():
        yield v.change(
            "retry-resend-changed",
            "head",
            RETRY + "/idempotency-header",
            "non-idempotent requests are now retried when they carry {0} (was {1})",
            new.idempotency_header or "no header (none documented)",
            old.idempotency_header or "no header (none documented)",
        )
    yield from _wait_headers(v, old, new)
    yield from _retry_v2(v, old, new)


def _retry_v2(v: _Vendors, old: RetryRules, new: RetryRules) -> Iterator[Change]:
    """The retry language of contract v2: the directive, refused, overrides, keys (kind
    rules are ``_retried_kinds``)."""
    was, now = old.directive, new.directive
    if was is not None and (now is None or now.name.lower() != was.name.lower()):
        yield v.change(
            "retry-directive-removed",
            "base",
            was.pointer,
            "the server's retry directive {0} is no longer obeyed",
            was.name,
        )
    if now is not None and (
        was is None or (was.name.lower(), was.retry, was.no_retry) != (now.name.lower(), now.retry, now.no_retry)
    ):
        yield v.change(
            "retry-directive-changed",
            "head",
            now.pointer,
            "the server's retry directive {0} now means retry for {1} and no retry for {2}",
            now.name,
            now.retry,
            now.no_retry,
        )
    if (old.refused_statuses, old.refused_codes) != (new.refused_statuses, new.refused_codes):
        yield v.change(
            "retry-refused-changed",
            "head",
            RETRY + "/refused",
            f"refused before processing (resent whatever the method): now {_refused(new)} (was {_refused(old)})",
        )
    if old.backoff_overrides != new.backoff_overrides:
        gone, came = set(old.backoff_overrides) - set(new.backoff_overrides), set(new.backoff_overrides) - set(
            old.backoff_overrides
        )
        for override in sorted(gone, key=lambda o: o.pointer):
            yield v.change(
                "retry-backoff-override-changed",
                "base",
                override.pointer,
                f"backoff override for {_scope(override)} was removed",
            )
        for override in sorted(came, key=lambda o: o.pointer):
            yield v.change(
                "retry-backoff-override-changed",
                "head",
                override.pointer,
                f"backoff for {_scope(override)} is now: {backoff_words(new, override.statuses[0][0] if override.statuses else None, (override.cls,) if override.cls else ())}",
            )
    if old.idempotency_key != new.idempotency_key:
        yield v.change(
            "retry-idempotency-key-changed",
            "head",
            RETRY + "/idempotency-key",
            "the documented idempotency key is now {0} (was {1})",
            new.idempotency_key or "none",
            old.idempotency_key or "none",
        )


def _refused(rules: RetryRules) -> str:
    parts = [describe_ranges(rules.refused_statuses)] if rules.refused_statuses else []
    parts += list(rules.refused_codes)
    return ", ".join(parts) or "none"


def _scope(override: BackoffOverride) -> str:
    parts = ["status " + describe_ranges(override.statuses)] if override.statuses else []
    parts += [f"class {override.cls}"] if override.cls else []
    return " and ".join(parts)


_BACKOFF: tuple[tuple[str, str, Callable[[RetryRules], str]], ...] = (
    ("initial", "initial delay", lambda r: seconds(r.backoff_initial)),
    ("multiplier", "multiplier", lambda r: f"{r.backoff_multiplier:g}"),
    ("max", "cap", lambda r: seconds(r.backoff_max)),
    ("min", "minimum", lambda r: seconds(r.backoff_min)),
    ("jitter", "jitter", lambda r: r.jitter),  # an enum of the schema, not free text
)


def _seconds(value: float | None) -> str:
    return "none" if value is None else seconds(value)


def _retried_codes(v: _Vendors) -> Iterator[Change]:
    """Codes whose retrying changed for a reason of their own, not only their status's or
    their kind's (the status list and kind rules are reported once, not per code)."""
    old, new = v.base.retry, v.head.retry
    old_codes, new_codes = _codes(v.base), _codes(v.head)
    for code in sorted(old_codes.keys() & new_codes.keys()):
        was_cls, now_cls = old_codes[code], new_codes[code]
        was_status, now_status = was_cls.status or 0, now_cls.status or 0
        was = runtime.retried(old, was_status, code, was_cls.kind_name)
        now = runtime.retried(new, now_status, code, now_cls.kind_name)
        ruled = code in old.retry_codes + old.no_retry_codes + new.retry_codes + new.no_retry_codes
        if was == now or (was_status == now_status and was_cls.kind_name == now_cls.kind_name and not ruled):
            continue
        at = (
            json_pointer(EXTENSION, "retry", "codes", code)
            if ruled
            else json_pointer(EXTENSION, "codes", code, "status" if was_status != now_status else "kind")
        )
        state = "now retried" if now else "no longer retried"
        yield _retry_rule_change(v, "code", now, at, f"code {{0}} (status {now_status}) is {state}", code)


def _kind_rule(rules: RetryRules, kind: str) -> bool | None:
    """A kind's retry rule: retried whatever the status (True), never (False), or as its status is (None)."""
    return True if kind in rules.retry_kinds else False if kind in rules.no_retry_kinds else None


_KIND_RULE_WORDS = {True: "retried whatever its status", False: "never retried", None: "retried as its status is"}
_MORE_RETRIES = {False: 0, None: 1, True: 2}  # how many of a kind's errors are retried, in order


def _retried_kinds(v: _Vendors) -> Iterator[Change]:
    """Documented kinds whose retry rule changed (its codes without a rule of their own follow it)."""
    old, new = v.base.retry, v.head.retry
    for kind in sorted(set(_kinds_of(v.base)) & set(_kinds_of(v.head))):
        was, now = _kind_rule(old, kind), _kind_rule(new, kind)
        if was == now:
            continue
        template = f"kind {{0}} is now {_KIND_RULE_WORDS[now]} (was {_KIND_RULE_WORDS[was]})"
        at = json_pointer(EXTENSION, "retry", "kinds", kind)
        yield _retry_rule_change(v, "kind", _MORE_RETRIES[now] > _MORE_RETRIES[was], at, template, kind)


def _kinds_of(vendor: Vendor) -> tuple[str, ...]:
    return tuple(cls.kind_name for cls in vendor.classes if cls.kind == "kind" and cls.kind_name is not None)


def _retry_rule_change(v: _Vendors, what: str, more: bool, at: str, template: str, name: str) -> Change:
    """``retry-<what>-added`` when more of ``name``'s errors are retried, else ``-removed``."""
    return v.change(f"retry-{what}-{'added' if more else 'removed'}", "head", at, template, name)


def _wait_headers(v: _Vendors, old: RetryRules, new: RetryRules) -> Iterator[Change]:
    was = {h.name.lower(): (i, h) for i, h in enumerate(old.wait_headers)}
    now = {h.name.lower(): (i, h) for i, h in enumerate(new.wait_headers)}
    for key in sorted(was.keys() - now.keys()):
        index, header = was[key]
        yield v.change(
            "retry-wait-header-removed",
            "base",
            json_pointer(EXTENSION, "retry", "wait-headers", index),
            "wait header {0} is no longer honoured",
            header.name,
        )
    for key in sorted(now.keys() - was.keys()):
        index, header = now[key]
        yield v.change(
            "retry-wait-header-added",
            "head",
            json_pointer(EXTENSION, "retry", "wait-headers", index),
            "wait header {0} ({1}) is now honoured",
            header.name,
            header.unit,
        )
    order_was = tuple(h.name for h in old.wait_headers if h.name.lower() in now)
    order_now = tuple(h.name for h in new.wait_headers if h.name.lower() in was)
    if order_was != order_now:
        yield v.change(
            "retry-wait-header-changed",
            "head",
            RETRY + "/wait-headers",
            "wait headers are now tried in the order {0} (was {1})",
            order_now,
            order_was,
        )
    for key in sorted(was.keys() & now.keys()):
        (_, before), (index, after) = was[key], now[key]
        at = json_pointer(EXTENSION, "retry", "wait-headers", index)
        if before.unit != after.unit:
            yield v.change(
                "retry-wait-header-changed",
                "head",
                at + "/unit",
                "wait header {0} is now read as {1} (was {2})",
                after.name,
                after.unit,
                before.unit,
            )
        if before.when != after.when:
            yield v.change(
                "retry-wait-header-changed",
                "head",
                at + "/when",
                f"wait header {{0}} is now honoured {_when(after)} (was {_when(before)})",
                after.name,
            )
        if before.statuses != after.statuses:
            yield v.change(
                "retry-wait-header-changed",
                "head",
                at + "/statuses",
                f"wait header {{0}} is now honoured on {_on(after.statuses)} (was {_on(before.statuses)})",
                after.name,
            )


def _when(header: WaitHeader) -> str:
    return "if " + describe(((), header.when, (), None)) if header.when else "unconditionally"


def _on(statuses: StatusRanges) -> str:
    return "statuses " + describe_ranges(statuses) if statuses else "every status"


def _statuses(statuses: set[int]) -> str:
    """``{501, 505, ..., 599}`` -> ``"statuses 501, 505-599 are"``."""
    ranges = status_ranges(sorted(statuses))
    return (
        ("status " if len(statuses) == 1 else "statuses ")
        + describe_ranges(ranges)
        + (" is" if len(statuses) == 1 else " are")
    )
