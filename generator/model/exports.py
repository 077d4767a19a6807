"""The public names of a generated package: one list, rendered into every ``__all__``.

``__init__.py`` re-exports each name from the module that defines it (explicitly, for
type checkers) and ``errors.py`` and ``bridges.py`` list their own as ``__all__``; all
come from ``public_names``, so the names a package offers cannot drift between modules.
The ``testing`` module is not here: its names are never the package's (an SDK imports
``testing`` explicitly in its tests, and nothing in the package imports it).
"""

from __future__ import annotations

from collections.abc import Iterable

# Names every package has, and the module that defines each; the vendor's classes
# (errors.py) come on top.
FIXED: tuple[tuple[str, str], ...] = (
    ("CONTRACT", "errors"),
    ("ERRORS_BY_CODE", "errors"),
    ("ERRORS_BY_KIND", "errors"),
    ("ERRORS_BY_STATUS", "errors"),
    ("Headers", "errors"),
    ("Problem", "errors"),
    ("araise_for_response", "errors"),
    ("from_response", "errors"),
    ("raise_for_response", "errors"),
    ("DEFAULT_BUDGET", "retry"),
    ("DEFAULT_POLICY", "retry"),
    ("MAX_HINT_SECONDS", "retry"),
    ("Attempt", "retry"),
    ("RetryBudget", "retry"),
    ("RetryDecision", "retry"),
    ("RetryPolicy", "retry"),
    ("WaitHint", "retry"),
    ("async_call_with_retry", "retry"),
    ("call_with_retry", "retry"),
    ("failure_kind", "retry"),
    ("parse_wait", "retry"),
    ("aiohttp_middleware", "adapters"),
    ("httpx2_async_transport", "adapters"),
    ("httpx2_transport", "adapters"),
    ("httpx_async_transport", "adapters"),
    ("httpx_transport", "adapters"),
    ("requests_adapter", "adapters"),
    ("urllib3_pool_manager", "adapters"),
    ("TenacityBridge", "bridges"),
    ("stamina_kwargs", "bridges"),
    ("stamina_on", "bridges"),
    ("tenacity_bridge", "bridges"),
    ("tenacity_kwargs", "bridges"),
    ("GENERATOR_VERSION", "provenance"),
    ("SPEC_PATH", "provenance"),
    ("SPEC_SHA256", "provenance"),
)


def public_names(class_names: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """``(name, module)`` of every public name, sorted by name (as ``__all__`` lists them)."""
    names = dict(FIXED)
    names.update((name, "errors") for name in class_names)
    return tuple(sorted(names.items()))
