"""The retry policy of KonPro in tenacity and stamina.

Generated from specs/konpro.yaml by the error-contract generator; do not edit.

    @tenacity.retry(**tenacity_kwargs(method="GET"))
    def fetch() -> Any: ...   # raise_for_response(response) raises the package's errors

    @stamina.retry(on=stamina_on(method="GET"), **stamina_kwargs())
    def fetch() -> Any: ...

Each uses the vendor's ``DEFAULT_POLICY`` unless given ``policy=``; what they do (and
what stamina cannot express of a policy) is ``_bridges.py``. Neither library is imported.
"""

from __future__ import annotations

from . import _bridges
from ._bridges import TenacityBridge
from ._policy import bind
from .retry import DEFAULT_POLICY

__all__ = [
    "TenacityBridge",
    "stamina_kwargs",
    "stamina_on",
    "tenacity_bridge",
    "tenacity_kwargs",
]

tenacity_kwargs = bind(_bridges.tenacity_kwargs, DEFAULT_POLICY)
tenacity_bridge = bind(_bridges.tenacity_bridge, DEFAULT_POLICY)
stamina_on = bind(_bridges.stamina_on, DEFAULT_POLICY)
stamina_kwargs = bind(_bridges.stamina_kwargs, DEFAULT_POLICY)
