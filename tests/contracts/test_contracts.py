"""Real public APIs' error contracts (tests/contracts/*.yaml), generated and checked against their vectors.

Each spec here is written from a real vendor's public documentation (issue 11, point 4;
tests/contracts/README.md lists the facts). For each one the test generates the package
into a scratch directory with the generator itself, imports it, and runs every documented
example of the spec: the ``x-error-contract.examples`` entries and the ``x-expect`` of
standard OpenAPI Example Objects (V2-DESIGN.md, section D). A new spec dropped here brings
its own tests; no test names a vendor.

The specs use the contract v2 language. Until the generator understands it, the vector
test is skipped (the reason says which keys are missing); it runs by itself once the
extension's JSON Schema declares them. The coverage test needs no generator and always runs.
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from collections.abc import Iterator
from types import ModuleType
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

# The v2 keys these specs use (V2-DESIGN.md B-D): the module runs once the schema has them all.
V2_KEYS = {"rules", "kinds", "examples"}
V2_RETRY_KEYS = {"directive-header", "refused"}
_missing = sorted((V2_KEYS - set(SCHEMA["properties"])) | (V2_RETRY_KEYS - set(SCHEMA["$defs"]["retry"]["properties"])))
needs_v2 = pytest.mark.skipif(
    bool(_missing),
    reason=f"the generator does not understand the contract v2 language yet (x-error-contract lacks {', '.join(_missing)}); "
    "tests/contracts/*.yaml are written in it (issue 11, point 4)",
)

# Keys of an expectation and the error attribute each one checks, as written (V2-DESIGN.md D).
ATTRIBUTES = ("code", "kind", "message", "request_id", "details", "title", "detail", "instance", "extensions")


def _pointer(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _body(document: dict[str, Any], case: dict[str, Any]) -> bytes | None:
    if "body" in case:
        return str(case["body"]).encode("utf-8")
    if "body-json" in case:
        return json.dumps(case["body-json"]).encode("utf-8")
    if "response" in case:
        return json.dumps(_pointer(document, case["response"]["$ref"])["value"]).encode("utf-8")
    return None


def vectors(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every documented example with an expectation: the extension's list, then the Example
    Objects of components/responses that carry ``x-expect`` (their status is the response's)."""
    for case in document["x-error-contract"].get("examples", []):
        yield {**case, "raw": _body(document, case)}
    for status, response in (document.get("components", {}).get("responses") or {}).items():
        for media in (response.get("content") or {}).values():
            for name, example in (media.get("examples") or {}).items():
                if "$ref" in example:
                    example = _pointer(document, example["$ref"])
                if "x-expect" in example:
                    yield {
                        "name": f"{status} {name}",
                        "source": example["x-source"],
                        "status": int(status),
                        "headers": {},
                        "expect": example["x-expect"],
                        "raw": json.dumps(example["value"]).encode("utf-8"),
                    }


def _cases() -> list[Any]:
    params = []
    for slug, path in sorted(SPECS.items()):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in vectors(document):
            params.append(pytest.param(slug, case, id=f"{slug}: {case['name']}"))
    return params


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ModuleType]]:
    """Each contract generated on its own into a scratch directory and imported."""
    root = tmp_path_factory.mktemp("contracts")
    loaded: dict[str, ModuleType] = {}
    sys.path.insert(0, str(root / "out"))
    try:
        for slug, path in sorted(SPECS.items()):
            specs = root / "specs" / slug
            specs.mkdir(parents=True)
            shutil.copy(path, specs / path.name)
            status = cli.main(
                [
                    "generate",
                    "--specs",
                    str(specs),
                    "--out",
                    str(root / "out" / slug),
                    "--no-cache",
                    "--jobs",
                    "1",
                    "--quiet",
                ]
            )
            assert status == 0, f"{path.name}: the generator rejected it"
            sys.path.insert(0, str(root / "out" / slug))
            loaded[slug] = importlib.import_module(slug)
        yield loaded
    finally:
        for name in [name for name in sys.modules if name.split(".")[0] in SPECS]:
            del sys.modules[name]
        sys.path[:] = [entry for entry in sys.path if not entry.startswith(str(root))]


@needs_v2
@pytest.mark.parametrize(("slug", "case"), _cases())
def test_documented_vector(slug: str, case: dict[str, Any], packages: dict[str, ModuleType]) -> None:
    package = packages[slug]
    expect = case["expect"]
    error = package.from_response(case["status"], case.get("headers", {}), case["raw"])
    assert type(error).__name__ == expect["class"]
    assert error.status == case["status"]
    assert error.content == (case["raw"] or b"")
    for name in expect.get("is-a", []):
        assert isinstance(error, getattr(package, name)), f"not a {name}"
    for key in ATTRIBUTES:
        if key in expect:
            assert getattr(error, key) == expect[key], key
    if "problems" in expect:
        assert [list(problem) for problem in error.problems] == expect["problems"]
    if "retryable" in expect:
        assert error.retryable is expect["retryable"]
    if "retry_after" in expect:
        assert error.retry_after == (
            None if expect["retry_after"] is None else pytest.approx(expect["retry_after"], abs=1e-3)
        )
    for step in expect.get("decisions", []):
        decision = package.DEFAULT_POLICY.decide(error, attempt=step["attempt"], method=step["method"])
        assert decision.retry is step["retry"], step
        if "delay" in step:
            assert decision.delay == pytest.approx(step["delay"], abs=1e-3), step


@pytest.mark.parametrize("slug", sorted(SPECS))
def test_every_documented_status_code_and_kind_has_a_vector(slug: str) -> None:
    """Every documented status, code and kind is shown by at least one vector."""
    document = yaml.safe_load(SPECS[slug].read_text(encoding="utf-8"))
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
    """A vector without a source is not documentation, and one naming a class no part of the
    spec defines can never pass: both are mistakes in the spec, found before generation."""
    document = yaml.safe_load(SPECS[slug].read_text(encoding="utf-8"))
    contract = document["x-error-contract"]
    defined = {contract["root-class"], "APIError", "ClientError", "ServerError"}
    defined |= {status_class_name(int(status)) for status in document.get("components", {}).get("responses", {})}
    for table in ("codes", "kinds"):
        defined |= {
            class_name_for_code(value, entry.get("class")) for value, entry in (contract.get(table) or {}).items()
        }
    for case in vectors(document):
        assert str(case.get("source") or "").strip(), f"{slug}: {case['name']!r} cites no source"
        for name in [case["expect"]["class"], *case["expect"].get("is-a", [])]:
            assert name in defined, f"{slug}: {case['name']!r} names {name}, which the spec does not define"
