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
import importlib.util
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT
from generator import cli
from generator.model.naming import class_name_for_code
from generator.model.statuses import status_class_name
from generator.paths import spec_files

CONTRACTS = ROOT / "tests" / "contracts"
SPECS = {path.stem: path for path in spec_files(CONTRACTS)}
SCHEMA = json.loads((ROOT / "generator" / "spec" / "x-error-contract.schema.json").read_text(encoding="utf-8"))

def _pointer(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def vectors(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every documented example with an expectation, as the generator reads them: the
    extension's list, then the Example Objects of components/responses that carry
    ``x-expect`` (status: the response's; name: the summary, else the example's key)."""
    yield from document["x-error-contract"].get("examples", [])
    for status, response in (document.get("components", {}).get("responses") or {}).items():
        for media, entry in (response.get("content") or {}).items():
            for name, example in (entry.get("examples") or {}).items():
                if "$ref" in example:
                    example = _pointer(document, example["$ref"])
                if "x-expect" in example:
                    yield {
                        "name": example.get("summary") or name,
                        "source": example["x-source"],
                        "status": int(status),
                        "headers": {"Content-Type": media, **example.get("x-headers", {})},
                        "body-json": example["value"],
                        "expect": example["x-expect"],
                    }


def _document(slug: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPECS[slug].read_text(encoding="utf-8"))
    return loaded


def _cases() -> list[Any]:
    return [
        pytest.param(slug, case["name"], id=f"{slug}: {case['name']}")
        for slug in sorted(SPECS)
        for case in vectors(_document(slug))
    ]


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

    document = json.loads((generated[slug] / "vectors.json").read_text(encoding="utf-8"))
    (vector,) = [vector for vector in document["vectors"] if vector["name"] == name]
    package = importlib.import_module(slug)
    error = package.from_response(*vector_response(vector))
    check_error(package, vector, error, document["jitter_draw"])


@pytest.mark.parametrize("slug", sorted(SPECS))
def test_every_documented_status_code_and_kind_has_a_vector(slug: str) -> None:
    """Every documented status, code and kind is shown by at least one vector."""
    document = _document(slug)
    contract = document["x-error-contract"]
    cases = list(vectors(document))
    statuses = {case["status"] for case in cases}
    classes = {case["expect"]["class"] for case in cases} | {
        name for case in cases for name in case["expect"].get("is-a", [])
    }
    for status in document.get("components", {}).get("responses", {}):
        assert int(status) in statuses, f"{slug}: no vector for status {status}"
    for table in ("codes", "kinds"):
        for value, entry in (contract.get(table) or {}).items():
            assert (
                class_name_for_code(value, entry.get("class")) in classes
            ), f"{slug}: no vector for {table[:-1]} {value}"


@pytest.mark.parametrize("slug", sorted(SPECS))
def test_vectors_cite_a_source_and_name_classes_the_spec_defines(slug: str) -> None:
    """A vector without a source is not documentation, two with one name cannot both be
    reported, and one naming a class no part of the spec defines can never pass: mistakes
    in the spec, found before generation."""
    document = _document(slug)
    contract = document["x-error-contract"]
    defined = {contract["root-class"], "APIError", "ClientError", "ServerError"}
    defined |= {status_class_name(int(status)) for status in document.get("components", {}).get("responses", {})}
    for table in ("codes", "kinds"):
        defined |= {
            class_name_for_code(value, entry.get("class")) for value, entry in (contract.get(table) or {}).items()
        }
    names = [case["name"] for case in vectors(document)]
    assert len(names) == len(set(names)), f"{slug}: two vectors share a name"
    for case in vectors(document):
        assert str(case.get("source") or "").strip(), f"{slug}: {case['name']!r} cites no source"
        for name in [case["expect"]["class"], *case["expect"].get("is-a", [])]:
            assert name in defined, f"{slug}: {case['name']!r} names {name}, which the spec does not define"
