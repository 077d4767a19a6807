"""The in-process runtime figures' shared part: the chosen vendor's package, imported from ``generated/``."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

from _project import ROOT, Documented, runtime_input


def package() -> tuple[ModuleType, Documented]:
    """The runtime figures' vendor package (``generated.<slug>``) and documented response."""
    case = runtime_input()
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module(f"generated.{case.slug}"), case
