"""Shared fixtures: the repository layout and the generated vendor packages."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from socketserver import BaseServer
from types import ModuleType
from typing import Any, NamedTuple, TypeVar

import pytest

from generator.paths import spec_files
from vector_checks import vector_response  # noqa: F401 (the tests' one reading of a vector, stdlib-only)

ROOT = Path(__file__).resolve().parent.parent
# Another set of specs and its generated packages (a directory named ``generated``, which
# then shadows the checked-in one): how a test proves that a new spec brings its own tests.
SPECS = Path(os.environ.get("ERROR_CONTRACTS_SPECS") or ROOT / "specs")
GENERATED = Path(os.environ.get("ERROR_CONTRACTS_GENERATED") or ROOT / "generated")
if GENERATED != ROOT / "generated":
    assert GENERATED.name == "generated", f"ERROR_CONTRACTS_GENERATED must name a directory called generated: {GENERATED}"
    sys.path.insert(0, str(GENERATED.parent))
SPEC_FILES = {p.stem: p for p in spec_files(SPECS)}  # .yaml and .yml, as the generator reads them
VENDORS = sorted(SPEC_FILES)


def project_config(directory: Path) -> Path:
    """Write ``directory/pyproject.toml`` holding this repository's ``[tool.error-contracts]``
    table, so a copy of specs/ and generated/ there generates the checked-in bytes (the
    provenance headers name the configured generate-command); the file's path."""
    import tomllib

    table = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["error-contracts"]
    lines = [f"{key} = {json.dumps(value)}" for key, value in table.items()]
    (directory / "pyproject.toml").write_text("[tool.error-contracts]\n" + "\n".join(lines) + "\n")
    return directory / "pyproject.toml"


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


def vectors(slug: str) -> list[dict[str, Any]]:
    """The conformance vectors of ``slug``'s generated package (its ``vectors.json``)."""
    document = json.loads((GENERATED / slug / "vectors.json").read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = document["vectors"]
    return found


def vector_params(keep: Callable[[dict[str, Any]], bool] = lambda vector: True) -> list[Any]:
    """``pytest.param(slug, vector)`` for every vector of every vendor that ``keep`` accepts."""
    return [
        pytest.param(slug, vector, id=f"{slug}: {vector['name']}")
        for slug in VENDORS
        for vector in vectors(slug)
        if keep(vector)
    ]


class Documented(NamedTuple):
    """One documented response of one vendor (a conformance vector) and what its package makes of it."""

    slug: str
    vendor: ModuleType
    vector: dict[str, Any]
    error: Any  # vendor.from_response(*vector_response(vector))


def documented_responses() -> Iterator[Documented]:
    """Every vendor's documented responses, in ``VENDORS`` order."""
    for slug in VENDORS:
        vendor = vendor_package(slug)
        for vector in vectors(slug):
            yield Documented(slug, vendor, vector, vendor.from_response(*vector_response(vector)))


def first_documented(
    why: str, keep: Callable[[Documented], bool], prefer: Callable[[Documented], Any] = lambda case: 0
) -> Documented:
    """The first documented response (``prefer``'s smallest first, then ``VENDORS`` order)
    that ``keep`` accepts: how a test picks its vendor by property. ``why`` names the property."""
    found = sorted((case for case in documented_responses() if keep(case)), key=prefer)
    assert found, f"no vendor documents a response that {why}"
    return found[0]


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


# pyright: the exact version `make test` installs with npm into the venv running the tests
# (requirements/pyright/, in .venv/pyright), or PYRIGHT=/path/to/pyright.
PYRIGHT_PIN: str = json.loads((ROOT / "requirements" / "pyright" / "package.json").read_text())["dependencies"]["pyright"]


def pyright_command() -> str:
    """The pyright to run; skips only when npm is missing (``make test`` could not install it)."""
    if os.environ.get("PYRIGHT"):
        return os.environ["PYRIGHT"]
    installed = Path(sys.prefix) / "pyright" / "node_modules" / ".bin" / "pyright"
    if installed.is_file():
        return str(installed)
    if shutil.which("npm") is None:
        pytest.skip("npm not found, so make test could not install pyright: install Node.js with npm to run this test")
    pytest.fail(f"npm is installed but pyright is not ({installed}): run make test, which installs it, or set PYRIGHT=")


def expand(ranges: tuple[tuple[int, int], ...]) -> set[int]:
    """Every status of a policy's ``(low, high)`` status ranges."""
    return {status for low, high in ranges for status in range(low, high + 1)}


# A spec with one warning (a rule repeated) and one error (a rule naming an undeclared code)
# for the output-format tests; CODE is where a test puts hostile text.
FORMATS_SPEC = """\
openapi: 3.1.0
info: {title: formats, version: "1"}
paths: {}
components:
  schemas:
    Body: {type: object, properties: {code: {type: string}, message: {type: string}}}
  responses:
    "409": {description: Conflict.}
x-error-contract:
  vendor: Formats
  root-class: FormatsError
  shapes:
    - {schema: Body, match: {code: string}, code: code, message: message}
  codes:
    ALREADY_EXISTS: {status: 409}
  rules:
    - {when: {message: {suffix: already exists.}}, code: ALREADY_EXISTS}
    - {when: {message: {suffix: already exists.}}, code: ALREADY_EXISTS}
    - {when: {message: {prefix: Duplicate}}, code: CODE}
  retry:
    max-attempts: 3
    statuses: [409]
    backoff: {initial: 1, multiplier: 2, max: 4}
    max-server-wait: 60
"""
