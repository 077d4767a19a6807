"""Generated packages run on every Python from 3.9 to 3.13, not only the one running the tests.

For each other interpreter found (pyenv's ``~/.pyenv/versions/*/bin/python`` or
``python3.X`` on PATH), ``python_versions_driver.py`` runs in a subprocess with ``-I``
over a copy of the packages in a temporary directory: it imports every module, checks
every conformance vector (``vector_checks``) and runs the retry loops. Fails when fewer
than two supported interpreters besides the running one are found: a test that quietly
ran under none would prove nothing. The forms models.py takes for schemas the checked-in
specs may not use yet (aliases, keys that are not identifiers, optional keys) run there too.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GENERATED, VENDORS
from generator.emit.bodies import models_source

SUPPORTED = ((3, 9), (3, 10), (3, 11), (3, 12), (3, 13))
TESTS = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).with_name("python_versions_driver.py")


def _version(python: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run(
            [python, "-I", "-c", "import sys; print(*sys.version_info[:2])"], capture_output=True, text=True, timeout=20
        ).stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (int(out[0]), int(out[1])) if len(out) == 2 else None


def interpreters() -> dict[tuple[int, int], str]:
    """One interpreter per supported version other than the running one, by version."""
    candidates = sorted(str(p) for p in Path.home().glob(".pyenv/versions/*/bin/python"))
    candidates += [found for minor in range(9, 14) if (found := shutil.which(f"python3.{minor}"))]
    found: dict[tuple[int, int], str] = {}
    for python in candidates:
        version = _version(python)
        if version in SUPPORTED and version != sys.version_info[:2] and version not in found:
            found[version] = python
    return found


FOUND = interpreters()


def test_enough_interpreters_are_found() -> None:
    assert len(FOUND) >= 2, f"need two supported Pythons besides {sys.version_info[:2]}, found {sorted(FOUND)}"


@pytest.mark.parametrize("version", sorted(FOUND), ids=lambda v: f"{v[0]}.{v[1]}")
def test_packages_run_under(version: tuple[int, int], tmp_path: Path) -> None:
    for slug in VENDORS:
        shutil.copytree(GENERATED / slug, tmp_path / slug)
    for library in ("tenacity", "stamina"):  # pure Python, for the bridges (from 3.10)
        found = importlib.util.find_spec(library)
        assert found is not None and found.submodule_search_locations
        shutil.copytree(list(found.submodule_search_locations)[0], tmp_path / "_site" / library)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    result = subprocess.run(
        [FOUND[version], "-I", str(DRIVER), str(TESTS), str(tmp_path), *VENDORS],
        capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path,
    )
    assert result.returncode == 0, f"Python {version}:\n{result.stdout}{result.stderr}"
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == VENDORS, result.stdout
    ran = "kit, tenacity, stamina" if version >= (3, 10) else "kit"
    assert all(line.endswith(f"; {ran}") for line in result.stdout.splitlines()), result.stdout


def _object(required: list[str], **properties: object) -> dict[str, object]:
    return {"type": "object", "properties": properties, "required": required}


REF = {"$ref": "#/components/schemas/Full"}
# Every way a model's keys can be required or not, in class and functional (keys that are
# not identifiers) form, and aliases evaluated at import.
SCHEMAS: dict[str, object] = {
    "Full": _object(["a", "b"], a={"type": "string"}, b={"type": "integer"}),
    "Partial": _object([], a={"type": "string"}, b={"type": ["string", "null"]}),
    "Mixed": _object(["b"], a={"type": "string"}, b={"type": "integer"}, c={"type": "array", "items": REF}),
    "Keys": _object(["from"], **{"from": {"type": "string"}, "a-b": {"type": ["integer", "null"]}, "class": REF}),
    "Either": {"oneOf": [REF, {"$ref": "#/components/schemas/Mixed"}]},
    "Items": {"type": "array", "items": {"oneOf": [{"type": "string"}, {"type": "integer"}]}},
}
DESCRIBE = """
import json, sys
sys.path.insert(0, ".")  # -I leaves the working directory off the path
import forms_models as m
def keys(v): return [sorted(v.__required_keys__), sorted(v.__optional_keys__)]
models = {n: keys(v) for n, v in vars(m).items() if hasattr(v, "__required_keys__") and not n.startswith("_")}
aliases = {"Either": [a.__name__ for a in m.Either.__args__], "Items": repr(m.Items)}
print(json.dumps({"models": models, "aliases": aliases}, sort_keys=True))
"""


@pytest.mark.parametrize("python", [sys.executable, *(FOUND[v] for v in sorted(FOUND))])
def test_every_models_form_runs_with_its_required_keys(python: str, tmp_path: Path) -> None:
    (tmp_path / "forms_models.py").write_text(models_source(SCHEMAS), encoding="utf-8")
    result = subprocess.run([python, "-I", "-c", DESCRIBE], capture_output=True, text=True, timeout=30, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    expected = {
        name: [sorted(schema["required"]), sorted(set(schema["properties"]) - set(schema["required"]))]
        for name, schema in SCHEMAS.items()
        if isinstance(schema, dict) and "properties" in schema
    }
    described = json.loads(result.stdout)
    assert described["models"] == expected
    assert described["aliases"]["Either"] == ["Full", "Mixed"]
    assert described["aliases"]["Items"] in ("list[typing.Union[str, int]]", "list[str | int]")


def test_packages_and_models_forms_are_clean_under_mypy_for_the_oldest_python_it_checks(tmp_path: Path) -> None:
    """mypy no longer takes ``--python-version 3.9``; 3.10 is the oldest it checks (and
    has no ``typing.NotRequired``). ``test_packaging`` checks the packages for 3.11."""
    for slug in VENDORS:
        shutil.copytree(GENERATED / slug, tmp_path / slug)
    (tmp_path / "forms_models.py").write_text(models_source(SCHEMAS), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-site-packages",
         "--cache-dir", str(tmp_path / "cache"), *VENDORS, "forms_models.py"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
