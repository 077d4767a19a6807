"""Shared fixtures: the repository layout and the generated vendor packages."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
VENDORS = sorted(p.stem for p in SPECS.glob("*.yaml"))


def vendor_package(slug: str) -> ModuleType:
    """The checked-in generated package of ``slug``, imported as ``generated.<slug>``."""
    return importlib.import_module(f"generated.{slug}")


@pytest.fixture(params=VENDORS)
def vendor(request: pytest.FixtureRequest) -> ModuleType:
    return vendor_package(request.param)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-cases", action="store_true", help="rewrite tests/golden/cases/*/expected.txt from what the generator does now")
