"""The generated packages' runtime, loaded into the generator: one implementation of every rule.

``templates/runtime/`` is imported here as a package of its own (it imports only the
standard library and itself, relatively), without any vendor module. The generator
asks it what a rule means (is this status retried, which wait headers apply, what
delays the backoff gives) for ERRORS.md, ``diff`` and validation, so the page and the
package can never disagree. ``policy_fields`` is also what ``retry.py`` renders, so
the policy built here equals the package's ``DEFAULT_POLICY``.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import types
from functools import cache
from typing import Any, Protocol

from ..paths import TEMPLATES_DIR
from . import RetryRules

PACKAGE = "_error_contract_runtime"


class _Store(Protocol):
    """Where compiled runtime modules are kept between runs (``output.cache.Artifacts``)."""

    def key(self, *parts: str | bytes) -> str: ...

    def get(self, kind: str, key: str) -> Any: ...

    def put(self, kind: str, key: str, value: Any) -> None: ...


_code_store: _Store | None = None
_code_keys: set[str] = set()  # the keys of the modules imported, whichever store they came from


def keep_code_in(store: _Store | None) -> None:
    """Keep the runtime's compiled modules in ``store`` (kind ``runtime-code``, keyed by the
    module's path and source and the toolchain): no ``__pycache__`` is written into
    templates/ (the template loader would list it), so without a store every process that
    imports the runtime compiles it again."""
    global _code_store
    _code_store = store
    if store is not None:
        for key in _code_keys:  # imported by an earlier spec of this process: this spec's too
            store.get("runtime-code", key)


class _Loader(importlib.machinery.SourceFileLoader):
    """The runtime's loader: byte code from ``keep_code_in``'s store, never written beside the source."""

    def get_code(self, fullname: str) -> types.CodeType:
        path = self.get_filename(fullname)
        source = self.get_data(path)
        store = _code_store
        key = store.key("runtime-code", path, source) if store is not None else ""
        if store is not None:
            _code_keys.add(key)
            stored = store.get("runtime-code", key)
            if isinstance(stored, str):
                import base64
                import marshal

                code = marshal.loads(base64.b64decode(stored))
                if isinstance(code, types.CodeType):
                    return code
        code = self.source_to_code(source, path)
        if store is not None:
            import base64
            import marshal

            store.put("runtime-code", key, base64.b64encode(marshal.dumps(code)).decode("ascii"))
        return code

    def set_data(self, path: str, data: Any, *, _mode: int = 0o666) -> None:
        """Never: no byte code is written into templates/."""


class _Finder:
    """Finds the runtime's modules (a meta path finder needs only ``find_spec``)."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if not fullname.startswith(PACKAGE + "."):
            return None
        name = fullname[len(PACKAGE) + 1 :]
        file = TEMPLATES_DIR / "runtime" / f"{name}.py"
        if "." in name or not file.is_file():
            return None
        return importlib.util.spec_from_file_location(fullname, file, loader=_Loader(fullname, str(file)))


def module(name: str) -> Any:
    """The runtime module ``name`` (``"_policy"``, ``"_waits"``, ...)."""
    if PACKAGE not in sys.modules:
        package = types.ModuleType(PACKAGE, "The generated packages' runtime, as the generator uses it.")
        package.__path__ = [str(TEMPLATES_DIR / "runtime")]
        sys.modules[PACKAGE] = package
        sys.meta_path.insert(0, _Finder())
    return importlib.import_module(f"{PACKAGE}.{name}")


def policy_fields(rules: RetryRules) -> tuple[tuple[str, Any], ...]:
    """``RetryPolicy`` keyword arguments for ``rules``, as literals (tuples, not sets)."""
    directive = rules.directive
    fields: list[tuple[str, Any]] = [
        ("max_attempts", rules.max_attempts),
        ("deadline", rules.deadline),
        ("retry_statuses", rules.statuses),
        ("retry_codes", rules.retry_codes),
        ("no_retry_codes", rules.no_retry_codes),
        ("retry_kinds", rules.retry_kinds),
        ("no_retry_kinds", rules.no_retry_kinds),
        ("directive_header", None if directive is None else (directive.name, directive.retry, directive.no_retry)),
        ("retry_connection_errors", rules.connection_errors),
        ("retry_timeouts", rules.timeouts),
        ("backoff_initial", rules.backoff_initial),
        ("backoff_multiplier", rules.backoff_multiplier),
        ("backoff_max", rules.backoff_max),
        ("backoff_min", rules.backoff_min),
        ("jitter", rules.jitter),
        (
            "backoff_overrides",
            tuple((o.statuses, o.cls, o.initial, o.multiplier, o.max) for o in rules.backoff_overrides),
        ),
        ("wait_headers", tuple((h.name, h.unit, h.statuses, h.when) for h in rules.wait_headers)),
        ("fallback_delays", rules.fallback_delays),
        ("max_server_wait", rules.max_server_wait),
        ("atomic_failures", rules.atomic_failures),
        ("idempotency_header", rules.idempotency_header),
        ("idempotency_key", rules.idempotency_key),
        ("rejected_statuses", rules.refused_statuses),
        ("rejected_codes", rules.refused_codes),
    ]
    return tuple(fields)


@cache
def policy(rules: RetryRules) -> Any:
    """The runtime's ``RetryPolicy`` for ``rules`` (no contract: the generator asks it
    about statuses, codes, kinds and headers, never about a live error)."""
    return module("_policy").RetryPolicy(**dict(policy_fields(rules)))


@cache
def _classifier(rules: RetryRules) -> Any:
    """A ``RetryPolicy`` holding only ``rules``' status, code and kind rules: validation asks
    it before the rest of the section (backoff numbers, waits), which the runtime's own
    checks would refuse, is known to be consistent."""
    fields = dict(policy_fields(rules))
    kept = ("retry_statuses", "retry_codes", "no_retry_codes", "retry_kinds", "no_retry_kinds")
    return module("_policy").RetryPolicy(**{name: fields[name] for name in kept})


def retried(rules: RetryRules, status: int, code: str | None = None, kind: str | None = None) -> bool:
    """Whether an error of ``status`` (with documented ``code`` / ``kind``) is retried."""
    return bool(_classifier(rules).is_retryable(status, code, kind))


def applies_on(rules: RetryRules, status: int) -> tuple[int, ...]:
    """The indices of ``rules.wait_headers`` read on an error of ``status`` (their
    header conditions aside), in the order they are tried."""
    waits = module("_waits")
    entries = policy(rules).wait_headers
    return tuple(index for index, entry in enumerate(entries) if waits.applies((*entry[:3], ()), status, None))


def backoff_delays(rules: RetryRules, status: int | None = None, classes: tuple[str, ...] = ()) -> tuple[float, ...]:
    """The longest computed delay before each retry (jitter draws below it) for an
    error of ``status`` whose class and bases are ``classes``."""
    rule = policy(rules)
    initial, multiplier, most = rule.backoff_numbers(status, classes)
    plain = rule.replace(backoff_overrides=(), backoff_initial=initial, backoff_multiplier=multiplier, backoff_max=most)
    return tuple(float(plain.backoff_ceiling(n)) for n in range(1, rules.max_attempts))
