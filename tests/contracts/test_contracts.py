"""Real public APIs' error contracts (tests/contracts/*.yaml), generated and checked against their vectors.

Each spec here is written from a real vendor's public documentation (issue 11, point 4;
tests/contracts/README.md lists the facts). The vector test generates each spec on its
own into a scratch directory with the generator itself, imports the package, and runs
every vector of its ``vectors.json`` through the project's one vector check
(``tests/vector_checks.py``). A new spec dropped here brings its own tests; no test
names a vendor.
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from generator import cli
from generator.paths import spec_files
from generator.spec import build
from generator.spec.loader import load_file

CONTRACTS = ROOT / "tests" / "contracts"
SPECS = {path.stem: path for path in spec_files(CONTRACTS)}


def _cases() -> list[Any]:
    """One test per vector, named as the generator names it (``build.vectors``, the
    implementation that writes ``vectors.json``)."""
    return [
        pytest.param(slug, vector.name, id=f"{slug}: {vector.name}")
        for slug, path in sorted(SPECS.items())
        for vector in build.vectors(load_file(path).data)
    ]


def _vectors(package: Path) -> dict[str, Any]:
    """The package's generated ``vectors.json``."""
    loaded: dict[str, Any] = json.loads((package / "vectors.json").read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Each contract generated on its own into a scratch directory, importable by its slug:
    slug -> the package's directory."""
    root = tmp_path_factory.mktemp("contracts")
    packages: dict[str, Path] = {}
    try:
        for slug, path in sorted(SPECS.items()):
            specs, out = root / "specs" / slug, root / "out" / slug
            specs.mkdir(parents=True)
            shutil.copy(path, specs / path.name)
            status = cli.main(
                ["generate", "--specs", str(specs), "--out", str(out), "--no-cache", "--jobs", "1", "--quiet"]
            )
            assert status == 0, f"{path.name}: the generator rejected it (its diagnostics are in the captured stderr)"
            sys.path.insert(0, str(out))
            packages[slug] = out / slug
        yield packages
    finally:
        for name in [name for name in sys.modules if name.split(".")[0] in SPECS]:
            del sys.modules[name]
        sys.path[:] = [entry for entry in sys.path if not entry.startswith(str(root))]


@pytest.mark.parametrize(("slug", "name"), _cases())
def test_documented_vector(slug: str, name: str, generated: dict[str, Path]) -> None:
    from conftest import vector_response  # the v2 vectors' helpers (tests/conftest.py)
    from vector_checks import check_error

    document = _vectors(generated[slug])
    (vector,) = [vector for vector in document["vectors"] if vector["name"] == name]
    assert vector["source"].strip(), f"{name!r} cites no source"  # the schema only rejects an empty one
    package = importlib.import_module(slug)
    error = package.from_response(*vector_response(vector))
    check_error(package, vector, error, document["jitter_draw"])


@pytest.mark.parametrize("slug", sorted(SPECS))
def test_every_documented_status_code_and_kind_has_a_vector(slug: str, generated: dict[str, Path]) -> None:
    """Every documented status, code and kind is shown by at least one vector: its
    status, or its class among a vector's ``class`` and ``is-a``."""
    errors = importlib.import_module(f"{slug}.errors")
    vectors = _vectors(generated[slug])["vectors"]
    statuses = {vector["status"] for vector in vectors}
    classes = {vector["expect"]["class"] for vector in vectors}
    classes |= {name for vector in vectors for name in vector["expect"].get("is-a", [])}
    assert errors.ERRORS_BY_STATUS, f"{slug}: no documented status"
    for status in errors.ERRORS_BY_STATUS:
        assert status in statuses, f"{slug}: no vector for status {status}"
    for table in ("ERRORS_BY_CODE", "ERRORS_BY_KIND"):
        for value, cls in getattr(errors, table).items():
            assert cls.__name__ in classes, f"{slug}: no vector for {table} {value!r} ({cls.__name__})"
