"""Shared fixtures: the repository layout and the generated vendor packages."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from pathlib import Path
from socketserver import BaseServer
from types import ModuleType
from typing import TypeVar

import pytest

from generator.paths import spec_files

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
SPEC_FILES = {p.stem: p for p in spec_files(SPECS)}  # .yaml and .yml, as the generator reads them
VENDORS = sorted(SPEC_FILES)


def quickest_quiet_vendors(count: int) -> list[str]:
    """The ``count`` vendors quickest to regenerate (smallest specs) whose specs give no
    warnings, for tests that read the generator's stderr line by line."""
    from generator import pipeline

    found: list[str] = []
    for slug in sorted(VENDORS, key=lambda slug: SPEC_FILES[slug].stat().st_size):
        if len(found) < count and not pipeline.load_and_check([SPEC_FILES[slug]]).warnings:
            found.append(slug)
    return found


def vendor_package(slug: str) -> ModuleType:
    """The checked-in generated package of ``slug``, imported as ``generated.<slug>``."""
    return importlib.import_module(f"generated.{slug}")


@pytest.fixture(params=VENDORS)
def vendor(request: pytest.FixtureRequest) -> ModuleType:
    return vendor_package(request.param)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-cases", action="store_true", help="rewrite tests/golden/cases/*/expected.txt from what the generator does now")


S = TypeVar("S", bound=BaseServer)


def serving(server: S, poll_interval: float = 0.02) -> Iterator[S]:
    """Run ``server`` (a test server on 127.0.0.1) on a thread for the life of a fixture."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": poll_interval}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def expand(ranges: tuple[tuple[int, int], ...]) -> set[int]:
    """Every status of a policy's ``(low, high)`` status ranges."""
    return {status for low, high in ranges for status in range(low, high + 1)}
